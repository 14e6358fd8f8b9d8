/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_EVENT_DATE (guichet_event_date_get_type ())
G_DECLARE_FINAL_TYPE (GuichetEventDate, guichet_event_date, GUICHET, EVENT_DATE, GObject)

/* Built with g_object_new (GUICHET_TYPE_EVENT_DATE, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_event_date_get_id (GuichetEventDate *self);
const char *           guichet_event_date_get_event_id (GuichetEventDate *self);
const char *           guichet_event_date_get_start (GuichetEventDate *self);
const char *           guichet_event_date_get_end (GuichetEventDate *self);
const char * const *   guichet_event_date_get_ticket_ids (GuichetEventDate *self);

G_END_DECLS
