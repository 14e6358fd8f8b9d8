/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

/* A row of the sidebar: an event's name and date. */

#define GUICHET_TYPE_EVENT_ROW (guichet_event_row_get_type ())
G_DECLARE_FINAL_TYPE (GuichetEventRow, guichet_event_row, GUICHET, EVENT_ROW, GtkListBoxRow)

GtkWidget    *guichet_event_row_new       (GuichetEvent    *event);
/* Property "event" (construct-only) */
GuichetEvent *guichet_event_row_get_event (GuichetEventRow *self);

G_END_DECLS
