/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-goevent"

#include "config.h"

#include <stdio.h>

#include "fake-goevent.h"

/* Serves the fake GoEvent API until killed; prints its base URL on the
 * first line of stdout. Used by the CLI tests.
 *
 *   fake-goevent-server [--participants N] [--events N] [--page-cap N]
 *
 * The accepted token is FAKE_GOEVENT_TOKEN of fake-goevent.h: a test value,
 * not a secret. The test-only routes under /__fake/ are described there. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  FakeGoevent *fake;
  int          n_participants = 120;
  int          n_events = 3;
  int          page_cap = 0;
  GOptionEntry entries[] = { { "participants", 0, 0, G_OPTION_ARG_INT, &n_participants,
                               "Generated participants of the document's event", "N" },
                             { "events", 0, 0, G_OPTION_ARG_INT, &n_events,
                               "Generated events besides the document's", "N" },
                             { "page-cap", 0, 0, G_OPTION_ARG_INT, &page_cap,
                               "Most records a page, whatever limit asks", "N" },
                             { NULL } };

  context = g_option_context_new ("- fake GoEvent API server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  fake = fake_goevent_new ((guint) MAX (n_participants, 0), (guint) MAX (n_events, 0), &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot start: %s\n", error->message);
      return 1;
    }
  fake_goevent_set_page_cap (fake, (guint) MAX (page_cap, 0));

  printf ("%s\n", fake_goevent_get_base_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  fake_goevent_free (fake);
  return 0;
}
