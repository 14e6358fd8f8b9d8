/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* The one path by which journal entries reach a provider that can check
 * in remotely (GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN), for every provider.
 * The door decides locally and journals the admission "pending" first;
 * then push_async gives the provider up to the deadline (about 1.5 s):
 * past it the local verdict stands and the entry stays pending in the
 * journal, which is the queue (durable with the verdict, in the same
 * write). flush_async pushes every pending entry (in the background, and
 * at every sync). A refusal by the provider becomes a conflict: recorded
 * with its words (remote "conflict"), shown, never dropped. */

#define GUICHET_REMOTE_CHECK_IN_DEADLINE_MS 1500

#define GUICHET_TYPE_REMOTE_CHECK_IN (guichet_remote_check_in_get_type ())
G_DECLARE_FINAL_TYPE (GuichetRemoteCheckIn, guichet_remote_check_in, GUICHET, REMOTE_CHECK_IN, GObject)

GuichetRemoteCheckIn *guichet_remote_check_in_new          (GuichetStore          *store,
                                                            GuichetProvider       *provider);
/* Whether the provider checks in remotely (else every entry is "local"). */
gboolean              guichet_remote_check_in_is_enabled   (GuichetRemoteCheckIn  *self);
void                  guichet_remote_check_in_set_deadline (GuichetRemoteCheckIn  *self,
                                                            guint                  deadline_ms);
/* Pushes one pending entry. Finishes by the deadline at the latest with
 * where the entry stands: SENT, CONFLICT, or PENDING (slow, offline,
 * server trouble: it will go out with the next flush). A reply after the
 * deadline is still recorded. Errors only when the store fails. */
void                  guichet_remote_check_in_push_async   (GuichetRemoteCheckIn  *self,
                                                            GuichetCheckIn        *entry,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GuichetRemoteState    guichet_remote_check_in_push_finish  (GuichetRemoteCheckIn  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
/* Pushes the account's pending entries, oldest first, one at a time (no
 * deadline: nobody waits at the door for these). Stops at the first one
 * that cannot get through (offline), leaving it and the rest pending. */
void                  guichet_remote_check_in_flush_async  (GuichetRemoteCheckIn  *self,
                                                            const char            *account_id,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              guichet_remote_check_in_flush_finish (GuichetRemoteCheckIn  *self,
                                                            GAsyncResult          *result,
                                                            guint                 *n_sent,
                                                            guint                 *n_conflicts,
                                                            guint                 *n_pending,
                                                            GError               **error);

G_END_DECLS
