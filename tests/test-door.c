/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-door"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "guichet-test-utils.h"

#define ACCOUNT "acc-door"
#define EVENT   "ev-1"
#define OTHER   "ev-2"
/* 2025-07-01T20:15:00Z */
#define PROVIDER_CHECK_IN_TIME G_GINT64_CONSTANT (1751400900)

typedef struct
{
  char         *path;
  GuichetStore *store;
  GuichetDoor  *door;
} Fixture;

static GuichetParticipant *
participant (const char               *id,
             const char               *event_id,
             const char               *barcode,
             const char               *ticket_type_id,
             GuichetParticipantStatus  status)
{
  return g_object_new (GUICHET_TYPE_PARTICIPANT,
                       "id", id,
                       "event-id", event_id,
                       "barcode", barcode,
                       "first-name", "Ada",
                       "last-name", id,
                       "ticket-type-id", ticket_type_id,
                       "ticket-type-name", ticket_type_id,
                       "status", status,
                       NULL);
}

static void
fill_store (GuichetStore *store)
{
  g_autoptr(GPtrArray) here = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) there = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GuichetParticipant *p;

  g_ptr_array_add (here, participant ("p-valid", EVENT, "VALID001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID));
  g_ptr_array_add (here, participant ("p-out", EVENT, "OUT00001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID));
  g_ptr_array_add (here, participant ("p-void", EVENT, "VOID0001", "t-std", GUICHET_PARTICIPANT_STATUS_VOIDED));
  g_ptr_array_add (here, participant ("p-refund", EVENT, "REFUND01", "t-std", GUICHET_PARTICIPANT_STATUS_REFUNDED));
  g_ptr_array_add (here, participant ("p-unpaid", EVENT, "UNPAID01", "t-std", GUICHET_PARTICIPANT_STATUS_UNPAID));
  g_ptr_array_add (here, participant ("p-deleted", EVENT, "DELETED1", "t-std", GUICHET_PARTICIPANT_STATUS_DELETED));
  g_ptr_array_add (here, participant ("p-vip", EVENT, "VIP00001", "t-vip", GUICHET_PARTICIPANT_STATUS_VALID));

  p = participant ("p-date", EVENT, "DATE0001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "date-id", "d2", NULL);
  g_ptr_array_add (here, p);

  p = participant ("p-prov", EVENT, "PROV0001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "checked-in", TRUE, "checked-in-at", "2025-07-01T20:15:00Z", NULL);
  g_ptr_array_add (here, p);

  g_ptr_array_add (there, participant ("p-other", OTHER, "OTHER001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID));

  g_assert_true (guichet_store_write_participants (store, ACCOUNT, EVENT, here, "c1", 1, &error));
  g_assert_no_error (error);
  g_assert_true (guichet_store_write_participants (store, ACCOUNT, OTHER, there, "c2", 1, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = guichet_test_new_db_path ();
  fixture->store = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fill_store (fixture->store);
  fixture->door = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  guichet_door_set_desk (fixture->door, "North");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->door);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->path);
}

/* Scans and checks the verdict; returns the journal entry. */
static GuichetCheckIn *
scan (GuichetDoor          *door,
      const char           *code,
      GuichetDirection      direction,
      GuichetVerdict        verdict,
      GuichetReason         reason,
      GuichetParticipant  **participant_out)
{
  g_autoptr(GuichetParticipant) found = NULL;
  g_autoptr(GError) error = NULL;
  GuichetCheckIn *check_in;

  check_in = guichet_door_scan (door, code, direction, &found, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check_in);
  g_assert_cmpstr (guichet_verdict_to_string (guichet_check_in_get_verdict (check_in)), ==,
                   guichet_verdict_to_string (verdict));
  g_assert_cmpstr (guichet_reason_to_string (guichet_check_in_get_reason (check_in)), ==,
                   guichet_reason_to_string (reason));
  g_assert_cmpint (guichet_check_in_get_direction (check_in), ==, direction);
  g_assert_cmpint (guichet_check_in_get_id (check_in), >, 0);

  if (participant_out != NULL)
    *participant_out = g_steal_pointer (&found);

  return check_in;
}

static void
scan_and_drop (GuichetDoor    *door,
               const char     *code,
               GuichetVerdict  verdict,
               GuichetReason   reason)
{
  g_autoptr(GuichetCheckIn) check_in = scan (door, code, GUICHET_DIRECTION_IN, verdict, reason, NULL);
}

static guint
journal_length (GuichetStore *store)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, &error);
  g_assert_no_error (error);
  return entries->len;
}

static void
test_door_admitted_then_already (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GuichetParticipant) holder = NULL;
  g_autoptr(GuichetCheckIn) first = NULL;
  g_autoptr(GuichetCheckIn) second = NULL;
  GuichetCheckIn *conflict;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  first = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN,
                GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE, &holder);
  g_assert_nonnull (holder);
  g_assert_cmpstr (guichet_participant_get_id (holder), ==, "p-valid");
  g_assert_cmpstr (guichet_check_in_get_participant_id (first), ==, "p-valid");
  g_assert_cmpstr (guichet_check_in_get_desk (first), ==, "North");
  g_assert_cmpstr (guichet_check_in_get_code (first), ==, "VALID001");
  g_assert_cmpint (guichet_check_in_get_time (first), >=, before);
  g_assert_cmpint (guichet_check_in_get_time (first), <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_null (guichet_door_get_last_conflict (fixture->door));
  g_clear_object (&holder);

  /* Another desk scans the same ticket: refused as already in, and the
   * door tells when and where the first admission happened. */
  guichet_door_set_desk (fixture->door, "South");
  second = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN,
                 GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE, &holder);
  g_assert_cmpstr (guichet_participant_get_id (holder), ==, "p-valid");
  g_assert_cmpstr (guichet_check_in_get_desk (second), ==, "South");

  conflict = guichet_door_get_last_conflict (fixture->door);
  g_assert_nonnull (conflict);
  g_assert_cmpint (guichet_check_in_get_id (conflict), ==, guichet_check_in_get_id (first));
  g_assert_cmpstr (guichet_check_in_get_desk (conflict), ==, "North");
  g_assert_cmpint (guichet_check_in_get_time (conflict), ==, guichet_check_in_get_time (first));

  g_assert_cmpuint (journal_length (fixture->store), ==, 2);
}

static void
test_door_unknown_and_wrong_event (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GuichetParticipant) holder = NULL;
  g_autoptr(GuichetCheckIn) check_in = NULL;

  check_in = scan (fixture->door, "NOSUCHCODE", GUICHET_DIRECTION_IN,
                   GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE, &holder);
  g_assert_null (holder);
  g_assert_null (guichet_check_in_get_participant_id (check_in));
  g_clear_object (&check_in);

  check_in = scan (fixture->door, "OTHER001", GUICHET_DIRECTION_IN,
                   GUICHET_VERDICT_REFUSED, GUICHET_REASON_WRONG_EVENT, &holder);
  g_assert_nonnull (holder);
  g_assert_cmpstr (guichet_participant_get_id (holder), ==, "p-other");
  g_assert_cmpstr (guichet_check_in_get_event_id (check_in), ==, EVENT);

  g_assert_cmpuint (journal_length (fixture->store), ==, 2);
}

static void
test_door_refused_statuses (Fixture       *fixture,
                            gconstpointer  user_data)
{
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);
  scan_and_drop (fixture->door, "REFUND01", GUICHET_VERDICT_REFUSED, GUICHET_REASON_REFUNDED);
  scan_and_drop (fixture->door, "UNPAID01", GUICHET_VERDICT_REFUSED, GUICHET_REASON_UNPAID);
  scan_and_drop (fixture->door, "DELETED1", GUICHET_VERDICT_REFUSED, GUICHET_REASON_DELETED);

  /* A refused scan is no admission: still refused the second time, not
   * "already checked in". */
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);

  g_assert_cmpuint (journal_length (fixture->store), ==, 5);
}

static void
test_door_gates (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char * const vip_only[] = { "t-vip", NULL };
  const char * const none[] = { NULL };

  guichet_door_set_gates (fixture->door, vip_only);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_GATE);
  scan_and_drop (fixture->door, "VIP00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  /* An empty list opens the gate to every ticket type again. */
  guichet_door_set_gates (fixture->door, none);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  guichet_door_set_gates (fixture->door, vip_only);
  guichet_door_set_gates (fixture->door, NULL);
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
}

static void
test_door_wrong_date (Fixture       *fixture,
                      gconstpointer  user_data)
{
  guichet_door_set_date (fixture->door, "d1");
  scan_and_drop (fixture->door, "DATE0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_WRONG_DATE);
  /* A ticket without a date is good on every date. */
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  guichet_door_set_date (fixture->door, "d2");
  scan_and_drop (fixture->door, "DATE0001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
}

static void
test_door_invalid_codes (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *long_code = g_strnfill (300, 'A');
  g_autofree char *max_code = g_strnfill (256, 'B');
  g_autofree char *too_long = g_strnfill (257, 'B');
  const char *invalid[] = {
    "",
    "AB\001CD",
    "VALID001\n",
    "\tVALID001",
    "VALID\x7f" "001",
    "\xff\xfe" "ABC",
    long_code,
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GuichetParticipant) holder = NULL;
      g_autoptr(GuichetCheckIn) check_in = NULL;

      g_assert_false (guichet_door_code_is_valid (invalid[i]));
      check_in = scan (fixture->door, invalid[i], GUICHET_DIRECTION_IN,
                       GUICHET_VERDICT_REFUSED, GUICHET_REASON_INVALID_CODE, &holder);
      g_assert_null (holder);
      g_assert_true (g_utf8_validate (guichet_check_in_get_code (check_in), -1, NULL));
    }

  /* Every refused scan is in the journal. */
  g_assert_cmpuint (journal_length (fixture->store), ==, G_N_ELEMENTS (invalid));

  g_assert_true (guichet_door_code_is_valid ("VALID001"));
  g_assert_true (guichet_door_code_is_valid ("Émile-42 /x"));
  g_assert_true (guichet_door_code_is_valid (max_code));
  g_assert_false (guichet_door_code_is_valid (too_long));
  g_assert_false (guichet_door_code_is_valid (NULL));
}

static void
test_door_every_scan_journaled (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "NOPE", GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);
  scan_and_drop (fixture->door, "OTHER001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_WRONG_EVENT);
  scan_and_drop (fixture->door, "", GUICHET_VERDICT_REFUSED, GUICHET_REASON_INVALID_CODE);

  entries = guichet_store_list_check_ins (fixture->store, ACCOUNT, EVENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);

  /* Newest first, each with its verdict. */
  g_assert_cmpint (guichet_check_in_get_reason (g_ptr_array_index (entries, 0)), ==, GUICHET_REASON_INVALID_CODE);
  g_assert_cmpint (guichet_check_in_get_reason (g_ptr_array_index (entries, 1)), ==, GUICHET_REASON_WRONG_EVENT);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 3)), ==, GUICHET_VERDICT_UNKNOWN);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 4)), ==, GUICHET_VERDICT_ALREADY_CHECKED_IN);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 5)), ==, GUICHET_VERDICT_ADMITTED);
  g_assert_cmpstr (guichet_check_in_get_desk (g_ptr_array_index (entries, 5)), ==, "North");
}

static void
test_door_journal_survives_reopening (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GuichetCheckIn) first = NULL;
  g_autoptr(GuichetCheckIn) again = NULL;
  g_autoptr(GError) error = NULL;
  GuichetCheckIn *conflict;

  first = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN,
                GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE, NULL);

  /* Close everything, as a crash or a restart would. */
  g_assert_finalize_object (g_steal_pointer (&fixture->door));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  fixture->store = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->door = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  guichet_door_set_desk (fixture->door, "East");

  again = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN,
                GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE, NULL);
  conflict = guichet_door_get_last_conflict (fixture->door);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (guichet_check_in_get_desk (conflict), ==, "North");
  g_assert_cmpint (guichet_check_in_get_time (conflict), ==, guichet_check_in_get_time (first));
  g_assert_cmpuint (journal_length (fixture->store), ==, 2);
}

static void
test_door_checked_in_by_provider (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GuichetCheckIn) check_in = NULL;
  GuichetCheckIn *conflict;

  check_in = scan (fixture->door, "PROV0001", GUICHET_DIRECTION_IN,
                   GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE, NULL);
  conflict = guichet_door_get_last_conflict (fixture->door);
  g_assert_nonnull (conflict);
  g_assert_cmpint (guichet_check_in_get_time (conflict), ==, PROVIDER_CHECK_IN_TIME);
  g_assert_null (guichet_check_in_get_desk (conflict));
  g_clear_object (&check_in);

  /* Going out through this door, then in again, is fine. */
  check_in = scan (fixture->door, "PROV0001", GUICHET_DIRECTION_OUT,
                   GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE, NULL);
  g_clear_object (&check_in);
  scan_and_drop (fixture->door, "PROV0001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "PROV0001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);
}

static void
test_door_out_and_undo (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GuichetCheckIn) in = NULL;
  g_autoptr(GuichetCheckIn) out = NULL;
  g_autoptr(GError) error = NULL;

  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  out = scan (fixture->door, "OUT00001", GUICHET_DIRECTION_OUT,
              GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_direction (out), ==, GUICHET_DIRECTION_OUT);

  /* Out, so back in. */
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);

  /* Refusals still apply on the way out. */
  g_clear_object (&out);
  out = scan (fixture->door, "VOID0001", GUICHET_DIRECTION_OUT,
              GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID, NULL);

  /* An undone admission does not count. */
  in = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN,
             GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE, NULL);
  g_assert_true (guichet_store_undo_check_in (fixture->store, guichet_check_in_get_id (in), &error));
  g_assert_no_error (error);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
}

/* Several desks (processes) on one store scan the same fresh codes at
 * once: each code is admitted exactly once, every other scan of it is
 * "already checked in", and every scan is in the journal. */
#define N_DESKS  4
#define N_CODES  40
#define N_ROUNDS 3

static void
test_door_admit_once_processes (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "door-scan-child", NULL);
  g_autoptr(GPtrArray) participants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GuichetStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) admissions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *rounds = g_strdup_printf ("%d", N_ROUNDS);
  FILE *in[N_DESKS], *out[N_DESKS];
  GPid pids[N_DESKS];
  char *codes[N_CODES];
  guint admitted_lines = 0, already_lines = 0;

  if (!g_file_test (child, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("door-scan-child is not built");
      return;
    }

  for (guint i = 0; i < N_CODES; i++)
    {
      g_autofree char *id = g_strdup_printf ("p-race-%u", i);

      codes[i] = g_strdup_printf ("RACE%04u", i);
      g_ptr_array_add (participants, participant (id, EVENT, codes[i], "t-std",
                                                  GUICHET_PARTICIPANT_STATUS_VALID));
    }
  store = guichet_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (guichet_store_write_participants (store, ACCOUNT, EVENT, participants, "c1", 1, &error));
  g_assert_no_error (error);

  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;
      g_autofree char *desk = g_strdup_printf ("desk-%u", d);
      int fd_in, fd_out;
      char line[64];

      g_strv_builder_add_many (builder, child, path, ACCOUNT, EVENT, desk, rounds, NULL);
      for (guint i = 0; i < N_CODES; i++)
        g_strv_builder_add (builder, codes[i]);
      argv = g_strv_builder_end (builder);

      g_assert_true (g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pids[d], &fd_in, &fd_out, NULL,
                                               &error));
      g_assert_no_error (error);
      in[d] = fdopen (fd_in, "w");
      out[d] = fdopen (fd_out, "r");
      /* Its store is open. */
      g_assert_nonnull (fgets (line, sizeof line, out[d]));
      g_assert_cmpstr (line, ==, "ready\n");
    }

  /* Go, all at once. */
  for (guint d = 0; d < N_DESKS; d++)
    {
      fputs ("go\n", in[d]);
      fclose (in[d]);
    }

  for (guint d = 0; d < N_DESKS; d++)
    {
      char line[128];
      int status;

      while (fgets (line, sizeof line, out[d]) != NULL)
        {
          if (strstr (line, " admitted\n") != NULL)
            admitted_lines++;
          else if (strstr (line, " already_checked_in\n") != NULL)
            already_lines++;
          else
            g_error ("unexpected verdict: %s", line);
        }
      fclose (out[d]);
      g_assert_cmpint (waitpid (pids[d], &status, 0), ==, pids[d]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_spawn_close_pid (pids[d]);
    }

  /* What the desks were told: one admission per code. */
  g_assert_cmpuint (admitted_lines, ==, N_CODES);
  g_assert_cmpuint (already_lines, ==, N_DESKS * N_CODES * N_ROUNDS - N_CODES);

  /* What the journal says: every scan, one admission per code. */
  entries = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, N_DESKS * N_CODES * N_ROUNDS);
  for (guint i = 0; i < entries->len; i++)
    {
      GuichetCheckIn *entry = g_ptr_array_index (entries, i);
      const char *code = guichet_check_in_get_code (entry);

      if (guichet_check_in_get_verdict (entry) != GUICHET_VERDICT_ADMITTED)
        continue;
      if (g_hash_table_contains (admissions, code))
        g_error ("%s was admitted twice", code);
      g_hash_table_add (admissions, (gpointer) code);
    }
  g_assert_cmpuint (g_hash_table_size (admissions), ==, N_CODES);

  for (guint i = 0; i < N_CODES; i++)
    g_free (codes[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/door/admitted-then-already", test_door_admitted_then_already);
  ADD ("/door/unknown-and-wrong-event", test_door_unknown_and_wrong_event);
  ADD ("/door/refused-statuses", test_door_refused_statuses);
  ADD ("/door/gates", test_door_gates);
  ADD ("/door/wrong-date", test_door_wrong_date);
  ADD ("/door/invalid-codes", test_door_invalid_codes);
  ADD ("/door/every-scan-journaled", test_door_every_scan_journaled);
  ADD ("/door/journal-survives-reopening", test_door_journal_survives_reopening);
  ADD ("/door/checked-in-by-provider", test_door_checked_in_by_provider);
  ADD ("/door/out-and-undo", test_door_out_and_undo);

#undef ADD

  g_test_add_func ("/door/admit-once/processes", test_door_admit_once_processes);

  return g_test_run ();
}
