/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "guichet-test-utils.h"

/* GuichetRestProvider through a small subclass that has the hooks the
 * platforms need (Bearer authorization, a {"success","data"} wrapper and
 * {"error": ...} inside HTTP 200), against a SoupServer on loopback; and the
 * paging rules as pure functions. */

static GThread *main_thread;

/* ---- a subclass ---- */

#define TEST_TYPE_REST_PROVIDER (test_rest_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestRestProvider, test_rest_provider, TEST, REST_PROVIDER,
                      GuichetRestProvider)

struct _TestRestProvider
{
  GuichetRestProvider parent_instance;
  guint               n_mapped;
};

G_DEFINE_FINAL_TYPE (TestRestProvider, test_rest_provider, GUICHET_TYPE_REST_PROVIDER)

static gboolean
test_authorize (GuichetRestProvider *provider,
                GuichetRestRequest  *request,
                GError             **error)
{
  const char *token = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "token");

  if (token == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED, "no token");
      return FALSE;
    }
  guichet_rest_request_set_bearer (request, token);
  guichet_rest_request_add_query (request, "client", "test");
  return TRUE;
}

static JsonNode *
test_unwrap (GuichetRestProvider *provider,
             JsonNode            *root,
             GError             **error)
{
  JsonObject      *object = guichet_json_root_object (root, error);
  g_autofree char *message = NULL;
  JsonNode        *data;

  if (object == NULL)
    return NULL;
  if ((message = guichet_json_dup_string (object, "error")) != NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_FAILED, message);
      return NULL;
    }
  if (!guichet_json_get_bool (object, "success", FALSE) ||
      (data = json_object_get_member (object, "data")) == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED, "no data");
      return NULL;
    }
  return json_node_ref (data);
}

static GError *
test_map_error (GuichetRestProvider *provider,
                GError              *error,
                guint                status,
                GuichetRestFlags     flags)
{
  TEST_REST_PROVIDER (provider)->n_mapped++;
  return GUICHET_REST_PROVIDER_CLASS (test_rest_provider_parent_class)
    ->map_error (provider, error, status, flags);
}

static void
test_rest_provider_class_init (TestRestProviderClass *klass)
{
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);

  provider_class->kind = "rest-test";
  provider_class->display_name = "Rest Test";
  rest_class->authorize = test_authorize;
  rest_class->unwrap = test_unwrap;
  rest_class->map_error = test_map_error;
}

static void
test_rest_provider_init (TestRestProvider *self)
{
}

/* ---- fixture ---- */

typedef struct
{
  GMainContext      *context;
  SoupServer        *server;
  GuichetHttpClient *client;
  TestRestProvider  *provider;
  char              *last_authorization;
  char              *last_query;
  char              *last_body;
  guint              n_requests;
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture         *f = user_data;
  GUri            *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char      *page = query ? g_hash_table_lookup (query, "page") : NULL;
  const char      *after = query ? g_hash_table_lookup (query, "starting_after") : NULL;

  f->n_requests++;
  g_free (f->last_authorization);
  f->last_authorization = g_strdup (
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization"));
  g_free (f->last_query);
  f->last_query = g_strdup (g_uri_get_query (uri));
  g_free (f->last_body);
  f->last_body = body->length > 0 ? g_strndup (body->data, body->length) : NULL;

  if (g_str_equal (path, "/wrapped"))
    reply (msg, 200, "{\"success\": true, \"data\": {\"name\": \"Gala\"}}");
  else if (g_str_equal (path, "/error-in-200"))
    reply (msg, 200, "{\"error\": \"Event not found\"}");
  else if (g_str_equal (path, "/refused"))
    reply (msg, 401, "{\"message\": \"Invalid token\"}");
  else if (g_str_equal (path, "/empty"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (g_str_equal (path, "/pages"))
    {
      /* three pages of 2, 2 and 1 item, GoEvent's paginate block */
      int              n = page ? atoi (page) : 1;
      g_autofree char *text =
        g_strdup_printf ("{\"success\": true, \"data\": {\"data\": [%s], \"paginate\": "
                         "{\"hasNextPage\": %s, \"nextPage\": %d}}}",
                         n == 1   ? "{\"id\": 1}, {\"id\": 2}"
                         : n == 2 ? "{\"id\": 3}, {\"id\": \"4\"}"
                                  : "{\"id\": 5}",
                         n < 3 ? "true" : "false", n + 1);
      reply (msg, 200, text);
    }
  else if (g_str_equal (path, "/cursor"))
    {
      /* ids a..e two by two; the last page's links.next is null */
      if (after == NULL)
        reply (msg, 200,
               "{\"success\": true, \"data\": {\"data\": [{\"id\": \"a\"}, {\"id\": \"b\"}], "
               "\"links\": {\"next\": \"/x\"}}}");
      else if (g_str_equal (after, "b"))
        reply (msg, 200,
               "{\"success\": true, \"data\": {\"data\": [{\"id\": \"c\"}, {\"id\": \"d\"}], "
               "\"links\": {\"next\": \"/x\"}}}");
      else
        reply (msg, 200,
               "{\"success\": true, \"data\": {\"data\": [{\"id\": \"e\"}], \"links\": {\"next\": "
               "null}}}");
    }
  else
    reply (msg, 404, "{\"message\": \"no route\"}");
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  GSList          *uris;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "acct", "provider", "rest-test", "name",
                          "Test", "base-url", url, NULL);
  f->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (f->client, 1);
  f->provider =
    g_object_new (TEST_TYPE_REST_PROVIDER, "account", account, "http-client", f->client, NULL);
  secrets = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (secrets, (gpointer) "token", (gpointer) "t0k3n");
  guichet_provider_set_secrets (GUICHET_PROVIDER (f->provider), secrets);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->client);
  soup_server_disconnect (f->server);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_assert_finalize_object (f->server);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
  g_free (f->last_authorization);
  g_free (f->last_query);
  g_free (f->last_body);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture       *f,
             GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (f->context, TRUE);
  return *result;
}

static gpointer
parse_name (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  JsonObject *object = guichet_json_root_object (root, error);

  /* the parse function runs in a worker thread */
  g_assert_true (g_thread_self () != main_thread);
  g_assert_cmpstr (task_data, ==, "task data");
  return object ? guichet_json_dup_string (object, "name") : NULL;
}

static void
start_call (Fixture             *f,
            const char          *method,
            const char          *path,
            GHashTable          *form,
            GuichetRestFlags     flags,
            GuichetRestParseFunc parse,
            GAsyncResult       **result)
{
  GTask *task = guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (f->provider), NULL,
                                                on_result, result, start_call);

  g_assert_cmpstr (g_task_get_name (task), ==, "[guichet] rest-test");
  g_task_set_task_data (task, g_strdup ("task data"), g_free);
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (f->provider), task, method, path, "q=1", form,
                              NULL, flags, parse, g_free);
}

static void
test_call_unwraps (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  start_call (f, "GET", "/wrapped", NULL, GUICHET_REST_DEFAULT, parse_name, &result);
  name = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result), start_call,
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Gala");
  /* authorize() ran: its header and parameter, then the caller's query */
  g_assert_cmpstr (f->last_authorization, ==, "Bearer t0k3n");
  g_assert_cmpstr (f->last_query, ==, "client=test&q=1");
}

static void
test_call_error_in_200 (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  start_call (f, "GET", "/error-in-200", NULL, GUICHET_REST_DEFAULT, parse_name, &result);
  name = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result), start_call,
                                                  &error);
  g_assert_null (name);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Event not found");
  g_assert_cmpuint (f->provider->n_mapped, ==, 1);
}

static void
test_call_session_refused (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  start_call (f, "GET", "/refused", NULL, GUICHET_REST_DEFAULT, parse_name, &result);
  name = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result), start_call,
                                                  &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  /* the default map_error() names the platform */
  g_assert_nonnull (strstr (error->message, "Rest Test"));
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_call_login (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  g_hash_table_insert (form, (gpointer) "password", (gpointer) "s3cret");
  start_call (f, "POST", "/refused", form, GUICHET_REST_LOGIN, parse_name, &result);
  name = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result), start_call,
                                                  &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  /* a login is not authorized, sends its form, and is tried once */
  g_assert_null (f->last_authorization);
  g_assert_cmpstr (f->last_query, ==, "q=1");
  g_assert_cmpstr (f->last_body, ==, "password=s3cret");
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_call_no_secrets (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  guichet_provider_set_secrets (GUICHET_PROVIDER (f->provider), NULL);
  start_call (f, "GET", "/wrapped", NULL, GUICHET_REST_DEFAULT, parse_name, &result);
  name = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result), start_call,
                                                  &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_call_empty_write (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  start_call (f, "DELETE", "/empty", NULL, GUICHET_REST_DEFAULT, NULL, &result);
  g_assert_true (guichet_rest_provider_propagate_boolean (f->provider, wait_result (f, &result),
                                                          start_call, &error));
  g_assert_no_error (error);
}

static gpointer
parse_item_id (GuichetRestProvider *self,
               JsonObject          *item,
               gpointer             task_data,
               GError             **error)
{
  return guichet_json_dup_id (item, "id");
}

static const GuichetRestPaging page_paging = {
  GUICHET_REST_PAGING_PAGE, "data", "id", "page", "limit", 2,
};
static const GuichetRestPaging cursor_paging = {
  GUICHET_REST_PAGING_CURSOR, "data", "id", "starting_after", "limit", 2,
};

static void
assert_ids (GPtrArray  *ids,
            const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (ids, NULL);
  joined = g_strjoinv (",", (char **) ids->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

static void
test_call_paged (Fixture      *f,
                 gconstpointer data)
{
  const GuichetRestPaging *paging = data == NULL ? &page_paging : &cursor_paging;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  GTask *task = guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (f->provider), NULL,
                                                on_result, &result, test_call_paged);

  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (f->provider), task, "GET",
                                    data == NULL ? "/pages" : "/cursor", NULL, paging,
                                    parse_item_id, g_free);
  ids = guichet_rest_provider_propagate_pointer (f->provider, wait_result (f, &result),
                                                 test_call_paged, &error);
  g_assert_no_error (error);
  assert_ids (ids, data == NULL ? "1,2,3,4,5" : "a,b,c,d,e");
  g_assert_cmpuint (f->n_requests, ==, 3);
  g_assert_cmpstr (f->last_query, ==,
                   data == NULL ? "client=test&limit=2&page=3"
                                : "client=test&limit=2&starting_after=d");
}

/* ---- paging rules ---- */

static JsonNode *
node (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  return root;
}

static gboolean
advance (const GuichetRestPaging *paging,
         GuichetRestPageState    *state,
         const char              *text)
{
  g_autoptr (JsonNode) root = node (text);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (guichet_rest_paging_advance (paging, state, root, &error));
  g_assert_no_error (error);
  return !state->done;
}

static void
test_paging_page (void)
{
  static const GuichetRestPaging paging = {
    GUICHET_REST_PAGING_PAGE, "items", "id", "page", "max", 3
  };
  GuichetRestPageState state;
  g_autoptr (GString) query = g_string_new (NULL);

  guichet_rest_page_state_init (&state);
  guichet_rest_paging_add_query (&paging, &state, query);
  g_assert_cmpstr (query->str, ==, "max=3&page=1");

  /* the server caps pages at 2 although 3 were asked: shorter than the
   * limit is not the end, shorter than the largest seen is */
  g_assert_true (advance (&paging, &state, "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"));
  g_assert_true (advance (&paging, &state, "{\"items\": [{\"id\": 3}, {\"id\": 4}]}"));
  g_assert_false (advance (&paging, &state, "{\"items\": [{\"id\": 5}]}"));
  g_assert_cmpuint (state.n_pages, ==, 3);
  guichet_rest_page_state_clear (&state);

  /* an empty page ends it */
  guichet_rest_page_state_init (&state);
  g_assert_true (advance (&paging, &state, "{\"items\": [{\"id\": 1}]}"));
  g_assert_false (advance (&paging, &state, "{\"items\": []}"));
  guichet_rest_page_state_clear (&state);

  /* a server ignoring "page" sends page 1 again: stop */
  guichet_rest_page_state_init (&state);
  g_assert_true (advance (&paging, &state, "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"));
  g_assert_false (advance (&paging, &state, "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"));
  guichet_rest_page_state_clear (&state);

  /* paginate.hasNextPage decides when present (GoEvent) */
  guichet_rest_page_state_init (&state);
  g_assert_true (
    advance (&paging, &state,
             "{\"items\": [{\"id\": 1}], \"paginate\": {\"hasNextPage\": true, \"nextPage\": 2}}"));
  g_assert_cmpuint (state.page, ==, 2);
  g_assert_false (advance (&paging, &state,
                           "{\"items\": [{\"id\": 2}, {\"id\": 3}], \"paginate\": "
                           "{\"hasNextPage\": false, \"nextPage\": null}}"));
  guichet_rest_page_state_clear (&state);
}

static void
test_paging_cursor (void)
{
  GuichetRestPageState state;
  g_autoptr (GString) query = g_string_new (NULL);

  guichet_rest_page_state_init (&state);
  g_assert_true (advance (&cursor_paging, &state,
                          "{\"data\": [{\"id\": \"ev_1\"}, {\"id\": \"ev_2\"}], \"links\": "
                          "{\"next\": \"/v1/events?starting_after=ev_2\"}}"));
  guichet_rest_paging_add_query (&cursor_paging, &state, query);
  g_assert_cmpstr (query->str, ==, "limit=2&starting_after=ev_2");
  /* a page adding no new id stops, even with a next link */
  g_assert_false (advance (&cursor_paging, &state,
                           "{\"data\": [{\"id\": \"ev_1\"}, {\"id\": \"ev_2\"}], \"links\": "
                           "{\"next\": \"/v1/events?starting_after=ev_2\"}}"));
  guichet_rest_page_state_clear (&state);

  /* links.next null stops */
  guichet_rest_page_state_init (&state);
  g_assert_false (
    advance (&cursor_paging, &state,
             "{\"data\": [{\"id\": \"ev_1\"}], \"links\": {\"next\": null, \"previous\": null}}"));
  guichet_rest_page_state_clear (&state);
}

static void
test_paging_since (void)
{
  static const GuichetRestPaging paging = {
    GUICHET_REST_PAGING_SINCE, "attendees", "ticket_code", "since", NULL, 0
  };
  GuichetRestPageState state;
  g_autoptr (GString) query = g_string_new (NULL);

  guichet_rest_page_state_init (&state);
  guichet_rest_paging_add_query (&paging, &state, query);
  g_assert_cmpstr (query->str, ==, "");
  g_assert_true (
    advance (&paging, &state,
             "{\"attendees\": [{\"ticket_code\": \"A1\"}, {\"ticket_code\": \"A2\"}]}"));
  guichet_rest_paging_add_query (&paging, &state, query);
  g_assert_cmpstr (query->str, ==, "since=A2");
  g_assert_false (advance (&paging, &state, "{\"attendees\": []}"));
  guichet_rest_page_state_clear (&state);
}

static void
test_paging_malformed (void)
{
  GuichetRestPageState state;
  g_autoptr (JsonNode) root = node ("{\"links\": {}}");
  g_autoptr (GError) error = NULL;

  guichet_rest_page_state_init (&state);
  g_assert_null (guichet_rest_paging_advance (&cursor_paging, &state, root, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  guichet_rest_page_state_clear (&state);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add ("/rest/call/unwraps", Fixture, NULL, fixture_set_up, test_call_unwraps,
              fixture_tear_down);
  g_test_add ("/rest/call/error-in-200", Fixture, NULL, fixture_set_up, test_call_error_in_200,
              fixture_tear_down);
  g_test_add ("/rest/call/session-refused", Fixture, NULL, fixture_set_up,
              test_call_session_refused, fixture_tear_down);
  g_test_add ("/rest/call/login", Fixture, NULL, fixture_set_up, test_call_login,
              fixture_tear_down);
  g_test_add ("/rest/call/no-secrets", Fixture, NULL, fixture_set_up, test_call_no_secrets,
              fixture_tear_down);
  g_test_add ("/rest/call/empty-write", Fixture, NULL, fixture_set_up, test_call_empty_write,
              fixture_tear_down);
  g_test_add ("/rest/call/paged", Fixture, NULL, fixture_set_up, test_call_paged,
              fixture_tear_down);
  g_test_add ("/rest/call/cursor", Fixture, "cursor", fixture_set_up, test_call_paged,
              fixture_tear_down);
  g_test_add_func ("/rest/paging/page", test_paging_page);
  g_test_add_func ("/rest/paging/cursor", test_paging_cursor);
  g_test_add_func ("/rest/paging/since", test_paging_since);
  g_test_add_func ("/rest/paging/malformed", test_paging_malformed);

  return g_test_run ();
}
