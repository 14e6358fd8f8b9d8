/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_CHECK_IN (guichet_check_in_get_type ())
G_DECLARE_FINAL_TYPE (GuichetCheckIn, guichet_check_in, GUICHET, CHECK_IN, GObject)

/* Built with g_object_new (GUICHET_TYPE_CHECK_IN, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
gint64                 guichet_check_in_get_id (GuichetCheckIn *self);
const char *           guichet_check_in_get_account_id (GuichetCheckIn *self);
const char *           guichet_check_in_get_event_id (GuichetCheckIn *self);
const char *           guichet_check_in_get_date_id (GuichetCheckIn *self);
const char *           guichet_check_in_get_code (GuichetCheckIn *self);
const char *           guichet_check_in_get_participant_id (GuichetCheckIn *self);
gint64                 guichet_check_in_get_time (GuichetCheckIn *self);
const char *           guichet_check_in_get_desk (GuichetCheckIn *self);
GuichetDirection       guichet_check_in_get_direction (GuichetCheckIn *self);
GuichetVerdict         guichet_check_in_get_verdict (GuichetCheckIn *self);
GuichetReason          guichet_check_in_get_reason (GuichetCheckIn *self);
gboolean               guichet_check_in_get_synced (GuichetCheckIn *self);
gboolean               guichet_check_in_get_undone (GuichetCheckIn *self);
GuichetRemoteState     guichet_check_in_get_remote (GuichetCheckIn *self);
const char *           guichet_check_in_get_remote_message (GuichetCheckIn *self);

G_END_DECLS
