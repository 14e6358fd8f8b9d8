/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-json-parse"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "guichet-store.h"
#include "guichet-weezevent-parse.h"

/* Parses every *.json file of a folder (the pages fake-weezevent-server
 * --dump-pages writes) twice: with json-glib alone, then into
 * GuichetParticipant objects with the Weezevent parser; then writes those
 * objects, page by page, into a new store in a temporary folder. Prints
 * figures; used by build-aux/bench-weezevent. Not a test. With
 * --json-only, the first figure alone. */

/* Seconds of CPU (user + system) this process used so far */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) parsed =
    g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_weezevent_participants_free);
  g_autoptr (GuichetStore) store = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  gsize       total_bytes = 0;
  guint64     n_records = 0, n_objects = 0;
  gint64      start, json_us, objects_us, store_us;
  double      cpu, json_cpu, objects_cpu, store_cpu;
  gboolean    json_only = FALSE;

  if (argc == 3 && g_str_equal (argv[1], "--json-only"))
    {
      json_only = TRUE;
      argv[1] = argv[2];
    }
  else if (argc != 2)
    {
      g_printerr ("usage: %s [--json-only] DIR\n", argv[0]);
      return 2;
    }

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  /* page-0001.json ...: the order a sync asks for them */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = NULL;
      char            *contents = NULL;
      gsize            length = 0;

      path = g_build_filename (argv[1], g_ptr_array_index (names, i), NULL);
      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      total_bytes += length;
      g_ptr_array_add (pages, g_bytes_new_take (contents, length));
    }

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      gsize       length = 0;
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
  json_cpu = cpu_seconds () - cpu;
  if (json_only)
    {
      g_print ("json-glib alone: %.3f s (CPU %.3f s)\n", json_us / 1e6, json_cpu);
      return 0;
    }

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr (GuichetWeezeventParticipants) page = NULL;

      page = guichet_weezevent_parse_participants (g_ptr_array_index (pages, i), NULL, &error);
      if (page == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      n_objects += page->participants->len;
      g_ptr_array_add (parsed, g_steal_pointer (&page));
    }
  objects_us = g_get_monotonic_time () - start;
  objects_cpu = cpu_seconds () - cpu;

  tmp_dir = g_dir_make_tmp ("bench-store-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  db_path = g_build_filename (tmp_dir, "guichet.db", NULL);
  store = guichet_store_new (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < parsed->len; i++)
    {
      GuichetWeezeventParticipants *page = g_ptr_array_index (parsed, i);
      g_autofree char              *cursor = g_strdup_printf ("{\"page\":%u}", i + 2);

      if (!guichet_store_write_participants (store, "bench", "11435", page->participants, cursor, 1,
                                             &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  store_us = g_get_monotonic_time () - start;
  store_cpu = cpu_seconds () - cpu;

  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (db_path, suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (tmp_dir);
  }

  g_print ("pages: %u, bytes: %" G_GSIZE_FORMAT " (%.1f MiB), records: %" G_GUINT64_FORMAT "\n",
           pages->len, total_bytes, total_bytes / 1048576.0, n_records);
  g_print ("json-glib alone: %.3f s (%.1f MiB/s; CPU %.3f s)\n", json_us / 1e6,
           json_us > 0 ? total_bytes / 1048576.0 / (json_us / 1e6) : 0.0, json_cpu);
  g_print ("json-glib + GuichetParticipant objects: %.3f s (%" G_GUINT64_FORMAT
           " objects; CPU %.3f s)\n",
           objects_us / 1e6, n_objects, objects_cpu);
  g_print ("store writes of those pages: %.3f s (CPU %.3f s)\n", store_us / 1e6, store_cpu);
  return 0;
}
