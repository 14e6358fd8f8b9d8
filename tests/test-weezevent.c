/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-weezevent"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "guichet-http-client-private.h"
#include "guichet-rest-provider.h"
#include "guichet-test-utils.h"
#include "guichet-weezevent-parse.h"
#include "guichet-weezevent-provider.h"
#include "fake-weezevent.h"

/* The fake Weezevent, then the provider against it through the real store
 * and sync. Parser: test-weezevent-parse.c; scanner: test-weezevent-scan.c. */

static GuichetTicketCategory *
child_at (GuichetTicketCategory *node,
          guint                  position)
{
  return guichet_test_category_child_at (node, position);
}

static guint
n_children (GuichetTicketCategory *node)
{
  return g_list_model_get_n_items (guichet_ticket_category_get_children (node));
}

/* ---- the fake server itself (it follows the doc, not the client) ---- */

typedef struct
{
  gboolean done;
  GBytes  *body;
  guint    status;
} FetchData;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchData   *data = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  data->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  data->status = soup_message_get_status (msg);
  data->done = TRUE;
}

static guint
fetch (FakeWeezevent *fake,
       const char    *method,
       const char    *path_and_query,
       const char    *form,
       char         **body)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fake_weezevent_get_base_url (fake), path_and_query, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  FetchData data = { 0 };

  if (form != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &data);
  guichet_test_wait_until (&data.done);
  if (body != NULL)
    *body = data.body ? g_strndup (g_bytes_get_data (data.body, NULL), g_bytes_get_size (data.body))
                      : NULL;
  g_clear_pointer (&data.body, g_bytes_unref);
  return data.status;
}

#define AUTH "api_key=" FAKE_WEEZEVENT_API_KEY "&access_token=" FAKE_WEEZEVENT_ACCESS_TOKEN

static void
test_fake_server (void)
{
  g_autoptr (GError) error = NULL;
  FakeWeezevent   *fake = fake_weezevent_new (NULL, 30, &error);
  g_autofree char *body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GuichetWeezeventParticipants) page = NULL;
  gsize body_len;

  g_assert_no_error (error);

  /* categories are public; everything else checks the key and token */
  g_assert_cmpuint (fetch (fake, "GET", "/event/categories/", NULL, NULL), ==, 200);
  g_assert_cmpuint (fetch (fake, "GET", "/events?api_key=x&access_token=y", NULL, &body), ==, 403);
  g_assert_nonnull (strstr (body, "\"error\""));
  g_clear_pointer (&body, g_free);

  /* pages of max, only include_deleted shows deleted ones */
  g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=20&page=2",
                           NULL, &body),
                    ==, 200);
  body_len = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), body_len);
  page = guichet_weezevent_parse_participants (bytes, NULL, &error);
  g_assert_no_error (error);
  /* 30 rows, none deleted among the first 30 (every 97th), one unpaid? (every 83rd: no) */
  g_assert_cmpuint (page->n_records, ==, 10);
  g_assert_cmpstr (page->first_id, ==, "1000020");
  g_assert_cmpstr (g_hash_table_lookup (fake_weezevent_get_last_query (fake, "/participants"),
                                        "id_event[]"),
                   ==, "11435");

  /* the next page of one query starts where the last ended: the same rows
   * as a page asked for out of turn */
  {
    g_autofree char *resumed = NULL;
    g_autofree char *fresh = NULL;

    g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=7&page=1",
                             NULL, NULL),
                      ==, 200);
    g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=7&page=2",
                             NULL, &resumed),
                      ==, 200);
    g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=7&page=2",
                             NULL, &fresh),
                      ==, 200);
    g_assert_nonnull (strstr (resumed, "\"id_participant\":1000007"));
    g_assert_cmpstr (resumed, ==, fresh);
  }

  /* five failed logins, then a ban */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fetch (fake, "POST", "/auth/access_token", "username=a&password=b&api_key=c",
                             NULL),
                      ==, 403);
  g_assert_cmpuint (fetch (fake, "POST", "/auth/access_token",
                           "username=" FAKE_WEEZEVENT_USERNAME "&password=" FAKE_WEEZEVENT_PASSWORD
                           "&api_key=" FAKE_WEEZEVENT_API_KEY,
                           NULL),
                    ==, 429);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fake), ==, 6);

  fake_weezevent_free (fake);
}

static void
test_fake_server_fair_use (void)
{
  g_autoptr (GError) error = NULL;
  FakeWeezevent *fake = fake_weezevent_new (NULL, 30, &error);

  g_assert_no_error (error);

  /* past the requests a window allows (600 a minute at Weezevent), every
   * request is refused, whatever its path */
  fake_weezevent_set_fair_use (fake, 5, 60 * 1000);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fetch (fake, "GET", "/events?" AUTH, NULL, NULL), ==, 200);
  g_assert_cmpuint (fetch (fake, "GET", "/events?" AUTH, NULL, NULL), ==, 429);
  g_assert_cmpuint (fetch (fake, "GET", "/event/categories/", NULL, NULL), ==, 429);

  fake_weezevent_free (fake);
}

/* ---- the provider against the fake, through the real store and sync ---- */

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
  GMainContext             *context; /* private: tasks and waits run here */
  FakeWeezevent            *fake;
  GuichetStore             *store;
  GuichetAccount           *account;
  GuichetHttpClient        *client;
  GuichetWeezeventProvider *provider;
} Fixture;

static GHashTable *
credentials_new (const char *password)
{
  GHashTable *credentials = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (credentials, (gpointer) "api_key", (gpointer) FAKE_WEEZEVENT_API_KEY);
  g_hash_table_insert (credentials, (gpointer) "password", (gpointer) password);
  return credentials;
}

static GHashTable *
sign_in (Fixture    *fixture,
         const char *password,
         GError    **error)
{
  g_autoptr (GHashTable) credentials = credentials_new (password);
  Wait        wait = { 0 };
  GHashTable *secrets;

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
  guint n = GPOINTER_TO_UINT (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr (GHashTable) secrets = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->fake = fake_weezevent_new (NULL, n, &error);
  g_assert_no_error (error);
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);

  fixture->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", "weez-account", "provider", "weezevent", "name", "W",
                  "base-url", fake_weezevent_get_base_url (fixture->fake), "username",
                  FAKE_WEEZEVENT_USERNAME, NULL);
  guichet_store_save_account (fixture->store, fixture->account, &error);
  g_assert_no_error (error);

  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_WEEZEVENT_PROVIDER, "account", fixture->account,
                                    "http-client", fixture->client, NULL);

  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
  guichet_provider_set_secrets (GUICHET_PROVIDER (fixture->provider), secrets);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer user_data)
{
  if (fixture->provider != NULL)
    guichet_test_assert_finalize (g_steal_pointer (&fixture->provider));
  if (fixture->client != NULL)
    guichet_test_assert_finalize (g_steal_pointer (&fixture->client));
  if (fixture->account != NULL)
    guichet_test_assert_finalize (g_steal_pointer (&fixture->account));
  if (fixture->store != NULL)
    guichet_test_assert_finalize (g_steal_pointer (&fixture->store));
  g_clear_pointer (&fixture->fake, fake_weezevent_free);
  while (g_main_context_iteration (fixture->context, FALSE))
    ;
  g_main_context_pop_thread_default (fixture->context);
  g_clear_pointer (&fixture->context, g_main_context_unref);
}

static void
on_status (GuichetSync *sync,
           GParamSpec  *pspec,
           gpointer     user_data)
{
  GPtrArray  *statuses = user_data;
  const char *status = guichet_sync_get_status (sync);

  g_ptr_array_add (statuses, g_strdup (status != NULL ? status : "(none)"));
}

/* Syncs the event with the generated participants (NULL: every event),
 * noting every status the sync shows in @statuses (may be NULL). */
static gboolean
run_sync_noting (Fixture    *fixture,
                 const char *event_id,
                 GPtrArray  *statuses,
                 GError    **error)
{
  g_autoptr (GuichetSync) sync =
    guichet_sync_new (fixture->store, GUICHET_PROVIDER (fixture->provider));
  Wait     wait = { 0 };
  gboolean ok;

  if (statuses != NULL)
    g_signal_connect (sync, "notify::status", G_CALLBACK (on_status), statuses);
  guichet_sync_run_async (sync, event_id, NULL, wait_cb, &wait);
  ok = guichet_sync_run_finish (sync, wait_result (&wait), error);
  g_clear_object (&wait.result);
  if (statuses != NULL)
    g_signal_handlers_disconnect_by_func (sync, on_status, statuses);
  return ok;
}

static gboolean
run_sync_event (Fixture    *fixture,
                const char *event_id,
                GError    **error)
{
  return run_sync_noting (fixture, event_id, NULL, error);
}

static gboolean
run_sync (Fixture *fixture,
          GError **error)
{
  return run_sync_event (fixture, FAKE_WEEZEVENT_EVENT, error);
}

static gint64
count_participants (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 n =
    guichet_store_count_participants (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT, &error);

  g_assert_no_error (error);
  return n;
}

static GuichetParticipant *
find_by_index (Fixture *fixture,
               guint    index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char    *barcode = fake_weezevent_dup_barcode (index);
  GuichetParticipant *p =
    guichet_store_find_participant_by_barcode (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT,
                                               barcode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static const char *
last_query (Fixture    *fixture,
            const char *path,
            const char *key)
{
  GHashTable *query = fake_weezevent_get_last_query (fixture->fake, path);

  g_assert_nonnull (query);
  return g_hash_table_lookup (query, key);
}

static void
test_sync_all_pages (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) first = NULL;
  g_autoptr (GuichetParticipant) deleted = NULL;
  g_autoptr (GuichetParticipant) scanned = NULL;
  g_autoptr (GuichetParticipant) buyer_only = NULL;
  g_autoptr (GuichetParticipant) unpaid = NULL;

  /* The server sends 100 a page whatever "max" (500) asks: the client must
   * not take the first short page for the last one. */
  fake_weezevent_set_page_cap (fixture->fake, 100);

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);

  /* 1234 = 12 pages of 100 and one of 34, deleted and unpaid included */
  g_assert_cmpint (count_participants (fixture), ==, 1234);
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants"), ==, 13);
  g_assert_cmpstr (last_query (fixture, "/participants", "id_event[]"), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (last_query (fixture, "/participants", "max"), ==, "500");
  g_assert_cmpstr (last_query (fixture, "/participants", "page"), ==, "13");
  g_assert_cmpstr (last_query (fixture, "/participants", "full"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "include_deleted"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "include_unpaid"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "api_key"), ==, FAKE_WEEZEVENT_API_KEY);
  g_assert_cmpstr (last_query (fixture, "/participants", "access_token"), ==,
                   FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_null (last_query (fixture, "/participants", "last_update"));

  first = find_by_index (fixture, 0);
  g_assert_cmpstr (guichet_participant_get_id (first), ==, "1000000");
  g_assert_cmpstr (guichet_participant_get_first_name (first), ==, "Camille");
  g_assert_cmpstr (guichet_participant_get_last_name (first), ==, "Martin");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (first), ==, "75632");
  g_assert_cmpstr (guichet_participant_get_date_id (first), ==, "138");
  g_assert_cmpint (guichet_participant_get_status (first), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (first));
  g_assert_nonnull (strstr (guichet_participant_get_answers (first), "Taille de t-shirt"));

  deleted = find_by_index (fixture, 96);
  g_assert_cmpint (guichet_participant_get_status (deleted), ==,
                   GUICHET_PARTICIPANT_STATUS_DELETED);
  unpaid = find_by_index (fixture, 82);
  g_assert_cmpint (guichet_participant_get_status (unpaid), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
  scanned = find_by_index (fixture, 6);
  g_assert_true (guichet_participant_get_checked_in (scanned));
  g_assert_cmpstr (guichet_participant_get_checked_in_at (scanned), ==, "2024-05-01 09:50:00");
  buyer_only = find_by_index (fixture, 49);
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (buyer_only), ==, "65638");
  g_assert_cmpstr (guichet_participant_get_first_name (buyer_only), ==, "Jade");
  g_assert_cmpstr (guichet_participant_get_last_name (buyer_only), ==, "Thomas");
  g_assert_nonnull (guichet_participant_get_email (buyer_only));
}

static void
test_sync_exact_pages (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* 1200 in full pages of 100: only an empty page ends the run */
  fake_weezevent_set_page_cap (fixture->fake, 100);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 1200);
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants"), ==, 13);
}

static void
test_sync_incremental (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first_server_time = NULL;
  g_autofree char *renamed_id = fake_weezevent_dup_participant_id (10);
  g_autofree char *deleted_id = fake_weezevent_dup_participant_id (11);
  g_autofree char *added_id = NULL;
  g_autoptr (GuichetParticipant) added = NULL;
  g_autoptr (GuichetParticipant) renamed = NULL;
  g_autoptr (GuichetParticipant) gone = NULL;
  guint before;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 700);
  first_server_time = fake_weezevent_dup_server_time (fixture->fake);

  added_id = fake_weezevent_add_participant (fixture->fake, "NEW-0001", "Nouvelle", "Personne");
  g_assert_true (fake_weezevent_rename_participant (fixture->fake, renamed_id, "Renée", "Changée"));
  g_assert_true (fake_weezevent_delete_participant (fixture->fake, deleted_id));

  before = fake_weezevent_get_n_requests (fixture->fake, "/participants");
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);

  /* asked only for what changed since the first run's server time, deletions included */
  g_assert_cmpstr (last_query (fixture, "/participants", "last_update"), ==, first_server_time);
  g_assert_cmpstr (last_query (fixture, "/participants", "include_deleted"), ==, "1");
  /* 3 changes: one page of 3, then an empty one */
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants") - before, ==, 2);

  g_assert_cmpint (count_participants (fixture), ==, 701);
  added = guichet_store_find_participant_by_barcode (fixture->store, "weez-account",
                                                     FAKE_WEEZEVENT_EVENT, "NEW-0001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (guichet_participant_get_id (added), ==, added_id);
  g_assert_cmpstr (guichet_participant_get_first_name (added), ==, "Nouvelle");
  renamed = find_by_index (fixture, 10);
  g_assert_cmpstr (guichet_participant_get_first_name (renamed), ==, "Renée");
  g_assert_cmpstr (guichet_participant_get_last_name (renamed), ==, "Changée");
  gone = find_by_index (fixture, 11);
  g_assert_cmpint (guichet_participant_get_status (gone), ==, GUICHET_PARTICIPANT_STATUS_DELETED);

  /* nothing changed: the third run asks from the second run's server time */
  g_clear_pointer (&first_server_time, g_free);
  first_server_time = fake_weezevent_dup_server_time (fixture->fake);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_query (fixture, "/participants", "last_update"), ==, first_server_time);
  g_assert_cmpint (count_participants (fixture), ==, 701);
}

static void
test_sync_malformed_page (Fixture      *fixture,
                          gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *renamed_id = fake_weezevent_dup_participant_id (3);
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  g_autoptr (GuichetParticipant) known = NULL;
  g_autoptr (GuichetParticipant) later = NULL;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 600);
  cursor_before = guichet_store_get_cursor (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT);

  g_assert_true (fake_weezevent_rename_participant (fixture->fake, renamed_id, "Mal", "Formé"));
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_MALFORMED);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* the previous data, and where to go on from, are intact */
  g_assert_cmpint (count_participants (fixture), ==, 600);
  known = find_by_index (fixture, 3);
  g_assert_cmpstr (guichet_participant_get_first_name (known), ==, "Chloé");
  cursor_after = guichet_store_get_cursor (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (cursor_after, ==, cursor_before);

  /* a reply without its list is malformed too */
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_NO_LIST);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpint (count_participants (fixture), ==, 600);

  /* the next good run catches up */
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  later = find_by_index (fixture, 3);
  g_assert_cmpstr (guichet_participant_get_first_name (later), ==, "Mal");
}

static void
test_sync_retry_after (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* 429 + Retry-After: 1 on a page: waited for, then retried */
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_429);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 50);
}

static void
on_provider_waiting (GuichetProvider *provider,
                     guint            seconds,
                     GuichetHttpWait  reason,
                     gpointer         user_data)
{
  guint *n = user_data;

  (*n)++;
}

/* Runs a sync of the event, noting every status it shows. */
static GPtrArray *
run_sync_noting_statuses (Fixture *fixture)
{
  g_autoptr (GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_assert_true (run_sync_noting (fixture, FAKE_WEEZEVENT_EVENT, statuses, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&statuses);
}

/* Index of the first of @statuses that ends with @suffix, or -1. */
static int
find_status (GPtrArray  *statuses,
             const char *suffix)
{
  for (guint i = 0; i < statuses->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (statuses, i), suffix))
      return (int) i;
  return -1;
}

/* A request held back a second or more is shown, then what the sync does
 * again: a sync kept under the platform's limit for a minute must not look
 * hung. Both causes: the provider's request limit, the server asked. */
static void
test_sync_waiting_shown (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autoptr (GPtrArray) statuses = NULL;
  g_autoptr (GuichetWeezeventProvider) other = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  Wait             wait = { 0 };
  const char      *downloading = "Downloading participants of “Event 2”…";
  g_autofree char *next = NULL;
  guint            n_waits = 0;
  guint            n_other_waits = 0;
  guint            seconds = 0;
  int              at;

  /* At most 4 requests in 4.5 s (the sign-in's count): the sync's later
   * ones wait, told as the provider's own, not as another's on the same
   * client, and counted down a second at a time. */
  other = g_object_new (GUICHET_TYPE_WEEZEVENT_PROVIDER, "account", fixture->account, "http-client",
                        fixture->client, NULL);
  guichet_provider_set_secrets (GUICHET_PROVIDER (other), guichet_provider_get_secrets (
                                                            GUICHET_PROVIDER (fixture->provider)));
  guichet_provider_list_events_async (GUICHET_PROVIDER (other), NULL, wait_cb, &wait);
  events =
    guichet_provider_list_events_finish (GUICHET_PROVIDER (other), wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_signal_connect (other, "waiting", G_CALLBACK (on_provider_waiting), &n_other_waits);
  g_signal_connect (fixture->provider, "waiting", G_CALLBACK (on_provider_waiting), &n_waits);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (fixture->provider), 4, 4500);
  statuses = run_sync_noting_statuses (fixture);
  g_assert_cmpuint (n_waits, >, 0);
  g_assert_cmpuint (n_other_waits, ==, 0);
  at = find_status (statuses, " seconds to stay within Weezevent’s request limit…");
  g_assert_cmpint (at, >=, 0);
  g_assert_cmpint (sscanf (g_ptr_array_index (statuses, at), "Waiting %u seconds", &seconds), ==,
                   1);
  /* The first wait is over 2 s (the first 4 requests took less than 2.5) */
  g_assert_cmpuint (seconds, >=, 3);
  g_assert_cmpint (at + 1, <, (int) statuses->len);
  next =
    g_strdup_printf ("Waiting %u seconds to stay within Weezevent’s request limit…", seconds - 1);
  g_assert_cmpstr (g_ptr_array_index (statuses, at + 1), ==, next);
  g_assert_cmpstr (g_ptr_array_index (statuses, statuses->len - 1), ==, "(none)");
  g_assert_cmpint (count_participants (fixture), ==, 50);
  g_signal_handlers_disconnect_by_func (fixture->provider, on_provider_waiting, &n_waits);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (fixture->provider), 0, 0);
  g_clear_pointer (&statuses, g_ptr_array_unref);

  /* 429 with Retry-After: 1 on a page: shown between two "Downloading" */
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_429);
  statuses = run_sync_noting_statuses (fixture);
  at = find_status (statuses, "Waiting 1 second, as Weezevent asked…");
  g_assert_cmpint (at, >, 0);
  g_assert_cmpstr (g_ptr_array_index (statuses, at - 1), ==, downloading);
  g_assert_cmpstr (g_ptr_array_index (statuses, at + 1), ==, downloading);
  g_assert_cmpstr (g_ptr_array_index (statuses, statuses->len - 1), ==, "(none)");
}

/* Weezevent bans a client past 600 requests a minute and never says how
 * many are left: a sync of many pages keeps under it. Scaled down: the
 * fake allows 12 a second, the provider sends at most 10. */
static void
test_sync_fair_use (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) base =
    g_uri_parse (fake_weezevent_get_base_url (fixture->fake), G_URI_FLAGS_NONE, NULL);
  guint max_requests = 0;
  guint window_ms = 0;

  /* the sign-in told the client Weezevent's limit, a tenth below */
  g_assert_true (_guichet_http_client_get_host_limit (fixture->client, "127.0.0.1",
                                                      g_uri_get_port (base), &max_requests,
                                                      &window_ms));
  g_assert_cmpuint (max_requests, ==, 540);
  g_assert_cmpuint (window_ms, ==, 60 * 1000);

  fake_weezevent_set_page_cap (fixture->fake, 10);
  guichet_http_client_set_max_wait (fixture->client, 1);

  /* without the limit, the 31 pages earn a ban (the fake holds its rule) */
  fake_weezevent_set_fair_use (fixture->fake, 12, 1000);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (fixture->provider), 0, 0);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  fake_weezevent_set_fair_use (fixture->fake, 12, 1000);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (fixture->provider), 10, 1000);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 300);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (fixture->client), >, 0);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (guichet_sync_run_finish (GUICHET_SYNC (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Two processes of the user (the app and guichet-cli, say) syncing at the
 * same time share the limit: here two clients, each of its own, with two
 * stores, each allowed 10 a second against the fake's 12 for both. */
static void
test_sync_fair_use_shared (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = guichet_store_new (db_path, &error);
  g_autoptr (GuichetHttpClient) client = guichet_http_client_new ();
  g_autoptr (GuichetWeezeventProvider) provider = NULL;
  g_autoptr (GuichetSync) first = NULL;
  g_autoptr (GuichetSync) second = NULL;
  GHashTable *secrets;
  gboolean    first_done = FALSE;
  gboolean    second_done = FALSE;

  g_assert_no_error (error);
  guichet_store_save_account (store, fixture->account, &error);
  g_assert_no_error (error);
  provider = g_object_new (GUICHET_TYPE_WEEZEVENT_PROVIDER, "account", fixture->account,
                           "http-client", client, NULL);
  secrets = guichet_provider_get_secrets (GUICHET_PROVIDER (fixture->provider));
  guichet_provider_set_secrets (GUICHET_PROVIDER (provider), secrets);

  /* a ban fails the sync at once */
  guichet_http_client_set_max_wait (fixture->client, 1);
  guichet_http_client_set_max_wait (client, 1);
  fake_weezevent_set_page_cap (fixture->fake, 10);
  fake_weezevent_set_fair_use (fixture->fake, 12, 1000);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (fixture->provider), 10, 1000);
  guichet_rest_provider_set_request_limit (GUICHET_REST_PROVIDER (provider), 10, 1000);

  first = guichet_sync_new (fixture->store, GUICHET_PROVIDER (fixture->provider));
  second = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  guichet_sync_run_async (first, FAKE_WEEZEVENT_EVENT, NULL, sync_done, &first_done);
  guichet_sync_run_async (second, FAKE_WEEZEVENT_EVENT, NULL, sync_done, &second_done);
  guichet_test_wait_until (&first_done);
  guichet_test_wait_until (&second_done);

  g_assert_cmpint (count_participants (fixture), ==, 200);
  g_assert_cmpint (guichet_store_count_participants (store, "weez-account", FAKE_WEEZEVENT_EVENT,
                                                     &error),
                   ==, 200);
  g_assert_no_error (error);
}

static void
test_session_refused (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  Wait wait = { 0 };

  fake_weezevent_revoke_token (fixture->fake);

  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider),
                                                wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (events);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_cmpstr (error->message, ==, "Weezevent no longer accepts this session. Sign in again.");
  g_clear_error (&error);

  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
}

static void
test_login_not_retried (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  guint before = fake_weezevent_get_n_login_attempts (fixture->fake);

  secrets = sign_in (fixture, "wrong password", &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "five failed attempts"));
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 1);
  g_clear_error (&error);

  /* a server error is not retried either */
  fake_weezevent_fail_next (fixture->fake, FAKE_WEEZEVENT_FAULT_500);
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 2);
  g_clear_error (&error);

  /* after five failures Weezevent bans: a clear error, still one attempt */
  for (guint i = 0; i < 4; i++)
    {
      secrets = sign_in (fixture, "wrong password", &error);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
      g_clear_error (&error);
    }
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 7);
}

static void
test_sign_in_secrets (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  GHashTable *form = fake_weezevent_get_last_query (fixture->fake, "/auth/access_token");

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "api_key"), ==, FAKE_WEEZEVENT_API_KEY);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "access_token"), ==, FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_false (g_hash_table_contains (secrets, "password"));

  /* form-encoded, nothing in the URL */
  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, FAKE_WEEZEVENT_USERNAME);
  g_assert_cmpstr (fake_weezevent_get_last_query_string (fixture->fake, "/auth/access_token"), ==,
                   "");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;
  gsize            needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (const char *p = contents; length >= needle_length && p <= contents + length - needle_length;
       p++)
    {
      p = memchr (p, needle[0], contents + length - needle_length + 1 - p);
      if (p == NULL)
        break;
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Counts files under @dir holding @needle; *n_files counts every file read. */
static guint
tree_count_containing (const char *dir,
                       const char *needle,
                       guint      *n_files)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint       found = 0;

  if (handle == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        found += tree_count_containing (path, needle, n_files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          (*n_files)++;
          if (file_contains (path, needle))
            {
              g_test_message ("%s holds the text searched for", path);
              found++;
            }
        }
    }
  return found;
}

static void
test_password_never_on_disk (Fixture      *fixture,
                             gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GHashTable) stored = NULL;
  const char      *root = g_getenv ("GUICHET_TEST_DIR");
  g_autofree char *barcode = fake_weezevent_dup_barcode (0);
  guint            n_files = 0;

  if (root == NULL)
    {
      g_test_skip ("needs the headless wrapper's private test dir");
      return;
    }

  /* As "account add" does: sign in, keep the returned secrets in the real
   * keyring, save the account, then sync. */
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (guichet_secrets_store_sync ("weez-account", "W", secrets, NULL, &error));
  g_assert_no_error (error);
  stored = guichet_secrets_lookup_sync ("weez-account", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (stored, "access_token"), ==, FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_false (g_hash_table_contains (stored, "password"));

  g_assert_true (run_sync_event (fixture, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->provider);
  /* Closed (its last page committed, its log checkpointed) before the walk:
   * a worker may hold the store a moment after the sync's callback. */
  guichet_test_assert_finalize (g_steal_pointer (&fixture->store));

  /* the walk reads what was written: the synced data is found ... */
  g_assert_cmpuint (tree_count_containing (root, barcode, &n_files), >, 0);
  g_assert_cmpuint (n_files, >, 1);
  /* ... and the password nowhere, keyring file included */
  n_files = 0;
  g_assert_cmpuint (tree_count_containing (root, FAKE_WEEZEVENT_PASSWORD, &n_files), ==, 0);
}

static void
test_provider_calls (Fixture      *fixture,
                     gconstpointer user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (fixture->provider);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GPtrArray) dates = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GuichetEvent) details = NULL;
  g_autofree char   *answers = NULL;
  g_autofree char   *station = NULL;
  g_autofree char   *participant_id = fake_weezevent_dup_participant_id (0);
  const char        *date_tickets[] = { "75632", "44272", NULL };
  GuichetTicketStats stats = { 0 };
  GuichetEvent      *event;
  Wait               wait = { 0 };

  g_assert_true (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_NESTED_CATEGORIES |
                                                   GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC));
  g_assert_false (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN));

  /* every event by default, with its venue from the details */
  guichet_provider_list_events_async (provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (last_query (fixture, "/events", "include_not_published"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/events", "include_closed"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/events", "include_without_sales"), ==, "1");
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (guichet_event_get_id (event), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Event 2");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2011-11-27 00:00:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2013-01-10 23:00:00");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Le Zénith, Paris");
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, "weez-account");
  g_clear_pointer (&events, g_ptr_array_unref);

  guichet_weezevent_provider_set_include_without_sales (fixture->provider, FALSE);
  guichet_provider_list_events_async (provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (last_query (fixture, "/events", "include_without_sales"), ==, "0");

  guichet_provider_list_categories_async (provider, FAKE_WEEZEVENT_EVENT, NULL, wait_cb, &wait);
  roots = guichet_provider_list_categories_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 3);
  g_assert_cmpstr (last_query (fixture, "/tickets", "id_event[]"), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpuint (n_children (child_at (g_ptr_array_index (roots, 2), 1)), ==, 2);

  guichet_provider_list_dates_async (provider, FAKE_WEEZEVENT_EVENT, NULL, wait_cb, &wait);
  dates = guichet_provider_list_dates_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (dates->len, ==, 2);

  guichet_provider_ticket_stats_async (provider, "44272", "138", NULL, wait_cb, &wait);
  g_assert_true (
    guichet_provider_ticket_stats_finish (provider, wait_result (&wait), &stats, &error));
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (last_query (fixture, "/ticket/44272/stats", "id_date"), ==, "138");
  g_assert_cmpint (stats.total, >, 0);

  guichet_provider_get_answers_async (provider, participant_id, NULL, wait_cb, &wait);
  answers = guichet_provider_get_answers_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answers, "\"label\":\"Régime alimentaire\""));

  guichet_weezevent_provider_get_event_details_async (fixture->provider, "36799", NULL, wait_cb,
                                                      &wait);
  details = guichet_weezevent_provider_get_event_details_finish (fixture->provider,
                                                                 wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_event_get_name (details), ==, "API API API");

  guichet_weezevent_provider_search_events_async (fixture->provider, NULL, NULL, wait_cb, &wait);
  found = guichet_weezevent_provider_search_events_finish (fixture->provider, wait_result (&wait),
                                                           &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  guichet_weezevent_provider_list_event_categories_async (fixture->provider, NULL, wait_cb, &wait);
  categories =
    guichet_weezevent_provider_list_event_categories_finish (fixture->provider, wait_result (&wait),
                                                             &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, 1);
  /* public: sent without key or token */
  g_assert_null (last_query (fixture, "/event/categories/", "access_token"));

  guichet_weezevent_provider_set_scan_user_async (fixture->provider, "Porte B", NULL, wait_cb,
                                                  &wait);
  station = guichet_weezevent_provider_set_scan_user_finish (fixture->provider, wait_result (&wait),
                                                             &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (station, ==, "1789");
  g_assert_cmpstr (fake_weezevent_get_scan_user (fixture->fake), ==, "Porte B");

  g_assert_cmpuint (guichet_weezevent_provider_get_sync_interval (fixture->provider), ==, 0);
  guichet_weezevent_provider_load_scan_settings_async (fixture->provider, NULL, wait_cb, &wait);
  g_assert_true (guichet_weezevent_provider_load_scan_settings_finish (fixture->provider,
                                                                       wait_result (&wait),
                                                                       &error));
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (guichet_weezevent_provider_get_sync_interval (fixture->provider), ==, 120);

  /* the generic door-station call does both: names the desk, reads the interval */
  {
    guint refresh = 0;

    guichet_provider_register_desk_async (provider, "Porte C", NULL, wait_cb, &wait);
    g_assert_true (
      guichet_provider_register_desk_finish (provider, wait_result (&wait), &refresh, &error));
    g_clear_object (&wait.result);
    wait.done = FALSE;
    g_assert_no_error (error);
    g_assert_cmpstr (fake_weezevent_get_scan_user (fixture->fake), ==, "Porte C");
    g_assert_cmpuint (refresh, ==, 120);
  }

  /* one date of a multi-date event */
  guichet_weezevent_provider_fetch_date_participants_async (fixture->provider, FAKE_WEEZEVENT_EVENT,
                                                            "138", date_tickets, NULL, NULL,
                                                            wait_cb, &wait);
  page = guichet_weezevent_provider_fetch_date_participants_finish (fixture->provider,
                                                                    wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fake_weezevent_get_last_query_string (fixture->fake, "/participants"),
                            "date_ticket[138][]=75632&date_ticket[138][]=44272"));
  g_assert_null (last_query (fixture, "/participants", "id_event[]"));
  /* date 138 holds the even indexes; tickets 75632 and 44272 are i % 5 == 0 or 2 */
  g_assert_cmpuint (page->participants->len, >, 0);
  for (guint i = 0; i < page->participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (page->participants, i);

      g_assert_cmpstr (guichet_participant_get_date_id (p), ==, "138");
      g_assert_cmpstr (guichet_participant_get_event_id (p), ==, FAKE_WEEZEVENT_EVENT);
    }
  g_assert_true (page->full);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weezevent/fake-server", test_fake_server);
  g_test_add_func ("/weezevent/fake-server/fair-use", test_fake_server_fair_use);

#define ADD(path, n, func)                                                                         \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)
  ADD ("/weezevent/sync/all-pages", 1234, test_sync_all_pages);
  ADD ("/weezevent/sync/exact-pages", 1200, test_sync_exact_pages);
  ADD ("/weezevent/sync/incremental", 700, test_sync_incremental);
  ADD ("/weezevent/sync/malformed-page", 600, test_sync_malformed_page);
  ADD ("/weezevent/sync/retry-after", 50, test_sync_retry_after);
  ADD ("/weezevent/sync/waiting-shown", 50, test_sync_waiting_shown);
  ADD ("/weezevent/sync/fair-use", 300, test_sync_fair_use);
  ADD ("/weezevent/sync/fair-use-shared", 200, test_sync_fair_use_shared);
  ADD ("/weezevent/session-refused", 20, test_session_refused);
  ADD ("/weezevent/login-not-retried", 0, test_login_not_retried);
  ADD ("/weezevent/sign-in-secrets", 0, test_sign_in_secrets);
  ADD ("/weezevent/password-never-on-disk", 200, test_password_never_on_disk);
  ADD ("/weezevent/provider-calls", 20, test_provider_calls);
#undef ADD

  return g_test_run ();
}
