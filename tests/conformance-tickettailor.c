/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "fake-tickettailor.h"

/* Ticket Tailor in the conformance suite: tests/fake-tickettailor (its own
 * server, so the three hooks) with 250 issued tickets, 100 a page. */

#define N_TICKETS 250

static gpointer
tickettailor_fake_new (GError **error)
{
  return fake_tickettailor_new (NULL, N_TICKETS, error);
}

static void
tickettailor_describe (gpointer fake,
                       char   **event_id,
                       guint   *n_participants)
{
  *event_id = g_strdup (FAKE_TICKETTAILOR_EVENT);
  *n_participants = N_TICKETS;
}

static guint
tickettailor_count (gpointer    fake,
                    const char *path)
{
  return fake_tickettailor_count_requests (fake, NULL, path);
}

static gboolean
tickettailor_fault (gpointer         fake,
                    GuichetFakeFault fault,
                    const char      *path,
                    guint            count)
{
  FakeTicketTailorFault own;

  switch (fault)
    {
    case GUICHET_FAKE_FAULT_RATE_LIMIT:
      own = FAKE_TICKETTAILOR_FAULT_429;
      break;
    case GUICHET_FAKE_FAULT_STATUS:
      own = FAKE_TICKETTAILOR_FAULT_500;
      break;
    case GUICHET_FAKE_FAULT_MALFORMED:
      own = FAKE_TICKETTAILOR_FAULT_MALFORMED;
      break;
    case GUICHET_FAKE_FAULT_DROP:
      own = FAKE_TICKETTAILOR_FAULT_DROP;
      break;
    case GUICHET_FAKE_FAULT_DELAY:
    default:
      return FALSE;
    }
  fake_tickettailor_fail_next (fake, own, path, count);
  return TRUE;
}

static const char * const tickettailor_credentials[] = {
  "api_key",
  FAKE_TICKETTAILOR_API_KEY,
  NULL,
};
static const char * const tickettailor_bad_credentials[] = {
  "api_key",
  "sk_fake_not_the_key",
  NULL,
};

const ConformanceKind conformance_tickettailor = {
  .kind = "tickettailor",
  .fake_new = tickettailor_fake_new,
  .fake_free = (void (*) (gpointer)) fake_tickettailor_free,
  .get_base_url = (const char *(*) (gpointer)) fake_tickettailor_get_base_url,
  .count_requests = tickettailor_count,
  .add_fault = tickettailor_fault,
  .credentials = tickettailor_credentials,
  .bad_credentials = tickettailor_bad_credentials,
  .login_pattern = "/v1/ping",
  .describe = tickettailor_describe,
  .participants_pattern = "/v1/issued_tickets",
};
