/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-participant-sort"

#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "guichet-core.h"

/* Sorting the participants list in SQL, for build-aux/bench-participant-sort
 * (not a test; asserts nothing). For each sort column and direction, at N
 * participants of one event: the time from set_sort() to the list's first
 * page of 50 rows built (the rowids from the store in the list's worker
 * thread, then 50 rows read by rowid), the store query alone, and SQLite's
 * plan, which must read the rowids from an index in order (no "TEMP B-TREE",
 * i.e. no sort step over all N rows). Only the rowids are held (8 bytes a
 * row); rows become objects as the view asks for them.
 *
 *   bench-participant-sort DIR [N]   (the filled store is kept in DIR) */

#define ACCOUNT "bench"
#define EVENT "ev"
#define PAGE_SIZE 1000
#define FIRST_PAGE 50
#define RUNS 5

static GuichetParticipant *
make_participant (guint i)
{
  g_autofree char *id = g_strdup_printf ("p-%u", i);
  g_autofree char *barcode = g_strdup_printf ("B%09u", i);
  g_autofree char *first = g_strdup_printf ("First%u", (i * 7919u) % 5000u);
  g_autofree char *last = g_strdup_printf ("Last%u", (i * 104729u) % 20000u);
  g_autofree char *email = g_strdup_printf ("p%u@example.org", (i * 15485863u) % 1000003u);
  g_autofree char *at = g_strdup_printf ("2025-06-07T%02u:%02u:00Z", 18 + i % 4, i % 60);

  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", EVENT, "barcode", barcode,
                       "first-name", first, "last-name", last, "email", email, "ticket-type-id",
                       (i % 10) == 0 ? "t-vip" : "t-std", "ticket-type-name",
                       (i % 10) == 0 ? "VIP" : "Standard", "status",
                       (GuichetParticipantStatus) ((i % 50) == 0 ? 1 : 0), "checked-in",
                       (i % 3) == 0, "checked-in-at", (i % 3) == 0 ? at : NULL, NULL);
}

static GuichetStore *
open_filled_store (const char *dir,
                   guint       n)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  GuichetStore *store;
  gint64        count;

  g_mkdir_with_parents (dir, 0700);
  path = g_strdup_printf ("%s/sort-%u.db", dir, n);
  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s: %s", path, error->message);

  count = guichet_store_count_participants (store, ACCOUNT, EVENT, NULL);
  if (count == n)
    return store;

  fprintf (stderr, "filling %s with %u participants…\n", path, n);
  for (guint start = 0; start < n; start += PAGE_SIZE)
    {
      g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = start; i < MIN (start + PAGE_SIZE, n); i++)
        g_ptr_array_add (page, make_participant (i));
      if (!guichet_store_write_participants (store, ACCOUNT, EVENT, page, NULL, 1, &error))
        g_error ("%s", error->message);
    }

  return store;
}

static void
on_loading (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  gboolean *done = user_data;

  if (!guichet_participant_list_get_loading (GUICHET_PARTICIPANT_LIST (object)))
    *done = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/* SQLite's plan for the query the store runs for @sort: the name's and
 * the e-mail's order from their index; the others walk their key's index
 * (the name order then breaks the ties, in C, and a descending order is
 * the ascending one read backwards). */
static char *
query_plan (const char            *path,
            GuichetParticipantSort sort,
            gboolean               descending)
{
  static const char *orders[] = {
    "p.sort_key @, p.rowid @",
    "p.email COLLATE NOCASE @, p.rowid @",
    "p.ticket_type_id, p.ticket_type_name",
    "p.status",
    "p.checked_in, p.checked_in_at",
  };
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GString) plan = g_string_new (NULL);
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_string_append_printf (sql,
                          "EXPLAIN QUERY PLAN SELECT p.rowid%s%s FROM participants p"
                          " WHERE p.event_key = (SELECT key FROM event_keys"
                          " WHERE account_id = '" ACCOUNT "' AND event_id = '" EVENT "')"
                          " ORDER BY ",
                          sort >= GUICHET_PARTICIPANT_SORT_TICKET ? ", " : "",
                          sort >= GUICHET_PARTICIPANT_SORT_TICKET ? orders[sort] : "");
  for (const char *c = orders[sort]; *c != '\0'; c++)
    {
      if (*c == '@')
        g_string_append (sql, descending ? "DESC" : "ASC");
      else
        g_string_append_c (sql, *c);
    }

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (plan, "%s%s", plan->len ? "; " : "",
                              (const char *) sqlite3_column_text (stmt, 3));
  else
    g_string_append (plan, sqlite3_errmsg (db));

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autofree char *path = NULL;
  const char      *dir;
  guint            n;
  double           worst_page_ms = 0, worst_query_ms = 0;
  const char      *worst_sort = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR [N]\n", argv[0]);
      return 2;
    }
  dir = argv[1];
  n = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;

  store = open_filled_store (dir, n);
  path = g_strdup_printf ("%s/sort-%u.db", dir, n);
  list = guichet_participant_list_new (store, ACCOUNT, EVENT);
  if (!guichet_participant_list_load_sync (list, NULL))
    g_error ("could not load the list");

  printf ("%u participants, median of %d runs; rowids held: %zu KiB\n", n, RUNS,
          (size_t) n * sizeof (gint64) / 1024);
  printf ("%-11s %-4s %18s %14s  %s\n", "sort", "dir", "first page (ms)", "query (ms)", "plan");

  for (guint sort = GUICHET_PARTICIPANT_SORT_NAME; sort <= GUICHET_PARTICIPANT_SORT_CHECKED_IN;
       sort++)
    for (guint d = 0; d < 2; d++)
      {
        double           page_ms[RUNS], query_ms[RUNS];
        g_autofree char *plan = query_plan (path, sort, d == 1);
        GEnumClass      *klass = g_type_class_ref (GUICHET_TYPE_PARTICIPANT_SORT);

        for (guint run = 0; run < RUNS; run++)
          {
            gboolean done = FALSE;
            gulong   id;
            gint64   start;
            g_autoptr (GArray) rowids = NULL;

            /* The store's query alone, from another order (the store
             * keeps the last one it listed) */
            guichet_participant_list_set_sort (list,
                                               (sort + 1) %
                                                 (GUICHET_PARTICIPANT_SORT_CHECKED_IN + 1),
                                               d == 0);
            guichet_participant_list_load_sync (list, NULL);
            start = g_get_monotonic_time ();
            rowids = guichet_store_list_participant_rowids (store, ACCOUNT, EVENT, NULL, sort,
                                                            d == 1, NULL);
            query_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
            g_assert (rowids != NULL && rowids->len == n);

            /* The list: set_sort() to 50 rows built, as the view sees it. */
            /* From another order, so that set_sort() below really reloads. */
            guichet_participant_list_set_sort (list,
                                               (sort + 1) %
                                                 (GUICHET_PARTICIPANT_SORT_CHECKED_IN + 1),
                                               d == 0);
            guichet_participant_list_load_sync (list, NULL);
            id = g_signal_connect (list, "notify::loading", G_CALLBACK (on_loading), &done);
            start = g_get_monotonic_time ();
            guichet_participant_list_set_sort (list, sort, d == 1);
            while (!done)
              g_main_context_iteration (NULL, TRUE);
            for (guint i = 0; i < FIRST_PAGE; i++)
              g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
            page_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
            g_signal_handler_disconnect (list, id);
          }

        printf ("%-11s %-4s %18.1f %14.1f  %s\n", g_enum_get_value (klass, sort)->value_nick,
                d ? "desc" : "asc", median (page_ms, RUNS), median (query_ms, RUNS), plan);
        if (median (page_ms, RUNS) > worst_page_ms)
          {
            worst_page_ms = median (page_ms, RUNS);
            worst_query_ms = median (query_ms, RUNS);
            worst_sort = g_enum_get_value (klass, sort)->value_nick;
          }
        g_type_class_unref (klass);
      }

  /* The summary: the slowest column, to its first page; the store's query
   * alone is the floor. */
  printf ("ROW sort participants by a column at %u (worst: %s, to the first page)|%.1f ms|%.1f ms "
          "(the query alone)|< 100 ms\n",
          n, worst_sort, worst_page_ms, worst_query_ms);

  return 0;
}
