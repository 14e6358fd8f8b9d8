/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "guichet-error.h"
#include "guichet-store.h"
#include "guichet-store-private.h"

/* The store's health: damage found by any statement or by the check that
 * runs in the background when the store opens; the checkpoint at a clean
 * close; online backups; and the repair of a damaged store. */

/* ------------------------------------------------------------------------ */
/* Damaged files                                                            */

/* The files (absolute paths, as SQLite names them) found damaged in this
 * process, with what was found. Damage is a property of a file: every
 * connection and every GuichetStore on it learns at once. */
G_LOCK_DEFINE_STATIC (damaged)
;
static GHashTable *damaged;

static void
mark_damaged (const char *file,
              const char *detail)
{
  if (file == NULL || *file == '\0')
    return;

  G_LOCK (damaged);
  if (damaged == NULL)
    damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_hash_table_contains (damaged, file))
    {
      g_warning ("The database %s is damaged: %s", file, detail);
      g_hash_table_insert (damaged, g_strdup (file), g_strdup (detail));
    }
  G_UNLOCK (damaged);
}

/* What was found wrong with @file (newly allocated), or NULL. */
static char *
dup_damage (const char *file)
{
  char *detail = NULL;

  if (file == NULL)
    return NULL;

  G_LOCK (damaged);
  if (damaged != NULL)
    detail = g_strdup (g_hash_table_lookup (damaged, file));
  G_UNLOCK (damaged);
  return detail;
}

gboolean
_guichet_store_rc_is_corrupt (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

void
_guichet_store_note_rc (sqlite3 *db,
                        int      rc)
{
  if (db == NULL || !_guichet_store_rc_is_corrupt (rc))
    return;

  /* The connection cannot say which of its files (an attached journal) is
   * damaged: its main file stands for the store. */
  mark_damaged (sqlite3_db_filename (db, "main"), sqlite3_errstr (rc));
}

void
_guichet_store_set_corrupt_error (GError    **error,
                                  const char *file,
                                  const char *detail)
{
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE_CORRUPT,
               _("The database “%s” is damaged (%s). Guichet stops using it rather than decide "
                 "from damaged data. Repairing it moves it aside and starts a fresh one that "
                 "keeps the accounts and every readable check-in; then sync again to download "
                 "the rest."),
                 file, detail);
}

static const char *
main_file (GuichetStore *self)
{
  const char *file = self->writer.db != NULL ? sqlite3_db_filename (self->writer.db, "main") : NULL;

  return file != NULL && *file != '\0' ? file : self->path;
}

static const char *
journal_file (GuichetStore *self)
{
  const char *file = self->door.db != NULL ? sqlite3_db_filename (self->door.db, "main") : NULL;

  return file != NULL && *file != '\0' ? file : self->journal_path;
}

gboolean
guichet_store_is_damaged (GuichetStore *self)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  a = dup_damage (main_file (self));
  b = dup_damage (journal_file (self));
  return a != NULL || b != NULL;
}

gboolean
_guichet_store_check_sound (GuichetStore *self,
                            GError      **error)
{
  const char *files[] = { main_file (self), journal_file (self) };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *detail = dup_damage (files[i]);

      if (detail != NULL)
        {
          _guichet_store_set_corrupt_error (error, files[i], detail);
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The check at open                                                        */

/* Shared by the store and the checking thread, which may outlive it: a
 * store that closes interrupts the check and does not wait for it. */
struct _GuichetStoreCheck
{
  gatomicrefcount ref;
  GMutex          lock;
  GCond           cond;
  char           *files[2];
  sqlite3        *db;      /* while checking; under lock */
  gboolean        done;    /* under lock */
  gint            closing; /* atomic */
};

/* While the store closes, a check waiting on a lock (another process
 * recovering the log) gives up at once, as sqlite3_interrupt() does not
 * cut a busy handler's sleep short. */
static int
check_busy (void *data,
            int   count)
{
  GuichetStoreCheck *check = data;

  if (g_atomic_int_get (&check->closing) || count >= 2000)
    return 0;
  g_usleep (1000);
  return 1;
}

static GuichetStoreCheck *
check_ref (GuichetStoreCheck *check)
{
  g_atomic_ref_count_inc (&check->ref);
  return check;
}

static void
check_unref (GuichetStoreCheck *check)
{
  if (!g_atomic_ref_count_dec (&check->ref))
    return;
  g_mutex_clear (&check->lock);
  g_cond_clear (&check->cond);
  g_free (check->files[0]);
  g_free (check->files[1]);
  g_free (check);
}

/* PRAGMA quick_check on @file: FALSE and what is wrong when damaged. A
 * check that could not run (interrupted, busy) says nothing; @completed,
 * when given, tells whether it ran to its end. */
static gboolean
quick_check_file (GuichetStoreCheck *check,
                  const char        *file,
                  char             **detail,
                  gboolean          *completed)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean      sound = TRUE;
  int           rc;

  rc = sqlite3_open_v2 (file, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_handler (db, check_busy, check);
      g_mutex_lock (&check->lock);
      if (g_atomic_int_get (&check->closing))
        rc = SQLITE_INTERRUPT;
      else
        check->db = db;
      g_mutex_unlock (&check->lock);
    }

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(8)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      g_autoptr (GString) found = g_string_new (NULL);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *line = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (line, "ok") == 0)
            continue;
          if (found->len > 0)
            g_string_append (found, "; ");
          g_string_append (found, line != NULL ? line : "?");
        }
      if (found->len > 0)
        {
          sound = FALSE;
          *detail = g_string_free (g_steal_pointer (&found), FALSE);
        }
    }
  if (sound && _guichet_store_rc_is_corrupt (rc))
    {
      sound = FALSE;
      *detail = g_strdup (sqlite3_errstr (rc));
    }

  if (completed != NULL)
    *completed = rc == SQLITE_DONE;
  sqlite3_finalize (stmt);
  g_mutex_lock (&check->lock);
  check->db = NULL;
  g_mutex_unlock (&check->lock);
  sqlite3_close_v2 (db);
  return sound;
}

/* A file the check found sound is remembered in FILE-checked, by its
 * identity, size and last change: until anyone writes into it (which
 * changes its ctime, whoever writes), a store that opens need not read it
 * all again. This matters to a CLI desk, which opens the store for each
 * scan: a whole check of a 1,000,000-participant store takes ~0.8 s. Only
 * a file whose write-ahead log is empty counts, as the log holds its
 * newest pages. NULL when the file cannot be remembered so. */
static char *
checked_state (const char *file)
{
  g_autofree char *log = g_strconcat (file, "-wal", NULL);
  GStatBuf         st;
  GStatBuf         log_st;

  if (g_stat (file, &st) != 0 || (g_stat (log, &log_st) == 0 && log_st.st_size > 0))
    return NULL;
  return g_strdup_printf ("%ju %ju %jd %jd.%09ld\n", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                          (intmax_t) st.st_size, (intmax_t) st.st_ctim.tv_sec,
                          (long) st.st_ctim.tv_nsec);
}

static char *
checked_path (const char *file)
{
  return g_strconcat (file, "-checked", NULL);
}

/* The check of one file: FALSE and what is wrong when it is damaged. */
static gboolean
check_file (GuichetStoreCheck *check,
            const char        *file,
            char             **detail)
{
  g_autofree char *path = checked_path (file);
  g_autofree char *before = checked_state (file);
  g_autofree char *after = NULL;
  g_autofree char *known = NULL;
  gboolean         completed = FALSE;

  if (before != NULL && g_file_get_contents (path, &known, NULL, NULL) &&
      g_strcmp0 (known, before) == 0)
    return TRUE;

  if (!quick_check_file (check, file, detail, &completed))
    {
      g_unlink (path);
      return FALSE;
    }

  /* Remembered only when the check ran to its end and nothing changed
   * the file while it was read. Written in place, without a flush: a torn
   * or half-written note only fails to match, and costs a whole check. */
  after = checked_state (file);
  if (completed && before != NULL && g_strcmp0 (before, after) == 0 &&
      !g_file_set_contents_full (path, after, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL))
    g_debug ("Could not write %s", path);
  return TRUE;
}

static gpointer
check_thread (gpointer data)
{
  GuichetStoreCheck *check = data;
  const char        *delay = g_getenv ("GUICHET_TEST_CHECK_DELAY_MS");

  /* Tests only: a check that takes this long, as a large store's does. */
  if (delay != NULL)
    g_usleep (g_ascii_strtoull (delay, NULL, 10) * 1000);

  for (guint i = 0; i < G_N_ELEMENTS (check->files); i++)
    {
      g_autofree char *detail = NULL;

      if (!check_file (check, check->files[i], &detail))
        mark_damaged (check->files[i], detail);
    }

  g_mutex_lock (&check->lock);
  check->done = TRUE;
  g_cond_broadcast (&check->cond);
  g_mutex_unlock (&check->lock);

  check_unref (check);
  return NULL;
}

void
_guichet_store_start_check (GuichetStore *self)
{
  GuichetStoreCheck *check;

  g_assert (self->check == NULL);

  check = g_new0 (GuichetStoreCheck, 1);
  g_atomic_ref_count_init (&check->ref);
  g_mutex_init (&check->lock);
  g_cond_init (&check->cond);
  check->files[0] = g_strdup (main_file (self));
  check->files[1] = g_strdup (journal_file (self));
  self->check = check;

  g_thread_unref (g_thread_new ("guichet-store-check", check_thread, check_ref (check)));
}

gboolean
guichet_store_wait_check (GuichetStore *self,
                          gint64        timeout_us)
{
  GuichetStoreCheck *check;
  gint64             end = g_get_monotonic_time () + timeout_us;
  gboolean           done;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  check = self->check;
  if (check == NULL)
    return TRUE;

  g_mutex_lock (&check->lock);
  while (!check->done)
    if (!g_cond_wait_until (&check->cond, &check->lock, end))
      break;
  done = check->done;
  g_mutex_unlock (&check->lock);
  return done;
}

static void
stop_check (GuichetStore *self)
{
  GuichetStoreCheck *check = g_steal_pointer (&self->check);

  if (check == NULL)
    return;

  g_mutex_lock (&check->lock);
  g_atomic_int_set (&check->closing, TRUE);
  if (check->db != NULL)
    sqlite3_interrupt (check->db);
  /* Interrupted, it lets go of its read transaction within a step; the
   * checkpoint that follows can then empty the log. The bound is only
   * for a thread the system does not schedule. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!check->done)
      if (!g_cond_wait_until (&check->cond, &check->lock, end))
        break;
  }
  g_mutex_unlock (&check->lock);
  check_unref (check);
}

/* ------------------------------------------------------------------------ */
/* Closing                                                                  */

/* Copies the write-ahead log back into the file (PASSIVE: never waits for
 * another process), and empties it when nobody else reads, so the file
 * alone holds everything (a plain copy of it is a backup). */
static void
checkpoint (sqlite3 *db)
{
  int log = -1, done = -1;

  if (db == NULL)
    return;
  if (sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK ||
      log != done)
    return;

  sqlite3_busy_timeout (db, 0);
  sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void
_guichet_store_close_health (GuichetStore *self)
{
  stop_check (self);

  /* A damaged file is left as it is, for the repair. */
  if (!guichet_store_is_damaged (self))
    {
      checkpoint (self->writer.db);
      checkpoint (self->door.db);
    }
}

/* ------------------------------------------------------------------------ */
/* Backups                                                                  */

/* Copies @from into @to (replaced) with SQLite's online backup: one
 * consistent snapshot, while others write. */
static gboolean
backup_file (const char *from,
             const char *to,
             GError    **error)
{
  g_autofree char *part = g_strconcat (to, ".part", NULL);
  sqlite3         *src = NULL;
  sqlite3         *dst = NULL;
  sqlite3_backup  *backup;
  int              rc;

  g_unlink (part);
  rc = sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (src, 10000);
      rc = sqlite3_open_v2 (part, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not back up “%s” to “%s”: %s"), from, to,
                     sqlite3_errmsg (dst != NULL ? dst : src));
      goto out;
    }

  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    rc = sqlite3_errcode (dst);
  else
    {
      /* All pages in one step: one read transaction, one snapshot. */
      do
        rc = sqlite3_backup_step (backup, -1);
      while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = sqlite3_errcode (dst);
    }

  /* The copy stands alone: no write-ahead log beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _guichet_store_note_rc (src, rc);
      if (_guichet_store_rc_is_corrupt (rc))
        _guichet_store_set_corrupt_error (error, from, sqlite3_errstr (rc));
      else
        g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                     _("Could not back up “%s” to “%s”: %s"), from, to, sqlite3_errstr (rc));
    }

out:
  sqlite3_close_v2 (src);
  if (sqlite3_close_v2 (dst) != SQLITE_OK && rc == SQLITE_OK)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not back up “%s” to “%s”: %s"), from, to,
                     _("could not write the copy"));
      rc = SQLITE_ERROR;
    }

  if (rc == SQLITE_OK)
    {
      g_chmod (part, 0600);
      if (g_rename (part, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                       _("Could not back up “%s” to “%s”: %s"), from, to, g_strerror (saved_errno));
          rc = SQLITE_ERROR;
        }
    }
  if (rc != SQLITE_OK)
    g_unlink (part);
  return rc == SQLITE_OK;
}

gboolean
guichet_store_backup (GuichetStore *self,
                      const char   *path,
                      char        **journal_path_out,
                      GError      **error)
{
  g_autofree char *journal = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!_guichet_store_check_sound (self, error))
    return FALSE;

  journal = _guichet_store_journal_path_for (path);
  if (!backup_file (self->path, path, error) || !backup_file (self->journal_path, journal, error))
    return FALSE;

  if (journal_path_out != NULL)
    *journal_path_out = g_steal_pointer (&journal);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Repair                                                                   */

static gboolean
file_is_sound (const char *file,
               char      **detail)
{
  GuichetStoreCheck check = {
    0,
  };
  gboolean sound;

  g_mutex_init (&check.lock);
  sound = quick_check_file (&check, file, detail, NULL);
  g_mutex_clear (&check.lock);
  return sound;
}

/* Moves @file and its -wal and -shm aside, as @file.damaged-TIME; returns
 * the new name. */
static char *
move_aside (const char *file,
            GError    **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", file, stamp);
  g_autofree char *checked = checked_path (file);
  const char      *suffixes[] = { "-wal", "-shm" };

  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s-%u", file, stamp, n);
    }

  if (g_rename (file, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not move “%s” aside: %s"), file, g_strerror (saved_errno));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (file, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  /* What a check found of the file says nothing of the fresh one. */
  g_unlink (checked);

  return g_steal_pointer (&aside);
}

/* The columns both "main" and "damaged" have in @table, comma-separated;
 * NULL when "damaged" cannot say. */
static char *
common_columns (sqlite3    *db,
                const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT m.name FROM pragma_table_info('%s', 'main') m"
                                          " JOIN pragma_table_info('%s', 'damaged') d USING (name)",
                                          table, table);
  g_autoptr (GString) columns = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (columns, "%s\"%s\"", columns->len > 0 ? ", " : "",
                              (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return columns->len > 0 ? g_string_free (g_steal_pointer (&columns), FALSE) : NULL;
}

/* The largest rowid of damaged.@table that can be found, or 0. */
static gint64
salvage_max_rowid (sqlite3    *db,
                   const char *table)
{
  const char *forms[][2] = { { "SELECT max(rowid) FROM damaged.", "" },
                             { "SELECT rowid FROM damaged.", " ORDER BY rowid DESC" },
                             { "SELECT rowid FROM damaged.", " ORDER BY rowid" } };
  gint64      max_rowid = 0;

  /* max() reads one edge of the b-tree; when that edge is damaged, walk
   * from each end as far as it goes. */
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *sql = g_strconcat (forms[i][0], table, forms[i][1], NULL);
      sqlite3_stmt    *stmt = NULL;
      int              rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          max_rowid = MAX (max_rowid, sqlite3_column_int64 (stmt, 0));
          if (i == 1)
            break;
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (i < 2 && rc == SQLITE_ROW)
        break;
    }
  return max_rowid;
}

/* Copies every row of @table that can still be read from the attached
 * "damaged" database into the same table of "main", one row at a time
 * (by rowid), so that one damaged page loses only the rows on it.
 * Returns how many rows were copied. */
static guint
salvage_table (sqlite3    *db,
               const char *table)
{
  g_autofree char *columns = common_columns (db, table);
  g_autofree char *copy_sql = NULL;
  g_autofree char *next_sql = NULL;
  sqlite3_stmt    *copy = NULL, *next = NULL;
  gint64           max_rowid;
  guint            copied = 0;

  if (columns == NULL)
    return 0;

  copy_sql = g_strdup_printf ("INSERT OR IGNORE INTO main.%s (%s)"
                              " SELECT %s FROM damaged.%s WHERE rowid = ?1",
                              table, columns, columns, table);
  next_sql = g_strdup_printf ("SELECT min(rowid) FROM damaged.%s WHERE rowid > ?1", table);
  if (sqlite3_prepare_v2 (db, copy_sql, -1, &copy, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, next_sql, -1, &next, NULL) != SQLITE_OK)
    {
      g_debug ("Cannot salvage %s: %s", table, sqlite3_errmsg (db));
      goto out;
    }

  max_rowid = salvage_max_rowid (db, table);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (gint64 rowid = 1; rowid <= max_rowid; rowid++)
    {
      /* Skip the gaps quickly where the b-tree can still be walked. */
      sqlite3_bind_int64 (next, 1, rowid - 1);
      if (sqlite3_step (next) == SQLITE_ROW && sqlite3_column_type (next, 0) != SQLITE_NULL &&
          sqlite3_column_int64 (next, 0) > rowid)
        rowid = sqlite3_column_int64 (next, 0);
      sqlite3_reset (next);

      sqlite3_bind_int64 (copy, 1, rowid);
      if (sqlite3_step (copy) == SQLITE_DONE)
        copied += sqlite3_changes (db);
      sqlite3_reset (copy);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

out:
  sqlite3_finalize (copy);
  sqlite3_finalize (next);
  return copied;
}

/* Opens @file as "main" with @damaged attached; NULL when it cannot. */
static sqlite3 *
open_for_salvage (const char *file,
                  const char *damaged_file,
                  GError    **error)
{
  char    *attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS damaged", damaged_file);
  sqlite3 *db = NULL;
  int      rc;

  rc = sqlite3_open_v2 (file, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
      rc = sqlite3_exec (db, attach, NULL, NULL, NULL);
    }
  sqlite3_free (attach);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not read “%s”: %s"), damaged_file, sqlite3_errmsg (db));
      sqlite3_close_v2 (db);
      return NULL;
    }
  /* Rows come over one by one, whatever the order of their tables. */
  sqlite3_exec (db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  return db;
}

gboolean
guichet_store_repair (const char         *path,
                      GuichetStoreRepair *result,
                      GError            **error)
{
  g_autoptr (GuichetStore) fresh = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *main_detail = NULL;
  g_autofree char *journal_detail = NULL;
  gboolean         main_sound, journal_sound;
  sqlite3         *db;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  journal = _guichet_store_journal_path_for (path);

  main_sound = !g_file_test (path, G_FILE_TEST_EXISTS) || file_is_sound (path, &main_detail);
  journal_sound =
    !g_file_test (journal, G_FILE_TEST_EXISTS) || file_is_sound (journal, &journal_detail);
  if (main_sound && journal_sound)
    return TRUE;

  if (!main_sound && (result->main_moved_to = move_aside (path, error)) == NULL)
    return FALSE;
  if (!journal_sound && (result->journal_moved_to = move_aside (journal, error)) == NULL)
    return FALSE;

  /* A fresh store, with the journal kept in place when it was sound. */
  fresh = guichet_store_new (path, error);
  if (fresh == NULL)
    return FALSE;
  g_clear_object (&fresh);

  if (result->main_moved_to != NULL)
    {
      db = open_for_salvage (path, result->main_moved_to, NULL);
      if (db != NULL)
        {
          /* The accounts (their secrets are in the keyring, by account
           * id: they stay theirs). Events and participants come back
           * with the next sync. */
          result->accounts = salvage_table (db, "accounts");
          sqlite3_close_v2 (db);
        }
    }

  if (result->journal_moved_to != NULL)
    {
      /* Nothing readable (its header is gone): a fresh journal. */
      db = open_for_salvage (journal, result->journal_moved_to, NULL);
      if (db != NULL)
        {
          result->check_ins = salvage_table (db, "check_ins");
          salvage_table (db, "check_in_undos");
          salvage_table (db, "check_in_sync");
          sqlite3_close_v2 (db);
        }
    }
  else
    {
      /* Sound and kept: count it. */
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_open_v2 (journal, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
          sqlite3_prepare_v2 (db, "SELECT count(*) FROM check_ins", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        result->check_ins = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close_v2 (db);
    }

  result->repaired = TRUE;
  return TRUE;
}

void
guichet_store_repair_clear (GuichetStoreRepair *result)
{
  g_clear_pointer (&result->main_moved_to, g_free);
  g_clear_pointer (&result->journal_moved_to, g_free);
}
