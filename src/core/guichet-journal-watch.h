/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-store.h"

G_BEGIN_DECLS

/* Tells when the check-in journal of a store was written, by this process
 * or another one sharing the store (the CLI, another desk): while active,
 * it reads guichet_store_get_journal_version() every @interval_ms in a
 * worker thread (never on the main thread) and emits "changed" on the
 * main context when the version moved, or moved while it was inactive.
 * The first read only sets where it starts from.
 *
 * Signal "changed" (no arguments). */

#define GUICHET_TYPE_JOURNAL_WATCH (guichet_journal_watch_get_type ())
G_DECLARE_FINAL_TYPE (GuichetJournalWatch, guichet_journal_watch, GUICHET, JOURNAL_WATCH, GObject)

GuichetJournalWatch *guichet_journal_watch_new        (GuichetStore        *store,
                                                       guint                interval_ms);
/* Inactive at first. Activating reads the version at once. */
void                 guichet_journal_watch_set_active (GuichetJournalWatch *self,
                                                       gboolean             active);
gboolean             guichet_journal_watch_get_active (GuichetJournalWatch *self);
/* The version last read, -1 before the first read. */
gint64               guichet_journal_watch_get_version (GuichetJournalWatch *self);

G_END_DECLS
