/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Values as people read them, in their language and locale. No GTK here:
 * tests/test-format.c runs these under French and American English. */

/* A platform's event status: the known ones translated ("on_sale" ->
 * "On Sale", "En vente" in French), any other humanized ("pre_sale" ->
 * "Pre sale") rather than shown raw; NULL when @status is NULL or "". */
char *guichet_format_event_status     (const char *status);
/* "4% checked in" in English, "4 % entrés" in French: the share
 * rounded down to a whole percent (never 100% while someone is missing),
 * 0% of nobody. */
char *guichet_format_checked_in_share (gint64      checked_in,
                                       gint64      total);
/* A participant's status in words ("Voided", "Annulé" in French), the
 * one place the list and the details page both name it; "" for a status
 * this build does not know. */
const char *guichet_format_participant_status (GuichetParticipantStatus status);

G_END_DECLS
