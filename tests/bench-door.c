/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-door"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "guichet-core.h"

/* Door figures for build-aux/bench-door (not a test; asserts nothing):
 * the door's decision including its durable journal write, at N
 * participants, idle and while a sync writes 500-row pages (from a thread
 * on the same GuichetStore, as in the app, and from another process, as
 * with the CLI), beside the floors measured on the same file in the same
 * run: a bare barcode look-up, a bare synchronous=FULL insert, and the
 * disk's own: 4 KiB rewritten and fdatasync'ed, no SQLite (idle, and
 * while the sync writes: a durable write cannot beat it).
 *
 *   bench-door DIR N            figures (the filled store is kept in DIR
 *                               as a template and copied for each run)
 *   bench-door --writer DB N    (internal) writes pages until killed */

#define ACCOUNT "bench"
#define EVENT "ev"
#define PAGE_SIZE 500
#define N_SCANS 1000
#define N_FLOOR 1000

static GuichetParticipant *
make_participant (guint i,
                  guint variant)
{
  g_autofree char *id = g_strdup_printf ("p-%u", i);
  g_autofree char *barcode = g_strdup_printf ("B%09u", i);
  g_autofree char *first = g_strdup_printf ("First%u", (i * 7919u + variant) % 5000u);
  g_autofree char *last = g_strdup_printf ("Last%u", (i * 104729u) % 20000u);
  g_autofree char *email = g_strdup_printf ("p%u@example.org", i);

  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", EVENT, "barcode", barcode,
                       "first-name", first, "last-name", last, "email", email, "ticket-type-id",
                       (i % 10) == 0 ? "t-vip" : "t-std", "ticket-type-name",
                       (i % 10) == 0 ? "VIP" : "Standard", NULL);
}

static gboolean
write_page (GuichetStore *store,
            guint         first,
            guint         count,
            guint         variant,
            gint64        generation,
            GError      **error)
{
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = g_strdup_printf ("%u", first + count);

  for (guint i = first; i < first + count; i++)
    g_ptr_array_add (page, make_participant (i, variant));

  return guichet_store_write_participants (store, ACCOUNT, EVENT, page, cursor, generation, error);
}

/* A sync that never ends: rewrites 500-row pages of the event (names
 * change, so the full-text index works too), from a random place; or,
 * @unchanged, sends the event again as it is, a new full sync each time
 * round (the background sync of a platform without changes-since). */
typedef struct
{
  GuichetStore *store;
  guint         n;
  gint          stop;
  guint         pages;
  gboolean      report;    /* a line on stdout per page */
  gboolean      unchanged; /* the rows as fill() wrote them */
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  guint   variant = w->unchanged ? 0 : 1;
  gint64  generation = 2;

  for (guint first = 0; !g_atomic_int_get (&w->stop); first += PAGE_SIZE)
    {
      g_autoptr (GError) error = NULL;

      if (first + PAGE_SIZE > w->n)
        {
          first = 0;
          if (w->unchanged)
            generation++;
          else
            variant++;
        }
      if (!write_page (w->store, first, PAGE_SIZE, variant, generation, &error))
        g_error ("writer: %s", error->message);
      w->pages++;
      if (w->report)
        {
          printf ("p\n");
          fflush (stdout);
        }
    }

  return NULL;
}

static int
run_writer (const char *path,
            guint       n)
{
  g_autoptr (GError) error = NULL;
  Writer w = {
    0,
  };

  w.store = guichet_store_new (path, &error);
  if (w.store == NULL)
    g_error ("%s", error->message);
  w.n = n;
  w.report = TRUE;
  printf ("ready\n");
  fflush (stdout);
  writer_thread (&w);
  return 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double p50, p99; /* ms */
} Figure;

static Figure
report (const char *label,
        gint64     *us,
        guint       n,
        const char *extra)
{
  Figure f;

  qsort (us, n, sizeof *us, compare_gint64);
  f.p50 = us[n / 2] / 1000.0;
  f.p99 = us[(n * 99) / 100] / 1000.0;
  printf ("  %-46s p50 %7.3f ms  p99 %7.3f ms  max %7.2f ms%s\n", label, f.p50, f.p99,
          us[n - 1] / 1000.0, extra ? extra : "");
  fflush (stdout);
  return f;
}

static void
fill (const char *path,
      guint       n)
{
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gint64   start = g_get_monotonic_time ();
  sqlite3 *db;

  store = guichet_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  for (guint first = 0; first < n; first += 5000)
    if (!write_page (store, first, MIN (5000, n - first), 0, 1, &error))
      g_error ("%s", error->message);
  g_clear_object (&store);
  {
    g_autofree char *base = g_strndup (path, strlen (path) - strlen (".db"));
    g_autofree char *journal = g_strconcat (base, "-checkins.db", NULL);

    g_unlink (journal); /* empty: a run starts with none */
  }

  /* One self-contained file to copy. */
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close (db);

  printf ("  (filled %u participants in %.1f s, kept for the next runs)\n", n,
          (g_get_monotonic_time () - start) / 1e6);
}

/* The store's files: the main one, the journal's, and their logs. */
static void
remove_store (const char *path)
{
  g_autofree char *base = g_strndup (path, strlen (path) - strlen (".db"));
  g_autofree char *journal = g_strconcat (base, "-checkins.db", NULL);
  const char      *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *a = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *b = g_strconcat (journal, suffixes[i], NULL);

      g_unlink (a);
      g_unlink (b);
    }
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr (GFile) src = g_file_new_for_path (from);
  g_autoptr (GFile) dst = g_file_new_for_path (to);
  g_autoptr (GError) error = NULL;

  remove_store (to);
  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
}

/* The durable-write floor: one row into a small WAL file of its own with
 * synchronous=FULL (what the journal's file is), beside the store. */
static sqlite3_stmt *
floor_open (const char *dir,
            sqlite3   **db)
{
  g_autofree char *path = g_build_filename (dir, "floor.db", NULL);
  sqlite3_stmt    *stmt = NULL;

  remove_store (path);
  sqlite3_open (path, db);
  sqlite3_exec (*db,
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = FULL;"
                "CREATE TABLE IF NOT EXISTS bench_floor (x INTEGER)",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (*db, "INSERT INTO bench_floor (x) VALUES (?1)", -1, &stmt, NULL);
  return stmt;
}

static gint64
floor_insert (sqlite3      *db,
              sqlite3_stmt *stmt)
{
  gint64 t0 = g_get_monotonic_time ();

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_bind_int (stmt, 1, 1);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return g_get_monotonic_time () - t0;
}

/* The disk's own floor: rewriting 4 KiB of a small file and waiting for
 * it with fdatasync (what any durable commit ends with), beside the
 * store, with no SQLite at all. */
static int
fsync_floor_open (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "floor.fsync", NULL);
  char             block[4096] = {
    0,
  };
  int fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);

  if (fd < 0 || pwrite (fd, block, sizeof block, 0) != sizeof block || fsync (fd) != 0)
    g_error ("%s: %s", path, g_strerror (errno));
  return fd;
}

static gint64
fsync_floor (int fd)
{
  static char block[4096];
  gint64      t0 = g_get_monotonic_time ();

  block[0]++;
  if (pwrite (fd, block, sizeof block, 0) != sizeof block || fdatasync (fd) != 0)
    g_error ("fdatasync: %s", g_strerror (errno));
  return g_get_monotonic_time () - t0;
}

/* Door scans of fresh codes, from @next on; each must admit. With
 * @floor_us, a floor insert follows each scan (the same conditions for
 * both), and the scans are paced 2-6 ms apart (a busy door scans a few a
 * second; back to back, the door would hold its lock all the time). */
static void
door_scans (GuichetDoor  *door,
            guint        *next,
            gint64       *us,
            guint         n_scans,
            sqlite3      *floor_db,
            sqlite3_stmt *floor_stmt,
            gint64       *floor_us,
            int           fsync_fd,
            gint64       *fsync_us)
{
  for (guint s = 0; s < n_scans; s++)
    {
      g_autoptr (GuichetCheckIn) check_in = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *code = g_strdup_printf ("B%09u", (*next)++);
      gint64           t0 = g_get_monotonic_time ();

      check_in = guichet_door_scan (door, code, GUICHET_DIRECTION_IN, NULL, &error);
      us[s] = g_get_monotonic_time () - t0;
      if (check_in == NULL)
        g_error ("%s", error->message);
      if (guichet_check_in_get_verdict (check_in) != GUICHET_VERDICT_ADMITTED)
        g_error ("%s was not admitted", code);
      if (floor_us != NULL)
        {
          g_usleep (g_random_int_range (1000, 3000));
          floor_us[s] = floor_insert (floor_db, floor_stmt);
          g_usleep (g_random_int_range (1000, 3000));
          fsync_us[s] = fsync_floor (fsync_fd);
          g_usleep (g_random_int_range (1000, 3000));
        }
    }
}

/* The door while a thread of this process writes through the same
 * store (a Writer, @unchanged as given), beside the floors measured at the
 * same time: @figures gets the door's, the insert's and fdatasync's. */
static void
door_beside_writer (GuichetStore *store,
                    GuichetDoor  *door,
                    guint         n,
                    gboolean      unchanged,
                    const char   *label,
                    guint        *next,
                    gint64       *us,
                    sqlite3      *db,
                    sqlite3_stmt *stmt,
                    gint64       *floor_us,
                    int           fsync_fd,
                    gint64       *fsync_us,
                    Figure        figures[3])
{
  Writer           w = { store, n, 0, 0, FALSE, unchanged };
  g_autofree char *extra = NULL;
  gint64           t0 = g_get_monotonic_time ();
  GThread         *thread = g_thread_new ("writer", writer_thread, &w);
  double           seconds;

  g_usleep (200 * 1000);
  door_scans (door, next, us, N_SCANS, db, stmt, floor_us, fsync_fd, fsync_us);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  extra = g_strdup_printf ("  (writer: %.0f rows/s)", w.pages * PAGE_SIZE / seconds);
  figures[0] = report (label, us, N_SCANS, extra);
  figures[1] = report ("  floor: synchronous=FULL insert, same time", floor_us, N_SCANS, NULL);
  figures[2] = report ("  floor: 4 KiB write + fdatasync, same time", fsync_us, N_SCANS, NULL);
}

static void
run_figures (const char *self_path,
             const char *dir,
             guint       n)
{
  g_autofree char *template = g_strdup_printf ("%s/door-%u.template.db", dir, n);
  g_autofree char *path = g_strdup_printf ("%s/door-%u.db", dir, n);
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetDoor) door = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gint64 *us = g_new (gint64, MAX (N_SCANS, N_FLOOR));
  g_autofree gint64 *floor_us = g_new (gint64, N_SCANS);
  g_autofree gint64 *fsync_us = g_new (gint64, N_SCANS);
  Figure             lookup, insert, fsync_idle, idle;
  Figure             in_app[3], resend[3]; /* the door, the insert and fdatasync floors */
  Figure             process, process_insert, process_fsync;
  GRand             *rand = g_rand_new_with_seed (n);
  guint              next = 0;
  int                fsync_fd;
  sqlite3           *db;
  sqlite3_stmt      *stmt;

  printf ("door decision at %u participants\n", n);
  if (!g_file_test (template, G_FILE_TEST_EXISTS))
    fill (template, n);
  copy_file (template, path);

  store = guichet_store_new (path, &error);
  if (store == NULL || guichet_store_count_participants (store, ACCOUNT, EVENT, NULL) != n)
    g_error ("%s holds no %u participants; remove it", template, n);
  door = guichet_door_new (store, ACCOUNT, EVENT);
  guichet_door_set_desk (door, "bench");

  /* Floor 1: the bare look-up. */
  for (guint s = 0; s < N_FLOOR; s++)
    {
      g_autofree char *code = g_strdup_printf ("B%09u", g_rand_int_range (rand, 0, n));
      g_autoptr (GuichetParticipant) p = NULL;
      gint64 t0 = g_get_monotonic_time ();

      p = guichet_store_find_participant_by_barcode (store, ACCOUNT, EVENT, code, NULL);
      us[s] = g_get_monotonic_time () - t0;
      g_assert (p != NULL);
    }
  lookup = report ("floor: barcode look-up", us, N_FLOOR, NULL);

  /* Floor 2: a bare durable insert. */
  stmt = floor_open (dir, &db);
  for (guint s = 0; s < N_FLOOR; s++)
    us[s] = floor_insert (db, stmt);
  insert = report ("floor: synchronous=FULL insert", us, N_FLOOR, NULL);

  /* Floor 3: the disk's, 4 KiB and fdatasync. */
  fsync_fd = fsync_floor_open (dir);
  for (guint s = 0; s < N_FLOOR; s++)
    us[s] = fsync_floor (fsync_fd);
  fsync_idle = report ("floor: 4 KiB write + fdatasync", us, N_FLOOR, NULL);

  /* The door, idle. */
  door_scans (door, &next, us, N_SCANS, NULL, NULL, NULL, -1, NULL);
  idle =
    report ("door decision + durable write, idle", us, N_SCANS, "  (target p50 < 0.5, p99 < 2)");

  /* The door while the app's sync sends the event again unchanged. */
  door_beside_writer (store, door, n, TRUE,
                      "door, sync sending the event again unchanged (thread, same store)", &next,
                      us, db, stmt, floor_us, fsync_fd, fsync_us, resend);

  /* The door while a thread of this process writes pages through the
   * same store (the app syncing while its door page scans). */
  door_beside_writer (store, door, n, FALSE, "door, sync writing (thread, same store)", &next, us,
                      db, stmt, floor_us, fsync_fd, fsync_us, in_app);

  /* The door while another process writes pages (the CLI at a desk
   * while the app syncs). */
  {
    g_autofree char *n_text = g_strdup_printf ("%u", n);
    const char      *argv[] = { self_path, "--writer", path, n_text, NULL };
    g_autofree char *extra = NULL;
    char             line[16];
    GPid             pid;
    int              out, status;
    guint            pages = 0;
    double           seconds;
    gint64           t0;
    FILE            *f;

    if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                   NULL, &pid, NULL, &out, NULL, &error))
      g_error ("%s", error->message);
    f = fdopen (out, "r");
    if (fgets (line, sizeof line, f) == NULL)
      g_error ("the writer did not start");
    t0 = g_get_monotonic_time ();
    g_usleep (200 * 1000);
    door_scans (door, &next, us, N_SCANS, db, stmt, floor_us, fsync_fd, fsync_us);
    kill (pid, SIGKILL);
    waitpid (pid, &status, 0);
    g_spawn_close_pid (pid);
    seconds = (g_get_monotonic_time () - t0) / 1e6;
    while (fgets (line, sizeof line, f) != NULL)
      pages++;
    fclose (f);
    extra = g_strdup_printf ("  (writer: %.0f rows/s)", pages * PAGE_SIZE / seconds);
    process = report ("door, sync writing (another process)", us, N_SCANS, extra);
    process_insert =
      report ("  floor: synchronous=FULL insert, same time", floor_us, N_SCANS, NULL);
    process_fsync = report ("  floor: 4 KiB write + fdatasync, same time", fsync_us, N_SCANS, NULL);
  }

  printf ("ROW door decision at %u, idle (p50 / p99)|%.2f / %.2f ms"
          "|look-up %.2f / %.2f, durable insert %.2f / %.2f, fdatasync %.2f / %.2f ms"
          "|< 0.5 / < 2 ms\n",
          n, idle.p50, idle.p99, lookup.p50, lookup.p99, insert.p50, insert.p99, fsync_idle.p50,
          fsync_idle.p99);
  printf ("ROW door decision at %u, sync writing in the app (p50 / p99)|%.2f / %.2f ms"
          "|durable insert %.2f / %.2f, fdatasync %.2f / %.2f ms (same time)"
          "|< 0.5 / < 2 ms\n",
          n, in_app[0].p50, in_app[0].p99, in_app[1].p50, in_app[1].p99, in_app[2].p50,
          in_app[2].p99);
  printf ("ROW door decision at %u, the app's sync sending the event again unchanged"
          " (p50 / p99)|%.2f / %.2f ms"
          "|durable insert %.2f / %.2f, fdatasync %.2f / %.2f ms (same time)"
          "|< 0.5 / < 2 ms\n",
          n, resend[0].p50, resend[0].p99, resend[1].p50, resend[1].p99, resend[2].p50,
          resend[2].p99);
  printf ("ROW door decision at %u, sync writing in another process (p50 / p99)|%.2f / %.2f ms"
          "|durable insert %.2f / %.2f, fdatasync %.2f / %.2f ms (same time)"
          "|< 0.5 / < 2 ms\n",
          n, process.p50, process.p99, process_insert.p50, process_insert.p99, process_fsync.p50,
          process_fsync.p99);
  fflush (stdout);
  close (fsync_fd);

  g_rand_free (rand);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_clear_object (&door);
  g_clear_object (&store);
  remove_store (path);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--writer") == 0)
    return run_writer (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  if (argc < 3)
    {
      g_printerr ("usage: %s DIR N...\n", argv[0]);
      return 2;
    }

  g_mkdir_with_parents (argv[1], 0700);
  for (int i = 2; i < argc; i++)
    run_figures (argv[0], argv[1], (guint) g_ascii_strtoull (argv[i], NULL, 10));

  return 0;
}
