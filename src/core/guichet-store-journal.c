/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

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
/* The check-in journal                                                     */

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
  _guichet_store_props_int (&props, "direction", direction_from_string (_guichet_store_col_text (stmt, 8)));
  _guichet_store_props_int (&props, "verdict", verdict_from_string (_guichet_store_col_text (stmt, 9)));
  _guichet_store_props_int (&props, "reason", guichet_reason_from_string (_guichet_store_col_text (stmt, 10)));
  _guichet_store_props_int (&props, "synced", sqlite3_column_int (stmt, 11));
  _guichet_store_props_int (&props, "undone", sqlite3_column_int (stmt, 12));
  return _guichet_store_props_build (&props);
}

static gboolean
check_in_is_complete (GuichetCheckIn  *check_in,
                      GError         **error)
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
door_insert_check_in (GuichetStore    *self,
                      GuichetCheckIn  *check_in,
                      gint64          *id,
                      const char      *what,
                      GError         **error)
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
  _guichet_store_bind_text (stmt, 8, guichet_direction_to_string (guichet_check_in_get_direction (check_in)));
  _guichet_store_bind_text (stmt, 9, guichet_verdict_to_string (guichet_check_in_get_verdict (check_in)));
  if (reason == GUICHET_REASON_NONE)
    sqlite3_bind_null (stmt, 10);
  else
    _guichet_store_bind_text (stmt, 10, guichet_reason_to_string (reason));

  if (!_guichet_store_step (stmt, self->door.db, what, error))
    return FALSE;

  *id = sqlite3_last_insert_rowid (self->door.db);
  return TRUE;
}

/* Locks the door connection and opens a write transaction on it: every
 * other writer, in this process or another, waits until door_end. */
static gboolean
door_begin (GuichetStore  *self,
            const char    *what,
            GError       **error)
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
door_end (GuichetStore  *self,
          gboolean       ok,
          const char    *what,
          GError       **error)
{
  if (ok && !_guichet_store_exec (self->door.db, "COMMIT", what, error))
    ok = FALSE;
  if (!ok)
    _guichet_store_rollback (self->door.db);
  g_mutex_unlock (&self->door.lock);
  return ok;
}

GuichetCheckIn *
guichet_store_decide_check_in (GuichetStore            *self,
                               GuichetStoreDecideFunc   decide,
                               gpointer                 user_data,
                               GError                 **error)
{
  const char *what = _("Could not record the check-in");
  g_autoptr(GuichetCheckIn) check_in = NULL;
  gboolean ok = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (decide != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!door_begin (self, what, error))
    return NULL;

  /* The look-ups @decide makes run on the other connections, each in a
   * read transaction that starts now: they see the last commit of every
   * process, and nobody can commit until door_end. */
  check_in = decide (self, user_data, error);
  if (check_in != NULL &&
      check_in_is_complete (check_in, error) &&
      door_insert_check_in (self, check_in, &id, what, error))
    ok = TRUE;

  if (!door_end (self, ok, what, ok ? error : NULL))
    return NULL;

  set_int_property (check_in, "id", id);
  return g_steal_pointer (&check_in);
}

gboolean
guichet_store_append_check_in (GuichetStore    *self,
                               GuichetCheckIn  *check_in,
                               GError         **error)
{
  const char *what = _("Could not record the check-in");
  gboolean ok;
  gint64 id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (check_in), FALSE);

  if (!check_in_is_complete (check_in, error))
    return FALSE;

  if (!door_begin (self, what, error))
    return FALSE;
  ok = door_insert_check_in (self, check_in, &id, what, error);
  if (!door_end (self, ok, what, ok ? error : NULL))
    return FALSE;

  set_int_property (check_in, "id", id);
  return TRUE;
}

/* A fact about an entry (undone, reached the provider), durably, on the
 * door connection: it never waits long behind a sync's pages. */
static gboolean
append_fact (GuichetStore  *self,
             const char    *sql,
             gint64         check_in_id,
             const char    *what,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

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
  return _guichet_store_query_rows (self, sql, account_id, event_id, check_in_from_row,
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
  return _guichet_store_query_rows (self,
                                    "SELECT " CHECK_IN_COLUMNS " WHERE c.account_id = ?1"
                                    " AND NOT EXISTS (SELECT 1 FROM check_in_sync s2 WHERE s2.check_in_id = c.id)"
                                    " ORDER BY c.id",
                                    account_id, NULL, check_in_from_row,
                                    _("Could not read the check-in journal"), error);
}

gint64
guichet_store_count_checked_in (GuichetStore  *self,
                                const char    *account_id,
                                const char    *event_id,
                                GError       **error)
{
  const char *what = _("Could not count the check-ins");
  sqlite3_stmt *stmt;
  gint64 count = -1;

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
