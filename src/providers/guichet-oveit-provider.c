/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-oveit"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-oveit-provider.h"

/* Oveit's check-ins carry no desk. A check-in the server holds within this
 * many seconds of our scan's time is taken for our own earlier push whose
 * reply was lost (the first push leaves at the scan and lands within the
 * door's deadline; the clocks may disagree a little); one outside it was
 * made elsewhere: a conflict. A check-in elsewhere within two minutes of
 * an offline scan is read as ours: the known limit of this rule. */
#define OWN_CHECKIN_WINDOW_S 120

struct _GuichetOveitProvider
{
  GuichetRestProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (GuichetOveitProvider, guichet_oveit_provider, GUICHET_TYPE_REST_PROVIDER)

static const GuichetCredentialField oveit_credentials[] = {
  { "password", N_("Password"), TRUE }, { NULL, NULL, FALSE },
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

/* Every call is a POST with form parameters */
static void
post (gpointer             self,
      GTask               *task,
      const char          *path,
      GHashTable          *form,
      GuichetRestFlags     flags,
      GuichetRestParseFunc parse,
      GDestroyNotify       result_free)
{
  g_autoptr (GHashTable) empty = NULL;

  if (form == NULL)
    form = empty = g_hash_table_new (g_str_hash, g_str_equal);
  guichet_rest_provider_call (GUICHET_REST_PROVIDER (self), task, "POST", path, NULL, form, NULL,
                              flags, parse, result_free);
}

static GHashTable *form_new (const char *key,
                             const char *value,
                             ...) G_GNUC_NULL_TERMINATED;

static GHashTable *
form_new (const char *key,
          const char *value,
          ...)
{
  GHashTable *form = g_hash_table_new (g_str_hash, g_str_equal);
  va_list     args;

  va_start (args, value);
  while (key != NULL)
    {
      if (value != NULL)
        g_hash_table_insert (form, (gpointer) key, (gpointer) value);
      key = va_arg (args, const char *);
      if (key != NULL)
        value = va_arg (args, const char *);
    }
  va_end (args);
  return form;
}

/* ---- hooks ---- */

static gboolean
guichet_oveit_provider_authorize (GuichetRestProvider *provider,
                                  GuichetRestRequest  *request,
                                  GError             **error)
{
  const char *token = guichet_provider_get_secret (GUICHET_PROVIDER (provider), "token");

  if (token == NULL || token[0] == '\0')
    {
      g_set_error_literal (
        error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
        _("This Oveit account has no session. Sign in again with its password."));
      return FALSE;
    }
  guichet_rest_request_add_body_field (request, "token", token);
  return TRUE;
}

static JsonNode *
guichet_oveit_provider_unwrap (GuichetRestProvider *provider,
                               JsonNode            *root,
                               GError             **error)
{
  /* {"error"} with HTTP 200 is never a success; a check-in's refusal
   * ({"ok": false, ...}) is read by its parser */
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "ok"))
    return json_node_ref (root);
  if (!guichet_oveit_check_reply (root, error))
    return NULL;
  return json_node_ref (root);
}

static GError *
guichet_oveit_provider_map_error (GuichetRestProvider *provider,
                                  GError              *error,
                                  guint                status,
                                  GuichetRestFlags     flags)
{
  GError *mapped;

  if ((flags & GUICHET_REST_LOGIN) != 0 &&
      (g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION) ||
       g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED) ||
       g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_FORBIDDEN)))
    {
      g_debug ("Sign-in refused (%u): %s", status, error->message);
      g_error_free (error);
      return g_error_new_literal (
        GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
        _("Oveit refused this e-mail address and password. Check them and try again."));
    }

  /* Only an invalid or expired token gives 403. The password is not kept:
   * the base first reads the keyring again once (another process may have
   * signed in since), then asking for a token again is the user's sign-in. */
  if ((flags & GUICHET_REST_LOGIN) == 0 && status == 403)
    {
      g_debug ("Token refused: %s", error->message);
      g_error_free (error);
      mapped = g_error_new_literal (
        GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED,
        _("Oveit’s session for this account has expired (48 hours after its last use). "
                                      "Sign in again with the password (guichet-cli account signin)."));
      return mapped;
    }

  return GUICHET_REST_PROVIDER_CLASS (guichet_oveit_provider_parent_class)
    ->map_error (provider, error, status, flags);
}

/* ---- sign in ---- */

static gpointer
parse_login (GuichetRestProvider *self,
             JsonNode            *root,
             GBytes              *body,
             gpointer             task_data,
             GError             **error)
{
  return guichet_oveit_parse_login (root, error);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GHashTable) secrets = NULL;
  GError *error = NULL;
  char   *token;

  token = g_task_propagate_pointer (G_TASK (result), &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the token only: the password is never stored */
  secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (secrets, g_strdup ("token"), token);
  guichet_provider_set_secrets (GUICHET_PROVIDER (source), secrets);
  g_task_return_pointer (task, g_steal_pointer (&secrets), (GDestroyNotify) g_hash_table_unref);
}

static void
guichet_oveit_provider_sign_in_async (GuichetProvider    *provider,
                                      GHashTable         *credentials,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr (GTask) task =
    new_task (provider, cancellable, callback, user_data, guichet_oveit_provider_sign_in_async);
  GuichetAccount *account = guichet_provider_get_account (provider);
  const char     *email = g_hash_table_lookup (credentials, "email");
  const char     *password = g_hash_table_lookup (credentials, "password");
  g_autoptr (GHashTable) form = NULL;

  if (email == NULL && account != NULL)
    email = guichet_account_get_email (account);
  if (email == NULL && account != NULL)
    email = guichet_account_get_username (account);
  if (email == NULL || email[0] == '\0' || password == NULL || password[0] == '\0')
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                               _("Oveit needs an e-mail address and a password."));
      return;
    }

  form = form_new ("email", email, "password", password, NULL);
  post (provider,
        new_task (provider, cancellable, on_logged_in, g_steal_pointer (&task), on_logged_in),
        "/api/seller/login", form, GUICHET_REST_LOGIN, parse_login, g_free);
}

static GHashTable *
guichet_oveit_provider_sign_in_finish (GuichetProvider *provider,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return propagate_pointer (provider, result, guichet_oveit_provider_sign_in_async, error);
}

/* ---- events and ticket types ---- */

static gpointer
parse_events (GuichetRestProvider *self,
              JsonNode            *root,
              GBytes              *body,
              gpointer             task_data,
              GError             **error)
{
  return guichet_oveit_parse_events (root, task_data, error);
}

static void
guichet_oveit_provider_list_events_async (GuichetProvider    *provider,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_oveit_provider_list_events_async);

  g_task_set_task_data (task, g_strdup (account_id (provider)), g_free);
  post (provider, task, "/api/seller/events", NULL, GUICHET_REST_IDEMPOTENT, parse_events,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_oveit_provider_list_events_finish (GuichetProvider *provider,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return propagate_pointer (provider, result, guichet_oveit_provider_list_events_async, error);
}

static gpointer
parse_categories (GuichetRestProvider *self,
                  JsonNode            *root,
                  GBytes              *body,
                  gpointer             task_data,
                  GError             **error)
{
  return guichet_oveit_parse_categories (root, task_data, error);
}

static void
guichet_oveit_provider_list_categories_async (GuichetProvider    *provider,
                                              const char         *event_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_oveit_provider_list_categories_async);

  g_task_set_task_data (task, g_strdup (event_id), g_free);
  post (provider, task, "/api/seller/events", NULL, GUICHET_REST_IDEMPOTENT, parse_categories,
        (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
guichet_oveit_provider_list_categories_finish (GuichetProvider *provider,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return propagate_pointer (provider, result, guichet_oveit_provider_list_categories_async, error);
}

/* ---- participants: events/tickets, then the attendees by "since" ---- */

typedef struct
{
  char       *event_id;
  GPtrArray  *order;   /* GuichetParticipant, the listing's order */
  GHashTable *by_code; /* code -> participant (borrowed from order) */
  char       *since;
  GHashTable *seen; /* attendee codes of this run */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->event_id);
  g_clear_pointer (&data->order, g_ptr_array_unref);
  g_clear_pointer (&data->by_code, g_hash_table_unref);
  g_free (data->since);
  g_clear_pointer (&data->seen, g_hash_table_unref);
  g_free (data);
}

static gpointer
parse_tickets (GuichetRestProvider *self,
               JsonNode            *root,
               GBytes              *body,
               gpointer             task_data,
               GError             **error)
{
  FetchData *data = task_data;
  GPtrArray *tickets = guichet_oveit_parse_tickets (root, data->event_id, error);

  if (tickets == NULL)
    return NULL;
  for (guint i = 0; i < tickets->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (tickets, i);

      g_hash_table_insert (data->by_code, g_strdup (guichet_participant_get_barcode (p)), p);
    }
  g_ptr_array_extend_and_steal (data->order, tickets);
  return GINT_TO_POINTER (TRUE);
}

/* Returns the number of codes this page added (as a pointer + 1). */
static gpointer
parse_attendees (GuichetRestProvider *self,
                 JsonNode            *root,
                 GBytes              *body,
                 gpointer             task_data,
                 GError             **error)
{
  FetchData       *data = task_data;
  g_autofree char *last = g_strdup (data->since);
  gint64           n =
    guichet_oveit_merge_attendees (root, data->event_id, data->by_code, data->order, &last, error);
  guint added = 0;

  if (n < 0)
    return NULL;
  /* stop on a page that adds no new code (NOTES.md) */
  if (last != NULL && g_hash_table_add (data->seen, g_strdup (last)))
    added = (guint) n;
  g_free (data->since);
  data->since = g_steal_pointer (&last);
  return GUINT_TO_POINTER (added + 1);
}

static void request_attendees (GuichetOveitProvider *self,
                               GTask                *task);

static void
on_attendees (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GuichetOveitProvider *self = GUICHET_OVEIT_PROVIDER (source);
  GTask                *task = user_data;
  FetchData            *data = g_task_get_task_data (task);
  GError               *error = NULL;
  guint                 added;

  added = GPOINTER_TO_UINT (g_task_propagate_pointer (G_TASK (result), &error));
  if (added == 0)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (added > 1)
    {
      request_attendees (self, task);
      return;
    }

  {
    GuichetParticipantPage *page = guichet_participant_page_new ();

    g_ptr_array_extend (page->participants, data->order, (GCopyFunc) (void (*) (void)) g_object_ref,
                        NULL);
    page->full = TRUE;
    page->more = FALSE;
    page->cursor = g_strdup ("{\"complete\":true}");
    g_task_return_pointer (task, page, (GDestroyNotify) guichet_participant_page_free);
    g_object_unref (task);
  }
}

static void
request_attendees (GuichetOveitProvider *self,
                   GTask                *task)
{
  FetchData *data = g_task_get_task_data (task);
  g_autoptr (GHashTable) form = form_new ("id", data->event_id, "since", data->since, NULL);
  GTask *page = new_task (self, g_task_get_cancellable (task), on_attendees, task, on_attendees);

  g_task_set_task_data (page, data, NULL);
  post (self, page, "/api/events/attendees", form, GUICHET_REST_IDEMPOTENT, parse_attendees, NULL);
}

static void
on_tickets (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask  *task = user_data;
  GError *error = NULL;

  if (g_task_propagate_pointer (G_TASK (result), &error) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  request_attendees (GUICHET_OVEIT_PROVIDER (source), task);
}

static void
guichet_oveit_provider_fetch_participants_async (GuichetProvider    *provider,
                                                 const char         *event_id,
                                                 const char         *cursor,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  GTask *task = new_task (provider, cancellable, callback, user_data,
                          guichet_oveit_provider_fetch_participants_async);
  g_autoptr (GHashTable) form = form_new ("id", event_id, NULL);
  FetchData *data = g_new0 (FetchData, 1);
  GTask     *tickets;

  data->event_id = g_strdup (event_id);
  data->order = g_ptr_array_new_with_free_func (g_object_unref);
  data->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  tickets = new_task (provider, cancellable, on_tickets, task, on_tickets);
  g_task_set_task_data (tickets, data, NULL);
  post (provider, tickets, "/api/events/tickets", form, GUICHET_REST_IDEMPOTENT, parse_tickets,
        NULL);
}

static GuichetParticipantPage *
guichet_oveit_provider_fetch_participants_finish (GuichetProvider *provider,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return propagate_pointer (provider, result, guichet_oveit_provider_fetch_participants_async,
                            error);
}

/* ---- the server-side door ---- */

static gpointer
parse_scan (GuichetRestProvider *self,
            JsonNode            *root,
            GBytes              *body,
            gpointer             task_data,
            GError             **error)
{
  return guichet_oveit_parse_scan (root, error);
}

typedef struct
{
  char  *code;
  gint64 time; /* the scan's, unix seconds */
  char  *type_id;
} PushData;

static void
push_data_free (PushData *data)
{
  g_free (data->code);
  g_free (data->type_id);
  g_free (data);
}

static void
on_checked_in (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr (GuichetOveitScan) scan = NULL;
  GError *error = NULL;
  g_autoptr (GDateTime) other = NULL;

  scan = g_task_propagate_pointer (G_TASK (result), &error);
  if (scan == NULL)
    {
      /* "Ticket not found" and the like: the platform refused (a conflict) */
      g_task_return_error (task, error);
      return;
    }
  if (scan->ok)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Refused. A check-in around our scan's time is our own earlier push
   * whose reply was lost: sent. Another was made elsewhere: a conflict
   * that says when. */
  for (guint i = 0; i < scan->checkins->len; i++)
    {
      GDateTime *at = g_ptr_array_index (scan->checkins, i);

      if (ABS (g_date_time_to_unix (at) - data->time) <= OWN_CHECKIN_WINDOW_S)
        {
          g_debug ("%s: our earlier push landed", data->code);
          g_task_return_boolean (task, TRUE);
          return;
        }
      if (other == NULL)
        other = g_date_time_ref (at);
    }

  if (other != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (other);
      g_autofree char *when = g_date_time_format (local, "%H:%M");

      /* Translators: %s is a time such as 21:05 */
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_VALIDATION,
                               _("Already checked in elsewhere at %s"), when);
      return;
    }
  g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_VALIDATION, "%s",
                           scan->error ? scan->error : _("Oveit refused the check-in."));
}

static void
guichet_oveit_provider_check_in_async (GuichetProvider    *provider,
                                       GuichetCheckIn     *check_in,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  GTask *task =
    new_task (provider, cancellable, callback, user_data, guichet_oveit_provider_check_in_async);
  g_autoptr (GHashTable) form = NULL;
  PushData *data = g_new0 (PushData, 1);

  data->code = g_strdup (guichet_check_in_get_code (check_in));
  data->time = guichet_check_in_get_time (check_in);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  if (guichet_check_in_get_direction (check_in) != GUICHET_DIRECTION_IN)
    {
      /* Oveit's door has no exit for tickets: nothing to push */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  form = form_new ("ticket_code", data->code, NULL);
  /* Never sent twice by the client itself: a lost reply is recognised on
   * the next push from the returned check-ins */
  post (provider, new_task (provider, cancellable, on_checked_in, task, on_checked_in),
        "/api/tickets/checkin", form, GUICHET_REST_NO_RETRY, parse_scan,
        (GDestroyNotify) guichet_oveit_scan_free);
}

static gboolean
guichet_oveit_provider_check_in_finish (GuichetProvider *provider,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return guichet_rest_provider_propagate_boolean (provider, result,
                                                  guichet_oveit_provider_check_in_async, error);
}

/* Whether Oveit holds the check-in of a push that may have reached it:
 * tickets/scan (it admits nothing) lists the ticket's check-ins; one
 * around the admission's time is this push's. */
static void
on_check_in_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr (GuichetOveitScan) scan = NULL;
  GError *error = NULL;

  scan = guichet_oveit_provider_scan_finish (GUICHET_OVEIT_PROVIDER (source), result, &error);
  if (scan == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < scan->checkins->len; i++)
    {
      GDateTime *at = g_ptr_array_index (scan->checkins, i);

      if (ABS (g_date_time_to_unix (at) - data->time) <= OWN_CHECKIN_WINDOW_S)
        {
          g_task_return_int (task, TRUE);
          return;
        }
    }
  g_task_return_int (task, FALSE);
}

static void
guichet_oveit_provider_find_check_in_async (GuichetProvider    *provider,
                                            GuichetCheckIn     *check_in,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data)
{
  GTask    *task = new_task (provider, cancellable, callback, user_data,
                             guichet_oveit_provider_find_check_in_async);
  PushData *data = g_new0 (PushData, 1);

  data->code = g_strdup (guichet_check_in_get_code (check_in));
  data->time = guichet_check_in_get_time (check_in);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  if (guichet_check_in_get_direction (check_in) != GUICHET_DIRECTION_IN)
    {
      /* nothing was ever sent for an exit: sending it again sends nothing */
      g_task_return_int (task, FALSE);
      g_object_unref (task);
      return;
    }
  guichet_oveit_provider_scan_async (GUICHET_OVEIT_PROVIDER (provider), data->code, cancellable,
                                     on_check_in_looked_up, task);
}

static gboolean
guichet_oveit_provider_find_check_in_finish (GuichetProvider *provider,
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

typedef struct
{
  char    *code;
  gboolean tried_rfid;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_free (data->code);
  g_free (data);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask            *task = user_data;
  ScanData         *data = g_task_get_task_data (task);
  GError           *error = NULL;
  GuichetOveitScan *scan = g_task_propagate_pointer (G_TASK (result), &error);

  if (scan == NULL && !data->tried_rfid &&
      g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION))
    {
      /* not a ticket code: maybe an RFID tag */
      g_autoptr (GHashTable) form = form_new ("rfid_code", data->code, NULL);

      g_clear_error (&error);
      data->tried_rfid = TRUE;
      post (source, new_task (source, g_task_get_cancellable (task), on_scanned, task, on_scanned),
            "/api/tickets/scan", form, GUICHET_REST_IDEMPOTENT, parse_scan,
            (GDestroyNotify) guichet_oveit_scan_free);
      return;
    }
  if (scan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scan, (GDestroyNotify) guichet_oveit_scan_free);
  g_object_unref (task);
}

void
guichet_oveit_provider_scan_async (GuichetOveitProvider *self,
                                   const char           *code,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask    *task;
  ScanData *data;
  g_autoptr (GHashTable) form = NULL;

  g_return_if_fail (GUICHET_IS_OVEIT_PROVIDER (self));
  g_return_if_fail (code != NULL);

  task = new_task (self, cancellable, callback, user_data, guichet_oveit_provider_scan_async);
  data = g_new0 (ScanData, 1);
  data->code = g_strdup (code);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  form = form_new ("ticket_code", code, NULL);
  post (self, new_task (self, cancellable, on_scanned, task, on_scanned), "/api/tickets/scan", form,
        GUICHET_REST_IDEMPOTENT, parse_scan, (GDestroyNotify) guichet_oveit_scan_free);
}

GuichetOveitScan *
guichet_oveit_provider_scan_finish (GuichetOveitProvider *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return propagate_pointer (self, result, guichet_oveit_provider_scan_async, error);
}

static void
guichet_oveit_provider_class_init (GuichetOveitProviderClass *klass)
{
  GuichetProviderClass     *provider_class = GUICHET_PROVIDER_CLASS (klass);
  GuichetRestProviderClass *rest_class = GUICHET_REST_PROVIDER_CLASS (klass);

  provider_class->kind = "oveit";
  provider_class->display_name = N_("Oveit");
  provider_class->default_base_url = "https://l.oveit.com";
  provider_class->login_field = "email";
  provider_class->credentials = oveit_credentials;
  provider_class->capabilities =
    (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_NESTED_CATEGORIES |
     GUICHET_PROVIDER_CAN_PARTICIPANTS | GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN);

  provider_class->sign_in_async = guichet_oveit_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_oveit_provider_sign_in_finish;
  provider_class->list_events_async = guichet_oveit_provider_list_events_async;
  provider_class->list_events_finish = guichet_oveit_provider_list_events_finish;
  provider_class->list_categories_async = guichet_oveit_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_oveit_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_oveit_provider_fetch_participants_async;
  provider_class->fetch_participants_finish = guichet_oveit_provider_fetch_participants_finish;
  provider_class->check_in_async = guichet_oveit_provider_check_in_async;
  provider_class->check_in_finish = guichet_oveit_provider_check_in_finish;
  provider_class->find_check_in_async = guichet_oveit_provider_find_check_in_async;
  provider_class->find_check_in_finish = guichet_oveit_provider_find_check_in_finish;

  rest_class->authorize = guichet_oveit_provider_authorize;
  rest_class->unwrap = guichet_oveit_provider_unwrap;
  rest_class->map_error = guichet_oveit_provider_map_error;
  rest_class->read_secrets_again = TRUE;
}

static void
guichet_oveit_provider_init (GuichetOveitProvider *self)
{
}
