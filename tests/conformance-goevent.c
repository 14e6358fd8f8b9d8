/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "fake-goevent.h"

/* GoEvent in the conformance suite: tests/fake-goevent (a GuichetFakeServer)
 * with 120 participants, served 50 a page whatever "limit" asks. */

#define N_PARTICIPANTS 120

static gpointer
goevent_fake_new (GError **error)
{
  FakeGoevent *fake = fake_goevent_new (N_PARTICIPANTS, 2, error);

  if (fake != NULL)
    fake_goevent_set_page_cap (fake, 50);
  return fake;
}

static void
goevent_describe (gpointer fake,
                  char   **event_id,
                  guint   *n_participants)
{
  *event_id = g_strdup (FAKE_GOEVENT_EVENT);
  *n_participants = fake_goevent_get_n_participants (fake);
}

static const char * const goevent_credentials[] = {
  "token",
  FAKE_GOEVENT_TOKEN,
  NULL,
};
static const char * const goevent_bad_credentials[] = {
  "token",
  "not-the-token",
  NULL,
};

const ConformanceKind conformance_goevent = {
  .kind = "goevent",
  .fake_new = goevent_fake_new,
  .fake_free = (void (*) (gpointer)) fake_goevent_free,
  .fake_get_server = (GuichetFakeServer * (*) (gpointer)) fake_goevent_get_server,
  .credentials = goevent_credentials,
  .bad_credentials = goevent_bad_credentials,
  .login_pattern = "/events",
  .describe = goevent_describe,
  .participants_pattern = "/participants",
  .ticket_type_id = FAKE_GOEVENT_VIP,
};
