/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Turns a keyboard-wedge scanner's key presses back into the characters
 * it meant. The scanner types with the key positions of its own layout
 * (US unless set otherwise); the desk's layout would read other
 * characters from them (on AZERTY, "Ab1-9/Z_x." arrives as "Qb&)ç!W°x.").
 * What survives any desk layout is the hardware keycode, so the decoder
 * reads keycodes (evdev + 8, as X11 and GDK report them) and only the
 * Shift bit of the state through an xkbcommon keymap of the scanner's
 * layout: Caps Lock and Num Lock on the desk change nothing. */

/* The state bits the decoder reads (the values of GDK_SHIFT_MASK and
 * GDK_LOCK_MASK, so a GdkModifierType can be passed as is). */
#define GUICHET_SCAN_SHIFT (1 << 0)
#define GUICHET_SCAN_LOCK  (1 << 1)

#define GUICHET_TYPE_SCAN_DECODER (guichet_scan_decoder_get_type ())
G_DECLARE_FINAL_TYPE (GuichetScanDecoder, guichet_scan_decoder, GUICHET, SCAN_DECODER, GObject)

/* @layout: an xkb layout name ("us", "fr", "de", "gb", "cz"...; NULL or
 * "" for "us"), @variant may be NULL. NULL with @error when xkbcommon has
 * no such layout. */
GuichetScanDecoder *guichet_scan_decoder_new        (const char          *layout,
                                                     const char          *variant,
                                                     GError             **error);
const char         *guichet_scan_decoder_get_layout (GuichetScanDecoder  *self);
/* The character(s) of one key press, in UTF-8 (Return gives "\r", Tab
 * "\t"); "" for a key that types nothing (Shift itself, a dead key). */
char               *guichet_scan_decoder_decode_key (GuichetScanDecoder  *self,
                                                     guint                keycode,
                                                     guint                state);
/* A whole burst: @n keycodes and their states. */
char               *guichet_scan_decoder_decode     (GuichetScanDecoder  *self,
                                                     const guint         *keycodes,
                                                     const guint         *states,
                                                     gsize                n);
/* The key press (keycode, state with or without GUICHET_SCAN_SHIFT) that
 * types @c in this layout; FALSE when none does without other modifiers. */
gboolean            guichet_scan_decoder_encode     (GuichetScanDecoder  *self,
                                                     gunichar             c,
                                                     guint               *keycode,
                                                     guint               *state);

G_END_DECLS
