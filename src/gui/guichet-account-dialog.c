/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-account-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-account-dialog.h"
#include "guichet-providers.h"
#include "guichet-window-private.h"
#include "guichet-spinner.h"

struct _GuichetAccountDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *cancel_button;
  GtkButton           *sign_in_button;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  AdwPreferencesGroup *platforms_group;
  AdwPreferencesPage  *page;
  GtkLabel            *error_label;
  AdwPreferencesGroup *account_group;
  AdwActionRow        *platform_row;
  AdwEntryRow         *name_row;
  AdwPreferencesGroup *server_group;
  AdwEntryRow         *login_row;
  AdwPreferencesGroup *hosts_group;
  AdwPreferencesGroup *advanced_group;
  AdwExpanderRow      *advanced_row;
  AdwEntryRow         *base_url_row;

  GuichetWindow  *window;         /* weak */
  GuichetAccount *reauth_account; /* NULL: adding an account */
  char           *kind;           /* the chosen platform, or NULL */
  GPtrArray      *secret_rows;    /* (element-type AdwPasswordEntryRow) */
  GPtrArray      *host_rows;      /* (element-type AdwActionRow) */
  GPtrArray      *host_checks;    /* (element-type GtkCheckButton), same order */

  /* While signing in */
  GCancellable    *cancellable;
  GuichetAccount  *account;
  GuichetProvider *provider;
  GHashTable      *secrets;
  char            *summary; /* the platform's word on the account */
};

G_DEFINE_FINAL_TYPE (GuichetAccountDialog, guichet_account_dialog, ADW_TYPE_WINDOW)

/* Overwrites a secret before freeing it, so it does not linger in freed memory. */
static void
secret_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static GHashTable *
secret_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
}

static GuichetProviderClass *
selected_class (GuichetAccountDialog *self)
{
  return self->kind != NULL ? guichet_providers_get_class (self->kind) : NULL;
}

/* The server chosen among the provider's hosts, or NULL for its default. */
static const char *
selected_host (GuichetAccountDialog *self)
{
  GuichetProviderClass *klass = selected_class (self);

  if (klass == NULL || klass->hosts == NULL)
    return NULL;

  for (guint i = 1; i < self->host_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->host_checks, i)))
      return klass->hosts[i].base_url;

  return NULL;
}

static char *
dup_stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_error (GuichetAccountDialog *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
base_url_is_valid (GuichetAccountDialog *self,
                   GError              **error)
{
  g_autofree char *url = dup_stripped_text (self->base_url_row);
  g_autofree char *normalized = NULL;

  if (*url == '\0')
    return TRUE;

  normalized = guichet_http_client_normalize_base_url (url, error);
  return normalized != NULL;
}

static void
update_sign_in_sensitivity (GuichetAccountDialog *self)
{
  GuichetProviderClass *klass = selected_class (self);
  g_autofree char      *name = dup_stripped_text (self->name_row);
  g_autofree char      *login = dup_stripped_text (self->login_row);
  g_autoptr (GError) error = NULL;
  gboolean valid = klass != NULL && self->cancellable == NULL;

  if (*name == '\0')
    valid = FALSE;

  if (!base_url_is_valid (self, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
      show_error (self, error->message);
      valid = FALSE;
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
      if (self->cancellable == NULL)
        show_error (self, NULL);
    }

  if (klass != NULL && klass->login_field != NULL && *login == '\0')
    valid = FALSE;

  for (guint i = 0; i < self->secret_rows->len; i++)
    if (*gtk_editable_get_text (g_ptr_array_index (self->secret_rows, i)) == '\0')
      valid = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), valid);
}

static void
on_form_changed (GuichetAccountDialog *self)
{
  update_sign_in_sensitivity (self);
}

static void on_sign_in_clicked (GuichetAccountDialog *self);

static void
on_entry_activated (GuichetAccountDialog *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    on_sign_in_clicked (self);
}

static void
clear_secret_rows (GuichetAccountDialog *self)
{
  for (guint i = 0; i < self->secret_rows->len; i++)
    gtk_editable_set_text (g_ptr_array_index (self->secret_rows, i), "");
}

static void
clear_host_rows (GuichetAccountDialog *self)
{
  for (guint i = 0; i < self->host_rows->len; i++)
    adw_preferences_group_remove (self->hosts_group, g_ptr_array_index (self->host_rows, i));
  g_ptr_array_set_size (self->host_rows, 0);
  g_ptr_array_set_size (self->host_checks, 0);
}

/* One radio row per server the provider offers (Fourvenues: production or
 * alpha); the first, its default, is chosen. */
static void
add_host_rows (GuichetAccountDialog *self,
               GuichetProviderClass *klass)
{
  GtkCheckButton *group = NULL;

  for (guint i = 0; klass->hosts != NULL && klass->hosts[i].base_url != NULL; i++)
    {
      const GuichetProviderHost *host = &klass->hosts[i];
      const char                *label = host->label != NULL ? _(host->label) : host->base_url;
      GtkWidget                 *row = adw_action_row_new ();
      GtkWidget                 *check = gtk_check_button_new ();

      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), host->base_url);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->hosts_group, row);
      g_ptr_array_add (self->host_rows, row);
      g_ptr_array_add (self->host_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hosts_group), self->host_rows->len > 1);
}

/* Rebuilds the login, secret and server rows for the chosen provider. */
static void
update_provider_rows (GuichetAccountDialog *self)
{
  GuichetProviderClass *klass = selected_class (self);
  gboolean              has_secrets = FALSE;
  GtkText              *text;

  for (guint i = 0; i < self->secret_rows->len; i++)
    adw_preferences_group_remove (self->server_group, g_ptr_array_index (self->secret_rows, i));
  g_ptr_array_set_size (self->secret_rows, 0);
  clear_host_rows (self);

  if (klass == NULL)
    return;

  adw_action_row_set_subtitle (self->platform_row,
                               klass->display_name != NULL ? _(klass->display_name) : klass->kind);

  /* The server address is for tests and self-hosted setups: out of the way,
   * and its placeholder says what an empty field means instead of looking
   * like a value. */
  text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->base_url_row)));
  gtk_text_set_placeholder_text (text, _("Empty: the platform’s own server"));
  if (klass->default_base_url != NULL)
    {
      g_autofree char *description = NULL;

      /* Translators: %s is the platform's own server address */
      description =
        g_strdup_printf (_("Server address (leave it empty to use %s)"), klass->default_base_url);
      adw_expander_row_set_subtitle (self->advanced_row, description);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->advanced_group), klass->default_base_url != NULL);
  add_host_rows (self, klass);

  if (g_strcmp0 (klass->login_field, "email") == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row), _("E-mail"));
      adw_entry_row_set_input_purpose (self->login_row, GTK_INPUT_PURPOSE_EMAIL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->login_row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("E-mail"), -1);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row), _("Username"));
      adw_entry_row_set_input_purpose (self->login_row, GTK_INPUT_PURPOSE_FREE_FORM);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->login_row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Username"), -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), klass->login_field != NULL);

  for (guint i = 0; klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    {
      const GuichetCredentialField *field = &klass->credentials[i];
      const char                   *label;
      GtkWidget                    *row;

      if (!field->secret)
        continue;

      label = field->label != NULL ? _(field->label) : field->name;
      row = adw_password_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (row), "credential-name", g_strdup (field->name), g_free);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (on_form_changed), self);
      g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_entry_activated), self);
      adw_preferences_group_add (self->server_group, row);
      g_ptr_array_add (self->secret_rows, row);
      has_secrets = TRUE;
    }

  /* The demo asks for nothing: no empty "Sign In" group. */
  gtk_widget_set_visible (GTK_WIDGET (self->server_group),
                          has_secrets || klass->login_field != NULL);

  update_sign_in_sensitivity (self);
}

static void
show_form (GuichetAccountDialog *self)
{
  gboolean adding = self->reauth_account == NULL;

  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), adding);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->platform_row), !adding);

  /* The first field to fill, never Cancel. */
  if (adding)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else if (self->secret_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->secret_rows, 0));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
}

static void
choose_platform (GuichetAccountDialog *self,
                 const char           *kind)
{
  GuichetProviderClass *klass = guichet_providers_get_class (kind);

  g_free (self->kind);
  self->kind = g_strdup (kind);
  if (klass != NULL && self->reauth_account == NULL)
    {
      /* Translators: the title of the account dialog once a platform is chosen */
      adw_window_title_set_subtitle (self->window_title,
                                     klass->display_name != NULL ? _(klass->display_name) : kind);
    }
  show_error (self, NULL);
  update_provider_rows (self);
}

static void
on_platform_activated (GuichetAccountDialog *self,
                       GtkButton            *button)
{
  choose_platform (self, g_object_get_data (G_OBJECT (button), "kind"));
  show_form (self);
}

static void
on_back_clicked (GuichetAccountDialog *self)
{
  if (self->cancellable != NULL)
    return;

  clear_secret_rows (self);
  show_error (self, NULL);
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "platforms");
}

static void
set_busy (GuichetAccountDialog *self,
          gboolean              busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  guichet_spinner_set_busy (self->spinner, busy);
  if (busy)
    gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), FALSE);
  else
    update_sign_in_sensitivity (self);
}

static void
finish_attempt (GuichetAccountDialog *self,
                const GError         *error)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->account);
  g_clear_pointer (&self->secrets, g_hash_table_unref);

  set_busy (self, FALSE);

  if (error != NULL)
    {
      /* The message says what failed; never the secrets themselves. The
       * rows keep what was typed: a wrong password must not cost the API
       * key typed beside it. */
      g_debug ("Signing in failed: %s", error->message);
      show_error (self, error->message);
      if (self->secret_rows->len > 0)
        gtk_widget_grab_focus (g_ptr_array_index (self->secret_rows, 0));
    }
  else
    {
      clear_secret_rows (self);
    }
}

static void
account_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GuichetAccountDialog) self = user_data;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  /* guichet_account_setup_save_async() undid a new account half-way */
  if (!guichet_account_setup_save_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_attempt (self, error);
      return;
    }

  /* Signed in again: the session's provider signs with the new secrets. */
  if (self->window != NULL && self->secrets != NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));

      if (app != NULL)
        guichet_session_set_secrets (guichet_application_get_session (GUICHET_APPLICATION (app)),
                                     guichet_account_get_id (self->account), self->secrets);
    }

  account = g_object_ref (self->account);
  finish_attempt (self, NULL);

  if (self->window != NULL)
    {
      guichet_window_reload (self->window);
      guichet_window_sync (self->window, account, FALSE);
      /* What the platform said of the account (Fourvenues: the channel and
       * its hosts), so a key for the wrong channel shows at once. */
      if (self->summary != NULL)
        {
          /* Translators: the account's name, then what the platform said of
           * it, e.g. "Channel “Sala Apolo”: Sala Apolo, La (2) de Apolo" */
          g_autofree char *message =
            g_strdup_printf (_("“%s” added. %s"), guichet_account_get_name (account),
                               self->summary);

          AdwToast *toast = adw_toast_new (message);

          /* the answer to what the user just did: not queued behind others */
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
          _guichet_window_add_toast (self->window, toast);
        }
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The row first, then the secrets, as guichet-cli does: never a secret in
 * the keyring without its account (guichet-account-setup.h). */
static void
save_account (GuichetAccountDialog *self)
{
  GuichetApplication *app;
  GuichetAccount     *account;
  GuichetStore       *store;

  app = self->window != NULL
          ? GUICHET_APPLICATION (gtk_window_get_application (GTK_WINDOW (self->window)))
          : NULL;
  store = app != NULL ? guichet_application_get_store (app) : NULL;
  if (store == NULL)
    {
      g_autoptr (GError) error = NULL;

      g_set_error_literal (&error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                           _("The local database is not available"));
      finish_attempt (self, error);
      return;
    }

  /* In a worker thread: the writer may be busy with another account's
   * sync pages, the keyring may be slow. */
  account = self->account;
  guichet_account_setup_save_async (store, account, self->secrets, self->reauth_account == NULL,
                                    self->cancellable, account_saved_cb, g_object_ref (self));
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GuichetAccountDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  self->secrets = guichet_provider_sign_in_finish (GUICHET_PROVIDER (object), result, &error);
  if (self->secrets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_attempt (self, error);
      return;
    }
  g_free (self->summary);
  self->summary = guichet_provider_dup_sign_in_summary (GUICHET_PROVIDER (object));

  save_account (self);
}

static void
on_sign_in_clicked (GuichetAccountDialog *self)
{
  GuichetProviderClass *klass = selected_class (self);
  g_autoptr (GHashTable) credentials = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char    *id = NULL;
  g_autofree char    *name = dup_stripped_text (self->name_row);
  g_autofree char    *base_url = dup_stripped_text (self->base_url_row);
  g_autofree char    *login = dup_stripped_text (self->login_row);
  GuichetApplication *app;

  if (klass == NULL || self->cancellable != NULL || self->window == NULL)
    return;

  if (!base_url_is_valid (self, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (*base_url != '\0')
    {
      char *normalized = guichet_http_client_normalize_base_url (base_url, NULL);

      g_free (base_url);
      base_url = normalized;
    }
  else if (selected_host (self) != NULL)
    {
      g_free (base_url);
      base_url = g_strdup (selected_host (self));
    }

  if (self->reauth_account != NULL)
    id = g_strdup (guichet_account_get_id (self->reauth_account));
  else
    id = guichet_account_generate_id ();

  self->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", klass->kind, "name", name, "base-url",
                  *base_url != '\0' ? base_url : NULL, "username",
                  g_strcmp0 (klass->login_field, "username") == 0 ? login : NULL, "email",
                  g_strcmp0 (klass->login_field, "email") == 0 ? login : NULL, NULL);

  app = GUICHET_APPLICATION (gtk_window_get_application (GTK_WINDOW (self->window)));
  if (app != NULL)
    self->provider = guichet_session_create_provider (guichet_application_get_session (app),
                                                      self->account, &error);
  else
    g_set_error_literal (&error, GUICHET_ERROR, GUICHET_ERROR_FAILED, _("The window was closed"));
  if (self->provider == NULL)
    {
      finish_attempt (self, error);
      return;
    }

  credentials = secret_table_new ();
  if (klass->login_field != NULL)
    g_hash_table_insert (credentials, g_strdup (klass->login_field), g_strdup (login));
  for (guint i = 0; i < self->secret_rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (self->secret_rows, i);

      g_hash_table_insert (credentials,
                           g_strdup (g_object_get_data (G_OBJECT (row), "credential-name")),
                           g_strdup (gtk_editable_get_text (row)));
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  guichet_provider_sign_in_async (self->provider, credentials, self->cancellable, signed_in_cb,
                                  g_object_ref (self));
}

static void
on_cancel_clicked (GuichetAccountDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
guichet_account_dialog_close_request (GtkWindow *window)
{
  GuichetAccountDialog *self = GUICHET_ACCOUNT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  clear_secret_rows (self);

  return GTK_WINDOW_CLASS (guichet_account_dialog_parent_class)->close_request (window);
}

static void
guichet_account_dialog_dispose (GObject *object)
{
  GuichetAccountDialog *self = GUICHET_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->window);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_ACCOUNT_DIALOG);

  g_clear_object (&self->reauth_account);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->host_rows, g_ptr_array_unref);
  g_clear_pointer (&self->host_checks, g_ptr_array_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->secrets, g_hash_table_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->secret_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (guichet_account_dialog_parent_class)->dispose (object);
}

static void
guichet_account_dialog_class_init (GuichetAccountDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = guichet_account_dialog_dispose;
  window_class->close_request = guichet_account_dialog_close_request;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, platforms_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, page);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, account_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, hosts_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetAccountDialog, base_url_row);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* A row per platform, as GNOME Online Accounts lists its providers: a
 * plain list is readable at a glance and reachable by keyboard and by
 * accessibility tools, which a drop-down is not. */
static void
add_platform_row (GuichetAccountDialog *self,
                  const char           *kind)
{
  GuichetProviderClass *klass = guichet_providers_get_class (kind);
  const char           *name;
  GtkWidget            *row, *button;

  if (klass == NULL)
    return;

  name = klass->display_name != NULL ? _(klass->display_name) : kind;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (g_strcmp0 (kind, "demo") == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Sample events to try the app"));

  button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kind), g_free);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_platform_activated), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (self->platforms_group, row);

  /* The first platform has the focus, not Cancel. */
  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    gtk_window_set_focus (GTK_WINDOW (self), row);
}

static void
guichet_account_dialog_init (GuichetAccountDialog *self)
{
  const char * const *kinds = guichet_providers_get_kinds ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->secret_rows = g_ptr_array_new ();
  self->host_rows = g_ptr_array_new ();
  self->host_checks = g_ptr_array_new ();

  /* The platforms in the registry's order; the demo needs no account of
   * its own, so it comes last. */
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], "demo") != 0)
      add_platform_row (self, kinds[i]);
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], "demo") == 0)
      add_platform_row (self, kinds[i]);
}

GuichetAccountDialog *
guichet_account_dialog_new (GuichetWindow *window)
{
  GuichetAccountDialog *self;

  g_return_val_if_fail (GUICHET_IS_WINDOW (window), NULL);

  self = g_object_new (GUICHET_TYPE_ACCOUNT_DIALOG, "transient-for", window, "application",
                       gtk_window_get_application (GTK_WINDOW (window)), NULL);
  g_set_weak_pointer (&self->window, window);

  return self;
}

GuichetAccountDialog *
guichet_account_dialog_new_reauth (GuichetWindow  *window,
                                   GuichetAccount *account,
                                   gboolean        refused)
{
  GuichetAccountDialog *self;
  GuichetProviderClass *klass;
  const char           *login = NULL;
  const char           *base_url;
  g_autofree char      *description = NULL;
  gboolean              on_host = FALSE;

  g_return_val_if_fail (GUICHET_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), NULL);

  self = guichet_account_dialog_new (window);
  self->reauth_account = g_object_ref (account);
  choose_platform (self, guichet_account_get_provider (account));
  klass = selected_class (self);

  gtk_window_set_title (GTK_WINDOW (self), _("Sign In Again"));
  adw_window_title_set_title (self->window_title, _("Sign In Again"));
  adw_window_title_set_subtitle (self->window_title, guichet_account_get_name (account));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), guichet_account_get_name (account));

  /* A server among the offered hosts is chosen there, any other one is
   * shown in the advanced field. */
  base_url = guichet_account_get_base_url (account);
  for (guint i = 0; base_url != NULL && i < self->host_checks->len; i++)
    if (g_strcmp0 (klass->hosts[i].base_url, base_url) == 0)
      {
        gtk_check_button_set_active (g_ptr_array_index (self->host_checks, i), TRUE);
        on_host = TRUE;
      }
  if (base_url != NULL && !on_host)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url);
      adw_expander_row_set_expanded (self->advanced_row, TRUE);
    }

  if (klass != NULL && g_strcmp0 (klass->login_field, "email") == 0)
    login = guichet_account_get_email (account);
  else if (klass != NULL && klass->login_field != NULL)
    login = guichet_account_get_username (account);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login != NULL ? login : "");

  /* The platform and the name stay as they are. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);

  /* Only say the platform refused the credentials when it did. */
  if (refused)
    description = g_strdup_printf (_("The platform no longer accepts the saved credentials of “%s”. Type them again to keep syncing."),
                                     guichet_account_get_name (account));
  else
    description = g_strdup_printf (_("Type the credentials of “%s” again; they replace the ones in the keyring once the platform accepts them."),
                                     guichet_account_get_name (account));
  adw_preferences_group_set_description (self->account_group, description);

  show_form (self);

  return self;
}
