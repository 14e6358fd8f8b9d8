/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* The vouchers of the event's account, from the platform: a list where
 * each voucher opens onto its codes (each with Void), a form to create or
 * edit one (GuichetVoucherDialog), deletion after a confirmation.
 * Actions: vouchers.new, vouchers.reload. */

#define GUICHET_TYPE_VOUCHERS_PAGE (guichet_vouchers_page_get_type ())
G_DECLARE_FINAL_TYPE (GuichetVouchersPage, guichet_vouchers_page, GUICHET, VOUCHERS_PAGE, GuichetPage)

G_END_DECLS
