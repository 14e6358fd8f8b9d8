/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-tickettailor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-tickettailor-parse.h"
#include "guichet-tickettailor-provider.h"

#define MAX_PAGE_SIZE 100
/* A push this much older than the admission is a retry: the first attempt's
 * reply may have been lost, so GET /v1/check_ins says whether it landed. */
#define RETRY_CHECK_AGE 30

struct _GuichetTicketTailorProvider
{
  GuichetRestProvider parent_instance;

  guint page_size;
  /* event id -> (issued ticket id -> ISO time of its check-in), read at the
   * start of each participants run (main thread only; workers get a ref) */
  GHashTable *check_in_times;
};

G_DEFINE_FINAL_TYPE (GuichetTicketTailorProvider, guichet_tickettailor_provider,
                     GUICHET_TYPE_REST_PROVIDER)

enum
{
  PROP_0,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GuichetCredentialField tickettailor_credentials[] = {
  { "api_key", N_("API Key"), TRUE }, { NULL, NULL, FALSE },
};

#define new_task(self, cancellable, callback, user_data, tag)                                      \
  guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (self), cancellable, callback, user_data,  \
                                  tag)
#define call(self, task, method, path, query, form, flags, parse, result_free)                     \
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, method, path, query, form, NULL, \
                              flags, parse, result_free)
#define propagate_pointer guichet_rest_provider_propagate_pointer
#define propagate_boolean guichet_rest_provider_propagate_boolean

/* Every list: cursor pages of at most 100 */
static const GuichetRestPaging list_paging = {
  .style = GUICHET_REST_PAGING_CURSOR,
  .items_member = "data",
  .id_member = "id",
  .page_param = "starting_after",
  .limit_param = "limit",
  .limit = MAX_PAGE_SIZE,
};

static char *
dup_account_id (gpointer self)
{
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));

  return account != NULL ? g_strdup (guichet_account_get_id (account)) : NULL;
}

/* Task data of the calls whose parse functions need the account or event. */
typedef struct
{
  char *account_id;
  char *event_id;
  char *voucher_id;
} Ids;

static void
ids_free (Ids *ids)
{
  g_free (ids->account_id);
  g_free (ids->event_id);
  g_free (ids->voucher_id);
  g_free (ids);
}

static Ids *
ids_new (gpointer    self,
         const char *event_id,
         const char *voucher_id)
{
  Ids *ids = g_new0 (Ids, 1);

  ids->account_id = dup_account_id (self);
  ids->event_id = g_strdup (event_id);
  ids->voucher_id = g_strdup (voucher_id);
  return ids;
}

static GTask *
new_ids_task (gpointer            self,
              const char         *event_id,
              const char         *voucher_id,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data,
              gpointer            tag)
{
  GTask *task = new_task (self, cancellable, callback, user_data, tag);

  g_task_set_task_data (task, ids_new (self, event_id, voucher_id), (GDestroyNotify) ids_free);
  return task;
}

/* ---- the hooks ---- */

/* HTTP Basic with the API key as user name and no password */
static gboolean
guichet_tickettailor_provider_authorize (GuichetRestProvider *provider,
                                         GuichetRestRequest  *request,
                                         GError             **error)
{
  const char *api_key = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "api_key");

  if (api_key == NULL || api_key[0] == '\0')
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                           _("This Ticket Tailor account has no API key. Sign in again."));
      return FALSE;
    }

  guichet_rest_request_set_header (request, "Accept", "application/json");
  guichet_rest_request_set_basic (request, api_key, "");
  return TRUE;
}

/* ---- sign-in ---- */

static gpointer
parse_ping (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  if (!guichet_tickettailor_parse_ping (root, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  GHashTable *previous; /* the secrets before, restored on failure */
  GHashTable *secrets;  /* what the keyring will keep */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_pointer (&data->previous, g_hash_table_unref);
  g_clear_pointer (&data->secrets, g_hash_table_unref);
  g_free (data);
}

static void
on_ping (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GuichetProvider *self = g_task_get_source_object (task);
  SignInData      *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_pointer (G_TASK (result), &error))
    {
      guichet_provider_set_secrets (self, data->previous);
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
          g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN))
        {
          g_debug ("Sign-in refused: %s", error->message);
          g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                                   _("Ticket Tailor refused this API key. Copy it again from "
                                     "your box office settings (Settings → API) and try again."));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_hash_table_ref (data->secrets),
                         (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_tickettailor_provider_sign_in_async (GuichetProvider    *provider,
                                             GHashTable         *credentials,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  g_autoptr (GTask) task = new_task (provider, cancellable, callback, user_data,
                                     guichet_tickettailor_provider_sign_in_async);
  const char      *api_key = credentials ? g_hash_table_lookup (credentials, "api_key") : NULL;
  g_autofree char *key = api_key ? g_strstrip (g_strdup (api_key)) : NULL;
  GHashTable      *previous = guichet_provider_get_secrets (provider);
  SignInData      *data;

  if (key == NULL || key[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("Enter the API key of your Ticket Tailor box office."));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->previous = previous ? g_hash_table_ref (previous) : NULL;
  data->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (data->secrets, g_strdup ("api_key"), g_steal_pointer (&key));
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  /* the ping is signed like any call, with the key being checked */
  guichet_provider_set_secrets (provider, data->secrets);
  call (provider,
        new_task (provider, cancellable, on_ping, g_steal_pointer (&task),
                  guichet_tickettailor_provider_sign_in_async),
        "GET", "/v1/ping", NULL, NULL, GUICHET_REST_NO_RETRY, parse_ping, NULL);
}

static GHashTable *
guichet_tickettailor_provider_sign_in_finish (GuichetProvider *provider,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_sign_in_async, error);
}

/* ---- events and categories ---- */

static gpointer
parse_event_item (GuichetRestProvider *self,
                  JsonObject          *item,
                  gpointer             task_data,
                  GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_event (item, ids->account_id, error);
}

static void
guichet_tickettailor_provider_list_events_async (GuichetProvider    *provider,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_tickettailor_provider_list_events_async);

  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", "/v1/events",
                                    NULL, &list_paging, parse_event_item, g_object_unref);
}

static GPtrArray *
guichet_tickettailor_provider_list_events_finish (GuichetProvider *provider,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_list_events_async,
                            error);
}

static gpointer
parse_event_categories (GuichetRestProvider *self,
                        JsonNode            *root,
                        GBytes              *body,
                        gpointer             task_data,
                        GError             **error)
{
  JsonObject *object = guichet_json_root_object (root, error);

  return object ? guichet_tickettailor_parse_categories (object, error) : NULL;
}

static void
guichet_tickettailor_provider_list_categories_async (GuichetProvider    *provider,
                                                     const char         *event_id,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data)
{
  GTask           *task = new_task (provider, cancellable, callback, user_data,
                                    guichet_tickettailor_provider_list_categories_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/events/", event_id, NULL);

  call (provider, task, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_event_categories,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_tickettailor_provider_list_categories_finish (GuichetProvider *provider,
                                                      GAsyncResult    *result,
                                                      GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_list_categories_async,
                            error);
}

/* ---- participants: issued tickets, resumable ---- */

/* The cursor, as opaque JSON text: {"after": "it_..." | null, "more": bool}.
 * "after" is the last issued ticket written; a run that was cut short asks
 * for the tickets after it. A finished run ("more": false) starts over:
 * Ticket Tailor has no "changed since" filter, so every run lists all. */
static char *
cursor_to_string (const char *after,
                  gboolean    more)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "after");
  if (after != NULL)
    json_builder_add_string_value (builder, after);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The ticket to start after, or NULL for a new run. */
static char *
cursor_parse (const char *text)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;

  if (text == NULL || text[0] == '\0')
    return NULL;
  root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an unreadable cursor");
      return NULL;
    }
  object = json_node_get_object (root);
  if (!guichet_json_get_bool (object, "more", FALSE))
    return NULL;
  return guichet_json_dup_id (object, "after");
}

typedef struct
{
  char                *event_id;
  char                *after;
  GHashTable          *check_ins; /* ticket id -> ISO time, or NULL */
  GuichetRestPageState state;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  g_free (data->after);
  g_clear_pointer (&data->check_ins, g_hash_table_unref);
  guichet_rest_page_state_clear (&data->state);
  g_free (data);
}

/* Worker thread */
static gpointer
parse_participants_page (GuichetRestProvider *self,
                         JsonNode            *root,
                         GBytes              *body,
                         gpointer             task_data,
                         GError             **error)
{
  FetchData *data = task_data;
  g_autoptr (GuichetParticipantPage) page = guichet_participant_page_new ();
  JsonArray *items;

  items = guichet_rest_paging_advance (&list_paging, &data->state, root, error);
  if (items == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetParticipant *participant;
      const char         *checked_in_at;

      if (item == NULL)
        continue;
      participant = guichet_tickettailor_parse_issued_ticket (item, data->event_id, &local_error);
      if (participant == NULL)
        {
          g_debug ("Skipping issued ticket %u of %s: %s", i, data->event_id, local_error->message);
          continue;
        }
      checked_in_at =
        data->check_ins
          ? g_hash_table_lookup (data->check_ins, guichet_participant_get_id (participant))
          : NULL;
      if (checked_in_at != NULL && guichet_participant_get_checked_in (participant))
        g_object_set (participant, "checked-in-at", checked_in_at, NULL);
      g_ptr_array_add (page->participants, participant);
    }

  /* the run goes on while links.next says so and the page brought new ids */
  page->more = !data->state.done && data->state.after != NULL &&
               g_strcmp0 (data->state.after, data->after) != 0;
  page->full = TRUE;
  page->cursor = cursor_to_string (page->more ? data->state.after : NULL, page->more);

  return g_steal_pointer (&page);
}

static void fetch_issued_tickets (GuichetTicketTailorProvider *self,
                                  GTask                       *task);

static gpointer
parse_check_in_item (GuichetRestProvider *self,
                     JsonObject          *item,
                     gpointer             task_data,
                     GError             **error)
{
  return guichet_tickettailor_parse_check_in (item, error);
}

static void
on_run_check_ins (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GuichetTicketTailorProvider *self = g_task_get_source_object (task);
  FetchData                   *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) check_ins = NULL;
  g_autoptr (GError) error = NULL;
  GHashTable *times;

  check_ins = g_task_propagate_pointer (G_TASK (result), &error);
  if (check_ins == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* newest first: keep each ticket's first check-in */
  times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < check_ins->len; i++)
    {
      GuichetTicketTailorCheckIn *check_in = g_ptr_array_index (check_ins, i);
      g_autoptr (GDateTime) dt = NULL;

      if (check_in->check_in_at <= 0 || check_in->quantity <= 0)
        continue;
      dt = g_date_time_new_from_unix_utc (check_in->check_in_at);
      g_hash_table_replace (times, g_strdup (check_in->issued_ticket_id),
                            g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z"));
    }
  g_hash_table_replace (self->check_in_times, g_strdup (data->event_id), times);
  data->check_ins = g_hash_table_ref (times);

  fetch_issued_tickets (self, g_steal_pointer (&task));
}

/* Takes @task */
static void
fetch_issued_tickets (GuichetTicketTailorProvider *self,
                      GTask                       *task)
{
  FetchData *data = g_task_get_task_data (task);
  g_autoptr (GString) query = g_string_new (NULL);
  GuichetRestPaging paging = list_paging;

  paging.limit = self->page_size;
  guichet_http_query_add (query, "event_id", data->event_id);
  guichet_rest_paging_add_query (&paging, &data->state, query);
  call (self, task, "GET", "/v1/issued_tickets", query->str, NULL, GUICHET_REST_DEFAULT,
        parse_participants_page, (GDestroyNotify) guichet_participant_page_free);
}

static void
guichet_tickettailor_provider_fetch_participants_async (GuichetProvider    *provider,
                                                        const char         *event_id,
                                                        const char         *cursor,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data)
{
  GuichetTicketTailorProvider *self = GUICHET_TICKETTAILOR_PROVIDER (provider);
  GTask      *task = new_task (provider, cancellable, callback, user_data,
                               guichet_tickettailor_provider_fetch_participants_async);
  FetchData  *data = g_new0 (FetchData, 1);
  GHashTable *times;

  data->event_id = g_strdup (event_id);
  guichet_rest_page_state_init (&data->state);
  data->after = cursor_parse (cursor);
  data->state.after = g_strdup (data->after);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  /* A new run (or a resumed one in a new process) first reads who was
   * checked in elsewhere, and when */
  times = g_hash_table_lookup (self->check_in_times, event_id);
  if (data->after == NULL || times == NULL)
    {
      g_autoptr (GString) query = g_string_new (NULL);

      guichet_http_query_add (query, "event_id", event_id);
      guichet_rest_provider_call_paged (
        GUICHET_REST_PROVIDER (self),
        new_task (self, cancellable, on_run_check_ins, task,
                  guichet_tickettailor_provider_fetch_participants_async),
        "GET", "/v1/check_ins", query->str, &list_paging, parse_check_in_item,
        (GDestroyNotify) guichet_tickettailor_check_in_free);
      return;
    }

  data->check_ins = g_hash_table_ref (times);
  fetch_issued_tickets (self, task);
}

static GuichetParticipantPage *
guichet_tickettailor_provider_fetch_participants_finish (GuichetProvider *provider,
                                                         GAsyncResult    *result,
                                                         GError         **error)
{
  return propagate_pointer (provider, result,
                            guichet_tickettailor_provider_fetch_participants_async, error);
}

/* ---- orders ---- */

static gpointer
parse_order_item (GuichetRestProvider *self,
                  JsonObject          *item,
                  gpointer             task_data,
                  GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_order (item, ids->account_id, error);
}

static void
guichet_tickettailor_provider_list_orders_async (GuichetProvider    *provider,
                                                 const char         *event_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  GTask *task = new_ids_task (provider, event_id, NULL, cancellable, callback, user_data,
                              guichet_tickettailor_provider_list_orders_async);
  g_autoptr (GString) query = g_string_new (NULL);

  if (event_id != NULL)
    guichet_http_query_add (query, "event_id", event_id);
  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", "/v1/orders",
                                    query->str, &list_paging, parse_order_item, g_object_unref);
}

static GPtrArray *
guichet_tickettailor_provider_list_orders_finish (GuichetProvider *provider,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_list_orders_async,
                            error);
}

/* ---- discounts and vouchers: reading ---- */

static gpointer
parse_discount_item (GuichetRestProvider *self,
                     JsonObject          *item,
                     gpointer             task_data,
                     GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_discount (item, ids->account_id, error);
}

static void
guichet_tickettailor_provider_list_discounts_async (GuichetProvider    *provider,
                                                    const char         *code,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_tickettailor_provider_list_discounts_async);
  g_autoptr (GString) query = g_string_new (NULL);

  /* The platform filters by code: one short page, not every discount. */
  if (code != NULL)
    guichet_http_query_add (query, "code", code);
  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", "/v1/discounts",
                                    query->len > 0 ? query->str : NULL, &list_paging,
                                    parse_discount_item, g_object_unref);
}

static GPtrArray *
guichet_tickettailor_provider_list_discounts_finish (GuichetProvider *provider,
                                                     GAsyncResult    *result,
                                                     GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_list_discounts_async,
                            error);
}

static gpointer
parse_voucher_item (GuichetRestProvider *self,
                    JsonObject          *item,
                    gpointer             task_data,
                    GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_voucher (item, ids->account_id, error);
}

static void
guichet_tickettailor_provider_list_vouchers_async (GuichetProvider    *provider,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_tickettailor_provider_list_vouchers_async);

  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", "/v1/vouchers",
                                    NULL, &list_paging, parse_voucher_item, g_object_unref);
}

static GPtrArray *
guichet_tickettailor_provider_list_vouchers_finish (GuichetProvider *provider,
                                                    GAsyncResult    *result,
                                                    GError         **error)
{
  return propagate_pointer (provider, result, guichet_tickettailor_provider_list_vouchers_async,
                            error);
}

/* ---- writes ----
 * Forms are sent as the document names their fields; arrays in PHP's
 * indexed syntax ("ticket_types[0]=tt_1", as the document's Guzzle samples
 * send them) and associations as "ticket_types[tt_1]=1|0". Writes are
 * never sent twice by the HTTP client (issuing a ticket costs a credit). */

static GHashTable *
form_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
form_set (GHashTable *form,
          const char *name,
          const char *value)
{
  g_hash_table_replace (form, g_strdup (name), g_strdup (value ? value : ""));
}

static void
form_set_int (GHashTable *form,
              const char *name,
              gint64      value)
{
  g_hash_table_replace (form, g_strdup (name), g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

/* An integer that may be null (negative): empty text for null */
static void
form_set_optional (GHashTable *form,
                   const char *name,
                   gint64      value)
{
  if (value >= 0)
    form_set_int (form, name, value);
  else
    form_set (form, name, "");
}

static void
form_set_list (GHashTable         *form,
               const char         *name,
               const char * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_hash_table_replace (form, g_strdup_printf ("%s[%u]", name, i), g_strdup (values[i]));
}

/* Unix time of an ISO 8601 date (UTC when it has no offset), 0 for none */
static gint64
iso_to_unix (const char *iso)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (iso == NULL || iso[0] == '\0')
    return 0;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (iso, utc);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static gint64
discount_percent (GuichetDiscount *discount)
{
  /* Ticket Tailor takes whole percents */
  return (guichet_discount_get_percentage (discount) + GUICHET_PERCENTAGE_ONE_PERCENT / 2) /
         GUICHET_PERCENTAGE_ONE_PERCENT;
}

static gboolean
strv_has (const char * const *strv,
          const char         *value)
{
  return strv != NULL && g_strv_contains (strv, value);
}

/* The form of a discount: every field on create; on update (@current set),
 * only what changed, ticket types as associations. */
static GHashTable *
discount_form (GuichetDiscount *discount,
               GuichetDiscount *current)
{
  GHashTable *form = form_new ();
  gboolean    percentage = guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE;
  gboolean    kind_changed =
    current == NULL || guichet_discount_get_kind (current) != guichet_discount_get_kind (discount);
  const char * const *types = guichet_discount_get_ticket_type_ids (discount);
  gint64              expires = iso_to_unix (guichet_discount_get_valid_to (discount));

  if (current == NULL ||
      g_strcmp0 (guichet_discount_get_code (current), guichet_discount_get_code (discount)) != 0)
    form_set (form, "code", guichet_discount_get_code (discount));
  if (current == NULL ||
      g_strcmp0 (guichet_discount_get_name (current), guichet_discount_get_name (discount)) != 0)
    form_set (form, "name", guichet_discount_get_name (discount));
  if (kind_changed)
    form_set (form, "type", percentage ? "percentage" : "fixed_amount");
  if (percentage && (kind_changed || discount_percent (current) != discount_percent (discount)))
    form_set_int (form, "price_percent", discount_percent (discount));
  if (!percentage && (kind_changed || guichet_discount_get_amount (current)->amount_minor !=
                                        guichet_discount_get_amount (discount)->amount_minor))
    form_set_int (form, "price", guichet_discount_get_amount (discount)->amount_minor);
  /* required on create, null for "no limit" */
  if (current == NULL ||
      guichet_discount_get_max_uses (current) != guichet_discount_get_max_uses (discount))
    form_set_optional (form, "max_redemptions", guichet_discount_get_max_uses (discount));
  if ((current == NULL && expires > 0) ||
      (current != NULL && iso_to_unix (guichet_discount_get_valid_to (current)) != expires))
    form_set_optional (form, "expires", expires > 0 ? expires : -1);
  if ((current == NULL && guichet_discount_get_booking_fee (discount) >= 0) ||
      (current != NULL &&
       guichet_discount_get_booking_fee (current) != guichet_discount_get_booking_fee (discount)))
    form_set_optional (form, "booking_fee", guichet_discount_get_booking_fee (discount));
  if ((current == NULL && guichet_discount_get_booking_fee_percentage (discount) >= 0) ||
      (current != NULL && guichet_discount_get_booking_fee_percentage (current) !=
                            guichet_discount_get_booking_fee_percentage (discount)))
    form_set_optional (form, "booking_fee_percent",
                       guichet_discount_get_booking_fee_percentage (discount) >= 0
                         ? (guichet_discount_get_booking_fee_percentage (discount) +
                            GUICHET_PERCENTAGE_ONE_PERCENT / 2) /
                             GUICHET_PERCENTAGE_ONE_PERCENT
                         : -1);

  if (current == NULL)
    {
      form_set_list (form, "ticket_types", types);
      return form;
    }

  /* '1' = add to discount, '0' = remove from discount */
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    if (!strv_has (guichet_discount_get_ticket_type_ids (current), types[i]))
      g_hash_table_replace (form, g_strdup_printf ("ticket_types[%s]", types[i]), g_strdup ("1"));
  for (const char * const *old = guichet_discount_get_ticket_type_ids (current);
       old != NULL && *old != NULL; old++)
    if (!strv_has (types, *old))
      g_hash_table_replace (form, g_strdup_printf ("ticket_types[%s]", *old), g_strdup ("0"));

  return form;
}

static gpointer
parse_discount (GuichetRestProvider *self,
                JsonNode            *root,
                GBytes              *body,
                gpointer             task_data,
                GError             **error)
{
  JsonObject *object = guichet_json_root_object (root, error);

  return object ? parse_discount_item (self, object, task_data, error) : NULL;
}

static gpointer
parse_voucher (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  JsonObject *object = guichet_json_root_object (root, error);

  return object ? parse_voucher_item (self, object, task_data, error) : NULL;
}

/* Deletions and voids answer {"id", "object", "<member>": true}: @task
 * returns a boolean once the reply says so. */
static gpointer
parse_deleted (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  return guichet_tickettailor_parse_confirmation (root, "deleted", error) ? GINT_TO_POINTER (TRUE)
                                                                          : NULL;
}

static gpointer
parse_voided (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  return guichet_tickettailor_parse_confirmation (root, "voided", error) ? GINT_TO_POINTER (TRUE)
                                                                         : NULL;
}

static void
on_confirmed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_pointer (G_TASK (result), &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Takes @task */
static void
call_confirmed (gpointer             self,
                GTask               *task,
                const char          *method,
                const char          *path,
                GuichetRestParseFunc parse)
{
  call (self,
        new_task (self, g_task_get_cancellable (task), on_confirmed, task,
                  g_task_get_source_tag (task)),
        method, path, NULL, NULL, GUICHET_REST_NO_RETRY, parse, NULL);
}

static void
guichet_tickettailor_provider_get_discount_async (GuichetProvider    *provider,
                                                  const char         *discount_id,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data)
{
  GTask           *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                                        guichet_provider_get_discount_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/discounts/", discount_id, NULL);

  call (provider, task, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_discount,
        g_object_unref);
}

static void
guichet_tickettailor_provider_create_discount_async (GuichetProvider    *provider,
                                                     GuichetDiscount    *discount,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_provider_create_discount_async);
  g_autoptr (GHashTable) form = discount_form (discount, NULL);

  call (provider, task, "POST", "/v1/discounts", NULL, form, GUICHET_REST_NO_RETRY, parse_discount,
        g_object_unref);
}

typedef struct
{
  GTask           *task;     /* the caller's */
  GuichetDiscount *discount; /* as it should be */
  char            *path;
} UpdateDiscountData;

static void
update_discount_data_free (UpdateDiscountData *data)
{
  g_clear_object (&data->discount);
  g_free (data->path);
  g_free (data);
}

static void
on_current_discount (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  UpdateDiscountData *data = user_data;
  GuichetProvider    *self = GUICHET_PROVIDER (object);
  g_autoptr (GuichetDiscount) current = NULL;
  g_autoptr (GHashTable) form = NULL;
  GError *error = NULL;

  current = guichet_provider_get_discount_finish (self, result, &error);
  if (current == NULL)
    {
      g_task_return_error (data->task, error);
      g_object_unref (data->task);
      update_discount_data_free (data);
      return;
    }

  /* only what changed, so the ticket types can be added and removed */
  form = discount_form (data->discount, current);
  call (self, data->task, "POST", data->path, NULL, form, GUICHET_REST_NO_RETRY, parse_discount,
        g_object_unref);
  update_discount_data_free (data);
}

static void
guichet_tickettailor_provider_update_discount_async (GuichetProvider    *provider,
                                                     GuichetDiscount    *discount,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data)
{
  UpdateDiscountData *data = g_new0 (UpdateDiscountData, 1);

  data->task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                             guichet_provider_update_discount_async);
  data->discount = g_object_ref (discount);
  data->path =
    guichet_rest_path_with_id ("/v1/discounts/", guichet_discount_get_id (discount), NULL);
  guichet_provider_get_discount_async (provider, guichet_discount_get_id (discount), cancellable,
                                       on_current_discount, data);
}

static void
guichet_tickettailor_provider_delete_discount_async (GuichetProvider    *provider,
                                                     const char         *discount_id,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_delete_discount_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/discounts/", discount_id, NULL);

  call_confirmed (provider, task, "DELETE", path, parse_deleted);
}

static GHashTable *
voucher_form (GuichetVoucher *voucher,
              gboolean        creating)
{
  GHashTable *form = form_new ();
  gint64      expiry = iso_to_unix (guichet_voucher_get_valid_to (voucher));

  if (creating || guichet_voucher_get_name (voucher) != NULL)
    form_set (form, "name", guichet_voucher_get_name (voucher));
  if (creating || guichet_voucher_get_value (voucher)->amount_minor > 0)
    form_set_int (form, "value", guichet_voucher_get_value (voucher)->amount_minor);
  /* required on create: left out, the server says so */
  if (expiry > 0)
    form_set_int (form, "expiry", expiry);
  form_set_list (form, "codes", guichet_voucher_get_codes (voucher));
  return form;
}

static void
guichet_tickettailor_provider_get_voucher_async (GuichetProvider    *provider,
                                                 const char         *voucher_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  GTask           *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                                        guichet_provider_get_voucher_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/vouchers/", voucher_id, NULL);

  call (provider, task, "GET", path, NULL, NULL, GUICHET_REST_DEFAULT, parse_voucher,
        g_object_unref);
}

static void
guichet_tickettailor_provider_create_voucher_async (GuichetProvider    *provider,
                                                    GuichetVoucher     *voucher,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_provider_create_voucher_async);
  g_autoptr (GHashTable) form = voucher_form (voucher, TRUE);

  call (provider, task, "POST", "/v1/vouchers", NULL, form, GUICHET_REST_NO_RETRY, parse_voucher,
        g_object_unref);
}

static void
guichet_tickettailor_provider_update_voucher_async (GuichetProvider    *provider,
                                                    GuichetVoucher     *voucher,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, NULL, cancellable, callback, user_data,
                              guichet_provider_update_voucher_async);
  g_autoptr (GHashTable) form = voucher_form (voucher, FALSE);
  g_autofree char *path =
    guichet_rest_path_with_id ("/v1/vouchers/", guichet_voucher_get_id (voucher), NULL);

  call (provider, task, "POST", path, NULL, form, GUICHET_REST_NO_RETRY, parse_voucher,
        g_object_unref);
}

static void
guichet_tickettailor_provider_delete_voucher_async (GuichetProvider    *provider,
                                                    const char         *voucher_id,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_delete_voucher_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/vouchers/", voucher_id, NULL);

  call_confirmed (provider, task, "DELETE", path, parse_deleted);
}

static gpointer
parse_voucher_code_item (GuichetRestProvider *self,
                         JsonObject          *item,
                         gpointer             task_data,
                         GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_voucher_code (item, ids->voucher_id, error);
}

static void
guichet_tickettailor_provider_list_voucher_codes_async (GuichetProvider    *provider,
                                                        const char         *voucher_id,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data)
{
  GTask *task = new_ids_task (provider, NULL, voucher_id, cancellable, callback, user_data,
                              guichet_provider_list_voucher_codes_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/vouchers/", voucher_id, "/codes");

  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", path, NULL,
                                    &list_paging, parse_voucher_code_item, g_object_unref);
}

static void
guichet_tickettailor_provider_void_voucher_code_async (GuichetProvider    *provider,
                                                       const char         *voucher_id,
                                                       const char         *code_id,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_void_voucher_code_async);
  g_autofree char *escaped = g_uri_escape_string (code_id, NULL, FALSE);
  g_autofree char *suffix = g_strconcat ("/codes/", escaped, "/void", NULL);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/vouchers/", voucher_id, suffix);

  call_confirmed (provider, task, "POST", path, parse_voided);
}

/* ---- box office ---- */

static gpointer
parse_issued (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  Ids *ids = task_data;

  return guichet_tickettailor_parse_issue_reply (root, ids->event_id, error);
}

static void
guichet_tickettailor_provider_issue_ticket_async (GuichetProvider           *provider,
                                                  const char                *event_id,
                                                  const char                *ticket_type_id,
                                                  const GuichetTicketHolder *holder,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data)
{
  GTask *task = new_ids_task (provider, event_id, NULL, cancellable, callback, user_data,
                              guichet_provider_issue_ticket_async);
  g_autoptr (GHashTable) form = form_new ();
  g_autofree char *full_name = guichet_ticket_holder_dup_full_name (holder);

  form_set (form, "event_id", event_id);
  form_set (form, "ticket_type_id", ticket_type_id);
  form_set (form, "full_name", full_name);
  if (holder->email != NULL && holder->email[0] != '\0')
    form_set (form, "email", holder->email);
  if (holder->barcode != NULL && holder->barcode[0] != '\0')
    form_set (form, "barcode", holder->barcode);
  if (holder->reference != NULL && holder->reference[0] != '\0')
    form_set (form, "reference", holder->reference);

  call (provider, task, "POST", "/v1/issued_tickets", NULL, form, GUICHET_REST_NO_RETRY,
        parse_issued, g_object_unref);
}

static void
guichet_tickettailor_provider_void_ticket_async (GuichetProvider    *provider,
                                                 const char         *ticket_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_void_ticket_async);
  g_autofree char *path = guichet_rest_path_with_id ("/v1/issued_tickets/", ticket_id, "/void");

  call_confirmed (provider, task, "POST", path, parse_voided);
}

/* ---- check-in push ---- */

static void guichet_tickettailor_provider_check_in_async (GuichetProvider    *provider,
                                                          GuichetCheckIn     *check_in,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);

typedef struct
{
  char  *ticket_id;
  gint64 time;
} PushData;

static void
push_data_free (PushData *data)
{
  g_free (data->ticket_id);
  g_free (data);
}

static void
on_check_in_posted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetTicketTailorCheckIn) check_in =
    g_task_propagate_pointer (G_TASK (result), &error);

  if (check_in == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("Check-in of %s sent (%s)", check_in->issued_ticket_id,
           check_in->id ? check_in->id : "no id");
  g_task_return_boolean (task, TRUE);
}

static gpointer
parse_posted_check_in (GuichetRestProvider *self,
                       JsonNode            *root,
                       GBytes              *body,
                       gpointer             task_data,
                       GError             **error)
{
  JsonObject *object = guichet_json_root_object (root, error);

  return object ? guichet_tickettailor_parse_check_in (object, error) : NULL;
}

/* Takes @task */
static void
post_check_in (GuichetTicketTailorProvider *self,
               GTask                       *task)
{
  PushData *data = g_task_get_task_data (task);
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (form, (gpointer) "issued_ticket_id", data->ticket_id);
  g_hash_table_insert (form, (gpointer) "quantity", (gpointer) "1");
  /* never sent twice by the HTTP client: the endpoint has no idempotency
   * key; the outbox retries later, after checking */
  call (self,
        new_task (self, g_task_get_cancellable (task), on_check_in_posted, task,
                  guichet_tickettailor_provider_check_in_async),
        "POST", "/v1/check_ins", NULL, form, GUICHET_REST_NO_RETRY, parse_posted_check_in,
        (GDestroyNotify) guichet_tickettailor_check_in_free);
}

static void
on_check_ins_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GuichetTicketTailorProvider *self = g_task_get_source_object (task);
  PushData                    *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) check_ins = NULL;
  g_autoptr (GError) error = NULL;
  gint64 earlier = 0;

  check_ins = g_task_propagate_pointer (G_TASK (result), &error);
  if (check_ins == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < check_ins->len; i++)
    {
      GuichetTicketTailorCheckIn *check_in = g_ptr_array_index (check_ins, i);

      if (check_in->quantity <= 0)
        continue;
      /* on or after this admission: the earlier push did land */
      if (check_in->check_in_at >= data->time)
        {
          g_debug ("Check-in of %s already recorded (%s)", data->ticket_id, check_in->id);
          g_task_return_boolean (task, TRUE);
          return;
        }
      earlier = MAX (earlier, check_in->check_in_at);
    }

  if (earlier > 0)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (earlier);
      g_autoptr (GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M");

      /* Translators: %s is a time such as 14:05 */
      g_task_return_new_error (
        task, GUICHET_ERROR, GUICHET_ERROR_VALIDATION,
        _("Ticket Tailor already has this ticket checked in, at %s, from another device."), when);
      return;
    }

  post_check_in (self, g_steal_pointer (&task));
}

static void
guichet_tickettailor_provider_check_in_async (GuichetProvider    *provider,
                                              GuichetCheckIn     *check_in,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  GuichetTicketTailorProvider *self = GUICHET_TICKETTAILOR_PROVIDER (provider);
  g_autoptr (GTask) task = new_task (provider, cancellable, callback, user_data,
                                     guichet_tickettailor_provider_check_in_async);
  const char *ticket_id = guichet_check_in_get_participant_id (check_in);
  gint64      now = g_get_real_time () / G_USEC_PER_SEC;
  PushData   *data;

  /* Ticket Tailor records entries only: an exit stays in this desk's
   * journal, and there is nothing to send (an error would keep it
   * pending forever) */
  if (guichet_check_in_get_direction (check_in) != GUICHET_DIRECTION_IN)
    {
      g_debug ("Ticket Tailor has no check-out: nothing to send for an exit");
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (ticket_id == NULL || ticket_id[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("This check-in names no Ticket Tailor ticket."));
      return;
    }

  data = g_new0 (PushData, 1);
  data->ticket_id = g_strdup (ticket_id);
  data->time = guichet_check_in_get_time (check_in);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  /* A retry (the push right after the scan is recent): first ask whether
   * the earlier attempt landed, since a lost reply must not become a
   * second check-in */
  if (data->time > 0 && now - data->time > RETRY_CHECK_AGE)
    {
      g_autoptr (GString) query = g_string_new (NULL);

      guichet_http_query_add (query, "issued_ticket_id", ticket_id);
      guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (self),
                                        new_task (self, cancellable, on_check_ins_listed,
                                                  g_steal_pointer (&task),
                                                  guichet_tickettailor_provider_check_in_async),
                                        "GET", "/v1/check_ins", query->str, &list_paging,
                                        parse_check_in_item,
                                        (GDestroyNotify) guichet_tickettailor_check_in_free);
      return;
    }

  post_check_in (self, g_steal_pointer (&task));
}

/* Whether Ticket Tailor holds the check-in of a push that may have
 * reached it: one of the ticket's check-ins made on or after the
 * admission is this push's. */
static void
on_check_in_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) check_ins = NULL;
  GError *error = NULL;

  check_ins = g_task_propagate_pointer (G_TASK (result), &error);
  if (check_ins == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < check_ins->len; i++)
    {
      GuichetTicketTailorCheckIn *check_in = g_ptr_array_index (check_ins, i);

      if (check_in->quantity > 0 && check_in->check_in_at >= data->time)
        {
          g_task_return_int (task, TRUE);
          return;
        }
    }
  g_task_return_int (task, FALSE);
}

static void
guichet_tickettailor_provider_find_check_in_async (GuichetProvider    *provider,
                                                   GuichetCheckIn     *check_in,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data)
{
  g_autoptr (GTask) task = new_task (provider, cancellable, callback, user_data,
                                     guichet_tickettailor_provider_find_check_in_async);
  const char *ticket_id = guichet_check_in_get_participant_id (check_in);
  g_autoptr (GString) query = g_string_new (NULL);
  PushData *data;

  /* nothing was ever sent for an exit, or without a ticket */
  if (guichet_check_in_get_direction (check_in) != GUICHET_DIRECTION_IN || ticket_id == NULL ||
      ticket_id[0] == '\0')
    {
      g_task_return_int (task, FALSE);
      return;
    }

  data = g_new0 (PushData, 1);
  data->ticket_id = g_strdup (ticket_id);
  data->time = guichet_check_in_get_time (check_in);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  guichet_http_query_add (query, "issued_ticket_id", ticket_id);
  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider),
                                    new_task (provider, cancellable, on_check_in_looked_up,
                                              g_steal_pointer (&task),
                                              guichet_tickettailor_provider_find_check_in_async),
                                    "GET", "/v1/check_ins", query->str, &list_paging,
                                    parse_check_in_item,
                                    (GDestroyNotify) guichet_tickettailor_check_in_free);
}

static gboolean
guichet_tickettailor_provider_find_check_in_finish (GuichetProvider *provider,
                                                    GAsyncResult    *result,
                                                    gboolean        *found,
                                                    GError         **error)
{
  GError *local_error = NULL;
  gssize  answer;

  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  answer = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *found = answer != 0;
  return TRUE;
}

static gboolean
guichet_tickettailor_provider_check_in_finish (GuichetProvider *provider,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return propagate_boolean (provider, result, guichet_tickettailor_provider_check_in_async, error);
}

/* ---- GObject ---- */

static void
guichet_tickettailor_provider_finalize (GObject *object)
{
  GuichetTicketTailorProvider *self = GUICHET_TICKETTAILOR_PROVIDER (object);

  g_clear_pointer (&self->check_in_times, g_hash_table_unref);

  G_OBJECT_CLASS (guichet_tickettailor_provider_parent_class)->finalize (object);
}

static void
guichet_tickettailor_provider_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  GuichetTicketTailorProvider *self = GUICHET_TICKETTAILOR_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_tickettailor_provider_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  GuichetTicketTailorProvider *self = GUICHET_TICKETTAILOR_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZE:
      guichet_tickettailor_provider_set_page_size (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_tickettailor_provider_class_init (GuichetTicketTailorProviderClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);

  object_class->finalize = guichet_tickettailor_provider_finalize;
  object_class->get_property = guichet_tickettailor_provider_get_property;
  object_class->set_property = guichet_tickettailor_provider_set_property;

  provider_class->kind = "tickettailor";
  provider_class->display_name = N_("Ticket Tailor");
  provider_class->default_base_url = "https://api.tickettailor.com";
  provider_class->login_field = NULL;
  provider_class->credentials = tickettailor_credentials;
  provider_class->capabilities =
    (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_NESTED_CATEGORIES |
     GUICHET_PROVIDER_CAN_PARTICIPANTS | GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN |
     GUICHET_PROVIDER_CAN_ISSUE_TICKETS | GUICHET_PROVIDER_CAN_VOID_TICKETS |
     GUICHET_PROVIDER_CAN_DISCOUNTS | GUICHET_PROVIDER_CAN_VOUCHERS | GUICHET_PROVIDER_CAN_ORDERS);

  provider_class->sign_in_async = guichet_tickettailor_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_tickettailor_provider_sign_in_finish;
  provider_class->list_events_async = guichet_tickettailor_provider_list_events_async;
  provider_class->list_events_finish = guichet_tickettailor_provider_list_events_finish;
  provider_class->list_categories_async = guichet_tickettailor_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_tickettailor_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_tickettailor_provider_fetch_participants_async;
  provider_class->fetch_participants_finish =
    guichet_tickettailor_provider_fetch_participants_finish;
  provider_class->list_orders_async = guichet_tickettailor_provider_list_orders_async;
  provider_class->list_orders_finish = guichet_tickettailor_provider_list_orders_finish;
  provider_class->list_discounts_async = guichet_tickettailor_provider_list_discounts_async;
  provider_class->list_discounts_finish = guichet_tickettailor_provider_list_discounts_finish;
  provider_class->list_vouchers_async = guichet_tickettailor_provider_list_vouchers_async;
  provider_class->list_vouchers_finish = guichet_tickettailor_provider_list_vouchers_finish;
  provider_class->check_in_async = guichet_tickettailor_provider_check_in_async;
  provider_class->check_in_finish = guichet_tickettailor_provider_check_in_finish;
  provider_class->find_check_in_async = guichet_tickettailor_provider_find_check_in_async;
  provider_class->find_check_in_finish = guichet_tickettailor_provider_find_check_in_finish;
  provider_class->get_discount_async = guichet_tickettailor_provider_get_discount_async;
  provider_class->create_discount_async = guichet_tickettailor_provider_create_discount_async;
  provider_class->update_discount_async = guichet_tickettailor_provider_update_discount_async;
  provider_class->delete_discount_async = guichet_tickettailor_provider_delete_discount_async;
  provider_class->get_voucher_async = guichet_tickettailor_provider_get_voucher_async;
  provider_class->create_voucher_async = guichet_tickettailor_provider_create_voucher_async;
  provider_class->update_voucher_async = guichet_tickettailor_provider_update_voucher_async;
  provider_class->delete_voucher_async = guichet_tickettailor_provider_delete_voucher_async;
  provider_class->list_voucher_codes_async = guichet_tickettailor_provider_list_voucher_codes_async;
  provider_class->void_voucher_code_async = guichet_tickettailor_provider_void_voucher_code_async;
  provider_class->issue_ticket_async = guichet_tickettailor_provider_issue_ticket_async;
  provider_class->void_ticket_async = guichet_tickettailor_provider_void_ticket_async;

  rest_class->authorize = guichet_tickettailor_provider_authorize;

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_tickettailor_provider_init (GuichetTicketTailorProvider *self)
{
  self->page_size = MAX_PAGE_SIZE;
  self->check_in_times =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
}

guint
guichet_tickettailor_provider_get_page_size (GuichetTicketTailorProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKETTAILOR_PROVIDER (self), MAX_PAGE_SIZE);

  return self->page_size;
}

void
guichet_tickettailor_provider_set_page_size (GuichetTicketTailorProvider *self,
                                             guint                        page_size)
{
  g_return_if_fail (GUICHET_IS_TICKETTAILOR_PROVIDER (self));

  page_size = CLAMP (page_size, 1, MAX_PAGE_SIZE);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}
