/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"
#include "guichet-money.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_ORDER (guichet_order_get_type ())
G_DECLARE_FINAL_TYPE (GuichetOrder, guichet_order, GUICHET, ORDER, GObject)

/* Built with g_object_new (GUICHET_TYPE_ORDER, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_order_get_id (GuichetOrder *self);
const char *           guichet_order_get_account_id (GuichetOrder *self);
const char *           guichet_order_get_event_id (GuichetOrder *self);
const char *           guichet_order_get_buyer_name (GuichetOrder *self);
const char *           guichet_order_get_email (GuichetOrder *self);
/* "total" (gint64, minor units) and "currency" (ISO 4217, upper case). */
const GuichetMoney *   guichet_order_get_total (GuichetOrder *self);
const char *           guichet_order_get_currency (GuichetOrder *self);
const char *           guichet_order_get_status (GuichetOrder *self);
const char *           guichet_order_get_created_at (GuichetOrder *self);
/* The order's tickets (participant ids) and its line items as JSON text:
 * [{"description", "type", "quantity", "value", "booking_fee", "total"}],
 * amounts in minor units. */
const char * const *   guichet_order_get_ticket_ids (GuichetOrder *self);
const char *           guichet_order_get_line_items (GuichetOrder *self);

G_END_DECLS
