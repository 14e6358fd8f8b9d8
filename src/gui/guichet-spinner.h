/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Says whether the work @spinner stands for is going on.  The spinner
 * spins only while that work goes on *and* it is on screen: a spinning
 * GtkSpinner animates (and the window repaints at the display's rate)
 * even while it sits unmapped on a hidden page or under a hidden parent,
 * which costs every other redraw of the window a frame's wait. */
void guichet_spinner_set_busy (GtkSpinner *spinner,
                               gboolean    busy);

G_END_DECLS
