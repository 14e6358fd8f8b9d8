/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-tickettailor"

#include "config.h"

#include <stdio.h>

#include "fake-tickettailor.h"

/* Serves the fake Ticket Tailor API until killed; prints its base URL on
 * the first line of stdout. Used by the CLI tests.
 *
 *   fake-tickettailor-server [--tickets N] [--data-dir DIR]
 *
 * The accepted API key is FAKE_TICKETTAILOR_API_KEY of fake-tickettailor.h:
 * a test value, not a secret. The test-only routes under /__fake/ are
 * described there. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char  *data_dir = NULL;
  FakeTicketTailor *fake;
  int               n_tickets = 250;
  GOptionEntry      entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets, "Generated issued tickets of ev_1", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "tests/data/tickettailor", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("- fake Ticket Tailor API server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  fake = fake_tickettailor_new (data_dir, (guint) MAX (n_tickets, 0), &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot start: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", fake_tickettailor_get_base_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  fake_tickettailor_free (fake);
  return 0;
}
