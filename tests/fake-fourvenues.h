/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-fake-server.h"

G_BEGIN_DECLS

/* A fake Fourvenues channels API (fourvenues-channels-api.txt and the
 * Fourvenues part of provider-docs/NOTES.md) on the provider test kit.
 *
 * - "X-Api-Key: FAKE_FOURVENUES_API_KEY" on every call; anything else is
 *   401 {"success": false, "message": "Unauthorized"}. Every reply is the
 *   {"success", "data"} envelope; refusals are {"success": false,
 *   "message"} with 400, 403 or 404.
 * - GET /auth: {"message": "Authed", "channel": {..., "hosts": [...]}}.
 * - GET /events (start_date, end_date as YYYY-MM-DD: events starting in the
 *   window; a bad date is 400), GET /events/{id}: events embed ticket_rates.
 * - GET /ticket-rates?event_id=, GET /tickets?event_id= (no paging),
 *   GET /tickets/by-code/{code} (data is a list even for one ticket).
 * - POST /tickets: the document's body. Checked: quantity matches the
 *   tickets, the rate is on sale, price_id is its active price, fee and
 *   total_price are the document's (fee on the price, percentage or fixed;
 *   total = price + fee + supplements), full_name given, required questions
 *   answered, supplements the rate's, qr_code unique. Answers the document's
 *   shape; the rate's sold count goes up.
 * - PUT /tickets/{id}/refund {"amount"}: the first call voids the ticket;
 *   403 when the key may not refund (fake_fourvenues_set_refunds_allowed).
 *
 * Data: tests/data/fourvenues/events.json, its events moved to 7 and 26
 * days from now (so a window around today holds them), and @n_tickets
 * generated tickets of its first event FAKE_FOURVENUES_EVENT (see the index
 * functions below). Rates: General (12.00 + 10 %, a required question, a
 * 1.00 supplement), VIP (for 4, not on sale), Door (15.50 + 1.50 fixed).
 *
 * Test-only routes: fake-control.h, and POST /__fake/sell?qr_code=CODE&
 * for=N (a ticket sold elsewhere, after the desk's last sync), POST
 * /__fake/enter?qr_code=CODE (someone entered at another door). */

#define FAKE_FOURVENUES_API_KEY   "fv_fake_key_6d2a91c4"
#define FAKE_FOURVENUES_EVENT     "6507c0ffee0000000000a001"
#define FAKE_FOURVENUES_EVENT_2   "6507c0ffee0000000000a002"
#define FAKE_FOURVENUES_GENERAL   "5f8d0f8b9d2b3b0017b6d8a0"
#define FAKE_FOURVENUES_VIP       "5f8d0f8b9d2b3b0017b6d8a1"
#define FAKE_FOURVENUES_DOOR      "5f8d0f8b9d2b3b0017b6d8a2"
#define FAKE_FOURVENUES_PRICE     "1643064796675"
#define FAKE_FOURVENUES_SUPPLEMENT "1234567890"
#define FAKE_FOURVENUES_QUESTION  "q-city"

typedef struct _FakeFourvenues FakeFourvenues;

FakeFourvenues    *fake_fourvenues_new                  (guint            n_tickets,
                                                         GError         **error);
void               fake_fourvenues_free                 (FakeFourvenues  *self);
GuichetFakeServer *fake_fourvenues_get_server           (FakeFourvenues  *self);
const char        *fake_fourvenues_get_base_url         (FakeFourvenues  *self);
void               fake_fourvenues_set_refunds_allowed  (FakeFourvenues  *self,
                                                         gboolean         allowed);
/* A ticket sold after the desk's sync; returns its id. */
char              *fake_fourvenues_sell                 (FakeFourvenues  *self,
                                                         const char      *qr_code,
                                                         guint            admits);
/* The ticket's status and "enter" count now (NULL / -1 when unknown). */
char              *fake_fourvenues_dup_status           (FakeFourvenues  *self,
                                                         const char      *qr_code);
guint              fake_fourvenues_get_n_tickets        (FakeFourvenues  *self);

/* Generated ticket @index of FAKE_FOURVENUES_EVENT. */
char              *fake_fourvenues_dup_qr_code          (guint            index);
/* "for": 4 for every 10th ticket (a VIP reservation), else 1 */
guint              fake_fourvenues_admits               (guint            index);
/* "active", "filled_client", "pending_payment", "processing", "voided" */
const char        *fake_fourvenues_status               (guint            index);
/* every 7th ticket: everyone it admits has entered */
gboolean           fake_fourvenues_entered              (guint            index);

G_END_DECLS
