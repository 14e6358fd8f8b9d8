/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-session"

#include "config.h"

#include "guichet-providers.h"
#include "guichet-test-utils.h"

/* GuichetSession against a real store file, the real keyring the headless
 * wrapper starts and the demo provider. The values below are test data,
 * not anyone's secrets. */

/* ---- A provider that keeps a secret (the demo keeps none) ---- */

#define TEST_TYPE_KEYED_PROVIDER (test_keyed_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestKeyedProvider, test_keyed_provider, TEST, KEYED_PROVIDER, GuichetProvider)

struct _TestKeyedProvider
{
  GuichetProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestKeyedProvider, test_keyed_provider, GUICHET_TYPE_PROVIDER)

static const GuichetCredentialField keyed_credentials[] = {
  { "api_key", "API key", TRUE },
  { NULL, NULL, FALSE },
};

static void
test_keyed_provider_class_init (TestKeyedProviderClass *klass)
{
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  provider_class->kind = "keyed";
  provider_class->display_name = "Keyed";
  provider_class->credentials = keyed_credentials;
}

static void
test_keyed_provider_init (TestKeyedProvider *self)
{
}

/* The factory: counts what it makes, so a second provider would show. */
static guint n_created;

static GuichetProvider *
test_factory (GuichetAccount    *account,
              GuichetHttpClient *http_client,
              GError           **error)
{
  n_created++;

  if (g_strcmp0 (guichet_account_get_provider (account), "keyed") == 0)
    return g_object_new (TEST_TYPE_KEYED_PROVIDER, "account", account, "http-client", http_client,
                         NULL);

  return guichet_providers_create (account, http_client, error);
}

/* ---- Helpers ---- */

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
add_account (GuichetStore *store,
             const char   *id,
             const char   *kind,
             const char   *name)
{
  g_autoptr (GError) error = NULL;
  GuichetAccount *account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", kind, "name", name, NULL);

  g_assert_true (guichet_store_save_account (store, account, &error));
  g_assert_no_error (error);

  return account;
}

static void
store_secret (const char *account_id,
              const char *value)
{
  g_autoptr (GHashTable) secrets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;

  g_hash_table_insert (secrets, (char *) "api_key", (char *) value);
  g_assert_true (guichet_secrets_store_sync (account_id, "Session test", secrets, NULL, &error));
  g_assert_no_error (error);
}

static char *
keyring_secret (const char *account_id)
{
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;

  secrets = guichet_secrets_lookup_sync (account_id, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (g_hash_table_lookup (secrets, "api_key"));
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GuichetProvider *
get_provider (GuichetSession *session,
              GuichetAccount *account)
{
  Wait wait = { FALSE, NULL };
  g_autoptr (GError) error = NULL;
  GuichetProvider *provider;

  guichet_session_get_provider_async (session, account, NULL, on_ready, &wait);
  guichet_test_wait_until (&wait.done);
  provider = guichet_session_get_provider_finish (session, wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  return provider;
}

/* ---- Tests ---- */

static void
test_session_accounts (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) b = add_account (store, "acc-b", "demo", "Beta");
  g_autoptr (GuichetAccount) a = add_account (store, "acc-a", "demo", "Alpha");
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, test_factory);
  GListModel *accounts = guichet_session_get_accounts (session);
  g_autoptr (GuichetAccount) first = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  first = g_list_model_get_item (accounts, 0);
  g_assert_cmpstr (guichet_account_get_name (first), ==, "Alpha");
  g_assert_nonnull (guichet_session_lookup_account (session, "acc-b"));
  g_assert_null (guichet_session_lookup_account (session, "nope"));

  g_assert_true (guichet_store_delete_account (store, "acc-b", &error));
  g_assert_no_error (error);
  guichet_session_forget_account (session, "acc-b");
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  g_assert_null (guichet_session_lookup_account (session, "acc-b"));
}

static void
test_session_provider_once (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account =
    add_account (store, "acc-keyed", "keyed", "Keyed box office");
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, test_factory);
  g_autoptr (GuichetProvider) first = NULL;
  g_autoptr (GuichetProvider) second = NULL;
  g_autoptr (GuichetProvider) third = NULL;
  g_autoptr (GuichetProvider) blocking = NULL;
  g_autoptr (GError) error = NULL;
  Wait w1 = { FALSE, NULL }, w2 = { FALSE, NULL };

  store_secret ("acc-keyed", "key-first");
  n_created = 0;

  /* Two callers at once: one provider, one keyring read for both. */
  guichet_session_get_provider_async (session, account, NULL, on_ready, &w1);
  guichet_session_get_provider_async (session, account, NULL, on_ready, &w2);
  guichet_test_wait_until (&w1.done);
  guichet_test_wait_until (&w2.done);
  first = guichet_session_get_provider_finish (session, w1.result, &error);
  g_assert_no_error (error);
  second = guichet_session_get_provider_finish (session, w2.result, &error);
  g_assert_no_error (error);
  g_clear_object (&w1.result);
  g_clear_object (&w2.result);

  g_assert_true (first == second);
  g_assert_cmpuint (n_created, ==, 1);
  g_assert_cmpstr (guichet_provider_get_secret (first, "api_key"), ==, "key-first");

  /* The keyring changes behind the session's back: the provider it keeps
   * is not re-read (secrets are loaded once)... */
  store_secret ("acc-keyed", "key-changed-elsewhere");
  third = get_provider (session, account);
  g_assert_true (third == first);
  g_assert_cmpstr (guichet_provider_get_secret (third, "api_key"), ==, "key-first");
  blocking = guichet_session_get_provider_sync (session, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (blocking == first);
  g_assert_cmpuint (n_created, ==, 1);

  /* ...until a sign-in hands new ones to the session. */
  {
    g_autoptr (GHashTable) secrets = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (secrets, (char *) "api_key", (char *) "key-signed-in");
    guichet_session_set_secrets (session, "acc-keyed", secrets);
    g_assert_cmpstr (guichet_provider_get_secret (first, "api_key"), ==, "key-signed-in");
  }

  /* A provider made for signing in is new and not kept. */
  {
    g_autoptr (GuichetProvider) fresh = guichet_session_create_provider (session, account, &error);

    g_assert_no_error (error);
    g_assert_true (fresh != first);
    g_assert_null (guichet_provider_get_secret (fresh, "api_key"));
  }

  /* Removed: the next request makes a new provider. */
  guichet_session_forget_account (session, "acc-keyed");
  {
    g_autoptr (GuichetProvider) again = get_provider (session, account);

    g_assert_true (again != first);
    g_assert_cmpstr (guichet_provider_get_secret (again, "api_key"), ==, "key-changed-elsewhere");
  }

  g_assert_true (guichet_secrets_clear_sync ("acc-keyed", NULL, &error));
}

static void
test_session_secrets_changed (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account =
    add_account (store, "acc-renew", "keyed", "Renewing box office");
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, test_factory);
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GHashTable) renewed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *kept = NULL;
  g_autoptr (GError) error = NULL;
  gboolean saved = FALSE;

  store_secret ("acc-renew", "token-old");
  provider = get_provider (session, account);
  g_assert_cmpstr (guichet_provider_get_secret (provider, "api_key"), ==, "token-old");

  /* The provider renews its token, as a refresh would. */
  g_hash_table_insert (renewed, (char *) "api_key", (char *) "token-renewed");
  guichet_provider_set_secrets (provider, renewed);
  guichet_provider_emit_secrets_changed (provider);
  g_assert_true (guichet_session_get_saving_secrets (session));

  while (guichet_session_get_saving_secrets (session))
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  saved = TRUE;
  g_assert_true (saved);

  kept = keyring_secret ("acc-renew");
  g_assert_cmpstr (kept, ==, "token-renewed");

  /* Another session (the CLI, the next start) signs with the renewed one. */
  {
    g_autoptr (GuichetSession) other = guichet_session_new (store, NULL, test_factory);
    g_autoptr (GuichetProvider) next =
      guichet_session_get_provider_sync (other, account, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (guichet_provider_get_secret (next, "api_key"), ==, "token-renewed");
  }

  g_assert_true (guichet_secrets_clear_sync ("acc-renew", NULL, &error));
}

typedef struct
{
  GPtrArray *busy; /* "1"/"0" in the order notified */
  double     max_fraction;
  gboolean   fraction_between;
  GPtrArray *statuses;
  guint      n_finished;
  GError    *finished_error;
} Observed;

static void
on_state_notify (GuichetSyncState *state,
                 GParamSpec       *pspec,
                 Observed         *seen)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "busy"))
    g_ptr_array_add (seen->busy, g_strdup (guichet_sync_state_get_busy (state) ? "1" : "0"));
  else if (g_str_equal (name, "fraction"))
    {
      double fraction = guichet_sync_state_get_fraction (state);

      seen->max_fraction = MAX (seen->max_fraction, fraction);
      if (fraction > 0.0 && fraction < 1.0)
        seen->fraction_between = TRUE;
    }
  else if (g_str_equal (name, "status"))
    g_ptr_array_add (seen->statuses, g_strdup (guichet_sync_state_get_status (state)));
}

static void
on_sync_finished (GuichetSession *session,
                  GuichetAccount *account,
                  const GError   *error,
                  Observed       *seen)
{
  seen->n_finished++;
  g_clear_error (&seen->finished_error);
  if (error != NULL)
    seen->finished_error = g_error_copy (error);
}

static void
observed_clear (Observed *seen)
{
  g_clear_pointer (&seen->busy, g_ptr_array_unref);
  g_clear_pointer (&seen->statuses, g_ptr_array_unref);
  g_clear_error (&seen->finished_error);
}

static void
test_session_sync_state (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account = add_account (store, "acc-demo", "demo", "Demo box office");
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, test_factory);
  GuichetSyncState *state = guichet_session_get_sync_state (session, "acc-demo");
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  Observed seen = { 0 };
  Wait     wait = { FALSE, NULL };

  seen.busy = g_ptr_array_new_with_free_func (g_free);
  seen.statuses = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (state, "notify", G_CALLBACK (on_state_notify), &seen);
  g_signal_connect (session, "sync-finished", G_CALLBACK (on_sync_finished), &seen);

  g_assert_true (guichet_session_get_sync_state (session, "acc-demo") == state);
  g_assert_false (guichet_sync_state_get_busy (state));
  g_assert_cmpint (guichet_sync_state_get_last_synced (state), ==, 0);

  n_created = 0;
  guichet_session_sync_async (session, account, NULL, on_ready, &wait);
  g_assert_true (guichet_session_get_busy (session));
  g_assert_true (guichet_sync_state_get_busy (state));
  /* Asked again while it waits: still one sync. */
  guichet_session_sync (session, account);

  guichet_test_wait_until (&wait.done);
  g_assert_true (guichet_session_sync_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  /* busy went up once and came down once */
  g_assert_cmpuint (seen.busy->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen.busy, 0), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (seen.busy, 1), ==, "0");
  g_assert_false (guichet_session_get_busy (session));
  /* progress moved through the middle, and the status said what it did */
  g_assert_true (seen.fraction_between);
  g_assert_cmpfloat (seen.max_fraction, >, 0.5);
  g_assert_cmpuint (seen.statuses->len, >=, 2);
  g_assert_cmpstr (guichet_sync_state_get_status (state), ==, "");
  g_assert_cmpfloat (guichet_sync_state_get_fraction (state), ==, 0.0);
  /* done: no error, a time, one provider, one signal */
  g_assert_null (guichet_sync_state_get_error (state));
  g_assert_cmpint (guichet_sync_state_get_last_synced (state), >, 0);
  g_assert_cmpuint (n_created, ==, 1);
  g_assert_cmpuint (seen.n_finished, ==, 1);
  g_assert_null (seen.finished_error);

  events = guichet_store_list_events (store, "acc-demo", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);

  /* A second sync reuses the provider. */
  wait.done = FALSE;
  guichet_session_sync_async (session, account, NULL, on_ready, &wait);
  guichet_test_wait_until (&wait.done);
  g_assert_true (guichet_session_sync_finish (session, wait.result, &error));
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_created, ==, 1);
  g_assert_cmpuint (seen.n_finished, ==, 2);

  g_signal_handlers_disconnect_by_data (state, &seen);
  g_signal_handlers_disconnect_by_data (session, &seen);
  observed_clear (&seen);
}

static void
test_session_sync_error (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) bad = add_account (store, "acc-bad", "no-such-platform", "Broken");
  g_autoptr (GuichetAccount) good = add_account (store, "acc-good", "demo", "Working");
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, test_factory);
  GuichetSyncState *bad_state = guichet_session_get_sync_state (session, "acc-bad");
  GuichetSyncState *good_state = guichet_session_get_sync_state (session, "acc-good");
  g_autoptr (GError) error = NULL;
  Observed seen = { 0 };
  Wait     w1 = { FALSE, NULL }, w2 = { FALSE, NULL };

  seen.busy = g_ptr_array_new_with_free_func (g_free);
  seen.statuses = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (session, "sync-finished", G_CALLBACK (on_sync_finished), &seen);

  /* The broken account fails; the queue goes on to the next one. */
  guichet_session_sync_async (session, bad, NULL, on_ready, &w1);
  guichet_session_sync_async (session, good, NULL, on_ready, &w2);
  g_assert_true (guichet_sync_state_get_busy (good_state));
  guichet_test_wait_until (&w1.done);
  guichet_test_wait_until (&w2.done);

  g_assert_false (guichet_session_sync_finish (session, w1.result, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (guichet_session_sync_finish (session, w2.result, &error));
  g_assert_no_error (error);
  g_clear_object (&w1.result);
  g_clear_object (&w2.result);

  g_assert_nonnull (guichet_sync_state_get_error (bad_state));
  g_assert_true (g_error_matches (guichet_sync_state_get_error (bad_state), GUICHET_ERROR,
                                  GUICHET_ERROR_INVALID_INPUT));
  g_assert_cmpint (guichet_sync_state_get_last_synced (bad_state), ==, 0);
  g_assert_false (guichet_sync_state_get_busy (bad_state));
  g_assert_null (guichet_sync_state_get_error (good_state));
  g_assert_cmpint (guichet_sync_state_get_last_synced (good_state), >, 0);
  g_assert_cmpuint (seen.n_finished, ==, 2);

  g_signal_handlers_disconnect_by_data (session, &seen);
  observed_clear (&seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  guichet_test_add_private ("/session/accounts", test_session_accounts);
  guichet_test_add_private ("/session/provider-once", test_session_provider_once);
  guichet_test_add_private ("/session/secrets-changed", test_session_secrets_changed);
  guichet_test_add_private ("/session/sync-state", test_session_sync_state);
  guichet_test_add_private ("/session/sync-error", test_session_sync_error);

  return g_test_run ();
}
