/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "guichet-core.h"

/* Store figures for build-aux/bench-store (not a test; asserts nothing):
 *
 *   - sync writes: N participants written through the store in 500-row
 *     pages, as a full sync does (names in random order, so every index
 *     and the full-text index take them all over their range; one in ten
 *     with form answers), rows/s over the whole fill and the
 *     transaction's p50/p99; the rate at 1,000,000 is compared with the
 *     one at 100,000. Twice: one page a transaction (for reference: a
 *     store that keeps up with the pages, as the sync wrote before it
 *     sized its transactions), and as many whole pages a transaction as
 *     the sync merges for an event of that size
 *     (guichet_sync_rows_per_transaction(): 2 pages at 100,000, 16 at
 *     1,000,000; the target, at least 70 %, is on these). The figure
 *     at 100,000 is timed again right after the one at 1,000,000 (the
 *     machine drifts in the minutes between), and the two count alike.
 *     A transaction rewrites each index page it touches; once the
 *     randomly keyed indexes outgrow a page's 500 rows, that is a page
 *     per row and index, which only larger transactions share.
 *     Also per row: CPU time and bytes handed to write(2) (write-ahead
 *     log frames and checkpoint copies), which show what grows with the
 *     event whatever else the machine runs;
 *   - search: the queries a keystroke in the participants' search runs
 *     (its first rows, then every matching row id in display order), per
 *     text typed, beside the floor: the full-text match alone;
 *   - the participants page's model (GuichetParticipantList, no GTK):
 *     first rows shown, and each key typed in the search to its first
 *     rows (through the list's worker thread and the main loop), and the
 *     resident memory after.
 *
 *   bench-store DIR N...          figures; the last store filled is kept in DIR
 *   bench-store --search STORE N  the search and list figures of a store
 *                                 filled before (N participants)
 *
 * Lines "ROW label|value|floor|target" are the summary build-aux/bench
 * gathers into its table. */

#define ACCOUNT "0d4f5e8a-8c1b-4a43-9b7e-5f2a6c3d9e10"
#define EVENT "11435"
#define PAGE_SIZE 500
/* At most what the sync writes in one transaction (MAX_PENDING pages of
 * guichet-sync.c, merged) */
#define MERGED_PAGES 16

static const char *first_names[] = {
  "Camille", "Léa",   "Hugo",   "Chloé",  "Lucas", "Zoé",   "Nathan", "Inès", "Louis",   "Jade",
  "Gabriel", "Manon", "Arthur", "Élodie", "Jules", "Sarah", "Adam",   "Emma", "Raphaël", "Anaïs",
  "Paul",    "Alice", "Théo",   "Lina",   "Tom",   "Rose",  "Noah",   "Mila", "Ethan",   "Lou",
};
static const char *last_stems[] = {
  "Martin",   "Bernard", "Thomas",   "Petit",  "Robert",  "Richard", "Durand",  "Dubois",
  "Moreau",   "Laurent", "Simon",    "Michel", "Lefèvre", "Leroy",   "Roux",    "David",
  "Bertrand", "Morel",   "Fournier", "Girard", "Bonnet",  "Dupont",  "Lambert", "Fontaine",
  "Rousseau", "Vincent", "Müller",   "Faure",  "André",   "Mercier",
};

/* A permutation of 0..n-1 without a table: i -> (a * i + c) mod n with a
 * prime to n is a bijection. */
static guint
scatter (guint i,
         guint n)
{
  guint64 a = 2654435761u;

  while (n % a == 0)
    a += 2;
  return (guint) (((guint64) i * a + 12345u) % n);
}

static GuichetParticipant *
make_participant (guint i,
                  guint n)
{
  guint            r = scatter (i, n);
  g_autofree char *id = g_strdup_printf ("%u", 1000000 + i);
  g_autofree char *barcode =
    g_strdup_printf ("%012" G_GUINT64_FORMAT,
                     (guint64) scatter (i, 999999937u) * 1000u + i % 1000u);
  g_autofree char *last =
    g_strdup_printf ("%s%u", last_stems[r % G_N_ELEMENTS (last_stems)], (r / 30) % 2000);
  const char      *first = first_names[(r * 7 + r / 13) % G_N_ELEMENTS (first_names)];
  g_autofree char *email = g_strdup_printf ("p%u.%u@example.invalid", r, i);

  return g_object_new (
    GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", EVENT, "date-id", (i % 2) ? "139" : "138",
    "barcode", barcode, "first-name", first, "last-name", last, "email", email, "ticket-type-id",
    (i % 10) == 0 ? "44272" : "75632", "ticket-type-name", (i % 10) == 0 ? "VIP" : "Standard",
    "updated-at", "2026-11-20 10:00:00", "answers",
    (i % 10) == 0
      ? "[{\"label\":\"Taille\",\"value\":\"M\"},{\"label\":\"Régime\",\"value\":\"Végétarien\"}]"
      : NULL,
    NULL);
}

/* The participants @first to @first + @count (at most @n) of the event */
static GPtrArray *
make_page (guint first,
           guint count,
           guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < MIN (n, first + count); i++)
    g_ptr_array_add (rows, make_participant (i, n));
  return rows;
}

/* CPU µs this process used so far (the machine may be shared: the wall
 * time of the same work varies more) */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
remove_store (const char *path)
{
  const char      *files[] = { "", "-wal", "-shm" };
  g_autofree char *base = g_strndup (path, strlen (path) - strlen (".db"));
  g_autofree char *journal = g_strconcat (base, "-checkins.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *a = g_strconcat (path, files[i], NULL);
      g_autofree char *b = g_strconcat (journal, files[i], NULL);

      g_unlink (a);
      g_unlink (b);
    }
}

/* Bytes this process handed to write system calls so far (write-ahead
 * log frames, checkpoint copies): what a sync costs the disk, whatever
 * else the machine does. */
static gint64
written_bytes (void)
{
  g_autofree char *io = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL) ||
      (line = strstr (io, "wchar: ")) == NULL)
    return 0;
  return g_ascii_strtoll (line + strlen ("wchar: "), NULL, 10);
}

typedef struct
{
  double rate;     /* rows/s, wall */
  double cpu_rate; /* rows per CPU second */
} Rates;

/* Fills a new store with @n participants, @pages 500-row pages a
 * transaction. */
static Rates
fill (const char *path,
      guint       n,
      guint       pages)
{
  guint txn_rows = PAGE_SIZE * pages;
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  guint              n_pages = (n + txn_rows - 1) / txn_rows;
  g_autofree gint64 *us = g_new (gint64, n_pages);
  gint64             total = 0, last_tenth = 0, cpu = 0, cpu_last_tenth = 0;
  gint64             bytes0, bytes_tenth = 0;
  guint              last_rows;
  Rates              rates;

  remove_store (path);
  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  bytes0 = written_bytes ();
  for (guint page = 0; page < n_pages; page++)
    {
      guint first = page * txn_rows;
      g_autoptr (GPtrArray) rows = make_page (first, txn_rows, n);
      g_autofree char *cursor = g_strdup_printf ("%u", first + rows->len);
      gint64           t0, c0;

      if (page == n_pages - MAX (n_pages / 10, 1))
        bytes_tenth = written_bytes ();
      c0 = cpu_us ();
      t0 = g_get_monotonic_time ();
      /* As a sync run: the last page ends it (and builds what the run
       * left for its end, timed with it) */
      if (!guichet_store_write_run_page (store, ACCOUNT, EVENT, rows, cursor, 1,
                                         page == n_pages - 1, &error))
        g_error ("%s", error->message);
      us[page] = g_get_monotonic_time () - t0;
      cpu += cpu_us () - c0;
      total += us[page];
      if (page >= n_pages - MAX (n_pages / 10, 1))
        {
          last_tenth += us[page];
          cpu_last_tenth += cpu_us () - c0;
        }
    }

  /* The last tenth's rows (whole transactions) */
  last_rows = n - MIN (n, (n_pages - MAX (n_pages / 10, 1)) * txn_rows);
  rates.rate = n / (total / 1e6);
  rates.cpu_rate = n / (cpu / 1e6);
  printf ("  sync writes, %u participants, %u rows a transaction: %.2f s of store writes"
          " (CPU %.2f s), %.0f rows/s (last tenth: %.0f rows/s)\n",
          n, txn_rows, total / 1e6, cpu / 1e6, rates.rate, last_rows / (last_tenth / 1e6));
  printf ("  per row: %.0f µs of CPU, %.1f KiB written (last tenth: %.0f µs, %.1f KiB)\n",
          (double) cpu / n, (written_bytes () - bytes0) / 1024.0 / n,
          (double) cpu_last_tenth / last_rows,
          (written_bytes () - bytes_tenth) / 1024.0 / last_rows);
  qsort (us, n_pages, sizeof *us, compare_gint64);
  printf ("  %u-row transaction: p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", txn_rows,
          us[n_pages / 2] / 1000.0, us[(n_pages * 99) / 100] / 1000.0, us[n_pages - 1] / 1000.0);
  fflush (stdout);
  return rates;
}

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  double x = ((const Rates *) a)->rate, y = ((const Rates *) b)->rate;

  return (x > y) - (x < y);
}

/* A few seconds of writes take a noisy machine's every hiccup: below
 * SHORT_FILL rows, the fill is timed FILL_ROUNDS times and the median
 * round (by rows/s) counts. */
#define SHORT_FILL 200000
#define FILL_ROUNDS 3

static Rates
fill_median (const char *path,
             guint       n,
             guint       pages)
{
  Rates rounds[FILL_ROUNDS];
  guint n_rounds = n < SHORT_FILL ? FILL_ROUNDS : 1;

  for (guint i = 0; i < n_rounds; i++)
    rounds[i] = fill (path, n, pages);
  qsort (rounds, n_rounds, sizeof *rounds, compare_rates);
  if (n_rounds > 1)
    printf ("  median of %u rounds: %.0f rows/s (%.0f rows per CPU s)\n", n_rounds,
            rounds[n_rounds / 2].rate, rounds[n_rounds / 2].cpu_rate);
  return rounds[n_rounds / 2];
}

/* A platform without changes-since sends every row at every sync: the
 * store filled by fill() at @n gets all its rows again, as they were, in
 * a new full sync (500-row pages, one a transaction). */
static void
resend (const char *path,
        guint       n)
{
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gint64 total = 0, bytes0;

  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  bytes0 = written_bytes ();
  for (guint first = 0; first < n; first += PAGE_SIZE)
    {
      g_autoptr (GPtrArray) rows = make_page (first, PAGE_SIZE, n);
      g_autofree char *cursor = g_strdup_printf ("%u", first + rows->len);
      gint64           t0 = g_get_monotonic_time ();

      if (!guichet_store_write_participants (store, ACCOUNT, EVENT, rows, cursor, 2, &error))
        g_error ("%s", error->message);
      total += g_get_monotonic_time () - t0;
    }
  if (!guichet_store_finish_full_sync (store, ACCOUNT, EVENT, 2, &error))
    g_error ("%s", error->message);
  printf ("ROW sync writes at %u, every row sent again unchanged, 500 a transaction"
          " (rows/s; KiB written a row)|%.0f; %.1f||\n",
          n, n / (total / 1e6), (written_bytes () - bytes0) / 1024.0 / n);
  fflush (stdout);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The full-text query the store makes of @typed (every word a prefix) */
static char *
fts_query (const char *typed)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_auto (GStrv) words = g_regex_split_simple ("[^[:alnum:]]+", typed, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (query, "%s\"%s\"*", query->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* What a keystroke runs, the list having shown the whole event first (as
 * the participants page does): the first rows of a text that matches a
 * good part of the event, else every matching row id in display order;
 * and, apart, every matching row id (what the list's count waits for).
 * Realistic texts typed a key at a time, each key a query: an e-mail
 * that matches one row (each of its first letters matches every row), a
 * common first name, a barcode, a single letter; p50 and p99 over every
 * key, beside the floor: the full-text match alone, per key. Then the
 * participants sorted by e-mail and searched again. */
static void
search (const char *path,
        guint       n)
{
  g_autofree char *email = NULL;
  g_autofree char *barcode = NULL;
  const char      *typed[3 + 2];
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) times_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) floors = g_array_new (FALSE, FALSE, sizeof (double));
  double        worst = 0;
  const char   *worst_text = "";
  guint         worst_matches = 0;
  sqlite3      *db;
  sqlite3_stmt *stmt = NULL;

  {
    g_autoptr (GuichetParticipant) p = make_participant (n / 3, n);

    email = g_strdup (guichet_participant_get_email (p));
    barcode = g_strdup (guichet_participant_get_barcode (p));
  }
  typed[0] = email;
  typed[1] = "camille";
  typed[2] = barcode;
  typed[3] = "m";
  typed[4] = NULL;

  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT rowid FROM participants_fts WHERE participants_fts MATCH ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));

  for (guint sort = 0; sort < 2; sort++)
    {
      GuichetParticipantSort order =
        sort == 0 ? GUICHET_PARTICIPANT_SORT_NAME : GUICHET_PARTICIPANT_SORT_EMAIL;
      g_autoptr (GArray) all = NULL;
      gint64 t0 = g_get_monotonic_time ();

      /* The page opens on the whole event (untimed here: see the list's
       * figures), then the keys come. */
      all =
        guichet_store_list_participant_rowids (store, ACCOUNT, EVENT, NULL, order, FALSE, &error);
      if (all == NULL)
        g_error ("%s", error->message);
      printf ("  %s order, whole event: %.2f ms, %u rows\n", sort == 0 ? "name" : "e-mail",
              (g_get_monotonic_time () - t0) / 1000.0, all->len);

      for (guint t = 0; typed[t] != NULL; t++)
        {
          guint  len = strlen (typed[t]);
          double text_worst = 0;

          for (guint k = 1; k <= len; k++)
            {
              g_autofree char *keys = g_strndup (typed[t], k);
              g_autofree char *fts = fts_query (keys);
              double           best = G_MAXDOUBLE, best_floor = G_MAXDOUBLE;
              double           best_all = G_MAXDOUBLE;
              gboolean         complete = FALSE;
              guint            matches = 0;

              /* Best of 2: the query's figure, not the machine's hiccups */
              for (guint round = 0; round < 2; round++)
                {
                  g_autoptr (GArray) rowids = NULL;

                  /* What the list waits for to show the key's rows:
                   * the first rows where the text matches a good part
                   * of the event, else all its matches. */
                  t0 = g_get_monotonic_time ();
                  rowids =
                    guichet_store_list_participant_rowids_head (store, ACCOUNT, EVENT, keys, order,
                                                                FALSE, 60, &complete, NULL, &error);
                  if (rowids == NULL && error == NULL)
                    rowids = guichet_store_list_participant_rowids (store, ACCOUNT, EVENT, keys,
                                                                    order, FALSE, &error);
                  if (rowids == NULL)
                    g_error ("%s", error->message);
                  best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
                  g_clear_pointer (&rowids, g_array_unref);

                  /* And all of them (the list's count) */
                  t0 = g_get_monotonic_time ();
                  rowids = guichet_store_list_participant_rowids (store, ACCOUNT, EVENT, keys,
                                                                  order, FALSE, &error);
                  if (rowids == NULL)
                    g_error ("%s", error->message);
                  best_all = MIN (best_all, (g_get_monotonic_time () - t0) / 1000.0);
                  matches = rowids->len;

                  if (*fts != '\0' && sort == 0)
                    {
                      t0 = g_get_monotonic_time ();
                      sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
                      while (sqlite3_step (stmt) == SQLITE_ROW)
                        ;
                      sqlite3_reset (stmt);
                      best_floor = MIN (best_floor, (g_get_monotonic_time () - t0) / 1000.0);
                    }
                }
              g_array_append_val (times, best);
              g_array_append_val (times_all, best_all);
              if (best_floor < G_MAXDOUBLE)
                g_array_append_val (floors, best_floor);
              text_worst = MAX (text_worst, best);
              if (best > worst)
                {
                  worst = best;
                  worst_text = typed[t];
                  worst_matches = matches;
                }
              if (k == len || k == 1 || best >= 16)
                printf ("    “%s”: %.2f ms to its first rows, %.2f ms to all %u rows (full-text "
                        "match alone %.2f ms)\n",
                        keys, best, best_all, matches, best_floor < G_MAXDOUBLE ? best_floor : 0);
            }
          printf ("    “%s” typed a key at a time: worst key %.2f ms\n", typed[t], text_worst);
        }
    }
  /* The filters, alone and with a search, in name order */
  {
    const char * const vip[] = { "44272", NULL };
    const struct
    {
      const char          *label;
      const char * const  *types;
      GuichetCheckInFilter check_in;
      const char          *text;
    } filters[] = {
      { "one ticket type", vip, GUICHET_CHECK_IN_FILTER_ALL, NULL },
      { "not checked in", NULL, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN, NULL },
      { "one type, not checked in, “camille”", vip, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN,
        "camille" },
    };
    double filter_worst = 0;

    for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
      {
        double best = G_MAXDOUBLE;
        guint  rows = 0;

        for (guint round = 0; round < 2; round++)
          {
            g_autoptr (GArray) rowids = NULL;
            gint64 t0 = g_get_monotonic_time ();

            rowids =
              guichet_store_list_participant_rowids_filtered (store, ACCOUNT, EVENT,
                                                              filters[f].text, filters[f].types,
                                                              filters[f].check_in,
                                                              GUICHET_PARTICIPANT_SORT_NAME, FALSE,
                                                              NULL, NULL, &error);
            if (rowids == NULL)
              g_error ("%s", error->message);
            best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
            rows = rowids->len;
          }
        printf ("  filter %s: %.2f ms, %u rows\n", filters[f].label, best, rows);
        filter_worst = MAX (filter_worst, best);
      }
    printf ("ROW participant filters at %u (ticket type, check-in state, with a search), "
            "worst|%.2f ms||\n",
            n, filter_worst);
  }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_array_sort (times, compare_double);
  g_array_sort (times_all, compare_double);
  g_array_sort (floors, compare_double);
  printf ("  search per keystroke at %u: %u keys, p90 %.2f ms, p95 %.2f ms, worst %.2f ms (“%s”, "
          "%u rows)\n",
          n, times->len, g_array_index (times, double, (times->len * 90) / 100),
          g_array_index (times, double, (times->len * 95) / 100), worst, worst_text, worst_matches);
  printf ("ROW search per keystroke at %u to its first rows, p50 / p99 (e-mail, first name, "
          "barcode, one letter)|%.2f / %.2f ms|%.2f / %.2f ms (full-text match alone)|< 16 ms\n",
          n, g_array_index (times, double, times->len / 2),
          g_array_index (times, double, (times->len * 99) / 100),
          g_array_index (floors, double, floors->len / 2),
          g_array_index (floors, double, (floors->len * 99) / 100));
  printf ("ROW search per keystroke at %u to all its rows (the count, after the first rows), "
          "p50 / p99|%.2f / %.2f ms||\n",
          n, g_array_index (times_all, double, times_all->len / 2),
          g_array_index (times_all, double, (times_all->len * 99) / 100));
  fflush (stdout);
}

/* The resident memory of this process now, and at most so far (KiB). */
static void
memory_kib (gint64 *rss,
            gint64 *peak)
{
  g_autofree char *status = NULL;
  const char      *line;

  *rss = *peak = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((line = strstr (status, "VmRSS:")) != NULL)
    *rss = g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
  if ((line = strstr (status, "VmHWM:")) != NULL)
    *peak = g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* Waits, as the app's main loop does, for the list's rowids (its first
 * ones, for a search that shows those while the others load), then takes
 * its first 50 rows (what the first screen shows); returns the rows. */
static guint
first_rows (GuichetParticipantList *list)
{
  guint n;

  while (guichet_participant_list_get_loading (list) &&
         !guichet_participant_list_get_partial (list))
    g_main_context_iteration (NULL, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < MIN (n, 50); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  return n;
}

/* The participants page's model (GuichetParticipantList, as the app uses
 * it, without GTK): the time from opening the list to its first rows,
 * and from each key typed in the search to the first rows of its result,
 * rowids loaded in its worker thread and delivered through the main loop. */
static void
list_figures (const char *path,
              guint       n)
{
  g_autofree char *email = NULL;
  const char      *texts[2];
  const char      *worst_text = "", *worst_all_text = "";
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gint64 open_best = G_MAXINT64, worst_key = 0, worst_all = 0, rss, peak;
  guint  rows = 0;

  {
    g_autoptr (GuichetParticipant) p = make_participant (n / 3, n);

    email = g_strdup (guichet_participant_get_email (p));
  }
  texts[0] = "martin12";
  texts[1] = email;

  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr (GuichetParticipantList) list = NULL;
      gint64 t0 = g_get_monotonic_time ();

      list = guichet_participant_list_new (store, ACCOUNT, EVENT);
      rows = first_rows (list);
      open_best = MIN (open_best, g_get_monotonic_time () - t0);
    }
  printf ("  participant list: first 50 of %u rows in %.2f ms (best of 3)\n", rows,
          open_best / 1000.0);

  /* Typed a key at a time; each key's best of 3: to its first rows, and
   * to all its rows (their number known). A common name, then an e-mail:
   * each of its first letters starts every e-mail of the event. */
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint k = 1; k <= strlen (texts[t]); k++)
      {
        g_autofree char *typed = g_strndup (texts[t], k);
        gint64           best = G_MAXINT64, best_all = G_MAXINT64;

        for (guint round = 0; round < 3; round++)
          {
            g_autoptr (GuichetParticipantList) list =
              guichet_participant_list_new (store, ACCOUNT, EVENT);
            gint64 t0;

            first_rows (list);
            t0 = g_get_monotonic_time ();
            guichet_participant_list_set_search (list, typed);
            first_rows (list);
            best = MIN (best, g_get_monotonic_time () - t0);
            while (guichet_participant_list_get_loading (list))
              g_main_context_iteration (NULL, TRUE);
            best_all = MIN (best_all, g_get_monotonic_time () - t0);
            rows = g_list_model_get_n_items (G_LIST_MODEL (list));
          }
        printf ("  participant list, key typed → “%s”: first rows %.2f ms, all %u rows %.2f ms\n",
                typed, best / 1000.0, rows, best_all / 1000.0);
        if (best > worst_key)
          {
            worst_key = best;
            worst_text = texts[t];
          }
        if (best_all > worst_all)
          {
            worst_all = best_all;
            worst_all_text = texts[t];
          }
      }
  memory_kib (&rss, &peak);

  printf ("ROW participant list at %u, first rows shown|%.2f ms||\n", n, open_best / 1000.0);
  printf ("ROW participant list at %u, search per key typed to its first rows (worst of “%s”)"
          "|%.2f ms||< 16 ms\n",
          n, worst_text, worst_key / 1000.0);
  printf ("ROW participant list at %u, search per key typed to all its rows (worst of “%s”)"
          "|%.2f ms||\n",
          n, worst_all_text, worst_all / 1000.0);
  printf ("ROW memory: bench-store after the list figures, RSS (peak)|%" G_GINT64_FORMAT
          " MiB (%" G_GINT64_FORMAT " MiB)||< 200 MB (the app)\n",
          rss / 1024, peak / 1024);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  Rates            first_rates[2] = { { 0, 0 }, { 0, 0 } };
  guint            first_pages[2] = { 0, 0 };
  guint            first_n = 0;
  g_autofree char *last_path = NULL;
  guint            last_n = 0;

  if (argc == 4 && strcmp (argv[1], "--search") == 0)
    {
      /* A store filled by an earlier run: the reading figures only */
      guint n = (guint) g_ascii_strtoull (argv[3], NULL, 10);

      search (argv[2], n);
      list_figures (argv[2], n);
      return 0;
    }
  if (argc < 3)
    {
      g_printerr ("usage: %s DIR N...\n"
                  "       %s --search STORE N\n",
                  argv[0], argv[0]);
      return 2;
    }

  g_mkdir_with_parents (argv[1], 0700);
  for (int i = 2; i < argc; i++)
    {
      guint            n = (guint) g_ascii_strtoull (argv[i], NULL, 10);
      g_autofree char *path = g_strdup_printf ("%s/store-%u.db", argv[1], n);
      /* [0]: one page a transaction (a store keeping up with its pages,
       * the figure before the sync sized its transactions); [1]: as the
       * sync writes them, whole pages (guichet-sync.c) */
      const guint pages[] = { 1, CLAMP ((guichet_sync_rows_per_transaction (n) + PAGE_SIZE - 1) /
                                          PAGE_SIZE,
                                        1, MERGED_PAGES) };

      for (guint k = 0; k < G_N_ELEMENTS (pages); k++)
        {
          Rates            rates = fill_median (path, n, pages[k]);
          g_autofree char *label =
            g_strdup_printf ("sync writes at %u, %u rows a transaction%s"
                             " (rows/s; rows per CPU s)",
                             n, pages[k] * PAGE_SIZE, k == 1 ? " (the sync's, for its size)" : "");

          /* Rows per CPU second too: on a shared machine, the wall-clock
           * rate is also everybody else's. */
          if (first_n == 0 || first_n == n)
            {
              first_rates[k] = rates;
              first_pages[k] = pages[k];
              printf ("ROW %s|%.0f; %.0f||\n", label, rates.rate, rates.cpu_rate);
            }
          else
            {
              /* The machine's speed drifts over the minutes between the
               * two fills: the reference is timed again right after, and
               * the two count alike. */
              g_autofree char *again = g_strdup_printf ("%s/store-%u-again.db", argv[1], first_n);
              Rates            after = fill_median (again, first_n, first_pages[k]);
              Rates            reference = { (first_rates[k].rate + after.rate) / 2,
                                             (first_rates[k].cpu_rate + after.cpu_rate) / 2 };

              remove_store (again);
              printf ("  the rate at %u, before and after: %.0f and %.0f rows/s\n", first_n,
                      first_rates[k].rate, after.rate);
              printf ("ROW %s|%.0f (%.0f %%); %.0f (%.0f %%)|%.0f; %.0f (at %u, timed before and"
                      " after)|%s\n",
                      label, rates.rate, 100 * rates.rate / reference.rate, rates.cpu_rate,
                      100 * rates.cpu_rate / reference.cpu_rate, reference.rate, reference.cpu_rate,
                      first_n, k == 1 ? ">= 70 %" : "(reference)");
            }
          fflush (stdout);
          /* The search figures read the store of 500-row pages. */
          if (k == 0)
            {
              resend (path, n);
              if (last_path != NULL)
                remove_store (last_path);
              g_free (last_path);
              last_path = g_steal_pointer (&path);
              path = g_strdup_printf ("%s/store-%u-merged.db", argv[1], n);
            }
          else
            remove_store (path);
        }
      search (last_path, n);
      if (first_n == 0)
        first_n = n;
      last_n = n;
    }

  list_figures (last_path, last_n);
  return 0;
}
