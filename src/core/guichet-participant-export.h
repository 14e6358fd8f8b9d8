/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* The participants of an event, from the store, as CSV (DESIGN.md):
 * RFC 4180 in UTF-8 (guichet-csv-writer.h), a header row, then one row per
 * participant in the store's display order, deleted, voided and unpaid
 * included with their status. Header names are fixed (the --json keys of
 * guichet-cli), whatever the language, so scripts can rely on them:
 * id, barcode, first_name, last_name, email, ticket_type_id, ticket_type,
 * date_id, status, checked_in (the platform's), admitted_here (this
 * machine's journal), checked_in_at, order_id, answers ("Label: value"
 * lines).
 *
 * Rows are read one at a time (the event's row ids first, then each row),
 * never the whole event at once, and written through a 64 KiB buffer. */

/* Called with the rows written so far and the rows to write. */
typedef void (*GuichetExportProgressFunc) (guint64   done,
                                           guint64   total,
                                           gpointer  user_data);

/* The header row's names, NULL-terminated. */
const char * const *guichet_participant_export_get_columns (void);

/* Blocking: for worker threads and the command line. Returns the number of
 * participants written, or -1 with @error set. @progress runs in this
 * thread, every few hundred rows and at the end. */
gint64 guichet_participant_export_to_stream (GuichetStore              *store,
                                             const char                *account_id,
                                             const char                *event_id,
                                             GOutputStream             *stream,
                                             GuichetExportProgressFunc  progress,
                                             gpointer                   progress_data,
                                             GCancellable              *cancellable,
                                             GError                   **error);
/* Writes a hidden file beside @file first, then renames it over @file:
 * a failed or cancelled export leaves what was there untouched and no
 * partial file behind. The file is readable by its owner only (it holds
 * personal data). */
gint64 guichet_participant_export_to_file   (GuichetStore              *store,
                                             const char                *account_id,
                                             const char                *event_id,
                                             GFile                     *file,
                                             GuichetExportProgressFunc  progress,
                                             gpointer                   progress_data,
                                             GCancellable              *cancellable,
                                             GError                   **error);
/* export_to_file in a worker thread. @progress runs in the thread-default
 * main context of the caller, never after @callback ran nor after
 * @cancellable is cancelled: a widget that cancels in dispose, or data
 * that @callback frees, can be @progress_data without a reference (the
 * task may end in a worker thread, where a widget must not be finalized). */
void   guichet_participant_export_async     (GuichetStore              *store,
                                             const char                *account_id,
                                             const char                *event_id,
                                             GFile                     *file,
                                             GuichetExportProgressFunc  progress,
                                             gpointer                   progress_data,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
gint64 guichet_participant_export_finish    (GAsyncResult              *result,
                                             GError                   **error);

G_END_DECLS
