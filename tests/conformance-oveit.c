/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "fake-oveit.h"

/* Oveit in the conformance suite: tests/fake-oveit (a GuichetFakeServer)
 * with 120 tickets; events/tickets lists them in one reply (the attendees
 * then come by "since"), every call a POST. */

#define N_TICKETS 120

static gpointer
oveit_fake_new (GError **error)
{
  return fake_oveit_new (N_TICKETS, error);
}

static void
oveit_describe (gpointer fake,
                char   **event_id,
                guint   *n_participants)
{
  *event_id = g_strdup (FAKE_OVEIT_EVENT);
  *n_participants = fake_oveit_get_n_tickets (fake);
}

static void
oveit_revoke (gpointer fake)
{
  fake_oveit_revoke (fake);
}

static const char * const oveit_credentials[] = {
  "email", FAKE_OVEIT_EMAIL, "password", FAKE_OVEIT_PASSWORD, NULL,
};
static const char * const oveit_bad_credentials[] = {
  "email", FAKE_OVEIT_EMAIL, "password", "not the password", NULL,
};

const ConformanceKind conformance_oveit = {
  .kind = "oveit",
  .fake_new = oveit_fake_new,
  .fake_free = (void (*) (gpointer)) fake_oveit_free,
  .fake_get_server = (GuichetFakeServer * (*) (gpointer)) fake_oveit_get_server,
  .credentials = oveit_credentials,
  .bad_credentials = oveit_bad_credentials,
  .username = FAKE_OVEIT_EMAIL,
  .login_pattern = "/api/seller/login",
  .not_kept = "password",
  .describe = oveit_describe,
  .participants_pattern = "/api/events/tickets",
  .one_page = TRUE,
  .revoke = oveit_revoke,
  .ticket_type_id = FAKE_OVEIT_VIP,
};
