/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-remote-check-in"

#include "config.h"

#include "guichet-check-in.h"
#include "guichet-error.h"
#include "guichet-provider.h"
#include "guichet-remote-check-in.h"
#include "guichet-store.h"

struct _GuichetRemoteCheckIn
{
  GObject parent_instance;

  GuichetStore    *store;
  GuichetProvider *provider;
  guint            deadline_ms;
};

G_DEFINE_FINAL_TYPE (GuichetRemoteCheckIn, guichet_remote_check_in, G_TYPE_OBJECT)

static void
guichet_remote_check_in_dispose (GObject *object)
{
  GuichetRemoteCheckIn *self = GUICHET_REMOTE_CHECK_IN (object);

  g_clear_object (&self->store);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (guichet_remote_check_in_parent_class)->dispose (object);
}

static void
guichet_remote_check_in_class_init (GuichetRemoteCheckInClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = guichet_remote_check_in_dispose;
}

static void
guichet_remote_check_in_init (GuichetRemoteCheckIn *self)
{
  self->deadline_ms = GUICHET_REMOTE_CHECK_IN_DEADLINE_MS;
}

GuichetRemoteCheckIn *
guichet_remote_check_in_new (GuichetStore    *store,
                             GuichetProvider *provider)
{
  GuichetRemoteCheckIn *self;

  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (provider == NULL || GUICHET_IS_PROVIDER (provider), NULL);

  self = g_object_new (GUICHET_TYPE_REMOTE_CHECK_IN, NULL);
  self->store = g_object_ref (store);
  self->provider = provider ? g_object_ref (provider) : NULL;
  return self;
}

gboolean
guichet_remote_check_in_is_enabled (GuichetRemoteCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_REMOTE_CHECK_IN (self), FALSE);

  return self->provider != NULL && (guichet_provider_get_capabilities (self->provider) &
                                    GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN) != 0;
}

void
guichet_remote_check_in_set_deadline (GuichetRemoteCheckIn *self,
                                      guint                 deadline_ms)
{
  g_return_if_fail (GUICHET_IS_REMOTE_CHECK_IN (self));

  self->deadline_ms = deadline_ms;
}

/* The provider said no (the ticket is unknown there, or refused, or
 * checked in by someone else): a conflict. Anything else (network,
 * timeout, server, rate limit, credentials) may pass later. */
static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION) ||
         g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND) ||
         g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN);
}

/* ------------------------------------------------------------------------ */
/* The journal, in a worker thread                                          */

/* Each step writes the journal durably (a disk flush, and a wait when
 * another desk or process holds its lock): never on the caller's thread,
 * which at the door is the one that paints the next verdict. The entry's
 * own properties change on the caller's thread, when the step is done. */
typedef struct _JournalStep JournalStep;
typedef gboolean (*JournalStepFunc) (JournalStep *step,
                                     GError     **error);

struct _JournalStep
{
  JournalStepFunc run;
  GuichetStore   *store;
  gint64          id;
  gboolean        sent;          /* record: the provider took it */
  char           *refusal;       /* record: the provider's words, when it refused */
  gboolean        was_in_flight; /* in flight: out */
  char           *account_id;    /* list */
  GPtrArray      *entries;       /* list: out */
};

static void
journal_step_free (JournalStep *step)
{
  g_clear_object (&step->store);
  g_free (step->refusal);
  g_free (step->account_id);
  g_clear_pointer (&step->entries, g_ptr_array_unref);
  g_free (step);
}

static void
journal_step_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  JournalStep *step = task_data;
  GError      *error = NULL;
  gboolean     done = step->run (step, &error);

  /* Let go of the store in the worker, which may drop the task only after
   * its callback ran (see run_journal_step()). */
  g_clear_object (&step->store);
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs @step (its run function) in a worker thread; @callback finishes
 * with g_task_propagate_boolean(), the step being the task's data. */
static void
run_journal_step (GuichetRemoteCheckIn *self,
                  JournalStep          *step,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  /* No source object: a worker may drop the task after its callback ran,
   * and would then be the last to hold this object. */
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);

  step->store = g_object_ref (self->store);
  g_task_set_source_tag (task, run_journal_step);
  g_task_set_task_data (task, step, (GDestroyNotify) journal_step_free);
  g_task_run_in_thread (task, journal_step_thread);
}

static gboolean
mark_in_flight (JournalStep *step,
                GError     **error)
{
  return guichet_store_mark_check_in_in_flight (step->store, step->id, &step->was_in_flight, error);
}

static gboolean
record_answer (JournalStep *step,
               GError     **error)
{
  if (step->sent)
    return guichet_store_mark_check_in_synced (step->store, step->id, error);
  return guichet_store_mark_check_in_conflict (step->store, step->id, step->refusal, error);
}

static gboolean
list_pending (JournalStep *step,
              GError     **error)
{
  step->entries = guichet_store_list_pending_check_ins (step->store, step->account_id, error);
  return step->entries != NULL;
}

static JournalStep *
journal_step_new (JournalStepFunc run)
{
  JournalStep *step = g_new0 (JournalStep, 1);

  step->run = run;
  return step;
}

/* Records what the provider answered; finishes with where the entry
 * stands (record_finish). */
static void
record_async (GuichetRemoteCheckIn *self,
              GuichetCheckIn       *entry,
              gboolean              sent,
              const GError         *push_error,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  gint64       id = guichet_check_in_get_id (entry);
  JournalStep *step;

  if (!sent && (push_error == NULL || !is_refusal (push_error)))
    {
      /* Nothing to record: the task has no step. */
      g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);

      g_debug ("check-in %" G_GINT64_FORMAT " stays pending: %s", id,
               push_error ? push_error->message : "no answer");
      g_task_set_source_tag (task, run_journal_step);
      g_task_return_boolean (task, TRUE);
      return;
    }

  step = journal_step_new (record_answer);
  step->id = id;
  step->sent = sent;
  step->refusal = sent ? NULL : g_strdup (push_error->message);
  run_journal_step (self, step, callback, user_data);
}

/* Where @entry stands, now on it too; -1 with @error when the store failed. */
static int
record_finish (GAsyncResult   *result,
               GuichetCheckIn *entry,
               GError        **error)
{
  JournalStep *step = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return -1;
  if (step == NULL)
    return GUICHET_REMOTE_PENDING;
  if (step->sent)
    {
      g_object_set (entry, "synced", TRUE, "remote", GUICHET_REMOTE_SENT, NULL);
      return GUICHET_REMOTE_SENT;
    }
  g_object_set (entry, "remote", GUICHET_REMOTE_CONFLICT, "remote-message", step->refusal, NULL);
  return GUICHET_REMOTE_CONFLICT;
}

/* ------------------------------------------------------------------------ */
/* One attempt: in flight first, and asked before being sent again          */

static void
attempt_recorded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  int     state;

  state = record_finish (result, g_task_get_task_data (task), &error);
  if (state < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, state);
}

/* The attempt is over, @sent or not (@error: why not; taken, as @task is):
 * what the provider answered is recorded before it finishes. */
static void
attempt_end (GTask   *task,
             gboolean sent,
             GError  *error)
{
  record_async (g_task_get_source_object (task), g_task_get_task_data (task), sent, error,
                attempt_recorded_cb, task);
  g_clear_error (&error);
}

static void
attempt_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError  *error = NULL;
  gboolean sent;

  sent = guichet_provider_check_in_finish (GUICHET_PROVIDER (source), result, &error);
  attempt_end (user_data, sent, error);
}

static void
attempt_send (GTask *task)
{
  GuichetRemoteCheckIn *self = g_task_get_source_object (task);

  guichet_provider_check_in_async (self->provider, g_task_get_task_data (task),
                                   g_task_get_cancellable (task), attempt_sent_cb, task);
}

static void
attempt_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask   *task = user_data;
  GError  *error = NULL;
  gboolean found = FALSE;

  if (!guichet_provider_find_check_in_finish (GUICHET_PROVIDER (source), result, &found, &error))
    {
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED))
        {
          /* No look-up: sent again, as before; the platform's "already
           * checked in" and the journal's one "sent" keep it counted once. */
          g_error_free (error);
          attempt_send (task);
          return;
        }
      attempt_end (task, FALSE, error);
    }
  else if (found)
    {
      g_debug ("check-in %" G_GINT64_FORMAT " reached the platform earlier",
               guichet_check_in_get_id (g_task_get_task_data (task)));
      attempt_end (task, TRUE, NULL);
    }
  else
    attempt_send (task);
}

static void
attempt_in_flight_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask                *task = user_data;
  GuichetRemoteCheckIn *self = g_task_get_source_object (task);
  JournalStep          *step = g_task_get_task_data (G_TASK (result));
  GError               *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Not sent: nothing would say it might have been. */
      attempt_end (task, FALSE, error);
      return;
    }

  if (step->was_in_flight)
    guichet_provider_find_check_in_async (self->provider, g_task_get_task_data (task),
                                          g_task_get_cancellable (task), attempt_found_cb, task);
  else
    attempt_send (task);
}

/* Sends @entry to the provider once: "in flight" is journaled before the
 * request leaves; an entry that was already in flight is first looked up
 * at the platform, and one found there is sent (never posted twice).
 * Then what the provider answered is journaled, and on @entry: finishes
 * with where it stands (attempt_finish). */
static void
attempt_async (GuichetRemoteCheckIn *self,
               GuichetCheckIn       *entry,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  GTask       *task = g_task_new (self, cancellable, callback, user_data);
  JournalStep *step = journal_step_new (mark_in_flight);

  g_task_set_source_tag (task, attempt_async);
  g_task_set_task_data (task, g_object_ref (entry), g_object_unref);

  step->id = guichet_check_in_get_id (entry);
  run_journal_step (self, step, attempt_in_flight_cb, task);
}

/* The state @result returned (SENT, CONFLICT or PENDING), or
 * @on_error with @error. */
static int
propagate_state (GAsyncResult *result,
                 int           on_error,
                 GError      **error)
{
  GError *local_error = NULL;
  gssize  state = g_task_propagate_int (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return on_error;
    }
  return (int) state;
}

/* Where the entry stands; -1 with @error when the store failed. */
static int
attempt_finish (GAsyncResult *result,
                GError      **error)
{
  return propagate_state (result, -1, error);
}

/* ------------------------------------------------------------------------ */
/* One entry, by a deadline                                                 */

typedef struct
{
  GuichetCheckIn *entry;
  GSource        *deadline;
  gboolean        answered;
} PushData;

static void
push_data_free (PushData *data)
{
  g_clear_object (&data->entry);
  if (data->deadline != NULL)
    {
      g_source_destroy (data->deadline);
      g_source_unref (data->deadline);
    }
  g_free (data);
}

static gboolean
push_deadline_cb (gpointer user_data)
{
  GTask    *task = user_data;
  PushData *data = g_task_get_task_data (task);

  if (!data->answered)
    {
      /* The local verdict stands; the entry is pending in the journal. */
      data->answered = TRUE;
      g_task_return_int (task, GUICHET_REMOTE_PENDING);
    }

  return G_SOURCE_REMOVE;
}

static void
push_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  int state;

  state = attempt_finish (result, &error);

  /* (The deadline source holds the task: let it go.) */
  if (data->deadline != NULL)
    g_source_destroy (data->deadline);

  if (data->answered)
    return;
  data->answered = TRUE;

  if (state < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, state);
}

void
guichet_remote_check_in_push_async (GuichetRemoteCheckIn *self,
                                    GuichetCheckIn       *entry,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  PushData *data;

  g_return_if_fail (GUICHET_IS_REMOTE_CHECK_IN (self));
  g_return_if_fail (GUICHET_IS_CHECK_IN (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_remote_check_in_push_async);

  if (guichet_check_in_get_remote (entry) != GUICHET_REMOTE_PENDING ||
      !guichet_remote_check_in_is_enabled (self))
    {
      g_task_return_int (task, guichet_check_in_get_remote (entry));
      return;
    }

  data = g_new0 (PushData, 1);
  data->entry = g_object_ref (entry);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  data->deadline = g_timeout_source_new (self->deadline_ms);
  g_task_attach_source (task, data->deadline, push_deadline_cb);

  /* Not cancelled at the deadline: a late reply is still recorded (while
   * this process runs); without one, the entry goes out at the next flush. */
  attempt_async (self, entry, NULL, push_cb, g_steal_pointer (&task));
}

GuichetRemoteState
guichet_remote_check_in_push_finish (GuichetRemoteCheckIn *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), GUICHET_REMOTE_PENDING);

  return (GuichetRemoteState) propagate_state (result, GUICHET_REMOTE_PENDING, error);
}

/* ------------------------------------------------------------------------ */
/* Every pending entry                                                      */

typedef struct
{
  GPtrArray *entries;
  guint      next;
  guint      n_sent;
  guint      n_conflicts;
  guint      n_pending;
} FlushData;

static void
flush_data_free (FlushData *data)
{
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

static void flush_next (GTask *task);

static void
flush_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FlushData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  int state;

  state = attempt_finish (result, &error);
  if (state < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (state == GUICHET_REMOTE_PENDING)
    {
      /* Offline, or the server is in trouble: this one and the rest wait. */
      data->n_pending = data->entries->len - data->next;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (state == GUICHET_REMOTE_SENT)
    data->n_sent++;
  else
    data->n_conflicts++;
  data->next++;
  flush_next (g_steal_pointer (&task));
}

static void
flush_next (GTask *task)
{
  GuichetRemoteCheckIn *self = g_task_get_source_object (task);
  FlushData            *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (data->next >= data->entries->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  attempt_async (self, g_ptr_array_index (data->entries, data->next), g_task_get_cancellable (task),
                 flush_cb, task);
}

static void
flush_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  JournalStep *step = g_task_get_task_data (G_TASK (result));
  FlushData   *data = g_task_get_task_data (task);
  GError      *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->entries = g_steal_pointer (&step->entries);
  flush_next (g_steal_pointer (&task));
}

void
guichet_remote_check_in_flush_async (GuichetRemoteCheckIn *self,
                                     const char           *account_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  JournalStep *step;
  FlushData   *data;

  g_return_if_fail (GUICHET_IS_REMOTE_CHECK_IN (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_remote_check_in_flush_async);

  data = g_new0 (FlushData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) flush_data_free);

  if (!guichet_remote_check_in_is_enabled (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  step = journal_step_new (list_pending);
  step->account_id = g_strdup (account_id);
  run_journal_step (self, step, flush_listed_cb, g_steal_pointer (&task));
}

gboolean
guichet_remote_check_in_flush_finish (GuichetRemoteCheckIn *self,
                                      GAsyncResult         *result,
                                      guint                *n_sent,
                                      guint                *n_conflicts,
                                      guint                *n_pending,
                                      GError              **error)
{
  FlushData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_sent != NULL)
    *n_sent = data->n_sent;
  if (n_conflicts != NULL)
    *n_conflicts = data->n_conflicts;
  if (n_pending != NULL)
    *n_pending = data->n_pending;

  return g_task_propagate_boolean (G_TASK (result), error);
}
