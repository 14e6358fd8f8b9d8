/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* issue: one ticket by hand, through the platform, then into the store so
 * the door admits it before the next sync. */

/* "Ada Lovelace" -> "Ada", "Lovelace"; one word is a first name. */
static void
split_name (GuichetTicketHolder *holder,
            const char          *name)
{
  g_autofree char *copy = g_strstrip (g_strdup (name));
  char            *space = strrchr (copy, ' ');

  if (space == NULL)
    {
      holder->first_name = g_steal_pointer (&copy);
      return;
    }
  *space = '\0';
  holder->first_name = g_strdup (g_strstrip (copy));
  holder->last_name = g_strdup (g_strstrip (space + 1));
}

int
_guichet_cli_issue (int    argc,
                    char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("issue");
  g_autofree char   *account_name = NULL;
  g_autofree char   *ticket_type = NULL;
  g_autofree char   *name = NULL;
  g_autofree char   *email = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "ticket-type", 0, 0, G_OPTION_ARG_STRING, &ticket_type,
        N_("The ticket type to issue (an id from “categories --json”)"), N_("ID") },
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The ticket holder’s name"), N_("NAME") },
          { "email", 0, 0, G_OPTION_ARG_STRING, &email,
            N_("The ticket holder’s e-mail address"), N_("EMAIL") },
            { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GuichetTicketHolder) holder = NULL;
  g_autoptr (GuichetParticipant) participant = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;
  CliWait wait;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one event."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (ticket_type == NULL || ticket_type[0] == '\0')
    return _guichet_cli_usage_error (command, _("--ticket-type is required."));
  if (name == NULL || *g_strstrip (name) == '\0')
    return _guichet_cli_usage_error (command, _("--name is required."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;
  account = _guichet_cli_find_account (store, account_name);
  if (account == NULL)
    return CLI_EXIT_FAILURE;
  event = _guichet_cli_find_event (store, account, argv[1]);
  if (event == NULL)
    return CLI_EXIT_FAILURE;
  provider = _guichet_cli_create_provider (account, TRUE);
  if (provider == NULL)
    return CLI_EXIT_FAILURE;

  holder = guichet_ticket_holder_new ();
  split_name (holder, name);
  holder->email = email != NULL && *g_strstrip (email) != '\0' ? g_strdup (email) : NULL;

  _guichet_cli_wait_init (&wait);
  guichet_provider_issue_ticket_async (provider, guichet_event_get_id (event), ticket_type, holder,
                                       NULL, _guichet_cli_wait_done, &wait);
  participant =
    guichet_provider_issue_ticket_finish (provider, _guichet_cli_wait_run (&wait), &error);
  _guichet_cli_wait_clear (&wait);
  if (participant == NULL)
    return _guichet_cli_fail (error);

  /* The door knows the ticket at once; the next sync confirms it */
  if (guichet_participant_get_event_id (participant) == NULL)
    g_object_set (participant, "event-id", guichet_event_get_id (event), NULL);
  page = g_ptr_array_new ();
  g_ptr_array_add (page, participant);
  if (!guichet_store_write_participants (store, guichet_account_get_id (account),
                                         guichet_event_get_id (event), page, NULL, 0, &error))
    return _guichet_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *answers = guichet_participant_get_answers (participant);

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "id", guichet_participant_get_id (participant));
      _guichet_cli_json_add_string (builder, "barcode",
                                    guichet_participant_get_barcode (participant));
      _guichet_cli_json_add_string (builder, "first_name",
                                    guichet_participant_get_first_name (participant));
      _guichet_cli_json_add_string (builder, "last_name",
                                    guichet_participant_get_last_name (participant));
      _guichet_cli_json_add_string (builder, "email", guichet_participant_get_email (participant));
      _guichet_cli_json_add_string (builder, "ticket_type_id",
                                    guichet_participant_get_ticket_type_id (participant));
      _guichet_cli_json_add_string (builder, "ticket_type_name",
                                    guichet_participant_get_ticket_type_name (participant));
      _guichet_cli_json_add_string (builder, "status",
                                    guichet_participant_status_to_string (
                                      guichet_participant_get_status (participant)));
      json_builder_set_member_name (builder, "checked_in");
      json_builder_add_boolean_value (builder, guichet_participant_get_checked_in (participant));
      _guichet_cli_json_add_string (builder, "order_id",
                                    guichet_participant_get_order_id (participant));
      json_builder_set_member_name (builder, "answers");
      if (answers != NULL && json_parser_load_from_data (parser, answers, -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else
    {
      g_autofree char *display = guichet_participant_dup_display_name (participant);

      /* Translators: %s is a person's name, then a barcode */
      g_print (_("Issued a ticket to %s, barcode %s.\n"), display,
                 guichet_participant_get_barcode (participant)
                   ? guichet_participant_get_barcode (participant)
                   : "—");
    }

  return CLI_EXIT_OK;
}
