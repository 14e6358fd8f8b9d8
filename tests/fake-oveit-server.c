/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-oveit"

#include "config.h"

#include <stdio.h>

#include "fake-oveit.h"

/* Serves the fake Oveit until killed; prints its base URL
 * on the first line of stdout. Used by the CLI tests.
 *
 *   fake-oveit-server [--tickets N]
 *
 * The accepted e-mail and password are FAKE_OVEIT_* of fake-oveit.h: test
 * values, not secrets. The test-only routes are described there. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  FakeOveit   *fake;
  int          n_tickets = 60;
  GOptionEntry entries[] = { { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets,
                               "Generated tickets of event 100", "N" },
                             { NULL } };

  context = g_option_context_new ("- fake Oveit server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  fake = fake_oveit_new ((guint) MAX (n_tickets, 0), &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot start: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", fake_oveit_get_base_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  fake_oveit_free (fake);
  return 0;
}
