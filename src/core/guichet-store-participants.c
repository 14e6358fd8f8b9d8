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
/* Names: a sort key                                                        */

/* Lower case, accents dropped, compatibility forms folded. */
static void
append_folded (GString    *out,
               const char *text)
{
  g_autofree char *norm = NULL;
  g_autofree char *folded = NULL;
  g_autoptr (GString) bare = NULL;

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

/* ------------------------------------------------------------------------ */
/* Writing participants: pages, cursors and run generations                 */

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
  _guichet_store_bind_text (stage, base + 1, guichet_participant_get_id (participant));
  _guichet_store_bind_text (stage, base + 2, guichet_participant_get_date_id (participant));
  _guichet_store_bind_text (stage, base + 3, barcode);
  _guichet_store_bind_text (stage, base + 4, guichet_participant_get_first_name (participant));
  _guichet_store_bind_text (stage, base + 5, guichet_participant_get_last_name (participant));
  _guichet_store_bind_text (stage, base + 6, guichet_participant_get_email (participant));
  _guichet_store_bind_text (stage, base + 7, guichet_participant_get_ticket_type_id (participant));
  _guichet_store_bind_text (stage, base + 8,
                            guichet_participant_get_ticket_type_name (participant));
  _guichet_store_bind_text (stage, base + 9,
                            guichet_participant_status_to_string (
                              guichet_participant_get_status (participant)));
  sqlite3_bind_int (stage, base + 10, guichet_participant_get_checked_in (participant) ? 1 : 0);
  _guichet_store_bind_text (stage, base + 11, guichet_participant_get_checked_in_at (participant));
  _guichet_store_bind_text (stage, base + 12, guichet_participant_get_order_id (participant));
  _guichet_store_bind_text (stage, base + 13, guichet_participant_get_updated_at (participant));
  _guichet_store_bind_text (stage, base + 14, sort_key);
  _guichet_store_bind_text (stage, base + 15, guichet_participant_get_answers (participant));
  _guichet_store_bind_text (stage, base + 16, guichet_participant_get_seat (participant));
}

/* Runs a cached writer statement with ?1 = account, ?2 = event and, when
 * @generation >= 0, ?3 = generation. */
static gboolean
run_page_statement (GuichetStore    *self,
                    GuichetStoreStmt id,
                    const char      *account_id,
                    const char      *event_id,
                    gint64           generation,
                    const char      *what,
                    GError         **error)
{
  sqlite3_stmt *stmt = _guichet_store_cached_stmt (&self->writer, id, what, error);

  if (stmt == NULL)
    return FALSE;
  _guichet_store_bind_text (stmt, 1, account_id);
  _guichet_store_bind_text (stmt, 2, event_id);
  if (generation >= 0)
    sqlite3_bind_int64 (stmt, 3, generation);
  return _guichet_store_step (stmt, self->writer.db, what, error);
}

/* Tickets that admit more than one person; the upsert set the others to 1
 * (a row with more than 1 is always rewritten). */
static gboolean
write_entries_locked (GuichetStore *self,
                      const char   *account_id,
                      const char   *event_id,
                      GPtrArray    *participants,
                      const char   *what,
                      GError      **error)
{
  for (guint i = 0; i < participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);
      sqlite3_stmt       *stmt;

      if (guichet_participant_get_entries (p) <= 1)
        continue;

      stmt = _guichet_store_cached_stmt (&self->writer, STMT_SET_ENTRIES, what, error);
      if (stmt == NULL)
        return FALSE;
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, guichet_participant_get_id (p));
      sqlite3_bind_int64 (stmt, 4, guichet_participant_get_entries (p));
      if (!_guichet_store_step (stmt, self->writer.db, what, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_page_locked (GuichetStore *self,
                   const char   *account_id,
                   const char   *event_id,
                   GPtrArray    *participants,
                   gint64        generation,
                   guint        *n_written,
                   const char   *what,
                   GError      **error)
{
  g_autoptr (GHashTable) last_claim = NULL;
  sqlite3_stmt *one;
  sqlite3_stmt *many;
  guint         n_staged = 0;

  *n_written = 0;
  if (participants == NULL || participants->len == 0)
    return TRUE;

  /* Within a page too, the later claim of a barcode wins it. */
  last_claim = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < participants->len; i++)
    {
      GuichetParticipant *participant = g_ptr_array_index (participants, i);
      const char         *id = guichet_participant_get_id (participant);
      const char         *barcode = guichet_participant_get_barcode (participant);

      if (id != NULL && *id != '\0' && barcode != NULL && *barcode != '\0')
        g_hash_table_insert (last_claim, (gpointer) barcode, participant);
    }

  if (!run_page_statement (self, STMT_STAGE_CLEAR, NULL, NULL, -1, what, error) ||
      (one = _guichet_store_cached_stmt (&self->writer, STMT_STAGE_INSERT, what, error)) == NULL ||
      (many = _guichet_store_cached_stmt (&self->writer, STMT_STAGE_INSERT_MANY, what, error)) ==
        NULL)
    return FALSE;

  /* STAGE_ROWS rows a statement, then the rest one by one */
  for (guint i = 0; i < participants->len;)
    {
      GuichetParticipant *rows[STAGE_ROWS];
      const char         *barcodes[STAGE_ROWS];
      char               *sort_keys[STAGE_ROWS];
      guint               n_rows = 0;
      gboolean            ok = TRUE;

      for (; i < participants->len && n_rows < STAGE_ROWS; i++)
        {
          GuichetParticipant *participant = g_ptr_array_index (participants, i);
          const char         *id = guichet_participant_get_id (participant);
          const char         *barcode = guichet_participant_get_barcode (participant);

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
          ok = _guichet_store_step (many, self->writer.db, what, error);
        }
      else
        {
          for (guint k = 0; ok && k < n_rows; k++)
            {
              bind_stage_row (one, 0, rows[k], barcodes[k], sort_keys[k]);
              ok = _guichet_store_step (one, self->writer.db, what, error);
            }
        }

      for (guint k = 0; k < n_rows; k++)
        g_free (sort_keys[k]);
      if (!ok)
        return FALSE;
      n_staged += n_rows;
    }

  *n_written = n_staged;
  if (n_staged == 0)
    return TRUE;

  if (!run_page_statement (self, STMT_STAGE_CLEAR_BARCODES, account_id, event_id, -1, what, error))
    return FALSE;
  if (sqlite3_changes (self->writer.db) > 0)
    g_debug ("%d barcodes moved to other participants in %s/%s", sqlite3_changes (self->writer.db),
             account_id, event_id);

  if (!run_page_statement (self, STMT_ENSURE_EVENT_KEY, account_id, event_id, -1, what, error) ||
      !run_page_statement (self, STMT_STAGE_UPSERT, account_id, event_id, generation, what, error))
    return FALSE;

  /* The stamp is for the rows the upsert left alone: when it wrote every
   * staged row (a first sync, a page of new rows), each has this run's
   * generation already, and the stamp would only look each one up again. */
  if ((guint) sqlite3_changes (self->writer.db) < n_staged &&
      !run_page_statement (self, STMT_STAGE_STAMP, account_id, event_id, generation, what, error))
    return FALSE;

  return run_page_statement (self, STMT_STAGE_ANSWERS, account_id, event_id, -1, what, error) &&
         write_entries_locked (self, account_id, event_id, participants, what, error);
}

/* @run_generation: kept with the cursor (0: none). */
static gboolean
write_cursor_locked (GuichetStore *self,
                     const char   *account_id,
                     const char   *event_id,
                     const char   *cursor,
                     gint64        run_generation,
                     const char   *what,
                     GError      **error)
{
  sqlite3_stmt *stmt = _guichet_store_cached_stmt (&self->writer, STMT_SET_CURSOR, what, error);

  if (stmt == NULL)
    return FALSE;
  _guichet_store_bind_text (stmt, 1, account_id);
  _guichet_store_bind_text (stmt, 2, event_id != NULL ? event_id : "");
  _guichet_store_bind_text (stmt, 3, cursor);
  if (run_generation != 0)
    sqlite3_bind_int64 (stmt, 4, run_generation);
  else
    sqlite3_bind_null (stmt, 4);
  return _guichet_store_step (stmt, self->writer.db, what, error);
}

/* ------------------------------------------------------------------------ */
/* An event's first rows: its name and e-mail orders built once, at the end */

/* The list's name and e-mail orders (migrations 4 and 10 of
 * guichet-store-migrations.c, which they must match). Their keys are
 * random: each row a sync writes lands on a page of its own in each, and
 * past a few hundred thousand participants these pages no longer stay in
 * memory. While a sync run writes an event's first rows (and the event
 * outweighs the rest of the store), the two indexes are dropped, then
 * built at the run's end in one sorted pass: filling 1,000,000
 * participants took half the time (build-aux/bench-store). The lists
 * stay right meanwhile (their queries sort), only slower; the full-text
 * index, the barcodes' and the door's look-ups are untouched. */
static const char * const order_indexes =
  "CREATE INDEX IF NOT EXISTS participants_event_sort ON participants (event_key, sort_key);"
  "CREATE INDEX IF NOT EXISTS participants_event_email"
  "  ON participants (event_key, email COLLATE NOCASE);";
static const char * const drop_order_indexes = "DROP INDEX IF EXISTS participants_event_sort;"
                                               "DROP INDEX IF EXISTS participants_event_email;";

/* Below this, keeping the indexes costs less than building them. */
#define FILL_MIN_ROWS 10000

/* A sync run writing an event (self->fills, by "account\nevent"). */
typedef struct
{
  gint64   generation;
  gint64   rows;       /* the event's rows written by the run so far */
  gint64   other_rows; /* the rest of the store's; -1: not counted yet */
  gboolean fresh;      /* no row of the event is older than the run */
  gboolean deferred;   /* the order indexes were dropped for it */
} Fill;

/* The first column of @sql's row, bound ?1 = account, ?2 = event and
 * ?3 = @generation (when its statement has them). */
static gboolean
query_int64 (GuichetStore *self,
             const char   *sql,
             const char   *account_id,
             const char   *event_id,
             gint64        generation,
             gint64       *value,
             const char   *what,
             GError      **error)
{
  sqlite3_stmt *stmt = _guichet_store_prepare (self->writer.db, sql, what, error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
    }
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, generation);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else
    _guichet_store_set_db_error (error, self->writer.db, what);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

static char *
fill_key (const char *account_id,
          const char *event_id)
{
  return g_strconcat (account_id, "\n", event_id, NULL);
}

/* After a page of a run (its @n_rows written): drops the order indexes
 * once the event's first rows pass FILL_MIN_ROWS and the rest of the
 * store's. Under the writer's transaction. */
static gboolean
follow_fill_locked (GuichetStore *self,
                    const char   *account_id,
                    const char   *event_id,
                    gint64        generation,
                    guint         n_rows,
                    const char   *what,
                    GError      **error)
{
  g_autofree char *key = fill_key (account_id, event_id);
  Fill            *fill = g_hash_table_lookup (self->fills, key);

  if (fill == NULL || fill->generation != generation)
    {
      gint64 older = 0, rows = 0;

      /* The first page of the run in this process (a resumed run's too) */
      if (!query_int64 (self,
                        "SELECT EXISTS (SELECT 1 FROM participants WHERE account_id = ?1"
                        " AND event_id = ?2 AND generation < ?3)"
                        " OR EXISTS (SELECT 1 FROM participants WHERE account_id = ?1"
                        " AND event_id = ?2 AND generation > ?3)",
                        account_id, event_id, generation, &older, what, error) ||
          (!older && !query_int64 (self,
                                   "SELECT count(*) FROM participants"
                                   " WHERE account_id = ?1 AND event_id = ?2",
                                   account_id, event_id, generation, &rows, what, error)))
        return FALSE;

      fill = g_new0 (Fill, 1);
      fill->generation = generation;
      fill->rows = rows;
      fill->other_rows = -1;
      fill->fresh = !older;
      g_hash_table_replace (self->fills, g_steal_pointer (&key), fill);
    }
  else
    {
      fill->rows += n_rows;
    }

  if (!fill->fresh || fill->deferred || fill->rows < FILL_MIN_ROWS)
    return TRUE;

  /* Building the indexes sorts the whole store's rows, not the event's */
  if (fill->other_rows < 0)
    {
      gint64 all = 0;

      if (!query_int64 (self, "SELECT count(*) FROM participants", NULL, NULL, 0, &all, what,
                        error))
        return FALSE;
      fill->other_rows = all - fill->rows;
    }
  if (fill->rows < fill->other_rows)
    return TRUE;

  g_debug ("Building the list's orders of %s/%s at the end of its sync (%" G_GINT64_FORMAT
           " rows so far)",
           account_id, event_id, fill->rows);
  if (!_guichet_store_exec (self->writer.db, drop_order_indexes, what, error))
    return FALSE;
  fill->deferred = TRUE;
  return TRUE;
}

/* At the end of a run (its last page, or stopped): builds the order
 * indexes if they are missing (dropped for this run, or by a run that was
 * killed), unless another run of this process still fills an event.
 * Nothing to do when they are there. Under the writer's transaction. */
static gboolean
end_fill_locked (GuichetStore *self,
                 const char   *account_id,
                 const char   *event_id,
                 const char   *what,
                 GError      **error)
{
  g_autofree char *key = fill_key (account_id, event_id);
  GHashTableIter   iter;
  Fill            *fill;
  gint64           t0 = g_get_monotonic_time ();
  gboolean         ok;

  g_hash_table_remove (self->fills, key);
  g_hash_table_iter_init (&iter, self->fills);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &fill))
    if (fill->deferred)
      return TRUE;

  /* Through the page cache: the build reads every row of the table */
  _guichet_store_map_writer (self, FALSE);
  ok = _guichet_store_exec (self->writer.db, order_indexes, what, error);
  _guichet_store_map_writer (self, TRUE);
  if (!ok)
    return FALSE;
  if (g_get_monotonic_time () - t0 > 10000)
    g_debug ("Built the list's orders in %.2f s", (g_get_monotonic_time () - t0) / 1e6);
  return TRUE;
}

/* @run_generation: stored with the cursor (0: none). A page of a sync
 * run has one until its last page (@run_ends). */
static gboolean
write_participants_full (GuichetStore *self,
                         const char   *account_id,
                         const char   *event_id,
                         GPtrArray    *participants,
                         const char   *cursor,
                         gint64        generation,
                         gint64        run_generation,
                         gboolean      run_ends,
                         GError      **error)
{
  const char *what = _("Could not save the participants");
  gboolean    ok = FALSE;
  guint       n_written = 0;

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  if (!write_page_locked (self, account_id, event_id, participants, generation, &n_written, what,
                          error))
    goto out;

  if (run_generation != 0 &&
      !follow_fill_locked (self, account_id, event_id, generation, n_written, what, error))
    goto out;
  if (run_ends && !end_fill_locked (self, account_id, event_id, what, error))
    goto out;

  /* The cursor travels with its page: both land, or neither. */
  if (cursor != NULL &&
      !write_cursor_locked (self, account_id, event_id, cursor, run_generation, what, error))
    goto out;

  ok = TRUE;

out:
  return _guichet_store_write_end (self, ok, what, error);
}

gboolean
guichet_store_write_participants (GuichetStore *self,
                                  const char   *account_id,
                                  const char   *event_id,
                                  GPtrArray    *participants,
                                  const char   *cursor,
                                  gint64        generation,
                                  GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  return write_participants_full (self, account_id, event_id, participants, cursor, generation, 0,
                                  FALSE, error);
}

typedef struct
{
  char      *account_id;
  char      *event_id;
  GPtrArray *participants;
  char      *cursor;
  gint64     generation;
  gint64     run_generation;
  gboolean   run_ends;
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
  WriteData    *data = task_data;
  GError       *error = NULL;
  gboolean      ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  ok = write_participants_full (self, data->account_id, data->event_id, data->participants,
                                data->cursor, data->generation, data->run_generation,
                                data->run_ends, &error);
  if (data->run_ends)
    _guichet_store_release_writer_cache (self);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_async (GuichetStore       *self,
             const char         *account_id,
             const char         *event_id,
             GPtrArray          *participants,
             const char         *cursor,
             gint64              generation,
             gint64              run_generation,
             gboolean            run_ends,
             gpointer            source_tag,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *data;

  data = g_new0 (WriteData, 1);
  data->account_id = g_strdup (account_id);
  data->event_id = g_strdup (event_id);
  data->participants = participants != NULL ? g_ptr_array_ref (participants) : NULL;
  data->cursor = g_strdup (cursor);
  data->generation = generation;
  data->run_generation = run_generation;
  data->run_ends = run_ends;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_participants_thread);
}

void
guichet_store_write_participants_async (GuichetStore       *self,
                                        const char         *account_id,
                                        const char         *event_id,
                                        GPtrArray          *participants,
                                        const char         *cursor,
                                        gint64              generation,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);

  write_async (self, account_id, event_id, participants, cursor, generation, 0, FALSE,
               guichet_store_write_participants_async, cancellable, callback, user_data);
}

gboolean
guichet_store_write_participants_finish (GuichetStore *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
guichet_store_write_run_page (GuichetStore *self,
                              const char   *account_id,
                              const char   *event_id,
                              GPtrArray    *participants,
                              const char   *cursor,
                              gint64        generation,
                              gboolean      run_ends,
                              GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  g_return_val_if_fail (generation != 0, FALSE);

  return write_participants_full (self, account_id, event_id, participants, cursor, generation,
                                  run_ends ? 0 : generation, run_ends, error);
}

gboolean
guichet_store_stop_run (GuichetStore *self,
                        const char   *account_id,
                        const char   *event_id,
                        GError      **error)
{
  const char *what = _("Could not restore the sort orders of the participants list");
  gboolean    ok;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;
  ok = end_fill_locked (self, account_id, event_id, what, error);
  return _guichet_store_write_end (self, ok, what, error);
}

static void
stop_run_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GStrv ids = task_data;
  g_autoptr (GError) error = NULL;

  if (!guichet_store_stop_run (source_object, ids[0], ids[1], &error))
    g_debug ("%s", error->message);
  g_task_return_boolean (task, error == NULL);
}

void
guichet_store_stop_run_in_background (GuichetStore *self,
                                      const char   *account_id,
                                      const char   *event_id)
{
  g_autoptr (GTask) task = NULL;
  char *ids[] = { (char *) account_id, (char *) event_id, NULL };

  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, guichet_store_stop_run_in_background);
  g_task_set_task_data (task, g_strdupv (ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, stop_run_thread);
}

void
guichet_store_write_run_page_async (GuichetStore       *self,
                                    const char         *account_id,
                                    const char         *event_id,
                                    GPtrArray          *participants,
                                    const char         *cursor,
                                    gint64              generation,
                                    gboolean            run_ends,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (generation != 0);

  write_async (self, account_id, event_id, participants, cursor, generation,
               run_ends ? 0 : generation, run_ends, guichet_store_write_run_page_async, cancellable,
               callback, user_data);
}

gboolean
guichet_store_write_run_page_finish (GuichetStore *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          guichet_store_write_run_page_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
guichet_store_get_run_generation (GuichetStore *self,
                                  const char   *account_id,
                                  const char   *event_id)
{
  sqlite3_stmt *stmt;
  gint64        generation = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), 0);
  g_return_val_if_fail (account_id != NULL, 0);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_GET_RUN_GENERATION, NULL, NULL);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id != NULL ? event_id : "");
      if (sqlite3_step (stmt) == SQLITE_ROW)
        generation = sqlite3_column_int64 (stmt, 0);
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return generation;
}

gboolean
guichet_store_finish_full_sync (GuichetStore *self,
                                const char   *account_id,
                                const char   *event_id,
                                gint64        generation,
                                GError      **error)
{
  const char   *what = _("Could not mark the removed participants");
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  /* The rows of other runs come from two ranges of the generations'
   * index. With "generation <> ?3" the statement read every row of the
   * event to find them: after a first sync of 1,000,000 participants,
   * none, in 0.32 s, and the whole table through the writer's mapping of
   * the file (375 MiB of resident memory). */
  stmt = _guichet_store_prepare (self->writer.db,
                                 "UPDATE participants SET status = ?4"
                                 " WHERE account_id = ?1 AND event_id = ?2"
                                 " AND (generation < ?3 OR generation > ?3) AND status <> ?4",
                                 what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      sqlite3_bind_int64 (stmt, 3, generation);
      _guichet_store_bind_text (stmt, 4,
                                guichet_participant_status_to_string (
                                  GUICHET_PARTICIPANT_STATUS_DELETED));
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
      if (ok)
        g_debug ("%d participants of %s/%s are gone", sqlite3_changes (self->writer.db), account_id,
                 event_id);
      sqlite3_finalize (stmt);
    }

  return _guichet_store_write_end (self, ok, what, error);
}

typedef struct
{
  char  *account_id;
  char  *event_id;
  gint64 generation;
} FinishData;

static void
finish_data_free (FinishData *data)
{
  g_free (data->account_id);
  g_free (data->event_id);
  g_free (data);
}

static void
finish_full_sync_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  FinishData *data = task_data;
  GError     *error = NULL;
  gboolean    ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  ok = guichet_store_finish_full_sync (source_object, data->account_id, data->event_id,
                                       data->generation, &error);
  _guichet_store_release_writer_cache (source_object);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_store_finish_full_sync_async (GuichetStore       *self,
                                      const char         *account_id,
                                      const char         *event_id,
                                      gint64              generation,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  FinishData *data;

  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);

  data = g_new0 (FinishData, 1);
  data->account_id = g_strdup (account_id);
  data->event_id = g_strdup (event_id);
  data->generation = generation;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_store_finish_full_sync_async);
  g_task_set_task_data (task, data, (GDestroyNotify) finish_data_free);
  g_task_run_in_thread (task, finish_full_sync_thread);
}

gboolean
guichet_store_finish_full_sync_finish (GuichetStore *self,
                                       GAsyncResult *result,
                                       GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          guichet_store_finish_full_sync_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
guichet_store_get_cursor (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id)
{
  sqlite3_stmt *stmt;
  char         *cursor = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_cached_stmt (&self->reader, STMT_GET_CURSOR, NULL, NULL);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id != NULL ? event_id : "");
      if (sqlite3_step (stmt) == SQLITE_ROW)
        cursor = g_strdup (_guichet_store_col_text (stmt, 0));
      _guichet_store_reset (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  return cursor;
}

gboolean
guichet_store_set_cursor (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id,
                          const char   *cursor,
                          GError      **error)
{
  const char *what = _("Could not save the sync position");
  gboolean    ok;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;
  ok = write_cursor_locked (self, account_id, event_id, cursor, 0, what, error);
  return _guichet_store_write_end (self, ok, what, error);
}

gboolean
guichet_store_save_answers (GuichetStore *self,
                            const char   *account_id,
                            const char   *event_id,
                            const char   *participant_id,
                            const char   *answers_json,
                            GError      **error)
{
  const char   *what = _("Could not save the answers");
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  g_return_val_if_fail (participant_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  stmt = _guichet_store_cached_stmt (&self->writer, STMT_UPSERT_ANSWERS, what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, participant_id);
      _guichet_store_bind_text (stmt, 4, answers_json != NULL ? answers_json : "{}");
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
    }

  return _guichet_store_write_end (self, ok, what, error);
}

static gpointer
text_row_func (sqlite3_stmt *stmt)
{
  return g_strdup (_guichet_store_col_text (stmt, 0));
}

static GStrv
strv_from_rows (GPtrArray *rows)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  /* _guichet_store_query_rows() expects objects: these are strings. */
  g_ptr_array_set_free_func (rows, g_free);
  for (guint i = 0; i < rows->len; i++)
    if (g_ptr_array_index (rows, i) != NULL)
      g_strv_builder_add (builder, g_ptr_array_index (rows, i));
  g_ptr_array_unref (rows);
  return g_strv_builder_end (builder);
}

GStrv
guichet_store_list_questions (GuichetStore *self,
                              const char   *account_id,
                              const char   *event_id,
                              GError      **error)
{
  GPtrArray *rows;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  /* Answers are [{"label", "value"}]; a sample is enough to offer the
   * questions (every holder of an event answers the same form). */
  rows = _guichet_store_query_rows (self,
                                    "SELECT DISTINCT json_extract (j.value, '$.label') AS label"
                                    " FROM (SELECT answers_json FROM answers"
                                    "       WHERE account_id = ?1 AND event_id = ?2"
                                    "       AND json_valid (answers_json) LIMIT 500) a,"
                                    " json_each (a.answers_json) j"
                                    " WHERE json_type (a.answers_json) = 'array'"
                                    " AND json_type (j.value, '$.label') = 'text'"
                                    " ORDER BY label",
                                    account_id, event_id, text_row_func,
                                    _("Could not read the answers"), error);
  return rows != NULL ? strv_from_rows (rows) : NULL;
}

GStrv
guichet_store_get_important_questions (GuichetStore *self,
                                       const char   *account_id,
                                       const char   *event_id,
                                       GError      **error)
{
  GPtrArray *rows;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  rows = _guichet_store_query_rows (self,
                                    "SELECT label FROM important_questions"
                                    " WHERE account_id = ?1 AND event_id = ?2 ORDER BY position",
                                    account_id, event_id, text_row_func,
                                    _("Could not read the important questions"), error);
  return rows != NULL ? strv_from_rows (rows) : NULL;
}

gboolean
guichet_store_set_important_questions (GuichetStore       *self,
                                       const char         *account_id,
                                       const char         *event_id,
                                       const char * const *labels,
                                       GError            **error)
{
  const char   *what = _("Could not save the important questions");
  sqlite3_stmt *stmt;
  gboolean      ok;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  stmt = _guichet_store_prepare (
    self->writer.db, "DELETE FROM important_questions WHERE account_id = ?1 AND event_id = ?2",
    what, error);
  ok = stmt != NULL;
  if (ok)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
      sqlite3_finalize (stmt);
    }
  stmt = ok ? _guichet_store_prepare (
                self->writer.db,
                "INSERT INTO important_questions (account_id, event_id, label, position)"
                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                what, error)
            : NULL;
  ok = ok && stmt != NULL;
  for (guint i = 0; ok && labels != NULL && labels[i] != NULL; i++)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, event_id);
      _guichet_store_bind_text (stmt, 3, labels[i]);
      sqlite3_bind_int64 (stmt, 4, i);
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return _guichet_store_write_end (self, ok, what, error);
}
