/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-fourvenues"

#include "config.h"

#include <stdio.h>

#include "fake-fourvenues.h"

/* Serves the fake Fourvenues channels API until killed; prints its base URL
 * on the first line of stdout. Used by the CLI tests.
 *
 *   fake-fourvenues-server [--tickets N]
 *
 * The accepted key is FAKE_FOURVENUES_API_KEY of fake-fourvenues.h: a test
 * value, not a secret. The test-only routes are described there. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  FakeFourvenues *fake;
  int             n_tickets = 60;
  GOptionEntry    entries[] = { { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets,
                                  "Generated tickets of the first event", "N" },
                                { NULL } };

  context = g_option_context_new ("- fake Fourvenues channels API server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  fake = fake_fourvenues_new ((guint) MAX (n_tickets, 0), &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot start: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", fake_fourvenues_get_base_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  fake_fourvenues_free (fake);
  return 0;
}
