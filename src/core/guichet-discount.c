/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-discount"

#include "config.h"

#include "guichet-discount.h"
#include "guichet-util-private.h"
#include "guichet-enums.h"

struct _GuichetDiscount
{
  GObject parent_instance;

  char               *id;
  char               *account_id;
  char               *name;
  char               *code;
  GuichetDiscountKind kind;
  GuichetMoney        amount;
  gint64              percentage;
  gint64              max_uses;
  gint64              used;
  char               *valid_from;
  char               *valid_to;
  GStrv               ticket_type_ids;
  gint64              booking_fee;
  gint64              booking_fee_percentage;
};

G_DEFINE_FINAL_TYPE (GuichetDiscount, guichet_discount, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_NAME,
  PROP_CODE,
  PROP_KIND,
  PROP_AMOUNT,
  PROP_PERCENTAGE,
  PROP_CURRENCY,
  PROP_MAX_USES,
  PROP_USED,
  PROP_VALID_FROM,
  PROP_VALID_TO,
  PROP_TICKET_TYPE_IDS,
  PROP_BOOKING_FEE,
  PROP_BOOKING_FEE_PERCENTAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_discount_finalize (GObject *object)
{
  GuichetDiscount *self = GUICHET_DISCOUNT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->valid_from, g_free);
  g_clear_pointer (&self->valid_to, g_free);
  g_clear_pointer (&self->ticket_type_ids, g_strfreev);

  G_OBJECT_CLASS (guichet_discount_parent_class)->finalize (object);
}

static void
guichet_discount_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GuichetDiscount *self = GUICHET_DISCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_AMOUNT:
      g_value_set_int64 (value, self->amount.amount_minor);
      break;

    case PROP_PERCENTAGE:
      g_value_set_int64 (value, self->percentage);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, guichet_money_get_currency (&self->amount));
      break;

    case PROP_MAX_USES:
      g_value_set_int64 (value, self->max_uses);
      break;

    case PROP_USED:
      g_value_set_int64 (value, self->used);
      break;

    case PROP_VALID_FROM:
      g_value_set_string (value, self->valid_from);
      break;

    case PROP_VALID_TO:
      g_value_set_string (value, self->valid_to);
      break;

    case PROP_TICKET_TYPE_IDS:
      g_value_set_boxed (value, self->ticket_type_ids);
      break;

    case PROP_BOOKING_FEE:
      g_value_set_int64 (value, self->booking_fee);
      break;

    case PROP_BOOKING_FEE_PERCENTAGE:
      g_value_set_int64 (value, self->booking_fee_percentage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_discount_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GuichetDiscount *self = GUICHET_DISCOUNT (object);
  gboolean         changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_ACCOUNT_ID:
      changed = _guichet_set_string (&self->account_id, g_value_get_string (value));
      break;

    case PROP_NAME:
      changed = _guichet_set_string (&self->name, g_value_get_string (value));
      break;

    case PROP_CODE:
      changed = _guichet_set_string (&self->code, g_value_get_string (value));
      break;

    case PROP_KIND:
      changed = (int) self->kind != g_value_get_enum (value);
      self->kind = g_value_get_enum (value);
      break;

    case PROP_AMOUNT:
      changed = _guichet_set_money_amount (&self->amount, g_value_get_int64 (value));
      break;

    case PROP_PERCENTAGE:
      changed = self->percentage != g_value_get_int64 (value);
      self->percentage = g_value_get_int64 (value);
      break;

    case PROP_CURRENCY:
      changed = _guichet_set_money_currency (&self->amount, g_value_get_string (value));
      break;

    case PROP_MAX_USES:
      changed = self->max_uses != g_value_get_int64 (value);
      self->max_uses = g_value_get_int64 (value);
      break;

    case PROP_USED:
      changed = self->used != g_value_get_int64 (value);
      self->used = g_value_get_int64 (value);
      break;

    case PROP_VALID_FROM:
      changed = _guichet_set_string (&self->valid_from, g_value_get_string (value));
      break;

    case PROP_VALID_TO:
      changed = _guichet_set_string (&self->valid_to, g_value_get_string (value));
      break;

    case PROP_TICKET_TYPE_IDS:
      changed = _guichet_set_strv (&self->ticket_type_ids, g_value_get_boxed (value));
      break;

    case PROP_BOOKING_FEE:
      changed = self->booking_fee != g_value_get_int64 (value);
      self->booking_fee = g_value_get_int64 (value);
      break;

    case PROP_BOOKING_FEE_PERCENTAGE:
      changed = self->booking_fee_percentage != g_value_get_int64 (value);
      self->booking_fee_percentage = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_discount_class_init (GuichetDiscountClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_discount_finalize;
  object_class->get_property = guichet_discount_get_property;
  object_class->set_property = guichet_discount_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);

  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, GUICHET_TYPE_DISCOUNT_KIND,
                                             GUICHET_DISCOUNT_KIND_AMOUNT, flags);

  properties[PROP_AMOUNT] =
    g_param_spec_int64 ("amount", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_PERCENTAGE] = g_param_spec_int64 ("percentage", NULL, NULL, 0,
                                                    100 * GUICHET_PERCENTAGE_ONE_PERCENT, 0, flags);

  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  properties[PROP_MAX_USES] =
    g_param_spec_int64 ("max-uses", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);

  properties[PROP_USED] = g_param_spec_int64 ("used", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_VALID_FROM] = g_param_spec_string ("valid-from", NULL, NULL, NULL, flags);

  properties[PROP_VALID_TO] = g_param_spec_string ("valid-to", NULL, NULL, NULL, flags);

  properties[PROP_TICKET_TYPE_IDS] =
    g_param_spec_boxed ("ticket-type-ids", NULL, NULL, G_TYPE_STRV, flags);

  properties[PROP_BOOKING_FEE] =
    g_param_spec_int64 ("booking-fee", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);

  properties[PROP_BOOKING_FEE_PERCENTAGE] =
    g_param_spec_int64 ("booking-fee-percentage", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_discount_init (GuichetDiscount *self)
{
  self->booking_fee_percentage = -1;
  self->booking_fee = -1;
  self->kind = GUICHET_DISCOUNT_KIND_AMOUNT;
  self->max_uses = -1;
}

const char *
guichet_discount_get_id (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->id;
}

const char *
guichet_discount_get_account_id (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->account_id;
}

const char *
guichet_discount_get_name (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->name;
}

const char *
guichet_discount_get_code (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->code;
}

GuichetDiscountKind
guichet_discount_get_kind (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), GUICHET_DISCOUNT_KIND_AMOUNT);

  return self->kind;
}

const GuichetMoney *
guichet_discount_get_amount (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return &self->amount;
}

gint64
guichet_discount_get_percentage (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), 0);

  return self->percentage;
}

const char *
guichet_discount_get_currency (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return guichet_money_get_currency (&self->amount);
}

gint64
guichet_discount_get_max_uses (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), -1);

  return self->max_uses;
}

gint64
guichet_discount_get_used (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), 0);

  return self->used;
}

const char *
guichet_discount_get_valid_from (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->valid_from;
}

const char *
guichet_discount_get_valid_to (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return self->valid_to;
}

const char * const *
guichet_discount_get_ticket_type_ids (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), NULL);

  return (const char * const *) self->ticket_type_ids;
}

gint64
guichet_discount_get_booking_fee (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), -1);

  return self->booking_fee;
}

gint64
guichet_discount_get_booking_fee_percentage (GuichetDiscount *self)
{
  g_return_val_if_fail (GUICHET_IS_DISCOUNT (self), -1);

  return self->booking_fee_percentage;
}
