/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* The discount codes of the event's account, from the platform: a list,
 * a form to create or edit one (GuichetDiscountDialog), deletion after a
 * confirmation. Actions: discounts.new, discounts.reload. */

#define GUICHET_TYPE_DISCOUNTS_PAGE (guichet_discounts_page_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDiscountsPage, guichet_discounts_page, GUICHET, DISCOUNTS_PAGE, GuichetPage)

G_END_DECLS
