/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_PARTICIPANTS_VIEW (guichet_participants_view_get_type ())
G_DECLARE_FINAL_TYPE (GuichetParticipantsView, guichet_participants_view, GUICHET, PARTICIPANTS_VIEW, AdwBin)

/* Lists @event's participants (NULL: nothing); the same event again reloads
 * the list (after a sync) and keeps the search. */
void guichet_participants_view_set_event (GuichetParticipantsView *self,
                                          GuichetStore            *store,
                                          GuichetEvent            *event);

G_END_DECLS
