/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-scan-burst"

#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"

/* Telling a scanner's bursts from a person typing, on synthetic
 * (keycode, shift, time) sequences such as GDK hands over. */

#define RETURN_KEYCODE 36
#define KP_ENTER_KEYCODE 104
#define SHIFT_KEYCODE 50

typedef struct
{
  GuichetScanDecoder *scanner; /* the scanner's layout: us */
  GuichetScanDecoder *desk;    /* the desk's layout */
  GuichetScanBurst   *burst;
  GPtrArray          *scans;
  GString            *released;
  guint               n_released;
  guint               taken;
  guint               passed;
  guint32             time;
} Fixture;

static void
on_scan (GuichetScanBurst *burst,
         const char       *code,
         Fixture          *f)
{
  g_ptr_array_add (f->scans, g_strdup (code));
}

static void
on_release (GuichetScanBurst *burst,
            const char       *text,
            Fixture          *f)
{
  g_string_append (f->released, text);
  f->n_released++;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  const char *desk_layout = data ? data : "us";
  g_autoptr (GError) error = NULL;

  f->scanner = guichet_scan_decoder_new ("us", NULL, &error);
  g_assert_no_error (error);
  f->desk = guichet_scan_decoder_new (desk_layout, NULL, &error);
  g_assert_no_error (error);
  f->burst = guichet_scan_burst_new (f->scanner);
  f->scans = g_ptr_array_new_with_free_func (g_free);
  f->released = g_string_new (NULL);
  f->time = 1000;
  g_signal_connect (f->burst, "scan", G_CALLBACK (on_scan), f);
  g_signal_connect (f->burst, "release", G_CALLBACK (on_release), f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->burst);
  g_assert_finalize_object (f->scanner);
  g_assert_finalize_object (f->desk);
  g_ptr_array_unref (f->scans);
  g_string_free (f->released, TRUE);
}

/* One key press @gap ms after the previous one, as the desk would see it:
 * Shift pressed first when the character needs it. */
static void
press (Fixture *f,
       guint    keycode,
       guint    state,
       guint    gap)
{
  g_autofree char *typed = NULL;

  f->time += gap;
  if (state & GUICHET_SCAN_SHIFT)
    {
      /* Shift alone types nothing: whether it passes does not matter
       * (a leading one does, those inside a burst are held). */
      guichet_scan_burst_key_press (f->burst, SHIFT_KEYCODE, 0, 0, f->time);
    }
  typed = guichet_scan_decoder_decode_key (f->desk, keycode, state);
  if (guichet_scan_burst_key_press (f->burst, keycode, state,
                                    typed[0] != '\0' ? g_utf8_get_char (typed) : 0, f->time))
    f->taken++;
  else
    f->passed++;
}

/* The scanner (set to US) types @code, @gap ms between keys. */
static void
type (Fixture    *f,
      const char *code,
      guint       gap)
{
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint keycode, state;

      g_assert_true (
        guichet_scan_decoder_encode (f->scanner, g_utf8_get_char (p), &keycode, &state));
      press (f, keycode, state, gap);
    }
}

static void
test_burst_is_a_scan (Fixture      *f,
                      gconstpointer data)
{
  type (f, "Ab1-9/Z_x.", 3);
  g_assert_true (guichet_scan_burst_is_holding (f->burst));
  press (f, RETURN_KEYCODE, 0, 3);

  g_assert_cmpuint (f->scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "Ab1-9/Z_x.");
  /* No key that types reached a widget, Return included. */
  g_assert_cmpuint (f->passed, ==, 0);
  g_assert_cmpuint (f->n_released, ==, 0);
  g_assert_false (guichet_scan_burst_is_holding (f->burst));
}

/* A scanner set to US on an AZERTY (and other) desk: the code is read
 * from the keycodes, whatever the desk's layout types with them. */
static void
test_burst_on_other_desk (Fixture      *f,
                          gconstpointer data)
{
  type (f, "Ab1-9/Z_x.", 2);
  press (f, RETURN_KEYCODE, 0, 2);
  g_assert_cmpuint (f->scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "Ab1-9/Z_x.");
  g_assert_cmpuint (f->passed, ==, 0);
}

/* A person typing the same characters at 60 ms per key: no scan, every
 * character goes back, as the desk typed it, in order. */
static void
test_typing_is_released (Fixture      *f,
                         gconstpointer data)
{
  type (f, "Ab1-9/Z_x.", 60);
  press (f, RETURN_KEYCODE, 0, 60);

  g_assert_cmpuint (f->scans->len, ==, 0);
  g_assert_cmpstr (f->released->str, ==, "Ab1-9/Z_x.");
  /* Return itself is the person's, after the characters before it. */
  g_assert_cmpuint (f->passed, >=, 1);
  g_assert_false (guichet_scan_burst_is_holding (f->burst));
}

static void
test_typing_on_azerty (Fixture      *f,
                       gconstpointer data)
{
  /* The same key presses give what the French desk types: the person
   * sees the characters of their own keyboard. */
  type (f, "Ab1-9/Z_x.", 80);
  guichet_scan_burst_flush (f->burst);
  g_assert_cmpuint (f->scans->len, ==, 0);
  g_assert_cmpstr (f->released->str, ==, "Qb&)ç!W°x:");
}

/* Two keys rolled over fast by a person are shorter than a code. */
static void
test_short_fast_pair_is_typing (Fixture      *f,
                                gconstpointer data)
{
  type (f, "th", 8);
  type (f, "e", 90);
  press (f, RETURN_KEYCODE, 0, 90);
  g_assert_cmpuint (f->scans->len, ==, 0);
  g_assert_cmpstr (f->released->str, ==, "the");
}

/* A scanner set without suffix: the burst ends with the gap after it, or
 * with the flush when nothing follows. */
static void
test_burst_without_suffix (Fixture      *f,
                           gconstpointer data)
{
  type (f, "CODE1234", 2);
  guichet_scan_burst_flush (f->burst);
  g_assert_cmpuint (f->scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "CODE1234");

  type (f, "CODE5678", 2);
  type (f, "x", 500); /* a person, later */
  g_assert_cmpuint (f->scans->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 1), ==, "CODE5678");
  guichet_scan_burst_flush (f->burst);
  g_assert_cmpstr (f->released->str, ==, "x");
}

/* Suffixes: Tab, keypad Enter, and CR then LF (the second terminator
 * belongs to the scan and is swallowed too). */
static void
test_suffixes (Fixture      *f,
               gconstpointer data)
{
  guint tab_keycode, tab_state;

  g_assert_true (guichet_scan_decoder_encode (f->scanner, '\t', &tab_keycode, &tab_state));

  type (f, "TAB-0001", 3);
  press (f, tab_keycode, 0, 3);
  type (f, "KPE-0002", 3);
  press (f, KP_ENTER_KEYCODE, 0, 3);
  type (f, "CRLF-0003", 3);
  press (f, RETURN_KEYCODE, 0, 3);
  press (f, tab_keycode, 0, 3);

  g_assert_cmpuint (f->scans->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "TAB-0001");
  g_assert_cmpstr (g_ptr_array_index (f->scans, 1), ==, "KPE-0002");
  g_assert_cmpstr (g_ptr_array_index (f->scans, 2), ==, "CRLF-0003");
  g_assert_cmpuint (f->passed, ==, 0);

  /* Later, Return and Tab are the person's again. */
  press (f, RETURN_KEYCODE, 0, 400);
  press (f, tab_keycode, 0, 400);
  g_assert_cmpuint (f->passed, ==, 2);
}

/* The threshold is a preference: 40 ms gaps are typing at 30 ms, a
 * scanner at 50 ms. */
static void
test_threshold (Fixture      *f,
                gconstpointer data)
{
  type (f, "SLOW-42", 40);
  press (f, RETURN_KEYCODE, 0, 40);
  g_assert_cmpuint (f->scans->len, ==, 0);
  g_assert_cmpstr (f->released->str, ==, "SLOW-42");

  guichet_scan_burst_set_threshold (f->burst, 50);
  g_assert_cmpuint (guichet_scan_burst_get_threshold (f->burst), ==, 50);
  type (f, "SLOW-42", 40);
  press (f, RETURN_KEYCODE, 0, 40);
  g_assert_cmpuint (f->scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "SLOW-42");
}

static void
test_min_length (Fixture      *f,
                 gconstpointer data)
{
  type (f, "AB1", 2);
  press (f, RETURN_KEYCODE, 0, 2);
  g_assert_cmpuint (f->scans->len, ==, 0);
  g_assert_cmpstr (f->released->str, ==, "AB1");

  guichet_scan_burst_set_min_length (f->burst, 3);
  type (f, "AB1", 2);
  press (f, RETURN_KEYCODE, 0, 2);
  g_assert_cmpuint (f->scans->len, ==, 1);
}

/* 136 characters at full scanner speed, every printable ASCII character
 * among them, arrive intact; the server's clock wrapping changes nothing. */
static void
test_long_burst_and_wrap (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GString) code = g_string_new (NULL);

  for (char c = 0x21; c < 0x7f; c++)
    g_string_append_c (code, c);
  while (code->len < 136)
    g_string_append_c (code, 'a' + code->len % 26);

  f->time = G_MAXUINT32 - 100;
  type (f, code->str, 1);
  press (f, RETURN_KEYCODE, 0, 0);
  g_assert_cmpuint (f->scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, code->str);
  g_assert_cmpuint (f->passed, ==, 0);
}

/* Editing keys are the person's, after the characters held before them:
 * BackSpace right after a fast pair, and an arrow key. */
#define BACKSPACE_KEYCODE 22
#define LEFT_KEYCODE 113

static void
test_editing_keys (Fixture      *f,
                   gconstpointer data)
{
  type (f, "ab", 10);
  press (f, BACKSPACE_KEYCODE, 0, 10);
  g_assert_cmpstr (f->released->str, ==, "ab");
  g_assert_cmpuint (f->passed, ==, 1);
  g_assert_false (guichet_scan_burst_is_holding (f->burst));

  type (f, "c", 10);
  press (f, LEFT_KEYCODE, 0, 5);
  g_assert_cmpstr (f->released->str, ==, "abc");
  g_assert_cmpuint (f->passed, ==, 2);
  g_assert_cmpuint (f->scans->len, ==, 0);
}

/* Two scans back to back, and typing right after a scan. */
static void
test_back_to_back (Fixture      *f,
                   gconstpointer data)
{
  type (f, "FIRST-01", 2);
  press (f, RETURN_KEYCODE, 0, 2);
  f->time += 200;
  type (f, "SECOND-02", 2);
  press (f, RETURN_KEYCODE, 0, 2);
  type (f, "hi", 300);
  guichet_scan_burst_flush (f->burst);

  g_assert_cmpuint (f->scans->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->scans, 0), ==, "FIRST-01");
  g_assert_cmpstr (g_ptr_array_index (f->scans, 1), ==, "SECOND-02");
  g_assert_cmpstr (f->released->str, ==, "hi");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data)                                                                      \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/scan-burst/burst-is-a-scan", test_burst_is_a_scan, NULL);
  ADD ("/scan-burst/burst-on-fr-desk", test_burst_on_other_desk, "fr");
  ADD ("/scan-burst/burst-on-de-desk", test_burst_on_other_desk, "de");
  ADD ("/scan-burst/burst-on-cz-desk", test_burst_on_other_desk, "cz");
  ADD ("/scan-burst/typing-is-released", test_typing_is_released, NULL);
  ADD ("/scan-burst/typing-on-azerty", test_typing_on_azerty, "fr");
  ADD ("/scan-burst/short-fast-pair-is-typing", test_short_fast_pair_is_typing, NULL);
  ADD ("/scan-burst/burst-without-suffix", test_burst_without_suffix, NULL);
  ADD ("/scan-burst/suffixes", test_suffixes, NULL);
  ADD ("/scan-burst/threshold", test_threshold, NULL);
  ADD ("/scan-burst/min-length", test_min_length, NULL);
  ADD ("/scan-burst/long-burst-and-wrap", test_long_burst_and_wrap, NULL);
  ADD ("/scan-burst/back-to-back", test_back_to_back, NULL);
  ADD ("/scan-burst/editing-keys", test_editing_keys, NULL);
#undef ADD

  return g_test_run ();
}
