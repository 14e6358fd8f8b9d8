/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-weezevent"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fake-weezevent.h"

/* Serves the fake Weezevent API until killed; prints its base URL on the
 * first line of stdout. Used by the CLI tests and build-aux/bench-weezevent.
 *
 *   fake-weezevent-server [--participants N] [--page-cap N] [--data-dir DIR]
 *                         [--delay-ms N] [--log FILE] [--slow-down-page N]
 *                         [--retry-after N]
 *                         [--dump-pages DIR --max N]
 *
 * The accepted credentials are the FAKE_WEEZEVENT_* constants of
 * fake-weezevent.h: test values, not secrets. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *dump_dir = NULL;
  g_autofree char *log_path = NULL;
  int              delay_ms = 0;
  int              slow_down_page = 0;
  int              retry_after = 1;
  FakeWeezevent   *fake;
  int              n_participants = 1000;
  int              page_cap = 0;
  int              max = 500;
  GOptionEntry     entries[] = {
    { "participants", 0, 0, G_OPTION_ARG_INT, &n_participants,
      "Generated participants of event 11435", "N" },
    { "page-cap", 0, 0, G_OPTION_ARG_INT, &page_cap, "Most records per page, whatever max asks",
      "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "tests/data/weezevent", "DIR" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms, "Hold each /participants reply back N ms",
      "N" },
    { "slow-down-page", 0, 0, G_OPTION_ARG_INT, &slow_down_page,
      "Answer participants page N once with 429 and Retry-After: 1", "N" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after,
      "The Retry-After of --slow-down-page, in seconds (1)", "N" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Append each /participants request's page to FILE", "FILE" },
    { "dump-pages", 0, 0, G_OPTION_ARG_FILENAME, &dump_dir,
      "Write the pages of a full sync to DIR and exit", "DIR" },
    { "max", 0, 0, G_OPTION_ARG_INT, &max, "Page size for --dump-pages", "N" },
    { NULL }
  };

  context = g_option_context_new ("- fake Weezevent API server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (data_dir == NULL)
    data_dir = g_build_filename (SOURCE_TESTS_DIR, "data", "weezevent", NULL);

  fake = fake_weezevent_new (data_dir, (guint) MAX (n_participants, 0), &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }
  fake_weezevent_set_page_cap (fake, (guint) MAX (page_cap, 0));
  fake_weezevent_set_delay_ms (fake, (guint) MAX (delay_ms, 0));
  fake_weezevent_set_retry_after (fake, (guint) MAX (retry_after, 0));
  if (slow_down_page > 0)
    fake_weezevent_fail_page (fake, (guint) slow_down_page, FAKE_WEEZEVENT_FAULT_429);
  if (log_path != NULL && !fake_weezevent_set_log_file (fake, log_path, &error))
    {
      g_printerr ("Cannot open the log: %s\n", error->message);
      fake_weezevent_free (fake);
      return 1;
    }

  if (dump_dir != NULL)
    {
      guint n = fake_weezevent_dump_pages (fake, dump_dir, (guint) MAX (max, 1), &error);

      fake_weezevent_free (fake);
      if (error != NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%u\n", n);
      return 0;
    }

  g_print ("%s\n", fake_weezevent_get_base_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  fake_weezevent_free (fake);
  return 0;
}
