/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-http-client.h"

G_BEGIN_DECLS

/* @uri with the values of secret-looking query parameters (api_key,
 * access_token, token, password, ...) and any password replaced by
 * "REDACTED": safe for g_debug(). */
char    *_guichet_http_redact_uri              (const char        *uri);

/* Milliseconds this client has waited because of Retry-After and rate-limit
 * headers (not backoff). Lets tests check that a wait happened. */
guint64  _guichet_http_client_get_waited_ms   (GuichetHttpClient *self);

/* Number of attempts this client started (every retry and redirect counts). */
guint    _guichet_http_client_get_n_attempts  (GuichetHttpClient *self);

/* The limit guichet_http_client_limit_host() set for @host:@port: FALSE
 * when none. */
gboolean _guichet_http_client_get_host_limit  (GuichetHttpClient *self,
                                               const char        *host,
                                               int                port,
                                               guint             *max_requests,
                                               guint             *window_ms);

/* Longest wait for a TLS handshake, in seconds (default 10): a server that
 * does not speak TLS on that port gets no further. Tests lower it. */
void     _guichet_http_client_set_tls_timeout (GuichetHttpClient *self,
                                               guint              seconds);

G_END_DECLS
