/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-voucher"

#include "config.h"

#include "guichet-voucher.h"
#include "guichet-util-private.h"

struct _GuichetVoucher
{
  GObject parent_instance;

  char        *id;
  char        *account_id;
  char        *name;
  GuichetMoney value;
  gint64       code_count;
  char        *valid_to;
  gint64       available_codes;
  GStrv        codes;
};

G_DEFINE_FINAL_TYPE (GuichetVoucher, guichet_voucher, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_NAME,
  PROP_VALUE,
  PROP_CURRENCY,
  PROP_CODE_COUNT,
  PROP_VALID_TO,
  PROP_AVAILABLE_CODES,
  PROP_CODES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_voucher_finalize (GObject *object)
{
  GuichetVoucher *self = GUICHET_VOUCHER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->valid_to, g_free);
  g_clear_pointer (&self->codes, g_strfreev);

  G_OBJECT_CLASS (guichet_voucher_parent_class)->finalize (object);
}

static void
guichet_voucher_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GuichetVoucher *self = GUICHET_VOUCHER (object);

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

    case PROP_VALUE:
      g_value_set_int64 (value, self->value.amount_minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, guichet_money_get_currency (&self->value));
      break;

    case PROP_CODE_COUNT:
      g_value_set_int64 (value, self->code_count);
      break;

    case PROP_VALID_TO:
      g_value_set_string (value, self->valid_to);
      break;

    case PROP_AVAILABLE_CODES:
      g_value_set_int64 (value, self->available_codes);
      break;

    case PROP_CODES:
      g_value_set_boxed (value, self->codes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_voucher_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GuichetVoucher *self = GUICHET_VOUCHER (object);
  gboolean        changed = FALSE;

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

    case PROP_VALUE:
      changed = _guichet_set_money_amount (&self->value, g_value_get_int64 (value));
      break;

    case PROP_CURRENCY:
      changed = _guichet_set_money_currency (&self->value, g_value_get_string (value));
      break;

    case PROP_CODE_COUNT:
      changed = self->code_count != g_value_get_int64 (value);
      self->code_count = g_value_get_int64 (value);
      break;

    case PROP_VALID_TO:
      changed = _guichet_set_string (&self->valid_to, g_value_get_string (value));
      break;

    case PROP_AVAILABLE_CODES:
      changed = self->available_codes != g_value_get_int64 (value);
      self->available_codes = g_value_get_int64 (value);
      break;

    case PROP_CODES:
      changed = _guichet_set_strv (&self->codes, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_voucher_class_init (GuichetVoucherClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_voucher_finalize;
  object_class->get_property = guichet_voucher_get_property;
  object_class->set_property = guichet_voucher_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  properties[PROP_VALUE] =
    g_param_spec_int64 ("value", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  properties[PROP_CODE_COUNT] =
    g_param_spec_int64 ("code-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_VALID_TO] = g_param_spec_string ("valid-to", NULL, NULL, NULL, flags);

  properties[PROP_AVAILABLE_CODES] =
    g_param_spec_int64 ("available-codes", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);

  properties[PROP_CODES] = g_param_spec_boxed ("codes", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_voucher_init (GuichetVoucher *self)
{
  self->available_codes = -1;
}

const char *
guichet_voucher_get_id (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return self->id;
}

const char *
guichet_voucher_get_account_id (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return self->account_id;
}

const char *
guichet_voucher_get_name (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return self->name;
}

const GuichetMoney *
guichet_voucher_get_value (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return &self->value;
}

const char *
guichet_voucher_get_currency (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return guichet_money_get_currency (&self->value);
}

gint64
guichet_voucher_get_code_count (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), 0);

  return self->code_count;
}

const char *
guichet_voucher_get_valid_to (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return self->valid_to;
}

gint64
guichet_voucher_get_available_codes (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), -1);

  return self->available_codes;
}

const char * const *
guichet_voucher_get_codes (GuichetVoucher *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER (self), NULL);

  return (const char * const *) self->codes;
}
