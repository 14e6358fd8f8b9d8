/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GuichetApplication) app = NULL;

  guichet_i18n_init ();

  g_set_application_name (_("Guichet"));

  app = guichet_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
