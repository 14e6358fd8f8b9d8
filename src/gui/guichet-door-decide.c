/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page-private.h"

/* The door page: deciding scans and counting check-ins, in worker threads. */

static void
door_job_free (DoorJob *job)
{
  g_clear_object (&job->door);
  g_clear_object (&job->store);
  g_free (job->account_id);
  g_free (job->event_id);
  g_free (job->code);
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_object (&job->check_in);
  g_clear_object (&job->participant);
  g_free (job->previous_desk);
  g_strfreev (job->gates);
  g_strfreev (job->important);
  g_strfreev (job->answers);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DoorJob, door_job_free)

static DoorJob *
door_job_new (GuichetDoorPage *self,
              const char      *code)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  DoorJob      *job = g_new0 (DoorJob, 1);

  job->door = self->door ? g_object_ref (self->door) : NULL;
  job->store = g_object_ref (guichet_page_get_store (GUICHET_PAGE (self)));
  job->account_id = g_strdup (guichet_event_get_account_id (event));
  job->event_id = g_strdup (guichet_event_get_id (event));
  job->code = g_strdup (code);
  job->gates = self->gates && self->gates[0] ? g_strdupv (self->gates) : NULL;
  job->important = self->important ? g_strdupv (self->important) : NULL;
  job->gate_in = job->gate_expected = -1;
  job->direction =
    gtk_toggle_button_get_active (self->exit_button) ? GUICHET_DIRECTION_OUT : GUICHET_DIRECTION_IN;
  return job;
}

/* Worker thread: the decision is a durable write that may wait on other
 * writers; the counters read the journal. Nothing here touches widgets. */
static void
door_job_run (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DoorJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pending = NULL;

  if (job->found != NULL)
    {
      for (guint i = 0; i < job->found->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (job->found, i);
          g_autoptr (GPtrArray) one = g_ptr_array_new ();
          g_autoptr (GError) write_error = NULL;

          if (guichet_participant_get_event_id (p) == NULL)
            g_object_set (p, "event-id", job->event_id, NULL);
          g_ptr_array_add (one, p);
          if (!guichet_store_write_participants (job->store, job->account_id,
                                                 guichet_participant_get_event_id (p), one, NULL, 0,
                                                 &write_error))
            g_debug ("Cannot keep the looked-up ticket: %s", write_error->message);
        }
    }

  if (job->undo)
    {
      job->check_in = guichet_door_undo (job->door, job->code, &error);
      if (job->check_in == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (job->decide)
    {
      job->check_in =
        guichet_door_scan (job->door, job->code, job->direction, &job->participant, &error);
      if (job->check_in == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (job->participant != NULL)
        job->answers =
          guichet_door_important_answers (job->participant, (const char * const *) job->important);
      if (guichet_check_in_get_verdict (job->check_in) == GUICHET_VERDICT_ALREADY_CHECKED_IN)
        {
          GuichetCheckIn *previous = guichet_door_get_last_conflict (job->door);

          if (previous != NULL)
            {
              job->previous_time = guichet_check_in_get_time (previous);
              job->previous_desk = g_strdup (guichet_check_in_get_desk (previous));
            }
        }
    }

  /* The verdict shows first; the counters follow in a job of their own
   * (at a million participants, counting takes longer than deciding). */
  if (job->decide || job->undo)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  job->checked_in =
    guichet_store_count_checked_in (job->store, job->account_id, job->event_id, NULL);
  job->expected =
    guichet_store_count_participants (job->store, job->account_id, job->event_id, NULL);
  if (job->gates != NULL && !guichet_store_count_gate (job->store, job->account_id, job->event_id,
                                                       (const char * const *) job->gates,
                                                       &job->gate_in, &job->gate_expected, &error))
    g_debug ("%s", error->message);
  job->journal_version = guichet_store_get_journal_version (job->store);
  pending = guichet_store_list_pending_check_ins (job->store, job->account_id, NULL);
  job->pending = pending ? pending->len : 0;
  job->conflicts = MAX (0, guichet_store_count_check_in_conflicts (job->store, job->account_id,
                                                                   job->event_id, NULL));

  g_task_return_boolean (task, TRUE);
}

/* Counters and connection */

static void
show_counts (GuichetDoorPage *self,
             DoorJob         *job)
{
  g_autofree char *counter = NULL;
  g_autofree char *status = NULL;
  const GError    *sync_error =
    self->sync_state ? guichet_sync_state_get_error (self->sync_state) : NULL;
  gboolean offline =
    sync_error != NULL && (g_error_matches (sync_error, GUICHET_ERROR, GUICHET_ERROR_NETWORK) ||
                           g_error_matches (sync_error, GUICHET_ERROR, GUICHET_ERROR_TIMEOUT));

  if (job->checked_in >= 0 && job->expected >= 0)
    /* Translators: people in, of people expected, at the door */
    counter = g_strdup_printf (_("%lld of %lld checked in"), (long long) job->checked_in,
                                 (long long) job->expected);
  if (counter != NULL && job->gate_in >= 0 && job->gate_expected >= 0)
    {
      g_autofree char *total = g_steal_pointer (&counter);

      /* Translators: the event's total, then this gate's people in, of
       * its ticket types' people expected */
      counter = g_strdup_printf (_("%s · This gate: %lld of %lld"), total, (long long) job->gate_in,
                                   (long long) job->gate_expected);
    }
  if (job->journal_version >= 0)
    self->journal_version = job->journal_version;
  gtk_label_set_label (self->counter_label, counter ? counter : "");

  /* Translators: the door's connection; then how many check-ins wait to
   * reach the platform, and how many it refused */
  status = g_strdup_printf (_("%s · %u queued · %u conflicts"),
                              offline ? _("Offline") : _("Online"), job->pending, job->conflicts);
  if (self->serial != NULL)
    {
      g_autofree char *s = g_steal_pointer (&status);

      status = g_strdup_printf ("%s · %s", s,
                                guichet_serial_scanner_get_connected (self->serial)
                                ? _("Serial scanner connected")
                                : _("Serial scanner not found"));
    }
  gtk_label_set_label (self->status_label, status);
}

/* Counts come back a few milliseconds after the verdict's frame. Shown
 * at once, they cost two more frames (theirs, then the window's leaflet
 * restyling its border after the new layout: libadwaita 1.2 sets the
 * classes of its AdwGizmo at every allocation), and a scan in the next
 * ~50 ms found the frame clock running and waited for its next slot
 * (bench-door-window at a scan every 50 ms: 8 ms p50 from the verdict
 * to its frame, against under 1 at a door's pace). So counts wait for
 * the next verdict's frame, or COUNTS_HELD_MS without a scan (the held
 * task keeps the page alive that long at most; dispose drops both). */
#define COUNTS_HELD_MS 200

void
_guichet_door_page_show_held_counts (GuichetDoorPage *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->counts_held);

  g_clear_handle_id (&self->counts_held_id, g_source_remove);
  if (task != NULL)
    show_counts (self, g_task_get_task_data (task));
}

static gboolean
counts_held_over (gpointer user_data)
{
  GuichetDoorPage *self = user_data;

  self->counts_held_id = 0;
  _guichet_door_page_show_held_counts (self);
  return G_SOURCE_REMOVE;
}

static void
counts_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  gboolean         counted = g_task_propagate_boolean (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->counting = FALSE;
  if (counted)
    {
      g_set_object (&self->counts_held, G_TASK (result));
      if (self->counts_held_id == 0)
        self->counts_held_id = g_timeout_add (COUNTS_HELD_MS, counts_held_over, self);
    }
  if (self->count_again)
    _guichet_door_page_refresh_counts (self);
}

void
_guichet_door_page_refresh_counts (GuichetDoorPage *self)
{
  g_autoptr (GTask) task = NULL;

  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL ||
      guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
    return;
  /* One at a time: scans in a row ask for one more count, not one each. */
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->count_again = FALSE;
  task = g_task_new (self, self->cancellable, counts_done, NULL);
  g_task_set_source_tag (task, _guichet_door_page_refresh_counts);
  g_task_set_task_data (task, door_job_new (self, NULL), (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, door_job_run);
}

/* The verdict */

static void
push_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GuichetDoorPage) self = user_data;
  g_autoptr (GError) error = NULL;
  GuichetRemoteState state;

  state = guichet_remote_check_in_push_finish (GUICHET_REMOTE_CHECK_IN (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
  else if (state == GUICHET_REMOTE_CONFLICT)
    guichet_page_add_toast (GUICHET_PAGE (self),
                            adw_toast_new (
                              _("The platform refused a check-in: it is on the conflict list")));
  _guichet_door_page_refresh_counts (self);
}

/* What follows a verdict, once it is painted: the counters, and the push
 * of an admission to the platform. Started at once, their first steps and
 * callbacks (each at the main loop's default priority, ahead of the
 * frame's) held the verdict's frame back by a millisecond or more. */
static void
after_verdict_run (GuichetDoorPage *self)
{
  g_autoptr (GPtrArray) to_push = g_steal_pointer (&self->to_push);

  _guichet_door_page_unwatch_paint (self);
  _guichet_door_page_refresh_counts (self);
  for (guint i = 0; self->remote != NULL && to_push != NULL && i < to_push->len; i++)
    guichet_remote_check_in_push_async (self->remote, g_ptr_array_index (to_push, i),
                                        self->cancellable, push_done, g_object_ref (self));
}

static void
verdict_painted (GdkFrameClock   *clock,
                 GuichetDoorPage *self)
{
  after_verdict_run (self);
}

static gboolean
verdict_not_painted (gpointer user_data)
{
  GuichetDoorPage *self = user_data;

  self->after_verdict_id = 0;
  after_verdict_run (self);
  return G_SOURCE_REMOVE;
}

static void
after_verdict (GuichetDoorPage *self,
               GuichetCheckIn  *check_in)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->verdict_box);

  if (self->remote != NULL && guichet_check_in_get_remote (check_in) == GUICHET_REMOTE_PENDING)
    {
      if (self->to_push == NULL)
        self->to_push = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->to_push, g_object_ref (check_in));
    }
  if (self->after_verdict_id != 0)
    return; /* the frame to come shows this verdict too */

  /* At the end of the next frame; or soon, when none comes (the page
   * not shown). */
  if (clock != NULL)
    {
      self->verdict_clock = g_object_ref (clock);
      g_signal_connect (clock, "after-paint", G_CALLBACK (verdict_painted), self);
    }
  self->after_verdict_id =
    g_timeout_add (clock != NULL ? AFTER_VERDICT_WAIT_MS : 0, verdict_not_painted, self);
}

void
_guichet_door_page_unwatch_paint (GuichetDoorPage *self)
{
  g_clear_handle_id (&self->after_verdict_id, g_source_remove);
  if (self->verdict_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->verdict_clock, verdict_painted, self);
  g_clear_object (&self->verdict_clock);
}

/* A decision came back from the worker: show it, then go on. FALSE when
 * the page is going away. */
static gboolean
decided (GuichetDoorPage *self,
         DoorJob         *job,
         GError          *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  self->deciding = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return FALSE;

  if (error != NULL)
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
  else
    {
      _guichet_door_page_show_verdict (self, job);
      guichet_door_timing_shown (self->timing, self->verdict_box, job->code);
      after_verdict (self, job->check_in);
    }
  _guichet_door_page_process_next (self);
  return TRUE;
}

static void
decide_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  decided (GUICHET_DOOR_PAGE (source), g_task_get_task_data (G_TASK (result)), error);
}

static void
decide (GuichetDoorPage *self,
        DoorJob         *job)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, decide_done, NULL);

  g_task_set_source_tag (task, decide);
  job->decide = TRUE;
  g_task_set_task_data (task, job, (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, door_job_run);
}

typedef struct
{
  GuichetDoorPage *self;
  DoorJob         *job;
  GCancellable    *cancellable;
  guint            timeout_id;
} LookUp;

static gboolean
look_up_deadline (gpointer user_data)
{
  LookUp *look_up = user_data;

  look_up->timeout_id = 0;
  g_cancellable_cancel (look_up->cancellable);
  return G_SOURCE_REMOVE;
}

static void
look_up_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookUp *look_up = user_data;
  g_autoptr (GuichetDoorPage) self = look_up->self;
  DoorJob *job = look_up->job;
  g_autoptr (GError) error = NULL;

  job->found = guichet_provider_find_code_finish (GUICHET_PROVIDER (source), result, &error);
  g_clear_handle_id (&look_up->timeout_id, g_source_remove);
  g_clear_object (&look_up->cancellable);
  g_free (look_up);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      door_job_free (job);
      return;
    }
  if (error != NULL && !g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED))
    g_debug ("No look-up of %s: %s", job->code, error->message);
  decide (self, job);
}

/* A code the cache does not know may be a ticket sold since the last sync:
 * where the platform can look codes up, ask it within the door's deadline,
 * and decide on what it found. Worker thread: is the code known? */
static void
known_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  DoorJob         *job = task_data;
  g_autofree char *code = guichet_door_normalize_code (job->code);
  g_autoptr (GuichetParticipant) known = NULL;

  if (code != NULL && job->may_look_up)
    {
      known = guichet_store_find_participant_by_barcode (job->store, job->account_id, job->event_id,
                                                         code, NULL);
      if (known == NULL)
        known = guichet_store_find_barcode_elsewhere (job->store, job->account_id, job->event_id,
                                                      code, NULL);
      if (known == NULL)
        {
          /* Back to the main thread, to ask the platform. */
          g_task_return_boolean (task, FALSE);
          return;
        }
    }

  /* Nothing to ask: decide in this same thread, one hop less before the
   * verdict shows. */
  job->decide = TRUE;
  door_job_run (task, source_object, task_data, cancellable);
}

static void
known_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  DoorJob         *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  LookUp          *look_up;
  gboolean         known;

  known = g_task_propagate_boolean (G_TASK (result), &error);
  if (job->decide)
    {
      /* Decided in the worker: nothing to ask the platform. */
      decided (self, job, error);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* The job goes on after this task: a copy of it, with the task's
   * emptied (its free function then frees nothing). */
  job = g_memdup2 (job, sizeof *job);
  memset (g_task_get_task_data (G_TASK (result)), 0, sizeof *job);

  if (known || self->provider == NULL)
    {
      decide (self, job);
      return;
    }

  code = guichet_door_normalize_code (job->code);
  look_up = g_new0 (LookUp, 1);
  look_up->self = g_object_ref (self);
  look_up->job = job;
  look_up->cancellable = g_cancellable_new ();
  look_up->timeout_id =
    g_timeout_add (GUICHET_REMOTE_CHECK_IN_DEADLINE_MS, look_up_deadline, look_up);
  guichet_provider_find_code_async (self->provider, code, look_up->cancellable, look_up_done,
                                    look_up);
}

/* The desk the journal names: Preferences' name as it is now (it may
 * change while the door is open), else the host name. */
const char *
_guichet_door_page_get_desk (GuichetDoorPage *self)
{
  GuichetSession *session = guichet_page_get_session (GUICHET_PAGE (self));
  const char     *desk = session ? guichet_session_get_desk_name (session) : NULL;

  return desk != NULL && desk[0] != '\0' ? desk : g_get_host_name ();
}

void
_guichet_door_page_process_next (GuichetDoorPage *self)
{
  g_autofree char *code = NULL;
  g_autoptr (GTask) task = NULL;
  DoorJob *job;

  if (self->deciding || self->door == NULL)
    return;
  code = g_queue_pop_head (&self->queue);
  if (code == NULL)
    return;

  self->deciding = TRUE;
  guichet_door_set_desk (self->door, _guichet_door_page_get_desk (self));
  job = door_job_new (self, code);
  job->may_look_up = self->provider != NULL;
  if (job->direction == GUICHET_DIRECTION_OUT)
    {
      decide (self, job);
      return;
    }
  task = g_task_new (self, self->cancellable, known_done, NULL);
  g_task_set_source_tag (task, _guichet_door_page_process_next);
  g_task_set_task_data (task, job, (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, known_run);
}

/* @key_time: the windowing system's time of the key that ended a
 * scanner's burst, or 0. */
void
_guichet_door_page_take_code (GuichetDoorPage *self,
                              const char      *code,
                              guint32          key_time)
{
  if (self->door == NULL)
    {
      guichet_page_add_toast (GUICHET_PAGE (self),
                              adw_toast_new (_("Choose an event before scanning")));
      return;
    }
  g_queue_push_tail (&self->queue, g_strdup (code));
  guichet_door_timing_taken (self->timing, code, key_time);
  _guichet_door_page_process_next (self);
}

void
guichet_door_page_scan (GuichetDoorPage *self,
                        const char      *code)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));
  g_return_if_fail (code != NULL);

  _guichet_door_page_take_code (self, code, 0);
}

/* Undo */

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  DoorJob         *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (LastScan) scan = user_data;
  g_autoptr (GError) error = NULL;
  gboolean done;

  done = g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  scan->undoing = FALSE;
  if (!done)
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
  else
    {
      g_autofree char *text = NULL;

      scan->undone = TRUE;
      /* Translators: %s is a ticket code */
      text = g_strdup_printf (_("Admission of %s annulled"), job->code);
      guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (text));
      _guichet_door_page_refresh_counts (self);
    }
  _guichet_door_page_show_last_scan (self, scan);
}

/* Annuls this desk's admission that @scan shows. */
void
_guichet_door_page_undo (GuichetDoorPage *self,
                         LastScan        *scan)
{
  g_autoptr (GTask) task = NULL;
  DoorJob *job;

  if (self->door == NULL || scan->code == NULL)
    return;
  job = door_job_new (self, scan->code);
  job->undo = TRUE;
  scan->undoing = TRUE;
  _guichet_door_page_show_last_scan (self, scan);
  task = g_task_new (self, self->cancellable, undo_done, _guichet_last_scan_ref (scan));
  g_task_set_source_tag (task, _guichet_door_page_undo);
  g_task_set_task_data (task, job, (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, door_job_run);
}

/* Manual entry and search */
