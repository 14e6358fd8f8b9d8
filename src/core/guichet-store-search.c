/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-participant.h"
#include "guichet-store.h"
#include "guichet-store-private.h"

/* ------------------------------------------------------------------------ */
/* Reading participants: lookups, search and the display order              */

/* The words of the user's text: runs of letters, digits and marks. */
static GStrv
split_words (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr (GStrvBuilder) words = g_strv_builder_new ();
  g_autoptr (GString) word = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid;; p = g_utf8_next_char (p))
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
          g_strv_builder_add (words, word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }
  return g_strv_builder_end (words);
}

/* Every word of the user's text as a quoted prefix term: "word"*. Only
 * letters, digits and marks survive, so no input can be an FTS5 syntax
 * error (quotes, AND, NEAR, *, -, ^, parentheses...). NULL if no word. */
static char *
make_fts_query (const char * const *words)
{
  g_autoptr (GString) query = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, "\"%s\"*", words[i]);
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
  _guichet_store_props_int (&props, "status",
                            guichet_participant_status_from_string (
                              _guichet_store_col_text (stmt, 10)));
  _guichet_store_props_int (&props, "checked-in", sqlite3_column_int (stmt, 11));
  _guichet_store_props_string (&props, "checked-in-at", _guichet_store_col_text (stmt, 12));
  _guichet_store_props_string (&props, "order-id", _guichet_store_col_text (stmt, 13));
  _guichet_store_props_string (&props, "updated-at", _guichet_store_col_text (stmt, 14));
  _guichet_store_props_string (&props, "answers", _guichet_store_col_text (stmt, 15));
  _guichet_store_props_int (&props, "entries", MAX (1, sqlite3_column_int (stmt, 16)));
  _guichet_store_props_string (&props, "seat", _guichet_store_col_text (stmt, 17));
  if (sqlite3_column_count (stmt) > 18)
    _guichet_store_props_int (&props, "admitted-here", sqlite3_column_int64 (stmt, 18));
  return _guichet_store_props_build (&props);
}

static gpointer
participant_row_func (sqlite3_stmt *stmt)
{
  return participant_from_row (stmt);
}

/* One participant from a cached reader statement; binds texts ?1..?n. */
static GuichetParticipant *
find_one_participant (GuichetStore    *self,
                      GuichetStoreStmt id,
                      const char      *a,
                      const char      *b,
                      const char      *c,
                      GError         **error)
{
  const char         *what = _("Could not look up the participant");
  GuichetParticipant *participant = NULL;
  sqlite3_stmt       *stmt;
  int                 rc;

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
guichet_store_find_participant_by_barcode (GuichetStore *self,
                                           const char   *account_id,
                                           const char   *event_id,
                                           const char   *barcode,
                                           GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (barcode == NULL || *barcode == '\0')
    return NULL;

  return find_one_participant (self, STMT_FIND_BY_BARCODE, account_id, event_id, barcode, error);
}

GuichetParticipant *
guichet_store_find_barcode_elsewhere (GuichetStore *self,
                                      const char   *account_id,
                                      const char   *event_id,
                                      const char   *barcode,
                                      GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if (barcode == NULL || *barcode == '\0')
    return NULL;

  return find_one_participant (self, STMT_FIND_ELSEWHERE, account_id, event_id, barcode, error);
}

GuichetParticipant *
guichet_store_find_participant (GuichetStore *self,
                                const char   *account_id,
                                const char   *event_id,
                                const char   *participant_id,
                                GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (participant_id != NULL, NULL);

  return find_one_participant (self, STMT_FIND_BY_ID, account_id, event_id, participant_id, error);
}

/* ORDER BY terms of each sort ("@": the direction). The name's and the
 * e-mail's are those of their index (participants_event_sort and
 * participants_event_email): the rowids are read from the index in
 * order, no sorting step. The others sort with a step of SQLite's (the
 * search of guichet_store_search_participants() only); lists take them
 * from read_grouped_order(). */
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

/* What a search text looks for. */
typedef struct
{
  GStrv    words;      /* the names' and e-mail's words looked for */
  char    *fts;        /* ... as an FTS5 query */
  char    *prefix;     /* the text: every value starting with it sorts in */
  char    *prefix_end; /* [prefix, prefix_end) */
  gboolean by_email;   /* the start of the e-mail rather than words */
  gboolean by_barcode; /* and the start of the barcode */
} Search;

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->words, g_strfreev);
  g_clear_pointer (&search->fts, g_free);
  g_clear_pointer (&search->prefix, g_free);
  g_clear_pointer (&search->prefix_end, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

/* The search of @text: FALSE when there is nothing to search for.
 *
 * Text with an "@" after its start is an e-mail being typed: it is
 * looked for as the start of the e-mail (participants_event_email), not
 * word by word, where the domain's words ("gmail", "com") would each
 * match a good part of the event: ~240 ms a key at 1,000,000
 * participants. Barcodes are looked for from the second character: one
 * character starts a tenth of them or more (~30 ms at 1,000,000 through
 * their index) and says nothing of a code. */
static gboolean
parse_search (const char *text,
              Search     *search)
{
  g_autofree char *stripped = NULL;

  memset (search, 0, sizeof *search);
  if (text == NULL)
    return FALSE;

  stripped = g_strstrip (g_utf8_make_valid (text, -1));
  if (*stripped == '\0')
    return FALSE;

  search->by_email = strchr (stripped + 1, '@') != NULL;
  search->by_barcode = g_utf8_strlen (stripped, -1) >= 2;
  if (!search->by_email)
    {
      search->words = split_words (stripped);
      search->fts = make_fts_query ((const char * const *) search->words);
    }
  search->prefix_end = g_strconcat (stripped, "\xf4\x8f\xbf\xbf", NULL);
  search->prefix = g_steal_pointer (&stripped);
  return TRUE;
}

/* "SELECT rowid ... UNION ..." of the search's matches: ?3 the FTS5
 * query, ?4 and ?5 the prefix's range, @event_key the event's key (an
 * expression). Rows of other events may come from the full-text index
 * (it holds every event's). The barcode's index holds the event's key,
 * so its range is read alone; the unary + keeps the planner on it, off
 * the event's whole range in an index led by the key. */
static void
append_matches (GString      *sql,
                const Search *search,
                const char   *event_key)
{
  gsize start = sql->len;

  if (search->fts != NULL)
    g_string_append (sql, "SELECT rowid FROM participants_fts WHERE participants_fts MATCH ?3");
  if (search->by_email)
    g_string_append_printf (sql,
                            "SELECT rowid FROM participants WHERE event_key = %s"
                            " AND email COLLATE NOCASE >= ?4 AND email COLLATE NOCASE < ?5",
                            event_key);
  if (search->by_barcode)
    g_string_append_printf (sql,
                            "%sSELECT rowid FROM participants WHERE barcode >= ?4"
                            " AND barcode < ?5 AND barcode <> '' AND +event_key = %s",
                            sql->len > start ? " UNION ALL " : "", event_key);
  if (sql->len == start)
    g_string_append (sql, "SELECT NULL WHERE 0");
}

static void
bind_matches (sqlite3_stmt *stmt,
              const Search *search)
{
  if (search->fts != NULL)
    sqlite3_bind_text (stmt, 3, search->fts, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, search->prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, search->prefix_end, -1, SQLITE_TRANSIENT);
}

/* SELECT <columns> ... for an event's participants in the order @sort,
 * filtered by @search (names and e-mail by word prefix, or e-mail or
 * barcode prefix). */
static sqlite3_stmt *
prepare_participant_query (sqlite3               *db,
                           const char            *columns,
                           const char            *account_id,
                           const char            *event_id,
                           const char            *search,
                           GuichetParticipantSort sort,
                           gboolean               descending,
                           guint                  limit,
                           const char            *what,
                           GError               **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT ");
  g_auto (Search) matches = { 0 };
  gboolean      searching;
  sqlite3_stmt *stmt;

  searching = parse_search (search, &matches);

  g_string_append (sql, columns);
  if (!searching)
    /* The event's key alone: it leads the display order's index, which
     * then gives the rows in order. */
    g_string_append (sql, " WHERE p.event_key = (SELECT key FROM event_keys"
                          " WHERE account_id = ?1 AND event_id = ?2)");
  else
    {
      /* Driven from the matches (the full-text index's rows, the
       * e-mails or barcodes in the prefix's range), then each looked up
       * by rowid and sorted. Walking the event's display order and
       * testing every row against the matches took ~2 s at 1,000,000
       * participants even for one match. The unary + keep the planner
       * off the display order's index. */
      g_string_append (sql, " WHERE p.rowid IN (");
      append_matches (sql, &matches,
                      "(SELECT key FROM event_keys WHERE account_id = ?1 AND event_id = ?2)");
      g_string_append (sql, ") AND +p.event_key = (SELECT key FROM event_keys"
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
  if (searching)
    bind_matches (stmt, &matches);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);

  return stmt;
}

GPtrArray *
guichet_store_search_participants (GuichetStore *self,
                                   const char   *account_id,
                                   const char   *event_id,
                                   const char   *text,
                                   guint         limit,
                                   GError      **error)
{
  const char *what = _("Could not search the participants");
  g_autoptr (GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  /* The first few of a text that matches a good part of the event: by
   * testing the rows in order rather than sorting all its matches. */
  if (limit > 0)
    {
      g_autoptr (GArray) head = NULL;
      gboolean complete;

      head = guichet_store_list_participant_rowids_head (self, account_id, event_id, text,
                                                         GUICHET_PARTICIPANT_SORT_NAME, FALSE,
                                                         limit, &complete, NULL, error);
      if (head == NULL && error != NULL && *error != NULL)
        return NULL;
      if (head != NULL)
        {
          rows = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint i = 0; i < head->len; i++)
            {
              GuichetParticipant *participant =
                guichet_store_get_participant_by_rowid (self, g_array_index (head, gint64, i));

              if (participant != NULL)
                g_ptr_array_add (rows, participant);
            }
          return g_steal_pointer (&rows);
        }
    }

  g_mutex_lock (&self->bulk.lock);
  stmt = prepare_participant_query (self->bulk.db, PARTICIPANT_COLUMNS, account_id, event_id, text,
                                    GUICHET_PARTICIPANT_SORT_NAME, FALSE, limit, what, error);
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

/* The search's matches and the filters' rows sorted without reading
 * their rows: an event's rowids in one display order, as its index gave
 * them, and each rowid's position in it. A keystroke's matches (from the
 * full-text index and the barcode index, which hold no sort key) are
 * marked by position and read out in order: a few milliseconds beyond
 * the full-text match itself, where looking up and sorting each match's
 * row took ~100 ms for a common name's 33,000 matches at 1,000,000
 * participants, ~400 ms for a letter's 240,000. Likewise the filters,
 * where testing each row of the order took 2-8 s at 1,000,000. Kept for the file's data version:
 * any commit of another connection (the sync's, another process's) makes it stale, and the next
 * list reads it again from the index. */
struct _GuichetStoreOrder
{
  gint64                 event_key;
  GuichetParticipantSort sort;
  gboolean               descending;
  gint64                 data_version;
  GArray                *rowids; /* gint64, in the order */
  /* rowid -> position + 1 (0: not in the event), for rowids from
   * min_rowid on; NULL when the event's rowids spread too far, then
   * by_rowid holds (rowid, position) pairs by rowid */
  gint64   min_rowid;
  gsize    span;
  guint32 *positions;
  GArray  *by_rowid;
};

typedef struct
{
  gint64  rowid;
  guint32 position;
} RowidPosition;

void
_guichet_store_order_free (GuichetStoreOrder *order)
{
  g_clear_pointer (&order->rowids, g_array_unref);
  g_clear_pointer (&order->positions, g_free);
  g_clear_pointer (&order->by_rowid, g_array_unref);
  g_free (order);
}

static int
compare_rowid_position (gconstpointer a,
                        gconstpointer b)
{
  gint64 x = ((const RowidPosition *) a)->rowid;
  gint64 y = ((const RowidPosition *) b)->rowid;

  return x < y ? -1 : x > y;
}

/* Fills in the positions (once, on the first search in this order). */
static void
order_index (GuichetStoreOrder *order)
{
  GArray *rowids = order->rowids;
  gint64  min_rowid = G_MAXINT64, max_rowid = G_MININT64;

  if (order->positions != NULL || order->by_rowid != NULL)
    return;

  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);

      min_rowid = MIN (min_rowid, rowid);
      max_rowid = MAX (max_rowid, rowid);
    }

  /* A table of 4 bytes a rowid from the event's first to its last,
   * unless other events' rows sit in between by the million. */
  if (rowids->len > 0 && (guint64) (max_rowid - min_rowid) < 4 * (guint64) rowids->len + 1000000)
    {
      order->min_rowid = min_rowid;
      order->span = (gsize) (max_rowid - min_rowid) + 1;
      order->positions = g_new0 (guint32, order->span);
      for (guint i = 0; i < rowids->len; i++)
        order->positions[g_array_index (rowids, gint64, i) - min_rowid] = i + 1;
    }
  else
    {
      order->by_rowid = g_array_sized_new (FALSE, FALSE, sizeof (RowidPosition), rowids->len);
      for (guint i = 0; i < rowids->len; i++)
        {
          RowidPosition pair = { g_array_index (rowids, gint64, i), i };

          g_array_append_val (order->by_rowid, pair);
        }
      g_array_sort (order->by_rowid, compare_rowid_position);
    }
}

/* The position of @rowid in @order, or -1 if it is not one of the event's. */
static gint64
order_position (GuichetStoreOrder *order,
                gint64             rowid)
{
  if (order->positions != NULL)
    {
      if (rowid < order->min_rowid || (guint64) (rowid - order->min_rowid) >= order->span)
        return -1;
      return (gint64) order->positions[rowid - order->min_rowid] - 1;
    }
  else
    {
      RowidPosition key = { rowid, 0 };
      guint         lo = 0, hi = order->by_rowid->len;

      while (lo < hi)
        {
          guint                mid = lo + (hi - lo) / 2;
          const RowidPosition *pair = &g_array_index (order->by_rowid, RowidPosition, mid);
          int                  cmp = compare_rowid_position (&key, pair);

          if (cmp == 0)
            return pair->position;
          if (cmp < 0)
            hi = mid;
          else
            lo = mid + 1;
        }
      return -1;
    }
}

/* The rowids of one statement's rows (column 0); NULL on error. */
static GArray *
read_rowids (sqlite3      *db,
             sqlite3_stmt *stmt,
             const char   *what,
             GError      **error)
{
  g_autoptr (GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    {
      _guichet_store_set_db_error (error, db, what);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

/* A single-value query on the bulk connection: the integer, or @otherwise. */
static gint64
query_int64 (sqlite3    *db,
             const char *sql,
             const char *a,
             const char *b,
             gint64      otherwise)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value = otherwise;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return otherwise;
  _guichet_store_bind_text (stmt, 1, a);
  _guichet_store_bind_text (stmt, 2, b);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  _guichet_store_reset (stmt);
  sqlite3_finalize (stmt);
  return value;
}

/* Marks the positions in @order of the rows @stmt gives (column 0) in
 * @marks (n_words words); rows of other events (the full-text index
 * holds every event's) have no position. FALSE on error. */
static gboolean
mark_rows (GuichetStore      *self,
           GuichetStoreOrder *order,
           sqlite3_stmt      *stmt,
           guint64           *marks,
           const char        *what,
           GError           **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 position = order_position (order, sqlite3_column_int64 (stmt, 0));

      if (position >= 0)
        marks[position / 64] |= G_GUINT64_CONSTANT (1) << (position % 64);
    }
  if (rc != SQLITE_DONE)
    {
      _guichet_store_set_db_error (error, self->bulk.db, what);
      return FALSE;
    }
  return TRUE;
}

/* The rows of @order (or its reverse) that the search and the filters
 * keep: each criterion marks its rows' positions from an index (the
 * full-text, e-mail and barcode ones for the search, the check-in
 * order's for the state, participants_event_ticket_type for the types),
 * the marks are intersected and read out in order. No row is read. */
static GArray *
filter_in_order (GuichetStore        *self,
                 GuichetStoreOrder   *order,
                 const char          *account_id,
                 const char          *event_id,
                 const char          *search,
                 const char * const  *ticket_type_ids,
                 GuichetCheckInFilter check_in,
                 gboolean             descending,
                 const char          *what,
                 GError             **error)
{
  g_auto (Search) matches = { 0 };
  g_autofree guint64 *marks = NULL;
  g_autofree guint64 *these = NULL;
  g_autoptr (GArray) rowids = NULL;
  guint n = order->rowids->len, n_words = MAX ((n + 63) / 64, 1), n_marked = 0;
  guint n_types = ticket_type_ids != NULL ? g_strv_length ((char **) ticket_type_ids) : 0;

  /* Everyone, then each criterion keeps its rows */
  marks = g_new (guint64, n_words);
  memset (marks, 0xff, n_words * sizeof (guint64));
  if (n % 64 != 0)
    marks[n_words - 1] = (G_GUINT64_CONSTANT (1) << (n % 64)) - 1;
  else if (n == 0)
    marks[0] = 0;
  these = g_new (guint64, n_words);

  for (guint criterion = 0; criterion < 3; criterion++)
    {
      g_autoptr (GString) sql = g_string_new (NULL);
      gboolean      complement = FALSE;
      sqlite3_stmt *stmt;
      gboolean      ok;

      if (criterion == 0)
        {
          if (!parse_search (search, &matches))
            continue;
          append_matches (sql, &matches, "?6");
        }
      else if (criterion == 1)
        {
          if (check_in == GUICHET_CHECK_IN_FILTER_ALL)
            continue;
          /* The checked-in rows, few or many, from the check-in order's
           * index; those not checked in are the others. */
          g_string_append (
            sql, "SELECT rowid FROM participants WHERE event_key = ?6 AND checked_in = 1");
          complement = check_in == GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN;
        }
      else
        {
          if (n_types == 0)
            continue;
          g_string_append (sql, "SELECT rowid FROM participants WHERE event_key = ?6"
                                " AND ticket_type_id IN (");
          for (guint i = 0; i < n_types; i++)
            g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", 7 + i);
          g_string_append (sql, ")");
        }

      stmt = _guichet_store_prepare (self->bulk.db, sql->str, what, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, event_id, -1, SQLITE_STATIC);
      if (criterion == 0)
        bind_matches (stmt, &matches);
      sqlite3_bind_int64 (stmt, 6, order->event_key);
      for (guint i = 0; criterion == 2 && i < n_types; i++)
        sqlite3_bind_text (stmt, 7 + i, ticket_type_ids[i], -1, SQLITE_STATIC);

      memset (these, 0, n_words * sizeof (guint64));
      ok = mark_rows (self, order, stmt, these, what, error);
      sqlite3_finalize (stmt);
      if (!ok)
        return NULL;
      for (guint w = 0; w < n_words; w++)
        marks[w] &= complement ? ~these[w] : these[w];
    }

  for (guint w = 0; w < n_words; w++)
    n_marked += (guint) __builtin_popcountll (marks[w]);

  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_marked);
  if (descending == order->descending)
    {
      for (guint w = 0; w < n_words; w++)
        for (guint64 bits = marks[w]; bits != 0; bits &= bits - 1)
          {
            guint position = w * 64 + (guint) __builtin_ctzll (bits);

            g_array_append_val (rowids, g_array_index (order->rowids, gint64, position));
          }
    }
  else
    {
      for (guint w = n_words; w-- > 0;)
        for (guint64 bits = marks[w]; bits != 0;)
          {
            guint top = 63 - (guint) __builtin_clzll (bits);

            g_array_append_val (rowids, g_array_index (order->rowids, gint64, w * 64 + top));
            bits &= ~(G_GUINT64_CONSTANT (1) << top);
          }
    }

  return g_steal_pointer (&rowids);
}

/* Grouped orders: ticket type, status and check-in sort by a key that
 * many participants share, then by name. Their indexes hold the key
 * alone (migration 15), in rowid order within a key, so a sync appends
 * to them instead of writing a random page per row and index, as the
 * key-then-name indexes did; the name comes from the name order, by
 * position. */

typedef struct
{
  char *key;   /* the sort's key; NULL sorts first */
  guint start; /* the run's first row in the rows walked */
  guint len;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->key);
}

static int
compare_keys (const char *a,
              const char *b)
{
  /* SQL's BINARY collation on UTF-8 is strcmp's order; NULL first */
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  const Run *x = a, *y = b;
  int        cmp = compare_keys (x->key, y->key);

  /* Stable: runs of one key keep the walk's order */
  if (cmp == 0)
    cmp = (x->start > y->start) - (x->start < y->start);
  return cmp;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* Appends the rowids of @group (rowids of the event) to @out in the
 * order of @by_name. */
static void
append_by_name (GArray            *out,
                GuichetStoreOrder *by_name,
                const gint64      *group,
                guint              n_group,
                guint64           *marks,
                GArray            *positions)
{
  guint n = by_name->rowids->len, n_words = (n + 63) / 64;

  if (n_group > n / 64)
    {
      /* Many: mark and read the name order */
      memset (marks, 0, MAX (n_words, 1) * sizeof (guint64));
      for (guint i = 0; i < n_group; i++)
        {
          gint64 position = order_position (by_name, group[i]);

          if (position >= 0)
            marks[position / 64] |= G_GUINT64_CONSTANT (1) << (position % 64);
        }
      for (guint w = 0; w < n_words; w++)
        for (guint64 bits = marks[w]; bits != 0; bits &= bits - 1)
          g_array_append_val (out, g_array_index (by_name->rowids, gint64,
                                                  w * 64 + (guint) __builtin_ctzll (bits)));
    }
  else
    {
      /* Few: sort their positions */
      g_array_set_size (positions, 0);
      for (guint i = 0; i < n_group; i++)
        {
          gint64 position = order_position (by_name, group[i]);

          if (position >= 0)
            {
              guint p = (guint) position;
              g_array_append_val (positions, p);
            }
        }
      g_array_sort (positions, compare_guint);
      for (guint i = 0; i < positions->len; i++)
        g_array_append_val (out, g_array_index (by_name->rowids, gint64,
                                                g_array_index (positions, guint, i)));
    }
}

/* The event's rowids in the order @sort (a grouped one), ascending, from
 * its key's index and @by_name. */
static GArray *
read_grouped_order (GuichetStore          *self,
                    gint64                 event_key,
                    GuichetParticipantSort sort,
                    GuichetStoreOrder     *by_name,
                    const char            *what,
                    GError               **error)
{
  g_autoptr (GArray) walked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) runs = g_array_new (FALSE, TRUE, sizeof (Run));
  g_autoptr (GArray) out = NULL;
  g_autoptr (GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint64 *marks = NULL;
  g_autofree char    *last_a = NULL;
  g_autofree char    *last_b = NULL;
  gboolean            first = TRUE;
  const char         *sql;
  sqlite3_stmt       *stmt;
  int                 rc;

  g_array_set_clear_func (runs, (GDestroyNotify) run_clear);

  /* Rows by (a, b), b possibly NULL: each index read in its order */
  switch (sort)
    {
    case GUICHET_PARTICIPANT_SORT_TICKET:
      sql = "SELECT rowid, ticket_type_id, ticket_type_name FROM participants"
            " WHERE event_key = ?1 ORDER BY ticket_type_id, ticket_type_name";
      break;
    case GUICHET_PARTICIPANT_SORT_STATUS:
      sql = "SELECT rowid, status, NULL FROM participants WHERE event_key = ?1 ORDER BY status";
      break;
    case GUICHET_PARTICIPANT_SORT_CHECKED_IN:
      sql = "SELECT rowid, checked_in, checked_in_at FROM participants"
            " WHERE event_key = ?1 ORDER BY checked_in, checked_in_at";
      break;
    case GUICHET_PARTICIPANT_SORT_NAME:
    case GUICHET_PARTICIPANT_SORT_EMAIL:
    default:
      g_assert_not_reached ();
    }

  stmt = _guichet_store_prepare (self->bulk.db, sql, what, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64      rowid = sqlite3_column_int64 (stmt, 0);
      const char *a = (const char *) sqlite3_column_text (stmt, 1);
      const char *b = (const char *) sqlite3_column_text (stmt, 2);

      if (first || compare_keys (a, last_a) != 0 || compare_keys (b, last_b) != 0)
        {
          Run run = { NULL, walked->len, 0 };

          g_free (last_a);
          g_free (last_b);
          last_a = g_strdup (a);
          last_b = g_strdup (b);
          first = FALSE;
          if (sort == GUICHET_PARTICIPANT_SORT_TICKET)
            /* The name, or the id when there is none: coalesce (nullif
             * (ticket_type_name, ''), ticket_type_id) */
            run.key = g_strdup (b != NULL && *b != '\0' ? b : a);
          g_array_append_val (runs, run);
        }
      g_array_index (runs, Run, runs->len - 1).len++;
      g_array_append_val (walked, rowid);
    }
  if (rc != SQLITE_DONE)
    {
      _guichet_store_set_db_error (error, self->bulk.db, what);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  /* Ticket types: the (id, name) runs in the key's order; the others
   * came in order */
  if (sort == GUICHET_PARTICIPANT_SORT_TICKET)
    g_array_sort (runs, compare_runs);

  out = g_array_sized_new (FALSE, FALSE, sizeof (gint64), walked->len);
  marks = g_new (guint64, MAX ((by_name->rowids->len + 63) / 64, 1));
  for (guint r = 0; r < runs->len;)
    {
      Run  *run = &g_array_index (runs, Run, r);
      guint end = r + 1;

      /* Runs of one ticket key (one name, several ids) sort as one */
      while (sort == GUICHET_PARTICIPANT_SORT_TICKET && end < runs->len &&
             compare_keys (g_array_index (runs, Run, end).key, run->key) == 0)
        end++;
      if (end == r + 1)
        append_by_name (out, by_name, &g_array_index (walked, gint64, run->start), run->len, marks,
                        positions);
      else
        {
          g_autoptr (GArray) group = g_array_new (FALSE, FALSE, sizeof (gint64));

          for (guint i = r; i < end; i++)
            g_array_append_vals (group,
                                 &g_array_index (walked, gint64,
                                                 g_array_index (runs, Run, i).start),
                                 g_array_index (runs, Run, i).len);
          append_by_name (out, by_name, (const gint64 *) (void *) group->data, group->len, marks,
                          positions);
        }
      r = end;
    }

  return g_steal_pointer (&out);
}

static gboolean
is_grouped (GuichetParticipantSort sort)
{
  return sort == GUICHET_PARTICIPANT_SORT_TICKET || sort == GUICHET_PARTICIPANT_SORT_STATUS ||
         sort == GUICHET_PARTICIPANT_SORT_CHECKED_IN;
}

static GuichetStoreOrder *
order_new (gint64                 event_key,
           GuichetParticipantSort sort,
           gint64                 data_version,
           GArray                *rowids)
{
  GuichetStoreOrder *order = g_new0 (GuichetStoreOrder, 1);

  order->event_key = event_key;
  order->sort = sort;
  order->descending = FALSE;
  order->data_version = data_version;
  order->rowids = rowids;
  return order;
}

static gboolean
order_is (GuichetStoreOrder     *order,
          gint64                 event_key,
          GuichetParticipantSort sort,
          gint64                 data_version)
{
  return order != NULL && order->event_key == event_key && order->sort == sort &&
         order->data_version == data_version;
}

/* The event's order @sort, ascending: kept from before if nothing
 * changed since, else read (name and e-mail from their indexes, the
 * grouped ones from their key's index and the name order). */
static GuichetStoreOrder *
get_order (GuichetStore          *self,
           const char            *account_id,
           const char            *event_id,
           gint64                 event_key,
           GuichetParticipantSort sort,
           gint64                 data_version,
           const char            *what,
           GError               **error)
{
  GuichetParticipantSort base = is_grouped (sort) ? GUICHET_PARTICIPANT_SORT_NAME : sort;
  g_autoptr (GArray) rowids = NULL;

  if (order_is (self->order, event_key, sort, data_version))
    return self->order;

  if (!order_is (self->base_order, event_key, base, data_version))
    {
      sqlite3_stmt *stmt;

      g_clear_pointer (&self->base_order, _guichet_store_order_free);
      if (order_is (self->order, event_key, base, data_version))
        rowids = g_array_copy (self->order->rowids);
      else
        {
          stmt =
            prepare_participant_query (self->bulk.db, "p.rowid FROM participants p", account_id,
                                       event_id, NULL, base, FALSE, 0, what, error);
          if (stmt == NULL)
            return NULL;
          rowids = read_rowids (self->bulk.db, stmt, what, error);
          sqlite3_finalize (stmt);
          if (rowids == NULL)
            return NULL;
        }
      self->base_order = order_new (event_key, base, data_version, g_steal_pointer (&rowids));
    }

  g_clear_pointer (&self->order, _guichet_store_order_free);
  if (is_grouped (sort))
    {
      order_index (self->base_order);
      rowids = read_grouped_order (self, event_key, sort, self->base_order, what, error);
      if (rowids == NULL)
        return NULL;
    }
  else
    rowids = g_array_copy (self->base_order->rowids);
  self->order = order_new (event_key, sort, data_version, g_steal_pointer (&rowids));
  return self->order;
}

/* Takes the bulk connection and opens a read transaction on it, in which
 * the file's data version and the event's key agree with the rows read
 * next (-1: no row was ever written for the event). FALSE on error,
 * with the connection let go. */
static gboolean
begin_event_read (GuichetStore *self,
                  const char   *account_id,
                  const char   *event_id,
                  gint64       *data_version,
                  gint64       *event_key,
                  const char   *what,
                  GError      **error)
{
  g_mutex_lock (&self->bulk.lock);
  if (!_guichet_store_exec (self->bulk.db, "BEGIN", what, error))
    {
      g_mutex_unlock (&self->bulk.lock);
      return FALSE;
    }
  *data_version = query_int64 (self->bulk.db, "PRAGMA main.data_version", NULL, NULL, -1);
  *event_key = query_int64 (self->bulk.db,
                            "SELECT key FROM event_keys WHERE account_id = ?1 AND event_id = ?2",
                            account_id, event_id, -1);
  return TRUE;
}

static void
end_event_read (GuichetStore *self)
{
  sqlite3_exec (self->bulk.db, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->bulk.lock);
}

GArray *
guichet_store_list_participant_rowids (GuichetStore          *self,
                                       const char            *account_id,
                                       const char            *event_id,
                                       const char            *search,
                                       GuichetParticipantSort sort,
                                       gboolean               descending,
                                       GError               **error)
{
  return guichet_store_list_participant_rowids_filtered (self, account_id, event_id, search, NULL,
                                                         GUICHET_CHECK_IN_FILTER_ALL, sort,
                                                         descending, NULL, NULL, error);
}

/* SQLite's progress handler: stops the statement once @data (a
 * GCancellable) is cancelled. */
static int
stop_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

GArray *
guichet_store_list_participant_rowids_filtered (GuichetStore          *self,
                                                const char            *account_id,
                                                const char            *event_id,
                                                const char            *search,
                                                const char * const    *ticket_type_ids,
                                                GuichetCheckInFilter   check_in,
                                                GuichetParticipantSort sort,
                                                gboolean               descending,
                                                guint                 *n_event,
                                                GCancellable          *cancellable,
                                                GError               **error)
{
  const char      *what = _("Could not read the participants");
  g_autofree char *text = NULL;
  g_autoptr (GArray) rowids = NULL;
  gboolean filtered;
  gint64   event_key, data_version;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (sort <= GUICHET_PARTICIPANT_SORT_CHECKED_IN, NULL);
  g_return_val_if_fail (check_in <= GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN, NULL);

  if (search != NULL)
    {
      text = g_strstrip (g_strdup (search));
      if (*text == '\0')
        g_clear_pointer (&text, g_free);
    }
  filtered = check_in != GUICHET_CHECK_IN_FILTER_ALL ||
             (ticket_type_ids != NULL && ticket_type_ids[0] != NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!begin_event_read (self, account_id, event_id, &data_version, &event_key, what, error))
    return NULL;
  /* A list superseded (another key typed) lets go of the connection at once. */
  if (cancellable != NULL)
    sqlite3_progress_handler (self->bulk.db, 1000, stop_if_cancelled, cancellable);

  if (n_event != NULL)
    *n_event = 0;
  if (event_key < 0)
    /* No row was ever written for this event */
    rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    {
      GuichetStoreOrder *order =
        get_order (self, account_id, event_id, event_key, sort, data_version, what, error);

      if (order != NULL && n_event != NULL)
        /* The order holds every participant of the event. */
        *n_event = order->rowids->len;
      if (order == NULL)
        ;
      else if (text != NULL || filtered)
        {
          /* A search or filters: their rows, by their positions in the order */
          order_index (order);
          rowids = filter_in_order (self, order, account_id, event_id, text, ticket_type_ids,
                                    check_in, descending, what, error);
        }
      else if (!descending)
        rowids = g_array_copy (order->rowids);
      else
        {
          guint n = order->rowids->len;

          rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
          g_array_set_size (rowids, n);
          for (guint i = 0; i < n; i++)
            g_array_index (rowids, gint64, i) = g_array_index (order->rowids, gint64, n - 1 - i);
        }
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (self->bulk.db, 0, NULL, NULL);
  end_event_read (self);

  if (rowids == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return g_steal_pointer (&rowids);
}

/* A head walk leaves the search to the indexes once it has tested this
 * many rows that do not match, or sooner when fewer than one row in
 * HEAD_SPARSE of the first HEAD_SAMPLE matched: a text that selective
 * has few enough rows for the indexes to find them all in less time
 * (at 1,000,000 participants: ~10 ms for 33,000 rows, against ~3 µs a
 * row tested here). */
#define HEAD_BUDGET 1000
#define HEAD_SAMPLE 300
#define HEAD_SPARSE 20

GArray *
guichet_store_list_participant_rowids_head (GuichetStore          *self,
                                            const char            *account_id,
                                            const char            *event_id,
                                            const char            *search,
                                            GuichetParticipantSort sort,
                                            gboolean               descending,
                                            guint                  max,
                                            gboolean              *complete,
                                            guint                 *n_event,
                                            GError               **error)
{
  const char *what = _("Could not read the participants");
  g_auto (Search) matches = { 0 };
  g_autoptr (GuichetTextMatcher) matcher = NULL;
  g_autoptr (GArray) rowids = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        event_key, data_version;
  gboolean      ok = TRUE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);
  g_return_val_if_fail (sort <= GUICHET_PARTICIPANT_SORT_CHECKED_IN, NULL);
  g_return_val_if_fail (complete != NULL, NULL);

  *complete = FALSE;
  if (n_event != NULL)
    *n_event = 0;
  if (max == 0 || !parse_search (search, &matches))
    return NULL;

  if (!begin_event_read (self, account_id, event_id, &data_version, &event_key, what, error))
    return NULL;
  if (matches.words != NULL)
    matcher = _guichet_text_matcher_new (self->bulk.db, (const char * const *) matches.words);

  if (event_key < 0)
    {
      /* No row was ever written for this event */
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
      *complete = TRUE;
    }
  else if (matches.fts == NULL || matcher != NULL)
    {
      GuichetStoreOrder *order =
        get_order (self, account_id, event_id, event_key, sort, data_version, what, error);

      stmt = order == NULL ? NULL
                           : _guichet_store_prepare (self->bulk.db,
                                                     "SELECT first_name, last_name, email, barcode"
                                                     " FROM participants WHERE rowid = ?1",
                                                     what, error);
      if (stmt != NULL)
        {
          guint n = order->rowids->len;
          guint i;

          if (n_event != NULL)
            *n_event = n;
          rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
          for (i = 0; i < n && i < HEAD_BUDGET + rowids->len && rowids->len < max; i++)
            {
              gint64      rowid = g_array_index (order->rowids, gint64, descending ? n - 1 - i : i);
              const char *texts[3];
              const char *barcode;
              gboolean    match = FALSE;

              if (i >= HEAD_SAMPLE && rowids->len * HEAD_SPARSE < i)
                break;
              sqlite3_bind_int64 (stmt, 1, rowid);
              if (sqlite3_step (stmt) != SQLITE_ROW)
                {
                  _guichet_store_set_db_error (error, self->bulk.db, what);
                  ok = FALSE;
                  break;
                }
              for (guint c = 0; c < 3; c++)
                texts[c] = (const char *) sqlite3_column_text (stmt, c);
              barcode = (const char *) sqlite3_column_text (stmt, 3);

              /* As append_matches() would find it */
              if (matcher != NULL)
                match = _guichet_text_matcher_matches (matcher, texts, 3);
              if (!match && matches.by_email && texts[2] != NULL)
                match =
                  g_ascii_strncasecmp (texts[2], matches.prefix, strlen (matches.prefix)) == 0;
              if (!match && matches.by_barcode && barcode != NULL)
                match = g_str_has_prefix (barcode, matches.prefix);
              if (match)
                g_array_append_val (rowids, rowid);
              sqlite3_reset (stmt);
            }
          if (!ok)
            g_clear_pointer (&rowids, g_array_unref);
          else if (i == n)
            *complete = TRUE;
          else if (rowids->len < max)
            /* Selective: the indexes find its rows quicker. */
            g_clear_pointer (&rowids, g_array_unref);
          sqlite3_finalize (stmt);
        }
    }
  end_event_read (self);

  return g_steal_pointer (&rowids);
}

GuichetParticipant *
guichet_store_get_participant_by_rowid (GuichetStore *self,
                                        gint64        rowid)
{
  GuichetParticipant *participant = NULL;
  sqlite3_stmt       *stmt;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_FIND_BY_ROWID, NULL, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      _guichet_store_bind_text (stmt, 2, guichet_verdict_to_string (GUICHET_VERDICT_ADMITTED));
      _guichet_store_bind_text (stmt, 3, guichet_direction_to_string (GUICHET_DIRECTION_IN));
      _guichet_store_bind_text (stmt, 4, guichet_direction_to_string (GUICHET_DIRECTION_OUT));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        participant = participant_from_row (stmt);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return participant;
}

gint64
guichet_store_count_participants (GuichetStore *self,
                                  const char   *account_id,
                                  const char   *event_id,
                                  GError      **error)
{
  const char   *what = _("Could not count the participants");
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (GUICHET_IS_STORE (self), -1);
  g_return_val_if_fail (account_id != NULL, -1);
  g_return_val_if_fail (event_id != NULL, -1);

  g_mutex_lock (&self->bulk.lock);
  stmt = _guichet_store_prepare (
    self->bulk.db, "SELECT count(*) FROM participants WHERE account_id = ?1 AND event_id = ?2",
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
