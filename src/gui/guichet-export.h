/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* Export Participants… (Ctrl+E): asks where to save (a native file
 * chooser), writes the page's event's participants there as CSV in a
 * worker thread (guichet-participant-export.h) with its progress in a
 * toast, then says how many were written, or why it failed in a dialog. */
void guichet_export_participants (GuichetPage *page);

G_END_DECLS
