/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Ticket Tailor API v1 (api.tickettailor.com). The API key is the HTTP
 * Basic user name (no password), checked with GET /v1/ping before an
 * account is saved. Every list is a cursor page (limit 100,
 * starting_after); a participants sync lists every issued ticket of the
 * event and resumes after the last one written when it was interrupted.
 * Check-ins are pushed with POST /v1/check_ins; those made elsewhere come
 * with GET /v1/check_ins at each sync. */

#define GUICHET_TYPE_TICKETTAILOR_PROVIDER (guichet_tickettailor_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetTicketTailorProvider, guichet_tickettailor_provider, GUICHET, TICKETTAILOR_PROVIDER, GuichetRestProvider)

/* Property "page-size": records asked for per page (1 to 100, default 100). */
guint      guichet_tickettailor_provider_get_page_size (GuichetTicketTailorProvider *self);
void       guichet_tickettailor_provider_set_page_size (GuichetTicketTailorProvider *self,
                                                        guint                        page_size);

G_END_DECLS
