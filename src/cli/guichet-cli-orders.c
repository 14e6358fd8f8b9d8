/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* orders EVENT: the event's orders, from the platform. */

typedef struct
{
  GuichetStore    *store;
  GuichetAccount  *account;
  GuichetEvent    *event;
  GuichetProvider *provider;
  CliWait          wait;
} EventSession;

static void
event_session_clear (EventSession *session)
{
  _guichet_cli_wait_clear (&session->wait);
  g_clear_object (&session->provider);
  g_clear_object (&session->event);
  g_clear_object (&session->account);
  g_clear_object (&session->store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventSession, event_session_clear)

static gboolean
event_session_open (EventSession *session,
                    const char   *account_name,
                    const char   *event)
{
  _guichet_cli_wait_init (&session->wait);
  session->store = _guichet_cli_open_store ();
  if (session->store == NULL)
    return FALSE;
  session->account = _guichet_cli_find_account (session->store, account_name);
  if (session->account == NULL)
    return FALSE;
  session->event = _guichet_cli_find_event (session->store, session->account, event);
  if (session->event == NULL)
    return FALSE;
  session->provider = _guichet_cli_create_provider (session->account, TRUE);
  return session->provider != NULL;
}

/* ---- orders ---- */

static void
add_order_json (JsonBuilder  *builder,
                GuichetOrder *order)
{
  const char * const *tickets = guichet_order_get_ticket_ids (order);
  const char         *line_items = guichet_order_get_line_items (order);

  json_builder_begin_object (builder);
  _guichet_cli_json_add_string (builder, "id", guichet_order_get_id (order));
  _guichet_cli_json_add_string (builder, "event_id", guichet_order_get_event_id (order));
  _guichet_cli_json_add_string (builder, "buyer_name", guichet_order_get_buyer_name (order));
  _guichet_cli_json_add_string (builder, "email", guichet_order_get_email (order));
  _guichet_cli_json_add_money (builder, "total", guichet_order_get_total (order));
  json_builder_set_member_name (builder, "total_minor");
  json_builder_add_int_value (builder, guichet_order_get_total (order)->amount_minor);
  _guichet_cli_json_add_string (builder, "currency", guichet_order_get_currency (order));
  _guichet_cli_json_add_string (builder, "status", guichet_order_get_status (order));
  _guichet_cli_json_add_string (builder, "created_at", guichet_order_get_created_at (order));
  json_builder_set_member_name (builder, "ticket_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; tickets != NULL && tickets[i] != NULL; i++)
    json_builder_add_string_value (builder, tickets[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "line_items");
  {
    g_autoptr (JsonNode) items = line_items ? json_from_string (line_items, NULL) : NULL;

    if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
      json_builder_add_value (builder, g_steal_pointer (&items));
    else
      {
        json_builder_begin_array (builder);
        json_builder_end_array (builder);
      }
  }
  json_builder_end_object (builder);
}

int
_guichet_cli_orders (int    argc,
                     char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("orders");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_("The account of the event"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (EventSession) session = { 0 };
  g_autoptr (GPtrArray) orders = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one event."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!event_session_open (&session, account_name, argv[1]))
    return CLI_EXIT_FAILURE;

  guichet_provider_list_orders_async (session.provider, guichet_event_get_id (session.event), NULL,
                                      _guichet_cli_wait_done, &session.wait);
  orders = guichet_provider_list_orders_finish (session.provider,
                                                _guichet_cli_wait_run (&session.wait), &error);
  if (orders == NULL)
    return _guichet_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < orders->len; i++)
        add_order_json (builder, g_ptr_array_index (orders, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else if (orders->len == 0)
    {
      g_printerr (_("No orders for this event.\n"));
    }
  else
    {
      const char *headers[] = {
        _("Order"), _("Buyer"), _("E-mail"), _("Tickets"), _("Total"), _("Status"), NULL };
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < orders->len; i++)
        {
          GuichetOrder       *o = g_ptr_array_index (orders, i);
          const char * const *tickets = guichet_order_get_ticket_ids (o);
          g_autofree char    *total = _guichet_cli_format_money (guichet_order_get_total (o));
          char              **row = g_new0 (char *, 7);

          row[0] = g_strdup (guichet_order_get_id (o));
          row[1] =
            g_strdup (guichet_order_get_buyer_name (o) ? guichet_order_get_buyer_name (o) : "");
          row[2] = g_strdup (guichet_order_get_email (o) ? guichet_order_get_email (o) : "");
          row[3] = g_strdup_printf ("%u", tickets ? g_strv_length ((GStrv) tickets) : 0);
          row[4] =
            g_strdup_printf ("%s %s", total,
                             guichet_order_get_currency (o) ? guichet_order_get_currency (o) : "");
          row[5] = g_strdup (guichet_order_get_status (o) ? guichet_order_get_status (o) : "");
          g_ptr_array_add (rows, row);
        }
      _guichet_cli_print_table (headers, rows);
    }

  return CLI_EXIT_OK;
}
