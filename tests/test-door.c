/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-door"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sqlite3.h>

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "guichet-test-utils.h"

#define ACCOUNT "acc-door"
#define EVENT "ev-1"
#define OTHER "ev-2"
/* 2025-07-01T20:15:00Z */
#define PROVIDER_CHECK_IN_TIME G_GINT64_CONSTANT (1751400900)

typedef struct
{
  char         *path;
  GuichetStore *store;
  GuichetDoor  *door;
} Fixture;

static GuichetParticipant *
participant (const char              *id,
             const char              *event_id,
             const char              *barcode,
             const char              *ticket_type_id,
             GuichetParticipantStatus status)
{
  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", event_id, "barcode", barcode,
                       "first-name", "Ada", "last-name", id, "ticket-type-id", ticket_type_id,
                       "ticket-type-name", ticket_type_id, "status", status, NULL);
}

static void
fill_store (GuichetStore *store)
{
  g_autoptr (GPtrArray) here = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) there = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  GuichetParticipant *p;

  g_ptr_array_add (here, participant ("p-valid", EVENT, "VALID001", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_VALID));
  g_ptr_array_add (here, participant ("p-out", EVENT, "OUT00001", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_VALID));
  g_ptr_array_add (here, participant ("p-void", EVENT, "VOID0001", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_VOIDED));
  g_ptr_array_add (here, participant ("p-refund", EVENT, "REFUND01", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_REFUNDED));
  g_ptr_array_add (here, participant ("p-unpaid", EVENT, "UNPAID01", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_UNPAID));
  g_ptr_array_add (here, participant ("p-deleted", EVENT, "DELETED1", "t-std",
                                      GUICHET_PARTICIPANT_STATUS_DELETED));
  g_ptr_array_add (here, participant ("p-vip", EVENT, "VIP00001", "t-vip",
                                      GUICHET_PARTICIPANT_STATUS_VALID));

  p = participant ("p-date", EVENT, "DATE0001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "date-id", "d2", NULL);
  g_ptr_array_add (here, p);

  p = participant ("p-prov", EVENT, "PROV0001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "checked-in", TRUE, "checked-in-at", "2025-07-01T20:15:00Z", NULL);
  g_ptr_array_add (here, p);

  p = participant ("p-group", EVENT, "GROUP001", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "entries", 3, NULL);
  g_ptr_array_add (here, p);

  g_ptr_array_add (there, participant ("p-other", OTHER, "OTHER001", "t-std",
                                       GUICHET_PARTICIPANT_STATUS_VALID));

  g_assert_true (guichet_store_write_participants (store, ACCOUNT, EVENT, here, "c1", 1, &error));
  g_assert_no_error (error);
  g_assert_true (guichet_store_write_participants (store, ACCOUNT, OTHER, there, "c2", 1, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->path = guichet_test_new_db_path ();
  fixture->store = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fill_store (fixture->store);
  fixture->door = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  guichet_door_set_desk (fixture->door, "North");
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_assert_finalize_object (fixture->door);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->path);
}

/* Scans and checks the verdict; returns the journal entry. */
static GuichetCheckIn *
scan (GuichetDoor         *door,
      const char          *code,
      GuichetDirection     direction,
      GuichetVerdict       verdict,
      GuichetReason        reason,
      GuichetParticipant **participant_out)
{
  g_autoptr (GuichetParticipant) found = NULL;
  g_autoptr (GError) error = NULL;
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
scan_and_drop (GuichetDoor   *door,
               const char    *code,
               GuichetVerdict verdict,
               GuichetReason  reason)
{
  g_autoptr (GuichetCheckIn) check_in =
    scan (door, code, GUICHET_DIRECTION_IN, verdict, reason, NULL);
}

static guint
journal_length (GuichetStore *store)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  entries = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, &error);
  g_assert_no_error (error);
  return entries->len;
}

static void
test_door_admitted_then_already (Fixture      *fixture,
                                 gconstpointer user_data)
{
  g_autoptr (GuichetParticipant) holder = NULL;
  g_autoptr (GuichetCheckIn) first = NULL;
  g_autoptr (GuichetCheckIn) second = NULL;
  GuichetCheckIn *conflict;
  gint64          before = g_get_real_time () / G_USEC_PER_SEC;

  first = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, &holder);
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
test_door_unknown_and_wrong_event (Fixture      *fixture,
                                   gconstpointer user_data)
{
  g_autoptr (GuichetParticipant) holder = NULL;
  g_autoptr (GuichetCheckIn) check_in = NULL;

  check_in = scan (fixture->door, "NOSUCHCODE", GUICHET_DIRECTION_IN, GUICHET_VERDICT_UNKNOWN,
                   GUICHET_REASON_NONE, &holder);
  g_assert_null (holder);
  g_assert_null (guichet_check_in_get_participant_id (check_in));
  g_clear_object (&check_in);

  check_in = scan (fixture->door, "OTHER001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_REFUSED,
                   GUICHET_REASON_WRONG_EVENT, &holder);
  g_assert_nonnull (holder);
  g_assert_cmpstr (guichet_participant_get_id (holder), ==, "p-other");
  g_assert_cmpstr (guichet_check_in_get_event_id (check_in), ==, EVENT);

  g_assert_cmpuint (journal_length (fixture->store), ==, 2);
}

static void
test_door_refused_statuses (Fixture      *fixture,
                            gconstpointer user_data)
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
test_door_gates (Fixture      *fixture,
                 gconstpointer user_data)
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
test_door_wrong_date (Fixture      *fixture,
                      gconstpointer user_data)
{
  guichet_door_set_date (fixture->door, "d1");
  scan_and_drop (fixture->door, "DATE0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_WRONG_DATE);
  /* A ticket without a date is good on every date. */
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  guichet_door_set_date (fixture->door, "d2");
  scan_and_drop (fixture->door, "DATE0001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
}

static void
test_door_invalid_codes (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autofree char *long_code = g_strnfill (300, 'A');
  g_autofree char *max_code = g_strnfill (256, 'B');
  g_autofree char *too_long = g_strnfill (257, 'B');
  g_autofree char *ten_thousand = g_strnfill (10000, 'C');
  const char      *invalid[] = {
    "",
    "   ",
    "\r\n",
    "\t \r\n\x1b",
    "AB\001CD",
    "VALID\x1b[31m001",
    "VALID\x7f"
    "001",
    "VALID\r001",
    "\xff\xfe"
    "ABC",
    "VALID001\xc3",
    long_code,
    ten_thousand,
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GuichetParticipant) holder = NULL;
      g_autoptr (GuichetCheckIn) check_in = NULL;

      g_assert_false (guichet_door_code_is_valid (invalid[i]));
      check_in = scan (fixture->door, invalid[i], GUICHET_DIRECTION_IN, GUICHET_VERDICT_REFUSED,
                       GUICHET_REASON_INVALID_CODE, &holder);
      g_assert_null (holder);
      g_assert_true (g_utf8_validate (guichet_check_in_get_code (check_in), -1, NULL));
    }

  /* Every refused scan is in the journal. */
  g_assert_cmpuint (journal_length (fixture->store), ==, G_N_ELEMENTS (invalid));

  g_assert_true (guichet_door_code_is_valid ("VALID001"));
  g_assert_true (guichet_door_code_is_valid ("Émile-42 /x"));
  g_assert_false (guichet_door_code_is_valid ("VALID001\n")); /* valid once trimmed */
  g_assert_true (guichet_door_code_is_valid (max_code));
  g_assert_false (guichet_door_code_is_valid (too_long));
  g_assert_false (guichet_door_code_is_valid (NULL));
}

static void
test_door_every_scan_journaled (Fixture      *fixture,
                                gconstpointer user_data)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "NOPE", GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);
  scan_and_drop (fixture->door, "OTHER001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_WRONG_EVENT);
  scan_and_drop (fixture->door, "", GUICHET_VERDICT_REFUSED, GUICHET_REASON_INVALID_CODE);

  entries = guichet_store_list_check_ins (fixture->store, ACCOUNT, EVENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);

  /* Newest first, each with its verdict. */
  g_assert_cmpint (guichet_check_in_get_reason (g_ptr_array_index (entries, 0)), ==,
                   GUICHET_REASON_INVALID_CODE);
  g_assert_cmpint (guichet_check_in_get_reason (g_ptr_array_index (entries, 1)), ==,
                   GUICHET_REASON_WRONG_EVENT);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 3)), ==,
                   GUICHET_VERDICT_UNKNOWN);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 4)), ==,
                   GUICHET_VERDICT_ALREADY_CHECKED_IN);
  g_assert_cmpint (guichet_check_in_get_verdict (g_ptr_array_index (entries, 5)), ==,
                   GUICHET_VERDICT_ADMITTED);
  g_assert_cmpstr (guichet_check_in_get_desk (g_ptr_array_index (entries, 5)), ==, "North");
}

static void
test_door_journal_survives_reopening (Fixture      *fixture,
                                      gconstpointer user_data)
{
  g_autoptr (GuichetCheckIn) first = NULL;
  g_autoptr (GuichetCheckIn) again = NULL;
  g_autoptr (GError) error = NULL;
  GuichetCheckIn *conflict;

  first = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, NULL);

  /* Close everything, as a crash or a restart would. */
  g_assert_finalize_object (g_steal_pointer (&fixture->door));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  fixture->store = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->door = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  guichet_door_set_desk (fixture->door, "East");

  again = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ALREADY_CHECKED_IN,
                GUICHET_REASON_NONE, NULL);
  conflict = guichet_door_get_last_conflict (fixture->door);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (guichet_check_in_get_desk (conflict), ==, "North");
  g_assert_cmpint (guichet_check_in_get_time (conflict), ==, guichet_check_in_get_time (first));
  g_assert_cmpuint (journal_length (fixture->store), ==, 2);
}

/* The size of the journal's write-ahead log, 0 when there is none. */
static goffset
journal_log_size (GuichetStore *store)
{
  g_autofree char *log = g_strconcat (guichet_store_get_journal_path (store), "-wal", NULL);
  struct stat      st;

  return stat (log, &st) == 0 ? st.st_size : 0;
}

/* A check-in's fdatasync() must not wait for the file system's own
 * journal: the log is written ahead of its frames, a MiB at a time, and
 * keeps its blocks when a clean exit empties it. */
static void
test_door_journal_log_laid_out (Fixture      *fixture,
                                gconstpointer user_data)
{
  g_autoptr (GuichetCheckIn) again = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *log = NULL;
  g_autofree char *alone = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize         length = 0;
  sqlite3      *copy = NULL;
  sqlite3_stmt *stmt = NULL;
  goffset       size;
  guint         n_growths = 0;

  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  size = journal_log_size (fixture->store);
  g_assert_cmpint (size, >=, 1024 * 1024);
  g_assert_cmpint (size % (1024 * 1024), ==, 0);

  /* 60 more commits: the log does not grow with each */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *code = g_strdup_printf ("NOBODY%03u", i);
      goffset          now;

      scan_and_drop (fixture->door, code, GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE);
      now = journal_log_size (fixture->store);
      g_assert_cmpint (now % (1024 * 1024), ==, 0);
      if (now != size)
        n_growths++;
      size = now;
    }
  g_assert_cmpuint (n_growths, <=, 1);

  /* A clean exit copies the log back: the file alone holds every
   * check-in, and the log keeps its size, without a header */
  journal = g_strdup (guichet_store_get_journal_path (fixture->store));
  log = g_strconcat (journal, "-wal", NULL);
  alone = g_strconcat (journal, "-alone", NULL);
  g_assert_finalize_object (g_steal_pointer (&fixture->door));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_assert_true (g_file_get_contents (log, &bytes, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, (gsize) size);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpint (bytes[i], ==, 0);
  g_clear_pointer (&bytes, g_free);

  g_assert_true (g_file_get_contents (journal, &bytes, &length, &error));
  g_assert_true (g_file_set_contents (alone, bytes, (gssize) length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (alone, &copy, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (copy, "SELECT count(*) FROM check_ins", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 61);
  sqlite3_finalize (stmt);
  sqlite3_close (copy);
  unlink (alone);

  /* The next session writes over the old frames, and reads what it must */
  fixture->store = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->door = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  guichet_door_set_desk (fixture->door, "North");
  g_assert_cmpuint (journal_length (fixture->store), ==, 61);
  again = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ALREADY_CHECKED_IN,
                GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (journal_log_size (fixture->store), ==, size);
  g_assert_cmpuint (journal_length (fixture->store), ==, 62);
}

static void
test_door_checked_in_by_provider (Fixture      *fixture,
                                  gconstpointer user_data)
{
  g_autoptr (GuichetCheckIn) check_in = NULL;
  GuichetCheckIn *conflict;

  check_in = scan (fixture->door, "PROV0001", GUICHET_DIRECTION_IN,
                   GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE, NULL);
  conflict = guichet_door_get_last_conflict (fixture->door);
  g_assert_nonnull (conflict);
  g_assert_cmpint (guichet_check_in_get_time (conflict), ==, PROVIDER_CHECK_IN_TIME);
  g_assert_null (guichet_check_in_get_desk (conflict));
  g_clear_object (&check_in);

  /* Going out through this door, then in again, is fine. */
  check_in = scan (fixture->door, "PROV0001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED,
                   GUICHET_REASON_NONE, NULL);
  g_clear_object (&check_in);
  scan_and_drop (fixture->door, "PROV0001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "PROV0001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);
}

static void
test_door_out_and_undo (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GuichetCheckIn) in = NULL;
  g_autoptr (GuichetCheckIn) out = NULL;
  g_autoptr (GError) error = NULL;

  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  out = scan (fixture->door, "OUT00001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED,
              GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_direction (out), ==, GUICHET_DIRECTION_OUT);

  /* Out, so back in. */
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);

  /* Refusals still apply on the way out. */
  g_clear_object (&out);
  out = scan (fixture->door, "VOID0001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_REFUSED,
              GUICHET_REASON_VOID, NULL);

  /* An undone admission does not count. */
  in = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
             GUICHET_REASON_NONE, NULL);
  g_assert_true (
    guichet_store_undo_check_in (fixture->store, guichet_check_in_get_id (in), &error));
  g_assert_no_error (error);
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
}

/* The participant with @barcode, as the participants list reads it. */
static GuichetParticipant *
list_row (GuichetStore *store,
          const char   *barcode)
{
  g_autoptr (GArray) rowids = NULL;
  g_autoptr (GError) error = NULL;

  rowids = guichet_store_list_participant_rowids (store, ACCOUNT, EVENT, barcode,
                                                  GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rowids->len; i++)
    {
      GuichetParticipant *p =
        guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));

      if (p != NULL && g_strcmp0 (guichet_participant_get_barcode (p), barcode) == 0)
        return p;
      g_clear_object (&p);
    }
  g_assert_not_reached ();
}

/* The list shows who this computer admitted before the platform knows
 * (issue 16: a row said "No" after a check-in): the admission's time while
 * it stands, none after an exit or an undo. */
static void
test_door_admitted_here (Fixture      *fixture,
                         gconstpointer user_data)
{
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GuichetParticipant) fresh = list_row (fixture->store, "OUT00001");
  g_autoptr (GuichetParticipant) in = NULL;
  g_autoptr (GuichetParticipant) out = NULL;
  g_autoptr (GuichetParticipant) undone = NULL;
  g_autoptr (GuichetCheckIn) again = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (guichet_participant_get_checked_in (fresh));
  g_assert_cmpint (guichet_participant_get_admitted_here (fresh), ==, 0);

  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  in = list_row (fixture->store, "OUT00001");
  g_assert_cmpint (guichet_participant_get_admitted_here (in), >=, before);
  /* the platform's own state is left as it said */
  g_assert_false (guichet_participant_get_checked_in (in));

  g_object_unref (scan (fixture->door, "OUT00001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED,
                        GUICHET_REASON_NONE, NULL));
  out = list_row (fixture->store, "OUT00001");
  g_assert_cmpint (guichet_participant_get_admitted_here (out), ==, 0);

  again = scan (fixture->door, "OUT00001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, NULL);
  g_assert_true (
    guichet_store_undo_check_in (fixture->store, guichet_check_in_get_id (again), &error));
  g_assert_no_error (error);
  undone = list_row (fixture->store, "OUT00001");
  g_assert_cmpint (guichet_participant_get_admitted_here (undone), ==, 0);
}

static void
assert_gate (GuichetStore       *store,
             const char * const *types,
             gint64              want_in,
             gint64              want_expected)
{
  g_autoptr (GError) error = NULL;
  gint64 in = -2, expected = -2;

  g_assert_true (guichet_store_count_gate (store, ACCOUNT, EVENT, types, &in, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, want_expected);
  g_assert_cmpint (in, ==, want_in);
}

/* Each gate counts its own ticket types, from the platform's check-ins
 * and the journal's standing admissions; the journal's version moves with
 * every write, this connection's or another one's. */
static void
test_door_gate_counters (Fixture      *fixture,
                         gconstpointer user_data)
{
  const char * const vip[] = { "t-vip", NULL };
  const char * const std[] = { "t-std", NULL };
  const char * const both[] = { "t-std", "t-vip", NULL };
  const char * const none[] = { "t-none", NULL };
  const char * const all[] = { NULL };
  g_autoptr (GuichetCheckIn) valid = NULL;
  g_autoptr (GuichetStore) other = NULL;
  g_autoptr (GuichetDoor) other_door = NULL;
  g_autoptr (GError) error = NULL;
  gint64 version;

  /* Nine standard tickets (one checked in on the platform), one VIP. */
  assert_gate (fixture->store, vip, 0, 1);
  assert_gate (fixture->store, std, 1, 9);
  assert_gate (fixture->store, both, 1, 10);
  assert_gate (fixture->store, none, 0, 0);
  assert_gate (fixture->store, all, 1, 10);
  assert_gate (fixture->store, NULL, 1, 10);

  version = guichet_store_get_journal_version (fixture->store);
  g_assert_cmpint (version, >=, 0);

  scan_and_drop (fixture->door, "VIP00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  assert_gate (fixture->store, vip, 1, 1);
  assert_gate (fixture->store, std, 1, 9);
  g_assert_cmpint (guichet_store_get_journal_version (fixture->store), !=, version);

  valid = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, NULL);
  assert_gate (fixture->store, std, 2, 9);
  /* Refusals and repeats add no one. */
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);
  assert_gate (fixture->store, std, 2, 9);
  /* The gates' sum is the event's total. */
  assert_gate (fixture->store, NULL,
               guichet_store_count_checked_in (fixture->store, ACCOUNT, EVENT, NULL), 10);

  /* Out is out; an undone admission is no admission. */
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  assert_gate (fixture->store, std, 3, 9);
  g_clear_object (&valid);
  valid = scan (fixture->door, "OUT00001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, NULL);
  assert_gate (fixture->store, std, 2, 9);
  g_clear_object (&valid);
  valid = guichet_door_undo (fixture->door, "VALID001", &error);
  g_assert_no_error (error);
  assert_gate (fixture->store, std, 1, 9);
  assert_gate (fixture->store, both, 2, 10);

  /* Another desk on the same file (another connection, as another
   * process would be): this store sees its admission and a new version. */
  version = guichet_store_get_journal_version (fixture->store);
  other = guichet_store_new (fixture->path, &error);
  g_assert_no_error (error);
  other_door = guichet_door_new (other, ACCOUNT, EVENT);
  guichet_door_set_desk (other_door, "South");
  scan_and_drop (other_door, "GROUP001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_store_get_journal_version (fixture->store), !=, version);
  assert_gate (fixture->store, std, 2, 9);
}

/* The organizer's important questions are kept per event, and the door
 * reads a holder's answers to them, in their order, from the store. */
static void
test_door_important_answers (Fixture      *fixture,
                             gconstpointer user_data)
{
  const char * const important[] = { "Diet", "T-shirt size", "Never asked", NULL };
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GuichetParticipant) found = NULL;
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_auto (GStrv) questions = NULL;
  g_auto (GStrv) stored = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  GuichetParticipant *p;

  p = participant ("p-ans", EVENT, "ANSWER01", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "seat", "Row C, seat 12", "answers",
                "[{\"label\": \"T-shirt size\", \"value\": \"XL\"},"
                " {\"label\": \"Company\", \"value\": \"ACME\"},"
                " {\"label\": \"Diet\", \"value\": \"Vegan\"}]",
                NULL);
  g_ptr_array_add (page, p);
  p = participant ("p-bad", EVENT, "ANSWER02", "t-std", GUICHET_PARTICIPANT_STATUS_VALID);
  g_object_set (p, "answers", "{not json", NULL);
  g_ptr_array_add (page, p);
  g_assert_true (
    guichet_store_write_participants (fixture->store, ACCOUNT, EVENT, page, "c3", 1, &error));
  g_assert_no_error (error);

  /* The questions on offer come from the answers; garbage is skipped. */
  questions = guichet_store_list_questions (fixture->store, ACCOUNT, EVENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (questions), ==, 3);
  g_assert_cmpstr (questions[0], ==, "Company");
  g_assert_cmpstr (questions[1], ==, "Diet");
  g_assert_cmpstr (questions[2], ==, "T-shirt size");

  /* None marked yet; then kept per event, in order; another event has none. */
  stored = guichet_store_get_important_questions (fixture->store, ACCOUNT, EVENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (stored), ==, 0);
  g_clear_pointer (&stored, g_strfreev);
  g_assert_true (
    guichet_store_set_important_questions (fixture->store, ACCOUNT, EVENT, important, &error));
  g_assert_no_error (error);
  stored = guichet_store_get_important_questions (fixture->store, ACCOUNT, EVENT, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) stored, important));
  g_clear_pointer (&stored, g_strfreev);
  stored = guichet_store_get_important_questions (fixture->store, ACCOUNT, OTHER, &error);
  g_assert_cmpuint (g_strv_length (stored), ==, 0);

  /* The scanned holder's answers to them, seat included. */
  entry = scan (fixture->door, "ANSWER01", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, &found);
  g_assert_cmpstr (guichet_participant_get_seat (found), ==, "Row C, seat 12");
  lines = guichet_door_important_answers (found, important);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "Diet: Vegan");
  g_assert_cmpstr (lines[1], ==, "T-shirt size: XL");
  g_clear_pointer (&lines, g_strfreev);

  /* Nothing marked, or answers that are not JSON: nothing to show. */
  lines = guichet_door_important_answers (found, NULL);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  g_clear_pointer (&lines, g_strfreev);
  g_clear_object (&found);
  g_clear_object (&entry);
  entry = scan (fixture->door, "ANSWER02", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, &found);
  lines = guichet_door_important_answers (found, important);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);

  /* Unmarked again. */
  g_assert_true (
    guichet_store_set_important_questions (fixture->store, ACCOUNT, EVENT, NULL, &error));
  g_clear_pointer (&stored, g_strfreev);
  stored = guichet_store_get_important_questions (fixture->store, ACCOUNT, EVENT, &error);
  g_assert_cmpuint (g_strv_length (stored), ==, 0);
}

/* DESIGN.md's normalization: what a scanner adds around a code goes,
 * what cannot be a code is refused, the rest is looked up as it is. */
static void
test_door_normalize (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autofree char *b256 = g_strnfill (256, 'B');
  g_autofree char *b257 = g_strnfill (257, 'B');
  g_autofree char *padded256 = g_strconcat ("  \t", b256, "\r\n", NULL);
  g_autofree char *spaces = g_strnfill (10000, ' ');
  g_autoptr (GString) e256 = g_string_new (NULL);
  struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "VALID001", "VALID001" },
    { "VALID001\r", "VALID001" },
    { "VALID001\n", "VALID001" },
    { "VALID001\r\n", "VALID001" },
    { "\tVALID001\t", "VALID001" },
    { "  VALID001  ", "VALID001" },
    { "\x02VALID001\x03\r", "VALID001" },           /* STX/ETX framing */
    { "\xc2\xa0VALID001\xe2\x80\x83", "VALID001" }, /* no-break and em spaces */
    { "VALID 001", "VALID 001" },                   /* inside: kept */
    { "' OR 1=1; --", "' OR 1=1; --" },
    { "\"; DROP TABLE participants; --", "\"; DROP TABLE participants; --" },
    { "%_*", "%_*" },
    { padded256, b256 },
    { b257, NULL },
    { spaces, NULL },
    { "", NULL },
    { "\r\n\t", NULL },
    { "VAL\tID", NULL },
    { "VAL\nID", NULL },
    { "VAL\x1b"
      "ID",
      NULL },
    { "VAL\xc2\x9bID", NULL }, /* C1 control */
    { "\xff"
      "VALID001",
      NULL },
    { "VALID001\xed\xa0\x80", NULL }, /* a surrogate */
  };

  for (guint i = 0; i < 256; i++)
    g_string_append (e256, "é");
  {
    g_autofree char *out = guichet_door_normalize_code (e256->str);

    g_assert_cmpstr (out, ==, e256->str); /* characters, not bytes */
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = guichet_door_normalize_code (cases[i].in);

      g_test_message ("case %u", i);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Through the door: a scanner's suffix or prefix does not matter. */
  scan_and_drop (fixture->door, "VALID001\r\n", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "\tVALID001 ", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);
  {
    g_autoptr (GPtrArray) entries =
      guichet_store_list_check_ins (fixture->store, ACCOUNT, EVENT, 0, NULL);

    /* The journal holds the code as looked up. */
    g_assert_cmpstr (guichet_check_in_get_code (g_ptr_array_index (entries, 0)), ==, "VALID001");
    g_assert_cmpstr (guichet_check_in_get_code (g_ptr_array_index (entries, 1)), ==, "VALID001");
  }

  /* SQL-looking codes are codes like any other: unknown, and the store
   * is intact. */
  scan_and_drop (fixture->door, "' OR 1=1; --", GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "\"; DROP TABLE participants; --", GUICHET_VERDICT_UNKNOWN,
                 GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "%", GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_store_count_participants (fixture->store, ACCOUNT, EVENT, NULL), ==, 10);
  scan_and_drop (fixture->door, "VIP00001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  /* 10,000 characters: refused, and the journal keeps 256 and a marker. */
  {
    g_autofree char *huge = g_strnfill (10000, 'Z');
    g_autoptr (GuichetCheckIn) check_in =
      scan (fixture->door, huge, GUICHET_DIRECTION_IN, GUICHET_VERDICT_REFUSED,
            GUICHET_REASON_INVALID_CODE, NULL);
    g_autoptr (GPtrArray) entries =
      guichet_store_list_check_ins (fixture->store, ACCOUNT, EVENT, 1, NULL);
    const char *kept = guichet_check_in_get_code (g_ptr_array_index (entries, 0));

    g_assert_cmpint (g_utf8_strlen (kept, -1), ==, 257);
    g_assert_true (g_str_has_suffix (kept, "…"));
    g_assert_cmpstr (guichet_check_in_get_code (check_in), ==, kept);
  }
}

/* A ticket for three people: three admissions, then "already checked
 * in" (with the last admission); an exit or an undo gives one back. */
static void
test_door_multi_entry (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_autoptr (GuichetDoor) south = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  g_autoptr (GuichetParticipant) holder = NULL;
  g_autoptr (GuichetCheckIn) last = NULL;
  g_autoptr (GuichetCheckIn) undone = NULL;
  g_autoptr (GError) error = NULL;

  guichet_door_set_desk (south, "South");
  holder =
    guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT, EVENT, "GROUP001", &error);
  g_assert_cmpuint (guichet_participant_get_entries (holder), ==, 3);

  scan_and_drop (fixture->door, "GROUP001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (south, "GROUP001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  last = scan (fixture->door, "GROUP001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
               GUICHET_REASON_NONE, NULL);
  scan_and_drop (south, "GROUP001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);
  g_assert_nonnull (guichet_door_get_last_conflict (south));
  g_assert_cmpint (guichet_check_in_get_id (guichet_door_get_last_conflict (south)), ==,
                   guichet_check_in_get_id (last));

  /* One goes out: one may come in. */
  g_clear_object (&last);
  last = scan (south, "GROUP001", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED,
               GUICHET_REASON_NONE, NULL);
  scan_and_drop (fixture->door, "GROUP001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (fixture->door, "GROUP001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);

  /* North undoes its last admission: a place again, once. */
  undone = guichet_door_undo (fixture->door, "GROUP001", &error);
  g_assert_no_error (error);
  scan_and_drop (south, "GROUP001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (south, "GROUP001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_store_count_open_admissions (fixture->store, ACCOUNT, EVENT, "GROUP001",
                                                        NULL),
                   ==, 3);

  /* A re-sync that drops the ticket to one entry keeps to it. */
  g_object_set (holder, "entries", 1, NULL);
  {
    g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr (GuichetParticipant) again = NULL;

    g_ptr_array_add (page, g_object_ref (holder));
    g_assert_true (
      guichet_store_write_participants (fixture->store, ACCOUNT, EVENT, page, "c3", 2, &error));
    again = guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT, EVENT, "GROUP001",
                                                       &error);
    g_assert_cmpuint (guichet_participant_get_entries (again), ==, 1);
  }
  g_assert_finalize_object (g_steal_pointer (&south));
}

/* Undo annuls this desk's last admission, as a new record: the entry
 * stays, marked; offline (remote pending) as well. */
static void
test_door_undo (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GuichetDoor) south = guichet_door_new (fixture->store, ACCOUNT, EVENT);
  g_autoptr (GuichetCheckIn) in = NULL;
  g_autoptr (GuichetCheckIn) undone = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  guint before;

  guichet_door_set_desk (south, "South");
  /* Offline with a provider that checks in: admissions wait as "pending". */
  guichet_door_set_remote (fixture->door, TRUE);

  in = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
             GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_remote (in), ==, GUICHET_REMOTE_PENDING);

  /* Another desk cannot undo it. */
  g_assert_null (guichet_door_undo (south, "VALID001", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  before = journal_length (fixture->store);
  undone = guichet_door_undo (fixture->door, "VALID001\r\n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (undone);
  g_assert_cmpint (guichet_check_in_get_id (undone), ==, guichet_check_in_get_id (in));
  g_assert_true (guichet_check_in_get_undone (undone));

  /* Nothing deleted: the entry is there, annulled, and no longer pending. */
  g_assert_cmpuint (journal_length (fixture->store), ==, before);
  entries = guichet_store_list_check_ins (fixture->store, ACCOUNT, EVENT, 0, &error);
  g_assert_true (guichet_check_in_get_undone (g_ptr_array_index (entries, 0)));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Twice: nothing left to undo. */
  g_assert_null (guichet_door_undo (fixture->door, "VALID001", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (guichet_door_undo (fixture->door, "NOPE0001", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (guichet_door_undo (fixture->door, "\r\n", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The holder may come in again, and only the last admission is undone. */
  scan_and_drop (fixture->door, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);
  scan_and_drop (south, "VALID001", GUICHET_VERDICT_ALREADY_CHECKED_IN, GUICHET_REASON_NONE);
  g_clear_object (&undone);
  undone = guichet_door_undo (fixture->door, "VALID001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_check_in_get_id (undone), >, guichet_check_in_get_id (in));
  scan_and_drop (south, "VALID001", GUICHET_VERDICT_ADMITTED, GUICHET_REASON_NONE);

  /* A refusal is not an admission: nothing to undo. */
  scan_and_drop (fixture->door, "VOID0001", GUICHET_VERDICT_REFUSED, GUICHET_REASON_VOID);
  g_assert_null (guichet_door_undo (fixture->door, "VOID0001", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Pending admissions are the ones still to push; the annulled one is
   * not among them. */
  entries = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0); /* South is local; North's second is annulled */
  for (guint i = 0; i < entries->len; i++)
    g_assert_false (guichet_check_in_get_undone (g_ptr_array_index (entries, i)));
  g_assert_finalize_object (g_steal_pointer (&south));
}

/* ------------------------------------------------------------------------ */
/* Remote check-in: a provider that checks in over HTTP, against a fake
 * SoupServer on loopback that answers, refuses (409 with a message),
 * holds its reply past the deadline, or is not there at all. */

#define TEST_TYPE_CHECK_IN_PROVIDER (test_check_in_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestCheckInProvider, test_check_in_provider, TEST, CHECK_IN_PROVIDER,
                      GuichetProvider)

struct _TestCheckInProvider
{
  GuichetProvider    parent_instance;
  GuichetHttpClient *client;
  char              *base_url;
};

G_DEFINE_FINAL_TYPE (TestCheckInProvider, test_check_in_provider, GUICHET_TYPE_PROVIDER)

static void
test_check_in_provider_sent (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;

  body = guichet_http_client_send_finish (GUICHET_HTTP_CLIENT (source), result, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
test_check_in_provider_check_in_async (GuichetProvider    *provider,
                                       GuichetCheckIn     *check_in,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  TestCheckInProvider *self = TEST_CHECK_IN_PROVIDER (provider);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (SoupMessage) message = NULL;
  GError *error = NULL;

  message = guichet_http_client_new_message (self->client, "POST", self->base_url, "/check_ins",
                                             NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "barcode");
  json_builder_add_string_value (builder, guichet_check_in_get_code (check_in));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  guichet_http_message_set_json (message, body);
  guichet_http_client_send_async (self->client, message, GUICHET_HTTP_NO_RETRY, cancellable,
                                  test_check_in_provider_sent, g_steal_pointer (&task));
}

static gboolean
test_check_in_provider_check_in_finish (GuichetProvider *provider,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* No events: enough for a sync to run through. */
static void
test_check_in_provider_list_events_async (GuichetProvider    *provider,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                         (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
test_check_in_provider_list_events_finish (GuichetProvider *provider,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_check_in_provider_finalize (GObject *object)
{
  TestCheckInProvider *self = TEST_CHECK_IN_PROVIDER (object);

  g_clear_object (&self->client);
  g_free (self->base_url);
  G_OBJECT_CLASS (test_check_in_provider_parent_class)->finalize (object);
}

static void
test_check_in_provider_class_init (TestCheckInProviderClass *klass)
{
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_check_in_provider_finalize;
  provider_class->kind = "test-check-in";
  provider_class->display_name = "Test";
  provider_class->default_base_url = "http://127.0.0.1:1";
  provider_class->capabilities = GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN;
  provider_class->list_events_async = test_check_in_provider_list_events_async;
  provider_class->list_events_finish = test_check_in_provider_list_events_finish;
  provider_class->check_in_async = test_check_in_provider_check_in_async;
  provider_class->check_in_finish = test_check_in_provider_check_in_finish;
}

static void
test_check_in_provider_init (TestCheckInProvider *self)
{
  self->client = guichet_http_client_new ();
  guichet_http_client_set_max_retries (self->client, 0);
}

typedef enum
{
  SERVER_OK,
  SERVER_REFUSE,
  SERVER_HOLD
} ServerMode;

typedef struct
{
  SoupServer *server;
  ServerMode  mode;
  GPtrArray  *held;     /* SoupServerMessage, paused */
  GPtrArray  *received; /* barcodes, in order */
} FakeServer;

static void
fake_server_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeServer      *fake = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr (JsonNode) node = NULL;
  const char *barcode = NULL;

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_assert_cmpstr (path, ==, "/check_ins");
  node = json_from_string (request->data, NULL);
  g_assert_nonnull (node);
  barcode = json_object_get_string_member (json_node_get_object (node), "barcode");
  g_ptr_array_add (fake->received, g_strdup (barcode));

  switch (fake->mode)
    {
    case SERVER_OK:
      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, "{}", 2);
      break;

    case SERVER_REFUSE:
      {
        const char *reply = "{\"error\": \"Ticket already checked in at gate B\"}";

        soup_server_message_set_status (msg, 409, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, reply,
                                          strlen (reply));
      }
      break;

    case SERVER_HOLD:
      soup_server_message_pause (msg);
      g_ptr_array_add (fake->held, g_object_ref (msg));
      break;
    }
}

static char *
fake_server_start (FakeServer *fake)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  char *url;

  fake->server = soup_server_new (NULL, NULL);
  fake->held = g_ptr_array_new_with_free_func (g_object_unref);
  fake->received = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (fake->server, NULL, fake_server_cb, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return url;
}

static void
fake_server_stop (FakeServer *fake)
{
  g_clear_pointer (&fake->held, g_ptr_array_unref);
  g_clear_pointer (&fake->received, g_ptr_array_unref);
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
}

/* A loopback port nobody listens on: the platform is down. */
static char *
closed_port_url (void)
{
  g_autoptr (GSocket) socket =
    g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  /* Closed when this returns: connections to it are refused. */
  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GuichetRemoteState
push (GuichetRemoteCheckIn *remote,
      GuichetCheckIn       *entry)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GuichetRemoteState state;

  guichet_remote_check_in_push_async (remote, entry, NULL, on_done, &result);
  state = guichet_remote_check_in_push_finish (remote, wait_result (&result), &error);
  g_assert_no_error (error);
  return state;
}

static GuichetCheckIn *
journal_entry (GuichetStore *store,
               gint64        id)
{
  g_autoptr (GPtrArray) entries = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, NULL);

  for (guint i = 0; i < entries->len; i++)
    if (guichet_check_in_get_id (g_ptr_array_index (entries, i)) == id)
      return g_object_ref (g_ptr_array_index (entries, i));
  g_assert_not_reached ();
}

static void
test_door_remote (Fixture      *fixture,
                  gconstpointer user_data)
{
  FakeServer fake = {
    0,
  };
  g_autofree char *url = fake_server_start (&fake);
  g_autofree char *down = closed_port_url ();
  g_autoptr (TestCheckInProvider) provider = g_object_new (TEST_TYPE_CHECK_IN_PROVIDER, NULL);
  g_autoptr (GuichetRemoteCheckIn) remote =
    guichet_remote_check_in_new (fixture->store, GUICHET_PROVIDER (provider));
  g_autoptr (GuichetCheckIn) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, stored = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  guint n_sent = 0, n_conflicts = 0, n_pending = 0;

  g_assert_true (guichet_remote_check_in_is_enabled (remote));
  guichet_door_set_remote (fixture->door, TRUE);
  provider->base_url = g_strdup (url);

  /* The platform answers: sent. */
  a = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_remote (a), ==, GUICHET_REMOTE_PENDING);
  g_assert_cmpint (push (remote, a), ==, GUICHET_REMOTE_SENT);
  g_assert_cmpstr (g_ptr_array_index (fake.received, 0), ==, "VALID001");
  stored = journal_entry (fixture->store, guichet_check_in_get_id (a));
  g_assert_cmpint (guichet_check_in_get_remote (stored), ==, GUICHET_REMOTE_SENT);
  g_clear_object (&stored);

  /* Only admissions go out: a refusal stays local and is not pushed. */
  b = scan (fixture->door, "VOID0001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_REFUSED,
            GUICHET_REASON_VOID, NULL);
  g_assert_cmpint (guichet_check_in_get_remote (b), ==, GUICHET_REMOTE_LOCAL);
  g_assert_cmpint (push (remote, b), ==, GUICHET_REMOTE_LOCAL);
  g_assert_cmpuint (fake.received->len, ==, 1);

  /* The platform holds its reply past the deadline: the local verdict
   * stands, the entry is pending; the late reply is still recorded. */
  guichet_remote_check_in_set_deadline (remote, 100);
  fake.mode = SERVER_HOLD;
  c = scan (fixture->door, "VIP00001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (push (remote, c), ==, GUICHET_REMOTE_PENDING);
  g_assert_cmpuint (fake.held->len, ==, 1); /* it was asked, and has not answered */
  stored = journal_entry (fixture->store, guichet_check_in_get_id (c));
  g_assert_cmpint (guichet_check_in_get_remote (stored), ==, GUICHET_REMOTE_PENDING);
  g_clear_object (&stored);
  soup_server_message_set_status (g_ptr_array_index (fake.held, 0), 201, NULL);
  soup_server_message_unpause (g_ptr_array_index (fake.held, 0));
  while (guichet_check_in_get_remote (c) != GUICHET_REMOTE_SENT)
    g_main_context_iteration (NULL, TRUE);
  stored = journal_entry (fixture->store, guichet_check_in_get_id (c));
  g_assert_cmpint (guichet_check_in_get_remote (stored), ==, GUICHET_REMOTE_SENT);
  g_clear_object (&stored);

  /* The platform is down: pending, kept in the journal (the queue). */
  guichet_remote_check_in_set_deadline (remote, GUICHET_REMOTE_CHECK_IN_DEADLINE_MS);
  g_free (provider->base_url);
  provider->base_url = g_strdup (down);
  d = scan (fixture->door, "OUT00001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (push (remote, d), ==, GUICHET_REMOTE_PENDING);
  e = scan (fixture->door, "DATE0001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  pending = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_clear_pointer (&pending, g_ptr_array_unref);

  g_assert_cmpint (guichet_store_count_check_in_conflicts (fixture->store, ACCOUNT, EVENT, &error),
                   ==, 0);
  g_assert_no_error (error);

  /* Still down: a flush sends nothing and loses nothing. */
  guichet_remote_check_in_flush_async (remote, ACCOUNT, NULL, on_done, &result);
  g_assert_true (guichet_remote_check_in_flush_finish (remote, wait_result (&result), &n_sent,
                                                       &n_conflicts, &n_pending, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_sent, ==, 0);
  g_assert_cmpuint (n_pending, ==, 2);
  g_clear_object (&result);

  /* Back, but it refuses the first (someone checked it in elsewhere):
   * a conflict with the platform's words, never dropped. */
  g_free (provider->base_url);
  provider->base_url = g_strdup (url);
  fake.mode = SERVER_REFUSE;
  guichet_remote_check_in_flush_async (remote, ACCOUNT, NULL, on_done, &result);
  g_assert_true (guichet_remote_check_in_flush_finish (remote, wait_result (&result), &n_sent,
                                                       &n_conflicts, &n_pending, &error));
  g_assert_cmpuint (n_conflicts, ==, 2);
  g_assert_cmpuint (n_pending, ==, 0);
  g_clear_object (&result);
  /* The door's counter reads the same two, and none in another event. */
  g_assert_cmpint (guichet_store_count_check_in_conflicts (fixture->store, ACCOUNT, EVENT, &error),
                   ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_store_count_check_in_conflicts (fixture->store, ACCOUNT, "no-such-event",
                                                           &error),
                   ==, 0);
  g_assert_no_error (error);
  stored = journal_entry (fixture->store, guichet_check_in_get_id (d));
  g_assert_cmpint (guichet_check_in_get_remote (stored), ==, GUICHET_REMOTE_CONFLICT);
  g_assert_nonnull (
    strstr (guichet_check_in_get_remote_message (stored), "already checked in at gate B"));
  /* The local admission stands. */
  g_assert_cmpint (guichet_check_in_get_verdict (stored), ==, GUICHET_VERDICT_ADMITTED);
  g_assert_false (guichet_check_in_get_undone (stored));
  g_clear_object (&stored);
  scan_and_drop (fixture->door, "OUT00001", GUICHET_VERDICT_ALREADY_CHECKED_IN,
                 GUICHET_REASON_NONE);

  /* Nothing left to send; the conflicts are not retried. */
  pending = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT, &error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (fake.received, fake.received->len - 1), ==, "DATE0001");

  fake_server_stop (&fake);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Another desk holds the journal's write lock while this one pushes an
 * admission: the push waits for it in a worker, never on the caller's
 * thread (at the door, the one that paints the next verdict), and sends
 * nothing before "in flight" is journaled. */
static void
test_door_remote_locked_journal (Fixture      *fixture,
                                 gconstpointer user_data)
{
  FakeServer fake = {
    0,
  };
  g_autofree char *url = fake_server_start (&fake);
  g_autoptr (TestCheckInProvider) provider = g_object_new (TEST_TYPE_CHECK_IN_PROVIDER, NULL);
  g_autoptr (GuichetRemoteCheckIn) remote =
    guichet_remote_check_in_new (fixture->store, GUICHET_PROVIDER (provider));
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_autoptr (GuichetCheckIn) stored = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *other_desk = NULL;
  gboolean turned = FALSE;

  guichet_door_set_remote (fixture->door, TRUE);
  provider->base_url = g_strdup (url);
  entry = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
                GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_remote (entry), ==, GUICHET_REMOTE_PENDING);

  g_assert_cmpint (sqlite3_open (guichet_store_get_journal_path (fixture->store), &other_desk), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other_desk, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  guichet_remote_check_in_push_async (remote, entry, NULL, on_done, &result);
  /* This thread's main loop turns while the push waits. */
  g_timeout_add (20, set_flag, &turned);
  guichet_test_wait_until (&turned);
  g_assert_null (result);
  g_assert_cmpuint (fake.received->len, ==, 0);

  g_assert_cmpint (sqlite3_exec (other_desk, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other_desk);
  g_assert_cmpint (guichet_remote_check_in_push_finish (remote, wait_result (&result), &error), ==,
                   GUICHET_REMOTE_SENT);
  g_assert_no_error (error);
  g_assert_cmpuint (fake.received->len, ==, 1);
  g_assert_cmpint (guichet_check_in_get_remote (entry), ==, GUICHET_REMOTE_SENT);
  stored = journal_entry (fixture->store, guichet_check_in_get_id (entry));
  g_assert_cmpint (guichet_check_in_get_remote (stored), ==, GUICHET_REMOTE_SENT);

  fake_server_stop (&fake);
}

/* Check-ins queued while the platform was down go out at the next sync,
 * before anything else it does. */
static void
test_door_remote_at_sync (Fixture      *fixture,
                          gconstpointer user_data)
{
  FakeServer fake = {
    0,
  };
  g_autofree char *url = fake_server_start (&fake);
  g_autofree char *down = closed_port_url ();
  g_autoptr (GuichetAccount) account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", ACCOUNT, "name",
                                                     "Door", "provider", "test-check-in", NULL);
  g_autoptr (TestCheckInProvider) provider =
    g_object_new (TEST_TYPE_CHECK_IN_PROVIDER, "account", account, NULL);
  g_autoptr (GuichetRemoteCheckIn) remote =
    guichet_remote_check_in_new (fixture->store, GUICHET_PROVIDER (provider));
  g_autoptr (GuichetSync) sync = NULL;
  g_autoptr (GuichetCheckIn) a = NULL, b = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (GError) error = NULL;

  guichet_door_set_remote (fixture->door, TRUE);
  provider->base_url = g_strdup (down);
  a = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (push (remote, a), ==, GUICHET_REMOTE_PENDING);
  b = scan (fixture->door, "VIP00001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);

  /* The platform is back; a sync runs (this provider has no events). */
  g_free (provider->base_url);
  provider->base_url = g_strdup (url);
  sync = guichet_sync_new (fixture->store, GUICHET_PROVIDER (provider));
  guichet_sync_run_async (sync, NULL, NULL, on_done, &result);
  g_assert_true (guichet_sync_run_finish (sync, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (guichet_sync_get_check_ins_sent (sync), ==, 2);
  g_assert_cmpuint (fake.received->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fake.received, 0), ==, "VALID001"); /* oldest first */
  g_assert_cmpstr (g_ptr_array_index (fake.received, 1), ==, "VIP00001");
  pending = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT, NULL);
  g_assert_cmpuint (pending->len, ==, 0);

  g_clear_object (&sync);
  fake_server_stop (&fake);
}

/* A provider without remote check-in: every entry is "local". */
static void
test_door_remote_local (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GuichetRemoteCheckIn) remote = guichet_remote_check_in_new (fixture->store, NULL);
  g_autoptr (GuichetCheckIn) a = NULL;
  g_autoptr (GPtrArray) pending = NULL;

  g_assert_false (guichet_remote_check_in_is_enabled (remote));
  guichet_door_set_remote (fixture->door, guichet_remote_check_in_is_enabled (remote));
  a = scan (fixture->door, "VALID001", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED,
            GUICHET_REASON_NONE, NULL);
  g_assert_cmpint (guichet_check_in_get_remote (a), ==, GUICHET_REMOTE_LOCAL);
  g_assert_cmpint (push (remote, a), ==, GUICHET_REMOTE_LOCAL);
  pending = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT, NULL);
  g_assert_cmpuint (pending->len, ==, 0);
}

/* Durability: a desk killed right after it printed verdicts lost none of
 * them: every verdict it gave is in the journal, and the journal is
 * intact. */
static void
test_door_killed_after_verdict (void)
{
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "door-scan-child", NULL);
  const guint      kill_after[] = { 1, 4, 17 };

  if (!g_file_test (child, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("door-scan-child is not built");
      return;
    }

  for (guint k = 0; k < G_N_ELEMENTS (kill_after); k++)
    {
      g_autofree char *path = guichet_test_new_db_path ();
      g_autoptr (GuichetStore) store = NULL;
      g_autoptr (GPtrArray) entries = NULL;
      g_autoptr (GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) argv = NULL;
      char  line[128];
      int   fd_in, fd_out, status;
      FILE *in, *out;
      GPid  pid;

      store = guichet_store_new (path, &error);
      g_assert_no_error (error);
      fill_store (store);
      g_clear_object (&store);

      /* 20 rounds of the fixture's codes: far more than it gets to. */
      g_strv_builder_add_many (builder, child, path, ACCOUNT, EVENT, "Killed", "20", "VALID001",
                               "VOID0001", "NOPE0001", "VIP00001", NULL);
      argv = g_strv_builder_end (builder);
      g_assert_true (g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                               NULL, &pid, &fd_in, &fd_out, NULL, &error));
      g_assert_no_error (error);
      in = fdopen (fd_in, "w");
      out = fdopen (fd_out, "r");
      g_assert_nonnull (fgets (line, sizeof line, out));
      g_assert_cmpstr (line, ==, "ready\n");
      fputs ("go\n", in);
      fclose (in);

      while (told->len < kill_after[k] && fgets (line, sizeof line, out) != NULL)
        g_ptr_array_add (told, g_strdup (line));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      fclose (out);
      g_assert_cmpuint (told->len, ==, kill_after[k]);

      store = guichet_store_new (path, &error);
      g_assert_no_error (error);
      entries = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, &error);
      g_assert_no_error (error);
      g_test_message ("killed after %u verdicts: %u in the journal", told->len, entries->len);
      g_assert_cmpuint (entries->len, >=, told->len);
      /* Oldest first, each verdict it printed is the journal's. */
      for (guint i = 0; i < told->len; i++)
        {
          GuichetCheckIn  *entry = g_ptr_array_index (entries, entries->len - 1 - i);
          g_autofree char *expected =
            g_strdup_printf ("%s %s\n", guichet_check_in_get_code (entry),
                             guichet_verdict_to_string (guichet_check_in_get_verdict (entry)));

          g_assert_cmpstr (g_ptr_array_index (told, i), ==, expected);
        }

      {
        sqlite3      *db = NULL;
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_open (guichet_store_get_journal_path (store), &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                         SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
        sqlite3_finalize (stmt);
        sqlite3_close (db);
      }
    }
}

/* Several desks (processes) on one store scan the same fresh codes at
 * once: each code is admitted exactly once, every other scan of it is
 * "already checked in", and every scan is in the journal. */
#define N_DESKS 4
#define N_CODES 40
#define N_ROUNDS 3

static void
test_door_admit_once_processes (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "door-scan-child", NULL);
  g_autoptr (GPtrArray) participants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GHashTable) admissions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autofree char *rounds = g_strdup_printf ("%d", N_ROUNDS);
  FILE            *in[N_DESKS], *out[N_DESKS];
  GPid             pids[N_DESKS];
  char            *codes[N_CODES];
  guint            admitted_lines = 0, already_lines = 0;

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
  g_assert_true (
    guichet_store_write_participants (store, ACCOUNT, EVENT, participants, "c1", 1, &error));
  g_assert_no_error (error);

  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) argv = NULL;
      g_autofree char *desk = g_strdup_printf ("desk-%u", d);
      int              fd_in, fd_out;
      char             line[64];

      g_strv_builder_add_many (builder, child, path, ACCOUNT, EVENT, desk, rounds, NULL);
      for (guint i = 0; i < N_CODES; i++)
        g_strv_builder_add (builder, codes[i]);
      argv = g_strv_builder_end (builder);

      g_assert_true (g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                               NULL, &pids[d], &fd_in, &fd_out, NULL, &error));
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
      int  status;

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
      const char     *code = guichet_check_in_get_code (entry);

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

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/door/admitted-then-already", test_door_admitted_then_already);
  ADD ("/door/unknown-and-wrong-event", test_door_unknown_and_wrong_event);
  ADD ("/door/refused-statuses", test_door_refused_statuses);
  ADD ("/door/gates", test_door_gates);
  ADD ("/door/wrong-date", test_door_wrong_date);
  ADD ("/door/invalid-codes", test_door_invalid_codes);
  ADD ("/door/every-scan-journaled", test_door_every_scan_journaled);
  ADD ("/door/journal-survives-reopening", test_door_journal_survives_reopening);
  ADD ("/door/journal-log-laid-out", test_door_journal_log_laid_out);
  ADD ("/door/checked-in-by-provider", test_door_checked_in_by_provider);
  ADD ("/door/out-and-undo", test_door_out_and_undo);
  ADD ("/door/admitted-here", test_door_admitted_here);
  ADD ("/door/gate-counters", test_door_gate_counters);
  ADD ("/door/important-answers", test_door_important_answers);
  ADD ("/door/normalize", test_door_normalize);
  ADD ("/door/undo", test_door_undo);
  ADD ("/door/multi-entry", test_door_multi_entry);
  ADD ("/door/remote", test_door_remote);
  ADD ("/door/remote-local", test_door_remote_local);
  ADD ("/door/remote-locked-journal", test_door_remote_locked_journal);
  ADD ("/door/remote-at-sync", test_door_remote_at_sync);

#undef ADD

  g_test_add_func ("/door/admit-once/processes", test_door_admit_once_processes);
  g_test_add_func ("/door/killed-after-verdict", test_door_killed_after_verdict);

  return g_test_run ();
}
