/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "guichet-provider.h"

G_BEGIN_DECLS

/* The base of every provider that speaks JSON over HTTP (GNOME Online
 * Accounts' GoaOAuth2Provider is the model). It owns the plumbing: named,
 * source-tagged tasks, one guichet_rest_provider_call() that builds, signs,
 * sends and parses a request (the parsing in a worker thread), the
 * propagate helpers, and paging for the three styles the platforms use.
 * A platform subclass keeps only its protocol: paths, parameters, parse
 * functions and three hooks (authorize, unwrap, map_error). Subclasses never
 * call libsoup: the base and GuichetHttpClient do. */

typedef enum /*< flags >*/
{
  GUICHET_REST_DEFAULT    = 0,
  /* Never sent twice, not even after 429 (a retried refused login earns a ban
   * on some platforms). */
  GUICHET_REST_NO_RETRY   = 1 << 0,
  /* A sign-in: not authorized; map_error() is told so (login refused rather
   * than session refused). Implies NO_RETRY. */
  GUICHET_REST_LOGIN      = 1 << 1,
  /* Public call: not authorized. */
  GUICHET_REST_ANONYMOUS  = 1 << 2,
  /* A write that is safe to send twice (retried like a GET). */
  GUICHET_REST_IDEMPOTENT = 1 << 3,
  /* The parse function gets the raw body (root NULL): for one-pass scanners. */
  GUICHET_REST_RAW        = 1 << 4,
} GuichetRestFlags;

#define GUICHET_TYPE_REST_PROVIDER (guichet_rest_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (GuichetRestProvider, guichet_rest_provider, GUICHET, REST_PROVIDER, GuichetProvider)

/* A request being built, as the authorize() hook sees it. */
typedef struct _GuichetRestRequest GuichetRestRequest;

const char *guichet_rest_request_get_method     (GuichetRestRequest *request);
const char *guichet_rest_request_get_path       (GuichetRestRequest *request);
/* Appends key=value (escaped) to the query. */
void        guichet_rest_request_add_query      (GuichetRestRequest *request,
                                                 const char         *key,
                                                 const char         *value);
/* A header (never logged). */
void        guichet_rest_request_set_header     (GuichetRestRequest *request,
                                                 const char         *name,
                                                 const char         *value);
/* "Authorization: Bearer <token>" / "Authorization: Basic base64(user:password)". */
void        guichet_rest_request_set_bearer     (GuichetRestRequest *request,
                                                 const char         *token);
void        guichet_rest_request_set_basic      (GuichetRestRequest *request,
                                                 const char         *user,
                                                 const char         *password);
/* A parameter in the body: a form field, or a string member of a JSON object
 * body; with no body yet, the body becomes a form (Oveit's "token"). */
void        guichet_rest_request_add_body_field (GuichetRestRequest *request,
                                                 const char         *name,
                                                 const char         *value);

/* Runs in a worker thread: never touch the provider's mutable state. @root
 * is the unwrapped reply (NULL with GUICHET_REST_RAW), @body the raw reply,
 * @task_data the task data of the call's task. Returns the task's result, or
 * NULL with @error set. */
typedef gpointer (*GuichetRestParseFunc) (GuichetRestProvider  *self,
                                          JsonNode             *root,
                                          GBytes               *body,
                                          gpointer              task_data,
                                          GError              **error);

struct _GuichetRestProviderClass
{
  GuichetProviderClass parent_class;

  /* Signs @request: query parameters, a Bearer, X-Api-Key or Basic header,
   * a token parameter. Runs on the main thread for every call that is
   * neither LOGIN nor ANONYMOUS. FALSE with @error (usually
   * GUICHET_ERROR_AUTH_REJECTED) when the secrets are missing. Default:
   * nothing to add. */
  gboolean  (*authorize)  (GuichetRestProvider  *self,
                           GuichetRestRequest   *request,
                           GError              **error);
  /* Reads a reply body into JSON (worker thread). Default:
   * guichet_json_parse_bytes(). */
  JsonNode *(*parse_json) (GuichetRestProvider  *self,
                           GBytes               *body,
                           GError              **error);
  /* Checks a 2xx reply and returns its payload, a new reference (worker
   * thread): {"success": true, "data": X} -> X, or an error for a body such
   * as {"error": "..."} sent with HTTP 200. Default: @root itself. */
  JsonNode *(*unwrap)     (GuichetRestProvider  *self,
                           JsonNode             *root,
                           GError              **error);
  /* Turns a failed call's error into the platform's words (main thread).
   * Takes @error, returns the error to report. @status: the HTTP status, 0
   * when none came. Default: a refused login or session becomes
   * GUICHET_ERROR_AUTH_REJECTED with a generic sentence. */
  GError   *(*map_error)  (GuichetRestProvider  *self,
                           GError               *error,
                           guint                 status,
                           GuichetRestFlags      flags);

  /* TRUE: when a call (neither LOGIN nor ANONYMOUS) ends in
   * GUICHET_ERROR_AUTH_REJECTED, the account's secrets are read from the
   * keyring again, and when another process stored newer ones (signed in
   * again), the call is sent once more with them. For platforms whose
   * session token is renewed only by a sign-in with the password, which is
   * never kept. */
  gboolean  read_secrets_again;

  /* The most calls a minute the platform takes from one client before it
   * bans it, where its replies never say how many are left (0: no such
   * limit). Calls keep a tenth below it, and wait when they would pass
   * it: guichet_http_client_limit_host() counts them per server, with every
   * provider of the client and every process of the user. */
  guint     requests_per_minute;
};

/* A task for @self named "[guichet] <kind>" with @source_tag: the public
 * _async function. */
GTask      *guichet_rest_provider_new_task          (GuichetRestProvider  *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data,
                                                     gpointer              source_tag);
/* The one call. Takes @task. Builds method + base URL + @path (appended as
 * written) + authorize()'s parameters + @query (encoded, may be NULL), with
 * @form (field -> value, form-encoded) or @json as the body (both may be
 * NULL), sends it through the provider's HTTP client, then in a worker
 * thread reads the reply (parse_json(), unwrap()) and runs @parse. @task
 * returns @parse's result (freed with @result_free), or TRUE (boolean) when
 * @parse is NULL. Failures go through map_error(). */
void        guichet_rest_provider_call              (GuichetRestProvider  *self,
                                                     GTask                *task,
                                                     const char           *method,
                                                     const char           *path,
                                                     const char           *query,
                                                     GHashTable           *form,
                                                     JsonNode             *json,
                                                     GuichetRestFlags      flags,
                                                     GuichetRestParseFunc  parse,
                                                     GDestroyNotify        result_free);
/* Instead of the class's requests_per_minute: at most @max_requests calls
 * in any @window_ms (0: no limit). Tests scale the window down. */
void        guichet_rest_provider_set_request_limit (GuichetRestProvider  *self,
                                                     guint                 max_requests,
                                                     guint                 window_ms);
/* The provider's HTTP client (its own when the provider was made without one). */
GuichetHttpClient *guichet_rest_provider_get_client (GuichetRestProvider  *self);

/* prefix + escaped id + suffix: "/event/" "36 799" "/details" */
char       *guichet_rest_path_with_id               (const char           *prefix,
                                                     const char           *id,
                                                     const char           *suffix);

/* Task helpers. return_array: @array or @error (one of them set). The
 * propagate functions check @result comes from @self with @source_tag. */
void        guichet_rest_task_return_array          (GTask                *task,
                                                     GPtrArray            *array,
                                                     GError               *error);
gpointer    guichet_rest_provider_propagate_pointer (gpointer              self,
                                                     GAsyncResult         *result,
                                                     gpointer              source_tag,
                                                     GError              **error);
gboolean    guichet_rest_provider_propagate_boolean (gpointer              self,
                                                     GAsyncResult         *result,
                                                     gpointer              source_tag,
                                                     GError              **error);

/* ---- paging ----
 *
 * The three styles, with the stop rules of provider-docs/NOTES.md. The state
 * is plain data: keep it in task data, advance it in the parse function
 * (worker thread), and ask for the next page from the callback.
 *
 * PAGE   page=N&limit=L (Weezevent "max", GoEvent "limit"). When the reply
 *        has paginate.hasNextPage/nextPage (GoEvent) they decide; otherwise
 *        stop on an empty page, a page shorter than the largest seen (never
 *        merely shorter than the limit sent: servers cap it), or a page that
 *        repeats the previous one's first id (a server ignoring "page").
 * CURSOR limit=L&starting_after=<last id> (Ticket Tailor): stop when
 *        links.next is null or missing, or when a page adds no new id.
 * SINCE  since=<last id seen> (Oveit): stop on a page that adds no new id. */
typedef enum
{
  GUICHET_REST_PAGING_PAGE,
  GUICHET_REST_PAGING_CURSOR,
  GUICHET_REST_PAGING_SINCE,
} GuichetRestPagingStyle;

typedef struct
{
  GuichetRestPagingStyle  style;
  const char             *items_member;  /* "data"; NULL: the payload is the array */
  const char             *id_member;     /* "id" */
  const char             *page_param;    /* "page", "starting_after", "since" */
  const char             *limit_param;   /* "limit", "max"; NULL: none sent */
  guint                   limit;
} GuichetRestPaging;

typedef struct
{
  guint       page;      /* PAGE: the page to ask for, from 1 */
  guint       largest;   /* PAGE: largest page seen */
  char       *first_id;  /* PAGE: first id of the previous page */
  char       *after;     /* CURSOR, SINCE: last id seen (NULL: start) */
  GHashTable *seen;      /* CURSOR, SINCE: ids seen in this run */
  guint       n_pages;   /* pages read */
  gboolean    done;      /* no further page */
} GuichetRestPageState;

void        guichet_rest_page_state_init            (GuichetRestPageState    *state);
void        guichet_rest_page_state_clear           (GuichetRestPageState    *state);
/* Adds the next page's parameters to @query. */
void        guichet_rest_paging_add_query           (const GuichetRestPaging *paging,
                                                     GuichetRestPageState    *state,
                                                     GString                 *query);
/* Reads @payload (unwrapped reply) and advances @state. Returns the page's
 * items array (not a new reference; NULL with @error when missing). Worker
 * thread safe. */
JsonArray  *guichet_rest_paging_advance             (const GuichetRestPaging *paging,
                                                     GuichetRestPageState    *state,
                                                     JsonNode                *payload,
                                                     GError                 **error);
/* PAGE style from counts alone, for pages read without JSON nodes (one-pass
 * scanners): @n_records records, the first one's id @first_id. */
void        guichet_rest_page_state_advance_counts  (GuichetRestPageState    *state,
                                                     guint                    n_records,
                                                     const char              *first_id);

/* Every page of a listing, concatenated: asks page after page and runs
 * @parse_item on each element (worker thread; NULL result: skipped, with a
 * debug message). Takes @task, which returns a GPtrArray (freed with
 * g_ptr_array_unref) of the items. @paging must be static. */
typedef gpointer (*GuichetRestItemFunc) (GuichetRestProvider  *self,
                                         JsonObject           *item,
                                         gpointer              task_data,
                                         GError              **error);
void        guichet_rest_provider_call_paged        (GuichetRestProvider     *self,
                                                     GTask                   *task,
                                                     const char              *method,
                                                     const char              *path,
                                                     const char              *query,
                                                     const GuichetRestPaging *paging,
                                                     GuichetRestItemFunc      parse_item,
                                                     GDestroyNotify           item_free);

G_END_DECLS
