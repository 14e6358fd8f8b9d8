/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-account.h"
#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-event.h"
#include "guichet-http-client.h"
#include "guichet-provider.h"
#include "guichet-remote-check-in.h"
#include "guichet-store.h"
#include "guichet-sync.h"

struct _GuichetSync
{
  GObject parent_instance;

  GuichetStore    *store;
  GuichetProvider *provider;

  double   fraction;
  char    *status;   /* as shown: the activity, or a wait */
  char    *activity; /* what the run does */
  GSource *waiting;  /* while a request waits: counts its status down */
  /* The wait shown (its provider's): its cause, the seconds left */
  GuichetHttpWait wait_reason;
  guint           wait_left;
  gint64          participants_written;
  gboolean        running;
  guint           check_ins_sent;
  guint           check_ins_refused;
};

G_DEFINE_FINAL_TYPE (GuichetSync, guichet_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_PROVIDER,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_PARTICIPANTS_WRITTEN,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One run. Participants go through a two-stage pipeline: while the store
 * writes (in its worker thread), the provider fetches (and parses, in its
 * own) the next pages. At most one write is in flight; up to MAX_PENDING
 * fetched pages wait for it, and when the writer is behind they go in one
 * transaction: each transaction rewrites the index pages it touches, so
 * fewer, larger ones write much less. The cursor of the last page goes in
 * the same transaction, so a killed run resumes after what was written.
 *
 * A large event's pages wait for one another even when the writer could
 * take them one at a time (guichet_sync_rows_per_transaction()). */
#define MAX_PENDING 16

/* A transaction writes a page of each index it touches. The names and
 * barcodes come in no order: the 500 rows of a page fall on 500 different
 * pages of the full-text and barcode indexes once those outgrow 500 of
 * their pages, and the cost of a row grows with the event (500 rows a
 * transaction: 41,226 rows/s at 100,000 participants, 24,940 at
 * 1,000,000, and 3.8 against 6.4 KiB written a row; build-aux/bench-store).
 * A transaction that grows with the event (a 128th of it, about as many
 * rows as the barcode index has pages) touches the same share of those
 * indexes at any size, and the pages written a row stay near flat (2.5
 * KiB at 100,000 in 1,000-row transactions, 2.4 at 1,000,000 in 8,000).
 * Waiting costs little: the provider fetches meanwhile, and a killed run
 * fetches those pages again. */
#define EVENT_SHARE_PER_TRANSACTION 128

guint
guichet_sync_rows_per_transaction (gint64 event_size)
{
  return (guint) CLAMP (event_size / EVENT_SHARE_PER_TRANSACTION, 1, G_MAXUINT);
}

typedef struct
{
  char      *event_id; /* requested, or NULL: all */
  char      *account_id;
  GPtrArray *events; /* the events to go through */
  guint      index;  /* into events */

  gint64                  generation;
  char                   *run_event_id; /* its participants' run, until it ends */
  gint64                  event_written;
  char                   *last_cursor;
  gboolean                fetching;
  gboolean                writing;
  gboolean                fetched_last;
  gboolean                all_full;
  GuichetParticipantPage *writing_page;
  GQueue                  pending; /* GuichetParticipantPage, fetched, to write */

  GError *error; /* the run failed; returned once idle */
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_pointer (&data->event_id, g_free);
  g_clear_pointer (&data->account_id, g_free);
  g_clear_pointer (&data->run_event_id, g_free);
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_clear_pointer (&data->last_cursor, g_free);
  g_clear_pointer (&data->writing_page, guichet_participant_page_free);
  g_queue_clear_full (&data->pending, (GDestroyNotify) guichet_participant_page_free);
  g_clear_error (&data->error);
  g_free (data);
}

static void
set_fraction (GuichetSync *self,
              double       fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);

  if (G_APPROX_VALUE (self->fraction, fraction, 0.0005))
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
show_status (GuichetSync *self,
             const char  *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
stop_waiting (GuichetSync *self)
{
  if (self->waiting == NULL)
    return;

  g_source_destroy (self->waiting);
  g_clear_pointer (&self->waiting, g_source_unref);
}

/* What the run does (NULL: the run ended). A new activity, as a page
 * that arrives, means that the request that waited went. */
static void
set_status (GuichetSync *self,
            const char  *status)
{
  g_free (self->activity);
  self->activity = g_strdup (status);
  stop_waiting (self);
  show_status (self, status);
}

/* Shows the activity again, if a wait was shown. */
static void
end_waiting (GuichetSync *self)
{
  if (self->waiting == NULL)
    return;

  stop_waiting (self);
  show_status (self, self->activity);
}

/* "Waiting 42 seconds…", for what the wait shown has left */
static void
show_waiting (GuichetSync *self)
{
  const char      *platform = guichet_provider_get_display_name (self->provider);
  g_autofree char *text = NULL;
  guint            seconds = self->wait_left;

  if (self->wait_reason == GUICHET_HTTP_WAIT_REQUEST_LIMIT)
    /* Translators: %u is a number of seconds, %s the platform ("Weezevent") */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Waiting %u second to stay within %s’s request limit…",
                                         "Waiting %u seconds to stay within %s’s request limit…",
                                         seconds),
                            seconds, platform);
  else
    /* Translators: %u is a number of seconds, %s the platform ("Weezevent") */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Waiting %u second, as %s asked…",
                                         "Waiting %u seconds, as %s asked…", seconds),
                            seconds, platform);
  show_status (self, text);
}

/* A second of the wait shown is over */
static gboolean
on_wait_tick (gpointer user_data)
{
  GuichetSync *self = user_data;

  if (--self->wait_left == 0)
    {
      end_waiting (self);
      return G_SOURCE_REMOVE;
    }
  show_waiting (self);
  return G_SOURCE_CONTINUE;
}

/* A request of the provider waits @seconds: a minute of "Downloading…"
 * with nothing coming would look like a hang. Shown, counted down, until
 * the request goes (a page, the next step) or, at the latest, when the
 * wait is over. */
static void
on_provider_waiting (GuichetProvider *provider,
                     guint            seconds,
                     GuichetHttpWait  reason,
                     gpointer         user_data)
{
  GuichetSync *self = user_data;

  if (!self->running || seconds == 0)
    return;

  stop_waiting (self);
  self->wait_reason = reason;
  self->wait_left = seconds;
  self->waiting = g_timeout_source_new (1000);
  g_source_set_static_name (self->waiting, "[guichet] sync waiting status");
  g_source_set_callback (self->waiting, on_wait_tick, self, NULL);
  g_source_attach (self->waiting, g_main_context_get_thread_default ());
  show_waiting (self);
}

static void
set_running (GuichetSync *self,
             gboolean     running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
add_participants_written (GuichetSync *self,
                          gint64       count)
{
  if (count == 0)
    return;

  self->participants_written += count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS_WRITTEN]);
}

static GuichetEvent *
current_event (RunData *data)
{
  g_assert (data->index < data->events->len);

  return g_ptr_array_index (data->events, data->index);
}

static const char *
event_label (GuichetEvent *event)
{
  const char *name = guichet_event_get_name (event);

  return (name != NULL && name[0] != '\0') ? name : guichet_event_get_id (event);
}

/* @progress: 0..1 within the current event. */
static void
update_fraction (GuichetSync *self,
                 RunData     *data,
                 double       progress)
{
  guint n = data->events->len;

  if (n == 0)
    return;

  set_fraction (self, (data->index + CLAMP (progress, 0.0, 1.0)) / n);
}

static double
participants_progress (RunData *data)
{
  gint64 expected = guichet_event_get_participant_count (current_event (data));

  if (expected > 0)
    return 0.1 + 0.9 * MIN (1.0, (double) data->event_written / expected);

  /* Unknown size: creep towards the end. */
  return 0.1 + 0.9 * (1.0 - 1.0 / (1.0 + data->event_written / 500.0));
}

static gboolean
is_not_supported (const GError *error)
{
  return g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED);
}

static void run_next_event (GTask *task);
static void maybe_write (GTask *task);

/* Completes the task when the run is over and nothing is in flight. */
static void
complete_if_idle (GTask *task)
{
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);

  if (data->fetching || data->writing)
    return;

  set_running (self, FALSE);

  if (data->error != NULL)
    {
      /* The run resumes from its cursor next time; meanwhile the store
       * puts back what it set aside for it (in its worker: not awaited). */
      if (data->run_event_id != NULL)
        guichet_store_stop_run_in_background (self->store, data->account_id, data->run_event_id);
      set_status (self, NULL);
      g_task_return_error (task, g_steal_pointer (&data->error));
    }
  else
    {
      set_fraction (self, 1.0);
      set_status (self, NULL);
      g_task_return_boolean (task, TRUE);
    }
}

/* @drop_pending: forget the fetched pages that wait for the writer (it
 * failed: writing later pages would skip the failed one's). Otherwise they
 * are still written: a page fetched is never lost to a later failure. */
static void
fail_full (GTask   *task,
           GError  *error,
           gboolean drop_pending)
{
  RunData *data = g_task_get_task_data (task);

  g_assert (error != NULL);

  if (data->error == NULL)
    {
      g_debug ("Sync failed: %s", error->message);
      data->error = error;
    }
  else
    {
      g_error_free (error);
    }

  if (drop_pending)
    g_queue_clear_full (&data->pending, (GDestroyNotify) guichet_participant_page_free);
  if (!data->writing && !g_queue_is_empty (&data->pending))
    maybe_write (task);
  complete_if_idle (task);
}

static void
fail (GTask  *task,
      GError *error)
{
  fail_full (task, error, TRUE);
}

static void
event_done (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->run_event_id, g_free);
  data->index++;
  run_next_event (task);
}

static void start_fetch (GTask      *task,
                         const char *cursor);
static void start_write (GTask                  *task,
                         GuichetParticipantPage *page);

/* Fetches the next page unless one is on its way, the last one came, or
 * enough wait for the writer already. */
static void
maybe_fetch (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (data->fetching || data->fetched_last || data->error != NULL ||
      data->pending.length >= MAX_PENDING)
    return;

  start_fetch (task, data->last_cursor);
}

/* The waiting pages, as one: their participants in order, the last cursor. */
static GuichetParticipantPage *
take_pending (RunData *data)
{
  GuichetParticipantPage *merged;
  GuichetParticipantPage *page;

  if (data->pending.length == 1)
    return g_queue_pop_head (&data->pending);

  merged = g_queue_pop_head (&data->pending);
  while ((page = g_queue_pop_head (&data->pending)) != NULL)
    {
      for (guint i = 0; i < page->participants->len; i++)
        g_ptr_array_add (merged->participants,
                         g_object_ref (g_ptr_array_index (page->participants, i)));
      g_free (merged->cursor);
      merged->cursor = g_steal_pointer (&page->cursor);
      merged->more = page->more;
      merged->full = merged->full && page->full;
      guichet_participant_page_free (page);
    }
  return merged;
}

/* The rows of the fetched pages that wait for the writer */
static guint
pending_rows (RunData *data)
{
  guint rows = 0;

  for (GList *l = data->pending.head; l != NULL; l = l->next)
    rows += ((GuichetParticipantPage *) l->data)->participants->len;
  return rows;
}

/* Writes the waiting pages, unless more can come and too few rows wait
 * for a transaction of this event's size. */
static void
maybe_write (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  gint64   event_size;

  if (data->writing || g_queue_is_empty (&data->pending))
    return;

  /* After a failed fetch, what came before it is still written. */
  event_size =
    MAX (guichet_event_get_participant_count (current_event (data)), data->event_written);
  if (data->error == NULL && !data->fetched_last && data->pending.length < MAX_PENDING &&
      pending_rows (data) < guichet_sync_rows_per_transaction (event_size))
    return;

  start_write (task, take_pending (data));
}

static void
on_full_sync_finished (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError  *error = NULL;

  data->writing = FALSE;

  if (!guichet_store_finish_full_sync_finish (GUICHET_STORE (object), result, &error))
    {
      fail (task, error);
      return;
    }

  event_done (task);
}

static void
on_participants_written (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GuichetStore *store = GUICHET_STORE (object);
  g_autoptr (GTask) task = user_data;
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);
  g_autoptr (GuichetParticipantPage) page = g_steal_pointer (&data->writing_page);
  GError *error = NULL;

  data->writing = FALSE;

  if (!guichet_store_write_run_page_finish (store, result, &error))
    {
      fail (task, error);
      return;
    }

  data->event_written += page->participants->len;
  add_participants_written (self, page->participants->len);

  if (data->error != NULL)
    {
      maybe_write (task);
      complete_if_idle (task);
      return;
    }

  update_fraction (self, data, participants_progress (data));

  if (!g_queue_is_empty (&data->pending))
    {
      maybe_write (task);
      maybe_fetch (task);
      return;
    }

  if (data->fetched_last && !data->fetching)
    {
      if (data->all_full)
        {
          /* One UPDATE over the whole event: in the store's worker. Not
           * cancellable: the last page already closed the run, so a
           * skipped finish would keep the removed participants until the
           * next full sync. */
          data->writing = TRUE;
          guichet_store_finish_full_sync_async (store, data->account_id,
                                                guichet_event_get_id (current_event (data)),
                                                data->generation, NULL, on_full_sync_finished,
                                                g_steal_pointer (&task));
          return;
        }

      event_done (task);
      return;
    }

  maybe_fetch (task);
}

static void
start_write (GTask                  *task,
             GuichetParticipantPage *page)
{
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);
  gboolean     more = page->more;

  g_assert (!data->writing);
  g_assert (data->writing_page == NULL);

  data->writing = TRUE;
  data->writing_page = page;
  /* Until the run's last page, the cursor keeps the run's generation: a
   * killed full run resumes with it, and its earlier pages stay "seen". */
  guichet_store_write_run_page_async (self->store, data->account_id,
                                      guichet_event_get_id (current_event (data)),
                                      page->participants, page->cursor, data->generation, !more,
                                      g_task_get_cancellable (task), on_participants_written,
                                      g_object_ref (task));
}

static void
on_participants_fetched (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (object);
  g_autoptr (GTask) task = user_data;
  RunData                *data = g_task_get_task_data (task);
  GuichetParticipantPage *page;
  GError                 *error = NULL;

  data->fetching = FALSE;
  end_waiting (g_task_get_source_object (task));

  page = guichet_provider_fetch_participants_finish (provider, result, &error);
  if (page == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                                     _("The provider returned no participants page."));

      if (is_not_supported (error) && data->event_written == 0 && !data->writing &&
          data->error == NULL)
        {
          /* The provider has no participants to offer: next event. */
          g_error_free (error);
          event_done (task);
          return;
        }

      fail_full (task, error, FALSE);
      return;
    }

  if (data->error != NULL)
    {
      guichet_participant_page_free (page);
      complete_if_idle (task);
      return;
    }

  if (page->participants == NULL)
    page->participants = g_ptr_array_new_with_free_func (g_object_unref);

  /* A page that asks for more but gives no new cursor would loop forever. */
  if (page->more && (page->cursor == NULL || g_strcmp0 (page->cursor, data->last_cursor) == 0))
    {
      guichet_participant_page_free (page);
      fail (task,
            g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                                 _("The provider sent the same page of participants twice.")));
      return;
    }

  g_free (data->last_cursor);
  data->last_cursor = g_strdup (page->cursor);

  if (!page->full)
    data->all_full = FALSE;
  if (!page->more)
    data->fetched_last = TRUE;

  g_queue_push_tail (&data->pending, page);
  /* Fetch the next page while this one is written. */
  maybe_write (task);
  maybe_fetch (task);
}

static void
start_fetch (GTask      *task,
             const char *cursor)
{
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);

  g_assert (!data->fetching);

  data->fetching = TRUE;
  guichet_provider_fetch_participants_async (self->provider,
                                             guichet_event_get_id (current_event (data)), cursor,
                                             g_task_get_cancellable (task), on_participants_fetched,
                                             g_object_ref (task));
}

static void
start_participants (GTask *task)
{
  GuichetSync     *self = g_task_get_source_object (task);
  RunData         *data = g_task_get_task_data (task);
  GuichetEvent    *event = current_event (data);
  g_autofree char *status = NULL;
  g_autofree char *cursor = NULL;

  /* Translators: %s is the name of an event */
  status = g_strdup_printf (_("Downloading participants of “%s”…"), event_label (event));
  set_status (self, status);
  update_fraction (self, data, 0.1);

  cursor = guichet_store_get_cursor (self->store, data->account_id, guichet_event_get_id (event));
  /* A run that was killed carries on with its generation. */
  data->generation = cursor != NULL
                       ? guichet_store_get_run_generation (self->store, data->account_id,
                                                           guichet_event_get_id (event))
                       : 0;
  if (data->generation == 0)
    data->generation = g_get_real_time ();
  else
    g_debug ("Resuming the sync run %" G_GINT64_FORMAT " of %s", data->generation,
             guichet_event_get_id (event));
  g_free (data->run_event_id);
  data->run_event_id = g_strdup (guichet_event_get_id (event));
  data->event_written = 0;
  data->fetched_last = FALSE;
  data->all_full = TRUE;
  g_clear_pointer (&data->last_cursor, g_free);
  data->last_cursor = g_strdup (cursor);

  start_fetch (task, cursor);
}

static void
on_categories_listed (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (object);
  g_autoptr (GTask) task = user_data;
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) roots = NULL;
  GError *error = NULL;

  roots = guichet_provider_list_categories_finish (provider, result, &error);
  if (error != NULL && !is_not_supported (error))
    {
      fail (task, error);
      return;
    }
  g_clear_error (&error);

  if (roots != NULL &&
      !guichet_store_save_categories (self->store, data->account_id,
                                      guichet_event_get_id (current_event (data)), roots, &error))
    {
      fail (task, error);
      return;
    }

  start_participants (task);
}

static void
start_categories (GTask *task)
{
  GuichetSync     *self = g_task_get_source_object (task);
  RunData         *data = g_task_get_task_data (task);
  GuichetEvent    *event = current_event (data);
  g_autofree char *status = NULL;

  /* Translators: %s is the name of an event */
  status = g_strdup_printf (_("Downloading ticket categories of “%s”…"), event_label (event));
  set_status (self, status);
  update_fraction (self, data, 0.05);

  guichet_provider_list_categories_async (self->provider, guichet_event_get_id (event),
                                          g_task_get_cancellable (task), on_categories_listed,
                                          g_object_ref (task));
}

static void
on_dates_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (object);
  g_autoptr (GTask) task = user_data;
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) dates = NULL;
  GError *error = NULL;

  dates = guichet_provider_list_dates_finish (provider, result, &error);
  if (error != NULL && !is_not_supported (error))
    {
      fail (task, error);
      return;
    }
  g_clear_error (&error);

  if (dates != NULL &&
      !guichet_store_save_dates (self->store, data->account_id,
                                 guichet_event_get_id (current_event (data)), dates, &error))
    {
      fail (task, error);
      return;
    }

  start_categories (task);
}

static void
run_next_event (GTask *task)
{
  GuichetSync  *self = g_task_get_source_object (task);
  RunData      *data = g_task_get_task_data (task);
  GuichetEvent *event;
  GError       *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return;
    }

  if (data->index >= data->events->len)
    {
      complete_if_idle (task);
      return;
    }

  event = current_event (data);
  update_fraction (self, data, 0.0);

  if (guichet_provider_can (self->provider, GUICHET_PROVIDER_CAN_DATES))
    {
      g_autofree char *status = NULL;

      /* Translators: %s is the name of an event */
      status = g_strdup_printf (_("Downloading the dates of “%s”…"), event_label (event));
      set_status (self, status);
      guichet_provider_list_dates_async (self->provider, guichet_event_get_id (event),
                                         g_task_get_cancellable (task), on_dates_listed,
                                         g_object_ref (task));
    }
  else
    {
      start_categories (task);
    }
}

static void
on_events_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (object);
  g_autoptr (GTask) task = user_data;
  GuichetSync *self = g_task_get_source_object (task);
  RunData     *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) events = NULL;
  GError *error = NULL;

  events = guichet_provider_list_events_finish (provider, result, &error);
  if (events == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                                     _("The provider returned no list of events."));
      fail (task, error);
      return;
    }

  if (!guichet_store_save_events (self->store, data->account_id, events, &error))
    {
      fail (task, error);
      return;
    }

  data->events = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < events->len; i++)
    {
      GuichetEvent *event = g_ptr_array_index (events, i);

      if (guichet_event_get_id (event) == NULL)
        continue;

      if (data->event_id == NULL || g_strcmp0 (guichet_event_get_id (event), data->event_id) == 0)
        g_ptr_array_add (data->events, g_object_ref (event));
    }

  if (data->event_id != NULL && data->events->len == 0)
    {
      GuichetAccount *account = guichet_provider_get_account (provider);

      fail (task, g_error_new (GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                               _("The event “%s” is not among the events of “%s”."), data->event_id,
                                 account ? guichet_account_get_name (account) : ""));
      return;
    }

  run_next_event (task);
}

static void
guichet_sync_dispose (GObject *object)
{
  GuichetSync *self = GUICHET_SYNC (object);

  stop_waiting (self);
  g_clear_object (&self->store);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (guichet_sync_parent_class)->dispose (object);
}

static void
guichet_sync_finalize (GObject *object)
{
  GuichetSync *self = GUICHET_SYNC (object);

  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->activity, g_free);

  G_OBJECT_CLASS (guichet_sync_parent_class)->finalize (object);
}

static void
guichet_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GuichetSync *self = GUICHET_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_PARTICIPANTS_WRITTEN:
      g_value_set_int64 (value, self->participants_written);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GuichetSync *self = GUICHET_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      if (self->provider != NULL)
        g_signal_connect_object (self->provider, "waiting", G_CALLBACK (on_provider_waiting), self,
                                 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_sync_class_init (GuichetSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_sync_dispose;
  object_class->finalize = guichet_sync_finalize;
  object_class->get_property = guichet_sync_get_property;
  object_class->set_property = guichet_sync_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GUICHET_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, GUICHET_TYPE_PROVIDER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PARTICIPANTS_WRITTEN] =
    g_param_spec_int64 ("participants-written", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_sync_init (GuichetSync *self)
{
}

GuichetSync *
guichet_sync_new (GuichetStore    *store,
                  GuichetProvider *provider)
{
  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (GUICHET_IS_PROVIDER (provider), NULL);

  return g_object_new (GUICHET_TYPE_SYNC, "store", store, "provider", provider, NULL);
}

double
guichet_sync_get_fraction (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), 0.0);

  return self->fraction;
}

const char *
guichet_sync_get_status (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), NULL);

  return self->status;
}

gboolean
guichet_sync_is_waiting (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), FALSE);

  return self->waiting != NULL;
}

gint64
guichet_sync_get_participants_written (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), 0);

  return self->participants_written;
}

gboolean
guichet_sync_get_running (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), FALSE);

  return self->running;
}

static void
list_events (GTask *task)
{
  GuichetSync *self = g_task_get_source_object (task);

  set_status (self, _("Downloading the list of events…"));
  guichet_provider_list_events_async (self->provider, g_task_get_cancellable (task),
                                      on_events_listed, task);
}

static void
on_check_ins_flushed (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GuichetSync *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  guint n_sent = 0, n_refused = 0;

  /* A check-in that cannot go out now stays queued: the sync goes on. */
  if (!guichet_remote_check_in_flush_finish (GUICHET_REMOTE_CHECK_IN (source), result, &n_sent,
                                             &n_refused, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not send the queued check-ins: %s", error->message);
  self->check_ins_sent = n_sent;
  self->check_ins_refused = n_refused;

  list_events (g_steal_pointer (&task));
}

/* Check-ins the last run sent to the provider, and those it refused
 * (conflicts, now in the journal). */
guint
guichet_sync_get_check_ins_sent (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), 0);

  return self->check_ins_sent;
}

guint
guichet_sync_get_check_ins_refused (GuichetSync *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), 0);

  return self->check_ins_refused;
}

void
guichet_sync_run_async (GuichetSync        *self,
                        const char         *event_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GuichetAccount *account;
  RunData        *data;

  g_return_if_fail (GUICHET_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_FAILED,
                               _("This account is already being synchronized."));
      return;
    }

  account = guichet_provider_get_account (self->provider);
  if (account == NULL || guichet_account_get_id (account) == NULL)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT,
                               _("The provider has no account to synchronize."));
      return;
    }

  data = g_new0 (RunData, 1);
  data->event_id = g_strdup (event_id);
  data->account_id = g_strdup (guichet_account_get_id (account));
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (self->participants_written != 0)
    {
      self->participants_written = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS_WRITTEN]);
    }
  set_fraction (self, 0.0);
  set_running (self, TRUE);
  self->check_ins_sent = 0;
  self->check_ins_refused = 0;

  /* Check-ins waiting for the provider go out first, at every sync. */
  if (guichet_provider_get_capabilities (self->provider) & GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN)
    {
      g_autoptr (GuichetRemoteCheckIn) remote =
        guichet_remote_check_in_new (self->store, self->provider);

      set_status (self, _("Sending the check-ins made offline…"));
      guichet_remote_check_in_flush_async (remote, data->account_id, cancellable,
                                           on_check_ins_flushed, g_steal_pointer (&task));
      return;
    }

  list_events (g_steal_pointer (&task));
}

gboolean
guichet_sync_run_finish (GuichetSync  *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_sync_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
