/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-fake-server.h"

G_BEGIN_DECLS

/* A fake GoEvent Developers API v1.0 (goevent-developers-v1.txt and the
 * GoEvent part of provider-docs/NOTES.md) on the provider test kit.
 *
 * - "Authorization: Bearer FAKE_GOEVENT_TOKEN" on every call; anything else
 *   is 401 {"statusCode": 401, "message": "Unauthorized"}.
 * - GET /events and GET /participants?eventId= page with "page" (default 1)
 *   and "limit" (default 20, at most 100; more is capped), answered with
 *   "paginate": {"hasNextPage", "nextPage" (null on the last page)}. With a
 *   page cap the server sends at most that many records a page whatever
 *   "limit" asks, as servers may. Bad numbers are 400.
 * - GET /event/{id} (the event and its tickets), GET /tickets?eventId=.
 * - POST /tickets/create (JSON): "eventId", "tickets" [{ticket_id,
 *   quantity}], "participant" absent, {"participantId"} (an existing one)
 *   or {first_name, last_name, email, phone} (a new one, added to the
 *   event's participants); answers the document's shape with a PDF link a
 *   ticket line. Refusals are 400 {"success": false, "message"}.
 * - Unknown ids are 404 {"statusCode": 404, "message"}.
 *
 * Data: the document's event FAKE_GOEVENT_EVENT ("Concert de Jazz", VIP
 * 100 and Standard 250) with @n_participants generated participants (the
 * first two are the document's John Doe and Jane Smith; every 17th is not
 * confirmed), then @n_events more generated events with one ticket each and
 * no participants.
 *
 * Test-only routes, not part of the API: fake-control.h. */

#define FAKE_GOEVENT_TOKEN     "fake-goevent-token-3b7e91"
#define FAKE_GOEVENT_EVENT     "507f1f77bcf86cd799439011"
#define FAKE_GOEVENT_VIP       "65fff7aada40be007f09ee95"
#define FAKE_GOEVENT_STANDARD  "65fff7aada40be007f09ee96"

typedef struct _FakeGoevent FakeGoevent;

FakeGoevent       *fake_goevent_new                 (guint         n_participants,
                                                     guint         n_events,
                                                     GError      **error);
void               fake_goevent_free                (FakeGoevent  *self);
GuichetFakeServer *fake_goevent_get_server          (FakeGoevent  *self);
const char        *fake_goevent_get_base_url        (FakeGoevent  *self);
/* Most records a page, whatever "limit" asks (0: limit honoured). */
void               fake_goevent_set_page_cap        (FakeGoevent  *self,
                                                     guint         cap);
/* Participants of FAKE_GOEVENT_EVENT now (issued ones included). */
guint              fake_goevent_get_n_participants  (FakeGoevent  *self);
/* Tickets sold of a ticket type (by POST /tickets/create). */
guint              fake_goevent_get_sold            (FakeGoevent  *self,
                                                     const char   *ticket_id);

/* Generated participant @index of FAKE_GOEVENT_EVENT: its id, and whether
 * it is confirmed. */
char              *fake_goevent_dup_participant_id  (guint         index);
gboolean           fake_goevent_is_confirmed        (guint         index);

G_END_DECLS
