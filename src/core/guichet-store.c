/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "guichet-account.h"
#include "guichet-check-in.h"
#include "guichet-discount.h"
#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-event-date.h"
#include "guichet-event.h"
#include "guichet-participant.h"
#include "guichet-store.h"
#include "guichet-store-private.h"
#include "guichet-ticket-category.h"
#include "guichet-voucher.h"

/* Statements cached per connection (prepared on first use). */
typedef enum
{
  STMT_STAGE_CLEAR,
  STMT_STAGE_INSERT,
  STMT_STAGE_INSERT_MANY,
  STMT_STAGE_CLEAR_BARCODES,
  STMT_STAGE_UPSERT,
  STMT_STAGE_ANSWERS,
  STMT_UPSERT_ANSWERS,
  STMT_SET_CURSOR,
  STMT_GET_CURSOR,
  STMT_GET_RUN_GENERATION,
  STMT_APPEND_CHECK_IN,
  STMT_FIND_BY_BARCODE,
  STMT_FIND_BY_ROWID,
  STMT_FIND_BY_ID,
  STMT_FIND_ADMISSION,
  N_STMTS
} StmtId;

#define PARTICIPANT_COLUMNS \
  "p.rowid, p.id, p.event_id, p.date_id, p.barcode, p.first_name, p.last_name," \
  " p.email, p.ticket_type_id, p.ticket_type_name, p.status, p.checked_in," \
  " p.checked_in_at, p.order_id, p.updated_at, a.answers_json" \
  " FROM participants p LEFT JOIN answers a ON a.account_id = p.account_id" \
  " AND a.event_id = p.event_id AND a.participant_id = p.id"

#define CHECK_IN_COLUMNS \
  "c.id, c.account_id, c.event_id, c.date_id, c.code, c.participant_id, c.time," \
  " c.desk, c.direction, c.verdict, c.reason," \
  " EXISTS (SELECT 1 FROM check_in_sync s WHERE s.check_in_id = c.id)," \
  " EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)" \
  " FROM check_ins c"

#define STAGE_COLUMNS 15
#define STAGE_ROWS 32
#define STAGE_VALUES_1 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define STAGE_VALUES_4 STAGE_VALUES_1 "," STAGE_VALUES_1 "," STAGE_VALUES_1 "," STAGE_VALUES_1
#define STAGE_VALUES_16 STAGE_VALUES_4 "," STAGE_VALUES_4 "," STAGE_VALUES_4 "," STAGE_VALUES_4
#define STAGE_VALUES_32 STAGE_VALUES_16 "," STAGE_VALUES_16

static const char * const stmt_sql[N_STMTS] = {
  /* A page goes through the writer's temporary table participant_stage
   * (see STAGE_SQL), then into participants with a few set-wide statements:
   * a statement per row would make FTS5 flush its pending terms at every
   * statement (one tiny segment per row, then merges). */
  [STMT_STAGE_CLEAR] =
    "DELETE FROM temp.participant_stage",
  [STMT_STAGE_INSERT] =
    "INSERT INTO temp.participant_stage (id, date_id, barcode, first_name,"
    " last_name, email, ticket_type_id, ticket_type_name, status, checked_in,"
    " checked_in_at, order_id, updated_at, sort_key, answers_json)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
  /* The newer write wins a barcode: the other holder loses it. Barcodes
   * are unique within the stage (the page's last claim wins). CROSS JOIN:
   * the stage drives, participants are searched by barcode. */
  /* STAGE_ROWS rows a statement: each statement has a fixed cost (its
   * savepoint, its halt) well above a row's. */
  [STMT_STAGE_INSERT_MANY] =
    "INSERT INTO temp.participant_stage (id, date_id, barcode, first_name,"
    " last_name, email, ticket_type_id, ticket_type_name, status, checked_in,"
    " checked_in_at, order_id, updated_at, sort_key, answers_json)"
    " VALUES " STAGE_VALUES_32,
  [STMT_STAGE_CLEAR_BARCODES] =
    "UPDATE participants SET barcode = '' WHERE rowid IN ("
    " SELECT p.rowid FROM temp.participant_stage s CROSS JOIN participants p"
    " ON p.account_id = ?1 AND p.event_id = ?2 AND p.barcode = s.barcode"
    " WHERE s.barcode <> '' AND p.barcode <> '' AND p.id <> s.id)",
  [STMT_STAGE_UPSERT] =
    "INSERT INTO participants (account_id, event_id, id, date_id, barcode,"
    " first_name, last_name, email, ticket_type_id, ticket_type_name, status,"
    " checked_in, checked_in_at, order_id, updated_at, generation, sort_key)"
    " SELECT ?1, ?2, id, date_id, barcode, first_name, last_name, email,"
    " ticket_type_id, ticket_type_name, status, checked_in, checked_in_at,"
    " order_id, updated_at, ?3, sort_key"
    " FROM temp.participant_stage WHERE true ORDER BY seq"
    " ON CONFLICT (account_id, event_id, id) DO UPDATE SET"
    " date_id = excluded.date_id, barcode = excluded.barcode,"
    " first_name = excluded.first_name, last_name = excluded.last_name,"
    " email = excluded.email, ticket_type_id = excluded.ticket_type_id,"
    " ticket_type_name = excluded.ticket_type_name, status = excluded.status,"
    " checked_in = excluded.checked_in, checked_in_at = excluded.checked_in_at,"
    " order_id = excluded.order_id, updated_at = excluded.updated_at,"
    " generation = excluded.generation, sort_key = excluded.sort_key",
  [STMT_STAGE_ANSWERS] =
    "INSERT INTO answers (account_id, event_id, participant_id, answers_json)"
    " SELECT ?1, ?2, id, answers_json FROM temp.participant_stage"
    " WHERE answers_json IS NOT NULL AND answers_json <> '' ORDER BY seq"
    " ON CONFLICT (account_id, event_id, participant_id)"
    " DO UPDATE SET answers_json = excluded.answers_json",
  [STMT_UPSERT_ANSWERS] =
    "INSERT INTO answers (account_id, event_id, participant_id, answers_json)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, event_id, participant_id)"
    " DO UPDATE SET answers_json = excluded.answers_json",
  [STMT_SET_CURSOR] =
    "INSERT INTO sync_cursors (account_id, event_id, cursor, run_generation)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, event_id) DO UPDATE SET"
    " cursor = excluded.cursor, run_generation = excluded.run_generation",
  [STMT_GET_CURSOR] =
    "SELECT cursor FROM sync_cursors WHERE account_id = ?1 AND event_id = ?2",
  [STMT_GET_RUN_GENERATION] =
    "SELECT run_generation FROM sync_cursors WHERE account_id = ?1 AND event_id = ?2",
  [STMT_APPEND_CHECK_IN] =
    "INSERT INTO check_ins (account_id, event_id, date_id, code, participant_id,"
    " time, desk, direction, verdict, reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_FIND_BY_BARCODE] =
    "SELECT " PARTICIPANT_COLUMNS
    " WHERE p.account_id = ?1 AND p.event_id = ?2 AND p.barcode = ?3 AND p.barcode <> ''",
  [STMT_FIND_BY_ROWID] =
    "SELECT " PARTICIPANT_COLUMNS " WHERE p.rowid = ?1",
  [STMT_FIND_BY_ID] =
    "SELECT " PARTICIPANT_COLUMNS
    " WHERE p.account_id = ?1 AND p.event_id = ?2 AND p.id = ?3",
  /* The last admission not undone, unless a later exit (not undone) follows it. */
  [STMT_FIND_ADMISSION] =
    "SELECT " CHECK_IN_COLUMNS
    " WHERE c.account_id = ?1 AND c.event_id = ?2 AND c.code = ?3"
    " AND c.verdict = ?4 AND c.direction = ?5"
    " AND NOT EXISTS (SELECT 1 FROM check_in_undos u WHERE u.check_in_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM check_ins o WHERE o.account_id = c.account_id"
    "   AND o.event_id = c.event_id AND o.code = c.code AND o.id > c.id"
    "   AND o.verdict = ?4 AND o.direction = ?6"
    "   AND NOT EXISTS (SELECT 1 FROM check_in_undos u2 WHERE u2.check_in_id = o.id))"
    " ORDER BY c.id DESC LIMIT 1",
};

typedef struct
{
  GMutex        lock;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
} Conn;

struct _GuichetStore
{
  GObject  parent_instance;

  char    *path;
  int      schema_version;

  Conn     writer;  /* every write */
  Conn     reader;  /* quick lookups (the door) */
  Conn     bulk;    /* lists and searches, so they never hold up a lookup */
};

static void guichet_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GuichetStore, guichet_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      guichet_store_initable_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Small SQLite helpers                                                     */

static void
set_db_error (GError     **error,
              sqlite3     *db,
              const char  *what)
{
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
               /* Translators: "Could not save the participants: disk I/O error" */
               _("%s: %s"), what, db != NULL ? sqlite3_errmsg (db) : _("no database"));
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, what);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *
conn_stmt (Conn        *conn,
           StmtId       id,
           const char  *what,
           GError     **error)
{
  g_assert (id < N_STMTS);

  if (conn->stmts[id] == NULL &&
      sqlite3_prepare_v3 (conn->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &conn->stmts[id], NULL) != SQLITE_OK)
    {
      set_db_error (error, conn->db, what);
      conn->stmts[id] = NULL;
      return NULL;
    }

  return conn->stmts[id];
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *what,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, what);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static void
stmt_done (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

/* Strings are bound SQLITE_STATIC: every statement is stepped and reset
 * while the caller's strings are alive. */
static inline void
bind_text (sqlite3_stmt *stmt,
           int           idx,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_STATIC);
}

static inline const char *
col_text (sqlite3_stmt *stmt,
          int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

/* Runs a statement that returns no row. */
static gboolean
step_done (sqlite3_stmt  *stmt,
           sqlite3       *db,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (error, db, what);
      stmt_done (stmt);
      return FALSE;
    }
  stmt_done (stmt);
  return TRUE;
}

static char *
join_lines (const char * const *strv)
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

#define MAX_PROPS 24

typedef struct
{
  GType         type;
  GObjectClass *klass;
  guint         n;
  const char   *names[MAX_PROPS];
  GValue        values[MAX_PROPS];
} Props;

static void
props_init (Props *props,
            GType  type)
{
  memset (props, 0, sizeof *props);
  props->type = type;
  props->klass = g_type_class_ref (type);
}

static GValue *
props_add (Props      *props,
           const char *name)
{
  GParamSpec *pspec;

  g_assert (props->n < MAX_PROPS);

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
props_drop_last (Props *props)
{
  props->n--;
  g_debug ("%s.%s has an unexpected type", g_type_name (props->type), props->names[props->n]);
  g_value_unset (&props->values[props->n]);
}

static void
props_string (Props      *props,
              const char *name,
              const char *value)
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
props_number (Props      *props,
              const char *name,
              gint64      i,
              double      d,
              gboolean    is_double)
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
    case G_TYPE_INT: g_value_set_int (v, (int) i); break;
    case G_TYPE_UINT: g_value_set_uint (v, (guint) i); break;
    case G_TYPE_LONG: g_value_set_long (v, (long) i); break;
    case G_TYPE_ULONG: g_value_set_ulong (v, (gulong) i); break;
    case G_TYPE_INT64: g_value_set_int64 (v, i); break;
    case G_TYPE_UINT64: g_value_set_uint64 (v, (guint64) i); break;
    case G_TYPE_BOOLEAN: g_value_set_boolean (v, is_double ? d != 0.0 : i != 0); break;
    case G_TYPE_ENUM: g_value_set_enum (v, (int) i); break;
    case G_TYPE_FLAGS: g_value_set_flags (v, (guint) i); break;
    case G_TYPE_DOUBLE: g_value_set_double (v, d); break;
    case G_TYPE_FLOAT: g_value_set_float (v, (float) d); break;
    default: props_drop_last (props); break;
    }
}

static void
props_int (Props      *props,
           const char *name,
           gint64      value)
{
  props_number (props, name, value, 0.0, FALSE);
}

static void
props_double (Props      *props,
              const char *name,
              double      value)
{
  props_number (props, name, 0, value, TRUE);
}

static void
props_strv (Props      *props,
            const char *name,
            const char *lines)
{
  GValue *v = props_add (props, name);

  if (v == NULL)
    return;
  if (G_VALUE_HOLDS (v, G_TYPE_STRV))
    g_value_take_boxed (v, split_lines (lines));
  else
    props_drop_last (props);
}

static gpointer
props_build (Props *props)
{
  GObject *object;

  object = g_object_new_with_properties (props->type, props->n, props->names, props->values);
  for (guint i = 0; i < props->n; i++)
    g_value_unset (&props->values[i]);
  g_type_class_unref (props->klass);
  props->klass = NULL;
  return object;
}

static void
set_int_property (gpointer    object,
                  const char *name,
                  gint64      value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  g_auto(GValue) v = G_VALUE_INIT;

  if (pspec == NULL)
    {
      g_debug ("%s has no property “%s”", G_OBJECT_TYPE_NAME (object), name);
      return;
    }
  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, value);
  g_object_set_property (object, name, &v);
}

static void
set_string_property (gpointer    object,
                     const char *name,
                     const char *value)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) == NULL)
    {
      g_debug ("%s has no property “%s”", G_OBJECT_TYPE_NAME (object), name);
      return;
    }
  g_object_set (object, name, value, NULL);
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

static const char *
category_kind_to_string (GuichetCategoryKind kind)
{
  return kind == GUICHET_CATEGORY_KIND_CATEGORY ? "category" : "ticket";
}

static GuichetCategoryKind
category_kind_from_string (const char *str)
{
  return g_strcmp0 (str, "category") == 0 ? GUICHET_CATEGORY_KIND_CATEGORY
                                          : GUICHET_CATEGORY_KIND_TICKET;
}

static const char *
discount_kind_to_string (GuichetDiscountKind kind)
{
  return kind == GUICHET_DISCOUNT_KIND_PERCENTAGE ? "percentage" : "amount";
}

static GuichetDiscountKind
discount_kind_from_string (const char *str)
{
  return g_strcmp0 (str, "percentage") == 0 ? GUICHET_DISCOUNT_KIND_PERCENTAGE
                                            : GUICHET_DISCOUNT_KIND_AMOUNT;
}

/* ------------------------------------------------------------------------ */
/* Names: a sort key and a safe full-text query                             */

/* Lower case, accents dropped, compatibility forms folded. */
static void
append_folded (GString    *out,
               const char *text)
{
  g_autofree char *norm = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) bare = NULL;

  const char *p;

  if (text == NULL || *text == '\0')
    return;

  /* Plain ASCII (most names): NFKD changes nothing, folding is tolower. */
  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    {
      for (p = text; *p != '\0'; p++)
        g_string_append_c (out, g_ascii_tolower (*p));
      return;
    }

  norm = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (norm == NULL)
    return;

  bare = g_string_sized_new (strlen (norm));
  for (p = norm; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
          break;
        default:
          g_string_append_unichar (bare, c);
        }
    }

  folded = g_utf8_casefold (bare->str, bare->len);
  g_string_append (out, folded);
}

static char *
make_sort_key (const char *last_name,
               const char *first_name)
{
  GString *key = g_string_new (NULL);

  append_folded (key, last_name);
  g_string_append_c (key, '\x01');
  append_folded (key, first_name);
  return g_string_free (key, FALSE);
}

/* Every word of the user's text as a quoted prefix term: "word"*. Only
 * letters, digits and marks survive, so no input can be an FTS5 syntax
 * error (quotes, AND, NEAR, *, -, ^, parentheses...). NULL if no word. */
static char *
make_fts_query (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean in_word = FALSE;

      if (c != 0)
        {
          switch (g_unichar_type (c))
            {
            case G_UNICODE_NON_SPACING_MARK:
            case G_UNICODE_SPACING_MARK:
            case G_UNICODE_ENCLOSING_MARK:
              in_word = TRUE;
              break;
            default:
              in_word = g_unichar_isalnum (c);
            }
        }

      if (in_word)
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
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

static gboolean
open_connection (const char  *path,
                 int          flags,
                 sqlite3    **db_out,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_FULLMUTEX, NULL);
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

  if (!exec_sql (db,
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
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (GuichetStore  *self,
         GError       **error)
{
  sqlite3 *db = self->writer.db;
  const char * const *migrations;
  guint n_migrations;

  migrations = _guichet_store_get_migrations (&n_migrations);

  for (;;)
    {
      g_autofree char *set_version = NULL;
      int version;

      /* IMMEDIATE: two processes opening at once never both migrate. */
      if (!exec_sql (db, "BEGIN IMMEDIATE", _("Could not update the database"), error))
        return FALSE;

      version = read_user_version (db);
      if (version < 0)
        {
          set_db_error (error, db, _("Could not read the database version"));
          rollback (db);
          return FALSE;
        }

      if ((guint) version >= n_migrations)
        {
          rollback (db);
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
      if (!exec_sql (db, migrations[version], _("Could not update the database"), error) ||
          !exec_sql (db, set_version, _("Could not update the database"), error) ||
          !exec_sql (db, "COMMIT", _("Could not update the database"), error))
        {
          rollback (db);
          return FALSE;
        }
    }
}

static gboolean
guichet_store_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  GuichetStore *self = GUICHET_STORE (initable);
  g_autofree char *dir = NULL;
  gboolean existed;

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

  if (!open_connection (self->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        &self->writer.db, error))
    return FALSE;

  /* Only the user reads their box office (the -wal and -shm files follow). */
  if (!existed)
    g_chmod (self->path, 0600);

  if (!exec_sql (self->writer.db, "PRAGMA journal_mode = WAL",
                 _("Could not set up the database"), error))
    return FALSE;

  if (!migrate (self, error))
    return FALSE;

  /* Participant pages are staged here, in memory, on the writer only. */
  if (!exec_sql (self->writer.db,
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
                 "  answers_json      TEXT"
                 ");"
                 /* Bulk pages touch indexes all over the file: keep them in
                  * memory (16 MiB) rather than read them back from the OS. */
                 "PRAGMA cache_size = -16384;"
                 "PRAGMA wal_autocheckpoint = 8192;",
                 _("Could not set up the database"), error))
    return FALSE;

  if (!open_connection (self->path, SQLITE_OPEN_READWRITE, &self->reader.db, error) ||
      !open_connection (self->path, SQLITE_OPEN_READWRITE, &self->bulk.db, error))
    return FALSE;

  /* The readers never write. */
  sqlite3_exec (self->reader.db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  sqlite3_exec (self->bulk.db, "PRAGMA query_only = ON", NULL, NULL, NULL);

  return TRUE;
}

static void
guichet_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = guichet_store_initable_init;
}

static void
conn_close (Conn *conn)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&conn->stmts[i], sqlite3_finalize);
  g_clear_pointer (&conn->db, sqlite3_close_v2);
  g_mutex_clear (&conn->lock);
}

static void
guichet_store_finalize (GObject *object)
{
  GuichetStore *self = (GuichetStore *)object;

  conn_close (&self->bulk);
  conn_close (&self->reader);
  conn_close (&self->writer);
  g_clear_pointer (&self->path, g_free);

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
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_store_init (GuichetStore *self)
{
  g_mutex_init (&self->writer.lock);
  g_mutex_init (&self->reader.lock);
  g_mutex_init (&self->bulk.lock);
}

GuichetStore *
guichet_store_new (const char  *path,
                   GError     **error)
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
static gboolean
write_begin (GuichetStore  *self,
             const char    *what,
             GError       **error)
{
  g_mutex_lock (&self->writer.lock);
  if (!exec_sql (self->writer.db, "BEGIN IMMEDIATE", what, error))
    {
      g_mutex_unlock (&self->writer.lock);
      return FALSE;
    }
  return TRUE;
}

/* Commits when @ok (else rolls back), then unlocks. Returns whether the
 * work reached the disk. */
static gboolean
write_end (GuichetStore  *self,
           gboolean       ok,
           const char    *what,
           GError       **error)
{
  if (ok && !exec_sql (self->writer.db, "COMMIT", what, error))
    ok = FALSE;
  if (!ok)
    rollback (self->writer.db);
  g_mutex_unlock (&self->writer.lock);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                 */

gboolean
guichet_store_save_account (GuichetStore    *self,
                            GuichetAccount  *account,
                            GError         **error)
{
  const char *what = _("Could not save the account");
  g_autofree char *new_id = NULL;
  const char *id;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), FALSE);

  id = guichet_account_get_id (account);
  if (id == NULL || *id == '\0')
    {
      new_id = guichet_account_generate_id ();
      set_string_property (account, "id", new_id);
      id = new_id;
    }

  if (guichet_account_get_name (account) == NULL || guichet_account_get_provider (account) == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("An account needs a name and a provider"));
      return FALSE;
    }

  if (!write_begin (self, what, error))
    return FALSE;

  stmt = prepare (self->writer.db,
                  "INSERT INTO accounts (id, provider, name, base_url, username, email)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
                  " provider = excluded.provider, name = excluded.name,"
                  " base_url = excluded.base_url, username = excluded.username,"
                  " email = excluded.email",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, guichet_account_get_provider (account));
      bind_text (stmt, 3, guichet_account_get_name (account));
      bind_text (stmt, 4, guichet_account_get_base_url (account));
      bind_text (stmt, 5, guichet_account_get_username (account));
      bind_text (stmt, 6, guichet_account_get_email (account));

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                     _("Could not save the account: an account named “%s” already exists"),
                     guichet_account_get_name (account));
      else
        set_db_error (error, self->writer.db, what);
      sqlite3_finalize (stmt);
    }

  return write_end (self, ok, what, error);
}

static GuichetAccount *
account_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_ACCOUNT);
  props_string (&props, "id", col_text (stmt, 0));
  props_string (&props, "provider", col_text (stmt, 1));
  props_string (&props, "name", col_text (stmt, 2));
  props_string (&props, "base-url", col_text (stmt, 3));
  props_string (&props, "username", col_text (stmt, 4));
  props_string (&props, "email", col_text (stmt, 5));
  return props_build (&props);
}

#define ACCOUNT_COLUMNS "id, provider, name, base_url, username, email FROM accounts"

GPtrArray *
guichet_store_list_accounts (GuichetStore  *self,
                             GError       **error)
{
  const char *what = _("Could not read the accounts");
  g_autoptr(GPtrArray) accounts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare (self->bulk.db, "SELECT " ACCOUNT_COLUMNS " ORDER BY name COLLATE NOCASE",
                  what, error);
  if (stmt != NULL)
    {
      accounts = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (accounts, account_from_row (stmt));
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&accounts, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&accounts);
}

GuichetAccount *
guichet_store_find_account (GuichetStore  *self,
                            const char    *id_or_name,
                            GError       **error)
{
  const char *what = _("Could not read the accounts");
  GuichetAccount *account = NULL;
  sqlite3_stmt *stmt;
  gboolean failed = FALSE;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = prepare (self->reader.db,
                  "SELECT " ACCOUNT_COLUMNS " WHERE id = ?1 OR name = ?1"
                  " ORDER BY id = ?1 DESC LIMIT 1",
                  what, error);
  if (stmt == NULL)
    failed = TRUE;
  else
    {
      bind_text (stmt, 1, id_or_name);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        account = account_from_row (stmt);
      else if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->reader.db, what);
          failed = TRUE;
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  if (account == NULL && !failed)
    g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT,
                 _("There is no account named “%s”"), id_or_name);

  return account;
}

gboolean
guichet_store_delete_account (GuichetStore  *self,
                              const char    *account_id,
                              GError       **error)
{
  static const char * const tables[] = {
    "accounts", "events", "dates", "categories", "participants", "answers",
    "sync_cursors", "outbox", "discounts", "vouchers",
  };
  const char *what = _("Could not remove the account");
  gboolean ok = TRUE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!write_begin (self, what, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", tables[i],
                                              i == 0 ? "id" : "account_id");
      sqlite3_stmt *stmt = prepare (self->writer.db, sql, what, error);

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      bind_text (stmt, 1, account_id);
      ok = step_done (stmt, self->writer.db, what, error);
      sqlite3_finalize (stmt);
    }

  return write_end (self, ok, what, error);
}

/* ------------------------------------------------------------------------ */
/* Generic "replace the list" writes                                        */

typedef gboolean (*BindRowFunc) (sqlite3_stmt *stmt,
                                 gpointer      item,
                                 guint         position);

/* In one transaction: runs @delete_sql (bound ?1, ?2 to @a, @b), then
 * @insert_sql once per item. */
static gboolean
replace_rows (GuichetStore  *self,
              const char    *delete_sql,
              const char    *insert_sql,
              const char    *a,
              const char    *b,
              GPtrArray     *items,
              BindRowFunc    bind_row,
              const char    *what,
              GError       **error)
{
  sqlite3_stmt *del = NULL;
  sqlite3_stmt *ins = NULL;
  gboolean ok = FALSE;

  if (!write_begin (self, what, error))
    return FALSE;

  del = prepare (self->writer.db, delete_sql, what, error);
  if (del == NULL)
    goto out;
  bind_text (del, 1, a);
  if (b != NULL)
    bind_text (del, 2, b);
  if (!step_done (del, self->writer.db, what, error))
    goto out;

  ins = prepare (self->writer.db, insert_sql, what, error);
  if (ins == NULL)
    goto out;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      bind_text (ins, 1, a);
      if (b != NULL)
        bind_text (ins, 2, b);
      if (!bind_row (ins, g_ptr_array_index (items, i), i))
        continue;
      if (!step_done (ins, self->writer.db, what, error))
        goto out;
    }

  ok = TRUE;

out:
  sqlite3_finalize (del);
  sqlite3_finalize (ins);
  return write_end (self, ok, what, error);
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

/* Runs a query on the bulk reader; binds up to two texts. */
static GPtrArray *
query_rows (GuichetStore  *self,
            const char    *sql,
            const char    *a,
            const char    *b,
            RowFunc        row_func,
            const char    *what,
            GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare (self->bulk.db, sql, what, error);
  if (stmt != NULL)
    {
      if (a != NULL)
        bind_text (stmt, 1, a);
      if (b != NULL)
        bind_text (stmt, 2, b);

      rows = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, row_func (stmt));
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */

static gboolean
bind_event (sqlite3_stmt *stmt,
            gpointer      item,
            guint         position)
{
  GuichetEvent *event = item;

  if (guichet_event_get_id (event) == NULL)
    return FALSE;

  bind_text (stmt, 2, guichet_event_get_id (event));
  bind_text (stmt, 3, guichet_event_get_name (event));
  bind_text (stmt, 4, guichet_event_get_start (event));
  bind_text (stmt, 5, guichet_event_get_end (event));
  bind_text (stmt, 6, guichet_event_get_venue (event));
  bind_text (stmt, 7, guichet_event_get_status (event));
  sqlite3_bind_int (stmt, 8, guichet_event_get_multiple_dates (event));
  sqlite3_bind_int64 (stmt, 9, guichet_event_get_participant_count (event));
  bind_text (stmt, 10, guichet_event_get_currency (event));
  sqlite3_bind_int (stmt, 11, (int) position);
  return TRUE;
}

static gpointer
event_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_EVENT);
  props_string (&props, "account-id", col_text (stmt, 0));
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "name", col_text (stmt, 2));
  props_string (&props, "start", col_text (stmt, 3));
  props_string (&props, "end", col_text (stmt, 4));
  props_string (&props, "venue", col_text (stmt, 5));
  props_string (&props, "status", col_text (stmt, 6));
  props_int (&props, "multiple-dates", sqlite3_column_int (stmt, 7));
  props_int (&props, "participant-count", sqlite3_column_int64 (stmt, 8));
  props_string (&props, "currency", col_text (stmt, 9));
  return props_build (&props);
}

#define EVENT_COLUMNS \
  "account_id, id, name, start, \"end\", venue, status, multiple_dates," \
  " participant_count, currency FROM events"

gboolean
guichet_store_save_events (GuichetStore  *self,
                           const char    *account_id,
                           GPtrArray     *events,
                           GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return replace_rows (self,
                       "DELETE FROM events WHERE account_id = ?1",
                       "INSERT OR REPLACE INTO events (account_id, id, name, start, \"end\", venue,"
                       " status, multiple_dates, participant_count, currency, position)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                       account_id, NULL, events, bind_event,
                       _("Could not save the events"), error);
}

GPtrArray *
guichet_store_list_events (GuichetStore  *self,
                           const char    *account_id,
                           GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  if (account_id == NULL)
    return query_rows (self,
                       "SELECT " EVENT_COLUMNS " ORDER BY start IS NULL, start, name, account_id, id",
                       NULL, NULL, event_from_row, _("Could not read the events"), error);

  return query_rows (self,
                     "SELECT " EVENT_COLUMNS " WHERE account_id = ?1"
                     " ORDER BY start IS NULL, start, name, id",
                     account_id, NULL, event_from_row, _("Could not read the events"), error);
}

GuichetEvent *
guichet_store_find_event (GuichetStore  *self,
                          const char    *account_id,
                          const char    *event_id,
                          GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  rows = query_rows (self, "SELECT " EVENT_COLUMNS " WHERE account_id = ?1 AND id = ?2",
                     account_id, event_id, event_from_row,
                     _("Could not read the events"), error);
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (rows, 0));
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */

static gboolean
bind_date (sqlite3_stmt *stmt,
           gpointer      item,
           guint         position)
{
  GuichetEventDate *date = item;
  g_autofree char *ticket_ids = NULL;

  if (guichet_event_date_get_id (date) == NULL)
    return FALSE;

  ticket_ids = join_lines (guichet_event_date_get_ticket_ids (date));
  bind_text (stmt, 3, guichet_event_date_get_id (date));
  bind_text (stmt, 4, guichet_event_date_get_start (date));
  bind_text (stmt, 5, guichet_event_date_get_end (date));
  if (ticket_ids != NULL)
    sqlite3_bind_text (stmt, 6, ticket_ids, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int (stmt, 7, (int) position);
  return TRUE;
}

static gpointer
date_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_EVENT_DATE);
  props_string (&props, "event-id", col_text (stmt, 0));
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "start", col_text (stmt, 2));
  props_string (&props, "end", col_text (stmt, 3));
  props_strv (&props, "ticket-ids", col_text (stmt, 4));
  return props_build (&props);
}

gboolean
guichet_store_save_dates (GuichetStore  *self,
                          const char    *account_id,
                          const char    *event_id,
                          GPtrArray     *dates,
                          GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  return replace_rows (self,
                       "DELETE FROM dates WHERE account_id = ?1 AND event_id = ?2",
                       "INSERT OR REPLACE INTO dates (account_id, event_id, id, start, \"end\","
                       " ticket_ids, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       account_id, event_id, dates, bind_date,
                       _("Could not save the event dates"), error);
}

GPtrArray *
guichet_store_list_dates (GuichetStore  *self,
                          const char    *account_id,
                          const char    *event_id,
                          GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return query_rows (self,
                     "SELECT event_id, id, start, \"end\", ticket_ids FROM dates"
                     " WHERE account_id = ?1 AND event_id = ?2 ORDER BY position, start, id",
                     account_id, event_id, date_from_row,
                     _("Could not read the event dates"), error);
}

/* ------------------------------------------------------------------------ */
/* Categories (a tree, stored flat in pre-order)                            */

static gboolean
insert_category_tree (sqlite3                *db,
                      sqlite3_stmt           *stmt,
                      const char             *account_id,
                      const char             *event_id,
                      GuichetTicketCategory  *node,
                      const char             *parent_id,
                      guint                  *position,
                      const char             *what,
                      GError                **error)
{
  GListModel *children;
  const char *id = guichet_ticket_category_get_id (node);

  if (id == NULL)
    return TRUE;

  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, event_id);
  bind_text (stmt, 3, id);
  bind_text (stmt, 4, parent_id);
  bind_text (stmt, 5, category_kind_to_string (guichet_ticket_category_get_kind (node)));
  bind_text (stmt, 6, guichet_ticket_category_get_name (node));
  sqlite3_bind_double (stmt, 7, guichet_ticket_category_get_price (node));
  bind_text (stmt, 8, guichet_ticket_category_get_currency (node));
  sqlite3_bind_int64 (stmt, 9, guichet_ticket_category_get_quota (node));
  sqlite3_bind_int64 (stmt, 10, guichet_ticket_category_get_sold (node));
  sqlite3_bind_int64 (stmt, 11, guichet_ticket_category_get_checked_in (node));
  bind_text (stmt, 12, guichet_ticket_category_get_sale_start (node));
  bind_text (stmt, 13, guichet_ticket_category_get_sale_end (node));
  sqlite3_bind_int (stmt, 14, (int) (*position)++);
  if (!step_done (stmt, db, what, error))
    return FALSE;

  children = guichet_ticket_category_get_children (node);
  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(GuichetTicketCategory) child = g_list_model_get_item (children, i);

      if (!insert_category_tree (db, stmt, account_id, event_id, child, id,
                                 position, what, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
guichet_store_save_categories (GuichetStore  *self,
                               const char    *account_id,
                               const char    *event_id,
                               GPtrArray     *roots,
                               GError       **error)
{
  const char *what = _("Could not save the ticket categories");
  sqlite3_stmt *del = NULL;
  sqlite3_stmt *ins = NULL;
  guint position = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!write_begin (self, what, error))
    return FALSE;

  del = prepare (self->writer.db,
                 "DELETE FROM categories WHERE account_id = ?1 AND event_id = ?2",
                 what, error);
  if (del == NULL)
    goto out;
  bind_text (del, 1, account_id);
  bind_text (del, 2, event_id);
  if (!step_done (del, self->writer.db, what, error))
    goto out;

  ins = prepare (self->writer.db,
                 "INSERT OR REPLACE INTO categories (account_id, event_id, id, parent_id, kind,"
                 " name, price, currency, quota, sold, checked_in, sale_start, sale_end,"
                 " position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                 " ?13, ?14)",
                 what, error);
  if (ins == NULL)
    goto out;

  for (guint i = 0; roots != NULL && i < roots->len; i++)
    if (!insert_category_tree (self->writer.db, ins, account_id, event_id,
                               g_ptr_array_index (roots, i), NULL, &position, what, error))
      goto out;

  ok = TRUE;

out:
  sqlite3_finalize (del);
  sqlite3_finalize (ins);
  return write_end (self, ok, what, error);
}

static gpointer
category_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_TICKET_CATEGORY);
  props_string (&props, "event-id", col_text (stmt, 0));
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "parent-id", col_text (stmt, 2));
  props_int (&props, "kind", category_kind_from_string (col_text (stmt, 3)));
  props_string (&props, "name", col_text (stmt, 4));
  props_double (&props, "price", sqlite3_column_double (stmt, 5));
  props_string (&props, "currency", col_text (stmt, 6));
  props_int (&props, "quota", sqlite3_column_int64 (stmt, 7));
  props_int (&props, "sold", sqlite3_column_int64 (stmt, 8));
  props_int (&props, "checked-in", sqlite3_column_int64 (stmt, 9));
  props_string (&props, "sale-start", col_text (stmt, 10));
  props_string (&props, "sale-end", col_text (stmt, 11));
  return props_build (&props);
}

GPtrArray *
guichet_store_list_categories (GuichetStore  *self,
                               const char    *account_id,
                               const char    *event_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) flat = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *roots;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  flat = query_rows (self,
                     "SELECT event_id, id, parent_id, kind, name, price, currency, quota,"
                     " sold, checked_in, sale_start, sale_end FROM categories"
                     " WHERE account_id = ?1 AND event_id = ?2 ORDER BY position",
                     account_id, event_id, category_from_row,
                     _("Could not read the ticket categories"), error);
  if (flat == NULL)
    return NULL;

  /* Pre-order: a parent always comes before its children. */
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  roots = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < flat->len; i++)
    {
      GuichetTicketCategory *node = g_ptr_array_index (flat, i);
      const char *parent_id = guichet_ticket_category_get_parent_id (node);
      GuichetTicketCategory *parent = NULL;

      if (parent_id != NULL)
        parent = g_hash_table_lookup (by_id, parent_id);
      if (parent != NULL)
        guichet_ticket_category_append_child (parent, node);
      else
        g_ptr_array_add (roots, g_object_ref (node));

      g_hash_table_insert (by_id, (gpointer) guichet_ticket_category_get_id (node), node);
    }

  return roots;
}

/* ------------------------------------------------------------------------ */
/* Participants                                                             */

static GuichetParticipant *
participant_from_row (sqlite3_stmt *stmt)
{
  Props props;

  /* Column 0 is the rowid. */
  props_init (&props, GUICHET_TYPE_PARTICIPANT);
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "event-id", col_text (stmt, 2));
  props_string (&props, "date-id", col_text (stmt, 3));
  props_string (&props, "barcode", col_text (stmt, 4));
  props_string (&props, "first-name", col_text (stmt, 5));
  props_string (&props, "last-name", col_text (stmt, 6));
  props_string (&props, "email", col_text (stmt, 7));
  props_string (&props, "ticket-type-id", col_text (stmt, 8));
  props_string (&props, "ticket-type-name", col_text (stmt, 9));
  props_int (&props, "status", guichet_participant_status_from_string (col_text (stmt, 10)));
  props_int (&props, "checked-in", sqlite3_column_int (stmt, 11));
  props_string (&props, "checked-in-at", col_text (stmt, 12));
  props_string (&props, "order-id", col_text (stmt, 13));
  props_string (&props, "updated-at", col_text (stmt, 14));
  props_string (&props, "answers", col_text (stmt, 15));
  return props_build (&props);
}

static gpointer
participant_row_func (sqlite3_stmt *stmt)
{
  return participant_from_row (stmt);
}

/* Binds one participant's stage row at parameters @base + 1 ...
 * @base + STAGE_COLUMNS. @barcode: its barcode, or "" when a later row of
 * the page claims the same one. @sort_key must live until the step. */
static void
bind_stage_row (sqlite3_stmt       *stage,
                int                 base,
                GuichetParticipant *participant,
                const char         *barcode,
                const char         *sort_key)
{
  bind_text (stage, base + 1, guichet_participant_get_id (participant));
  bind_text (stage, base + 2, guichet_participant_get_date_id (participant));
  bind_text (stage, base + 3, barcode);
  bind_text (stage, base + 4, guichet_participant_get_first_name (participant));
  bind_text (stage, base + 5, guichet_participant_get_last_name (participant));
  bind_text (stage, base + 6, guichet_participant_get_email (participant));
  bind_text (stage, base + 7, guichet_participant_get_ticket_type_id (participant));
  bind_text (stage, base + 8, guichet_participant_get_ticket_type_name (participant));
  bind_text (stage, base + 9, guichet_participant_status_to_string (guichet_participant_get_status (participant)));
  sqlite3_bind_int (stage, base + 10, guichet_participant_get_checked_in (participant) ? 1 : 0);
  bind_text (stage, base + 11, guichet_participant_get_checked_in_at (participant));
  bind_text (stage, base + 12, guichet_participant_get_order_id (participant));
  bind_text (stage, base + 13, guichet_participant_get_updated_at (participant));
  bind_text (stage, base + 14, sort_key);
  bind_text (stage, base + 15, guichet_participant_get_answers (participant));
}

/* Runs a cached writer statement with ?1 = account, ?2 = event and, when
 * @generation >= 0, ?3 = generation. */
static gboolean
run_page_statement (GuichetStore  *self,
                    StmtId         id,
                    const char    *account_id,
                    const char    *event_id,
                    gint64         generation,
                    const char    *what,
                    GError       **error)
{
  sqlite3_stmt *stmt = conn_stmt (&self->writer, id, what, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, event_id);
  if (generation >= 0)
    sqlite3_bind_int64 (stmt, 3, generation);
  return step_done (stmt, self->writer.db, what, error);
}

static gboolean
write_page_locked (GuichetStore  *self,
                   const char    *account_id,
                   const char    *event_id,
                   GPtrArray     *participants,
                   gint64         generation,
                   const char    *what,
                   GError       **error)
{
  g_autoptr(GHashTable) last_claim = NULL;
  sqlite3_stmt *one;
  sqlite3_stmt *many;
  guint n_staged = 0;

  if (participants == NULL || participants->len == 0)
    return TRUE;

  /* Within a page too, the later claim of a barcode wins it. */
  last_claim = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < participants->len; i++)
    {
      GuichetParticipant *participant = g_ptr_array_index (participants, i);
      const char *id = guichet_participant_get_id (participant);
      const char *barcode = guichet_participant_get_barcode (participant);

      if (id != NULL && *id != '\0' && barcode != NULL && *barcode != '\0')
        g_hash_table_insert (last_claim, (gpointer) barcode, participant);
    }

  if (!run_page_statement (self, STMT_STAGE_CLEAR, NULL, NULL, -1, what, error) ||
      (one = conn_stmt (&self->writer, STMT_STAGE_INSERT, what, error)) == NULL ||
      (many = conn_stmt (&self->writer, STMT_STAGE_INSERT_MANY, what, error)) == NULL)
    return FALSE;

  /* STAGE_ROWS rows a statement, then the rest one by one */
  for (guint i = 0; i < participants->len;)
    {
      GuichetParticipant *rows[STAGE_ROWS];
      const char *barcodes[STAGE_ROWS];
      char *sort_keys[STAGE_ROWS];
      guint n_rows = 0;
      gboolean ok = TRUE;

      for (; i < participants->len && n_rows < STAGE_ROWS; i++)
        {
          GuichetParticipant *participant = g_ptr_array_index (participants, i);
          const char *id = guichet_participant_get_id (participant);
          const char *barcode = guichet_participant_get_barcode (participant);

          if (id == NULL || *id == '\0')
            {
              g_debug ("Skipping a participant without id in %s/%s", account_id, event_id);
              continue;
            }
          if (barcode == NULL ||
              (*barcode != '\0' && g_hash_table_lookup (last_claim, barcode) != participant))
            barcode = "";

          rows[n_rows] = participant;
          barcodes[n_rows] = barcode;
          sort_keys[n_rows] = make_sort_key (guichet_participant_get_last_name (participant),
                                             guichet_participant_get_first_name (participant));
          n_rows++;
        }

      if (n_rows == STAGE_ROWS)
        {
          for (guint k = 0; k < n_rows; k++)
            bind_stage_row (many, k * STAGE_COLUMNS, rows[k], barcodes[k], sort_keys[k]);
          ok = step_done (many, self->writer.db, what, error);
        }
      else
        {
          for (guint k = 0; ok && k < n_rows; k++)
            {
              bind_stage_row (one, 0, rows[k], barcodes[k], sort_keys[k]);
              ok = step_done (one, self->writer.db, what, error);
            }
        }

      for (guint k = 0; k < n_rows; k++)
        g_free (sort_keys[k]);
      if (!ok)
        return FALSE;
      n_staged += n_rows;
    }

  if (n_staged == 0)
    return TRUE;

  if (!run_page_statement (self, STMT_STAGE_CLEAR_BARCODES, account_id, event_id, -1, what, error))
    return FALSE;
  if (sqlite3_changes (self->writer.db) > 0)
    g_debug ("%d barcodes moved to other participants in %s/%s",
             sqlite3_changes (self->writer.db), account_id, event_id);

  return run_page_statement (self, STMT_STAGE_UPSERT, account_id, event_id, generation, what, error) &&
         run_page_statement (self, STMT_STAGE_ANSWERS, account_id, event_id, -1, what, error);
}

/* @run_generation: kept with the cursor (0: none). */
static gboolean
write_cursor_locked (GuichetStore  *self,
                     const char    *account_id,
                     const char    *event_id,
                     const char    *cursor,
                     gint64         run_generation,
                     const char    *what,
                     GError       **error)
{
  sqlite3_stmt *stmt = conn_stmt (&self->writer, STMT_SET_CURSOR, what, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, event_id != NULL ? event_id : "");
  bind_text (stmt, 3, cursor);
  if (run_generation != 0)
    sqlite3_bind_int64 (stmt, 4, run_generation);
  else
    sqlite3_bind_null (stmt, 4);
  return step_done (stmt, self->writer.db, what, error);
}

/* @run_generation: stored with the cursor (0: none). */
static gboolean
write_participants_full (GuichetStore  *self,
                         const char    *account_id,
                         const char    *event_id,
                         GPtrArray     *participants,
                         const char    *cursor,
                         gint64         generation,
                         gint64         run_generation,
                         GError       **error)
{
  const char *what = _("Could not save the participants");
  gboolean ok = FALSE;

  if (!write_begin (self, what, error))
    return FALSE;

  if (!write_page_locked (self, account_id, event_id, participants, generation, what, error))
    goto out;

  /* The cursor travels with its page: both land, or neither. */
  if (cursor != NULL &&
      !write_cursor_locked (self, account_id, event_id, cursor, run_generation, what, error))
    goto out;

  ok = TRUE;

out:
  return write_end (self, ok, what, error);
}

gboolean
guichet_store_write_participants (GuichetStore  *self,
                                  const char    *account_id,
                                  const char    *event_id,
                                  GPtrArray     *participants,
                                  const char    *cursor,
                                  gint64         generation,
                                  GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  return write_participants_full (self, account_id, event_id, participants, cursor,
                                  generation, 0, error);
}

typedef struct
{
  char      *account_id;
  char      *event_id;
  GPtrArray *participants;
  char      *cursor;
  gint64     generation;
  gint64     run_generation;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->account_id);
  g_free (data->event_id);
  g_clear_pointer (&data->participants, g_ptr_array_unref);
  g_free (data->cursor);
  g_free (data);
}

static void
write_participants_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  GuichetStore *self = source_object;
  WriteData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (write_participants_full (self, data->account_id, data->event_id,
                               data->participants, data->cursor,
                               data->generation, data->run_generation, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_async (GuichetStore        *self,
             const char          *account_id,
             const char          *event_id,
             GPtrArray           *participants,
             const char          *cursor,
             gint64               generation,
             gint64               run_generation,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  data = g_new0 (WriteData, 1);
  data->account_id = g_strdup (account_id);
  data->event_id = g_strdup (event_id);
  data->participants = participants != NULL ? g_ptr_array_ref (participants) : NULL;
  data->cursor = g_strdup (cursor);
  data->generation = generation;
  data->run_generation = run_generation;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_participants_thread);
}

void
guichet_store_write_participants_async (GuichetStore        *self,
                                        const char          *account_id,
                                        const char          *event_id,
                                        GPtrArray           *participants,
                                        const char          *cursor,
                                        gint64               generation,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);

  write_async (self, account_id, event_id, participants, cursor, generation, 0,
               guichet_store_write_participants_async, cancellable, callback, user_data);
}

gboolean
guichet_store_write_participants_finish (GuichetStore  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
guichet_store_write_run_page_async (GuichetStore        *self,
                                    const char          *account_id,
                                    const char          *event_id,
                                    GPtrArray           *participants,
                                    const char          *cursor,
                                    gint64               generation,
                                    gboolean             run_ends,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (generation != 0);

  write_async (self, account_id, event_id, participants, cursor, generation,
               run_ends ? 0 : generation,
               guichet_store_write_run_page_async, cancellable, callback, user_data);
}

gboolean
guichet_store_write_run_page_finish (GuichetStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_store_write_run_page_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
guichet_store_get_run_generation (GuichetStore *self,
                                  const char   *account_id,
                                  const char   *event_id)
{
  sqlite3_stmt *stmt;
  gint64 generation = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), 0);
  g_return_val_if_fail (account_id != NULL, 0);

  g_mutex_lock (&self->reader.lock);
  stmt = conn_stmt (&self->reader, STMT_GET_RUN_GENERATION, NULL, NULL);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id != NULL ? event_id : "");
      if (sqlite3_step (stmt) == SQLITE_ROW)
        generation = sqlite3_column_int64 (stmt, 0);
      stmt_done (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return generation;
}

gboolean
guichet_store_finish_full_sync (GuichetStore  *self,
                                const char    *account_id,
                                const char    *event_id,
                                gint64         generation,
                                GError       **error)
{
  const char *what = _("Could not mark the removed participants");
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!write_begin (self, what, error))
    return FALSE;

  stmt = prepare (self->writer.db,
                  "UPDATE participants SET status = ?4"
                  " WHERE account_id = ?1 AND event_id = ?2 AND generation <> ?3"
                  " AND status <> ?4",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id);
      sqlite3_bind_int64 (stmt, 3, generation);
      bind_text (stmt, 4, guichet_participant_status_to_string (GUICHET_PARTICIPANT_STATUS_DELETED));
      ok = step_done (stmt, self->writer.db, what, error);
      if (ok)
        g_debug ("%d participants of %s/%s are gone", sqlite3_changes (self->writer.db),
                 account_id, event_id);
      sqlite3_finalize (stmt);
    }

  return write_end (self, ok, what, error);
}

char *
guichet_store_get_cursor (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id)
{
  sqlite3_stmt *stmt;
  char *cursor = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = conn_stmt (&self->reader, STMT_GET_CURSOR, NULL, NULL);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id != NULL ? event_id : "");
      if (sqlite3_step (stmt) == SQLITE_ROW)
        cursor = g_strdup (col_text (stmt, 0));
      stmt_done (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return cursor;
}

gboolean
guichet_store_set_cursor (GuichetStore  *self,
                          const char    *account_id,
                          const char    *event_id,
                          const char    *cursor,
                          GError       **error)
{
  const char *what = _("Could not save the sync position");
  gboolean ok;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!write_begin (self, what, error))
    return FALSE;
  ok = write_cursor_locked (self, account_id, event_id, cursor, 0, what, error);
  return write_end (self, ok, what, error);
}

/* One participant from a cached reader statement; binds texts ?1..?n. */
static GuichetParticipant *
find_one_participant (GuichetStore  *self,
                      StmtId         id,
                      const char    *a,
                      const char    *b,
                      const char    *c,
                      GError       **error)
{
  const char *what = _("Could not look up the participant");
  GuichetParticipant *participant = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_mutex_lock (&self->reader.lock);
  stmt = conn_stmt (&self->reader, id, what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, a);
      bind_text (stmt, 2, b);
      bind_text (stmt, 3, c);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        participant = participant_from_row (stmt);
      else if (rc != SQLITE_DONE)
        set_db_error (error, self->reader.db, what);
      stmt_done (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return participant;
}

GuichetParticipant *
guichet_store_find_participant_by_barcode (GuichetStore  *self,
                                           const char    *account_id,
                                           const char    *event_id,
                                           const char    *barcode,
                                           GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (barcode == NULL || *barcode == '\0')
    return NULL;

  return find_one_participant (self, STMT_FIND_BY_BARCODE, account_id, event_id, barcode, error);
}

GuichetParticipant *
guichet_store_find_barcode_elsewhere (GuichetStore  *self,
                                      const char    *account_id,
                                      const char    *event_id,
                                      const char    *barcode,
                                      GError       **error)
{
  const char *what = _("Could not look up the participant");
  GuichetParticipant *participant = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if (barcode == NULL || *barcode == '\0')
    return NULL;

  g_mutex_lock (&self->reader.lock);
  stmt = prepare (self->reader.db,
                  "SELECT " PARTICIPANT_COLUMNS
                  " WHERE p.account_id = ?1 AND p.barcode = ?3 AND p.barcode <> ''"
                  " AND p.event_id IS NOT ?2 ORDER BY p.rowid DESC LIMIT 1",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id);
      bind_text (stmt, 3, barcode);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        participant = participant_from_row (stmt);
      else if (rc != SQLITE_DONE)
        set_db_error (error, self->reader.db, what);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return participant;
}

GuichetParticipant *
guichet_store_find_participant (GuichetStore  *self,
                                const char    *account_id,
                                const char    *event_id,
                                const char    *participant_id,
                                GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (participant_id != NULL, NULL);

  return find_one_participant (self, STMT_FIND_BY_ID, account_id, event_id, participant_id, error);
}

/* SELECT <columns> ... for an event's participants in display order,
 * filtered by @search (names and e-mail by word prefix, or barcode prefix). */
static sqlite3_stmt *
prepare_participant_query (sqlite3     *db,
                           const char  *columns,
                           const char  *account_id,
                           const char  *event_id,
                           const char  *search,
                           guint        limit,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *fts = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *prefix_end = NULL;
  sqlite3_stmt *stmt;

  if (search != NULL)
    {
      prefix = g_strstrip (g_utf8_make_valid (search, -1));
      if (*prefix == '\0')
        g_clear_pointer (&prefix, g_free);
      else
        {
          fts = make_fts_query (prefix);
          /* Every text starting with @prefix sorts below this. */
          prefix_end = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
        }
    }

  g_string_append (sql, columns);
  g_string_append (sql, " WHERE p.account_id = ?1 AND p.event_id = ?2");
  if (prefix != NULL)
    {
      g_string_append (sql, " AND (");
      if (fts != NULL)
        g_string_append (sql, "p.rowid IN (SELECT rowid FROM participants_fts"
                              " WHERE participants_fts MATCH ?3) OR ");
      g_string_append (sql, "(p.barcode <> '' AND p.barcode >= ?4 AND p.barcode < ?5))");
    }
  g_string_append (sql, " ORDER BY p.sort_key, p.rowid LIMIT ?6");

  stmt = prepare (db, sql->str, what, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event_id, -1, SQLITE_TRANSIENT);
  if (fts != NULL)
    sqlite3_bind_text (stmt, 3, fts, -1, SQLITE_TRANSIENT);
  if (prefix != NULL)
    {
      sqlite3_bind_text (stmt, 4, prefix, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, prefix_end, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);

  return stmt;
}

GPtrArray *
guichet_store_search_participants (GuichetStore  *self,
                                   const char    *account_id,
                                   const char    *event_id,
                                   const char    *text,
                                   guint          limit,
                                   GError       **error)
{
  const char *what = _("Could not search the participants");
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare_participant_query (self->bulk.db, PARTICIPANT_COLUMNS, account_id, event_id,
                                    text, limit, what, error);
  if (stmt != NULL)
    {
      rows = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, participant_row_func (stmt));
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&rows);
}

GArray *
guichet_store_list_participant_rowids (GuichetStore  *self,
                                       const char    *account_id,
                                       const char    *event_id,
                                       const char    *search,
                                       GError       **error)
{
  const char *what = _("Could not read the participants");
  g_autoptr(GArray) rowids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare_participant_query (self->bulk.db, "p.rowid FROM participants p",
                                    account_id, event_id, search, 0, what, error);
  if (stmt != NULL)
    {
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (rowids, rowid);
        }
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&rowids, g_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&rowids);
}

GuichetParticipant *
guichet_store_get_participant_by_rowid (GuichetStore *self,
                                        gint64        rowid)
{
  GuichetParticipant *participant = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = conn_stmt (&self->reader, STMT_FIND_BY_ROWID, NULL, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        participant = participant_from_row (stmt);
      stmt_done (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return participant;
}

gint64
guichet_store_count_participants (GuichetStore  *self,
                                  const char    *account_id,
                                  const char    *event_id,
                                  GError       **error)
{
  const char *what = _("Could not count the participants");
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);
  g_return_val_if_fail (account_id != NULL, -1);
  g_return_val_if_fail (event_id != NULL, -1);

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare (self->bulk.db,
                  "SELECT count(*) FROM participants WHERE account_id = ?1 AND event_id = ?2",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        set_db_error (error, self->bulk.db, what);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return count;
}

gboolean
guichet_store_save_answers (GuichetStore  *self,
                            const char    *account_id,
                            const char    *event_id,
                            const char    *participant_id,
                            const char    *answers_json,
                            GError       **error)
{
  const char *what = _("Could not save the answers");
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  g_return_val_if_fail (participant_id != NULL, FALSE);

  if (!write_begin (self, what, error))
    return FALSE;

  stmt = conn_stmt (&self->writer, STMT_UPSERT_ANSWERS, what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id);
      bind_text (stmt, 3, participant_id);
      bind_text (stmt, 4, answers_json != NULL ? answers_json : "{}");
      ok = step_done (stmt, self->writer.db, what, error);
    }

  return write_end (self, ok, what, error);
}

/* ------------------------------------------------------------------------ */
/* The check-in journal                                                     */

static gpointer
check_in_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_CHECK_IN);
  props_int (&props, "id", sqlite3_column_int64 (stmt, 0));
  props_string (&props, "account-id", col_text (stmt, 1));
  props_string (&props, "event-id", col_text (stmt, 2));
  props_string (&props, "date-id", col_text (stmt, 3));
  props_string (&props, "code", col_text (stmt, 4));
  props_string (&props, "participant-id", col_text (stmt, 5));
  props_int (&props, "time", sqlite3_column_int64 (stmt, 6));
  props_string (&props, "desk", col_text (stmt, 7));
  props_int (&props, "direction", direction_from_string (col_text (stmt, 8)));
  props_int (&props, "verdict", verdict_from_string (col_text (stmt, 9)));
  props_int (&props, "reason", guichet_reason_from_string (col_text (stmt, 10)));
  props_int (&props, "synced", sqlite3_column_int (stmt, 11));
  props_int (&props, "undone", sqlite3_column_int (stmt, 12));
  return props_build (&props);
}

/* Runs @stmt (already bound) in a durable transaction on the locked writer:
 * synchronous=FULL for this commit only. */
static gboolean
durable_step (GuichetStore  *self,
              sqlite3_stmt  *stmt,
              const char    *what,
              GError       **error)
{
  sqlite3 *db = self->writer.db;
  gboolean ok;

  if (!exec_sql (db, "PRAGMA synchronous = FULL", what, error))
    {
      stmt_done (stmt);
      return FALSE;
    }

  ok = exec_sql (db, "BEGIN IMMEDIATE", what, error);
  if (ok)
    ok = step_done (stmt, db, what, error);
  else
    stmt_done (stmt);
  if (ok)
    ok = exec_sql (db, "COMMIT", what, error);
  if (!ok)
    rollback (db);

  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  return ok;
}

gboolean
guichet_store_append_check_in (GuichetStore    *self,
                               GuichetCheckIn  *check_in,
                               GError         **error)
{
  const char *what = _("Could not record the check-in");
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (check_in), FALSE);

  if (guichet_check_in_get_account_id (check_in) == NULL ||
      guichet_check_in_get_event_id (check_in) == NULL ||
      guichet_check_in_get_code (check_in) == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("Could not record the check-in: it has no account, event or code"));
      return FALSE;
    }

  g_mutex_lock (&self->writer.lock);

  stmt = conn_stmt (&self->writer, STMT_APPEND_CHECK_IN, what, error);
  if (stmt != NULL)
    {
      GuichetReason reason = guichet_check_in_get_reason (check_in);

      bind_text (stmt, 1, guichet_check_in_get_account_id (check_in));
      bind_text (stmt, 2, guichet_check_in_get_event_id (check_in));
      bind_text (stmt, 3, guichet_check_in_get_date_id (check_in));
      bind_text (stmt, 4, guichet_check_in_get_code (check_in));
      bind_text (stmt, 5, guichet_check_in_get_participant_id (check_in));
      sqlite3_bind_int64 (stmt, 6, guichet_check_in_get_time (check_in));
      bind_text (stmt, 7, guichet_check_in_get_desk (check_in));
      bind_text (stmt, 8, guichet_direction_to_string (guichet_check_in_get_direction (check_in)));
      bind_text (stmt, 9, guichet_verdict_to_string (guichet_check_in_get_verdict (check_in)));
      if (reason == GUICHET_REASON_NONE)
        sqlite3_bind_null (stmt, 10);
      else
        bind_text (stmt, 10, guichet_reason_to_string (reason));

      ok = durable_step (self, stmt, what, error);
      if (ok)
        id = sqlite3_last_insert_rowid (self->writer.db);
    }

  g_mutex_unlock (&self->writer.lock);

  if (ok)
    set_int_property (check_in, "id", id);

  return ok;
}

static gboolean
append_fact (GuichetStore  *self,
             const char    *sql,
             gint64         check_in_id,
             const char    *what,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_mutex_lock (&self->writer.lock);
  stmt = prepare (self->writer.db, sql, what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, check_in_id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      ok = durable_step (self, stmt, what, error);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->writer.lock);

  return ok;
}

gboolean
guichet_store_undo_check_in (GuichetStore  *self,
                             gint64         check_in_id,
                             GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return append_fact (self,
                      "INSERT INTO check_in_undos (check_in_id, time) VALUES (?1, ?2)"
                      " ON CONFLICT (check_in_id) DO NOTHING",
                      check_in_id, _("Could not undo the check-in"), error);
}

gboolean
guichet_store_mark_check_in_synced (GuichetStore  *self,
                                    gint64         check_in_id,
                                    GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return append_fact (self,
                      "INSERT INTO check_in_sync (check_in_id, time) VALUES (?1, ?2)"
                      " ON CONFLICT (check_in_id) DO NOTHING",
                      check_in_id, _("Could not mark the check-in as sent"), error);
}

GuichetCheckIn *
guichet_store_find_admission (GuichetStore  *self,
                              const char    *account_id,
                              const char    *event_id,
                              const char    *code,
                              GError       **error)
{
  const char *what = _("Could not read the check-in journal");
  GuichetCheckIn *check_in = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (code == NULL)
    return NULL;

  g_mutex_lock (&self->reader.lock);
  stmt = conn_stmt (&self->reader, STMT_FIND_ADMISSION, what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, event_id);
      bind_text (stmt, 3, code);
      bind_text (stmt, 4, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      bind_text (stmt, 5, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      bind_text (stmt, 6, guichet_direction_to_string (GUICHET_DIRECTION_OUT));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        check_in = check_in_from_row (stmt);
      else if (rc != SQLITE_DONE)
        set_db_error (error, self->reader.db, what);
      stmt_done (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return check_in;
}

GPtrArray *
guichet_store_list_check_ins (GuichetStore  *self,
                              const char    *account_id,
                              const char    *event_id,
                              guint          limit,
                              GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  sql = g_strdup_printf ("SELECT " CHECK_IN_COLUMNS
                         " WHERE c.account_id = ?1 AND c.event_id = ?2"
                         " ORDER BY c.id DESC LIMIT %" G_GINT64_FORMAT,
                         limit > 0 ? (gint64) limit : (gint64) -1);
  return query_rows (self, sql, account_id, event_id, check_in_from_row,
                     _("Could not read the check-in journal"), error);
}

GPtrArray *
guichet_store_list_unsynced_check_ins (GuichetStore  *self,
                                       const char    *account_id,
                                       GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  /* Oldest first: the order they happened in. */
  return query_rows (self,
                     "SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1"
                     " AND NOT EXISTS (SELECT 1 FROM check_in_sync s2 WHERE s2.check_in_id = c.id)"
                     " ORDER BY c.id",
                     account_id, NULL, check_in_from_row,
                     _("Could not read the check-in journal"), error);
}

/* ------------------------------------------------------------------------ */
/* Outbox                                                                   */

void
guichet_outbox_item_free (GuichetOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->account_id);
  g_free (item->operation);
  g_free (item->payload_json);
  g_free (item->last_error);
  g_free (item);
}

gint64
guichet_store_outbox_push (GuichetStore  *self,
                           const char    *account_id,
                           const char    *operation,
                           const char    *payload_json,
                           GError       **error)
{
  const char *what = _("Could not queue the change");
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), 0);
  g_return_val_if_fail (account_id != NULL, 0);
  g_return_val_if_fail (operation != NULL, 0);

  g_mutex_lock (&self->writer.lock);
  stmt = prepare (self->writer.db,
                  "INSERT INTO outbox (account_id, operation, payload_json, created)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, operation);
      bind_text (stmt, 3, payload_json != NULL ? payload_json : "{}");
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      ok = durable_step (self, stmt, what, error);
      if (ok)
        id = sqlite3_last_insert_rowid (self->writer.db);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->writer.lock);

  return ok ? id : 0;
}

GPtrArray *
guichet_store_outbox_list (GuichetStore  *self,
                           const char    *account_id,
                           GError       **error)
{
  const char *what = _("Could not read the queued changes");
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare (self->bulk.db,
                  "SELECT id, account_id, operation, payload_json, attempts, last_error"
                  " FROM outbox WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id",
                  what, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_outbox_item_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GuichetOutboxItem *item = g_new0 (GuichetOutboxItem, 1);

          item->id = sqlite3_column_int64 (stmt, 0);
          item->account_id = g_strdup (col_text (stmt, 1));
          item->operation = g_strdup (col_text (stmt, 2));
          item->payload_json = g_strdup (col_text (stmt, 3));
          item->attempts = (guint) sqlite3_column_int (stmt, 4);
          item->last_error = g_strdup (col_text (stmt, 5));
          g_ptr_array_add (items, item);
        }
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&items, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&items);
}

static gboolean
outbox_update (GuichetStore  *self,
               const char    *sql,
               gint64         id,
               const char    *text,
               const char    *what,
               GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!write_begin (self, what, error))
    return FALSE;
  stmt = prepare (self->writer.db, sql, what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (text != NULL)
        bind_text (stmt, 2, text);
      ok = step_done (stmt, self->writer.db, what, error);
      sqlite3_finalize (stmt);
    }
  return write_end (self, ok, what, error);
}

gboolean
guichet_store_outbox_done (GuichetStore  *self,
                           gint64         id,
                           GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return outbox_update (self, "DELETE FROM outbox WHERE id = ?1", id, NULL,
                        _("Could not update the queued changes"), error);
}

gboolean
guichet_store_outbox_failed (GuichetStore  *self,
                             gint64         id,
                             const char    *message,
                             GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return outbox_update (self,
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                        id, message != NULL ? message : "",
                        _("Could not update the queued changes"), error);
}

/* ------------------------------------------------------------------------ */
/* Discounts and vouchers                                                   */

static gboolean
bind_discount (sqlite3_stmt *stmt,
               gpointer      item,
               guint         position)
{
  GuichetDiscount *discount = item;
  g_autofree char *ticket_type_ids = NULL;

  if (guichet_discount_get_id (discount) == NULL)
    return FALSE;

  ticket_type_ids = join_lines (guichet_discount_get_ticket_type_ids (discount));
  bind_text (stmt, 2, guichet_discount_get_id (discount));
  bind_text (stmt, 3, guichet_discount_get_name (discount));
  bind_text (stmt, 4, guichet_discount_get_code (discount));
  bind_text (stmt, 5, discount_kind_to_string (guichet_discount_get_kind (discount)));
  sqlite3_bind_int64 (stmt, 6, guichet_discount_get_amount (discount));
  sqlite3_bind_double (stmt, 7, guichet_discount_get_percentage (discount));
  bind_text (stmt, 8, guichet_discount_get_currency (discount));
  sqlite3_bind_int64 (stmt, 9, guichet_discount_get_max_uses (discount));
  sqlite3_bind_int64 (stmt, 10, guichet_discount_get_used (discount));
  bind_text (stmt, 11, guichet_discount_get_valid_from (discount));
  bind_text (stmt, 12, guichet_discount_get_valid_to (discount));
  if (ticket_type_ids != NULL)
    sqlite3_bind_text (stmt, 13, ticket_type_ids, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 13);
  sqlite3_bind_int (stmt, 14, (int) position);
  return TRUE;
}

static gpointer
discount_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_DISCOUNT);
  props_string (&props, "account-id", col_text (stmt, 0));
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "name", col_text (stmt, 2));
  props_string (&props, "code", col_text (stmt, 3));
  props_int (&props, "kind", discount_kind_from_string (col_text (stmt, 4)));
  props_int (&props, "amount", sqlite3_column_int64 (stmt, 5));
  props_double (&props, "percentage", sqlite3_column_double (stmt, 6));
  props_string (&props, "currency", col_text (stmt, 7));
  props_int (&props, "max-uses", sqlite3_column_int64 (stmt, 8));
  props_int (&props, "used", sqlite3_column_int64 (stmt, 9));
  props_string (&props, "valid-from", col_text (stmt, 10));
  props_string (&props, "valid-to", col_text (stmt, 11));
  props_strv (&props, "ticket-type-ids", col_text (stmt, 12));
  return props_build (&props);
}

gboolean
guichet_store_save_discounts (GuichetStore  *self,
                              const char    *account_id,
                              GPtrArray     *discounts,
                              GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return replace_rows (self,
                       "DELETE FROM discounts WHERE account_id = ?1",
                       "INSERT OR REPLACE INTO discounts (account_id, id, name, code, kind,"
                       " amount, percentage, currency, max_uses, used, valid_from, valid_to,"
                       " ticket_type_ids, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                       " ?9, ?10, ?11, ?12, ?13, ?14)",
                       account_id, NULL, discounts, bind_discount,
                       _("Could not save the discounts"), error);
}

GPtrArray *
guichet_store_list_discounts (GuichetStore  *self,
                              const char    *account_id,
                              GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return query_rows (self,
                     "SELECT account_id, id, name, code, kind, amount, percentage, currency,"
                     " max_uses, used, valid_from, valid_to, ticket_type_ids FROM discounts"
                     " WHERE account_id = ?1 ORDER BY position, id",
                     account_id, NULL, discount_from_row,
                     _("Could not read the discounts"), error);
}

static gboolean
bind_voucher (sqlite3_stmt *stmt,
              gpointer      item,
              guint         position)
{
  GuichetVoucher *voucher = item;

  if (guichet_voucher_get_id (voucher) == NULL)
    return FALSE;

  bind_text (stmt, 2, guichet_voucher_get_id (voucher));
  bind_text (stmt, 3, guichet_voucher_get_name (voucher));
  sqlite3_bind_int64 (stmt, 4, guichet_voucher_get_value (voucher));
  bind_text (stmt, 5, guichet_voucher_get_currency (voucher));
  sqlite3_bind_int64 (stmt, 6, guichet_voucher_get_code_count (voucher));
  bind_text (stmt, 7, guichet_voucher_get_valid_to (voucher));
  sqlite3_bind_int (stmt, 8, (int) position);
  return TRUE;
}

static gpointer
voucher_from_row (sqlite3_stmt *stmt)
{
  Props props;

  props_init (&props, GUICHET_TYPE_VOUCHER);
  props_string (&props, "account-id", col_text (stmt, 0));
  props_string (&props, "id", col_text (stmt, 1));
  props_string (&props, "name", col_text (stmt, 2));
  props_int (&props, "value", sqlite3_column_int64 (stmt, 3));
  props_string (&props, "currency", col_text (stmt, 4));
  props_int (&props, "code-count", sqlite3_column_int64 (stmt, 5));
  props_string (&props, "valid-to", col_text (stmt, 6));
  return props_build (&props);
}

gboolean
guichet_store_save_vouchers (GuichetStore  *self,
                             const char    *account_id,
                             GPtrArray     *vouchers,
                             GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return replace_rows (self,
                       "DELETE FROM vouchers WHERE account_id = ?1",
                       "INSERT OR REPLACE INTO vouchers (account_id, id, name, value, currency,"
                       " code_count, valid_to, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                       account_id, NULL, vouchers, bind_voucher,
                       _("Could not save the vouchers"), error);
}

GPtrArray *
guichet_store_list_vouchers (GuichetStore  *self,
                             const char    *account_id,
                             GError       **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return query_rows (self,
                     "SELECT account_id, id, name, value, currency, code_count, valid_to"
                     " FROM vouchers WHERE account_id = ?1 ORDER BY position, id",
                     account_id, NULL, voucher_from_row,
                     _("Could not read the vouchers"), error);
}
