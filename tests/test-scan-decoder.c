/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-scan-decoder"

#include "config.h"

#include <string.h>
#include <xkbcommon/xkbcommon.h>

#include "guichet-test-utils.h"

/* Decoding a keyboard-wedge scanner's key presses from (keycode, state)
 * arrays, as GDK hands them over on a desk of any layout. */

static const char *desk_layouts[] = { "fr", "de", "gb", "cz" };

/* Every printable ASCII character, as a scanner sends a code. */
static char *
printable_ascii (void)
{
  GString *s = g_string_new (NULL);

  for (char c = 0x20; c < 0x7f; c++)
    g_string_append_c (s, c);
  return g_string_free (s, FALSE);
}

/* The key presses a scanner set to @decoder's layout makes for @code. */
static void
encode (GuichetScanDecoder *decoder,
        const char         *code,
        GArray             *keycodes,
        GArray             *states)
{
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint keycode, state;

      if (!guichet_scan_decoder_encode (decoder, g_utf8_get_char (p), &keycode, &state))
        g_error ("%s cannot type U+%04X", guichet_scan_decoder_get_layout (decoder),
                 g_utf8_get_char (p));
      g_array_append_val (keycodes, keycode);
      g_array_append_val (states, state);
    }
}

/* What the desk's own layout would read from those key presses. */
static char *
desk_reads (const char *layout,
            GArray     *keycodes,
            GArray     *states)
{
  struct xkb_context   *context = xkb_context_new (XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
  struct xkb_rule_names names = { "evdev", "pc105", layout, NULL, NULL };
  struct xkb_keymap    *keymap = xkb_keymap_new_from_names (context, &names, 0);
  GString              *out = g_string_new (NULL);

  g_assert_nonnull (keymap);
  for (guint i = 0; i < keycodes->len; i++)
    {
      struct xkb_state *state = xkb_state_new (keymap);
      char              buffer[16];

      if (g_array_index (states, guint, i) & GUICHET_SCAN_SHIFT)
        xkb_state_update_key (state, 50, XKB_KEY_DOWN);
      if (xkb_state_key_get_utf8 (state, g_array_index (keycodes, guint, i), buffer,
                                  sizeof buffer) > 0)
        g_string_append (out, buffer);
      xkb_state_unref (state);
    }
  xkb_keymap_unref (keymap);
  xkb_context_unref (context);
  return g_string_free (out, FALSE);
}

/* A US scanner on a French, German, British or Czech desk: the desk
 * would scramble the code, the decoder reads it back whole, Caps Lock
 * on or off. */
static void
test_us_scanner_on_other_desks (void)
{
  g_autoptr (GuichetScanDecoder) us = NULL;
  g_autoptr (GArray) keycodes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) locked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *code = printable_ascii ();
  g_autofree char *decoded = NULL;
  g_autofree char *decoded_locked = NULL;
  g_autoptr (GError) error = NULL;

  us = guichet_scan_decoder_new (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_scan_decoder_get_layout (us), ==, "us");
  encode (us, code, keycodes, states);
  g_assert_cmpuint (keycodes->len, ==, 95);

  /* Caps Lock and Num Lock on at the desk: the state has more bits. */
  for (guint i = 0; i < states->len; i++)
    {
      guint s = g_array_index (states, guint, i) | GUICHET_SCAN_LOCK | (1 << 4);

      g_array_append_val (locked, s);
    }

  for (guint l = 0; l < G_N_ELEMENTS (desk_layouts); l++)
    {
      g_autofree char *scrambled = desk_reads (desk_layouts[l], keycodes, states);

      g_test_message ("%s desk reads: %s", desk_layouts[l], scrambled);
      g_assert_cmpstr (scrambled, !=, code); /* the problem is real */
    }

  decoded = guichet_scan_decoder_decode (us, (guint *) keycodes->data, (guint *) states->data,
                                         keycodes->len);
  g_assert_cmpstr (decoded, ==, code);
  decoded_locked = guichet_scan_decoder_decode (us, (guint *) keycodes->data,
                                                (guint *) locked->data, keycodes->len);
  g_assert_cmpstr (decoded_locked, ==, code);
}

/* "Ab1-9/Z_x." and Return, as a US scanner types them (US keycodes):
 * an AZERTY desk reads "Qb&)ç!W°x:". */
static void
test_known_keycodes (void)
{
  g_autoptr (GuichetScanDecoder) us = guichet_scan_decoder_new ("us", NULL, NULL);
  const guint      keycodes[] = { 38, 56, 10, 20, 18, 61, 52, 20, 53, 60, 36 };
  const guint      states[] = { 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0 };
  g_autofree char *decoded =
    guichet_scan_decoder_decode (us, keycodes, states, G_N_ELEMENTS (keycodes));
  g_autofree char *fr = NULL;
  g_autoptr (GArray) k = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) s = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *key = NULL;

  g_assert_cmpstr (decoded, ==, "Ab1-9/Z_x.\r");
  g_array_append_vals (k, keycodes, G_N_ELEMENTS (keycodes) - 1);
  g_array_append_vals (s, states, G_N_ELEMENTS (states) - 1);
  fr = desk_reads ("fr", k, s);
  g_assert_cmpstr (fr, ==, "Qb&)ç!W°x:");

  /* Shift alone types nothing; Tab is a suffix like Return. */
  key = guichet_scan_decoder_decode_key (us, 50, 0);
  g_assert_cmpstr (key, ==, "");
  g_clear_pointer (&key, g_free);
  key = guichet_scan_decoder_decode_key (us, 23, 0);
  g_assert_cmpstr (key, ==, "\t");
  g_clear_pointer (&key, g_free);
  /* Keycodes outside the keymap are ignored. */
  key = guichet_scan_decoder_decode_key (us, 5000, 0);
  g_assert_cmpstr (key, ==, "");
}

/* A scanner set to the desk's own layout (a preference): what it types
 * with that layout's key positions decodes back to the code. */
static void
test_scanner_in_other_layouts (void)
{
  g_autofree char *ascii = printable_ascii ();

  for (guint l = 0; l < G_N_ELEMENTS (desk_layouts); l++)
    {
      g_autoptr (GuichetScanDecoder) decoder = NULL;
      g_autoptr (GArray) keycodes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GString) code = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *decoded = NULL;

      decoder = guichet_scan_decoder_new (desk_layouts[l], NULL, &error);
      g_assert_no_error (error);

      /* The characters this layout types with at most Shift (the others
       * need AltGr or a dead key, which scanners are set up to avoid). */
      for (const char *p = ascii; *p != '\0'; p++)
        {
          guint keycode, state;

          if (guichet_scan_decoder_encode (decoder, *p, &keycode, &state))
            g_string_append_c (code, *p);
        }
      g_test_message ("%s types %u of 95: %s", desk_layouts[l], (guint) code->len, code->str);
      g_assert_cmpuint (code->len, >=, 60);
      g_assert_nonnull (strstr (code->str, "0123456789"));

      encode (decoder, code->str, keycodes, states);
      decoded = guichet_scan_decoder_decode (decoder, (guint *) keycodes->data,
                                             (guint *) states->data, keycodes->len);
      g_assert_cmpstr (decoded, ==, code->str);
    }
}

static void
test_unknown_layout (void)
{
  g_autoptr (GuichetScanDecoder) decoder = NULL;
  g_autoptr (GError) error = NULL;

  decoder = guichet_scan_decoder_new ("no-such-layout-xx", NULL, &error);
  g_assert_null (decoder);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-decoder/us-scanner-on-other-desks", test_us_scanner_on_other_desks);
  g_test_add_func ("/scan-decoder/known-keycodes", test_known_keycodes);
  g_test_add_func ("/scan-decoder/scanner-in-other-layouts", test_scanner_in_other_layouts);
  g_test_add_func ("/scan-decoder/unknown-layout", test_unknown_layout);

  return g_test_run ();
}
