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

/* Records what the provider answered; returns where the entry stands, or
 * -1 with @error when the store failed. */
static int
record (GuichetRemoteCheckIn *self,
        GuichetCheckIn       *entry,
        gboolean              sent,
        const GError         *push_error,
        GError              **error)
{
  gint64 id = guichet_check_in_get_id (entry);

  if (sent)
    {
      if (!guichet_store_mark_check_in_synced (self->store, id, error))
        return -1;
      g_object_set (entry, "synced", TRUE, "remote", GUICHET_REMOTE_SENT, NULL);
      return GUICHET_REMOTE_SENT;
    }

  if (push_error != NULL && is_refusal (push_error))
    {
      if (!guichet_store_mark_check_in_conflict (self->store, id, push_error->message, error))
        return -1;
      g_object_set (entry, "remote", GUICHET_REMOTE_CONFLICT, "remote-message", push_error->message,
                    NULL);
      return GUICHET_REMOTE_CONFLICT;
    }

  g_debug ("check-in %" G_GINT64_FORMAT " stays pending: %s", id,
           push_error ? push_error->message : "no answer");
  return GUICHET_REMOTE_PENDING;
}

/* ------------------------------------------------------------------------ */
/* One attempt: in flight first, and asked before being sent again          */

static void
attempt_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (guichet_provider_check_in_finish (GUICHET_PROVIDER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
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
      g_task_return_error (task, error);
    }
  else if (found)
    {
      g_debug ("check-in %" G_GINT64_FORMAT " reached the platform earlier",
               guichet_check_in_get_id (g_task_get_task_data (task)));
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      attempt_send (task);
      return;
    }
  g_object_unref (task);
}

/* Sends @entry to the provider once: "in flight" is journaled before the
 * request leaves; an entry that was already in flight is first looked up
 * at the platform, and one found there is sent (never posted twice).
 * Finishes like guichet_provider_check_in_finish. */
static void
attempt_async (GuichetRemoteCheckIn *self,
               GuichetCheckIn       *entry,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  GTask   *task = g_task_new (self, cancellable, callback, user_data);
  GError  *error = NULL;
  gboolean was_in_flight = FALSE;

  g_task_set_source_tag (task, attempt_async);
  g_task_set_task_data (task, g_object_ref (entry), g_object_unref);

  if (!guichet_store_mark_check_in_in_flight (self->store, guichet_check_in_get_id (entry),
                                              &was_in_flight, &error))
    {
      /* Not sent: nothing would say it might have been. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (was_in_flight)
    guichet_provider_find_check_in_async (self->provider, entry, cancellable, attempt_found_cb,
                                          task);
  else
    attempt_send (task);
}

static gboolean
attempt_finish (GuichetRemoteCheckIn *self,
                GAsyncResult         *result,
                GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
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
  GuichetRemoteCheckIn *self = g_task_get_source_object (task);
  PushData             *data = g_task_get_task_data (task);
  g_autoptr (GError) push_error = NULL;
  g_autoptr (GError) error = NULL;
  gboolean sent;
  int      state;

  sent = attempt_finish (self, result, &push_error);
  state = record (self, data->entry, sent, push_error, &error);

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
  GError *local_error = NULL;
  gssize  state;

  g_return_val_if_fail (g_task_is_valid (result, self), GUICHET_REMOTE_PENDING);

  state = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return GUICHET_REMOTE_PENDING;
    }
  return (GuichetRemoteState) state;
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
  GuichetRemoteCheckIn *self = g_task_get_source_object (task);
  FlushData            *data = g_task_get_task_data (task);
  GuichetCheckIn       *entry = g_ptr_array_index (data->entries, data->next);
  g_autoptr (GError) push_error = NULL;
  g_autoptr (GError) error = NULL;
  gboolean sent;
  int      state;

  sent = attempt_finish (self, result, &push_error);
  state = record (self, entry, sent, push_error, &error);
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

void
guichet_remote_check_in_flush_async (GuichetRemoteCheckIn *self,
                                     const char           *account_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  FlushData *data;

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

  data->entries = guichet_store_list_pending_check_ins (self->store, account_id, &error);
  if (data->entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  flush_next (g_steal_pointer (&task));
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
