/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <stdio.h>

#include "guichet-core.h"

/* One desk of test-door's /door/admit-once/processes: opens the store,
 * says "ready", waits for a line on standard input (so every desk starts
 * at once), then scans each code of the list ROUNDS times and prints one
 * "CODE VERDICT" line per scan. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetDoor) door = NULL;
  g_autoptr (GError) error = NULL;
  char  line[64];
  guint rounds;

  if (argc < 7)
    {
      g_printerr ("usage: %s DATABASE ACCOUNT EVENT DESK ROUNDS CODE...\n", argv[0]);
      return 2;
    }

  store = guichet_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  door = guichet_door_new (store, argv[2], argv[3]);
  guichet_door_set_desk (door, argv[4]);
  rounds = (guint) g_ascii_strtoull (argv[5], NULL, 10);

  printf ("ready\n");
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return 1;

  for (guint r = 0; r < rounds; r++)
    for (int i = 6; i < argc; i++)
      {
        g_autoptr (GuichetCheckIn) check_in = NULL;

        check_in = guichet_door_scan (door, argv[i], GUICHET_DIRECTION_IN, NULL, &error);
        if (check_in == NULL)
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        /* Told at once: the verdict is out only after its entry is durable. */
        printf ("%s %s\n", argv[i],
                guichet_verdict_to_string (guichet_check_in_get_verdict (check_in)));
        fflush (stdout);
      }

  fflush (stdout);
  return 0;
}
