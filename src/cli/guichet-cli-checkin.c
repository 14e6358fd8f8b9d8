/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* checkin EVENT CODE: the door's verdict, from the local store only. */

static const char *
reason_label (GuichetReason reason)
{
  switch (reason)
    {
    case GUICHET_REASON_VOID: return _("the ticket was voided");
    case GUICHET_REASON_REFUNDED: return _("the ticket was refunded");
    case GUICHET_REASON_UNPAID: return _("the ticket is not paid");
    case GUICHET_REASON_DELETED: return _("the ticket was deleted");
    case GUICHET_REASON_WRONG_EVENT: return _("the ticket is for another event");
    case GUICHET_REASON_WRONG_DATE: return _("the ticket is for another date");
    case GUICHET_REASON_GATE: return _("this gate does not admit this ticket type");
    case GUICHET_REASON_INVALID_CODE: return _("this is not a ticket code");
    case GUICHET_REASON_NONE:
    default:
      return NULL;
    }
}

static void
add_participant_json (JsonBuilder        *builder,
                      GuichetParticipant *p)
{
  json_builder_set_member_name (builder, "participant");
  if (p == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  _guichet_cli_json_add_string (builder, "id", guichet_participant_get_id (p));
  _guichet_cli_json_add_string (builder, "event_id", guichet_participant_get_event_id (p));
  _guichet_cli_json_add_string (builder, "barcode", guichet_participant_get_barcode (p));
  _guichet_cli_json_add_string (builder, "first_name", guichet_participant_get_first_name (p));
  _guichet_cli_json_add_string (builder, "last_name", guichet_participant_get_last_name (p));
  _guichet_cli_json_add_string (builder, "email", guichet_participant_get_email (p));
  _guichet_cli_json_add_string (builder, "ticket_type_id", guichet_participant_get_ticket_type_id (p));
  _guichet_cli_json_add_string (builder, "ticket_type_name", guichet_participant_get_ticket_type_name (p));
  _guichet_cli_json_add_string (builder, "status",
                                guichet_participant_status_to_string (guichet_participant_get_status (p)));
  json_builder_set_member_name (builder, "checked_in");
  json_builder_add_boolean_value (builder, guichet_participant_get_checked_in (p));
  json_builder_end_object (builder);
}

int
_guichet_cli_checkin (int    argc,
                      char **argv)
{
  const CliCommand *command = _guichet_cli_get_command ("checkin");
  g_autofree char *account_name = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *date = NULL;
  g_auto(GStrv) gates = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account of the event"), N_("NAME") },
    { "gate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gates, N_("Admit only this ticket type (repeat for more)"), N_("TICKET_TYPE_ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Admit only tickets for this date of the event"), N_("DATE_ID") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk name written in the journal (default: the host name)"), N_("DESK") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GuichetStore) store = NULL;
  g_autoptr(GuichetAccount) account = NULL;
  g_autoptr(GuichetEvent) event = NULL;
  g_autoptr(GuichetDoor) door = NULL;
  g_autoptr(GuichetCheckIn) check_in = NULL;
  g_autoptr(GuichetParticipant) participant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *previous_time = NULL;
  g_autofree char *display_name = NULL;
  const char *previous_desk = NULL;
  const char *code;
  GuichetVerdict verdict;
  GuichetReason reason;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 3)
    return _guichet_cli_usage_error (command, _("Expected an event and a code."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  code = argv[2];

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;
  account = _guichet_cli_find_account (store, account_name);
  if (account == NULL)
    return CLI_EXIT_FAILURE;
  event = _guichet_cli_find_event (store, account, argv[1]);
  if (event == NULL)
    return CLI_EXIT_FAILURE;

  door = guichet_door_new (store, guichet_account_get_id (account), guichet_event_get_id (event));
  guichet_door_set_desk (door, desk ? desk : g_get_host_name ());
  if (gates != NULL && gates[0] != NULL)
    guichet_door_set_gates (door, (const char * const *) gates);
  if (date != NULL)
    guichet_door_set_date (door, date);

  check_in = guichet_door_scan (door, code, GUICHET_DIRECTION_IN, &participant, &error);
  if (check_in == NULL)
    return _guichet_cli_fail (error);

  verdict = guichet_check_in_get_verdict (check_in);
  reason = guichet_check_in_get_reason (check_in);

  /* "Already in at HH:MM at desk X": the earlier admission, from the
   * journal, or the platform's own check-in time. */
  if (verdict == GUICHET_VERDICT_ALREADY_CHECKED_IN)
    {
      GuichetCheckIn *previous = guichet_door_get_last_conflict (door);

      if (previous != NULL)
        {
          previous_time = _guichet_cli_format_time (guichet_check_in_get_time (previous));
          previous_desk = guichet_check_in_get_desk (previous);
        }
      if (previous_time == NULL && participant != NULL)
        previous_time = g_strdup (guichet_participant_get_checked_in_at (participant));
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *time = _guichet_cli_format_time (guichet_check_in_get_time (check_in));

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "verdict", guichet_verdict_to_string (verdict));
      _guichet_cli_json_add_string (builder, "reason", guichet_reason_to_string (reason));
      _guichet_cli_json_add_string (builder, "code", guichet_check_in_get_code (check_in));
      _guichet_cli_json_add_string (builder, "event_id", guichet_event_get_id (event));
      _guichet_cli_json_add_string (builder, "time", time);
      _guichet_cli_json_add_string (builder, "desk", guichet_check_in_get_desk (check_in));
      add_participant_json (builder, participant);
      if (verdict == GUICHET_VERDICT_ALREADY_CHECKED_IN)
        {
          json_builder_set_member_name (builder, "previous");
          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "time", previous_time);
          _guichet_cli_json_add_string (builder, "desk", previous_desk);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else
    {
      if (participant != NULL)
        display_name = guichet_participant_dup_display_name (participant);

      switch (verdict)
        {
        case GUICHET_VERDICT_ADMITTED:
          /* Translators: %s is the ticket holder's name, then the ticket type */
          g_print (_("Admitted: %s (%s)\n"), display_name ? display_name : code,
                   participant && guichet_participant_get_ticket_type_name (participant) ?
                   guichet_participant_get_ticket_type_name (participant) : "—");
          break;

        case GUICHET_VERDICT_ALREADY_CHECKED_IN:
          if (previous_desk != NULL)
            /* Translators: name, time, desk */
            g_print (_("Already checked in: %s, at %s at desk %s\n"),
                     display_name ? display_name : code,
                     previous_time ? previous_time : "?", previous_desk);
          else
            g_print (_("Already checked in: %s, at %s\n"),
                     display_name ? display_name : code,
                     previous_time ? previous_time : "?");
          break;

        case GUICHET_VERDICT_UNKNOWN:
          g_print (_("Unknown code: %s\n"), code);
          break;

        case GUICHET_VERDICT_REFUSED:
        default:
          g_print (_("Refused: %s, %s\n"), display_name ? display_name : code,
                   reason_label (reason) ? reason_label (reason) : _("no reason given"));
          break;
        }
    }

  return verdict == GUICHET_VERDICT_ADMITTED ? CLI_EXIT_OK : CLI_EXIT_NOT_ADMITTED;
}
