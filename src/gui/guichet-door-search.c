/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page-private.h"

/* The door page: finding people by name, and checking them in. */

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
  GError    *error = NULL;
  GPtrArray *found;

  found = guichet_store_search_participants (job->store, job->account_id, job->event_id, job->text,
                                             MAX_RESULTS, &error);
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
  SearchJob       *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
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
      g_autofree char    *name = guichet_participant_dup_display_name (p);
      const char         *type = guichet_participant_get_ticket_type_name (p);
      g_autofree char    *text = g_strdup_printf ("%s · %s", name ? name : "", type ? type : "");
      g_autofree char    *accessible = NULL;
      GtkWidget          *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget          *label = gtk_label_new (text);
      GtkWidget          *button = gtk_button_new_with_mnemonic (_("_Check In"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (row, 6);
      gtk_widget_set_margin_end (row, 6);
      gtk_widget_set_margin_top (row, 3);
      gtk_widget_set_margin_bottom (row, 3);
      /* Translators: %s is a ticket holder's name */
      accessible = g_strdup_printf (_("Check in %s"), name ? name : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      g_object_set_data_full (G_OBJECT (button), "code",
                              g_strdup (guichet_participant_get_barcode (p)), g_free);
      gtk_widget_set_sensitive (button, guichet_participant_get_barcode (p) != NULL);
      g_signal_connect (button, "clicked", G_CALLBACK (result_check_in_clicked), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_list_box_append (self->result_list, row);
    }
}

void
_guichet_door_page_search_changed (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  const char   *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr (GTask) task = NULL;
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
  g_task_set_source_tag (task, _guichet_door_page_search_changed);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_run);
}

/* Event, date, gates */
