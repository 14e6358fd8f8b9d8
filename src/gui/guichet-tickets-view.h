/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_TICKETS_VIEW (guichet_tickets_view_get_type ())
G_DECLARE_FINAL_TYPE (GuichetTicketsView, guichet_tickets_view, GUICHET, TICKETS_VIEW, GuichetPage)

/* The event's category tree (a page: set "session" and "event"). Showing
 * the same event again re-reads the tree (after a sync) and keeps the scan
 * statistics. */

G_END_DECLS
