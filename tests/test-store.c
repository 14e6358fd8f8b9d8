/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <utime.h>
#include <glib/gstdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sqlite3.h>

#include "guichet-store-private.h"
#include "guichet-test-utils.h"

/* Helpers ------------------------------------------------------------------ */

static GuichetStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  GuichetStore *store = guichet_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static GuichetParticipant *
make_participant (const char *id,
                  const char *barcode,
                  const char *first_name,
                  const char *last_name)
{
  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "barcode", barcode, "first-name",
                       first_name, "last-name", last_name, "email", "someone@example.org",
                       "ticket-type-id", "t1", "status", GUICHET_PARTICIPANT_STATUS_VALID, NULL);
}

static GPtrArray *
page_of (GuichetParticipant *first,
         ...)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  va_list    args;

  va_start (args, first);
  for (GuichetParticipant *p = first; p != NULL; p = va_arg (args, GuichetParticipant *))
    g_ptr_array_add (page, p);
  va_end (args);
  return page;
}

static void
write_page (GuichetStore *store,
            const char   *event_id,
            GPtrArray    *page,
            const char   *cursor,
            gint64        generation)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (
    guichet_store_write_participants (store, "acc", event_id, page, cursor, generation, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (page);
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The plan SQLite picks for @sql, a line per step. */
static char *
raw_plan (sqlite3    *db,
          const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString         *plan = g_string_new (NULL);
  sqlite3_stmt    *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s: %s", sql, plan->str);
  return g_string_free (plan, FALSE);
}

static gboolean
search_finds (GuichetStore *store,
              const char   *text,
              const char   *participant_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;

  found = guichet_store_search_participants (store, "acc", "ev", text, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (guichet_participant_get_id (g_ptr_array_index (found, i)), participant_id) == 0)
      return TRUE;
  return FALSE;
}

/* Tests --------------------------------------------------------------------- */

static void
test_migrations (void)
{
  static const char * const tables[] = {
    "accounts",         "events",       "dates",  "categories", "participants", "answers",
    "participants_fts", "sync_cursors", "outbox", "discounts",  "vouchers",
  };
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *journal = NULL;
  GStatBuf         st;
  sqlite3         *db;

  g_assert_true (g_str_has_suffix (path, ".db"));
  {
    g_autofree char *base = g_strndup (path, strlen (path) - 3);
    journal = g_strconcat (base, "-checkins.db", NULL);
  }
  /* (Beside it: guichet.db, guichet-checkins.db.) */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  store = open_store (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Only the user may read it. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_assert_cmpstr (guichet_store_get_path (store), ==, path);
  g_assert_cmpint (guichet_store_get_latest_schema_version (), >=, 1);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==,
                   guichet_store_get_latest_schema_version ());
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                         tables[i]);
      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (raw_int (db, sql), ==, 1);
    }
  /* The journal is in its own file now. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'check_ins'"), ==,
                   0);
  sqlite3_close (db);

  g_assert_cmpstr (guichet_store_get_journal_path (store), ==, journal);
  g_assert_cmpint (g_stat (journal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  db = open_raw (journal);
  g_clear_pointer (&mode, g_free);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name"
                                " IN ('check_ins', 'check_in_undos', 'check_in_sync')"),
                   ==, 3);
  sqlite3_close (db);

  /* Opening again migrates nothing and keeps the version. */
  g_clear_object (&store);
  store = open_store (path);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());
}

static void
test_default_path (void)
{
  g_autofree char *path = guichet_store_default_path ();
  g_autofree char *expected =
    g_build_filename (g_get_user_data_dir (), "guichet", "guichet.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GuichetStore) store = NULL;
  GStatBuf st;

  g_assert_cmpstr (path, ==, expected);

  store = open_store (NULL);
  g_assert_cmpstr (guichet_store_get_path (store), ==, expected);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_newer_schema (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  GuichetStore    *newer;
  sqlite3         *db;

  g_clear_object (&store);
  db = open_raw (path);
  sql =
    g_strdup_printf ("PRAGMA user_version = %d", guichet_store_get_latest_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  newer = guichet_store_new (path, &error);
  g_assert_null (newer);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE);
}

static void
test_reopen (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetParticipant) found = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;

  account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acc", "provider", "demo", "name", "Demo", NULL);
  g_assert_true (guichet_store_save_account (store, account, &error));
  g_assert_no_error (error);
  write_page (store, "ev", page_of (make_participant ("1", "CODE1", "Ada", "Lovelace"), NULL), "c1",
              1);
  g_clear_object (&account);
  g_clear_object (&store);

  store = open_store (path);
  account = guichet_store_find_account (store, "Demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_account_get_id (account), ==, "acc");
  found = guichet_store_find_participant_by_barcode (store, "acc", "ev", "CODE1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (guichet_participant_get_last_name (found), ==, "Lovelace");
  cursor = guichet_store_get_cursor (store, "acc", "ev");
  g_assert_cmpstr (cursor, ==, "c1");
}

static void
test_accounts (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetAccount) a = NULL;
  g_autoptr (GuichetAccount) b = NULL;
  g_autoptr (GuichetAccount) clash = NULL;
  g_autoptr (GuichetAccount) found = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *columns = NULL;
  sqlite3         *db;

  a = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "a1", "provider", "weezevent", "name", "Zénith",
                    "base-url", "https://api.weezevent.com", "username", "desk@example.org", NULL);
  b = g_object_new (GUICHET_TYPE_ACCOUNT, "provider", "tickettailor", "name", "Box", NULL);
  g_assert_true (guichet_store_save_account (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (guichet_store_save_account (store, b, &error));
  g_assert_no_error (error);
  /* An account saved without an id gets one. */
  g_assert_nonnull (guichet_account_get_id (b));
  g_assert_cmpstr (guichet_account_get_id (b), !=, "");

  list = guichet_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (guichet_account_get_name (g_ptr_array_index (list, 0)), ==, "Box");
  g_assert_cmpstr (guichet_account_get_name (g_ptr_array_index (list, 1)), ==, "Zénith");

  found = guichet_store_find_account (store, "a1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_account_get_provider (found), ==, "weezevent");
  g_assert_cmpstr (guichet_account_get_base_url (found), ==, "https://api.weezevent.com");
  g_assert_cmpstr (guichet_account_get_username (found), ==, "desk@example.org");
  g_clear_object (&found);

  /* Update by id */
  g_object_set (a, "name", "Zenith Paris", NULL);
  g_assert_true (guichet_store_save_account (store, a, &error));
  g_assert_no_error (error);
  found = guichet_store_find_account (store, "Zenith Paris", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_account_get_id (found), ==, "a1");
  g_clear_object (&found);

  /* Names are unique */
  clash = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "a3", "provider", "demo", "name", "Box", NULL);
  g_assert_false (guichet_store_save_account (store, clash, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "Box"));
  g_clear_error (&error);

  /* Delete removes the account and what was cached for it */
  write_page (store, "ev", page_of (make_participant ("1", "X", "A", "B"), NULL), "c", 1);
  g_assert_true (guichet_store_delete_account (store, "acc", &error));
  g_assert_no_error (error);
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 0);
  g_assert_true (guichet_store_delete_account (store, "a1", &error));
  g_assert_no_error (error);
  found = guichet_store_find_account (store, "a1", &error);
  g_assert_null (found);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT);
  g_clear_error (&error);

  /* No table has a place for a secret. */
  db = open_raw (path);
  columns = raw_text (db, "SELECT group_concat (name, ',') FROM pragma_table_info ('accounts')");
  g_assert_cmpstr (columns, ==, "id,provider,name,base_url,username,email");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master m, pragma_table_info (m.name) c"
                                " WHERE m.type = 'table' AND (c.name LIKE '%secret%'"
                                " OR c.name LIKE '%password%' OR c.name LIKE '%token%'"
                                " OR c.name LIKE '%api_key%')"),
                   ==, 0);
  sqlite3_close (db);
}

static void
test_barcode_unique (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetParticipant) holder = NULL;
  g_autoptr (GuichetParticipant) loser = NULL;
  g_autoptr (GuichetParticipant) other = NULL;
  g_autoptr (GuichetParticipant) elsewhere = NULL;
  g_autoptr (GError) error = NULL;

  write_page (store, "ev",
              page_of (make_participant ("1", "SAME", "Ann", "One"),
                       make_participant ("2", "", "Bob", "NoCode"),
                       make_participant ("3", "", "Cy", "NoCode"), NULL),
              "c1", 1);
  /* The same barcode in another event is another ticket. */
  write_page (store, "ev2", page_of (make_participant ("9", "SAME", "Dee", "Other"), NULL), "c1",
              1);
  /* A newer participant takes the barcode: the page does not fail. */
  write_page (store, "ev", page_of (make_participant ("4", "SAME", "Eve", "Four"), NULL), "c2", 1);

  holder = guichet_store_find_participant_by_barcode (store, "acc", "ev", "SAME", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_id (holder), ==, "4");
  loser = guichet_store_find_participant (store, "acc", "ev", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_barcode (loser), ==, "");
  other = guichet_store_find_participant_by_barcode (store, "acc", "ev2", "SAME", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_id (other), ==, "9");
  elsewhere = guichet_store_find_barcode_elsewhere (store, "acc", "ev", "SAME", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_event_id (elsewhere), ==, "ev2");

  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 4);
  g_assert_null (guichet_store_find_participant_by_barcode (store, "acc", "ev", "NOPE", &error));
  g_assert_no_error (error);
  g_assert_null (guichet_store_find_participant_by_barcode (store, "acc", "ev", "", &error));
  g_assert_no_error (error);
}

static void
test_upsert (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetParticipant) before = NULL;
  g_autoptr (GuichetParticipant) after = NULL;
  g_autoptr (GuichetParticipant) changed = NULL;
  g_autoptr (GError) error = NULL;

  write_page (store, "ev", page_of (make_participant ("1", "C1", "Jean", "Martin"), NULL), "c1", 1);
  before = guichet_store_find_participant (store, "acc", "ev", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_first_name (before), ==, "Jean");

  changed = make_participant ("1", "C1b", "Jeanne", "Martin");
  g_object_set (changed, "status", GUICHET_PARTICIPANT_STATUS_REFUNDED, "checked-in", TRUE,
                "answers", "{\"size\":\"M\"}", NULL);
  write_page (store, "ev", page_of (g_object_ref (changed), NULL), "c2", 2);

  after = guichet_store_find_participant (store, "acc", "ev", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_first_name (after), ==, "Jeanne");
  g_assert_cmpstr (guichet_participant_get_barcode (after), ==, "C1b");
  g_assert_cmpint (guichet_participant_get_status (after), ==, GUICHET_PARTICIPANT_STATUS_REFUNDED);
  g_assert_true (guichet_participant_get_checked_in (after));
  g_assert_cmpstr (guichet_participant_get_answers (after), ==, "{\"size\":\"M\"}");
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 1);

  /* The old barcode is free, the index follows the new name. */
  g_assert_null (guichet_store_find_participant_by_barcode (store, "acc", "ev", "C1", &error));
  g_assert_true (search_finds (store, "jeanne", "1"));
  g_assert_true (search_finds (store, "jean", "1")); /* prefix of Jeanne */
  g_assert_false (search_finds (store, "pierre", "1"));
}

static void
test_search (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  write_page (store, "ev",
              page_of (make_participant ("1", "AB-100", "Hélène", "Dubois"),
                       make_participant ("2", "AB-200", "Helene", "Aubert"),
                       make_participant ("3", "ZZ-300", "Zoé", "Éluard"),
                       make_participant ("4", "ZZ-400", "Marc", "Zola"), NULL),
              "c", 1);
  write_page (store, "other",
              page_of (make_participant ("5", "AB-500", "Hélène", "Ailleurs"), NULL), "c", 1);

  /* Accents ignored both ways */
  g_assert_true (search_finds (store, "helene", "1"));
  g_assert_true (search_finds (store, "hélè", "2"));
  g_assert_true (search_finds (store, "HÉLÈNE DUB", "1"));
  g_assert_false (search_finds (store, "helene dub", "2"));
  g_assert_true (search_finds (store, "eluard", "3"));
  g_assert_true (search_finds (store, "example.org", "4"));

  /* Ordered by last name (accents folded), only this event */
  found = guichet_store_search_participants (store, "acc", "ev", "hel", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 0)), ==, "2");
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 1)), ==, "1");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Barcode prefix */
  found = guichet_store_search_participants (store, "acc", "ev", "ZZ-", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 0)), ==, "3");
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 1)), ==, "4");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* No text: everyone, in order; with a limit */
  found = guichet_store_search_participants (store, "acc", "ev", NULL, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 0)), ==, "Aubert");
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 1)), ==, "Dubois");
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 2)), ==, "Éluard");
}

/* The search is driven from its matches (full-text and barcode prefix),
 * then sorted: the same rows, in the same display order, as a walk of the
 * whole event would give; only this event's; each row once. */
static void
test_search_from_matches (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) rowids = NULL;
  g_autoptr (GError) error = NULL;

  /* 200 people written in a scrambled order; names Lastname000..199 */
  for (guint i = 0; i < 200; i++)
    {
      guint            n = (i * 37) % 200;
      g_autofree char *id = g_strdup_printf ("%u", n);
      g_autofree char *barcode = g_strdup_printf ("BC%05u", n);
      g_autofree char *last = g_strdup_printf ("Lastname%03u", n);

      g_ptr_array_add (page, make_participant (id, barcode, n % 2 ? "Ann" : "Bob", last));
      g_ptr_array_add (other, make_participant (id, barcode, "Ann", last));
    }
  /* Found by its barcode only, and by its name too (once) */
  g_ptr_array_add (page, make_participant ("z", "Lastname01-bc", "Zed", "Zulu"));
  g_ptr_array_add (page, make_participant ("y", "Lastname012", "Yan", "Lastname012b"));
  write_page (store, "ev", g_steal_pointer (&page), "c", 1);
  write_page (store, "other", g_steal_pointer (&other), "c", 1);

  found = guichet_store_search_participants (store, "acc", "ev", "Lastname01", 0, &error);
  g_assert_no_error (error);
  /* Lastname010..019, Lastname012b (after Lastname012), then Zulu */
  g_assert_cmpuint (found->len, ==, 12);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *want = g_strdup_printf ("Lastname01%u", i);

      g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, i)), ==, want);
    }
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 3)), ==,
                   "Lastname012b");
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 4)), ==,
                   "Lastname013");
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 11)), ==, "Zulu");
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (guichet_participant_get_event_id (g_ptr_array_index (found, i)), ==, "ev");

  /* The list model's row ids: the same rows, in the same order */
  rowids = guichet_store_list_participant_rowids (store, "acc", "ev", "Lastname01",
                                                  GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rowids->len, ==, found->len);
  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr (GuichetParticipant) p =
        guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));

      g_assert_cmpstr (guichet_participant_get_id (p), ==,
                       guichet_participant_get_id (g_ptr_array_index (found, i)));
    }
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A limit keeps the first rows of the order */
  found = guichet_store_search_participants (store, "acc", "ev", "ann", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 0)), ==,
                   "Lastname001");
  g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, 2)), ==,
                   "Lastname005");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A barcode prefix alone, in this event only */
  found = guichet_store_search_participants (store, "acc", "ev", "BC0019", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 10);
  g_assert_cmpstr (guichet_participant_get_barcode (g_ptr_array_index (found, 0)), ==, "BC00190");
  g_assert_cmpstr (guichet_participant_get_barcode (g_ptr_array_index (found, 9)), ==, "BC00199");
}

static void
assert_fts_intact (const char *path)
{
  sqlite3 *db = open_raw (path);

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO participants_fts (participants_fts)"
                                 " VALUES ('integrity-check')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_search_follows_changes (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  write_page (store, "ev",
              page_of (make_participant ("1", "C1", "Pierre", "Durand"),
                       make_participant ("2", "C2", "Anne", "Lefort"), NULL),
              "c", 1);
  g_assert_true (search_finds (store, "pierre", "1"));

  /* Renamed: the old name no longer finds them, the new one does. */
  write_page (store, "ev", page_of (make_participant ("1", "C1", "Paul", "Durand"), NULL), "c", 2);
  g_assert_false (search_finds (store, "pierre", "1"));
  g_assert_true (search_finds (store, "paul durand", "1"));
  g_assert_true (search_finds (store, "lefort", "2"));
  assert_fts_intact (path);

  /* Removed with their account: the index forgets them. */
  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acc", "provider", "demo", "name", "A", NULL);
  g_assert_true (guichet_store_save_account (store, account, &error));
  g_assert_true (guichet_store_delete_account (store, "acc", &error));
  g_assert_no_error (error);
  g_assert_false (search_finds (store, "lefort", "2"));
  assert_fts_intact (path);

  /* And a new sync of the same event is found again. */
  write_page (store, "ev", page_of (make_participant ("2", "C2", "Anne", "Lefort"), NULL), "c", 1);
  g_assert_true (search_finds (store, "lefort", "2"));
  assert_fts_intact (path);
}

/* A database of schema 2 with participants: migrating keeps them listed
 * in order and found by the search. */
static void
test_migrate_participants (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  guint               n_migrations;
  sqlite3            *db = NULL;

  migrations = _guichet_store_get_migrations (&n_migrations);
  g_assert_cmpuint (n_migrations, >=, 2);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO participants (account_id, event_id, id, barcode,"
                                 " first_name, last_name, sort_key) VALUES"
                                 " ('acc', 'ev', '1', 'B1', 'Zoé', 'Zola', 'zolazoe'),"
                                 " ('acc', 'ev', '2', 'B2', 'Anne', 'Aubert', 'aubert"
                                 "anne'),"
                                 " ('acc', 'ev2', '3', 'B3', 'Marc', 'Martin', 'martinmarc');"
                                 "PRAGMA user_version = 2;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store (path);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());
  found = guichet_store_search_participants (store, "acc", "ev", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 0)), ==, "2");
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 1)), ==, "1");
  g_assert_true (search_finds (store, "zoe", "1"));
  g_assert_false (search_finds (store, "martin", "3")); /* another event */
  assert_fts_intact (path);

  /* The event keeps its key: new rows join the same order. */
  write_page (store, "ev", page_of (make_participant ("4", "B4", "Luc", "Morel"), NULL), "c", 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = guichet_store_search_participants (store, "acc", "ev", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (found, 1)), ==, "4");
}

/* A store of schema 12 (no seats) gets its seat column; seats are
 * written, read back, changed and cleared by later syncs. */
static void
test_migrate_seats (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetParticipant) read = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  GuichetParticipant *seated;
  guint               n_migrations;
  sqlite3            *db = NULL;

  migrations = _guichet_store_get_migrations (&n_migrations);
  g_assert_cmpuint (n_migrations, >=, 13);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO participants (account_id, event_id, id, barcode,"
                                 " first_name, last_name, sort_key) VALUES"
                                 " ('acc', 'ev', '1', 'B1', 'Zoé', 'Zola', 'zolazoe');"
                                 "PRAGMA user_version = 12;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store (path);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());
  /* The old row is there, unseated. */
  read = guichet_store_find_participant_by_barcode (store, "acc", "ev", "B1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_null (guichet_participant_get_seat (read));
  g_clear_object (&read);

  seated = make_participant ("2", "B2", "Anne", "Aubert");
  g_object_set (seated, "seat", "Row C, seat 12", NULL);
  write_page (store, "ev", page_of (seated, make_participant ("3", "B3", "Luc", "Morel"), NULL),
              "c", 1);
  read = guichet_store_find_participant_by_barcode (store, "acc", "ev", "B2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_seat (read), ==, "Row C, seat 12");
  g_clear_object (&read);
  read = guichet_store_find_participant_by_barcode (store, "acc", "ev", "B3", &error);
  g_assert_null (guichet_participant_get_seat (read));
  g_clear_object (&read);

  /* A later sync moves the seat, then the ticket loses it. */
  seated = make_participant ("2", "B2", "Anne", "Aubert");
  g_object_set (seated, "seat", "Row D, seat 1", NULL);
  write_page (store, "ev", page_of (seated, NULL), "c", 1);
  read = guichet_store_find_participant_by_barcode (store, "acc", "ev", "B2", &error);
  g_assert_cmpstr (guichet_participant_get_seat (read), ==, "Row D, seat 1");
  g_clear_object (&read);
  write_page (store, "ev", page_of (make_participant ("2", "B2", "Anne", "Aubert"), NULL), "c", 1);
  read = guichet_store_find_participant_by_barcode (store, "acc", "ev", "B2", &error);
  g_assert_null (guichet_participant_get_seat (read));
}

/* A store of schema 10: the full-text index is built again with its
 * prefix index, and one- and two-letter searches find what they did;
 * the ticket types get their index. */
static void
test_migrate_search_indexes (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GArray) rowids = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  guint               n_migrations, before = 0;
  sqlite3            *db = NULL;

  migrations = _guichet_store_get_migrations (&n_migrations);
  while (before < n_migrations && strstr (migrations[before], "prefix = '1 2'") == NULL)
    before++;
  g_assert_cmpuint (before, <, n_migrations);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < before; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (
      db,
      "INSERT INTO event_keys (key, account_id, event_id) VALUES"
      " (1, 'acc', 'ev'), (2, 'acc', 'ev2');"
      "INSERT INTO participants (account_id, event_id, event_key, id, barcode,"
      " first_name, last_name, email, sort_key) VALUES"
      " ('acc', 'ev', 1, '1', 'B1', 'Zoé', 'Zola', 'zz@example.org', 'zolazoe'),"
      " ('acc', 'ev', 1, '2', 'B2', 'Anne', 'Aubert', 'aa@example.org', 'aubertanne'),"
      " ('acc', 'ev', 1, '3', 'B3', 'Émile', 'Martin', 'em@example.org', 'martinemile'),"
      " ('acc', 'ev2', 2, '4', 'B4', 'Marc', 'Martin', 'mm@example.org', 'martinmarc');",
      NULL, NULL, NULL),
    ==, SQLITE_OK);
  {
    g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u", before);
    g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);

  store = open_store (path);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());
  assert_fts_intact (path);
  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'participants_fts'"
                                " AND sql LIKE '%prefix%'"),
                   ==, 1);
  sqlite3_close (db);

  /* One letter, two, accents folded; not the other event's Martin */
  g_assert_true (search_finds (store, "z", "1"));
  g_assert_true (search_finds (store, "e", "3"));
  g_assert_true (search_finds (store, "ma", "3"));
  g_assert_false (search_finds (store, "ma", "4"));
  g_assert_false (search_finds (store, "ma", "2"));
  rowids = guichet_store_list_participant_rowids (store, "acc", "ev", "a",
                                                  GUICHET_PARTICIPANT_SORT_NAME, TRUE, &error);
  g_assert_no_error (error);
  /* "a": Anne Aubert only ("aa@..." is one word, "aa") */
  g_assert_cmpuint (rowids->len, ==, 1);
  /* The event's count comes with the rows, whatever the search keeps */
  {
    g_autoptr (GArray) found = NULL;
    guint n_event = G_MAXUINT;

    found = guichet_store_list_participant_rowids_filtered (store, "acc", "ev", "a", NULL,
                                                            GUICHET_CHECK_IN_FILTER_ALL,
                                                            GUICHET_PARTICIPANT_SORT_NAME, FALSE,
                                                            &n_event, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (n_event, ==, guichet_store_count_participants (store, "acc", "ev", NULL));
    g_assert_cmpuint (n_event, >, 1);
    g_clear_pointer (&found, g_array_unref);
    n_event = G_MAXUINT;
    found = guichet_store_list_participant_rowids_filtered (store, "acc", "no-such-event", "a",
                                                            NULL, GUICHET_CHECK_IN_FILTER_ALL,
                                                            GUICHET_PARTICIPANT_SORT_NAME, FALSE,
                                                            &n_event, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
    g_assert_cmpuint (n_event, ==, 0);
  }

  /* Migration 12: filtering by ticket type reads an index of its own */
  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master"
                                " WHERE name = 'participants_event_ticket_type'"),
                   ==, 1);
  {
    g_autofree char *plan =
      raw_plan (db, "SELECT rowid FROM participants"
                    " WHERE event_key = 1 AND ticket_type_id IN ('t1', 't2')");

    g_assert_nonnull (strstr (plan, "participants_event_ticket_type"));
  }
  /* Migration 15: the grouped orders and the filters read their
   * indexes alone, no row */
  {
    static const char * const walks[] = {
      "SELECT rowid, ticket_type_id, ticket_type_name FROM participants"
      " WHERE event_key = 1 ORDER BY ticket_type_id, ticket_type_name",
      "SELECT rowid, status, NULL FROM participants WHERE event_key = 1 ORDER BY status",
      "SELECT rowid, checked_in, checked_in_at FROM participants"
      " WHERE event_key = 1 ORDER BY checked_in, checked_in_at",
      "SELECT rowid FROM participants WHERE event_key = 1 AND checked_in = 1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (walks); i++)
      {
        g_autofree char *plan = raw_plan (db, walks[i]);

        g_assert_nonnull (strstr (plan, "USING COVERING INDEX"));
        g_assert_null (strstr (plan, "TEMP B-TREE"));
      }
  }
  /* Migration 17: the barcode's index holds the barcode and the event's
   * key, nothing longer, and a barcode's prefix reads it alone. */
  {
    g_autoptr (GString) columns = g_string_new (NULL);
    g_autofree char *plan = NULL;
    sqlite3_stmt    *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA index_info (participants_barcode)", -1, &stmt,
                                         NULL),
                     ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (columns, "%s ", sqlite3_column_text (stmt, 2));
    sqlite3_finalize (stmt);
    g_assert_cmpstr (columns->str, ==, "barcode event_key ");

    plan = raw_plan (db, "SELECT rowid FROM participants WHERE barcode >= 'B' AND barcode < 'C'"
                         " AND barcode <> '' AND +event_key = 1");
    g_assert_nonnull (strstr (plan, "USING COVERING INDEX participants_barcode"));
  }
  sqlite3_close (db);

  /* The triggers keep the rebuilt index: a new row is found by its letter. */
  write_page (store, "ev", page_of (make_participant ("5", "B5", "Yves", "Xavier"), NULL), "c", 1);
  g_assert_true (search_finds (store, "x", "5"));
  g_assert_true (search_finds (store, "yv", "5"));
  assert_fts_intact (path);
}

/* A store from before events had a series: its events are read as
 * before (no series), and a series saved since is read back. */
static void
test_migrate_event_series (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  guint               n_migrations, before = 0;
  sqlite3            *db = NULL;

  migrations = _guichet_store_get_migrations (&n_migrations);
  while (before < n_migrations && strstr (migrations[before], "ADD COLUMN series_id") == NULL)
    before++;
  g_assert_cmpuint (before, <, n_migrations);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < before; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (
      db,
      "INSERT INTO events (account_id, id, name, start, status, currency)"
      " VALUES ('acc', 'ev_old', 'Old night', '2026-01-02T20:00:00Z', 'published', 'GBP');",
      NULL, NULL, NULL),
    ==, SQLITE_OK);
  {
    g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u", before);
    g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);

  store = open_store (path);
  g_assert_cmpint (guichet_store_get_schema_version (store), ==,
                   guichet_store_get_latest_schema_version ());
  events = guichet_store_list_events (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (guichet_event_get_name (g_ptr_array_index (events, 0)), ==, "Old night");
  g_assert_cmpstr (guichet_event_get_currency (g_ptr_array_index (events, 0)), ==, "GBP");
  g_assert_null (guichet_event_get_series_id (g_ptr_array_index (events, 0)));
  g_clear_pointer (&events, g_ptr_array_unref);

  g_ptr_array_add (saved, g_object_new (GUICHET_TYPE_EVENT, "id", "ev_2", "name", "Night 2",
                                        "series-id", "es_7", NULL));
  g_ptr_array_add (saved, g_object_new (GUICHET_TYPE_EVENT, "id", "ev_1", "name", "Alone", NULL));
  g_assert_true (guichet_store_save_events (store, "acc", saved, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_store (path);
  {
    g_autoptr (GuichetEvent) night = guichet_store_find_event (store, "acc", "ev_2", &error);
    g_autoptr (GuichetEvent) alone = guichet_store_find_event (store, "acc", "ev_1", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (guichet_event_get_series_id (night), ==, "es_7");
    g_assert_null (guichet_event_get_series_id (alone));
  }
}

/* Text with an "@" is an e-mail being typed: found by the start of the
 * e-mail, in any case, in the search and in the list's order alike. */
static void
test_search_email (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  static const struct
  {
    const char *text;
    const char *ids; /* in name order */
  } cases[] = {
    { "anne.aubert@ex", "2" },
    { "ANNE.Aubert@Example.org", "2" },
    { "a@", "1" }, /* a@..., not aa@... or anne.aubert@... */
    { "anne.aubert@other", "" },
    { "anne.aubert", "2" },  /* words, before the "@" */
    { "@example", "1 2 3" }, /* no e-mail start: words */
  };
  const char *emails[] = { "a@example.org", "anne.aubert@example.org", "aa@example.net" };
  const char *names[] = { "Adam", "Aubert", "Berger" };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      g_autofree char *barcode = g_strdup_printf ("E%u", i + 1);

      g_ptr_array_add (page, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "barcode", barcode,
                                           "first-name", "X", "last-name", names[i], "email",
                                           emails[i], NULL));
    }
  write_page (store, "ev", g_steal_pointer (&page), "c", 1);
  /* The same e-mail in another event is not this one's */
  write_page (store, "ev2",
              page_of (g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "9", "barcode", "E9",
                                     "last-name", "Aubert", "email", "anne.aubert@example.org",
                                     NULL),
                       NULL),
              "c", 1);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (GArray) rowids = NULL;
      g_autoptr (GString) got = g_string_new (NULL);
      g_autoptr (GError) error = NULL;

      g_test_message ("search %s", cases[c].text);
      found = guichet_store_search_participants (store, "acc", "ev", cases[c].text, 0, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (got, "%s%s", i > 0 ? " " : "",
                                guichet_participant_get_id (g_ptr_array_index (found, i)));
      g_assert_cmpstr (got->str, ==, cases[c].ids);

      /* The list's path (the order's positions) gives the same rows */
      g_clear_pointer (&rowids, g_array_unref);
      rowids = guichet_store_list_participant_rowids (store, "acc", "ev", NULL,
                                                      GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
      g_clear_pointer (&rowids, g_array_unref);
      rowids = guichet_store_list_participant_rowids (store, "acc", "ev", cases[c].text,
                                                      GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rowids->len, ==, found->len);
      for (guint i = 0; i < rowids->len; i++)
        {
          g_autoptr (GuichetParticipant) p =
            guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));

          g_assert_cmpstr (guichet_participant_get_id (p), ==,
                           guichet_participant_get_id (g_ptr_array_index (found, i)));
        }
    }
}

/* Barcodes are looked for from the second character typed on. */
static void
test_search_barcode_prefix (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  static const struct
  {
    const char *text;
    guint       n;
  } cases[] = { { "7", 0 }, { "71", 2 }, { "712", 1 }, { "7123", 1 }, { "8", 0 } };

  write_page (store, "ev",
              page_of (make_participant ("1", "7123", "Anne", "Aubert"),
                       make_participant ("2", "7199", "Paul", "Petit"), NULL),
              "c", 1);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (GArray) rowids = NULL;
      g_autoptr (GError) error = NULL;

      found = guichet_store_search_participants (store, "acc", "ev", cases[c].text, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, cases[c].n);
      rowids = guichet_store_list_participant_rowids (store, "acc", "ev", cases[c].text,
                                                      GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rowids->len, ==, cases[c].n);
    }
  g_assert_true (search_finds (store, "712", "1"));
}

/* The ticket order sorts by the type's name, or its id when it has
 * none: types of one name (several ids, or an id equal to another's
 * name) sort together, by participant name within. */
static void
test_sort_ticket_groups (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  static const struct
  {
    const char *id, *last, *type_id, *type_name;
  } rows[] = {
    { "1", "Dupont", "t1", "Std" }, { "2", "Adam", "t2", "Std" },
    { "3", "Caron", "Std", NULL }, /* no name: its id, "Std" */
    { "4", "Bernard", "t9", "" },  /* empty name: its id, "t9" */
    { "5", "Zola", "t0", "Acc" },   { "6", "Morel", "t1", "Std" },
    { "7", "Blanc", NULL, NULL }, /* no type at all: first */
  };
  const char *ascending = "7 5 2 3 1 6 4";
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *barcode = g_strdup_printf ("T%u", i);

      g_ptr_array_add (page,
                       g_object_new (GUICHET_TYPE_PARTICIPANT, "id", rows[i].id, "barcode", barcode,
                                     "last-name", rows[i].last, "ticket-type-id", rows[i].type_id,
                                     "ticket-type-name", rows[i].type_name, NULL));
    }
  write_page (store, "ev", g_steal_pointer (&page), "c", 1);

  for (guint d = 0; d < 2; d++)
    {
      g_autoptr (GArray) rowids = NULL;
      g_autoptr (GString) got = g_string_new (NULL);
      g_auto (GStrv) want = g_strsplit (ascending, " ", -1);
      g_autoptr (GString) expected = g_string_new (NULL);

      rowids =
        guichet_store_list_participant_rowids (store, "acc", "ev", NULL,
                                               GUICHET_PARTICIPANT_SORT_TICKET, d == 1, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < rowids->len; i++)
        {
          g_autoptr (GuichetParticipant) p =
            guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));

          g_string_append_printf (got, "%s%s", i > 0 ? " " : "", guichet_participant_get_id (p));
        }
      for (guint i = 0; want[i] != NULL; i++)
        g_string_append_printf (expected, "%s%s", i > 0 ? " " : "",
                                want[d == 1 ? g_strv_length (want) - 1 - i : i]);
      g_assert_cmpstr (got->str, ==, expected->str);
    }
}

static void
test_search_hostile (void)
{
  static const char * const inputs[] = {
    "\"",
    "\"\"",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "*",
    "-",
    "^",
    "(",
    ")",
    ":",
    "a AND",
    "\"hel",
    "hel*",
    "-hel",
    "first_name:hel",
    "NEAR(a b)",
    "'",
    "%",
    "_",
    "\\",
    "   ",
    "",
    "é\"*",
    "\xff\xfe",
    "{a b}",
    "a + b",
  };
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);

  write_page (store, "ev", page_of (make_participant ("1", "AB-100", "Hélène", "Dubois"), NULL),
              "c", 1);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (GArray) rowids = NULL;

      g_test_message ("search input %u", i);
      found = guichet_store_search_participants (store, "acc", "ev", inputs[i], 0, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      rowids = guichet_store_list_participant_rowids (store, "acc", "ev", inputs[i],
                                                      GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (rowids);
    }

  /* Operators are plain words: "hel*" still finds Hélène. */
  g_assert_true (search_finds (store, "hel*", "1"));
  g_assert_true (search_finds (store, "\"hel", "1"));
}

static GuichetCheckIn *
make_check_in (const char    *code,
               GuichetVerdict verdict)
{
  return g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", "acc", "event-id", "ev", "code", code,
                       "participant-id", "1", "time", (gint64) 1700000000, "desk", "North",
                       "direction", GUICHET_DIRECTION_IN, "verdict", verdict, NULL);
}

static void
test_journal_durable (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetCheckIn) check_in = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GuichetCheckIn) refused = make_check_in ("CODE2", GUICHET_VERDICT_REFUSED);
  g_autoptr (GuichetCheckIn) found = NULL;
  g_autoptr (GPtrArray) unsynced = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_object_set (refused, "reason", GUICHET_REASON_VOID, NULL);
  g_assert_true (guichet_store_append_check_in (store, check_in, &error));
  g_assert_no_error (error);
  id = guichet_check_in_get_id (check_in);
  g_assert_cmpint (id, >, 0);
  g_assert_true (guichet_store_append_check_in (store, refused, &error));
  g_assert_no_error (error);
  g_assert_cmpint (guichet_check_in_get_id (refused), >, id);

  g_clear_object (&store);
  store = open_store (path);

  found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (guichet_check_in_get_id (found), ==, id);
  g_assert_cmpstr (guichet_check_in_get_desk (found), ==, "North");
  g_assert_cmpint (guichet_check_in_get_time (found), ==, 1700000000);
  g_assert_cmpint (guichet_check_in_get_verdict (found), ==, GUICHET_VERDICT_ADMITTED);
  g_assert_false (guichet_check_in_get_synced (found));
  g_assert_false (guichet_check_in_get_undone (found));
  g_clear_object (&found);

  /* A refusal is no admission; another event knows nothing of it. */
  g_assert_null (guichet_store_find_admission (store, "acc", "ev", "CODE2", &error));
  g_assert_no_error (error);
  g_assert_null (guichet_store_find_admission (store, "acc", "ev2", "CODE1", &error));
  g_assert_no_error (error);

  /* Synced is recorded beside the journal. */
  unsynced = guichet_store_list_unsynced_check_ins (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unsynced->len, ==, 2);
  g_assert_cmpint (guichet_check_in_get_reason (g_ptr_array_index (unsynced, 1)), ==,
                   GUICHET_REASON_VOID);
  g_clear_pointer (&unsynced, g_ptr_array_unref);
  g_assert_true (guichet_store_mark_check_in_synced (store, id, &error));
  g_assert_no_error (error);
  unsynced = guichet_store_list_unsynced_check_ins (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unsynced->len, ==, 1);
  found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
  g_assert_true (guichet_check_in_get_synced (found));
}

static void
test_undo (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetCheckIn) first = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GuichetCheckIn) second = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GuichetCheckIn) found = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db;

  g_assert_true (guichet_store_append_check_in (store, first, &error));
  g_assert_true (guichet_store_append_check_in (store, second, &error));
  g_assert_no_error (error);

  found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
  g_assert_cmpint (guichet_check_in_get_id (found), ==, guichet_check_in_get_id (second));
  g_clear_object (&found);

  g_assert_true (guichet_store_undo_check_in (store, guichet_check_in_get_id (second), &error));
  g_assert_no_error (error);
  found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
  g_assert_cmpint (guichet_check_in_get_id (found), ==, guichet_check_in_get_id (first));
  g_clear_object (&found);

  g_assert_true (guichet_store_undo_check_in (store, guichet_check_in_get_id (first), &error));
  g_assert_no_error (error);
  g_assert_null (guichet_store_find_admission (store, "acc", "ev", "CODE1", &error));
  g_assert_no_error (error);

  /* Undo appends; the journal keeps both entries, newest first, marked. */
  list = guichet_store_list_check_ins (store, "acc", "ev", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (guichet_check_in_get_id (g_ptr_array_index (list, 0)), ==,
                   guichet_check_in_get_id (second));
  g_assert_true (guichet_check_in_get_undone (g_ptr_array_index (list, 0)));
  g_assert_true (guichet_check_in_get_undone (g_ptr_array_index (list, 1)));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = guichet_store_list_check_ins (store, "acc", "ev", 1, &error);
  g_assert_cmpuint (list->len, ==, 1);

  /* The journal refuses edits and deletions. */
  db = open_raw (guichet_store_get_journal_path (store));
  g_assert_cmpint (sqlite3_exec (db, "UPDATE check_ins SET code = 'x'", NULL, NULL, NULL), !=,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM check_ins", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM check_ins"), ==, 2);
  sqlite3_close (db);

  /* Undoing what does not exist fails cleanly. */
  g_assert_false (guichet_store_undo_check_in (store, 999, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE);
}

static void
test_exit (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetCheckIn) in = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GuichetCheckIn) out = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GuichetCheckIn) found = NULL;
  g_autoptr (GError) error = NULL;

  g_object_set (out, "direction", GUICHET_DIRECTION_OUT, NULL);
  g_assert_true (guichet_store_append_check_in (store, in, &error));
  g_assert_true (guichet_store_append_check_in (store, out, &error));
  g_assert_no_error (error);

  /* Gone out: the next scan in is a new admission. */
  g_assert_null (guichet_store_find_admission (store, "acc", "ev", "CODE1", &error));
  g_assert_no_error (error);

  /* Unless the exit is undone. */
  g_assert_true (guichet_store_undo_check_in (store, guichet_check_in_get_id (out), &error));
  found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (guichet_check_in_get_id (found), ==, guichet_check_in_get_id (in));
  g_assert_cmpint (guichet_check_in_get_direction (found), ==, GUICHET_DIRECTION_IN);
}

static void
test_cursor_transaction (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  sqlite3         *db;

  g_assert_null (guichet_store_get_cursor (store, "acc", "ev"));
  write_page (store, "ev", page_of (make_participant ("1", "C1", "A", "One"), NULL), "page-1", 1);
  cursor = guichet_store_get_cursor (store, "acc", "ev");
  g_assert_cmpstr (cursor, ==, "page-1");
  g_clear_pointer (&cursor, g_free);

  /* A page that fails half-way leaves neither its rows nor its cursor. */
  db = open_raw (path);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TRIGGER boom BEFORE INSERT ON participants"
                                 " WHEN new.id = 'boom' BEGIN SELECT RAISE (ABORT, 'boom'); END",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  page = page_of (make_participant ("2", "C2", "B", "Two"),
                  make_participant ("boom", "C3", "C", "Three"), NULL);
  g_assert_false (guichet_store_write_participants (store, "acc", "ev", page, "page-2", 1, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the participants"));
  g_clear_error (&error);

  cursor = guichet_store_get_cursor (store, "acc", "ev");
  g_assert_cmpstr (cursor, ==, "page-1");
  g_clear_pointer (&cursor, g_free);
  g_assert_null (guichet_store_find_participant (store, "acc", "ev", "2", &error));
  g_assert_no_error (error);

  /* And the writer is usable afterwards. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER boom", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (guichet_store_write_participants (store, "acc", "ev", page, "page-2", 1, &error));
  g_assert_no_error (error);
  cursor = guichet_store_get_cursor (store, "acc", "ev");
  g_assert_cmpstr (cursor, ==, "page-2");
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 3);

  /* set_cursor alone, and a cursor per event */
  g_assert_true (guichet_store_set_cursor (store, "acc", "ev2", "x", &error));
  g_assert_no_error (error);
  g_clear_pointer (&cursor, g_free);
  cursor = guichet_store_get_cursor (store, "acc", "ev2");
  g_assert_cmpstr (cursor, ==, "x");
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (guichet_store_write_participants_finish (GUICHET_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_write_async (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  gboolean         done = FALSE;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *code = g_strdup_printf ("CODE%u", i);

      g_ptr_array_add (page, make_participant (id, code, "First", id));
    }

  guichet_store_write_participants_async (store, "acc", "ev", page, "after-1000", 1, NULL,
                                          on_written, &done);
  guichet_test_wait_until (&done);

  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 1000);
  cursor = guichet_store_get_cursor (store, "acc", "ev");
  g_assert_cmpstr (cursor, ==, "after-1000");
}

static void
on_run_page_written (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (guichet_store_write_run_page_finish (GUICHET_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gint64
writer_cache_bytes (GuichetStore *store)
{
  int used = 0, highest = 0;

  g_mutex_lock (&store->writer.lock);
  g_assert_cmpint (sqlite3_db_status (store->writer.db, SQLITE_DBSTATUS_CACHE_USED, &used, &highest,
                                      FALSE),
                   ==, SQLITE_OK);
  g_mutex_unlock (&store->writer.lock);
  return used;
}

/* The writer's page cache (up to 128 MiB after a large sync) is given
 * back once a run has written its last page, not before. */
static void
test_run_end_frees_cache (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  gint64 during = 0;

  for (guint k = 0; k < 3; k++)
    {
      g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *cursor = g_strdup_printf ("after-%u", k);
      gboolean         last = k == 2;
      gboolean         done = FALSE;

      for (guint i = 0; i < 2000; i++)
        {
          g_autofree char *id = g_strdup_printf ("%u", k * 2000 + i);
          g_autofree char *code = g_strdup_printf ("CODE%u", (k * 2000 + i) * 7919u % 6007u);

          g_ptr_array_add (page, make_participant (id, code, "First", code));
        }
      guichet_store_write_run_page_async (store, "acc", "ev", page, cursor, 1, last, NULL,
                                          on_run_page_written, &done);
      guichet_test_wait_until (&done);

      if (!last)
        {
          during = writer_cache_bytes (store);
          /* Pages the run wrote stay cached between its pages */
          g_assert_cmpint (during, >, 512 * 1024);
        }
    }

  g_assert_cmpint (writer_cache_bytes (store), <, during / 4);
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 6000);
  g_assert_no_error (error);
}

static void
test_full_sync (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetParticipant) kept = NULL;
  g_autoptr (GuichetParticipant) gone = NULL;
  g_autoptr (GuichetParticipant) other = NULL;
  g_autoptr (GError) error = NULL;

  write_page (store, "ev",
              page_of (make_participant ("1", "C1", "A", "Kept"),
                       make_participant ("2", "C2", "B", "Gone"), NULL),
              "c", 1);
  write_page (store, "ev2", page_of (make_participant ("3", "C3", "C", "Other"), NULL), "c", 1);
  write_page (store, "ev", page_of (make_participant ("1", "C1", "A", "Kept"), NULL), "c", 2);
  g_assert_true (guichet_store_finish_full_sync (store, "acc", "ev", 2, &error));
  g_assert_no_error (error);

  kept = guichet_store_find_participant (store, "acc", "ev", "1", &error);
  gone = guichet_store_find_participant (store, "acc", "ev", "2", &error);
  other = guichet_store_find_participant (store, "acc", "ev2", "3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_participant_get_status (kept), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_nonnull (gone); /* marked, never removed */
  g_assert_cmpint (guichet_participant_get_status (gone), ==, GUICHET_PARTICIPANT_STATUS_DELETED);
  g_assert_cmpint (guichet_participant_get_status (other), ==, GUICHET_PARTICIPANT_STATUS_VALID);
}

/* Counts, through a trigger, the rows a write rewrites (not the stamp of
 * the run's generation, which sets no other column). */
static void
count_rewrites (const char *path)
{
  sqlite3 *db = open_raw (path);

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE test_rewrites (id TEXT);"
                                 "CREATE TRIGGER test_rewrites AFTER UPDATE OF first_name, barcode,"
                                 " sort_key, status ON participants BEGIN"
                                 " INSERT INTO test_rewrites VALUES (new.id); END;"
                                 "CREATE TABLE test_answer_rewrites (id TEXT);"
                                 "CREATE TRIGGER test_answer_rewrites AFTER UPDATE ON answers BEGIN"
                                 " INSERT INTO test_answer_rewrites VALUES (new.participant_id);"
                                 " END;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The ids the writes since the last call rewrote in @table (through the
 * triggers of count_rewrites()), in order, or NULL. */
static char *
rewritten (const char *path,
           const char *table)
{
  sqlite3         *db = open_raw (path);
  g_autofree char *select =
    g_strdup_printf ("SELECT group_concat (id, ' ') FROM (SELECT id FROM %s ORDER BY id)", table);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM %s", table);
  char            *ids = raw_text (db, select);

  g_assert_cmpint (sqlite3_exec (db, delete, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return ids;
}

/* A page of answers, entries and names as a platform sends it */
static GPtrArray *
resent_page (const char *second_name,
             const char *third_answers,
             guint       fourth_entries)
{
  GuichetParticipant *with_answers = make_participant ("3", "C3", "C", "Three");
  GuichetParticipant *multi = make_participant ("4", "C4", "D", "Four");

  g_object_set (with_answers, "answers", third_answers, NULL);
  g_object_set (multi, "entries", fourth_entries, NULL);
  return page_of (make_participant ("1", "C1", "A", "One"),
                  make_participant ("2", "C2", second_name, "Two"), with_answers, multi, NULL);
}

/* A platform without changes-since sends every row at every sync: a row
 * sent again as it was is not rewritten (nor its answers), yet it counts
 * as seen in the run; changed rows, answers and entries are written. */
static void
test_unchanged_rows (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *answers = NULL;

  write_page (store, "ev", resent_page ("B", "{\"size\":\"M\"}", 3), "c", 1);
  count_rewrites (path);

  /* Sent again as it was, in a new full sync: nothing rewritten, but
   * nobody is taken for removed at its end. */
  write_page (store, "ev", resent_page ("B", "{\"size\":\"M\"}", 3), "c", 2);
  rows = rewritten (path, "test_rewrites");
  answers = rewritten (path, "test_answer_rewrites");
  /* The ticket that admits 3 is written again, to keep its entries. */
  g_assert_cmpstr (rows, ==, "4");
  g_assert_null (answers);
  g_assert_true (guichet_store_finish_full_sync (store, "acc", "ev", 2, &error));
  g_assert_no_error (error);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr (GuichetParticipant) p =
        guichet_store_find_participant (store, "acc", "ev", id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
    }

  /* A name, answers and entries changed: those rows are written. */
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&answers, g_free);
  write_page (store, "ev", resent_page ("Bea", "{\"size\":\"L\"}", 1), "c", 3);
  rows = rewritten (path, "test_rewrites");
  answers = rewritten (path, "test_answer_rewrites");
  g_assert_cmpstr (rows, ==, "2 4");
  g_assert_cmpstr (answers, ==, "3");
  {
    g_autoptr (GuichetParticipant) two =
      guichet_store_find_participant (store, "acc", "ev", "2", &error);
    g_autoptr (GuichetParticipant) three =
      guichet_store_find_participant (store, "acc", "ev", "3", &error);
    g_autoptr (GuichetParticipant) four =
      guichet_store_find_participant (store, "acc", "ev", "4", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (guichet_participant_get_first_name (two), ==, "Bea");
    g_assert_cmpstr (guichet_participant_get_answers (three), ==, "{\"size\":\"L\"}");
    g_assert_cmpuint (guichet_participant_get_entries (four), ==, 1);
  }
}

/* The write-ahead log's frames now (mxFrame of the wal-index header, the
 * -shm file: https://sqlite.org/walformat.html), 0 without one. */
static guint32
wal_frames (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *bytes = NULL;
  gsize            len = 0;
  guint32          frames;

  if (!g_file_get_contents (shm, &bytes, &len, NULL) || len < 20)
    return 0;
  memcpy (&frames, bytes + 16, sizeof frames); /* native byte order */
  return frames;
}

static gint64
file_pages (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gint64) st.st_size / 4096;
}

/* Writes @n_pages 50-row pages of new participants (from @first), or
 * fewer: until the writer's log starts over after a checkpoint; returns
 * the bytes of log the commits appended, and sets @file_size to the
 * database file's size then (0: no checkpoint). */
static guint64
write_pages (GuichetStore *store,
             const char   *path,
             guint        *first,
             guint         n_pages,
             gint64       *file_size)
{
  guint64 log_bytes = 0;
  guint32 last_frames = wal_frames (path);

  *file_size = 0;
  for (guint k = 0; k < n_pages && *file_size == 0; k++, *first += 50)
    {
      GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
      guint32    frames;

      for (guint i = 0; i < 50; i++)
        {
          guint            n = *first + i;
          guint            r = (guint) (((guint64) n * 2654435761u) % 1000003u);
          g_autofree char *id = g_strdup_printf ("%u", n);
          g_autofree char *barcode = g_strdup_printf ("%012u", r * 977u);
          g_autofree char *last = g_strdup_printf ("Last%u", r);

          g_ptr_array_add (page, make_participant (id, barcode, "First", last));
        }
      write_page (store, "ev", page, NULL, 1);
      frames = wal_frames (path);
      /* A commit appends its frames: a 24-byte header and a page each */
      log_bytes += (guint64) (frames > last_frames ? frames - last_frames : frames) * (24 + 4096);
      if (frames < last_frames)
        *file_size = file_pages (path) * 4096;
      last_frames = frames;
    }
  return log_bytes;
}

/* write_pages() until a checkpoint */
static guint64
write_until_checkpoint (GuichetStore *store,
                        const char   *path,
                        guint        *first,
                        gint64       *file_size)
{
  guint64 log_bytes = write_pages (store, path, first, 40, file_size);

  g_assert_cmpint (*file_size, >, 0);
  return log_bytes;
}

static guint64
log_written_back (GuichetStore *store)
{
  guint64 total;

  g_mutex_lock (&store->writeback_lock);
  total = store->writeback_total;
  g_mutex_unlock (&store->writeback_lock);
  return total;
}

/* Waits for the write-back thread's runs (the next commit starts it
 * again). */
static void
drain_write_back (GuichetStore *store)
{
  g_mutex_lock (&store->writer.lock);
  if (store->writeback != NULL)
    g_thread_pool_free (g_steal_pointer (&store->writeback), FALSE, TRUE);
  g_mutex_unlock (&store->writer.lock);
}

/* While a door checks people in, a sync's writes go to the disk a piece
 * at a time, each flushed from the disk's cache, so that a durable
 * check-in waits for one piece at most (guichet-store-vfs.c): the
 * write-back thread writes back what each commit appended to the log,
 * and the writer's sync of a file (the log before a checkpoint, the
 * database file after it) first writes back what was written to it
 * since its last sync that way. Without a door, as they come. */
static void
test_paced_writes (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetCheckIn) check_in = make_check_in ("CODE1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GError) error = NULL;
  sqlite3_vfs *vfs = NULL;
  guint64      synced_before;
  guint64      flushes_before;
  guint64      log_bytes;
  gint64       file_size = 0;
  gint64       deadline;
  guint        next = 0;

  store = open_store (path);
  g_assert_true (guichet_store_wait_check (store, 30 * G_USEC_PER_SEC));
  store->writer_checkpoint_min_frames = 64;
  store->writer_checkpoint_frames = 64;

#if HAVE_SYNC_FILE_RANGE
  g_assert_cmpint (sqlite3_file_control (store->writer.db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs),
                   ==, SQLITE_OK);
  g_assert_cmpstr (vfs->zName, ==, "guichet-paced");

  /* No door yet */
  synced_before = _guichet_store_paced_bytes ();
  flushes_before = _guichet_store_paced_flushes ();
  write_until_checkpoint (store, path, &next, &file_size);
  g_assert_cmpuint (_guichet_store_paced_bytes (), ==, synced_before);
  g_assert_cmpuint (_guichet_store_paced_flushes (), ==, flushes_before);
  g_assert_cmpuint (log_written_back (store), ==, 0);

  /* A check-in */
  drain_write_back (store);
  g_assert_true (guichet_store_append_check_in (store, check_in, &error));
  g_assert_no_error (error);
  /* Commits, no checkpoint: the write-back thread catches up with them,
   * a piece of WRITEBACK_CHUNK or less at a time, each flushed */
  store->writer_checkpoint_frames = G_MAXINT32;
  log_bytes = write_pages (store, path, &next, 10, &file_size);
  g_assert_cmpint (file_size, ==, 0);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (log_written_back (store) < log_bytes && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (log_written_back (store), >=, log_bytes);
  drain_write_back (store);
  g_assert_cmpuint (_guichet_store_paced_bytes (), ==, synced_before);
  g_assert_cmpuint (_guichet_store_paced_flushes () - flushes_before, >=,
                    (log_bytes + WRITEBACK_CHUNK - 1) / WRITEBACK_CHUNK);

  /* A checkpoint syncs the log (every frame since the last one), then
   * the database file (a page at least): what was written to each, a
   * flush for each file at least */
  flushes_before = _guichet_store_paced_flushes ();
  g_mutex_lock (&store->writer.lock);
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (store->writer.db, "main", SQLITE_CHECKPOINT_PASSIVE,
                                              NULL, NULL),
                   ==, SQLITE_OK);
  g_mutex_unlock (&store->writer.lock);
  g_assert_cmpuint (_guichet_store_paced_bytes () - synced_before, >=, log_bytes + 4096);
  g_assert_cmpuint (_guichet_store_paced_flushes () - flushes_before, >=, 2);
  store->writer_checkpoint_frames = 64;

  /* The door stopped two minutes ago */
  drain_write_back (store);
  {
    g_autofree char *beacon = _guichet_store_door_beacon_for (path);
    struct utimbuf   then = { 0 };

    then.actime = then.modtime = g_get_real_time () / G_USEC_PER_SEC - 120;
    g_assert_cmpint (g_utime (beacon, &then), ==, 0);
  }
  synced_before = _guichet_store_paced_bytes ();
  flushes_before = _guichet_store_paced_flushes ();
  log_bytes = log_written_back (store);
  write_until_checkpoint (store, path, &next, &file_size);
  g_assert_cmpuint (_guichet_store_paced_bytes (), ==, synced_before);
  g_assert_cmpuint (_guichet_store_paced_flushes (), ==, flushes_before);
  g_assert_cmpuint (log_written_back (store), ==, log_bytes);
#else
  g_assert_null (_guichet_store_paced_vfs ());
  (void) vfs;
  (void) synced_before;
  (void) flushes_before;
  (void) log_bytes;
  (void) file_size;
  (void) deadline;
  (void) next;
  (void) check_in;
  (void) error;
#endif
}

/* The writer's log is copied back once it holds half as many pages as
 * the file (at least 8192 frames; 64 in this test): bounded,
 * but in proportion to the file, so a growing event's index pages are
 * copied back once for many commits rather than once each. */
static void
test_checkpoint_follows_file (void)
{
  const guint      floor = 64;
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint32 one_commit = 0;
  guint   restarts = 0;
  guint32 late_most = 0;

  store = open_store (path);
  /* The check at open reads in a transaction of its own, which holds a
   * checkpoint back while it lasts */
  g_assert_true (guichet_store_wait_check (store, 30 * G_USEC_PER_SEC));
  g_assert_cmpint (store->page_size, ==, 4096);
  g_assert_cmpint (store->writer_checkpoint_frames, ==, 8192);
  /* A floor the test reaches without writing hundreds of MiB */
  store->writer_checkpoint_min_frames = floor;
  store->writer_checkpoint_frames = floor;

  /* 800 pages of 25, names and barcodes in random order, as a sync */
  for (guint k = 0; k < 800; k++)
    {
      GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
      guint32    now;

      for (guint i = 0; i < 25; i++)
        {
          guint            n = k * 25 + i;
          guint            r = (guint) (((guint64) n * 2654435761u) % 1000003u);
          g_autofree char *id = g_strdup_printf ("%u", n);
          g_autofree char *barcode = g_strdup_printf ("%012u", r * 977u);
          g_autofree char *first = g_strdup_printf ("First%u", r % 9973u);
          g_autofree char *last = g_strdup_printf ("Last%u", r);

          g_ptr_array_add (page, make_participant (id, barcode, first, last));
        }
      write_page (store, "ev", page, NULL, 1);

      now = wal_frames (path);
      if (frames->len > 0 && now < g_array_index (frames, guint32, frames->len - 1))
        {
          /* Restarted: what is there is this one commit */
          restarts++;
          one_commit = MAX (one_commit, now);
        }
      g_array_append_val (frames, now);
      {
        gint64 p = file_pages (path);

        g_array_append_val (pages, p);
      }
      if (k >= 600)
        late_most = MAX (late_most, now);
    }

  for (guint k = 0; k < frames->len; k += 25)
    g_test_message ("write %u: %" G_GINT64_FORMAT " pages, %u frames", k,
                    g_array_index (pages, gint64, k), g_array_index (frames, guint32, k));

  /* It was copied back, more than once */
  g_assert_cmpuint (restarts, >=, 3);
  g_assert_cmpuint (one_commit, >, 0);

  /* Never past the limit by more than a commit (the one that crossed it;
   * the next write starts the log again) */
  for (guint k = 0; k < frames->len; k++)
    {
      gint64 limit = MAX ((gint64) floor, g_array_index (pages, gint64, k) / 2);

      g_assert_cmpint (g_array_index (frames, guint32, k), <=, limit + 2 * (gint64) one_commit);
    }

  /* The file grew: so did the log, well past the floor */
  g_assert_cmpint (g_array_index (pages, gint64, pages->len - 1) / 2, >, 3 * (floor + one_commit));
  g_assert_cmpuint (late_most, >, 2 * (floor + one_commit));
}

static void
on_full_sync_finished (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (guichet_store_finish_full_sync_finish (GUICHET_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_full_sync_async (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetParticipant) kept = NULL;
  g_autoptr (GuichetParticipant) gone = NULL;
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;

  write_page (store, "ev",
              page_of (make_participant ("1", "C1", "A", "Kept"),
                       make_participant ("2", "C2", "B", "Gone"), NULL),
              "c", 1);
  write_page (store, "ev", page_of (make_participant ("1", "C1", "A", "Kept"), NULL), "c", 2);
  guichet_store_finish_full_sync_async (store, "acc", "ev", 2, NULL, on_full_sync_finished, &done);
  guichet_test_wait_until (&done);

  kept = guichet_store_find_participant (store, "acc", "ev", "1", &error);
  gone = guichet_store_find_participant (store, "acc", "ev", "2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_participant_get_status (kept), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_cmpint (guichet_participant_get_status (gone), ==, GUICHET_PARTICIPANT_STATUS_DELETED);
}

static void
on_account_deleted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (guichet_store_delete_account_finish (GUICHET_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_delete_account_async (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetAccount) found = NULL;
  g_autoptr (GuichetCheckIn) check_in = make_check_in ("C1", GUICHET_VERDICT_ADMITTED);
  g_autoptr (GPtrArray) journal = NULL;
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;

  account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acc", "provider", "demo", "name", "Gone soon", NULL);
  g_assert_true (guichet_store_save_account (store, account, &error));
  write_page (store, "ev", page_of (make_participant ("1", "C1", "A", "B"), NULL), "c", 1);
  g_assert_true (guichet_store_append_check_in (store, check_in, &error));
  g_assert_no_error (error);

  guichet_store_delete_account_async (store, "acc", NULL, on_account_deleted, &done);
  guichet_test_wait_until (&done);

  found = guichet_store_find_account (store, "acc", &error);
  g_assert_null (found);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT);
  g_clear_error (&error);
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==, 0);
  g_assert_null (guichet_store_get_cursor (store, "acc", "ev"));
  /* The journal stays. */
  journal = guichet_store_list_check_ins (store, "acc", "ev", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journal->len, ==, 1);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SaveResult;

static void
on_account_saved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveResult *save = user_data;

  save->ok = guichet_store_save_account_finish (GUICHET_STORE (object), result, &save->error);
  save->done = TRUE;
}

static void
test_save_account_async (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetAccount) twin = NULL;
  g_autoptr (GuichetAccount) found = NULL;
  g_autoptr (GError) error = NULL;
  SaveResult save = { 0 };

  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acc-1", "provider", "weezevent", "name",
                          "Festival", "username", "me@example.invalid", NULL);
  guichet_store_save_account_async (store, account, NULL, on_account_saved, &save);
  guichet_test_wait_until (&save.done);
  g_assert_no_error (save.error);
  g_assert_true (save.ok);

  found = guichet_store_find_account (store, "Festival", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_account_get_id (found), ==, "acc-1");
  g_assert_cmpstr (guichet_account_get_username (found), ==, "me@example.invalid");

  /* A second account with the same name is refused, through the callback */
  twin = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acc-2", "provider", "demo", "name", "Festival",
                       NULL);
  save = (SaveResult){ 0 };
  guichet_store_save_account_async (store, twin, NULL, on_account_saved, &save);
  guichet_test_wait_until (&save.done);
  g_assert_false (save.ok);
  g_assert_error (save.error, GUICHET_ERROR, GUICHET_ERROR_STORE);
  g_clear_error (&save.error);
}

static void
append_check_in (GuichetStore    *store,
                 const char      *code,
                 GuichetDirection direction,
                 GuichetVerdict   verdict,
                 gint64          *id)
{
  g_autoptr (GuichetCheckIn) check_in = make_check_in (code, verdict);
  g_autoptr (GError) error = NULL;

  g_object_set (check_in, "direction", direction, NULL);
  g_assert_true (guichet_store_append_check_in (store, check_in, &error));
  g_assert_no_error (error);
  if (id != NULL)
    *id = guichet_check_in_get_id (check_in);
}

static gint64
count_checked_in (GuichetStore *store,
                  const char   *event_id)
{
  g_autoptr (GError) error = NULL;
  gint64 count = guichet_store_count_checked_in (store, "acc", event_id, &error);

  g_assert_no_error (error);
  return count;
}

static void
test_count_checked_in (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) page = page_of (make_participant ("1", "P1", "A", "On platform"),
                                        make_participant ("2", "P2", "B", "Both"),
                                        make_participant ("3", "P3", "C", "Here only"),
                                        make_participant ("4", "P4", "D", "Not in"),
                                        make_participant ("5", "P5", "E", "Undone"),
                                        make_participant ("6", "P6", "F", "Gone out"), NULL);
  g_autoptr (GError) error = NULL;
  gint64           undo_id;
  gint64           out_id;
  g_autofree char *plan = NULL;
  sqlite3         *db;

  g_assert_cmpint (count_checked_in (store, "ev"), ==, 0);

  /* Checked in on the platform: 1 and 2. */
  g_object_set (g_ptr_array_index (page, 0), "checked-in", TRUE, NULL);
  g_object_set (g_ptr_array_index (page, 1), "checked-in", TRUE, NULL);
  write_page (store, "ev", g_ptr_array_ref (page), "c", 1);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 2);

  /* Admitted here: 2 (the platform counts it already), 3 (twice: one
   * person), a code the platform does not know, and a refusal. */
  append_check_in (store, "P2", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "P3", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "P3", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "UNKNOWN", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "P4", GUICHET_DIRECTION_IN, GUICHET_VERDICT_REFUSED, NULL);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 4);

  /* Undone: not in. */
  append_check_in (store, "P5", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, &undo_id);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 5);
  g_assert_true (guichet_store_undo_check_in (store, undo_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 4);

  /* In then out: not in, unless the exit is undone. */
  append_check_in (store, "P6", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "P6", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED, &out_id);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 4);
  g_assert_true (guichet_store_undo_check_in (store, out_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 5);
  /* Out, back in: counted once. */
  append_check_in (store, "P6", GUICHET_DIRECTION_OUT, GUICHET_VERDICT_ADMITTED, NULL);
  append_check_in (store, "P6", GUICHET_DIRECTION_IN, GUICHET_VERDICT_ADMITTED, NULL);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 5);

  /* The platform catches up with 3: still one person. */
  g_object_set (g_ptr_array_index (page, 2), "checked-in", TRUE, NULL);
  write_page (store, "ev", g_ptr_array_ref (page), "c", 1);
  g_assert_cmpint (count_checked_in (store, "ev"), ==, 5);

  /* Another event counts its own. */
  g_assert_cmpint (count_checked_in (store, "ev2"), ==, 0);

  /* No scan of the event's participants: the count reads an index of the
   * checked-in rows. */
  db = open_raw (path);
  plan = raw_plan (db, "SELECT count(*) FROM participants"
                       " WHERE account_id = 'acc' AND event_id = 'ev' AND checked_in = 1");
  sqlite3_close (db);
  g_assert_nonnull (strstr (plan, "participants_checked_in"));
}

static void
test_killed_writer (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "store-writer-child", NULL);
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *cursor = NULL;
  char            *argv[] = { child, path, NULL };
  guint            pages = 0;
  GPid             pid;
  int              status;
  sqlite3         *db;

  if (!g_file_test (child, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("store-writer-child is not built");
      return;
    }

  g_assert_true (
    g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* Let it write a few pages, then kill it wherever it is. */
  while (pages < 4)
    {
      g_autofree char *seen = guichet_store_get_cursor (store, "acc", "ev");

      if (seen != NULL)
        pages = (guint) g_ascii_strtoull (seen + strlen ("page-"), NULL, 10);
      if (waitpid (pid, &status, WNOHANG) == pid)
        g_error ("store-writer-child exited early (status %d)", status);
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);
  g_clear_object (&store);

  db = open_raw (path);
  integrity = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO participants_fts (participants_fts)"
                                 " VALUES ('integrity-check')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  cursor =
    raw_text (db, "SELECT cursor FROM sync_cursors WHERE account_id = 'acc' AND event_id = 'ev'");
  g_assert_nonnull (cursor);
  g_assert_true (g_str_has_prefix (cursor, "page-"));
  pages = (guint) g_ascii_strtoull (cursor + strlen ("page-"), NULL, 10);
  g_test_message ("killed after %u pages", pages);
  g_assert_cmpuint (pages, >=, 4);
  /* Each page is all there, or not at all. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM participants"), ==, 500 * (gint64) pages);
  sqlite3_close (db);

  /* And the store opens it again. */
  store = open_store (path);
  g_assert_cmpint (guichet_store_count_participants (store, "acc", "ev", &error), ==,
                   500 * (gint64) pages);
}

static void
test_events_and_categories (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) dates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GError) error = NULL;
  GuichetTicketCategory *root, *child;
  GListModel            *children;

  g_ptr_array_add (events, g_object_new (GUICHET_TYPE_EVENT, "id", "e2", "name", "Later", "start",
                                         "2030-02-01T20:00:00Z", NULL));
  g_ptr_array_add (events, g_object_new (GUICHET_TYPE_EVENT, "id", "e1", "name", "Gala", "start",
                                         "2030-01-01T20:00:00Z", "venue", "Salle", "multiple-dates",
                                         TRUE, "participant-count", (gint64) 42, NULL));
  g_assert_true (guichet_store_save_events (store, "acc", events, &error));
  g_assert_no_error (error);
  list = guichet_store_list_events (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (guichet_event_get_id (g_ptr_array_index (list, 0)), ==, "e1");
  g_clear_pointer (&list, g_ptr_array_unref);

  event = guichet_store_find_event (store, "acc", "e1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, "acc");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Salle");
  g_assert_true (guichet_event_get_multiple_dates (event));
  g_assert_cmpint (guichet_event_get_participant_count (event), ==, 42);

  /* Saving replaces */
  g_ptr_array_remove_index (events, 0);
  g_assert_true (guichet_store_save_events (store, "acc", events, &error));
  list = guichet_store_list_events (store, "acc", &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_ptr_array_add (dates, g_object_new (GUICHET_TYPE_EVENT_DATE, "id", "d1", "event-id", "e1",
                                        "start", "2030-01-01T20:00:00Z", NULL));
  g_assert_true (guichet_store_save_dates (store, "acc", "e1", dates, &error));
  g_assert_no_error (error);
  list = guichet_store_list_dates (store, "acc", "e1", &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (guichet_event_date_get_id (g_ptr_array_index (list, 0)), ==, "d1");
  g_clear_pointer (&list, g_ptr_array_unref);

  root = g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", "c1", "name", "Seated", "kind",
                       GUICHET_CATEGORY_KIND_CATEGORY, NULL);
  child = g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", "t1", "name", "Front row", "kind",
                        GUICHET_CATEGORY_KIND_TICKET, "price", (gint64) 2550, "currency", "EUR",
                        "quota", (gint64) 100, "sold", (gint64) 40, NULL);
  guichet_ticket_category_append_child (root, child);
  g_object_unref (child);
  g_ptr_array_add (roots, root);
  g_ptr_array_add (roots, g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", "t2", "name",
                                        "Standing", "kind", GUICHET_CATEGORY_KIND_TICKET, NULL));
  g_assert_true (guichet_store_save_categories (store, "acc", "e1", roots, &error));
  g_assert_no_error (error);

  list = guichet_store_list_categories (store, "acc", "e1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  root = g_ptr_array_index (list, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (root), ==, "c1");
  g_assert_cmpint (guichet_ticket_category_get_kind (root), ==, GUICHET_CATEGORY_KIND_CATEGORY);
  children = guichet_ticket_category_get_children (root);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 1);
  child = g_list_model_get_item (children, 0);
  g_assert_cmpstr (guichet_ticket_category_get_name (child), ==, "Front row");
  g_assert_cmpint (guichet_ticket_category_get_price (child)->amount_minor, ==, 2550);
  g_assert_cmpstr (guichet_ticket_category_get_currency (child), ==, "EUR");
  g_assert_cmpint (guichet_ticket_category_get_quota (child), ==, 100);
  g_assert_cmpint (guichet_ticket_category_get_sold (child), ==, 40);
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (child), ==, "c1");
  g_object_unref (child);
  g_assert_cmpstr (guichet_ticket_category_get_id (g_ptr_array_index (list, 1)), ==, "t2");
}

static void
test_outbox (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  GuichetOutboxItem *item;
  gint64             a, b;

  a = guichet_store_outbox_push (store, "acc", "discount.create", "{\"code\":\"X\"}", &error);
  g_assert_no_error (error);
  b = guichet_store_outbox_push (store, "acc", "ticket.void", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, a);

  g_assert_true (guichet_store_outbox_failed (store, a, "Server said no", &error));
  g_assert_no_error (error);
  items = guichet_store_outbox_list (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->id, ==, a);
  g_assert_cmpstr (item->operation, ==, "discount.create");
  g_assert_cmpstr (item->payload_json, ==, "{\"code\":\"X\"}");
  g_assert_cmpuint (item->attempts, ==, 1);
  g_assert_cmpstr (item->last_error, ==, "Server said no");
  g_clear_pointer (&items, g_ptr_array_unref);

  g_assert_true (guichet_store_outbox_done (store, a, &error));
  items = guichet_store_outbox_list (store, "acc", &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((GuichetOutboxItem *) g_ptr_array_index (items, 0))->id, ==, b);
}

static void
test_discounts_vouchers (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = open_store (path);
  g_autoptr (GPtrArray) discounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) vouchers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  const char      *ids[] = { "t1", "t2", NULL };
  GuichetDiscount *discount;
  GuichetVoucher  *voucher;

  g_ptr_array_add (discounts,
                   g_object_new (GUICHET_TYPE_DISCOUNT, "id", "d1", "name", "Early", "code",
                                 "EARLY", "kind", GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage",
                                 (gint64) 1250, "max-uses", (gint64) 10, "ticket-type-ids", ids,
                                 NULL));
  g_assert_true (guichet_store_save_discounts (store, "acc", discounts, &error));
  g_assert_no_error (error);
  list = guichet_store_list_discounts (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  discount = g_ptr_array_index (list, 0);
  g_assert_cmpstr (guichet_discount_get_code (discount), ==, "EARLY");
  g_assert_cmpint (guichet_discount_get_kind (discount), ==, GUICHET_DISCOUNT_KIND_PERCENTAGE);
  g_assert_cmpint (guichet_discount_get_percentage (discount), ==, 1250);
  g_assert_cmpint (guichet_discount_get_max_uses (discount), ==, 10);
  g_assert_cmpstrv (guichet_discount_get_ticket_type_ids (discount), ids);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_ptr_array_add (vouchers, g_object_new (GUICHET_TYPE_VOUCHER, "id", "v1", "name", "Gift",
                                           "value", (gint64) 5000, "currency", "EUR", NULL));
  g_assert_true (guichet_store_save_vouchers (store, "acc", vouchers, &error));
  g_assert_no_error (error);
  list = guichet_store_list_vouchers (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  voucher = g_ptr_array_index (list, 0);
  g_assert_cmpint (guichet_voucher_get_value (voucher)->amount_minor, ==, 5000);
  g_assert_cmpstr (guichet_voucher_get_currency (voucher), ==, "EUR");
}

/* A store from before the journal had its own file: its journal moves
 * there whole (undo and sent facts too), and the main file drops it. */
static void
test_journal_moves_to_its_file (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GuichetCheckIn) found = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  guint               n_migrations, legacy = 0;
  sqlite3            *db = NULL;

  migrations = _guichet_store_get_migrations (&n_migrations);
  while (legacy < n_migrations && strstr (migrations[legacy], "DROP TABLE check_ins") == NULL)
    legacy++;
  g_assert_cmpuint (legacy, <, n_migrations);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < legacy; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (db,
                  "INSERT INTO check_ins (id, account_id, event_id, code, time,"
                  " desk, direction, verdict) VALUES"
                  " (1, 'acc', 'ev', 'CODE1', 100, 'North', 'in', 'admitted'),"
                  " (2, 'acc', 'ev', 'CODE2', 101, 'North', 'in', 'admitted'),"
                  " (3, 'acc', 'ev', 'CODE2', 102, 'South', 'in', 'already_checked_in');"
                  "INSERT INTO check_in_undos (check_in_id, time) VALUES (2, 103);"
                  "INSERT INTO check_in_sync (check_in_id, time) VALUES (1, 104);",
                  NULL, NULL, NULL),
    ==, SQLITE_OK);
  {
    g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u", legacy);
    g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);

  for (guint round = 0; round < 2; round++)
    {
      store = open_store (path);
      list = guichet_store_list_check_ins (store, "acc", "ev", 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 3);
      g_assert_cmpint (guichet_check_in_get_id (g_ptr_array_index (list, 0)), ==, 3);
      g_assert_true (guichet_check_in_get_undone (g_ptr_array_index (list, 1)));
      g_assert_true (guichet_check_in_get_synced (g_ptr_array_index (list, 2)));
      found = guichet_store_find_admission (store, "acc", "ev", "CODE1", &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpstr (guichet_check_in_get_desk (found), ==, "North");
      g_clear_object (&found);
      g_assert_null (guichet_store_find_admission (store, "acc", "ev", "CODE2", &error));
      g_assert_no_error (error);
      g_clear_pointer (&list, g_ptr_array_unref);
      g_assert_finalize_object (g_steal_pointer (&store));
    }

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'check_in%'"),
                   ==, 0);
  sqlite3_close (db);
}

static GuichetTicketCategory *
find_category (GPtrArray  *roots,
               const char *id)
{
  for (guint i = 0; i < roots->len; i++)
    if (g_strcmp0 (guichet_ticket_category_get_id (g_ptr_array_index (roots, i)), id) == 0)
      return g_ptr_array_index (roots, i);

  return NULL;
}

/* A store from when prices and percentages were REAL: its rows read back
 * as integers in each currency's minor units, with no float noise. */
static void
test_migrate_money (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GPtrArray) discounts = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *migrations;
  guint               n_migrations, before = 0;
  sqlite3            *db = NULL;
  struct
  {
    const char *id;
    gint64      minor;
    const char *currency;
  } expected[] = {
    { "eur", 1999, "EUR" }, /* 19.99 is 19.989999... as a REAL */
    { "gbp", 29, "GBP" },   /* 0.29 likewise */
    { "jpy", 1500, "JPY" }, { "bhd", 1250, "BHD" },
    { "low", 435, "EUR" }, /* lower-case code in the old row */
    { "none", 1000, NULL },
  };

  migrations = _guichet_store_get_migrations (&n_migrations);
  while (before < n_migrations && strstr (migrations[before], "price_minor") == NULL)
    before++;
  g_assert_cmpuint (before, <, n_migrations);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < before; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (db,
                  "INSERT INTO categories (account_id, event_id, id, kind, name, price,"
                  " currency, position) VALUES"
                  " ('acc', 'ev', 'eur', 'ticket', 'A', 19.99, 'EUR', 0),"
                  " ('acc', 'ev', 'gbp', 'ticket', 'B', 0.29, 'GBP', 1),"
                  " ('acc', 'ev', 'jpy', 'ticket', 'C', 1500, 'JPY', 2),"
                  " ('acc', 'ev', 'bhd', 'ticket', 'D', 1.25, 'BHD', 3),"
                  " ('acc', 'ev', 'low', 'ticket', 'E', 4.35, 'eur', 4),"
                  " ('acc', 'ev', 'none', 'ticket', 'F', 10, NULL, 5);"
                  "INSERT INTO discounts (account_id, id, code, kind, percentage) VALUES"
                  " ('acc', 'd1', 'TEN', 'percentage', 12.5),"
                  " ('acc', 'd2', 'ODD', 'percentage', 0.29);",
                  NULL, NULL, NULL),
    ==, SQLITE_OK);
  {
    g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u", before);
    g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);

  store = open_store (path);
  categories = guichet_store_list_categories (store, "acc", "ev", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GuichetTicketCategory *category = find_category (categories, expected[i].id);

      g_assert_nonnull (category);
      g_assert_cmpint (guichet_ticket_category_get_price (category)->amount_minor, ==,
                       expected[i].minor);
      g_assert_cmpstr (guichet_ticket_category_get_currency (category), ==, expected[i].currency);
    }

  discounts = guichet_store_list_discounts (store, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (discounts->len, ==, 2);
  for (guint i = 0; i < discounts->len; i++)
    {
      GuichetDiscount *discount = g_ptr_array_index (discounts, i);

      if (g_strcmp0 (guichet_discount_get_id (discount), "d1") == 0)
        g_assert_cmpint (guichet_discount_get_percentage (discount), ==, 1250);
      else
        g_assert_cmpint (guichet_discount_get_percentage (discount), ==, 29);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrations", test_migrations);
  g_test_add_func ("/store/migrate-money", test_migrate_money);
  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/newer-schema", test_newer_schema);
  g_test_add_func ("/store/reopen", test_reopen);
  g_test_add_func ("/store/accounts", test_accounts);
  g_test_add_func ("/store/barcode-unique", test_barcode_unique);
  g_test_add_func ("/store/upsert", test_upsert);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/search-hostile", test_search_hostile);
  g_test_add_func ("/store/search-from-matches", test_search_from_matches);
  g_test_add_func ("/store/search-follows-changes", test_search_follows_changes);
  g_test_add_func ("/store/migrate-participants", test_migrate_participants);
  g_test_add_func ("/store/migrate-search-indexes", test_migrate_search_indexes);
  g_test_add_func ("/store/migrate-seats", test_migrate_seats);
  g_test_add_func ("/store/migrate-event-series", test_migrate_event_series);
  g_test_add_func ("/store/search-email", test_search_email);
  g_test_add_func ("/store/search-barcode-prefix", test_search_barcode_prefix);
  g_test_add_func ("/store/sort-ticket-groups", test_sort_ticket_groups);
  g_test_add_func ("/store/journal-durable", test_journal_durable);
  g_test_add_func ("/store/journal-moves-to-its-file", test_journal_moves_to_its_file);
  g_test_add_func ("/store/undo", test_undo);
  g_test_add_func ("/store/exit", test_exit);
  g_test_add_func ("/store/cursor-transaction", test_cursor_transaction);
  g_test_add_func ("/store/write-async", test_write_async);
  g_test_add_func ("/store/full-sync", test_full_sync);
  g_test_add_func ("/store/unchanged-rows", test_unchanged_rows);
  g_test_add_func ("/store/checkpoint-follows-file", test_checkpoint_follows_file);
  g_test_add_func ("/store/paced-writes", test_paced_writes);
  g_test_add_func ("/store/run-end-frees-cache", test_run_end_frees_cache);
  g_test_add_func ("/store/full-sync-async", test_full_sync_async);
  g_test_add_func ("/store/save-account-async", test_save_account_async);
  g_test_add_func ("/store/delete-account-async", test_delete_account_async);
  g_test_add_func ("/store/count-checked-in", test_count_checked_in);
  g_test_add_func ("/store/killed-writer", test_killed_writer);
  g_test_add_func ("/store/events-categories", test_events_and_categories);
  g_test_add_func ("/store/outbox", test_outbox);
  g_test_add_func ("/store/discounts-vouchers", test_discounts_vouchers);

  return g_test_run ();
}
