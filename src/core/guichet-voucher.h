/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"
#include "guichet-money.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_VOUCHER (guichet_voucher_get_type ())
G_DECLARE_FINAL_TYPE (GuichetVoucher, guichet_voucher, GUICHET, VOUCHER, GObject)

/* Built with g_object_new (GUICHET_TYPE_VOUCHER, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_voucher_get_id (GuichetVoucher *self);
const char *           guichet_voucher_get_account_id (GuichetVoucher *self);
const char *           guichet_voucher_get_name (GuichetVoucher *self);
/* "value" (gint64, minor units) and "currency" (ISO 4217, upper case). */
const GuichetMoney *   guichet_voucher_get_value (GuichetVoucher *self);
const char *           guichet_voucher_get_currency (GuichetVoucher *self);
gint64                 guichet_voucher_get_code_count (GuichetVoucher *self);
const char *           guichet_voucher_get_valid_to (GuichetVoucher *self);
gint64                 guichet_voucher_get_available_codes (GuichetVoucher *self);
/* Codes to create with the voucher (create) or to add to it (update);
 * empty in what a platform returns: list them with
 * guichet_provider_list_voucher_codes_async(). */
const char * const *   guichet_voucher_get_codes (GuichetVoucher *self);

G_END_DECLS
