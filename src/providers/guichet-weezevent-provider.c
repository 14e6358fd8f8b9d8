/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-weezevent"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-weezevent-parse.h"
#include "guichet-weezevent-provider.h"

#define DEFAULT_PAGE_SIZE 500
/* Venue details cost one request per event: ask for the first ones only. */
#define MAX_DETAILS 50

struct _GuichetWeezeventProvider
{
  GuichetProvider    parent_instance;

  GuichetHttpClient *own_client;
  gboolean           include_not_published;
  gboolean           include_closed;
  gboolean           include_without_sales;
  guint              page_size;
  guint              sync_interval;
};

G_DEFINE_FINAL_TYPE (GuichetWeezeventProvider, guichet_weezevent_provider, GUICHET_TYPE_PROVIDER)

enum {
  PROP_0,
  PROP_INCLUDE_NOT_PUBLISHED,
  PROP_INCLUDE_CLOSED,
  PROP_INCLUDE_WITHOUT_SALES,
  PROP_PAGE_SIZE,
  PROP_SYNC_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GuichetCredentialField weezevent_credentials[] = {
  { "api_key", N_("API Key"), TRUE },
  { "password", N_("Password"), TRUE },
  { NULL, NULL, FALSE },
};

/* ---- requests ---- */

typedef void (*ReplyHandler) (GuichetWeezeventProvider *self,
                              GTask                    *task,
                              GBytes                   *body);
/* Returns TRUE when it dealt with @error (and the task) itself. */
typedef gboolean (*ErrorHandler) (GuichetWeezeventProvider *self,
                                  GTask                    *task,
                                  const GError             *error);

typedef struct
{
  GuichetWeezeventProvider *self;
  GTask                    *task;
  SoupMessage              *message;
  ReplyHandler              handler;
  ErrorHandler              on_error;
  gboolean                  login;
} Request;

static GTask *
weez_task_new (gpointer             self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[guichet] weezevent");
  return task;
}

static GuichetHttpClient *
get_client (GuichetWeezeventProvider *self)
{
  GuichetHttpClient *client = guichet_provider_get_http_client (GUICHET_PROVIDER (self));

  if (client != NULL)
    return client;
  if (self->own_client == NULL)
    self->own_client = guichet_http_client_new ();
  return self->own_client;
}

static const char *
base_url (GuichetWeezeventProvider *self)
{
  return guichet_provider_get_base_url (GUICHET_PROVIDER (self));
}

static GError *
session_refused_error (void)
{
  return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                              _("Weezevent no longer accepts this session. Sign in again."));
}

/* Every call but the login and the public categories carries api_key and
 * access_token in its query. @extra: more parameters, already encoded. */
static SoupMessage *
new_api_message (GuichetWeezeventProvider  *self,
                 const char                *method,
                 const char                *path,
                 const char                *extra,
                 GError                   **error)
{
  const char *api_key = guichet_provider_get_secret (GUICHET_PROVIDER (self), "api_key");
  const char *token = guichet_provider_get_secret (GUICHET_PROVIDER (self), "access_token");
  g_autoptr(GString) query = g_string_new (NULL);

  if (api_key == NULL || api_key[0] == '\0' || token == NULL || token[0] == '\0')
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                           _("This Weezevent account has no session. Sign in again."));
      return NULL;
    }

  guichet_http_query_add (query, "api_key", api_key);
  guichet_http_query_add (query, "access_token", token);
  if (extra != NULL && extra[0] != '\0')
    {
      g_string_append_c (query, '&');
      g_string_append (query, extra);
    }

  return guichet_http_client_new_message (get_client (self), method, base_url (self),
                                          path, query->str, error);
}

static GError *
map_login_error (SoupMessage  *message,
                 GError       *error)
{
  guint status = soup_message_get_status (message);

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED))
    {
      g_debug ("Sign-in rate limited: %s", error->message);
      g_error_free (error);
      return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED,
                                  _("Weezevent is blocking sign-in after too many attempts. "
                                    "Wait 30 minutes, check the username, password and API key, then try once more."));
    }

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN) ||
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION) ||
      status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNAUTHORIZED ||
      status == SOUP_STATUS_FORBIDDEN)
    {
      g_debug ("Sign-in refused (%u): %s", status, error->message);
      g_error_free (error);
      return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                                  _("Weezevent refused the username, password or API key. Check them and try again; "
                                    "after five failed attempts Weezevent blocks sign-in for 30 minutes."));
    }

  return error;
}

static GError *
map_session_error (SoupMessage *message,
                   GError      *error)
{
  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN))
    {
      g_debug ("Session refused (%u): %s", soup_message_get_status (message), error->message);
      g_error_free (error);
      return session_refused_error ();
    }
  return error;
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GuichetWeezeventProvider) self = request->self;
  g_autoptr(GTask) task = request->task;
  g_autoptr(SoupMessage) message = request->message;
  ReplyHandler handler = request->handler;
  ErrorHandler on_error = request->on_error;
  gboolean login = request->login;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  g_free (request);

  body = guichet_http_client_send_finish (GUICHET_HTTP_CLIENT (source), result, &error);
  if (body == NULL)
    {
      error = login ? map_login_error (message, error) : map_session_error (message, error);
      if (on_error != NULL && on_error (self, task, error))
        {
          g_error_free (error);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  handler (self, task, body);
}

/* Takes @task and @message. */
static void
send_request (GuichetWeezeventProvider *self,
              SoupMessage              *message,
              GuichetHttpFlags          flags,
              gboolean                  login,
              GTask                    *task,
              ReplyHandler              handler,
              ErrorHandler              on_error)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->task = task;
  request->message = message;
  request->handler = handler;
  request->on_error = on_error;
  request->login = login;

  guichet_http_client_send_async (get_client (self), message, flags,
                                  g_task_get_cancellable (task), on_reply, request);
}

/* Builds an authenticated request and sends it; on failure to build, the
 * task returns the error. Takes @task. */
static void
api_call (GuichetWeezeventProvider *self,
          const char               *method,
          const char               *path,
          const char               *extra,
          GTask                    *task,
          ReplyHandler              handler,
          ErrorHandler              on_error)
{
  GError *error = NULL;
  SoupMessage *message = new_api_message (self, method, path, extra, &error);

  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_request (self, message, GUICHET_HTTP_DEFAULT, FALSE, task, handler, on_error);
}

/* prefix + escaped id + suffix: "/event/" "36799" "/details" */
static char *
path_with_id (const char *prefix,
              const char *id,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (prefix, escaped, suffix, NULL);
}

static JsonNode *
parse_body (GTask  *task,
            GBytes *body)
{
  GError *error = NULL;
  JsonNode *root = guichet_weezevent_parse_json (body, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  return root;
}

static void
return_array_or_error (GTask     *task,
                       GPtrArray *array,
                       GError    *error)
{
  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify) g_ptr_array_unref);
}

static gpointer
propagate_pointer (gpointer       self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- sign in ---- */

static void
on_sign_in_reply (GuichetWeezeventProvider *self,
                  GTask                    *task,
                  GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  g_autoptr(GHashTable) secrets = NULL;
  GHashTable *credentials = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  if (root == NULL)
    return;

  token = guichet_weezevent_parse_access_token (root, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The password stays out: the token is long-lived */
  secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (secrets, g_strdup ("api_key"), g_strdup (g_hash_table_lookup (credentials, "api_key")));
  g_hash_table_insert (secrets, g_strdup ("access_token"), token);

  guichet_provider_set_secrets (GUICHET_PROVIDER (self), secrets);
  g_task_return_pointer (task, g_steal_pointer (&secrets), (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_weezevent_provider_sign_in_async (GuichetProvider     *provider,
                                          GHashTable          *credentials,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  g_autoptr(GTask) task = weez_task_new (self, cancellable, callback, user_data,
                                         guichet_weezevent_provider_sign_in_async);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  GuichetAccount *account = guichet_provider_get_account (provider);
  const char *username = g_hash_table_lookup (credentials, "username");
  const char *password = g_hash_table_lookup (credentials, "password");
  const char *api_key = g_hash_table_lookup (credentials, "api_key");
  GError *error = NULL;
  SoupMessage *message;

  if (username == NULL && account != NULL)
    username = guichet_account_get_username (account);

  if (username == NULL || username[0] == '\0' || password == NULL || password[0] == '\0' ||
      api_key == NULL || api_key[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("Weezevent needs a username, a password and an API key."));
      return;
    }

  message = guichet_http_client_new_message (get_client (self), SOUP_METHOD_POST, base_url (self),
                                             "/auth/access_token", NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Values are borrowed: no extra copy of the password */
  g_hash_table_insert (form, (gpointer) "username", (gpointer) username);
  g_hash_table_insert (form, (gpointer) "password", (gpointer) password);
  g_hash_table_insert (form, (gpointer) "api_key", (gpointer) api_key);
  guichet_http_message_set_form (message, form);

  /* Only the API key is needed afterwards */
  {
    GHashTable *kept = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

    g_hash_table_insert (kept, (gpointer) "api_key", g_strdup (api_key));
    g_task_set_task_data (task, kept, (GDestroyNotify) g_hash_table_unref);
  }

  /* Never retried: five failures earn a 30-minute ban */
  send_request (self, message, GUICHET_HTTP_NO_RETRY, TRUE, g_steal_pointer (&task),
                on_sign_in_reply, NULL);
}

static GHashTable *
guichet_weezevent_provider_sign_in_finish (GuichetProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_sign_in_async, error);
}

/* ---- events ---- */

typedef struct
{
  GPtrArray *events;
  guint      next;
} EventsData;

static void
events_data_free (EventsData *data)
{
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_free (data);
}

static void fetch_next_details (GuichetWeezeventProvider *self,
                                GTask                    *task);

static void
on_details_reply (GuichetWeezeventProvider *self,
                  GTask                    *task,
                  GBytes                   *body)
{
  EventsData *data = g_task_get_task_data (task);
  GuichetEvent *event = g_ptr_array_index (data->events, data->next);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = guichet_weezevent_parse_json (body, &error);
  g_autoptr(GuichetEvent) details = NULL;

  if (root != NULL)
    details = guichet_weezevent_parse_event_details (root, NULL, &error);

  if (details == NULL)
    {
      g_debug ("No details for event %s: %s", guichet_event_get_id (event), error->message);
    }
  else
    {
      if (guichet_event_get_venue (details) != NULL)
        g_object_set (event, "venue", guichet_event_get_venue (details), NULL);
      if (guichet_event_get_end (event) == NULL && guichet_event_get_end (details) != NULL)
        g_object_set (event, "end", guichet_event_get_end (details), NULL);
      if (guichet_event_get_start (event) == NULL && guichet_event_get_start (details) != NULL)
        g_object_set (event, "start", guichet_event_get_start (details), NULL);
    }

  data->next++;
  fetch_next_details (self, g_object_ref (task));
}

static gboolean
on_details_error (GuichetWeezeventProvider *self,
                  GTask                    *task,
                  const GError             *error)
{
  EventsData *data = g_task_get_task_data (task);

  /* A refused session or a cancellation ends the listing; anything else
   * only costs this event its venue. */
  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (g_task_return_error_if_cancelled (task))
    return TRUE;

  g_debug ("No details for event %s: %s",
           guichet_event_get_id (g_ptr_array_index (data->events, data->next)), error->message);
  data->next++;
  fetch_next_details (self, g_object_ref (task));
  return TRUE;
}

/* Takes @task. */
static void
fetch_next_details (GuichetWeezeventProvider *self,
                    GTask                    *task)
{
  EventsData *data = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (data->next >= MIN (data->events->len, MAX_DETAILS))
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->events), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  path = path_with_id ("/event/", guichet_event_get_id (g_ptr_array_index (data->events, data->next)),
                       "/details");
  api_call (self, SOUP_METHOD_GET, path, NULL, task, on_details_reply, on_details_error);
}

static void
on_events_reply (GuichetWeezeventProvider *self,
                 GTask                    *task,
                 GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));
  EventsData *data;
  GError *error = NULL;
  GPtrArray *events;

  if (root == NULL)
    return;

  events = guichet_weezevent_parse_events (root, account ? guichet_account_get_id (account) : NULL, &error);
  if (events == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (EventsData, 1);
  data->events = events;
  g_task_set_task_data (task, data, (GDestroyNotify) events_data_free);
  fetch_next_details (self, g_object_ref (task));
}

static void
guichet_weezevent_provider_list_events_async (GuichetProvider     *provider,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_list_events_async);
  g_autoptr(GString) extra = g_string_new (NULL);

  guichet_http_query_add (extra, "include_not_published", self->include_not_published ? "1" : "0");
  guichet_http_query_add (extra, "include_closed", self->include_closed ? "1" : "0");
  guichet_http_query_add (extra, "include_without_sales", self->include_without_sales ? "1" : "0");

  api_call (self, SOUP_METHOD_GET, "/events", extra->str, task, on_events_reply, NULL);
}

static GPtrArray *
guichet_weezevent_provider_list_events_finish (GuichetProvider  *provider,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_events_async, error);
}

/* ---- dates and tickets ---- */

static void
on_dates_reply (GuichetWeezeventProvider *self,
                GTask                    *task,
                GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  GPtrArray *dates;

  if (root == NULL)
    return;

  dates = guichet_weezevent_parse_dates (root, g_task_get_task_data (task), &error);
  return_array_or_error (task, dates, error);
}

static void
guichet_weezevent_provider_list_dates_async (GuichetProvider     *provider,
                                             const char          *event_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_list_dates_async);
  g_autoptr(GString) extra = g_string_new (NULL);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (extra, "id_event[]", event_id);
  /* the desk may still want yesterday's date */
  guichet_http_query_add (extra, "display_passed", "1");

  api_call (self, SOUP_METHOD_GET, "/dates", extra->str, task, on_dates_reply, NULL);
}

static GPtrArray *
guichet_weezevent_provider_list_dates_finish (GuichetProvider  *provider,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_dates_async, error);
}

static void
on_tickets_reply (GuichetWeezeventProvider *self,
                  GTask                    *task,
                  GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  GPtrArray *roots;

  if (root == NULL)
    return;

  roots = guichet_weezevent_parse_tickets (root, g_task_get_task_data (task), &error);
  return_array_or_error (task, roots, error);
}

static void
guichet_weezevent_provider_list_categories_async (GuichetProvider     *provider,
                                                  const char          *event_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_list_categories_async);
  g_autoptr(GString) extra = g_string_new (NULL);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (extra, "id_event[]", event_id);

  api_call (self, SOUP_METHOD_GET, "/tickets", extra->str, task, on_tickets_reply, NULL);
}

static GPtrArray *
guichet_weezevent_provider_list_categories_finish (GuichetProvider  *provider,
                                                   GAsyncResult     *result,
                                                   GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_categories_async, error);
}

/* ---- participants ---- */

/* The cursor, as opaque JSON text:
 *   {"since": "YYYY-MM-DD HH:MM:SS" | null,  last_update of this run
 *    "page": N,                              next page to ask for
 *    "largest": L,                           largest page seen in this run
 *    "server_time": "..." | null,            first page's server_time
 *    "first": "id" | null,                   first id of the previous page
 *    "more": bool}                           FALSE: the run is complete */
typedef struct
{
  char  *since;
  guint  page;
  guint  largest;
  char  *server_time;
  char  *first;
} Cursor;

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->since, g_free);
  g_clear_pointer (&cursor->server_time, g_free);
  g_clear_pointer (&cursor->first, g_free);
}

static void
cursor_parse (Cursor     *cursor,
              const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  memset (cursor, 0, sizeof *cursor);
  cursor->page = 1;

  if (text == NULL || text[0] == '\0')
    return;

  root = json_from_string (text, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an unreadable cursor: %s", error ? error->message : "not an object");
      return;
    }

  object = json_node_get_object (root);
  cursor->since = guichet_json_dup_string (object, "since");
  cursor->server_time = guichet_json_dup_string (object, "server_time");
  cursor->first = guichet_json_dup_id (object, "first");
  cursor->page = (guint) CLAMP (guichet_json_get_int (object, "page", 1), 1, G_MAXINT);
  cursor->largest = (guint) CLAMP (guichet_json_get_int (object, "largest", 0), 0, G_MAXINT);
  if (!guichet_json_get_bool (object, "more", FALSE))
    {
      /* a finished run: the next one starts over from page 1 */
      cursor->page = 1;
      cursor->largest = 0;
      g_clear_pointer (&cursor->server_time, g_free);
      g_clear_pointer (&cursor->first, g_free);
    }
}

static char *
cursor_to_string (const char *since,
                  guint       page,
                  guint       largest,
                  const char *server_time,
                  const char *first,
                  gboolean    more)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "since");
  if (since != NULL)
    json_builder_add_string_value (builder, since);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "largest");
  json_builder_add_int_value (builder, largest);
  if (more)
    {
      json_builder_set_member_name (builder, "server_time");
      if (server_time != NULL)
        json_builder_add_string_value (builder, server_time);
      else
        json_builder_add_null_value (builder);
      if (first != NULL)
        {
          json_builder_set_member_name (builder, "first");
          json_builder_add_string_value (builder, first);
        }
    }
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef struct
{
  char    *event_id;
  Cursor   cursor;
  GBytes  *body;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  cursor_clear (&data->cursor);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

/* In a worker thread: parse the page and work out the next cursor. */
static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  Cursor *cursor = &data->cursor;
  g_autoptr(GuichetWeezeventParticipants) parsed = NULL;
  g_autoptr(GuichetParticipantPage) page = NULL;
  GError *error = NULL;
  const char *run_time;
  gboolean repeated;
  guint largest;

  parsed = guichet_weezevent_parse_participants (data->body, data->event_id, &error);
  g_clear_pointer (&data->body, g_bytes_unref);
  if (parsed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The run's reference time is the first page's: whatever changes while
   * later pages come in is asked for again by the next run. */
  run_time = cursor->page == 1 || cursor->server_time == NULL ? parsed->server_time : cursor->server_time;
  largest = MAX (cursor->largest, parsed->n_records);
  /* A server that ignores "page" would send page 1 forever */
  repeated = cursor->page > 1 && parsed->first_id != NULL &&
             g_strcmp0 (parsed->first_id, cursor->first) == 0;
  if (repeated)
    g_debug ("Page %u repeats the previous one: stopping", cursor->page);

  page = guichet_participant_page_new ();
  g_clear_pointer (&page->participants, g_ptr_array_unref);
  page->participants = g_steal_pointer (&parsed->participants);
  page->full = cursor->since == NULL;
  /* Weezevent may send fewer than asked: only an empty page or one shorter
   * than the largest seen ends the run, never one shorter than "max". */
  page->more = parsed->n_records > 0 && parsed->n_records >= largest && !repeated;

  if (page->more)
    page->cursor = cursor_to_string (cursor->since, cursor->page + 1, largest,
                                     run_time, parsed->first_id, TRUE);
  else
    page->cursor = cursor_to_string (run_time != NULL ? run_time : cursor->since,
                                     1, 0, NULL, NULL, FALSE);

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) guichet_participant_page_free);
}

static void
on_participants_reply (GuichetWeezeventProvider *self,
                       GTask                    *task,
                       GBytes                   *body)
{
  FetchData *data = g_task_get_task_data (task);

  data->body = g_bytes_ref (body);
  g_task_run_in_thread (task, fetch_thread);
}

static void
fetch_participants (GuichetWeezeventProvider *self,
                    const char               *event_id,
                    const char               *date_id,
                    const char * const       *ticket_ids,
                    const char               *cursor_text,
                    GTask                    *task)
{
  FetchData *data = g_new0 (FetchData, 1);
  g_autoptr(GString) extra = g_string_new (NULL);
  char number[32];

  data->event_id = g_strdup (event_id);
  cursor_parse (&data->cursor, cursor_text);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  if (date_id != NULL)
    {
      g_autofree char *key = g_strdup_printf ("date_ticket[%s][]", date_id);

      for (guint i = 0; ticket_ids != NULL && ticket_ids[i] != NULL; i++)
        guichet_http_query_add (extra, key, ticket_ids[i]);
    }
  else
    guichet_http_query_add (extra, "id_event[]", event_id);

  guichet_http_query_add (extra, "full", "1");
  /* deletions must reach the cache, and the door must be able to say why */
  guichet_http_query_add (extra, "include_deleted", "1");
  guichet_http_query_add (extra, "include_unpaid", "1");
  g_snprintf (number, sizeof number, "%u", self->page_size);
  guichet_http_query_add (extra, "max", number);
  g_snprintf (number, sizeof number, "%u", data->cursor.page);
  guichet_http_query_add (extra, "page", number);
  if (data->cursor.since != NULL)
    guichet_http_query_add (extra, "last_update", data->cursor.since);

  api_call (self, SOUP_METHOD_GET, "/participants", extra->str, task, on_participants_reply, NULL);
}

static void
guichet_weezevent_provider_fetch_participants_async (GuichetProvider     *provider,
                                                     const char          *event_id,
                                                     const char          *cursor,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_fetch_participants_async);

  fetch_participants (self, event_id, NULL, NULL, cursor, task);
}

static GuichetParticipantPage *
guichet_weezevent_provider_fetch_participants_finish (GuichetProvider  *provider,
                                                      GAsyncResult     *result,
                                                      GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_fetch_participants_async, error);
}

void
guichet_weezevent_provider_fetch_date_participants_async (GuichetWeezeventProvider *self,
                                                          const char               *event_id,
                                                          const char               *date_id,
                                                          const char * const       *ticket_ids,
                                                          const char               *cursor,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (date_id != NULL);
  g_return_if_fail (ticket_ids != NULL && ticket_ids[0] != NULL);

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_fetch_date_participants_async);
  fetch_participants (self, event_id, date_id, ticket_ids, cursor, task);
}

GuichetParticipantPage *
guichet_weezevent_provider_fetch_date_participants_finish (GuichetWeezeventProvider  *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_fetch_date_participants_async, error);
}

/* ---- answers and stats ---- */

static void
on_answers_reply (GuichetWeezeventProvider *self,
                  GTask                    *task,
                  GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  char *answers;

  if (root == NULL)
    return;

  answers = guichet_weezevent_parse_answers (root, &error);
  if (answers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answers, g_free);
}

static void
guichet_weezevent_provider_get_answers_async (GuichetProvider     *provider,
                                              const char          *participant_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_get_answers_async);
  g_autofree char *path = path_with_id ("/participant/", participant_id, "/answers");

  api_call (self, SOUP_METHOD_GET, path, NULL, task, on_answers_reply, NULL);
}

static char *
guichet_weezevent_provider_get_answers_finish (GuichetProvider  *provider,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_get_answers_async, error);
}

static void
on_stats_reply (GuichetWeezeventProvider *self,
                GTask                    *task,
                GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GuichetTicketStats *stats;
  GError *error = NULL;

  if (root == NULL)
    return;

  stats = g_new0 (GuichetTicketStats, 1);
  if (!guichet_weezevent_parse_ticket_stats (root, stats, &error))
    {
      g_free (stats);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, stats, g_free);
}

static void
guichet_weezevent_provider_ticket_stats_async (GuichetProvider     *provider,
                                               const char          *ticket_id,
                                               const char          *date_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask *task = weez_task_new (self, cancellable, callback, user_data,
                               guichet_weezevent_provider_ticket_stats_async);
  g_autofree char *path = path_with_id ("/ticket/", ticket_id, "/stats");
  g_autoptr(GString) extra = g_string_new (NULL);

  if (date_id != NULL && date_id[0] != '\0')
    guichet_http_query_add (extra, "id_date", date_id);

  api_call (self, SOUP_METHOD_GET, path, extra->str, task, on_stats_reply, NULL);
}

static gboolean
guichet_weezevent_provider_ticket_stats_finish (GuichetProvider     *provider,
                                                GAsyncResult        *result,
                                                GuichetTicketStats  *stats,
                                                GError             **error)
{
  g_autofree GuichetTicketStats *found = NULL;

  found = propagate_pointer (provider, result, guichet_weezevent_provider_ticket_stats_async, error);
  if (found == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *found;
  return TRUE;
}

/* ---- Weezevent-only calls ---- */

static void
on_event_details_reply (GuichetWeezeventProvider *self,
                        GTask                    *task,
                        GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));
  GError *error = NULL;
  GuichetEvent *event;

  if (root == NULL)
    return;

  event = guichet_weezevent_parse_event_details (root, account ? guichet_account_get_id (account) : NULL, &error);
  if (event == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, event, g_object_unref);
}

void
guichet_weezevent_provider_get_event_details_async (GuichetWeezeventProvider *self,
                                                    const char               *event_id,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (event_id != NULL);

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_get_event_details_async);
  path = path_with_id ("/event/", event_id, "/details");
  api_call (self, SOUP_METHOD_GET, path, NULL, task, on_event_details_reply, NULL);
}

GuichetEvent *
guichet_weezevent_provider_get_event_details_finish (GuichetWeezeventProvider  *self,
                                                     GAsyncResult              *result,
                                                     GError                   **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_get_event_details_async, error);
}

static void
on_search_reply (GuichetWeezeventProvider *self,
                 GTask                    *task,
                 GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));
  GError *error = NULL;
  GPtrArray *events;

  if (root == NULL)
    return;

  events = guichet_weezevent_parse_event_search (root, account ? guichet_account_get_id (account) : NULL, &error);
  return_array_or_error (task, events, error);
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
guichet_weezevent_provider_search_events_async (GuichetWeezeventProvider *self,
                                                GHashTable               *criteria,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_search_events_async);

  if (criteria != NULL)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (criteria, NULL);
      guint n = g_hash_table_size (criteria);

      /* a stable order makes requests comparable in logs */
      qsort (keys, n, sizeof (gpointer), compare_keys);
      for (guint i = 0; i < n; i++)
        guichet_http_query_add (extra, keys[i], g_hash_table_lookup (criteria, keys[i]));
    }

  api_call (self, SOUP_METHOD_GET, "/event/search/", extra->str, task, on_search_reply, NULL);
}

GPtrArray *
guichet_weezevent_provider_search_events_finish (GuichetWeezeventProvider  *self,
                                                 GAsyncResult              *result,
                                                 GError                   **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_search_events_async, error);
}

static void
on_event_categories_reply (GuichetWeezeventProvider *self,
                           GTask                    *task,
                           GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  GPtrArray *categories;

  if (root == NULL)
    return;

  categories = guichet_weezevent_parse_event_categories (root, &error);
  return_array_or_error (task, categories, error);
}

void
guichet_weezevent_provider_list_event_categories_async (GuichetWeezeventProvider *self,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data)
{
  GError *error = NULL;
  SoupMessage *message;
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_list_event_categories_async);

  /* Public: no key, no token */
  message = guichet_http_client_new_message (get_client (self), SOUP_METHOD_GET, base_url (self),
                                             "/event/categories/", NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_request (self, message, GUICHET_HTTP_DEFAULT, FALSE, task, on_event_categories_reply, NULL);
}

GPtrArray *
guichet_weezevent_provider_list_event_categories_finish (GuichetWeezeventProvider  *self,
                                                         GAsyncResult              *result,
                                                         GError                   **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_list_event_categories_async, error);
}

static void
on_scan_user_reply (GuichetWeezeventProvider *self,
                    GTask                    *task,
                    GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  char *id;

  if (root == NULL)
    return;

  id = guichet_weezevent_parse_scan_user (root, &error);
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

void
guichet_weezevent_provider_set_scan_user_async (GuichetWeezeventProvider *self,
                                                const char               *name,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data)
{
  g_autoptr(GHashTable) form = NULL;
  GError *error = NULL;
  SoupMessage *message;
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (name != NULL);

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_set_scan_user_async);

  message = new_api_message (self, SOUP_METHOD_POST, "/scan/user", NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (gpointer) "user", (gpointer) name);
  guichet_http_message_set_form (message, form);

  /* Naming the station twice is harmless */
  send_request (self, message, GUICHET_HTTP_IDEMPOTENT, FALSE, task, on_scan_user_reply, NULL);
}

char *
guichet_weezevent_provider_set_scan_user_finish (GuichetWeezeventProvider  *self,
                                                 GAsyncResult              *result,
                                                 GError                   **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_set_scan_user_async, error);
}

static void
on_scan_settings_reply (GuichetWeezeventProvider *self,
                        GTask                    *task,
                        GBytes                   *body)
{
  g_autoptr(JsonNode) root = parse_body (task, body);
  GError *error = NULL;
  guint interval = 0;

  if (root == NULL)
    return;

  if (!guichet_weezevent_parse_scan_settings (root, &interval, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->sync_interval != interval)
    {
      self->sync_interval = interval;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
    }
  g_task_return_boolean (task, TRUE);
}

void
guichet_weezevent_provider_load_scan_settings_async (GuichetWeezeventProvider *self,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  task = weez_task_new (self, cancellable, callback, user_data,
                        guichet_weezevent_provider_load_scan_settings_async);
  api_call (self, SOUP_METHOD_GET, "/scan/settings", NULL, task, on_scan_settings_reply, NULL);
}

gboolean
guichet_weezevent_provider_load_scan_settings_finish (GuichetWeezeventProvider  *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        guichet_weezevent_provider_load_scan_settings_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- door station: /scan/user then /scan/settings ---- */

static void
on_register_desk_settings (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!guichet_weezevent_provider_load_scan_settings_finish (self, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_register_desk_user (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  g_autofree char *station_id = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  station_id = guichet_weezevent_provider_set_scan_user_finish (self, result, &error);
  if (station_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Weezevent named this desk's control point (id %s)", station_id);
  cancellable = g_task_get_cancellable (task);
  guichet_weezevent_provider_load_scan_settings_async (self, cancellable,
                                                       on_register_desk_settings,
                                                       g_steal_pointer (&task));
}

static void
guichet_weezevent_provider_register_desk_async (GuichetProvider     *provider,
                                                const char          *desk_name,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_weezevent_provider_register_desk_async);

  if (desk_name != NULL && desk_name[0] != '\0')
    guichet_weezevent_provider_set_scan_user_async (self, desk_name, cancellable,
                                                    on_register_desk_user,
                                                    g_steal_pointer (&task));
  else
    guichet_weezevent_provider_load_scan_settings_async (self, cancellable,
                                                         on_register_desk_settings,
                                                         g_steal_pointer (&task));
}

static gboolean
guichet_weezevent_provider_register_desk_finish (GuichetProvider  *provider,
                                                 GAsyncResult     *result,
                                                 guint            *refresh_interval,
                                                 GError          **error)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  *refresh_interval = self->sync_interval;
  return TRUE;
}

/* ---- properties ---- */

gboolean
guichet_weezevent_provider_get_include_not_published (GuichetWeezeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self), FALSE);
  return self->include_not_published;
}

void
guichet_weezevent_provider_set_include_not_published (GuichetWeezeventProvider *self,
                                                      gboolean                  include)
{
  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  include = !!include;
  if (self->include_not_published == include)
    return;
  self->include_not_published = include;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_NOT_PUBLISHED]);
}

gboolean
guichet_weezevent_provider_get_include_closed (GuichetWeezeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self), FALSE);
  return self->include_closed;
}

void
guichet_weezevent_provider_set_include_closed (GuichetWeezeventProvider *self,
                                               gboolean                  include)
{
  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  include = !!include;
  if (self->include_closed == include)
    return;
  self->include_closed = include;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_CLOSED]);
}

gboolean
guichet_weezevent_provider_get_include_without_sales (GuichetWeezeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self), FALSE);
  return self->include_without_sales;
}

void
guichet_weezevent_provider_set_include_without_sales (GuichetWeezeventProvider *self,
                                                      gboolean                  include)
{
  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  include = !!include;
  if (self->include_without_sales == include)
    return;
  self->include_without_sales = include;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_WITHOUT_SALES]);
}

guint
guichet_weezevent_provider_get_page_size (GuichetWeezeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self), 0);
  return self->page_size;
}

void
guichet_weezevent_provider_set_page_size (GuichetWeezeventProvider *self,
                                          guint                     page_size)
{
  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (page_size > 0);

  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

guint
guichet_weezevent_provider_get_sync_interval (GuichetWeezeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self), 0);
  return self->sync_interval;
}

static void
guichet_weezevent_provider_dispose (GObject *object)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (object);

  g_clear_object (&self->own_client);

  G_OBJECT_CLASS (guichet_weezevent_provider_parent_class)->dispose (object);
}

static void
guichet_weezevent_provider_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_NOT_PUBLISHED:
      g_value_set_boolean (value, self->include_not_published);
      break;
    case PROP_INCLUDE_CLOSED:
      g_value_set_boolean (value, self->include_closed);
      break;
    case PROP_INCLUDE_WITHOUT_SALES:
      g_value_set_boolean (value, self->include_without_sales);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_weezevent_provider_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_NOT_PUBLISHED:
      guichet_weezevent_provider_set_include_not_published (self, g_value_get_boolean (value));
      break;
    case PROP_INCLUDE_CLOSED:
      guichet_weezevent_provider_set_include_closed (self, g_value_get_boolean (value));
      break;
    case PROP_INCLUDE_WITHOUT_SALES:
      guichet_weezevent_provider_set_include_without_sales (self, g_value_get_boolean (value));
      break;
    case PROP_PAGE_SIZE:
      guichet_weezevent_provider_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_weezevent_provider_class_init (GuichetWeezeventProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = guichet_weezevent_provider_dispose;
  object_class->get_property = guichet_weezevent_provider_get_property;
  object_class->set_property = guichet_weezevent_provider_set_property;

  provider_class->kind = "weezevent";
  provider_class->display_name = N_("Weezevent");
  provider_class->default_base_url = "https://api.weezevent.com";
  provider_class->login_field = "username";
  provider_class->credentials = weezevent_credentials;
  provider_class->capabilities = (GUICHET_PROVIDER_CAN_EVENTS |
                                  GUICHET_PROVIDER_CAN_DATES |
                                  GUICHET_PROVIDER_CAN_NESTED_CATEGORIES |
                                  GUICHET_PROVIDER_CAN_PARTICIPANTS |
                                  GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC |
                                  GUICHET_PROVIDER_CAN_TICKET_STATS);

  provider_class->sign_in_async = guichet_weezevent_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_weezevent_provider_sign_in_finish;
  provider_class->list_events_async = guichet_weezevent_provider_list_events_async;
  provider_class->list_events_finish = guichet_weezevent_provider_list_events_finish;
  provider_class->list_dates_async = guichet_weezevent_provider_list_dates_async;
  provider_class->list_dates_finish = guichet_weezevent_provider_list_dates_finish;
  provider_class->list_categories_async = guichet_weezevent_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_weezevent_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_weezevent_provider_fetch_participants_async;
  provider_class->fetch_participants_finish = guichet_weezevent_provider_fetch_participants_finish;
  provider_class->get_answers_async = guichet_weezevent_provider_get_answers_async;
  provider_class->get_answers_finish = guichet_weezevent_provider_get_answers_finish;
  provider_class->ticket_stats_async = guichet_weezevent_provider_ticket_stats_async;
  provider_class->ticket_stats_finish = guichet_weezevent_provider_ticket_stats_finish;
  provider_class->register_desk_async = guichet_weezevent_provider_register_desk_async;
  provider_class->register_desk_finish = guichet_weezevent_provider_register_desk_finish;

  properties[PROP_INCLUDE_NOT_PUBLISHED] =
    g_param_spec_boolean ("include-not-published", NULL, NULL, TRUE, flags);
  properties[PROP_INCLUDE_CLOSED] =
    g_param_spec_boolean ("include-closed", NULL, NULL, TRUE, flags);
  properties[PROP_INCLUDE_WITHOUT_SALES] =
    g_param_spec_boolean ("include-without-sales", NULL, NULL, TRUE, flags);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, G_MAXINT, DEFAULT_PAGE_SIZE, flags);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_weezevent_provider_init (GuichetWeezeventProvider *self)
{
  self->include_not_published = TRUE;
  self->include_closed = TRUE;
  self->include_without_sales = TRUE;
  self->page_size = DEFAULT_PAGE_SIZE;
}
