/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* events, categories, participants: read from the store only. */

static char **
row_new (guint n,
         ...)
{
  char  **row = g_new0 (char *, n + 1);
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      const char *cell = va_arg (args, const char *);

      row[i] = g_strdup (cell ? cell : "");
    }
  va_end (args);

  return row;
}

static GPtrArray *
rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

/* events */

/* "dates": [{"id", "start", "end", "ticket_ids"}] — the dates of a
 * multi-date event, each usable as a check-in scope (checkin --date). */
static gboolean
add_dates_json (JsonBuilder  *builder,
                GuichetStore *store,
                GuichetEvent *event,
                GError      **error)
{
  g_autoptr (GPtrArray) dates = NULL;

  dates = guichet_store_list_dates (store, guichet_event_get_account_id (event),
                                    guichet_event_get_id (event), error);
  if (dates == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "dates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dates->len; i++)
    {
      GuichetEventDate   *date = g_ptr_array_index (dates, i);
      const char * const *tickets = guichet_event_date_get_ticket_ids (date);

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "id", guichet_event_date_get_id (date));
      _guichet_cli_json_add_string (builder, "start", guichet_event_date_get_start (date));
      _guichet_cli_json_add_string (builder, "end", guichet_event_date_get_end (date));
      json_builder_set_member_name (builder, "ticket_ids");
      json_builder_begin_array (builder);
      for (guint j = 0; tickets != NULL && tickets[j] != NULL; j++)
        json_builder_add_string_value (builder, tickets[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

int
_guichet_cli_events (int    argc,
                     char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("events");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("Only this account’s events"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  if (account_name != NULL)
    {
      account = _guichet_cli_find_account (store, account_name);
      if (account == NULL)
        return CLI_EXIT_FAILURE;
    }

  accounts = guichet_store_list_accounts (store, &error);
  if (accounts == NULL)
    return _guichet_cli_fail (error);
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < accounts->len; i++)
    {
      GuichetAccount *a = g_ptr_array_index (accounts, i);

      g_hash_table_insert (names, (gpointer) guichet_account_get_id (a),
                           (gpointer) guichet_account_get_name (a));
    }

  events =
    guichet_store_list_events (store, account ? guichet_account_get_id (account) : NULL, &error);
  if (events == NULL)
    return _guichet_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < events->len; i++)
        {
          GuichetEvent *event = g_ptr_array_index (events, i);
          const char   *account_id = guichet_event_get_account_id (event);

          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "account",
                                        account_id ? g_hash_table_lookup (names, account_id)
                                                   : NULL);
          _guichet_cli_json_add_string (builder, "account_id", account_id);
          _guichet_cli_json_add_string (builder, "id", guichet_event_get_id (event));
          _guichet_cli_json_add_string (builder, "name", guichet_event_get_name (event));
          _guichet_cli_json_add_string (builder, "start", guichet_event_get_start (event));
          _guichet_cli_json_add_string (builder, "end", guichet_event_get_end (event));
          _guichet_cli_json_add_string (builder, "venue", guichet_event_get_venue (event));
          _guichet_cli_json_add_string (builder, "status", guichet_event_get_status (event));
          json_builder_set_member_name (builder, "multiple_dates");
          json_builder_add_boolean_value (builder, guichet_event_get_multiple_dates (event));
          json_builder_set_member_name (builder, "participant_count");
          json_builder_add_int_value (builder, guichet_event_get_participant_count (event));
          _guichet_cli_json_add_string (builder, "currency", guichet_event_get_currency (event));
          _guichet_cli_json_add_string (builder, "series_id", guichet_event_get_series_id (event));
          if (!add_dates_json (builder, store, event, &error))
            return _guichet_cli_fail (error);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else if (events->len == 0)
    {
      g_printerr (_("No events. Run “guichet-cli sync” to download them.\n"));
    }
  else
    {
      const char *headers[] = {
        _("Account"), _("ID"), _("Name"), _("Start"), _("Venue"), _("Status"), _("Series"), NULL };
      g_autoptr (GPtrArray) rows = rows_new ();

      for (guint i = 0; i < events->len; i++)
        {
          GuichetEvent *event = g_ptr_array_index (events, i);
          const char   *account_id = guichet_event_get_account_id (event);

          g_ptr_array_add (rows,
                           row_new (7, account_id ? g_hash_table_lookup (names, account_id) : NULL,
                                    guichet_event_get_id (event), guichet_event_get_name (event),
                                    guichet_event_get_start (event),
                                    guichet_event_get_venue (event),
                                    guichet_event_get_status (event),
                                    guichet_event_get_series_id (event)));
        }
      _guichet_cli_print_table (headers, rows);
    }

  return CLI_EXIT_OK;
}

/* categories */

static void
build_category_json (JsonBuilder *builder,
                     GListModel  *nodes)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr (GuichetTicketCategory) node = g_list_model_get_item (nodes, i);
      gboolean ticket = guichet_ticket_category_get_kind (node) == GUICHET_CATEGORY_KIND_TICKET;
      gint64   quota = guichet_ticket_category_get_quota (node);

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "id", guichet_ticket_category_get_id (node));
      _guichet_cli_json_add_string (builder, "name", guichet_ticket_category_get_name (node));
      _guichet_cli_json_add_string (builder, "kind", ticket ? "ticket" : "category");
      /* major units, as the platforms show it; price_minor is exact */
      _guichet_cli_json_add_money (builder, "price", guichet_ticket_category_get_price (node));
      json_builder_set_member_name (builder, "price_minor");
      json_builder_add_int_value (builder, guichet_ticket_category_get_price (node)->amount_minor);
      _guichet_cli_json_add_string (builder, "currency",
                                    guichet_ticket_category_get_currency (node));
      json_builder_set_member_name (builder, "quota");
      if (quota >= 0)
        json_builder_add_int_value (builder, quota);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "sold");
      json_builder_add_int_value (builder, guichet_ticket_category_get_sold (node));
      json_builder_set_member_name (builder, "checked_in");
      json_builder_add_int_value (builder, guichet_ticket_category_get_checked_in (node));
      _guichet_cli_json_add_string (builder, "sale_start",
                                    guichet_ticket_category_get_sale_start (node));
      _guichet_cli_json_add_string (builder, "sale_end",
                                    guichet_ticket_category_get_sale_end (node));
      json_builder_set_member_name (builder, "children");
      build_category_json (builder, guichet_ticket_category_get_children (node));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_category_rows (GPtrArray  *rows,
                     GListModel *nodes,
                     guint       depth)
{
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr (GuichetTicketCategory) node = g_list_model_get_item (nodes, i);
      gboolean ticket = guichet_ticket_category_get_kind (node) == GUICHET_CATEGORY_KIND_TICKET;
      gint64   quota = guichet_ticket_category_get_quota (node);
      g_autofree char *indented =
        g_strdup_printf ("%*s%s", (int) depth * 2, "", guichet_ticket_category_get_name (node));
      g_autofree char *price = NULL;
      g_autofree char *sold = NULL;
      g_autofree char *checked_in = NULL;

      if (ticket)
        {
          g_autofree char *amount =
            _guichet_cli_format_money (guichet_ticket_category_get_price (node));

          price = g_strdup_printf ("%s %s", amount,
                                   guichet_ticket_category_get_currency (node)
                                     ? guichet_ticket_category_get_currency (node)
                                     : "");
        }
      if (quota >= 0)
        sold = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
                                guichet_ticket_category_get_sold (node), quota);
      else
        sold = g_strdup_printf ("%" G_GINT64_FORMAT, guichet_ticket_category_get_sold (node));
      checked_in =
        g_strdup_printf ("%" G_GINT64_FORMAT, guichet_ticket_category_get_checked_in (node));

      g_ptr_array_add (rows,
                       row_new (6, indented,
                                ticket ? _("Ticket")
                                       : _("Category"), guichet_ticket_category_get_id (node),
                                           price ? g_strchomp (price) : "", sold, checked_in));
      build_category_rows (rows, guichet_ticket_category_get_children (node), depth + 1);
    }
}

int
_guichet_cli_categories (int    argc,
                         char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("categories");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GListStore) tree = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one event."));
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

  roots = guichet_store_list_categories (store, guichet_account_get_id (account),
                                         guichet_event_get_id (event), &error);
  if (roots == NULL)
    return _guichet_cli_fail (error);

  tree = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
  g_list_store_splice (tree, 0, 0, roots->pdata, roots->len);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      build_category_json (builder, G_LIST_MODEL (tree));
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else if (roots->len == 0)
    {
      g_printerr (
        _("No ticket categories for this event. Run “guichet-cli sync” to download them.\n"));
    }
  else
    {
      const char *headers[] = {
        _("Name"), _("Kind"), _("ID"), _("Price"), _("Sold"), _("Checked in"), NULL };
      g_autoptr (GPtrArray) rows = rows_new ();

      build_category_rows (rows, G_LIST_MODEL (tree), 0);
      _guichet_cli_print_table (headers, rows);
    }

  return CLI_EXIT_OK;
}

/* participants */

static const char *
status_label (GuichetParticipantStatus status)
{
  switch (status)
    {
    case GUICHET_PARTICIPANT_STATUS_VOIDED:
      return _("Voided");
    case GUICHET_PARTICIPANT_STATUS_REFUNDED:
      return _("Refunded");
    case GUICHET_PARTICIPANT_STATUS_UNPAID:
      return _("Unpaid");
    case GUICHET_PARTICIPANT_STATUS_DELETED:
      return _("Deleted");
    case GUICHET_PARTICIPANT_STATUS_VALID:
    default:
      return _("Valid");
    }
}

/* The codes admitted by this machine's desks and still inside, from the
 * journal (newest entry first). */
static GHashTable *
locally_admitted (GuichetStore *store,
                  const char   *account_id,
                  const char   *event_id)
{
  g_autoptr (GPtrArray) entries =
    guichet_store_list_check_ins (store, account_id, event_id, 0, NULL);
  GHashTable *inside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GuichetCheckIn *entry = g_ptr_array_index (entries, i);
      const char     *code = guichet_check_in_get_code (entry);

      if (code == NULL || guichet_check_in_get_verdict (entry) != GUICHET_VERDICT_ADMITTED ||
          guichet_check_in_get_undone (entry) || g_hash_table_contains (seen, code))
        continue;

      g_hash_table_add (seen, (gpointer) code);
      if (guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_IN)
        g_hash_table_add (inside, g_strdup (code));
    }

  return inside;
}

/* "answers": [{"label", "value"}], as the store keeps them; [] when none. */
static void
add_answers_json (JsonBuilder *builder,
                  const char  *answers_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;

  json_builder_set_member_name (builder, "answers");
  if (answers_json != NULL && json_parser_load_from_data (parser, answers_json, -1, NULL))
    root = json_parser_get_root (parser);

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    json_builder_add_value (builder, json_node_copy (root));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
}

#define MAX_ANSWERS_FETCHED 50

/* Asks the platform for each participant's form answers, one at a time,
 * and keeps them in the store and on the objects. */
static gboolean
refresh_answers (GuichetStore   *store,
                 GuichetAccount *account,
                 const char     *event_id,
                 GPtrArray      *participants)
{
  g_autoptr (GuichetProvider) provider = NULL;

  if (participants->len > MAX_ANSWERS_FETCHED)
    {
      _guichet_cli_fail_message (_("--answers asks the platform once per participant: narrow the list to %d or fewer with --search."),
                                   MAX_ANSWERS_FETCHED);
      return FALSE;
    }

  provider = _guichet_cli_create_provider (account, TRUE);
  if (provider == NULL)
    return FALSE;

  for (guint i = 0; i < participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *answers = NULL;
      CliWait          wait;

      _guichet_cli_wait_init (&wait);
      guichet_provider_get_answers_async (provider, guichet_participant_get_id (p), NULL,
                                          _guichet_cli_wait_done, &wait);
      answers =
        guichet_provider_get_answers_finish (provider, _guichet_cli_wait_run (&wait), &error);
      _guichet_cli_wait_clear (&wait);

      if (answers == NULL ||
          !guichet_store_save_answers (store, guichet_account_get_id (account), event_id,
                                       guichet_participant_get_id (p), answers, &error))
        {
          _guichet_cli_fail (error);
          return FALSE;
        }

      g_object_set (p, "answers", answers, NULL);
    }

  return TRUE;
}

int
_guichet_cli_participants (int    argc,
                           char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("participants");
  g_autofree char   *account_name = NULL;
  g_autofree char   *search = NULL;
  gboolean           json = FALSE;
  gboolean           fetch_answers = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "search", 0, 0, G_OPTION_ARG_STRING, &search,
        N_("Only participants whose name, e-mail or barcode matches"), N_("TEXT") },
        { "answers", 0, 0, G_OPTION_ARG_NONE, &fetch_answers,
          N_("Ask the platform for the listed participants’ form answers now (at most 50)"), NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GPtrArray) participants = NULL;
  g_autoptr (GHashTable) inside = NULL;
  g_autoptr (GError) error = NULL;
  const char *account_id, *event_id;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one event."));
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

  account_id = guichet_account_get_id (account);
  event_id = guichet_event_get_id (event);

  if (search != NULL && *g_strstrip (search) != '\0')
    {
      participants =
        guichet_store_search_participants (store, account_id, event_id, search, 0, &error);
      if (participants == NULL)
        return _guichet_cli_fail (error);
    }
  else
    {
      g_autoptr (GArray) rowids =
        guichet_store_list_participant_rowids (store, account_id, event_id, NULL,
                                               GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);

      if (rowids == NULL)
        return _guichet_cli_fail (error);

      participants = g_ptr_array_new_full (rowids->len, g_object_unref);
      for (guint i = 0; i < rowids->len; i++)
        {
          GuichetParticipant *p =
            guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));

          if (p != NULL)
            g_ptr_array_add (participants, p);
        }
    }

  if (fetch_answers && !refresh_answers (store, account, event_id, participants))
    return CLI_EXIT_FAILURE;

  inside = locally_admitted (store, account_id, event_id);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < participants->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (participants, i);
          const char         *barcode = guichet_participant_get_barcode (p);

          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "id", guichet_participant_get_id (p));
          _guichet_cli_json_add_string (builder, "barcode", barcode);
          _guichet_cli_json_add_string (builder, "first_name",
                                        guichet_participant_get_first_name (p));
          _guichet_cli_json_add_string (builder, "last_name",
                                        guichet_participant_get_last_name (p));
          _guichet_cli_json_add_string (builder, "email", guichet_participant_get_email (p));
          _guichet_cli_json_add_string (builder, "ticket_type_id",
                                        guichet_participant_get_ticket_type_id (p));
          _guichet_cli_json_add_string (builder, "ticket_type_name",
                                        guichet_participant_get_ticket_type_name (p));
          _guichet_cli_json_add_string (builder, "date_id", guichet_participant_get_date_id (p));
          _guichet_cli_json_add_string (builder, "status",
                                        guichet_participant_status_to_string (
                                          guichet_participant_get_status (p)));
          /* checked_in is the platform's state; admitted_here adds this
           * machine's journal (check-ins not pushed yet included). */
          json_builder_set_member_name (builder, "checked_in");
          json_builder_add_boolean_value (builder, guichet_participant_get_checked_in (p));
          _guichet_cli_json_add_string (builder, "checked_in_at",
                                        guichet_participant_get_checked_in_at (p));
          json_builder_set_member_name (builder, "admitted_here");
          json_builder_add_boolean_value (builder,
                                          barcode && g_hash_table_contains (inside, barcode));
          _guichet_cli_json_add_string (builder, "order_id", guichet_participant_get_order_id (p));
          add_answers_json (builder, guichet_participant_get_answers (p));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else if (participants->len == 0)
    {
      if (search != NULL)
        g_printerr (_("Nobody matches “%s”.\n"), search);
      else
        g_printerr (_("No participants. Run “guichet-cli sync” to download them.\n"));
    }
  else
    {
      const char *headers[] = {
        _("Last name"), _("First name"), _("Barcode"), _("Ticket"),
                                                         _("Status"),    _("Checked in"), NULL };
      g_autoptr (GPtrArray) rows = rows_new ();

      for (guint i = 0; i < participants->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (participants, i);
          const char         *barcode = guichet_participant_get_barcode (p);
          gboolean            in = guichet_participant_get_checked_in (p) ||
                                   (barcode && g_hash_table_contains (inside, barcode));

          g_ptr_array_add (rows, row_new (6, guichet_participant_get_last_name (p),
                                          guichet_participant_get_first_name (p), barcode,
                                          guichet_participant_get_ticket_type_name (p)
                                            ? guichet_participant_get_ticket_type_name (p)
                                            : guichet_participant_get_ticket_type_id (p),
                                          status_label (guichet_participant_get_status (p)),
                                          in ? _("Yes") : _("No")));
        }
      _guichet_cli_print_table (headers, rows);
      /* Translators: %u is a number of participants */
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u participant\n", "%u participants\n",
                               participants->len),
                  participants->len);
    }

  return CLI_EXIT_OK;
}
