/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-secrets"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "guichet-test-utils.h"

/* Runs against the real gnome-keyring the headless wrapper starts. The
 * values below are test data, not secrets of anyone. */

static GHashTable *
new_table (const char *first_name,
           ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name = first_name;
  va_list     args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (table, g_strdup (name), g_strdup (value));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return table;
}

static char *
new_account_id (void)
{
  static guint counter;

  return g_strdup_printf ("test-account-%u-%u", (guint) g_random_int (), ++counter);
}

static void
test_secrets_sync_roundtrip (void)
{
  g_autofree char *account = new_account_id ();
  g_autofree char *other = new_account_id ();
  g_autoptr (GHashTable) secrets = new_table ("api_key", "key-one", "password", "pass-one", NULL);
  g_autoptr (GHashTable) replacement = new_table ("api_key", "key-two", NULL);
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_assert_true (guichet_secrets_store_sync (account, "Test box office", secrets, NULL, &error));
  g_assert_no_error (error);

  found = guichet_secrets_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpuint (g_hash_table_size (found), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "key-one");
  g_assert_cmpstr (g_hash_table_lookup (found, "password"), ==, "pass-one");
  g_clear_pointer (&found, g_hash_table_unref);

  /* Another account sees none of them. */
  found = guichet_secrets_lookup_sync (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
  g_clear_pointer (&found, g_hash_table_unref);

  /* Storing replaces: the new value wins and the dropped kind goes. */
  ok = guichet_secrets_store_sync (account, "Test box office", replacement, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  found = guichet_secrets_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "key-two");
  g_assert_null (g_hash_table_lookup (found, "password"));
  g_clear_pointer (&found, g_hash_table_unref);

  g_assert_true (guichet_secrets_clear_sync (account, NULL, &error));
  g_assert_no_error (error);
  found = guichet_secrets_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
  g_clear_pointer (&found, g_hash_table_unref);

  /* Clearing an account that has nothing is not an error. */
  g_assert_true (guichet_secrets_clear_sync (account, NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_label (void)
{
  g_autofree char *account = new_account_id ();
  g_autoptr (GHashTable) secrets = new_table ("token", "tok", NULL);
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (SecretService) service = NULL;
  g_autoptr (GError) error = NULL;
  GList           *items;
  g_autofree char *label = NULL;
  g_autofree char *schema_name = NULL;

  g_assert_true (guichet_secrets_store_sync (account, "My Festival", secrets, NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer) "account", account);
  items = secret_service_search_sync (service, NULL, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Guichet: My Festival (token)");
  schema_name = secret_item_get_schema_name (items->data);
  g_assert_cmpstr (schema_name, ==, APP_ID);
  g_list_free_full (items, g_object_unref);

  g_assert_true (guichet_secrets_clear_sync (account, NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_clear_locked (void)
{
  g_autofree char *account = new_account_id ();
  g_autoptr (GHashTable) secrets = new_table ("api_key", "key-1", "access_token", "tok-1", NULL);
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (SecretService) service = NULL;
  g_autoptr (GError) error = NULL;
  GList *items;

  g_assert_true (guichet_secrets_store_sync (account, "Locked", secrets, NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer) "account", account);
  items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  /* Locking an item locks its collection. */
  g_assert_cmpint (secret_service_lock_sync (service, items, NULL, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_list_free_full (items, g_object_unref);

  g_assert_false (guichet_secrets_clear_sync (account, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SECRETS);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_assert_nonnull (strstr (error->message, "Unlock"));
  g_clear_error (&error);

  /* A locked keyring is not an account without secrets (which would
   * ask the user to sign in again). */
  g_assert_null (guichet_secrets_lookup_sync (account, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SECRETS);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  /* Both secrets are still there, locked. */
  items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  for (GList *l = items; l != NULL; l = l->next)
    g_assert_true (secret_item_get_locked (l->data));
  g_list_free_full (items, g_object_unref);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (AsyncWait *wait)
{
  guichet_test_wait_until (&wait->done);
  wait->done = FALSE;
  return g_steal_pointer (&wait->result);
}

static void
test_secrets_async_roundtrip (void)
{
  g_autofree char *account = new_account_id ();
  g_autoptr (GHashTable) secrets = new_table ("access_token", "at", "refresh_token", "rt", NULL);
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GError) error = NULL;
  AsyncWait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  guichet_secrets_store_async (account, "Async", secrets, NULL, on_ready, &wait);
  result = wait_result (&wait);
  g_assert_true (guichet_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  guichet_secrets_lookup_async (account, NULL, on_ready, &wait);
  result = wait_result (&wait);
  found = guichet_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (found, "access_token"), ==, "at");
  g_assert_cmpstr (g_hash_table_lookup (found, "refresh_token"), ==, "rt");
  g_clear_pointer (&found, g_hash_table_unref);
  g_clear_object (&result);

  guichet_secrets_clear_async (account, NULL, on_ready, &wait);
  result = wait_result (&wait);
  g_assert_true (guichet_secrets_clear_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  guichet_secrets_lookup_async (account, NULL, on_ready, &wait);
  result = wait_result (&wait);
  found = guichet_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
}

static void
test_secrets_async_cancelled (void)
{
  g_autofree char *account = new_account_id ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  AsyncWait wait = { 0 };

  g_cancellable_cancel (cancellable);
  guichet_secrets_lookup_async (account, cancellable, on_ready, &wait);
  result = wait_result (&wait);
  found = guichet_secrets_lookup_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
}

static void
test_secrets_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("guichet-nobus-XXXXXX", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", dir);
      g_autoptr (GHashTable) found = NULL;
      g_autoptr (GError) error = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      found = guichet_secrets_lookup_sync ("some-account", NULL, &error);
      g_assert_null (found);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SECRETS);
      g_print ("%s\n", error->message);
      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*could not reach the session bus*desktop session*");
}

/* No bus address and no display: GLib refuses to autolaunch one. */
static void
test_secrets_no_bus_no_display (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GHashTable) found = NULL;
      g_autoptr (GError) error = NULL;

      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      found = guichet_secrets_lookup_sync ("some-account", NULL, &error);
      g_assert_null (found);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SECRETS);
      g_print ("%s\n", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*could not reach the session bus*");
}

static void
assert_translation (GQuark      domain,
                    int         code,
                    const char *message,
                    const char *expected_pattern)
{
  g_autoptr (GError) original = g_error_new_literal (domain, code, message);
  g_autoptr (GError) translated = _guichet_secrets_translate_error (original);

  g_assert_error (translated, GUICHET_ERROR, GUICHET_ERROR_SECRETS);
  if (!g_pattern_match_simple (expected_pattern, translated->message))
    g_error ("“%s” became “%s”, expected “%s”", message, translated->message, expected_pattern);
}

static void
test_secrets_error_messages (void)
{
  g_autoptr (GError) cancelled =
    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr (GError) kept = _guichet_secrets_translate_error (cancelled);

  assert_translation (G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot autolaunch D-Bus without X11 $DISPLAY",
                      "*could not reach the session bus*");
  assert_translation (G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN,
                      "GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name "
                      "org.freedesktop.secrets was not provided by any .service files",
                      "No keyring service (Secret Service) is running*GNOME Keyring*");
  assert_translation (G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                      "Object does not exist at path “/org/freedesktop/secrets/collection/login”",
                      "The keyring is locked*Unlock it*");
  assert_translation (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                      "Cannot store a secret in a locked collection", "The keyring is locked*");
  assert_translation (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Strange failure",
                      "The keyring failed: Strange failure");

  /* Cancellation stays cancellation, so callers can ignore it. */
  g_assert_error (kept, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- the account's row before its secrets, and the start-up sweep ---- */

static GuichetStore *
new_store (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GError) error = NULL;
  GuichetStore *store = guichet_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static GuichetAccount *
new_account (const char *id,
             const char *name)
{
  return g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", "weezevent", "name", name, NULL);
}

static gboolean
keyring_has (const char *account_id)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = guichet_secrets_list_accounts_sync (NULL, &error);

  g_assert_no_error (error);
  return g_strv_contains ((const char * const *) ids, account_id);
}

static void
sweep_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gint *removed = user_data;
  g_autoptr (GError) error = NULL;

  removed[0] = guichet_account_setup_sweep_finish (result, &error);
  removed[1] = TRUE;
  g_assert_no_error (error);
}

/* Issue 12.5: a secret written for an account that has no row (an add
 * killed between the two writes by an older version, which wrote the
 * secrets first, or the window's dialog, which did too) is removed at
 * start-up; the secrets of accounts that exist stay. */
static void
test_secrets_sweep_orphans (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) kept = new_account ("acc-sweep-kept", "Kept");
  g_autoptr (GHashTable) secrets = new_table ("api_key", "test-key-kept", NULL);
  g_autoptr (GHashTable) orphan_secrets =
    new_table ("api_key", "test-key-orphan", "password", "test-password-orphan", NULL);
  g_autoptr (GError) error = NULL;
  gint removed[2] = { -1, FALSE }; /* the count, done */

  /* an account added the shared way: row, then secrets */
  g_assert_true (guichet_account_setup_save_sync (store, kept, secrets, TRUE, NULL, NULL, &error));
  g_assert_no_error (error);
  /* an orphan: secrets of no account, as a killed add of old left them */
  g_assert_true (
    guichet_secrets_store_sync ("acc-sweep-orphan", "Gone", orphan_secrets, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (keyring_has ("acc-sweep-orphan"));
  g_assert_true (keyring_has ("acc-sweep-kept"));

  guichet_account_setup_sweep_async (store, NULL, sweep_done_cb, removed);
  guichet_test_wait_until (&removed[1]);

  g_assert_cmpint (removed[0], ==, 1);
  g_assert_false (keyring_has ("acc-sweep-orphan"));
  g_assert_true (keyring_has ("acc-sweep-kept"));
  {
    g_autoptr (GHashTable) found = guichet_secrets_lookup_sync ("acc-sweep-kept", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "test-key-kept");
  }

  /* nothing left to sweep */
  g_assert_cmpint (guichet_account_setup_sweep_sync (store, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (guichet_secrets_clear_sync ("acc-sweep-kept", NULL, &error));
}

/* The shared save writes the row before the secrets: when the secrets
 * cannot be written, a new account's row is removed again and nothing is
 * left in the keyring; an existing account (signing in again) keeps its
 * row. */
static void
test_secrets_setup_save_fails (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account = new_account ("acc-setup-fail", "Failing");
  g_autoptr (GHashTable) secrets = new_table ("api_key", "test-key-x", NULL);
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (GuichetAccount) found = NULL;
  g_autoptr (GError) error = NULL;
  gboolean row_kept = TRUE;

  /* a cancelled keyring write stands for any keyring failure */
  g_cancellable_cancel (cancelled);
  g_assert_false (
    guichet_account_setup_save_sync (store, account, secrets, TRUE, &row_kept, cancelled, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (row_kept);
  found = guichet_store_find_account (store, "Failing", NULL);
  g_assert_null (found);
  g_assert_false (keyring_has ("acc-setup-fail"));

  /* signing in again: the row stays */
  g_assert_true (guichet_store_save_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_false (
    guichet_account_setup_save_sync (store, account, secrets, FALSE, &row_kept, cancelled, &error));
  g_clear_error (&error);
  g_assert_true (row_kept);
  found = guichet_store_find_account (store, "Failing", NULL);
  g_assert_nonnull (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  guichet_test_add_private ("/secrets/sync-roundtrip", test_secrets_sync_roundtrip);
  guichet_test_add_private ("/secrets/label", test_secrets_label);
  guichet_test_add_private ("/secrets/async-roundtrip", test_secrets_async_roundtrip);
  guichet_test_add_private ("/secrets/async-cancelled", test_secrets_async_cancelled);
  guichet_test_add_private ("/secrets/no-bus", test_secrets_no_bus);
  guichet_test_add_private ("/secrets/no-bus-no-display", test_secrets_no_bus_no_display);
  guichet_test_add_private ("/secrets/error-messages", test_secrets_error_messages);
  guichet_test_add_private ("/secrets/sweep-orphans", test_secrets_sweep_orphans);
  guichet_test_add_private ("/secrets/setup-save-fails", test_secrets_setup_save_fails);
  /* Last: it leaves this session's private keyring locked (unlocking
   * needs a prompt). */
  guichet_test_add_private ("/secrets/clear-locked", test_secrets_clear_locked);

  return g_test_run ();
}
