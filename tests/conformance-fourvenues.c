/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "fake-fourvenues.h"

/* Fourvenues in the conformance suite: tests/fake-fourvenues (a
 * GuichetFakeServer) with 90 tickets in one listing (the API pages
 * nothing). */

#define N_TICKETS 90

static gpointer
fourvenues_fake_new (GError **error)
{
  return fake_fourvenues_new (N_TICKETS, error);
}

static void
fourvenues_describe (gpointer fake,
                     char   **event_id,
                     guint   *n_participants)
{
  *event_id = g_strdup (FAKE_FOURVENUES_EVENT);
  *n_participants = fake_fourvenues_get_n_tickets (fake);
}

static const char * const fourvenues_credentials[] = {
  "api_key",
  FAKE_FOURVENUES_API_KEY,
  NULL,
};
static const char * const fourvenues_bad_credentials[] = {
  "api_key",
  "fv_revoked_key",
  NULL,
};

const ConformanceKind conformance_fourvenues = {
  .kind = "fourvenues",
  .fake_new = fourvenues_fake_new,
  .fake_free = (void (*) (gpointer)) fake_fourvenues_free,
  .fake_get_server = (GuichetFakeServer * (*) (gpointer)) fake_fourvenues_get_server,
  .credentials = fourvenues_credentials,
  .bad_credentials = fourvenues_bad_credentials,
  .login_pattern = "/auth",
  .describe = fourvenues_describe,
  .participants_pattern = "/tickets",
  .one_page = TRUE,
  .ticket_type_id = FAKE_FOURVENUES_GENERAL,
};
