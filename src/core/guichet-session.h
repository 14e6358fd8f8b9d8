/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"
#include "guichet-sync-state.h"

G_BEGIN_DECLS

/* What the window, its pages and the CLI share: the store, the HTTP client,
 * one signed-in provider per account (its secrets read once from the
 * keyring; a renewed token kept there once), the sync queue (one account
 * at a time) and the background refresh of door stations.
 *
 * The session never names a platform: providers come from the factory
 * given at construction (src/providers passes guichet_providers_create()).
 * Everything runs on the main context of the thread that created it. */

/* Same shape as guichet_providers_create(). */
typedef GuichetProvider *(*GuichetProviderFactory) (GuichetAccount     *account,
                                                    GuichetHttpClient  *http_client,
                                                    GError            **error);

#define GUICHET_TYPE_SESSION (guichet_session_get_type ())
G_DECLARE_FINAL_TYPE (GuichetSession, guichet_session, GUICHET, SESSION, GObject)

/* @store may be NULL (the database could not be opened): then there are
 * no accounts and nothing syncs. @http_client may be NULL: one is made. */
GuichetSession    *guichet_session_new                (GuichetStore            *store,
                                                       GuichetHttpClient       *http_client,
                                                       GuichetProviderFactory   factory);
GuichetStore      *guichet_session_get_store          (GuichetSession          *self);
GuichetHttpClient *guichet_session_get_http_client    (GuichetSession          *self);

/* The accounts (GuichetAccount) by name, as last read from the store. */
GListModel        *guichet_session_get_accounts       (GuichetSession          *self);
gboolean           guichet_session_reload_accounts    (GuichetSession          *self,
                                                       GError                 **error);
/* From the accounts model (no reference), or NULL. */
GuichetAccount    *guichet_session_lookup_account     (GuichetSession          *self,
                                                       const char              *account_id);
/* The account's sync state; one object per account id, kept by the session. */
GuichetSyncState  *guichet_session_get_sync_state     (GuichetSession          *self,
                                                       const char              *account_id);
/* Property "busy": a sync runs or waits. */
gboolean           guichet_session_get_busy           (GuichetSession          *self);
/* Property "syncing-state": the state of the account syncing now, or NULL. */
GuichetSyncState  *guichet_session_get_syncing_state  (GuichetSession          *self);
/* Property "desk-name": how this desk introduces itself to door-station
 * platforms before each sync (Preferences; "" registers without a name).
 * NULL (the default): the desk does not register. */
const char        *guichet_session_get_desk_name      (GuichetSession          *self);
void               guichet_session_set_desk_name      (GuichetSession          *self,
                                                       const char              *desk_name);
/* Property "saving-secrets": a renewed token is being written to the
 * keyring (a command-line run waits for it before it exits). */
gboolean           guichet_session_get_saving_secrets (GuichetSession          *self);

/* A provider for @account that is not signed in and not kept (to sign in
 * with new credentials). */
GuichetProvider   *guichet_session_create_provider    (GuichetSession          *self,
                                                       GuichetAccount          *account,
                                                       GError                 **error);
/* The account's provider with its secrets: made and its secrets read from
 * the keyring on the first call, the same object afterwards. */
void               guichet_session_get_provider_async (GuichetSession          *self,
                                                       GuichetAccount          *account,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
GuichetProvider   *guichet_session_get_provider_finish (GuichetSession         *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
/* Blocking variant, for the CLI (never on the GTK main thread). */
GuichetProvider   *guichet_session_get_provider_sync  (GuichetSession          *self,
                                                       GuichetAccount          *account,
                                                       GCancellable            *cancellable,
                                                       GError                 **error);
/* New secrets for @account were stored in the keyring after a sign-in:
 * the kept provider (if any) uses them from now on, and the account's
 * error is cleared. */
void               guichet_session_set_secrets        (GuichetSession          *self,
                                                       const char              *account_id,
                                                       GHashTable              *secrets);
/* The account was removed: its provider, queued sync, refresh and state go. */
void               guichet_session_forget_account     (GuichetSession          *self,
                                                       const char              *account_id);

/* Queues a sync of @account (nothing when it is already queued or running).
 * Signal "sync-finished" (GuichetAccount *, const GError * or NULL) after
 * each. */
void               guichet_session_sync               (GuichetSession          *self,
                                                       GuichetAccount          *account);
/* Every account. */
void               guichet_session_sync_all           (GuichetSession          *self);
/* Queues a sync of @account and completes when it is over. */
void               guichet_session_sync_async         (GuichetSession          *self,
                                                       GuichetAccount          *account,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
gboolean           guichet_session_sync_finish        (GuichetSession          *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
/* Door refresh: while @account_id (or NULL) is shown, sync it as often as
 * its platform asked when the desk registered (at least every 30 s). */
void               guichet_session_set_refresh_account (GuichetSession         *self,
                                                        const char             *account_id);
/* Signal "warning" (GuichetAccount *, const char *message): something that
 * did not stop the sync (the desk could not register) but should be said. */

G_END_DECLS
