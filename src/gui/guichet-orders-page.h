/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* The event's orders, from the platform: number, buyer, tickets, total,
 * status and date, sortable by each. Action: orders.reload. */

#define GUICHET_TYPE_ORDERS_PAGE (guichet_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (GuichetOrdersPage, guichet_orders_page, GUICHET, ORDERS_PAGE, GuichetPage)

G_END_DECLS
