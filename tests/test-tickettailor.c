/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tickettailor"

#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"
#include "guichet-tickettailor-provider.h"
#include "fake-tickettailor.h"

/* The Ticket Tailor provider against the fake (tests/fake-tickettailor.c),
 * through the real store and sync engine. */

#define ACCOUNT_ID "tt-account"
#define N_TICKETS 250

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
  return wait->result;
}

typedef struct
{
  GMainContext      *context; /* the test's own, pushed as thread-default */
  FakeTicketTailor  *fake;
  GuichetStore      *store;
  GuichetAccount    *account;
  GuichetHttpClient *client;
  GuichetProvider   *provider;
} Fixture;

static GHashTable *
sign_in (Fixture    *fixture,
         const char *api_key,
         GError    **error)
{
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  Wait        wait = { 0 };
  GHashTable *secrets;

  g_hash_table_insert (credentials, (gpointer) "api_key", (gpointer) api_key);
  guichet_provider_sign_in_async (fixture->provider, credentials, NULL, wait_cb, &wait);
  secrets = guichet_provider_sign_in_finish (fixture->provider, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return secrets;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr (GHashTable) secrets = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->fake = fake_tickettailor_new (NULL, N_TICKETS, &error);
  g_assert_no_error (error);
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);

  fixture->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", ACCOUNT_ID, "provider", "tickettailor", "name", "T",
                  "base-url", fake_tickettailor_get_base_url (fixture->fake), NULL);
  guichet_store_save_account (fixture->store, fixture->account, &error);
  g_assert_no_error (error);

  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_TICKETTAILOR_PROVIDER, "account", fixture->account,
                                    "http-client", fixture->client, NULL);

  if (user_data != NULL)
    return;
  secrets = sign_in (fixture, FAKE_TICKETTAILOR_API_KEY, &error);
  g_assert_no_error (error);
  guichet_provider_set_secrets (fixture->provider, secrets);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  guichet_test_assert_finalize (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->fake, fake_tickettailor_free);
  g_main_context_pop_thread_default (fixture->context);
  g_clear_pointer (&fixture->context, g_main_context_unref);
}

static gboolean
run_sync (Fixture *fixture,
          GError **error)
{
  g_autoptr (GuichetSync) sync = guichet_sync_new (fixture->store, fixture->provider);
  Wait     wait = { 0 };
  gboolean ok;

  guichet_sync_run_async (sync, FAKE_TICKETTAILOR_EVENT, NULL, wait_cb, &wait);
  ok = guichet_sync_run_finish (sync, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return ok;
}

static gint64
count_participants (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 n =
    guichet_store_count_participants (fixture->store, ACCOUNT_ID, FAKE_TICKETTAILOR_EVENT, &error);

  g_assert_no_error (error);
  return n;
}

static GuichetParticipant *
find_by_index (Fixture *fixture,
               guint    index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char    *barcode = fake_tickettailor_dup_barcode (index);
  GuichetParticipant *p =
    guichet_store_find_participant_by_barcode (fixture->store, ACCOUNT_ID, FAKE_TICKETTAILOR_EVENT,
                                               barcode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

/* The value of @key in @query text, or NULL. */
static char *
query_value (const char *query,
             const char *key)
{
  g_autoptr (GHashTable) table = NULL;

  if (query == NULL)
    return NULL;
  table = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return table ? g_strdup (g_hash_table_lookup (table, key)) : NULL;
}

static guint
count_requests_with_status (Fixture    *fixture,
                            const char *path,
                            guint       status)
{
  GPtrArray *requests = fake_tickettailor_get_requests (fixture->fake);
  guint      n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->path, path) && r->status == status)
        n++;
    }
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* ---- sign-in ---- */

static void
test_sign_in (Fixture      *fixture,
              gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  GPtrArray *requests = fake_tickettailor_get_requests (fixture->fake);

  /* a wrong key: refused once, never retried, the words say what to do */
  secrets = sign_in (fixture, "sk_wrong", &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "API key"));
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/ping"), ==, 1);
  g_assert_false (((FakeTicketTailorRequest *) g_ptr_array_index (requests, 0))->authorized);
  /* nothing kept from the refused key */
  g_assert_null (guichet_provider_get_secret (fixture->provider, "api_key"));
  g_clear_error (&error);

  secrets = sign_in (fixture, "  " FAKE_TICKETTAILOR_API_KEY "\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "api_key"), ==, FAKE_TICKETTAILOR_API_KEY);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/ping"), ==, 2);
  g_assert_true (((FakeTicketTailorRequest *) g_ptr_array_index (requests, 1))->authorized);

  /* an empty key is not even sent */
  g_clear_pointer (&secrets, g_hash_table_unref);
  secrets = sign_in (fixture, "", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  g_assert_cmpuint (requests->len, ==, 2);
}

static void
test_session_refused (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GHashTable) wrong = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  Wait       wait = { 0 };
  GPtrArray *events;

  /* the key was revoked after sign-in: 401 on the next call */
  g_hash_table_insert (wrong, (gpointer) "api_key", (gpointer) "sk_revoked");
  guichet_provider_set_secrets (fixture->provider, wrong);
  guichet_provider_list_events_async (fixture->provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (events);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/events"), ==, 1);
}

/* ---- events, categories, orders ---- */

static void
test_events_and_categories (Fixture      *fixture,
                            gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  FakeTicketTailorRequest *request;
  g_autofree char         *limit = NULL;
  Wait                     wait = { 0 };

  guichet_provider_list_events_async (fixture->provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (guichet_event_get_id (g_ptr_array_index (events, 0)), ==, "ev_1");
  g_assert_cmpstr (guichet_event_get_account_id (g_ptr_array_index (events, 0)), ==, ACCOUNT_ID);
  g_assert_cmpstr (guichet_event_get_id (g_ptr_array_index (events, 1)), ==, "ev_2");
  /* ev_2 is a night of the recurring series es_7; ev_1 stands alone */
  g_assert_null (guichet_event_get_series_id (g_ptr_array_index (events, 0)));
  g_assert_cmpstr (guichet_event_get_series_id (g_ptr_array_index (events, 1)), ==, "es_7");
  request = fake_tickettailor_last_request (fixture->fake, "GET", "/v1/events");
  limit = query_value (request->query, "limit");
  g_assert_cmpstr (limit, ==, "100");
  g_assert_true (request->authorized);

  wait.done = FALSE;
  guichet_provider_list_categories_async (fixture->provider, "ev_1", NULL, wait_cb, &wait);
  roots = guichet_provider_list_categories_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (
                      guichet_ticket_category_get_children (g_ptr_array_index (roots, 1))),
                    ==, 2);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/events/ev_1"), ==,
                    1);
}

static void
test_orders (Fixture      *fixture,
             gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) orders = NULL;
  GuichetOrder       *order;
  const char * const *tickets;
  Wait                wait = { 0 };

  guichet_provider_list_orders_async (fixture->provider, FAKE_TICKETTAILOR_EVENT, NULL, wait_cb,
                                      &wait);
  orders = guichet_provider_list_orders_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  /* two tickets an order: 125 orders in two pages */
  g_assert_cmpuint (orders->len, ==, N_TICKETS / 2);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/orders"), ==, 2);
  order = g_ptr_array_index (orders, 0);
  g_assert_cmpstr (guichet_order_get_id (order), ==, "or_200124");
  g_assert_cmpstr (guichet_order_get_event_id (order), ==, FAKE_TICKETTAILOR_EVENT);
  g_assert_cmpstr (guichet_order_get_currency (order), ==, "GBP");
  tickets = guichet_order_get_ticket_ids (order);
  g_assert_cmpuint (g_strv_length ((GStrv) tickets), ==, 2);
  g_assert_cmpstr (tickets[0], ==, "it_100248");
  g_assert_nonnull (strstr (guichet_order_get_line_items (order), "\"quantity\":"));
  g_assert_cmpint (guichet_order_get_total (order)->amount_minor, >, 0);
}

/* ---- participants ---- */

static void
test_sync_pages (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) newest = NULL;
  g_autoptr (GuichetParticipant) voided = NULL;
  g_autoptr (GuichetParticipant) checked = NULL;
  g_autoptr (GuichetParticipant) seated = NULL;
  GPtrArray *requests = fake_tickettailor_get_requests (fixture->fake);
  g_autoptr (GPtrArray) afters = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);

  /* 250 issued tickets over three pages of at most 100 */
  g_assert_cmpint (count_participants (fixture), ==, N_TICKETS);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/issued_tickets"),
                    ==, 3);
  for (guint i = 0; i < requests->len; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (requests, i);
      g_autofree char         *limit = NULL;
      g_autofree char         *event_id = NULL;

      if (!g_str_equal (r->path, "/v1/issued_tickets"))
        continue;
      limit = query_value (r->query, "limit");
      event_id = query_value (r->query, "event_id");
      g_assert_cmpstr (limit, ==, "100");
      g_assert_cmpstr (event_id, ==, FAKE_TICKETTAILOR_EVENT);
      g_assert_true (r->authorized);
      g_ptr_array_add (afters, query_value (r->query, "starting_after"));
    }
  /* newest first: the second page starts after the 100th newest */
  g_assert_null (g_ptr_array_index (afters, 0));
  g_assert_cmpstr (g_ptr_array_index (afters, 1), ==, "it_100150");
  g_assert_cmpstr (g_ptr_array_index (afters, 2), ==, "it_100050");
  /* the check-ins of the event were read once, before the first page */
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/check_ins"), ==,
                    1);

  newest = find_by_index (fixture, N_TICKETS - 1);
  g_assert_cmpstr (guichet_participant_get_id (newest), ==, "it_100249");
  g_assert_cmpstr (guichet_participant_get_first_name (newest), ==, "Leo");
  g_assert_cmpstr (guichet_participant_get_last_name (newest), ==, "Müller");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (newest), ==, "tt_230626");
  g_assert_cmpstr (guichet_participant_get_order_id (newest), ==, "or_200124");
  g_assert_cmpint (guichet_participant_get_status (newest), ==, GUICHET_PARTICIPANT_STATUS_VALID);

  voided = find_by_index (fixture, 40);
  g_assert_true (fake_tickettailor_is_voided (40));
  g_assert_cmpint (guichet_participant_get_status (voided), ==, GUICHET_PARTICIPANT_STATUS_VOIDED);

  checked = find_by_index (fixture, 6);
  g_assert_true (fake_tickettailor_is_checked_in (6));
  g_assert_true (guichet_participant_get_checked_in (checked));
  /* the time comes from GET /v1/check_ins */
  g_assert_nonnull (guichet_participant_get_checked_in_at (checked));

  seated = find_by_index (fixture, 12);
  g_assert_nonnull (strstr (guichet_participant_get_answers (seated), "13-1"));
}

static void
test_sync_429 (Fixture      *fixture,
               gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, N_TICKETS);

  /* the next run's first page is refused once with Retry-After: 1: the
   * client waits and asks again, and the run completes */
  fake_tickettailor_fail_next (fixture->fake, FAKE_TICKETTAILOR_FAULT_429, "/v1/issued_tickets", 1);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests_with_status (fixture, "/v1/issued_tickets", 429), ==, 1);
  /* 3 pages, then 1 refused + 3 pages */
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/issued_tickets"),
                    ==, 7);
  g_assert_cmpint (count_participants (fixture), ==, N_TICKETS);
}

static void
test_sync_resume (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetSync) sync = guichet_sync_new (fixture->store, fixture->provider);
  g_autofree char *cursor = NULL;
  g_autofree char *after = NULL;
  GPtrArray       *requests = fake_tickettailor_get_requests (fixture->fake);
  Wait             wait = { 0 };
  guint            first_of_second_run;

  /* the second page comes back malformed */
  fake_tickettailor_fail_after (fixture->fake, FAKE_TICKETTAILOR_FAULT_MALFORMED,
                                "/v1/issued_tickets", 1);
  guichet_sync_run_async (sync, FAKE_TICKETTAILOR_EVENT, NULL, wait_cb, &wait);
  g_assert_false (guichet_sync_run_finish (sync, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* the first page stays, with a cursor after its last ticket */
  g_assert_cmpint (count_participants (fixture), ==, 100);
  cursor = guichet_store_get_cursor (fixture->store, ACCOUNT_ID, FAKE_TICKETTAILOR_EVENT);
  g_assert_nonnull (strstr (cursor, "\"after\":\"it_100150\""));
  g_assert_nonnull (strstr (cursor, "\"more\":true"));

  /* the next run carries on from there: two more pages */
  first_of_second_run = requests->len;
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, N_TICKETS);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/issued_tickets"),
                    ==, 4);
  for (guint i = first_of_second_run; i < requests->len && after == NULL; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->path, "/v1/issued_tickets"))
        after = query_value (r->query, "starting_after");
    }
  g_assert_cmpstr (after, ==, "it_100150");

  /* a finished run starts over the next time */
  g_clear_pointer (&cursor, g_free);
  cursor = guichet_store_get_cursor (fixture->store, ACCOUNT_ID, FAKE_TICKETTAILOR_EVENT);
  g_assert_nonnull (strstr (cursor, "\"more\":false"));
}

/* ---- check-in push ---- */

static GuichetCheckIn *
check_in_new (const char *ticket_id,
              gint64      time)
{
  return g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", ACCOUNT_ID, "event-id",
                       FAKE_TICKETTAILOR_EVENT, "participant-id", ticket_id, "code", "x", "time",
                       time, "direction", GUICHET_DIRECTION_IN, "verdict", GUICHET_VERDICT_ADMITTED,
                       NULL);
}

static gboolean
push (Fixture        *fixture,
      GuichetCheckIn *check_in,
      GError        **error)
{
  Wait     wait = { 0 };
  gboolean ok;

  guichet_provider_check_in_async (fixture->provider, check_in, NULL, wait_cb, &wait);
  ok = guichet_provider_check_in_finish (fixture->provider, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return ok;
}

static void
test_check_in_push (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GuichetCheckIn) fresh = check_in_new ("it_100001", now);
  g_autoptr (GuichetCheckIn) voided = check_in_new ("it_100040", now);
  g_autoptr (GuichetCheckIn) again = check_in_new ("it_100001", now);
  g_autoptr (GPtrArray) form = NULL;
  FakeTicketTailorRequest *request;
  guint                    posts;

  g_assert_true (push (fixture, fresh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100001"), ==, 1);
  request = fake_tickettailor_last_request (fixture->fake, "POST", "/v1/check_ins");
  form = fake_tickettailor_decode_form (request->body);
  g_ptr_array_sort (form, compare_strings);
  g_assert_cmpuint (form->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (form, 0), ==, "issued_ticket_id=it_100001");
  g_assert_cmpstr (g_ptr_array_index (form, 1), ==, "quantity=1");

  /* refused by the server: a voided ticket; its words come back */
  g_assert_false (push (fixture, voided, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "voided"));
  g_clear_error (&error);

  /* checked in twice from here: the second is refused, never counted */
  g_assert_false (push (fixture, again, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100001"), ==, 1);
  g_clear_error (&error);

  /* an exit has no Ticket Tailor call: nothing is sent */
  g_object_set (again, "direction", GUICHET_DIRECTION_OUT, NULL);
  posts = fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/check_ins");
  g_assert_true (push (fixture, again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/check_ins"), ==,
                    posts);
}

static void
test_check_in_lost_reply (Fixture      *fixture,
                          gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GuichetCheckIn) first = check_in_new ("it_100003", now);
  g_autoptr (GuichetCheckIn) retry = check_in_new ("it_100003", now - 60);
  g_autoptr (GuichetCheckIn) elsewhere = check_in_new ("it_100005", now - 120);
  GPtrArray               *requests = fake_tickettailor_get_requests (fixture->fake);
  FakeTicketTailorRequest *last;

  /* the server records the check-in, the reply is lost */
  fake_tickettailor_fail_next (fixture->fake, FAKE_TICKETTAILOR_FAULT_DROP, "/v1/check_ins", 1);
  g_assert_false (push (fixture, first, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100003"), ==, 1);
  /* the HTTP client did not send it again */
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/check_ins"), ==,
                    1);

  /* the outbox retries it later: the provider asks first, finds the
   * check-in made since the admission, and sends nothing */
  g_assert_true (push (fixture, retry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/check_ins"), ==,
                    1);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/check_ins"), ==,
                    1);
  last = g_ptr_array_index (requests, requests->len - 1);
  g_assert_cmpstr (last->path, ==, "/v1/check_ins");
  g_assert_nonnull (strstr (last->query, "issued_ticket_id=it_100003"));
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100003"), ==, 1);

  /* checked in on another device before this admission: a conflict that
   * says when, and nothing sent */
  g_assert_true (fake_tickettailor_check_in_at (fixture->fake, "it_100005", now - 300));
  g_assert_false (push (fixture, elsewhere, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "another device"));
  g_clear_error (&error);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/check_ins"), ==,
                    1);

  /* the same, pushed right away: the server refuses it */
  g_object_set (elsewhere, "time", now, NULL);
  g_assert_false (push (fixture, elsewhere, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "already been checked in"));
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100005"), ==, 1);
}

/* Check-in POSTs the fake received for @ticket_id. */
static guint
count_posts (Fixture    *fixture,
             const char *ticket_id)
{
  GPtrArray       *requests = fake_tickettailor_get_requests (fixture->fake);
  g_autofree char *field = g_strdup_printf ("issued_ticket_id=%s", ticket_id);
  guint            n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (requests, i);
      g_autoptr (GPtrArray) form = NULL;

      if (g_strcmp0 (r->method, "POST") != 0 || !g_str_equal (r->path, "/v1/check_ins"))
        continue;
      form = fake_tickettailor_decode_form (r->body);
      for (guint j = 0; j < form->len; j++)
        if (g_str_equal (g_ptr_array_index (form, j), field))
          n++;
    }
  return n;
}

/* A pending ("push") admission in the journal. */
static GuichetCheckIn *
journal_admission (GuichetStore *store,
                   const char   *ticket_id,
                   gint64        time)
{
  g_autoptr (GError) error = NULL;
  GuichetCheckIn *entry = check_in_new (ticket_id, time);

  g_object_set (entry, "remote", GUICHET_REMOTE_PENDING, NULL);
  g_assert_true (guichet_store_append_check_in (store, entry, &error));
  g_assert_no_error (error);
  return entry;
}

/* The core's push path (guichet-remote-check-in.c) on Ticket Tailor,
 * across a crash between the check-in POST reaching the server and its
 * reply reaching the journal: the next run asks (GET /v1/check_ins)
 * instead of posting again; the server gets exactly one POST. */
static void
test_check_in_crash_after_send (Fixture      *fixture,
                                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = g_strdup (guichet_store_get_path (fixture->store));
  g_autoptr (GuichetRemoteCheckIn) remote = NULL;
  g_autoptr (GuichetCheckIn) a = NULL;
  g_autoptr (GuichetCheckIn) b = NULL;
  g_autoptr (GuichetCheckIn) c = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64      now = g_get_real_time () / G_USEC_PER_SEC;
  const guint indices[] = { 11, 15, 18 };
  gboolean    was_in_flight = TRUE;
  guint       n_sent = 0, n_conflicts = 0, n_pending = 0;
  guint       gets;
  Wait        wait = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (indices); i++)
    g_assert_true (!fake_tickettailor_is_voided (indices[i]) &&
                   !fake_tickettailor_is_checked_in (indices[i]));

  remote = guichet_remote_check_in_new (fixture->store, fixture->provider);
  g_assert_true (guichet_remote_check_in_is_enabled (remote));

  /* 1. the server records the check-in, the reply never arrives (as when
   *    the desk is killed while the request is out): pending */
  a = journal_admission (fixture->store, "it_100011", now);
  fake_tickettailor_fail_next (fixture->fake, FAKE_TICKETTAILOR_FAULT_DROP, "/v1/check_ins", 1);
  guichet_remote_check_in_push_async (remote, a, NULL, wait_cb, &wait);
  g_assert_cmpint (guichet_remote_check_in_push_finish (remote, wait_result (&wait), &error), ==,
                   GUICHET_REMOTE_PENDING);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100011"), ==, 1);
  g_assert_cmpuint (count_posts (fixture, "it_100011"), ==, 1);

  /* 2. the crash between "in flight" and the request: never sent */
  b = journal_admission (fixture->store, "it_100015", now);
  g_assert_true (guichet_store_mark_check_in_in_flight (fixture->store, guichet_check_in_get_id (b),
                                                        &was_in_flight, &error));
  g_assert_no_error (error);
  g_assert_false (was_in_flight);

  /* 3. queued while offline: never in flight */
  c = journal_admission (fixture->store, "it_100018", now);

  /* The next process: a fresh store on the same files, a fresh path */
  g_clear_object (&remote);
  guichet_test_assert_finalize (g_steal_pointer (&fixture->store));
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);
  remote = guichet_remote_check_in_new (fixture->store, fixture->provider);
  gets = fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/check_ins");

  guichet_remote_check_in_flush_async (remote, ACCOUNT_ID, NULL, wait_cb, &wait);
  g_assert_true (guichet_remote_check_in_flush_finish (remote, wait_result (&wait), &n_sent,
                                                       &n_conflicts, &n_pending, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_sent, ==, 3);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (n_pending, ==, 0);

  /* exactly one POST per ticket: the one that landed was asked about,
   * not posted again; the in-flight one never sent was asked, then posted */
  g_assert_cmpuint (count_posts (fixture, "it_100011"), ==, 1);
  g_assert_cmpuint (count_posts (fixture, "it_100015"), ==, 1);
  g_assert_cmpuint (count_posts (fixture, "it_100018"), ==, 1);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "GET", "/v1/check_ins"), ==,
                    gets + 2);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100011"), ==, 1);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100015"), ==, 1);
  g_assert_cmpuint (fake_tickettailor_get_n_check_ins (fixture->fake, "it_100018"), ==, 1);

  entries = guichet_store_list_pending_check_ins (fixture->store, ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* ---- discounts, vouchers, box office ---- */

/* The decoded form of the last @method @path request, sorted. */
static GPtrArray *
last_form (Fixture    *fixture,
           const char *method,
           const char *path)
{
  FakeTicketTailorRequest *request = fake_tickettailor_last_request (fixture->fake, method, path);
  GPtrArray               *form;

  g_assert_nonnull (request);
  form = fake_tickettailor_decode_form (request->body);
  g_ptr_array_sort (form, compare_strings);
  return form;
}

static void
assert_form (GPtrArray          *form,
             const char * const *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (form, NULL);
  joined = g_strjoinv ("&", (char **) form->pdata);
  g_ptr_array_remove_index (form, form->len - 1);
  g_test_message ("form: %s", joined);
  g_assert_cmpuint (form->len, ==, g_strv_length ((GStrv) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (form, i), ==, expected[i]);
}

static GuichetDiscount *
create_discount (Fixture         *fixture,
                 GuichetDiscount *discount,
                 GError         **error)
{
  Wait             wait = { 0 };
  GuichetDiscount *created;

  guichet_provider_create_discount_async (fixture->provider, discount, NULL, wait_cb, &wait);
  created = guichet_provider_create_discount_finish (fixture->provider, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return created;
}

static void
test_discounts (Fixture      *fixture,
                gconstpointer user_data)
{
  const char *fixed_types[] = { "tt_230625", NULL };
  const char *new_types[] = { "tt_230631", NULL };
  g_autoptr (GuichetDiscount) fixed =
    g_object_new (GUICHET_TYPE_DISCOUNT, "code", "EARLY5", "name", "Early bird", "kind",
                  GUICHET_DISCOUNT_KIND_AMOUNT, "amount", (gint64) 540, "max-uses", (gint64) 5,
                  "valid-to", "2026-12-31T23:59:59+00:00", "ticket-type-ids", fixed_types, NULL);
  g_autoptr (GuichetDiscount) percent =
    g_object_new (GUICHET_TYPE_DISCOUNT, "code", "CREW15", "name", "Crew", "kind",
                  GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage",
                  15 * GUICHET_PERCENTAGE_ONE_PERCENT, NULL);
  g_autoptr (GuichetDiscount) duplicate =
    g_object_new (GUICHET_TYPE_DISCOUNT, "code", "early5", "name", "Again", "kind",
                  GUICHET_DISCOUNT_KIND_AMOUNT, "amount", (gint64) 100, NULL);
  g_autoptr (GuichetDiscount) created = NULL;
  g_autoptr (GuichetDiscount) created_percent = NULL;
  g_autoptr (GuichetDiscount) updated = NULL;
  g_autoptr (GPtrArray) form = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GError) error = NULL;
  const char * const *messages;
  Wait                wait = { 0 };
  gboolean            deleted;

  /* a fixed amount: exactly the documented fields */
  created = create_discount (fixture, fixed, &error);
  g_assert_no_error (error);
  form = last_form (fixture, "POST", "/v1/discounts");
  assert_form (form, (const char *[]){ "code=EARLY5", "expires=1798761599", "max_redemptions=5",
                                       "name=Early bird", "price=540", "ticket_types[0]=tt_230625",
                                       "type=fixed_amount", NULL });
  g_clear_pointer (&form, g_ptr_array_unref);
  /* read back from the live reply shape */
  g_assert_nonnull (guichet_discount_get_id (created));
  g_assert_cmpint (guichet_discount_get_amount (created)->amount_minor, ==, 540);
  g_assert_cmpint (guichet_discount_get_max_uses (created), ==, 5);
  g_assert_cmpstr (guichet_discount_get_ticket_type_ids (created)[0], ==, "tt_230625");
  g_assert_cmpstr (guichet_discount_get_valid_to (created), ==, "2026-12-31T23:59:59+00:00");

  /* a percentage, no limit, no expiry, every ticket type */
  created_percent = create_discount (fixture, percent, &error);
  g_assert_no_error (error);
  form = last_form (fixture, "POST", "/v1/discounts");
  assert_form (form, (const char *[]){ "code=CREW15", "max_redemptions=", "name=Crew",
                                       "price_percent=15", "type=percentage", NULL });
  g_clear_pointer (&form, g_ptr_array_unref);
  g_assert_cmpint (guichet_discount_get_kind (created_percent), ==,
                   GUICHET_DISCOUNT_KIND_PERCENTAGE);
  g_assert_cmpint (guichet_discount_get_percentage (created_percent), ==, 1500);
  g_assert_cmpint (guichet_discount_get_max_uses (created_percent), ==, -1);

  /* the same code again: refused by the server, on the field "code" */
  g_assert_null (create_discount (fixture, duplicate, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  messages = guichet_error_get_field_messages (error, "code");
  g_assert_nonnull (messages);
  g_assert_cmpstr (messages[0], ==, "The code has already been taken.");
  g_clear_error (&error);

  /* an amount of zero: refused on "price" */
  g_object_set (duplicate, "code", "ZERO", "amount", (gint64) 0, NULL);
  g_assert_null (create_discount (fixture, duplicate, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (guichet_error_get_field_messages (error, "price"));
  g_clear_error (&error);

  /* the list, with the code filter nowhere needed: both */
  guichet_provider_list_discounts_async (fixture->provider, NULL, NULL, wait_cb, &wait);
  listed = guichet_provider_list_discounts_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* the code filter: asked of the platform, which compares without case */
  wait.done = FALSE;
  guichet_provider_list_discounts_async (fixture->provider, "crew15", NULL, wait_cb, &wait);
  listed = guichet_provider_list_discounts_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (guichet_discount_get_code (g_ptr_array_index (listed, 0)), ==, "CREW15");
  g_assert_nonnull (
    strstr (fake_tickettailor_last_request (fixture->fake, "GET", "/v1/discounts")->query,
            "code=crew15"));

  /* update: the name, and the ticket types as associations */
  g_object_set (created, "name", "Early birds", "ticket-type-ids", new_types, NULL);
  wait.done = FALSE;
  guichet_provider_update_discount_async (fixture->provider, created, NULL, wait_cb, &wait);
  updated =
    guichet_provider_update_discount_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  form = last_form (fixture, "POST", "/v1/discounts/di_1001");
  assert_form (form, (const char *[]){ "name=Early birds", "ticket_types[tt_230625]=0",
                                       "ticket_types[tt_230631]=1", NULL });
  g_clear_pointer (&form, g_ptr_array_unref);
  g_assert_cmpstr (guichet_discount_get_name (updated), ==, "Early birds");
  g_assert_cmpuint (g_strv_length ((GStrv) guichet_discount_get_ticket_type_ids (updated)), ==, 1);
  g_assert_cmpstr (guichet_discount_get_ticket_type_ids (updated)[0], ==, "tt_230631");
  /* the update reply's plain expiry reads the same */
  g_assert_cmpstr (guichet_discount_get_valid_to (updated), ==, "2026-12-31T23:59:59+00:00");

  /* delete, then it is gone */
  wait.done = FALSE;
  guichet_provider_delete_discount_async (fixture->provider, "di_1001", NULL, wait_cb, &wait);
  deleted =
    guichet_provider_delete_discount_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (deleted);
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "DELETE",
                                                      "/v1/discounts/di_1001"),
                    ==, 1);
  wait.done = FALSE;
  guichet_provider_get_discount_async (fixture->provider, "di_1001", NULL, wait_cb, &wait);
  g_assert_null (
    guichet_provider_get_discount_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
}

static GPtrArray *
list_codes (Fixture    *fixture,
            const char *voucher_id)
{
  g_autoptr (GError) error = NULL;
  Wait       wait = { 0 };
  GPtrArray *codes;

  guichet_provider_list_voucher_codes_async (fixture->provider, voucher_id, NULL, wait_cb, &wait);
  codes =
    guichet_provider_list_voucher_codes_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  return codes;
}

static void
test_vouchers (Fixture      *fixture,
               gconstpointer user_data)
{
  const char *codes[] = { "GIFT-AAA", "GIFT-BBB", NULL };
  g_autoptr (GuichetVoucher) voucher =
    g_object_new (GUICHET_TYPE_VOUCHER, "name", "Gift card", "value", (gint64) 2500, "valid-to",
                  "2027-06-30T00:00:00+00:00", "codes", codes, NULL);
  g_autoptr (GuichetVoucher) created = NULL;
  g_autoptr (GuichetVoucher) renamed = NULL;
  g_autoptr (GPtrArray) form = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GError) error = NULL;
  GuichetVoucherCode *code;
  Wait                wait = { 0 };

  guichet_provider_create_voucher_async (fixture->provider, voucher, NULL, wait_cb, &wait);
  created = guichet_provider_create_voucher_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  form = last_form (fixture, "POST", "/v1/vouchers");
  assert_form (form, (const char *[]){ "codes[0]=GIFT-AAA", "codes[1]=GIFT-BBB",
                                       "expiry=1814313600", "name=Gift card", "value=2500", NULL });
  g_clear_pointer (&form, g_ptr_array_unref);
  g_assert_cmpstr (guichet_voucher_get_id (created), ==, "vo_1001");
  g_assert_cmpint (guichet_voucher_get_code_count (created), ==, 2);

  listed = list_codes (fixture, "vo_1001");
  g_assert_cmpuint (listed->len, ==, 2);
  code = g_ptr_array_index (listed, 1);
  g_assert_cmpstr (guichet_voucher_code_get_code (code), ==, "GIFT-AAA");
  g_assert_cmpint (guichet_voucher_code_get_value_remaining (code), ==, 2500);

  /* void one code: the other stays */
  wait.done = FALSE;
  guichet_provider_void_voucher_code_async (fixture->provider, "vo_1001",
                                            guichet_voucher_code_get_id (code), NULL, wait_cb,
                                            &wait);
  g_assert_true (
    guichet_provider_void_voucher_code_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = list_codes (fixture, "vo_1001");
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (guichet_voucher_code_get_code (g_ptr_array_index (listed, 0)), ==, "GIFT-BBB");

  /* rename */
  g_object_set (created, "name", "Gift card 2027", NULL);
  wait.done = FALSE;
  guichet_provider_update_voucher_async (fixture->provider, created, NULL, wait_cb, &wait);
  renamed = guichet_provider_update_voucher_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_voucher_get_name (renamed), ==, "Gift card 2027");
  g_assert_cmpint (guichet_voucher_get_available_codes (renamed), ==, 1);

  /* delete */
  wait.done = FALSE;
  guichet_provider_delete_voucher_async (fixture->provider, "vo_1001", NULL, wait_cb, &wait);
  g_assert_true (
    guichet_provider_delete_voucher_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  wait.done = FALSE;
  guichet_provider_get_voucher_async (fixture->provider, "vo_1001", NULL, wait_cb, &wait);
  g_assert_null (
    guichet_provider_get_voucher_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
}

static void
test_issue_and_void (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GuichetParticipant) issued = NULL;
  g_autoptr (GPtrArray) form = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { 0 };

  holder->first_name = g_strdup ("Jo");
  holder->last_name = g_strdup ("Bloggs");
  holder->email = g_strdup ("jo@example.invalid");
  guichet_provider_issue_ticket_async (fixture->provider, FAKE_TICKETTAILOR_EVENT, "tt_230625",
                                       holder, NULL, wait_cb, &wait);
  issued = guichet_provider_issue_ticket_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  form = last_form (fixture, "POST", "/v1/issued_tickets");
  assert_form (form, (const char *[]){ "email=jo@example.invalid", "event_id=ev_1",
                                       "full_name=Jo Bloggs", "ticket_type_id=tt_230625", NULL });
  g_assert_cmpstr (guichet_participant_get_id (issued), ==, "it_1001");
  g_assert_nonnull (guichet_participant_get_barcode (issued));
  g_assert_cmpstr (guichet_participant_get_first_name (issued), ==, "Jo");
  g_assert_cmpstr (guichet_participant_get_event_id (issued), ==, FAKE_TICKETTAILOR_EVENT);
  g_assert_cmpint (guichet_participant_get_status (issued), ==, GUICHET_PARTICIPANT_STATUS_VALID);

  /* a seated ticket type cannot be issued: the field says why */
  wait.done = FALSE;
  guichet_provider_issue_ticket_async (fixture->provider, FAKE_TICKETTAILOR_EVENT_2, "tt_900002",
                                       holder, NULL, wait_cb, &wait);
  g_assert_null (
    guichet_provider_issue_ticket_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (guichet_error_get_field_messages (error, "ticket_type_id"));
  g_clear_error (&error);
  /* never sent twice */
  g_assert_cmpuint (fake_tickettailor_count_requests (fixture->fake, "POST", "/v1/issued_tickets"),
                    ==, 2);

  /* void it; a second void is refused */
  wait.done = FALSE;
  guichet_provider_void_ticket_async (fixture->provider, "it_1001", NULL, wait_cb, &wait);
  g_assert_true (
    guichet_provider_void_ticket_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  wait.done = FALSE;
  guichet_provider_void_ticket_async (fixture->provider, "it_1001", NULL, wait_cb, &wait);
  g_assert_false (
    guichet_provider_void_ticket_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define add(path, func, signed_in)                                                                 \
  g_test_add (path, Fixture, signed_in ? NULL : GINT_TO_POINTER (1), fixture_set_up, func,         \
              fixture_tear_down)

  add ("/tickettailor/sign-in", test_sign_in, FALSE);
  add ("/tickettailor/session-refused", test_session_refused, TRUE);
  add ("/tickettailor/events-and-categories", test_events_and_categories, TRUE);
  add ("/tickettailor/orders", test_orders, TRUE);
  add ("/tickettailor/sync/pages", test_sync_pages, TRUE);
  add ("/tickettailor/sync/429", test_sync_429, TRUE);
  add ("/tickettailor/sync/resume", test_sync_resume, TRUE);
  add ("/tickettailor/check-in/push", test_check_in_push, TRUE);
  add ("/tickettailor/check-in/lost-reply", test_check_in_lost_reply, TRUE);
  add ("/tickettailor/check-in/crash-after-send", test_check_in_crash_after_send, TRUE);
  add ("/tickettailor/discounts", test_discounts, TRUE);
  add ("/tickettailor/vouchers", test_vouchers, TRUE);
  add ("/tickettailor/issue-and-void", test_issue_and_void, TRUE);

  return g_test_run ();
}
