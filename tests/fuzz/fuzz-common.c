/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"

void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void
fuzz_fail (const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  fputs ("fuzz: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  fflush (stderr);
  abort ();
}

JsonNode *
fuzz_parse_json (const uint8_t *data,
                 size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  JsonNode *root = guichet_json_parse_bytes (bytes, &error);

  fuzz_check_result (root, g_steal_pointer (&error), "guichet_json_parse_bytes");
  return root;
}

gboolean
fuzz_check_result (gconstpointer result,
                   GError       *error,
                   const char   *what)
{
  if (result != NULL && error != NULL)
    fuzz_fail ("%s: a result and an error (%s)", what, error->message);
  if (result == NULL && error == NULL)
    fuzz_fail ("%s: neither a result nor an error", what);
  if (error != NULL)
    {
      if (error->domain != GUICHET_ERROR)
        fuzz_fail ("%s: an error outside GUICHET_ERROR: %s", what, error->message);
      if (error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
        fuzz_fail ("%s: an error message that is not UTF-8", what);
      g_error_free (error);
    }
  return result != NULL;
}

void
fuzz_check_string (const char *text,
                   const char *what)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    fuzz_fail ("%s: a string that is not valid UTF-8", what);
}

void
fuzz_check_object (gpointer    object,
                   const char *what)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint                   n_pspecs = 0;

  if (!G_IS_OBJECT (object))
    fuzz_fail ("%s: not an object", what);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto (GValue) value = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);
      if (G_VALUE_HOLDS_STRING (&value))
        {
          const char *text = g_value_get_string (&value);

          if (text != NULL && !g_utf8_validate (text, -1, NULL))
            fuzz_fail ("%s: %s “%s” is not valid UTF-8", what, G_OBJECT_TYPE_NAME (object),
                       pspecs[i]->name);
        }
    }
}

void
fuzz_check_objects (GPtrArray  *array,
                    GError    **error,
                    const char *what)
{
  GError *local_error = NULL;

  if (error != NULL)
    local_error = g_steal_pointer (error);
  if (!fuzz_check_result (array, local_error, what))
    return;
  for (guint i = 0; i < array->len; i++)
    fuzz_check_object (g_ptr_array_index (array, i), what);
  g_ptr_array_unref (array);
}
