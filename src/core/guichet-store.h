/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* The local database: one SQLite file per user in $XDG_DATA_HOME/guichet/,
 * WAL mode. It holds no secret, ever.
 *
 * Threading: every method may be called from any thread. Writes are
 * serialized on one writer connection; reads use a separate connection so a
 * long write never blocks the door. Methods that can take more than a few
 * milliseconds (bulk writes) have _async variants that run in a worker thread;
 * the GUI uses those. */

#define GUICHET_TYPE_STORE (guichet_store_get_type ())
G_DECLARE_FINAL_TYPE (GuichetStore, guichet_store, GUICHET, STORE, GObject)

/* $XDG_DATA_HOME/guichet/guichet.db */
char          *guichet_store_default_path             (void);
/* Opens (creating the folder and file) and migrates to the latest schema. */
GuichetStore  *guichet_store_new                      (const char     *path,
                                                       GError        **error);
const char    *guichet_store_get_path                 (GuichetStore   *self);
/* The check-in journal's own file, beside the main one (a backup copies
 * both): "guichet-checkins.db" for "guichet.db". */
const char    *guichet_store_get_journal_path         (GuichetStore   *self);
int            guichet_store_get_schema_version       (GuichetStore   *self);

/* Health. A statement that meets a damaged file (SQLITE_CORRUPT,
 * SQLITE_NOTADB), or the quick check that runs in the background from the
 * moment the store opens, marks the store damaged: from then on writes and
 * door decisions fail with GUICHET_ERROR_STORE_CORRUPT, and the way out is
 * guichet_store_repair(). */
gboolean       guichet_store_is_damaged               (GuichetStore   *self);
/* Waits at most @timeout_us for the check started at open; TRUE when it
 * is over (is_damaged then says what it found). */
gboolean       guichet_store_wait_check               (GuichetStore   *self,
                                                       gint64          timeout_us);
/* A consistent copy of the store (SQLite's online backup, while others
 * read and write) at @path, and of its check-in journal beside it
 * (@journal_path_out: its name). Replaces existing files. */
gboolean       guichet_store_backup                   (GuichetStore   *self,
                                                       const char     *path,
                                                       char          **journal_path_out,
                                                       GError        **error);

typedef struct
{
  gboolean  repaired;          /* FALSE: both files were sound, nothing done */
  char     *main_moved_to;     /* the damaged main file's new name, or NULL */
  char     *journal_moved_to;  /* the damaged journal's new name, or NULL */
  guint     accounts;          /* accounts copied into the fresh store */
  guint     check_ins;         /* check-ins in the journal afterwards */
} GuichetStoreRepair;

/* For a store nobody has open: checks both files; a damaged one is moved
 * aside (with its -wal and -shm) and a fresh one takes its place, with the
 * accounts (their secrets stay in the keyring) and every check-in that can
 * still be read. Events and participants come back with the next sync. */
gboolean       guichet_store_repair                   (const char          *path,
                                                       GuichetStoreRepair  *result,
                                                       GError             **error);
void           guichet_store_repair_clear             (GuichetStoreRepair  *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GuichetStoreRepair, guichet_store_repair_clear)
/* The schema version this build migrates to. */
int            guichet_store_get_latest_schema_version (void);

/* Accounts (no secrets) */
gboolean       guichet_store_save_account             (GuichetStore   *self,
                                                       GuichetAccount *account,
                                                       GError        **error);
/* The same in a worker thread: the writer may be busy with a sync's pages,
 * and the GTK main thread must not wait for it. */
void           guichet_store_save_account_async       (GuichetStore        *self,
                                                       GuichetAccount      *account,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       guichet_store_save_account_finish      (GuichetStore        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
GPtrArray     *guichet_store_list_accounts            (GuichetStore   *self,
                                                       GError        **error);
GuichetAccount *guichet_store_find_account            (GuichetStore   *self,
                                                       const char     *id_or_name,
                                                       GError        **error); /* NULL + NO_ACCOUNT */
/* Removes the account and everything cached for it (not the journal). */
gboolean       guichet_store_delete_account           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GError        **error);
void           guichet_store_delete_account_async     (GuichetStore        *self,
                                                       const char          *account_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       guichet_store_delete_account_finish    (GuichetStore  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/* Events, dates and the category tree: each call replaces what the account
 * (or event) had, in one transaction. */
gboolean       guichet_store_save_events              (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GPtrArray      *events,
                                                       GError        **error);
GPtrArray     *guichet_store_list_events              (GuichetStore   *self,
                                                       const char     *account_id, /* NULL: all */
                                                       GError        **error);
GuichetEvent  *guichet_store_find_event               (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
gboolean       guichet_store_save_dates               (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GPtrArray      *dates,
                                                       GError        **error);
GPtrArray     *guichet_store_list_dates               (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
/* roots: the tree's roots (GuichetTicketCategory with children). */
gboolean       guichet_store_save_categories          (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GPtrArray      *roots,
                                                       GError        **error);
GPtrArray     *guichet_store_list_categories          (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);

/* Participants. One page, and the sync cursor that follows it, in ONE
 * transaction: a killed sync resumes from the last written page. Upserts by
 * participant id; a barcode is unique per (account, event). @generation marks
 * rows seen by this sync run (see finish_full_sync). */
gboolean       guichet_store_write_participants       (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GPtrArray      *participants,
                                                       const char     *cursor,
                                                       gint64          generation,
                                                       GError        **error);
void           guichet_store_write_participants_async (GuichetStore        *self,
                                                       const char          *account_id,
                                                       const char          *event_id,
                                                       GPtrArray           *participants,
                                                       const char          *cursor,
                                                       gint64               generation,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       guichet_store_write_participants_finish (GuichetStore  *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);
/* As write_participants_async, for a page of a sync run: while @run_ends is
 * FALSE the cursor keeps @generation (not 0), so a killed run resumes with
 * its generation (get_run_generation); the run's last page forgets it. */
void           guichet_store_write_run_page_async     (GuichetStore        *self,
                                                       const char          *account_id,
                                                       const char          *event_id,
                                                       GPtrArray           *participants,
                                                       const char          *cursor,
                                                       gint64               generation,
                                                       gboolean             run_ends,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       guichet_store_write_run_page_finish    (GuichetStore  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* The same, in the calling thread (a benchmark, a test). */
gboolean       guichet_store_write_run_page           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GPtrArray      *participants,
                                                       const char     *cursor,
                                                       gint64          generation,
                                                       gboolean        run_ends,
                                                       GError        **error);
/* A run that stops before its last page (failed, cancelled): what the store
 * set aside while it wrote the event's first rows (the list's orders) is
 * put back; the cursor stays, and the next run resumes. The run's last
 * page does it itself. */
gboolean       guichet_store_stop_run                 (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
/* The same in the store's worker, not awaited: a failure is only logged
 * (the next run's end builds what it could not). */
void           guichet_store_stop_run_in_background   (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id);
/* The generation of the unfinished sync run the stored cursor belongs to;
 * 0 if none (no cursor, a finished run, or a cursor written outside a run). */
gint64         guichet_store_get_run_generation       (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id);
/* After a complete full run: participants not written with @generation are
 * marked deleted (never removed: the journal may point at them). */
gboolean       guichet_store_finish_full_sync         (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       gint64          generation,
                                                       GError        **error);
/* The same in a worker thread: one UPDATE over up to the whole event. */
void           guichet_store_finish_full_sync_async   (GuichetStore        *self,
                                                       const char          *account_id,
                                                       const char          *event_id,
                                                       gint64               generation,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       guichet_store_finish_full_sync_finish  (GuichetStore  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
char          *guichet_store_get_cursor               (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id);
gboolean       guichet_store_set_cursor               (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *cursor,
                                                       GError        **error);
GuichetParticipant *guichet_store_find_participant_by_barcode (GuichetStore *self,
                                                               const char   *account_id,
                                                               const char   *event_id,
                                                               const char   *barcode,
                                                               GError      **error);
/* Other events of the account holding this barcode (for "wrong event"). */
GuichetParticipant *guichet_store_find_barcode_elsewhere (GuichetStore *self,
                                                          const char   *account_id,
                                                          const char   *event_id,
                                                          const char   *barcode,
                                                          GError      **error);
GuichetParticipant *guichet_store_find_participant    (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *participant_id,
                                                       GError        **error);
/* Full-text search on names and e-mail (accent-insensitive, prefix match),
 * and barcode prefix. @limit 0: no limit. */
GPtrArray     *guichet_store_search_participants      (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *text,
                                                       guint           limit,
                                                       GError        **error);
gint64         guichet_store_count_participants       (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
gboolean       guichet_store_save_answers             (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *participant_id,
                                                       const char     *answers_json,
                                                       GError        **error);
/* The labels of the questions the event's answers hold (from the first
 * few hundred participants with answers), sorted; NULL on error. */
GStrv          guichet_store_list_questions           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
/* The questions (labels) marked important for the event, kept locally,
 * in the order they were given; an empty vector for none, NULL on error. */
GStrv          guichet_store_get_important_questions  (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);
/* Replaces them (NULL or empty: none). */
gboolean       guichet_store_set_important_questions  (GuichetStore        *self,
                                                       const char          *account_id,
                                                       const char          *event_id,
                                                       const char * const  *labels,
                                                       GError             **error);

/* Row access for GuichetParticipantList: the rowids of an event's
 * participants in the order @sort (ascending, or @descending), optionally
 * filtered by a search text; and one row by rowid. Each order has its
 * index: the rowids come from the index alone. */
GArray        *guichet_store_list_participant_rowids  (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *search,
                                                       GuichetParticipantSort sort,
                                                       gboolean        descending,
                                                       GError        **error);
/* The same, keeping only the participants of the ticket types
 * @ticket_type_ids (ids; NULL or empty: every type) in the check-in state
 * @check_in. Filters, search and order are one query. @n_event (optional)
 * is set to the number of the event's participants, filtered or not, read
 * in the same transaction. */
GArray        *guichet_store_list_participant_rowids_filtered (GuichetStore           *self,
                                                               const char             *account_id,
                                                               const char             *event_id,
                                                               const char             *search,
                                                               const char * const     *ticket_type_ids,
                                                               GuichetCheckInFilter    check_in,
                                                               GuichetParticipantSort  sort,
                                                               gboolean                descending,
                                                               guint                  *n_event,
                                                               GCancellable           *cancellable,
                                                               GError                **error);
/* The first @max rows of what guichet_store_list_participant_rowids()
 * gives for @search, found by testing the event's rows in order, as the
 * full-text index would: at once where the text matches a good part of
 * the event, which is where listing every match takes longest (a letter
 * that starts every e-mail: ~140 ms at 1,000,000 participants). NULL,
 * without an error, where the indexes are quicker: fewer matches among
 * the first rows tested, or a text the index reads as a phrase.
 * @complete is set when they are all the matches. */
GArray        *guichet_store_list_participant_rowids_head (GuichetStore          *self,
                                                           const char            *account_id,
                                                           const char            *event_id,
                                                           const char            *search,
                                                           GuichetParticipantSort sort,
                                                           gboolean               descending,
                                                           guint                  max,
                                                           gboolean              *complete,
                                                           guint                 *n_event,
                                                           GError               **error);
GuichetParticipant *guichet_store_get_participant_by_rowid (GuichetStore *self,
                                                            gint64        rowid);

/* The door's decision and its journal entry as ONE durable write
 * transaction: on the store's door connection, BEGIN IMMEDIATE (waiting
 * for any other writer, process or thread, with short sleeps), then
 * @decide, then the entry it returns is appended and committed with
 * synchronous=FULL before this returns. While @decide runs no other
 * connection of any process can commit, so the look-ups it makes through
 * this store (participants, guichet_store_find_admission, ...) see every
 * earlier decision and none can slip in before this one is written: any
 * number of processes and threads sharing one store admit a code once.
 * @decide must not write through the store. It returns the entry to append
 * (new reference; its id is set here) or NULL with @error set. */
typedef GuichetCheckIn *(*GuichetStoreDecideFunc) (GuichetStore  *store,
                                                   gpointer       user_data,
                                                   GError       **error);
GuichetCheckIn *guichet_store_decide_check_in         (GuichetStore            *self,
                                                       GuichetStoreDecideFunc   decide,
                                                       gpointer                 user_data,
                                                       GError                 **error);

/* The check-in journal: append-only, committed durably (synchronous=FULL). */
gboolean       guichet_store_append_check_in          (GuichetStore   *self,
                                                       GuichetCheckIn *check_in, /* id is set */
                                                       GError        **error);
/* Marks an entry undone (appends an undo record; never deletes). */
gboolean       guichet_store_undo_check_in            (GuichetStore   *self,
                                                       gint64          check_in_id,
                                                       GError        **error);
gboolean       guichet_store_mark_check_in_synced     (GuichetStore   *self,
                                                       gint64          check_in_id,
                                                       GError        **error);
/* Durably records that a push of the entry is about to leave, before its
 * request does; *was_in_flight says whether an earlier attempt had (it
 * may have reached the provider: ask before sending again). */
gboolean       guichet_store_mark_check_in_in_flight  (GuichetStore   *self,
                                                       gint64          check_in_id,
                                                       gboolean       *was_in_flight,
                                                       GError        **error);
/* The provider refused the entry: a conflict, with its words; the entry
 * stays in the journal (remote "conflict"), never dropped. */
gboolean       guichet_store_mark_check_in_conflict   (GuichetStore   *self,
                                                       gint64          check_in_id,
                                                       const char     *message,
                                                       GError        **error);
/* Annuls @desk's last admission (IN, not undone) of @code: appends an
 * undo record, in one write transaction with the look-up. Returns the
 * annulled entry, or NULL with GUICHET_ERROR_NOT_FOUND when there is none. */
GuichetCheckIn *guichet_store_undo_last_admission     (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *code,
                                                       const char     *desk,
                                                       GError        **error);
/* Admissions of @code not undone, minus its exits not undone (how many
 * of a ticket's holders are in). -1 on error. */
gint64         guichet_store_count_open_admissions    (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *code,
                                                       GError        **error);
/* Admissions waiting to reach the provider (remote "pending"), oldest first. */
GPtrArray     *guichet_store_list_pending_check_ins   (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GError        **error);
/* The last admitted, not undone, entry for this code in this event, or NULL. */
GuichetCheckIn *guichet_store_find_admission          (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *code,
                                                       GError        **error);
/* Newest first. @limit 0: all. */
GPtrArray     *guichet_store_list_check_ins           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       guint           limit,
                                                       GError        **error);
/* Every entry of @code in the event (admissions, refusals, exits; undone
 * ones marked so), newest first: one ticket's history, read from the
 * journal's code index. */
GPtrArray     *guichet_store_list_check_ins_for_code  (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       const char     *code,
                                                       GError        **error);
GPtrArray     *guichet_store_list_unsynced_check_ins  (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GError        **error);
/* How many people of the event are in: participants checked in on the
 * platform, plus the codes admitted here (in the journal: not undone, no
 * later exit) that the platform does not count yet. -1 on error. */
gint64         guichet_store_count_checked_in         (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);

/* One gate's counters: of the event's participants whose ticket type is
 * one of @ticket_type_ids (NULL or empty: every ticket type), how many
 * are expected (*expected) and how many are in (*checked_in: checked in
 * on the platform, or admitted here and not undone nor out since), as
 * guichet_store_count_checked_in() counts them. FALSE on error. */
gboolean       guichet_store_count_gate               (GuichetStore        *self,
                                                       const char          *account_id,
                                                       const char          *event_id,
                                                       const char * const  *ticket_type_ids,
                                                       gint64              *checked_in,
                                                       gint64              *expected,
                                                       GError             **error);

/* A number that changes whenever the check-in journal was written, by
 * this process or another one sharing the store: a door polls it to
 * refresh its counters. -1 on error. */
gint64         guichet_store_get_journal_version      (GuichetStore   *self);

/* Check-ins of the event the provider refused (remote "conflict").
 * -1 on error. */
gint64         guichet_store_count_check_in_conflicts (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *event_id,
                                                       GError        **error);

/* Outbox of pending remote writes (discounts, vouchers, voids...). */
gint64         guichet_store_outbox_push              (GuichetStore   *self,
                                                       const char     *account_id,
                                                       const char     *operation,
                                                       const char     *payload_json,
                                                       GError        **error);
GPtrArray     *guichet_store_outbox_list              (GuichetStore   *self, /* (element-type GuichetOutboxItem) */
                                                       const char     *account_id,
                                                       GError        **error);
gboolean       guichet_store_outbox_done              (GuichetStore   *self,
                                                       gint64          id,
                                                       GError        **error);
/* A push failed: counts the attempt and keeps @message (shown to the user). */
gboolean       guichet_store_outbox_failed            (GuichetStore   *self,
                                                       gint64          id,
                                                       const char     *message,
                                                       GError        **error);

typedef struct
{
  gint64  id;
  char   *account_id;
  char   *operation;
  char   *payload_json;
  guint   attempts;
  char   *last_error;
} GuichetOutboxItem;
void           guichet_outbox_item_free               (GuichetOutboxItem *item);

/* Discounts and vouchers: replace the account's cached list. */
gboolean       guichet_store_save_discounts           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GPtrArray      *discounts,
                                                       GError        **error);
GPtrArray     *guichet_store_list_discounts           (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GError        **error);
gboolean       guichet_store_save_vouchers            (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GPtrArray      *vouchers,
                                                       GError        **error);
GPtrArray     *guichet_store_list_vouchers            (GuichetStore   *self,
                                                       const char     *account_id,
                                                       GError        **error);

G_END_DECLS
