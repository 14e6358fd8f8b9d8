/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-http"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-http-client.h"
#include "guichet-http-client-private.h"
#include "guichet-json.h"

/* The one SoupSession wrapper every provider talks through.
 *
 * Redirects are followed here rather than by libsoup (every message carries
 * SOUP_MESSAGE_NO_REDIRECT) so that each new address goes through
 * guichet_http_client_check_uri() before anything connects to it. Retries,
 * Retry-After and rate-limit waits are timeout sources on the task's main
 * context; nothing sleeps. A message is re-sent as is (libsoup 3 allows
 * that once it has completed); its request body is set again from the
 * bytes stashed by guichet_http_message_set_form()/set_json(), since the
 * body stream is used up by each send. */

#define REQUEST_BODY_KEY "guichet-http-request-body"
#define MAX_REDIRECTS 10
#define MAX_BACKOFF_MS (60 * 1000)
#define MAX_SERVER_MESSAGE 500
#define MAX_TEXT_BODY 200
#define HANDSHAKING_KEY "guichet-http-tls-handshaking"
#define WATCHED_KEY "guichet-http-tls-watched"

/* libsoup 3.2 names no constant for it. */
#define HTTP_STATUS_TOO_MANY_REQUESTS 429

struct _GuichetHttpClient
{
  GObject parent_instance;

  SoupSession *session;

  guint timeout;
  guint tls_timeout;
  guint max_retries;
  guint backoff_ms;
  guint max_wait;

  /* Monotonic time before which no request starts: the server said its
   * rate limit is used up until then. */
  gint64 not_before;

  /* "host:port" (host in lower case) -> HostLimit: platforms that ban a
   * client past a rate their replies never announce */
  GHashTable *host_limits;

  guint64 waited_ms;
  guint   n_attempts;
};

G_DEFINE_FINAL_TYPE (GuichetHttpClient, guichet_http_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TIMEOUT,
  PROP_MAX_RETRIES,
  PROP_BACKOFF_MS,
  PROP_MAX_WAIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  WAITING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shorter waits are not told: they pass before anyone could read of them. */
#define WAIT_TOLD_MS 1000

typedef struct
{
  char   *content_type;
  GBytes *bytes;
} RequestBody;

typedef struct
{
  SoupMessage     *message;
  GuichetHttpFlags flags;
  gboolean         idempotent;
  guint            retries;
  guint            redirects;
  GSource         *wait_source;
  GSource         *cancel_source;
} SendData;

static void start_attempt (GTask *task);

/* Says that @task's request waits @delay_ms (the "waiting" signal). */
static void
tell_waiting (GTask          *task,
              guint64         delay_ms,
              GuichetHttpWait reason)
{
  GuichetHttpClient *self = g_task_get_source_object (task);
  SendData          *data = g_task_get_task_data (task);
  guint              seconds;

  if (delay_ms < WAIT_TOLD_MS)
    return;

  seconds = (guint) MIN ((delay_ms + 999) / 1000, G_MAXUINT);
  g_signal_emit (self, signals[WAITING], 0, data->message, seconds, reason);
}

/* Helpers */

static void
request_body_free (gpointer data)
{
  RequestBody *body = data;

  g_free (body->content_type);
  g_bytes_unref (body->bytes);
  g_free (body);
}

static void
set_request_body (SoupMessage *message,
                  const char  *content_type,
                  GBytes      *bytes)
{
  RequestBody *body = g_new0 (RequestBody, 1);

  body->content_type = g_strdup (content_type);
  body->bytes = g_bytes_ref (bytes);
  g_object_set_data_full (G_OBJECT (message), REQUEST_BODY_KEY, body, request_body_free);
  soup_message_set_request_body_from_bytes (message, content_type, bytes);
}

static void
rewind_request_body (SoupMessage *message)
{
  RequestBody *body = g_object_get_data (G_OBJECT (message), REQUEST_BODY_KEY);

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, body->content_type, body->bytes);
}

static void
drop_request_body (SoupMessage *message)
{
  g_object_set_data (G_OBJECT (message), REQUEST_BODY_KEY, NULL);
  soup_message_set_request_body (message, NULL, NULL, 0);
  soup_message_headers_remove (soup_message_get_request_headers (message), "Content-Type");
}

static gboolean
is_secret_key (const char *key)
{
  static const char * const words[] = {
    "key", "token", "secret", "password", "passwd", "auth", "signature", "session",
  };
  g_autofree char *unescaped = g_uri_unescape_string (key, NULL);
  g_autofree char *lower = g_ascii_strdown (unescaped != NULL ? unescaped : key, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strstr (lower, words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

char *
_guichet_http_redact_uri (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *hidden = NULL;
  g_auto (GStrv) params = NULL;
  const char *text;
  const char *query;
  GString    *out;

  if (uri == NULL)
    return g_strdup ("(null)");

  parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed != NULL)
    hidden = g_uri_to_string_partial (parsed, G_URI_HIDE_PASSWORD | G_URI_HIDE_FRAGMENT);
  text = hidden != NULL ? hidden : uri;

  query = strchr (text, '?');
  if (query == NULL)
    return g_strdup (text);

  out = g_string_new_len (text, query - text + 1);
  params = g_strsplit (query + 1, "&", -1);

  for (guint i = 0; params[i] != NULL; i++)
    {
      const char      *eq = strchr (params[i], '=');
      g_autofree char *key =
        eq != NULL ? g_strndup (params[i], eq - params[i]) : g_strdup (params[i]);

      if (i > 0)
        g_string_append_c (out, '&');

      if (eq != NULL && is_secret_key (key))
        g_string_append_printf (out, "%s=REDACTED", key);
      else
        g_string_append (out, params[i]);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize            len;

  if (host == NULL || host[0] == '\0')
    return FALSE;

  /* GUri strips the brackets of IPv6 literals; be tolerant anyway. */
  len = strlen (host);
  if (host[0] == '[' && len > 2 && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  if (g_ascii_strcasecmp (bare, "localhost") == 0 || g_ascii_strcasecmp (bare, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static const char *
uri_host_for_display (GUri *uri)
{
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && host[0] != '\0' ? host : _("the server");
}

static char *
format_wait (gint64 seconds)
{
  if (seconds >= 120)
    {
      guint minutes = (guint) ((seconds + 59) / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Try again in %u minute.",
                                           "Try again in %u minutes.", minutes),
                              minutes);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Try again in %u second.",
                                       "Try again in %u seconds.", (guint) MAX (seconds, 1)),
                          (guint) MAX (seconds, 1));
}

/* Error bodies */

static char *
truncate_message (char *message)
{
  g_strstrip (message);

  if (g_utf8_strlen (message, -1) > MAX_SERVER_MESSAGE)
    {
      char *end = g_utf8_offset_to_pointer (message, MAX_SERVER_MESSAGE);
      char *truncated = g_strdup_printf ("%.*s…", (int) (end - message), message);

      g_free (message);
      return truncated;
    }

  return message;
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);

      if (value != NULL && value[0] != '\0')
        return value;
    }

  return NULL;
}

static void append_messages (GString    *out,
                             GPtrArray  *pairs,
                             const char *field,
                             JsonNode   *node);

/* @pairs (may be NULL) collects field, message, field, message... for the
 * field-level messages of a GUICHET_ERROR_VALIDATION. */
static void
append_one (GString    *out,
            GPtrArray  *pairs,
            const char *field,
            const char *message)
{
  if (message == NULL || message[0] == '\0')
    return;

  if (pairs != NULL && field != NULL && field[0] != '\0')
    {
      g_ptr_array_add (pairs, g_strdup (field));
      g_ptr_array_add (pairs, g_strdup (message));
    }

  if (out->len > 0)
    g_string_append (out, "; ");

  if (field != NULL && field[0] != '\0')
    g_string_append_printf (out, "%s: %s", field, message);
  else
    g_string_append (out, message);
}

static void
append_error_object (GString    *out,
                     GPtrArray  *pairs,
                     const char *field,
                     JsonObject *object)
{
  static const char * const field_keys[] = { "field", "param",     "property",
                                             "path",  "attribute", "name" };
  static const char * const message_keys[] = { "message",     "msg",   "detail",
                                               "description", "error", "reason" };
  const char               *own_field = NULL;
  const char               *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (field_keys) && own_field == NULL; i++)
    own_field = object_get_string (object, field_keys[i]);
  for (guint i = 0; i < G_N_ELEMENTS (message_keys) && message == NULL; i++)
    message = object_get_string (object, message_keys[i]);

  if (message != NULL)
    {
      append_one (out, pairs, own_field != NULL ? own_field : field, message);
      return;
    }

  /* Ticket Tailor: {"field": "code", "messages": ["is taken", ...]} */
  if (own_field != NULL && json_object_has_member (object, "messages"))
    {
      append_messages (out, pairs, own_field, json_object_get_member (object, "messages"));
      return;
    }

  /* {"email": ["is invalid"]} inside an array, or nested objects. */
  {
    JsonObjectIter iter;
    const char    *member;
    JsonNode      *child;

    json_object_iter_init (&iter, object);
    while (json_object_iter_next (&iter, &member, &child))
      append_messages (out, pairs, member, child);
  }
}

/* Collects the messages of an "errors" member: a string, an array of strings
 * or objects, or an object mapping fields to strings or arrays. */
static void
append_messages (GString    *out,
                 GPtrArray  *pairs,
                 const char *field,
                 JsonNode   *node)
{
  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        append_one (out, pairs, field, json_node_get_string (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          append_messages (out, pairs, field, json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_OBJECT:
      append_error_object (out, pairs, field, json_node_get_object (node));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static char *
message_from_json (JsonNode  *root,
                   GPtrArray *pairs)
{
  g_autoptr (GString) out = g_string_new (NULL);
  JsonObject *object;
  JsonNode   *node;
  const char *text;

  if (JSON_NODE_HOLDS_ARRAY (root) || JSON_NODE_HOLDS_VALUE (root))
    {
      append_messages (out, pairs, NULL, root);
      return out->len > 0 ? g_strdup (out->str) : NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);

  /* Field-by-field validation messages say the most. */
  append_messages (out, pairs, NULL, json_object_get_member (object, "errors"));
  if (out->len > 0)
    return g_strdup (out->str);

  if ((text = object_get_string (object, "error_description")) != NULL)
    return g_strdup (text);

  /* {"message": "..."}, or NestJS's {"message": ["a", "b"]}. */
  node = json_object_get_member (object, "message");
  if (node != NULL)
    {
      append_messages (out, NULL, NULL, node);
      if (out->len > 0)
        return g_strdup (out->str);
    }

  node = json_object_get_member (object, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *nested = message_from_json (node, pairs);

      if (nested != NULL)
        return g_steal_pointer (&nested);
    }

  if ((text = object_get_string (object, "detail")) != NULL)
    return g_strdup (text);
  if ((text = object_get_string (object, "error")) != NULL)
    return g_strdup (text);
  if ((text = object_get_string (object, "error_message")) != NULL)
    return g_strdup (text);
  if ((text = object_get_string (object, "title")) != NULL)
    return g_strdup (text);

  return NULL;
}

/* The server's own words from an error body, or NULL. */
static char *
message_from_body (GBytes    *body,
                   GPtrArray *pairs)
{
  g_autoptr (JsonParser) parser = NULL;
  const char *data;
  gsize       size = 0;
  char       *message = NULL;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (data == NULL || size == 0 || size > G_MAXSSIZE)
    return NULL;

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (root != NULL)
        message = message_from_json (root, pairs);
    }
  else if (size <= MAX_TEXT_BODY && g_utf8_validate (data, (gssize) size, NULL))
    {
      /* A short plain-text body ("Invalid API key"); never an HTML page. */
      g_autofree char *text = g_strstrip (g_strndup (data, size));

      if (text[0] != '\0' && text[0] != '<' && strchr (text, '\n') == NULL)
        message = g_steal_pointer (&text);
    }

  return message != NULL ? truncate_message (message) : NULL;
}

static GError *
status_error (guint       status,
              const char *reason,
              GBytes     *body,
              gint64      wait_seconds)
{
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *server_message = message_from_body (body, pairs);
  GError          *error;
  g_autofree char *fallback = NULL;
  g_autofree char *message = NULL;
  int              code;

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = GUICHET_ERROR_AUTH_REJECTED;
      fallback = g_strdup (_("The server refused the credentials. Sign in again."));
      break;

    case SOUP_STATUS_FORBIDDEN:
      code = GUICHET_ERROR_FORBIDDEN;
      fallback = g_strdup (_("This account is not allowed to do that."));
      break;

    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      code = GUICHET_ERROR_NOT_FOUND;
      fallback =
        g_strdup (_("The server could not find what was asked for. It may have been deleted."));
      break;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      code = GUICHET_ERROR_VALIDATION;
      fallback = g_strdup (_("The server refused the request as invalid."));
      break;

    case SOUP_STATUS_REQUEST_TIMEOUT:
      code = GUICHET_ERROR_TIMEOUT;
      fallback = g_strdup (_("The server gave up waiting for the request. Try again."));
      break;

    case HTTP_STATUS_TOO_MANY_REQUESTS:
      code = GUICHET_ERROR_RATE_LIMITED;
      fallback = g_strdup (_("The server received too many requests."));
      break;

    default:
      if (status >= 500 && status <= 599)
        {
          code = GUICHET_ERROR_SERVER;
          /* Translators: an HTTP status code and its reason, e.g. 503 Service Unavailable */
          fallback = g_strdup_printf (_("The server had a problem (%u %s). Try again later."),
                                        status, reason != NULL ? reason : "");
        }
      else
        {
          code = GUICHET_ERROR_FAILED;
          fallback = g_strdup_printf (_("The server answered with an unexpected status (%u %s)."),
                                        status, reason != NULL ? reason : "");
        }
      break;
    }

  if (server_message != NULL)
    message = g_steal_pointer (&server_message);
  else
    message = g_steal_pointer (&fallback);

  if (status == HTTP_STATUS_TOO_MANY_REQUESTS)
    {
      g_autofree char *wait = wait_seconds >= 0 ? format_wait (wait_seconds)
                                                : g_strdup (_("Wait a moment and try again."));
      g_autofree char *joined = g_strdup_printf ("%s %s", message, wait);

      g_free (message);
      message = g_steal_pointer (&joined);
    }

  error = g_error_new_literal (GUICHET_ERROR, code, message);
  if (code == GUICHET_ERROR_VALIDATION)
    for (guint i = 0; i + 1 < pairs->len; i += 2)
      guichet_error_add_field_message (error, g_ptr_array_index (pairs, i),
                                       g_ptr_array_index (pairs, i + 1));
  return error;
}

gboolean
guichet_http_check_response (guint       status,
                             const char *reason,
                             GBytes     *body,
                             GError    **error)
{
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  g_propagate_error (error, status_error (status, reason, body, -1));
  return FALSE;
}

static GError *
transport_error (SoupMessage  *message,
                 const GError *error)
{
  const char *host = uri_host_for_display (soup_message_get_uri (message));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (GUICHET_ERROR, GUICHET_ERROR_TIMEOUT,
                        /* Translators: %s is a server name */
                        _("%s did not answer in time. Check the connection and try again."), host);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (GUICHET_ERROR, GUICHET_ERROR_NETWORK,
                        /* Translators: a server name, then the system's reason */
                        _("Could not make a secure connection to %s: %s"), host, error->message);

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return g_error_new (GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                        _("The reply from %s could not be read: %s"), host, error->message);

  return g_error_new (GUICHET_ERROR, GUICHET_ERROR_NETWORK,
                      /* Translators: a server name, then the system's reason */
                      _("Could not reach %s: %s"), host, error->message);
}

static gboolean
is_retryable_transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return FALSE;

  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == SOUP_SESSION_ERROR;
}

/* Rate-limit headers */

/* Seconds from a header holding delta-seconds, or -1. */
static gint64
parse_seconds (const char *value)
{
  g_autofree char *copy = NULL;
  guint64          seconds;

  if (value == NULL)
    return -1;

  copy = g_strstrip (g_strdup (value));
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &seconds, NULL))
    return -1;

  return (gint64) seconds;
}

/* Retry-After: delta-seconds or an HTTP-date. -1 when absent or unreadable. */
static gint64
retry_after_seconds (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  gint64      seconds;

  if (value == NULL)
    return -1;

  seconds = parse_seconds (value);
  if (seconds < 0)
    {
      g_autoptr (GDateTime) date = soup_date_time_new_from_http_string (value);
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      if (date == NULL)
        return -1;

      seconds = MAX (0, (g_date_time_difference (date, now) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    }

  return seconds;
}

/* Seconds until the rate-limit window resets, or -1. Reset headers hold
 * either seconds to wait or an epoch time. */
static gint64
rate_limit_reset_seconds (SoupMessageHeaders *headers)
{
  static const char * const names[] = { "X-Rate-Limit-Reset", "X-RateLimit-Reset",
                                        "RateLimit-Reset" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint64 value = parse_seconds (soup_message_headers_get_one (headers, names[i]));

      if (value < 0)
        continue;

      /* Anything later than 2001 is an epoch time. */
      if (value > 1000000000)
        return MAX (0, value - g_get_real_time () / G_USEC_PER_SEC);

      return value;
    }

  return -1;
}

/* The first of @names the reply has, or -1. */
static gint64
header_seconds (SoupMessageHeaders *headers,
                const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      gint64 value = parse_seconds (soup_message_headers_get_one (headers, names[i]));

      if (value >= 0)
        return value;
    }

  return -1;
}

/* Below this many requests left (or a tenth of the window's limit when the
 * server says it), requests are spread over what is left of the window. */
#define PACE_BELOW 50

static void
note_rate_limit (GuichetHttpClient  *self,
                 SoupMessageHeaders *headers)
{
  static const char * const remaining_names[] = { "X-Rate-Limit-Remaining", "X-RateLimit-Remaining",
                                                  "RateLimit-Remaining", NULL };
  static const char * const limit_names[] = { "X-Rate-Limit-Limit", "X-RateLimit-Limit",
                                              "RateLimit-Limit", NULL };
  gint64                    remaining = header_seconds (headers, remaining_names);
  gint64                    limit = header_seconds (headers, limit_names);
  gint64                    pace_below = limit > 0 ? MAX (limit / 10, 1) : PACE_BELOW;
  gint64                    reset;
  gint64                    delay_us;

  if (remaining < 0 || remaining >= pace_below)
    return;

  reset = rate_limit_reset_seconds (headers);
  if (reset <= 0)
    return;
  reset = MIN (reset, (gint64) self->max_wait);

  if (remaining == 0)
    {
      /* used up: nothing before the window resets */
      delay_us = reset * G_USEC_PER_SEC;
      g_debug ("Rate limit used up: holding the next request for %" G_GINT64_FORMAT " s", reset);
    }
  else
    {
      /* nearly used up: what is left, spread over what is left of the
       * window, so a long sync slows down before it hits the limit
       * rather than stopping cold after */
      delay_us = reset * G_USEC_PER_SEC / (remaining + 1);
      g_debug ("Rate limit: %" G_GINT64_FORMAT " requests left for %" G_GINT64_FORMAT
               " s, one every %" G_GINT64_FORMAT " ms",
               remaining, reset, delay_us / 1000);
    }

  self->not_before = MAX (self->not_before, g_get_monotonic_time () + delay_us);
}

/* At most @max attempts to one host in any @window_us, counted with
 * every process of the user (the app, guichet-cli, a second window):
 * the start times (real time, µs) of the attempts still in the window
 * are kept in a small file of the cache folder, read and rewritten
 * under flock() at each attempt. Where that file cannot be used, this
 * process counts alone. */
typedef struct
{
  guint   max;
  gint64  window_us;
  char   *path;  /* NULL: this process only */
  int     fd;    /* the file at @path, opened at the first attempt; -1 */
  GArray *times; /* gint64 */
} HostLimit;

static void
host_limit_free (HostLimit *limit)
{
  if (limit->fd >= 0)
    close (limit->fd);
  g_free (limit->path);
  g_array_unref (limit->times);
  g_free (limit);
}

static char *
host_key (const char *host,
          int         port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%d", lower, port);
}

/* <cache folder>/guichet/requests/<host>_<port>, the folder made, or NULL.
 * The cache folder, not the runtime one: inside a Flatpak each instance
 * of the app has a runtime folder of its own, while the cache folder is
 * the app's. */
static char *
shared_limit_path (const char *key)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "guichet", "requests", NULL);
  g_autofree char *name = g_strdup (key);

  g_strcanon (name, "abcdefghijklmnopqrstuvwxyz0123456789.-", '_');
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_debug ("Request limits counted in this process only: %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  return g_build_filename (dir, name, NULL);
}

void
guichet_http_client_limit_host (GuichetHttpClient *self,
                                const char        *host,
                                int                port,
                                guint              max_requests,
                                guint              window_ms)
{
  g_autofree char *key = NULL;
  HostLimit       *limit;

  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));
  g_return_if_fail (host != NULL);

  key = host_key (host, port);
  if (max_requests == 0 || window_ms == 0)
    {
      g_hash_table_remove (self->host_limits, key);
      return;
    }

  limit = g_hash_table_lookup (self->host_limits, key);
  if (limit != NULL && limit->max == max_requests &&
      limit->window_us == window_ms * G_GINT64_CONSTANT (1000))
    return;

  limit = g_new0 (HostLimit, 1);
  limit->max = max_requests;
  limit->window_us = window_ms * G_GINT64_CONSTANT (1000);
  limit->path = shared_limit_path (key);
  limit->fd = -1;
  limit->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_replace (self->host_limits, g_steal_pointer (&key), limit);
}

gboolean
_guichet_http_client_get_host_limit (GuichetHttpClient *self,
                                     const char        *host,
                                     int                port,
                                     guint             *max_requests,
                                     guint             *window_ms)
{
  g_autofree char *key = host_key (host, port);
  HostLimit       *limit = g_hash_table_lookup (self->host_limits, key);

  if (limit == NULL)
    return FALSE;
  *max_requests = limit->max;
  *window_ms = (guint) (limit->window_us / 1000);
  return TRUE;
}

/* The limit of @message's host, or NULL. */
static HostLimit *
host_limit_for (GuichetHttpClient *self,
                SoupMessage       *message)
{
  GUri            *uri = soup_message_get_uri (message);
  g_autofree char *key = NULL;

  if (g_uri_get_host (uri) == NULL || g_hash_table_size (self->host_limits) == 0)
    return NULL;
  key = host_key (g_uri_get_host (uri), g_uri_get_port (uri));
  return g_hash_table_lookup (self->host_limits, key);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Another process holds the shared file: how long to wait before trying
 * again (the main thread never waits on its lock). */
#define LOCK_RETRY_US 2000

/* Locks the shared file and reads its times into @limit->times: TRUE.
 * FALSE when another process holds it (@busy set) or it cannot be used
 * (then @limit->times is this process's count from now on). */
static gboolean
host_limit_load (HostLimit *limit,
                 gboolean  *busy)
{
  gint64 buffer[64];
  gsize  offset = 0;
  gssize n;

  *busy = FALSE;
  if (limit->path == NULL)
    return FALSE;
  if (limit->fd < 0)
    limit->fd = open (limit->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (limit->fd >= 0 && flock (limit->fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno == EWOULDBLOCK)
        {
          *busy = TRUE;
          return FALSE;
        }
      int error = errno;

      close (limit->fd);
      limit->fd = -1;
      errno = error;
    }
  if (limit->fd < 0)
    {
      g_debug ("Request limits counted in this process only: %s: %s", limit->path,
               g_strerror (errno));
      g_clear_pointer (&limit->path, g_free);
      return FALSE;
    }

  g_array_set_size (limit->times, 0);
  while ((n = pread (limit->fd, buffer, sizeof buffer, (off_t) offset)) > 0)
    {
      g_array_append_vals (limit->times, buffer, (guint) ((gsize) n / sizeof (gint64)));
      offset += (gsize) n;
    }
  return TRUE;
}

/* Takes a place for one more attempt now, or says in how many
 * microseconds to try again (@wait_us, FALSE returned). */
static gboolean
host_limit_take (HostLimit *limit,
                 gint64    *wait_us)
{
  gint64   now = g_get_real_time ();
  gboolean busy;
  gboolean shared = host_limit_load (limit, &busy);
  guint    kept = 0;
  gboolean taken;

  if (busy)
    {
      *wait_us = LOCK_RETRY_US;
      return FALSE;
    }

  /* the times still in the window (a clock set back drops the rest) */
  for (guint i = 0; i < limit->times->len; i++)
    {
      gint64 t = g_array_index (limit->times, gint64, i);

      if (t > now - limit->window_us && t <= now + limit->window_us)
        g_array_index (limit->times, gint64, kept++) = t;
    }
  g_array_set_size (limit->times, kept);

  taken = limit->times->len < limit->max;
  if (taken)
    {
      g_array_append_val (limit->times, now);
    }
  else
    {
      /* when as many have left the window as are over */
      g_array_sort (limit->times, compare_times);
      *wait_us = MAX (1, g_array_index (limit->times, gint64, limit->times->len - limit->max) +
                           limit->window_us - now);
    }

  if (shared)
    {
      gsize size = limit->times->len * sizeof (gint64);

      if (taken && (pwrite (limit->fd, limit->times->data, size, 0) != (gssize) size ||
                    ftruncate (limit->fd, (off_t) size) != 0))
        g_debug ("Request limits: %s: %s", limit->path, g_strerror (errno));
      flock (limit->fd, LOCK_UN);
    }
  return taken;
}

/* Sending */

static void
send_data_clear_wait (SendData *data)
{
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_clear_pointer (&data->wait_source, g_source_unref);
    }

  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
}

static void
send_data_free (gpointer user_data)
{
  SendData *data = user_data;

  send_data_clear_wait (data);
  g_clear_object (&data->message);
  g_free (data);
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = g_object_ref (user_data);

  send_data_clear_wait (g_task_get_task_data (task));
  start_attempt (task);

  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = g_object_ref (user_data);

  send_data_clear_wait (g_task_get_task_data (task));
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

/* Starts the next attempt after @delay_ms; takes @task. A wait the
 * server asks for can be longer than a guint of milliseconds (max-wait is
 * in seconds): such waits use a seconds timer instead of wrapping around
 * to a short one. */
static void
schedule_attempt (GTask  *task,
                  guint64 delay_ms)
{
  SendData     *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (data->wait_source == NULL);

  if (delay_ms == 0)
    {
      start_attempt (task);
      return;
    }

  if (delay_ms <= G_MAXUINT)
    data->wait_source = g_timeout_source_new ((guint) delay_ms);
  else
    data->wait_source =
      g_timeout_source_new_seconds ((guint) MIN ((delay_ms + 999) / 1000, G_MAXUINT));
  g_source_set_static_name (data->wait_source, "[guichet] http retry wait");
  g_source_set_callback (data->wait_source, on_wait_done, g_object_ref (task), g_object_unref);
  g_source_attach (data->wait_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (data->cancel_source, "[guichet] http retry cancel");
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (on_wait_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }

  g_object_unref (task);
}

static guint
backoff_delay (GuichetHttpClient *self,
               guint              retry)
{
  guint64 delay = self->backoff_ms;

  for (guint i = 0; i < retry && delay < MAX_BACKOFF_MS; i++)
    delay *= 2;

  return (guint) MIN (delay, MAX_BACKOFF_MS);
}

static gboolean
may_retry (GuichetHttpClient *self,
           SendData          *data)
{
  return data->idempotent && (data->flags & GUICHET_HTTP_NO_RETRY) == 0 &&
         data->retries < self->max_retries;
}

/* Takes @task. */
static void
retry_with_backoff (GTask *task)
{
  GuichetHttpClient *self = g_task_get_source_object (task);
  SendData          *data = g_task_get_task_data (task);
  guint              delay = backoff_delay (self, data->retries);

  data->retries++;
  g_debug ("Retrying %s in %u ms (retry %u of %u)", soup_message_get_method (data->message), delay,
           data->retries, self->max_retries);
  schedule_attempt (task, delay);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a) ? g_uri_get_host (a) : "",
                             g_uri_get_host (b) ? g_uri_get_host (b) : "") == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/* Follows a 3xx by hand, after checking the new address. Takes @task. */
static void
follow_redirect (GTask      *task,
                 guint       status,
                 const char *location)
{
  SendData    *data = g_task_get_task_data (task);
  SoupMessage *message = data->message;
  GUri        *current = soup_message_get_uri (message);
  g_autoptr (GUri) target = NULL;
  g_autofree char *target_string = NULL;
  g_autofree char *redacted = NULL;
  GError          *error = NULL;

  target = g_uri_parse_relative (current, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                               _("%s redirected to an address that is not valid."),
                                 uri_host_for_display (current));
      g_object_unref (task);
      return;
    }

  target_string = g_uri_to_string (target);
  redacted = _guichet_http_redact_uri (target_string);

  if (!guichet_http_client_check_uri (target_string, &error))
    {
      g_debug ("Refusing redirect to %s", redacted);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* No quiet downgrade from https to plain http, not even to loopback. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (current), "https") == 0 &&
      g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0)
    {
      g_debug ("Refusing redirect from https to %s", redacted);
      g_task_return_new_error (
        task, GUICHET_ERROR, GUICHET_ERROR_INSECURE,
        /* Translators: %s is a server name, e.g. api.weezevent.com */
        _("Guichet only talks to %s over HTTPS. Change the address to start with https://."),
          uri_host_for_display (target));
      g_object_unref (task);
      return;
    }

  if (++data->redirects > MAX_REDIRECTS)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_SERVER,
                               _("%s redirected too many times."), uri_host_for_display (current));
      g_object_unref (task);
      return;
    }

  if (status == SOUP_STATUS_SEE_OTHER ||
      ((status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND) &&
       g_strcmp0 (soup_message_get_method (message), SOUP_METHOD_POST) == 0))
    {
      if (g_strcmp0 (soup_message_get_method (message), SOUP_METHOD_HEAD) != 0)
        soup_message_set_method (message, SOUP_METHOD_GET);
      drop_request_body (message);
    }

  if (!same_origin (current, target))
    {
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      g_autoptr (GPtrArray) secret_headers = g_ptr_array_new_with_free_func (g_free);
      SoupMessageHeadersIter iter;
      const char            *header_name, *header_value;

      /* A 307/308 keeps the body, which may be a sign-in form with a
       * password: it never goes to another server. */
      if (g_object_get_data (G_OBJECT (message), REQUEST_BODY_KEY) != NULL)
        {
          g_debug ("Refusing to re-send a request body to %s", redacted);
          g_task_return_new_error (
            task, GUICHET_ERROR, GUICHET_ERROR_SERVER,
            /* Translators: both %s are server names, e.g. api.weezevent.com */
            _("%s sent the request on to another server, %s. Guichet did not follow, so as not to send your data there. Check the account’s address."),
              uri_host_for_display (current), uri_host_for_display (target));
          g_object_unref (task);
          return;
        }

      /* Credentials in headers (Authorization, X-Api-Key, X-Auth-Token…)
       * stay with the host they were meant for. */
      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &header_name, &header_value))
        {
          if (g_ascii_strcasecmp (header_name, "Authorization") == 0 ||
              g_ascii_strcasecmp (header_name, "Cookie") == 0 || is_secret_key (header_name))
            g_ptr_array_add (secret_headers, g_strdup (header_name));
        }
      for (guint i = 0; i < secret_headers->len; i++)
        soup_message_headers_remove (headers, g_ptr_array_index (secret_headers, i));
    }

  g_debug ("Following redirect (%u) to %s", status, redacted);
  soup_message_set_uri (message, target);
  schedule_attempt (task, 0);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GuichetHttpClient *self = g_task_get_source_object (task);
  SendData          *data = g_task_get_task_data (task);
  SoupMessage       *message = data->message;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessageHeaders *headers;
  guint               status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("%s failed: %s", soup_message_get_method (message), error->message);

      if (g_object_get_data (G_OBJECT (message), HANDSHAKING_KEY) != NULL)
        {
          g_object_set_data (G_OBJECT (message), HANDSHAKING_KEY, NULL);
          g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_NETWORK,
                                   /* Translators: %s is a server name, e.g. api.weezevent.com */
                                   _("Could not make a secure (HTTPS) connection to %s: it does not answer in TLS. Check the address and its port."),
                                     uri_host_for_display (soup_message_get_uri (message)));
          return;
        }

      if (is_retryable_transport_error (error) && may_retry (self, data))
        {
          retry_with_backoff (g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, transport_error (message, error));
      return;
    }

  status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  g_debug ("%s answered %u", soup_message_get_method (message), status);

  note_rate_limit (self, headers);

  if (status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND ||
      status == SOUP_STATUS_SEE_OTHER || status == SOUP_STATUS_TEMPORARY_REDIRECT ||
      status == SOUP_STATUS_PERMANENT_REDIRECT)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");

      if (location != NULL)
        {
          follow_redirect (g_steal_pointer (&task), status, location);
          return;
        }
    }

  if (status == HTTP_STATUS_TOO_MANY_REQUESTS)
    {
      gint64 wait = retry_after_seconds (headers);

      if (wait < 0)
        wait = rate_limit_reset_seconds (headers);

      if ((data->flags & GUICHET_HTTP_NO_RETRY) == 0 && data->retries < self->max_retries &&
          wait <= (gint64) self->max_wait)
        {
          guint64 delay;

          if (wait >= 0)
            {
              delay = (guint64) wait * 1000;
              self->waited_ms += delay;
              tell_waiting (task, delay, GUICHET_HTTP_WAIT_SERVER);
            }
          else
            {
              delay = backoff_delay (self, data->retries);
            }

          data->retries++;
          g_debug ("Rate limited: waiting %" G_GUINT64_FORMAT " ms before retry %u", delay,
                   data->retries);
          schedule_attempt (g_steal_pointer (&task), delay);
          return;
        }

      g_task_return_error (task, status_error (status, soup_message_get_reason_phrase (message),
                                               body, wait));
      return;
    }

  if (status >= 500 && status <= 599 && may_retry (self, data))
    {
      retry_with_backoff (g_steal_pointer (&task));
      return;
    }

  if (!guichet_http_check_response (status, soup_message_get_reason_phrase (message), body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

static GSocket *
connection_socket (GIOStream *stream)
{
  g_autoptr (GIOStream) base = NULL;

  if (G_IS_SOCKET_CONNECTION (stream))
    return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (!G_IS_TLS_CONNECTION (stream))
    return NULL;
  g_object_get (stream, "base-io-stream", &base, NULL);
  return G_IS_SOCKET_CONNECTION (base) ? g_socket_connection_get_socket (G_SOCKET_CONNECTION (base))
                                       : NULL;
}

/* An https:// address on a port that speaks plain HTTP (or nothing) never
 * finishes its handshake: the server waits for a request line that never
 * comes. Give the handshake its own, shorter timeout, then the usual one. */
static void
on_network_event (SoupMessage       *message,
                  GSocketClientEvent event,
                  GIOStream         *connection,
                  GuichetHttpClient *self)
{
  GSocket *socket;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING && event != G_SOCKET_CLIENT_TLS_HANDSHAKED)
    return;

  socket = connection_socket (connection);
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      g_object_set_data (G_OBJECT (message), HANDSHAKING_KEY, GINT_TO_POINTER (TRUE));
      if (socket != NULL && self->tls_timeout > 0 &&
          (self->timeout == 0 || self->tls_timeout < self->timeout))
        g_socket_set_timeout (socket, self->tls_timeout);
    }
  else
    {
      g_object_set_data (G_OBJECT (message), HANDSHAKING_KEY, NULL);
      if (socket != NULL)
        g_socket_set_timeout (socket, self->timeout);
    }
}

/* Takes @task. */
static void
start_attempt (GTask *task)
{
  GuichetHttpClient *self = g_task_get_source_object (task);
  SendData          *data = g_task_get_task_data (task);
  HostLimit         *limit;
  GuichetHttpWait    reason = GUICHET_HTTP_WAIT_SERVER;
  gint64             now;
  gint64             wait_us;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  now = g_get_monotonic_time ();
  limit = host_limit_for (self, data->message);
  wait_us = self->not_before - now;
  if (wait_us <= 0 && limit != NULL && !host_limit_take (limit, &wait_us))
    {
      g_debug ("Request limit of %s reached",
               g_uri_get_host (soup_message_get_uri (data->message)));
      reason = GUICHET_HTTP_WAIT_REQUEST_LIMIT;
    }
  if (wait_us > 0)
    {
      guint64 delay = (guint64) (wait_us + 999) / 1000;

      g_debug ("Rate limit: waiting %" G_GUINT64_FORMAT " ms before sending", delay);
      self->waited_ms += delay;
      tell_waiting (task, delay, reason);
      schedule_attempt (task, delay);
      return;
    }

  rewind_request_body (data->message);
  self->n_attempts++;

  g_object_set_data (G_OBJECT (data->message), HANDSHAKING_KEY, NULL);
  if (g_object_get_data (G_OBJECT (data->message), WATCHED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (data->message), WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_object (data->message, "network-event", G_CALLBACK (on_network_event), self,
                               0);
    }

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (data->message));
      g_autofree char *redacted = _guichet_http_redact_uri (uri);

      g_debug ("%s %s (attempt %u)", soup_message_get_method (data->message), redacted,
               data->retries + data->redirects + 1);
    }

  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_sent, task);
}

void
guichet_http_client_send_async (GuichetHttpClient  *self,
                                SoupMessage        *message,
                                GuichetHttpFlags    flags,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *uri = NULL;
  GError          *error = NULL;
  SendData        *data;
  const char      *method;

  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_http_client_send_async);

  /* Messages not made by new_message() are checked too, before anything
   * connects. */
  uri = g_uri_to_string (soup_message_get_uri (message));
  if (!guichet_http_client_check_uri (uri, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  method = soup_message_get_method (message);

  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->flags = flags;
  data->idempotent = (flags & GUICHET_HTTP_IDEMPOTENT) != 0 ||
                     g_strcmp0 (method, SOUP_METHOD_GET) == 0 ||
                     g_strcmp0 (method, SOUP_METHOD_HEAD) == 0;
  g_task_set_task_data (task, data, send_data_free);

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  start_attempt (g_steal_pointer (&task));
}

GBytes *
guichet_http_client_send_finish (GuichetHttpClient *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_http_client_send_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonNode *
parse_json_bytes (GBytes  *bytes,
                  GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  const char *data;
  gsize       size = 0;
  JsonNode   *root;

  data = g_bytes_get_data (bytes, &size);
  if (size > G_MAXSSIZE)
    size = G_MAXSSIZE;

  if (data == NULL || size == 0)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("The server sent an empty reply where data was expected."));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_autofree char *detail = guichet_json_dup_parse_detail (local_error->message);

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                   _("The server sent a reply that is not valid JSON: %s"), detail);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("The server sent an empty reply where data was expected."));
      return NULL;
    }

  return root;
}

static void
parse_json_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError   *error = NULL;
  JsonNode *node;

  node = parse_json_bytes (task_data, &error);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
on_json_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes;

  bytes = guichet_http_client_send_finish (GUICHET_HTTP_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_json_thread);
}

void
guichet_http_client_send_json_async (GuichetHttpClient  *self,
                                     SoupMessage        *message,
                                     GuichetHttpFlags    flags,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_http_client_send_json_async);

  guichet_http_client_send_async (self, message, flags, cancellable, on_json_sent, task);
}

JsonNode *
guichet_http_client_send_json_finish (GuichetHttpClient *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          guichet_http_client_send_json_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Addresses, queries and bodies */

gboolean
guichet_http_client_check_uri (const char *uri,
                               GError    **error)
{
  g_autoptr (GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

  if (parsed == NULL || host == NULL || host[0] == '\0')
    {
      g_autofree char *redacted = _guichet_http_redact_uri (uri);

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid web address."), redacted);
      return FALSE;
    }

  scheme = g_uri_get_scheme (parsed);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (host))
    return TRUE;

  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INSECURE,
               /* Translators: %s is a server name, e.g. api.weezevent.com */
               _("Guichet only talks to %s over HTTPS. Change the address to start with https://."),
                 host);
  return FALSE;
}

char *
guichet_http_client_normalize_base_url (const char *base_url,
                                        GError    **error)
{
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *stripped = NULL;
  gsize            len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (base_url));

  if (!guichet_http_client_check_uri (stripped, error))
    return NULL;

  parsed = g_uri_parse (stripped, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (parsed != NULL);

  /* Never echo the address itself: it may hold a password. */
  if (g_uri_get_userinfo (parsed) != NULL || strchr (g_uri_get_host (parsed), '@') != NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   /* Translators: %s is a server name, e.g. api.weezevent.com */
                   _("The address of %s holds a user name or password. Remove them from the address: Guichet asks for them separately and keeps them in the keyring."),
                     g_uri_get_host (parsed));
      return NULL;
    }

  if (g_uri_get_query (parsed) != NULL || g_uri_get_fragment (parsed) != NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   /* Translators: %s is a server name, e.g. api.weezevent.com */
                   _("The address of %s must not end with “?…” or “#…”. Give only the server and, if needed, its path."),
                     g_uri_get_host (parsed));
      return NULL;
    }

  len = strlen (stripped);
  while (len > 0 && stripped[len - 1] == '/')
    stripped[--len] = '\0';

  return g_steal_pointer (&stripped);
}

SoupMessage *
guichet_http_client_new_message (GuichetHttpClient *self,
                                 const char        *method,
                                 const char        *base_url,
                                 const char        *path,
                                 const char        *query,
                                 GError           **error)
{
  g_autoptr (GString) uri = NULL;
  g_autoptr (GUri) parsed = NULL;
  SoupMessage *message;

  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_string_new (base_url);
  /* "https://host/" + "/v3/events" must not give "//v3/events". */
  if (path != NULL && path[0] == '/')
    while (uri->len > 0 && uri->str[uri->len - 1] == '/')
      g_string_truncate (uri, uri->len - 1);
  if (path != NULL)
    g_string_append (uri, path);
  if (query != NULL && query[0] != '\0')
    {
      g_string_append_c (uri, '?');
      g_string_append (uri, query);
    }

  if (!guichet_http_client_check_uri (uri->str, error))
    return NULL;

  parsed = g_uri_parse (uri->str, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (parsed != NULL);

  message = soup_message_new_from_uri (method, parsed);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");

  return message;
}

void
guichet_http_query_add (GString    *query,
                        const char *key,
                        const char *value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (key != NULL);

  if (query->len > 0)
    g_string_append_c (query, '&');

  g_string_append_uri_escaped (query, key, "[]", FALSE);
  g_string_append_c (query, '=');
  if (value != NULL)
    g_string_append_uri_escaped (query, value, NULL, FALSE);
}

void
guichet_http_message_set_form (SoupMessage *message,
                               GHashTable  *fields)
{
  g_autoptr (GBytes) bytes = NULL;
  char *encoded;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (fields != NULL);

  encoded = soup_form_encode_hash (fields);
  bytes = g_bytes_new_take (encoded, strlen (encoded));
  set_request_body (message, "application/x-www-form-urlencoded", bytes);
}

void
guichet_http_message_set_json (SoupMessage *message,
                               JsonNode    *body)
{
  g_autoptr (GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (body != NULL);

  text = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  set_request_body (message, "application/json", bytes);
}

/* GObject */

GuichetHttpClient *
guichet_http_client_new (void)
{
  return g_object_new (GUICHET_TYPE_HTTP_CLIENT, NULL);
}

SoupSession *
guichet_http_client_get_session (GuichetHttpClient *self)
{
  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

void
guichet_http_client_set_timeout (GuichetHttpClient *self,
                                 guint              seconds)
{
  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  soup_session_set_idle_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

void
_guichet_http_client_set_tls_timeout (GuichetHttpClient *self,
                                      guint              seconds)
{
  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));

  self->tls_timeout = seconds;
}

void
guichet_http_client_set_max_retries (GuichetHttpClient *self,
                                     guint              retries)
{
  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));

  if (self->max_retries == retries)
    return;

  self->max_retries = retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

void
guichet_http_client_set_backoff_ms (GuichetHttpClient *self,
                                    guint              milliseconds)
{
  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));

  if (self->backoff_ms == milliseconds)
    return;

  self->backoff_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_MS]);
}

void
guichet_http_client_set_max_wait (GuichetHttpClient *self,
                                  guint              seconds)
{
  g_return_if_fail (GUICHET_IS_HTTP_CLIENT (self));

  if (self->max_wait == seconds)
    return;

  self->max_wait = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WAIT]);
}

guint64
_guichet_http_client_get_waited_ms (GuichetHttpClient *self)
{
  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), 0);

  return self->waited_ms;
}

guint
_guichet_http_client_get_n_attempts (GuichetHttpClient *self)
{
  g_return_val_if_fail (GUICHET_IS_HTTP_CLIENT (self), 0);

  return self->n_attempts;
}

static void
guichet_http_client_dispose (GObject *object)
{
  GuichetHttpClient *self = GUICHET_HTTP_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (guichet_http_client_parent_class)->dispose (object);
}

static void
guichet_http_client_finalize (GObject *object)
{
  GuichetHttpClient *self = GUICHET_HTTP_CLIENT (object);

  g_hash_table_unref (self->host_limits);

  G_OBJECT_CLASS (guichet_http_client_parent_class)->finalize (object);
}

static void
guichet_http_client_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GuichetHttpClient *self = GUICHET_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    case PROP_BACKOFF_MS:
      g_value_set_uint (value, self->backoff_ms);
      break;

    case PROP_MAX_WAIT:
      g_value_set_uint (value, self->max_wait);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_http_client_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GuichetHttpClient *self = GUICHET_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      guichet_http_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RETRIES:
      guichet_http_client_set_max_retries (self, g_value_get_uint (value));
      break;

    case PROP_BACKOFF_MS:
      guichet_http_client_set_backoff_ms (self, g_value_get_uint (value));
      break;

    case PROP_MAX_WAIT:
      guichet_http_client_set_max_wait (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_http_client_class_init (GuichetHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_http_client_dispose;
  object_class->finalize = guichet_http_client_finalize;
  object_class->get_property = guichet_http_client_get_property;
  object_class->set_property = guichet_http_client_set_property;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, G_MAXUINT, 3,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_BACKOFF_MS] =
    g_param_spec_uint ("backoff-ms", NULL, NULL, 0, G_MAXUINT, 500,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_MAX_WAIT] =
    g_param_spec_uint ("max-wait", NULL, NULL, 0, G_MAXUINT, 120,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GuichetHttpClient::waiting:
   * @message: the request held back
   * @seconds: how long, rounded up
   * @reason: why
   *
   * A request waits a second or more before it is sent (again), on the
   * thread that sent it.
   */
  signals[WAITING] =
    g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SOUP_TYPE_MESSAGE, G_TYPE_UINT, GUICHET_TYPE_HTTP_WAIT);
}

static void
guichet_http_client_init (GuichetHttpClient *self)
{
  self->timeout = 30;
  self->tls_timeout = 10;
  self->max_retries = 3;
  self->backoff_ms = 500;
  self->max_wait = 120;
  self->host_limits =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) host_limit_free);

  self->session =
    soup_session_new_with_options ("timeout", self->timeout, "idle-timeout", self->timeout,
                                   "user-agent", "Guichet/" PACKAGE_VERSION " ", NULL);
}
