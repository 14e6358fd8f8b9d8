/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Catches a keyboard-wedge scanner's codes window-wide: a key controller in
 * the capture phase on each widget attached (the window, and any dialog the
 * door opens), so a scan is taken whatever has focus, also inside a popover,
 * and never reaches the focused widget. Bursts are told from a person
 * typing by GuichetScanBurst (the events' own times); the person's keys go
 * on to the focused widget. Codes are decoded from hardware keycodes
 * through the scanner layout of the preferences (GSettings
 * "scanner-layout", "scanner-key-threshold-ms").
 *
 * Signal "scan" (const char *code). */

#define GUICHET_TYPE_SCAN_CAPTURE (guichet_scan_capture_get_type ())
G_DECLARE_FINAL_TYPE (GuichetScanCapture, guichet_scan_capture, GUICHET, SCAN_CAPTURE, GObject)

/* @settings: the application's, or NULL (US scanner, 30 ms). */
GuichetScanCapture *guichet_scan_capture_new         (GSettings          *settings);
/* Adds a capture-phase controller to @widget (usually a GtkRoot) and to
 * every popover under it; for a window, also to the dialogs made
 * transient for it while attached. They go with their widgets or
 * guichet_scan_capture_detach(), which takes them all off. */
void                guichet_scan_capture_attach      (GuichetScanCapture *self,
                                                      GtkWidget          *widget);
void                guichet_scan_capture_detach      (GuichetScanCapture *self,
                                                      GtkWidget          *widget);
/* Property "enabled": keys are looked at only while TRUE (the door page is
 * shown). FALSE by default. */
gboolean            guichet_scan_capture_get_enabled (GuichetScanCapture *self);
void                guichet_scan_capture_set_enabled (GuichetScanCapture *self,
                                                      gboolean            enabled);
guint32             guichet_scan_capture_get_event_time (GuichetScanCapture *self);

G_END_DECLS
