/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

/* The base of the pages an event shows (Overview, Tickets, Participants,
 * Door...), like Sysprof's SysprofSection: the window hands every page the
 * session and the selected event, and a page does the rest on its own
 * (loads, installs its actions with gtk_widget_class_install_action(),
 * shows its errors). */

#define GUICHET_TYPE_PAGE (guichet_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (GuichetPage, guichet_page, GUICHET, PAGE, AdwBin)

struct _GuichetPageClass
{
  AdwBinClass parent_class;

  /* Has a default (nothing): called after "event" was set, also when the
   * same event comes back refreshed (after a sync); compare ids to tell. */
  void (*event_changed)   (GuichetPage *self);
  /* Has a default (nothing): called after "session" was set. */
  void (*session_changed) (GuichetPage *self);
};

/* Property "session" */
GuichetSession *guichet_page_get_session (GuichetPage    *self);
void            guichet_page_set_session (GuichetPage    *self,
                                          GuichetSession *session);
/* Property "event" (NULL: none selected) */
GuichetEvent   *guichet_page_get_event   (GuichetPage    *self);
void            guichet_page_set_event   (GuichetPage    *self,
                                          GuichetEvent   *event);
/* Convenience */
GuichetStore   *guichet_page_get_store   (GuichetPage    *self);
/* The account of the event, from the session's accounts, or NULL. */
GuichetAccount *guichet_page_get_account (GuichetPage    *self);
/* Shows @toast (takes ownership) in the nearest AdwToastOverlay. */
void            guichet_page_add_toast   (GuichetPage    *self,
                                          AdwToast       *toast);
/* A toast that stays until dismissed, for errors. */
void            guichet_page_show_error  (GuichetPage    *self,
                                          const char     *message);

G_END_DECLS
