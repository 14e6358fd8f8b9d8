/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* On X11 with GTK's cairo renderer (no GL: a virtual machine, a remote
 * desktop, Xvfb), keeps the shared memory that frames are sent to the X
 * server through in place between frames, sized for the display's largest
 * monitor. Without it, cairo creates a new segment for each large frame
 * and the process faults in every page of it again: most of the time of a
 * frame that repaints much of the window, such as a verdict of another
 * colour at the door. Does nothing elsewhere. Call once @native is
 * realized; calling again is cheap. */
void guichet_x11_paint_keep_memory (GtkNative *native);

G_END_DECLS
