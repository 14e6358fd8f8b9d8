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
    case GUICHET_REASON_VOID:
      return _("the ticket was voided");
    case GUICHET_REASON_REFUNDED:
      return _("the ticket was refunded");
    case GUICHET_REASON_UNPAID:
      return _("the ticket is not paid");
    case GUICHET_REASON_DELETED:
      return _("the ticket was deleted");
    case GUICHET_REASON_WRONG_EVENT:
      return _("the ticket is for another event");
    case GUICHET_REASON_WRONG_DATE:
      return _("the ticket is for another date");
    case GUICHET_REASON_GATE:
      return _("this gate does not admit this ticket type");
    case GUICHET_REASON_INVALID_CODE:
      return _("this is not a ticket code");
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
  _guichet_cli_json_add_string (builder, "ticket_type_id",
                                guichet_participant_get_ticket_type_id (p));
  _guichet_cli_json_add_string (builder, "ticket_type_name",
                                guichet_participant_get_ticket_type_name (p));
  _guichet_cli_json_add_string (builder, "status",
                                guichet_participant_status_to_string (
                                  guichet_participant_get_status (p)));
  json_builder_set_member_name (builder, "checked_in");
  json_builder_add_boolean_value (builder, guichet_participant_get_checked_in (p));
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, guichet_participant_get_entries (p));
  json_builder_end_object (builder);
}

static gboolean
cancel_lookup (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A code the cache does not know may be a ticket sold since the last sync:
 * where the platform can look codes up, ask it within the door's deadline
 * and keep what it finds, so the scan decides on it. Offline, slow, or a
 * platform without a look-up: the scan decides from the cache alone. */
static void
look_up_unknown_code (GuichetStore     *store,
                      GuichetAccount   *account,
                      GuichetEvent     *event,
                      const char       *raw_code,
                      GuichetProvider **provider)
{
  g_autofree char *code = guichet_door_normalize_code (raw_code);
  const char      *account_id = guichet_account_get_id (account);
  const char      *event_id = guichet_event_get_id (event);
  g_autoptr (GuichetParticipant) known = NULL;
  g_autoptr (GCancellable) cancellable = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  guint   timeout;
  CliWait wait;

  if (code == NULL)
    return;
  known = guichet_store_find_participant_by_barcode (store, account_id, event_id, code, NULL);
  if (known == NULL)
    known = guichet_store_find_barcode_elsewhere (store, account_id, event_id, code, NULL);
  if (known != NULL)
    return;

  if (*provider == NULL)
    *provider = _guichet_cli_create_provider (account, TRUE);
  if (*provider == NULL)
    return;

  cancellable = g_cancellable_new ();
  timeout = g_timeout_add (GUICHET_REMOTE_CHECK_IN_DEADLINE_MS, cancel_lookup, cancellable);
  _guichet_cli_wait_init (&wait);
  guichet_provider_find_code_async (*provider, code, cancellable, _guichet_cli_wait_done, &wait);
  found = guichet_provider_find_code_finish (*provider, _guichet_cli_wait_run (&wait), &error);
  _guichet_cli_wait_clear (&wait);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);

  if (found == NULL)
    {
      if (!g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED))
        g_debug ("No look-up of %s: %s", code, error->message);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (found, i);
      g_autoptr (GPtrArray) one = g_ptr_array_new ();
      g_autoptr (GError) write_error = NULL;

      if (guichet_participant_get_event_id (p) == NULL)
        g_object_set (p, "event-id", event_id, NULL);
      g_ptr_array_add (one, p);
      if (!guichet_store_write_participants (store, account_id,
                                             guichet_participant_get_event_id (p), one, NULL, 0,
                                             &write_error))
        g_debug ("Cannot keep the looked-up ticket: %s", write_error->message);
    }
}

int
_guichet_cli_checkin (int    argc,
                      char **argv)
{
  const CliCommand *command = _guichet_cli_get_command ("checkin");
  g_autofree char  *account_name = NULL;
  g_autofree char  *desk = NULL;
  g_autofree char  *date = NULL;
  g_auto (GStrv) gates = NULL;
  gboolean           json = FALSE;
  gboolean           exit_mode = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "gate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gates,
        N_("Admit only this ticket type (repeat for more)"), N_("TICKET_TYPE_ID") },
        { "date", 0, 0, G_OPTION_ARG_STRING, &date,
          N_("Admit only tickets for this date of the event"), N_("DATE_ID") },
          { "desk", 0, 0, G_OPTION_ARG_STRING, &desk,
            N_("The desk name written in the journal (default: the host name)"), N_("DESK") },
            { "exit", 0, 0, G_OPTION_ARG_NONE, &exit_mode,
              N_("Scan out (the holder leaves and may come back)"), NULL },
              { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GuichetRemoteCheckIn) remote = NULL;
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GuichetDoor) door = NULL;
  g_autoptr (GuichetCheckIn) check_in = NULL;
  g_autoptr (GuichetParticipant) participant = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *previous_time = NULL;
  g_autofree char *display_name = NULL;
  const char      *previous_desk = NULL;
  const char      *code;
  GuichetVerdict   verdict;
  GuichetReason    reason;

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

  /* The remote check-in, where the platform has one: the local verdict
   * first (journaled "pending"), then at most ~1.5 s for the platform. */
  if (_guichet_cli_kind_can_check_in (guichet_account_get_provider (account)))
    {
      provider = _guichet_cli_create_provider (account, TRUE);
      if (provider != NULL)
        remote = guichet_remote_check_in_new (store, provider);
    }
  guichet_door_set_remote (door, remote != NULL && guichet_remote_check_in_is_enabled (remote));

  if (!exit_mode)
    look_up_unknown_code (store, account, event, code, &provider);

  /* Never a verdict from a store not checked whole: the check started at
   * open is let finish. It is instant for a store remembered sound and
   * unchanged since (guichet-store-health.c); after a change, the first
   * run reads it all (0.6-0.8 s at 1,000,000 participants), and the
   * next ones find it remembered. The door's own wait (0.5 s) is for
   * the application, which checks once when it opens. */
  guichet_store_wait_check (store, 30 * G_USEC_PER_SEC);
  check_in =
    guichet_door_scan (door, code, exit_mode ? GUICHET_DIRECTION_OUT : GUICHET_DIRECTION_IN,
                       &participant, &error);
  if (check_in == NULL)
    return _guichet_cli_fail (error);

  if (remote != NULL && guichet_check_in_get_remote (check_in) == GUICHET_REMOTE_PENDING)
    {
      g_autoptr (GError) push_error = NULL;
      CliWait wait;

      _guichet_cli_wait_init (&wait);
      guichet_remote_check_in_push_async (remote, check_in, NULL, _guichet_cli_wait_done, &wait);
      guichet_remote_check_in_push_finish (remote, _guichet_cli_wait_run (&wait), &push_error);
      _guichet_cli_wait_clear (&wait);
      if (push_error != NULL)
        g_printerr ("%s\n", push_error->message);
    }

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
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *time = _guichet_cli_format_time (guichet_check_in_get_time (check_in));

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "verdict", guichet_verdict_to_string (verdict));
      _guichet_cli_json_add_string (builder, "reason", guichet_reason_to_string (reason));
      _guichet_cli_json_add_string (builder, "code", guichet_check_in_get_code (check_in));
      _guichet_cli_json_add_string (builder, "event_id", guichet_event_get_id (event));
      _guichet_cli_json_add_string (builder, "time", time);
      _guichet_cli_json_add_string (builder, "desk", guichet_check_in_get_desk (check_in));
      _guichet_cli_json_add_string (builder, "direction",
                                    guichet_direction_to_string (
                                      guichet_check_in_get_direction (check_in)));
      _guichet_cli_json_add_string (builder, "remote",
                                    guichet_remote_state_to_string (
                                      guichet_check_in_get_remote (check_in)));
      if (guichet_check_in_get_remote_message (check_in) != NULL)
        _guichet_cli_json_add_string (builder, "remote_message",
                                      guichet_check_in_get_remote_message (check_in));
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
          if (exit_mode)
            /* Translators: %s is the ticket holder's name, then the ticket type */
            g_print (_("Out: %s (%s)\n"), display_name ? display_name : code,
                       participant && guichet_participant_get_ticket_type_name (participant)
                         ? guichet_participant_get_ticket_type_name (participant)
                         : "—");
          else
            /* Translators: %s is the ticket holder's name, then the ticket type */
            g_print (_("Admitted: %s (%s)\n"), display_name ? display_name : code,
                       participant && guichet_participant_get_ticket_type_name (participant)
                         ? guichet_participant_get_ticket_type_name (participant)
                         : "—");
          if (guichet_check_in_get_remote (check_in) == GUICHET_REMOTE_PENDING)
            g_printerr (
              _("The platform has not confirmed it yet; it will be sent with the next sync.\n"));
          else if (guichet_check_in_get_remote (check_in) == GUICHET_REMOTE_CONFLICT)
            /* Translators: %s is the platform's own message */
            g_printerr (_("The platform refused it: %s. It is in the journal as a conflict.\n"),
                          guichet_check_in_get_remote_message (check_in));
          break;

        case GUICHET_VERDICT_ALREADY_CHECKED_IN:
          if (previous_desk != NULL)
            /* Translators: name, time, desk */
            g_print (_("Already checked in: %s, at %s at desk %s\n"),
                       display_name ? display_name : code, previous_time ? previous_time : "?",
                       previous_desk);
          else
            g_print (_("Already checked in: %s, at %s\n"), display_name ? display_name : code,
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

/* undo EVENT CODE: annuls this desk's last admission of CODE. */
int
_guichet_cli_undo (int    argc,
                   char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("undo");
  g_autofree char   *account_name = NULL;
  g_autofree char   *desk = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "desk", 0, 0, G_OPTION_ARG_STRING, &desk,
        N_("The desk whose admission to annul (default: the host name)"), N_("DESK") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GuichetDoor) door = NULL;
  g_autoptr (GuichetCheckIn) undone = NULL;
  g_autoptr (GError) error = NULL;
  gboolean reached;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 3)
    return _guichet_cli_usage_error (command, _("Expected an event and a code."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));

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

  undone = guichet_door_undo (door, argv[2], &error);
  if (undone == NULL)
    return _guichet_cli_fail (error);

  /* No platform takes an annulment through its API: when the admission
   * had reached it, say so, so that someone undoes it there. */
  reached = guichet_check_in_get_remote (undone) == GUICHET_REMOTE_SENT;

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *at = _guichet_cli_format_time (guichet_check_in_get_time (undone));

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "code", guichet_check_in_get_code (undone));
      _guichet_cli_json_add_string (builder, "at", at);
      _guichet_cli_json_add_string (builder, "desk", guichet_check_in_get_desk (undone));
      json_builder_set_member_name (builder, "annulled");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "platform_updated");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else
    {
      g_autofree char *at = _guichet_cli_format_time (guichet_check_in_get_time (undone));

      /* Translators: a code, then the time of its admission */
      g_print (_("Annulled the admission of %s at %s.\n"), guichet_check_in_get_code (undone),
                 at ? at : "?");
    }

  if (reached)
    g_printerr (_("The platform had already received this check-in and cannot be told of the annulment from here: undo it on the platform too.\n"));
  else if (_guichet_cli_kind_can_check_in (guichet_account_get_provider (account)))
    g_printerr (_("It had not reached the platform yet: it will not be sent.\n"));

  return CLI_EXIT_OK;
}

/* journal EVENT: the check-ins decided at this desk, newest first. */
int
_guichet_cli_journal (int    argc,
                      char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("journal");
  g_autofree char   *account_name = NULL;
  g_autofree char   *desk = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "desk", 0, 0, G_OPTION_ARG_STRING, &desk,
        N_("The desk whose check-ins to list (default: the host name)"), N_("DESK") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GPtrArray) entries_list = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError) error = NULL;
  const char *this_desk;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected an event."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;
  account = _guichet_cli_find_account (store, account_name);
  if (account == NULL)
    return CLI_EXIT_FAILURE;
  event = _guichet_cli_find_event (store, account, argv[1]);
  if (event == NULL)
    return CLI_EXIT_FAILURE;

  entries_list = guichet_store_list_check_ins (store, guichet_account_get_id (account),
                                               guichet_event_get_id (event), 0, &error);
  if (entries_list == NULL)
    return _guichet_cli_fail (error);

  this_desk = desk ? desk : g_get_host_name ();
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < entries_list->len; i++)
    {
      GuichetCheckIn  *entry = g_ptr_array_index (entries_list, i);
      g_autofree char *at = NULL;
      const char      *reason;
      const char      *remote;

      if (g_strcmp0 (guichet_check_in_get_desk (entry), this_desk) != 0)
        continue;

      at = _guichet_cli_format_time (guichet_check_in_get_time (entry));
      reason = guichet_reason_to_string (guichet_check_in_get_reason (entry));
      remote = guichet_remote_state_to_string (guichet_check_in_get_remote (entry));

      if (json)
        {
          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "code", guichet_check_in_get_code (entry));
          _guichet_cli_json_add_string (builder, "at", at);
          _guichet_cli_json_add_string (builder, "desk", guichet_check_in_get_desk (entry));
          _guichet_cli_json_add_string (builder, "direction",
                                        guichet_direction_to_string (
                                          guichet_check_in_get_direction (entry)));
          _guichet_cli_json_add_string (builder, "verdict",
                                        guichet_verdict_to_string (
                                          guichet_check_in_get_verdict (entry)));
          _guichet_cli_json_add_string (builder, "reason", reason);
          _guichet_cli_json_add_string (builder, "remote", remote);
          if (guichet_check_in_get_remote_message (entry) != NULL)
            _guichet_cli_json_add_string (builder, "remote_message",
                                          guichet_check_in_get_remote_message (entry));
          json_builder_set_member_name (builder, "annulled");
          json_builder_add_boolean_value (builder, guichet_check_in_get_undone (entry));
          json_builder_end_object (builder);
        }
      else
        {
          GStrvBuilder *row = g_strv_builder_new ();

          g_strv_builder_add (row, at ? at : "");
          g_strv_builder_add (row, guichet_check_in_get_code (entry));
          g_strv_builder_add (row,
                              guichet_direction_to_string (guichet_check_in_get_direction (entry)));
          g_strv_builder_add (row,
                              guichet_verdict_to_string (guichet_check_in_get_verdict (entry)));
          g_strv_builder_add (row, reason ? reason : "");
          g_strv_builder_add (row, guichet_check_in_get_remote_message (entry)
                                     ? guichet_check_in_get_remote_message (entry)
                                     : remote);
          g_strv_builder_add (row, guichet_check_in_get_undone (entry) ? _("annulled") : "");
          g_ptr_array_add (rows, g_strv_builder_end (row));
          g_strv_builder_unref (row);
        }
    }

  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      _guichet_cli_print_json (root);
    }
  else
    {
      const char *headers[] = {
        _("Time"),   _("Code"),     _("Direction"), _("Verdict"),
                                                      _("Reason"), _("Platform"), _("Undo"),      NULL };

      _guichet_cli_print_table (headers, rows);
    }

  return CLI_EXIT_OK;
}
