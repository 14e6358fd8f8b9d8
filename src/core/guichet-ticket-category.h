/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"
#include "guichet-money.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_TICKET_CATEGORY (guichet_ticket_category_get_type ())
G_DECLARE_FINAL_TYPE (GuichetTicketCategory, guichet_ticket_category, GUICHET, TICKET_CATEGORY, GObject)

/* Built with g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_ticket_category_get_id (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_event_id (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_parent_id (GuichetTicketCategory *self);
GuichetCategoryKind    guichet_ticket_category_get_kind (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_name (GuichetTicketCategory *self);
/* "price" (gint64, minor units) and "currency" (ISO 4217, upper case;
 * NULL when unknown) make up the price. */
const GuichetMoney *   guichet_ticket_category_get_price (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_currency (GuichetTicketCategory *self);
gint64                 guichet_ticket_category_get_quota (GuichetTicketCategory *self);
gint64                 guichet_ticket_category_get_sold (GuichetTicketCategory *self);
gint64                 guichet_ticket_category_get_checked_in (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_sale_start (GuichetTicketCategory *self);
const char *           guichet_ticket_category_get_sale_end (GuichetTicketCategory *self);

/* The children, as a GListModel of GuichetTicketCategory (for GtkTreeListModel). */
GListModel            *guichet_ticket_category_get_children (GuichetTicketCategory *self);
void                   guichet_ticket_category_append_child (GuichetTicketCategory *self,
                                                             GuichetTicketCategory *child);

G_END_DECLS
