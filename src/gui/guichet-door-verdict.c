/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page-private.h"

/* The door page: a verdict shown, with its words, its sound and the last scans. */

static const char *
reason_words (GuichetReason reason)
{
  switch (reason)
    {
    case GUICHET_REASON_VOID:
      return _("The ticket was voided");
    case GUICHET_REASON_REFUNDED:
      return _("The ticket was refunded");
    case GUICHET_REASON_UNPAID:
      return _("The ticket is not paid");
    case GUICHET_REASON_DELETED:
      return _("The ticket was deleted");
    case GUICHET_REASON_WRONG_EVENT:
      return _("The ticket is for another event");
    case GUICHET_REASON_WRONG_DATE:
      return _("The ticket is for another date");
    case GUICHET_REASON_GATE:
      return _("This gate does not admit this ticket type");
    case GUICHET_REASON_INVALID_CODE:
      return _("This is not a ticket code");
    case GUICHET_REASON_NONE:
    default:
      return _("No reason given");
    }
}

static char *
format_time (gint64 time)
{
  g_autoptr (GDateTime) dt = time > 0 ? g_date_time_new_from_unix_local (time) : NULL;

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
  const char     *resource = sound_resource (verdict);
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

static void
add_last_scan (GuichetDoorPage *self,
               DoorJob         *job,
               const char      *verdict,
               const char      *name)
{
  GtkWidget       *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget       *label;
  GtkWidget       *child;
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

  if (guichet_check_in_get_verdict (job->check_in) == GUICHET_VERDICT_ADMITTED &&
      guichet_check_in_get_direction (job->check_in) == GUICHET_DIRECTION_IN)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Undo"));

      gtk_widget_set_tooltip_text (button, _("Annul this admission"));
      g_object_set_data_full (G_OBJECT (button), "code",
                              g_strdup (guichet_check_in_get_code (job->check_in)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (_guichet_door_page_undo_clicked), self);
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

void
_guichet_door_page_show_verdict (GuichetDoorPage *self,
                                 DoorJob         *job)
{
  GuichetCheckIn  *entry = job->check_in;
  GuichetVerdict   verdict = guichet_check_in_get_verdict (entry);
  gboolean         out = guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_OUT;
  g_autofree char *name =
    job->participant ? guichet_participant_dup_display_name (job->participant) : NULL;
  const char *ticket_type =
    job->participant ? guichet_participant_get_ticket_type_name (job->participant) : NULL;
  g_autofree char *detail = NULL;
  g_autofree char *spoken = NULL;
  const char      *words;
  const char      *icon;
  const char      *css;

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
          detail = g_strdup_printf (_("The platform refused it: %s"),
                                      guichet_check_in_get_remote_message (entry));
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
        else if (job->participant != NULL &&
                 guichet_participant_get_checked_in_at (job->participant) != NULL)
          /* Translators: %s is the time the platform reported */
          detail = g_strdup_printf (_("On the platform, at %s"),
                                      guichet_participant_get_checked_in_at (job->participant));
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
      g_autoptr (GString) more = g_string_new (detail);
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words, -1);
  g_free (self->last_verdict);
  self->last_verdict = g_strdup (words);
  self->n_verdicts++;
  g_object_notify (G_OBJECT (self), "last-verdict");

  add_last_scan (self, job, words, name ? name : guichet_check_in_get_code (entry));
  play_sound (self, verdict);
}

/* The scan pipeline: one code at a time, in order */
