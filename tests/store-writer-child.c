/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <unistd.h>

#include "guichet-core.h"

/* Writes pages of 500 participants, each with the cursor "page-N", until it
 * is killed (test-store's /store/killed-writer), or its parent goes away. */

#define PAGE_SIZE 500

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  pid_t parent = getppid ();

  if (argc != 2)
    {
      g_printerr ("usage: %s DATABASE\n", argv[0]);
      return 2;
    }

  store = guichet_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint page = 1; getppid () == parent; page++)
    {
      g_autoptr (GPtrArray) participants = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *cursor = g_strdup_printf ("page-%u", page);

      for (guint i = 0; i < PAGE_SIZE; i++)
        {
          g_autofree char *id = g_strdup_printf ("p-%u-%u", page, i);
          g_autofree char *barcode = g_strdup_printf ("B%u-%u", page, i);
          g_autofree char *last = g_strdup_printf ("Name%u", i);

          g_ptr_array_add (participants,
                           g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "barcode", barcode,
                                         "first-name", "Killed", "last-name", last, "email",
                                         "writer@example.org", NULL));
        }

      if (!guichet_store_write_participants (store, "acc", "ev", participants, cursor, page,
                                             &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  return 0;
}
