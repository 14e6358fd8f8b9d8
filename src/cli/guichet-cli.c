/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* guichet-cli: the same core, store and keyring as the application, for
 * scripts. The contract (commands, JSON keys, exit codes) is in DESIGN.md. */

static const CliCommand commands[] = {
  { "account add", "PROVIDER NAME [--base-url URL] [--username U | --email E]",
    N_("Add an account; its secrets are read from standard input, one per line"),
       _guichet_cli_account_add },
    { "account list", "[--json]", N_("List the accounts"), _guichet_cli_account_list },
      { "account signin", "NAME",
        N_("Sign in again, keeping the account and its data; secrets are read as for “account add”"),
          _guichet_cli_account_signin },
        { "account remove", "NAME",
          N_("Remove an account, its downloaded data and its secrets"),
             _guichet_cli_account_remove },
          { "sync", "[NAME] [--json]",
            N_("Download events, tickets and participants (every account, or one)"),
               _guichet_cli_sync },
            { "events", "[--account NAME] [--json]",
              N_("List the downloaded events"), _guichet_cli_events },
              { "categories", "EVENT --account NAME [--json]",
                N_("Show an event’s ticket categories as a tree, with sales"),
                   _guichet_cli_categories },
                { "participants", "EVENT --account NAME [--search TEXT] [--answers] [--json]",
                  N_("List or search an event’s participants"), _guichet_cli_participants },
                  { "checkin",
                    "EVENT CODE --account NAME [--date DATE_ID] [--gate TICKET_TYPE_ID]… [--exit] "
                    "[--desk DESK] [--json]",
                    N_("Check a ticket in at the door (exit status 3 when not admitted)"),
                       _guichet_cli_checkin },
                    { "undo", "EVENT CODE --account NAME [--desk DESK] [--json]",
                      N_("Annul this desk’s last admission of a code"), _guichet_cli_undo },
                      { "journal", "EVENT --account NAME [--desk DESK] [--json]",
                        N_("List the check-ins decided at this desk, newest first"),
                           _guichet_cli_journal },
                        { "orders", "EVENT --account NAME [--json]",
                          N_("List an event’s orders, from the platform"), _guichet_cli_orders },
                          { "discount list", "--account NAME [--code CODE] [--json]",
                            N_("List the discount codes, from the platform"),
                               _guichet_cli_discount },
                            { "discount show", "ID --account NAME [--json]",
                              N_("Show one discount code"), _guichet_cli_discount },
                              { "discount create",
                                "--account NAME --code C --name N --type fixed_amount|percentage "
                                "--amount X "
                                "[--expires YYYY-MM-DD] [--max-redemptions N] [--ticket-type ID]… "
                                "[--json]",
                                N_("Create a discount code (--amount in major units, 5.40; or the percentage, 15)"),
                                   _guichet_cli_discount },
                                { "discount update",
                                  "ID --account NAME [--code C] [--name N] [--type T] [--amount X] "
                                  "[--expires YYYY-MM-DD] [--max-redemptions N] [--ticket-type "
                                  "ID]… [--json]",
                                  N_("Change a discount code; --ticket-type replaces the ticket types"),
                                     _guichet_cli_discount },
                                  { "discount delete", "ID --account NAME [--json]",
                                    N_("Delete a discount code"), _guichet_cli_discount },
                                    { "voucher list", "--account NAME [--json]",
                                      N_("List the vouchers, from the platform"),
                                         _guichet_cli_discount },
                                      { "voucher show", "ID --account NAME [--json]",
                                        N_("Show one voucher"), _guichet_cli_discount },
                                        { "voucher create",
                                          "--account NAME --name N --value V [--expiry YYYY-MM-DD] "
                                          "--code X [--code Y]… [--json]",
                                          N_("Create a voucher and its codes (--value in major units, 25.00)"),
                                             _guichet_cli_discount },
                                          { "voucher update",
                                            "ID --account NAME [--name N] [--value V] [--expiry "
                                            "YYYY-MM-DD] [--json]",
                                            N_("Change a voucher"), _guichet_cli_discount },
                                            { "voucher delete", "ID --account NAME [--json]",
                                              N_("Delete a voucher and its codes"),
                                                 _guichet_cli_discount },
                                              { "voucher codes", "ID --account NAME [--json]",
                                                N_("List a voucher’s codes"),
                                                   _guichet_cli_discount },
                                                { "voucher void-code",
                                                  "VOUCHER_ID CODE_ID --account NAME",
                                                  N_("Void one voucher code"),
                                                     _guichet_cli_discount },
                                                  { "backup", "FILE",
                                                    N_("Write a consistent copy of the database to FILE (a name ending in .db) and of the check-in journal beside it, even while the application runs"),
                                                       _guichet_cli_backup },
                                                    { "repair", "",
                                                      N_("Check the database; when it is damaged, move it aside and start a fresh one with the accounts and every readable check-in (then sync again)"),
                                                         _guichet_cli_repair },
                                                      { "issue",
                                                        "EVENT --account NAME --ticket-type ID "
                                                        "--name NAME [--email E] [--json]",
                                                        N_("Issue a ticket by hand, to a new holder"),
                                                           _guichet_cli_issue },
                                                        { "export",
                                                          "EVENT --account NAME --csv FILE",
                                                          N_("Write an event’s participants, as stored here, to a CSV file (RFC 4180, UTF-8, a header row)"),
                                                             _guichet_cli_export },
                                                      };

const CliCommand *
_guichet_cli_get_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static gboolean
wants_help (int    argc,
            char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h") ||
          g_str_equal (argv[i], "-?") || g_str_equal (argv[i], "--help-all"))
        return TRUE;
    }

  return FALSE;
}

static void
print_help (FILE *out)
{
  g_autoptr (GString) help = g_string_new (NULL);
  g_autofree char *kinds = g_strjoinv (", ", (char **) guichet_providers_get_kinds ());

  g_string_append_printf (help, _("Usage:\n  guichet-cli COMMAND [OPTION…]\n\n"));
  g_string_append_printf (help, "%s\n\n",
                          _("Guichet’s box office from the command line: the same accounts, data and keyring as the application."));
  g_string_append_printf (help, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %s%s%s\n      %s\n", commands[i].name,
                            commands[i].parameters[0] != '\0' ? " " : "", commands[i].parameters,
                            _(commands[i].summary));

  g_string_append_c (help, '\n');
  /* Translators: %s is a list of platform names */
  g_string_append_printf (help, _("Providers: %s\n"), kinds);
  g_string_append_printf (
    help, "%s\n",
    _("Secrets (API keys, passwords, tokens) are read from standard input, one per line, or asked for on a terminal; never give them as arguments."));
  g_string_append_printf (
    help, "%s\n", _("--json prints JSON on standard output; messages go to standard error."));
  g_string_append_printf (
    help, "%s\n", _("Exit status: 0 success, 1 failure, 2 usage error, 3 ticket not admitted."));
  g_string_append_printf (help, "%s\n",
                          _("Run “guichet-cli COMMAND --help” to see a command’s options."));

  fputs (help->str, out);
}

static int usage_error (const char *format,
                        ...) G_GNUC_PRINTF (1,
                                            2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("guichet-cli: %s\n\n", message);
  print_help (stderr);
  return CLI_EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char  *name = NULL;
  const CliCommand *command;
  int               skip;
  int               status;

  guichet_i18n_init ();
  g_set_prgname ("guichet-cli");
  _guichet_cli_install_print_handlers ();

  if (argc < 2)
    return usage_error (_("Missing command."));

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "-?") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("guichet-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  /* "account", "discount" and "voucher" take a sub-command. */
  if (g_str_equal (argv[1], "account") || g_str_equal (argv[1], "discount") ||
      g_str_equal (argv[1], "voucher"))
    {
      if (argc < 3 || argv[2][0] == '-')
        {
          if (argc >= 3 && wants_help (argc - 1, argv + 1))
            {
              print_help (stdout);
              return CLI_EXIT_OK;
            }
          if (g_str_equal (argv[1], "account"))
            return usage_error (_("“account” needs a sub-command: add, list or remove."));
          if (g_str_equal (argv[1], "discount"))
            return usage_error (
              _("“discount” needs a sub-command: list, show, create, update or delete."));
          return usage_error (_("“voucher” needs a sub-command: list, show, create, update, delete, codes or void-code."));
        }
      name = g_strdup_printf ("%s %s", argv[1], argv[2]);
      skip = 2;
    }
  else
    {
      name = g_strdup (argv[1]);
      skip = 1;
    }

  command = _guichet_cli_get_command (name);
  if (command == NULL)
    return usage_error (_("Unknown command “%s”."), name);

  /* The command sees its own name as argv[0]. */
  argv[skip] = (char *) command->name;
  status = command->run (argc - skip, argv + skip);
  /* The session first: it holds the store, and keeps renewed secrets. */
  _guichet_cli_close_session ();
  _guichet_cli_close_store ();
  return status;
}
