/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Pure parsing of GoEvent Developers v1.0 replies (goevent-developers-v1.txt)
 * into Guichet objects: no network, safe in a worker thread. Tolerant as
 * provider-docs/NOTES.md asks: unknown members ignored, null where a value
 * is documented, numbers as text. A record without an id is
 * GUICHET_ERROR_MALFORMED for that record; a reply without its list is
 * GUICHET_ERROR_MALFORMED as a whole.
 *
 * GoEvent participants carry no barcode and what the ticket's QR code holds
 * is not documented: a participant's barcode is its id (NOTES.md). */

/* "2024-06-15T20:00:00.000Z" -> "2024-06-15T20:00:00+00:00"; NULL when
 * missing or unreadable. */
char               *guichet_goevent_dup_time           (JsonObject  *object,
                                                        const char  *member);

/* One event object (of GET /events or GET /event/{id}). */
GuichetEvent       *guichet_goevent_parse_event        (JsonObject  *object,
                                                        const char  *account_id,
                                                        GError     **error);
/* GET /events: {"events": [...], "paginate": {...}}; bad records skipped. */
GPtrArray          *guichet_goevent_parse_events       (JsonNode    *root,
                                                        const char  *account_id,
                                                        GError     **error);
/* One ticket (a flat category: name, "quantity" as the quota). */
GuichetTicketCategory *guichet_goevent_parse_ticket    (JsonObject  *object,
                                                        const char  *event_id,
                                                        GError     **error);
/* GET /tickets?eventId= and the "tickets" of GET /event/{id}: categories,
 * all at the top level. */
GPtrArray          *guichet_goevent_parse_tickets      (JsonNode    *root,
                                                        const char  *event_id,
                                                        GError     **error);
/* GET /event/{id}: the event, and its tickets in *@tickets when not NULL. */
GuichetEvent       *guichet_goevent_parse_event_reply  (JsonNode    *root,
                                                        const char  *account_id,
                                                        GPtrArray  **tickets,
                                                        GError     **error);
/* One participant of GET /participants. Its barcode is its id; "confirmed"
 * false reads as unpaid (a registration not confirmed); phone and address
 * become answers. */
GuichetParticipant *guichet_goevent_parse_participant  (JsonObject  *object,
                                                        const char  *event_id,
                                                        GError     **error);
/* GET /participants: participant objects (bad records skipped). */
GPtrArray          *guichet_goevent_parse_participants (JsonNode    *root,
                                                        const char  *event_id,
                                                        GError     **error);

/* POST /tickets/create. */
typedef struct
{
  GuichetParticipant *participant;  /* NULL when the tickets went to no one */
  GPtrArray          *links;        /* (element-type GuichetGoeventTicketLink) */
} GuichetGoeventIssue;

typedef struct
{
  char   *name;
  char   *url;
  gint64  quantity;
} GuichetGoeventTicketLink;

void                 guichet_goevent_issue_free      (GuichetGoeventIssue *issue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetGoeventIssue, guichet_goevent_issue_free)

/* {"success": true, "participant": {...} | null, "tickets": [{name, url,
 * quantity}]}. "success" false (or missing with no tickets) is an error.
 * The participant (when there is one) is for @event_id, with the ticket
 * links in its answers ("Ticket VIP" -> URL). */
GuichetGoeventIssue *guichet_goevent_parse_issue     (JsonNode    *root,
                                                      const char  *event_id,
                                                      GError     **error);

G_END_DECLS
