/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-account.h"
#include "guichet-check-in.h"
#include "guichet-discount.h"
#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-http-client.h"
#include "guichet-provider.h"
#include "guichet-voucher.h"

typedef struct
{
  GuichetAccount    *account;
  GuichetHttpClient *http_client;
  GHashTable        *secrets;
} GuichetProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GuichetProvider, guichet_provider, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACCOUNT,
  PROP_HTTP_CLIENT,
  PROP_BASE_URL,
  N_PROPS
};

enum
{
  SECRETS_CHANGED,
  WAITING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

GuichetParticipantPage *
guichet_participant_page_new (void)
{
  GuichetParticipantPage *page = g_new0 (GuichetParticipantPage, 1);

  page->participants = g_ptr_array_new_with_free_func (g_object_unref);

  return page;
}

void
guichet_participant_page_free (GuichetParticipantPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->participants, g_ptr_array_unref);
  g_clear_pointer (&page->cursor, g_free);
  g_free (page);
}

static GuichetTicketHolder *
holder_copy_internal (const GuichetTicketHolder *holder)
{
  GuichetTicketHolder *copy = g_new0 (GuichetTicketHolder, 1);

  copy->first_name = g_strdup (holder->first_name);
  copy->last_name = g_strdup (holder->last_name);
  copy->email = g_strdup (holder->email);
  copy->barcode = g_strdup (holder->barcode);
  copy->reference = g_strdup (holder->reference);
  return copy;
}

G_DEFINE_BOXED_TYPE (GuichetTicketHolder, guichet_ticket_holder, guichet_ticket_holder_copy,
                     guichet_ticket_holder_free)

GuichetTicketHolder *
guichet_ticket_holder_new (void)
{
  return g_new0 (GuichetTicketHolder, 1);
}

GuichetTicketHolder *
guichet_ticket_holder_copy (const GuichetTicketHolder *holder)
{
  g_return_val_if_fail (holder != NULL, NULL);
  return holder_copy_internal (holder);
}

void
guichet_ticket_holder_free (GuichetTicketHolder *holder)
{
  if (holder == NULL)
    return;

  g_free (holder->first_name);
  g_free (holder->last_name);
  g_free (holder->email);
  g_free (holder->barcode);
  g_free (holder->reference);
  g_free (holder);
}

char *
guichet_ticket_holder_dup_full_name (const GuichetTicketHolder *holder)
{
  gboolean has_first, has_last;

  g_return_val_if_fail (holder != NULL, NULL);

  has_first = holder->first_name != NULL && holder->first_name[0] != '\0';
  has_last = holder->last_name != NULL && holder->last_name[0] != '\0';
  if (has_first && has_last)
    return g_strconcat (holder->first_name, " ", holder->last_name, NULL);
  if (has_first)
    return g_strdup (holder->first_name);
  if (has_last)
    return g_strdup (holder->last_name);
  return NULL;
}

static const char *
get_display_name (GuichetProvider *self)
{
  GuichetProviderClass *klass = GUICHET_PROVIDER_GET_CLASS (self);

  if (klass->display_name != NULL)
    return _(klass->display_name);
  if (klass->kind != NULL)
    return klass->kind;
  return G_OBJECT_TYPE_NAME (self);
}

/* Defaults of the optional operations: GUICHET_ERROR_NOT_SUPPORTED. */

static void
default_list_dates_async (GuichetProvider    *self,
                          const char         *event_id,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_list_dates_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list the dates of an event."), get_display_name (self));
}

static void
default_list_categories_async (GuichetProvider    *self,
                               const char         *event_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_list_categories_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list ticket categories."), get_display_name (self));
}

static void
default_fetch_participants_async (GuichetProvider    *self,
                                  const char         *event_id,
                                  const char         *cursor,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_fetch_participants_async,
                           GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list participants."), get_display_name (self));
}

static void
default_get_answers_async (GuichetProvider    *self,
                           const char         *participant_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_get_answers_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot show the answers of a participant."),
                             get_display_name (self));
}

static void
default_ticket_stats_async (GuichetProvider    *self,
                            const char         *ticket_id,
                            const char         *date_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_ticket_stats_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot give ticket statistics."), get_display_name (self));
}

static void
default_check_in_async (GuichetProvider    *self,
                        GuichetCheckIn     *check_in,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_check_in_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot record check-ins."), get_display_name (self));
}

static void
default_list_discounts_async (GuichetProvider    *self,
                              const char         *code,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_list_discounts_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list discount codes."), get_display_name (self));
}

static void
default_list_vouchers_async (GuichetProvider    *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_list_vouchers_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list vouchers."), get_display_name (self));
}

static void
default_list_orders_async (GuichetProvider    *self,
                           const char         *event_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_list_orders_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s cannot list orders."), get_display_name (self));
}

static void
default_register_desk_async (GuichetProvider    *self,
                             const char         *desk_name,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, default_register_desk_async, GUICHET_ERROR,
                           GUICHET_ERROR_NOT_SUPPORTED,
                           _("%s has no door stations to register with."), get_display_name (self));
}

static gboolean
default_register_desk_finish (GuichetProvider *self,
                              GAsyncResult    *result,
                              guint           *refresh_interval,
                              GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
default_list_dates_finish (GuichetProvider *self,
                           GAsyncResult    *result,
                           GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
default_list_categories_finish (GuichetProvider *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GuichetParticipantPage *
default_fetch_participants_finish (GuichetProvider *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
default_get_answers_finish (GuichetProvider *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
default_list_discounts_finish (GuichetProvider *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
default_list_vouchers_finish (GuichetProvider *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
default_list_orders_finish (GuichetProvider *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
default_boolean_finish (GuichetProvider *self,
                        GAsyncResult    *result,
                        GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
default_ticket_stats_finish (GuichetProvider    *self,
                             GAsyncResult       *result,
                             GuichetTicketStats *stats,
                             GError            **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Defaults of the write operations: one helper, one line each. The task
 * carries the public _async as its source tag, so the public _finish
 * propagates it. */
static void report_not_supported (GuichetProvider    *self,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data,
                                  gpointer            source_tag,
                                  const char         *format,
                                  ...) G_GNUC_PRINTF (5,
                                                      6);

static void
report_not_supported (GuichetProvider    *self,
                      GAsyncReadyCallback callback,
                      gpointer            user_data,
                      gpointer            source_tag,
                      const char         *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_task_report_error (self, callback, user_data, source_tag,
                       g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED, message));
}

#define NOT_SUPPORTED_ASYNC(op, message, ...)                                                      \
  static void default_##op##_async (GuichetProvider *self, __VA_ARGS__, GCancellable *cancellable, \
                                    GAsyncReadyCallback callback, gpointer user_data)              \
  {                                                                                                \
    report_not_supported (self, callback, user_data, guichet_provider_##op##_async,                \
                          _(message), get_display_name (self));                                    \
  }

NOT_SUPPORTED_ASYNC (create_discount,
                     N_("%s cannot create discount codes."),
                        GuichetDiscount *discount)
NOT_SUPPORTED_ASYNC (update_discount,
                     N_("%s cannot change discount codes."),
                        GuichetDiscount *discount)
NOT_SUPPORTED_ASYNC (delete_discount,
                     N_("%s cannot delete discount codes."),
                        const char *discount_id)
NOT_SUPPORTED_ASYNC (get_discount,
                     N_("%s cannot read a discount code."),
                        const char *discount_id)
NOT_SUPPORTED_ASYNC (create_voucher,
                     N_("%s cannot create vouchers."),
                        GuichetVoucher *voucher)
NOT_SUPPORTED_ASYNC (update_voucher,
                     N_("%s cannot change vouchers."),
                        GuichetVoucher *voucher)
NOT_SUPPORTED_ASYNC (delete_voucher,
                     N_("%s cannot delete vouchers."),
                        const char *voucher_id)
NOT_SUPPORTED_ASYNC (get_voucher,
                     N_("%s cannot read a voucher."),
                        const char *voucher_id)
NOT_SUPPORTED_ASYNC (list_voucher_codes,
                     N_("%s cannot list voucher codes."),
                        const char *voucher_id)
NOT_SUPPORTED_ASYNC (void_voucher_code,
                     N_("%s cannot void voucher codes."),
                        const char *voucher_id,
                        const char *code_id)
NOT_SUPPORTED_ASYNC (issue_ticket,
                     N_("%s cannot issue tickets."),
                        const char                *event_id,
                        const char                *ticket_type_id,
                        const GuichetTicketHolder *holder)
NOT_SUPPORTED_ASYNC (void_ticket,
                     N_("%s cannot void tickets."),
                        const char *ticket_id)
NOT_SUPPORTED_ASYNC (find_code,
                     N_("%s cannot look up a ticket code."),
                        const char *code)
NOT_SUPPORTED_ASYNC (find_check_in,
                     N_("%s cannot look up a check-in."),
                        GuichetCheckIn *check_in)

static gboolean
default_find_check_in_finish (GuichetProvider *self,
                              GAsyncResult    *result,
                              gboolean        *found,
                              GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
default_find_code_finish (GuichetProvider *self,
                          GAsyncResult    *result,
                          GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GuichetDiscount *
default_discount_finish (GuichetProvider *self,
                         GAsyncResult    *result,
                         GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GuichetVoucher *
default_voucher_finish (GuichetProvider *self,
                        GAsyncResult    *result,
                        GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GuichetParticipant *
default_participant_finish (GuichetProvider *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_tagged (GuichetProvider *self,
           GAsyncResult    *result,
           gpointer         source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

static void
on_account_base_url_changed (GuichetProvider *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

static void
guichet_provider_set_account (GuichetProvider *self,
                              GuichetAccount  *account)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_assert (priv->account == NULL);

  if (account == NULL)
    return;

  priv->account = g_object_ref (account);
  g_signal_connect_object (account, "notify::base-url", G_CALLBACK (on_account_base_url_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
guichet_provider_dispose (GObject *object)
{
  GuichetProvider        *self = GUICHET_PROVIDER (object);
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_clear_object (&priv->account);
  g_clear_object (&priv->http_client);

  G_OBJECT_CLASS (guichet_provider_parent_class)->dispose (object);
}

static void
guichet_provider_finalize (GObject *object)
{
  GuichetProvider        *self = GUICHET_PROVIDER (object);
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_clear_pointer (&priv->secrets, g_hash_table_unref);

  G_OBJECT_CLASS (guichet_provider_parent_class)->finalize (object);
}

static void
guichet_provider_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GuichetProvider        *self = GUICHET_PROVIDER (object);
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, priv->account);
      break;

    case PROP_HTTP_CLIENT:
      g_value_set_object (value, priv->http_client);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, guichet_provider_get_base_url (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_provider_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GuichetProvider        *self = GUICHET_PROVIDER (object);
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      guichet_provider_set_account (self, g_value_get_object (value));
      break;

    case PROP_HTTP_CLIENT:
      g_assert (priv->http_client == NULL);
      priv->http_client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_provider_class_init (GuichetProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_provider_dispose;
  object_class->finalize = guichet_provider_finalize;
  object_class->get_property = guichet_provider_get_property;
  object_class->set_property = guichet_provider_set_property;

  klass->list_dates_async = default_list_dates_async;
  klass->list_dates_finish = default_list_dates_finish;
  klass->list_categories_async = default_list_categories_async;
  klass->list_categories_finish = default_list_categories_finish;
  klass->fetch_participants_async = default_fetch_participants_async;
  klass->fetch_participants_finish = default_fetch_participants_finish;
  klass->get_answers_async = default_get_answers_async;
  klass->get_answers_finish = default_get_answers_finish;
  klass->ticket_stats_async = default_ticket_stats_async;
  klass->ticket_stats_finish = default_ticket_stats_finish;
  klass->check_in_async = default_check_in_async;
  klass->check_in_finish = default_boolean_finish;
  klass->list_discounts_async = default_list_discounts_async;
  klass->list_discounts_finish = default_list_discounts_finish;
  klass->list_vouchers_async = default_list_vouchers_async;
  klass->list_vouchers_finish = default_list_vouchers_finish;
  klass->list_orders_async = default_list_orders_async;
  klass->list_orders_finish = default_list_orders_finish;
  klass->register_desk_async = default_register_desk_async;
  klass->register_desk_finish = default_register_desk_finish;
  klass->create_discount_async = default_create_discount_async;
  klass->create_discount_finish = default_discount_finish;
  klass->update_discount_async = default_update_discount_async;
  klass->update_discount_finish = default_discount_finish;
  klass->delete_discount_async = default_delete_discount_async;
  klass->delete_discount_finish = default_boolean_finish;
  klass->get_discount_async = default_get_discount_async;
  klass->get_discount_finish = default_discount_finish;
  klass->create_voucher_async = default_create_voucher_async;
  klass->create_voucher_finish = default_voucher_finish;
  klass->update_voucher_async = default_update_voucher_async;
  klass->update_voucher_finish = default_voucher_finish;
  klass->delete_voucher_async = default_delete_voucher_async;
  klass->delete_voucher_finish = default_boolean_finish;
  klass->get_voucher_async = default_get_voucher_async;
  klass->get_voucher_finish = default_voucher_finish;
  klass->list_voucher_codes_async = default_list_voucher_codes_async;
  klass->list_voucher_codes_finish = default_list_discounts_finish;
  klass->void_voucher_code_async = default_void_voucher_code_async;
  klass->void_voucher_code_finish = default_boolean_finish;
  klass->issue_ticket_async = default_issue_ticket_async;
  klass->issue_ticket_finish = default_participant_finish;
  klass->void_ticket_async = default_void_ticket_async;
  klass->void_ticket_finish = default_boolean_finish;
  klass->find_code_async = default_find_code_async;
  klass->find_code_finish = default_find_code_finish;
  klass->find_check_in_async = default_find_check_in_async;
  klass->find_check_in_finish = default_find_check_in_finish;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, GUICHET_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, GUICHET_TYPE_HTTP_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GuichetProvider::secrets-changed:
   *
   * The provider obtained new secrets (a refreshed token): the owner
   * stores guichet_provider_get_secrets() in the keyring.
   */
  signals[SECRETS_CHANGED] = g_signal_new ("secrets-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GuichetProvider::waiting:
   * @seconds: how long, rounded up
   * @reason: a #GuichetHttpWait: the platform's request limit, or the
   *   server asked
   *
   * A request of this provider waits a second or more before it is sent
   * (GuichetHttpClient::waiting, told by the providers that send through
   * a #GuichetHttpClient).
   */
  signals[WAITING] = g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, GUICHET_TYPE_HTTP_WAIT);
}

static void
guichet_provider_init (GuichetProvider *self)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  priv->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GuichetAccount *
guichet_provider_get_account (GuichetProvider *self)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  return priv->account;
}

GuichetHttpClient *
guichet_provider_get_http_client (GuichetProvider *self)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  return priv->http_client;
}

const char *
guichet_provider_get_base_url (GuichetProvider *self)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  if (priv->account != NULL)
    {
      const char *base_url = guichet_account_get_base_url (priv->account);

      if (base_url != NULL && base_url[0] != '\0')
        return base_url;
    }

  return GUICHET_PROVIDER_GET_CLASS (self)->default_base_url;
}

const char *
guichet_provider_get_kind (GuichetProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->kind;
}

const char *
guichet_provider_get_display_name (GuichetProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  return get_display_name (self);
}

GuichetProviderCapabilities
guichet_provider_get_capabilities (GuichetProvider *self)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), 0);

  return GUICHET_PROVIDER_GET_CLASS (self)->capabilities;
}

gboolean
guichet_provider_can (GuichetProvider            *self,
                      GuichetProviderCapabilities caps)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);

  return (GUICHET_PROVIDER_GET_CLASS (self)->capabilities & caps) == caps;
}

GHashTable *
guichet_provider_get_secrets (GuichetProvider *self)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  return priv->secrets;
}

/* @secrets may be NULL: the provider then has none. */
void
guichet_provider_set_secrets (GuichetProvider *self,
                              GHashTable      *secrets)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_if_fail (GUICHET_IS_PROVIDER (self));

  if (secrets == priv->secrets)
    return;

  g_clear_pointer (&priv->secrets, g_hash_table_unref);

  if (secrets != NULL)
    priv->secrets = g_hash_table_ref (secrets);
  else
    priv->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const char *
guichet_provider_get_secret (GuichetProvider *self,
                             const char      *name)
{
  GuichetProviderPrivate *priv = guichet_provider_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (priv->secrets, name);
}

void
guichet_provider_emit_secrets_changed (GuichetProvider *self)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));

  g_signal_emit (self, signals[SECRETS_CHANGED], 0);
}

/* Public wrappers: check the arguments, then call the vfunc. */

void
guichet_provider_sign_in_async (GuichetProvider    *self,
                                GHashTable         *credentials,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (credentials != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (GUICHET_PROVIDER_GET_CLASS (self)->sign_in_async != NULL);

  GUICHET_PROVIDER_GET_CLASS (self)->sign_in_async (self, credentials, cancellable, callback,
                                                    user_data);
}

GHashTable *
guichet_provider_sign_in_finish (GuichetProvider *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->sign_in_finish (self, result, error);
}

/* What the platform said of the account at the last sign-in (Fourvenues:
 * the channel and its hosts), translated, for the person adding the
 * account; NULL when it says nothing worth showing. */
char *
guichet_provider_dup_sign_in_summary (GuichetProvider *self)
{
  GuichetProviderClass *klass;

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);

  klass = GUICHET_PROVIDER_GET_CLASS (self);
  return klass->dup_sign_in_summary != NULL ? klass->dup_sign_in_summary (self) : NULL;
}

void
guichet_provider_list_events_async (GuichetProvider    *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (GUICHET_PROVIDER_GET_CLASS (self)->list_events_async != NULL);

  GUICHET_PROVIDER_GET_CLASS (self)->list_events_async (self, cancellable, callback, user_data);
}

GPtrArray *
guichet_provider_list_events_finish (GuichetProvider *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_events_finish (self, result, error);
}

void
guichet_provider_list_dates_async (GuichetProvider    *self,
                                   const char         *event_id,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_dates_async (self, event_id, cancellable, callback,
                                                       user_data);
}

GPtrArray *
guichet_provider_list_dates_finish (GuichetProvider *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_dates_finish (self, result, error);
}

void
guichet_provider_list_categories_async (GuichetProvider    *self,
                                        const char         *event_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_categories_async (self, event_id, cancellable, callback,
                                                            user_data);
}

GPtrArray *
guichet_provider_list_categories_finish (GuichetProvider *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_categories_finish (self, result, error);
}

void
guichet_provider_fetch_participants_async (GuichetProvider    *self,
                                           const char         *event_id,
                                           const char         *cursor,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->fetch_participants_async (self, event_id, cursor, cancellable,
                                                               callback, user_data);
}

GuichetParticipantPage *
guichet_provider_fetch_participants_finish (GuichetProvider *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->fetch_participants_finish (self, result, error);
}

void
guichet_provider_get_answers_async (GuichetProvider    *self,
                                    const char         *participant_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (participant_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->get_answers_async (self, participant_id, cancellable, callback,
                                                        user_data);
}

char *
guichet_provider_get_answers_finish (GuichetProvider *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->get_answers_finish (self, result, error);
}

void
guichet_provider_ticket_stats_async (GuichetProvider    *self,
                                     const char         *ticket_id,
                                     const char         *date_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->ticket_stats_async (self, ticket_id, date_id, cancellable,
                                                         callback, user_data);
}

gboolean
guichet_provider_ticket_stats_finish (GuichetProvider    *self,
                                      GAsyncResult       *result,
                                      GuichetTicketStats *stats,
                                      GError            **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  return GUICHET_PROVIDER_GET_CLASS (self)->ticket_stats_finish (self, result, stats, error);
}

void
guichet_provider_check_in_async (GuichetProvider    *self,
                                 GuichetCheckIn     *check_in,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (check_in != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->check_in_async (self, check_in, cancellable, callback,
                                                     user_data);
}

gboolean
guichet_provider_check_in_finish (GuichetProvider *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return GUICHET_PROVIDER_GET_CLASS (self)->check_in_finish (self, result, error);
}

/* @code: when not NULL, only the discount with this code (compared
 * without regard to case), filtered by the platform where it can. */
void
guichet_provider_list_discounts_async (GuichetProvider    *self,
                                       const char         *code,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_discounts_async (self, code, cancellable, callback,
                                                           user_data);
}

GPtrArray *
guichet_provider_list_discounts_finish (GuichetProvider *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_discounts_finish (self, result, error);
}

void
guichet_provider_list_vouchers_async (GuichetProvider    *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_vouchers_async (self, cancellable, callback, user_data);
}

GPtrArray *
guichet_provider_list_vouchers_finish (GuichetProvider *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_vouchers_finish (self, result, error);
}

void
guichet_provider_list_orders_async (GuichetProvider    *self,
                                    const char         *event_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_orders_async (self, event_id, cancellable, callback,
                                                        user_data);
}

GPtrArray *
guichet_provider_list_orders_finish (GuichetProvider *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GUICHET_PROVIDER_GET_CLASS (self)->list_orders_finish (self, result, error);
}

void
guichet_provider_register_desk_async (GuichetProvider    *self,
                                      const char         *desk_name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->register_desk_async (self, desk_name ? desk_name : "",
                                                          cancellable, callback, user_data);
}

gboolean
guichet_provider_register_desk_finish (GuichetProvider *self,
                                       GAsyncResult    *result,
                                       guint           *refresh_interval,
                                       GError         **error)
{
  guint    interval = 0;
  gboolean ret;

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  ret = GUICHET_PROVIDER_GET_CLASS (self)->register_desk_finish (self, result, &interval, error);
  if (refresh_interval != NULL)
    *refresh_interval = ret ? interval : 0;

  return ret;
}

void
guichet_provider_create_discount_async (GuichetProvider    *self,
                                        GuichetDiscount    *discount,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (GUICHET_IS_DISCOUNT (discount));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->create_discount_async (self, discount, cancellable, callback,
                                                            user_data);
}

GuichetDiscount *
guichet_provider_create_discount_finish (GuichetProvider *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_create_discount_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->create_discount_finish (self, result, error);
}

void
guichet_provider_update_discount_async (GuichetProvider    *self,
                                        GuichetDiscount    *discount,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (GUICHET_IS_DISCOUNT (discount));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->update_discount_async (self, discount, cancellable, callback,
                                                            user_data);
}

GuichetDiscount *
guichet_provider_update_discount_finish (GuichetProvider *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_update_discount_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->update_discount_finish (self, result, error);
}

void
guichet_provider_delete_discount_async (GuichetProvider    *self,
                                        const char         *discount_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (discount_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->delete_discount_async (self, discount_id, cancellable,
                                                            callback, user_data);
}

gboolean
guichet_provider_delete_discount_finish (GuichetProvider *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  if (is_tagged (self, result, guichet_provider_delete_discount_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->delete_discount_finish (self, result, error);
}

void
guichet_provider_get_discount_async (GuichetProvider    *self,
                                     const char         *discount_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (discount_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->get_discount_async (self, discount_id, cancellable, callback,
                                                         user_data);
}

GuichetDiscount *
guichet_provider_get_discount_finish (GuichetProvider *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_get_discount_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->get_discount_finish (self, result, error);
}

void
guichet_provider_create_voucher_async (GuichetProvider    *self,
                                       GuichetVoucher     *voucher,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (GUICHET_IS_VOUCHER (voucher));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->create_voucher_async (self, voucher, cancellable, callback,
                                                           user_data);
}

GuichetVoucher *
guichet_provider_create_voucher_finish (GuichetProvider *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_create_voucher_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->create_voucher_finish (self, result, error);
}

void
guichet_provider_update_voucher_async (GuichetProvider    *self,
                                       GuichetVoucher     *voucher,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (GUICHET_IS_VOUCHER (voucher));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->update_voucher_async (self, voucher, cancellable, callback,
                                                           user_data);
}

GuichetVoucher *
guichet_provider_update_voucher_finish (GuichetProvider *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_update_voucher_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->update_voucher_finish (self, result, error);
}

void
guichet_provider_delete_voucher_async (GuichetProvider    *self,
                                       const char         *voucher_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (voucher_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->delete_voucher_async (self, voucher_id, cancellable, callback,
                                                           user_data);
}

gboolean
guichet_provider_delete_voucher_finish (GuichetProvider *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  if (is_tagged (self, result, guichet_provider_delete_voucher_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->delete_voucher_finish (self, result, error);
}

void
guichet_provider_get_voucher_async (GuichetProvider    *self,
                                    const char         *voucher_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (voucher_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->get_voucher_async (self, voucher_id, cancellable, callback,
                                                        user_data);
}

GuichetVoucher *
guichet_provider_get_voucher_finish (GuichetProvider *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_get_voucher_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->get_voucher_finish (self, result, error);
}

void
guichet_provider_list_voucher_codes_async (GuichetProvider    *self,
                                           const char         *voucher_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (voucher_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->list_voucher_codes_async (self, voucher_id, cancellable,
                                                               callback, user_data);
}

GPtrArray *
guichet_provider_list_voucher_codes_finish (GuichetProvider *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_list_voucher_codes_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->list_voucher_codes_finish (self, result, error);
}

void
guichet_provider_void_voucher_code_async (GuichetProvider    *self,
                                          const char         *voucher_id,
                                          const char         *code_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (voucher_id != NULL);
  g_return_if_fail (code_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->void_voucher_code_async (self, voucher_id, code_id,
                                                              cancellable, callback, user_data);
}

gboolean
guichet_provider_void_voucher_code_finish (GuichetProvider *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  if (is_tagged (self, result, guichet_provider_void_voucher_code_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->void_voucher_code_finish (self, result, error);
}

void
guichet_provider_issue_ticket_async (GuichetProvider           *self,
                                     const char                *event_id,
                                     const char                *ticket_type_id,
                                     const GuichetTicketHolder *holder,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (ticket_type_id != NULL);
  g_return_if_fail (holder != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->issue_ticket_async (self, event_id, ticket_type_id, holder,
                                                         cancellable, callback, user_data);
}

GuichetParticipant *
guichet_provider_issue_ticket_finish (GuichetProvider *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_issue_ticket_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->issue_ticket_finish (self, result, error);
}

void
guichet_provider_void_ticket_async (GuichetProvider    *self,
                                    const char         *ticket_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->void_ticket_async (self, ticket_id, cancellable, callback,
                                                        user_data);
}

gboolean
guichet_provider_void_ticket_finish (GuichetProvider *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  if (is_tagged (self, result, guichet_provider_void_ticket_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->void_ticket_finish (self, result, error);
}

void
guichet_provider_find_code_async (GuichetProvider    *self,
                                  const char         *code,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->find_code_async (self, code, cancellable, callback, user_data);
}

GPtrArray *
guichet_provider_find_code_finish (GuichetProvider *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (is_tagged (self, result, guichet_provider_find_code_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GUICHET_PROVIDER_GET_CLASS (self)->find_code_finish (self, result, error);
}

void
guichet_provider_find_check_in_async (GuichetProvider    *self,
                                      GuichetCheckIn     *check_in,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (GUICHET_IS_PROVIDER (self));
  g_return_if_fail (GUICHET_IS_CHECK_IN (check_in));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GUICHET_PROVIDER_GET_CLASS (self)->find_check_in_async (self, check_in, cancellable, callback,
                                                          user_data);
}

gboolean
guichet_provider_find_check_in_finish (GuichetProvider *self,
                                       GAsyncResult    *result,
                                       gboolean        *found,
                                       GError         **error)
{
  gboolean local_found = FALSE;
  gboolean ok;

  g_return_val_if_fail (GUICHET_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  if (is_tagged (self, result, guichet_provider_find_check_in_async))
    ok = g_task_propagate_boolean (G_TASK (result), error);
  else
    ok =
      GUICHET_PROVIDER_GET_CLASS (self)->find_check_in_finish (self, result, &local_found, error);
  if (found != NULL)
    *found = ok && local_found;
  return ok;
}
