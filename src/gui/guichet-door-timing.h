/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For build-aux/bench only: when GUICHET_DOOR_TIMING_LOG names a file, the
 * door page appends a line per verdict to it,
 *   "<key time ms> <scan taken µs> <verdict set µs> <frame began µs>
 *    <verdict painted µs> <frame CPU µs> <frame preemptions> <code>"
 * the key time in the windowing system's clock (0 when the scan came from
 * elsewhere: typed, serial, search), the others in g_get_monotonic_time()'s,
 * "frame began" the start of the first frame after the verdict was set,
 * "painted" its end; the main thread's CPU time during that frame and how
 * many times the system preempted it then (-1 when unknown). Otherwise
 * every call does nothing. */
typedef struct _GuichetDoorTiming GuichetDoorTiming;

GuichetDoorTiming *guichet_door_timing_new_from_env (void);
void               guichet_door_timing_free         (GuichetDoorTiming *self);
/* A code was handed to the door (in order). */
void               guichet_door_timing_taken        (GuichetDoorTiming *self,
                                                     const char        *code,
                                                     guint32            key_time);
/* The verdict for @code is on @widget (codes taken before it and never
 * judged, on an error, are dropped). */
void               guichet_door_timing_shown        (GuichetDoorTiming *self,
                                                     GtkWidget         *widget,
                                                     const char        *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetDoorTiming, guichet_door_timing_free)

G_END_DECLS
