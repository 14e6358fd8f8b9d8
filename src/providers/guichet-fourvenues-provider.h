/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"
#include "guichet-fourvenues-parse.h"

G_BEGIN_DECLS

/* Fourvenues channels API (channels-service.fourvenues.com): an X-Api-Key
 * checked with GET /auth when the account is added, kept in the keyring.
 * Replies come in the {"success", "data"} envelope. Ticket rates are flat
 * categories, an event's tickets its participants (the QR code as the
 * barcode). The API has no check-in call: check-ins stay in the local
 * journal; a code the cache does not know can be looked up on the platform
 * (guichet_fourvenues_provider_find_code_async()). */

/* The test host (alpha), for the account dialog and --base-url. */
#define GUICHET_FOURVENUES_ALPHA_URL "https://channels-service-alpha.fourvenues.com"

#define GUICHET_TYPE_FOURVENUES_PROVIDER (guichet_fourvenues_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetFourvenuesProvider, guichet_fourvenues_provider, GUICHET, FOURVENUES_PROVIDER, GuichetRestProvider)

/* Property "days-back" / "days-ahead": the window of GET /events around
 * today (start_date, end_date), default 30 and 365 days. "channel-name"
 * (read-only): the channel GET /auth named at sign-in. */
void        guichet_fourvenues_provider_set_window      (GuichetFourvenuesProvider *self,
                                                         guint                      days_back,
                                                         guint                      days_ahead);
const char *guichet_fourvenues_provider_get_channel_name (GuichetFourvenuesProvider *self);

/* GET /auth with the key the provider holds. */
void        guichet_fourvenues_provider_check_key_async  (GuichetFourvenuesProvider *self,
                                                          GCancellable              *cancellable,
                                                          GAsyncReadyCallback        callback,
                                                          gpointer                   user_data);
GuichetFourvenuesChannel *guichet_fourvenues_provider_check_key_finish (GuichetFourvenuesProvider  *self,
                                                                        GAsyncResult               *result,
                                                                        GError                    **error);

/* GET /ticket-rates?event_id=: GuichetFourvenuesRate. */
void        guichet_fourvenues_provider_list_rates_async  (GuichetFourvenuesProvider *self,
                                                           const char                *event_id,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
GPtrArray  *guichet_fourvenues_provider_list_rates_finish (GuichetFourvenuesProvider  *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

/* GET /tickets/by-code/{code}: the tickets holding @code, as participants
 * (an empty array when there is none). Never retried: the door waits. */
void        guichet_fourvenues_provider_find_code_async   (GuichetFourvenuesProvider *self,
                                                           const char                *code,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
GPtrArray  *guichet_fourvenues_provider_find_code_finish  (GuichetFourvenuesProvider  *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

/* One ticket sold at the desk (POST /tickets). */
typedef struct
{
  char       *rate_id;
  char       *price_id;        /* NULL: the rate's active price */
  char       *full_name;
  char       *email;
  char       *phone;
  char       *qr_code;         /* NULL: Fourvenues makes one */
  GHashTable *answers;         /* question id -> answer, or NULL */
  GStrv       supplement_ids;  /* or NULL */
} GuichetFourvenuesSale;

void guichet_fourvenues_sale_free (GuichetFourvenuesSale *sale);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetFourvenuesSale, guichet_fourvenues_sale_free)

/* Reads the event's rates, computes the fee and total as the document
 * does, and creates the ticket. Returns the new participant. */
void        guichet_fourvenues_provider_sell_async        (GuichetFourvenuesProvider *self,
                                                           const char                *event_id,
                                                           GuichetFourvenuesSale     *sale,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
GuichetParticipant *guichet_fourvenues_provider_sell_finish (GuichetFourvenuesProvider  *self,
                                                             GAsyncResult               *result,
                                                             GError                    **error);

G_END_DECLS
