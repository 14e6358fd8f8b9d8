/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-fake-server.h"
#include "guichet-test-utils.h"

G_BEGIN_DECLS

/* What the conformance suite (test-conformance.c) needs to know of one
 * provider kind: how to start its fake platform and what the fake holds.
 *
 * Adding a kind (every kind in src/providers/guichet-providers.c must have
 * one, or /conformance/table fails):
 *   1. write tests/conformance-<kind>.c defining
 *        const ConformanceKind conformance_<kind> = { .kind = "<kind>", ... };
 *      (conformance-weezevent.c is a complete example: a dozen lines of
 *      hooks around the kind's fake server);
 *   2. declare it below and add &conformance_<kind> to the kinds[] table in
 *      test-conformance.c;
 *   3. add 'conformance-<kind>.c' to conformance_sources and '<kind>' to
 *      conformance_kinds in tests/meson.build.
 * Then "meson test --suite conformance" runs every check with the kind's
 * name in each test name. */

typedef struct
{
  const char *kind;

  /* The fake platform. NULL fake_new: the kind has no network (demo); the
   * checks that need a server (refused sign-in, 429, session refused,
   * in-flight cancellation) are skipped for it, saying so. A fake built on
   * GuichetFakeServer gives fake_get_server and is done; another gives the
   * three hooks after it (faults it cannot make return FALSE). */
  gpointer            (*fake_new)        (GError **error);
  void                (*fake_free)       (gpointer fake);
  GuichetFakeServer  *(*fake_get_server) (gpointer fake);
  const char         *(*get_base_url)    (gpointer fake);
  /* Requests so far whose path is @path (exactly) */
  guint               (*count_requests)  (gpointer          fake,
                                          const char       *path);
  /* The next @count requests to @path fail with @fault (Retry-After: 1 for
   * a 429) */
  gboolean            (*add_fault)       (gpointer          fake,
                                          GuichetFakeFault  fault,
                                          const char       *path,
                                          guint             count);

  /* Sign-in: accepted and refused credentials (name, value, ..., NULL), the
   * account's login (login_field) or NULL, the path pattern of the sign-in
   * request (NULL: sign-in sends nothing), and a credential that must not
   * be among the secrets kept (a password traded for a token), or NULL. */
  const char * const *credentials;
  const char * const *bad_credentials;
  const char         *username;
  const char         *login_pattern;
  const char         *not_kept;

  /* The fake's event with participants, and how many fetch_participants
   * lists for it in a full run. */
  void                (*describe)        (gpointer     fake,
                                          char       **event_id,
                                          guint       *n_participants);
  /* Path pattern of the participant pages (faults are injected there). */
  const char         *participants_pattern;
  /* TRUE when the platform documents no paging for participants: the full
   * run is one listing (Fourvenues' GET /tickets). */
  gboolean            one_page;
  /* Optional: small pages so that paging shows, and the like. */
  void                (*configure)       (GuichetProvider *provider);
  /* Optional: the platform stops accepting the session (without it, the
   * provider is handed wrong secrets instead). */
  void                (*revoke)          (gpointer fake);
  /* Changes one participant of the event on the platform (or through
   * @provider) and returns its id: incremental sync must bring it back. */
  char               *(*change)          (gpointer         fake,
                                          GuichetProvider *provider);
  /* Ids the capability checks use (a ticket type of the event). */
  const char         *ticket_type_id;
} ConformanceKind;

extern const ConformanceKind conformance_weezevent;
extern const ConformanceKind conformance_tickettailor;
extern const ConformanceKind conformance_goevent;
extern const ConformanceKind conformance_fourvenues;
extern const ConformanceKind conformance_oveit;
extern const ConformanceKind conformance_demo;

G_END_DECLS
