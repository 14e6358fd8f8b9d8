/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oveit"

#include "config.h"

#include <string.h>

#include "guichet-oveit-provider.h"
#include "guichet-test-utils.h"
#include "fake-oveit.h"

/* The Oveit provider against the fake Oveit API (tests/fake-oveit.c) over
 * loopback HTTP: every call a POST, errors in HTTP 200, the token only in
 * the secrets, the server-side door. */

#define N_TICKETS 70

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_clear_object (&wait->result);
  guichet_test_wait_until (&wait->done);
  wait->done = FALSE;
  return wait->result;
}

typedef struct
{
  FakeOveit            *fake;
  GuichetAccount       *account;
  GuichetHttpClient    *client;
  GuichetOveitProvider *provider;
  Wait                  wait;
} Fixture;

static GHashTable *
sign_in (Fixture    *fixture,
         const char *password,
         GError    **error)
{
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (credentials, (gpointer) "password", (gpointer) password);
  guichet_provider_sign_in_async (GUICHET_PROVIDER (fixture->provider), credentials, NULL, wait_cb,
                                  &fixture->wait);
  return guichet_provider_sign_in_finish (GUICHET_PROVIDER (fixture->provider),
                                          wait_result (&fixture->wait), error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;

  fixture->fake = fake_oveit_new (N_TICKETS, &error);
  g_assert_no_error (error);
  fixture->account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "oveit-account", "provider", "oveit",
                                   "name", "O", "base-url", fake_oveit_get_base_url (fixture->fake),
                                   "email", FAKE_OVEIT_EMAIL, NULL);
  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_OVEIT_PROVIDER, "account", fixture->account,
                                    "http-client", fixture->client, NULL);
  secrets = sign_in (fixture, FAKE_OVEIT_PASSWORD, &error);
  g_assert_no_error (error);
  /* the token only: never the password */
  g_assert_nonnull (g_hash_table_lookup (secrets, "token"));
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 1);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_clear_object (&fixture->wait.result);
  g_assert_finalize_object (fixture->provider);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->fake, fake_oveit_free);
}

static GuichetFakeServer *
server (Fixture *fixture)
{
  return fake_oveit_get_server (fixture->fake);
}

static void
test_sign_in (Fixture      *fixture,
              gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GPtrArray) requests = guichet_fake_server_get_requests (server (fixture), "/api/*");

  /* every call a POST */
  for (guint i = 0; i < requests->len; i++)
    g_assert_cmpstr (((GuichetFakeRequest *) g_ptr_array_index (requests, i))->method, ==, "POST");

  /* a refusal comes as HTTP 200 {"error"}: never a success */
  secrets = sign_in (fixture, "wrong", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Oveit refused this e-mail address and password"));
  g_assert_null (secrets);
}

static void
test_events_and_categories (Fixture      *fixture,
                            gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GuichetFakeRequest) last = NULL;
  g_autoptr (GHashTable) form = NULL;
  g_autofree char *body = NULL;

  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb,
                                      &fixture->wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_null (guichet_event_get_start (g_ptr_array_index (events, 0)));
  last = guichet_fake_server_dup_last_request (server (fixture), "/api/seller/events");
  g_assert_cmpstr (last->method, ==, "POST");
  body = g_strndup (g_bytes_get_data (last->body, NULL), g_bytes_get_size (last->body));
  form = soup_form_decode (body);
  g_assert_nonnull (g_hash_table_lookup (form, "token"));

  guichet_provider_list_categories_async (GUICHET_PROVIDER (fixture->provider), FAKE_OVEIT_EVENT,
                                          NULL, wait_cb, &fixture->wait);
  roots = guichet_provider_list_categories_finish (GUICHET_PROVIDER (fixture->provider),
                                                   wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 2);
  g_assert_cmpint (guichet_ticket_category_get_price (g_ptr_array_index (roots, 0))->amount_minor,
                   ==, 10000);
  g_assert_cmpstr (guichet_ticket_category_get_currency (g_ptr_array_index (roots, 0)), ==, "USD");
}

static void
test_participants (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GPtrArray) pages = NULL;
  guint checked = 0;

  guichet_provider_fetch_participants_async (GUICHET_PROVIDER (fixture->provider), FAKE_OVEIT_EVENT,
                                             NULL, NULL, wait_cb, &fixture->wait);
  page = guichet_provider_fetch_participants_finish (GUICHET_PROVIDER (fixture->provider),
                                                     wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_false (page->more);
  g_assert_true (page->full);
  g_assert_cmpuint (page->participants->len, ==, N_TICKETS);
  for (guint i = 0; i < N_TICKETS; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (page->participants, i);
      g_autofree char    *code = fake_oveit_dup_code (i);

      g_assert_cmpstr (guichet_participant_get_barcode (p), ==, code);
      g_assert_nonnull (guichet_participant_get_first_name (p));
      g_assert_cmpint (guichet_participant_get_checked_in (p), ==, fake_oveit_is_checked_in (i));
      checked++;
    }
  g_assert_cmpuint (checked, ==, N_TICKETS);
  /* attendees by "since": 50, 20, then an empty page */
  pages = guichet_fake_server_get_requests (server (fixture), "/api/events/attendees");
  g_assert_cmpuint (pages->len, ==, 3);
}

static GuichetCheckIn *
entry_new (const char *code,
           gint64      time)
{
  return g_object_new (GUICHET_TYPE_CHECK_IN, "code", code, "time", time, "direction",
                       GUICHET_DIRECTION_IN, NULL);
}

static gboolean
push (Fixture        *fixture,
      GuichetCheckIn *entry,
      GError        **error)
{
  guichet_provider_check_in_async (GUICHET_PROVIDER (fixture->provider), entry, NULL, wait_cb,
                                   &fixture->wait);
  return guichet_provider_check_in_finish (GUICHET_PROVIDER (fixture->provider),
                                           wait_result (&fixture->wait), error);
}

static void
test_check_in (Fixture      *fixture,
               gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = fake_oveit_dup_code (0);
  g_autofree char *other = fake_oveit_dup_code (1);
  g_autofree char *rfid = fake_oveit_dup_rfid (2);
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_autoptr (GuichetCheckIn) late = NULL;
  g_autoptr (GuichetOveitScan) scan = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  entry = entry_new (code, now);
  g_assert_true (push (fixture, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, code), ==, 1);

  /* the same push again (its reply was lost): recognised from the
   * returned check-ins, sent, not a conflict */
  g_assert_true (push (fixture, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, code), ==, 1);

  /* checked in elsewhere while this desk was offline, an hour after its
   * (queued) scan: a conflict saying when */
  fake_oveit_check_in_elsewhere (fixture->fake, other);
  late = entry_new (other, now - 3600);
  g_assert_false (push (fixture, late, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Already checked in elsewhere at"));
  g_clear_error (&error);

  /* unknown: refused (the remote path's conflict) */
  {
    g_autoptr (GuichetCheckIn) unknown = entry_new ("nope", now);

    g_assert_false (push (fixture, unknown, &error));
    g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
    g_assert_nonnull (strstr (error->message, "Ticket not found"));
    g_clear_error (&error);
  }

  /* scan looks up without admitting, RFID tags too */
  guichet_oveit_provider_scan_async (fixture->provider, rfid, NULL, wait_cb, &fixture->wait);
  scan =
    guichet_oveit_provider_scan_finish (fixture->provider, wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_true (scan->ok);
  g_free (code);
  code = fake_oveit_dup_code (2);
  g_assert_cmpstr (scan->code, ==, code);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, scan->code), ==, 0);
}

/* A journal entry of the core's remote path, pending ("push"). */
static GuichetCheckIn *
journal_admission (GuichetStore *store,
                   const char   *code,
                   gint64        time)
{
  g_autoptr (GError) error = NULL;
  GuichetCheckIn *entry =
    g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", "oveit-account", "event-id",
                  FAKE_OVEIT_EVENT, "code", code, "time", time, "direction", GUICHET_DIRECTION_IN,
                  "verdict", GUICHET_VERDICT_ADMITTED, "remote", GUICHET_REMOTE_PENDING, NULL);

  g_assert_true (guichet_store_append_check_in (store, entry, &error));
  g_assert_no_error (error);
  return entry;
}

static guint
count_posts (Fixture    *fixture,
             const char *code)
{
  g_autoptr (GPtrArray) requests =
    guichet_fake_server_get_requests (server (fixture), "/api/tickets/checkin");
  g_autofree char *field = g_strdup_printf ("ticket_code=%s", code);
  guint            n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      GuichetFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char    *body = NULL;
      g_auto (GStrv) pairs = NULL;

      if (g_strcmp0 (request->method, "POST") != 0 || request->body == NULL)
        continue;
      body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
      pairs = g_strsplit (body, "&", -1);
      if (g_strv_contains ((const char * const *) pairs, field))
        n++;
    }
  return n;
}

static GuichetRemoteCheckIn *
remote_new (Fixture      *fixture,
            GuichetStore *store)
{
  return guichet_remote_check_in_new (store, GUICHET_PROVIDER (fixture->provider));
}

/* The core's push path (guichet-remote-check-in.c) on Oveit, across a
 * crash between the check-in POST reaching the server and its reply
 * reaching the journal: the next run asks (tickets/scan) instead of
 * posting again, and the server gets exactly one check-in POST. */
static void
test_push_crash_after_send (Fixture      *fixture,
                            gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autofree char *lost = fake_oveit_dup_code (3);
  g_autofree char *unsent = fake_oveit_dup_code (4);
  g_autofree char *plain = fake_oveit_dup_code (5);
  gint64           now = g_get_real_time () / G_USEC_PER_SEC;
  GuichetStore    *store = guichet_store_new (db_path, &error);
  g_autoptr (GuichetRemoteCheckIn) remote = NULL;
  g_autoptr (GuichetCheckIn) a = NULL;
  g_autoptr (GuichetCheckIn) b = NULL;
  g_autoptr (GuichetCheckIn) c = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean was_in_flight = TRUE;
  guint    n_sent = 0, n_conflicts = 0, n_pending = 0;

  g_assert_no_error (error);
  remote = remote_new (fixture, store);
  g_assert_true (guichet_remote_check_in_is_enabled (remote));

  /* 1. handled by the server, the reply never arrives (as when the desk
   *    is killed while the request is out): the entry stays pending */
  a = journal_admission (store, lost, now);
  guichet_fake_server_add_fault (server (fixture), "/api/tickets/checkin",
                                 GUICHET_FAKE_FAULT_LOST_REPLY, 0, 1);
  guichet_remote_check_in_push_async (remote, a, NULL, wait_cb, &fixture->wait);
  g_assert_cmpint (guichet_remote_check_in_push_finish (remote, wait_result (&fixture->wait),
                                                        &error),
                   ==, GUICHET_REMOTE_PENDING);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, lost), ==, 1);
  g_assert_cmpuint (count_posts (fixture, lost), ==, 1);

  /* 2. the crash between "in flight" and the request: journaled as in
   *    flight, never sent */
  b = journal_admission (store, unsent, now);
  g_assert_true (guichet_store_mark_check_in_in_flight (store, guichet_check_in_get_id (b),
                                                        &was_in_flight, &error));
  g_assert_no_error (error);
  g_assert_false (was_in_flight);

  /* 3. queued while offline: never in flight */
  c = journal_admission (store, plain, now);

  /* The next process: a fresh store on the same files, a fresh path */
  g_clear_object (&fixture->wait.result); /* (holds the path) */
  g_clear_object (&remote);
  guichet_test_assert_finalize (store);
  store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);
  remote = remote_new (fixture, store);
  guichet_fake_server_clear_requests (server (fixture));

  guichet_remote_check_in_flush_async (remote, "oveit-account", NULL, wait_cb, &fixture->wait);
  g_assert_true (guichet_remote_check_in_flush_finish (remote, wait_result (&fixture->wait),
                                                       &n_sent, &n_conflicts, &n_pending, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_sent, ==, 3);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (n_pending, ==, 0);

  /* the one that landed was asked about, not posted again: one POST in
   * all (step 1); the two that never left were posted once each, the
   * in-flight one after asking */
  g_assert_cmpuint (count_posts (fixture, lost), ==, 0);
  g_assert_cmpuint (count_posts (fixture, unsent), ==, 1);
  g_assert_cmpuint (count_posts (fixture, plain), ==, 1);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), "POST",
                                                        "/api/tickets/scan"),
                    ==, 2);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, lost), ==, 1);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, unsent), ==, 1);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, plain), ==, 1);

  /* sent, once, nothing left to push */
  entries = guichet_store_list_pending_check_ins (store, "oveit-account", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);

  g_clear_object (&fixture->wait.result); /* (holds the path) */
  g_clear_object (&remote);
  guichet_test_assert_finalize (store);
}

static void
test_token_refused (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;

  fake_oveit_revoke (fixture->fake);
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb,
                                      &fixture->wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&fixture->wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
}

static GPtrArray *
list_events (Fixture *fixture,
             GError **error)
{
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb,
                                      &fixture->wait);
  return guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                              wait_result (&fixture->wait), error);
}

/* Another process signed in again (the CLI's `account signin`, another
 * desk), which made this provider's token invalid: the 403 makes it read
 * the keyring again, once, and it goes on with the new token instead of
 * asking for the password. */
static void
test_token_from_keyring (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GuichetOveitProvider) other = NULL;
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) renewed = NULL;
  g_autofree char *old_token = NULL;

  old_token =
    g_strdup (guichet_provider_get_secret (GUICHET_PROVIDER (fixture->provider), "token"));
  g_assert_true (
    guichet_secrets_store_sync ("oveit-account", "O",
                                guichet_provider_get_secrets (GUICHET_PROVIDER (fixture->provider)),
                                NULL, &error));
  g_assert_no_error (error);

  /* the other process: its sign-in replaces the token on the server */
  other = g_object_new (GUICHET_TYPE_OVEIT_PROVIDER, "account", fixture->account, "http-client",
                        fixture->client, NULL);
  g_hash_table_insert (credentials, (gpointer) "password", (gpointer) FAKE_OVEIT_PASSWORD);
  guichet_provider_sign_in_async (GUICHET_PROVIDER (other), credentials, NULL, wait_cb,
                                  &fixture->wait);
  renewed = guichet_provider_sign_in_finish (GUICHET_PROVIDER (other), wait_result (&fixture->wait),
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (renewed, "token"), !=, old_token);
  g_assert_true (guichet_secrets_store_sync ("oveit-account", "O", renewed, NULL, &error));
  g_assert_no_error (error);

  guichet_fake_server_clear_requests (server (fixture));
  events = list_events (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  /* refused once with the old token, then sent again with the new one */
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), "POST",
                                                        "/api/seller/events"),
                    ==, 2);
  g_assert_cmpstr (guichet_provider_get_secret (GUICHET_PROVIDER (fixture->provider), "token"), ==,
                   g_hash_table_lookup (renewed, "token"));
  g_clear_pointer (&events, g_ptr_array_unref);

  /* the token expires and the keyring holds nothing newer: asked once, not
   * sent again, and the user is asked to sign in */
  fake_oveit_revoke (fixture->fake);
  guichet_fake_server_clear_requests (server (fixture));
  events = list_events (fixture, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_assert_null (events);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), "POST",
                                                        "/api/seller/events"),
                    ==, 1);

  g_clear_error (&error);
  g_clear_object (&fixture->wait.result);
  g_assert_true (guichet_secrets_clear_sync ("oveit-account", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/oveit/sign-in", test_sign_in);
  ADD ("/oveit/events-and-categories", test_events_and_categories);
  ADD ("/oveit/participants", test_participants);
  ADD ("/oveit/check-in", test_check_in);
  ADD ("/oveit/push-crash-after-send", test_push_crash_after_send);
  ADD ("/oveit/token-refused", test_token_refused);
  ADD ("/oveit/token-from-keyring", test_token_from_keyring);
#undef ADD

  return g_test_run ();
}
