/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-http"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "guichet-test-utils.h"
#include "guichet-http-client-private.h"

/* A fake server on loopback, in this process, on the test's private main context.
 * Each path has one behaviour; hits counts the requests per path. */

typedef struct
{
  SoupServer        *server;
  char              *base;
  GHashTable        *hits;     /* path -> count */
  GPtrArray         *bodies;   /* request bodies seen on /retry-after */
  gint64             times[8]; /* arrival of /retry-after and /limit-* requests */
  guint              n_times;
  gboolean           hang_seen;
  char              *redirect_target;
  GuichetHttpClient *client;
  GMainContext      *context; /* private: the server, the client and their tasks run here */
} Fixture;

static guint
hits (Fixture    *f,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                      strlen (body));
}

static void
record_time (Fixture *f)
{
  if (f->n_times < G_N_ELEMENTS (f->times))
    f->times[f->n_times++] = g_get_monotonic_time ();
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture            *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody    *request = soup_server_message_get_request_body (msg);
  guint               n = hits (f, path) + 1;

  g_hash_table_insert (f->hits, g_strdup (path), GUINT_TO_POINTER (n));

  if (g_str_equal (path, "/json"))
    {
      respond (msg, 200, "{\"ok\": true, \"answer\": 42}");
    }
  else if (g_str_equal (path, "/retry-after"))
    {
      record_time (f);
      g_ptr_array_add (f->bodies, g_strndup (request->data, request->length));
      if (n == 1)
        {
          soup_message_headers_replace (headers, "Retry-After", "1");
          respond (msg, 429, "{\"message\": \"Slow down\"}");
        }
      else
        {
          respond (msg, 200, "{\"ok\": true}");
        }
    }
  else if (g_str_equal (path, "/retry-after-long"))
    {
      soup_message_headers_replace (headers, "Retry-After", "3600");
      respond (msg, 429, "{\"message\": \"Slow down\"}");
    }
  else if (g_str_equal (path, "/retry-after-huge"))
    {
      /* 4294968 s = 4294968000 ms: one past what a guint of milliseconds holds. */
      soup_message_headers_replace (headers, "Retry-After", "4294968");
      respond (msg, 429, NULL);
    }
  else if (g_str_equal (path, "/retry-after-date"))
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr (GDateTime) later = g_date_time_add_hours (now, 2);
      g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Retry-After", date);
      respond (msg, 429, NULL);
    }
  else if (g_str_equal (path, "/always-429"))
    {
      soup_message_headers_replace (headers, "Retry-After", "0");
      respond (msg, 429, NULL);
    }
  else if (g_str_equal (path, "/flaky"))
    {
      if (n == 1)
        respond (msg, 500, NULL);
      else
        respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/always-500"))
    {
      respond (msg, 500, "{\"message\": \"Database on fire\"}");
    }
  else if (g_str_equal (path, "/always-503"))
    {
      respond (msg, 503, NULL);
    }
  else if (g_str_equal (path, "/malformed"))
    {
      respond (msg, 200, "{\"ok\": tru");
    }
  else if (g_str_equal (path, "/empty"))
    {
      respond (msg, 200, "");
    }
  else if (g_str_equal (path, "/unauthorized"))
    {
      respond (msg, 401, "{\"error\": \"Invalid token\"}");
    }
  else if (g_str_equal (path, "/validation"))
    {
      respond (msg, 422,
               "{\"message\": \"The given data was invalid.\","
               " \"errors\": {\"email\": [\"is not an email\"], \"name\": [\"is required\"]}}");
    }
  else if (g_str_equal (path, "/hang"))
    {
      f->hang_seen = TRUE;
      soup_server_message_pause (msg);
    }
  else if (g_str_equal (path, "/redirect-ok"))
    {
      soup_message_headers_replace (headers, "Location", "/json");
      respond (msg, 302, NULL);
    }
  else if (g_str_equal (path, "/redirect-see-other"))
    {
      soup_message_headers_replace (headers, "Location", "/echo");
      respond (msg, 303, NULL);
    }
  else if (g_str_equal (path, "/redirect-307") || g_str_equal (path, "/redirect-308"))
    {
      soup_message_headers_replace (headers, "Location", f->redirect_target);
      respond (msg, g_str_equal (path, "/redirect-307") ? 307 : 308, NULL);
    }
  else if (g_str_equal (path, "/redirect-insecure"))
    {
      soup_message_headers_replace (headers, "Location", f->redirect_target);
      respond (msg, 302, NULL);
    }
  else if (g_str_equal (path, "/limit-used-up"))
    {
      record_time (f);
      soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", "0");
      soup_message_headers_replace (headers, "X-Rate-Limit-Reset", "1");
      respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/limit-low"))
    {
      /* one request left for the two seconds the window still lasts */
      record_time (f);
      soup_message_headers_replace (headers, "X-Rate-Limit-Limit", "2000");
      soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", "1");
      soup_message_headers_replace (headers, "X-Rate-Limit-Reset", "2");
      respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/limit-plenty"))
    {
      record_time (f);
      soup_message_headers_replace (headers, "X-Rate-Limit-Limit", "2000");
      soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", "200");
      soup_message_headers_replace (headers, "X-Rate-Limit-Reset", "3600");
      respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/limit-epoch"))
    {
      g_autofree char *reset =
        g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC + 2);

      record_time (f);
      soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (headers, "X-RateLimit-Reset", reset);
      respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/limit-next"))
    {
      record_time (f);
      respond (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/echo"))
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;
      GUri            *uri = soup_server_message_get_uri (msg);
      const char      *type =
        soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
      g_autofree char *body = g_strndup (request->data, request->length);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, soup_server_message_get_method (msg));
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, body);
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, type ? type : "");
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      respond (msg, 200, text);
    }
  else
    {
      respond (msg, 404, NULL);
    }
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->bodies = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (f->client, 10);
}

/* A worker thread of send_json may drop its last task reference just
 * after the callback ran: guichet_test_assert_finalize() gives it a moment. */
#define assert_finalized guichet_test_assert_finalize

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  assert_finalized (g_steal_pointer (&f->client));

  soup_server_disconnect (f->server);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_clear_pointer (&f->context, g_main_context_unref);
  g_clear_pointer (&f->hits, g_hash_table_unref);
  g_clear_pointer (&f->bodies, g_ptr_array_unref);
  g_clear_pointer (&f->base, g_free);
  g_clear_pointer (&f->redirect_target, g_free);
}

/* Synchronous wrappers for the tests */

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  JsonNode *node;
  GError   *error;
} Result;

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->bytes = guichet_http_client_send_finish (GUICHET_HTTP_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
on_json_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->node = guichet_http_client_send_json_finish (GUICHET_HTTP_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path)
{
  g_autoptr (GError) error = NULL;
  SoupMessage *msg;

  msg = guichet_http_client_new_message (f->client, method, f->base, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (msg);

  return msg;
}

static GBytes *
send_sync (GuichetHttpClient *client,
           SoupMessage       *msg,
           GuichetHttpFlags   flags,
           GError           **error)
{
  Result r = { 0 };

  guichet_http_client_send_async (client, msg, flags, NULL, on_sent, &r);
  guichet_test_wait_until (&r.done);

  g_assert_true ((r.bytes == NULL) == (r.error != NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.bytes;
}

static JsonNode *
send_json_sync (GuichetHttpClient *client,
                SoupMessage       *msg,
                GuichetHttpFlags   flags,
                GError           **error)
{
  Result r = { 0 };

  guichet_http_client_send_json_async (client, msg, flags, NULL, on_json_sent, &r);
  guichet_test_wait_until (&r.done);

  g_assert_true ((r.node == NULL) == (r.error != NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.node;
}

static JsonNode *
get_json (Fixture         *f,
          const char      *method,
          const char      *path,
          GuichetHttpFlags flags,
          GError         **error)
{
  g_autoptr (SoupMessage) msg = new_message (f, method, path);

  return send_json_sync (f->client, msg, flags, error);
}

/* Addresses and encoding */

static void
test_check_uri (void)
{
  static const char * const good[] = {
    "https://api.weezevent.com", "https://example.invalid/path?q=1",
    "http://127.0.0.1:8080/",    "http://127.0.0.5/",
    "http://[::1]:8080/v1",      "http://localhost/",
    "http://LOCALHOST:9000",
  };
  static const char * const insecure[] = {
    "http://example.invalid/",
    "http://127.0.0.1.evil.invalid/",
    "http://localhost.evil.invalid/",
    "http://198.18.0.2/",
    "http://[::2]/",
    "http://128.0.0.1/",
    "ftp://example.invalid/",
    "ftp://127.0.0.1/",
    "ws://localhost/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", good[i]);
      g_assert_true (guichet_http_client_check_uri (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", insecure[i]);
      g_assert_false (guichet_http_client_check_uri (insecure[i], &error));
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
      g_assert_nonnull (strstr (error->message, "HTTPS"));
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_false (guichet_http_client_check_uri ("http://example.invalid/", &error));
    g_assert_cmpstr (error->message, ==,
                     "Guichet only talks to example.invalid over HTTPS. "
                     "Change the address to start with https://.");
  }

  {
    g_autoptr (GError) error = NULL;

    g_assert_false (guichet_http_client_check_uri ("not a url", &error));
    g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  }
}

static void
test_normalize_base_url (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } good[] = {
    { "https://api.weezevent.com", "https://api.weezevent.com" },
    { "https://api.weezevent.com/", "https://api.weezevent.com" },
    { " https://example.invalid/v1/// ", "https://example.invalid/v1" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
  };
  static const char * const user_info[] = {
    "https://user:hunter2@example.invalid/",
    "https://user@example.invalid",
    "http://user:hunter2@127.0.0.1:8080/",
  };
  static const char * const query[] = {
    "https://example.invalid/?",
    "https://example.invalid/api?key=1",
    "https://example.invalid/api#top",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = guichet_http_client_normalize_base_url (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (user_info); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = guichet_http_client_normalize_base_url (user_info[i], &error);

      g_assert_null (normalized);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "user name or password"));
      g_assert_null (strstr (error->message, "hunter2"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (query); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = guichet_http_client_normalize_base_url (query[i], &error);

      g_assert_null (normalized);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "“?…” or “#…”"));
    }

  {
    g_autoptr (GError) error = NULL;
    g_autofree char *normalized =
      guichet_http_client_normalize_base_url ("http://example.invalid/", &error);

    g_assert_null (normalized);
    g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
  }
}

static void
test_new_message_joins_slashes (void)
{
  g_autoptr (GuichetHttpClient) client = guichet_http_client_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *uri = NULL;

  message = guichet_http_client_new_message (client, "GET", "https://example.invalid/api//",
                                             "/v3/events", "page=1", &error);
  g_assert_no_error (error);
  uri = g_uri_to_string (soup_message_get_uri (message));
  g_assert_cmpstr (uri, ==, "https://example.invalid/api/v3/events?page=1");
}

static void
test_new_message_refuses_insecure (void)
{
  g_autoptr (GuichetHttpClient) client = guichet_http_client_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GUri) uri = NULL;

  msg = guichet_http_client_new_message (client, "GET", "http://example.invalid", "/events", NULL,
                                         &error);
  g_assert_null (msg);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
  g_clear_error (&error);

  /* The path is appended as written, the query after a "?". */
  msg = guichet_http_client_new_message (client, "GET", "https://api.example.invalid/v1", "/events",
                                         "a=1&b[]=2", &error);
  g_assert_no_error (error);
  uri = g_uri_ref (soup_message_get_uri (msg));
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/v1/events");
  g_assert_cmpstr (g_uri_get_query (uri), ==, "a=1&b[]=2");
  g_assert_true (soup_message_query_flags (msg, SOUP_MESSAGE_NO_REDIRECT));
}

static void
test_query_add (void)
{
  g_autoptr (GString) query = g_string_new (NULL);

  guichet_http_query_add (query, "id_event[]", "1");
  guichet_http_query_add (query, "date_ticket[138][]", "2");
  guichet_http_query_add (query, "q", "a b&c=d/é");
  guichet_http_query_add (query, "empty", NULL);

  g_assert_cmpstr (query->str, ==,
                   "id_event[]=1&date_ticket[138][]=2&q=a%20b%26c%3Dd%2F%C3%A9&empty=");
}

static void
test_redact (void)
{
  g_autofree char *a = _guichet_http_redact_uri (
    "https://api.example.invalid/events?api_key=SECRET1&id_event[]=3&access_token=SECRET2");
  g_autofree char *b =
    _guichet_http_redact_uri ("https://user:SECRET3@api.example.invalid/x?token=SECRET4");
  g_autofree char *c = _guichet_http_redact_uri ("https://api.example.invalid/x");

  g_assert_cmpstr (
    a, ==,
    "https://api.example.invalid/events?api_key=REDACTED&id_event[]=3&access_token=REDACTED");
  g_assert_null (strstr (b, "SECRET"));
  g_assert_nonnull (strstr (b, "token=REDACTED"));
  g_assert_cmpstr (c, ==, "https://api.example.invalid/x");
}

static void
test_check_response (void)
{
  static const struct
  {
    guint       status;
    const char *body;
    int         code;
    const char *contains;
  } cases[] = {
    { 401, "{\"error\": \"Invalid token\"}", GUICHET_ERROR_AUTH_REJECTED, "Invalid token" },
    { 401, NULL, GUICHET_ERROR_AUTH_REJECTED, "Sign in again" },
    { 401, "{\"error\": \"invalid_grant\", \"error_description\": \"Wrong password\"}",
      GUICHET_ERROR_AUTH_REJECTED, "Wrong password" },
    { 403, "", GUICHET_ERROR_FORBIDDEN, "not allowed" },
    { 404, "{\"error\": {\"message\": \"No such event\", \"code\": 12}}", GUICHET_ERROR_NOT_FOUND,
      "No such event" },
    { 409, "{\"errors\": [{\"field\": \"email\", \"message\": \"is taken\"}]}",
      GUICHET_ERROR_VALIDATION, "email: is taken" },
    { 400, "{\"errors\": [\"Bad date\", \"Bad name\"]}", GUICHET_ERROR_VALIDATION,
      "Bad date; Bad name" },
    { 422, "{\"errors\": {\"email\": [\"is invalid\"]}}", GUICHET_ERROR_VALIDATION,
      "email: is invalid" },
    { 400, "{\"message\": [\"email must be an email\"]}", GUICHET_ERROR_VALIDATION,
      "email must be an email" },
    { 400, "Missing parameter\n", GUICHET_ERROR_VALIDATION, "Missing parameter" },
    { 429, NULL, GUICHET_ERROR_RATE_LIMITED, "too many requests" },
    { 500, "{\"message\": \"Database on fire\"}", GUICHET_ERROR_SERVER, "Database on fire" },
    { 502, "<html><body>Bad gateway</body></html>", GUICHET_ERROR_SERVER, "502" },
    { 418, NULL, GUICHET_ERROR_FAILED, "418" },
  };

  g_assert_true (guichet_http_check_response (200, "OK", NULL, NULL));
  g_assert_true (guichet_http_check_response (204, NULL, NULL, NULL));
  g_assert_false (guichet_http_check_response (500, NULL, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body =
        cases[i].body ? g_bytes_new_static (cases[i].body, strlen (cases[i].body)) : NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("case %u: %u", i, cases[i].status);
      g_assert_false (guichet_http_check_response (cases[i].status, NULL, body, &error));
      g_assert_error (error, GUICHET_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].contains));
    }
}

/* Sending */

static void
test_json_ok (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "GET", "/json", GUICHET_HTTP_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "answer"), ==, 42);
  g_assert_cmpuint (hits (f, "/json"), ==, 1);
}

static void
test_query_and_form (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *echo;

  guichet_http_query_add (query, "id_event[]", "1");
  guichet_http_query_add (query, "date_ticket[138][]", "2");
  msg = guichet_http_client_new_message (f->client, "POST", f->base, "/echo", query->str, &error);
  g_assert_no_error (error);

  g_hash_table_insert (form, (gpointer) "username", (gpointer) "door@example.invalid");
  guichet_http_message_set_form (msg, form);

  node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  echo = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (echo, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (echo, "query"), ==,
                   "id_event[]=1&date_ticket[138][]=2");
  g_assert_cmpstr (json_object_get_string_member (echo, "body"), ==,
                   "username=door%40example.invalid");
  g_assert_cmpstr (json_object_get_string_member (echo, "content_type"), ==,
                   "application/x-www-form-urlencoded");
}

static void
test_retry_after (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (SoupMessage) msg = new_message (f, "POST", "/retry-after");
  g_autoptr (JsonNode) body = json_from_string ("{\"code\": \"ABC\"}", NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  /* A POST: not idempotent, but a 429 was not processed, so it is re-sent. */
  guichet_http_message_set_json (msg, body);
  node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits (f, "/retry-after"), ==, 2);
  g_assert_cmpuint (_guichet_http_client_get_n_attempts (f->client), ==, 2);
  /* The client waited the second the server asked for... */
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==, 1000);
  g_assert_cmpuint (f->n_times, ==, 2);
  g_assert_cmpint (f->times[1] - f->times[0], >=, G_USEC_PER_SEC);
  /* ...and the body went out whole both times. */
  g_assert_cmpuint (f->bodies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->bodies, 0), ==, "{\"code\":\"ABC\"}");
  g_assert_cmpstr (g_ptr_array_index (f->bodies, 1), ==, "{\"code\":\"ABC\"}");
}

typedef struct
{
  guint           n;
  SoupMessage    *message; /* the last's, not owned */
  guint           seconds;
  GuichetHttpWait reason;
} Waits;

static void
on_waiting (GuichetHttpClient *client,
            SoupMessage       *message,
            guint              seconds,
            GuichetHttpWait    reason,
            gpointer           user_data)
{
  Waits *waits = user_data;

  waits->n++;
  waits->message = message;
  waits->seconds = seconds;
  waits->reason = reason;
}

/* A wait of a second or more is told (a sync shows it), with its cause. */
static void
test_waiting_told (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (SoupMessage) asked = new_message (f, "GET", "/retry-after");
  g_autoptr (SoupMessage) first = new_message (f, "GET", "/json");
  g_autoptr (SoupMessage) second = new_message (f, "GET", "/json");
  g_autoptr (GUri) base = g_uri_parse (f->base, G_URI_FLAGS_NONE, NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  Waits   waits = { 0 };
  guint64 waited_ms;

  g_signal_connect (f->client, "waiting", G_CALLBACK (on_waiting), &waits);

  /* Retry-After: 1 */
  node = send_json_sync (f->client, asked, GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waits.n, ==, 1);
  g_assert_true (waits.message == asked);
  g_assert_cmpuint (waits.seconds, ==, 1);
  g_assert_cmpint (waits.reason, ==, GUICHET_HTTP_WAIT_SERVER);

  /* The second of 1 in 2.5 s waits for the limit: told as 2 or 3 s. */
  guichet_http_client_limit_host (f->client, g_uri_get_host (base), g_uri_get_port (base), 1, 2500);
  g_clear_pointer (&node, json_node_unref);
  node = send_json_sync (f->client, first, GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waits.n, ==, 1);
  g_clear_pointer (&node, json_node_unref);
  node = send_json_sync (f->client, second, GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waits.n, ==, 2);
  g_assert_true (waits.message == second);
  g_assert_cmpuint (waits.seconds, >=, 2);
  g_assert_cmpuint (waits.seconds, <=, 3);
  g_assert_cmpint (waits.reason, ==, GUICHET_HTTP_WAIT_REQUEST_LIMIT);

  /* Short waits are not told. */
  waited_ms = _guichet_http_client_get_waited_ms (f->client);
  guichet_http_client_limit_host (f->client, g_uri_get_host (base), g_uri_get_port (base), 1, 200);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (SoupMessage) quick = new_message (f, "GET", "/json");

      g_clear_pointer (&node, json_node_unref);
      node = send_json_sync (f->client, quick, GUICHET_HTTP_DEFAULT, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), >, waited_ms);
  g_assert_cmpuint (waits.n, ==, 2);
}

static void
test_retry_after_too_long (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node =
    get_json (f, "GET", "/retry-after-long", GUICHET_HTTP_DEFAULT, &error);

  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "Slow down"));
  g_assert_nonnull (strstr (error->message, "Try again in 60 minutes."));
  g_assert_cmpuint (hits (f, "/retry-after-long"), ==, 1);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==, 0);
  g_clear_error (&error);

  /* The same with an HTTP-date two hours ahead. */
  node = get_json (f, "GET", "/retry-after-date", GUICHET_HTTP_DEFAULT, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "too many requests"));
  g_assert_nonnull (strstr (error->message, "minutes."));
  g_assert_cmpuint (hits (f, "/retry-after-date"), ==, 1);
}

static void
test_retry_after_huge (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SoupMessage) msg = new_message (f, "GET", "/retry-after-huge");
  Result r = { 0 };

  /* With max-wait at its largest, a Retry-After beyond 49.7 days of
   * milliseconds is honoured as asked, not wrapped round to 704 ms. */
  guichet_http_client_set_max_wait (f->client, G_MAXUINT);
  guichet_http_client_send_async (f->client, msg, 0, cancellable, on_sent, &r);
  while (_guichet_http_client_get_waited_ms (f->client) == 0)
    g_main_context_iteration (f->context, TRUE);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==,
                    G_GUINT64_CONSTANT (4294968000));

  g_cancellable_cancel (cancellable);
  guichet_test_wait_until (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.bytes);
  g_assert_cmpuint (hits (f, "/retry-after-huge"), ==, 1);
  g_clear_error (&r.error);
}

static void
test_rate_limited_exhausted (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  guichet_http_client_set_max_retries (f->client, 2);
  node = get_json (f, "GET", "/always-429", GUICHET_HTTP_DEFAULT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "Try again in"));
  g_assert_cmpuint (hits (f, "/always-429"), ==, 3);
}

static void
test_no_retry_429 (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "POST", "/retry-after", GUICHET_HTTP_NO_RETRY, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "Try again in 1 second."));
  g_assert_cmpuint (hits (f, "/retry-after"), ==, 1);
}

static void
test_get_500_retried (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "GET", "/flaky", GUICHET_HTTP_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (hits (f, "/flaky"), ==, 2);
}

static void
test_idempotent_post_retried (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "POST", "/flaky", GUICHET_HTTP_IDEMPOTENT, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits (f, "/flaky"), ==, 2);
}

static void
test_post_500_not_retried (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "POST", "/always-500", GUICHET_HTTP_DEFAULT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "Database on fire");
  g_assert_cmpuint (hits (f, "/always-500"), ==, 1);
}

static void
test_no_retry_login (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node =
    get_json (f, "GET", "/always-500", GUICHET_HTTP_NO_RETRY | GUICHET_HTTP_IDEMPOTENT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpuint (hits (f, "/always-500"), ==, 1);
}

static void
test_503_exhausted (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  guichet_http_client_set_max_retries (f->client, 2);
  node = get_json (f, "GET", "/always-503", GUICHET_HTTP_DEFAULT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  g_assert_cmpuint (hits (f, "/always-503"), ==, 3);
}

static void
test_malformed (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "GET", "/malformed", GUICHET_HTTP_DEFAULT, &error);

  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "The server sent a reply that is not valid JSON"));
  g_clear_error (&error);

  node = get_json (f, "GET", "/empty", GUICHET_HTTP_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_error_bodies (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "GET", "/unauthorized", GUICHET_HTTP_DEFAULT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "Invalid token"));
  g_assert_cmpuint (hits (f, "/unauthorized"), ==, 1);
  g_clear_error (&error);

  node = get_json (f, "POST", "/validation", GUICHET_HTTP_DEFAULT, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "email: is not an email"));
  g_assert_nonnull (strstr (error->message, "name: is required"));
  g_clear_error (&error);

  node = get_json (f, "GET", "/nowhere", GUICHET_HTTP_DEFAULT, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_cmpuint (hits (f, "/nowhere"), ==, 1);
}

static void
test_timeout (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  guichet_http_client_set_timeout (f->client, 1);
  node = get_json (f, "GET", "/hang", GUICHET_HTTP_DEFAULT, &error);

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_TIMEOUT);
  g_assert_true (f->hang_seen);
  /* A server that makes no progress is not asked again. */
  g_assert_cmpuint (hits (f, "/hang"), ==, 1);
}

static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SoupMessage) msg = new_message (f, "GET", "/hang");
  g_autoptr (SoupMessage) msg2 = new_message (f, "GET", "/always-503");
  Result r = { 0 };
  Result r2 = { 0 };

  /* While the request is out. */
  guichet_http_client_send_async (f->client, msg, 0, cancellable, on_sent, &r);
  guichet_test_wait_until (&f->hang_seen);
  g_cancellable_cancel (cancellable);
  guichet_test_wait_until (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  /* While waiting to retry: a long backoff does not hold the caller. */
  g_cancellable_reset (cancellable);
  guichet_http_client_set_backoff_ms (f->client, 3600 * 1000);
  guichet_http_client_send_async (f->client, msg2, 0, cancellable, on_sent, &r2);
  while (hits (f, "/always-503") < 1)
    g_main_context_iteration (f->context, TRUE);
  g_cancellable_cancel (cancellable);
  guichet_test_wait_until (&r2.done);
  g_assert_error (r2.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hits (f, "/always-503"), ==, 1);
  g_clear_error (&r2.error);
}

static void
test_network_error (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *base = NULL;
  guint            port;

  /* Take a free port, then close it. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  base = g_strdup_printf ("http://127.0.0.1:%u", port);
  guichet_http_client_set_max_retries (f->client, 1);
  msg = guichet_http_client_new_message (f->client, "GET", base, "/", NULL, &error);
  g_assert_no_error (error);

  bytes = send_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
  g_assert_null (bytes);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK);
  /* A GET is tried again after a network error. */
  g_assert_cmpuint (_guichet_http_client_get_n_attempts (f->client), ==, 2);
}

static void
test_rate_limit_headers (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) first = get_json (f, "GET", "/limit-used-up", GUICHET_HTTP_DEFAULT, &error);
  g_autoptr (JsonNode) second = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==, 0);

  /* The server said the limit is used up for a second: the next request
   * waits for it. */
  second = get_json (f, "GET", "/limit-next", GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), >, 0);
  g_assert_cmpuint (f->n_times, ==, 2);
  g_assert_cmpint (f->times[1] - f->times[0], >=, G_USEC_PER_SEC);
}

/* Nearly used up: the client slows down before the limit, spreading what
 * is left over what is left of the window; with plenty left, no wait. */
static void
test_rate_limit_pacing (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) plenty = get_json (f, "GET", "/limit-plenty", GUICHET_HTTP_DEFAULT, &error);
  g_autoptr (JsonNode) low = NULL;
  g_autoptr (JsonNode) next = NULL;

  g_assert_no_error (error);
  /* 200 left of 2000: not yet */
  low = get_json (f, "GET", "/limit-low", GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==, 0);

  /* 1 left for 2 s: the next request goes a second later */
  next = get_json (f, "GET", "/limit-next", GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), >, 0);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), <=, 1000);
  g_assert_cmpuint (f->n_times, ==, 3);
  g_assert_cmpint (f->times[2] - f->times[1], >=, G_USEC_PER_SEC - 10000);
}

static void
test_rate_limit_epoch (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) first = get_json (f, "GET", "/limit-epoch", GUICHET_HTTP_DEFAULT, &error);
  g_autoptr (JsonNode) second = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), ==, 0);

  /* The reset is an epoch time one to two seconds ahead. */
  second = get_json (f, "GET", "/limit-next", GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), >, 0);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), <=, 2000);
  g_assert_cmpuint (f->n_times, ==, 2);
  g_assert_cmpint (f->times[1] - f->times[0], >=, G_USEC_PER_SEC);
}

static void
test_redirect_followed (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = get_json (f, "GET", "/redirect-ok", GUICHET_HTTP_DEFAULT, &error);
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (JsonNode) body = json_from_string ("{\"a\": 1}", NULL);
  JsonObject *echo;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "answer"), ==, 42);
  g_assert_cmpuint (hits (f, "/redirect-ok"), ==, 1);
  g_assert_cmpuint (hits (f, "/json"), ==, 1);
  g_clear_pointer (&node, json_node_unref);

  /* 303 turns a POST into a GET without body. */
  msg = new_message (f, "POST", "/redirect-see-other");
  guichet_http_message_set_json (msg, body);
  node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
  g_assert_no_error (error);
  echo = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (echo, "method"), ==, "GET");
  g_assert_cmpstr (json_object_get_string_member (echo, "body"), ==, "");
}

/* https:// to a port that speaks plain HTTP: the handshake never ends (the
 * server waits for a request line). It fails on the handshake timeout,
 * saying so, not after the whole request timeout and retries. */
static void
test_tls_to_plain_http (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *https = g_strdup_printf ("https://%s", f->base + strlen ("http://"));
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  _guichet_http_client_set_tls_timeout (f->client, 1);
  msg = guichet_http_client_new_message (f->client, "GET", https, "/json", NULL, &error);
  g_assert_no_error (error);
  node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "does not answer in TLS"));
  g_assert_cmpuint (_guichet_http_client_get_n_attempts (f->client), ==, 1);
  g_assert_cmpuint (hits (f, "/json"), ==, 0);
}

/* Another origin on loopback (another port): records what reaches it. */
typedef struct
{
  guint hits;
  char *authorization;
  char *api_key;
  char *auth_token;
  char *accept;
  char *body;
} OtherOrigin;

static void
other_origin_callback (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  OtherOrigin        *other = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody    *body = soup_server_message_get_request_body (msg);

  other->hits++;
  g_free (other->authorization);
  other->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (other->api_key);
  other->api_key = g_strdup (soup_message_headers_get_one (headers, "X-Api-Key"));
  g_free (other->auth_token);
  other->auth_token = g_strdup (soup_message_headers_get_one (headers, "X-Auth-Token"));
  g_free (other->accept);
  other->accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));
  g_free (other->body);
  other->body = g_strndup (body->data ? body->data : "", body->length);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, "{\"other\": true}",
                                    15);
}

static void
add_credentials (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", "Bearer tok-123");
  soup_message_headers_replace (headers, "X-Api-Key", "key-456");
  soup_message_headers_replace (headers, "X-Auth-Token", "tok-789");
}

static void
test_redirect_cross_origin_credentials (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  OtherOrigin other = { 0 };
  GSList     *uris;

  soup_server_add_handler (server, NULL, other_origin_callback, &other, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  f->redirect_target =
    g_strdup_printf ("http://127.0.0.1:%d/elsewhere", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* A sign-in POST sent on by 307 or 308: the body (a password) never
   * reaches the other origin, and the error says why. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (SoupMessage) msg =
        new_message (f, "POST", i == 0 ? "/redirect-307" : "/redirect-308");
      g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (JsonNode) node = NULL;

      g_hash_table_insert (form, (gpointer) "username", (gpointer) "jo");
      g_hash_table_insert (form, (gpointer) "password", (gpointer) "hunter2");
      guichet_http_message_set_form (msg, form);
      add_credentials (msg);
      node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
      g_assert_null (node);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
      g_assert_nonnull (strstr (error->message, "another server"));
      g_clear_error (&error);
      g_assert_cmpuint (other.hits, ==, 0);
    }

  /* A GET is followed, without the credentials in its headers. */
  {
    g_autoptr (SoupMessage) msg = new_message (f, "GET", "/redirect-307");
    g_autoptr (JsonNode) node = NULL;

    add_credentials (msg);
    node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "other"));
    g_assert_cmpuint (other.hits, ==, 1);
    g_assert_null (other.authorization);
    g_assert_null (other.api_key);
    g_assert_null (other.auth_token);
    g_assert_cmpstr (other.accept, ==, "application/json");
    g_assert_cmpstr (other.body, ==, "");
  }

  /* Within one origin, a 307 keeps the body and the credentials. */
  {
    g_autoptr (SoupMessage) msg = new_message (f, "POST", "/redirect-307");
    g_autoptr (JsonNode) body = json_from_string ("{\"a\": 1}", NULL);
    g_autoptr (JsonNode) node = NULL;

    g_free (f->redirect_target);
    f->redirect_target = g_strdup ("/echo");
    guichet_http_message_set_json (msg, body);
    node = send_json_sync (f->client, msg, GUICHET_HTTP_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "method"), ==,
                     "POST");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "body"), ==,
                     "{\"a\":1}");
  }

  soup_server_disconnect (server);
  g_free (other.authorization);
  g_free (other.api_key);
  g_free (other.auth_token);
  g_free (other.accept);
  g_free (other.body);
}

/* A non-loopback test host in a network namespace (see HARNESS.md
 * "Network"), listening on port 8080 and logging every connection. Only
 * available as root with iproute2. */

typedef struct
{
  char        *ns;
  char        *veth_host;
  char        *veth_peer;
  char        *address;
  char        *dir;
  char        *log_path;
  GSubprocess *listener;
  gboolean     link_added;
  gboolean     ns_added;
} TestHost;

static const char listener_script[] =
  "import ctypes, socket, sys\n"
  "ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG: die with the test\n"
  "s = socket.socket()\n"
  "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
  "s.bind((sys.argv[1], 8080))\n"
  "s.listen(16)\n"
  "print('ready', flush=True)\n"
  "while True:\n"
  "    c, a = s.accept()\n"
  "    with open(sys.argv[2], 'a') as f:\n"
  "        f.write('%s:%d\\n' % a)\n"
  "    c.sendall(b'x')\n"
  "    c.close()\n";

static gboolean run_command (const char *format,
                             ...) G_GNUC_PRINTF (1,
                                                 2);

static gboolean
run_command (const char *format,
             ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *err = NULL;
  va_list          args;
  int              status;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);

  if (!g_spawn_command_line_sync (command, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s: %s %s", command, error->message, err ? err : "");
      return FALSE;
    }

  return TRUE;
}

static void
test_host_free (TestHost *host)
{
  if (host->listener != NULL)
    {
      g_subprocess_force_exit (host->listener);
      g_subprocess_wait (host->listener, NULL, NULL);
      g_clear_object (&host->listener);
    }

  if (host->link_added)
    run_command ("ip link del %s", host->veth_host);
  if (host->ns_added)
    run_command ("ip netns del %s", host->ns);

  if (host->log_path != NULL)
    g_unlink (host->log_path);
  if (host->dir != NULL)
    g_rmdir (host->dir);

  g_free (host->ns);
  g_free (host->veth_host);
  g_free (host->veth_peer);
  g_free (host->address);
  g_free (host->dir);
  g_free (host->log_path);
  g_free (host);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestHost, test_host_free)

/* Namespaces left behind by runs of this test that crashed. */
static void
remove_stale_hosts (void)
{
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_spawn_command_line_sync ("ip netns list", &out, NULL, NULL, NULL) || out == NULL)
    return;

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64          pid;
      g_autofree char *proc = NULL;
      g_auto (GStrv) words = g_strsplit (lines[i], " ", 2);

      if (words[0] == NULL || !g_str_has_prefix (words[0], "guichet-http-") ||
          !g_ascii_string_to_unsigned (words[0] + strlen ("guichet-http-"), 10, 1, G_MAXINT, &pid,
                                       NULL))
        continue;

      proc = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT, pid);
      if (g_file_test (proc, G_FILE_TEST_EXISTS))
        continue;

      run_command ("ip link del gh%" G_GUINT64_FORMAT "a", pid);
      run_command ("ip netns del %s", words[0]);
    }
}

static TestHost *
test_host_new (void)
{
  g_autoptr (TestHost) host = g_new0 (TestHost, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *ip = g_find_program_in_path ("ip");
  g_autofree char *line = NULL;
  g_autofree char *host_address = NULL;
  guint            pid = (guint) getpid ();
  guint            index = pid % 16384;

  if (geteuid () != 0 || ip == NULL || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  remove_stale_hosts ();

  /* Names and a /30 in 198.18.0.0/16 of our own, so parallel runs do not meet. */
  host->ns = g_strdup_printf ("guichet-http-%u", pid);
  host->veth_host = g_strdup_printf ("gh%ua", pid);
  host->veth_peer = g_strdup_printf ("gh%ub", pid);
  host_address = g_strdup_printf ("198.18.%u.%u", index / 64, (index % 64) * 4 + 1);
  host->address = g_strdup_printf ("198.18.%u.%u", index / 64, (index % 64) * 4 + 2);

  if (!run_command ("ip netns add %s", host->ns))
    return NULL;
  host->ns_added = TRUE;

  if (!run_command ("ip link add %s type veth peer name %s", host->veth_host, host->veth_peer))
    return NULL;
  host->link_added = TRUE;

  if (!run_command ("ip link set %s netns %s", host->veth_peer, host->ns) ||
      !run_command ("ip addr add %s/30 dev %s", host_address, host->veth_host) ||
      !run_command ("ip link set %s up", host->veth_host) ||
      !run_command ("ip netns exec %s ip addr add %s/30 dev %s", host->ns, host->address,
                    host->veth_peer) ||
      !run_command ("ip netns exec %s ip link set %s up", host->ns, host->veth_peer))
    return NULL;

  host->dir = g_dir_make_tmp ("guichet-http-XXXXXX", &error);
  g_assert_no_error (error);
  host->log_path = g_build_filename (host->dir, "connections.log", NULL);

  host->listener =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                      "ip", "netns", "exec", host->ns, "/usr/bin/python3", "-c", listener_script,
                      host->address, host->log_path, NULL);
  if (host->listener == NULL)
    {
      g_test_message ("listener: %s", error->message);
      return NULL;
    }

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (host->listener));
  line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  if (g_strcmp0 (line, "ready") != 0)
    {
      g_test_message ("listener did not start");
      return NULL;
    }

  return g_steal_pointer (&host);
}

static guint
test_host_count_connections (TestHost *host)
{
  g_autofree char *contents = NULL;
  guint            n = 0;

  if (!g_file_get_contents (host->log_path, &contents, NULL, NULL))
    return 0;

  for (const char *p = contents; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

/* Connects once by hand: proves the listener would have seen the client. */
static void
test_host_assert_reachable (TestHost *host,
                            guint     expected_before)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  char byte = 0;

  g_assert_cmpuint (test_host_count_connections (host), ==, expected_before);

  connection = g_socket_client_connect_to_host (client, host->address, 8080, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                        &byte, 1, NULL, &error),
                   ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (byte, ==, 'x');

  g_assert_cmpuint (test_host_count_connections (host), ==, expected_before + 1);
}

static void
test_insecure_refused (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (TestHost) host = test_host_new ();
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (SoupMessage) raw = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  base =
    host ? g_strdup_printf ("http://%s:8080", host->address) : g_strdup ("http://guichet.invalid");

  /* Through new_message... */
  msg = guichet_http_client_new_message (f->client, "GET", base, "/events", NULL, &error);
  g_assert_null (msg);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
  g_clear_error (&error);

  /* ...and a message made by hand. */
  uri = g_strconcat (base, "/events", NULL);
  raw = soup_message_new ("GET", uri);
  bytes = send_sync (f->client, raw, GUICHET_HTTP_DEFAULT, &error);
  g_assert_null (bytes);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
  g_assert_cmpuint (_guichet_http_client_get_n_attempts (f->client), ==, 0);

  if (host == NULL)
    {
      g_test_skip (
        "Needs root and iproute2 for a network namespace: not checking that nothing connected");
      return;
    }

  test_host_assert_reachable (host, 0);
}

static void
test_redirect_insecure_refused (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (TestHost) host = test_host_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  f->redirect_target = host ? g_strdup_printf ("http://%s:8080/", host->address)
                            : g_strdup ("http://guichet.invalid/");

  node = get_json (f, "GET", "/redirect-insecure", GUICHET_HTTP_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE);
  g_assert_cmpuint (hits (f, "/redirect-insecure"), ==, 1);
  g_assert_cmpuint (_guichet_http_client_get_n_attempts (f->client), ==, 1);

  if (host == NULL)
    {
      g_test_skip (
        "Needs root and iproute2 for a network namespace: not checking that nothing connected");
      return;
    }

  test_host_assert_reachable (host, 0);
}

static void
test_properties (void)
{
  g_autoptr (GuichetHttpClient) client = guichet_http_client_new ();
  guint timeout, retries, backoff, wait;

  g_object_get (client, "timeout", &timeout, "max-retries", &retries, "backoff-ms", &backoff,
                "max-wait", &wait, NULL);
  g_assert_cmpuint (timeout, ==, 30);
  g_assert_cmpuint (retries, ==, 3);
  g_assert_cmpuint (backoff, ==, 500);
  g_assert_cmpuint (wait, ==, 120);
  g_assert_cmpuint (soup_session_get_timeout (guichet_http_client_get_session (client)), ==, 30);

  guichet_http_client_set_timeout (client, 5);
  g_assert_cmpuint (soup_session_get_timeout (guichet_http_client_get_session (client)), ==, 5);
  g_assert_cmpuint (soup_session_get_idle_timeout (guichet_http_client_get_session (client)), ==,
                    5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/http-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/http-client/check-uri", test_check_uri);
  g_test_add_func ("/http-client/normalize-base-url", test_normalize_base_url);
  g_test_add_func ("/http-client/new-message-joins-slashes", test_new_message_joins_slashes);
  g_test_add_func ("/http-client/new-message", test_new_message_refuses_insecure);
  g_test_add_func ("/http-client/query-add", test_query_add);
  g_test_add_func ("/http-client/redact", test_redact);
  g_test_add_func ("/http-client/check-response", test_check_response);
  g_test_add_func ("/http-client/properties", test_properties);
  ADD ("json-ok", test_json_ok);
  ADD ("query-and-form", test_query_and_form);
  ADD ("retry-after", test_retry_after);
  ADD ("retry-after-too-long", test_retry_after_too_long);
  ADD ("waiting-told", test_waiting_told);
  ADD ("retry-after-huge", test_retry_after_huge);
  ADD ("rate-limited-exhausted", test_rate_limited_exhausted);
  ADD ("rate-limit-pacing", test_rate_limit_pacing);
  ADD ("no-retry-429", test_no_retry_429);
  ADD ("rate-limit-headers", test_rate_limit_headers);
  ADD ("rate-limit-epoch", test_rate_limit_epoch);
  ADD ("get-500-retried", test_get_500_retried);
  ADD ("idempotent-post-retried", test_idempotent_post_retried);
  ADD ("post-500-not-retried", test_post_500_not_retried);
  ADD ("no-retry-login", test_no_retry_login);
  ADD ("503-exhausted", test_503_exhausted);
  ADD ("malformed", test_malformed);
  ADD ("error-bodies", test_error_bodies);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
  ADD ("network-error", test_network_error);
  ADD ("redirect-followed", test_redirect_followed);
  ADD ("tls-to-plain-http", test_tls_to_plain_http);
  ADD ("redirect-cross-origin-credentials", test_redirect_cross_origin_credentials);
  ADD ("insecure-refused", test_insecure_refused);
  ADD ("redirect-insecure-refused", test_redirect_insecure_refused);

#undef ADD

  return g_test_run ();
}
