/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-i18n"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "guichet-i18n.h"

/* How far above the executable a build directory may be:
 * build/src/cli/guichet-cli and build/src/gui/guichet are two levels down. */
#define MAX_LEVELS_UP 2

/**
 * guichet_i18n_get_locale_dir:
 *
 * Finds the message catalogs for the running program. Installed, they are
 * in LOCALEDIR. Run from a meson build directory (build-aux/run, the tests,
 * a developer), the program is not installed and LOCALEDIR holds no
 * catalog, or an older one: then the catalogs that i18n.gettext() compiled
 * into the build directory's po/LANG/LC_MESSAGES/ are used. A build
 * directory is recognized by its meson-private folder, found at most two
 * levels above the executable.
 *
 * Returns: (transfer full): the directory to give bindtextdomain()
 */
char *
guichet_i18n_get_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (exe == NULL || !g_path_is_absolute (exe))
    return g_strdup (LOCALEDIR);

  dir = g_path_get_dirname (exe);
  for (guint up = 0; up <= MAX_LEVELS_UP; up++)
    {
      g_autofree char *marker = g_build_filename (dir, "meson-private", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (marker, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *po = g_build_filename (dir, "po", NULL);

          if (g_file_test (po, G_FILE_TEST_IS_DIR))
            return g_steal_pointer (&po);
          break;
        }

      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }

  return g_strdup (LOCALEDIR);
}

/**
 * guichet_i18n_init:
 *
 * Sets the locale from the environment and binds the guichet text domain
 * to guichet_i18n_get_locale_dir(), in UTF-8. Call it first in main().
 */
void
guichet_i18n_init (void)
{
  g_autofree char *locale_dir = guichet_i18n_get_locale_dir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
