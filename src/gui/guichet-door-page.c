/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page.h"
#include "guichet-door-timing.h"
#include "guichet-scan-capture.h"

/* How many scans the "Last Scans" list keeps. */
#define MAX_LAST_SCANS 30
#define MAX_RESULTS 20
#define SOUND_PREFIX "/io/github/guichet/Guichet/sounds/"

struct _GuichetDoorPage
{
  GuichetPage           parent_instance;

  GtkWidget            *toolbar;
  GtkDropDown          *date_dropdown;
  GtkMenuButton        *gate_button;
  GtkBox               *gate_box;
  GtkToggleButton      *exit_button;
  GtkMenuButton        *questions_button;
  GtkBox               *questions_box;
  GtkLabel             *status_label;
  GtkWidget            *verdict_box;
  GtkImage             *verdict_icon;
  GtkLabel             *verdict_label;
  GtkLabel             *holder_label;
  GtkLabel             *detail_label;
  GtkLabel             *counter_label;
  GtkEntry             *code_entry;
  GtkSearchEntry       *search_entry;
  GtkListBox           *result_list;
  GtkListBox           *scan_list;

  GuichetScanCapture   *capture;
  GSettings            *settings;      /* the application's, or NULL */
  GuichetSerialScanner *serial;        /* while shown, when one is set */
  GCancellable         *cancellable;   /* cancelled in dispose */
  GuichetDoor          *door;          /* remade when event, date or gates change */
  GuichetProvider      *provider;      /* NULL until signed in, or offline */
  GuichetRemoteCheckIn *remote;        /* NULL without remote check-in */
  GuichetSyncState     *sync_state;
  GQueue                queue;         /* codes (char *) waiting, in order */
  gboolean              deciding;
  gboolean              counting;      /* a counters job is out */
  gboolean              count_again;   /* ... and another was asked meanwhile */
  guint                 search_serial;
  GuichetDoorTiming    *timing;        /* for build-aux/bench, or NULL */

  char                 *event_id;      /* the event the pickers were filled for */
  char                 *date_id;
  GStrv                 gates;
  GPtrArray            *date_ids;      /* index in the dropdown - 1 -> id */
  GPtrArray            *gate_checks;   /* GtkCheckButton, ticket type id as data */
  GPtrArray            *question_checks; /* GtkCheckButton, question label as data */
  GStrv                 important;     /* the event's important questions */
  guint                 questions_serial;
  gboolean              updating_pickers;

  char                 *last_verdict;
  gboolean              sound;         /* play the verdict sounds */
  const char           *last_sound;    /* resource of the last verdict's, or NULL */
  GHashTable           *sounds;        /* resource -> GtkMediaStream */
  gint64                journal_version; /* as the counters last read it */
  guint                 journal_poll_id;
  gboolean              polling;
  gboolean              door_mode;
  guint                 n_verdicts;
};

G_DEFINE_FINAL_TYPE (GuichetDoorPage, guichet_door_page, GUICHET_TYPE_PAGE)

enum {
  PROP_0,
  PROP_DOOR_MODE,
  PROP_LAST_VERDICT,
  PROP_SOUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void process_next (GuichetDoorPage *self);
static void refresh_counts (GuichetDoorPage *self);

/* What one decision (or a refresh of the counters) brings back from the
 * worker thread. */
typedef struct
{
  GuichetDoor        *door;
  GuichetStore       *store;
  char               *account_id;
  char               *event_id;
  char               *code;
  GuichetDirection    direction;
  GPtrArray          *found;        /* looked up on the platform, to keep first */
  gboolean            may_look_up;  /* an unknown code may be asked of the platform */
  gboolean            decide;       /* FALSE: only the counters */
  gboolean            undo;

  GuichetCheckIn     *check_in;
  GuichetParticipant *participant;
  gint64              previous_time;
  char               *previous_desk;
  GStrv               gates;        /* the gate's ticket types, or NULL */
  GStrv               important;    /* the important questions' labels */
  GStrv               answers;      /* the holder's answers to them */
  gint64              checked_in;
  gint64              expected;
  gint64              gate_in;      /* -1 without a gate */
  gint64              gate_expected;
  gint64              journal_version;
  guint               pending;
  guint               conflicts;
} DoorJob;

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
  DoorJob *job = g_new0 (DoorJob, 1);

  job->door = self->door ? g_object_ref (self->door) : NULL;
  job->store = g_object_ref (guichet_page_get_store (GUICHET_PAGE (self)));
  job->account_id = g_strdup (guichet_event_get_account_id (event));
  job->event_id = g_strdup (guichet_event_get_id (event));
  job->code = g_strdup (code);
  job->gates = self->gates && self->gates[0] ? g_strdupv (self->gates) : NULL;
  job->important = self->important ? g_strdupv (self->important) : NULL;
  job->gate_in = job->gate_expected = -1;
  job->direction = gtk_toggle_button_get_active (self->exit_button) ? GUICHET_DIRECTION_OUT
                                                                     : GUICHET_DIRECTION_IN;
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  if (job->found != NULL)
    {
      for (guint i = 0; i < job->found->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (job->found, i);
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_autoptr(GError) write_error = NULL;

          if (guichet_participant_get_event_id (p) == NULL)
            g_object_set (p, "event-id", job->event_id, NULL);
          g_ptr_array_add (one, p);
          if (!guichet_store_write_participants (job->store, job->account_id,
                                                 guichet_participant_get_event_id (p),
                                                 one, NULL, 0, &write_error))
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
      job->check_in = guichet_door_scan (job->door, job->code, job->direction,
                                         &job->participant, &error);
      if (job->check_in == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (job->participant != NULL)
        job->answers = guichet_door_important_answers (job->participant,
                                                       (const char * const *) job->important);
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

  job->checked_in = guichet_store_count_checked_in (job->store, job->account_id, job->event_id, NULL);
  job->expected = guichet_store_count_participants (job->store, job->account_id, job->event_id, NULL);
  if (job->gates != NULL
      && !guichet_store_count_gate (job->store, job->account_id, job->event_id,
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
  const GError *sync_error = self->sync_state ? guichet_sync_state_get_error (self->sync_state) : NULL;
  gboolean offline = sync_error != NULL
                     && (g_error_matches (sync_error, GUICHET_ERROR, GUICHET_ERROR_NETWORK)
                         || g_error_matches (sync_error, GUICHET_ERROR, GUICHET_ERROR_TIMEOUT));

  if (job->checked_in >= 0 && job->expected >= 0)
    /* Translators: people in, of people expected, at the door */
    counter = g_strdup_printf (_("%lld of %lld checked in"), (long long) job->checked_in,
                               (long long) job->expected);
  if (counter != NULL && job->gate_in >= 0 && job->gate_expected >= 0)
    {
      g_autofree char *total = g_steal_pointer (&counter);

      /* Translators: the event's total, then this gate's people in, of
       * its ticket types' people expected */
      counter = g_strdup_printf (_("%s · This gate: %lld of %lld"), total,
                                 (long long) job->gate_in, (long long) job->gate_expected);
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
                                guichet_serial_scanner_get_connected (self->serial) ?
                                _("Serial scanner connected") : _("Serial scanner not found"));
    }
  gtk_label_set_label (self->status_label, status);
}

static void
counts_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  gboolean counted = g_task_propagate_boolean (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->counting = FALSE;
  if (counted)
    show_counts (self, g_task_get_task_data (G_TASK (result)));
  if (self->count_again)
    refresh_counts (self);
}

static void
refresh_counts (GuichetDoorPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL
      || guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
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
  g_task_set_source_tag (task, refresh_counts);
  g_task_set_task_data (task, door_job_new (self, NULL), (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, door_job_run);
}

/* The verdict */

static const char *
reason_words (GuichetReason reason)
{
  switch (reason)
    {
    case GUICHET_REASON_VOID: return _("The ticket was voided");
    case GUICHET_REASON_REFUNDED: return _("The ticket was refunded");
    case GUICHET_REASON_UNPAID: return _("The ticket is not paid");
    case GUICHET_REASON_DELETED: return _("The ticket was deleted");
    case GUICHET_REASON_WRONG_EVENT: return _("The ticket is for another event");
    case GUICHET_REASON_WRONG_DATE: return _("The ticket is for another date");
    case GUICHET_REASON_GATE: return _("This gate does not admit this ticket type");
    case GUICHET_REASON_INVALID_CODE: return _("This is not a ticket code");
    case GUICHET_REASON_NONE:
    default:
      return _("No reason given");
    }
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) dt = time > 0 ? g_date_time_new_from_unix_local (time) : NULL;

  return dt ? g_date_time_format (dt, "%H:%M") : NULL;
}

/* A sound per kind of verdict, told apart without looking: a rising
 * chime for admitted, two beeps for already in, a low buzz for the rest. */
static const char *
sound_resource (GuichetVerdict verdict)
{
  switch (verdict)
    {
    case GUICHET_VERDICT_ADMITTED:
      return SOUND_PREFIX "door-admitted.wav";
    case GUICHET_VERDICT_ALREADY_CHECKED_IN:
      return SOUND_PREFIX "door-already.wav";
    case GUICHET_VERDICT_UNKNOWN:
    case GUICHET_VERDICT_REFUSED:
    default:
      return SOUND_PREFIX "door-refused.wav";
    }
}

static void
play_sound (GuichetDoorPage *self,
            GuichetVerdict   verdict)
{
  const char *resource = sound_resource (verdict);
  GtkMediaStream *stream;

  self->last_sound = self->sound ? resource : NULL;
  if (!self->sound)
    return;
  stream = g_hash_table_lookup (self->sounds, resource);
  if (stream == NULL)
    {
      stream = gtk_media_file_new_for_resource (resource);
      g_hash_table_insert (self->sounds, (gpointer) resource, stream);
    }
  /* A verdict cuts the previous one's sound short. */
  gtk_media_stream_pause (stream);
  gtk_media_stream_seek (stream, 0);
  gtk_media_stream_play (stream);
}

static void undo_clicked (GtkButton *button, GuichetDoorPage *self);

static void
add_last_scan (GuichetDoorPage *self,
               DoorJob         *job,
               const char      *verdict,
               const char      *name)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  GtkWidget *child;
  g_autofree char *time = format_time (guichet_check_in_get_time (job->check_in));
  g_autofree char *text = NULL;

  /* Translators: a line of the last scans: time, verdict, holder or code */
  text = g_strdup_printf (_("%s · %s · %s"), time ? time : "", verdict, name);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 3);
  gtk_widget_set_margin_bottom (row, 3);
  gtk_box_append (GTK_BOX (row), label);

  if (guichet_check_in_get_verdict (job->check_in) == GUICHET_VERDICT_ADMITTED
      && guichet_check_in_get_direction (job->check_in) == GUICHET_DIRECTION_IN)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Undo"));

      gtk_widget_set_tooltip_text (button, _("Annul this admission"));
      g_object_set_data_full (G_OBJECT (button), "code",
                              g_strdup (guichet_check_in_get_code (job->check_in)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (undo_clicked), self);
      gtk_box_append (GTK_BOX (row), button);
    }

  gtk_list_box_prepend (self->scan_list, row);
  /* Keep the list short. */
  child = gtk_widget_get_first_child (GTK_WIDGET (self->scan_list));
  for (guint i = 0; child != NULL; i++)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (i >= MAX_LAST_SCANS)
        gtk_list_box_remove (self->scan_list, child);
      child = next;
    }
}

static void
show_verdict (GuichetDoorPage *self,
              DoorJob         *job)
{
  GuichetCheckIn *entry = job->check_in;
  GuichetVerdict verdict = guichet_check_in_get_verdict (entry);
  gboolean out = guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_OUT;
  g_autofree char *name = job->participant ? guichet_participant_dup_display_name (job->participant) : NULL;
  const char *ticket_type = job->participant ? guichet_participant_get_ticket_type_name (job->participant) : NULL;
  g_autofree char *detail = NULL;
  g_autofree char *spoken = NULL;
  const char *words;
  const char *icon;
  const char *css;

  switch (verdict)
    {
    case GUICHET_VERDICT_ADMITTED:
      words = out ? _("Checked Out") : _("Admitted");
      icon = out ? "go-previous-symbolic" : "emblem-ok-symbolic";
      css = "admitted";
      detail = g_strdup (ticket_type);
      if (guichet_check_in_get_remote (entry) == GUICHET_REMOTE_CONFLICT)
        {
          g_autofree char *d = g_steal_pointer (&detail);
          /* Translators: %s is the platform's own message */
          detail = g_strdup_printf (_("The platform refused it: %s"), guichet_check_in_get_remote_message (entry));
        }
      break;

    case GUICHET_VERDICT_ALREADY_CHECKED_IN:
      {
        g_autofree char *time = format_time (job->previous_time);

        words = _("Already Checked In");
        icon = "dialog-warning-symbolic";
        css = "already";
        if (time != NULL && job->previous_desk != NULL)
          /* Translators: when and at which desk a ticket was admitted before */
          detail = g_strdup_printf (_("At %s at desk %s"), time, job->previous_desk);
        else if (time != NULL)
          /* Translators: when a ticket was admitted before */
          detail = g_strdup_printf (_("At %s"), time);
        else if (job->participant != NULL && guichet_participant_get_checked_in_at (job->participant) != NULL)
          /* Translators: %s is the time the platform reported */
          detail = g_strdup_printf (_("On the platform, at %s"), guichet_participant_get_checked_in_at (job->participant));
        else
          detail = g_strdup (_("On the platform"));
        if (ticket_type != NULL)
          {
            g_autofree char *d = g_steal_pointer (&detail);
            detail = g_strdup_printf ("%s\n%s", ticket_type, d);
          }
      }
      break;

    case GUICHET_VERDICT_UNKNOWN:
      words = _("Unknown Ticket");
      icon = "dialog-question-symbolic";
      css = "unknown";
      detail = g_strdup (guichet_check_in_get_code (entry));
      break;

    case GUICHET_VERDICT_REFUSED:
    default:
      words = _("Refused");
      icon = "action-unavailable-symbolic";
      css = "refused";
      detail = g_strdup (reason_words (guichet_check_in_get_reason (entry)));
      if (ticket_type != NULL)
        {
          g_autofree char *d = g_steal_pointer (&detail);
          detail = g_strdup_printf ("%s\n%s", d, ticket_type);
        }
      break;
    }

  /* Where the holder sits and the answers the organizer wants seen, under
   * any verdict about a known ticket. */
  if (job->participant != NULL)
    {
      g_autoptr(GString) more = g_string_new (detail);
      const char *seat = guichet_participant_get_seat (job->participant);

      if (seat != NULL && seat[0] != '\0')
        {
          if (more->len > 0)
            g_string_append_c (more, '\n');
          /* Translators: where the ticket holder sits */
          g_string_append_printf (more, _("Seat: %s"), seat);
        }
      for (guint i = 0; job->answers != NULL && job->answers[i] != NULL; i++)
        {
          if (more->len > 0)
            g_string_append_c (more, '\n');
          g_string_append (more, job->answers[i]);
        }
      g_free (detail);
      detail = g_string_free (g_steal_pointer (&more), FALSE);
    }

  gtk_widget_remove_css_class (self->verdict_box, "admitted");
  gtk_widget_remove_css_class (self->verdict_box, "already");
  gtk_widget_remove_css_class (self->verdict_box, "unknown");
  gtk_widget_remove_css_class (self->verdict_box, "refused");
  gtk_widget_add_css_class (self->verdict_box, css);
  gtk_image_set_from_icon_name (self->verdict_icon, icon);
  gtk_label_set_label (self->verdict_label, words);
  gtk_label_set_label (self->holder_label, name ? name : "");
  gtk_label_set_label (self->detail_label, detail ? detail : "");

  /* Assistive technology hears the verdict in words, with the holder. */
  spoken = g_strjoin (", ", words, name ? name : "", detail ? detail : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words,
                                  -1);
  g_free (self->last_verdict);
  self->last_verdict = g_strdup (words);
  self->n_verdicts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_VERDICT]);

  add_last_scan (self, job, words, name ? name : guichet_check_in_get_code (entry));
  play_sound (self, verdict);
}

/* The scan pipeline: one code at a time, in order */

static void
push_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GuichetDoorPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GuichetRemoteState state;

  state = guichet_remote_check_in_push_finish (GUICHET_REMOTE_CHECK_IN (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
  else if (state == GUICHET_REMOTE_CONFLICT)
    guichet_page_add_toast (GUICHET_PAGE (self),
                            adw_toast_new (_("The platform refused a check-in: it is on the conflict list")));
  refresh_counts (self);
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
      show_verdict (self, job);
      guichet_door_timing_shown (self->timing, self->verdict_box, job->code);
      refresh_counts (self);

      if (self->remote != NULL && guichet_check_in_get_remote (job->check_in) == GUICHET_REMOTE_PENDING)
        guichet_remote_check_in_push_async (self->remote, job->check_in, self->cancellable,
                                            push_done, g_object_ref (self));
    }
  process_next (self);
  return TRUE;
}

static void
decide_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  decided (GUICHET_DOOR_PAGE (source), g_task_get_task_data (G_TASK (result)), error);
}

static void
decide (GuichetDoorPage *self,
        DoorJob         *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, decide_done, NULL);

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
  g_autoptr(GuichetDoorPage) self = look_up->self;
  DoorJob *job = look_up->job;
  g_autoptr(GError) error = NULL;

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
  DoorJob *job = task_data;
  g_autofree char *code = guichet_door_normalize_code (job->code);
  g_autoptr(GuichetParticipant) known = NULL;

  if (code != NULL && job->may_look_up)
    {
      known = guichet_store_find_participant_by_barcode (job->store, job->account_id, job->event_id, code, NULL);
      if (known == NULL)
        known = guichet_store_find_barcode_elsewhere (job->store, job->account_id, job->event_id, code, NULL);
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
  DoorJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  LookUp *look_up;
  gboolean known;

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
  look_up->timeout_id = g_timeout_add (GUICHET_REMOTE_CHECK_IN_DEADLINE_MS, look_up_deadline, look_up);
  guichet_provider_find_code_async (self->provider, code, look_up->cancellable, look_up_done, look_up);
}

/* The desk the journal names: Preferences' name as it is now (it may
 * change while the door is open), else the host name. */
static const char *
door_desk (GuichetDoorPage *self)
{
  GuichetSession *session = guichet_page_get_session (GUICHET_PAGE (self));
  const char *desk = session ? guichet_session_get_desk_name (session) : NULL;

  return desk != NULL && desk[0] != '\0' ? desk : g_get_host_name ();
}

static void
process_next (GuichetDoorPage *self)
{
  g_autofree char *code = NULL;
  g_autoptr(GTask) task = NULL;
  DoorJob *job;

  if (self->deciding || self->door == NULL)
    return;
  code = g_queue_pop_head (&self->queue);
  if (code == NULL)
    return;

  self->deciding = TRUE;
  guichet_door_set_desk (self->door, door_desk (self));
  job = door_job_new (self, code);
  job->may_look_up = self->provider != NULL;
  if (job->direction == GUICHET_DIRECTION_OUT)
    {
      decide (self, job);
      return;
    }
  task = g_task_new (self, self->cancellable, known_done, NULL);
  g_task_set_source_tag (task, process_next);
  g_task_set_task_data (task, job, (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, known_run);
}

/* @key_time: the windowing system's time of the key that ended a
 * scanner's burst, or 0. */
static void
take_code (GuichetDoorPage *self,
           const char      *code,
           guint32          key_time)
{
  if (self->door == NULL)
    {
      guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (_("Choose an event before scanning")));
      return;
    }
  g_queue_push_tail (&self->queue, g_strdup (code));
  guichet_door_timing_taken (self->timing, code, key_time);
  process_next (self);
}

void
guichet_door_page_scan (GuichetDoorPage *self,
                        const char      *code)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));
  g_return_if_fail (code != NULL);

  take_code (self, code, 0);
}

/* Undo */

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  DoorJob *job = g_task_get_task_data (G_TASK (result));
  GtkWidget *button = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        guichet_page_show_error (GUICHET_PAGE (self), error->message);
      g_object_unref (button);
      return;
    }
  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *text = NULL;

      gtk_widget_set_sensitive (button, FALSE);
      gtk_button_set_label (GTK_BUTTON (button), _("Undone"));
      /* Translators: %s is a ticket code */
      text = g_strdup_printf (_("Admission of %s annulled"), job->code);
      guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (text));
      refresh_counts (self);
    }
  g_object_unref (button);
}

static void
undo_clicked (GtkButton       *button,
              GuichetDoorPage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");
  g_autoptr(GTask) task = NULL;
  DoorJob *job;

  if (self->door == NULL || code == NULL)
    return;
  job = door_job_new (self, code);
  job->undo = TRUE;
  task = g_task_new (self, self->cancellable, undo_done, g_object_ref (button));
  g_task_set_source_tag (task, undo_clicked);
  g_task_set_task_data (task, job, (GDestroyNotify) door_job_free);
  g_task_run_in_thread (task, door_job_run);
}

/* Manual entry and search */

static void
on_code_entry_activate (GuichetDoorPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  if (text[0] == '\0')
    return;
  guichet_door_page_scan (self, text);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
}

static void
result_check_in_clicked (GtkButton       *button,
                         GuichetDoorPage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");

  if (code != NULL)
    guichet_door_page_scan (self, code);
}

typedef struct
{
  GuichetStore *store;
  char         *account_id;
  char         *event_id;
  char         *text;
  guint         serial;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_clear_object (&job->store);
  g_free (job->account_id);
  g_free (job->event_id);
  g_free (job->text);
  g_free (job);
}

static void
search_run (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SearchJob *job = task_data;
  GError *error = NULL;
  GPtrArray *found;

  found = guichet_store_search_participants (job->store, job->account_id, job->event_id,
                                             job->text, MAX_RESULTS, &error);
  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  SearchJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (self->cancellable) || job->serial != self->search_serial)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))) != NULL)
    gtk_list_box_remove (self->result_list, child);
  if (found == NULL)
    {
      guichet_page_show_error (GUICHET_PAGE (self), error->message);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (found, i);
      g_autofree char *name = guichet_participant_dup_display_name (p);
      const char *type = guichet_participant_get_ticket_type_name (p);
      g_autofree char *text = g_strdup_printf ("%s · %s", name ? name : "", type ? type : "");
      g_autofree char *accessible = NULL;
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Check In"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (row, 6);
      gtk_widget_set_margin_end (row, 6);
      gtk_widget_set_margin_top (row, 3);
      gtk_widget_set_margin_bottom (row, 3);
      /* Translators: %s is a ticket holder's name */
      accessible = g_strdup_printf (_("Check in %s"), name ? name : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (button), "code", g_strdup (guichet_participant_get_barcode (p)), g_free);
      gtk_widget_set_sensitive (button, guichet_participant_get_barcode (p) != NULL);
      g_signal_connect (button, "clicked", G_CALLBACK (result_check_in_clicked), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_list_box_append (self->result_list, row);
    }
}

static void
on_search_changed (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GTask) task = NULL;
  SearchJob *job;
  GtkWidget *child;

  self->search_serial++;
  if (event == NULL || text[0] == '\0' || guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))) != NULL)
        gtk_list_box_remove (self->result_list, child);
      return;
    }
  job = g_new0 (SearchJob, 1);
  job->store = g_object_ref (guichet_page_get_store (GUICHET_PAGE (self)));
  job->account_id = g_strdup (guichet_event_get_account_id (event));
  job->event_id = g_strdup (guichet_event_get_id (event));
  job->text = g_strdup (text);
  job->serial = self->search_serial;
  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_source_tag (task, on_search_changed);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_run);
}

/* Event, date, gates */

static void
rebuild_door (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));

  g_clear_object (&self->door);
  if (event == NULL || store == NULL)
    return;
  self->door = guichet_door_new (store, guichet_event_get_account_id (event), guichet_event_get_id (event));
  guichet_door_set_desk (self->door, door_desk (self));
  if (self->date_id != NULL)
    guichet_door_set_date (self->door, self->date_id);
  if (self->gates != NULL && self->gates[0] != NULL)
    guichet_door_set_gates (self->door, (const char * const *) self->gates);
  guichet_door_set_remote (self->door, self->remote != NULL);
  process_next (self);
}

static void
update_gate_label (GuichetDoorPage *self)
{
  guint n = self->gates ? g_strv_length (self->gates) : 0;
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("All Ticket Types"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Ticket Type", "%u Ticket Types", n), n);
  gtk_menu_button_set_label (self->gate_button, label);
}

static void
gate_toggled (GtkCheckButton  *check,
              GuichetDoorPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (self->updating_pickers)
    return;
  for (guint i = 0; i < self->gate_checks->len; i++)
    {
      GtkCheckButton *c = g_ptr_array_index (self->gate_checks, i);

      if (gtk_check_button_get_active (c))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (c), "ticket-type-id"));
    }
  g_strfreev (self->gates);
  self->gates = g_strv_builder_end (builder);
  update_gate_label (self);
  rebuild_door (self);
  refresh_counts (self);
}

static void
collect_ticket_types (GListModel *model,
                      GPtrArray  *out)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GuichetTicketCategory) c = g_list_model_get_item (model, i);

      if (guichet_ticket_category_get_kind (c) == GUICHET_CATEGORY_KIND_TICKET)
        g_ptr_array_add (out, g_object_ref (c));
      collect_ticket_types (guichet_ticket_category_get_children (c), out);
    }
}

static void
date_selected (GuichetDoorPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->date_dropdown);

  if (self->updating_pickers)
    return;
  g_clear_pointer (&self->date_id, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected - 1 < self->date_ids->len)
    self->date_id = g_strdup (g_ptr_array_index (self->date_ids, selected - 1));
  rebuild_door (self);
}

/* The pickers, from the store (small lists: a few dates and ticket types). */
static void
fill_pickers (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));
  g_autoptr(GtkStringList) dates = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) date_list = NULL;
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) root_model = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
  guint selected = 0;

  self->updating_pickers = TRUE;
  g_ptr_array_set_size (self->date_ids, 0);
  for (guint i = 0; i < self->gate_checks->len; i++)
    gtk_box_remove (self->gate_box, g_ptr_array_index (self->gate_checks, i));
  g_ptr_array_set_size (self->gate_checks, 0);

  gtk_string_list_append (dates, _("All Dates"));
  if (event != NULL && store != NULL)
    {
      const char *account_id = guichet_event_get_account_id (event);
      const char *event_id = guichet_event_get_id (event);

      date_list = guichet_store_list_dates (store, account_id, event_id, NULL);
      roots = guichet_store_list_categories (store, account_id, event_id, NULL);
    }
  for (guint i = 0; date_list != NULL && i < date_list->len; i++)
    {
      GuichetEventDate *date = g_ptr_array_index (date_list, i);
      const char *id = guichet_event_date_get_id (date);

      gtk_string_list_append (dates, guichet_event_date_get_start (date) ? guichet_event_date_get_start (date) : id);
      g_ptr_array_add (self->date_ids, g_strdup (id));
      if (g_strcmp0 (id, self->date_id) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (self->date_dropdown, G_LIST_MODEL (dates));
  gtk_drop_down_set_selected (self->date_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->date_dropdown), self->date_ids->len > 0);

  for (guint i = 0; roots != NULL && i < roots->len; i++)
    g_list_store_append (root_model, g_ptr_array_index (roots, i));
  collect_ticket_types (G_LIST_MODEL (root_model), types);
  for (guint i = 0; i < types->len; i++)
    {
      GuichetTicketCategory *type = g_ptr_array_index (types, i);
      const char *id = guichet_ticket_category_get_id (type);
      GtkWidget *check = gtk_check_button_new_with_label (guichet_ticket_category_get_name (type));

      g_object_set_data_full (G_OBJECT (check), "ticket-type-id", g_strdup (id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   self->gates != NULL && g_strv_contains ((const char * const *) self->gates, id));
      g_signal_connect (check, "toggled", G_CALLBACK (gate_toggled), self);
      gtk_box_append (self->gate_box, check);
      g_ptr_array_add (self->gate_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->gate_button), types->len > 0);
  update_gate_label (self);
  self->updating_pickers = FALSE;
}

/* The important questions: the event's questions offered as check
 * buttons, the marked ones kept in the store (worker threads both ways). */
typedef struct
{
  GuichetStore *store;
  char         *account_id;
  char         *event_id;
  GStrv         questions;
  GStrv         important;
  guint         serial;
} QuestionsJob;

static void
questions_job_free (QuestionsJob *job)
{
  g_clear_object (&job->store);
  g_free (job->account_id);
  g_free (job->event_id);
  g_strfreev (job->questions);
  g_strfreev (job->important);
  g_free (job);
}

static QuestionsJob *
questions_job_new (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  QuestionsJob *job = g_new0 (QuestionsJob, 1);

  job->store = g_object_ref (guichet_page_get_store (GUICHET_PAGE (self)));
  job->account_id = g_strdup (guichet_event_get_account_id (event));
  job->event_id = g_strdup (guichet_event_get_id (event));
  job->serial = self->questions_serial;
  return job;
}

static void
questions_load_run (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  QuestionsJob *job = task_data;
  GError *error = NULL;

  job->questions = guichet_store_list_questions (job->store, job->account_id, job->event_id, &error);
  if (job->questions != NULL)
    job->important = guichet_store_get_important_questions (job->store, job->account_id,
                                                            job->event_id, &error);
  if (job->important == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
questions_save_run (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  QuestionsJob *job = task_data;
  GError *error = NULL;

  if (guichet_store_set_important_questions (job->store, job->account_id, job->event_id,
                                             (const char * const *) job->important, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
questions_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && !g_cancellable_is_cancelled (self->cancellable))
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
}

static void
question_toggled (GtkCheckButton  *check,
                  GuichetDoorPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GTask) task = NULL;
  QuestionsJob *job;

  for (guint i = 0; i < self->question_checks->len; i++)
    {
      GtkCheckButton *c = g_ptr_array_index (self->question_checks, i);

      if (gtk_check_button_get_active (c))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (c), "label"));
    }
  g_strfreev (self->important);
  self->important = g_strv_builder_end (builder);
  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL
      || guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
    return;
  job = questions_job_new (self);
  job->important = g_strdupv (self->important);
  task = g_task_new (self, self->cancellable, questions_saved, NULL);
  g_task_set_source_tag (task, question_toggled);
  g_task_set_task_data (task, job, (GDestroyNotify) questions_job_free);
  g_task_run_in_thread (task, questions_save_run);
}

static void
questions_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  QuestionsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        g_debug ("No important questions: %s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable) || job->serial != self->questions_serial)
    return;

  g_strfreev (self->important);
  self->important = g_steal_pointer (&job->important);
  for (guint i = 0; job->questions[i] != NULL; i++)
    {
      const char *label = job->questions[i];
      GtkWidget *check = gtk_check_button_new_with_label (label);

      g_object_set_data_full (G_OBJECT (check), "label", g_strdup (label), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *) self->important, label));
      g_signal_connect (check, "toggled", G_CALLBACK (question_toggled), self);
      gtk_box_append (self->questions_box, check);
      g_ptr_array_add (self->question_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->questions_button), self->question_checks->len > 0);
}

static void
load_questions (GuichetDoorPage *self)
{
  g_autoptr(GTask) task = NULL;

  self->questions_serial++;
  for (guint i = 0; i < self->question_checks->len; i++)
    gtk_box_remove (self->questions_box, g_ptr_array_index (self->question_checks, i));
  g_ptr_array_set_size (self->question_checks, 0);
  g_clear_pointer (&self->important, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->questions_button), FALSE);
  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL
      || guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
    return;
  task = g_task_new (self, self->cancellable, questions_loaded, NULL);
  g_task_set_source_tag (task, load_questions);
  g_task_set_task_data (task, questions_job_new (self), (GDestroyNotify) questions_job_free);
  g_task_run_in_thread (task, questions_load_run);
}

static void
provider_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GuichetDoorPage) self = user_data;
  g_autoptr(GuichetProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (provider == NULL)
    {
      /* Offline or signed out: the door decides from the cache alone. */
      g_debug ("No provider at the door: %s", error->message);
      return;
    }
  g_set_object (&self->provider, provider);
  g_clear_object (&self->remote);
  self->remote = guichet_remote_check_in_new (guichet_page_get_store (GUICHET_PAGE (self)), provider);
  if (!guichet_remote_check_in_is_enabled (self->remote))
    g_clear_object (&self->remote);
  if (self->door != NULL)
    guichet_door_set_remote (self->door, self->remote != NULL);
}

static void
on_sync_state_changed (GuichetDoorPage *self)
{
  refresh_counts (self);
}

static void
on_sync_finished (GuichetSession  *session,
                  GuichetAccount  *account,
                  const GError    *error,
                  GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));

  if (event == NULL || g_strcmp0 (guichet_account_get_id (account), guichet_event_get_account_id (event)) != 0)
    return;
  refresh_counts (self);
}

static void
guichet_door_page_event_changed (GuichetPage *page)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (page);
  GuichetEvent *event = guichet_page_get_event (page);
  GuichetSession *session = guichet_page_get_session (page);
  GuichetAccount *account = guichet_page_get_account (page);
  GuichetSyncState *state = NULL;
  gboolean same = event != NULL && g_strcmp0 (self->event_id, guichet_event_get_id (event)) == 0;

  if (!same)
    {
      g_free (self->event_id);
      self->event_id = event ? g_strdup (guichet_event_get_id (event)) : NULL;
      /* Another event: what this door was set to does not apply. */
      g_clear_pointer (&self->date_id, g_free);
      g_clear_pointer (&self->gates, g_strfreev);
      g_clear_object (&self->provider);
      g_clear_object (&self->remote);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      if (session != NULL && account != NULL)
        guichet_session_get_provider_async (session, account, self->cancellable, provider_ready,
                                            g_object_ref (self));
    }

  if (session != NULL && event != NULL)
    state = guichet_session_get_sync_state (session, guichet_event_get_account_id (event));
  if (state != self->sync_state)
    {
      if (self->sync_state != NULL)
        g_signal_handlers_disconnect_by_data (self->sync_state, self);
      g_set_object (&self->sync_state, state);
      if (state != NULL)
        g_signal_connect_swapped (state, "notify::error", G_CALLBACK (on_sync_state_changed), self);
    }

  fill_pickers (self);
  if (!same)
    load_questions (self);
  rebuild_door (self);
  refresh_counts (self);
}

static void
guichet_door_page_session_changed (GuichetPage *page)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (page);
  GuichetSession *session = guichet_page_get_session (page);

  if (session != NULL)
    g_signal_connect_object (session, "sync-finished", G_CALLBACK (on_sync_finished), self, 0);
}

void
guichet_door_page_set_date (GuichetDoorPage *self,
                            const char      *date_id)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  g_free (self->date_id);
  self->date_id = g_strdup (date_id);
  fill_pickers (self);
  rebuild_door (self);
}

void
guichet_door_page_set_gates (GuichetDoorPage    *self,
                             const char * const *ticket_type_ids)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  g_strfreev (self->gates);
  self->gates = ticket_type_ids && ticket_type_ids[0] ? g_strdupv ((char **) ticket_type_ids) : NULL;
  fill_pickers (self);
  rebuild_door (self);
  refresh_counts (self);
}

/* Scanners and door mode */

static void
on_scan (GuichetScanCapture *capture,
         const char         *code,
         GuichetDoorPage    *self)
{
  take_code (self, code, guichet_scan_capture_get_event_time (capture));
}

static void
on_serial_scan (GuichetSerialScanner *serial,
                const char           *code,
                GuichetDoorPage      *self)
{
  guichet_door_page_scan (self, code);
}

static void
stop_serial (GuichetDoorPage *self)
{
  if (self->serial == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->serial, self);
  guichet_serial_scanner_stop (self->serial);
  g_clear_object (&self->serial);
}

/* The serial scanner of the preferences, read while the door is shown. */
static void
start_serial (GuichetDoorPage *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  stop_serial (self);
  if (self->settings == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  path = g_settings_get_string (self->settings, "scanner-serial-device");
  if (path == NULL || path[0] == '\0')
    return;
  self->serial = guichet_serial_scanner_new (path);
  g_signal_connect (self->serial, "scan", G_CALLBACK (on_serial_scan), self);
  g_signal_connect_swapped (self->serial, "notify::connected", G_CALLBACK (refresh_counts), self);
  if (!guichet_serial_scanner_start (self->serial, &error))
    g_debug ("%s (trying again)", error->message);
}

static void
on_settings_changed (GSettings       *settings,
                     const char      *key,
                     GuichetDoorPage *self)
{
  if (g_strcmp0 (key, "scanner-serial-device") == 0)
    {
      start_serial (self);
      refresh_counts (self);
    }
}

/* The journal, written by this desk, the CLI or another desk on the same
 * store: its version is polled (a cheap read, off the main thread) and
 * the counters refreshed when it moved. */
static void
journal_version_run (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_task_return_int (task, guichet_store_get_journal_version (task_data));
}

static void
journal_version_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (source);
  gssize version = g_task_propagate_int (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->polling = FALSE;
  if (version >= 0 && version != self->journal_version)
    {
      self->journal_version = version;
      refresh_counts (self);
    }
}

static gboolean
poll_journal (gpointer user_data)
{
  GuichetDoorPage *self = user_data;
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));
  g_autoptr(GTask) task = NULL;

  if (self->polling || store == NULL || guichet_page_get_event (GUICHET_PAGE (self)) == NULL)
    return G_SOURCE_CONTINUE;
  self->polling = TRUE;
  task = g_task_new (self, self->cancellable, journal_version_done, NULL);
  g_task_set_source_tag (task, poll_journal);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, journal_version_run);
  return G_SOURCE_CONTINUE;
}

static void
guichet_door_page_map (GtkWidget *widget)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  GTK_WIDGET_CLASS (guichet_door_page_parent_class)->map (widget);

  /* Window-wide while the door is shown, whatever has focus. */
  guichet_scan_capture_attach (self->capture, GTK_WIDGET (gtk_widget_get_root (widget)));
  guichet_scan_capture_set_enabled (self->capture, TRUE);
  start_serial (self);
  refresh_counts (self);
  if (self->journal_poll_id == 0)
    self->journal_poll_id = g_timeout_add_seconds (1, poll_journal, self);
  /* Ready for a name typed by hand; scans are taken whatever has focus. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The page's focus goes to the name search (scans need none). */
static gboolean
guichet_door_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (GUICHET_DOOR_PAGE (widget)->search_entry));
}

static void
guichet_door_page_unmap (GtkWidget *widget)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  guichet_scan_capture_set_enabled (self->capture, FALSE);
  g_clear_handle_id (&self->journal_poll_id, g_source_remove);
  stop_serial (self);
  guichet_scan_capture_detach (self->capture, GTK_WIDGET (gtk_widget_get_root (widget)));
  if (self->door_mode)
    guichet_door_page_set_door_mode (self, FALSE);

  GTK_WIDGET_CLASS (guichet_door_page_parent_class)->unmap (widget);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  guichet_door_page_set_door_mode (self, !self->door_mode);
}

gboolean
guichet_door_page_get_door_mode (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), FALSE);
  return self->door_mode;
}

void
guichet_door_page_set_door_mode (GuichetDoorPage *self,
                                 gboolean         door_mode)
{
  GtkRoot *root;

  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  door_mode = !!door_mode;
  if (self->door_mode == door_mode)
    return;
  self->door_mode = door_mode;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    {
      if (door_mode)
        gtk_window_fullscreen (GTK_WINDOW (root));
      else
        gtk_window_unfullscreen (GTK_WINDOW (root));
    }
  /* In door mode, nothing but the verdict, the counters and the last scans. */
  gtk_widget_set_visible (self->toolbar, !door_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOOR_MODE]);
}

const char *
guichet_door_page_get_last_verdict (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), NULL);
  return self->last_verdict ? self->last_verdict : "";
}

/* The resource of the sound the last verdict played, NULL when it
 * played none (sounds off, or no verdict yet). */
const char *
guichet_door_page_get_last_sound (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), NULL);
  return self->last_sound;
}

/* GObject */

static void
guichet_door_page_dispose (GObject *object)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->journal_poll_id, g_source_remove);
  if (self->sync_state != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_state, self);
  g_clear_object (&self->sync_state);
  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_clear_object (&self->capture);
  stop_serial (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_queue_clear_full (&self->queue, g_free);
  g_clear_pointer (&self->timing, guichet_door_timing_free);
  g_clear_object (&self->door);
  g_clear_object (&self->remote);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->gate_checks, g_ptr_array_unref);
  g_clear_pointer (&self->question_checks, g_ptr_array_unref);
  if (self->sounds != NULL)
    {
      GHashTableIter iter;
      gpointer stream;

      g_hash_table_iter_init (&iter, self->sounds);
      while (g_hash_table_iter_next (&iter, NULL, &stream))
        gtk_media_stream_pause (stream);
    }
  g_clear_pointer (&self->sounds, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_DOOR_PAGE);

  G_OBJECT_CLASS (guichet_door_page_parent_class)->dispose (object);
}

static void
guichet_door_page_finalize (GObject *object)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->date_ids, g_ptr_array_unref);
  g_free (self->event_id);
  g_free (self->date_id);
  g_strfreev (self->gates);
  g_strfreev (self->important);
  g_free (self->last_verdict);

  G_OBJECT_CLASS (guichet_door_page_parent_class)->finalize (object);
}

static void
guichet_door_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOOR_MODE:
      g_value_set_boolean (value, self->door_mode);
      break;
    case PROP_LAST_VERDICT:
      g_value_set_string (value, guichet_door_page_get_last_verdict (self));
      break;
    case PROP_SOUND:
      g_value_set_boolean (value, self->sound);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOOR_MODE:
      guichet_door_page_set_door_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SOUND:
      if (self->sound != g_value_get_boolean (value))
        {
          self->sound = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_page_class_init (GuichetDoorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_door_page_dispose;
  object_class->finalize = guichet_door_page_finalize;
  object_class->get_property = guichet_door_page_get_property;
  object_class->set_property = guichet_door_page_set_property;
  widget_class->map = guichet_door_page_map;
  widget_class->unmap = guichet_door_page_unmap;
  widget_class->grab_focus = guichet_door_page_grab_focus;
  page_class->event_changed = guichet_door_page_event_changed;
  page_class->session_changed = guichet_door_page_session_changed;

  properties[PROP_DOOR_MODE] =
    g_param_spec_boolean ("door-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_VERDICT] =
    g_param_spec_string ("last-verdict", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Bound to the "door-sound" setting when the application has one. */
  properties[PROP_SOUND] =
    g_param_spec_boolean ("sound", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "door.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "door.fullscreen", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/guichet/Guichet/guichet-door-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, gate_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, gate_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, exit_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, questions_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, holder_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, result_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, scan_list);
  gtk_widget_class_bind_template_callback (widget_class, on_code_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
guichet_door_page_init (GuichetDoorPage *self)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings = GUICHET_IS_APPLICATION (app) ?
    guichet_application_get_settings (GUICHET_APPLICATION (app)) : NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (guichet_settings_has_key (settings, "scanner-serial-device"))
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (settings, "changed::scanner-serial-device", G_CALLBACK (on_settings_changed), self);
    }

  self->sound = TRUE;
  self->sounds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  if (guichet_settings_has_key (settings, "door-sound"))
    g_settings_bind (settings, "door-sound", self, "sound", G_SETTINGS_BIND_GET);

  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
  self->timing = guichet_door_timing_new_from_env ();
  self->date_ids = g_ptr_array_new_with_free_func (g_free);
  self->gate_checks = g_ptr_array_new ();
  self->question_checks = g_ptr_array_new ();
  self->capture = guichet_scan_capture_new (settings);
  g_signal_connect (self->capture, "scan", G_CALLBACK (on_scan), self);
  g_signal_connect_swapped (self->date_dropdown, "notify::selected", G_CALLBACK (date_selected), self);
}

GtkWidget *
guichet_door_page_new (void)
{
  return g_object_new (GUICHET_TYPE_DOOR_PAGE, NULL);
}
