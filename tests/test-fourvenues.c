/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fourvenues"

#include "config.h"

#include <string.h>

#include "guichet-fourvenues-provider.h"
#include "guichet-test-utils.h"
#include "fake-fourvenues.h"

/* The Fourvenues provider against the fake channels API
 * (tests/fake-fourvenues.c) over loopback HTTP, through the real store and
 * sync engine. */

#define ACCOUNT_ID "fourvenues-account"
#define N_TICKETS 60

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
  FakeFourvenues            *fake;
  GuichetStore              *store;
  GuichetAccount            *account;
  GuichetHttpClient         *client;
  GuichetFourvenuesProvider *provider;
  Wait                       wait;
} Fixture;

static GHashTable *
sign_in (Fixture    *fixture,
         const char *key,
         GError    **error)
{
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (credentials, (gpointer) "api_key", (gpointer) key);
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
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr (GHashTable) secrets = NULL;

  fixture->fake = fake_fourvenues_new (N_TICKETS, &error);
  g_assert_no_error (error);
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);
  fixture->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", ACCOUNT_ID, "provider", "fourvenues", "name", "F",
                  "base-url", fake_fourvenues_get_base_url (fixture->fake), NULL);
  guichet_store_save_account (fixture->store, fixture->account, &error);
  g_assert_no_error (error);
  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_FOURVENUES_PROVIDER, "account", fixture->account,
                                    "http-client", fixture->client, NULL);
  secrets = sign_in (fixture, FAKE_FOURVENUES_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "api_key"), ==, FAKE_FOURVENUES_API_KEY);
  guichet_provider_set_secrets (GUICHET_PROVIDER (fixture->provider), secrets);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_clear_object (&fixture->wait.result);
  g_assert_finalize_object (fixture->provider);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->fake, fake_fourvenues_free);
}

static GuichetFakeServer *
server (Fixture *fixture)
{
  return fake_fourvenues_get_server (fixture->fake);
}

static gboolean
run_sync (Fixture *fixture,
          GError **error)
{
  g_autoptr (GuichetSync) sync =
    guichet_sync_new (fixture->store, GUICHET_PROVIDER (fixture->provider));

  guichet_sync_run_async (sync, FAKE_FOURVENUES_EVENT, NULL, wait_cb, &fixture->wait);
  return guichet_sync_run_finish (sync, wait_result (&fixture->wait), error);
}

static GuichetParticipant *
find (Fixture    *fixture,
      const char *code)
{
  g_autoptr (GError) error = NULL;
  GuichetParticipant *p =
    guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT_ID, FAKE_FOURVENUES_EVENT,
                                               code, &error);

  g_assert_no_error (error);
  return p;
}

static JsonObject *
last_body (Fixture    *fixture,
           const char *pattern)
{
  g_autoptr (GuichetFakeRequest) last =
    guichet_fake_server_dup_last_request (server (fixture), pattern);
  g_autoptr (JsonNode) node = NULL;

  g_assert_nonnull (last);
  node = json_from_string (g_bytes_get_data (last->body, NULL), NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_sign_in (Fixture      *fixture,
              gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GuichetFakeRequest) last =
    guichet_fake_server_dup_last_request (server (fixture), "/auth");
  guint before;

  g_assert_cmpstr (g_hash_table_lookup (last->headers, "x-api-key"), ==, FAKE_FOURVENUES_API_KEY);
  g_assert_cmpstr (guichet_fourvenues_provider_get_channel_name (fixture->provider), ==,
                   "Taquilla Sala Apolo");

  before = guichet_fake_server_count_requests (server (fixture), NULL, "/auth");
  secrets = sign_in (fixture, "fv_revoked", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Fourvenues refused this API key"));
  g_assert_null (secrets);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), NULL, "/auth"), ==,
                    before + 1);
  g_assert_cmpstr (guichet_provider_get_secret (GUICHET_PROVIDER (fixture->provider), "api_key"),
                   ==, FAKE_FOURVENUES_API_KEY);
}

static void
test_events_and_rates (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GuichetFakeRequest) last = NULL;
  g_autoptr (GHashTable) query = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char       *today = g_date_time_format (now, "%Y-%m-%d");
  GuichetTicketCategory *general;

  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb,
                                      &fixture->wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (guichet_event_get_name (g_ptr_array_index (events, 0)), ==,
                   "Nitsa: Closing Party");
  g_assert_cmpstr (guichet_event_get_venue (g_ptr_array_index (events, 0)), ==,
                   "Sala Apolo, Barcelona");

  /* the window: a month back, a year ahead */
  last = guichet_fake_server_dup_last_request (server (fixture), "/events");
  query = soup_form_decode (last->query);
  g_assert_cmpint (strcmp (g_hash_table_lookup (query, "start_date"), today), <, 0);
  g_assert_cmpint (strcmp (g_hash_table_lookup (query, "end_date"), today), >, 0);
  g_assert_cmpuint (strlen (g_hash_table_lookup (query, "end_date")), ==, 10);

  /* a window that misses them */
  g_clear_pointer (&events, g_ptr_array_unref);
  guichet_fourvenues_provider_set_window (fixture->provider, 0, 1);
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb,
                                      &fixture->wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);

  guichet_provider_list_categories_async (GUICHET_PROVIDER (fixture->provider),
                                          FAKE_FOURVENUES_EVENT, NULL, wait_cb, &fixture->wait);
  categories = guichet_provider_list_categories_finish (GUICHET_PROVIDER (fixture->provider),
                                                        wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, 3);
  general = g_ptr_array_index (categories, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (general), ==, FAKE_FOURVENUES_GENERAL);
  g_assert_cmpstr (guichet_ticket_category_get_name (general), ==, "Entrada general");
  g_assert_cmpint (guichet_ticket_category_get_price (general)->amount_minor, ==, 1200);
  g_assert_cmpint (guichet_ticket_category_get_sold (general), ==, 312);
  g_assert_cmpint (guichet_ticket_category_get_quota (general), ==, 500);

  /* an event the platform does not know: its words */
  g_clear_pointer (&categories, g_ptr_array_unref);
  guichet_provider_list_categories_async (GUICHET_PROVIDER (fixture->provider), "nope", NULL,
                                          wait_cb, &fixture->wait);
  categories = guichet_provider_list_categories_finish (GUICHET_PROVIDER (fixture->provider),
                                                        wait_result (&fixture->wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Event not found"));
}

static void
test_sync (Fixture      *fixture,
           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  guint checked = 0;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (guichet_store_count_participants (fixture->store, ACCOUNT_ID,
                                                     FAKE_FOURVENUES_EVENT, NULL),
                   ==, N_TICKETS);

  for (guint i = 0; i < N_TICKETS; i++)
    {
      g_autofree char *code = fake_fourvenues_dup_qr_code (i);
      g_autoptr (GuichetParticipant) p = find (fixture, code);
      const char              *status = fake_fourvenues_status (i);
      GuichetParticipantStatus expected;

      g_assert_nonnull (p);
      if (g_str_equal (status, "voided"))
        expected =
          i % 2 == 0 ? GUICHET_PARTICIPANT_STATUS_REFUNDED : GUICHET_PARTICIPANT_STATUS_VOIDED;
      else if (g_str_equal (status, "pending_payment") || g_str_equal (status, "processing"))
        expected = GUICHET_PARTICIPANT_STATUS_UNPAID;
      else
        expected = GUICHET_PARTICIPANT_STATUS_VALID;
      g_assert_cmpint (guichet_participant_get_status (p), ==, expected);
      g_assert_cmpint (guichet_participant_get_checked_in (p), ==, fake_fourvenues_entered (i));
      checked++;
    }
  g_assert_cmpuint (checked, ==, N_TICKETS);

  /* a 429 on the rates is waited out; a malformed listing keeps the cache */
  guichet_fake_server_add_fault (server (fixture), "/ticket-rates", GUICHET_FAKE_FAULT_RATE_LIMIT,
                                 1, 1);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  guichet_fake_server_add_fault (server (fixture), "/tickets", GUICHET_FAKE_FAULT_MALFORMED, 0, 1);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_cmpint (guichet_store_count_participants (fixture->store, ACCOUNT_ID,
                                                     FAKE_FOURVENUES_EVENT, NULL),
                   ==, N_TICKETS);
}

static void
test_find_code (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *id = fake_fourvenues_sell (fixture->fake, "FV-WALKIN-01", 4);
  g_autoptr (GuichetFakeRequest) last = NULL;
  GuichetParticipant *p;

  guichet_fourvenues_provider_find_code_async (fixture->provider, "FV-WALKIN-01", NULL, wait_cb,
                                               &fixture->wait);
  found = guichet_fourvenues_provider_find_code_finish (fixture->provider,
                                                        wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  p = g_ptr_array_index (found, 0);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, id);
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "FV-WALKIN-01");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, FAKE_FOURVENUES_EVENT);
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  last = guichet_fake_server_dup_last_request (server (fixture), "/tickets/by-code/*");
  g_assert_cmpstr (last->path, ==, "/tickets/by-code/FV-WALKIN-01");

  /* not there: an empty answer, not an error */
  g_clear_pointer (&found, g_ptr_array_unref);
  guichet_fourvenues_provider_find_code_async (fixture->provider, "NO SUCH/CODE", NULL, wait_cb,
                                               &fixture->wait);
  found = guichet_fourvenues_provider_find_code_finish (fixture->provider,
                                                        wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_sell (Fixture      *fixture,
           gconstpointer user_data)
{
  g_autoptr (GuichetFourvenuesSale) sale = g_new0 (GuichetFourvenuesSale, 1);
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) p = NULL;
  g_autoptr (JsonObject) body = NULL;
  const char *supplements[] = { FAKE_FOURVENUES_SUPPLEMENT, NULL };
  JsonObject *ticket;
  guint       before;

  sale->rate_id = g_strdup (FAKE_FOURVENUES_GENERAL);
  sale->full_name = g_strdup ("Laia Ferrer");
  sale->email = g_strdup ("laia@example.invalid");
  sale->phone = g_strdup ("+34666999000");
  sale->answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (sale->answers, (gpointer) FAKE_FOURVENUES_QUESTION, (gpointer) "Lleida");
  sale->supplement_ids = g_strdupv ((char **) supplements);

  guichet_fourvenues_provider_sell_async (fixture->provider, FAKE_FOURVENUES_EVENT, sale, NULL,
                                          wait_cb, &fixture->wait);
  p = guichet_fourvenues_provider_sell_finish (fixture->provider, wait_result (&fixture->wait),
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Laia");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, FAKE_FOURVENUES_GENERAL);
  g_assert_nonnull (guichet_participant_get_barcode (p));

  /* the document's body, totals as it computes them: 12 + 1.20 fee + 1 */
  body = last_body (fixture, "/tickets");
  g_assert_cmpint (json_object_get_int_member (body, "quantity"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (body, "ticket_rate_id"), ==,
                   FAKE_FOURVENUES_GENERAL);
  ticket = json_array_get_object_element (json_object_get_array_member (body, "tickets"), 0);
  g_assert_cmpstr (json_object_get_string_member (ticket, "price_id"), ==, FAKE_FOURVENUES_PRICE);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "fee"), 1.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "total_price"), 14.2,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (ticket, "phone"), ==, "+34666999000");

  /* the provider API's issue: a rate with a required question says so
   * before anything is sold */
  holder->first_name = g_strdup ("Pol");
  holder->last_name = g_strdup ("Martí");
  before = guichet_fake_server_count_requests (server (fixture), "POST", "/tickets");
  g_clear_object (&p);
  guichet_provider_issue_ticket_async (GUICHET_PROVIDER (fixture->provider), FAKE_FOURVENUES_EVENT,
                                       FAKE_FOURVENUES_GENERAL, holder, NULL, wait_cb,
                                       &fixture->wait);
  p = guichet_provider_issue_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&fixture->wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "¿De dónde vienes?"));
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), "POST", "/tickets"), ==,
                    before);
  g_clear_error (&error);

  /* the door rate: 15.50 + 1.50 fixed */
  guichet_provider_issue_ticket_async (GUICHET_PROVIDER (fixture->provider), FAKE_FOURVENUES_EVENT,
                                       FAKE_FOURVENUES_DOOR, holder, NULL, wait_cb, &fixture->wait);
  p = guichet_provider_issue_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Martí");
  g_clear_pointer (&body, json_object_unref);
  body = last_body (fixture, "/tickets");
  ticket = json_array_get_object_element (json_object_get_array_member (body, "tickets"), 0);
  g_assert_cmpstr (json_object_get_string_member (ticket, "full_name"), ==, "Pol Martí");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "fee"), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "total_price"), 17.0,
                                  1e-9);

  /* a refusal in the platform's words, never sent twice */
  g_clear_object (&p);
  guichet_fake_server_add_fault (server (fixture), "/tickets", GUICHET_FAKE_FAULT_STATUS, 502, 1);
  before = guichet_fake_server_count_requests (server (fixture), "POST", "/tickets");
  guichet_provider_issue_ticket_async (GUICHET_PROVIDER (fixture->provider), FAKE_FOURVENUES_EVENT,
                                       FAKE_FOURVENUES_DOOR, holder, NULL, wait_cb, &fixture->wait);
  p = guichet_provider_issue_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&fixture->wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), "POST", "/tickets"), ==,
                    before + 1);
}

static void
test_void (Fixture      *fixture,
           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = fake_fourvenues_dup_qr_code (0);
  g_autofree char *status = NULL;
  g_autoptr (GuichetParticipant) p = NULL;
  g_autoptr (JsonObject) body = NULL;
  gboolean ok;

  g_assert_true (run_sync (fixture, &error));
  p = find (fixture, code);

  fake_fourvenues_set_refunds_allowed (fixture->fake, FALSE);
  guichet_provider_void_ticket_async (GUICHET_PROVIDER (fixture->provider),
                                      guichet_participant_get_id (p), NULL, wait_cb,
                                      &fixture->wait);
  ok = guichet_provider_void_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&fixture->wait), &error);
  g_assert_false (ok);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "cannot refund"));
  g_clear_error (&error);
  status = fake_fourvenues_dup_status (fixture->fake, code);
  g_assert_cmpstr (status, !=, "voided");

  fake_fourvenues_set_refunds_allowed (fixture->fake, TRUE);
  guichet_provider_void_ticket_async (GUICHET_PROVIDER (fixture->provider),
                                      guichet_participant_get_id (p), NULL, wait_cb,
                                      &fixture->wait);
  ok = guichet_provider_void_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&fixture->wait), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_free (status);
  status = fake_fourvenues_dup_status (fixture->fake, code);
  g_assert_cmpstr (status, ==, "voided");
  body = last_body (fixture, "/tickets/*/refund");
  g_assert_cmpint (json_object_get_int_member (body, "amount"), ==, 0);

  /* the next sync brings the void to the door */
  g_assert_true (run_sync (fixture, &error));
  g_clear_object (&p);
  p = find (fixture, code);
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VOIDED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fourvenues/sign-in", test_sign_in);
  ADD ("/fourvenues/events-and-rates", test_events_and_rates);
  ADD ("/fourvenues/sync", test_sync);
  ADD ("/fourvenues/find-code", test_find_code);
  ADD ("/fourvenues/sell", test_sell);
  ADD ("/fourvenues/void", test_void);
#undef ADD

  return g_test_run ();
}
