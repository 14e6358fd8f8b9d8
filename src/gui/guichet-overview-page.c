/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-dates.h"
#include "guichet-format.h"
#include "guichet-overview-page.h"

struct _GuichetOverviewPage
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkLabel            *event_name_label;
  GtkLabel            *event_when_label;
  GtkLabel            *participants_label;
  GtkLabel            *checked_in_label;
  GtkProgressBar      *checked_in_bar;
  AdwPreferencesGroup *dates_group;
  GtkListBox          *dates_list;
  GtkLabel            *start_label;
  GtkLabel            *end_label;
  GtkLabel            *venue_label;
  GtkLabel            *status_label;
  GtkLabel            *account_label;

  /* The counts being read; cancelled when the event changes or the page
   * goes, so a late answer never touches a label. */
  GCancellable *count_cancellable;
};

G_DEFINE_FINAL_TYPE (GuichetOverviewPage, guichet_overview_page, GUICHET_TYPE_PAGE)

/* Counters: read in a worker thread, never on the main thread. */

typedef struct
{
  GuichetStore *store;
  char         *account_id;
  char         *event_id;
  gint64        total;
  gint64        checked_in;
} CountData;

static void
count_data_free (gpointer data)
{
  CountData *count = data;

  g_clear_object (&count->store);
  g_free (count->account_id);
  g_free (count->event_id);
  g_free (count);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountData *count = task_data;
  GError    *error = NULL;

  count->total =
    guichet_store_count_participants (count->store, count->account_id, count->event_id, &error);
  if (error == NULL)
    count->checked_in =
      guichet_store_count_checked_in (count->store, count->account_id, count->event_id, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CountData *count = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  GuichetOverviewPage *self;
  g_autofree char     *total = NULL;
  g_autofree char     *checked_in = NULL;
  g_autofree char     *share = NULL;
  double               fraction;

  /* Cancelled (another event, or the page went): touch nothing. The task
   * holds no reference to the page: @object is NULL. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GUICHET_OVERVIEW_PAGE (user_data);
  if (error != NULL)
    {
      gtk_label_set_label (self->participants_label, "—");
      gtk_label_set_label (self->checked_in_label, "—");
      guichet_page_show_error (GUICHET_PAGE (self), error->message);
      return;
    }

  total = g_strdup_printf ("%" G_GINT64_FORMAT, count->total);
  checked_in = g_strdup_printf ("%" G_GINT64_FORMAT, count->checked_in);
  gtk_label_set_label (self->participants_label, total);
  gtk_label_set_label (self->checked_in_label, checked_in);
  fraction = count->total > 0 ? MIN (1.0, (double) count->checked_in / count->total) : 0.0;
  share = guichet_format_checked_in_share (count->checked_in, count->total);
  gtk_progress_bar_set_fraction (self->checked_in_bar, fraction);
  gtk_progress_bar_set_text (self->checked_in_bar, share);
}

static void
load_counts (GuichetOverviewPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));
  g_autoptr (GTask) task = NULL;
  CountData *count;

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  gtk_label_set_label (self->participants_label, "…");
  gtk_label_set_label (self->checked_in_label, "…");
  gtk_progress_bar_set_fraction (self->checked_in_bar, 0.0);
  gtk_progress_bar_set_text (self->checked_in_bar, "");

  if (event == NULL || store == NULL)
    return;

  self->count_cancellable = g_cancellable_new ();

  count = g_new0 (CountData, 1);
  count->store = g_object_ref (store);
  count->account_id = g_strdup (guichet_event_get_account_id (event));
  count->event_id = g_strdup (guichet_event_get_id (event));

  /* No source object: the task must not keep the page alive, and the
   * callback runs only when not cancelled (dispose cancels). */
  task = g_task_new (NULL, self->count_cancellable, counted_cb, self);
  g_task_set_source_tag (task, load_counts);
  g_task_set_task_data (task, count, count_data_free);
  g_task_run_in_thread (task, count_thread);
}

static void
load_dates (GuichetOverviewPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));
  g_autoptr (GPtrArray) dates = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dates_list))) != NULL)
    gtk_list_box_remove (self->dates_list, child);

  /* An event has a handful of dates: read at once. */
  if (event != NULL && store != NULL)
    dates = guichet_store_list_dates (store, guichet_event_get_account_id (event),
                                      guichet_event_get_id (event), &error);
  if (error != NULL)
    g_debug ("Could not read the dates: %s", error->message);

  for (guint i = 0; dates != NULL && i < dates->len; i++)
    {
      GuichetEventDate *date = g_ptr_array_index (dates, i);
      g_autofree char  *start = guichet_dates_format (guichet_event_date_get_start (date), TRUE);
      g_autofree char  *end = guichet_dates_format (guichet_event_date_get_end (date), TRUE);
      GtkWidget        *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     start != NULL ? start : _("Unknown"));
      if (end != NULL)
        {
          /* Translators: when an event's date ends */
          g_autofree char *until = g_strdup_printf (_("Until %s"), end);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), until);
        }
      gtk_list_box_append (self->dates_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->dates_group), dates != NULL && dates->len > 0);
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_label (label, text != NULL && *text != '\0' ? text : _("Unknown"));
}

static void
guichet_overview_page_event_changed (GuichetPage *page)
{
  GuichetOverviewPage *self = GUICHET_OVERVIEW_PAGE (page);
  GuichetEvent        *event = guichet_page_get_event (page);
  GuichetAccount      *account = guichet_page_get_account (page);
  g_autofree char     *when = NULL;
  g_autofree char     *status = NULL;
  g_autofree char     *start = NULL;
  g_autofree char     *end = NULL;
  const char          *name;

  load_counts (self);
  load_dates (self);

  if (event == NULL)
    return;

  name = guichet_event_get_name (event);
  if (name == NULL || *name == '\0')
    name = _("Untitled event");

  when = guichet_dates_format_when (event);
  start = guichet_dates_format (guichet_event_get_start (event), TRUE);
  end = guichet_dates_format (guichet_event_get_end (event), TRUE);

  gtk_label_set_label (self->event_name_label, name);
  gtk_label_set_label (self->event_when_label, when != NULL ? when : "");
  gtk_widget_set_visible (GTK_WIDGET (self->event_when_label), when != NULL);
  set_optional_label (self->start_label, start);
  set_optional_label (self->end_label, end);
  set_optional_label (self->venue_label, guichet_event_get_venue (event));
  status = guichet_format_event_status (guichet_event_get_status (event));
  set_optional_label (self->status_label, status);
  set_optional_label (self->account_label,
                      account != NULL ? guichet_account_get_name (account) : NULL);
}

static void
guichet_overview_page_dispose (GObject *object)
{
  GuichetOverviewPage *self = GUICHET_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (guichet_overview_page_parent_class)->dispose (object);
}

static void
guichet_overview_page_class_init (GuichetOverviewPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_overview_page_dispose;
  page_class->event_changed = guichet_overview_page_event_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, event_name_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, event_when_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, participants_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, checked_in_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, checked_in_bar);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, dates_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, dates_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, end_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, venue_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOverviewPage, account_label);
}

static void
guichet_overview_page_init (GuichetOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
