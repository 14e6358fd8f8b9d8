/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Secrets live only in the Secret Service (libsecret), in one schema named
 * after the application ID, with attributes "account" (the account id) and
 * "kind" (the secret's name: "api_key", "access_token", "password", ...).
 * Every failure becomes GUICHET_ERROR_SECRETS with a message that says what
 * happened and what to do (no session bus, no Secret Service, locked
 * keyring). */

/* secrets: name -> value. Replaces what the account had. */
void        guichet_secrets_store_async   (const char          *account_id,
                                           const char          *account_label,
                                           GHashTable          *secrets,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    guichet_secrets_store_finish  (GAsyncResult        *result,
                                           GError             **error);
/* name -> value; an empty table when the account has none. */
void        guichet_secrets_lookup_async  (const char          *account_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GHashTable *guichet_secrets_lookup_finish (GAsyncResult        *result,
                                           GError             **error);
void        guichet_secrets_clear_async   (const char          *account_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    guichet_secrets_clear_finish  (GAsyncResult        *result,
                                           GError             **error);

/* Blocking variants, for the CLI (never for the GTK main thread). */
gboolean    guichet_secrets_store_sync    (const char          *account_id,
                                           const char          *account_label,
                                           GHashTable          *secrets,
                                           GCancellable        *cancellable,
                                           GError             **error);
GHashTable *guichet_secrets_lookup_sync   (const char          *account_id,
                                           GCancellable        *cancellable,
                                           GError             **error);
gboolean    guichet_secrets_clear_sync    (const char          *account_id,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* The ids of the accounts that have items in the keyring (the attribute
 * "account" of every item of the schema, locked ones included), each once;
 * an empty array when there are none. */
char      **guichet_secrets_list_accounts_sync (GCancellable *cancellable,
                                                GError      **error);
/* Internal, for tests: the GUICHET_ERROR_SECRETS that a libsecret / D-Bus
 * error becomes (cancellation is copied unchanged). */
GError     *_guichet_secrets_translate_error (const GError *error);

G_END_DECLS
