/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For build-aux/bench only: when GUICHET_WINDOW_TIMING_LOG names a file,
 * the first call for each @what appends "<what> <painted µs>" to it once
 * the next frame of @widget's window has been painted (the time in
 * g_get_monotonic_time()'s clock). Otherwise it does nothing. */
void guichet_window_timing_mark (GtkWidget  *widget,
                                 const char *what);

G_END_DECLS
