/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* One participant in full: every field, the form answers, the order, the
 * ticket's history in the check-in journal, and a manual check-in with its
 * undo (through GuichetDoor, in a worker thread, like the door page).
 * Signals: "back" (the user leaves the details), "changed" (a check-in or
 * an undo was journaled). */

#define GUICHET_TYPE_PARTICIPANT_DETAILS (guichet_participant_details_get_type ())
G_DECLARE_FINAL_TYPE (GuichetParticipantDetails, guichet_participant_details, GUICHET, PARTICIPANT_DETAILS, AdwBin)

/* Shows @participant of @page's event; reads its journal entries in the
 * background. @page is not owned: it holds the details. */
void guichet_participant_details_show  (GuichetParticipantDetails *self,
                                        GuichetPage               *page,
                                        GuichetParticipant        *participant);
/* Forgets the participant (another event). */
void guichet_participant_details_clear (GuichetParticipantDetails *self);

G_END_DECLS
