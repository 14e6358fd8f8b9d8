/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Pure parsing of Fourvenues channels API replies
 * (fourvenues-channels-api.txt and the Fourvenues part of
 * provider-docs/NOTES.md) into Guichet objects: safe in a worker thread,
 * tolerant (unknown members ignored, null where a value is documented,
 * numbers as text). Money is in major units with decimals. */

/* {"success": true, "data": X} -> X (a new reference). "success": false is
 * GUICHET_ERROR_FAILED with the server's "message" (or "error"); a reply
 * without the envelope is GUICHET_ERROR_MALFORMED. */
JsonNode   *guichet_fourvenues_unwrap          (JsonNode    *root,
                                                GError     **error);

/* GET /auth: the channel's name and its hosts' names (NULL-terminated). */
typedef struct
{
  char  *channel_id;
  char  *channel_name;
  char **hosts;
} GuichetFourvenuesChannel;

void        guichet_fourvenues_channel_free    (GuichetFourvenuesChannel *channel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetFourvenuesChannel, guichet_fourvenues_channel_free)
GuichetFourvenuesChannel *guichet_fourvenues_parse_auth (JsonNode  *data,
                                                         GError   **error);

/* Events: "_id" (or "id"), name, start_date/end_date, the location's name
 * and city as the venue. */
GuichetEvent *guichet_fourvenues_parse_event   (JsonObject  *object,
                                                const char  *account_id,
                                                GError     **error);
GPtrArray  *guichet_fourvenues_parse_events    (JsonNode    *data,
                                                const char  *account_id,
                                                GError     **error);

/* One price of a rate; the active one decides the rate's price. */
typedef struct
{
  char     *id;
  char     *name;
  GuichetMoney price;       /* no currency: the event has it */
  gboolean  fee_percentage; /* fee_type "percentage"; else "fixed" */
  gint64    fee_quantity;   /* hundredths of a percent, or minor units */
} GuichetFourvenuesPrice;

typedef struct
{
  char         *id;
  GuichetMoney  price;
} GuichetFourvenuesSupplement;

typedef struct
{
  char      *id;
  char      *label;
  gboolean   required;
} GuichetFourvenuesQuestion;

/* A ticket rate as the desk needs it to sell one. */
typedef struct
{
  char                   *id;
  char                   *event_id;
  char                   *name;          /* label, else name */
  GuichetFourvenuesPrice *active;        /* NULL: no price on sale */
  GPtrArray              *prices;        /* GuichetFourvenuesPrice */
  GPtrArray              *supplements;   /* GuichetFourvenuesSupplement */
  GPtrArray              *questions;     /* GuichetFourvenuesQuestion */
  gint64                  sold;
  gint64                  available;     /* -1: unknown */
  gboolean                on_sale;       /* "available" */
} GuichetFourvenuesRate;

void        guichet_fourvenues_rate_free       (GuichetFourvenuesRate *rate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetFourvenuesRate, guichet_fourvenues_rate_free)

/* One rate; @event_id when the rate does not say. The active price is
 * current_price (an object, a price id or a number), else the first price
 * still valid at @now (unix time; 0: now). */
GuichetFourvenuesRate *guichet_fourvenues_parse_rate (JsonObject  *object,
                                                      const char  *event_id,
                                                      gint64       now,
                                                      GError     **error);
/* GET /ticket-rates?event_id= (a list) or an event's "ticket_rates". */
GPtrArray  *guichet_fourvenues_parse_rates     (JsonNode    *data,
                                                const char  *event_id,
                                                gint64       now,
                                                GError     **error);
/* A rate as a flat category: the active price, sold and quota
 * (sold + available), in @currency. */
GuichetTicketCategory *guichet_fourvenues_rate_to_category (GuichetFourvenuesRate *rate,
                                                            const char            *currency);

/* The fee and total of one ticket at @price with the supplements of
 * @supplement_ids (NULL-terminated, may be NULL), as the document computes
 * them: the fee on the price (percentage or fixed), total_price = price +
 * fee + supplements, the fee rounded half away from zero to the cent.
 * FALSE with @error when a supplement is not the rate's. */
gboolean    guichet_fourvenues_compute_totals  (GuichetFourvenuesRate        *rate,
                                                const GuichetFourvenuesPrice *price,
                                                const char * const           *supplement_ids,
                                                GuichetMoney                 *fee,
                                                GuichetMoney                 *total,
                                                GError                      **error);

/* A ticket as a participant: qr_code the barcode, full_name split, status
 * processing/pending_payment unpaid, voided voided (refunded when money went
 * back), active/filled_client valid; checked in when everyone it admits
 * ("for") has entered ("enter"), else "entries" the entries left (for -
 * enter), which the door admits. @questions (question id -> label, may be
 * NULL) names the answers. *@admits / *@entered (may be NULL) get "for"
 * and "enter". */
GuichetParticipant *guichet_fourvenues_parse_ticket (JsonObject  *object,
                                                     const char  *event_id,
                                                     GHashTable  *questions,
                                                     gint64      *admits,
                                                     gint64      *entered,
                                                     GError     **error);
/* A list of tickets (GET /tickets, GET /tickets/by-code/{code}, POST
 * /tickets), bad records skipped. */
GPtrArray  *guichet_fourvenues_parse_tickets   (JsonNode    *data,
                                                const char  *event_id,
                                                GHashTable  *questions,
                                                GError     **error);

G_END_DECLS
