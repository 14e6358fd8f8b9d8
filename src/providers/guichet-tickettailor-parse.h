/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Pure parsing of Ticket Tailor API v1 replies into Guichet objects: no
 * network, no main context, safe to call from a worker thread. Reads
 * tolerantly (provider-docs/NOTES.md): booleans as "true"/"false" strings,
 * numbers as text, null where a value is documented, unknown members
 * ignored, the live names beside the documented ones (face_value_amount
 * for price, "voided" for "void", ...). A record that cannot be used (no
 * id) is GUICHET_ERROR_MALFORMED for that record; a list reply without its
 * "data" array is GUICHET_ERROR_MALFORMED as a whole. */

/* One check-in (GET/POST /v1/check_ins). */
typedef struct
{
  char   *id;
  char   *event_id;
  char   *issued_ticket_id;
  gint64  check_in_at;   /* unix time, 0 when absent */
  gint64  quantity;
} GuichetTicketTailorCheckIn;

void guichet_tickettailor_check_in_free (GuichetTicketTailorCheckIn *check_in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetTicketTailorCheckIn, guichet_tickettailor_check_in_free)

/* A date member: the documented object ({"iso", "unix", ...}), a unix time
 * (number or text) or "YYYY-MM-DD HH:MM:SS" (UTC). Unix time, 0 when
 * absent or unreadable. */
gint64      guichet_tickettailor_parse_time       (JsonObject  *object,
                                                   const char  *member);
/* Same, as ISO 8601 text ("2020-05-01T22:30:00+01:00"), NULL when absent. */
char       *guichet_tickettailor_dup_time         (JsonObject  *object,
                                                   const char  *member);

/* The items of a list reply ({"data": [...], "links": {...}}); not a new
 * reference. */
JsonArray  *guichet_tickettailor_list_items       (JsonNode    *root,
                                                   GError     **error);
/* links.next of a list reply, NULL when null or missing. */
char       *guichet_tickettailor_dup_next_link    (JsonNode    *root);

/* GET /v1/ping: TRUE when the reply is the documented {"version": ...}. */
gboolean    guichet_tickettailor_parse_ping       (JsonNode    *root,
                                                   GError     **error);

GuichetEvent *guichet_tickettailor_parse_event    (JsonObject  *object,
                                                   const char  *account_id,
                                                   GError     **error);
/* GET /v1/events: GuichetEvent objects (bad records skipped). */
GPtrArray  *guichet_tickettailor_parse_events     (JsonNode    *root,
                                                   const char  *account_id,
                                                   GError     **error);
/* The category tree of an event object: ticket groups become categories
 * holding their ticket types, in sort_order; ungrouped ticket types sit at
 * the top level. Prices in major units of the event currency. */
GPtrArray  *guichet_tickettailor_parse_categories (JsonObject  *event,
                                                   GError     **error);

/* An issued ticket as a participant. @event_id is used when the record has
 * no event_id. The seat ("reservation") and the custom questions go in the
 * answers. */
GuichetParticipant *guichet_tickettailor_parse_issued_ticket (JsonObject  *object,
                                                              const char  *event_id,
                                                              GError     **error);
/* POST /v1/issued_tickets: {"data": [ticket]} or the ticket itself. */
GuichetParticipant *guichet_tickettailor_parse_issue_reply   (JsonNode    *root,
                                                              const char  *event_id,
                                                              GError     **error);

GuichetOrder       *guichet_tickettailor_parse_order         (JsonObject  *object,
                                                              const char  *account_id,
                                                              GError     **error);
GuichetDiscount    *guichet_tickettailor_parse_discount      (JsonObject  *object,
                                                              const char  *account_id,
                                                              GError     **error);
GuichetVoucher     *guichet_tickettailor_parse_voucher       (JsonObject  *object,
                                                              const char  *account_id,
                                                              GError     **error);
GuichetVoucherCode *guichet_tickettailor_parse_voucher_code  (JsonObject  *object,
                                                              const char  *voucher_id,
                                                              GError     **error);
GuichetTicketTailorCheckIn *guichet_tickettailor_parse_check_in (JsonObject  *object,
                                                                 GError     **error);

/* {"id", "object", "voided": true} / {"deleted": true}: TRUE when the
 * member says true (boolean or text); GUICHET_ERROR_MALFORMED otherwise. */
gboolean    guichet_tickettailor_parse_confirmation (JsonNode   *root,
                                                     const char *member,
                                                     GError    **error);

G_END_DECLS
