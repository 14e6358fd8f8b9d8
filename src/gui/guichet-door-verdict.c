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

static GtkMediaStream *
get_sound (GuichetDoorPage *self,
           const char      *resource)
{
  GtkMediaStream *stream = g_hash_table_lookup (self->sounds, resource);

  if (stream == NULL)
    {
      stream = gtk_media_file_new_for_resource (resource);
      g_hash_table_insert (self->sounds, (gpointer) resource, stream);
    }
  return stream;
}

/* The icon shown with a verdict: a shape per kind, beside its colour. */
static const char *
verdict_icon_name (GuichetVerdict verdict,
                   gboolean       out)
{
  switch (verdict)
    {
    case GUICHET_VERDICT_ADMITTED:
      return out ? "go-previous-symbolic" : "emblem-ok-symbolic";
    case GUICHET_VERDICT_ALREADY_CHECKED_IN:
      return "dialog-warning-symbolic";
    case GUICHET_VERDICT_UNKNOWN:
      return "dialog-question-symbolic";
    case GUICHET_VERDICT_REFUSED:
    default:
      return "action-unavailable-symbolic";
    }
}

/* The icon theme changed: the icons loaded are no longer its. */
static void
forget_icons (GuichetDoorPage *self)
{
  if (self->icons != NULL) /* NULL once disposed */
    g_hash_table_remove_all (self->icons);
}

/* Loads the icon of @verdict at the verdict's size, and keeps it: the
 * verdict shows this very paintable, whose file was read and rendered
 * here. (Shown by its name, the image looked the icon up again, and the
 * first frame of each kind of verdict read and rendered its file anew:
 * librsvg and gdk-pixbuf in that frame's profile, under perf.) */
static void
preload_icon (GuichetDoorPage *self,
              GuichetVerdict   verdict,
              gboolean         out)
{
  GtkWidget        *image = GTK_WIDGET (self->verdict_icon);
  GtkIconTheme     *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (image));
  const char       *name = verdict_icon_name (verdict, out);
  int               scale = gtk_widget_get_scale_factor (image);
  GtkIconPaintable *icon;
  GtkSnapshot      *snapshot;
  GskRenderNode    *node;
  int               size = gtk_image_get_pixel_size (self->verdict_icon);

  if (self->icons_scale == 0)
    g_signal_connect_object (theme, "changed", G_CALLBACK (forget_icons), self, G_CONNECT_SWAPPED);
  if (scale != self->icons_scale)
    {
      g_hash_table_remove_all (self->icons);
      self->icons_scale = scale;
    }

  icon = gtk_icon_theme_lookup_icon (theme, name, NULL, size, scale,
                                     gtk_widget_get_direction (image), 0);
  /* Drawn once, which reads and renders its file. */
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (icon), snapshot, size, size);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
  g_hash_table_replace (self->icons, (gpointer) name, icon);
}

/* Shows the icon of @verdict: the one loaded before, if it was loaded
 * for this scale, else by its name. */
static void
show_verdict_icon (GuichetDoorPage *self,
                   GuichetVerdict   verdict,
                   gboolean         out)
{
  const char       *name = verdict_icon_name (verdict, out);
  GtkIconPaintable *icon = g_hash_table_lookup (self->icons, name);

  if (icon != NULL &&
      self->icons_scale == gtk_widget_get_scale_factor (GTK_WIDGET (self->verdict_icon)))
    gtk_image_set_from_paintable (self->verdict_icon, GDK_PAINTABLE (icon));
  else
    gtk_image_set_from_icon_name (self->verdict_icon, name);
}

/* Before the first scans, a step at a time (each a few milliseconds, so
 * that a scan is never held back long): opens the sounds, as the first
 * one opened starts the media framework, and loads the verdicts' icons,
 * as reading and rendering one added ~3 ms to the first frame showing
 * it. FALSE when all is done. */
gboolean
_guichet_door_page_preload_step (GuichetDoorPage *self)
{
  static const struct
  {
    GuichetVerdict verdict;
    gboolean       out;
  } kinds[] = {
    { GUICHET_VERDICT_ADMITTED, FALSE },
    { GUICHET_VERDICT_ADMITTED, TRUE },
    { GUICHET_VERDICT_ALREADY_CHECKED_IN, FALSE },
    { GUICHET_VERDICT_UNKNOWN, FALSE },
    { GUICHET_VERDICT_REFUSED, FALSE },
  };
  guint step = self->preloaded++;

  if (step < G_N_ELEMENTS (kinds))
    {
      if (self->sound)
        get_sound (self, sound_resource (kinds[step].verdict));
      preload_icon (self, kinds[step].verdict, kinds[step].out);
    }
  return self->preloaded < G_N_ELEMENTS (kinds);
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
  stream = get_sound (self, resource);
  /* A verdict cuts the previous one's sound short. */
  gtk_media_stream_pause (stream);
  gtk_media_stream_seek (stream, 0);
  gtk_media_stream_play (stream);
}

/* The last scans */

static void
last_scan_clear (gpointer data)
{
  LastScan *scan = data;

  g_free (scan->text);
  g_free (scan->code);
}

LastScan *
_guichet_last_scan_ref (LastScan *scan)
{
  return g_rc_box_acquire (scan);
}

void
_guichet_last_scan_unref (LastScan *scan)
{
  g_rc_box_release_full (scan, last_scan_clear);
}

static void
undo_clicked (GtkButton       *button,
              GuichetDoorPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  guint      index;
  LastScan  *scan;

  if (row == NULL || !g_ptr_array_find (self->scan_rows, row, &index))
    return;
  scan = g_queue_peek_nth (&self->last_scans, index);
  if (scan != NULL && scan->code != NULL && !scan->undoing && !scan->undone)
    _guichet_door_page_undo (self, scan);
}

/* A row of the last scans: the scan in words and, for an admission, its
 * undo. */
static GtkWidget *
new_scan_row (GuichetDoorPage *self)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  button = gtk_button_new_with_mnemonic (_("_Undo"));
  gtk_widget_set_tooltip_text (button, _("Annul this admission"));
  g_signal_connect (button, "clicked", G_CALLBACK (undo_clicked), self);
  gtk_box_append (GTK_BOX (box), button);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (row), "button", button);
  return row;
}

static void
show_scan_in (GtkWidget *row,
              LastScan  *scan)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "button");

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "label"), scan->text);
  gtk_widget_set_visible (button, scan->code != NULL);
  if (scan->code == NULL)
    return;
  if (scan->undone)
    gtk_button_set_label (GTK_BUTTON (button), _("Undone"));
  else
    gtk_button_set_label (GTK_BUTTON (button), _("_Undo"));
  gtk_widget_set_sensitive (button, !scan->undoing && !scan->undone);
}

/* Shows again what became of @scan (its undo), if it is still listed. */
void
_guichet_door_page_show_last_scan (GuichetDoorPage *self,
                                   LastScan        *scan)
{
  int index = g_queue_index (&self->last_scans, scan);

  if (index >= 0 && (guint) index < self->scan_rows->len)
    show_scan_in (g_ptr_array_index (self->scan_rows, index), scan);
}

/* The last scans' order: their rows' order in self->scan_rows, the
 * newest first. */
static int
newest_first (GtkListBoxRow *row1,
              GtkListBoxRow *row2,
              gpointer       user_data)
{
  GuichetDoorPage *self = user_data;
  guint            index1 = 0;
  guint            index2 = 0;

  if (self->scan_rows == NULL)
    return 0; /* the page is going away */
  g_ptr_array_find (self->scan_rows, row1, &index1);
  g_ptr_array_find (self->scan_rows, row2, &index2);
  return index1 == index2 ? 0 : index1 < index2 ? -1 : 1;
}

/* Row i of the list shows scan i of self->last_scans. A new scan goes
 * into a new row while the list is short, then into the bottom row,
 * which the sort moves to the top. The other rows keep what they show
 * and only move down: writing every row again at each scan (ten labels
 * and buttons measured, restyled and drawn) was most of the verdict
 * frame's work. */
static void
add_last_scan (GuichetDoorPage *self,
               DoorJob         *job,
               const char      *verdict,
               const char      *name)
{
  LastScan        *scan = g_rc_box_new0 (LastScan);
  g_autofree char *time = format_time (guichet_check_in_get_time (job->check_in));
  GtkWidget       *row;

  /* Translators: a line of the last scans: time, verdict, holder or code */
  scan->text = g_strdup_printf (_("%s · %s · %s"), time ? time : "", verdict, name);
  if (guichet_check_in_get_verdict (job->check_in) == GUICHET_VERDICT_ADMITTED &&
      guichet_check_in_get_direction (job->check_in) == GUICHET_DIRECTION_IN)
    scan->code = g_strdup (guichet_check_in_get_code (job->check_in));

  g_queue_push_head (&self->last_scans, scan);
  /* Keep the list short. */
  if (self->last_scans.length > MAX_LAST_SCANS)
    {
      _guichet_last_scan_unref (g_queue_pop_tail (&self->last_scans));
      row = g_ptr_array_steal_index (self->scan_rows, self->scan_rows->len - 1);
      g_ptr_array_insert (self->scan_rows, 0, row);
      /* Moves the row in the list's order, then its widget to the top,
       * as gtk_list_box_invalidate_sort() would have done by moving each
       * other row after it (and restyling them all). */
      gtk_list_box_row_changed (GTK_LIST_BOX_ROW (row));
      gtk_widget_insert_after (row, GTK_WIDGET (self->scan_list), NULL);
    }
  else
    {
      row = new_scan_row (self);
      if (self->scan_rows->len == 0)
        gtk_list_box_set_sort_func (self->scan_list, newest_first, self, NULL);
      g_ptr_array_insert (self->scan_rows, 0, row);
      gtk_list_box_append (self->scan_list, row);
    }
  show_scan_in (row, scan);
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
  const char      *css;

  /* The counts of the scans before it, in the same frame */
  _guichet_door_page_show_held_counts (self);

  switch (verdict)
    {
    case GUICHET_VERDICT_ADMITTED:
      words = out ? _("Checked Out") : _("Admitted");
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
      css = "unknown";
      detail = g_strdup (guichet_check_in_get_code (entry));
      break;

    case GUICHET_VERDICT_REFUSED:
    default:
      words = _("Refused");
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
  show_verdict_icon (self, verdict, out);
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
