/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* The verdict on one scanned code, against the local store only (the door
 * works offline). Admissions are appended to the journal durably before the
 * verdict is returned. */

#define GUICHET_TYPE_DOOR (guichet_door_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDoor, guichet_door, GUICHET, DOOR, GObject)

GuichetDoor    *guichet_door_new       (GuichetStore  *store,
                                        const char    *account_id,
                                        const char    *event_id);
/* Optional: restrict to a date (multi-date events) / ticket types (gates). */
void            guichet_door_set_date  (GuichetDoor   *self,
                                        const char    *date_id);
void            guichet_door_set_gates (GuichetDoor   *self,
                                        const char * const *ticket_type_ids);
void            guichet_door_set_desk  (GuichetDoor   *self,
                                        const char    *desk);
/* Returns the journal entry (verdict, reason); *participant is set when the
 * code is known. NULL + error only when the store itself fails. A ticket
 * whose participant has "entries" > 1 admits that many holders (exits
 * and undos give entries back). */
GuichetCheckIn *guichet_door_scan      (GuichetDoor         *self,
                                        const char          *code,
                                        GuichetDirection     direction,
                                        GuichetParticipant **participant,
                                        GError             **error);

/* After an ALREADY_CHECKED_IN verdict: the earlier admission (its "time",
 * in seconds since the Unix epoch like every journal entry, and its
 * "desk") so the UI can say "already in at HH:MM at desk X". When only the
 * provider knew of the check-in: an entry with the provider's time (0 if it
 * gave none), no desk, and "synced" TRUE. NULL after any other verdict.
 * Owned by the door, valid until the next scan. */
GuichetCheckIn *guichet_door_get_last_conflict (GuichetDoor *self);

void            guichet_door_set_remote (GuichetDoor  *self,
                                         gboolean      remote);

/* Annuls this desk's last admission of @code (offline too: the journal
 * gets an undo record, nothing is deleted). Returns the annulled entry,
 * or NULL with GUICHET_ERROR_NOT_FOUND when there is nothing to undo. */
GuichetCheckIn *guichet_door_undo      (GuichetDoor  *self,
                                        const char   *code,
                                        GError      **error);

/* The code as the door looks it up (DESIGN.md): surrounding whitespace
 * and control characters trimmed; NULL when what remains is empty, longer
 * than 256 characters, not valid UTF-8 or holds a control character. */
char           *guichet_door_normalize_code (const char *code);
/* The answers of @participant to the questions @labels (the event's
 * important questions, guichet_store_get_important_questions()), as
 * "Question: answer" lines in the order of @labels; questions it did not
 * answer are left out. An empty vector when there is none. */
GStrv           guichet_door_important_answers (GuichetParticipant  *participant,
                                                const char * const  *labels);

/* TRUE if @code is already a normalized code. */
gboolean        guichet_door_code_is_valid  (const char *code);

G_END_DECLS
