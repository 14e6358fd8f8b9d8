/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "guichet-scan-decoder.h"

G_BEGIN_DECLS

/* Tells a keyboard-wedge scanner's bursts from a person typing, by the key
 * events' own times (the X server's milliseconds, not a clock read when the
 * event is handled: the toolkit batches events). No toolkit here: the
 * window feeds it key presses and obeys its answer.
 *
 * Every key that types a character is held while it may start a scan. A
 * key that follows within the threshold joins the burst; a terminator
 * (Enter, Tab, CR, LF) ends it, and a burst of at least the minimum length
 * becomes a "scan". A gap longer than the threshold (or guichet_scan_burst_flush(),
 * called when no key came for a while) ends a burst without terminator: a
 * long one is a scan too (scanners set without suffix), a short one was a
 * person typing, and its characters, as the desk's layout typed them, are
 * handed back through "release" to be given to the focused widget.
 *
 * Keys that type nothing but Shift (arrows, function keys) and control
 * characters (BackSpace, Escape, Delete) are never a scanner's: they end
 * what is held and go to the person.
 *
 * Signals: "scan" (const char *code), the code decoded through the
 * scanner's layout, terminator excluded; "release" (const char *text). */

#define GUICHET_SCAN_BURST_DEFAULT_THRESHOLD_MS 30
#define GUICHET_SCAN_BURST_DEFAULT_MIN_LENGTH   4

#define GUICHET_TYPE_SCAN_BURST (guichet_scan_burst_get_type ())
G_DECLARE_FINAL_TYPE (GuichetScanBurst, guichet_scan_burst, GUICHET, SCAN_BURST, GObject)

GuichetScanBurst   *guichet_scan_burst_new           (GuichetScanDecoder *decoder);
GuichetScanDecoder *guichet_scan_burst_get_decoder   (GuichetScanBurst   *self);
/* Drops what is held (without releasing it). */
void                guichet_scan_burst_set_decoder   (GuichetScanBurst   *self,
                                                      GuichetScanDecoder *decoder);
guint               guichet_scan_burst_get_threshold (GuichetScanBurst   *self);
void                guichet_scan_burst_set_threshold (GuichetScanBurst   *self,
                                                      guint               threshold_ms);
guint               guichet_scan_burst_get_min_length (GuichetScanBurst  *self);
void                guichet_scan_burst_set_min_length (GuichetScanBurst  *self,
                                                       guint              min_length);

/* One key press: its hardware keycode, its state (only GUICHET_SCAN_SHIFT
 * is read), the character the desk's layout typed with it (0 if none) and
 * the event's time in milliseconds. Returns TRUE when the key is taken
 * (held or part of a scan: it must not reach any widget), FALSE when it is
 * the person's (after any "release" it caused). Keys with Control, Alt or
 * Super are not for this: flush, then let them through. */
gboolean            guichet_scan_burst_key_press     (GuichetScanBurst   *self,
                                                      guint               keycode,
                                                      guint               state,
                                                      gunichar            typed,
                                                      guint32             time_ms);
/* No key came for longer than the threshold: ends what is held. */
void                guichet_scan_burst_flush         (GuichetScanBurst   *self);
/* TRUE while keys are held. */
gboolean            guichet_scan_burst_is_holding    (GuichetScanBurst   *self);

G_END_DECLS
