/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "guichet-money.h"

G_BEGIN_DECLS

/* Property setters' helpers: replace *field by a copy of @value and say
 * whether it changed, so callers notify only on a real change. */

static inline gboolean
_guichet_set_string (char       **field,
                     const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static inline gboolean
_guichet_set_strv (GStrv              *field,
                   const char * const *value)
{
  if (*field == NULL && value == NULL)
    return FALSE;
  if (*field != NULL && value != NULL &&
      g_strv_equal ((const char * const *) *field, value))
    return FALSE;

  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  return TRUE;
}

/* Money properties: an entity keeps a GuichetMoney and exposes its amount
 * (gint64, minor units) and its currency as two properties. */
static inline gboolean
_guichet_set_money_amount (GuichetMoney *money,
                           gint64        amount_minor)
{
  if (money->amount_minor == amount_minor)
    return FALSE;

  money->amount_minor = amount_minor;
  return TRUE;
}

static inline gboolean
_guichet_set_money_currency (GuichetMoney *money,
                             const char   *currency)
{
  GuichetMoney next;

  guichet_money_init (&next, money->amount_minor, currency);
  if (guichet_money_equal (&next, money))
    return FALSE;

  *money = next;
  return TRUE;
}

G_END_DECLS
