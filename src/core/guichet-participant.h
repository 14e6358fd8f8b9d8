/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_PARTICIPANT (guichet_participant_get_type ())
G_DECLARE_FINAL_TYPE (GuichetParticipant, guichet_participant, GUICHET, PARTICIPANT, GObject)

/* Built with g_object_new (GUICHET_TYPE_PARTICIPANT, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_participant_get_id (GuichetParticipant *self);
const char *           guichet_participant_get_event_id (GuichetParticipant *self);
const char *           guichet_participant_get_date_id (GuichetParticipant *self);
const char *           guichet_participant_get_barcode (GuichetParticipant *self);
const char *           guichet_participant_get_first_name (GuichetParticipant *self);
const char *           guichet_participant_get_last_name (GuichetParticipant *self);
const char *           guichet_participant_get_email (GuichetParticipant *self);
const char *           guichet_participant_get_ticket_type_id (GuichetParticipant *self);
const char *           guichet_participant_get_ticket_type_name (GuichetParticipant *self);
GuichetParticipantStatus guichet_participant_get_status (GuichetParticipant *self);
gboolean               guichet_participant_get_checked_in (GuichetParticipant *self);
const char *           guichet_participant_get_checked_in_at (GuichetParticipant *self);
const char *           guichet_participant_get_order_id (GuichetParticipant *self);
const char *           guichet_participant_get_answers (GuichetParticipant *self);
/* Where the holder sits, where the provider gives one; NULL otherwise. */
const char *           guichet_participant_get_seat (GuichetParticipant *self);
const char *           guichet_participant_get_updated_at (GuichetParticipant *self);
guint                  guichet_participant_get_entries (GuichetParticipant *self);
/* When this machine admitted the holder (seconds since the epoch), while
 * that admission stands; 0 otherwise. Only filled by
 * guichet_store_get_participant_by_rowid(). */
gint64                 guichet_participant_get_admitted_here (GuichetParticipant *self);

/* "First Last", or the e-mail, or the barcode: never empty. Newly allocated. */
char                  *guichet_participant_dup_display_name (GuichetParticipant *self);

G_END_DECLS
