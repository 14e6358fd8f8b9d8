/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "guichet-check-in.h"
#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-store.h"
#include "guichet-store-private.h"

static void
set_int_property (gpointer    object,
                  const char *name,
                  gint64      value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  g_auto (GValue) v = G_VALUE_INIT;

  if (pspec == NULL)
    {
      g_debug ("%s has no property “%s”", G_OBJECT_TYPE_NAME (object), name);
      return;
    }
  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, value);
  g_object_set_property (object, name, &v);
}

/* ------------------------------------------------------------------------ */
/* Text forms of the enums that guichet-types.h has no parser for.         */

static GuichetVerdict
verdict_from_string (const char *str)
{
  for (int v = GUICHET_VERDICT_ADMITTED; v <= GUICHET_VERDICT_REFUSED; v++)
    if (g_strcmp0 (str, guichet_verdict_to_string (v)) == 0)
      return v;
  return GUICHET_VERDICT_UNKNOWN;
}

static GuichetDirection
direction_from_string (const char *str)
{
  if (g_strcmp0 (str, guichet_direction_to_string (GUICHET_DIRECTION_OUT)) == 0)
    return GUICHET_DIRECTION_OUT;
  return GUICHET_DIRECTION_IN;
}

/* ------------------------------------------------------------------------ */
/* The journal's own file                                                   */

/* The check-in journal lives in a file of its own beside the main one
 * (guichet.db -> guichet-checkins.db), written only through the door
 * connection. A sync writes large pages into the main file; were the
 * journal there too, a door decision would wait for the page in progress
 * (one write lock per file) and its fsync would also flush everything
 * the page appended to the shared write-ahead log: 5-20 ms a verdict
 * instead of a fraction of one. The reading connections attach it as
 * "journal" (the journal's tables are named alone in queries: the main
 * file no longer has any of that name). */

/* The door's busy handler. SQLite's default one sleeps 1, 2, 5, 10, 15,
 * 20, 25... ms between tries and keeps missing short gaps between other
 * writers' transactions: try again every ~50 µs instead, for up to
 * DOOR_BUSY_LIMIT. */
#define DOOR_BUSY_LIMIT (10 * G_USEC_PER_SEC)
/* The door never checkpoints inline: past this many frames in the
 * journal's log, a thread copies them back (PASSIVE: never blocks a door). */
#define DOOR_CHECKPOINT_FRAMES 1000
/* How long a decision waits for the check of the store started at open
 * (it takes ~2.5 ms a MiB): the first scans after start-up only. */
#define DOOR_CHECK_WAIT (500 * 1000)

static int
door_busy_handler (void *data,
                   int   count)
{
  gint64 *since = data;
  gint64  now = g_get_monotonic_time ();

  if (count == 0)
    *since = now;
  else if (now - *since > DOOR_BUSY_LIMIT)
    return 0;

  g_usleep (count < 64 ? 50 : 200);
  return 1;
}

static int
door_wal_hook (void       *data,
               sqlite3    *db,
               const char *name,
               int         n_frames)
{
  GuichetStore *self = data;

  g_atomic_int_set (&self->door_wal_frames, n_frames);
  return SQLITE_OK;
}

char *
_guichet_store_journal_path_for (const char *path)
{
  if (g_str_has_suffix (path, ".db"))
    {
      g_autofree char *base = g_strndup (path, strlen (path) - strlen (".db"));

      return g_strconcat (base, "-checkins.db", NULL);
    }
  return g_strconcat (path, "-checkins", NULL);
}

static gboolean
journal_migrate (GuichetStore *self,
                 GError      **error)
{
  const char         *what = _("Could not update the check-in journal");
  sqlite3            *db = self->door.db;
  const char * const *migrations;
  guint               n_migrations;

  migrations = _guichet_store_get_journal_migrations (&n_migrations);

  for (gboolean locked = FALSE;; locked = TRUE)
    {
      g_autofree char *set_version = NULL;
      sqlite3_stmt    *stmt = NULL;
      int              version = -1;

      /* First without the lock: up to date, nearly always. */
      if (locked && !_guichet_store_exec (db, "BEGIN IMMEDIATE", what, error))
        return FALSE;

      if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);

      if (!locked && version >= 0 && (guint) version < n_migrations)
        continue;

      if (version < 0 || (guint) version >= n_migrations)
        {
          _guichet_store_rollback (db);
          if (version < 0)
            {
              _guichet_store_set_db_error (error, db, what);
              return FALSE;
            }
          if ((guint) version > n_migrations)
            {
              g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                           _("The check-in journal “%s” was written by a newer version of Guichet (schema %d, this version knows %u)"),
                             self->journal_path, version, n_migrations);
              return FALSE;
            }
          return TRUE;
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!_guichet_store_exec (db, migrations[version], what, error) ||
          !_guichet_store_exec (db, set_version, what, error) ||
          !_guichet_store_exec (db, "COMMIT", what, error))
        {
          _guichet_store_rollback (db);
          return FALSE;
        }
    }
}

/* A store written before the journal had its own file: copy its journal
 * over (ids kept, so running this twice, or in two processes at once,
 * copies once). The main migration that drops the old tables runs after. */
static gboolean
journal_adopt_legacy (GuichetStore *self,
                      GError      **error)
{
  const char   *what = _("Could not move the check-in journal to its own file");
  sqlite3      *db = self->door.db;
  sqlite3_stmt *stmt = NULL;
  char         *attach;
  gboolean      has_legacy = FALSE;
  gboolean      ok;

  /* Nearly always gone already (and never comes back): no lock then. */
  if (sqlite3_prepare_v2 (self->writer.db,
                          "SELECT 1 FROM sqlite_master"
                          " WHERE type = 'table' AND name = 'check_ins'",
                          -1, &stmt, NULL) == SQLITE_OK)
    has_legacy = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (!has_legacy)
    return TRUE;
  has_legacy = FALSE;

  attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS legacy", self->path);
  ok = _guichet_store_exec (db, attach, what, error);
  sqlite3_free (attach);
  if (!ok)
    return FALSE;

  /* IMMEDIATE takes the main file's write lock too: nobody drops the old
   * tables while they are copied. */
  ok = _guichet_store_exec (db, "BEGIN IMMEDIATE", what, error);
  if (ok && sqlite3_prepare_v2 (db,
                                "SELECT 1 FROM legacy.sqlite_master"
                                " WHERE type = 'table' AND name = 'check_ins'",
                                -1, &stmt, NULL) == SQLITE_OK)
    has_legacy = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);

  if (ok && has_legacy)
    ok =
      _guichet_store_exec (db,
                           "INSERT OR IGNORE INTO main.check_ins (id, account_id, event_id,"
                           " date_id, code, participant_id, time, desk, direction, verdict, reason)"
                           " SELECT id, account_id, event_id, date_id, code, participant_id,"
                           " time, desk, direction, verdict, reason FROM legacy.check_ins;"
                           "INSERT OR IGNORE INTO main.check_in_undos"
                           " SELECT check_in_id, time FROM legacy.check_in_undos;"
                           "INSERT OR IGNORE INTO main.check_in_sync"
                           " SELECT check_in_id, time FROM legacy.check_in_sync;",
                           what, error);
  if (ok)
    ok = _guichet_store_exec (db, "COMMIT", what, error);
  if (!ok)
    _guichet_store_rollback (db);

  sqlite3_exec (db, "DETACH DATABASE legacy", NULL, NULL, NULL);
  return ok;
}

gboolean
_guichet_store_open_journal (GuichetStore *self,
                             GError      **error)
{
  const char *what = _("Could not set up the check-in journal");
  gboolean    existed;

  self->journal_path = _guichet_store_journal_path_for (self->path);
  self->door_beacon = _guichet_store_door_beacon_for (self->path);
  existed = g_file_test (self->journal_path, G_FILE_TEST_EXISTS);

  if (!_guichet_store_open_connection (self->journal_path,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                       _guichet_store_journal_vfs (), &self->door.db, error))
    return FALSE;

  /* Only the user reads their box office (the -wal and -shm files follow). */
  if (!existed)
    g_chmod (self->journal_path, 0600);

  sqlite3_busy_handler (self->door.db, door_busy_handler, &self->door_busy_since);
  sqlite3_db_config (self->door.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* Every commit here is a verdict somebody is waiting for: durable, and
   * never the one that copies the log back (see door_checkpoint). */
  if (!_guichet_store_exec (self->door.db,
                            "PRAGMA journal_mode = WAL;"
                            "PRAGMA synchronous = FULL;"
                            "PRAGMA wal_autocheckpoint = 0;",
                            what, error))
    return FALSE;
  sqlite3_wal_hook (self->door.db, door_wal_hook, self);

  return journal_migrate (self, error) && journal_adopt_legacy (self, error);
}

const char *
guichet_store_get_journal_path (GuichetStore *self)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  return self->journal_path;
}

gboolean
_guichet_store_attach_journal (GuichetStore *self,
                               sqlite3      *db,
                               GError      **error)
{
  char    *attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS journal", self->journal_path);
  gboolean ok;

  ok = _guichet_store_exec (db, attach, _("Could not set up the check-in journal"), error);
  sqlite3_free (attach);
  return ok;
}

static void
door_checkpoint_now (GuichetStore *self)
{
  sqlite3_wal_checkpoint_v2 (self->door.db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  g_atomic_int_set (&self->door_wal_frames, 0);
}

static gpointer
door_checkpoint_thread (gpointer data)
{
  g_autoptr (GuichetStore) self = data;

  g_mutex_lock (&self->door.lock);
  door_checkpoint_now (self);
  g_mutex_unlock (&self->door.lock);
  g_atomic_int_set (&self->door_checkpointing, 0);

  return NULL;
}

/* After a verdict: copy a long log back in a thread of its own. */
static void
door_maybe_checkpoint (GuichetStore *self)
{
  if (g_atomic_int_get (&self->door_wal_frames) < DOOR_CHECKPOINT_FRAMES ||
      !g_atomic_int_compare_and_exchange (&self->door_checkpointing, 0, 1))
    return;

  g_thread_unref (
    g_thread_new ("guichet-journal-checkpoint", door_checkpoint_thread, g_object_ref (self)));
}

void
_guichet_store_close_journal (GuichetStore *self)
{
  /* No verdict waits any more. */
  if (self->door.db != NULL && g_atomic_int_get (&self->door_wal_frames) >= DOOR_CHECKPOINT_FRAMES)
    door_checkpoint_now (self);
}

/* ------------------------------------------------------------------------ */
/* The check-in journal                                                     */

/* CHECK_IN_COLUMNS 11 (sent), 12 (undone), 13 (remote), 15 (refused)
 * and 9 (verdict). */
static GuichetRemoteState
remote_state (sqlite3_stmt *stmt)
{
  if (sqlite3_column_int (stmt, 15))
    return GUICHET_REMOTE_CONFLICT;
  if (sqlite3_column_int (stmt, 11))
    return GUICHET_REMOTE_SENT;
  /* Annulled before it reached the provider: it never will. */
  if (g_strcmp0 (_guichet_store_col_text (stmt, 13), "push") == 0 &&
      !sqlite3_column_int (stmt, 12) &&
      verdict_from_string (_guichet_store_col_text (stmt, 9)) == GUICHET_VERDICT_ADMITTED)
    return GUICHET_REMOTE_PENDING;
  return GUICHET_REMOTE_LOCAL;
}

static gpointer
check_in_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_CHECK_IN);
  _guichet_store_props_int (&props, "id", sqlite3_column_int64 (stmt, 0));
  _guichet_store_props_string (&props, "account-id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "event-id", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "date-id", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_string (&props, "code", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_string (&props, "participant-id", _guichet_store_col_text (stmt, 5));
  _guichet_store_props_int (&props, "time", sqlite3_column_int64 (stmt, 6));
  _guichet_store_props_string (&props, "desk", _guichet_store_col_text (stmt, 7));
  _guichet_store_props_int (&props, "direction",
                            direction_from_string (_guichet_store_col_text (stmt, 8)));
  _guichet_store_props_int (&props, "verdict",
                            verdict_from_string (_guichet_store_col_text (stmt, 9)));
  _guichet_store_props_int (&props, "reason",
                            guichet_reason_from_string (_guichet_store_col_text (stmt, 10)));
  _guichet_store_props_int (&props, "synced", sqlite3_column_int (stmt, 11));
  _guichet_store_props_int (&props, "undone", sqlite3_column_int (stmt, 12));
  _guichet_store_props_int (&props, "remote", remote_state (stmt));
  _guichet_store_props_string (&props, "remote-message", _guichet_store_col_text (stmt, 14));
  return _guichet_store_props_build (&props);
}

static gboolean
check_in_is_complete (GuichetCheckIn *check_in,
                      GError        **error)
{
  if (guichet_check_in_get_account_id (check_in) == NULL ||
      guichet_check_in_get_event_id (check_in) == NULL ||
      guichet_check_in_get_code (check_in) == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("Could not record the check-in: it has no account, event or code"));
      return FALSE;
    }
  return TRUE;
}

/* Inserts @check_in on the door connection, which the caller has locked
 * and holds a write transaction on. */
static gboolean
door_insert_check_in (GuichetStore   *self,
                      GuichetCheckIn *check_in,
                      gint64         *id,
                      const char     *what,
                      GError        **error)
{
  GuichetReason reason = guichet_check_in_get_reason (check_in);
  sqlite3_stmt *stmt;

  stmt = _guichet_store_cached_stmt (&self->door, STMT_APPEND_CHECK_IN, what, error);
  if (stmt == NULL)
    return FALSE;

  _guichet_store_bind_text (stmt, 1, guichet_check_in_get_account_id (check_in));
  _guichet_store_bind_text (stmt, 2, guichet_check_in_get_event_id (check_in));
  _guichet_store_bind_text (stmt, 3, guichet_check_in_get_date_id (check_in));
  _guichet_store_bind_text (stmt, 4, guichet_check_in_get_code (check_in));
  _guichet_store_bind_text (stmt, 5, guichet_check_in_get_participant_id (check_in));
  sqlite3_bind_int64 (stmt, 6, guichet_check_in_get_time (check_in));
  _guichet_store_bind_text (stmt, 7, guichet_check_in_get_desk (check_in));
  _guichet_store_bind_text (stmt, 8,
                            guichet_direction_to_string (
                              guichet_check_in_get_direction (check_in)));
  _guichet_store_bind_text (stmt, 9,
                            guichet_verdict_to_string (guichet_check_in_get_verdict (check_in)));
  if (reason == GUICHET_REASON_NONE)
    sqlite3_bind_null (stmt, 10);
  else
    _guichet_store_bind_text (stmt, 10, guichet_reason_to_string (reason));
  /* Only an admission is pushed: "pending" until sent or refused. */
  _guichet_store_bind_text (stmt, 11,
                            guichet_check_in_get_remote (check_in) == GUICHET_REMOTE_PENDING &&
                                guichet_check_in_get_verdict (check_in) == GUICHET_VERDICT_ADMITTED
                              ? "push"
                              : "local");

  if (!_guichet_store_step (stmt, self->door.db, what, error))
    return FALSE;

  *id = sqlite3_last_insert_rowid (self->door.db);
  return TRUE;
}

/* Locks the door connection and opens a write transaction on it: every
 * other writer, in this process or another, waits until door_end. */
static gboolean
door_begin (GuichetStore *self,
            const char   *what,
            GError      **error)
{
  g_mutex_lock (&self->door.lock);
  if (!_guichet_store_exec (self->door.db, "BEGIN IMMEDIATE", what, error))
    {
      g_mutex_unlock (&self->door.lock);
      return FALSE;
    }
  return TRUE;
}

/* Commits (synchronous=FULL on this connection: on the disk when this
 * returns) when @ok, else rolls back; unlocks. */
static gboolean
door_end (GuichetStore *self,
          gboolean      ok,
          const char   *what,
          GError      **error)
{
  if (ok && !_guichet_store_exec (self->door.db, "COMMIT", what, error))
    ok = FALSE;
  if (!ok)
    _guichet_store_rollback (self->door.db);
  g_mutex_unlock (&self->door.lock);
  return ok;
}

/* Under door.lock: tells the sync writers of every process that a door
 * checks people in (see DOOR_ACTIVE_SECONDS). */
static void
door_mark_active (GuichetStore *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->door_marked != 0 && now - self->door_marked < DOOR_MARK_SECONDS * G_USEC_PER_SEC)
    return;
  self->door_marked = now;
  _guichet_store_touch_door_beacon (self->door_beacon);
}

GuichetCheckIn *
guichet_store_decide_check_in (GuichetStore          *self,
                               GuichetStoreDecideFunc decide,
                               gpointer               user_data,
                               GError               **error)
{
  const char *what = _("Could not record the check-in");
  g_autoptr (GuichetCheckIn) check_in = NULL;
  gboolean ok = FALSE;
  gint64   id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (decide != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Never decide from a damaged store. The check started at open is
   * given a moment to finish: a CLI desk opens the store for each scan. */
  guichet_store_wait_check (self, DOOR_CHECK_WAIT);
  if (!_guichet_store_check_sound (self, error))
    return NULL;

  if (!door_begin (self, what, error))
    return NULL;

  /* The look-ups @decide makes run on the reading connections, each in a
   * read transaction that starts now: they see the journal's last commit
   * in every process, and nobody can add to the journal until door_end. */
  check_in = decide (self, user_data, error);
  if (check_in != NULL && check_in_is_complete (check_in, error) &&
      door_insert_check_in (self, check_in, &id, what, error))
    ok = TRUE;
  door_mark_active (self);

  if (!door_end (self, ok, what, ok ? error : NULL))
    return NULL;

  door_maybe_checkpoint (self);
  set_int_property (check_in, "id", id);
  return g_steal_pointer (&check_in);
}

gboolean
guichet_store_append_check_in (GuichetStore   *self,
                               GuichetCheckIn *check_in,
                               GError        **error)
{
  const char *what = _("Could not record the check-in");
  gboolean    ok;
  gint64      id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (check_in), FALSE);

  if (!check_in_is_complete (check_in, error))
    return FALSE;

  if (!door_begin (self, what, error))
    return FALSE;
  ok = door_insert_check_in (self, check_in, &id, what, error);
  door_mark_active (self);
  if (!door_end (self, ok, what, ok ? error : NULL))
    return FALSE;

  set_int_property (check_in, "id", id);
  return TRUE;
}

/* A fact about an entry (undone, reached the provider), durably, on the
 * door connection: it never waits long behind a sync's pages. */
static gboolean
append_fact (GuichetStore *self,
             const char   *sql,
             gint64        check_in_id,
             const char   *what,
             GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;

  if (!door_begin (self, what, error))
    return FALSE;
  stmt = _guichet_store_prepare (self->door.db, sql, what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, check_in_id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      ok = _guichet_store_step (stmt, self->door.db, what, error);
      sqlite3_finalize (stmt);
    }
  return door_end (self, ok, what, ok ? error : NULL);
}

gboolean
guichet_store_undo_check_in (GuichetStore *self,
                             gint64        check_in_id,
                             GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return append_fact (self,
                      "INSERT INTO check_in_undos (check_in_id, time) VALUES (?1, ?2)"
                      " ON CONFLICT (check_in_id) DO NOTHING",
                      check_in_id, _("Could not undo the check-in"), error);
}

gboolean
guichet_store_mark_check_in_synced (GuichetStore *self,
                                    gint64        check_in_id,
                                    GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return append_fact (self,
                      "INSERT INTO check_in_sync (check_in_id, time) VALUES (?1, ?2)"
                      " ON CONFLICT (check_in_id) DO NOTHING",
                      check_in_id, _("Could not mark the check-in as sent"), error);
}

gboolean
guichet_store_mark_check_in_in_flight (GuichetStore *self,
                                       gint64        check_in_id,
                                       gboolean     *was_in_flight,
                                       GError      **error)
{
  const char   *what = _("Could not record the check-in being sent");
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;
  gboolean      was = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  if (!door_begin (self, what, error))
    return FALSE;
  stmt = _guichet_store_prepare (self->door.db,
                                 "INSERT INTO check_in_attempts (check_in_id, time) VALUES (?1, ?2)"
                                 " ON CONFLICT (check_in_id) DO NOTHING",
                                 what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, check_in_id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      ok = _guichet_store_step (stmt, self->door.db, what, error);
      /* nothing inserted: an earlier attempt was in flight */
      was = ok && sqlite3_changes (self->door.db) == 0;
      sqlite3_finalize (stmt);
    }
  if (!door_end (self, ok, what, ok ? error : NULL))
    return FALSE;
  if (was_in_flight != NULL)
    *was_in_flight = was;
  return TRUE;
}

gboolean
guichet_store_mark_check_in_conflict (GuichetStore *self,
                                      gint64        check_in_id,
                                      const char   *message,
                                      GError      **error)
{
  const char   *what = _("Could not record the platform’s refusal");
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  if (!door_begin (self, what, error))
    return FALSE;
  stmt = _guichet_store_prepare (self->door.db,
                                 "INSERT INTO check_in_conflicts (check_in_id, time, message)"
                                 " VALUES (?1, ?2, ?3) ON CONFLICT (check_in_id) DO NOTHING",
                                 what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, check_in_id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      _guichet_store_bind_text (stmt, 3, message);
      ok = _guichet_store_step (stmt, self->door.db, what, error);
      sqlite3_finalize (stmt);
    }
  return door_end (self, ok, what, ok ? error : NULL);
}

GuichetCheckIn *
guichet_store_undo_last_admission (GuichetStore *self,
                                   const char   *account_id,
                                   const char   *event_id,
                                   const char   *code,
                                   const char   *desk,
                                   GError      **error)
{
  const char *what = _("Could not undo the check-in");
  g_autoptr (GuichetCheckIn) found = NULL;
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;
  int           rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  /* The look-up and the annulment in one write transaction: two undos of
   * one admission annul it once, and the second finds nothing to undo. */
  if (!door_begin (self, what, error))
    return NULL;

  stmt = _guichet_store_cached_stmt (&self->door, STMT_FIND_DESK_ADMISSION, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, code);
      _guichet_store_bind_text (stmt, 4, desk);
      _guichet_store_bind_text (stmt, 5, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 6, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        found = check_in_from_row (stmt);
      else if (rc != SQLITE_DONE)
        _guichet_store_set_db_error (error, self->door.db, what);
      else
        g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                     _("Nothing to undo: this desk has no admission of this code"));
      _guichet_store_reset (stmt);
    }

  if (found != NULL)
    {
      stmt =
        _guichet_store_prepare (self->door.db,
                                "INSERT INTO check_in_undos (check_in_id, time) VALUES (?1, ?2)",
                                what, error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, guichet_check_in_get_id (found));
          sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
          ok = _guichet_store_step (stmt, self->door.db, what, error);
          sqlite3_finalize (stmt);
        }
    }

  if (!door_end (self, ok, what, ok ? error : NULL))
    return NULL;

  g_object_set (found, "undone", TRUE, NULL);
  return g_steal_pointer (&found);
}

gint64
guichet_store_count_open_admissions (GuichetStore *self,
                                     const char   *account_id,
                                     const char   *event_id,
                                     const char   *code,
                                     GError      **error)
{
  const char   *what = _("Could not read the check-in journal");
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_COUNT_OPEN_ADMISSIONS, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, code);
      _guichet_store_bind_text (stmt, 4, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 5, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = MAX (0, sqlite3_column_int64 (stmt, 0));
      else
        _guichet_store_set_db_error (error, self->reader.db, what);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return count;
}

gint64
guichet_store_count_check_in_conflicts (GuichetStore *self,
                                        const char   *account_id,
                                        const char   *event_id,
                                        GError      **error)
{
  const char   *what = _("Could not read the check-in journal");
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);
  g_return_val_if_fail (account_id != NULL, -1);
  g_return_val_if_fail (event_id != NULL, -1);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_COUNT_CONFLICTS, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _guichet_store_set_db_error (error, self->reader.db, what);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return count;
}

GPtrArray *
guichet_store_list_pending_check_ins (GuichetStore *self,
                                      const char   *account_id,
                                      GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  /* Oldest first: the order they happened in. */
  return _guichet_store_query_rows (
    self,
    "SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1"
    " AND c.remote = 'push' AND c.verdict = 'admitted'"
    " AND NOT EXISTS (SELECT 1 FROM check_in_sync s2 WHERE s2.check_in_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM check_in_conflicts k3 WHERE k3.check_in_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM check_in_undos u3 WHERE u3.check_in_id = c.id)"
    " ORDER BY c.id",
    account_id, NULL, check_in_from_row, _("Could not read the check-in journal"), error);
}

GuichetCheckIn *
guichet_store_find_admission (GuichetStore *self,
                              const char   *account_id,
                              const char   *event_id,
                              const char   *code,
                              GError      **error)
{
  const char     *what = _("Could not read the check-in journal");
  GuichetCheckIn *check_in = NULL;
  sqlite3_stmt   *stmt;
  int             rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (code == NULL)
    return NULL;

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_FIND_ADMISSION, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, code);
      _guichet_store_bind_text (stmt, 4, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 5, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      _guichet_store_bind_text (stmt, 6, guichet_direction_to_string (GUICHET_DIRECTION_OUT));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        check_in = check_in_from_row (stmt);
      else if (rc != SQLITE_DONE)
        _guichet_store_set_db_error (error, self->reader.db, what);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return check_in;
}

GPtrArray *
guichet_store_list_check_ins (GuichetStore *self,
                              const char   *account_id,
                              const char   *event_id,
                              guint         limit,
                              GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  sql = g_strdup_printf ("SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1 AND c.event_id = ?2"
                         " ORDER BY c.id DESC LIMIT %" G_GINT64_FORMAT,
                         limit > 0 ? (gint64) limit : (gint64) -1);
  return _guichet_store_query_rows (self, sql, account_id, event_id, check_in_from_row,
                                    _("Could not read the check-in journal"), error);
}

GPtrArray *
guichet_store_list_check_ins_for_code (GuichetStore *self,
                                       const char   *account_id,
                                       const char   *event_id,
                                       const char   *code,
                                       GError      **error)
{
  const char *what = _("Could not read the check-in journal");
  g_autoptr (GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  /* One code's entries, from the check_ins_code index: never the event's. */
  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_prepare (self->reader.db,
                                 "SELECT " CHECK_IN_COLUMNS
                                 " WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = ?3"
                                 " ORDER BY c.id DESC",
                                 what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, code);

      rows = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, check_in_from_row (stmt));
      if (rc != SQLITE_DONE)
        {
          _guichet_store_set_db_error (error, self->reader.db, what);
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return g_steal_pointer (&rows);
}

GPtrArray *
guichet_store_list_unsynced_check_ins (GuichetStore *self,
                                       const char   *account_id,
                                       GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  /* Oldest first: the order they happened in. */
  return _guichet_store_query_rows (
    self,
    "SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM check_in_sync s2 WHERE s2.check_in_id = c.id)"
    " ORDER BY c.id",
    account_id, NULL, check_in_from_row, _("Could not read the check-in journal"), error);
}

gint64
guichet_store_count_checked_in (GuichetStore *self,
                                const char   *account_id,
                                const char   *event_id,
                                GError      **error)
{
  const char   *what = _("Could not count the check-ins");
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);
  g_return_val_if_fail (account_id != NULL, -1);
  g_return_val_if_fail (event_id != NULL, -1);

  g_mutex_lock (&self->bulk.lock);
  stmt = _guichet_store_cached_stmt (&self->bulk, STMT_COUNT_CHECKED_IN, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 4, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      _guichet_store_bind_text (stmt, 5, guichet_direction_to_string (GUICHET_DIRECTION_OUT));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _guichet_store_set_db_error (error, self->bulk.db, what);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return count;
}

gboolean
guichet_store_count_gate (GuichetStore       *self,
                          const char         *account_id,
                          const char         *event_id,
                          const char * const *ticket_type_ids,
                          gint64             *checked_in,
                          gint64             *expected,
                          GError            **error)
{
  const char *what = _("Could not count the check-ins");
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *types = NULL;
  sqlite3_stmt    *stmt;
  gboolean         ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  g_return_val_if_fail (checked_in != NULL && expected != NULL, FALSE);

  *checked_in = *expected = -1;
  /* The gate's ticket types as a JSON array: one statement for any number. */
  json_builder_begin_array (builder);
  for (guint i = 0; ticket_type_ids != NULL && ticket_type_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, ticket_type_ids[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  if (ticket_type_ids != NULL && ticket_type_ids[0] != NULL)
    types = json_to_string (root, FALSE);

  g_mutex_lock (&self->bulk.lock);
  stmt = _guichet_store_cached_stmt (&self->bulk, STMT_COUNT_GATE, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 4, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      _guichet_store_bind_text (stmt, 5, guichet_direction_to_string (GUICHET_DIRECTION_OUT));
      _guichet_store_bind_text (stmt, 6, types);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *expected = sqlite3_column_int64 (stmt, 0);
          *checked_in = sqlite3_column_int64 (stmt, 1);
          ok = TRUE;
        }
      else
        _guichet_store_set_db_error (error, self->bulk.db, what);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return ok;
}

gint64
guichet_store_get_journal_version (GuichetStore *self)
{
  sqlite3_stmt *stmt;
  gint64        version = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);

  /* data_version changes when another connection (the writer, another
   * process) committed to the journal's file; bulk itself never writes
   * the journal. */
  g_mutex_lock (&self->bulk.lock);
  stmt = _guichet_store_cached_stmt (&self->bulk, STMT_JOURNAL_VERSION, NULL, NULL);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int64 (stmt, 0);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return version;
}
