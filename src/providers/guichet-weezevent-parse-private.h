/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-weezevent-parse.h"

G_BEGIN_DECLS

/* guichet_weezevent_parse_participants(), choosing the way: with
 * @allow_scan, the one-pass scanner (guichet-weezevent-scan.h) first and
 * json-glib for the pages it declines; without, json-glib alone. Both give
 * the same page, or the same error: tests compare them. */
GuichetWeezeventParticipants *_guichet_weezevent_parse_participants_full (GBytes      *bytes,
                                                                          const char  *event_id,
                                                                          gboolean     allow_scan,
                                                                          GError     **error);

G_END_DECLS
