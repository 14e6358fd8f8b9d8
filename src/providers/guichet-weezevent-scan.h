/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-weezevent-parse.h"

G_BEGIN_DECLS

/* A /participants page read in one pass over its text, without a JSON tree:
 * the way guichet_weezevent_parse_participants() tries first. It gives what
 * the json-glib way gives, or declines (NULL, never an error) when the page
 * holds anything it is not sure to read as json-glib would: invalid JSON or
 * UTF-8, escapes or numbers JSON does not allow, lone surrogates, deep
 * nesting, escaped member names where it looks. The caller then parses the
 * page with json-glib. A record it cannot read alone (a fraction where an
 * id is expected, an owner that is not an object, a control character in
 * an answer, whose escape json-glib writes its own way) is handed to
 * guichet_weezevent_parse_participant(); @n_deferred (may be NULL) gets how
 * many were. */
GuichetWeezeventParticipants *_guichet_weezevent_scan_participants (GBytes     *bytes,
                                                                    const char *event_id,
                                                                    guint      *n_deferred);

G_END_DECLS
