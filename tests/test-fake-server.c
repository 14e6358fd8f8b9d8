/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "guichet-fake-server.h"
#include "guichet-test-utils.h"

/* The provider test kit's fake server: routes, files, faults, request log.
 * A plain SoupSession talks to it (blocking is fine: the server has its own
 * thread). */

typedef struct
{
  GuichetFakeServer *server;
  SoupSession       *session;
} Fixture;

static void
echo_handler (GuichetFakeServer *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char      *name = query ? g_hash_table_lookup (query, "name") : NULL;
  g_autofree char *json =
    g_strdup_printf ("{\"hello\": \"%s\", \"path\": \"%s\"}", name ? name : "", path);

  g_assert_true (g_thread_self () != user_data);
  guichet_fake_reply_take (msg, 200, g_steal_pointer (&json));
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->server = guichet_fake_server_new ("weezevent", &error);
  g_assert_no_error (error);
  guichet_fake_server_add_file (f->server, "GET", "/dates", 200, "dates.json");
  guichet_fake_server_add_route (f->server, NULL, "/echo/*", echo_handler, g_thread_self ());
  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->server);
}

/* Status (0 when the connection failed), body in *body */
static guint
send (Fixture    *f,
      const char *method,
      const char *path_and_query,
      const char *body,
      GBytes    **reply)
{
  g_autofree char *uri =
    g_strconcat (guichet_fake_server_get_base_url (f->server), path_and_query, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  /* libsoup would silently resend on a reused connection that drops */
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Api-Key", "k3y");
    }
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  if (reply != NULL)
    *reply = g_steal_pointer (&bytes);
  return error != NULL ? 0 : soup_message_get_status (msg);
}

static gboolean
body_contains (GBytes     *bytes,
               const char *text)
{
  g_autofree char *copy = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return strstr (copy, text) != NULL;
}

static void
test_routes (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GBytes) dates = NULL;
  g_autoptr (GBytes) echo = NULL;
  g_autoptr (GBytes) missing = NULL;

  g_assert_true (
    g_str_has_prefix (guichet_fake_server_get_base_url (f->server), "http://127.0.0.1:"));
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, &dates), ==, 200);
  g_assert_true (body_contains (dates, "\"dates\""));
  g_assert_cmpuint (send (f, "GET", "/echo/x/y?name=Ada", NULL, &echo), ==, 200);
  g_assert_true (body_contains (echo, "\"hello\": \"Ada\", \"path\": \"/echo/x/y\""));
  /* method mismatch and unknown paths: 404 */
  g_assert_cmpuint (send (f, "POST", "/dates", "a=1", &missing), ==, 404);
  g_assert_cmpuint (send (f, "GET", "/nowhere", NULL, NULL), ==, 404);
}

static void
test_request_log (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GuichetFakeRequest) last = NULL;
  g_autoptr (GPtrArray) echoes = NULL;

  send (f, "GET", "/echo/1?name=a", NULL, NULL);
  send (f, "POST", "/echo/2?x=%20y", "password=s3cret", NULL);
  send (f, "GET", "/dates", NULL, NULL);

  g_assert_cmpuint (guichet_fake_server_count_requests (f->server, NULL, NULL), ==, 3);
  g_assert_cmpuint (guichet_fake_server_count_requests (f->server, "POST", "/echo/*"), ==, 1);
  echoes = guichet_fake_server_get_requests (f->server, "/echo/*");
  g_assert_cmpuint (echoes->len, ==, 2);

  last = guichet_fake_server_dup_last_request (f->server, "/echo/*");
  g_assert_cmpstr (last->method, ==, "POST");
  g_assert_cmpstr (last->path, ==, "/echo/2");
  g_assert_cmpstr (last->query, ==, "x=%20y");
  g_assert_cmpstr (g_hash_table_lookup (last->headers, "x-api-key"), ==, "k3y");
  g_assert_cmpmem (g_bytes_get_data (last->body, NULL), g_bytes_get_size (last->body),
                   "password=s3cret", 15);

  guichet_fake_server_clear_requests (f->server);
  g_assert_cmpuint (guichet_fake_server_count_requests (f->server, NULL, NULL), ==, 0);
}

static void
test_faults (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GBytes) limited = NULL;
  g_autoptr (GBytes) malformed = NULL;
  g_autoptr (GBytes) late = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 start;

  /* 429 twice on /dates only, then served */
  guichet_fake_server_add_fault (f->server, "/dates", GUICHET_FAKE_FAULT_RATE_LIMIT, 7, 2);
  g_assert_cmpuint (send (f, "GET", "/echo/a", NULL, NULL), ==, 200);
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, &limited), ==, 429);
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, NULL), ==, 429);
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, NULL), ==, 200);

  guichet_fake_server_add_fault (f->server, NULL, GUICHET_FAKE_FAULT_STATUS, 503, 1);
  g_assert_cmpuint (send (f, "GET", "/echo/b", NULL, NULL), ==, 503);

  guichet_fake_server_add_fault (f->server, NULL, GUICHET_FAKE_FAULT_MALFORMED, 0, 1);
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, &malformed), ==, 200);
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (malformed, NULL),
                                              g_bytes_get_size (malformed), NULL));

  /* a dropped connection is no status at all */
  guichet_fake_server_add_fault (f->server, "/echo/*", GUICHET_FAKE_FAULT_DROP, 0, 1);
  g_assert_cmpuint (send (f, "GET", "/echo/c", NULL, NULL), ==, 0);
  g_assert_cmpuint (send (f, "GET", "/echo/c", NULL, NULL), ==, 200);

  /* held back: the reply still comes, later */
  guichet_fake_server_add_fault (f->server, "/dates", GUICHET_FAKE_FAULT_DELAY, 300, G_MAXUINT);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, &late), ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_true (body_contains (late, "\"dates\""));
  guichet_fake_server_remove_faults (f->server, "/dates");
  g_assert_cmpuint (send (f, "GET", "/dates", NULL, NULL), ==, 200);

  /* every request was logged, faulty ones included */
  g_assert_cmpuint (guichet_fake_server_count_requests (f->server, "GET", "/dates"), ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fake-server/routes", Fixture, NULL, fixture_set_up, test_routes, fixture_tear_down);
  g_test_add ("/fake-server/request-log", Fixture, NULL, fixture_set_up, test_request_log,
              fixture_tear_down);
  g_test_add ("/fake-server/faults", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);

  return g_test_run ();
}
