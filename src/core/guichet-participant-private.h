/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-participant.h"

G_BEGIN_DECLS

/* The fields of a participant, for bulk construction (parsers, the store):
 * g_object_new() with a dozen string properties costs a property lookup, a
 * GValue and a copy per string. Strings are owned by whoever fills this. */
typedef struct
{
  char                     *id;
  char                     *event_id;
  char                     *date_id;
  char                     *barcode;
  char                     *first_name;
  char                     *last_name;
  char                     *email;
  char                     *ticket_type_id;
  char                     *ticket_type_name;
  GuichetParticipantStatus  status;
  gboolean                  checked_in;
  char                     *checked_in_at;
  char                     *order_id;
  char                     *answers;
  char                     *updated_at;
} GuichetParticipantFields;

/* A new participant that takes every string of @fields (they are set to
 * NULL): no copy, no notification. The same object as g_object_new() with
 * those properties would give. */
GuichetParticipant *_guichet_participant_new_take (GuichetParticipantFields *fields);

G_END_DECLS
