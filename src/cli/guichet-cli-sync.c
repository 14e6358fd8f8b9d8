/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* sync [NAME] */

/* The progress printed so far */
typedef struct
{
  char    *status;
  gboolean waiting;
} Progress;

static void
on_status_changed (GuichetSyncState *state,
                   GParamSpec       *pspec,
                   gpointer          user_data)
{
  Progress   *last = user_data;
  const char *status = guichet_sync_state_get_status (state);
  gboolean    waiting = guichet_sync_state_is_waiting (state);
  gboolean    counted;

  /* Progress goes to standard error, once per change of text; a wait's
   * count down replaces its line on a terminal, and is left out of a log. */
  if (status == NULL || *status == '\0' || g_strcmp0 (status, last->status) == 0)
    return;

  counted = waiting && last->waiting;
  g_free (last->status);
  last->status = g_strdup (status);
  last->waiting = waiting;
  if (!counted)
    g_printerr ("%s\n", status);
  else if (isatty (STDERR_FILENO))
    {
      /* Up a line, cleared: written as is (g_printerr() escapes control
       * characters, as names may hold some) */
      fputs ("\033[A\r\033[K", stderr);
      g_printerr ("%s\n", status);
    }
}

typedef struct
{
  gboolean ok;
  char    *error;
  gint64   participants_written;
  guint    check_ins_sent;
  guint    check_ins_refused;
  guint    n_events;
} SyncOutcome;

static void
sync_account (GuichetStore   *store,
              GuichetAccount *account,
              SyncOutcome    *outcome)
{
  GuichetSession   *session = _guichet_cli_get_session (store);
  GuichetSyncState *state =
    guichet_session_get_sync_state (session, guichet_account_get_id (account));
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  Progress last_status = { NULL, FALSE };
  CliWait  wait;

  /* Translators: %s is an account name */
  g_printerr (_("Synchronizing “%s”…\n"), guichet_account_get_name (account));

  /* Made and signed in here, so that what is wrong is said before syncing. */
  provider = _guichet_cli_create_provider (account, TRUE);
  if (provider == NULL)
    {
      outcome->ok = FALSE;
      outcome->error = g_strdup (_("Could not prepare the account (see above)."));
      return;
    }

  g_signal_connect (state, "notify::status", G_CALLBACK (on_status_changed), &last_status);

  _guichet_cli_wait_init (&wait);
  guichet_session_sync_async (session, account, NULL, _guichet_cli_wait_done, &wait);
  outcome->ok = guichet_session_sync_finish (session, _guichet_cli_wait_run (&wait), &error);
  _guichet_cli_wait_clear (&wait);
  g_signal_handlers_disconnect_by_func (state, on_status_changed, &last_status);
  g_free (last_status.status);

  outcome->participants_written = guichet_sync_state_get_participants_written (state);
  outcome->check_ins_sent = guichet_sync_state_get_check_ins_sent (state);
  outcome->check_ins_refused = guichet_sync_state_get_check_ins_refused (state);
  if (outcome->check_ins_sent > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u check-in made offline reached the platform.\n",
                             "%u check-ins made offline reached the platform.\n",
                             outcome->check_ins_sent),
                outcome->check_ins_sent);
  /* Conflicts do not fail the sync: they wait in the journal, shown. */
  if (outcome->check_ins_refused > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "The platform refused %u check-in; it waits in the journal as a "
                             "conflict (guichet-cli journal EVENT --account NAME).\n",
                             "The platform refused %u check-ins; they wait in the journal as "
                             "conflicts (guichet-cli journal EVENT --account NAME).\n",
                             outcome->check_ins_refused),
                outcome->check_ins_refused);
  if (!outcome->ok)
    {
      outcome->error = g_strdup (error->message);
      _guichet_cli_fail (error);
      return;
    }

  events = guichet_store_list_events (store, guichet_account_get_id (account), NULL);
  outcome->n_events = events ? events->len : 0;

  g_printerr (_("“%s” is up to date: %u events, %lld participants downloaded.\n"),
                guichet_account_get_name (account), outcome->n_events,
                (long long) outcome->participants_written);
}

int
_guichet_cli_sync (int    argc,
                   char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("sync");
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON summary"), NULL }, { NULL }
  };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  gboolean all_ok = TRUE;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc > 2)
    return _guichet_cli_usage_error (command, _("Expected at most one account name."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  if (argc == 2)
    {
      GuichetAccount *account = _guichet_cli_find_account (store, argv[1]);

      if (account == NULL)
        return CLI_EXIT_FAILURE;
      accounts = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (accounts, account);
    }
  else
    {
      accounts = guichet_store_list_accounts (store, &error);
      if (accounts == NULL)
        return _guichet_cli_fail (error);
      if (accounts->len == 0)
        g_printerr (
          _("No accounts to synchronize. Add one with “guichet-cli account add PROVIDER NAME”.\n"));
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);

  for (guint i = 0; i < accounts->len; i++)
    {
      GuichetAccount *account = g_ptr_array_index (accounts, i);
      SyncOutcome     outcome = { FALSE, NULL, 0, 0 };

      sync_account (store, account, &outcome);
      all_ok &= outcome.ok;

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "account", guichet_account_get_name (account));
      _guichet_cli_json_add_string (builder, "account_id", guichet_account_get_id (account));
      _guichet_cli_json_add_string (builder, "provider", guichet_account_get_provider (account));
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, outcome.ok);
      json_builder_set_member_name (builder, "events");
      json_builder_add_int_value (builder, outcome.n_events);
      json_builder_set_member_name (builder, "participants_written");
      json_builder_add_int_value (builder, outcome.participants_written);
      json_builder_set_member_name (builder, "check_ins_sent");
      json_builder_add_int_value (builder, outcome.check_ins_sent);
      json_builder_set_member_name (builder, "check_in_conflicts");
      json_builder_add_int_value (builder, outcome.check_ins_refused);
      _guichet_cli_json_add_string (builder, "error", outcome.error);
      json_builder_end_object (builder);

      g_free (outcome.error);
    }

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, all_ok);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      _guichet_cli_print_json (root);
    }

  return all_ok ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
