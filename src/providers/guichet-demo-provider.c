/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-demo-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-demo-data.h"
#include "guichet-demo-provider-private.h"

/* The demo box office: generated data (see guichet-demo-data.c), every
 * capability, no network and no credentials. Participants come in pages of
 * GUICHET_DEMO_PAGE_SIZE with the cursors "page:N", then "done:G" where G is
 * the data's generation: a run started from "done:G" lists only what changed
 * since (nothing, unless check-ins were recorded). */

struct _GuichetDemoProvider
{
  GuichetProvider parent_instance;

  GuichetDemoData *data;
  char            *desk_name;
};

G_DEFINE_FINAL_TYPE (GuichetDemoProvider, guichet_demo_provider, GUICHET_TYPE_PROVIDER)

static const GuichetCredentialField demo_credentials[] = {
  { NULL, NULL, FALSE },
};

static GuichetDemoData *
ensure_data (GuichetDemoProvider *self)
{
  if (self->data == NULL)
    {
      GuichetAccount *account = guichet_provider_get_account (GUICHET_PROVIDER (self));

      self->data = guichet_demo_data_new (account ? guichet_account_get_id (account) : NULL);
    }

  return self->data;
}

GuichetDemoData *
_guichet_demo_provider_get_data (GuichetDemoProvider *self)
{
  return ensure_data (self);
}

static GTask *
demo_task_new (gpointer            self,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data,
               gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[guichet] demo provider");
  return task;
}

/* GTask defers the callback to a later main loop iteration when it returns
 * in the iteration that created it, so every operation completes
 * asynchronously. */

static void
return_array (GTask     *task,
              GPtrArray *array)
{
  if (g_task_return_error_if_cancelled (task))
    g_ptr_array_unref (array);
  else
    g_task_return_pointer (task, array, (GDestroyNotify) g_ptr_array_unref);
}

static void
return_not_found (GTask      *task,
                  const char *what)
{
  g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                           /* Translators: %s is an id in the demo data */
                           _("The demo box office has nothing called “%s”."), what);
}

static gpointer
propagate_pointer (GuichetProvider *self,
                   GAsyncResult    *result,
                   gpointer         source_tag,
                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (GuichetProvider *self,
                   GAsyncResult    *result,
                   gpointer         source_tag,
                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* sign in */

static void
guichet_demo_provider_sign_in_async (GuichetProvider    *provider,
                                     GHashTable         *credentials,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task =
    demo_task_new (provider, cancellable, callback, user_data, guichet_demo_provider_sign_in_async);

  /* Nothing to keep in the keyring. */
  g_task_return_pointer (task, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                         (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
guichet_demo_provider_sign_in_finish (GuichetProvider *provider,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_sign_in_async, error);
}

/* events, dates, categories */

static void
guichet_demo_provider_list_events_async (GuichetProvider    *provider,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_list_events_async);

  return_array (task, guichet_demo_data_copy_array (ensure_data (self)->events));
}

static GPtrArray *
guichet_demo_provider_list_events_finish (GuichetProvider *provider,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_events_async, error);
}

static void
return_event_array (GuichetProvider    *provider,
                    GHashTable         *table,
                    const char         *event_id,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data,
                    gpointer            source_tag)
{
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data, source_tag);
  GPtrArray *array = event_id ? g_hash_table_lookup (table, event_id) : NULL;

  if (array == NULL)
    return_not_found (task, event_id ? event_id : "");
  else
    return_array (task, guichet_demo_data_copy_array (array));
}

static void
guichet_demo_provider_list_dates_async (GuichetProvider    *provider,
                                        const char         *event_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);

  return_event_array (provider, ensure_data (self)->dates, event_id, cancellable, callback,
                      user_data, guichet_demo_provider_list_dates_async);
}

static GPtrArray *
guichet_demo_provider_list_dates_finish (GuichetProvider *provider,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_dates_async, error);
}

static void
guichet_demo_provider_list_categories_async (GuichetProvider    *provider,
                                             const char         *event_id,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);

  return_event_array (provider, ensure_data (self)->categories, event_id, cancellable, callback,
                      user_data, guichet_demo_provider_list_categories_async);
}

static GPtrArray *
guichet_demo_provider_list_categories_finish (GuichetProvider *provider,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_categories_async, error);
}

static void
guichet_demo_provider_list_orders_async (GuichetProvider    *provider,
                                         const char         *event_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  GuichetDemoData     *data = ensure_data (self);

  if (event_id == NULL)
    {
      g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                              guichet_demo_provider_list_orders_async);
      GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < data->events->len; i++)
        {
          GuichetEvent *event = g_ptr_array_index (data->events, i);
          GPtrArray    *orders = g_hash_table_lookup (data->orders, guichet_event_get_id (event));

          for (guint j = 0; orders && j < orders->len; j++)
            g_ptr_array_add (all, guichet_demo_data_copy_object (g_ptr_array_index (orders, j)));
        }
      return_array (task, all);
      return;
    }

  return_event_array (provider, data->orders, event_id, cancellable, callback, user_data,
                      guichet_demo_provider_list_orders_async);
}

static GPtrArray *
guichet_demo_provider_list_orders_finish (GuichetProvider *provider,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_orders_async, error);
}

/* participants */

static void
guichet_demo_provider_fetch_participants_async (GuichetProvider    *provider,
                                                const char         *event_id,
                                                const char         *cursor,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  GuichetDemoData     *data = ensure_data (self);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_fetch_participants_async);
  g_autoptr (GuichetParticipantPage) page = NULL;
  GPtrArray *participants = event_id ? g_hash_table_lookup (data->participants, event_id) : NULL;
  guint64    number = 0;

  if (participants == NULL)
    {
      return_not_found (task, event_id ? event_id : "");
      return;
    }

  page = guichet_participant_page_new ();
  if (page->participants == NULL)
    page->participants = g_ptr_array_new_with_free_func (g_object_unref);

  if (cursor != NULL && g_str_has_prefix (cursor, "done:"))
    {
      guint64 since = 0;

      /* Incremental: what changed after the generation of the last run. */
      if (!g_ascii_string_to_unsigned (cursor + strlen ("done:"), 10, 0, G_MAXINT64, &since, NULL))
        since = 0;

      for (guint i = 0; i < participants->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (participants, i);
          gint64              changed = GPOINTER_TO_INT (g_hash_table_lookup (data->changed_at, p));

          if (changed > (gint64) since)
            g_ptr_array_add (page->participants, guichet_demo_data_copy_object (p));
        }

      page->cursor = g_strdup_printf ("done:%" G_GINT64_FORMAT, data->generation);
      page->more = FALSE;
      page->full = FALSE;
    }
  else
    {
      guint start, end;

      /* A full run; an unreadable cursor starts it over. */
      if (cursor != NULL && g_str_has_prefix (cursor, "page:") &&
          !g_ascii_string_to_unsigned (cursor + strlen ("page:"), 10, 0, G_MAXUINT, &number, NULL))
        number = 0;

      start = MIN ((guint) number * GUICHET_DEMO_PAGE_SIZE, participants->len);
      end = MIN (start + GUICHET_DEMO_PAGE_SIZE, participants->len);
      for (guint i = start; i < end; i++)
        g_ptr_array_add (page->participants,
                         guichet_demo_data_copy_object (g_ptr_array_index (participants, i)));

      page->full = TRUE;
      page->more = end < participants->len;
      if (page->more)
        page->cursor = g_strdup_printf ("page:%u", (guint) number + 1);
      else
        page->cursor = g_strdup_printf ("done:%" G_GINT64_FORMAT, data->generation);
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&page),
                           (GDestroyNotify) guichet_participant_page_free);
}

static GuichetParticipantPage *
guichet_demo_provider_fetch_participants_finish (GuichetProvider *provider,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_fetch_participants_async,
                            error);
}

static void
guichet_demo_provider_get_answers_async (GuichetProvider    *provider,
                                         const char         *participant_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_get_answers_async);
  GuichetParticipant *participant = NULL;
  const char         *answers;

  if (participant_id != NULL)
    participant = g_hash_table_lookup (ensure_data (self)->by_id, participant_id);

  if (participant == NULL)
    {
      return_not_found (task, participant_id ? participant_id : "");
      return;
    }

  answers = guichet_participant_get_answers (participant);
  g_task_return_pointer (task, g_strdup (answers ? answers : "[]"), g_free);
}

static char *
guichet_demo_provider_get_answers_finish (GuichetProvider *provider,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_get_answers_async, error);
}

/* ticket stats */

static void
guichet_demo_provider_ticket_stats_async (GuichetProvider    *provider,
                                          const char         *ticket_id,
                                          const char         *date_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  GuichetDemoData     *data = ensure_data (self);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_ticket_stats_async);
  GuichetTicketCategory *ticket = NULL;
  GuichetTicketStats    *stats;
  GPtrArray             *participants;

  if (ticket_id != NULL)
    ticket = guichet_demo_data_find_ticket (data, ticket_id);

  if (ticket == NULL)
    {
      return_not_found (task, ticket_id ? ticket_id : "");
      return;
    }

  stats = g_new0 (GuichetTicketStats, 1);
  participants =
    g_hash_table_lookup (data->participants, guichet_ticket_category_get_event_id (ticket));
  for (guint i = 0; participants && i < participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);
      const char         *p_date = guichet_participant_get_date_id (p);

      if (g_strcmp0 (guichet_participant_get_ticket_type_id (p), ticket_id) != 0 ||
          guichet_participant_get_status (p) != GUICHET_PARTICIPANT_STATUS_VALID)
        continue;
      if (date_id != NULL && p_date != NULL && g_strcmp0 (p_date, date_id) != 0)
        continue;

      stats->total++;
      if (guichet_participant_get_checked_in (p))
        stats->scanned++;
    }
  stats->in = stats->scanned;
  stats->out = 0;

  g_task_return_pointer (task, stats, g_free);
}

static gboolean
guichet_demo_provider_ticket_stats_finish (GuichetProvider    *provider,
                                           GAsyncResult       *result,
                                           GuichetTicketStats *stats,
                                           GError            **error)
{
  g_autofree GuichetTicketStats *found = NULL;

  found = propagate_pointer (provider, result, guichet_demo_provider_ticket_stats_async, error);
  if (found == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *found;
  return TRUE;
}

/* check-in */

static void
guichet_demo_provider_check_in_async (GuichetProvider    *provider,
                                      GuichetCheckIn     *check_in,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_check_in_async);

  if (!guichet_demo_data_check_in (ensure_data (self), guichet_check_in_get_event_id (check_in),
                                   guichet_check_in_get_code (check_in),
                                   guichet_check_in_get_participant_id (check_in),
                                   guichet_check_in_get_direction (check_in),
                                   guichet_check_in_get_time (check_in)))
    {
      const char *code = guichet_check_in_get_code (check_in);

      return_not_found (task, code ? code : "");
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
guichet_demo_provider_check_in_finish (GuichetProvider *provider,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return propagate_boolean (provider, result, guichet_demo_provider_check_in_async, error);
}

/* discounts and vouchers */

static void
guichet_demo_provider_list_discounts_async (GuichetProvider    *provider,
                                            const char         *code,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_list_discounts_async);
  GPtrArray *discounts = guichet_demo_data_copy_array (ensure_data (self)->discounts);

  /* As the platforms do: the whole code, without regard to case. */
  for (guint i = discounts->len; code != NULL && i > 0; i--)
    {
      const char *other = guichet_discount_get_code (g_ptr_array_index (discounts, i - 1));

      if (other == NULL || g_ascii_strcasecmp (other, code) != 0)
        g_ptr_array_remove_index (discounts, i - 1);
    }
  return_array (task, discounts);
}

static GPtrArray *
guichet_demo_provider_list_discounts_finish (GuichetProvider *provider,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_discounts_async, error);
}

static void
guichet_demo_provider_list_vouchers_async (GuichetProvider    *provider,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_list_vouchers_async);

  return_array (task, guichet_demo_data_copy_array (ensure_data (self)->vouchers));
}

static GPtrArray *
guichet_demo_provider_list_vouchers_finish (GuichetProvider *provider,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return propagate_pointer (provider, result, guichet_demo_provider_list_vouchers_async, error);
}

/* door station */

#define DEMO_REFRESH_INTERVAL 60

static void
guichet_demo_provider_register_desk_async (GuichetProvider    *provider,
                                           const char         *desk_name,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (provider);
  g_autoptr (GTask) task = demo_task_new (provider, cancellable, callback, user_data,
                                          guichet_demo_provider_register_desk_async);

  g_free (self->desk_name);
  self->desk_name = g_strdup (desk_name);
  g_task_return_boolean (task, TRUE);
}

static gboolean
guichet_demo_provider_register_desk_finish (GuichetProvider *provider,
                                            GAsyncResult    *result,
                                            guint           *refresh_interval,
                                            GError         **error)
{
  if (!propagate_boolean (provider, result, guichet_demo_provider_register_desk_async, error))
    return FALSE;

  *refresh_interval = DEMO_REFRESH_INTERVAL;
  return TRUE;
}

const char *
guichet_demo_provider_get_desk_name (GuichetDemoProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_DEMO_PROVIDER (self), NULL);

  return self->desk_name;
}

/* GObject */

static void
guichet_demo_provider_finalize (GObject *object)
{
  GuichetDemoProvider *self = GUICHET_DEMO_PROVIDER (object);

  g_clear_pointer (&self->data, guichet_demo_data_free);
  g_clear_pointer (&self->desk_name, g_free);

  G_OBJECT_CLASS (guichet_demo_provider_parent_class)->finalize (object);
}

static void
guichet_demo_provider_class_init (GuichetDemoProviderClass *klass)
{
  GObjectClass         *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  object_class->finalize = guichet_demo_provider_finalize;

  provider_class->kind = "demo";
  provider_class->display_name = N_("Demo box office");
  provider_class->default_base_url = NULL;
  provider_class->login_field = NULL;
  provider_class->credentials = demo_credentials;
  provider_class->capabilities =
    (GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_DATES |
     GUICHET_PROVIDER_CAN_NESTED_CATEGORIES | GUICHET_PROVIDER_CAN_PARTICIPANTS |
     GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC | GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN |
     GUICHET_PROVIDER_CAN_ISSUE_TICKETS | GUICHET_PROVIDER_CAN_VOID_TICKETS |
     GUICHET_PROVIDER_CAN_DISCOUNTS | GUICHET_PROVIDER_CAN_VOUCHERS | GUICHET_PROVIDER_CAN_ORDERS |
     GUICHET_PROVIDER_CAN_TICKET_STATS);

  provider_class->sign_in_async = guichet_demo_provider_sign_in_async;
  provider_class->sign_in_finish = guichet_demo_provider_sign_in_finish;
  provider_class->list_events_async = guichet_demo_provider_list_events_async;
  provider_class->list_events_finish = guichet_demo_provider_list_events_finish;
  provider_class->list_dates_async = guichet_demo_provider_list_dates_async;
  provider_class->list_dates_finish = guichet_demo_provider_list_dates_finish;
  provider_class->list_categories_async = guichet_demo_provider_list_categories_async;
  provider_class->list_categories_finish = guichet_demo_provider_list_categories_finish;
  provider_class->fetch_participants_async = guichet_demo_provider_fetch_participants_async;
  provider_class->fetch_participants_finish = guichet_demo_provider_fetch_participants_finish;
  provider_class->get_answers_async = guichet_demo_provider_get_answers_async;
  provider_class->get_answers_finish = guichet_demo_provider_get_answers_finish;
  provider_class->ticket_stats_async = guichet_demo_provider_ticket_stats_async;
  provider_class->ticket_stats_finish = guichet_demo_provider_ticket_stats_finish;
  provider_class->check_in_async = guichet_demo_provider_check_in_async;
  provider_class->check_in_finish = guichet_demo_provider_check_in_finish;
  provider_class->list_discounts_async = guichet_demo_provider_list_discounts_async;
  provider_class->list_discounts_finish = guichet_demo_provider_list_discounts_finish;
  provider_class->list_vouchers_async = guichet_demo_provider_list_vouchers_async;
  provider_class->list_vouchers_finish = guichet_demo_provider_list_vouchers_finish;
  provider_class->list_orders_async = guichet_demo_provider_list_orders_async;
  provider_class->list_orders_finish = guichet_demo_provider_list_orders_finish;
  provider_class->register_desk_async = guichet_demo_provider_register_desk_async;
  provider_class->register_desk_finish = guichet_demo_provider_register_desk_finish;
  _guichet_demo_provider_add_writes (provider_class);
}

static void
guichet_demo_provider_init (GuichetDemoProvider *self)
{
}
