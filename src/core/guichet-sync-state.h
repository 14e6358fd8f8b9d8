/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* How an account's sync is doing, for the UI to bind to. The session owns
 * one per account and is the only writer; the properties notify only on a
 * real change:
 *   "account-id"   the account (construct-only)
 *   "busy"         TRUE while a sync of the account runs or waits its turn
 *   "fraction"     0..1, the running sync's best guess (0 when idle)
 *   "status"       translated text of what the sync does ("" when idle)
 *   "error"        the last sync's GError (boxed), NULL after a success
 *   "last-synced"  when the last sync succeeded (seconds since the epoch, 0: never)
 *   "participants-written"  participants the running (or last) sync wrote
 * and, not properties, what the last sync did with the check-ins made
 * offline (sent to the platform, refused by it). */

#define GUICHET_TYPE_SYNC_STATE (guichet_sync_state_get_type ())
G_DECLARE_FINAL_TYPE (GuichetSyncState, guichet_sync_state, GUICHET, SYNC_STATE, GObject)

GuichetSyncState *guichet_sync_state_new             (const char       *account_id);
const char       *guichet_sync_state_get_account_id  (GuichetSyncState *self);
gboolean          guichet_sync_state_get_busy        (GuichetSyncState *self);
double            guichet_sync_state_get_fraction    (GuichetSyncState *self);
const char       *guichet_sync_state_get_status      (GuichetSyncState *self);
/* TRUE while the status shows a request waiting, counted down */
gboolean          guichet_sync_state_is_waiting      (GuichetSyncState *self);
const GError     *guichet_sync_state_get_error       (GuichetSyncState *self);
gint64            guichet_sync_state_get_last_synced (GuichetSyncState *self);
gint64            guichet_sync_state_get_participants_written (GuichetSyncState *self);
guint             guichet_sync_state_get_check_ins_sent    (GuichetSyncState *self);
guint             guichet_sync_state_get_check_ins_refused (GuichetSyncState *self);

/* Internal: for GuichetSession only. */
void              _guichet_sync_state_set_busy        (GuichetSyncState *self,
                                                       gboolean          busy);
void              _guichet_sync_state_set_fraction    (GuichetSyncState *self,
                                                       double            fraction);
void              _guichet_sync_state_set_status      (GuichetSyncState *self,
                                                       const char       *status,
                                                       gboolean          waiting);
void              _guichet_sync_state_set_error       (GuichetSyncState *self,
                                                       const GError     *error);
void              _guichet_sync_state_set_last_synced (GuichetSyncState *self,
                                                       gint64            last_synced);
void              _guichet_sync_state_set_participants_written (GuichetSyncState *self,
                                                                gint64            written);
void              _guichet_sync_state_set_check_ins   (GuichetSyncState *self,
                                                       guint             sent,
                                                       guint             refused);

G_END_DECLS
