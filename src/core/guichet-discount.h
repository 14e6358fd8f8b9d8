/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"
#include "guichet-money.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_DISCOUNT (guichet_discount_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDiscount, guichet_discount, GUICHET, DISCOUNT, GObject)

/* Built with g_object_new (GUICHET_TYPE_DISCOUNT, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_discount_get_id (GuichetDiscount *self);
const char *           guichet_discount_get_account_id (GuichetDiscount *self);
const char *           guichet_discount_get_name (GuichetDiscount *self);
const char *           guichet_discount_get_code (GuichetDiscount *self);
GuichetDiscountKind    guichet_discount_get_kind (GuichetDiscount *self);
/* A fixed discount: "amount" (gint64, minor units) and "currency" (ISO 4217,
 * upper case; NULL when unknown). */
const GuichetMoney *   guichet_discount_get_amount (GuichetDiscount *self);
/* A percentage discount: hundredths of a percent, 1500 is 15 % (0..10000). */
gint64                 guichet_discount_get_percentage (GuichetDiscount *self);
const char *           guichet_discount_get_currency (GuichetDiscount *self);
gint64                 guichet_discount_get_max_uses (GuichetDiscount *self);
gint64                 guichet_discount_get_used (GuichetDiscount *self);
const char *           guichet_discount_get_valid_from (GuichetDiscount *self);
const char *           guichet_discount_get_valid_to (GuichetDiscount *self);
const char * const *   guichet_discount_get_ticket_type_ids (GuichetDiscount *self);
/* A booking fee discount in minor units (of "currency") / in hundredths
 * of a percent, like "percentage"; -1: none. */
gint64                 guichet_discount_get_booking_fee (GuichetDiscount *self);
gint64                 guichet_discount_get_booking_fee_percentage (GuichetDiscount *self);

G_END_DECLS
