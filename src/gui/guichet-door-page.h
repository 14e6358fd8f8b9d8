/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* The door: scans (keyboard-wedge scanners caught window-wide while the
 * page is shown, serial scanners, codes typed by hand, check-in from a
 * search) are decided one after another, in order, off the main thread,
 * and each verdict fills the page in colour, icon and words. */

#define GUICHET_TYPE_DOOR_PAGE (guichet_door_page_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDoorPage, guichet_door_page, GUICHET, DOOR_PAGE, GuichetPage)

GtkWidget  *guichet_door_page_new           (void);
/* Queues @code (as read, not yet normalized) for a verdict. */
void        guichet_door_page_scan          (GuichetDoorPage    *self,
                                             const char         *code);
/* The date (NULL: any) and gate (ticket type ids; NULL or empty: all)
 * this door admits; the event's dates and ticket types are offered in
 * the page's own pickers too. */
void        guichet_door_page_set_date      (GuichetDoorPage    *self,
                                             const char         *date_id);
void        guichet_door_page_set_gates     (GuichetDoorPage    *self,
                                             const char * const *ticket_type_ids);
/* Property "door-mode": full screen, everything but the door hidden (the
 * window hides its own parts when this is TRUE). */
gboolean    guichet_door_page_get_door_mode (GuichetDoorPage    *self);
void        guichet_door_page_set_door_mode (GuichetDoorPage    *self,
                                             gboolean            door_mode);
/* Property "last-verdict": the words of the last verdict shown ("" before
 * any), as the verdict area and assistive technology say them. */
const char *guichet_door_page_get_last_verdict (GuichetDoorPage *self);
/* Property "sound" (the "door-sound" setting): a distinct sound per
 * verdict. The resource of the last verdict's sound, NULL when none played. */
const char *guichet_door_page_get_last_sound (GuichetDoorPage *self);

G_END_DECLS
