/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of GuichetStore (guichet-store*.c) only:
 *   guichet-store.c               the type, opening, migrating, connections,
 *                                 statement and object-building helpers
 *   guichet-store-accounts.c      accounts, events, dates, categories
 *   guichet-store-participants.c  writing participants: pages (staging),
 *                                 answers, cursors, run generations
 *   guichet-store-search.c        reading participants: lookups, search,
 *                                 rowids in display order, counts
 *   guichet-store-journal.c       the check-in journal, check-in counts
 *   guichet-store-outbox.c        the outbox, discounts, vouchers
 *   guichet-store-health.c        damage found (by any statement, by the
 *                                 check at open), the checkpoint at close,
 *                                 backups, repair
 *   guichet-store-migrations.c    the schema */

#include <glib-object.h>
#include <sqlite3.h>

#include "guichet-store.h"

G_BEGIN_DECLS

/* The schema migrations, in order: migration i takes the database from
 * user_version i to i + 1. Never edit one that has shipped: append. */
const char * const *_guichet_store_get_migrations (guint *n_migrations);

/* Statements cached per connection (prepared on first use). */
typedef enum
{
  STMT_STAGE_CLEAR,
  STMT_STAGE_INSERT,
  STMT_STAGE_INSERT_MANY,
  STMT_STAGE_CLEAR_BARCODES,
  STMT_ENSURE_EVENT_KEY,
  STMT_STAGE_UPSERT,
  STMT_STAGE_STAMP,
  STMT_STAGE_ANSWERS,
  STMT_UPSERT_ANSWERS,
  STMT_SET_CURSOR,
  STMT_GET_CURSOR,
  STMT_GET_RUN_GENERATION,
  STMT_APPEND_CHECK_IN,
  STMT_FIND_BY_BARCODE,
  STMT_FIND_BY_ROWID,
  STMT_FIND_BY_ID,
  STMT_FIND_ELSEWHERE,
  STMT_SET_ENTRIES,
  STMT_FIND_ADMISSION,
  STMT_FIND_DESK_ADMISSION,
  STMT_COUNT_OPEN_ADMISSIONS,
  STMT_COUNT_CHECKED_IN,
  STMT_COUNT_CONFLICTS,
  STMT_COUNT_GATE,
  STMT_JOURNAL_VERSION,
  N_STMTS
} GuichetStoreStmt;

#define PARTICIPANT_FIELDS \
  "p.rowid, p.id, p.event_id, p.date_id, p.barcode, p.first_name, p.last_name," \
  " p.email, p.ticket_type_id, p.ticket_type_name, p.status, p.checked_in," \
  " p.checked_in_at, p.order_id, p.updated_at, a.answers_json, p.entries, p.seat"
#define PARTICIPANT_FROM \
  " FROM participants p LEFT JOIN answers a ON a.account_id = p.account_id" \
  " AND a.event_id = p.event_id AND a.participant_id = p.id"
#define PARTICIPANT_COLUMNS PARTICIPANT_FIELDS PARTICIPANT_FROM

#define CHECK_IN_COLUMNS \
  "c.id, c.account_id, c.event_id, c.date_id, c.code, c.participant_id, c.time," \
  " c.desk, c.direction, c.verdict, c.reason," \
  " EXISTS (SELECT 1 FROM check_in_sync s WHERE s.check_in_id = c.id)," \
  " EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)," \
  " c.remote, (SELECT k.message FROM check_in_conflicts k WHERE k.check_in_id = c.id)," \
  " EXISTS (SELECT 1 FROM check_in_conflicts k2 WHERE k2.check_in_id = c.id)" \
  " FROM check_ins c"

#define STAGE_COLUMNS 16
#define STAGE_ROWS 32
#define STAGE_VALUES_1 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define STAGE_VALUES_4 STAGE_VALUES_1 "," STAGE_VALUES_1 "," STAGE_VALUES_1 "," STAGE_VALUES_1
#define STAGE_VALUES_16 STAGE_VALUES_4 "," STAGE_VALUES_4 "," STAGE_VALUES_4 "," STAGE_VALUES_4
#define STAGE_VALUES_32 STAGE_VALUES_16 "," STAGE_VALUES_16

typedef struct _GuichetStoreCheck GuichetStoreCheck;
typedef struct _GuichetStoreOrder GuichetStoreOrder;

typedef struct
{
  GMutex        lock;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
} GuichetStoreConn;

struct _GuichetStore
{
  GObject           parent_instance;

  char             *path;
  char             *journal_path;  /* the check-in journal's own file */
  char             *door_beacon;  /* _guichet_store_door_beacon_for() the store */
  int               schema_version;

  GuichetStoreConn  writer;  /* every write */
  GuichetStoreConn  reader;  /* quick lookups (the door) */
  GuichetStoreConn  bulk;    /* lists and searches, so they never hold up a lookup */
  GuichetStoreConn  door;    /* the journal file's only writer: synchronous=FULL, short busy waits */
  gint64            door_busy_since;  /* monotonic µs; under door.lock */
  gint64            door_marked;  /* monotonic µs: the beacon touched; under door.lock */
  gint              door_wal_frames;  /* frames in the journal's write-ahead log */
  gint              door_checkpointing;
  GuichetStoreCheck *check;  /* the quick check started at open */
  GuichetStoreOrder *order;  /* the last display order listed; under bulk.lock */
  GuichetStoreOrder *base_order;  /* the name or e-mail order it came from */
  GThreadPool      *writeback;  /* one thread: start_writeback() */
  gint              writeback_queued;
  int               writeback_fd;  /* the write-ahead log's; the write-back thread's */
  GMutex            writeback_lock;  /* the two below */
  guint64           writeback_end;  /* the log's bytes after the writer's last commit (WAL hook) */
  guint64           writeback_total;  /* bytes of the log written back so far (the tests) */
  guint64           writeback_pushed;  /* the write-back thread's: written back up to */
  int               page_size;
  gint64            writer_checkpoint_min_frames;  /* a test may lower it before writing */
  gint64            writer_checkpoint_frames;  /* the writer's log is checkpointed past it */
  gint64            writer_cache_kib;  /* the writer's page cache, as set */
  GHashTable       *fills;  /* sync runs writing an event's first rows; under writer.lock */
};

/* A search tested on one row as the full-text index would answer it
 * (guichet-store-match.c). */
typedef struct _GuichetTextMatcher GuichetTextMatcher;

GuichetTextMatcher *_guichet_text_matcher_new     (sqlite3            *db,
                                                   const char * const *words);
void                _guichet_text_matcher_free    (GuichetTextMatcher *self);
gboolean            _guichet_text_matcher_matches (GuichetTextMatcher *self,
                                                   const char * const *texts,
                                                   guint               n_texts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetTextMatcher, _guichet_text_matcher_free)

/* Opens a connection (busy timeout, foreign keys, synchronous=NORMAL)
 * through @vfs (NULL: the default). */
gboolean       _guichet_store_open_connection (const char  *path,
                                               int          flags,
                                               const char  *vfs,
                                               sqlite3    **db_out,
                                               GError     **error);
/* A sync's pages are written back to the disk this much at a time
 * while a door is at work (guichet-store-vfs.c). Smaller, a door waits
 * less for the piece ahead of it: bench-door at 100,000, four alternated
 * runs of each, the door's p99 while a sync writes averaged 2.1 ms with
 * 128 KiB and 2.7 with 256 (64: as 128), for 5-8 % of the sync's speed
 * while the door works. */
#define WRITEBACK_CHUNK (128 * 1024)
/* A door that checks people in says so, in any process, by the time of
 * a file beside the journal (its "beacon", touched at most every
 * DOOR_MARK_SECONDS); while it is DOOR_ACTIVE_SECONDS old or less, the
 * sync's writes go to the disk a piece at a time. */
#define DOOR_MARK_SECONDS 10
#define DOOR_ACTIVE_SECONDS 60
char          *_guichet_store_door_beacon_for (const char  *path);
void           _guichet_store_touch_door_beacon (const char *beacon);
gboolean       _guichet_store_door_active     (const char  *beacon);
/* Writes back the dirty pages of the file @fd from @start to @end, a
 * WRITEBACK_CHUNK at a time, each waited for, then flushed from the
 * disk's cache through @flush_fd (a file with nothing to write; -1:
 * not flushed). */
void           _guichet_store_write_back      (int          fd,
                                               guint64      start,
                                               guint64      end,
                                               int          flush_fd);
/* The VFS the writer opens the store through (guichet-store-vfs.c), or
 * NULL for the default one. */
const char    *_guichet_store_paced_vfs       (void);
/* The VFS the check-in journal opens through, its write-ahead log laid
 * out ahead of its frames (guichet-store-vfs.c), or NULL */
const char    *_guichet_store_journal_vfs     (void);
/* The bytes of files the writers' syncs wrote back a piece at a time,
 * in this process so far (for the tests). */
guint64        _guichet_store_paced_bytes     (void);
/* The flushes of the disk's cache between those pieces (the tests) */
guint64        _guichet_store_paced_flushes   (void);
void           _guichet_store_conn_close      (GuichetStoreConn *conn);
/* Frees the writer's page cache (a sync's run ended, the store closes).
 * Takes writer.lock. */
void           _guichet_store_release_writer_cache (GuichetStore *self);
/* The writer's mapping of the file (bytes) */
#define WRITER_MMAP_SIZE "2147483648"
void           _guichet_store_map_writer (GuichetStore *self,
                                          gboolean      map);

/* The check-in journal's own file (guichet-store-journal.c): opened,
 * migrated (and an older store's journal moved in) before the main
 * migrations run; attached as "journal" to the reading connections. */
gboolean       _guichet_store_open_journal    (GuichetStore  *self,
                                               GError       **error);
gboolean       _guichet_store_attach_journal  (GuichetStore  *self,
                                               sqlite3       *db,
                                               GError       **error);
void           _guichet_store_close_journal   (GuichetStore  *self);
/* "guichet-checkins.db" for "guichet.db" */
char          *_guichet_store_journal_path_for (const char   *path);

/* The display order the search sorts its matches by (guichet-store-search.c). */
void           _guichet_store_order_free      (GuichetStoreOrder *order);

/* Health (guichet-store-health.c). Every SQLite result code of a
 * statement goes through _guichet_store_note_rc (set_db_error and reset
 * call it): SQLITE_CORRUPT or SQLITE_NOTADB marks the connection's file
 * damaged, for every store in the process. */
gboolean       _guichet_store_rc_is_corrupt   (int            rc);
void           _guichet_store_note_rc         (sqlite3       *db,
                                               int            rc);
void           _guichet_store_set_corrupt_error (GError     **error,
                                                 const char  *file,
                                                 const char  *detail);
/* FALSE with GUICHET_ERROR_STORE_CORRUPT once damage was found. */
gboolean       _guichet_store_check_sound     (GuichetStore  *self,
                                               GError       **error);
/* Starts PRAGMA quick_check of both files in a thread of its own. */
void           _guichet_store_start_check     (GuichetStore  *self);
/* Stops the check, and checkpoints both files when they are sound. */
void           _guichet_store_close_health    (GuichetStore  *self);
const char * const *_guichet_store_get_journal_migrations (guint *n_migrations);

/* SQLite helpers */
void           _guichet_store_set_db_error (GError           **error,
                                            sqlite3           *db,
                                            const char        *what);
gboolean       _guichet_store_exec         (sqlite3           *db,
                                            const char        *sql,
                                            const char        *what,
                                            GError           **error);
void           _guichet_store_rollback     (sqlite3           *db);
/* @id's statement on @conn, prepared on first use and kept. */
sqlite3_stmt  *_guichet_store_cached_stmt  (GuichetStoreConn  *conn,
                                            GuichetStoreStmt   id,
                                            const char        *what,
                                            GError           **error);
sqlite3_stmt  *_guichet_store_prepare      (sqlite3           *db,
                                            const char        *sql,
                                            const char        *what,
                                            GError           **error);
/* Resets @stmt and clears its bindings (NULL is fine). */
void           _guichet_store_reset        (sqlite3_stmt      *stmt);
/* Runs a statement that returns no row, then resets it. */
gboolean       _guichet_store_step         (sqlite3_stmt      *stmt,
                                            sqlite3           *db,
                                            const char        *what,
                                            GError           **error);
/* One string a line; NULL for none. */
char          *_guichet_store_join_lines   (const char * const *strv);

/* Strings are bound SQLITE_STATIC: every statement is stepped and reset
 * while the caller's strings are alive. */
static inline void
_guichet_store_bind_text (sqlite3_stmt *stmt,
                          int           idx,
                          const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_STATIC);
}

static inline const char *
_guichet_store_col_text (sqlite3_stmt *stmt,
                         int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

/* Transactions on the writer: write_begin locks the writer and opens an
 * IMMEDIATE transaction; write_end commits when @ok (else rolls back),
 * unlocks, and returns whether the work reached the disk. */
gboolean       _guichet_store_write_begin  (GuichetStore      *self,
                                            const char        *what,
                                            GError           **error);
gboolean       _guichet_store_write_end    (GuichetStore      *self,
                                            gboolean           ok,
                                            const char        *what,
                                            GError           **error);
/* Runs @stmt (bound) in its own durable transaction (synchronous=FULL) on
 * the writer, which the caller has locked. */
gboolean       _guichet_store_durable_step (GuichetStore      *self,
                                            sqlite3_stmt      *stmt,
                                            const char        *what,
                                            GError           **error);

/* "Replace the list" writes and list reads */
typedef gboolean (*GuichetStoreBindRow) (sqlite3_stmt *stmt,
                                         gpointer      item,
                                         guint         position);
typedef gpointer (*GuichetStoreRowFunc) (sqlite3_stmt *stmt);

/* In one transaction: runs @delete_sql (bound ?1, ?2 to @a, @b), then
 * @insert_sql once per item. */
gboolean       _guichet_store_replace_rows (GuichetStore        *self,
                                            const char          *delete_sql,
                                            const char          *insert_sql,
                                            const char          *a,
                                            const char          *b,
                                            GPtrArray           *items,
                                            GuichetStoreBindRow  bind_row,
                                            const char          *what,
                                            GError             **error);
/* Runs a query on the bulk reader; binds up to two texts. */
GPtrArray     *_guichet_store_query_rows   (GuichetStore        *self,
                                            const char          *sql,
                                            const char          *a,
                                            const char          *b,
                                            GuichetStoreRowFunc  row_func,
                                            const char          *what,
                                            GError             **error);

/* Building model objects from rows, knowing only their property names. */
#define GUICHET_STORE_MAX_PROPS 24

typedef struct
{
  GType         type;
  GObjectClass *klass;
  guint         n;
  const char   *names[GUICHET_STORE_MAX_PROPS];
  GValue        values[GUICHET_STORE_MAX_PROPS];
} GuichetStoreProps;

void           _guichet_store_props_init   (GuichetStoreProps *props,
                                            GType              type);
void           _guichet_store_props_string (GuichetStoreProps *props,
                                            const char        *name,
                                            const char        *value);
void           _guichet_store_props_int    (GuichetStoreProps *props,
                                            const char        *name,
                                            gint64             value);
/* @lines: one string a line */
void           _guichet_store_props_strv   (GuichetStoreProps *props,
                                            const char        *name,
                                            const char        *lines);
gpointer       _guichet_store_props_build  (GuichetStoreProps *props);

G_END_DECLS
