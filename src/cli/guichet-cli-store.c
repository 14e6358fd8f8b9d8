/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* guichet-cli backup FILE, guichet-cli repair: the store's own upkeep. */

int
_guichet_cli_backup (int    argc,
                     char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("backup");
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *journal = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected the file to write the copy to."));
  if (!g_str_has_suffix (argv[1], ".db"))
    return _guichet_cli_usage_error (command, _("The copy’s name must end in “.db”."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  if (!guichet_store_backup (store, argv[1], &journal, &error))
    return _guichet_cli_fail (error);

  /* Translators: both are file names */
  g_printerr (_("Backed up the database to %s and its check-in journal to %s.\n"), argv[1],
                journal);
  return CLI_EXIT_OK;
}

int
_guichet_cli_repair (int    argc,
                     char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("repair");
  const GOptionEntry entries[] = { { NULL } };
  g_autofree char   *path = guichet_store_default_path ();
  g_auto (GuichetStoreRepair) result = {
    0,
  };
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);

  if (!guichet_store_repair (path, &result, &error))
    return _guichet_cli_fail (error);

  if (!result.repaired)
    {
      g_printerr (_("The database %s is sound: nothing to repair.\n"), path);
      return CLI_EXIT_OK;
    }

  if (result.main_moved_to != NULL)
    /* Translators: %s is a file name */
    g_printerr (_("The damaged database was moved to %s.\n"), result.main_moved_to);
  if (result.journal_moved_to != NULL)
    /* Translators: %s is a file name */
    g_printerr (_("The damaged check-in journal was moved to %s.\n"), result.journal_moved_to);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "A fresh database keeps %u account",
                           "A fresh database keeps %u accounts", result.accounts),
              result.accounts);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, " and %u check-in.\n", " and %u check-ins.\n",
                           result.check_ins),
              result.check_ins);
  g_printerr ("%s\n", _("Run “guichet-cli sync” to download the events and participants again."));
  return CLI_EXIT_OK;
}
