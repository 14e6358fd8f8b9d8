/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* Adding an account, as the window's dialog and guichet-cli both do it:
 * the account row first, then its secrets. Killed at any point, no secret
 * is left in the keyring without an account row that lists it (a row
 * whose secrets were never written asks to sign in again, or can be
 * removed). When the secrets cannot be written, what was written of them
 * is cleared and (@is_new) the row removed again; *@row_kept (may be NULL)
 * says whether the row is still there (the clean-up failed too).
 *
 * @secrets: name -> value, may be empty (a provider without secrets).
 * @is_new: FALSE when signing an existing account in again (its row
 * stays whatever happens). The blocking variant is for the CLI and
 * worker threads, never the GTK main thread. */
gboolean guichet_account_setup_save_sync   (GuichetStore        *store,
                                            GuichetAccount      *account,
                                            GHashTable          *secrets,
                                            gboolean             is_new,
                                            gboolean            *row_kept,
                                            GCancellable        *cancellable,
                                            GError             **error);
void     guichet_account_setup_save_async  (GuichetStore        *store,
                                            GuichetAccount      *account,
                                            GHashTable          *secrets,
                                            gboolean             is_new,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean guichet_account_setup_save_finish (GAsyncResult        *result,
                                            GError             **error);

/* The start-up sweep: removes the keyring items of this application whose
 * account has no row in @store (left by an "account add" of an older
 * version killed between its keyring write and its database commit, or by
 * an account removed while the keyring was out of reach). Keyring items
 * are listed before the rows are read, so an account being added by
 * another process (row first) is never swept. Returns the number of
 * accounts whose secrets were removed, or -1 with @error. Blocking. */
gint     guichet_account_setup_sweep_sync  (GuichetStore        *store,
                                            GCancellable        *cancellable,
                                            GError             **error);
/* The same in a worker thread (the window runs it at start-up). */
void     guichet_account_setup_sweep_async (GuichetStore        *store,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint     guichet_account_setup_sweep_finish (GAsyncResult       *result,
                                             GError            **error);

G_END_DECLS
