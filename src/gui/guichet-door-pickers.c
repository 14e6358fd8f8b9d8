/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page-private.h"

/* The door page: the date, gate and important-questions pickers. */

void
_guichet_door_page_rebuild_door (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));

  g_clear_object (&self->door);
  if (event == NULL || store == NULL)
    return;
  self->door =
    guichet_door_new (store, guichet_event_get_account_id (event), guichet_event_get_id (event));
  guichet_door_set_desk (self->door, _guichet_door_page_get_desk (self));
  if (self->date_id != NULL)
    guichet_door_set_date (self->door, self->date_id);
  if (self->gates != NULL && self->gates[0] != NULL)
    guichet_door_set_gates (self->door, (const char * const *) self->gates);
  guichet_door_set_remote (self->door, self->remote != NULL);
  _guichet_door_page_process_next (self);
}

static void
update_gate_label (GuichetDoorPage *self)
{
  guint            n = self->gates ? g_strv_length (self->gates) : 0;
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("All Ticket Types"));
  else
    label =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Ticket Type", "%u Ticket Types", n), n);
  gtk_menu_button_set_label (self->gate_button, label);
}

static void
gate_toggled (GtkCheckButton  *check,
              GuichetDoorPage *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

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
  _guichet_door_page_rebuild_door (self);
  _guichet_door_page_refresh_counts (self);
}

static void
collect_ticket_types (GListModel *model,
                      GPtrArray  *out)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GuichetTicketCategory) c = g_list_model_get_item (model, i);

      if (guichet_ticket_category_get_kind (c) == GUICHET_CATEGORY_KIND_TICKET)
        g_ptr_array_add (out, g_object_ref (c));
      collect_ticket_types (guichet_ticket_category_get_children (c), out);
    }
}

void
_guichet_door_page_date_selected (GuichetDoorPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->date_dropdown);

  if (self->updating_pickers)
    return;
  g_clear_pointer (&self->date_id, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected - 1 < self->date_ids->len)
    self->date_id = g_strdup (g_ptr_array_index (self->date_ids, selected - 1));
  _guichet_door_page_rebuild_door (self);
}

/* The pickers, from the store (small lists: a few dates and ticket types). */
void
_guichet_door_page_fill_pickers (GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));
  g_autoptr (GtkStringList) dates = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) date_list = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GPtrArray) types = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GListStore) root_model = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
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
      const char       *id = guichet_event_date_get_id (date);

      gtk_string_list_append (dates, guichet_event_date_get_start (date)
                                       ? guichet_event_date_get_start (date)
                                       : id);
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
      const char            *id = guichet_ticket_category_get_id (type);
      GtkWidget *check = gtk_check_button_new_with_label (guichet_ticket_category_get_name (type));

      g_object_set_data_full (G_OBJECT (check), "ticket-type-id", g_strdup (id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   self->gates != NULL &&
                                     g_strv_contains ((const char * const *) self->gates, id));
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
  GError       *error = NULL;

  job->questions =
    guichet_store_list_questions (job->store, job->account_id, job->event_id, &error);
  if (job->questions != NULL)
    job->important =
      guichet_store_get_important_questions (job->store, job->account_id, job->event_id, &error);
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
  GError       *error = NULL;

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
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_cancellable_is_cancelled (self->cancellable))
    guichet_page_show_error (GUICHET_PAGE (self), error->message);
}

static void
question_toggled (GtkCheckButton  *check,
                  GuichetDoorPage *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GTask) task = NULL;
  QuestionsJob *job;

  for (guint i = 0; i < self->question_checks->len; i++)
    {
      GtkCheckButton *c = g_ptr_array_index (self->question_checks, i);

      if (gtk_check_button_get_active (c))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (c), "label"));
    }
  g_strfreev (self->important);
  self->important = g_strv_builder_end (builder);
  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL ||
      guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
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
  QuestionsJob    *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

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
      GtkWidget  *check = gtk_check_button_new_with_label (label);

      g_object_set_data_full (G_OBJECT (check), "label", g_strdup (label), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *) self->important, label));
      g_signal_connect (check, "toggled", G_CALLBACK (question_toggled), self);
      gtk_box_append (self->questions_box, check);
      g_ptr_array_add (self->question_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->questions_button), self->question_checks->len > 0);
}

void
_guichet_door_page_load_questions (GuichetDoorPage *self)
{
  g_autoptr (GTask) task = NULL;

  self->questions_serial++;
  for (guint i = 0; i < self->question_checks->len; i++)
    gtk_box_remove (self->questions_box, g_ptr_array_index (self->question_checks, i));
  g_ptr_array_set_size (self->question_checks, 0);
  g_clear_pointer (&self->important, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->questions_button), FALSE);
  if (guichet_page_get_event (GUICHET_PAGE (self)) == NULL ||
      guichet_page_get_store (GUICHET_PAGE (self)) == NULL)
    return;
  task = g_task_new (self, self->cancellable, questions_loaded, NULL);
  g_task_set_source_tag (task, _guichet_door_page_load_questions);
  g_task_set_task_data (task, questions_job_new (self), (GDestroyNotify) questions_job_free);
  g_task_run_in_thread (task, questions_load_run);
}
