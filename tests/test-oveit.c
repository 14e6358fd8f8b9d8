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
sign_in (Fixture     *fixture,
         const char  *password,
         GError     **error)
{
  g_autoptr(GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (credentials, (gpointer) "password", (gpointer) password);
  guichet_provider_sign_in_async (GUICHET_PROVIDER (fixture->provider), credentials, NULL, wait_cb, &fixture->wait);
  return guichet_provider_sign_in_finish (GUICHET_PROVIDER (fixture->provider), wait_result (&fixture->wait), error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = NULL;

  fixture->fake = fake_oveit_new (N_TICKETS, &error);
  g_assert_no_error (error);
  fixture->account = g_object_new (GUICHET_TYPE_ACCOUNT,
                                   "id", "oveit-account",
                                   "provider", "oveit",
                                   "name", "O",
                                   "base-url", fake_oveit_get_base_url (fixture->fake),
                                   "email", FAKE_OVEIT_EMAIL,
                                   NULL);
  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_OVEIT_PROVIDER,
                                    "account", fixture->account,
                                    "http-client", fixture->client,
                                    NULL);
  secrets = sign_in (fixture, FAKE_OVEIT_PASSWORD, &error);
  g_assert_no_error (error);
  /* the token only: never the password */
  g_assert_nonnull (g_hash_table_lookup (secrets, "token"));
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
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
test_sign_in (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GPtrArray) requests = guichet_fake_server_get_requests (server (fixture), "/api/*");

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
test_events_and_categories (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GuichetFakeRequest) last = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *body = NULL;

  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &fixture->wait);
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
  g_assert_cmpint (guichet_ticket_category_get_price (g_ptr_array_index (roots, 0))->amount_minor, ==, 10000);
  g_assert_cmpstr (guichet_ticket_category_get_currency (g_ptr_array_index (roots, 0)), ==, "USD");
}

static void
test_participants (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GuichetParticipantPage) page = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  guint checked = 0;

  guichet_provider_fetch_participants_async (GUICHET_PROVIDER (fixture->provider), FAKE_OVEIT_EVENT, NULL,
                                             NULL, wait_cb, &fixture->wait);
  page = guichet_provider_fetch_participants_finish (GUICHET_PROVIDER (fixture->provider),
                                                     wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_false (page->more);
  g_assert_true (page->full);
  g_assert_cmpuint (page->participants->len, ==, N_TICKETS);
  for (guint i = 0; i < N_TICKETS; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (page->participants, i);
      g_autofree char *code = fake_oveit_dup_code (i);

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
  return g_object_new (GUICHET_TYPE_CHECK_IN, "code", code, "time", time,
                       "direction", GUICHET_DIRECTION_IN, NULL);
}

static gboolean
push (Fixture        *fixture,
      GuichetCheckIn *entry,
      GError        **error)
{
  guichet_provider_check_in_async (GUICHET_PROVIDER (fixture->provider), entry, NULL, wait_cb, &fixture->wait);
  return guichet_provider_check_in_finish (GUICHET_PROVIDER (fixture->provider), wait_result (&fixture->wait), error);
}

static void
test_check_in (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = fake_oveit_dup_code (0);
  g_autofree char *other = fake_oveit_dup_code (1);
  g_autofree char *rfid = fake_oveit_dup_rfid (2);
  g_autoptr(GuichetCheckIn) entry = NULL;
  g_autoptr(GuichetCheckIn) late = NULL;
  g_autoptr(GuichetOveitScan) scan = NULL;
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
    g_autoptr(GuichetCheckIn) unknown = entry_new ("nope", now);

    g_assert_false (push (fixture, unknown, &error));
    g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
    g_assert_nonnull (strstr (error->message, "Ticket not found"));
    g_clear_error (&error);
  }

  /* scan looks up without admitting, RFID tags too */
  guichet_oveit_provider_scan_async (fixture->provider, rfid, NULL, wait_cb, &fixture->wait);
  scan = guichet_oveit_provider_scan_finish (fixture->provider, wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_true (scan->ok);
  g_free (code);
  code = fake_oveit_dup_code (2);
  g_assert_cmpstr (scan->code, ==, code);
  g_assert_cmpuint (fake_oveit_get_n_checkins (fixture->fake, scan->code), ==, 0);
}

static void
test_token_refused (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  fake_oveit_revoke (fixture->fake);
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &fixture->wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&fixture->wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/oveit/sign-in", test_sign_in);
  ADD ("/oveit/events-and-categories", test_events_and_categories);
  ADD ("/oveit/participants", test_participants);
  ADD ("/oveit/check-in", test_check_in);
  ADD ("/oveit/token-refused", test_token_refused);
#undef ADD

  return g_test_run ();
}
