/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-participants-view.h"
#include "guichet-providers.h"
#include "guichet-tickets-view.h"
#include "guichet-window-private.h"

struct _GuichetWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *events_list;
  GtkRevealer          *sync_revealer;
  GtkLabel             *sync_status_label;
  GtkProgressBar       *sync_progress_bar;
  AdwViewSwitcherTitle *content_title;
  GtkMenuButton        *event_menu_button;
  AdwViewStack         *event_stack;
  AdwPreferencesGroup  *dates_group;
  GtkListBox           *dates_list;
  GuichetTicketsView   *tickets_view;
  GuichetParticipantsView *participants_view;
  GtkStack             *content_stack;
  AdwStatusPage        *preparing_page;
  GtkProgressBar       *preparing_progress_bar;
  GtkLabel             *event_name_label;
  GtkLabel             *event_when_label;
  GtkLabel             *participants_label;
  GtkLabel             *checked_in_label;
  GtkProgressBar       *checked_in_bar;
  GtkLabel             *start_label;
  GtkLabel             *end_label;
  GtkLabel             *venue_label;
  GtkLabel             *status_label;
  GtkLabel             *account_label;

  GSettings            *settings;
  GuichetStore         *store;

  /* (element-type GuichetEvent), sorted by account, then start */
  GListStore           *events;
  /* account id -> display name */
  GHashTable           *account_names;
  GuichetEvent         *selected_event;
  GCancellable         *details_cancellable;

  /* Syncing: one account at a time, the others wait in the queue. */
  GQueue                sync_queue;  /* (element-type GuichetAccount) */
  GuichetSync          *sync;
  GCancellable         *sync_cancellable;
  gboolean              sync_running;

  /* Door stations: account id -> refresh interval in seconds (GUINT_TO_POINTER),
   * as the platform asked when the desk registered. */
  GHashTable           *refresh_intervals;
  guint                 refresh_source;
  guint                 refresh_interval;
  char                 *refresh_account_id;
  /* Accounts with a "sign in again" toast on screen (ids) */
  GHashTable           *auth_toasts;

  guint                 reloading : 1;
  guint                 preparing : 1;
};

G_DEFINE_FINAL_TYPE (GuichetWindow, guichet_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_next_sync (GuichetWindow *self);

/* Settings: the schema is optional (tests without data/, first runs); every
 * access goes through these helpers. */

static gboolean
settings_has_key (GuichetWindow *self,
                  const char    *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;

  g_object_get (self->settings, "settings-schema", &schema, NULL);

  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static int
settings_get_int (GuichetWindow *self,
                  const char    *key,
                  int            fallback)
{
  g_autoptr(GVariant) value = NULL;

  if (!settings_has_key (self, key))
    return fallback;

  value = g_settings_get_value (self->settings, key);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return (int) MIN (g_variant_get_uint32 (value), G_MAXINT);

  return fallback;
}

static void
settings_set_int (GuichetWindow *self,
                  const char    *key,
                  int            value)
{
  g_autoptr(GVariant) current = NULL;

  if (!settings_has_key (self, key))
    return;

  current = g_settings_get_value (self->settings, key);
  if (g_variant_is_of_type (current, G_VARIANT_TYPE_INT32))
    g_settings_set_int (self->settings, key, value);
  else if (g_variant_is_of_type (current, G_VARIANT_TYPE_UINT32))
    g_settings_set_uint (self->settings, key, (guint) MAX (value, 0));
}

static char *
settings_dup_string (GuichetWindow *self,
                     const char    *key)
{
  if (!settings_has_key (self, key))
    return NULL;

  return g_settings_get_string (self->settings, key);
}

static void
settings_set_string (GuichetWindow *self,
                     const char    *key,
                     const char    *value)
{
  if (settings_has_key (self, key))
    g_settings_set_string (self->settings, key, value != NULL ? value : "");
}

/* Dates */

static GDateTime *
parse_date (const char *text)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  local = g_time_zone_new_local ();
  date = g_date_time_new_from_iso8601 (text, local);
  if (date == NULL)
    {
      /* A date without a time: "2025-06-07" */
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      date = g_date_time_new_from_iso8601 (midnight, local);
    }
  if (date == NULL)
    return NULL;

  return g_date_time_to_local (date);
}

static char *
format_date (const char *text,
             gboolean    with_time)
{
  g_autoptr(GDateTime) date = parse_date (text);

  if (text == NULL || *text == '\0')
    return NULL;
  if (date == NULL)
    return g_strdup (text);

  if (with_time)
    /* Translators: a date and time, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%A %-d %B %Y, %H:%M"));
  else
    /* Translators: a short date, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%a %-d %b %Y"));
}

static char *
format_when (GuichetEvent *event)
{
  g_autoptr(GDateTime) start = parse_date (guichet_event_get_start (event));
  g_autoptr(GDateTime) end = parse_date (guichet_event_get_end (event));
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  if (start == NULL)
    return format_date (guichet_event_get_start (event), TRUE);

  start_text = format_date (guichet_event_get_start (event), TRUE);
  if (end == NULL)
    return g_steal_pointer (&start_text);

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: the end time of an event that ends on the day it starts */
    end_text = g_date_time_format (end, _("%H:%M"));
  else
    end_text = format_date (guichet_event_get_end (event), TRUE);

  /* Translators: an event's start and end, e.g. "Saturday 7 June 2025, 20:00 – 23:30" */
  return g_strdup_printf (_("%s – %s"), start_text, end_text);
}

/* The events list */

static const char *
account_name (GuichetWindow *self,
              const char    *account_id)
{
  const char *name = NULL;

  if (account_id != NULL && self->account_names != NULL)
    name = g_hash_table_lookup (self->account_names, account_id);

  return name != NULL ? name : "";
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  GuichetEvent *event = item;
  g_autofree char *date = NULL;
  const char *name = guichet_event_get_name (event);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  if (name == NULL || *name == '\0')
    name = _("Untitled event");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  date = format_date (guichet_event_get_start (event), FALSE);
  if (date != NULL)
    {
      label = gtk_label_new (date);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "event", g_object_ref (event), g_object_unref);

  return row;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  GuichetWindow *self = user_data;
  GuichetEvent *event = g_object_get_data (G_OBJECT (row), "event");
  GuichetEvent *previous = NULL;
  const char *account_id = guichet_event_get_account_id (event);
  GtkWidget *header;

  if (before != NULL)
    previous = g_object_get_data (G_OBJECT (before), "event");

  if (previous != NULL &&
      g_strcmp0 (account_id, guichet_event_get_account_id (previous)) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (account_name (self, account_id));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (header, "account-header");
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

typedef struct
{
  GHashTable *account_names;
} SortData;

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GuichetEvent *ea = *(GuichetEvent **) a;
  GuichetEvent *eb = *(GuichetEvent **) b;
  SortData *data = user_data;
  const char *na = g_hash_table_lookup (data->account_names, guichet_event_get_account_id (ea));
  const char *nb = g_hash_table_lookup (data->account_names, guichet_event_get_account_id (eb));
  int cmp;

  if ((cmp = g_utf8_collate (na ? na : "", nb ? nb : "")) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (guichet_event_get_account_id (ea), guichet_event_get_account_id (eb))) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (guichet_event_get_start (ea), guichet_event_get_start (eb))) != 0)
    return cmp;

  return g_utf8_collate (guichet_event_get_name (ea) ? guichet_event_get_name (ea) : "",
                         guichet_event_get_name (eb) ? guichet_event_get_name (eb) : "");
}

static gboolean
is_syncing (GuichetWindow *self)
{
  return self->sync_running || !g_queue_is_empty (&self->sync_queue);
}

static void
update_content_page (GuichetWindow *self)
{
  const char *page;

  if (self->store == NULL)
    page = "no-store";
  else if (self->selected_event != NULL)
    page = "details";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->events)) > 0)
    page = "no-selection";
  else if (self->preparing && is_syncing (self))
    page = "preparing";
  else
    page = "no-events";

  gtk_stack_set_visible_child_name (self->content_stack, page);
  /* The preparing page has its own progress bar. */
  gtk_revealer_set_reveal_child (self->sync_revealer,
                                 is_syncing (self) && g_strcmp0 (page, "preparing") != 0);

  if (self->selected_event == NULL)
    {
      adw_view_switcher_title_set_title (self->content_title, "");
      adw_view_switcher_title_set_subtitle (self->content_title, "");
    }
}

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
  GError *error = NULL;

  count->total = guichet_store_count_participants (count->store,
                                                   count->account_id,
                                                   count->event_id,
                                                   &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  count->checked_in = guichet_store_count_checked_in (count->store,
                                                     count->account_id,
                                                     count->event_id,
                                                     &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GuichetWindow *self = GUICHET_WINDOW (object);
  CountData *count = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *checked_in = NULL;
  g_autofree char *share = NULL;
  double fraction;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->participants_label, "—");
          gtk_label_set_label (self->checked_in_label, "—");
          guichet_window_show_error (self, error->message);
        }
      return;
    }

  total = g_strdup_printf ("%" G_GINT64_FORMAT, count->total);
  checked_in = g_strdup_printf ("%" G_GINT64_FORMAT, count->checked_in);
  gtk_label_set_label (self->participants_label, total);
  gtk_label_set_label (self->checked_in_label, checked_in);
  fraction = count->total > 0 ? MIN (1.0, (double) count->checked_in / count->total) : 0.0;
  /* Translators: the share of an event's participants already checked in */
  share = g_strdup_printf (_("%.0f %% checked in"), fraction * 100.0);
  gtk_progress_bar_set_fraction (self->checked_in_bar, fraction);
  gtk_progress_bar_set_text (self->checked_in_bar, share);
}

static void
load_counts (GuichetWindow *self)
{
  g_autoptr(GTask) task = NULL;
  CountData *count;

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);

  gtk_label_set_label (self->participants_label, "…");
  gtk_label_set_label (self->checked_in_label, "…");
  gtk_progress_bar_set_fraction (self->checked_in_bar, 0.0);
  gtk_progress_bar_set_text (self->checked_in_bar, "");

  if (self->selected_event == NULL || self->store == NULL)
    return;

  self->details_cancellable = g_cancellable_new ();

  count = g_new0 (CountData, 1);
  count->store = g_object_ref (self->store);
  count->account_id = g_strdup (guichet_event_get_account_id (self->selected_event));
  count->event_id = g_strdup (guichet_event_get_id (self->selected_event));

  task = g_task_new (self, self->details_cancellable, counted_cb, NULL);
  g_task_set_source_tag (task, load_counts);
  g_task_set_task_data (task, count, count_data_free);
  g_task_run_in_thread (task, count_thread);
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_label (label, text != NULL && *text != '\0' ? text : _("Unknown"));
}

static void
load_dates (GuichetWindow *self,
            GuichetEvent  *event)
{
  g_autoptr(GPtrArray) dates = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dates_list))) != NULL)
    gtk_list_box_remove (self->dates_list, child);

  /* An event has a handful of dates: read at once. */
  if (event != NULL && self->store != NULL)
    dates = guichet_store_list_dates (self->store,
                                      guichet_event_get_account_id (event),
                                      guichet_event_get_id (event),
                                      &error);
  if (error != NULL)
    g_debug ("Could not read the dates: %s", error->message);

  for (guint i = 0; dates != NULL && i < dates->len; i++)
    {
      GuichetEventDate *date = g_ptr_array_index (dates, i);
      g_autofree char *start = format_date (guichet_event_date_get_start (date), TRUE);
      g_autofree char *end = format_date (guichet_event_date_get_end (date), TRUE);
      GtkWidget *row = adw_action_row_new ();

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

static gboolean
account_has_secrets (GuichetAccount *account)
{
  GuichetProviderClass *klass = guichet_providers_get_class (guichet_account_get_provider (account));

  for (guint i = 0; klass != NULL && klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    if (klass->credentials[i].secret)
      return TRUE;

  return FALSE;
}

static void
update_event_menu (GuichetWindow  *self,
                   GuichetAccount *account)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) item = NULL;
  const char *id;

  gtk_widget_set_visible (GTK_WIDGET (self->event_menu_button), account != NULL);
  if (account == NULL)
    {
      gtk_menu_button_set_menu_model (self->event_menu_button, NULL);
      return;
    }

  id = guichet_account_get_id (account);
  menu = g_menu_new ();
  if (account_has_secrets (account))
    {
      item = g_menu_item_new (_("Sign _In Again…"), NULL);
      g_menu_item_set_action_and_target (item, "win.sign-in-again", "s", id);
      g_menu_append_item (menu, item);
      g_clear_object (&item);
    }
  item = g_menu_item_new (_("_Remove Account…"), NULL);
  g_menu_item_set_action_and_target (item, "win.remove-account", "s", id);
  g_menu_append_item (menu, item);

  gtk_menu_button_set_menu_model (self->event_menu_button, G_MENU_MODEL (menu));
}

static void update_refresh_timer (GuichetWindow *self);

static void
show_event_pages (GuichetWindow *self,
                  GuichetEvent  *event)
{
  g_autoptr(GuichetAccount) account = NULL;
  GuichetApplication *app = GUICHET_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (event != NULL && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      account = guichet_store_find_account (self->store,
                                            guichet_event_get_account_id (event),
                                            &error);
      if (account == NULL)
        g_debug ("No account for the event: %s", error->message);
    }

  load_dates (self, event);
  guichet_tickets_view_set_event (self->tickets_view, self->store,
                                  app != NULL ? guichet_application_get_http_client (app) : NULL,
                                  account, event);
  guichet_participants_view_set_event (self->participants_view, self->store, event);
  update_event_menu (self, account);
  adw_view_switcher_title_set_view_switcher_enabled (self->content_title, event != NULL);
  update_refresh_timer (self);
}

static void
show_event (GuichetWindow *self,
            GuichetEvent  *event)
{
  g_autofree char *when = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  const char *name;
  const char *account;

  if (!g_set_object (&self->selected_event, event))
    return;

  if (event == NULL)
    {
      load_counts (self);
      show_event_pages (self, NULL);
      update_content_page (self);
      return;
    }

  name = guichet_event_get_name (event);
  if (name == NULL || *name == '\0')
    name = _("Untitled event");
  account = account_name (self, guichet_event_get_account_id (event));

  when = format_when (event);
  start = format_date (guichet_event_get_start (event), TRUE);
  end = format_date (guichet_event_get_end (event), TRUE);

  adw_view_switcher_title_set_title (self->content_title, name);
  adw_view_switcher_title_set_subtitle (self->content_title, account);
  gtk_label_set_label (self->event_name_label, name);
  gtk_label_set_label (self->event_when_label, when != NULL ? when : "");
  gtk_widget_set_visible (GTK_WIDGET (self->event_when_label), when != NULL);
  set_optional_label (self->start_label, start);
  set_optional_label (self->end_label, end);
  set_optional_label (self->venue_label, guichet_event_get_venue (event));
  set_optional_label (self->status_label, guichet_event_get_status (event));
  set_optional_label (self->account_label, account);

  load_counts (self);
  show_event_pages (self, event);
  update_content_page (self);
}

static void
on_row_selected (GuichetWindow *self,
                 GtkListBoxRow *row)
{
  GuichetEvent *event = NULL;

  if (self->reloading)
    return;

  if (row != NULL)
    event = g_object_get_data (G_OBJECT (row), "event");

  show_event (self, event);

  if (event != NULL)
    {
      settings_set_string (self, "last-account", guichet_event_get_account_id (event));
      settings_set_string (self, "last-event", guichet_event_get_id (event));
    }
}

static void
on_row_activated (GuichetWindow *self,
                  GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked (GuichetWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
select_event (GuichetWindow *self,
              const char    *account_id,
              const char    *event_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->events));

  if (account_id == NULL || event_id == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GuichetEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);

      if (g_strcmp0 (guichet_event_get_account_id (event), account_id) == 0 &&
          g_strcmp0 (guichet_event_get_id (event), event_id) == 0)
        {
          gtk_list_box_select_row (self->events_list,
                                   gtk_list_box_get_row_at_index (self->events_list, (int) i));
          return;
        }
    }
}

void
guichet_window_reload (GuichetWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *event_id = NULL;
  GtkListBoxRow *row;
  SortData sort_data;

  g_return_if_fail (GUICHET_IS_WINDOW (self));

  if (self->store == NULL)
    {
      update_content_page (self);
      return;
    }

  accounts = guichet_store_list_accounts (self->store, &error);
  if (accounts != NULL)
    events = guichet_store_list_events (self->store, NULL, &error);
  if (events == NULL)
    {
      guichet_window_show_error (self, error != NULL ? error->message : _("Could not read the events"));
      return;
    }

  g_hash_table_remove_all (self->account_names);
  for (guint i = 0; i < accounts->len; i++)
    {
      GuichetAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (self->account_names,
                           g_strdup (guichet_account_get_id (account)),
                           g_strdup (guichet_account_get_name (account)));
    }

  sort_data.account_names = self->account_names;
  g_ptr_array_sort_with_data (events, compare_events, &sort_data);

  /* Keep the selection across the reload, or restore the last one. */
  if (self->selected_event != NULL)
    {
      account_id = g_strdup (guichet_event_get_account_id (self->selected_event));
      event_id = g_strdup (guichet_event_get_id (self->selected_event));
    }
  else
    {
      account_id = settings_dup_string (self, "last-account");
      event_id = settings_dup_string (self, "last-event");
    }

  self->reloading = TRUE;
  g_list_store_splice (self->events, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                       events->pdata, events->len);
  select_event (self, account_id, event_id);
  self->reloading = FALSE;

  row = gtk_list_box_get_selected_row (self->events_list);
  g_clear_object (&self->selected_event);
  show_event (self, row != NULL ? g_object_get_data (G_OBJECT (row), "event") : NULL);
  update_content_page (self);
}

void
guichet_window_show_error (GuichetWindow *self,
                           const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (GUICHET_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Sync */

typedef struct
{
  GuichetWindow   *self;
  GuichetAccount  *account;
  GuichetProvider *provider;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->account);
  g_clear_object (&job->provider);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncJob, sync_job_free)

static void
update_sync_state (GuichetWindow *self)
{
  gboolean syncing = is_syncing (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 self->store != NULL && !syncing);

  if (!syncing)
    self->preparing = FALSE;

  update_content_page (self);
}

static void
secrets_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GuichetWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!guichet_secrets_store_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    guichet_window_show_error (self, error->message);
}

static void
on_secrets_changed (GuichetProvider *provider,
                    GuichetWindow   *self)
{
  GuichetAccount *account = guichet_provider_get_account (provider);

  /* A refreshed token: keep it in the keyring, nowhere else. */
  guichet_secrets_store_async (guichet_account_get_id (account),
                               guichet_account_get_name (account),
                               guichet_provider_get_secrets (provider),
                               self->sync_cancellable,
                               secrets_stored_cb,
                               g_object_ref (self));
}

static void
sync_finished (GuichetWindow *self)
{
  g_clear_object (&self->sync);
  self->sync_running = FALSE;
  guichet_window_reload (self);
  start_next_sync (self);
}

static void
on_auth_toast_dismissed (AdwToast      *toast,
                         GuichetWindow *self)
{
  g_hash_table_remove (self->auth_toasts, g_object_get_data (G_OBJECT (toast), "account-id"));
}

/* The platform refused the saved credentials: offer to sign in again. */
static void
show_sign_in_again (GuichetWindow  *self,
                    GuichetAccount *account)
{
  const char *id = guichet_account_get_id (account);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (g_hash_table_contains (self->auth_toasts, id))
    return;

  /* Translators: %s is an account name */
  title = g_strdup_printf (_("Sign in to %s again"), guichet_account_get_name (account));
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("Sign _In…"));
  adw_toast_set_action_name (toast, "win.sign-in-again");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  g_object_set_data_full (G_OBJECT (toast), "account-id", g_strdup (id), g_free);
  g_hash_table_add (self->auth_toasts, g_strdup (id));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_auth_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_sync_error (GuichetWindow  *self,
                 GuichetAccount *account,
                 const GError   *error)
{
  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    show_sign_in_again (self, account);
  else
    guichet_window_show_error (self, error->message);
}

/* Door refresh: while the window shows an event of an account whose
 * platform asked for a refresh interval, sync it that often. */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  GuichetWindow *self = user_data;
  g_autoptr(GuichetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* Never on top of a running sync: the next tick will do. */
  if (is_syncing (self) || self->store == NULL || self->refresh_account_id == NULL)
    return G_SOURCE_CONTINUE;

  account = guichet_store_find_account (self->store, self->refresh_account_id, &error);
  if (account == NULL)
    {
      g_debug ("Refresh: %s", error->message);
      return G_SOURCE_CONTINUE;
    }

  g_debug ("Refreshing account %s", self->refresh_account_id);
  guichet_window_sync (self, account, FALSE);

  return G_SOURCE_CONTINUE;
}

#define MIN_REFRESH_INTERVAL 30

static void
update_refresh_timer (GuichetWindow *self)
{
  const char *account_id = NULL;
  guint interval = 0;

  if (self->selected_event != NULL)
    account_id = guichet_event_get_account_id (self->selected_event);
  if (account_id != NULL)
    interval = GPOINTER_TO_UINT (g_hash_table_lookup (self->refresh_intervals, account_id));
  if (interval > 0)
    interval = MAX (interval, MIN_REFRESH_INTERVAL);

  if (self->refresh_source != 0 && interval == self->refresh_interval &&
      g_strcmp0 (account_id, self->refresh_account_id) == 0)
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->refresh_account_id, g_free);
  self->refresh_interval = 0;

  if (interval == 0)
    return;

  self->refresh_interval = interval;
  self->refresh_account_id = g_strdup (account_id);
  self->refresh_source = g_timeout_add_seconds (interval, refresh_timeout_cb, self);
}

static void
sync_run_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SyncJob) job = user_data;
  GuichetWindow *self = job->self;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (job->provider, on_secrets_changed, self);
  g_debug ("Sync of account %s finished", guichet_account_get_id (job->account));

  if (!guichet_sync_run_finish (GUICHET_SYNC (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_sync_error (self, job->account, error);
    }

  sync_finished (self);
}

static void
run_sync_now (SyncJob *job)
{
  GuichetWindow *self = job->self;

  g_debug ("Syncing account %s", guichet_account_get_id (job->account));
  self->sync = guichet_sync_new (self->store, job->provider);

  g_object_bind_property (self->sync, "fraction",
                          self->sync_progress_bar, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync, "fraction",
                          self->preparing_progress_bar, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync, "status",
                          self->sync_status_label, "label",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync, "status",
                          self->preparing_page, "description",
                          G_BINDING_SYNC_CREATE);

  g_signal_connect (job->provider, "secrets-changed",
                    G_CALLBACK (on_secrets_changed), self);

  guichet_sync_run_async (self->sync, NULL, self->sync_cancellable,
                          sync_run_cb, job);
}

static void
desk_registered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SyncJob *job = user_data;
  GuichetWindow *self = job->self;
  g_autoptr(GError) error = NULL;
  guint interval = 0;

  if (!guichet_provider_register_desk_finish (GUICHET_PROVIDER (object), result, &interval, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          sync_job_free (job);
          return;
        }

      /* Not every platform has door stations; a refused sign-in is
       * reported by the sync that follows. */
      if (!g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED) &&
          !g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
        {
          g_autofree char *message = NULL;

          /* Translators: %s says why */
          message = g_strdup_printf (_("Could not register this desk: %s"), error->message);
          guichet_window_show_error (self, message);
        }
    }
  else
    {
      g_debug ("Account %s asks for a refresh every %u s",
               guichet_account_get_id (job->account), interval);
      g_hash_table_insert (self->refresh_intervals,
                           g_strdup (guichet_account_get_id (job->account)),
                           GUINT_TO_POINTER (interval));
      update_refresh_timer (self);
    }

  run_sync_now (job);
}

/* Before each sync, the desk introduces itself (door stations). */
static void
run_sync (SyncJob *job)
{
  GuichetWindow *self = job->self;
  g_autofree char *desk_name = settings_dup_string (self, "desk-name");

  guichet_provider_register_desk_async (job->provider,
                                        desk_name != NULL ? desk_name : "",
                                        self->sync_cancellable,
                                        desk_registered_cb,
                                        job);
}

static void
secrets_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SyncJob) job = user_data;
  GuichetWindow *self = job->self;
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GError) error = NULL;

  secrets = guichet_secrets_lookup_finish (result, &error);
  if (secrets == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_sync_error (self, job->account, error);
      self->sync_running = FALSE;
      start_next_sync (self);
      return;
    }

  guichet_provider_set_secrets (job->provider, secrets);
  run_sync (g_steal_pointer (&job));
}

static gboolean
provider_needs_secrets (GuichetProvider *provider)
{
  GuichetProviderClass *klass = GUICHET_PROVIDER_GET_CLASS (provider);

  if (klass->credentials == NULL)
    return FALSE;

  for (guint i = 0; klass->credentials[i].name != NULL; i++)
    if (klass->credentials[i].secret)
      return TRUE;

  return FALSE;
}

static void
start_next_sync (GuichetWindow *self)
{
  g_autoptr(GuichetAccount) account = NULL;
  g_autoptr(GuichetProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  GuichetApplication *app;
  SyncJob *job;

  if (self->sync_running)
    return;

  while ((account = g_queue_pop_head (&self->sync_queue)) != NULL)
    {
      app = GUICHET_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      provider = guichet_providers_create (account,
                                           app != NULL ? guichet_application_get_http_client (app) : NULL,
                                           &error);
      if (provider != NULL)
        break;

      guichet_window_show_error (self, error->message);
      g_clear_error (&error);
      g_clear_object (&account);
    }

  if (account == NULL)
    {
      update_sync_state (self);
      return;
    }

  if (self->sync_cancellable == NULL)
    self->sync_cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->sync_progress_bar, 0.0);
  gtk_progress_bar_set_fraction (self->preparing_progress_bar, 0.0);
  gtk_label_set_label (self->sync_status_label, _("Starting…"));

  job = g_new0 (SyncJob, 1);
  job->self = g_object_ref (self);
  job->account = g_steal_pointer (&account);
  job->provider = g_steal_pointer (&provider);
  self->sync_running = TRUE;

  if (provider_needs_secrets (job->provider))
    {
      guichet_secrets_lookup_async (guichet_account_get_id (job->account),
                                    self->sync_cancellable,
                                    secrets_looked_up_cb,
                                    job);
    }
  else
    {
      run_sync (job);
    }

  update_sync_state (self);
}

void
guichet_window_sync (GuichetWindow  *self,
                     GuichetAccount *account,
                     gboolean        first_run)
{
  g_return_if_fail (GUICHET_IS_WINDOW (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));

  if (self->store == NULL)
    return;

  if (first_run)
    self->preparing = TRUE;

  g_queue_push_tail (&self->sync_queue, g_object_ref (account));
  start_next_sync (self);
  update_sync_state (self);
}

void
_guichet_window_sync_selected (GuichetWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GUICHET_IS_WINDOW (self));

  if (self->store == NULL || is_syncing (self))
    return;

  if (self->selected_event != NULL)
    {
      g_autoptr(GuichetAccount) account = NULL;

      account = guichet_store_find_account (self->store,
                                            guichet_event_get_account_id (self->selected_event),
                                            &error);
      if (account == NULL)
        {
          guichet_window_show_error (self, error->message);
          return;
        }

      guichet_window_sync (self, account, FALSE);
      return;
    }

  accounts = guichet_store_list_accounts (self->store, &error);
  if (accounts == NULL)
    {
      guichet_window_show_error (self, error->message);
      return;
    }

  if (accounts->len == 0)
    {
      guichet_window_show_error (self, _("There is no account to sync"));
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    guichet_window_sync (self, g_ptr_array_index (accounts, i), FALSE);
}

/* Window */

static gboolean
guichet_window_close_request (GtkWindow *window)
{
  GuichetWindow *self = GUICHET_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  settings_set_int (self, "window-width", width);
  settings_set_int (self, "window-height", height);
  if (settings_has_key (self, "window-maximized"))
    g_settings_set_boolean (self->settings, "window-maximized",
                            gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (guichet_window_parent_class)->close_request (window);
}

/* Called once the window belongs to @app ("application" is not a
 * construct property, so this cannot happen in constructed()). */
static void
guichet_window_set_up (GuichetWindow      *self,
                       GuichetApplication *app)
{
  int width, height;

  self->store = guichet_application_get_store (app);
  if (self->store != NULL)
    g_object_ref (self->store);
  g_set_object (&self->settings, guichet_application_get_settings (app));

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  width = settings_get_int (self, "window-width", width);
  height = settings_get_int (self, "window-height", height);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (settings_has_key (self, "window-maximized") &&
      g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  guichet_window_reload (self);
  update_sync_state (self);
}

static void
guichet_window_dispose (GObject *object)
{
  GuichetWindow *self = GUICHET_WINDOW (object);

  g_cancellable_cancel (self->sync_cancellable);
  g_cancellable_cancel (self->details_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (self->events_list != NULL)
    {
      gtk_list_box_set_header_func (self->events_list, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_WINDOW);

  g_queue_clear_full (&self->sync_queue, g_object_unref);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_object (&self->selected_event);
  g_clear_object (&self->events);
  g_clear_pointer (&self->account_names, g_hash_table_unref);
  g_clear_pointer (&self->refresh_intervals, g_hash_table_unref);
  g_clear_pointer (&self->auth_toasts, g_hash_table_unref);
  g_clear_pointer (&self->refresh_account_id, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (guichet_window_parent_class)->dispose (object);
}

static void
guichet_window_class_init (GuichetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = guichet_window_dispose;

  window_class->close_request = guichet_window_close_request;

  g_type_ensure (GUICHET_TYPE_TICKETS_VIEW);
  g_type_ensure (GUICHET_TYPE_PARTICIPANTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/guichet/Guichet/guichet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, events_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_status_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, event_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, event_stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, dates_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, dates_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, tickets_view);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, participants_view);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, preparing_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, preparing_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, event_name_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, event_when_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, participants_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, checked_in_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, checked_in_bar);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, start_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, end_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, venue_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, account_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  _guichet_window_class_actions_init (klass);
}

static void
guichet_window_init (GuichetWindow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  _guichet_window_actions_init (self);

  self->events = g_list_store_new (GUICHET_TYPE_EVENT);
  self->account_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refresh_intervals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->auth_toasts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->sync_queue);

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  placeholder = gtk_label_new (_("No events"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_list_box_set_placeholder (self->events_list, placeholder);

  gtk_list_box_bind_model (self->events_list, G_LIST_MODEL (self->events),
                           create_event_row, self, NULL);
  gtk_list_box_set_header_func (self->events_list, update_header, self, NULL);
}

GuichetWindow *
guichet_window_new (GuichetApplication *application)
{
  GuichetWindow *self;

  g_return_val_if_fail (GUICHET_IS_APPLICATION (application), NULL);

  self = g_object_new (GUICHET_TYPE_WINDOW,
                       "application", application,
                       NULL);
  guichet_window_set_up (self, application);

  return self;
}

void
_guichet_window_add_toast (GuichetWindow *self,
                           AdwToast      *toast)
{
  g_return_if_fail (GUICHET_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
