/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-voucher-code"

#include "config.h"

#include "guichet-voucher-code.h"
#include "guichet-util-private.h"

struct _GuichetVoucherCode
{
  GObject parent_instance;

  char    *id;
  char    *voucher_id;
  char    *code;
  gint64   value_remaining;
  gboolean void_;
};

G_DEFINE_FINAL_TYPE (GuichetVoucherCode, guichet_voucher_code, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_VOUCHER_ID,
  PROP_CODE,
  PROP_VALUE_REMAINING,
  PROP_VOID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_voucher_code_finalize (GObject *object)
{
  GuichetVoucherCode *self = GUICHET_VOUCHER_CODE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->voucher_id, g_free);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (guichet_voucher_code_parent_class)->finalize (object);
}

static void
guichet_voucher_code_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GuichetVoucherCode *self = GUICHET_VOUCHER_CODE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_VOUCHER_ID:
      g_value_set_string (value, self->voucher_id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_VALUE_REMAINING:
      g_value_set_int64 (value, self->value_remaining);
      break;

    case PROP_VOID:
      g_value_set_boolean (value, self->void_);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_voucher_code_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GuichetVoucherCode *self = GUICHET_VOUCHER_CODE (object);
  gboolean            changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_VOUCHER_ID:
      changed = _guichet_set_string (&self->voucher_id, g_value_get_string (value));
      break;

    case PROP_CODE:
      changed = _guichet_set_string (&self->code, g_value_get_string (value));
      break;

    case PROP_VALUE_REMAINING:
      changed = self->value_remaining != g_value_get_int64 (value);
      self->value_remaining = g_value_get_int64 (value);
      break;

    case PROP_VOID:
      changed = self->void_ != g_value_get_boolean (value);
      self->void_ = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_voucher_code_class_init (GuichetVoucherCodeClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_voucher_code_finalize;
  object_class->get_property = guichet_voucher_code_get_property;
  object_class->set_property = guichet_voucher_code_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_VOUCHER_ID] = g_param_spec_string ("voucher-id", NULL, NULL, NULL, flags);

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);

  properties[PROP_VALUE_REMAINING] =
    g_param_spec_int64 ("value-remaining", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_VOID] = g_param_spec_boolean ("void", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_voucher_code_init (GuichetVoucherCode *self)
{
}

const char *
guichet_voucher_code_get_id (GuichetVoucherCode *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER_CODE (self), NULL);

  return self->id;
}

const char *
guichet_voucher_code_get_voucher_id (GuichetVoucherCode *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER_CODE (self), NULL);

  return self->voucher_id;
}

const char *
guichet_voucher_code_get_code (GuichetVoucherCode *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER_CODE (self), NULL);

  return self->code;
}

gint64
guichet_voucher_code_get_value_remaining (GuichetVoucherCode *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER_CODE (self), 0);

  return self->value_remaining;
}

gboolean
guichet_voucher_code_get_void (GuichetVoucherCode *self)
{
  g_return_val_if_fail (GUICHET_IS_VOUCHER_CODE (self), FALSE);

  return self->void_;
}
