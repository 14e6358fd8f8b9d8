/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-fake-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "guichet-fake-server.h"

typedef struct
{
  char              *method;
  char              *pattern;
  GuichetFakeHandler handler;
  gpointer           user_data;
  char              *file;
  guint              status;
} Route;

typedef struct
{
  char            *pattern;
  GuichetFakeFault fault;
  guint            value;
  guint            count;
} Fault;

struct _GuichetFakeServer
{
  GObject parent_instance;

  GMutex   lock;
  GCond    ready_cond;
  gboolean ready;
  GError  *start_error;

  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  char         *base_url;
  char         *data_dir;

  GPtrArray *routes;   /* Route */
  GPtrArray *faults;   /* Fault */
  GPtrArray *requests; /* GuichetFakeRequest */
};

G_DEFINE_FINAL_TYPE (GuichetFakeServer, guichet_fake_server, G_TYPE_OBJECT)

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_free (route->file);
  g_free (route);
}

static void
fault_free (Fault *fault)
{
  g_free (fault->pattern);
  g_free (fault);
}

void
guichet_fake_request_free (GuichetFakeRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static GuichetFakeRequest *
request_copy (const GuichetFakeRequest *request)
{
  GuichetFakeRequest *copy = g_new0 (GuichetFakeRequest, 1);

  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = g_hash_table_ref (request->headers);
  copy->body = g_bytes_ref (request->body);
  return copy;
}

static gboolean
matches (const char *pattern,
         const char *path)
{
  return pattern == NULL || g_pattern_match_simple (pattern, path);
}

/* ---- replies ---- */

void
guichet_fake_reply_take (SoupServerMessage *msg,
                         guint              status,
                         char              *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));
}

void
guichet_fake_reply (SoupServerMessage *msg,
                    guint              status,
                    const char        *json)
{
  guichet_fake_reply_take (msg, status, g_strdup (json));
}

void
guichet_fake_reply_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  guichet_fake_reply_take (msg, status, json_to_string (root, FALSE));
}

char *
guichet_fake_server_get_data_path (GuichetFakeServer *self,
                                   const char        *name)
{
  g_return_val_if_fail (GUICHET_IS_FAKE_SERVER (self), NULL);

  return g_build_filename (self->data_dir ? self->data_dir : ".", name, NULL);
}

gboolean
guichet_fake_server_reply_file (GuichetFakeServer *self,
                                SoupServerMessage *msg,
                                guint              status,
                                const char        *name)
{
  g_autofree char *path = guichet_fake_server_get_data_path (self, name);
  char            *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      guichet_fake_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "fixture missing");
      return FALSE;
    }
  guichet_fake_reply_take (msg, status, contents);
  return TRUE;
}

/* ---- dispatch (server thread) ---- */

static void
log_request (GuichetFakeServer *self,
             SoupServerMessage *msg,
             const char        *path)
{
  GuichetFakeRequest    *request = g_new0 (GuichetFakeRequest, 1);
  SoupMessageHeadersIter iter;
  const char            *name, *value;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (request->headers, g_ascii_strdown (name, -1), g_strdup (value));
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_ptr_array_add (self->requests, request);
}

/* Takes the first pending fault for @path, or returns FALSE. */
static gboolean
take_fault (GuichetFakeServer *self,
            const char        *path,
            Fault             *out)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);

      if (!matches (fault->pattern, path))
        continue;

      *out = *fault;
      out->pattern = NULL;
      if (fault->count != G_MAXUINT && --fault->count == 0)
        g_ptr_array_remove_index (self->faults, i);
      return TRUE;
    }
  return FALSE;
}

static void
dispatch (GuichetFakeServer *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (route->method != NULL && g_strcmp0 (route->method, method) != 0)
        continue;
      if (!matches (route->pattern, path))
        continue;

      if (route->file != NULL)
        guichet_fake_server_reply_file (self, msg, route->status, route->file);
      else
        route->handler (self, msg, path, query, route->user_data);
      return;
    }

  guichet_fake_reply_error (msg, SOUP_STATUS_NOT_FOUND, "No such route");
}

static gboolean
send_held_reply (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  GuichetFakeServer *self = user_data;
  gboolean           faulty;
  Fault              fault;

  g_mutex_lock (&self->lock);

  log_request (self, msg, path);
  faulty = take_fault (self, path, &fault);

  if (faulty && fault.fault == GUICHET_FAKE_FAULT_RATE_LIMIT)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", fault.value);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    seconds);
      guichet_fake_reply_error (msg, 429, "Too many requests");
    }
  else if (faulty && fault.fault == GUICHET_FAKE_FAULT_STATUS)
    guichet_fake_reply_error (msg, fault.value ? fault.value : 500, "Internal error");
  else if (faulty && fault.fault == GUICHET_FAKE_FAULT_MALFORMED)
    guichet_fake_reply (msg, SOUP_STATUS_OK, "{\"data\": [{\"id\": 1, \"name\": \"trunc");
  else if (faulty && fault.fault == GUICHET_FAKE_FAULT_DROP)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else
    {
      dispatch (self, msg, path, query);
      if (faulty && fault.fault == GUICHET_FAKE_FAULT_LOST_REPLY)
        {
          /* Done, but the client never hears so (a crash or a cut line
           * between the server's work and the client's journal) */
          GIOStream *stream = soup_server_message_steal_connection (msg);

          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
      else if (faulty && fault.fault == GUICHET_FAKE_FAULT_DELAY)
        {
          /* Held back, not built late: the reply is ready, the client waits */
          GSource *source = g_timeout_source_new (fault.value);

          soup_server_message_pause (msg);
          g_source_set_callback (source, send_held_reply, g_object_ref (msg), g_object_unref);
          g_source_attach (source, self->context);
          g_source_unref (source);
        }
    }

  g_mutex_unlock (&self->lock);
}

/* ---- the thread ---- */

static gpointer
server_thread (gpointer user_data)
{
  GuichetFakeServer *self = user_data;
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "guichet-fake-server ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  if (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_autofree char *url = NULL;

      uris = soup_server_get_uris (self->server);
      url = g_uri_to_string (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      if (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
      self->base_url = g_steal_pointer (&url);
    }

  g_mutex_lock (&self->lock);
  self->start_error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_signal (&self->ready_cond);
  g_mutex_unlock (&self->lock);

  if (self->base_url != NULL)
    g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let held replies and closing connections go */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

GuichetFakeServer *
guichet_fake_server_new (const char *data_subdir,
                         GError    **error)
{
  g_autoptr (GuichetFakeServer) self = g_object_new (GUICHET_TYPE_FAKE_SERVER, NULL);

  if (data_subdir != NULL && strchr (data_subdir, '/') != NULL)
    self->data_dir = g_strdup (data_subdir);
  else if (data_subdir != NULL)
    self->data_dir = g_build_filename (SOURCE_TESTS_DIR, "data", data_subdir, NULL);

  self->thread = g_thread_new ("fake-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->ready_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
guichet_fake_server_get_base_url (GuichetFakeServer *self)
{
  g_return_val_if_fail (GUICHET_IS_FAKE_SERVER (self), NULL);
  return self->base_url;
}

void
guichet_fake_server_add_route (GuichetFakeServer *self,
                               const char        *method,
                               const char        *pattern,
                               GuichetFakeHandler handler,
                               gpointer           user_data)
{
  Route *route;

  g_return_if_fail (GUICHET_IS_FAKE_SERVER (self));
  g_return_if_fail (pattern != NULL);
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->handler = handler;
  route->user_data = user_data;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->routes, route);
  g_mutex_unlock (&self->lock);
}

void
guichet_fake_server_add_file (GuichetFakeServer *self,
                              const char        *method,
                              const char        *pattern,
                              guint              status,
                              const char        *name)
{
  Route *route;

  g_return_if_fail (GUICHET_IS_FAKE_SERVER (self));
  g_return_if_fail (pattern != NULL);
  g_return_if_fail (name != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->file = g_strdup (name);
  route->status = status;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->routes, route);
  g_mutex_unlock (&self->lock);
}

void
guichet_fake_server_add_fault (GuichetFakeServer *self,
                               const char        *pattern,
                               GuichetFakeFault   fault,
                               guint              value,
                               guint              count)
{
  Fault *entry;

  g_return_if_fail (GUICHET_IS_FAKE_SERVER (self));

  if (count == 0)
    return;

  entry = g_new0 (Fault, 1);
  entry->pattern = g_strdup (pattern);
  entry->fault = fault;
  entry->value = value;
  entry->count = count;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->faults, entry);
  g_mutex_unlock (&self->lock);
}

void
guichet_fake_server_remove_faults (GuichetFakeServer *self,
                                   const char        *pattern)
{
  g_return_if_fail (GUICHET_IS_FAKE_SERVER (self));

  g_mutex_lock (&self->lock);
  for (guint i = self->faults->len; i > 0; i--)
    {
      Fault *fault = g_ptr_array_index (self->faults, i - 1);

      if (pattern == NULL || g_strcmp0 (fault->pattern, pattern) == 0)
        g_ptr_array_remove_index (self->faults, i - 1);
    }
  g_mutex_unlock (&self->lock);
}

guint
guichet_fake_server_count_requests (GuichetFakeServer *self,
                                    const char        *method,
                                    const char        *pattern)
{
  guint n = 0;

  g_return_val_if_fail (GUICHET_IS_FAKE_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    {
      GuichetFakeRequest *request = g_ptr_array_index (self->requests, i);

      if ((method == NULL || g_strcmp0 (method, request->method) == 0) &&
          matches (pattern, request->path))
        n++;
    }
  g_mutex_unlock (&self->lock);

  return n;
}

GPtrArray *
guichet_fake_server_get_requests (GuichetFakeServer *self,
                                  const char        *pattern)
{
  GPtrArray *copies = g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_fake_request_free);

  g_return_val_if_fail (GUICHET_IS_FAKE_SERVER (self), copies);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    {
      GuichetFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (matches (pattern, request->path))
        g_ptr_array_add (copies, request_copy (request));
    }
  g_mutex_unlock (&self->lock);

  return copies;
}

GuichetFakeRequest *
guichet_fake_server_dup_last_request (GuichetFakeServer *self,
                                      const char        *pattern)
{
  GuichetFakeRequest *found = NULL;

  g_return_val_if_fail (GUICHET_IS_FAKE_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = self->requests->len; i > 0 && found == NULL; i--)
    {
      GuichetFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (matches (pattern, request->path))
        found = request_copy (request);
    }
  g_mutex_unlock (&self->lock);

  return found;
}

void
guichet_fake_server_clear_requests (GuichetFakeServer *self)
{
  g_return_if_fail (GUICHET_IS_FAKE_SERVER (self));

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->requests, 0);
  g_mutex_unlock (&self->lock);
}

void
guichet_fake_server_lock (GuichetFakeServer *self)
{
  g_mutex_lock (&self->lock);
}

GMutex *
guichet_fake_server_get_lock (GuichetFakeServer *self)
{
  return &self->lock;
}

void
guichet_fake_server_unlock (GuichetFakeServer *self)
{
  g_mutex_unlock (&self->lock);
}

static void
guichet_fake_server_finalize (GObject *object)
{
  GuichetFakeServer *self = GUICHET_FAKE_SERVER (object);

  if (self->thread != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, quit_loop, self->loop, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
      g_thread_join (self->thread);
    }

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_error (&self->start_error);
  g_free (self->base_url);
  g_free (self->data_dir);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready_cond);

  G_OBJECT_CLASS (guichet_fake_server_parent_class)->finalize (object);
}

static void
guichet_fake_server_class_init (GuichetFakeServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = guichet_fake_server_finalize;
}

static void
guichet_fake_server_init (GuichetFakeServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready_cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_fake_request_free);
}
