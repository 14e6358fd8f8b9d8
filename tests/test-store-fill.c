/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "guichet-core.h"
#include "guichet-store-private.h"
#include "guichet-test-utils.h"

/* An event's first sync: the store drops the list's name and e-mail
 * orders (random keys, the cost of a large first sync) once the run's
 * rows pass 10,000 and outweigh the rest of the store, and builds them
 * at the run's end, or when the run stops, or at the end of any later
 * run when the process that dropped them was killed. */

#define FILL_ROWS 10000 /* FILL_MIN_ROWS of guichet-store-participants.c */

static const char * const order_indexes[] = { "participants_event_sort",
                                              "participants_event_email" };

static GuichetStore *
new_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  GuichetStore *store = guichet_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Rows @first .. @first + @n - 1 of an event: names in a scattered order */
static GPtrArray *
rows (guint first,
      guint n)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      guint            key = (i * 7919u) % 100003u;
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *code = g_strdup_printf ("B%06u", key);
      g_autofree char *last = g_strdup_printf ("Name%06u", key);
      g_autofree char *email = g_strdup_printf ("m%06u@example.invalid", (key * 31u) % 100003u);

      g_ptr_array_add (page, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "barcode", code,
                                           "first-name", "Ann", "last-name", last, "email", email,
                                           "ticket-type-id", "t1", NULL));
    }
  return page;
}

static void
write_run_page (GuichetStore *store,
                const char   *event_id,
                guint         first,
                guint         n,
                gint64        generation,
                gboolean      run_ends)
{
  g_autoptr (GPtrArray) page = rows (first, n);
  g_autofree char *cursor = g_strdup_printf ("%u", first + n);
  g_autoptr (GError) error = NULL;

  g_assert_true (guichet_store_write_run_page (store, "acc", event_id, page, cursor, generation,
                                               run_ends, &error));
  g_assert_no_error (error);
}

/* The index's CREATE statement, spaces folded; NULL when it is missing. */
static char *
index_sql (const char *path,
           const char *name)
{
  g_autofree char *query =
    g_strdup_printf ("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = '%s'", name);
  g_autofree char *sql = guichet_test_query_text (path, query);
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) folded = NULL;

  if (sql == NULL)
    return NULL;
  words = g_strsplit_set (sql, " \n", -1);
  folded = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (folded, "%s%s", folded->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&folded), FALSE);
}

static gboolean
orders_present (const char *path)
{
  gboolean present = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (order_indexes); i++)
    {
      g_autofree char *sql = index_sql (path, order_indexes[i]);

      present = present && sql != NULL;
    }
  return present;
}

/* The event's list in @sort holds its @n rows, each after the one before
 * in that order: what the list shows, with the indexes or without. */
static void
assert_list_sorted (GuichetStore          *store,
                    const char            *event_id,
                    GuichetParticipantSort sort,
                    guint                  n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rowids =
    guichet_store_list_participant_rowids (store, "acc", event_id, NULL, sort, FALSE, &error);
  g_autofree char *previous = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (rowids->len, ==, n);
  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr (GuichetParticipant) p =
        guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));
      const char *key;

      g_assert_nonnull (p);
      key = sort == GUICHET_PARTICIPANT_SORT_EMAIL ? guichet_participant_get_email (p)
                                                   : guichet_participant_get_last_name (p);
      if (previous != NULL)
        g_assert_cmpstr (previous, <, key);
      g_free (previous);
      previous = g_strdup (key);
    }
}

static void
test_first_fill (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = new_store (path);
  g_autofree char *sort_sql = index_sql (path, order_indexes[0]);
  g_autofree char *email_sql = index_sql (path, order_indexes[1]);
  g_autofree char *check = NULL;
  g_autofree char *rebuilt = NULL;
  guint            page = 2500, n = 6 * page;

  g_assert_nonnull (sort_sql);
  g_assert_nonnull (email_sql);

  /* The first sync: the orders go once its rows pass FILL_ROWS */
  for (guint first = 0; first < n; first += page)
    {
      gboolean last = first + page == n;

      write_run_page (store, "big", first, page, 7, last);
      if (!last)
        g_assert_true (orders_present (path) == (first + page < FILL_ROWS));
      if (first + page == FILL_ROWS)
        {
          /* Meanwhile, the lists still come in order */
          assert_list_sorted (store, "big", GUICHET_PARTICIPANT_SORT_NAME, first + page);
          assert_list_sorted (store, "big", GUICHET_PARTICIPANT_SORT_EMAIL, first + page);
        }
    }

  /* Its last page built them again, as the schema has them */
  rebuilt = index_sql (path, order_indexes[0]);
  g_assert_cmpstr (rebuilt, ==, sort_sql);
  g_clear_pointer (&rebuilt, g_free);
  rebuilt = index_sql (path, order_indexes[1]);
  g_assert_cmpstr (rebuilt, ==, email_sql);
  check = guichet_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  assert_list_sorted (store, "big", GUICHET_PARTICIPANT_SORT_NAME, n);
  assert_list_sorted (store, "big", GUICHET_PARTICIPANT_SORT_EMAIL, n);

  /* The next full sync of the event finds its rows: the orders stay */
  for (guint first = 0; first < n; first += page)
    {
      write_run_page (store, "big", first, page, 8, first + page == n);
      g_assert_true (orders_present (path));
    }

  /* A first sync smaller than the rest of the store: they stay too */
  for (guint first = 0; first < n - page; first += page)
    {
      write_run_page (store, "smaller", first, page, 9, first + 2 * page == n);
      g_assert_true (orders_present (path));
    }
}

/* KiB of @path's mappings resident in this process (/proc/self/smaps) */
static gint64
mapped_kib (const char *path)
{
  g_autofree char *smaps = NULL;
  g_auto (GStrv) lines = NULL;
  gboolean in_path = FALSE;
  gint64   kib = 0;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        in_path = g_str_has_suffix (line, path);
      else if (in_path && g_str_has_prefix (line, "Rss:"))
        kib += g_ascii_strtoll (line + 4, NULL, 10);
    }
  return kib;
}

/* Building the orders at a run's end reads the whole table: not through
 * the writer's mapping of the file, whose pages would stay in the
 * process's resident memory (375 MiB at 1,000,000 participants). And the
 * end of the full sync reads only the rows of other runs. */
static void
test_first_fill_memory (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = new_store (path);
  const guint n = 40000, page = 2000;
  gint64      before_end = 0, after_end;
  int         misses = 0, highest = 0;
  g_autoptr (GError) error = NULL;

  /* The table goes to the file early (a checkpoint past 64 frames), where
   * the mapping reads it, and does not fit in the writer's cache (1 MiB):
   * the build reads it back. The sizes the store would set are kept. */
  g_assert_true (guichet_store_wait_check (store, 30 * G_USEC_PER_SEC));
  store->writer_checkpoint_min_frames = 64;
  store->writer_checkpoint_frames = 64;
  store->writer_cache_kib = 32 * 1024;
  g_assert_cmpint (sqlite3_exec (store->writer.db, "PRAGMA cache_size = -1024", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  for (guint first = 0; first < n; first += page)
    {
      if (first + page == n)
        before_end = mapped_kib (path);
      write_run_page (store, "big", first, page, 7, first + page == n);
    }
  after_end = mapped_kib (path);
  g_test_message ("the file's mapping: %" G_GINT64_FORMAT " KiB resident before the last page,"
                  " %" G_GINT64_FORMAT " after it",
                  before_end, after_end);
  g_assert_true (orders_present (path));
  g_assert_cmpint (after_end - before_end, <, 1024);

  /* The end of the full sync reads the rows of other runs, from the
   * generations' index: none here (with the table as it was, not in the
   * cache: each row it read would miss it) */
  g_assert_cmpint (sqlite3_exec (store->writer.db, "PRAGMA cache_size = -1024", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_db_release_memory (store->writer.db);
  sqlite3_db_status (store->writer.db, SQLITE_DBSTATUS_CACHE_MISS, &misses, &highest, TRUE);
  g_assert_true (guichet_store_finish_full_sync (store, "acc", "big", 7, &error));
  g_assert_no_error (error);
  sqlite3_db_status (store->writer.db, SQLITE_DBSTATUS_CACHE_MISS, &misses, &highest, FALSE);
  g_test_message ("the full sync's end read %d pages", misses);
  g_assert_cmpint (misses, <, 50);
}

static void
test_first_fill_stopped (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = new_store (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *check = NULL;

  for (guint first = 0; first < 12000; first += 3000)
    write_run_page (store, "big", first, 3000, 3, FALSE);
  g_assert_false (orders_present (path));

  /* Another run of the process ending leaves them to this one's end */
  write_run_page (store, "small", 0, 10, 4, TRUE);
  g_assert_false (orders_present (path));

  /* The run stops (a network error, cancelled): they are built again */
  g_assert_true (guichet_store_stop_run (store, "acc", "big", &error));
  g_assert_no_error (error);
  g_assert_true (orders_present (path));

  /* The next run resumes, and the process is killed before its end */
  write_run_page (store, "big", 12000, 3000, 3, FALSE);
  g_assert_false (orders_present (path));
  g_clear_object (&store);

  /* The end of any later run puts them back */
  store = new_store (path);
  g_assert_false (orders_present (path));
  write_run_page (store, "small", 0, 10, 5, TRUE);
  g_assert_true (orders_present (path));
  check = guichet_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  assert_list_sorted (store, "big", GUICHET_PARTICIPANT_SORT_NAME, 15000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/first-fill", test_first_fill);
  g_test_add_func ("/store/first-fill-stopped", test_first_fill_stopped);
  g_test_add_func ("/store/first-fill-memory", test_first_fill_memory);

  return g_test_run ();
}
