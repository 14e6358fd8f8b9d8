/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-fourvenues"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-fourvenues-provider.h"

#define DEFAULT_DAYS_BACK 30
#define DEFAULT_DAYS_AHEAD 365

struct _GuichetFourvenuesProvider
{
  GuichetRestProvider parent_instance;

  guint days_back;
  guint days_ahead;
  char *channel_name;
  GStrv hosts; /* the channel's, at the last check */
};

G_DEFINE_FINAL_TYPE (GuichetFourvenuesProvider, guichet_fourvenues_provider,
                     GUICHET_TYPE_REST_PROVIDER)

enum
{
  PROP_0,
  PROP_DAYS_BACK,
  PROP_DAYS_AHEAD,
  PROP_CHANNEL_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GuichetCredentialField fourvenues_credentials[] = {
  { "api_key", N_("API Key"), TRUE }, { NULL, NULL, FALSE },
};

/* The document's examples use the alpha (test) host. */
static const GuichetProviderHost fourvenues_hosts[] = {
  { "https://channels-service.fourvenues.com", N_("Production") },
    { "https://channels-service-alpha.fourvenues.com", N_("Alpha (testing)") }, { NULL, NULL },
  };

#define new_task(self, cancellable, callback, user_data, tag)                                      \
  guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (self), cancellable, callback, user_data,  \
                                  tag)
#define call(self, task, method, path, query, json, flags, parse, result_free)                     \
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, method, path, query, NULL, json, \
                              flags, parse, result_free)
#define propagate_pointer guichet_rest_provider_propagate_pointer

static const char *
account_id (gpointer self)
{
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));

  return account != NULL ? guichet_account_get_id (account) : NULL;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* ---- the hooks ---- */

static gboolean
guichet_fourvenues_provider_authorize (GuichetRestProvider *provider,
                                       GuichetRestRequest  *request,
                                       GError             **error)
{
  const char *key = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "api_key");

  if (!has_text (key))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                           _("This Fourvenues account has no API key. Sign in again."));
      return FALSE;
    }
  guichet_rest_request_set_header (request, "X-Api-Key", key);
  return TRUE;
}

static JsonNode *
guichet_fourvenues_provider_unwrap (GuichetRestProvider *provider,
                                    JsonNode            *root,
                                    GError             **error)
{
  return guichet_fourvenues_unwrap (root, error);
}

/* ---- sign in: GET /auth with the candidate key ---- */

static gpointer
parse_auth (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  return guichet_fourvenues_parse_auth (root, error);
}

static void
set_channel_name (GuichetFourvenuesProvider *self,
                  const char                *name)
{
  if (g_strcmp0 (self->channel_name, name) == 0)
    return;
  g_free (self->channel_name);
  self->channel_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_NAME]);
}

static void
on_key_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  GuichetFourvenuesChannel *channel;
  GError                   *error = NULL;

  channel = g_task_propagate_pointer (G_TASK (result), &error);
  if (channel == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  set_channel_name (self, channel->channel_name);
  g_strfreev (self->hosts);
  self->hosts = g_strdupv (channel->hosts);
  g_task_return_pointer (task, channel, (GDestroyNotify) guichet_fourvenues_channel_free);
}

void
guichet_fourvenues_provider_check_key_async (GuichetFourvenuesProvider *self,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self));

  task =
    new_task (self, cancellable, callback, user_data, guichet_fourvenues_provider_check_key_async);
  /* A refused key is never asked twice */
  call (self, new_task (self, cancellable, on_key_checked, task, on_key_checked), "GET", "/auth",
        NULL, NULL, GUICHET_REST_NO_RETRY, parse_auth,
        (GDestroyNotify) guichet_fourvenues_channel_free);
}

GuichetFourvenuesChannel *
guichet_fourvenues_provider_check_key_finish (GuichetFourvenuesProvider *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  return propagate_pointer (self, result, guichet_fourvenues_provider_check_key_async, error);
}

typedef struct
{
  GHashTable *secrets;
  GHashTable *previous;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_pointer (&data->secrets, g_hash_table_unref);
  g_clear_pointer (&data->previous, g_hash_table_unref);
  g_free (data);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  SignInData *data = g_task_get_task_data (task);
  g_autoptr (GuichetFourvenuesChannel) channel = NULL;
  g_autoptr (GError) error = NULL;

  channel = guichet_fourvenues_provider_check_key_finish (self, result, &error);
  if (channel == NULL)
    {
      guichet_provider_set_secrets (GUICHET_PROVIDER (self), data->previous);
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
          g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN))
        {
          g_debug ("Key refused: %s", error->message);
          g_task_return_new_error (
            task, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
            _("Fourvenues refused this API key: it may have expired or been revoked. "
                                     "Check it (and the host: production or alpha) and try again."));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Fourvenues channel “%s” with %u hosts", channel->channel_name,
           g_strv_length (channel->hosts));
  g_task_return_pointer (task, g_hash_table_ref (data->secrets),
                         (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_fourvenues_provider_sign_in_async (GuichetProvider    *provider,
                                           GHashTable         *credentials,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (provider);
  g_autoptr (GTask) task =
    new_task (self, cancellable, callback, user_data, guichet_fourvenues_provider_sign_in_async);
  const char      *key = g_hash_table_lookup (credentials, "api_key");
  GHashTable      *previous = guichet_provider_get_secrets (provider);
  g_autofree char *trimmed = g_strstrip (g_strdup (key ? key : ""));
  SignInData      *data;

  if (trimmed[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("Fourvenues needs an API key."));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (data->secrets, g_strdup ("api_key"), g_steal_pointer (&trimmed));
  data->previous = previous ? g_hash_table_ref (previous) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  guichet_provider_set_secrets (provider, data->secrets);
  guichet_fourvenues_provider_check_key_async (self, cancellable, on_signed_in,
                                               g_steal_pointer (&task));
}

static GHashTable *
guichet_fourvenues_provider_sign_in_finish (GuichetProvider *provider,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return propagate_pointer (provider, result, guichet_fourvenues_provider_sign_in_async, error);
}

/* ---- events ---- */

static gpointer
parse_events (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  return guichet_fourvenues_parse_events (root, task_data, error);
}

static void
guichet_fourvenues_provider_list_events_async (GuichetProvider    *provider,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (provider);
  GTask                     *task = new_task (self, cancellable, callback, user_data,
                                              guichet_fourvenues_provider_list_events_async);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) from = g_date_time_add_days (now, -(gint) self->days_back);
  g_autoptr (GDateTime) to = g_date_time_add_days (now, (gint) self->days_ahead);
  g_autofree char *start = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *end = g_date_time_format (to, "%Y-%m-%d");
  g_autoptr (GString) query = g_string_new (NULL);

  guichet_http_query_add (query, "start_date", start);
  guichet_http_query_add (query, "end_date", end);
  g_task_set_task_data (task, g_strdup (account_id (self)), g_free);
  call (self, task, "GET", "/events", query->str, NULL, GUICHET_REST_DEFAULT, parse_events,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_fourvenues_provider_list_events_finish (GuichetProvider *provider,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  return propagate_pointer (provider, result, guichet_fourvenues_provider_list_events_async, error);
}

/* ---- rates ---- */

static gpointer
parse_rates (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  return guichet_fourvenues_parse_rates (root, task_data, 0, error);
}

void
guichet_fourvenues_provider_list_rates_async (GuichetFourvenuesProvider *self,
                                              const char                *event_id,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data)
{
  g_autoptr (GString) query = g_string_new (NULL);
  GTask *task;

  g_return_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self));
  g_return_if_fail (event_id != NULL);

  task =
    new_task (self, cancellable, callback, user_data, guichet_fourvenues_provider_list_rates_async);
  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (query, "event_id", event_id);
  call (self, task, "GET", "/ticket-rates", query->str, NULL, GUICHET_REST_DEFAULT, parse_rates,
        (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
guichet_fourvenues_provider_list_rates_finish (GuichetFourvenuesProvider *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  return propagate_pointer (self, result, guichet_fourvenues_provider_list_rates_async, error);
}

static void
on_rates_for_categories (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GPtrArray) rates = NULL;
  GPtrArray *categories;
  GError    *error = NULL;

  rates = guichet_fourvenues_provider_list_rates_finish (GUICHET_FOURVENUES_PROVIDER (source),
                                                         result, &error);
  if (rates == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  categories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rates->len; i++)
    g_ptr_array_add (categories,
                     guichet_fourvenues_rate_to_category (g_ptr_array_index (rates, i), "EUR"));
  g_task_return_pointer (task, categories, (GDestroyNotify) g_ptr_array_unref);
}

static void
guichet_fourvenues_provider_list_categories_async (GuichetProvider    *provider,
                                                   const char         *event_id,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_fourvenues_provider_list_categories_async);

  guichet_fourvenues_provider_list_rates_async (GUICHET_FOURVENUES_PROVIDER (provider), event_id,
                                                cancellable, on_rates_for_categories, task);
}

static GPtrArray *
guichet_fourvenues_provider_list_categories_finish (GuichetProvider *provider,
                                                    GAsyncResult    *result,
                                                    GError         **error)
{
  return propagate_pointer (provider, result, guichet_fourvenues_provider_list_categories_async,
                            error);
}

/* ---- tickets as participants ----
 *
 * GET /tickets?event_id= has no documented paging nor "changed since":
 * each run is one full listing. The rates come first, for the questions'
 * labels. */

typedef struct
{
  char       *event_id;
  GHashTable *questions; /* id -> label */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  g_clear_pointer (&data->questions, g_hash_table_unref);
  g_free (data);
}

static gpointer
parse_tickets_page (GuichetRestProvider *self,
                    JsonNode            *root,
                    GBytes              *body,
                    gpointer             task_data,
                    GError             **error)
{
  FetchData *data = task_data;
  g_autoptr (GuichetParticipantPage) page = guichet_participant_page_new ();
  g_autoptr (GPtrArray) tickets =
    guichet_fourvenues_parse_tickets (root, data->event_id, data->questions, error);

  if (tickets == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (page->participants, g_steal_pointer (&tickets));
  page->full = TRUE;
  page->more = FALSE;
  page->cursor = g_strdup ("{\"complete\":true}");
  return g_steal_pointer (&page);
}

static void
on_rates_for_tickets (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (source);
  GTask                     *task = user_data;
  FetchData                 *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) rates = NULL;
  g_autoptr (GString) query = g_string_new (NULL);
  GError *error = NULL;

  rates = guichet_fourvenues_provider_list_rates_finish (self, result, &error);
  if (rates == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  for (guint i = 0; i < rates->len; i++)
    {
      GuichetFourvenuesRate *rate = g_ptr_array_index (rates, i);

      for (guint j = 0; j < rate->questions->len; j++)
        {
          GuichetFourvenuesQuestion *question = g_ptr_array_index (rate->questions, j);

          if (question->id != NULL && question->label != NULL)
            g_hash_table_insert (data->questions, g_strdup (question->id),
                                 g_strdup (question->label));
        }
    }

  guichet_http_query_add (query, "event_id", data->event_id);
  call (self, task, "GET", "/tickets", query->str, NULL, GUICHET_REST_DEFAULT, parse_tickets_page,
        (GDestroyNotify) guichet_participant_page_free);
}

static void
guichet_fourvenues_provider_fetch_participants_async (GuichetProvider    *provider,
                                                      const char         *event_id,
                                                      const char         *cursor,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (provider);
  GTask                     *task = new_task (self, cancellable, callback, user_data,
                                              guichet_fourvenues_provider_fetch_participants_async);
  FetchData                 *data = g_new0 (FetchData, 1);

  data->event_id = g_strdup (event_id);
  data->questions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  guichet_fourvenues_provider_list_rates_async (self, event_id, cancellable, on_rates_for_tickets,
                                                task);
}

static GuichetParticipantPage *
guichet_fourvenues_provider_fetch_participants_finish (GuichetProvider *provider,
                                                       GAsyncResult    *result,
                                                       GError         **error)
{
  return propagate_pointer (provider, result, guichet_fourvenues_provider_fetch_participants_async,
                            error);
}

/* ---- ticket by code ---- */

static gpointer
parse_found (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  return guichet_fourvenues_parse_tickets (root, NULL, NULL, error);
}

static void
on_code_found (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError    *error = NULL;
  GPtrArray *found;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (found == NULL && g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND))
    {
      /* "Ticket not found" is an answer, not a failure */
      g_clear_error (&error);
      found = g_ptr_array_new_with_free_func (g_object_unref);
    }
  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

void
guichet_fourvenues_provider_find_code_async (GuichetFourvenuesProvider *self,
                                             const char                *code,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data)
{
  g_autofree char *path = NULL;
  GTask           *task;

  g_return_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self));
  g_return_if_fail (code != NULL);

  task =
    new_task (self, cancellable, callback, user_data, guichet_fourvenues_provider_find_code_async);
  path = guichet_rest_path_with_id ("/tickets/by-code/", code, NULL);
  /* the door is waiting: no retry, no backoff */
  call (self, new_task (self, cancellable, on_code_found, task, on_code_found), "GET", path, NULL,
        NULL, GUICHET_REST_NO_RETRY, parse_found, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
guichet_fourvenues_provider_find_code_finish (GuichetFourvenuesProvider *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  return propagate_pointer (self, result, guichet_fourvenues_provider_find_code_async, error);
}

static void
on_door_code_found (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError    *error = NULL;
  GPtrArray *found;

  found = guichet_fourvenues_provider_find_code_finish (GUICHET_FOURVENUES_PROVIDER (source),
                                                        result, &error);
  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
guichet_fourvenues_provider_door_find_code_async (GuichetProvider    *provider,
                                                  const char         *code,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_find_code_async);

  guichet_fourvenues_provider_find_code_async (GUICHET_FOURVENUES_PROVIDER (provider), code,
                                               cancellable, on_door_code_found, task);
}

/* ---- selling at the desk ---- */

void
guichet_fourvenues_sale_free (GuichetFourvenuesSale *sale)
{
  if (sale == NULL)
    return;
  g_free (sale->rate_id);
  g_free (sale->price_id);
  g_free (sale->full_name);
  g_free (sale->email);
  g_free (sale->phone);
  g_free (sale->qr_code);
  g_clear_pointer (&sale->answers, g_hash_table_unref);
  g_strfreev (sale->supplement_ids);
  g_free (sale);
}

typedef struct
{
  char                  *event_id;
  GuichetFourvenuesSale *sale;
  char                  *price_name;
} SellData;

static void
sell_data_free (SellData *data)
{
  g_free (data->event_id);
  g_clear_pointer (&data->sale, guichet_fourvenues_sale_free);
  g_free (data->price_name);
  g_free (data);
}

static gpointer
parse_sold (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  SellData *data = task_data;
  g_autoptr (GPtrArray) tickets =
    guichet_fourvenues_parse_tickets (root, data->event_id, NULL, error);
  GuichetParticipant *participant;

  if (tickets == NULL)
    return NULL;
  if (tickets->len == 0)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Fourvenues created the ticket but did not send it back."));
      return NULL;
    }
  participant = g_object_ref (g_ptr_array_index (tickets, 0));
  if (guichet_participant_get_ticket_type_name (participant) == NULL)
    g_object_set (participant, "ticket-type-name", data->price_name, NULL);
  return participant;
}

/* A number in major units, as the channels API reads amounts */
static void
add_money_value (JsonBuilder        *b,
                 const GuichetMoney *money)
{
  g_autofree char *text = guichet_money_to_string (money);

  json_builder_add_double_value (b, g_ascii_strtod (text, NULL));
}

static JsonNode *
sale_body (GuichetFourvenuesSale  *sale,
           GuichetFourvenuesRate  *rate,
           GuichetFourvenuesPrice *price,
           const GuichetMoney     *fee,
           const GuichetMoney     *total)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  const char *fields[] = { "full_name", "email", "phone", "qr_code" };
  const char *values[] = { sale->full_name, sale->email, sale->phone, sale->qr_code };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "quantity");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "ticket_rate_id");
  json_builder_add_string_value (b, rate->id);
  json_builder_set_member_name (b, "tickets");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "price_id");
  json_builder_add_string_value (b, price->id);
  json_builder_set_member_name (b, "total_price");
  add_money_value (b, total);
  json_builder_set_member_name (b, "fee");
  add_money_value (b, fee);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (has_text (values[i]))
      {
        json_builder_set_member_name (b, fields[i]);
        json_builder_add_string_value (b, values[i]);
      }
  if (sale->answers != NULL && g_hash_table_size (sale->answers) > 0)
    {
      GHashTableIter iter;
      gpointer       key, value;

      json_builder_set_member_name (b, "answers");
      json_builder_begin_array (b);
      g_hash_table_iter_init (&iter, sale->answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "question_id");
          json_builder_add_string_value (b, key);
          json_builder_set_member_name (b, "answer");
          json_builder_add_string_value (b, value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (sale->supplement_ids != NULL && sale->supplement_ids[0] != NULL)
    {
      json_builder_set_member_name (b, "supplements");
      json_builder_begin_array (b);
      for (guint i = 0; sale->supplement_ids[i] != NULL; i++)
        for (guint j = 0; j < rate->supplements->len; j++)
          {
            GuichetFourvenuesSupplement *supplement = g_ptr_array_index (rate->supplements, j);

            if (g_strcmp0 (supplement->id, sale->supplement_ids[i]) != 0)
              continue;
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "supplement_id");
            json_builder_add_string_value (b, supplement->id);
            json_builder_set_member_name (b, "price");
            add_money_value (b, &supplement->price);
            json_builder_end_object (b);
            break;
          }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
on_rates_for_sale (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (source);
  GTask                     *task = user_data;
  SellData                  *data = g_task_get_task_data (task);
  GuichetFourvenuesSale     *sale = data->sale;
  g_autoptr (GPtrArray) rates = NULL;
  g_autoptr (JsonNode) body = NULL;
  GuichetFourvenuesRate  *rate = NULL;
  GuichetFourvenuesPrice *price = NULL;
  GError                 *error = NULL;
  GuichetMoney            fee, total;

  rates = guichet_fourvenues_provider_list_rates_finish (self, result, &error);
  if (rates == NULL)
    goto fail;

  for (guint i = 0; i < rates->len && rate == NULL; i++)
    if (g_strcmp0 (((GuichetFourvenuesRate *) g_ptr_array_index (rates, i))->id, sale->rate_id) ==
        0)
      rate = g_ptr_array_index (rates, i);
  if (rate == NULL)
    {
      /* Translators: %s is a ticket rate id */
      error = g_error_new (GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                           _("This event has no ticket rate “%s”."), sale->rate_id);
      goto fail;
    }
  if (sale->price_id != NULL)
    {
      for (guint i = 0; i < rate->prices->len && price == NULL; i++)
        if (g_strcmp0 (((GuichetFourvenuesPrice *) g_ptr_array_index (rate->prices, i))->id,
                       sale->price_id) == 0)
          price = g_ptr_array_index (rate->prices, i);
    }
  else
    price = rate->active;
  if (price == NULL || !rate->on_sale)
    {
      /* Translators: %s is a ticket rate's name */
      error = g_error_new (GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                           _("“%s” has no price on sale."), rate->name ? rate->name : rate->id);
      goto fail;
    }
  for (guint i = 0; i < rate->questions->len; i++)
    {
      GuichetFourvenuesQuestion *question = g_ptr_array_index (rate->questions, i);
      const char *answer = sale->answers ? g_hash_table_lookup (sale->answers, question->id) : NULL;

      if (question->required && !has_text (answer))
        {
          /* Translators: %s is a question the buyer must answer */
          error = g_error_new (GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("This ticket rate needs an answer to “%s”."),
                                 question->label ? question->label : question->id);
          goto fail;
        }
    }
  if (!guichet_fourvenues_compute_totals (rate, price, (const char * const *) sale->supplement_ids,
                                          &fee, &total, &error))
    goto fail;

  data->price_name = g_strdup (price->name);
  body = sale_body (sale, rate, price, &fee, &total);
  /* Never sent twice: each send sells a ticket */
  call (self, task, "POST", "/tickets", NULL, body, GUICHET_REST_NO_RETRY, parse_sold,
        g_object_unref);
  return;

fail:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
sell (GuichetFourvenuesProvider *self,
      const char                *event_id,
      GuichetFourvenuesSale     *sale,
      GTask                     *task)
{
  SellData *data = g_new0 (SellData, 1);

  data->event_id = g_strdup (event_id);
  data->sale = sale;
  g_task_set_task_data (task, data, (GDestroyNotify) sell_data_free);
  guichet_fourvenues_provider_list_rates_async (self, event_id, g_task_get_cancellable (task),
                                                on_rates_for_sale, task);
}

static GuichetFourvenuesSale *
sale_copy (const GuichetFourvenuesSale *sale)
{
  GuichetFourvenuesSale *copy = g_new0 (GuichetFourvenuesSale, 1);

  copy->rate_id = g_strdup (sale->rate_id);
  copy->price_id = g_strdup (sale->price_id);
  copy->full_name = g_strdup (sale->full_name);
  copy->email = g_strdup (sale->email);
  copy->phone = g_strdup (sale->phone);
  copy->qr_code = g_strdup (sale->qr_code);
  copy->supplement_ids = g_strdupv (sale->supplement_ids);
  if (sale->answers != NULL)
    copy->answers = g_hash_table_ref (sale->answers);
  return copy;
}

void
guichet_fourvenues_provider_sell_async (GuichetFourvenuesProvider *self,
                                        const char                *event_id,
                                        GuichetFourvenuesSale     *sale,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (sale != NULL && sale->rate_id != NULL);

  task = new_task (self, cancellable, callback, user_data, guichet_fourvenues_provider_sell_async);
  sell (self, event_id, sale_copy (sale), task);
}

GuichetParticipant *
guichet_fourvenues_provider_sell_finish (GuichetFourvenuesProvider *self,
                                         GAsyncResult              *result,
                                         GError                   **error)
{
  return propagate_pointer (self, result, guichet_fourvenues_provider_sell_async, error);
}

/* The provider API's issue: the active price, the holder's name and
 * e-mail. */
static void
guichet_fourvenues_provider_issue_ticket_async (GuichetProvider           *provider,
                                                const char                *event_id,
                                                const char                *ticket_type_id,
                                                const GuichetTicketHolder *holder,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data)
{
  GuichetFourvenuesSale *sale = g_new0 (GuichetFourvenuesSale, 1);
  GTask                 *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_issue_ticket_async);

  sale->rate_id = g_strdup (ticket_type_id);
  sale->full_name = holder ? guichet_ticket_holder_dup_full_name (holder) : NULL;
  sale->email = holder ? g_strdup (holder->email) : NULL;
  sale->qr_code = holder ? g_strdup (holder->barcode) : NULL;
  sell (GUICHET_FOURVENUES_PROVIDER (provider), event_id, sale, task);
}

/* ---- refund as void ---- */

static void
guichet_fourvenues_provider_void_ticket_async (GuichetProvider    *provider,
                                               const char         *ticket_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_provider_void_ticket_async);
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = guichet_rest_path_with_id ("/tickets/", ticket_id, "/refund");

  /* The first refund voids the ticket; no money goes back from the desk */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "amount");
  json_builder_add_int_value (b, 0);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  call (provider, task, "PUT", path, NULL, body, GUICHET_REST_NO_RETRY, NULL, NULL);
}

/* ---- properties ---- */

void
guichet_fourvenues_provider_set_window (GuichetFourvenuesProvider *self,
                                        guint                      days_back,
                                        guint                      days_ahead)
{
  g_return_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->days_back != days_back)
    {
      self->days_back = days_back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS_BACK]);
    }
  if (self->days_ahead != days_ahead)
    {
      self->days_ahead = days_ahead;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS_AHEAD]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
guichet_fourvenues_provider_get_channel_name (GuichetFourvenuesProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_FOURVENUES_PROVIDER (self), NULL);
  return self->channel_name;
}

/* "Channel “Taquilla Sala Apolo”: Sala Apolo, La (2) de Apolo" */
static char *
guichet_fourvenues_provider_dup_sign_in_summary (GuichetProvider *provider)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (provider);
  g_autofree char           *hosts = NULL;

  if (self->channel_name == NULL || self->channel_name[0] == '\0')
    return NULL;
  if (self->hosts == NULL || self->hosts[0] == NULL)
    /* Translators: %s is the name of the Fourvenues channel the API key belongs to */
    return g_strdup_printf (_("Channel “%s”, with no hosts"), self->channel_name);
  hosts = g_strjoinv (", ", self->hosts);
  /* Translators: the Fourvenues channel the API key belongs to, then the
   * hosts (venues, organizers) it sells for, separated by commas */
  return g_strdup_printf (_("Channel “%s”: %s"), self->channel_name, hosts);
}

static void
guichet_fourvenues_provider_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_DAYS_BACK:
      g_value_set_uint (value, self->days_back);
      break;
    case PROP_DAYS_AHEAD:
      g_value_set_uint (value, self->days_ahead);
      break;
    case PROP_CHANNEL_NAME:
      g_value_set_string (value, self->channel_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_fourvenues_provider_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_DAYS_BACK:
      guichet_fourvenues_provider_set_window (self, g_value_get_uint (value), self->days_ahead);
      break;
    case PROP_DAYS_AHEAD:
      guichet_fourvenues_provider_set_window (self, self->days_back, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_fourvenues_provider_finalize (GObject *object)
{
  GuichetFourvenuesProvider *self = GUICHET_FOURVENUES_PROVIDER (object);

  g_free (self->channel_name);
  g_strfreev (self->hosts);

  G_OBJECT_CLASS (guichet_fourvenues_provider_parent_class)->finalize (object);
}

static void
guichet_fourvenues_provider_class_init (GuichetFourvenuesProviderClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = guichet_fourvenues_provider_get_property;
  object_class->set_property = guichet_fourvenues_provider_set_property;
  object_class->finalize = guichet_fourvenues_provider_finalize;

  provider_class->kind = "fourvenues";
  provider_class->display_name = N_("Fourvenues");
  provider_class->default_base_url = "https://channels-service.fourvenues.com";
  provider_class->login_field = NULL;
  provider_class->hosts = fourvenues_hosts;
  provider_class->credentials = fourvenues_credentials;
  provider_class->capabilities =
    (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_PARTICIPANTS |
     GUICHET_PROVIDER_CAN_ISSUE_TICKETS | GUICHET_PROVIDER_CAN_VOID_TICKETS);

  provider_class->sign_in_async = guichet_fourvenues_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_fourvenues_provider_sign_in_finish;
  provider_class->dup_sign_in_summary = guichet_fourvenues_provider_dup_sign_in_summary;
  provider_class->list_events_async = guichet_fourvenues_provider_list_events_async;
  provider_class->list_events_finish = guichet_fourvenues_provider_list_events_finish;
  provider_class->list_categories_async = guichet_fourvenues_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_fourvenues_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_fourvenues_provider_fetch_participants_async;
  provider_class->fetch_participants_finish = guichet_fourvenues_provider_fetch_participants_finish;
  provider_class->issue_ticket_async = guichet_fourvenues_provider_issue_ticket_async;
  provider_class->void_ticket_async = guichet_fourvenues_provider_void_ticket_async;
  provider_class->find_code_async = guichet_fourvenues_provider_door_find_code_async;

  rest_class->authorize = guichet_fourvenues_provider_authorize;
  rest_class->unwrap = guichet_fourvenues_provider_unwrap;

  properties[PROP_DAYS_BACK] =
    g_param_spec_uint ("days-back", NULL, NULL, 0, 3650, DEFAULT_DAYS_BACK, flags);
  properties[PROP_DAYS_AHEAD] =
    g_param_spec_uint ("days-ahead", NULL, NULL, 0, 3650, DEFAULT_DAYS_AHEAD, flags);
  properties[PROP_CHANNEL_NAME] =
    g_param_spec_string ("channel-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_fourvenues_provider_init (GuichetFourvenuesProvider *self)
{
  self->days_back = DEFAULT_DAYS_BACK;
  self->days_ahead = DEFAULT_DAYS_AHEAD;
}
