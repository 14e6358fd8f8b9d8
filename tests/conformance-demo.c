/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "guichet-demo-data.h"
#include "guichet-demo-provider-private.h"

/* The demo box office in the conformance suite: no network, its own
 * generated data (the same in every process: a fixed seed). */

static void
demo_describe (gpointer fake,
               char   **event_id,
               guint   *n_participants)
{
  g_autoptr (GuichetDemoData) data = guichet_demo_data_new (NULL);
  GuichetEvent *event = g_ptr_array_index (data->events, 0);
  GPtrArray *participants = g_hash_table_lookup (data->participants, guichet_event_get_id (event));

  *event_id = g_strdup (guichet_event_get_id (event));
  *n_participants = participants->len;
}

/* A check-in changes a participant */
static char *
demo_change (gpointer         fake,
             GuichetProvider *provider)
{
  GuichetDemoData *data = _guichet_demo_provider_get_data (GUICHET_DEMO_PROVIDER (provider));
  GuichetEvent    *event = g_ptr_array_index (data->events, 0);
  GPtrArray *participants = g_hash_table_lookup (data->participants, guichet_event_get_id (event));
  GuichetParticipant *participant = NULL;

  for (guint i = 0; i < participants->len && participant == NULL; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);

      if (!guichet_participant_get_checked_in (p) &&
          guichet_participant_get_status (p) == GUICHET_PARTICIPANT_STATUS_VALID)
        participant = p;
    }
  g_assert_nonnull (participant);
  g_assert_true (guichet_demo_data_check_in (data, guichet_event_get_id (event),
                                             guichet_participant_get_barcode (participant),
                                             guichet_participant_get_id (participant),
                                             GUICHET_DIRECTION_IN,
                                             g_get_real_time () / G_USEC_PER_SEC));
  return g_strdup (guichet_participant_get_id (participant));
}

static const char * const demo_credentials[] = { NULL };

const ConformanceKind conformance_demo = {
  .kind = "demo",
  .credentials = demo_credentials,
  .describe = demo_describe,
  .change = demo_change,
};
