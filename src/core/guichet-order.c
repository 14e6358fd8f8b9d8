/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-order"

#include "config.h"

#include "guichet-order.h"
#include "guichet-util-private.h"

struct _GuichetOrder
{
  GObject parent_instance;

  char        *id;
  char        *account_id;
  char        *event_id;
  char        *buyer_name;
  char        *email;
  GuichetMoney total;
  char        *status;
  char        *created_at;
  GStrv        ticket_ids;
  char        *line_items;
};

G_DEFINE_FINAL_TYPE (GuichetOrder, guichet_order, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_EVENT_ID,
  PROP_BUYER_NAME,
  PROP_EMAIL,
  PROP_TOTAL,
  PROP_CURRENCY,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_TICKET_IDS,
  PROP_LINE_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_order_finalize (GObject *object)
{
  GuichetOrder *self = GUICHET_ORDER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->buyer_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->ticket_ids, g_strfreev);
  g_clear_pointer (&self->line_items, g_free);

  G_OBJECT_CLASS (guichet_order_parent_class)->finalize (object);
}

static void
guichet_order_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GuichetOrder *self = GUICHET_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;

    case PROP_BUYER_NAME:
      g_value_set_string (value, self->buyer_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total.amount_minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, guichet_money_get_currency (&self->total));
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case PROP_TICKET_IDS:
      g_value_set_boxed (value, self->ticket_ids);
      break;

    case PROP_LINE_ITEMS:
      g_value_set_string (value, self->line_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_order_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GuichetOrder *self = GUICHET_ORDER (object);
  gboolean      changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_ACCOUNT_ID:
      changed = _guichet_set_string (&self->account_id, g_value_get_string (value));
      break;

    case PROP_EVENT_ID:
      changed = _guichet_set_string (&self->event_id, g_value_get_string (value));
      break;

    case PROP_BUYER_NAME:
      changed = _guichet_set_string (&self->buyer_name, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      changed = _guichet_set_string (&self->email, g_value_get_string (value));
      break;

    case PROP_TOTAL:
      changed = _guichet_set_money_amount (&self->total, g_value_get_int64 (value));
      break;

    case PROP_CURRENCY:
      changed = _guichet_set_money_currency (&self->total, g_value_get_string (value));
      break;

    case PROP_STATUS:
      changed = _guichet_set_string (&self->status, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      changed = _guichet_set_string (&self->created_at, g_value_get_string (value));
      break;

    case PROP_TICKET_IDS:
      changed = _guichet_set_strv (&self->ticket_ids, g_value_get_boxed (value));
      break;

    case PROP_LINE_ITEMS:
      changed = _guichet_set_string (&self->line_items, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_order_class_init (GuichetOrderClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_order_finalize;
  object_class->get_property = guichet_order_get_property;
  object_class->set_property = guichet_order_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);

  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);

  properties[PROP_BUYER_NAME] = g_param_spec_string ("buyer-name", NULL, NULL, NULL, flags);

  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);

  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);

  properties[PROP_TICKET_IDS] = g_param_spec_boxed ("ticket-ids", NULL, NULL, G_TYPE_STRV, flags);

  properties[PROP_LINE_ITEMS] = g_param_spec_string ("line-items", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_order_init (GuichetOrder *self)
{
}

const char *
guichet_order_get_id (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->id;
}

const char *
guichet_order_get_account_id (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->account_id;
}

const char *
guichet_order_get_event_id (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->event_id;
}

const char *
guichet_order_get_buyer_name (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->buyer_name;
}

const char *
guichet_order_get_email (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->email;
}

const GuichetMoney *
guichet_order_get_total (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return &self->total;
}

const char *
guichet_order_get_currency (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return guichet_money_get_currency (&self->total);
}

const char *
guichet_order_get_status (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->status;
}

const char *
guichet_order_get_created_at (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->created_at;
}

const char * const *
guichet_order_get_ticket_ids (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return (const char * const *) self->ticket_ids;
}

const char *
guichet_order_get_line_items (GuichetOrder *self)
{
  g_return_val_if_fail (GUICHET_IS_ORDER (self), NULL);

  return self->line_items;
}
