/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_EVENT (guichet_event_get_type ())
G_DECLARE_FINAL_TYPE (GuichetEvent, guichet_event, GUICHET, EVENT, GObject)

/* Built with g_object_new (GUICHET_TYPE_EVENT, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_event_get_account_id (GuichetEvent *self);
const char *           guichet_event_get_id (GuichetEvent *self);
const char *           guichet_event_get_name (GuichetEvent *self);
const char *           guichet_event_get_start (GuichetEvent *self);
const char *           guichet_event_get_end (GuichetEvent *self);
const char *           guichet_event_get_venue (GuichetEvent *self);
const char *           guichet_event_get_status (GuichetEvent *self);
gboolean               guichet_event_get_multiple_dates (GuichetEvent *self);
gint64                 guichet_event_get_participant_count (GuichetEvent *self);
const char *           guichet_event_get_currency (GuichetEvent *self);
const char *           guichet_event_get_series_id (GuichetEvent *self);

G_END_DECLS
