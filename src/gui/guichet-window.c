/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-event-row.h"
#include "guichet-door-page.h"
#include "guichet-overview-page.h"
#include "guichet-page.h"
#include "guichet-participants-view.h"
#include "guichet-tickets-view.h"
#include "guichet-window-private.h"
#include "guichet-window-timing.h"
#include "guichet-x11-paint.h"

/* The window holds navigation only: the events of every account in the
 * sidebar, and the selected event's pages (GuichetPage) in a view stack.
 * The pages load and act on their own; syncing is the session's. */

G_DEFINE_FINAL_TYPE (GuichetWindow, guichet_window, ADW_TYPE_APPLICATION_WINDOW)

/* Settings: the schema is optional (tests without data/, first runs); every
 * access goes through these helpers. */

static gboolean
settings_has_key (GuichetWindow *self,
                  const char    *key)
{
  return guichet_settings_has_key (self->settings, key);
}

static int
settings_get_int (GuichetWindow *self,
                  const char    *key,
                  int            fallback)
{
  g_autoptr (GVariant) value = NULL;

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
  g_autoptr (GVariant) current = NULL;

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

/* The events list */

static GuichetStore *
window_store (GuichetWindow *self)
{
  return self->session != NULL ? guichet_session_get_store (self->session) : NULL;
}

static const char *
account_name (GuichetWindow *self,
              const char    *account_id)
{
  GuichetAccount *account = NULL;

  if (self->session != NULL)
    account = guichet_session_lookup_account (self->session, account_id);

  return account != NULL ? guichet_account_get_name (account) : "";
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  return guichet_event_row_new (GUICHET_EVENT (item));
}

static GuichetEvent *
row_event (GtkListBoxRow *row)
{
  return row != NULL ? guichet_event_row_get_event (GUICHET_EVENT_ROW (row)) : NULL;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  GuichetWindow *self = user_data;
  GuichetEvent  *previous = row_event (before);
  const char    *account_id = guichet_event_get_account_id (row_event (row));
  GtkWidget     *header;

  if (previous != NULL && g_strcmp0 (account_id, guichet_event_get_account_id (previous)) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header =
    _guichet_window_create_account_header (self, account_id, account_name (self, account_id));
  gtk_list_box_row_set_header (row, header);
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GuichetEvent  *ea = *(GuichetEvent **) a;
  GuichetEvent  *eb = *(GuichetEvent **) b;
  GuichetWindow *self = user_data;
  int            cmp;

  if ((cmp = g_utf8_collate (account_name (self, guichet_event_get_account_id (ea)),
                             account_name (self, guichet_event_get_account_id (eb)))) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (guichet_event_get_account_id (ea), guichet_event_get_account_id (eb))) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (guichet_event_get_start (ea), guichet_event_get_start (eb))) != 0)
    return cmp;

  return g_utf8_collate (guichet_event_get_name (ea) ? guichet_event_get_name (ea) : "",
                         guichet_event_get_name (eb) ? guichet_event_get_name (eb) : "");
}

gboolean
_guichet_window_is_syncing (GuichetWindow *self)
{
  return self->session != NULL && guichet_session_get_busy (self->session);
}

void
_guichet_window_update_content_page (GuichetWindow *self)
{
  const char *page;

  if (window_store (self) == NULL)
    page = "no-store";
  else if (self->selected_event != NULL)
    page = "details";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->events)) > 0)
    page = "no-selection";
  else if (self->preparing && _guichet_window_is_syncing (self))
    page = "preparing";
  else
    page = "no-events";

  gtk_stack_set_visible_child_name (self->content_stack, page);
  /* The preparing page has its own progress bar. */
  gtk_revealer_set_reveal_child (self->sync_revealer, _guichet_window_is_syncing (self) &&
                                                        g_strcmp0 (page, "preparing") != 0);

  if (self->selected_event == NULL)
    {
      adw_view_switcher_title_set_title (self->content_title, "");
      adw_view_switcher_title_set_subtitle (self->content_title, "");
    }
}

/* Every page of the stack that is a GuichetPage gets the event. */
static void
set_pages_event (GuichetWindow *self,
                 GuichetEvent  *event)
{
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (self->event_stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (GUICHET_IS_PAGE (child))
        {
          guichet_page_set_session (GUICHET_PAGE (child), self->session);
          guichet_page_set_event (GUICHET_PAGE (child), event);
        }
    }
}

/* @force: update the pages, the title and the account menu even when
 * @event is the one shown (a reload read it again, or its account went). */
static void
show_event_full (GuichetWindow *self,
                 GuichetEvent  *event,
                 gboolean       force)
{
  GuichetAccount *account = NULL;
  const char     *name;

  if (!g_set_object (&self->selected_event, event) && !force)
    return;

  if (event != NULL && self->session != NULL)
    account = guichet_session_lookup_account (self->session, guichet_event_get_account_id (event));

  if (event != NULL)
    {
      name = guichet_event_get_name (event);
      if (name == NULL || *name == '\0')
        name = _("Untitled event");
      adw_view_switcher_title_set_title (self->content_title, name);
      adw_view_switcher_title_set_subtitle (self->content_title,
                                            account_name (self,
                                                          guichet_event_get_account_id (event)));
    }

  set_pages_event (self, event);
  _guichet_window_editors_update (self, event, account);
  _guichet_window_update_account_menu (self, self->event_menu_button, account);
  adw_view_switcher_title_set_view_switcher_enabled (self->content_title, event != NULL);
  if (self->session != NULL)
    guichet_session_set_refresh_account (self->session, event != NULL
                                                          ? guichet_event_get_account_id (event)
                                                          : NULL);
  _guichet_window_update_sync_banner (self, account);
  _guichet_window_update_content_page (self);
}

static void
show_event (GuichetWindow *self,
            GuichetEvent  *event)
{
  show_event_full (self, event, FALSE);
}

static void
on_row_selected (GuichetWindow *self,
                 GtkListBoxRow *row)
{
  GuichetEvent *event = row_event (row);

  if (self->reloading)
    return;

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
      g_autoptr (GuichetEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);

      if (g_strcmp0 (guichet_event_get_account_id (event), account_id) == 0 &&
          g_strcmp0 (guichet_event_get_id (event), event_id) == 0)
        {
          gtk_list_box_select_row (self->events_list,
                                   gtk_list_box_get_row_at_index (self->events_list, (int) i));
          return;
        }
    }
}

static gboolean
same_event (GuichetEvent *a,
            GuichetEvent *b)
{
  return g_strcmp0 (guichet_event_get_account_id (a), guichet_event_get_account_id (b)) == 0 &&
         g_strcmp0 (guichet_event_get_id (a), guichet_event_get_id (b)) == 0;
}

/* @events read again, holding the same event as @event, or %NULL */
static GuichetEvent *
find_event (GPtrArray    *events,
            GuichetEvent *event)
{
  if (event == NULL)
    return NULL;

  for (guint i = 0; i < events->len; i++)
    if (same_event (g_ptr_array_index (events, i), event))
      return g_ptr_array_index (events, i);

  return NULL;
}

/* The sidebar takes @events, replacing only the rows that show something
 * else: a refresh that changed nothing keeps every row, so the selection,
 * the keyboard focus and assistive technologies stay where they were. */
static void
update_events (GuichetWindow *self,
               GPtrArray     *events)
{
  GListModel *model = G_LIST_MODEL (self->events);
  guint       n = g_list_model_get_n_items (model);
  gboolean    same_order = n == events->len;

  for (guint i = 0; same_order && i < n; i++)
    {
      g_autoptr (GuichetEvent) shown = g_list_model_get_item (model, i);

      same_order = same_event (shown, g_ptr_array_index (events, i));
    }

  if (!same_order)
    {
      g_list_store_splice (self->events, 0, n, events->pdata, events->len);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetEvent) shown = g_list_model_get_item (model, i);
      GuichetEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (guichet_event_get_name (shown), guichet_event_get_name (event)) != 0 ||
          g_strcmp0 (guichet_event_get_start (shown), guichet_event_get_start (event)) != 0)
        g_list_store_splice (self->events, i, 1, (gpointer *) &event, 1);
    }
}

void
guichet_window_reload (GuichetWindow *self)
{
  GuichetStore *store;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *event_id = NULL;
  GtkListBoxRow   *row;

  g_return_if_fail (GUICHET_IS_WINDOW (self));

  store = window_store (self);
  if (store == NULL)
    {
      _guichet_window_update_content_page (self);
      return;
    }

  if (guichet_session_reload_accounts (self->session, &error))
    events = guichet_store_list_events (store, NULL, &error);
  if (events == NULL)
    {
      guichet_window_show_error (self,
                                 error != NULL ? error->message : _("Could not read the events"));
      return;
    }

  g_ptr_array_sort_with_data (events, compare_events, self);

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
  update_events (self, events);
  select_event (self, account_id, event_id);
  self->reloading = FALSE;

  /* The same event read again is a new object: its pages refresh. With
   * no event left selected (its account was removed), the title, pages
   * and account menu are cleared all the same. */
  row = gtk_list_box_get_selected_row (self->events_list);
  show_event_full (self, find_event (events, row_event (row)), TRUE);
  _guichet_window_update_content_page (self);
}

/* Window */

static gboolean
guichet_window_close_request (GtkWindow *window)
{
  GuichetWindow *self = GUICHET_WINDOW (window);
  int            width, height;

  gtk_window_get_default_size (window, &width, &height);
  settings_set_int (self, "window-width", width);
  settings_set_int (self, "window-height", height);
  if (settings_has_key (self, "window-maximized"))
    g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (guichet_window_parent_class)->close_request (window);
}

/* Called once the window belongs to @app ("application" is not a
 * construct property, so this cannot happen in constructed()). */
static void
guichet_window_set_up (GuichetWindow      *self,
                       GuichetApplication *app)
{
  int width, height;

  self->session = g_object_ref (guichet_application_get_session (app));
  g_set_object (&self->settings, guichet_application_get_settings (app));

  _guichet_window_sync_connect (self);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  width = settings_get_int (self, "window-width", width);
  height = settings_get_int (self, "window-height", height);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (settings_has_key (self, "window-maximized") &&
      g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  guichet_window_reload (self);
  _guichet_window_update_sync_state (self);
}

static void
guichet_window_dispose (GObject *object)
{
  GuichetWindow *self = GUICHET_WINDOW (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      guichet_session_set_refresh_account (self->session, NULL);
    }

  if (self->events_list != NULL)
    {
      gtk_list_box_set_header_func (self->events_list, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
    }

  g_binding_group_set_source (self->sync_bindings, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_WINDOW);

  g_clear_object (&self->sync_bindings);
  g_clear_object (&self->selected_event);
  g_clear_object (&self->events);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (guichet_window_parent_class)->dispose (object);
}

static void
guichet_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (guichet_window_parent_class)->realize (widget);
  guichet_x11_paint_keep_memory (GTK_NATIVE (widget));
}

static void
guichet_window_class_init (GuichetWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = guichet_window_dispose;

  widget_class->realize = guichet_window_realize;

  window_class->close_request = guichet_window_close_request;

  g_type_ensure (GUICHET_TYPE_OVERVIEW_PAGE);
  g_type_ensure (GUICHET_TYPE_TICKETS_VIEW);
  g_type_ensure (GUICHET_TYPE_PARTICIPANTS_VIEW);
  g_type_ensure (GUICHET_TYPE_DOOR_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guichet/Guichet/guichet-window.ui");
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
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, door_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_banner_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, sync_banner_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, preparing_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetWindow, preparing_progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  _guichet_window_class_actions_init (klass);
  _guichet_window_editors_class_init (klass);
}

static void
guichet_window_init (GuichetWindow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (guichet_window_timing_mark),
                    (gpointer) "window-painted");
  _guichet_window_actions_init (self);
  _guichet_window_editors_init (self);

  self->events = g_list_store_new (GUICHET_TYPE_EVENT);

  self->sync_bindings = g_binding_group_new ();
  g_binding_group_bind (self->sync_bindings, "fraction", self->sync_progress_bar, "fraction",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->sync_bindings, "fraction", self->preparing_progress_bar, "fraction",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->sync_bindings, "status", self->sync_status_label, "label",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->sync_bindings, "status", self->preparing_page, "description",
                        G_BINDING_SYNC_CREATE);

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  placeholder = gtk_label_new (_("No events"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_list_box_set_placeholder (self->events_list, placeholder);

  gtk_list_box_bind_model (self->events_list, G_LIST_MODEL (self->events), create_event_row, self,
                           NULL);
  gtk_list_box_set_header_func (self->events_list, update_header, self, NULL);

  /* Door mode: nothing but the door. */
  g_object_bind_property (self->door_page, "door-mode", self->sidebar, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->door_page, "door-mode", self->content_header, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
}

GuichetWindow *
guichet_window_new (GuichetApplication *application)
{
  GuichetWindow *self;

  g_return_val_if_fail (GUICHET_IS_APPLICATION (application), NULL);

  self = g_object_new (GUICHET_TYPE_WINDOW, "application", application, NULL);
  guichet_window_set_up (self, application);

  return self;
}

GuichetSession *
_guichet_window_get_session (GuichetWindow *self)
{
  g_return_val_if_fail (GUICHET_IS_WINDOW (self), NULL);

  return self->session;
}

AdwViewStack *
_guichet_window_get_event_stack (GuichetWindow *self)
{
  g_return_val_if_fail (GUICHET_IS_WINDOW (self), NULL);

  return self->event_stack;
}

void
_guichet_window_add_toast (GuichetWindow *self,
                           AdwToast      *toast)
{
  g_return_if_fail (GUICHET_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
guichet_window_open_door (GuichetWindow      *self,
                          const char         *account_id,
                          const char         *event_id,
                          const char         *date_id,
                          const char * const *gates,
                          GError            **error)
{
  GtkListBoxRow *row;
  GuichetEvent  *event;

  g_return_val_if_fail (GUICHET_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (account_id != NULL && event_id != NULL, FALSE);

  select_event (self, account_id, event_id);
  row = gtk_list_box_get_selected_row (self->events_list);
  event = row_event (row);
  if (event == NULL || g_strcmp0 (guichet_event_get_account_id (event), account_id) != 0 ||
      g_strcmp0 (guichet_event_get_id (event), event_id) != 0)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                   /* Translators: %s is an event id given to --door */
                   _("No event “%s” in this account: sync it first"), event_id);
      return FALSE;
    }

  guichet_door_page_set_date (self->door_page, date_id);
  guichet_door_page_set_gates (self->door_page, gates);
  adw_view_stack_set_visible_child_name (self->event_stack, "door");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (GTK_WIDGET (self->door_page));
  return TRUE;
}
