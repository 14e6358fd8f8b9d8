/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_VOUCHER_CODE (guichet_voucher_code_get_type ())
G_DECLARE_FINAL_TYPE (GuichetVoucherCode, guichet_voucher_code, GUICHET, VOUCHER_CODE, GObject)

/* Built with g_object_new (GUICHET_TYPE_VOUCHER_CODE, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_voucher_code_get_id (GuichetVoucherCode *self);
const char *           guichet_voucher_code_get_voucher_id (GuichetVoucherCode *self);
const char *           guichet_voucher_code_get_code (GuichetVoucherCode *self);
gint64                 guichet_voucher_code_get_value_remaining (GuichetVoucherCode *self);
gboolean               guichet_voucher_code_get_void (GuichetVoucherCode *self);

G_END_DECLS
