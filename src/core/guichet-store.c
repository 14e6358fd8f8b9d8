/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

/* sync_file_range() */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sqlite3.h>

#include "guichet-error.h"
#include "guichet-store.h"
#include "guichet-store-private.h"

static const char * const stmt_sql[N_STMTS] = {
  /* A page goes through the writer's temporary table participant_stage
   * (see STAGE_SQL), then into participants with a few set-wide statements:
   * a statement per row would make FTS5 flush its pending terms at every
   * statement (one tiny segment per row, then merges). */
  [STMT_STAGE_CLEAR] = "DELETE FROM temp.participant_stage",
  [STMT_STAGE_INSERT] =
    "INSERT INTO temp.participant_stage (id, date_id, barcode, first_name,"
    " last_name, email, ticket_type_id, ticket_type_name, status, checked_in,"
    " checked_in_at, order_id, updated_at, sort_key, answers_json, seat)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
  /* The newer write wins a barcode: the other holder loses it. Barcodes
   * are unique within the stage (the page's last claim wins). CROSS JOIN:
   * the stage drives, participants are searched by barcode. */
  /* STAGE_ROWS rows a statement: each statement has a fixed cost (its
   * savepoint, its halt) well above a row's. */
  [STMT_STAGE_INSERT_MANY] =
    "INSERT INTO temp.participant_stage (id, date_id, barcode, first_name,"
    " last_name, email, ticket_type_id, ticket_type_name, status, checked_in,"
    " checked_in_at, order_id, updated_at, sort_key, answers_json, seat)"
    " VALUES " STAGE_VALUES_32,
  [STMT_STAGE_CLEAR_BARCODES] =
    "UPDATE participants SET barcode = '' WHERE rowid IN ("
    " SELECT p.rowid FROM temp.participant_stage s CROSS JOIN participants p"
    " ON p.account_id = ?1 AND p.event_id = ?2 AND p.barcode = s.barcode"
    " WHERE s.barcode <> '' AND p.barcode <> '' AND p.id <> s.id)",
  [STMT_ENSURE_EVENT_KEY] = "INSERT INTO event_keys (account_id, event_id) VALUES (?1, ?2)"
                            " ON CONFLICT (account_id, event_id) DO NOTHING",
  [STMT_STAGE_UPSERT] =
    "INSERT INTO participants (account_id, event_id, id, date_id, barcode,"
    " first_name, last_name, email, ticket_type_id, ticket_type_name, status,"
    " checked_in, checked_in_at, order_id, updated_at, generation, sort_key,"
    " event_key, seat)"
    " SELECT ?1, ?2, id, date_id, barcode, first_name, last_name, email,"
    " ticket_type_id, ticket_type_name, status, checked_in, checked_in_at,"
    " order_id, updated_at, ?3, sort_key, (SELECT key FROM event_keys"
    "   WHERE account_id = ?1 AND event_id = ?2), seat"
    " FROM temp.participant_stage WHERE true ORDER BY seq"
    " ON CONFLICT (account_id, event_id, id) DO UPDATE SET"
    " date_id = excluded.date_id, barcode = excluded.barcode,"
    " first_name = excluded.first_name, last_name = excluded.last_name,"
    " email = excluded.email, ticket_type_id = excluded.ticket_type_id,"
    " ticket_type_name = excluded.ticket_type_name, status = excluded.status,"
    " checked_in = excluded.checked_in, checked_in_at = excluded.checked_in_at,"
    " order_id = excluded.order_id, updated_at = excluded.updated_at,"
    " generation = excluded.generation, sort_key = excluded.sort_key, entries = 1,"
    " seat = excluded.seat"
    /* A row the platform sends again as it was is left alone (the sync
     * of a platform without changes-since sends every row every time):
     * rewriting it rewrote every index entry of the row, ten times the
     * work, and the disk writes a door's durable check-in waits behind.
     * STMT_STAGE_STAMP then marks it seen in this run. */
    " WHERE participants.date_id IS NOT excluded.date_id"
    " OR participants.barcode IS NOT excluded.barcode"
    " OR participants.first_name IS NOT excluded.first_name"
    " OR participants.last_name IS NOT excluded.last_name"
    " OR participants.email IS NOT excluded.email"
    " OR participants.ticket_type_id IS NOT excluded.ticket_type_id"
    " OR participants.ticket_type_name IS NOT excluded.ticket_type_name"
    " OR participants.status IS NOT excluded.status"
    " OR participants.checked_in IS NOT excluded.checked_in"
    " OR participants.checked_in_at IS NOT excluded.checked_in_at"
    " OR participants.order_id IS NOT excluded.order_id"
    " OR participants.updated_at IS NOT excluded.updated_at"
    " OR participants.sort_key IS NOT excluded.sort_key"
    " OR participants.seat IS NOT excluded.seat"
    " OR participants.entries <> 1",
  /* The page's rows the upsert left alone: seen in this run (?3), so
   * that the end of a full sync does not take them for removed. Only
   * the generation changes, and its one index. */
  [STMT_STAGE_STAMP] = "UPDATE participants SET generation = ?3"
                       " WHERE account_id = ?1 AND event_id = ?2 AND generation <> ?3"
                       " AND id IN (SELECT id FROM temp.participant_stage)",
  [STMT_STAGE_ANSWERS] = "INSERT INTO answers (account_id, event_id, participant_id, answers_json)"
                         " SELECT ?1, ?2, id, answers_json FROM temp.participant_stage"
                         " WHERE answers_json IS NOT NULL AND answers_json <> '' ORDER BY seq"
                         " ON CONFLICT (account_id, event_id, participant_id)"
                         " DO UPDATE SET answers_json = excluded.answers_json"
                         " WHERE answers.answers_json IS NOT excluded.answers_json",
  [STMT_UPSERT_ANSWERS] =
    "INSERT INTO answers (account_id, event_id, participant_id, answers_json)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, event_id, participant_id)"
    " DO UPDATE SET answers_json = excluded.answers_json",
  [STMT_SET_CURSOR] = "INSERT INTO sync_cursors (account_id, event_id, cursor, run_generation)"
                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, event_id) DO UPDATE SET"
                      " cursor = excluded.cursor, run_generation = excluded.run_generation",
  [STMT_GET_CURSOR] = "SELECT cursor FROM sync_cursors WHERE account_id = ?1 AND event_id = ?2",
  [STMT_GET_RUN_GENERATION] =
    "SELECT run_generation FROM sync_cursors WHERE account_id = ?1 AND event_id = ?2",
  [STMT_APPEND_CHECK_IN] =
    "INSERT INTO check_ins (account_id, event_id, date_id, code, participant_id,"
    " time, desk, direction, verdict, reason, remote)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_FIND_BY_BARCODE] =
    "SELECT " PARTICIPANT_COLUMNS
    " WHERE p.account_id = ?1 AND p.event_id = ?2 AND p.barcode = ?3 AND p.barcode <> ''",
  /* With the time of this machine's admission of the code when it stands
   * (as in STMT_FIND_ADMISSION; reader connections have the journal). */
  [STMT_FIND_BY_ROWID] =
    "SELECT " PARTICIPANT_FIELDS ","
    " (SELECT c.time FROM check_ins c"
    "  WHERE c.account_id = p.account_id AND c.event_id = p.event_id AND c.code = p.barcode"
    "  AND p.barcode <> '' AND c.verdict = ?2 AND c.direction = ?3"
    "  AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    "  AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.account_id = c.account_id"
    "    AND o.event_id = c.event_id AND o.code = c.code AND o.id > c.id"
    "    AND o.verdict = ?2 AND o.direction = ?4"
    "    AND NOT EXISTS (SELECT 1 FROM check_in_undos u2 WHERE u2.check_in_id = o.id))"
    "  ORDER BY c.id DESC LIMIT 1)" PARTICIPANT_FROM " WHERE p.rowid = ?1",
  [STMT_FIND_BY_ID] =
    "SELECT " PARTICIPANT_COLUMNS " WHERE p.account_id = ?1 AND p.event_id = ?2 AND p.id = ?3",
  /* Tickets for several people (rare): after STMT_STAGE_UPSERT, which
   * resets every row of the page to 1. */
  [STMT_SET_ENTRIES] =
    "UPDATE participants SET entries = ?4 WHERE account_id = ?1 AND event_id = ?2 AND id = ?3",
  /* The door's "wrong event": the same barcode in another event. */
  [STMT_FIND_ELSEWHERE] =
    "SELECT " PARTICIPANT_COLUMNS " WHERE p.account_id = ?1 AND p.barcode = ?3 AND p.barcode <> ''"
    " AND p.event_id IS NOT ?2 ORDER BY p.rowid DESC LIMIT 1",
  /* The last admission not undone, unless a later exit (not undone) follows it. */
  [STMT_FIND_ADMISSION] =
    "SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = ?3"
    " AND c.verdict = ?4 AND c.direction = ?5"
    " AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.account_id = c.account_id"
    "   AND o.event_id = c.event_id AND o.code = c.code AND o.id > c.id"
    "   AND o.verdict = ?4 AND o.direction = ?6"
    "   AND NOT EXISTS (SELECT 1 FROM check_in_undos u2 WHERE u2.check_in_id = o.id))"
    " ORDER BY c.id DESC LIMIT 1",
  /* Undo: this desk's last admission of the code, not undone yet. */
  [STMT_FIND_DESK_ADMISSION] =
    "SELECT " CHECK_IN_COLUMNS
    " WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = ?3 AND c.desk IS ?4"
    " AND c.verdict = ?5 AND c.direction = ?6"
    " AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    " ORDER BY c.id DESC LIMIT 1",
  /* Tickets for several people: admissions not undone, minus exits not
   * undone, of a code. */
  [STMT_COUNT_OPEN_ADMISSIONS] =
    "SELECT coalesce (sum (CASE c.direction WHEN ?5 THEN 1 ELSE -1 END), 0)"
    " FROM check_ins c WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = ?3"
    " AND c.verdict = ?4"
    " AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)",
  /* Checked in on the platform, plus the codes admitted here (as in
   * STMT_FIND_ADMISSION) that the platform does not count yet. Each part
   * reads an index: participants_checked_in, check_ins_code and
   * participants_barcode. */
  /* Check-ins of the event the provider refused (the door's counter). */
  [STMT_COUNT_CONFLICTS] =
    "SELECT count(*) FROM check_ins c JOIN check_in_conflicts k ON k.check_in_id = c.id"
    " WHERE c.account_id = ?1 AND c.event_id = ?2",
  [STMT_COUNT_CHECKED_IN] =
    "SELECT (SELECT count(*) FROM participants p"
    "        WHERE p.account_id = ?1 AND p.event_id = ?2 AND p.checked_in = 1)"
    " + (SELECT count(DISTINCT c.code) FROM check_ins c"
    "    WHERE c.account_id = ?1 AND c.event_id = ?2"
    "    AND c.verdict = ?3 AND c.direction = ?4"
    "    AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    "    AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.account_id = c.account_id"
    "      AND o.event_id = c.event_id AND o.code = c.code AND o.id > c.id"
    "      AND o.verdict = ?3 AND o.direction = ?5"
    "      AND NOT EXISTS (SELECT 1 FROM check_in_undos u2 WHERE u2.check_in_id = o.id))"
    "    AND NOT EXISTS (SELECT 1 FROM participants p2"
    "      WHERE p2.account_id = ?1 AND p2.event_id = ?2 AND p2.barcode = c.code"
    "      AND p2.barcode <> '' AND p2.checked_in = 1))",
  /* Per participant of the gate's ticket types (?6: a JSON array, NULL
   * for all): in when the platform says so or its code's last admission
   * here stands (not undone, no exit since). */
  [STMT_COUNT_GATE] =
    "SELECT count(*), coalesce(sum(inside), 0) FROM ("
    " SELECT p.checked_in = 1 OR EXISTS (SELECT 1 FROM check_ins c"
    "   WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = p.barcode"
    "   AND c.verdict = ?3 AND c.direction = ?4"
    "   AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    "   AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.account_id = c.account_id"
    "     AND o.event_id = c.event_id AND o.code = c.code AND o.id > c.id"
    "     AND o.verdict = ?3 AND o.direction = ?5"
    "     AND NOT EXISTS (SELECT 1 FROM check_in_undos u2 WHERE u2.check_in_id = o.id))) AS inside"
    " FROM participants p WHERE p.account_id = ?1 AND p.event_id = ?2"
    " AND (?6 IS NULL OR p.ticket_type_id IN (SELECT value FROM json_each (?6))))",
  [STMT_JOURNAL_VERSION] = "PRAGMA journal.data_version",
};

static void guichet_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GuichetStore, guichet_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      guichet_store_initable_iface_init))

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Small SQLite helpers                                                     */

void
_guichet_store_set_db_error (GError    **error,
                             sqlite3    *db,
                             const char *what)
{
  int rc = db != NULL ? sqlite3_extended_errcode (db) : SQLITE_OK;

  /* A damaged file is not one failed statement: say so, once for all. */
  if (_guichet_store_rc_is_corrupt (rc))
    {
      _guichet_store_note_rc (db, rc);
      _guichet_store_set_corrupt_error (error, sqlite3_db_filename (db, "main"),
                                        sqlite3_errmsg (db));
      return;
    }

  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
               /* Translators: "Could not save the participants: disk I/O error" */
               _("%s: %s"), what, db != NULL ? sqlite3_errmsg (db) : _("no database"));
}

gboolean
_guichet_store_exec (sqlite3    *db,
                     const char *sql,
                     const char *what,
                     GError    **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _guichet_store_set_db_error (error, db, what);
      return FALSE;
    }
  return TRUE;
}

void
_guichet_store_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
_guichet_store_cached_stmt (GuichetStoreConn *conn,
                            GuichetStoreStmt  id,
                            const char       *what,
                            GError          **error)
{
  g_assert (id < N_STMTS);

  if (conn->stmts[id] == NULL &&
      sqlite3_prepare_v3 (conn->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &conn->stmts[id],
                          NULL) != SQLITE_OK)
    {
      _guichet_store_set_db_error (error, conn->db, what);
      conn->stmts[id] = NULL;
      return NULL;
    }

  return conn->stmts[id];
}

sqlite3_stmt *
_guichet_store_prepare (sqlite3    *db,
                        const char *sql,
                        const char *what,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _guichet_store_set_db_error (error, db, what);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

void
_guichet_store_reset (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      /* The last step's result: noted even where the caller ignores it. */
      _guichet_store_note_rc (sqlite3_db_handle (stmt), sqlite3_reset (stmt));
      sqlite3_clear_bindings (stmt);
    }
}

/* Runs a statement that returns no row. */
gboolean
_guichet_store_step (sqlite3_stmt *stmt,
                     sqlite3      *db,
                     const char   *what,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _guichet_store_set_db_error (error, db, what);
      _guichet_store_reset (stmt);
      return FALSE;
    }
  _guichet_store_reset (stmt);
  return TRUE;
}

char *
_guichet_store_join_lines (const char * const *strv)
{
  if (strv == NULL || strv[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", (char **) strv);
}

static char **
split_lines (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}
/* ------------------------------------------------------------------------ */
/* Building model objects without knowing more than their property names.   */

void
_guichet_store_props_init (GuichetStoreProps *props,
                           GType              type)
{
  memset (props, 0, sizeof *props);
  props->type = type;
  props->klass = g_type_class_ref (type);
}

static GValue *
props_add (GuichetStoreProps *props,
           const char        *name)
{
  GParamSpec *pspec;

  g_assert (props->n < GUICHET_STORE_MAX_PROPS);

  pspec = g_object_class_find_property (props->klass, name);
  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE))
    {
      g_debug ("%s has no writable property “%s”", g_type_name (props->type), name);
      return NULL;
    }

  props->names[props->n] = pspec->name;
  g_value_init (&props->values[props->n], pspec->value_type);
  return &props->values[props->n++];
}

static void
props_drop_last (GuichetStoreProps *props)
{
  props->n--;
  g_debug ("%s.%s has an unexpected type", g_type_name (props->type), props->names[props->n]);
  g_value_unset (&props->values[props->n]);
}

void
_guichet_store_props_string (GuichetStoreProps *props,
                             const char        *name,
                             const char        *value)
{
  GValue *v = props_add (props, name);

  if (v == NULL)
    return;
  if (G_VALUE_HOLDS_STRING (v))
    g_value_set_string (v, value);
  else
    props_drop_last (props);
}

static void
props_number (GuichetStoreProps *props,
              const char        *name,
              gint64             i,
              double             d,
              gboolean           is_double)
{
  GValue *v = props_add (props, name);

  if (v == NULL)
    return;

  if (!is_double)
    d = (double) i;
  else
    i = (gint64) d;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (v)))
    {
    case G_TYPE_INT:
      g_value_set_int (v, (int) i);
      break;
    case G_TYPE_UINT:
      g_value_set_uint (v, (guint) i);
      break;
    case G_TYPE_LONG:
      g_value_set_long (v, (long) i);
      break;
    case G_TYPE_ULONG:
      g_value_set_ulong (v, (gulong) i);
      break;
    case G_TYPE_INT64:
      g_value_set_int64 (v, i);
      break;
    case G_TYPE_UINT64:
      g_value_set_uint64 (v, (guint64) i);
      break;
    case G_TYPE_BOOLEAN:
      g_value_set_boolean (v, is_double ? d != 0.0 : i != 0);
      break;
    case G_TYPE_ENUM:
      g_value_set_enum (v, (int) i);
      break;
    case G_TYPE_FLAGS:
      g_value_set_flags (v, (guint) i);
      break;
    case G_TYPE_DOUBLE:
      g_value_set_double (v, d);
      break;
    case G_TYPE_FLOAT:
      g_value_set_float (v, (float) d);
      break;
    default:
      props_drop_last (props);
      break;
    }
}

void
_guichet_store_props_int (GuichetStoreProps *props,
                          const char        *name,
                          gint64             value)
{
  props_number (props, name, value, 0.0, FALSE);
}

void
_guichet_store_props_strv (GuichetStoreProps *props,
                           const char        *name,
                           const char        *lines)
{
  GValue *v = props_add (props, name);

  if (v == NULL)
    return;
  if (G_VALUE_HOLDS (v, G_TYPE_STRV))
    g_value_take_boxed (v, split_lines (lines));
  else
    props_drop_last (props);
}

gpointer
_guichet_store_props_build (GuichetStoreProps *props)
{
  GObject *object;

  object = g_object_new_with_properties (props->type, props->n, props->names, props->values);
  for (guint i = 0; i < props->n; i++)
    g_value_unset (&props->values[i]);
  g_type_class_unref (props->klass);
  props->klass = NULL;
  return object;
}

/* ------------------------------------------------------------------------ */
/* Opening and migrating                                                    */

char *
guichet_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "guichet", "guichet.db", NULL);
}

int
guichet_store_get_latest_schema_version (void)
{
  guint n;

  _guichet_store_get_migrations (&n);
  return (int) n;
}

gboolean
_guichet_store_open_connection (const char *path,
                                int         flags,
                                const char *vfs,
                                sqlite3   **db_out,
                                GError    **error)
{
  sqlite3 *db = NULL;
  int      rc;

  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_FULLMUTEX, vfs);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not open the database “%s”: %s"), path,
                     db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return FALSE;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 10000);

  if (!_guichet_store_exec (db,
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA synchronous = NORMAL;"
                            "PRAGMA temp_store = MEMORY;",
                            _("Could not set up the database"), error))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }

  *db_out = db;
  return TRUE;
}

static int
read_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int           version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (GuichetStore *self,
         GError      **error)
{
  sqlite3            *db = self->writer.db;
  const char * const *migrations;
  guint               n_migrations;

  migrations = _guichet_store_get_migrations (&n_migrations);

  /* Up to date (nearly always): no write lock to wait for, which a sync
   * in another process may hold for a whole page (a CLI check-in opens
   * the store for every scan). */
  if (read_user_version (db) == (int) n_migrations)
    {
      self->schema_version = (int) n_migrations;
      return TRUE;
    }

  for (;;)
    {
      g_autofree char *set_version = NULL;
      int              version;

      /* IMMEDIATE: two processes opening at once never both migrate. */
      if (!_guichet_store_exec (db, "BEGIN IMMEDIATE", _("Could not update the database"), error))
        return FALSE;

      version = read_user_version (db);
      if (version < 0)
        {
          _guichet_store_set_db_error (error, db, _("Could not read the database version"));
          _guichet_store_rollback (db);
          return FALSE;
        }

      if ((guint) version >= n_migrations)
        {
          _guichet_store_rollback (db);
          self->schema_version = version;
          if ((guint) version > n_migrations)
            {
              g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                           _("The database “%s” was written by a newer version of Guichet (schema %d, this version knows %u)"),
                             self->path, version, n_migrations);
              return FALSE;
            }
          return TRUE;
        }

      g_debug ("Migrating %s to schema %d", self->path, version + 1);

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!_guichet_store_exec (
            db, migrations[version], _("Could not update the database"), error) ||
            !_guichet_store_exec (db, set_version, _("Could not update the database"), error) ||
                                  !_guichet_store_exec (db, "COMMIT",
                                                        _("Could not update the database"), error))
        {
          _guichet_store_rollback (db);
          return FALSE;
        }
    }
}

/* The writer's write-ahead log is copied back into the file (a
 * checkpoint) once it holds half as many pages as the file, and at least
 * WRITER_CHECKPOINT_MIN_FRAMES (32 MiB of 4 KiB pages). A checkpoint
 * copies each page of the log once, however many commits rewrote it. A
 * sync rewrites a page per row in each randomly keyed index (barcode,
 * name, e-mail); with a fixed 32 MiB log, at 1,000,000 participants,
 * nearly every one of those was copied back on its own: 28.4 KiB written
 * a row, against 12.2 at 100,000 (build-aux/bench-store). A log in
 * proportion to the file keeps that share as the event grows.
 *
 * The writer's page cache follows the file too (a quarter of it, 32 to
 * 64 MiB): a page the cache let go whose last version is in the log is
 * read back from it, a system call each; a larger log without a larger
 * cache gained half as much. Not more: each commit walks the whole cache
 * (SQLite 3.40's page cache, once a B-tree split has numbered a page past
 * the file's end), and since a first sync builds the name and e-mail
 * orders at its end (guichet-store-participants.c), filling 1,000,000
 * participants ran 15-35 % faster with 64 MiB than with 128 (two runs of
 * each, alternated: 27,453 and 32,826 rows/s against 20,263 and 28,034,
 * 500 rows a transaction; 41,579 and 47,108 against 35,331 and 39,632,
 * 8,000 a transaction). */
#define WRITER_CHECKPOINT_MIN_FRAMES 8192
#define WRITER_CACHE_MIN_KIB (32 * 1024)
#define WRITER_CACHE_MAX_KIB (64 * 1024)

/* Sizes the writer's log and cache on the file's size (the floors when
 * it cannot be read). Under writer.lock, or before other threads use the
 * store. */
static void
update_writer_limits (GuichetStore *self)
{
  GStatBuf st;
  gint64   size = 0;
  gint64   cache_kib;

  if (self->page_size > 0 && g_stat (self->path, &st) == 0)
    size = st.st_size;

  self->writer_checkpoint_frames =
    MAX (self->writer_checkpoint_min_frames, size / MAX (self->page_size, 1) / 2);

  cache_kib = CLAMP (size / 4 / 1024, WRITER_CACHE_MIN_KIB, WRITER_CACHE_MAX_KIB);
  if (cache_kib != self->writer_cache_kib)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GINT64_FORMAT, cache_kib);

      if (sqlite3_exec (self->writer.db, sql, NULL, NULL, NULL) == SQLITE_OK)
        self->writer_cache_kib = cache_kib;
    }
}

/* After each commit of the writer (writer.lock held), in place of
 * SQLite's automatic checkpoint of a fixed size. PASSIVE: it never waits
 * for a reader, and copies what nobody reads any more. */
static int
writer_wal_hook (void       *data,
                 sqlite3    *db,
                 const char *name,
                 int         n_frames)
{
  GuichetStore *self = data;

  if (g_strcmp0 (name, "main") != 0)
    return SQLITE_OK;

  /* What the write-back thread is to write (start_writeback()): the log
   * is a 32-byte header, then frames of a 24-byte header and a page. */
  g_mutex_lock (&self->writeback_lock);
  self->writeback_end = 32 + (guint64) n_frames * (24 + (guint64) self->page_size);
  g_mutex_unlock (&self->writeback_lock);

  if (n_frames < self->writer_checkpoint_frames)
    return SQLITE_OK;

  sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  update_writer_limits (self);
  return SQLITE_OK;
}

/* The writer reads the file through a mapping of it (@map, as set up
 * at open) or through its page cache. Each page read through the mapping
 * stays in the process's resident memory until the mapping goes: the
 * orders built at the end of a first sync of 1,000,000 participants read
 * the whole table, 375 MiB of it (guichet-store-participants.c). Turned
 * off, the file is unmapped (once no page read through it is in use);
 * turned on, it is mapped again at the next read. Under writer.lock. */
void
_guichet_store_map_writer (GuichetStore *self,
                           gboolean      map)
{
  sqlite3_exec (self->writer.db,
                map ? "PRAGMA mmap_size = " WRITER_MMAP_SIZE : "PRAGMA mmap_size = 0", NULL, NULL,
                NULL);
}

/* Gives the memory of the writer's page cache back (up to 64 MiB after
 * a large sync: update_writer_limits()) once a sync's run has written
 * its last page, and when the store closes; the next write reads its
 * pages again, through the mapping of the file. It takes writer.lock:
 * not on the main thread while the store is in use. */
void
_guichet_store_release_writer_cache (GuichetStore *self)
{
  int used = 0, highest = 0;

  if (self->writer.db == NULL)
    return;

  g_mutex_lock (&self->writer.lock);
  sqlite3_db_status (self->writer.db, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, FALSE);
  sqlite3_db_release_memory (self->writer.db);
  g_mutex_unlock (&self->writer.lock);
#ifdef __GLIBC__
  /* Freed a page at a time, the cache's memory stays in the allocator's
   * free lists, counted in the resident memory, unless given back. Only
   * past the cache's floor (a large sync): malloc_trim() holds each
   * arena's lock while it walks it, the main thread's too. */
  if (used > WRITER_CACHE_MIN_KIB * 1024)
    malloc_trim (0);
#endif
}

static void
start_writer_checkpoints (GuichetStore *self)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->writer.db, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    self->page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  self->writer_checkpoint_min_frames = WRITER_CHECKPOINT_MIN_FRAMES;
  update_writer_limits (self);
  /* Replaces SQLite's own automatic checkpoint (wal_autocheckpoint). */
  sqlite3_wal_hook (self->writer.db, writer_wal_hook, self);
}

static gboolean
guichet_store_initable_init (GInitable    *initable,
                             GCancellable *cancellable,
                             GError      **error)
{
  GuichetStore    *self = GUICHET_STORE (initable);
  g_autofree char *dir = NULL;
  gboolean         existed;

  if (self->path == NULL)
    self->path = guichet_store_default_path ();

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  existed = g_file_test (self->path, G_FILE_TEST_EXISTS);

  /* While a door is at work, the writer's syncs go to the disk a piece
   * at a time, so that a durable check-in never waits behind a whole
   * checkpoint (guichet-store-vfs.c). */
  if (!_guichet_store_open_connection (self->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                       _guichet_store_paced_vfs (), &self->writer.db, error))
    return FALSE;

  /* Only the user reads their box office (the -wal and -shm files follow). */
  if (!existed)
    g_chmod (self->path, 0600);

  if (!_guichet_store_exec (self->writer.db, "PRAGMA journal_mode = WAL",
                            _("Could not set up the database"), error))
    return FALSE;

  /* The check-in journal lives in a file of its own (see
   * guichet-store-journal.c); an older store's journal moves there
   * before the migration that drops it here. */
  if (!_guichet_store_open_journal (self, error))
    return FALSE;

  if (!migrate (self, error))
    return FALSE;

  /* Participant pages are staged here, in memory, on the writer only. */
  if (!_guichet_store_exec (self->writer.db,
                            "CREATE TEMP TABLE participant_stage ("
                            "  seq               INTEGER PRIMARY KEY,"
                            "  id                TEXT NOT NULL,"
                            "  date_id           TEXT,"
                            "  barcode           TEXT NOT NULL,"
                            "  first_name        TEXT,"
                            "  last_name         TEXT,"
                            "  email             TEXT,"
                            "  ticket_type_id    TEXT,"
                            "  ticket_type_name  TEXT,"
                            "  status            TEXT NOT NULL,"
                            "  checked_in        INTEGER NOT NULL,"
                            "  checked_in_at     TEXT,"
                            "  order_id          TEXT,"
                            "  updated_at        TEXT,"
                            "  sort_key          TEXT NOT NULL,"
                            "  answers_json      TEXT,"
                            "  seat              TEXT"
                            ");"
                            /* Read through a mapping of the file rather than a
                             * system call a page (most of a 1,000,000-row page
                             * write's time went to pread); the cache and the
                             * checkpoints: start_writer_checkpoints(). */
                            "PRAGMA mmap_size = " WRITER_MMAP_SIZE ";",
                            _("Could not set up the database"), error))
    return FALSE;
  start_writer_checkpoints (self);

  if (!_guichet_store_open_connection (self->path, SQLITE_OPEN_READWRITE, NULL, &self->reader.db,
                                       error) ||
      !_guichet_store_open_connection (self->path, SQLITE_OPEN_READWRITE, NULL, &self->bulk.db,
                                       error) ||
      !_guichet_store_attach_journal (self, self->reader.db, error) ||
      !_guichet_store_attach_journal (self, self->bulk.db, error))
    return FALSE;

  /* Closing the last connection would copy the whole write-ahead log into
   * the database before the program may exit; leave that to the next
   * automatic checkpoint instead (the log is as durable as the file). */
  sqlite3_db_config (self->writer.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_db_config (self->reader.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_db_config (self->bulk.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_db_config (self->door.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* The readers never write. */
  sqlite3_exec (self->reader.db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  sqlite3_exec (self->bulk.db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  /* A search tests the first rows of the display order, spread all over
   * the file (guichet-store-search.c): keep them in memory (16 MiB)
   * rather than read them back a system call a page. Not a mapping of
   * the file: every page a list touched would then count in the app's
   * resident memory (390 MiB at 1,000,000 participants). */
  sqlite3_exec (self->bulk.db, "PRAGMA cache_size = -16384", NULL, NULL, NULL);

  /* Damage a statement may never read (a page in the middle of a table)
   * is found by the quick check; the door waits for it. */
  _guichet_store_start_check (self);

  return TRUE;
}

static void
guichet_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = guichet_store_initable_init;
}

void
_guichet_store_conn_close (GuichetStoreConn *conn)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&conn->stmts[i], sqlite3_finalize);
  g_clear_pointer (&conn->db, sqlite3_close_v2);
  g_mutex_clear (&conn->lock);
}

static void
guichet_store_finalize (GObject *object)
{
  GuichetStore *self = (GuichetStore *) object;

  _guichet_store_close_health (self);
  /* Closing frees the cache into the allocator, which keeps it */
  _guichet_store_release_writer_cache (self);
  _guichet_store_close_journal (self);
  _guichet_store_conn_close (&self->door);
  _guichet_store_conn_close (&self->bulk);
  _guichet_store_conn_close (&self->reader);
  _guichet_store_conn_close (&self->writer);
  if (self->writeback != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writeback), FALSE, TRUE);
  if (self->writeback_fd >= 0)
    close (self->writeback_fd);
  g_mutex_clear (&self->writeback_lock);
  g_clear_pointer (&self->order, _guichet_store_order_free);
  g_clear_pointer (&self->fills, g_hash_table_unref);
  g_clear_pointer (&self->base_order, _guichet_store_order_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->journal_path, g_free);
  g_clear_pointer (&self->door_beacon, g_free);

  G_OBJECT_CLASS (guichet_store_parent_class)->finalize (object);
}

static void
guichet_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GuichetStore *self = GUICHET_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GuichetStore *self = GUICHET_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_store_class_init (GuichetStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = guichet_store_finalize;
  object_class->get_property = guichet_store_get_property;
  object_class->set_property = guichet_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_store_init (GuichetStore *self)
{
  g_mutex_init (&self->writer.lock);
  g_mutex_init (&self->reader.lock);
  g_mutex_init (&self->bulk.lock);
  g_mutex_init (&self->door.lock);
  g_mutex_init (&self->writeback_lock);
  self->writeback_fd = -1;
  self->fills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GuichetStore *
guichet_store_new (const char *path,
                   GError    **error)
{
  return g_initable_new (GUICHET_TYPE_STORE, NULL, error, "path", path, NULL);
}

const char *
guichet_store_get_path (GuichetStore *self)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  return self->path;
}

int
guichet_store_get_schema_version (GuichetStore *self)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);

  return self->schema_version;
}

/* ------------------------------------------------------------------------ */
/* Transactions on the writer                                               */

/* Locks the writer and opens an IMMEDIATE transaction. */
gboolean
_guichet_store_write_begin (GuichetStore *self,
                            const char   *what,
                            GError      **error)
{
  /* Writing into a damaged file can only spread the damage. The check
   * started at open is given a moment: the first write only. */
  guichet_store_wait_check (self, 500 * 1000);
  if (!_guichet_store_check_sound (self, error))
    return FALSE;

  g_mutex_lock (&self->writer.lock);
  if (!_guichet_store_exec (self->writer.db, "BEGIN IMMEDIATE", what, error))
    {
      g_mutex_unlock (&self->writer.lock);
      return FALSE;
    }
  return TRUE;
}

/* Writes what commits appended to the write-ahead log back to the disk,
 * in a thread of its own. Left to the kernel, a sync's pages pile up (up
 * to a tenth of the memory) and go out in bursts; a door's fsync that
 * meets one waits for all of it: 36-38 ms p99 while a sync wrote 100,000
 * participants, against 5-8 ms with the log handed to the disk after each
 * commit (build-aux/bench-door), and 3-4 ms with it handed over a
 * WRITEBACK_CHUNK at a time while a door is at work. The database file is
 * written by checkpoints, whose sync goes the same way then
 * (guichet-store-vfs.c). */
static void
writeback_run (gpointer data,
               gpointer user_data)
{
#if HAVE_SYNC_FILE_RANGE
  GuichetStore *self = user_data;
  int           door_active = -1; /* looked at once a run, when needed */
  int           flush_fd = -1;    /* the beacon, while a door is active */

  /* A commit from now on asks again. */
  g_atomic_int_set (&self->writeback_queued, 0);
  if (self->writeback_fd < 0)
    {
      g_autofree char *path = g_strconcat (self->path, "-wal", NULL);

      self->writeback_fd = open (path, O_RDONLY | O_CLOEXEC);
      if (self->writeback_fd < 0)
        return; /* tried again after the next commit */
    }
  for (;;)
    {
      guint64 end;
      guint64 length;

      g_mutex_lock (&self->writeback_lock);
      end = self->writeback_end;
      g_mutex_unlock (&self->writeback_lock);

      /* The log started over after a checkpoint. (Had it grown past
       * where it was meanwhile, what this skips goes with the log's sync
       * before the next checkpoint.) */
      if (end < self->writeback_pushed)
        self->writeback_pushed = 0;
      if (self->writeback_pushed >= end)
        break;

      if (door_active < 0)
        {
          door_active = _guichet_store_door_active (self->door_beacon);
          if (door_active)
            flush_fd = open (self->door_beacon, O_RDONLY | O_CLOEXEC);
        }
      /* No door: the log goes to the disk as it comes. A door: a piece
       * at a time, so that its check-ins go first (guichet-store-vfs.c). */
      if (!door_active)
        {
          /* Only a hint: it does nothing on a file system without it. */
          sync_file_range (self->writeback_fd, (off64_t) self->writeback_pushed,
                           (off64_t) (end - self->writeback_pushed), SYNC_FILE_RANGE_WRITE);
          self->writeback_pushed = end;
          continue;
        }
      length = MIN (end - self->writeback_pushed, WRITEBACK_CHUNK);
      _guichet_store_write_back (self->writeback_fd, self->writeback_pushed,
                                 self->writeback_pushed + length, flush_fd);
      self->writeback_pushed += length;
      g_mutex_lock (&self->writeback_lock);
      self->writeback_total += length;
      g_mutex_unlock (&self->writeback_lock);
    }
  if (flush_fd >= 0)
    close (flush_fd);
#endif
}

/* Under writer.lock. */
static void
start_writeback (GuichetStore *self)
{
  if (self->writeback == NULL)
    self->writeback = g_thread_pool_new (writeback_run, self, 1, FALSE, NULL);
  if (g_atomic_int_compare_and_exchange (&self->writeback_queued, 0, 1))
    g_thread_pool_push (self->writeback, GINT_TO_POINTER (1), NULL);
}

/* Commits when @ok (else rolls back), then unlocks. Returns whether the
 * work reached the disk. */
gboolean
_guichet_store_write_end (GuichetStore *self,
                          gboolean      ok,
                          const char   *what,
                          GError      **error)
{
  if (ok && !_guichet_store_exec (self->writer.db, "COMMIT", what, error))
    ok = FALSE;
  if (ok)
    start_writeback (self);
  else
    _guichet_store_rollback (self->writer.db);
  g_mutex_unlock (&self->writer.lock);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Generic "replace the list" writes                                        */

/* In one transaction: runs @delete_sql (bound ?1, ?2 to @a, @b), then
 * @insert_sql once per item. */
gboolean
_guichet_store_replace_rows (GuichetStore       *self,
                             const char         *delete_sql,
                             const char         *insert_sql,
                             const char         *a,
                             const char         *b,
                             GPtrArray          *items,
                             GuichetStoreBindRow bind_row,
                             const char         *what,
                             GError            **error)
{
  sqlite3_stmt *del = NULL;
  sqlite3_stmt *ins = NULL;
  gboolean      ok = FALSE;

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  del = _guichet_store_prepare (self->writer.db, delete_sql, what, error);
  if (del == NULL)
    goto out;
  _guichet_store_bind_text (del, 1, a);
  if (b != NULL)
    _guichet_store_bind_text (del, 2, b);
  if (!_guichet_store_step (del, self->writer.db, what, error))
    goto out;

  ins = _guichet_store_prepare (self->writer.db, insert_sql, what, error);
  if (ins == NULL)
    goto out;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      _guichet_store_bind_text (ins, 1, a);
      if (b != NULL)
        _guichet_store_bind_text (ins, 2, b);
      if (!bind_row (ins, g_ptr_array_index (items, i), i))
        continue;
      if (!_guichet_store_step (ins, self->writer.db, what, error))
        goto out;
    }

  ok = TRUE;

out:
  sqlite3_finalize (del);
  sqlite3_finalize (ins);
  return _guichet_store_write_end (self, ok, what, error);
}

/* Runs a query on the bulk reader; binds up to two texts. */
GPtrArray *
_guichet_store_query_rows (GuichetStore       *self,
                           const char         *sql,
                           const char         *a,
                           const char         *b,
                           GuichetStoreRowFunc row_func,
                           const char         *what,
                           GError            **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_mutex_lock (&self->bulk.lock);
  stmt = _guichet_store_prepare (self->bulk.db, sql, what, error);
  if (stmt != NULL)
    {
      if (a != NULL)
        _guichet_store_bind_text (stmt, 1, a);
      if (b != NULL)
        _guichet_store_bind_text (stmt, 2, b);

      rows = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, row_func (stmt));
      if (rc != SQLITE_DONE)
        {
          _guichet_store_set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&rows);
}

/* Runs @stmt (already bound) in a durable transaction on the locked writer:
 * synchronous=FULL for this commit only. */
gboolean
_guichet_store_durable_step (GuichetStore *self,
                             sqlite3_stmt *stmt,
                             const char   *what,
                             GError      **error)
{
  sqlite3 *db = self->writer.db;
  gboolean ok;

  if (!_guichet_store_exec (db, "PRAGMA synchronous = FULL", what, error))
    {
      _guichet_store_reset (stmt);
      return FALSE;
    }

  ok = _guichet_store_exec (db, "BEGIN IMMEDIATE", what, error);
  if (ok)
    ok = _guichet_store_step (stmt, db, what, error);
  else
    _guichet_store_reset (stmt);
  if (ok)
    ok = _guichet_store_exec (db, "COMMIT", what, error);
  if (!ok)
    _guichet_store_rollback (db);

  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  return ok;
}
