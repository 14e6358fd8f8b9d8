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
  GuichetRestProvider parent_instance;

  gboolean include_not_published;
  gboolean include_closed;
  gboolean include_without_sales;
  guint    page_size;
  guint    sync_interval;
};

G_DEFINE_FINAL_TYPE (GuichetWeezeventProvider, guichet_weezevent_provider,
                     GUICHET_TYPE_REST_PROVIDER)

enum
{
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
    { "password", N_("Password"), TRUE }, { NULL, NULL, FALSE },
  };

/* ---- requests: what the base needs to know of Weezevent ---- */

#define new_task(self, cancellable, callback, user_data, tag)                                      \
  guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (self), cancellable, callback, user_data,  \
                                  tag)
#define call(self, task, method, path, query, form, flags, parse, result_free)                     \
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, method, path, query, form, NULL, \
                              flags, parse, result_free)
#define propagate_pointer guichet_rest_provider_propagate_pointer

static const char *
account_id (GuichetRestProvider *self)
{
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));

  return account != NULL ? guichet_account_get_id (account) : NULL;
}

/* Every call but the login and the public categories carries api_key and
 * access_token in its query. */
static gboolean
guichet_weezevent_provider_authorize (GuichetRestProvider *provider,
                                      GuichetRestRequest  *request,
                                      GError             **error)
{
  const char *api_key = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "api_key");
  const char *token = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "access_token");

  if (api_key == NULL || api_key[0] == '\0' || token == NULL || token[0] == '\0')
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                           _("This Weezevent account has no session. Sign in again."));
      return FALSE;
    }

  guichet_rest_request_add_query (request, "api_key", api_key);
  guichet_rest_request_add_query (request, "access_token", token);
  return TRUE;
}

/* Weezevent's own documentation shows bodies with escapes JSON does not allow */
static JsonNode *
guichet_weezevent_provider_parse_json (GuichetRestProvider *provider,
                                       GBytes              *body,
                                       GError             **error)
{
  return guichet_weezevent_parse_json (body, error);
}

static GError *
guichet_weezevent_provider_map_error (GuichetRestProvider *provider,
                                      GError              *error,
                                      guint                status,
                                      GuichetRestFlags     flags)
{
  if ((flags & GUICHET_REST_LOGIN) != 0)
    {
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED))
        {
          g_debug ("Sign-in rate limited: %s", error->message);
          g_error_free (error);
          return g_error_new_literal (
            GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED,
            _("Weezevent is blocking sign-in after too many attempts. "
                                        "Wait 30 minutes, check the username, password and API key, then try once more."));
        }

      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
          g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN) ||
          g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION) || status == 400 ||
          status == 401 || status == 403)
        {
          g_debug ("Sign-in refused (%u): %s", status, error->message);
          g_error_free (error);
          return g_error_new_literal (
            GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
            _("Weezevent refused the username, password or API key. Check them and try again; "
                                        "after five failed attempts Weezevent blocks sign-in for 30 minutes."));
        }

      return error;
    }

  if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN))
    {
      /* "no session" (nothing was sent) keeps its own words */
      if (status == 0)
        return error;
      g_debug ("Session refused (%u): %s", status, error->message);
      g_error_free (error);
      return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                                  _("Weezevent no longer accepts this session. Sign in again."));
    }

  return error;
}

/* ---- sign in ---- */

static gpointer
parse_access_token (GuichetRestProvider *self,
                    JsonNode            *root,
                    GBytes              *body,
                    gpointer             task_data,
                    GError             **error)
{
  return guichet_weezevent_parse_access_token (root, error);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GuichetProvider *self = GUICHET_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GHashTable) secrets = NULL;
  GHashTable *credentials = g_task_get_task_data (task);
  GError     *error = NULL;
  char       *token;

  token = g_task_propagate_pointer (G_TASK (result), &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The password stays out: the token is long-lived */
  secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (secrets, g_strdup ("api_key"),
                       g_strdup (g_hash_table_lookup (credentials, "api_key")));
  g_hash_table_insert (secrets, g_strdup ("access_token"), token);

  guichet_provider_set_secrets (self, secrets);
  g_task_return_pointer (task, g_steal_pointer (&secrets), (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_weezevent_provider_sign_in_async (GuichetProvider    *provider,
                                          GHashTable         *credentials,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  g_autoptr (GTask) task =
    new_task (self, cancellable, callback, user_data, guichet_weezevent_provider_sign_in_async);
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  GuichetAccount *account = guichet_provider_get_account (provider);
  const char     *username = g_hash_table_lookup (credentials, "username");
  const char     *password = g_hash_table_lookup (credentials, "password");
  const char     *api_key = g_hash_table_lookup (credentials, "api_key");
  GHashTable     *kept;

  if (username == NULL && account != NULL)
    username = guichet_account_get_username (account);

  if (username == NULL || username[0] == '\0' || password == NULL || password[0] == '\0' ||
      api_key == NULL || api_key[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("Weezevent needs a username, a password and an API key."));
      return;
    }

  /* Values are borrowed: no extra copy of the password */
  g_hash_table_insert (form, (gpointer) "username", (gpointer) username);
  g_hash_table_insert (form, (gpointer) "password", (gpointer) password);
  g_hash_table_insert (form, (gpointer) "api_key", (gpointer) api_key);

  /* Only the API key is needed afterwards */
  kept = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (kept, (gpointer) "api_key", g_strdup (api_key));
  g_task_set_task_data (task, kept, (GDestroyNotify) g_hash_table_unref);

  /* A login: never retried, since five failures earn a 30-minute ban */
  call (self, new_task (self, cancellable, on_signed_in, g_steal_pointer (&task), on_signed_in),
        "POST", "/auth/access_token", NULL, form, GUICHET_REST_LOGIN, parse_access_token, g_free);
}

static GHashTable *
guichet_weezevent_provider_sign_in_finish (GuichetProvider *provider,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_sign_in_async, error);
}

/* ---- events ---- */

static gpointer
parse_events (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  return guichet_weezevent_parse_events (root, task_data, error);
}

static gpointer
parse_event_details (GuichetRestProvider *self,
                     JsonNode            *root,
                     GBytes              *body,
                     gpointer             task_data,
                     GError             **error)
{
  return guichet_weezevent_parse_event_details (root, task_data, error);
}

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
on_details (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  EventsData   *data = g_task_get_task_data (task);
  GuichetEvent *event = g_ptr_array_index (data->events, data->next);
  g_autoptr (GuichetEvent) details = NULL;
  g_autoptr (GError) error = NULL;

  details = g_task_propagate_pointer (G_TASK (result), &error);
  if (details == NULL)
    {
      /* A refused session or a cancellation ends the listing; anything
       * else only costs this event its venue. */
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_task_return_error_if_cancelled (task))
        return;
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
  fetch_next_details (self, g_steal_pointer (&task));
}

/* Takes @task. */
static void
fetch_next_details (GuichetWeezeventProvider *self,
                    GTask                    *task)
{
  EventsData      *data = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  GTask           *details;

  if (data->next >= MIN (data->events->len, MAX_DETAILS))
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->events),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  path =
    guichet_rest_path_with_id ("/event/",
                               guichet_event_get_id (g_ptr_array_index (data->events, data->next)),
                               "/details");
  details = new_task (self, g_task_get_cancellable (task), on_details, task, on_details);
  call (self, details, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_event_details,
        g_object_unref);
}

static void
on_events (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  GError     *error = NULL;
  EventsData *data;
  GPtrArray  *events;

  events = g_task_propagate_pointer (G_TASK (result), &error);
  if (events == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (EventsData, 1);
  data->events = events;
  g_task_set_task_data (task, data, (GDestroyNotify) events_data_free);
  fetch_next_details (self, g_steal_pointer (&task));
}

static void
guichet_weezevent_provider_list_events_async (GuichetProvider    *provider,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask                    *task =
    new_task (self, cancellable, callback, user_data, guichet_weezevent_provider_list_events_async);
  g_autoptr (GString) query = g_string_new (NULL);
  GTask *events;

  guichet_http_query_add (query, "include_not_published", self->include_not_published ? "1" : "0");
  guichet_http_query_add (query, "include_closed", self->include_closed ? "1" : "0");
  guichet_http_query_add (query, "include_without_sales", self->include_without_sales ? "1" : "0");

  events = new_task (self, cancellable, on_events, task, on_events);
  g_task_set_task_data (events, g_strdup (account_id (GUICHET_REST_PROVIDER (self))), g_free);
  call (self, events, "GET", "/events", query->str, NULL, GUICHET_REST_DEFAULT, parse_events,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_weezevent_provider_list_events_finish (GuichetProvider *provider,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_events_async, error);
}

/* ---- dates and tickets ---- */

static gpointer
parse_dates (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  return guichet_weezevent_parse_dates (root, task_data, error);
}

static void
guichet_weezevent_provider_list_dates_async (GuichetProvider    *provider,
                                             const char         *event_id,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_weezevent_provider_list_dates_async);
  g_autoptr (GString) query = g_string_new (NULL);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (query, "id_event[]", event_id);
  /* the desk may still want yesterday's date */
  guichet_http_query_add (query, "display_passed", "1");

  call (provider, task, "GET", "/dates", query->str, NULL, GUICHET_REST_DEFAULT, parse_dates,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_weezevent_provider_list_dates_finish (GuichetProvider *provider,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_dates_async, error);
}

static gpointer
parse_tickets (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  return guichet_weezevent_parse_tickets (root, task_data, error);
}

static void
guichet_weezevent_provider_list_categories_async (GuichetProvider    *provider,
                                                  const char         *event_id,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_weezevent_provider_list_categories_async);
  g_autoptr (GString) query = g_string_new (NULL);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (query, "id_event[]", event_id);

  call (provider, task, "GET", "/tickets", query->str, NULL, GUICHET_REST_DEFAULT, parse_tickets,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_weezevent_provider_list_categories_finish (GuichetProvider *provider,
                                                   GAsyncResult    *result,
                                                   GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_list_categories_async,
                            error);
}

/* ---- participants ---- */

/* The cursor, as opaque JSON text:
 *   {"since": "YYYY-MM-DD HH:MM:SS" | null,  last_update of this run
 *    "page": N,                              next page to ask for
 *    "largest": L,                           largest page seen in this run
 *    "server_time": "..." | null,            first page's server_time
 *    "first": "id" | null,                   first id of the previous page
 *    "more": bool}                           FALSE: the run is complete
 * Paging is the base's page style (guichet_rest_page_state_advance_counts). */
typedef struct
{
  char                *since;
  char                *server_time;
  GuichetRestPageState paging;
} Cursor;

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->since, g_free);
  g_clear_pointer (&cursor->server_time, g_free);
  guichet_rest_page_state_clear (&cursor->paging);
}

static void
cursor_parse (Cursor     *cursor,
              const char *text)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  memset (cursor, 0, sizeof *cursor);
  guichet_rest_page_state_init (&cursor->paging);

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
  if (!guichet_json_get_bool (object, "more", FALSE))
    return; /* a finished run: the next one starts over from page 1 */

  cursor->server_time = guichet_json_dup_string (object, "server_time");
  cursor->paging.first_id = guichet_json_dup_id (object, "first");
  cursor->paging.page = (guint) CLAMP (guichet_json_get_int (object, "page", 1), 1, G_MAXINT);
  cursor->paging.largest = (guint) CLAMP (guichet_json_get_int (object, "largest", 0), 0, G_MAXINT);
}

static char *
cursor_to_string (const char *since,
                  guint       page,
                  guint       largest,
                  const char *server_time,
                  const char *first,
                  gboolean    more)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;

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
  char  *event_id;
  Cursor cursor;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  cursor_clear (&data->cursor);
  g_free (data);
}

/* Worker thread: reads the page with the one-pass scanner (GUICHET_REST_RAW)
 * and works out the next cursor. */
static gpointer
parse_participants_page (GuichetRestProvider *self,
                         JsonNode            *root,
                         GBytes              *body,
                         gpointer             task_data,
                         GError             **error)
{
  FetchData            *data = task_data;
  Cursor               *cursor = &data->cursor;
  GuichetRestPageState *paging = &cursor->paging;
  g_autoptr (GuichetWeezeventParticipants) parsed = NULL;
  g_autoptr (GuichetParticipantPage) page = NULL;
  const char *run_time;

  parsed = guichet_weezevent_parse_participants (body, data->event_id, error);
  if (parsed == NULL)
    return NULL;

  /* The run's reference time is the first page's: whatever changes while
   * later pages come in is asked for again by the next run. */
  run_time =
    paging->page == 1 || cursor->server_time == NULL ? parsed->server_time : cursor->server_time;

  page = guichet_participant_page_new ();
  g_clear_pointer (&page->participants, g_ptr_array_unref);
  page->participants = g_steal_pointer (&parsed->participants);
  page->full = cursor->since == NULL;

  guichet_rest_page_state_advance_counts (paging, parsed->n_records, parsed->first_id);
  page->more = !paging->done;
  if (page->more)
    page->cursor = cursor_to_string (cursor->since, paging->page, paging->largest, run_time,
                                     paging->first_id, TRUE);
  else
    page->cursor =
      cursor_to_string (run_time != NULL ? run_time : cursor->since, 1, 0, NULL, NULL, FALSE);

  return g_steal_pointer (&page);
}

/* Takes @task. */
static void
fetch_participants (GuichetWeezeventProvider *self,
                    const char               *event_id,
                    const char               *date_id,
                    const char * const       *ticket_ids,
                    const char               *cursor_text,
                    GTask                    *task)
{
  FetchData *data = g_new0 (FetchData, 1);
  g_autoptr (GString) query = g_string_new (NULL);
  char number[32];

  data->event_id = g_strdup (event_id);
  cursor_parse (&data->cursor, cursor_text);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  if (date_id != NULL)
    {
      g_autofree char *key = g_strdup_printf ("date_ticket[%s][]", date_id);

      for (guint i = 0; ticket_ids != NULL && ticket_ids[i] != NULL; i++)
        guichet_http_query_add (query, key, ticket_ids[i]);
    }
  else
    guichet_http_query_add (query, "id_event[]", event_id);

  guichet_http_query_add (query, "full", "1");
  /* deletions must reach the cache, and the door must be able to say why */
  guichet_http_query_add (query, "include_deleted", "1");
  guichet_http_query_add (query, "include_unpaid", "1");
  g_snprintf (number, sizeof number, "%u", self->page_size);
  guichet_http_query_add (query, "max", number);
  g_snprintf (number, sizeof number, "%u", data->cursor.paging.page);
  guichet_http_query_add (query, "page", number);
  if (data->cursor.since != NULL)
    guichet_http_query_add (query, "last_update", data->cursor.since);

  call (self, task, "GET", "/participants", query->str, NULL, GUICHET_REST_RAW,
        parse_participants_page, (GDestroyNotify) guichet_participant_page_free);
}

static void
guichet_weezevent_provider_fetch_participants_async (GuichetProvider    *provider,
                                                     const char         *event_id,
                                                     const char         *cursor,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  GTask                    *task = new_task (self, cancellable, callback, user_data,
                                             guichet_weezevent_provider_fetch_participants_async);

  fetch_participants (self, event_id, NULL, NULL, cursor, task);
}

static GuichetParticipantPage *
guichet_weezevent_provider_fetch_participants_finish (GuichetProvider *provider,
                                                      GAsyncResult    *result,
                                                      GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_fetch_participants_async,
                            error);
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

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_fetch_date_participants_async);
  fetch_participants (self, event_id, date_id, ticket_ids, cursor, task);
}

GuichetParticipantPage *
guichet_weezevent_provider_fetch_date_participants_finish (GuichetWeezeventProvider *self,
                                                           GAsyncResult             *result,
                                                           GError                  **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_fetch_date_participants_async,
                            error);
}

/* ---- answers and stats ---- */

static gpointer
parse_answers (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  return guichet_weezevent_parse_answers (root, error);
}

static void
guichet_weezevent_provider_get_answers_async (GuichetProvider    *provider,
                                              const char         *participant_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  GTask           *task = new_task (provider, cancellable, callback, user_data,
                                    guichet_weezevent_provider_get_answers_async);
  g_autofree char *path = guichet_rest_path_with_id ("/participant/", participant_id, "/answers");

  call (provider, task, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_answers, g_free);
}

static char *
guichet_weezevent_provider_get_answers_finish (GuichetProvider *provider,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return propagate_pointer (provider, result, guichet_weezevent_provider_get_answers_async, error);
}

static gpointer
parse_stats (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  g_autofree GuichetTicketStats *stats = g_new0 (GuichetTicketStats, 1);

  if (!guichet_weezevent_parse_ticket_stats (root, stats, error))
    return NULL;
  return g_steal_pointer (&stats);
}

static void
guichet_weezevent_provider_ticket_stats_async (GuichetProvider    *provider,
                                               const char         *ticket_id,
                                               const char         *date_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data)
{
  GTask           *task = new_task (provider, cancellable, callback, user_data,
                                    guichet_weezevent_provider_ticket_stats_async);
  g_autofree char *path = guichet_rest_path_with_id ("/ticket/", ticket_id, "/stats");
  g_autoptr (GString) query = g_string_new (NULL);

  if (date_id != NULL && date_id[0] != '\0')
    guichet_http_query_add (query, "id_date", date_id);

  call (provider, task, "GET", path, query->str, NULL, GUICHET_REST_DEFAULT, parse_stats, g_free);
}

static gboolean
guichet_weezevent_provider_ticket_stats_finish (GuichetProvider    *provider,
                                                GAsyncResult       *result,
                                                GuichetTicketStats *stats,
                                                GError            **error)
{
  g_autofree GuichetTicketStats *found = NULL;

  found =
    propagate_pointer (provider, result, guichet_weezevent_provider_ticket_stats_async, error);
  if (found == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *found;
  return TRUE;
}

/* ---- Weezevent-only calls ---- */

void
guichet_weezevent_provider_get_event_details_async (GuichetWeezeventProvider *self,
                                                    const char               *event_id,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data)
{
  g_autofree char *path = NULL;
  GTask           *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (event_id != NULL);

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_get_event_details_async);
  g_task_set_task_data (task, g_strdup (account_id (GUICHET_REST_PROVIDER (self))), g_free);
  path = guichet_rest_path_with_id ("/event/", event_id, "/details");
  call (self, task, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_event_details,
        g_object_unref);
}

GuichetEvent *
guichet_weezevent_provider_get_event_details_finish (GuichetWeezeventProvider *self,
                                                     GAsyncResult             *result,
                                                     GError                  **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_get_event_details_async,
                            error);
}

static gpointer
parse_search (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  return guichet_weezevent_parse_event_search (root, task_data, error);
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
  g_autoptr (GString) query = g_string_new (NULL);
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_search_events_async);
  g_task_set_task_data (task, g_strdup (account_id (GUICHET_REST_PROVIDER (self))), g_free);

  if (criteria != NULL)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (criteria, NULL);
      guint                n = g_hash_table_size (criteria);

      /* a stable order makes requests comparable in logs */
      qsort (keys, n, sizeof (gpointer), compare_keys);
      for (guint i = 0; i < n; i++)
        guichet_http_query_add (query, keys[i], g_hash_table_lookup (criteria, keys[i]));
    }

  call (self, task, "GET", "/event/search/", query->str, NULL, GUICHET_REST_DEFAULT, parse_search,
        (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
guichet_weezevent_provider_search_events_finish (GuichetWeezeventProvider *self,
                                                 GAsyncResult             *result,
                                                 GError                  **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_search_events_async, error);
}

static gpointer
parse_event_categories (GuichetRestProvider *self,
                        JsonNode            *root,
                        GBytes              *body,
                        gpointer             task_data,
                        GError             **error)
{
  return guichet_weezevent_parse_event_categories (root, error);
}

void
guichet_weezevent_provider_list_event_categories_async (GuichetWeezeventProvider *self,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_list_event_categories_async);
  /* Public: no key, no token */
  call (self, task, "GET", "/event/categories/", NULL, NULL, GUICHET_REST_ANONYMOUS,
        parse_event_categories, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
guichet_weezevent_provider_list_event_categories_finish (GuichetWeezeventProvider *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_list_event_categories_async,
                            error);
}

static gpointer
parse_scan_user (GuichetRestProvider *self,
                 JsonNode            *root,
                 GBytes              *body,
                 gpointer             task_data,
                 GError             **error)
{
  return guichet_weezevent_parse_scan_user (root, error);
}

void
guichet_weezevent_provider_set_scan_user_async (GuichetWeezeventProvider *self,
                                                const char               *name,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data)
{
  g_autoptr (GHashTable) form = NULL;
  GTask *task;

  g_return_if_fail (GUICHET_IS_WEEZEVENT_PROVIDER (self));
  g_return_if_fail (name != NULL);

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_set_scan_user_async);
  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (gpointer) "user", (gpointer) name);

  /* Naming the station twice is harmless */
  call (self, task, "POST", "/scan/user", NULL, form, GUICHET_REST_IDEMPOTENT, parse_scan_user,
        g_free);
}

char *
guichet_weezevent_provider_set_scan_user_finish (GuichetWeezeventProvider *self,
                                                 GAsyncResult             *result,
                                                 GError                  **error)
{
  return propagate_pointer (self, result, guichet_weezevent_provider_set_scan_user_async, error);
}

static gpointer
parse_scan_settings (GuichetRestProvider *self,
                     JsonNode            *root,
                     GBytes              *body,
                     gpointer             task_data,
                     GError             **error)
{
  g_autofree guint *interval = g_new0 (guint, 1);

  if (!guichet_weezevent_parse_scan_settings (root, interval, error))
    return NULL;
  return g_steal_pointer (&interval);
}

static void
on_scan_settings (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  g_autofree guint *interval = NULL;
  GError           *error = NULL;

  interval = g_task_propagate_pointer (G_TASK (result), &error);
  if (interval == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->sync_interval != *interval)
    {
      self->sync_interval = *interval;
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

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_load_scan_settings_async);
  call (self, new_task (self, cancellable, on_scan_settings, task, on_scan_settings), "GET",
        "/scan/settings", NULL, NULL, GUICHET_REST_DEFAULT, parse_scan_settings, g_free);
}

gboolean
guichet_weezevent_provider_load_scan_settings_finish (GuichetWeezeventProvider *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error)
{
  return guichet_rest_provider_propagate_boolean (
    self, result, guichet_weezevent_provider_load_scan_settings_async, error);
}

/* ---- door station: /scan/user then /scan/settings ---- */

static void
on_register_desk_settings (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
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
  g_autoptr (GTask) task = user_data;
  g_autofree char *station_id = NULL;
  GCancellable    *cancellable;
  GError          *error = NULL;

  station_id = guichet_weezevent_provider_set_scan_user_finish (self, result, &error);
  if (station_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Weezevent named this desk's control point (id %s)", station_id);
  cancellable = g_task_get_cancellable (task);
  guichet_weezevent_provider_load_scan_settings_async (self, cancellable, on_register_desk_settings,
                                                       g_steal_pointer (&task));
}

static void
guichet_weezevent_provider_register_desk_async (GuichetProvider    *provider,
                                                const char         *desk_name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  GuichetWeezeventProvider *self = GUICHET_WEEZEVENT_PROVIDER (provider);
  g_autoptr (GTask) task = NULL;

  task = new_task (self, cancellable, callback, user_data,
                   guichet_weezevent_provider_register_desk_async);

  if (desk_name != NULL && desk_name[0] != '\0')
    guichet_weezevent_provider_set_scan_user_async (self, desk_name, cancellable,
                                                    on_register_desk_user, g_steal_pointer (&task));
  else
    guichet_weezevent_provider_load_scan_settings_async (self, cancellable,
                                                         on_register_desk_settings,
                                                         g_steal_pointer (&task));
}

static gboolean
guichet_weezevent_provider_register_desk_finish (GuichetProvider *provider,
                                                 GAsyncResult    *result,
                                                 guint           *refresh_interval,
                                                 GError         **error)
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
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = guichet_weezevent_provider_get_property;
  object_class->set_property = guichet_weezevent_provider_set_property;

  provider_class->kind = "weezevent";
  provider_class->display_name = N_("Weezevent");
  provider_class->default_base_url = "https://api.weezevent.com";
  provider_class->login_field = "username";
  provider_class->credentials = weezevent_credentials;
  provider_class->capabilities =
    (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_DATES |
     GUICHET_PROVIDER_CAN_NESTED_CATEGORIES | GUICHET_PROVIDER_CAN_PARTICIPANTS |
     GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC | GUICHET_PROVIDER_CAN_TICKET_STATS);

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

  rest_class->authorize = guichet_weezevent_provider_authorize;
  rest_class->parse_json = guichet_weezevent_provider_parse_json;
  rest_class->map_error = guichet_weezevent_provider_map_error;
  /* Fair use: more than 600 requests a minute earn a ban, and a large
   * event's first sync takes one a page (2,000 at 1,000,000 participants) */
  rest_class->requests_per_minute = 600;

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
