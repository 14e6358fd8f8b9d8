/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

/* Creates or edits a voucher: a name, a value in @currency, an expiry day
 * and its codes (one per line; for an edit, codes to add). Checked before
 * sending; what the platform refuses is shown on its field. Emits "saved"
 * with the voucher as the platform stored it, and closes. */

#define GUICHET_TYPE_VOUCHER_DIALOG (guichet_voucher_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GuichetVoucherDialog, guichet_voucher_dialog, GUICHET, VOUCHER_DIALOG, AdwWindow)

GuichetVoucherDialog *guichet_voucher_dialog_new (GtkWindow       *parent,
                                                  GuichetProvider *provider,
                                                  GuichetVoucher  *voucher,
                                                  const char      *account_id,
                                                  const char      *currency);

G_END_DECLS
