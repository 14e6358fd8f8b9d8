/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-control"

#include "config.h"

#include <json-glib/json-glib.h>

#include "fake-control.h"

/* Handlers run with the kit's lock held, and the log and the faults take
 * it: these answer from an idle callback of the server's thread instead. */

typedef struct
{
  GuichetFakeServer *server;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
} Deferred;

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
reply_log (Deferred *d)
{
  g_autoptr (GPtrArray) requests = guichet_fake_server_get_requests (d->server, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < requests->len; i++)
    {
      GuichetFakeRequest *r = g_ptr_array_index (requests, i);
      g_autofree char    *text = NULL;

      if (g_str_has_prefix (r->path, "/__fake/"))
        continue;
      text =
        r->body ? g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body)) : NULL;
      json_builder_begin_object (b);
      add_string (b, "method", r->method);
      add_string (b, "path", r->path);
      add_string (b, "query", r->query);
      add_string (b, "body", text);
      add_string (b, "authorization", g_hash_table_lookup (r->headers, "authorization"));
      add_string (b, "api_key", g_hash_table_lookup (r->headers, "x-api-key"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  guichet_fake_reply_take (d->msg, 200, json_to_string (root, FALSE));
}

static void
add_fault (Deferred *d)
{
  const char *fault = d->query ? g_hash_table_lookup (d->query, "fault") : NULL;
  const char *pattern = d->query ? g_hash_table_lookup (d->query, "path") : NULL;
  const char *count = d->query ? g_hash_table_lookup (d->query, "count") : NULL;
  const char *ms = d->query ? g_hash_table_lookup (d->query, "ms") : NULL;
  guint       n = count ? (guint) g_ascii_strtoull (count, NULL, 10) : 1;

  if (pattern == NULL)
    {
      guichet_fake_reply_error (d->msg, 400, "path is required");
      return;
    }
  if (g_strcmp0 (fault, "429") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_RATE_LIMIT, 1, n);
  else if (g_strcmp0 (fault, "500") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_STATUS, 500, n);
  else if (g_strcmp0 (fault, "malformed") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_MALFORMED, 0, n);
  else if (g_strcmp0 (fault, "drop") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_DROP, 0, n);
  else if (g_strcmp0 (fault, "lost") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_LOST_REPLY, 0, n);
  else if (g_strcmp0 (fault, "delay") == 0)
    guichet_fake_server_add_fault (d->server, pattern, GUICHET_FAKE_FAULT_DELAY,
                                   ms ? (guint) g_ascii_strtoull (ms, NULL, 10) : 3000, n);
  else
    {
      guichet_fake_reply_error (d->msg, 400, "unknown fault");
      return;
    }
  soup_server_message_set_status (d->msg, 204, NULL);
}

static gboolean
run_deferred (gpointer user_data)
{
  Deferred *d = user_data;

  if (g_str_equal (d->path, "/__fake/requests"))
    reply_log (d);
  else
    add_fault (d);
  soup_server_message_unpause (d->msg);
  g_object_unref (d->msg);
  g_object_unref (d->server);
  g_clear_pointer (&d->query, g_hash_table_unref);
  g_free (d->path);
  g_free (d);
  return G_SOURCE_REMOVE;
}

static void
handle_control (GuichetFakeServer *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Deferred *d = g_new0 (Deferred, 1);
  GSource  *source = g_idle_source_new ();

  d->server = g_object_ref (server);
  d->msg = g_object_ref (msg);
  d->path = g_strdup (path);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer       key, value;

      d->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (d->query, g_strdup (key), g_strdup (value));
    }
  soup_server_message_pause (msg);
  g_source_set_callback (source, run_deferred, d, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

void
fake_control_install (GuichetFakeServer *server)
{
  guichet_fake_server_add_route (server, "GET", "/__fake/requests", handle_control, NULL);
  guichet_fake_server_add_route (server, "POST", "/__fake/fail", handle_control, NULL);
}
