/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-goevent"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-goevent-provider.h"

#define MAX_PAGE_SIZE 100

struct _GuichetGoeventProvider
{
  GuichetRestProvider parent_instance;

  guint page_size;
};

G_DEFINE_FINAL_TYPE (GuichetGoeventProvider, guichet_goevent_provider, GUICHET_TYPE_REST_PROVIDER)

enum
{
  PROP_0,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GuichetCredentialField goevent_credentials[] = {
  { "token", N_("API Token"), TRUE }, { NULL, NULL, FALSE },
};

/* GET /events: the document's page/limit, paginate decides */
static const GuichetRestPaging events_paging = {
  .style = GUICHET_REST_PAGING_PAGE,
  .items_member = "events",
  .id_member = "id",
  .page_param = "page",
  .limit_param = "limit",
  .limit = MAX_PAGE_SIZE,
};

#define new_task(self, cancellable, callback, user_data, tag)                                      \
  guichet_rest_provider_new_task (GUICHET_REST_PROVIDER (self), cancellable, callback, user_data,  \
                                  tag)
#define propagate_pointer guichet_rest_provider_propagate_pointer

static const char *
account_id (gpointer self)
{
  GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));

  return account != NULL ? guichet_account_get_id (account) : NULL;
}

static gboolean
guichet_goevent_provider_authorize (GuichetRestProvider *provider,
                                    GuichetRestRequest  *request,
                                    GError             **error)
{
  const char *token = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "token");

  if (token == NULL || token[0] == '\0')
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
                           _("This GoEvent account has no API token. Sign in again."));
      return FALSE;
    }

  guichet_rest_request_set_bearer (request, token);
  return TRUE;
}

/* ---- sign in: the token is checked with the cheapest listing ---- */

typedef struct
{
  GHashTable *secrets;  /* the candidate */
  GHashTable *previous; /* restored when it is refused */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_pointer (&data->secrets, g_hash_table_unref);
  g_clear_pointer (&data->previous, g_hash_table_unref);
  g_free (data);
}

static void
on_token_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuichetProvider *self = GUICHET_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  SignInData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      guichet_provider_set_secrets (self, data->previous);
      if (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
          g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN))
        {
          g_debug ("Token refused: %s", error->message);
          g_task_return_new_error (
            task, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
            _("GoEvent refused this API token. Create one in the GoEvent dashboard "
                                     "(Developers) and try again."));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_hash_table_ref (data->secrets),
                         (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_goevent_provider_sign_in_async (GuichetProvider    *provider,
                                        GHashTable         *credentials,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr (GTask) task =
    new_task (provider, cancellable, callback, user_data, guichet_goevent_provider_sign_in_async);
  const char      *token = g_hash_table_lookup (credentials, "token");
  GHashTable      *previous = guichet_provider_get_secrets (provider);
  SignInData      *data;
  g_autofree char *trimmed = NULL;

  trimmed = g_strstrip (g_strdup (token ? token : ""));
  if (trimmed[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("GoEvent needs an API token."));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (data->secrets, g_strdup ("token"), g_steal_pointer (&trimmed));
  data->previous = previous ? g_hash_table_ref (previous) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  /* The candidate signs the check; a refusal puts the old secrets back */
  guichet_provider_set_secrets (provider, data->secrets);
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (provider),
                              new_task (provider, cancellable, on_token_checked,
                                        g_steal_pointer (&task), on_token_checked),
                              "GET", "/events", "page=1&limit=1", NULL, NULL, GUICHET_REST_NO_RETRY,
                              NULL, NULL);
}

static GHashTable *
guichet_goevent_provider_sign_in_finish (GuichetProvider *provider,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return propagate_pointer (provider, result, guichet_goevent_provider_sign_in_async, error);
}

/* ---- events ---- */

static gpointer
parse_event_item (GuichetRestProvider *self,
                  JsonObject          *item,
                  gpointer             task_data,
                  GError             **error)
{
  return guichet_goevent_parse_event (item, task_data, error);
}

static void
guichet_goevent_provider_list_events_async (GuichetProvider    *provider,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_goevent_provider_list_events_async);

  g_task_set_task_data (task, g_strdup (account_id (provider)), g_free);
  guichet_rest_provider_call_paged (GUICHET_REST_PROVIDER (provider), task, "GET", "/events", NULL,
                                    &events_paging, parse_event_item, g_object_unref);
}

static GPtrArray *
guichet_goevent_provider_list_events_finish (GuichetProvider *provider,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return propagate_pointer (provider, result, guichet_goevent_provider_list_events_async, error);
}

typedef struct
{
  GuichetEvent *event;
  GPtrArray    *tickets;
} EventReply;

static void
event_reply_free (EventReply *reply)
{
  g_clear_object (&reply->event);
  g_clear_pointer (&reply->tickets, g_ptr_array_unref);
  g_free (reply);
}

static gpointer
parse_event_reply (GuichetRestProvider *self,
                   JsonNode            *root,
                   GBytes              *body,
                   gpointer             task_data,
                   GError             **error)
{
  g_autoptr (GPtrArray) tickets = NULL;
  GuichetEvent *event = guichet_goevent_parse_event_reply (root, task_data, &tickets, error);
  EventReply   *reply;

  if (event == NULL)
    return NULL;
  reply = g_new0 (EventReply, 1);
  reply->event = event;
  reply->tickets = g_steal_pointer (&tickets);
  return reply;
}

void
guichet_goevent_provider_get_event_async (GuichetGoeventProvider *self,
                                          const char             *event_id,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  g_autofree char *path = NULL;
  GTask           *task;

  g_return_if_fail (GUICHET_IS_GOEVENT_PROVIDER (self));
  g_return_if_fail (event_id != NULL);

  task =
    new_task (self, cancellable, callback, user_data, guichet_goevent_provider_get_event_async);
  g_task_set_task_data (task, g_strdup (account_id (self)), g_free);
  path = guichet_rest_path_with_id ("/event/", event_id, NULL);
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, "GET", path, NULL, NULL, NULL,
                              GUICHET_REST_DEFAULT, parse_event_reply,
                              (GDestroyNotify) event_reply_free);
}

GuichetEvent *
guichet_goevent_provider_get_event_finish (GuichetGoeventProvider *self,
                                           GAsyncResult           *result,
                                           GPtrArray             **tickets,
                                           GError                **error)
{
  EventReply *reply =
    propagate_pointer (self, result, guichet_goevent_provider_get_event_async, error);
  GuichetEvent *event;

  if (reply == NULL)
    return NULL;
  event = g_steal_pointer (&reply->event);
  if (tickets != NULL)
    *tickets = g_steal_pointer (&reply->tickets);
  event_reply_free (reply);
  return event;
}

/* ---- tickets: flat categories ---- */

static gpointer
parse_tickets (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  return guichet_goevent_parse_tickets (root, task_data, error);
}

static void
guichet_goevent_provider_list_categories_async (GuichetProvider    *provider,
                                                const char         *event_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_goevent_provider_list_categories_async);
  g_autoptr (GString) query = g_string_new (NULL);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  guichet_http_query_add (query, "eventId", event_id);
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (provider), task, "GET", "/tickets", query->str,
                              NULL, NULL, GUICHET_REST_DEFAULT, parse_tickets,
                              (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_goevent_provider_list_categories_finish (GuichetProvider *provider,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return propagate_pointer (provider, result, guichet_goevent_provider_list_categories_async,
                            error);
}

/* ---- participants ----
 *
 * GoEvent has no "changed since": every run lists every participant. The
 * cursor, as JSON text, is where a run stands: {"page": N, "first": id,
 * "largest": L} (the base's page state), so a killed sync resumes. */

static const GuichetRestPaging participants_paging = {
  .style = GUICHET_REST_PAGING_PAGE,
  .items_member = "participants",
  .id_member = "id",
  .page_param = "page",
  .limit_param = "limit",
  .limit = MAX_PAGE_SIZE, /* the query is built with the page size instead */
};

typedef struct
{
  char                *event_id;
  GuichetRestPageState state;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  guichet_rest_page_state_clear (&data->state);
  g_free (data);
}

static void
cursor_read (GuichetRestPageState *state,
             const char           *text)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;

  guichet_rest_page_state_init (state);
  if (text == NULL || text[0] == '\0')
    return;
  root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an unreadable cursor");
      return;
    }
  object = json_node_get_object (root);
  state->page = (guint) CLAMP (guichet_json_get_int (object, "page", 1), 1, G_MAXINT);
  state->largest = (guint) CLAMP (guichet_json_get_int (object, "largest", 0), 0, G_MAXINT);
  state->first_id = guichet_json_dup_id (object, "first");
}

static char *
cursor_write (GuichetRestPageState *state)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, state->page);
  json_builder_set_member_name (builder, "largest");
  json_builder_add_int_value (builder, state->largest);
  if (state->first_id != NULL)
    {
      json_builder_set_member_name (builder, "first");
      json_builder_add_string_value (builder, state->first_id);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
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
  g_autoptr (GuichetParticipantPage) page = NULL;
  JsonArray *items;

  items = guichet_rest_paging_advance (&participants_paging, &data->state, root, error);
  if (items == NULL)
    return NULL;

  page = guichet_participant_page_new ();
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetParticipant *participant;

      if (item == NULL)
        continue;
      participant = guichet_goevent_parse_participant (item, data->event_id, &local_error);
      if (participant == NULL)
        {
          g_debug ("Skipping participant %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (page->participants, participant);
    }

  page->full = TRUE;
  page->more = !data->state.done;
  if (!page->more)
    {
      /* a finished run: the next one starts from page 1 */
      guichet_rest_page_state_clear (&data->state);
      guichet_rest_page_state_init (&data->state);
    }
  page->cursor = cursor_write (&data->state);
  return g_steal_pointer (&page);
}

static void
guichet_goevent_provider_fetch_participants_async (GuichetProvider    *provider,
                                                   const char         *event_id,
                                                   const char         *cursor,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data)
{
  GuichetGoeventProvider *self = GUICHET_GOEVENT_PROVIDER (provider);
  GTask                  *task = new_task (self, cancellable, callback, user_data,
                                           guichet_goevent_provider_fetch_participants_async);
  g_autoptr (GString) query = g_string_new (NULL);
  FetchData *data = g_new0 (FetchData, 1);
  char       number[32];

  data->event_id = g_strdup (event_id);
  cursor_read (&data->state, cursor);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  guichet_http_query_add (query, "eventId", event_id);
  g_snprintf (number, sizeof number, "%u", data->state.page);
  guichet_http_query_add (query, "page", number);
  g_snprintf (number, sizeof number, "%u", self->page_size);
  guichet_http_query_add (query, "limit", number);

  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, "GET", "/participants",
                              query->str, NULL, NULL, GUICHET_REST_DEFAULT, parse_participants_page,
                              (GDestroyNotify) guichet_participant_page_free);
}

static GuichetParticipantPage *
guichet_goevent_provider_fetch_participants_finish (GuichetProvider *provider,
                                                    GAsyncResult    *result,
                                                    GError         **error)
{
  return propagate_pointer (provider, result, guichet_goevent_provider_fetch_participants_async,
                            error);
}

/* ---- create tickets ---- */

static gpointer
parse_issue (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  return guichet_goevent_parse_issue (root, task_data, error);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

void
guichet_goevent_provider_create_tickets_async (GuichetGoeventProvider    *self,
                                               const char                *event_id,
                                               const char                *ticket_id,
                                               guint                      quantity,
                                               const char                *participant_id,
                                               const GuichetTicketHolder *holder,
                                               const char                *phone,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (GUICHET_IS_GOEVENT_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (quantity > 0);

  task = new_task (self, cancellable, callback, user_data,
                   guichet_goevent_provider_create_tickets_async);
  g_task_set_task_data (task, g_strdup (event_id), g_free);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "eventId");
  json_builder_add_string_value (builder, event_id);
  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket_id");
  json_builder_add_string_value (builder, ticket_id);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, quantity);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (has_text (participant_id))
    {
      json_builder_set_member_name (builder, "participant");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "participantId");
      json_builder_add_string_value (builder, participant_id);
      json_builder_end_object (builder);
    }
  else if (holder != NULL || has_text (phone))
    {
      const char *members[] = { "last_name", "first_name", "email", "phone" };
      const char *values[] = {
        holder ? holder->last_name : NULL,
        holder ? holder->first_name : NULL,
        holder ? holder->email : NULL,
        phone,
      };

      json_builder_set_member_name (builder, "participant");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        if (has_text (values[i]))
          {
            json_builder_set_member_name (builder, members[i]);
            json_builder_add_string_value (builder, values[i]);
          }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* Never sent twice: each send sells tickets */
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, "POST", "/tickets/create", NULL,
                              NULL, body, GUICHET_REST_NO_RETRY, parse_issue,
                              (GDestroyNotify) guichet_goevent_issue_free);
}

GuichetGoeventIssue *
guichet_goevent_provider_create_tickets_finish (GuichetGoeventProvider *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  return propagate_pointer (self, result, guichet_goevent_provider_create_tickets_async, error);
}

typedef struct
{
  char *ticket_id;
} IssueData;

static void
on_tickets_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GuichetGoeventProvider *self = GUICHET_GOEVENT_PROVIDER (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GuichetGoeventIssue) issue = NULL;
  GError     *error = NULL;
  const char *ticket_name = NULL;

  issue = guichet_goevent_provider_create_tickets_finish (self, result, &error);
  if (issue == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (issue->participant == NULL)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                               _("GoEvent issued the ticket but did not say to whom."));
      return;
    }

  if (issue->links->len > 0)
    ticket_name = ((GuichetGoeventTicketLink *) g_ptr_array_index (issue->links, 0))->name;
  g_object_set (issue->participant, "ticket-type-id", g_task_get_task_data (task),
                "ticket-type-name", ticket_name, NULL);
  g_task_return_pointer (task, g_steal_pointer (&issue->participant), g_object_unref);
}

/* The provider API's issue: one ticket to a new participant. */
static void
guichet_goevent_provider_issue_ticket_async (GuichetProvider           *provider,
                                             const char                *event_id,
                                             const char                *ticket_type_id,
                                             const GuichetTicketHolder *holder,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data)
{
  GuichetGoeventProvider *self = GUICHET_GOEVENT_PROVIDER (provider);
  g_autoptr (GTask) task =
    new_task (self, cancellable, callback, user_data, guichet_provider_issue_ticket_async);

  if (holder == NULL || (!has_text (holder->first_name) && !has_text (holder->last_name)))
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("GoEvent needs the ticket holder’s name."));
      return;
    }

  g_task_set_task_data (task, g_strdup (ticket_type_id), g_free);
  guichet_goevent_provider_create_tickets_async (self, event_id, ticket_type_id, 1, NULL, holder,
                                                 NULL, cancellable, on_tickets_created,
                                                 g_steal_pointer (&task));
}

/* ---- properties ---- */

guint
guichet_goevent_provider_get_page_size (GuichetGoeventProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_GOEVENT_PROVIDER (self), 0);
  return self->page_size;
}

void
guichet_goevent_provider_set_page_size (GuichetGoeventProvider *self,
                                        guint                   page_size)
{
  g_return_if_fail (GUICHET_IS_GOEVENT_PROVIDER (self));
  g_return_if_fail (page_size >= 1 && page_size <= MAX_PAGE_SIZE);

  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

static void
guichet_goevent_provider_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GuichetGoeventProvider *self = GUICHET_GOEVENT_PROVIDER (object);

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
guichet_goevent_provider_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GuichetGoeventProvider *self = GUICHET_GOEVENT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZE:
      guichet_goevent_provider_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_goevent_provider_class_init (GuichetGoeventProviderClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);

  object_class->get_property = guichet_goevent_provider_get_property;
  object_class->set_property = guichet_goevent_provider_set_property;

  provider_class->kind = "goevent";
  provider_class->display_name = N_("GoEvent");
  provider_class->default_base_url = "https://cloud.goevent.live/developers/v1.0";
  provider_class->login_field = NULL;
  provider_class->credentials = goevent_credentials;
  provider_class->capabilities = (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_PARTICIPANTS |
                                  GUICHET_PROVIDER_CAN_ISSUE_TICKETS);

  provider_class->sign_in_async = guichet_goevent_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_goevent_provider_sign_in_finish;
  provider_class->list_events_async = guichet_goevent_provider_list_events_async;
  provider_class->list_events_finish = guichet_goevent_provider_list_events_finish;
  provider_class->list_categories_async = guichet_goevent_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_goevent_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_goevent_provider_fetch_participants_async;
  provider_class->fetch_participants_finish = guichet_goevent_provider_fetch_participants_finish;
  provider_class->issue_ticket_async = guichet_goevent_provider_issue_ticket_async;

  rest_class->authorize = guichet_goevent_provider_authorize;

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_goevent_provider_init (GuichetGoeventProvider *self)
{
  self->page_size = MAX_PAGE_SIZE;
}
