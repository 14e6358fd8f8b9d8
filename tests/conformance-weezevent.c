/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "fake-weezevent.h"

/* Weezevent in the conformance suite: tests/fake-weezevent with 450
 * generated participants, read 100 a page. */

#define N_PARTICIPANTS 450

static gpointer
weezevent_fake_new (GError **error)
{
  return fake_weezevent_new (NULL, N_PARTICIPANTS, error);
}

static void
weezevent_describe (gpointer fake,
                    char   **event_id,
                    guint   *n_participants)
{
  *event_id = g_strdup (FAKE_WEEZEVENT_EVENT);
  *n_participants = N_PARTICIPANTS;
}

static void
weezevent_configure (GuichetProvider *provider)
{
  g_object_set (provider, "page-size", 100, NULL);
}

static char *
weezevent_change (gpointer         fake,
                  GuichetProvider *provider)
{
  g_autofree char *id = fake_weezevent_dup_participant_id (3);

  g_assert_true (fake_weezevent_rename_participant (fake, id, "Changed", "Name"));
  return g_steal_pointer (&id);
}

static const char * const weezevent_credentials[] = {
  "api_key", FAKE_WEEZEVENT_API_KEY, "password", FAKE_WEEZEVENT_PASSWORD, NULL,
};
static const char * const weezevent_bad_credentials[] = {
  "api_key", FAKE_WEEZEVENT_API_KEY, "password", "not-the-password", NULL,
};

const ConformanceKind conformance_weezevent = {
  .kind = "weezevent",
  .fake_new = weezevent_fake_new,
  .fake_free = (void (*) (gpointer)) fake_weezevent_free,
  .fake_get_server = (GuichetFakeServer * (*) (gpointer)) fake_weezevent_get_server,
  .credentials = weezevent_credentials,
  .bad_credentials = weezevent_bad_credentials,
  .username = FAKE_WEEZEVENT_USERNAME,
  .login_pattern = "/auth/access_token",
  .not_kept = "password",
  .describe = weezevent_describe,
  .participants_pattern = "/participants",
  .configure = weezevent_configure,
  .revoke = (void (*) (gpointer)) fake_weezevent_revoke_token,
  .change = weezevent_change,
  .ticket_type_id = "75632",
};
