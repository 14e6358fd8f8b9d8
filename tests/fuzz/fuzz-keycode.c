/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keycode decoder (GuichetScanDecoder): any burst of keycodes and
 * states decodes to valid UTF-8, the same whole as key by key, and what
 * encode() gives for a character decodes back to it. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static const char         *layouts[] = { "us", "fr", "de", "gb", "cz", "be", "ch", "es" };
static GuichetScanDecoder *decoders[G_N_ELEMENTS (layouts)];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static GuichetScanDecoder *
get_decoder (guint i)
{
  if (decoders[i] == NULL)
    {
      g_autoptr (GError) error = NULL;

      decoders[i] = guichet_scan_decoder_new (layouts[i], NULL, &error);
      if (decoders[i] == NULL)
        fuzz_fail ("no decoder for layout %s: %s", layouts[i], error->message);
    }
  return decoders[i];
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GuichetScanDecoder *decoder;
  g_autofree guint   *keycodes = NULL;
  g_autofree guint   *states = NULL;
  g_autofree char    *whole = NULL;
  g_autoptr (GString) by_key = g_string_new (NULL);
  gsize n;

  if (size < 1)
    return 0;
  decoder = get_decoder (data[0] % G_N_ELEMENTS (layouts));
  data++;
  size--;

  /* 3 bytes a key: the keycode (9 bits, or far out of range), the state */
  n = size / 3;
  keycodes = g_new0 (guint, n + 1);
  states = g_new0 (guint, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *one = NULL;

      keycodes[i] = data[3 * i] | (data[3 * i + 1] & 0x01) << 8;
      if (data[3 * i + 1] & 0x80)
        keycodes[i] |= (guint) data[3 * i + 1] << 24;
      states[i] = data[3 * i + 2];
      one = guichet_scan_decoder_decode_key (decoder, keycodes[i], states[i]);
      if (one == NULL || !g_utf8_validate (one, -1, NULL))
        fuzz_fail ("decode_key (%u, %u): not valid UTF-8", keycodes[i], states[i]);
      g_string_append (by_key, one);
    }
  whole = guichet_scan_decoder_decode (decoder, keycodes, states, n);
  if (whole == NULL || !g_utf8_validate (whole, -1, NULL))
    fuzz_fail ("decode: not valid UTF-8");
  if (strcmp (whole, by_key->str) != 0)
    fuzz_fail ("decode: the burst differs from its keys one by one");

  /* the first bytes as Latin-1 characters: encode, then decode back */
  for (gsize i = 0; i < size && i < 16; i++)
    {
      gunichar c = data[i];
      guint    keycode, state;

      if (guichet_scan_decoder_encode (decoder, c, &keycode, &state))
        {
          g_autofree char *back = guichet_scan_decoder_decode_key (decoder, keycode, state);
          char             expected[8] = { 0 };

          g_unichar_to_utf8 (c, expected);
          if (strcmp (back, expected) != 0)
            fuzz_fail ("encode U+%04X gives key %u state %u, which decodes to “%s”", c, keycode,
                       state, back);
        }
    }
  return 0;
}
