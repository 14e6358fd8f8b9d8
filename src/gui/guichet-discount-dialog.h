/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

/* Creates or edits a discount code. The form is checked before anything
 * is sent (a code, unique among @others; a percentage from 1 to 100 or an
 * amount in @currency; a day; a count; ticket types); what the platform
 * then refuses is shown on its field. On success it emits "saved" with
 * the discount as the platform stored it, and closes. */

#define GUICHET_TYPE_DISCOUNT_DIALOG (guichet_discount_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDiscountDialog, guichet_discount_dialog, GUICHET, DISCOUNT_DIALOG, AdwWindow)

/* @discount: the one to edit, or NULL for a new one. @others: the
 * account's discounts (GuichetDiscount), for the code's uniqueness.
 * @ticket_types: GuichetTicketCategory leaves to offer. */
GuichetDiscountDialog *guichet_discount_dialog_new (GtkWindow       *parent,
                                                    GuichetProvider *provider,
                                                    GuichetDiscount *discount,
                                                    GPtrArray       *others,
                                                    const char      *currency,
                                                    GPtrArray       *ticket_types);

G_END_DECLS
