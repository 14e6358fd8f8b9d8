/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oveit-parse"

#include "config.h"

#include <string.h>

#include "guichet-oveit-parse.h"
#include "guichet-test-utils.h"

/* The parser, on the document's example replies (events-tickets.json and
 * tickets-checkin.json, copied verbatim from oveit-api-tickets.txt) and on
 * replies in the live shapes NOTES.md gives (login, seller/events,
 * events/attendees). */

static JsonNode *
load (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "oveit", name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_errors (void)
{
  g_autoptr (JsonNode) refused = load ("error.json");
  g_autoptr (JsonNode) fine = load ("seller-events.json");
  g_autoptr (JsonNode) null_error = json_from_string ("{\"error\": null, \"events\": []}", NULL);
  g_autoptr (GError) error = NULL;

  /* an HTTP 200 {"error"} is never a success */
  g_assert_false (guichet_oveit_check_reply (refused, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Ticket already checked in"));
  g_clear_error (&error);
  g_assert_true (guichet_oveit_check_reply (fine, &error));
  g_assert_true (guichet_oveit_check_reply (null_error, &error));
  g_assert_no_error (error);
}

static void
test_login (void)
{
  g_autoptr (JsonNode) root = load ("seller-login.json");
  g_autoptr (JsonNode) empty = json_from_string ("{\"expires_in\": 172800}", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *token = guichet_oveit_parse_login (root, &error);
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  none = guichet_oveit_parse_login (empty, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_null (none);
}

static void
test_events (void)
{
  g_autoptr (JsonNode) root = load ("seller-events.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_oveit_parse_events (root, "acc", &error);
  GuichetEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  /* a perpetual event has no start */
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "99");
  g_assert_null (guichet_event_get_start (event));
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Indila concert");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2016-08-24T01:30:00+00:00");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Romexpo");
  g_assert_cmpint (guichet_event_get_participant_count (event), ==, 240);
}

static void
test_categories (void)
{
  g_autoptr (JsonNode) root = load ("seller-events.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = guichet_oveit_parse_categories (root, "100", &error);
  g_autoptr (GPtrArray) none = NULL;
  GuichetTicketCategory *vip, *parking;
  GListModel            *children;

  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 2);
  vip = g_ptr_array_index (roots, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (vip), ==, "123");
  /* "100 USD" */
  g_assert_cmpint (guichet_ticket_category_get_price (vip)->amount_minor, ==, 10000);
  g_assert_cmpstr (guichet_ticket_category_get_currency (vip), ==, "USD");
  g_assert_cmpint (guichet_ticket_category_get_price (g_ptr_array_index (roots, 1))->amount_minor,
                   ==, 2550);
  /* the addons as children */
  children = guichet_ticket_category_get_children (vip);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
  parking = g_list_model_get_item (children, 1);
  g_assert_cmpstr (guichet_ticket_category_get_name (parking), ==, "Parking");
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (parking), ==, "123");
  g_assert_cmpint (guichet_ticket_category_get_price (parking)->amount_minor, ==, 1000);
  g_object_unref (parking);

  none = guichet_oveit_parse_categories (root, "404", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_null (none);
}

static void
test_tickets_and_attendees (void)
{
  g_autoptr (JsonNode) tickets_root = load ("events-tickets.json");
  g_autoptr (JsonNode) attendees_root = load ("events-attendees.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = guichet_oveit_parse_tickets (tickets_root, "100", &error);
  g_autoptr (GHashTable) by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char    *last = NULL;
  GuichetParticipant *p;
  gint64              n;

  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 2);
  p = g_ptr_array_index (tickets, 1);
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "7cd58203");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, "123");
  g_assert_true (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_checked_in_at (p), ==, "2016-08-10T11:49:18+00:00");
  g_assert_false (guichet_participant_get_checked_in (g_ptr_array_index (tickets, 0)));

  for (guint i = 0; i < tickets->len; i++)
    g_hash_table_insert (by_code,
                         g_strdup (
                           guichet_participant_get_barcode (g_ptr_array_index (tickets, i))),
                         g_ptr_array_index (tickets, i));
  n = guichet_oveit_merge_attendees (attendees_root, "100", by_code, tickets, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpstr (last, ==, "7cd58203");
  g_assert_cmpuint (tickets->len, ==, 2);
  p = g_ptr_array_index (tickets, 0);
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "John");
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Doe");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "john@example.com");
  g_assert_cmpstr (guichet_participant_get_ticket_type_name (p), ==, "VIP area");
  g_assert_cmpstr (guichet_participant_get_order_id (p), ==, "15");
  /* "+0300" offsets, a multiple choice as a list */
  g_assert_cmpstr (guichet_participant_get_updated_at (p), ==, "2016-08-10T11:49:18+03:00");
  g_assert_nonnull (strstr (guichet_participant_get_answers (p),
                            "{\"label\":\"Workshops\",\"value\":\"Mixing, Lights\"}"));
  p = g_ptr_array_index (tickets, 1);
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Ioana");
  g_assert_null (guichet_participant_get_email (p));
  /* the check-in state of events/tickets survives the merge */
  g_assert_true (guichet_participant_get_checked_in (p));
}

static void
test_scan (void)
{
  g_autoptr (JsonNode) root = load ("tickets-checkin.json");
  g_autoptr (JsonNode) refused = json_from_string (
    "{\"ok\": false, \"error\": \"Already checked in\","
    " \"ticket\": {\"code\": \"6c388d60\"},"
    " \"checkins\": [{\"addon_id\": null, \"date\": \"2016-09-10T11:49:18+00:00\"}]}",
    NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetOveitScan) scan = guichet_oveit_parse_scan (root, &error);
  g_autoptr (GuichetOveitScan) no = NULL;

  g_assert_no_error (error);
  g_assert_true (scan->ok);
  g_assert_cmpstr (scan->code, ==, "6c388d60");
  g_assert_cmpstr (scan->ticket_type_id, ==, "123");
  g_assert_cmpuint (scan->checkins->len, ==, 2);

  no = guichet_oveit_parse_scan (refused, &error);
  g_assert_no_error (error);
  g_assert_false (no->ok);
  g_assert_cmpstr (no->error, ==, "Already checked in");
  g_assert_cmpuint (no->checkins->len, ==, 1);
  g_assert_cmpint (g_date_time_get_hour (g_ptr_array_index (no->checkins, 0)), ==, 11);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oveit/parse/errors", test_errors);
  g_test_add_func ("/oveit/parse/login", test_login);
  g_test_add_func ("/oveit/parse/events", test_events);
  g_test_add_func ("/oveit/parse/categories", test_categories);
  g_test_add_func ("/oveit/parse/tickets-and-attendees", test_tickets_and_attendees);
  g_test_add_func ("/oveit/parse/scan", test_scan);

  return g_test_run ();
}
