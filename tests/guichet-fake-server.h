/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A fake HTTP API for provider tests: a SoupServer on 127.0.0.1 (ephemeral
 * port) running in a thread of its own with its own GMainContext, so the
 * code under test may block or iterate any context it likes. It dispatches
 * requests to routes (method + path pattern -> handler, or a file of
 * tests/data/<subdir>), can inject faults for the next N requests of a
 * route, and logs every request (method, path, query, headers, body) for
 * assertions.
 *
 * Handlers run in the server's thread with the server's lock held; code
 * in the test's thread that changes what handlers read takes the same lock
 * (guichet_fake_server_lock()). */

#define GUICHET_TYPE_FAKE_SERVER (guichet_fake_server_get_type ())
G_DECLARE_FINAL_TYPE (GuichetFakeServer, guichet_fake_server, GUICHET, FAKE_SERVER, GObject)

/* @path is the request's path, @query its decoded query (may be NULL). */
typedef void (*GuichetFakeHandler) (GuichetFakeServer *server,
                                    SoupServerMessage *msg,
                                    const char        *path,
                                    GHashTable        *query,
                                    gpointer           user_data);

typedef enum
{
  GUICHET_FAKE_FAULT_RATE_LIMIT,  /* 429 with "Retry-After: <value>" (seconds) */
  GUICHET_FAKE_FAULT_STATUS,      /* HTTP status <value> (a 5xx) with a JSON error body */
  GUICHET_FAKE_FAULT_MALFORMED,   /* 200 with a truncated JSON body */
  GUICHET_FAKE_FAULT_DROP,        /* the connection closes without a reply */
  GUICHET_FAKE_FAULT_DELAY,       /* the reply is made at once but sent <value> ms later */
  GUICHET_FAKE_FAULT_LOST_REPLY,  /* the request is handled, then the connection closes without the reply */
} GuichetFakeFault;

/* One logged request. */
typedef struct
{
  char       *method;
  char       *path;
  char       *query;    /* raw, as sent; NULL when none */
  GHashTable *headers;  /* lower-case name -> value */
  GBytes     *body;
} GuichetFakeRequest;

void guichet_fake_request_free (GuichetFakeRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetFakeRequest, guichet_fake_request_free)

/* @data_subdir: the directory of tests/data (e.g. "weezevent") files are
 * served from; NULL for none. */
GuichetFakeServer *guichet_fake_server_new            (const char         *data_subdir,
                                                       GError            **error);
/* "http://127.0.0.1:PORT" (no trailing slash) */
const char        *guichet_fake_server_get_base_url   (GuichetFakeServer  *self);
/* Full path of @name in the data directory. */
char              *guichet_fake_server_get_data_path  (GuichetFakeServer  *self,
                                                       const char         *name);

/* Routes are tried in the order they were added. @method NULL: any;
 * @pattern: a glob ("/event/ * /details" without the spaces, "*"). */
void               guichet_fake_server_add_route      (GuichetFakeServer  *self,
                                                       const char         *method,
                                                       const char         *pattern,
                                                       GuichetFakeHandler  handler,
                                                       gpointer            user_data);
/* Answers @status with the data file @name (application/json). */
void               guichet_fake_server_add_file       (GuichetFakeServer  *self,
                                                       const char         *method,
                                                       const char         *pattern,
                                                       guint               status,
                                                       const char         *name);

/* The next @count requests whose path matches @pattern (NULL: any) fail
 * this way (G_MAXUINT: until removed). Faults of different patterns stack;
 * the first one added that matches applies. */
void               guichet_fake_server_add_fault      (GuichetFakeServer  *self,
                                                       const char         *pattern,
                                                       GuichetFakeFault    fault,
                                                       guint               value,
                                                       guint               count);
/* Drops the pending faults added with @pattern (NULL: all). */
void               guichet_fake_server_remove_faults  (GuichetFakeServer  *self,
                                                       const char         *pattern);

/* Requests logged so far whose method (NULL: any) and path match. */
guint              guichet_fake_server_count_requests (GuichetFakeServer  *self,
                                                       const char         *method,
                                                       const char         *pattern);
/* Copies of the logged requests (element-type GuichetFakeRequest), oldest
 * first; NULL pattern: all. */
GPtrArray         *guichet_fake_server_get_requests   (GuichetFakeServer  *self,
                                                       const char         *pattern);
GuichetFakeRequest *guichet_fake_server_dup_last_request (GuichetFakeServer *self,
                                                          const char        *pattern);
void               guichet_fake_server_clear_requests (GuichetFakeServer  *self);

void               guichet_fake_server_lock           (GuichetFakeServer  *self);
/* For g_mutex_locker_new(): the same lock. */
GMutex            *guichet_fake_server_get_lock       (GuichetFakeServer  *self);
void               guichet_fake_server_unlock         (GuichetFakeServer  *self);

/* Replies for handlers. */
void               guichet_fake_reply                 (SoupServerMessage  *msg,
                                                       guint               status,
                                                       const char         *json);
void               guichet_fake_reply_take            (SoupServerMessage  *msg,
                                                       guint               status,
                                                       char               *json);
/* {"error": "<message>"} */
void               guichet_fake_reply_error           (SoupServerMessage  *msg,
                                                       guint               status,
                                                       const char         *message);
gboolean           guichet_fake_server_reply_file     (GuichetFakeServer  *self,
                                                       SoupServerMessage  *msg,
                                                       guint               status,
                                                       const char         *name);

G_END_DECLS
