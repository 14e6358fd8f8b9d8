/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_TICKETS_VIEW (guichet_tickets_view_get_type ())
G_DECLARE_FINAL_TYPE (GuichetTicketsView, guichet_tickets_view, GUICHET, TICKETS_VIEW, AdwBin)

/* Shows the category tree of @event (NULL: nothing). Showing the same event
 * again re-reads the tree (after a sync) and keeps the scan statistics. */
void guichet_tickets_view_set_event (GuichetTicketsView *self,
                                     GuichetStore       *store,
                                     GuichetHttpClient  *http_client,
                                     GuichetAccount     *account,
                                     GuichetEvent       *event);

G_END_DECLS
