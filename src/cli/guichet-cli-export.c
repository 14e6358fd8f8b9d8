/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* export: the event's participants from the store as CSV (DESIGN.md);
 * nothing is asked of the platform, so it works offline. */

int
_guichet_cli_export (int    argc,
                     char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("export");
  g_autofree char   *account_name = NULL;
  g_autofree char   *csv = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv,
        N_("The CSV file to write (replaced when it exists)"), N_("FILE") }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *display = NULL;
  gint64           written;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one event."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (csv == NULL || csv[0] == '\0')
    return _guichet_cli_usage_error (command, _("--csv is required."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;
  account = _guichet_cli_find_account (store, account_name);
  if (account == NULL)
    return CLI_EXIT_FAILURE;
  event = _guichet_cli_find_event (store, account, argv[1]);
  if (event == NULL)
    return CLI_EXIT_FAILURE;

  file = g_file_new_for_commandline_arg (csv);
  written = guichet_participant_export_to_file (store, guichet_account_get_id (account),
                                                guichet_event_get_id (event), file, NULL, NULL,
                                                NULL, &error);
  if (written < 0)
    return _guichet_cli_fail (error);

  display = g_file_get_parse_name (file);
  /* Translators: %s is a file name */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %d participant to %s.\n",
                           "Wrote %d participants to %s.\n", (gulong) written),
              (int) written, display);

  return CLI_EXIT_OK;
}
