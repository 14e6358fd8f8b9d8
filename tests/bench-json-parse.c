/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-json-parse"

#include "config.h"

#include <json-glib/json-glib.h>

#include "guichet-weezevent-parse.h"

/* Parses every *.json file of a folder (the pages fake-weezevent-server
 * --dump-pages writes) twice: with json-glib alone, then into
 * GuichetParticipant objects with the Weezevent parser. Prints figures; used
 * by build-aux/bench-weezevent. Not a test. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  gsize total_bytes = 0;
  guint64 n_records = 0, n_objects = 0;
  gint64 start, json_us, objects_us;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (argv[1], name, NULL);
      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      total_bytes += length;
      g_ptr_array_add (pages, g_bytes_new_take (contents, length));
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize length = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (pages, i), &length);
      JsonObject *root;

      if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      root = json_node_get_object (json_parser_get_root (parser));
      n_records += json_array_get_length (json_object_get_array_member (root, "participants"));
    }
  json_us = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr(GuichetWeezeventParticipants) page = NULL;

      page = guichet_weezevent_parse_participants (g_ptr_array_index (pages, i), NULL, &error);
      if (page == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      n_objects += page->participants->len;
    }
  objects_us = g_get_monotonic_time () - start;

  g_print ("pages: %u, bytes: %" G_GSIZE_FORMAT " (%.1f MiB), records: %" G_GUINT64_FORMAT "\n",
           pages->len, total_bytes, total_bytes / 1048576.0, n_records);
  g_print ("json-glib alone: %.3f s (%.1f MiB/s)\n",
           json_us / 1e6, json_us > 0 ? total_bytes / 1048576.0 / (json_us / 1e6) : 0.0);
  g_print ("json-glib + GuichetParticipant objects: %.3f s (%" G_GUINT64_FORMAT " objects)\n",
           objects_us / 1e6, n_objects);
  return 0;
}
