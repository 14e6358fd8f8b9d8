/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <unistd.h>

#include "guichet-test-utils.h"

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("test timed out waiting for an asynchronous result");
  return G_SOURCE_REMOVE;
}

void
guichet_test_wait_until (gboolean *done)
{
  guint id = g_timeout_add_seconds (60, on_timeout, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

char *
guichet_test_new_db_path (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("test-%u-%u.db", (guint) getpid (), ++counter);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "guichet-tests", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}
