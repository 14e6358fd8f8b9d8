/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "guichet-application.h"
#include "guichet-preferences-window.h"
#include "guichet-providers.h"
#include "guichet-window-private.h"

struct _GuichetApplication
{
  AdwApplication parent_instance;

  GuichetStore      *store;
  GError            *store_error;
  GuichetHttpClient *http_client;
  GSettings         *settings;
  GuichetSession    *session;

  guint sigterm_source;
  guint sigint_source;
  guint activated_once : 1;

  /* guichet --door EVENT --account NAME [--date DATE_ID] [--gate ID]... */
  char *door_event;
  char *door_account;
  char *door_date;
  GStrv door_gates;
};

G_DEFINE_FINAL_TYPE (GuichetApplication, guichet_application, ADW_TYPE_APPLICATION)

GuichetApplication *
guichet_application_new (void)
{
  return g_object_new (GUICHET_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                       "/io/github/guichet/Guichet", NULL);
}

GuichetStore *
guichet_application_get_store (GuichetApplication *self)
{
  g_return_val_if_fail (GUICHET_IS_APPLICATION (self), NULL);

  return self->store;
}

const GError *
guichet_application_get_store_error (GuichetApplication *self)
{
  g_return_val_if_fail (GUICHET_IS_APPLICATION (self), NULL);

  return self->store_error;
}

GuichetHttpClient *
guichet_application_get_http_client (GuichetApplication *self)
{
  g_return_val_if_fail (GUICHET_IS_APPLICATION (self), NULL);

  if (self->http_client == NULL)
    self->http_client = guichet_http_client_new ();

  return self->http_client;
}

GuichetSession *
guichet_application_get_session (GuichetApplication *self)
{
  g_return_val_if_fail (GUICHET_IS_APPLICATION (self), NULL);

  if (self->session == NULL)
    {
      GSettings *settings = guichet_application_get_settings (self);

      self->session = guichet_session_new (self->store, guichet_application_get_http_client (self),
                                           guichet_providers_create);
      /* Door stations name the desk as Preferences does. */
      if (settings != NULL)
        g_settings_bind (settings, "desk-name", self->session, "desk-name", G_SETTINGS_BIND_GET);
    }

  return self->session;
}

gboolean
guichet_settings_has_key (GSettings  *settings,
                          const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

GSettings *
guichet_application_get_settings (GuichetApplication *self)
{
  g_return_val_if_fail (GUICHET_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      const char            *ids[] = { APP_ID, BASE_ID };

      for (guint i = 0; source != NULL && i < G_N_ELEMENTS (ids); i++)
        {
          g_autoptr (GSettingsSchema) schema = NULL;

          schema = g_settings_schema_source_lookup (source, ids[i], TRUE);
          if (schema != NULL)
            {
              self->settings = g_settings_new_full (schema, NULL, NULL);
              break;
            }
        }

      if (self->settings == NULL)
        g_debug ("Settings schema %s is not installed; settings will not be kept", BASE_ID);
    }

  return self->settings;
}

static void
show_store_error (GuichetApplication *self,
                  GtkWindow          *parent)
{
  AdwMessageDialog *dialog;

  dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Could Not Open the Database"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("Guichet keeps events and check-ins in a local database, "
                                    "which could not be opened: %s"),
                                    self->store_error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ensure_demo_account (GuichetApplication *self,
                     GuichetWindow      *window)
{
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  accounts = guichet_store_list_accounts (self->store, &error);
  if (accounts == NULL)
    {
      guichet_window_show_error (window, error->message);
      return;
    }

  if (accounts->len > 0)
    return;

  id = guichet_account_generate_id ();
  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", "demo", "name",
                          _("Demo box office"), NULL);

  if (!guichet_store_save_account (self->store, account, &error))
    {
      guichet_window_show_error (window, error->message);
      return;
    }

  guichet_window_reload (window);
  guichet_window_sync (window, account, TRUE);
}

/* guichet --door: the account by name (as guichet-cli takes it), then
 * the window opens that event's door page. */
static void
open_door (GuichetApplication *self,
           GuichetWindow      *window)
{
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;
  GuichetAccount  *account = NULL;
  g_autofree char *message = NULL;

  accounts = guichet_store_list_accounts (self->store, &error);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      GuichetAccount *a = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (guichet_account_get_name (a), self->door_account) == 0 ||
          g_strcmp0 (guichet_account_get_id (a), self->door_account) == 0)
        account = a;
    }
  if (account == NULL)
    {
      /* Translators: %s is the account name given to --account */
      message = g_strdup_printf (_("No account called “%s”: add it first"), self->door_account);
      g_printerr ("%s\n", message);
      guichet_window_show_error (window, message);
      return;
    }

  if (!guichet_window_open_door (window, guichet_account_get_id (account), self->door_event,
                                 self->door_date, (const char * const *) self->door_gates, &error))
    {
      g_printerr ("%s\n", error->message);
      guichet_window_show_error (window, error->message);
    }
}

static int
guichet_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  GuichetApplication *self = GUICHET_APPLICATION (app);

  if (self->door_event != NULL && self->door_account == NULL)
    {
      g_printerr ("%s\n", _("--door needs --account NAME"));
      return 2;
    }
  if (self->door_event == NULL && (self->door_date != NULL || self->door_gates != NULL))
    {
      g_printerr ("%s\n", _("--date and --gate go with --door EVENT"));
      return 2;
    }
  return -1;
}

/* SIGTERM and SIGINT quit like app.quit: windows close and save their state. */
static gboolean
on_quit_signal (gpointer user_data)
{
  GuichetApplication *self = user_data;

  g_debug ("Quitting on a signal");
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static void
secrets_swept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gint removed = guichet_account_setup_sweep_finish (result, &error);

  /* Not worth a dialog: the keyring may be locked until it is needed. */
  if (removed < 0)
    g_debug ("Could not look for orphaned secrets: %s", error->message);
  else if (removed > 0)
    g_debug ("Removed the secrets of %d accounts that do not exist", removed);
}

static void
guichet_application_startup (GApplication *app)
{
  GuichetApplication *self = GUICHET_APPLICATION (app);
  static const char  *quit_accels[] = { "<primary>q", NULL };
  static const char  *preferences_accels[] = { "<primary>comma", NULL };
  static const char  *shortcuts_accels[] = { "<primary>question", NULL };
  static const char  *help_accels[] = { "F1", NULL };
  static const char  *add_account_accels[] = { "<primary>n", NULL };
  static const char  *export_accels[] = { "<primary>e", NULL };
  g_autofree char    *path = NULL;

  G_APPLICATION_CLASS (guichet_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.add-account",
                                         add_account_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export-participants",
                                         export_accels);

  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);

  path = guichet_store_default_path ();
  self->store = guichet_store_new (path, &self->store_error);
  if (self->store == NULL && self->store_error == NULL)
    g_set_error (&self->store_error, GUICHET_ERROR, GUICHET_ERROR_STORE, _("Unknown error"));
  /* Secrets left without their account (guichet-account-setup.h) */
  if (self->store != NULL)
    guichet_account_setup_sweep_async (self->store, NULL, secrets_swept_cb, NULL);
}

static void
guichet_application_activate (GApplication *app)
{
  GuichetApplication *self = GUICHET_APPLICATION (app);
  GtkWindow          *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (guichet_window_new (self));

  gtk_window_present (window);

  if (self->activated_once)
    return;
  self->activated_once = TRUE;

  if (self->store == NULL)
    show_store_error (self, window);
  else if (self->door_event != NULL)
    open_door (self, GUICHET_WINDOW (window));
  else
    ensure_demo_account (self, GUICHET_WINDOW (window));
}

static void
guichet_application_dispose (GObject *object)
{
  GuichetApplication *self = GUICHET_APPLICATION (object);

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->http_client);
  /* What the windows wrote last reaches the disk before the process ends. */
  if (self->settings != NULL)
    g_settings_sync ();
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->door_event, g_free);
  g_clear_pointer (&self->door_account, g_free);
  g_clear_pointer (&self->door_date, g_free);
  g_clear_pointer (&self->door_gates, g_strfreev);

  G_OBJECT_CLASS (guichet_application_parent_class)->dispose (object);
}

static void
guichet_application_class_init (GuichetApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = guichet_application_dispose;

  app_class->startup = guichet_application_startup;
  app_class->activate = guichet_application_activate;
  app_class->handle_local_options = guichet_application_handle_local_options;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GuichetApplication *self = user_data;
  GList              *windows;

  /* Close the windows first so they save their state. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GuichetApplication *self = user_data;
  static const char  *developers[] = { "The Guichet developers", NULL };
  GtkWidget          *about;

  about =
    g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for",
                  gtk_application_get_active_window (GTK_APPLICATION (self)), "application-name",
                  _("Guichet"), "application-icon", APP_ID, "version", PACKAGE_VERSION,
                    "developer-name",
                    _("The Guichet developers"), "developers", developers, "comments",
                      _("Sell, check and admit tickets at the door"), "copyright",
                        _("© The Guichet developers"), "license-type", GTK_LICENSE_GPL_3_0,
                          /* Translators: your names, one per line. */
                          "translator-credits", _("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GuichetApplication       *self = user_data;
  GuichetPreferencesWindow *prefs;

  prefs =
    guichet_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                    guichet_application_get_settings (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GuichetApplication *self = user_data;
  GtkWindow          *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* GtkApplication loads gtk/help-overlay.ui and gives every
   * GtkApplicationWindow this action. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* No help viewer: say which one to install, for a while (the guide is
 * Mallard, which only a help viewer shows). */
static void
say_help_needs_yelp (GtkWindow    *window,
                     const GError *error)
{
  AdwToast *toast;

  if (error != NULL)
    g_debug ("Could not show the help: %s", error->message);

  if (!GUICHET_IS_WINDOW (window))
    return;

  toast =
    adw_toast_new (_("The guide opens in the Help app: install the “yelp” package to read it"));
  adw_toast_set_timeout (toast, 10);
  /* The answer to a key just pressed: shown now, not queued behind a
   * warning still on screen (one toast shows at a time). */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _guichet_window_add_toast (GUICHET_WINDOW (window), toast);
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (window, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    say_help_needs_yelp (window, error);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GuichetApplication *self = user_data;
  GtkWindow          *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr (GAppInfo) viewer = NULL;

  if (window == NULL)
    return;

  /* Nothing here opens help: URIs ("Operation not supported" otherwise).
   * In a Flatpak the portal opens them with the host's viewer. */
  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    viewer = g_app_info_get_default_for_uri_scheme ("help");
  if (viewer == NULL && !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      say_help_needs_yelp (window, NULL);
      return;
    }

  gtk_show_uri_full (window, "help:guichet", GDK_CURRENT_TIME, NULL, help_shown_cb, NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "help", help_action },
};

static void
guichet_application_init (GuichetApplication *self)
{
  const GOptionEntry entries[] = {
    { "door", 0, 0, G_OPTION_ARG_STRING, &self->door_event,
      N_("Open straight on the door page of this event"), N_("EVENT") },
      { "account", 0, 0, G_OPTION_ARG_STRING, &self->door_account,
        N_("The account of the --door event"), N_("NAME") },
        { "date", 0, 0, G_OPTION_ARG_STRING, &self->door_date,
          N_("At the door, admit only tickets for this date"), N_("DATE_ID") },
          { "gate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->door_gates,
            N_("At the door, admit only this ticket type (repeat for more)"),
               N_("TICKET_TYPE_ID") },
            { NULL } };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
