/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_PARTICIPANTS_VIEW (guichet_participants_view_get_type ())
G_DECLARE_FINAL_TYPE (GuichetParticipantsView, guichet_participants_view, GUICHET, PARTICIPANTS_VIEW, GuichetPage)

/* The event's participants (a page: set "session" and "event"); the same
 * event again reloads the list (after a sync) and keeps the search. */

G_END_DECLS
