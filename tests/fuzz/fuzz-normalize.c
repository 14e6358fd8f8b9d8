/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The door's code normalizer (guichet_door_normalize_code): whatever a
 * scanner or a keyboard sends, the result is NULL or a valid code, and
 * normalizing it again changes nothing. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* a C string: up to the first NUL */
  g_autofree char *code = g_strndup ((const char *) data, size);
  g_autofree char *normalized = guichet_door_normalize_code (code);
  g_autofree char *again = NULL;

  if (normalized == NULL)
    {
      if (guichet_door_code_is_valid (code) && g_utf8_validate (code, -1, NULL))
        {
          g_autofree char *twice = guichet_door_normalize_code (code);

          if (twice != NULL)
            fuzz_fail ("normalize: NULL once, a code the second time");
        }
      return 0;
    }

  if (*normalized == '\0')
    fuzz_fail ("normalize: an empty code");
  if (!g_utf8_validate (normalized, -1, NULL))
    fuzz_fail ("normalize: a code that is not valid UTF-8");
  if (g_utf8_strlen (normalized, -1) > 256)
    fuzz_fail ("normalize: a code of %ld characters", g_utf8_strlen (normalized, -1));
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      fuzz_fail ("normalize: a control character kept");
  if (strstr (code, normalized) == NULL)
    fuzz_fail ("normalize: the code is not a part of what was read");
  if (g_unichar_isspace (g_utf8_get_char (normalized)))
    fuzz_fail ("normalize: leading whitespace kept");

  again = guichet_door_normalize_code (normalized);
  if (g_strcmp0 (again, normalized) != 0)
    fuzz_fail ("normalize: not idempotent (“%s” then “%s”)", normalized, again);
  if (!guichet_door_code_is_valid (normalized))
    fuzz_fail ("normalize: code_is_valid() refuses a normalized code");
  return 0;
}
