/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-participant-details"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "guichet-format.h"
#include "guichet-participant-details.h"
#include "guichet-providers.h"
#include "guichet-spinner.h"

struct _GuichetParticipantDetails
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel            *title_label;
  GtkLabel            *name_label;
  GtkLabel            *state_label;
  GtkLabel            *warning_label;
  GtkButton           *check_in_button;
  GtkButton           *undo_button;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *answers_group;
  AdwPreferencesGroup *history_group;

  GuichetPage        *page; /* not owned: it holds the details */
  GuichetParticipant *participant;
  char               *account_id;
  char               *event_id;
  GPtrArray          *rows;        /* the rows added to the groups */
  GCancellable       *cancellable; /* the current participant's jobs */
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (GuichetParticipantDetails, guichet_participant_details, ADW_TYPE_BIN)

enum
{
  SIGNAL_BACK,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  JOB_READ,
  JOB_CHECK_IN,
  JOB_UNDO,
} JobKind;

/* What a worker thread brings back: the participant read again, and the
 * ticket's journal entries, newest first. */
typedef struct
{
  JobKind       kind;
  GuichetStore *store;
  char         *account_id;
  char         *event_id;
  char         *participant_id;
  char         *code;
  char         *desk;
  gboolean      remote;

  GuichetParticipant *participant;
  GPtrArray          *history;
  GuichetCheckIn     *entry; /* the check-in decided, or the one annulled */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->account_id);
  g_free (job->event_id);
  g_free (job->participant_id);
  g_free (job->code);
  g_free (job->desk);
  g_clear_object (&job->participant);
  g_clear_pointer (&job->history, g_ptr_array_unref);
  g_clear_object (&job->entry);
  g_free (job);
}

/* The desk's name in the journal: the one Preferences gives, else the
 * host's (as the door page and the CLI). */
static char *
dup_desk (GuichetParticipantDetails *self)
{
  GuichetSession *session = guichet_page_get_session (self->page);
  const char     *desk = session ? guichet_session_get_desk_name (session) : NULL;

  return g_strdup (desk != NULL && desk[0] != '\0' ? desk : g_get_host_name ());
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;

  if (job->kind != JOB_READ)
    {
      g_autoptr (GuichetDoor) door = guichet_door_new (job->store, job->account_id, job->event_id);

      guichet_door_set_desk (door, job->desk);
      /* Journaled "pending" where the platform takes check-ins: the next
       * sync pushes it, as it does the door's. */
      guichet_door_set_remote (door, job->remote);
      if (job->kind == JOB_CHECK_IN)
        job->entry = guichet_door_scan (door, job->code, GUICHET_DIRECTION_IN, NULL, &error);
      else
        job->entry = guichet_door_undo (door, job->code, &error);
      if (job->entry == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  job->participant = guichet_store_find_participant (job->store, job->account_id, job->event_id,
                                                     job->participant_id, NULL);
  if (job->code != NULL)
    {
      job->history = guichet_store_list_check_ins_for_code (job->store, job->account_id,
                                                            job->event_id, job->code, &error);
      if (job->history == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

/* Display */

static void
clear_rows (GuichetParticipantDetails *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (GuichetParticipantDetails *self,
         AdwPreferencesGroup       *group,
         const char                *title,
         const char                *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) when = NULL;

  if (unix_time <= 0)
    return NULL;
  when = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a check-in's date and time, see g_date_time_format() */
  return when ? g_date_time_format (when, _("%-d %b, %H:%M")) : NULL;
}

static char *
format_iso_time (const char *iso)
{
  g_autoptr (GTimeZone) tz = NULL;
  g_autoptr (GDateTime) when = NULL;

  if (iso == NULL || iso[0] == '\0')
    return NULL;
  tz = g_time_zone_new_local ();
  when = g_date_time_new_from_iso8601 (iso, tz);
  return when ? format_time (g_date_time_to_unix (when)) : g_strdup (iso);
}

static const char *
reason_label (GuichetReason reason)
{
  switch (reason)
    {
    case GUICHET_REASON_VOID:
      return _("the ticket is void");
    case GUICHET_REASON_REFUNDED:
      return _("the ticket was refunded");
    case GUICHET_REASON_UNPAID:
      return _("the ticket is unpaid");
    case GUICHET_REASON_DELETED:
      return _("the ticket was deleted");
    case GUICHET_REASON_WRONG_EVENT:
      return _("the ticket is for another event");
    case GUICHET_REASON_WRONG_DATE:
      return _("the ticket is for another date");
    case GUICHET_REASON_GATE:
      return _("the ticket is not for this gate");
    case GUICHET_REASON_INVALID_CODE:
      return _("the code is not valid");
    case GUICHET_REASON_NONE:
    default:
      return NULL;
    }
}

static char *
entry_title (GuichetCheckIn *entry)
{
  gboolean    out = guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_OUT;
  const char *reason = reason_label (guichet_check_in_get_reason (entry));

  switch (guichet_check_in_get_verdict (entry))
    {
    case GUICHET_VERDICT_ADMITTED:
      return g_strdup (out ? _("Exit") : _("Checked in"));
    case GUICHET_VERDICT_ALREADY_CHECKED_IN:
      return g_strdup (_("Refused: already checked in"));
    case GUICHET_VERDICT_REFUSED:
      if (reason != NULL)
        /* Translators: %s says why, e.g. "the ticket is void" */
        return g_strdup_printf (_("Refused: %s"), reason);
      return g_strdup (_("Refused"));
    case GUICHET_VERDICT_UNKNOWN:
    default:
      return g_strdup (_("Unknown code"));
    }
}

static char *
entry_subtitle (GuichetCheckIn *entry)
{
  g_autofree char *time = format_time (guichet_check_in_get_time (entry));
  const char      *desk = guichet_check_in_get_desk (entry);
  g_autoptr (GString) text = g_string_new (NULL);

  if (desk != NULL && desk[0] != '\0')
    /* Translators: when, and at which desk */
    g_string_append_printf (text, _("%s at desk %s"), time ? time : "?", desk);
  else
    g_string_append (text, time ? time : "?");

  if (guichet_check_in_get_undone (entry))
    g_string_append_printf (text, " · %s", _("Annulled"));
  switch (guichet_check_in_get_remote (entry))
    {
    case GUICHET_REMOTE_PENDING:
      g_string_append_printf (text, " · %s", _("Waiting to reach the platform"));
      break;
    case GUICHET_REMOTE_SENT:
      g_string_append_printf (text, " · %s", _("Sent to the platform"));
      break;
    case GUICHET_REMOTE_CONFLICT:
      g_string_append_printf (text, " · %s", _("Refused by the platform"));
      break;
    case GUICHET_REMOTE_LOCAL:
    default:
      break;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The answers as the store keeps them: [{"label", "value"}]. */
static void
show_answers (GuichetParticipantDetails *self,
              const char                *answers_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode  *root = NULL;
  JsonArray *array;
  guint      n_shown = 0;

  if (answers_json != NULL && json_parser_load_from_data (parser, answers_json, -1, NULL))
    root = json_parser_get_root (parser);
  array = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *label, *value;

      if (object == NULL)
        continue;
      label = json_object_get_string_member_with_default (object, "label", NULL);
      value = json_object_get_string_member_with_default (object, "value", NULL);
      if (label == NULL || value == NULL || value[0] == '\0')
        continue;
      add_row (self, self->answers_group, label, value);
      n_shown++;
    }

  adw_preferences_group_set_description (self->answers_group, n_shown == 0
                                         ? _("No answers were given, or the form has no questions.")
                                         : NULL);
}

/* The state: the journal's latest admission of this ticket that is not
 * annulled (in, or out again), else the platform's own state. Returns
 * whether this desk's admission can be undone. */
static gboolean
show_state (GuichetParticipantDetails *self,
            GPtrArray                 *history)
{
  GuichetCheckIn  *latest = NULL;
  g_autofree char *desk = dup_desk (self);
  g_autofree char *text = NULL;

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      GuichetCheckIn *entry = g_ptr_array_index (history, i);

      if (guichet_check_in_get_verdict (entry) == GUICHET_VERDICT_ADMITTED &&
          !guichet_check_in_get_undone (entry))
        {
          latest = entry;
          break;
        }
    }

  if (latest != NULL && guichet_check_in_get_direction (latest) == GUICHET_DIRECTION_IN)
    {
      g_autofree char *time = format_time (guichet_check_in_get_time (latest));
      const char      *at = guichet_check_in_get_desk (latest);

      if (at != NULL && at[0] != '\0')
        /* Translators: checked in, when and at which desk */
        text = g_strdup_printf (_("Checked in on %s at desk %s"), time ? time : "?", at);
      else
        /* Translators: checked in, and when */
        text = g_strdup_printf (_("Checked in on %s"), time ? time : "?");
    }
  else if (latest == NULL && guichet_participant_get_checked_in (self->participant))
    {
      g_autofree char *time =
        format_iso_time (guichet_participant_get_checked_in_at (self->participant));

      if (time != NULL)
        /* Translators: checked in on the ticketing platform, and when */
        text = g_strdup_printf (_("Checked in on the platform on %s"), time);
      else
        text = g_strdup (_("Checked in on the platform"));
    }
  else if (latest != NULL)
    text = g_strdup (_("Checked out"));
  else
    text = g_strdup (_("Not checked in"));

  gtk_label_set_label (self->state_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button),
                            !self->busy &&
                              (latest == NULL ||
                               guichet_check_in_get_direction (latest) == GUICHET_DIRECTION_OUT) &&
                              !(latest == NULL &&
                                guichet_participant_get_checked_in (self->participant)));

  return latest != NULL && guichet_check_in_get_direction (latest) == GUICHET_DIRECTION_IN &&
         g_strcmp0 (guichet_check_in_get_desk (latest), desk) == 0;
}

static void
show_participant (GuichetParticipantDetails *self,
                  GPtrArray                 *history)
{
  GuichetParticipant *p = self->participant;
  g_autofree char    *name = guichet_participant_dup_display_name (p);
  g_autofree char    *checked_in_at = format_iso_time (guichet_participant_get_checked_in_at (p));
  g_autofree char    *updated_at = format_iso_time (guichet_participant_get_updated_at (p));
  g_autofree char    *entries = NULL;
  const char         *ticket = guichet_participant_get_ticket_type_name (p);
  gboolean            can_undo;

  clear_rows (self);
  gtk_label_set_label (self->title_label, name);
  gtk_label_set_label (self->name_label, name);

  if (ticket == NULL || ticket[0] == '\0')
    ticket = guichet_participant_get_ticket_type_id (p);
  if (guichet_participant_get_entries (p) > 1)
    entries = g_strdup_printf ("%u", guichet_participant_get_entries (p));

  add_row (self, self->fields_group, _("First Name"), guichet_participant_get_first_name (p));
  add_row (self, self->fields_group, _("Last Name"), guichet_participant_get_last_name (p));
  add_row (self, self->fields_group, _("E-mail"), guichet_participant_get_email (p));
  add_row (self, self->fields_group, _("Barcode"), guichet_participant_get_barcode (p));
  add_row (self, self->fields_group, _("Ticket Type"), ticket);
  add_row (self, self->fields_group, _("Seat"), guichet_participant_get_seat (p));
  add_row (self, self->fields_group,
           _("Status"), guichet_format_participant_status (guichet_participant_get_status (p)));
  add_row (self, self->fields_group, _("Order"), guichet_participant_get_order_id (p));
  add_row (self, self->fields_group, _("Date"), guichet_participant_get_date_id (p));
  add_row (self, self->fields_group, _("Admits"), entries);
  add_row (self, self->fields_group,
           _("Checked In on the Platform"),
             guichet_participant_get_checked_in (p) ? (checked_in_at ? checked_in_at : _("Yes"))
                                                    : NULL);
  add_row (self, self->fields_group, _("Participant ID"), guichet_participant_get_id (p));
  add_row (self, self->fields_group, _("Last Changed"), updated_at);

  show_answers (self, guichet_participant_get_answers (p));

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      GuichetCheckIn  *entry = g_ptr_array_index (history, i);
      g_autofree char *title = entry_title (entry);
      g_autofree char *subtitle = entry_subtitle (entry);

      add_row (self, self->history_group, title, subtitle);
    }
  adw_preferences_group_set_description (
    self->history_group, history != NULL && history->len > 0
    ? _("The check-ins recorded on this computer, newest first.")
    : _("No check-in of this ticket was recorded on this computer."));

  can_undo = show_state (self, history);
  gtk_widget_set_visible (GTK_WIDGET (self->undo_button), can_undo);
  gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->check_in_button),
                          guichet_participant_get_barcode (p) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static void
set_busy (GuichetParticipantDetails *self,
          gboolean                   busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (busy)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), FALSE);
    }
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GuichetParticipantDetails *self = GUICHET_PARTICIPANT_DETAILS (source);
  Job                       *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      if (self->participant != NULL)
        show_participant (self, NULL);
      if (self->page != NULL)
        guichet_page_show_error (self->page, error->message);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return; /* another participant since */

  set_busy (self, FALSE);
  if (job->participant != NULL)
    g_set_object (&self->participant, job->participant);

  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
  if (job->kind == JOB_CHECK_IN &&
      guichet_check_in_get_verdict (job->entry) != GUICHET_VERDICT_ADMITTED)
    {
      g_autofree char *title = entry_title (job->entry);

      gtk_label_set_label (self->warning_label, title);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    }
  else if (job->kind == JOB_UNDO && guichet_check_in_get_remote (job->entry) == GUICHET_REMOTE_SENT)
    {
      /* No platform takes an annulment through its API (as the CLI says). */
      gtk_label_set_label (
        self->warning_label,
        _("The platform had already received this check-in: undo it on the platform too."));
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    }

  show_participant (self, job->history);

  if (job->kind != JOB_READ)
    {
      if (self->page != NULL)
        guichet_page_add_toast (self->page,
                                adw_toast_new (job->kind == JOB_UNDO
                                               ? _("Check-in annulled")
                                               : guichet_check_in_get_verdict (job->entry) ==
                                                   GUICHET_VERDICT_ADMITTED
                                               ? _("Checked in")
                                               : _("Not checked in")));
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

static void
run_job (GuichetParticipantDetails *self,
         JobKind                    kind)
{
  GuichetStore         *store = self->page ? guichet_page_get_store (self->page) : NULL;
  GuichetAccount       *account = self->page ? guichet_page_get_account (self->page) : NULL;
  GuichetProviderClass *klass = NULL;
  g_autoptr (GTask) task = NULL;
  Job *job;

  if (store == NULL || self->participant == NULL)
    return;

  if (account != NULL)
    klass = guichet_providers_get_class (guichet_account_get_provider (account));

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->store = g_object_ref (store);
  job->account_id = g_strdup (self->account_id);
  job->event_id = g_strdup (self->event_id);
  job->participant_id = g_strdup (guichet_participant_get_id (self->participant));
  job->code = g_strdup (guichet_participant_get_barcode (self->participant));
  job->desk = dup_desk (self);
  job->remote = klass != NULL && (klass->capabilities & GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN) != 0;

  if (kind != JOB_READ)
    set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, job_done, NULL);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
on_check_in_clicked (GuichetParticipantDetails *self)
{
  if (!self->busy)
    run_job (self, JOB_CHECK_IN);
}

static void
on_undo_clicked (GuichetParticipantDetails *self)
{
  if (!self->busy)
    run_job (self, JOB_UNDO);
}

static void
on_back_clicked (GuichetParticipantDetails *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

void
guichet_participant_details_show (GuichetParticipantDetails *self,
                                  GuichetPage               *page,
                                  GuichetParticipant        *participant)
{
  GuichetEvent *event;

  g_return_if_fail (GUICHET_IS_PARTICIPANT_DETAILS (self));
  g_return_if_fail (GUICHET_IS_PAGE (page));
  g_return_if_fail (GUICHET_IS_PARTICIPANT (participant));

  guichet_participant_details_clear (self);
  event = guichet_page_get_event (page);
  if (event == NULL)
    return;

  self->page = page;
  self->participant = g_object_ref (participant);
  self->account_id = g_strdup (guichet_event_get_account_id (event));
  self->event_id = g_strdup (guichet_event_get_id (event));
  self->cancellable = g_cancellable_new ();

  /* What the list row had at once, the journal when it is read. */
  show_participant (self, NULL);
  adw_preferences_group_set_description (self->history_group, _("Reading the journal…"));
  run_job (self, JOB_READ);
}

void
guichet_participant_details_clear (GuichetParticipantDetails *self)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_DETAILS (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->participant);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  clear_rows (self);
  self->busy = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
  return TRUE;
}

static void
guichet_participant_details_dispose (GObject *object)
{
  GuichetParticipantDetails *self = GUICHET_PARTICIPANT_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->participant);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->page = NULL;

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_PARTICIPANT_DETAILS);

  G_OBJECT_CLASS (guichet_participant_details_parent_class)->dispose (object);
}

static void
guichet_participant_details_class_init (GuichetParticipantDetailsClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_participant_details_dispose;

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, on_escape, NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-participant-details.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, state_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, warning_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, check_in_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, undo_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, fields_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, answers_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantDetails, history_group);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_check_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_clicked);
}

static void
guichet_participant_details_init (GuichetParticipantDetails *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Shown only while a check-in or undo is on its way. */
  guichet_spinner_set_busy (self->spinner, TRUE);
}
