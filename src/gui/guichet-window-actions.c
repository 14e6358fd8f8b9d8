/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-account-dialog.h"
#include "guichet-providers.h"
#include "guichet-window-private.h"

static GuichetStore *
window_store (GuichetWindow *self)
{
  return guichet_session_get_store (_guichet_window_get_session (self));
}

static GuichetAccount *
find_account (GuichetWindow *self,
              GVariant      *parameter)
{
  GuichetStore *store = window_store (self);
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  if (store == NULL || parameter == NULL)
    return NULL;

  account = guichet_store_find_account (store, g_variant_get_string (parameter, NULL), &error);
  if (account == NULL)
    guichet_window_show_error (self, error->message);

  return g_steal_pointer (&account);
}

static void
guichet_window_sync_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  _guichet_window_sync_selected (GUICHET_WINDOW (widget));
}

static void
guichet_window_add_account_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  GuichetAccountDialog *dialog = guichet_account_dialog_new (GUICHET_WINDOW (user_data));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_again (GuichetWindow *self,
               GVariant      *parameter,
               gboolean       refused)
{
  g_autoptr (GuichetAccount) account = find_account (self, parameter);

  if (account != NULL)
    gtk_window_present (GTK_WINDOW (guichet_account_dialog_new_reauth (self, account, refused)));
}

/* Asked for by hand, from the account's menu. */
static void
guichet_window_sign_in_again_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  sign_in_again (GUICHET_WINDOW (user_data), parameter, FALSE);
}

/* Offered because the platform refused the saved credentials. */
static void
guichet_window_sign_in_refused_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  sign_in_again (GUICHET_WINDOW (user_data), parameter, TRUE);
}

/* Retry: the banner's and the toast's button. */
static void
guichet_window_sync_account_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  GuichetWindow  *self = GUICHET_WINDOW (user_data);
  GuichetAccount *account;

  account = guichet_session_lookup_account (_guichet_window_get_session (self),
                                            g_variant_get_string (parameter, NULL));
  /* Removed meanwhile: nothing left to sync. */
  if (account != NULL)
    guichet_window_sync (self, account, FALSE);
}

static void dismiss_sign_in_again (GuichetWindow *self,
                                   const char    *account_id);

typedef struct
{
  GuichetWindow  *self;
  GuichetAccount *account;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->account);
  g_free (data);
}

/* Takes @data. */
static void
account_removed (RemoveData *data)
{
  /* Translators: %s is an account name */
  g_autofree char *message =
    g_strdup_printf (_("“%s” removed"), guichet_account_get_name (data->account));
  AdwToast *toast = adw_toast_new (message);

  /* No provider, queued sync or refresh is left for it, nor an offer to
   * sign it in again. */
  dismiss_sign_in_again (data->self, guichet_account_get_id (data->account));
  guichet_session_forget_account (_guichet_window_get_session (data->self),
                                  guichet_account_get_id (data->account));
  guichet_window_reload (data->self);
  _guichet_window_add_toast (data->self, toast);
  remove_data_free (data);
}

static void
account_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RemoveData *data = user_data;
  g_autoptr (GError) error = NULL;

  if (!guichet_store_delete_account_finish (GUICHET_STORE (object), result, &error))
    {
      guichet_window_show_error (data->self, error->message);
      remove_data_free (data);
      return;
    }

  account_removed (data);
}

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RemoveData   *data = user_data;
  GuichetStore *store = window_store (data->self);
  g_autoptr (GError) error = NULL;

  /* The keyring first: an account the store forgot must leave no secret. */
  if (!guichet_secrets_clear_finish (result, &error))
    {
      guichet_window_show_error (data->self, error->message);
      remove_data_free (data);
    }
  else if (store != NULL)
    {
      /* Removing an account's participants can take a while: not here. */
      guichet_store_delete_account_async (store, guichet_account_get_id (data->account), NULL,
                                          account_deleted_cb, data);
    }
  else
    {
      account_removed (data);
    }
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RemoveData *data = user_data;

  if (g_strcmp0 (response, "remove") != 0)
    {
      remove_data_free (data);
      return;
    }

  guichet_secrets_clear_async (guichet_account_get_id (data->account), NULL, secrets_cleared_cb,
                               data);
}

static void
guichet_window_remove_account_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  GuichetWindow *self = GUICHET_WINDOW (user_data);
  g_autoptr (GuichetAccount) account = find_account (self, parameter);
  AdwMessageDialog *dialog;
  RemoveData       *data;

  if (account == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* Translators: %s is an account name */
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"), guichet_account_get_name (account));
  adw_message_dialog_set_body (dialog,
                               _("Its events and participants are removed from this computer, "
                                 "and its credentials from the keyring. Nothing changes on the "
                                 "ticketing platform; the check-in journal is kept."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  data = g_new0 (RemoveData, 1);
  data->self = g_object_ref (self);
  data->account = g_steal_pointer (&account);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), data);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The account menu of the event's header bar */

static gboolean
account_has_secrets (GuichetAccount *account)
{
  GuichetProviderClass *klass =
    guichet_providers_get_class (guichet_account_get_provider (account));

  for (guint i = 0;
       klass != NULL && klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    if (klass->credentials[i].secret)
      return TRUE;

  return FALSE;
}

void
_guichet_window_update_account_menu (GuichetWindow  *self,
                                     GtkMenuButton  *button,
                                     GuichetAccount *account)
{
  g_autoptr (GMenu) menu = NULL;
  g_autoptr (GMenuItem) item = NULL;
  const char *id;

  gtk_widget_set_visible (GTK_WIDGET (button), account != NULL);
  if (account == NULL)
    {
      gtk_menu_button_set_menu_model (button, NULL);
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

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* The platform refused the saved credentials: one "sign in again" toast
 * per account at a time. */

/* Ids of the accounts with such a toast on screen -> the toast */
static GHashTable *
auth_toasts (GuichetWindow *self)
{
  GHashTable *ids = g_object_get_data (G_OBJECT (self), "guichet-auth-toasts");

  if (ids == NULL)
    {
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_data_full (G_OBJECT (self), "guichet-auth-toasts", ids,
                              (GDestroyNotify) g_hash_table_unref);
    }

  return ids;
}

static void
on_auth_toast_dismissed (AdwToast      *toast,
                         GuichetWindow *self)
{
  g_hash_table_remove (auth_toasts (self), g_object_get_data (G_OBJECT (toast), "account-id"));
}

/* The platform refused the saved credentials: offer to sign in again. */
void
_guichet_window_show_sign_in_again (GuichetWindow  *self,
                                    GuichetAccount *account)
{
  const char      *id = guichet_account_get_id (account);
  g_autofree char *title = NULL;
  AdwToast        *toast;

  if (g_hash_table_contains (auth_toasts (self), id))
    return;

  /* Translators: %s is an account name */
  title = g_strdup_printf (_("Sign in to %s again"), guichet_account_get_name (account));
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("Sign _In…"));
  /* The dialog then says the platform refused them. */
  adw_toast_set_action_name (toast, "win.sign-in-refused");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  g_object_set_data_full (G_OBJECT (toast), "account-id", g_strdup (id), g_free);
  g_hash_table_insert (auth_toasts (self), g_strdup (id), g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_auth_toast_dismissed), self, 0);
  _guichet_window_add_toast (self, toast);
}

static void
dismiss_sign_in_again (GuichetWindow *self,
                       const char    *account_id)
{
  AdwToast *toast = g_hash_table_lookup (auth_toasts (self), account_id);

  if (toast != NULL)
    adw_toast_dismiss (toast); /* "dismissed" removes it from the table */
}

/* Ctrl+F: the selected event's participants, the search typed into. */
static void
guichet_window_find_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  AdwViewStack *stack = _guichet_window_get_event_stack (GUICHET_WINDOW (widget));
  GtkWidget    *participants = adw_view_stack_get_child_by_name (stack, "participants");

  if (participants == NULL || !gtk_widget_is_sensitive (GTK_WIDGET (stack)) ||
      !gtk_widget_get_mapped (GTK_WIDGET (stack)))
    return;

  /* Shown, the page puts the focus in its search entry. */
  if (adw_view_stack_get_visible_child (stack) != participants)
    adw_view_stack_set_visible_child (stack, participants);
  else
    gtk_widget_grab_focus (participants);
}

void
_guichet_window_class_actions_init (GuichetWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, guichet_window_find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);

  gtk_widget_class_install_action (widget_class, "win.sync", NULL, guichet_window_sync_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
}

/* The account actions live in the window's action map, so the application
 * exports them on D-Bus with the window (scripts and tests use them) and
 * the application's accelerators reach them. */
static const GActionEntry account_actions[] = {
  { "add-account", guichet_window_add_account_action },
  { "sign-in-again", guichet_window_sign_in_again_action, "s" },
  { "sign-in-refused", guichet_window_sign_in_refused_action, "s" },
  { "remove-account", guichet_window_remove_account_action, "s" },
  { "sync-account", guichet_window_sync_account_action, "s" },
};

void
_guichet_window_actions_init (GuichetWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), account_actions,
                                   G_N_ELEMENTS (account_actions), self);
}
