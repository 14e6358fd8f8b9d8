/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* Pulls an account's data from its provider into the store: events, then per
 * event its dates, categories and participants (page by page, each page with
 * its cursor in one transaction, written off the calling thread while the
 * next page is fetched). A second run continues from the stored cursors, so
 * it is incremental where the provider allows it, and a killed run resumes. */

#define GUICHET_TYPE_SYNC (guichet_sync_get_type ())
G_DECLARE_FINAL_TYPE (GuichetSync, guichet_sync, GUICHET, SYNC, GObject)

GuichetSync *guichet_sync_new              (GuichetStore        *store,
                                            GuichetProvider     *provider);
/* Properties: "fraction" (double 0..1, best guess), "status" (translated
 * text: "Downloading participants of …"), "participants-written" (gint64). */
double       guichet_sync_get_fraction     (GuichetSync         *self);
const char  *guichet_sync_get_status       (GuichetSync         *self);
/* TRUE while the status shows a request waiting ("Waiting 42 seconds…",
 * counted down each second) rather than what the sync does. */
gboolean     guichet_sync_is_waiting       (GuichetSync         *self);
gint64       guichet_sync_get_participants_written (GuichetSync *self);
/* Property "running": TRUE between run_async() and its callback. */
gboolean     guichet_sync_get_running      (GuichetSync         *self);

/* event_id NULL: every event of the account. */
void         guichet_sync_run_async        (GuichetSync         *self,
                                            const char          *event_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     guichet_sync_run_finish       (GuichetSync         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The participants a sync writes in one transaction, at least, into an
 * event of @event_size participants (guichet-sync.c says why). */
guint        guichet_sync_rows_per_transaction (gint64 event_size);

guint          guichet_sync_get_check_ins_sent    (GuichetSync *self);
guint          guichet_sync_get_check_ins_refused (GuichetSync *self);

G_END_DECLS
