/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"
#include "guichet-oveit-parse.h"

G_BEGIN_DECLS

/* Oveit (l.oveit.com): every call a POST under /api/. Signs in with e-mail
 * and password (seller/login) and keeps only the token; the password is
 * never stored, so when Oveit refuses the token (HTTP 403) the user signs
 * in again. Errors come as HTTP 200 {"error"} and are never read as
 * success. Events/tickets is the door's offline cache, attendees add names
 * and answers; the door checks in on the server (tickets/checkin) through
 * the generic remote path, and tickets/scan looks a code (or an RFID tag)
 * up without admitting. */

#define GUICHET_TYPE_OVEIT_PROVIDER (guichet_oveit_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetOveitProvider, guichet_oveit_provider, GUICHET, OVEIT_PROVIDER, GuichetRestProvider)

/* tickets/scan for @code, as a ticket code then as an RFID tag. */
void              guichet_oveit_provider_scan_async  (GuichetOveitProvider *self,
                                                      const char           *code,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GuichetOveitScan *guichet_oveit_provider_scan_finish (GuichetOveitProvider *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
