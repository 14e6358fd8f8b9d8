/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-application.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_WINDOW (guichet_window_get_type ())
G_DECLARE_FINAL_TYPE (GuichetWindow, guichet_window, GUICHET, WINDOW, AdwApplicationWindow)

GuichetWindow *guichet_window_new        (GuichetApplication *application);
/* Re-reads the accounts and their events from the store. */
void           guichet_window_reload     (GuichetWindow      *self);
/* Syncs @account in the background (queued after a running sync).
 * @first_run: show the "preparing" page while the list is empty. */
void           guichet_window_sync       (GuichetWindow      *self,
                                          GuichetAccount     *account,
                                          gboolean            first_run);
/* Shows @message in a toast. */
void           guichet_window_show_error (GuichetWindow      *self,
                                          const char         *message);

/* Shows @event_id of @account_id on its door page, admitting @date_id
 * (NULL: any) and @gates (ticket type ids; NULL: all). FALSE with @error
 * when the store has no such event. */
gboolean       guichet_window_open_door  (GuichetWindow      *self,
                                          const char         *account_id,
                                          const char         *event_id,
                                          const char         *date_id,
                                          const char * const *gates,
                                          GError            **error);

G_END_DECLS
