/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "guichet-types.h"

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  GUICHET_HTTP_DEFAULT   = 0,
  /* Safe to send twice: retried with backoff on 5xx and network errors.
   * GET and HEAD are idempotent by default. */
  GUICHET_HTTP_IDEMPOTENT = 1 << 0,
  /* Never retried, not even after 429 (logins: a retried rejected login
   * earns a ban on some platforms). */
  GUICHET_HTTP_NO_RETRY   = 1 << 1,
} GuichetHttpFlags;

/* Why a request is held back (signal GuichetHttpClient::waiting). */
typedef enum
{
  /* Keeping under guichet_http_client_limit_host(). */
  GUICHET_HTTP_WAIT_REQUEST_LIMIT,
  /* The server asked for it: Retry-After, or rate-limit headers. */
  GUICHET_HTTP_WAIT_SERVER,
} GuichetHttpWait;

#define GUICHET_TYPE_HTTP_CLIENT (guichet_http_client_get_type ())
G_DECLARE_FINAL_TYPE (GuichetHttpClient, guichet_http_client, GUICHET, HTTP_CLIENT, GObject)

/* Signal "waiting" (SoupMessage *message, guint seconds, GuichetHttpWait
 * reason): @message is held back for @seconds (rounded up; only waits of
 * a second or more are told), on the thread that sent it. */
GuichetHttpClient *guichet_http_client_new                (void);
/* Seconds before a request that made no progress fails (default 30). */
void               guichet_http_client_set_timeout        (GuichetHttpClient *self,
                                                           guint              seconds);
/* Retries after the first attempt (default 3). */
void               guichet_http_client_set_max_retries    (GuichetHttpClient *self,
                                                           guint              retries);
/* First backoff delay; doubles each retry (default 500 ms). Tests lower it. */
void               guichet_http_client_set_backoff_ms     (GuichetHttpClient *self,
                                                           guint              milliseconds);
/* Longest Retry-After honoured by waiting; longer gives RATE_LIMITED (default 120 s). */
void               guichet_http_client_set_max_wait       (GuichetHttpClient *self,
                                                           guint              seconds);
/* Keeps the attempts to @host:@port (g_uri_get_port(): -1 for the
 * scheme's) to at most @max_requests in any @window_ms, every retry and
 * redirect counted: one that would pass it waits. For platforms that ban a
 * client past a rate their replies never announce. Counted with every
 * provider of this client and every process of the user that set the same
 * limit (a file in the cache folder); calling again with other figures
 * replaces them, 0 removes the limit. */
void               guichet_http_client_limit_host         (GuichetHttpClient *self,
                                                           const char        *host,
                                                           int                port,
                                                           guint              max_requests,
                                                           guint              window_ms);
/* Extra header sent with every request (e.g. a User-Agent suffix) — never secrets. */
SoupSession       *guichet_http_client_get_session        (GuichetHttpClient *self);

/* TRUE when @uri may be used: https, or http to 127.0.0.0/8, ::1 or localhost.
 * Otherwise GUICHET_ERROR_INSECURE. No connection is made. */
gboolean           guichet_http_client_check_uri          (const char        *uri,
                                                           GError           **error);

/* Checks an account's base address as typed by the user: as
 * guichet_http_client_check_uri(), and refuses user info
 * (“https://user:pass@host”: secrets belong in the keyring, never in the
 * database), a query or a fragment (paths are appended to it), all with
 * GUICHET_ERROR_INVALID_INPUT. Returns the address with its trailing
 * slashes removed, or NULL on error. */
char              *guichet_http_client_normalize_base_url (const char        *base_url,
                                                           GError           **error);

/* base_url + path (appended exactly as written) + "?" + query (already
 * encoded, may be NULL). Checks the URI as above. */
SoupMessage       *guichet_http_client_new_message        (GuichetHttpClient *self,
                                                           const char        *method,
                                                           const char        *base_url,
                                                           const char        *path,
                                                           const char        *query,
                                                           GError           **error);
/* Query building: appends "key=value" (both escaped, "[]" kept in keys) with '&'. */
void               guichet_http_query_add                 (GString           *query,
                                                           const char        *key,
                                                           const char        *value);
/* Body helpers. The form is application/x-www-form-urlencoded. */
void               guichet_http_message_set_form          (SoupMessage       *message,
                                                           GHashTable        *fields);
void               guichet_http_message_set_json          (SoupMessage       *message,
                                                           JsonNode          *body);

/* Sends, honours Retry-After and rate-limit headers, retries idempotent
 * requests, and maps every failure to GUICHET_ERROR (the server's own message,
 * when its body has one, in error->message). Success is any 2xx. */
void               guichet_http_client_send_async         (GuichetHttpClient   *self,
                                                           SoupMessage         *message,
                                                           GuichetHttpFlags     flags,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GBytes            *guichet_http_client_send_finish        (GuichetHttpClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* Same, then parses the body as JSON in a worker thread. */
void               guichet_http_client_send_json_async    (GuichetHttpClient   *self,
                                                           SoupMessage         *message,
                                                           GuichetHttpFlags     flags,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
JsonNode          *guichet_http_client_send_json_finish   (GuichetHttpClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* The one place where an HTTP status and error body become a GError.
 * Returns FALSE and sets @error for non-2xx. */
gboolean           guichet_http_check_response            (guint               status,
                                                           const char         *reason,
                                                           GBytes             *body,
                                                           GError            **error);

G_END_DECLS
