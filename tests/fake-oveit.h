/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-fake-server.h"

G_BEGIN_DECLS

/* A fake Oveit API (oveit-api-tickets.txt and the Oveit part of
 * provider-docs/NOTES.md) on the provider test kit.
 *
 * - Every call is a POST under /api/ with form parameters. seller/login
 *   takes email and password and gives a token (expires_in 172800); every
 *   other call needs "token" (or "Authorization: Bearer"): a wrong or
 *   revoked token is HTTP 403, every other error HTTP 200 {"error": "..."}.
 * - seller/events: tests/data/oveit/seller-events.json (event 100 has the
 *   generated tickets; 99 is perpetual).
 * - events/tickets (id): every code with its check-in state.
 * - events/attendees (id, since = the last ticket code seen): pages of 50
 *   in the live shape ({"fields", "total", "attendees"}).
 * - tickets/checkin (ticket_code or rfid_code, ticket_type_id, addon_id):
 *   admits once; a ticket already in answers {"ok": false, "error",
 *   "ticket", "checkins"}; tickets/scan answers the same without admitting.
 *   Every ticket also has the RFID tag fake_oveit_dup_rfid().
 *
 * Test-only routes: fake-control.h, and POST /__fake/checkin?code=CODE
 * [&ago=SECONDS] (a check-in at another door, now or that long ago), POST
 * /__fake/revoke (the token expires). */

#define FAKE_OVEIT_EMAIL     "boxoffice@example.invalid"
#define FAKE_OVEIT_PASSWORD  "fake-oveit-Pa55-c0d3"
#define FAKE_OVEIT_EVENT     "100"
#define FAKE_OVEIT_VIP       "123"

typedef struct _FakeOveit FakeOveit;

FakeOveit         *fake_oveit_new             (guint       n_tickets,
                                               GError    **error);
void               fake_oveit_free            (FakeOveit  *self);
GuichetFakeServer *fake_oveit_get_server      (FakeOveit  *self);
const char        *fake_oveit_get_base_url    (FakeOveit  *self);
guint              fake_oveit_get_n_tickets   (FakeOveit  *self);
/* Check-ins of @code on the platform now. */
guint              fake_oveit_get_n_checkins  (FakeOveit  *self,
                                               const char *code);
/* A check-in of @code at another door, now. */
void               fake_oveit_check_in_elsewhere (FakeOveit  *self,
                                                  const char *code);
/* The current token stops working (a fresh login gives a new one). */
void               fake_oveit_revoke          (FakeOveit  *self);

char              *fake_oveit_dup_code        (guint       index);
char              *fake_oveit_dup_rfid        (guint       index);
/* every 9th ticket is checked in already */
gboolean           fake_oveit_is_checked_in   (guint       index);

G_END_DECLS
