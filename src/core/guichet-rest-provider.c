/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-rest-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "guichet-account.h"
#include "guichet-error.h"
#include "guichet-http-client.h"
#include "guichet-json.h"
#include "guichet-rest-provider.h"
#include "guichet-secrets.h"

typedef struct
{
  GuichetHttpClient *own_client;
  /* its client's "waiting" is told as the provider's own, for its requests */
  gboolean watching_client;
  /* guichet_rest_provider_set_request_limit(); unset: the class's */
  gboolean limit_set;
  guint    limit_requests;
  guint    limit_window_ms;
} GuichetRestProviderPrivate;

/* How far below the platform's ban the calls keep: its count and ours
 * start at different moments. */
#define LIMIT_MARGIN_DIVISOR 10

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GuichetRestProvider, guichet_rest_provider,
                                     GUICHET_TYPE_PROVIDER)

struct _GuichetRestRequest
{
  const char *method;
  const char *path;
  GString    *query;
  GHashTable *form; /* borrowed keys and values, or ones in @owned */
  JsonNode   *json;
  GPtrArray  *headers; /* name, value, name, value... */
  GPtrArray  *owned;   /* strings to free with the request */
};

static const char *
display_name (GuichetRestProvider *self)
{
  GuichetProviderClass *klass = GUICHET_PROVIDER_GET_CLASS (self);

  if (klass->display_name != NULL)
    return _(klass->display_name);
  if (klass->kind != NULL)
    return klass->kind;
  return G_OBJECT_TYPE_NAME (self);
}

/* ---- requests ---- */

const char *
guichet_rest_request_get_method (GuichetRestRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->method;
}

const char *
guichet_rest_request_get_path (GuichetRestRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->path;
}

void
guichet_rest_request_add_query (GuichetRestRequest *request,
                                const char         *key,
                                const char         *value)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (key != NULL);

  guichet_http_query_add (request->query, key, value ? value : "");
}

void
guichet_rest_request_set_header (GuichetRestRequest *request,
                                 const char         *name,
                                 const char         *value)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
guichet_rest_request_set_bearer (GuichetRestRequest *request,
                                 const char         *token)
{
  g_autofree char *value = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (token != NULL);

  value = g_strconcat ("Bearer ", token, NULL);
  guichet_rest_request_set_header (request, "Authorization", value);
}

void
guichet_rest_request_set_basic (GuichetRestRequest *request,
                                const char         *user,
                                const char         *password)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *value = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (user != NULL);

  pair = g_strconcat (user, ":", password ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  value = g_strconcat ("Basic ", encoded, NULL);
  guichet_rest_request_set_header (request, "Authorization", value);
}

void
guichet_rest_request_add_body_field (GuichetRestRequest *request,
                                     const char         *name,
                                     const char         *value)
{
  char *owned_value;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  if (request->json != NULL && JSON_NODE_HOLDS_OBJECT (request->json))
    {
      JsonNode *copy = json_node_copy (request->json);

      json_object_set_string_member (json_node_get_object (copy), name, value);
      json_node_unref (request->json);
      request->json = copy;
      return;
    }

  if (request->form == NULL)
    request->form = g_hash_table_new (g_str_hash, g_str_equal);

  owned_value = g_strdup (value);
  g_ptr_array_add (request->owned, owned_value);
  g_hash_table_insert (request->form, (gpointer) name, owned_value);
}

static GuichetRestRequest *
request_new (const char *method,
             const char *path,
             GHashTable *form,
             JsonNode   *json)
{
  GuichetRestRequest *request = g_new0 (GuichetRestRequest, 1);

  request->method = method;
  request->path = path;
  request->query = g_string_new (NULL);
  request->headers = g_ptr_array_new_with_free_func (g_free);
  request->owned = g_ptr_array_new_with_free_func (g_free);
  if (form != NULL)
    {
      GHashTableIter iter;
      gpointer       key, value;

      request->form = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->form, key, value);
    }
  if (json != NULL)
    request->json = json_node_ref (json);

  return request;
}

static void
request_free (GuichetRestRequest *request)
{
  g_string_free (request->query, TRUE);
  g_clear_pointer (&request->form, g_hash_table_unref);
  g_clear_pointer (&request->json, json_node_unref);
  g_ptr_array_unref (request->headers);
  g_ptr_array_unref (request->owned);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetRestRequest, request_free)

/* ---- tasks ---- */

GTask *
guichet_rest_provider_new_task (GuichetRestProvider *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data,
                                gpointer             source_tag)
{
  GuichetProviderClass *klass;
  g_autofree char      *name = NULL;
  GTask                *task;

  g_return_val_if_fail (GUICHET_IS_REST_PROVIDER (self), NULL);

  klass = GUICHET_PROVIDER_GET_CLASS (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* GTask keeps the pointer: an interned string lives as long as we do */
  name = g_strconcat ("[guichet] ", klass->kind ? klass->kind : G_OBJECT_TYPE_NAME (self), NULL);
  g_task_set_name (task, g_intern_string (name));

  return task;
}

void
guichet_rest_task_return_array (GTask     *task,
                                GPtrArray *array,
                                GError    *error)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail ((array == NULL) != (error == NULL));

  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify) g_ptr_array_unref);
}

gpointer
guichet_rest_provider_propagate_pointer (gpointer      self,
                                         GAsyncResult *result,
                                         gpointer      source_tag,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
guichet_rest_provider_propagate_boolean (gpointer      self,
                                         GAsyncResult *result,
                                         gpointer      source_tag,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
guichet_rest_path_with_id (const char *prefix,
                           const char *id,
                           const char *suffix)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strconcat (prefix ? prefix : "", escaped, suffix, NULL);
}

GuichetHttpClient *
guichet_rest_provider_get_client (GuichetRestProvider *self)
{
  GuichetRestProviderPrivate *priv = guichet_rest_provider_get_instance_private (self);
  GuichetHttpClient          *client;

  g_return_val_if_fail (GUICHET_IS_REST_PROVIDER (self), NULL);

  client = guichet_provider_get_http_client (GUICHET_PROVIDER (self));
  if (client != NULL)
    return client;
  if (priv->own_client == NULL)
    priv->own_client = guichet_http_client_new ();
  return priv->own_client;
}

void
guichet_rest_provider_set_request_limit (GuichetRestProvider *self,
                                         guint                max_requests,
                                         guint                window_ms)
{
  GuichetRestProviderPrivate *priv = guichet_rest_provider_get_instance_private (self);

  g_return_if_fail (GUICHET_IS_REST_PROVIDER (self));

  priv->limit_set = TRUE;
  priv->limit_requests = max_requests;
  priv->limit_window_ms = window_ms;
}

/* Marks the requests a provider sends (no reference: only compared). */
static GQuark
sender_quark (void)
{
  return g_quark_from_static_string ("guichet-rest-provider-sender");
}

static void
on_client_waiting (GuichetHttpClient *client,
                   SoupMessage       *message,
                   guint              seconds,
                   GuichetHttpWait    reason,
                   gpointer           user_data)
{
  GuichetRestProvider *self = user_data;

  /* The client may be shared with other providers. */
  if (g_object_get_qdata (G_OBJECT (message), sender_quark ()) == self)
    g_signal_emit_by_name (self, "waiting", seconds, reason);
}

/* Tells @message's waits as @self's. */
static void
watch_waits (GuichetRestProvider *self,
             GuichetHttpClient   *client,
             SoupMessage         *message)
{
  GuichetRestProviderPrivate *priv = guichet_rest_provider_get_instance_private (self);

  /* One client for the provider's life: the constructor's, or its own. */
  if (!priv->watching_client)
    {
      g_signal_connect_object (client, "waiting", G_CALLBACK (on_client_waiting), self, 0);
      priv->watching_client = TRUE;
    }
  g_object_set_qdata (G_OBJECT (message), sender_quark (), self);
}

/* Tells @client the platform's limit for @message's host (the one set for
 * @self: 0 lifts it). */
static void
limit_requests (GuichetRestProvider *self,
                GuichetHttpClient   *client,
                SoupMessage         *message)
{
  GuichetRestProviderPrivate *priv = guichet_rest_provider_get_instance_private (self);
  guint       per_minute = GUICHET_REST_PROVIDER_GET_CLASS (self)->requests_per_minute;
  guint       requests = per_minute - per_minute / LIMIT_MARGIN_DIVISOR;
  GUri       *uri = soup_message_get_uri (message);
  const char *host = g_uri_get_host (uri);

  if (host == NULL)
    return;
  if (priv->limit_set)
    guichet_http_client_limit_host (client, host, g_uri_get_port (uri), priv->limit_requests,
                                    priv->limit_window_ms);
  else if (requests > 0)
    guichet_http_client_limit_host (client, host, g_uri_get_port (uri), requests, 60 * 1000);
}

/* ---- the call ---- */

typedef struct
{
  GuichetRestProvider *self;
  GTask               *task; /* the caller's */
  /* what the call sends, kept to send it again with renewed secrets */
  char                *method;
  char                *path;
  char                *query;
  GHashTable          *form;
  JsonNode            *json;
  gboolean             resent;
  GError              *refusal; /* while the keyring is read again */
  SoupMessage         *message;
  GBytes              *body;
  GuichetRestFlags     flags;
  GuichetRestParseFunc parse;
  GDestroyNotify       result_free;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->task);
  g_free (data->method);
  g_free (data->path);
  g_free (data->query);
  g_clear_pointer (&data->form, g_hash_table_unref);
  g_clear_pointer (&data->json, json_node_unref);
  g_clear_error (&data->refusal);
  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static void call_send (CallData *data);

static gboolean
secrets_equal (GHashTable *a,
               GHashTable *b)
{
  GHashTableIter iter;
  gpointer       key, value;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;
  return TRUE;
}

static void
on_secrets_read_again (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (CallData) data = user_data;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  GuichetProvider *provider = GUICHET_PROVIDER (data->self);

  secrets = guichet_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (data->task, g_steal_pointer (&error));
      return;
    }
  if (secrets == NULL || g_hash_table_size (secrets) == 0 ||
      secrets_equal (secrets, guichet_provider_get_secrets (provider)))
    {
      /* nothing newer in the keyring: the user has to sign in */
      if (error != NULL)
        g_debug ("Could not read the keyring again: %s", error->message);
      g_task_return_error (data->task, g_steal_pointer (&data->refusal));
      return;
    }

  g_debug ("The keyring holds newer secrets for this account: sending the call again");
  guichet_provider_set_secrets (provider, secrets);
  g_clear_error (&data->refusal);
  call_send (g_steal_pointer (&data));
}

/* Takes @data and @error. */
static void
call_return_error (CallData *data,
                   GError   *error)
{
  g_autoptr (CallData) owned = data;
  GuichetRestProviderClass *klass = GUICHET_REST_PROVIDER_GET_CLASS (data->self);
  guint           status = data->message != NULL ? soup_message_get_status (data->message) : 0;
  GuichetAccount *account;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (data->task, error);
      return;
    }
  if (klass->map_error != NULL)
    error = klass->map_error (data->self, error, status, data->flags);

  /* Another process (the app, the CLI, another desk) may have signed in
   * again since this provider read the keyring: a refused session is read
   * from the keyring once more, and the call sent again once with it. */
  account = guichet_provider_get_account (GUICHET_PROVIDER (data->self));
  if (klass->read_secrets_again && !data->resent && account != NULL &&
      (data->flags & (GUICHET_REST_LOGIN | GUICHET_REST_ANONYMOUS)) == 0 &&
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    {
      data->resent = TRUE;
      data->refusal = error;
      guichet_secrets_lookup_async (guichet_account_get_id (account),
                                    g_task_get_cancellable (data->task), on_secrets_read_again,
                                    g_steal_pointer (&owned));
      return;
    }

  g_task_return_error (data->task, error);
}

/* Worker thread */
static void
call_parse_thread (GTask        *inner,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CallData                 *data = task_data;
  GuichetRestProvider      *self = data->self;
  GuichetRestProviderClass *klass = GUICHET_REST_PROVIDER_GET_CLASS (self);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) payload = NULL;
  GError  *error = NULL;
  gpointer result;

  if ((data->flags & GUICHET_REST_RAW) == 0)
    {
      root = klass->parse_json (self, data->body, &error);
      if (root == NULL)
        {
          g_task_return_error (inner, error);
          return;
        }
      payload = klass->unwrap (self, root, &error);
      if (payload == NULL)
        {
          g_task_return_error (inner, error);
          return;
        }
    }

  if (data->parse == NULL)
    {
      g_task_return_boolean (inner, TRUE);
      return;
    }

  result = data->parse (self, payload, data->body, g_task_get_task_data (data->task), &error);
  if (result == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                                     _("The server sent a reply that could not be read."));
      g_task_return_error (inner, error);
      return;
    }

  g_task_return_pointer (inner, result, data->result_free);
}

static void
on_call_parsed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CallData) data = user_data;
  GTask  *inner = G_TASK (result);
  GError *error = NULL;

  if (data->parse == NULL)
    {
      if (g_task_propagate_boolean (inner, &error))
        g_task_return_boolean (data->task, TRUE);
      else
        call_return_error (g_steal_pointer (&data), error);
      return;
    }

  {
    gpointer value = g_task_propagate_pointer (inner, &error);

    if (value == NULL)
      call_return_error (g_steal_pointer (&data), error);
    else
      g_task_return_pointer (data->task, value, data->result_free);
  }
}

static void
on_call_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CallData) data = user_data;
  g_autoptr (GTask) inner = NULL;
  GError *error = NULL;

  data->body = guichet_http_client_send_finish (GUICHET_HTTP_CLIENT (source), result, &error);
  if (data->body == NULL)
    {
      call_return_error (g_steal_pointer (&data), error);
      return;
    }

  /* A write answered with nothing (204) has nothing to read */
  if (data->parse == NULL && g_bytes_get_size (data->body) == 0)
    {
      g_task_return_boolean (data->task, TRUE);
      return;
    }

  /* No source object: the worker may drop its reference to @inner after
   * on_call_parsed() ran, and must not be the one to keep the provider */
  inner = g_task_new (NULL, g_task_get_cancellable (data->task), on_call_parsed, data);
  g_task_set_source_tag (inner, on_call_sent);
  g_task_set_name (inner, g_task_get_name (data->task));
  g_task_set_task_data (inner, data, NULL);
  g_steal_pointer (&data);
  g_task_run_in_thread (inner, call_parse_thread);
}

/* Signs and sends @data's request (again, after the keyring held newer
 * secrets). Takes @data. */
static void
call_send (CallData *data)
{
  g_autoptr (CallData) owned = data;
  GuichetRestProvider      *self = data->self;
  GuichetRestProviderClass *klass = GUICHET_REST_PROVIDER_GET_CLASS (self);
  g_autoptr (GuichetRestRequest) request = NULL;
  GuichetHttpFlags   http_flags = GUICHET_HTTP_DEFAULT;
  GuichetHttpClient *client;
  GError            *error = NULL;

  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_bytes_unref);

  client = guichet_rest_provider_get_client (self);
  request = request_new (data->method, data->path, data->form, data->json);

  if ((data->flags & (GUICHET_REST_LOGIN | GUICHET_REST_ANONYMOUS)) == 0 &&
      !klass->authorize (self, request, &error))
    {
      g_task_return_error (data->task, error);
      return;
    }

  if (data->query != NULL && data->query[0] != '\0')
    {
      if (request->query->len > 0)
        g_string_append_c (request->query, '&');
      g_string_append (request->query, data->query);
    }

  data->message =
    guichet_http_client_new_message (client, data->method,
                                     guichet_provider_get_base_url (GUICHET_PROVIDER (self)),
                                     data->path, request->query->str, &error);
  if (data->message == NULL)
    {
      g_task_return_error (data->task, error);
      return;
    }

  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                  g_ptr_array_index (request->headers, i),
                                  g_ptr_array_index (request->headers, i + 1));
  if (request->form != NULL)
    guichet_http_message_set_form (data->message, request->form);
  else if (request->json != NULL)
    guichet_http_message_set_json (data->message, request->json);

  limit_requests (self, client, data->message);
  watch_waits (self, client, data->message);

  if ((data->flags & (GUICHET_REST_NO_RETRY | GUICHET_REST_LOGIN)) != 0)
    http_flags |= GUICHET_HTTP_NO_RETRY;
  if ((data->flags & GUICHET_REST_IDEMPOTENT) != 0)
    http_flags |= GUICHET_HTTP_IDEMPOTENT;

  guichet_http_client_send_async (client, data->message, http_flags,
                                  g_task_get_cancellable (data->task), on_call_sent,
                                  g_steal_pointer (&owned));
}

void
guichet_rest_provider_call (GuichetRestProvider *self,
                            GTask               *task,
                            const char          *method,
                            const char          *path,
                            const char          *query,
                            GHashTable          *form,
                            JsonNode            *json,
                            GuichetRestFlags     flags,
                            GuichetRestParseFunc parse,
                            GDestroyNotify       result_free)
{
  CallData *data;

  g_return_if_fail (GUICHET_IS_REST_PROVIDER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (form == NULL || json == NULL);

  data = g_new0 (CallData, 1);
  data->self = g_object_ref (self);
  data->task = task;
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->query = g_strdup (query);
  /* callers lend the form's strings for the call only */
  if (form != NULL)
    {
      GHashTableIter iter;
      gpointer       key, value;

      data->form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (data->form, g_strdup (key), g_strdup (value));
    }
  data->json = json != NULL ? json_node_ref (json) : NULL;
  data->flags = flags;
  data->parse = parse;
  data->result_free = result_free;

  call_send (data);
}

/* ---- paging ---- */

void
guichet_rest_page_state_init (GuichetRestPageState *state)
{
  g_return_if_fail (state != NULL);

  memset (state, 0, sizeof *state);
  state->page = 1;
}

void
guichet_rest_page_state_clear (GuichetRestPageState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->first_id, g_free);
  g_clear_pointer (&state->after, g_free);
  g_clear_pointer (&state->seen, g_hash_table_unref);
}

void
guichet_rest_paging_add_query (const GuichetRestPaging *paging,
                               GuichetRestPageState    *state,
                               GString                 *query)
{
  char number[32];

  g_return_if_fail (paging != NULL);
  g_return_if_fail (state != NULL);
  g_return_if_fail (query != NULL);

  if (paging->limit_param != NULL && paging->limit > 0)
    {
      g_snprintf (number, sizeof number, "%u", paging->limit);
      guichet_http_query_add (query, paging->limit_param, number);
    }

  switch (paging->style)
    {
    case GUICHET_REST_PAGING_PAGE:
      g_snprintf (number, sizeof number, "%u", state->page);
      guichet_http_query_add (query, paging->page_param ? paging->page_param : "page", number);
      break;

    case GUICHET_REST_PAGING_CURSOR:
    case GUICHET_REST_PAGING_SINCE:
      if (state->after != NULL)
        guichet_http_query_add (query,
                                paging->page_param                            ? paging->page_param
                                : paging->style == GUICHET_REST_PAGING_CURSOR ? "starting_after"
                                                                              : "since",
                                state->after);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
guichet_rest_page_state_advance_counts (GuichetRestPageState *state,
                                        guint                 n_records,
                                        const char           *first_id)
{
  gboolean repeated;

  g_return_if_fail (state != NULL);

  state->n_pages++;
  state->largest = MAX (state->largest, n_records);
  /* A server that ignores "page" would send page 1 forever */
  repeated = state->page > 1 && first_id != NULL && g_strcmp0 (first_id, state->first_id) == 0;
  if (repeated)
    g_debug ("Page %u repeats the previous one: stopping", state->page);

  /* Servers may send fewer than asked: only an empty page or one shorter
   * than the largest seen ends the run, never one shorter than the limit. */
  state->done = n_records == 0 || n_records < state->largest || repeated;
  if (!state->done)
    {
      state->page++;
      g_free (state->first_id);
      state->first_id = g_strdup (first_id);
    }
}

/* Counts the ids of @items not seen before in this run, and keeps the last. */
static guint
note_ids (const GuichetRestPaging *paging,
          GuichetRestPageState    *state,
          JsonArray               *items)
{
  guint n_new = 0;

  if (state->seen == NULL)
    state->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      char       *id = guichet_json_dup_id (item, paging->id_member ? paging->id_member : "id");

      if (id == NULL)
        continue;
      g_free (state->after);
      state->after = g_strdup (id);
      if (g_hash_table_add (state->seen, id))
        n_new++;
    }

  return n_new;
}

JsonArray *
guichet_rest_paging_advance (const GuichetRestPaging *paging,
                             GuichetRestPageState    *state,
                             JsonNode                *payload,
                             GError                 **error)
{
  JsonObject *object = NULL;
  JsonArray  *items;

  g_return_val_if_fail (paging != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (paging->items_member == NULL)
    {
      if (payload == NULL || !JSON_NODE_HOLDS_ARRAY (payload))
        {
          g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                               _("The server sent a reply that is not a JSON list."));
          return NULL;
        }
      items = json_node_get_array (payload);
    }
  else if ((object = guichet_json_root_object (payload, error)) == NULL ||
           (items = guichet_json_required_array (object, paging->items_member, error)) == NULL)
    return NULL;

  switch (paging->style)
    {
    case GUICHET_REST_PAGING_PAGE:
      {
        JsonObject      *paginate = guichet_json_get_object (object, "paginate");
        JsonObject      *first = guichet_json_array_get_object (items, 0);
        g_autofree char *first_id =
          guichet_json_dup_id (first, paging->id_member ? paging->id_member : "id");
        guint n_records = json_array_get_length (items);
        guint page = state->page;

        if (paginate == NULL || !json_object_has_member (paginate, "hasNextPage"))
          {
            guichet_rest_page_state_advance_counts (state, n_records, first_id);
            break;
          }

        {
          /* The server says (GoEvent); an empty page or one repeating the
           * previous one still stops */
          gint64   next = guichet_json_get_int (paginate, "nextPage", (gint64) page + 1);
          gboolean repeated =
            page > 1 && first_id != NULL && g_strcmp0 (first_id, state->first_id) == 0;

          state->n_pages++;
          state->largest = MAX (state->largest, n_records);
          state->done = !guichet_json_get_bool (paginate, "hasNextPage", FALSE) || n_records == 0 ||
                        repeated || next <= page;
          if (!state->done)
            {
              state->page = (guint) MIN (next, G_MAXUINT);
              g_free (state->first_id);
              state->first_id = g_strdup (first_id);
            }
        }
      }
      break;

    case GUICHET_REST_PAGING_CURSOR:
      {
        JsonObject      *links = guichet_json_get_object (object, "links");
        g_autofree char *next = guichet_json_dup_string (links, "next");
        guint            n_new = note_ids (paging, state, items);

        state->n_pages++;
        state->done = next == NULL || next[0] == '\0' || n_new == 0;
      }
      break;

    case GUICHET_REST_PAGING_SINCE:
      state->n_pages++;
      state->done = note_ids (paging, state, items) == 0;
      break;

    default:
      g_assert_not_reached ();
    }

  return items;
}

typedef struct
{
  GTask                   *task; /* the caller's */
  const GuichetRestPaging *paging;
  GuichetRestPageState     state;
  GPtrArray               *items;
  GuichetRestItemFunc      parse_item;
  GDestroyNotify           item_free;
  char                    *method;
  char                    *path;
  char                    *query;
} PagedData;

static void
paged_data_free (PagedData *data)
{
  g_clear_object (&data->task);
  guichet_rest_page_state_clear (&data->state);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data->method);
  g_free (data->path);
  g_free (data->query);
  g_free (data);
}

/* Worker thread */
static gpointer
parse_page (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  PagedData *data = task_data;
  gpointer   caller_data = g_task_get_task_data (data->task);
  g_autoptr (GPtrArray) page = NULL;
  JsonArray *items;

  items = guichet_rest_paging_advance (data->paging, &data->state, root, error);
  if (items == NULL)
    return NULL;

  page = g_ptr_array_new_full (json_array_get_length (items), data->item_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autoptr (GError) local_error = NULL;
      JsonObject *item = guichet_json_array_get_object (items, i);
      gpointer    value;

      if (item == NULL)
        {
          g_debug ("Skipping record %u: not an object", i);
          continue;
        }
      value = data->parse_item (self, item, caller_data, &local_error);
      if (value == NULL)
        {
          g_debug ("Skipping record %u: %s", i, local_error ? local_error->message : "unreadable");
          continue;
        }
      g_ptr_array_add (page, value);
    }

  return g_steal_pointer (&page);
}

static void request_page (GuichetRestProvider *self,
                          PagedData           *data);

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GuichetRestProvider *self = GUICHET_REST_PROVIDER (source);
  PagedData           *data = user_data;
  g_autoptr (GPtrArray) page = NULL;
  GError *error = NULL;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (page == NULL)
    {
      g_task_return_error (data->task, error);
      paged_data_free (data);
      return;
    }

  g_ptr_array_extend_and_steal (data->items, g_steal_pointer (&page));
  if (data->state.done)
    {
      g_task_return_pointer (data->task, g_steal_pointer (&data->items),
                             (GDestroyNotify) g_ptr_array_unref);
      paged_data_free (data);
      return;
    }

  request_page (self, data);
}

static void
request_page (GuichetRestProvider *self,
              PagedData           *data)
{
  g_autoptr (GString) query = g_string_new (data->query);
  GTask *inner;

  if (query->len > 0)
    g_string_append_c (query, '&');
  guichet_rest_paging_add_query (data->paging, &data->state, query);

  inner = g_task_new (self, g_task_get_cancellable (data->task), on_page, data);
  g_task_set_source_tag (inner, request_page);
  g_task_set_name (inner, g_task_get_name (data->task));
  g_task_set_task_data (inner, data, NULL);
  guichet_rest_provider_call (self, inner, data->method, data->path, query->str, NULL, NULL,
                              GUICHET_REST_DEFAULT, parse_page, (GDestroyNotify) g_ptr_array_unref);
}

void
guichet_rest_provider_call_paged (GuichetRestProvider     *self,
                                  GTask                   *task,
                                  const char              *method,
                                  const char              *path,
                                  const char              *query,
                                  const GuichetRestPaging *paging,
                                  GuichetRestItemFunc      parse_item,
                                  GDestroyNotify           item_free)
{
  PagedData *data;

  g_return_if_fail (GUICHET_IS_REST_PROVIDER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (paging != NULL);
  g_return_if_fail (parse_item != NULL);

  data = g_new0 (PagedData, 1);
  data->task = task;
  data->paging = paging;
  guichet_rest_page_state_init (&data->state);
  data->items = g_ptr_array_new_with_free_func (item_free);
  data->parse_item = parse_item;
  data->item_free = item_free;
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->query = g_strdup (query);

  request_page (self, data);
}

/* ---- defaults ---- */

static gboolean
default_authorize (GuichetRestProvider *self,
                   GuichetRestRequest  *request,
                   GError             **error)
{
  return TRUE;
}

static JsonNode *
default_parse_json (GuichetRestProvider *self,
                    GBytes              *body,
                    GError             **error)
{
  return guichet_json_parse_bytes (body, error);
}

static JsonNode *
default_unwrap (GuichetRestProvider *self,
                JsonNode            *root,
                GError             **error)
{
  return json_node_ref (root);
}

static GError *
default_map_error (GuichetRestProvider *self,
                   GError              *error,
                   guint                status,
                   GuichetRestFlags     flags)
{
  GError *mapped;

  if ((flags & GUICHET_REST_LOGIN) != 0 &&
      (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
       g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN)))
    {
      g_debug ("Sign-in refused (%u): %s", status, error->message);
      /* Translators: %s is a platform name such as "Ticket Tailor" */
      mapped = g_error_new (GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                            _("%s refused these credentials. Check them and try again."),
                              display_name (self));
      g_error_free (error);
      return mapped;
    }

  if ((flags & GUICHET_REST_LOGIN) == 0 &&
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
    {
      g_debug ("Session refused (%u): %s", status, error->message);
      /* Translators: %s is a platform name such as "Ticket Tailor" */
      mapped = g_error_new (GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                            _("%s no longer accepts this account’s credentials. Sign in again."),
                              display_name (self));
      g_error_free (error);
      return mapped;
    }

  return error;
}

static void
guichet_rest_provider_dispose (GObject *object)
{
  GuichetRestProvider        *self = GUICHET_REST_PROVIDER (object);
  GuichetRestProviderPrivate *priv = guichet_rest_provider_get_instance_private (self);

  g_clear_object (&priv->own_client);

  G_OBJECT_CLASS (guichet_rest_provider_parent_class)->dispose (object);
}

static void
guichet_rest_provider_class_init (GuichetRestProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_rest_provider_dispose;

  klass->authorize = default_authorize;
  klass->parse_json = default_parse_json;
  klass->unwrap = default_unwrap;
  klass->map_error = default_map_error;
}

static void
guichet_rest_provider_init (GuichetRestProvider *self)
{
}
