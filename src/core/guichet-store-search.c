/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-participant.h"
#include "guichet-store.h"
#include "guichet-store-private.h"

/* ------------------------------------------------------------------------ */
/* Reading participants: lookups, search and the display order              */

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

static GuichetParticipant *
participant_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  /* Column 0 is the rowid. */
  _guichet_store_props_init (&props, GUICHET_TYPE_PARTICIPANT);
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "event-id", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "date-id", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_string (&props, "barcode", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_string (&props, "first-name", _guichet_store_col_text (stmt, 5));
  _guichet_store_props_string (&props, "last-name", _guichet_store_col_text (stmt, 6));
  _guichet_store_props_string (&props, "email", _guichet_store_col_text (stmt, 7));
  _guichet_store_props_string (&props, "ticket-type-id", _guichet_store_col_text (stmt, 8));
  _guichet_store_props_string (&props, "ticket-type-name", _guichet_store_col_text (stmt, 9));
  _guichet_store_props_int (&props, "status", guichet_participant_status_from_string (_guichet_store_col_text (stmt, 10)));
  _guichet_store_props_int (&props, "checked-in", sqlite3_column_int (stmt, 11));
  _guichet_store_props_string (&props, "checked-in-at", _guichet_store_col_text (stmt, 12));
  _guichet_store_props_string (&props, "order-id", _guichet_store_col_text (stmt, 13));
  _guichet_store_props_string (&props, "updated-at", _guichet_store_col_text (stmt, 14));
  _guichet_store_props_string (&props, "answers", _guichet_store_col_text (stmt, 15));
  _guichet_store_props_int (&props, "entries", MAX (1, sqlite3_column_int (stmt, 16)));
  return _guichet_store_props_build (&props);
}

static gpointer
participant_row_func (sqlite3_stmt *stmt)
{
  return participant_from_row (stmt);
}

/* One participant from a cached reader statement; binds texts ?1..?n. */
static GuichetParticipant *
find_one_participant (GuichetStore      *self,
                      GuichetStoreStmt   id,
                      const char        *a,
                      const char        *b,
                      const char        *c,
                      GError           **error)
{
  const char *what = _("Could not look up the participant");
  GuichetParticipant *participant = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, id, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, a);
      _guichet_store_bind_text (stmt, 2, b);
      _guichet_store_bind_text (stmt, 3, c);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        participant = participant_from_row (stmt);
      else if (rc != SQLITE_DONE)
        _guichet_store_set_db_error (error, self->reader.db, what);
      _guichet_store_reset (stmt);
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
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if (barcode == NULL || *barcode == '\0')
    return NULL;

  return find_one_participant (self, STMT_FIND_ELSEWHERE, account_id, event_id, barcode, error);
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

/* ORDER BY terms of each sort ("@": the direction), in the order of its index (migration 7 of
 * guichet-store-migrations.c; the name's is participants_event_sort): the
 * rowids are read from the index in order, no sorting step. */
static const char *
sort_terms (GuichetParticipantSort sort)
{
  switch (sort)
    {
    case GUICHET_PARTICIPANT_SORT_EMAIL:
      return "p.email COLLATE NOCASE @, p.rowid @";
    case GUICHET_PARTICIPANT_SORT_TICKET:
      return "coalesce (nullif (p.ticket_type_name, ''), p.ticket_type_id) @,"
             " p.sort_key @, p.rowid @";
    case GUICHET_PARTICIPANT_SORT_STATUS:
      return "p.status @, p.sort_key @, p.rowid @";
    case GUICHET_PARTICIPANT_SORT_CHECKED_IN:
      return "p.checked_in @, p.checked_in_at @, p.sort_key @, p.rowid @";
    case GUICHET_PARTICIPANT_SORT_NAME:
    default:
      return "p.sort_key @, p.rowid @";
    }
}

/* SELECT <columns> ... for an event's participants in the order @sort,
 * filtered by @search (names and e-mail by word prefix, or barcode prefix). */
static sqlite3_stmt *
prepare_participant_query (sqlite3                *db,
                           const char             *columns,
                           const char             *account_id,
                           const char             *event_id,
                           const char             *search,
                           GuichetParticipantSort  sort,
                           gboolean                descending,
                           guint                   limit,
                           const char             *what,
                           GError                **error)
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
  if (prefix == NULL)
    /* The event's key alone: it leads the display order's index, which
     * then gives the rows in order. */
    g_string_append (sql, " WHERE p.event_key = (SELECT key FROM event_keys"
                          " WHERE account_id = ?1 AND event_id = ?2)");
  else
    {
      /* Driven from the matches: the full-text index's rows and the
       * barcodes in the prefix's range (participants_barcode), then each
       * looked up by rowid and sorted. Walking the event's display order
       * and testing every row against the matches took ~2 s at 1,000,000
       * participants even for one match. The unary + keep the planner off
       * the display order's index, and off the event's whole range in
       * another index for the barcode's part. */
      g_string_append (sql, " WHERE p.rowid IN (");
      if (fts != NULL)
        g_string_append (sql, "SELECT rowid FROM participants_fts"
                              " WHERE participants_fts MATCH ?3 UNION ");
      g_string_append (sql, "SELECT rowid FROM participants WHERE +account_id = ?1"
                            " AND +event_id = ?2 AND barcode >= ?4 AND barcode < ?5"
                            " AND barcode <> '')"
                            " AND +p.event_key = (SELECT key FROM event_keys"
                            " WHERE account_id = ?1 AND event_id = ?2)");
    }
  /* Every term goes the same way, so the index is read forwards or backwards. */
  g_string_append (sql, " ORDER BY ");
  for (const char *c = sort_terms (sort); *c != '\0'; c++)
    {
      if (*c == '@')
        g_string_append (sql, descending ? "DESC" : "ASC");
      else
        g_string_append_c (sql, *c);
    }
  g_string_append (sql, " LIMIT ?6");

  stmt = _guichet_store_prepare (db, sql->str, what, error);
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
                                    text, GUICHET_PARTICIPANT_SORT_NAME, FALSE, limit, what, error);
  if (stmt != NULL)
    {
      rows = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, participant_row_func (stmt));
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

GArray *
guichet_store_list_participant_rowids (GuichetStore            *self,
                                       const char              *account_id,
                                       const char              *event_id,
                                       const char              *search,
                                       GuichetParticipantSort   sort,
                                       gboolean                 descending,
                                       GError                 **error)
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
                                    account_id, event_id, search, sort, descending,
                                    0, what, error);
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
          _guichet_store_set_db_error (error, self->bulk.db, what);
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
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_FIND_BY_ROWID, NULL, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        participant = participant_from_row (stmt);
      _guichet_store_reset (stmt);
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
  stmt = _guichet_store_prepare (self->bulk.db,
                                 "SELECT count(*) FROM participants WHERE account_id = ?1 AND event_id = ?2",
                                 what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _guichet_store_set_db_error (error, self->bulk.db, what);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return count;
}
