/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row that picks a day or none ("Never"): the day in its subtitle, a
 * calendar in a popover, and a button to clear it. */

#define GUICHET_TYPE_DATE_ROW (guichet_date_row_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDateRow, guichet_date_row, GUICHET, DATE_ROW, AdwActionRow)

/* Property "date": the day picked (local time, midnight), or NULL. */
GDateTime *guichet_date_row_get_date     (GuichetDateRow *self);
void       guichet_date_row_set_date     (GuichetDateRow *self,
                                          GDateTime      *date);
/* Reads "2026-12-31..." (ISO 8601; the day in its own offset); NULL or
 * unreadable clears. */
void       guichet_date_row_set_iso      (GuichetDateRow *self,
                                          const char     *iso);
/* The day's end in local time, "2026-12-31T23:59:59+01:00", or NULL. */
char      *guichet_date_row_dup_end_iso  (GuichetDateRow *self);

G_END_DECLS
