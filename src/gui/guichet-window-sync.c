/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "guichet-window-private.h"

/* How each account's sync is doing, where its events are: the sidebar's
 * account headers say "Syncing…", "Last synced at …" or "Sync failed",
 * and a failed sync puts one banner on that account's pages, naming the
 * account, saying what to do, with the button that does it. The window's
 * syncs start here too, and the session's progress and warnings reach the
 * window here. */

/* "Last synced at 14:05", or with the date when it was not today */
static char *
format_last_synced (gint64 last_synced)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (last_synced);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;

  if (when == NULL)
    return NULL;

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      /* Translators: a time of day, in g_date_time_format() notation */
      time = g_date_time_format (when, _("%H:%M"));
      /* Translators: %s is a time of day */
      return g_strdup_printf (_("Last synced at %s"), time);
    }

  /* Translators: a date and time, in g_date_time_format() notation */
  time = g_date_time_format (when, _("%x %H:%M"));
  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Last synced on %s"), time);
}

static void
update_header_status (GuichetSyncState *state,
                      GParamSpec       *pspec,
                      GtkLabel         *label)
{
  g_autofree char *text = NULL;
  gboolean         failed = FALSE;

  if (guichet_sync_state_get_busy (state))
    text = g_strdup (_("Syncing…"));
  else if (guichet_sync_state_get_error (state) != NULL)
    {
      text = g_strdup (_("Sync failed"));
      failed = TRUE;
    }
  else if (guichet_sync_state_get_last_synced (state) > 0)
    text = format_last_synced (guichet_sync_state_get_last_synced (state));

  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

GtkWidget *
_guichet_window_create_account_header (GuichetWindow *self,
                                       const char    *account_id,
                                       const char    *name)
{
  GuichetSession *session = _guichet_window_get_session (self);
  GtkWidget      *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget      *title = gtk_label_new (name);
  GtkWidget      *status = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "account-header");
  /* Long names and statuses are cut, never widen the sidebar. */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 1);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (box), title);

  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_ellipsize (GTK_LABEL (status), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 1);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "account-sync-status");
  gtk_widget_set_visible (status, FALSE);
  gtk_box_append (GTK_BOX (box), status);

  if (session != NULL && account_id != NULL)
    {
      GuichetSyncState *state = guichet_session_get_sync_state (session, account_id);

      g_signal_connect_object (state, "notify::busy", G_CALLBACK (update_header_status), status, 0);
      g_signal_connect_object (state, "notify::error", G_CALLBACK (update_header_status), status,
                               0);
      g_signal_connect_object (state, "notify::last-synced", G_CALLBACK (update_header_status),
                               status, 0);
      update_header_status (state, NULL, GTK_LABEL (status));
    }

  return box;
}

/* What to tell the organizer about @error, naming @account */
char *
_guichet_window_describe_sync_error (GuichetAccount *account,
                                     const GError   *error)
{
  const char      *name = guichet_account_get_name (account);
  g_autofree char *why = g_strdup (error->message);
  gsize            len = strlen (why);

  /* The message goes inside a sentence. */
  while (len > 0 && (why[len - 1] == '.' || g_ascii_isspace (why[len - 1])))
    why[--len] = '\0';

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    /* Translators: %s is an account name */
    return g_strdup_printf (_("“%s” no longer accepts the saved credentials. Sign in again to keep syncing."), name);

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK) ||
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_TIMEOUT))
    /* Translators: the first %s is an account name, the second says why */
    return g_strdup_printf (_("Could not sync “%s”: the platform could not be reached (%s). "
                              "Check the network connection, then retry."),
                              name, why);

  /* Translators: the first %s is an account name, the second says why */
  return g_strdup_printf (_("Could not sync “%s”: %s. Retry in a moment; if it keeps failing, check the account’s settings."),
                            name, why);
}

/* The banner on the pages of the selected event's account */

typedef struct
{
  GuichetSyncState *state; /* weak */
} BannerData;

static void
banner_data_free (BannerData *data)
{
  g_clear_weak_pointer (&data->state);
  g_free (data);
}

static BannerData *
banner_data (GuichetWindow *self)
{
  BannerData *data = g_object_get_data (G_OBJECT (self), "guichet-sync-banner");

  if (data == NULL)
    {
      data = g_new0 (BannerData, 1);
      g_object_set_data_full (G_OBJECT (self), "guichet-sync-banner", data,
                              (GDestroyNotify) banner_data_free);
    }

  return data;
}

static void
update_banner (GuichetWindow *self)
{
  BannerData      *data = banner_data (self);
  GuichetSession  *session = _guichet_window_get_session (self);
  const GError    *error = data->state != NULL ? guichet_sync_state_get_error (data->state) : NULL;
  GuichetAccount  *account = NULL;
  g_autofree char *message = NULL;
  const char      *id;

  if (error != NULL && session != NULL)
    account =
      guichet_session_lookup_account (session, guichet_sync_state_get_account_id (data->state));

  if (account == NULL)
    {
      _guichet_window_set_banner (self, NULL, NULL, NULL, NULL);
      return;
    }

  id = guichet_account_get_id (account);
  message = _guichet_window_describe_sync_error (account, error);
  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    _guichet_window_set_banner (self, message,
                                _("Sign _In…"), "win.sign-in-refused", g_variant_new_string (id));
  else
    _guichet_window_set_banner (self, message,
                                _("_Retry"), "win.sync-account", g_variant_new_string (id));
}

void
_guichet_window_update_sync_banner (GuichetWindow  *self,
                                    GuichetAccount *account)
{
  BannerData       *data = banner_data (self);
  GuichetSession   *session = _guichet_window_get_session (self);
  GuichetSyncState *state = NULL;

  if (account != NULL && session != NULL)
    state = guichet_session_get_sync_state (session, guichet_account_get_id (account));

  if (data->state != state)
    {
      if (data->state != NULL)
        g_signal_handlers_disconnect_by_func (data->state, update_banner, self);
      g_set_weak_pointer (&data->state, state);
      if (state != NULL)
        g_signal_connect_object (state, "notify::error", G_CALLBACK (update_banner), self,
                                 G_CONNECT_SWAPPED);
    }

  update_banner (self);
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

/* Sync: the session runs it; the window shows it. */

void
_guichet_window_update_sync_state (GuichetWindow *self)
{
  gboolean syncing = _guichet_window_is_syncing (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 guichet_session_get_store (self->session) != NULL && !syncing);

  if (!syncing)
    self->preparing = FALSE;

  _guichet_window_update_content_page (self);
}

static void
on_sync_finished (GuichetSession *session,
                  GuichetAccount *account,
                  const GError   *error,
                  GuichetWindow  *self)
{
  guint n;

  guichet_window_reload (self);

  if (error == NULL)
    return;

  /* The account's header and the banner on its pages say it; an account
   * with no event in the sidebar has neither: a toast then. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);

      if (g_strcmp0 (guichet_event_get_account_id (event), guichet_account_get_id (account)) == 0)
        return;
    }

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    _guichet_window_show_sign_in_again (self, account);
  else
    {
      g_autofree char *message = _guichet_window_describe_sync_error (account, error);
      AdwToast        *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "win.sync-account");
      adw_toast_set_action_target_value (toast,
                                         g_variant_new_string (guichet_account_get_id (account)));
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

void
_guichet_window_set_banner (GuichetWindow *self,
                            const char    *message,
                            const char    *button_label,
                            const char    *action_name,
                            GVariant      *target)
{
  g_autoptr (GVariant) owned = target != NULL ? g_variant_ref_sink (target) : NULL;

  g_return_if_fail (GUICHET_IS_WINDOW (self));

  gtk_revealer_set_reveal_child (self->sync_banner, message != NULL);
  if (message == NULL)
    return;

  gtk_label_set_label (self->sync_banner_label, message);
  gtk_button_set_label (self->sync_banner_button, button_label);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->sync_banner_button), owned);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_banner_button), action_name);
}

static void
on_session_warning (GuichetSession *session,
                    GuichetAccount *account,
                    const char     *message,
                    GuichetWindow  *self)
{
  /* Translators: the first %s is an account name, the second a warning */
  g_autofree char *text =
    g_strdup_printf (_("%s: %s"), guichet_account_get_name (account), message);
  AdwToast *toast = adw_toast_new (text);

  /* Nothing stopped: said for a while, not kept on screen. */
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_syncing_state_changed (GuichetWindow *self)
{
  GuichetSyncState *state = guichet_session_get_syncing_state (self->session);

  /* Between two accounts the bars keep the last values; a new account
   * starts from zero through its own state. */
  if (state != NULL)
    g_binding_group_set_source (self->sync_bindings, state);
}

void
guichet_window_sync (GuichetWindow  *self,
                     GuichetAccount *account,
                     gboolean        first_run)
{
  g_return_if_fail (GUICHET_IS_WINDOW (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));

  if (guichet_session_get_store (self->session) == NULL)
    return;

  if (first_run)
    self->preparing = TRUE;

  guichet_session_sync (self->session, account);
  _guichet_window_update_sync_state (self);
}

void
_guichet_window_sync_selected (GuichetWindow *self)
{
  GuichetAccount *account;

  g_return_if_fail (GUICHET_IS_WINDOW (self));

  if (guichet_session_get_store (self->session) == NULL || _guichet_window_is_syncing (self))
    return;

  if (self->selected_event != NULL)
    {
      account =
        guichet_session_lookup_account (self->session,
                                        guichet_event_get_account_id (self->selected_event));
      if (account != NULL)
        guichet_window_sync (self, account, FALSE);
      return;
    }

  if (g_list_model_get_n_items (guichet_session_get_accounts (self->session)) == 0)
    {
      guichet_window_show_error (self, _("There is no account to sync"));
      return;
    }

  guichet_session_sync_all (self->session);
  _guichet_window_update_sync_state (self);
}

/* Follows the session's syncs (self->session is set). */
void
_guichet_window_sync_connect (GuichetWindow *self)
{
  g_signal_connect_object (self->session, "notify::busy",
                           G_CALLBACK (_guichet_window_update_sync_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::syncing-state",
                           G_CALLBACK (on_syncing_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sync-finished", G_CALLBACK (on_sync_finished), self, 0);
  g_signal_connect_object (self->session, "warning", G_CALLBACK (on_session_warning), self, 0);
  on_syncing_state_changed (self);
}
