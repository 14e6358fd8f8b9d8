/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Dates as the pages show them. */

/* An ISO 8601 date or date-time in the desk's zone, or NULL when @text is
 * empty. A date without a time is midnight. */
GDateTime *guichet_dates_parse       (const char   *text);
/* "Saturday 7 June 2025, 20:00" (@with_time) or "Sat 7 Jun 2025": in the
 * event's local time, the offset @text was written with ("…T20:00+02:00"
 * is 20:00 wherever the desk is), then " (UTC+02:00)" after a time when
 * that is not the desk's offset; in the desk's zone when @text has no
 * offset or is UTC ("…Z": the venue's zone is unknown). @text itself when
 * it cannot be read; NULL when it is empty. */
char      *guichet_dates_format      (const char   *text,
                                      gboolean      with_time);
/* An event's start and end: "Saturday 7 June 2025, 20:00 – 23:30", in the
 * start's zone as guichet_dates_format() shows it, the zone named once. */
char      *guichet_dates_format_when (GuichetEvent *event);

G_END_DECLS
