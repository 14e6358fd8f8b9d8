/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-goevent"

#include "config.h"

#include <string.h>

#include "guichet-goevent-provider.h"
#include "guichet-test-utils.h"
#include "fake-goevent.h"

/* The GoEvent provider against the fake GoEvent API (tests/fake-goevent.c)
 * over loopback HTTP, through the real store and sync engine. */

#define ACCOUNT_ID "goevent-account"

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
  guichet_test_wait_until (&wait->done);
  /* ready for the next call (the caller clears the result) */
  wait->done = FALSE;
  return wait->result;
}

typedef struct
{
  FakeGoevent            *fake;
  GuichetStore           *store;
  GuichetAccount         *account;
  GuichetHttpClient      *client;
  GuichetGoeventProvider *provider;
} Fixture;

typedef struct
{
  guint participants;
  guint events;
} Size;

static const Size small = { 7, 5 };
static const Size big = { 120, 1 };

static GHashTable *
sign_in (Fixture    *fixture,
         const char *token,
         GError    **error)
{
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  Wait        wait = { 0 };
  GHashTable *secrets;

  g_hash_table_insert (credentials, (gpointer) "token", (gpointer) token);
  guichet_provider_sign_in_async (GUICHET_PROVIDER (fixture->provider), credentials, NULL, wait_cb,
                                  &wait);
  secrets = guichet_provider_sign_in_finish (GUICHET_PROVIDER (fixture->provider),
                                             wait_result (&wait), error);
  g_clear_object (&wait.result);
  return secrets;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer user_data)
{
  const Size *size = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr (GHashTable) secrets = NULL;

  fixture->fake = fake_goevent_new (size->participants, size->events, &error);
  g_assert_no_error (error);
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);

  fixture->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", ACCOUNT_ID, "provider", "goevent", "name", "G",
                  "base-url", fake_goevent_get_base_url (fixture->fake), NULL);
  guichet_store_save_account (fixture->store, fixture->account, &error);
  g_assert_no_error (error);

  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_GOEVENT_PROVIDER, "account", fixture->account,
                                    "http-client", fixture->client, NULL);

  secrets = sign_in (fixture, FAKE_GOEVENT_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "token"), ==, FAKE_GOEVENT_TOKEN);
  guichet_provider_set_secrets (GUICHET_PROVIDER (fixture->provider), secrets);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_assert_finalize_object (fixture->provider);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->fake, fake_goevent_free);
}

static GuichetFakeServer *
server (Fixture *fixture)
{
  return fake_goevent_get_server (fixture->fake);
}

static gboolean
run_sync (Fixture *fixture,
          GError **error)
{
  g_autoptr (GuichetSync) sync =
    guichet_sync_new (fixture->store, GUICHET_PROVIDER (fixture->provider));
  Wait     wait = { 0 };
  gboolean ok;

  guichet_sync_run_async (sync, FAKE_GOEVENT_EVENT, NULL, wait_cb, &wait);
  ok = guichet_sync_run_finish (sync, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return ok;
}

static gint64
count_participants (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 n =
    guichet_store_count_participants (fixture->store, ACCOUNT_ID, FAKE_GOEVENT_EVENT, &error);

  g_assert_no_error (error);
  return n;
}

static GHashTable *
query_of (GuichetFakeRequest *request)
{
  return soup_form_decode (request->query ? request->query : "");
}

static void
test_sign_in (Fixture      *fixture,
              gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GuichetFakeRequest) last = NULL;
  guint before;

  last = guichet_fake_server_dup_last_request (server (fixture), "/events");
  g_assert_cmpstr (g_hash_table_lookup (last->headers, "authorization"), ==,
                   "Bearer " FAKE_GOEVENT_TOKEN);

  /* a refused token: one request, a clear error, the good token kept */
  before = guichet_fake_server_count_requests (server (fixture), NULL, "*");
  secrets = sign_in (fixture, "not-the-token", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "GoEvent refused this API token"));
  g_assert_null (secrets);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), NULL, "*"), ==,
                    before + 1);
  g_assert_cmpstr (guichet_provider_get_secret (GUICHET_PROVIDER (fixture->provider), "token"), ==,
                   FAKE_GOEVENT_TOKEN);
  g_clear_error (&error);

  /* a refused token is never retried, not even after a 429 */
  guichet_fake_server_add_fault (server (fixture), "/events", GUICHET_FAKE_FAULT_RATE_LIMIT, 1, 1);
  before = guichet_fake_server_count_requests (server (fixture), NULL, "*");
  secrets = sign_in (fixture, FAKE_GOEVENT_TOKEN, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), NULL, "*"), ==,
                    before + 1);
}

static void
test_session_refused (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GHashTable) secrets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  Wait wait = { 0 };

  g_hash_table_insert (secrets, (gpointer) "token", (gpointer) "revoked");
  guichet_provider_set_secrets (GUICHET_PROVIDER (fixture->provider), secrets);
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_assert_null (events);
  g_clear_object (&wait.result);
}

static void
test_events_paged (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) requests = NULL;
  GuichetEvent *event;
  Wait          wait = { 0 };

  /* the server sends 2 a page whatever limit asks: paginate decides */
  fake_goevent_set_page_cap (fixture->fake, 2);
  guichet_fake_server_clear_requests (server (fixture));
  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_cmpuint (events->len, ==, 6);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, FAKE_GOEVENT_EVENT);
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Concert de Jazz");
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, ACCOUNT_ID);
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Paris, France");
  g_assert_cmpstr (guichet_event_get_status (g_ptr_array_index (events, 3)), ==, "draft");

  requests = guichet_fake_server_get_requests (server (fixture), "/events");
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr (GHashTable) query = query_of (g_ptr_array_index (requests, i));
      g_autofree char *page = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (g_hash_table_lookup (query, "page"), ==, page);
      g_assert_cmpstr (g_hash_table_lookup (query, "limit"), ==, "100");
    }
}

static void
test_event_and_tickets (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GuichetFakeRequest) last = NULL;
  Wait wait = { 0 };

  guichet_goevent_provider_get_event_async (fixture->provider, FAKE_GOEVENT_EVENT, NULL, wait_cb,
                                            &wait);
  event = guichet_goevent_provider_get_event_finish (fixture->provider, wait_result (&wait),
                                                     &tickets, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2024-06-15T20:00:00+00:00");
  g_assert_cmpuint (tickets->len, ==, 2);

  guichet_provider_list_categories_async (GUICHET_PROVIDER (fixture->provider), FAKE_GOEVENT_EVENT,
                                          NULL, wait_cb, &wait);
  categories = guichet_provider_list_categories_finish (GUICHET_PROVIDER (fixture->provider),
                                                        wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (categories->len, ==, 2);
  g_assert_cmpstr (guichet_ticket_category_get_id (g_ptr_array_index (categories, 0)), ==,
                   FAKE_GOEVENT_VIP);
  g_assert_cmpint (guichet_ticket_category_get_quota (g_ptr_array_index (categories, 0)), ==, 100);
  g_assert_cmpint (guichet_ticket_category_get_quota (g_ptr_array_index (categories, 1)), ==, 250);
  last = guichet_fake_server_dup_last_request (server (fixture), "/tickets");
  g_assert_cmpstr (last->query, ==, "eventId=" FAKE_GOEVENT_EVENT);

  /* an unknown event is the server's 404, not an empty list */
  guichet_provider_list_categories_async (GUICHET_PROVIDER (fixture->provider), "nope", NULL,
                                          wait_cb, &wait);
  g_clear_pointer (&categories, g_ptr_array_unref);
  categories = guichet_provider_list_categories_finish (GUICHET_PROVIDER (fixture->provider),
                                                        wait_result (&wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_null (categories);
  g_clear_object (&wait.result);
}

static void
test_sync_participants (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) p = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) requests = NULL;
  gint64 n_requests;

  /* 25 asked, 10 sent: the sync still reads all 120 */
  guichet_goevent_provider_set_page_size (fixture->provider, 25);
  fake_goevent_set_page_cap (fixture->fake, 10);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 120);
  requests = guichet_fake_server_get_requests (server (fixture), "/participants");
  g_assert_cmpuint (requests->len, ==, 12);
  {
    g_autoptr (GHashTable) query = query_of (g_ptr_array_index (requests, 11));

    g_assert_cmpstr (g_hash_table_lookup (query, "page"), ==, "12");
    g_assert_cmpstr (g_hash_table_lookup (query, "limit"), ==, "25");
    g_assert_cmpstr (g_hash_table_lookup (query, "eventId"), ==, FAKE_GOEVENT_EVENT);
  }

  /* the door finds a participant by its id */
  id = fake_goevent_dup_participant_id (16);
  p = guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT_ID, FAKE_GOEVENT_EVENT, id,
                                                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, id);
  g_assert_false (fake_goevent_is_confirmed (16));
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
  g_clear_object (&p);

  id = (g_free (id), fake_goevent_dup_participant_id (0));
  p = guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT_ID, FAKE_GOEVENT_EVENT, id,
                                                 &error);
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Doe");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);

  /* a second sync reads everything again (no "changed since" in the API)
   * and keeps the count */
  n_requests = guichet_fake_server_count_requests (server (fixture), NULL, "/participants");
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 120);
  g_assert_cmpint (guichet_fake_server_count_requests (server (fixture), NULL, "/participants"), ==,
                   n_requests + 12);
}

static void
test_sync_faults (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  guichet_goevent_provider_set_page_size (fixture->provider, 50);
  g_assert_true (run_sync (fixture, &error));
  g_assert_cmpint (count_participants (fixture), ==, 120);

  /* a 429 is waited out */
  guichet_fake_server_add_fault (server (fixture), "/participants", GUICHET_FAKE_FAULT_RATE_LIMIT,
                                 1, 1);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 120);

  /* a page that cannot be read ends the run with an error, the data intact */
  guichet_fake_server_add_fault (server (fixture), "/participants", GUICHET_FAKE_FAULT_MALFORMED, 0,
                                 1);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpint (count_participants (fixture), ==, 120);

  /* the next run completes */
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 120);
}

static void
test_issue (Fixture      *fixture,
            gconstpointer user_data)
{
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) p = NULL;
  g_autoptr (GuichetGoeventIssue) issue = NULL;
  g_autoptr (GuichetFakeRequest) last = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *existing = fake_goevent_dup_participant_id (3);
  JsonObject      *object;
  guint            before = fake_goevent_get_n_participants (fixture->fake);
  Wait             wait = { 0 };

  holder->first_name = g_strdup ("Élodie");
  holder->last_name = g_strdup ("Marchand");
  holder->email = g_strdup ("elodie@example.invalid");
  guichet_provider_issue_ticket_async (GUICHET_PROVIDER (fixture->provider), FAKE_GOEVENT_EVENT,
                                       FAKE_GOEVENT_VIP, holder, NULL, wait_cb, &wait);
  p = guichet_provider_issue_ticket_finish (GUICHET_PROVIDER (fixture->provider),
                                            wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Élodie");
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, guichet_participant_get_id (p));
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, FAKE_GOEVENT_VIP);
  g_assert_cmpstr (guichet_participant_get_ticket_type_name (p), ==, "VIP");
  g_assert_nonnull (
    strstr (guichet_participant_get_answers (p), "https://goeventcloud2.s3.amazonaws.com/ticket-"));
  g_assert_cmpuint (fake_goevent_get_sold (fixture->fake, FAKE_GOEVENT_VIP), ==, 1);
  g_assert_cmpuint (fake_goevent_get_n_participants (fixture->fake), ==, before + 1);

  /* the document's body */
  last = guichet_fake_server_dup_last_request (server (fixture), "/tickets/create");
  g_assert_cmpstr (last->method, ==, "POST");
  body = json_from_string (g_bytes_get_data (last->body, NULL), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "eventId"), ==, FAKE_GOEVENT_EVENT);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (object,
                                                                                  "tickets"),
                                                    0),
                     "ticket_id"),
                   ==, FAKE_GOEVENT_VIP);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                                                 json_object_get_array_member (object, "tickets"),
                                                 0),
                                               "quantity"),
                   ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "participant"),
                                                  "last_name"),
                   ==, "Marchand");

  /* two more for an existing participant */
  guichet_goevent_provider_create_tickets_async (fixture->provider, FAKE_GOEVENT_EVENT,
                                                 FAKE_GOEVENT_STANDARD, 2, existing, NULL, NULL,
                                                 NULL, wait_cb, &wait);
  issue =
    guichet_goevent_provider_create_tickets_finish (fixture->provider, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpstr (guichet_participant_get_id (issue->participant), ==, existing);
  g_assert_cmpint (((GuichetGoeventTicketLink *) g_ptr_array_index (issue->links, 0))->quantity, ==,
                   2);
  g_assert_cmpuint (fake_goevent_get_sold (fixture->fake, FAKE_GOEVENT_STANDARD), ==, 2);
  g_assert_cmpuint (fake_goevent_get_n_participants (fixture->fake), ==, before + 1);
  g_clear_pointer (&issue, guichet_goevent_issue_free);

  /* the server's refusal, in its words, and never sent twice */
  guichet_goevent_provider_create_tickets_async (fixture->provider, FAKE_GOEVENT_EVENT,
                                                 FAKE_GOEVENT_VIP, 100, NULL, NULL, NULL, NULL,
                                                 wait_cb, &wait);
  issue =
    guichet_goevent_provider_create_tickets_finish (fixture->provider, wait_result (&wait), &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Not enough tickets available"));
  g_assert_null (issue);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  guichet_fake_server_add_fault (server (fixture), "/tickets/create", GUICHET_FAKE_FAULT_STATUS,
                                 503, 1);
  before = guichet_fake_server_count_requests (server (fixture), NULL, "/tickets/create");
  guichet_goevent_provider_create_tickets_async (fixture->provider, FAKE_GOEVENT_EVENT,
                                                 FAKE_GOEVENT_VIP, 1, NULL, NULL, NULL, NULL,
                                                 wait_cb, &wait);
  issue =
    guichet_goevent_provider_create_tickets_finish (fixture->provider, wait_result (&wait), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpuint (guichet_fake_server_count_requests (server (fixture), NULL, "/tickets/create"),
                    ==, before + 1);
  g_clear_object (&wait.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, size, func)                                                                      \
  g_test_add (path, Fixture, &size, fixture_set_up, func, fixture_tear_down)
  ADD ("/goevent/sign-in", small, test_sign_in);
  ADD ("/goevent/session-refused", small, test_session_refused);
  ADD ("/goevent/events/paged", small, test_events_paged);
  ADD ("/goevent/event-and-tickets", small, test_event_and_tickets);
  ADD ("/goevent/sync/participants", big, test_sync_participants);
  ADD ("/goevent/sync/faults", big, test_sync_faults);
  ADD ("/goevent/issue", small, test_issue);
#undef ADD

  return g_test_run ();
}
