/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-fake-server.h"

G_BEGIN_DECLS

/* Test-only routes for fake servers run as programs (the CLI tests), not
 * part of any API and never authorized:
 *   GET  /__fake/requests   the request log as JSON: [{method, path, query,
 *                           body, authorization, api_key}] (control routes
 *                           left out)
 *   POST /__fake/fail?fault=429|500|malformed|drop|lost|delay&path=GLOB[&count=N][&ms=N]
 *                           the next N requests matching GLOB fail so (lost:
 *                           handled, then the connection closes unanswered) */
void fake_control_install (GuichetFakeServer *server);

G_END_DECLS
