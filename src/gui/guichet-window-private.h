/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-window.h"

G_BEGIN_DECLS

/* Installs the win.* actions (guichet-window-actions.c). */
void _guichet_window_class_actions_init (GuichetWindowClass *klass);
/* Syncs the account of the selected event, or every account. */
void _guichet_window_sync_selected      (GuichetWindow      *self);

G_END_DECLS
