/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tickettailor-parse"

#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"
#include "guichet-tickettailor-parse.h"

/* The parser, on the document's own example replies (tests/data/tickettailor,
 * copied verbatim from tickettailor-api-v1.txt) and on replies in the live
 * shapes NOTES.md lists (*-live.json, check-ins.json). */

static JsonNode *
parse_fixture (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tickettailor", name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
item_at (JsonNode *root,
         guint     index)
{
  g_autoptr (GError) error = NULL;
  JsonArray *items = guichet_tickettailor_list_items (root, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (items), >, index);
  return json_array_get_object_element (items, index);
}

static GuichetTicketCategory *
child_at (GuichetTicketCategory *node,
          guint                  position)
{
  GListModel            *children = guichet_ticket_category_get_children (node);
  GuichetTicketCategory *child;

  g_assert_cmpuint (g_list_model_get_n_items (children), >, position);
  child = g_list_model_get_item (children, position);
  g_object_unref (child); /* the model keeps it */
  return child;
}

static void
test_events (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("events.json");
  g_autoptr (JsonNode) live = parse_fixture ("events-live.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_tickettailor_parse_events (root, "acc", &error);
  g_autoptr (GPtrArray) live_events = NULL;
  GuichetEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "ev_1");
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, "acc");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Hackney Downs 2020 Tulip Festival");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2020-05-01T18:00:00+01:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2020-05-01T22:30:00+01:00");
  g_assert_cmpstr (guichet_event_get_status (event), ==, "published");
  g_assert_cmpstr (guichet_event_get_currency (event), ==, "GBP");
  g_assert_cmpint (guichet_event_get_participant_count (event), ==, 2);
  /* venue {"name": null, "postal_code": null} */
  g_assert_null (guichet_event_get_venue (event));
  /* the document's example belongs to no series */
  g_assert_null (guichet_event_get_series_id (event));

  live_events = guichet_tickettailor_parse_events (live, "acc", &error);
  g_assert_no_error (error);
  event = g_ptr_array_index (live_events, 0);
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Jazz on the Pier – Night 2");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Pier 17, 10038");
  g_assert_cmpstr (guichet_event_get_series_id (event), ==, "es_7");
  g_assert_cmpstr (guichet_event_get_currency (event), ==, "USD");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2026-06-13T19:30:00-04:00");

  /* the single event reply parses the same way */
  {
    g_autoptr (JsonNode) one = parse_fixture ("event.json");
    g_autoptr (GuichetEvent) single =
      guichet_tickettailor_parse_event (json_node_get_object (one), "acc", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (guichet_event_get_id (single), ==, "ev_1");
  }
}

static void
test_events_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) no_data = json_from_string ("{\"links\": {\"next\": null}}", NULL);
  g_autoptr (JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr (JsonNode) bad_record =
    json_from_string ("{\"data\": [{\"name\": \"no id\"}, 3, {\"id\": \"ev_9\"}]}", NULL);
  g_autoptr (GPtrArray) events = NULL;

  g_assert_null (guichet_tickettailor_parse_events (no_data, "acc", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (guichet_tickettailor_parse_events (array, "acc", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* records without an id are skipped, the rest read */
  events = guichet_tickettailor_parse_events (bad_record, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (guichet_event_get_name (g_ptr_array_index (events, 0)), ==, "ev_9");
}

static void
test_categories (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("events.json");
  g_autoptr (JsonNode) live = parse_fixture ("events-live.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = guichet_tickettailor_parse_categories (item_at (root, 0), &error);
  g_autoptr (GPtrArray) live_roots = NULL;
  GuichetTicketCategory *group, *ticket;

  g_assert_no_error (error);
  /* two groups, each with its two ticket types; nothing ungrouped */
  g_assert_cmpuint (roots->len, ==, 2);
  group = g_ptr_array_index (roots, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (group), ==, "tg_21099");
  g_assert_cmpstr (guichet_ticket_category_get_name (group), ==, "April 20th");
  g_assert_cmpint (guichet_ticket_category_get_kind (group), ==, GUICHET_CATEGORY_KIND_CATEGORY);
  g_assert_cmpuint (g_list_model_get_n_items (guichet_ticket_category_get_children (group)), ==, 2);
  /* sums of the children */
  g_assert_cmpint (guichet_ticket_category_get_sold (group), ==, 7000);
  g_assert_cmpint (guichet_ticket_category_get_quota (group), ==, 27000);

  ticket = child_at (group, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (ticket), ==, "tt_230625");
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (ticket), ==, "tg_21099");
  g_assert_cmpstr (guichet_ticket_category_get_event_id (ticket), ==, "ev_1");
  g_assert_cmpint (guichet_ticket_category_get_kind (ticket), ==, GUICHET_CATEGORY_KIND_TICKET);
  g_assert_cmpstr (guichet_ticket_category_get_name (ticket), ==, "4.20 Adult (13-61) - Presale");
  /* 800 pence */
  g_assert_cmpint (guichet_ticket_category_get_price (ticket)->amount_minor, ==, 800);
  g_assert_cmpstr (guichet_ticket_category_get_currency (ticket), ==, "GBP");
  g_assert_cmpint (guichet_ticket_category_get_quota (ticket), ==, 15000);
  g_assert_cmpint (guichet_ticket_category_get_sold (ticket), ==, 5000);

  group = g_ptr_array_index (roots, 1);
  g_assert_cmpstr (guichet_ticket_category_get_id (child_at (group, 1)), ==, "tt_230632");

  /* live: no groups, quantities as text, GA and Seated */
  live_roots = guichet_tickettailor_parse_categories (item_at (live, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live_roots->len, ==, 2);
  ticket = g_ptr_array_index (live_roots, 0);
  g_assert_cmpint (guichet_ticket_category_get_kind (ticket), ==, GUICHET_CATEGORY_KIND_TICKET);
  g_assert_null (guichet_ticket_category_get_parent_id (ticket));
  g_assert_cmpint (guichet_ticket_category_get_quota (ticket), ==, 200);
  g_assert_cmpint (guichet_ticket_category_get_sold (ticket), ==, 15);
  g_assert_cmpint (guichet_ticket_category_get_price (ticket)->amount_minor, ==, 2500);
  ticket = g_ptr_array_index (live_roots, 1);
  g_assert_cmpint (guichet_ticket_category_get_price (ticket)->amount_minor, ==, 4550);
  g_assert_cmpstr (guichet_ticket_category_get_currency (ticket), ==, "USD");
}

static void
test_categories_ungrouped (void)
{
  g_autoptr (GError) error = NULL;
  /* one group listing one type by ticket_ids, one type grouped by group_id
   * only, one ungrouped; sort_order decides the order */
  g_autoptr (JsonNode) root = json_from_string (
    "{\"id\": \"ev_5\", \"currency\": \"jpy\","
    " \"ticket_groups\": [{\"id\": \"tg_1\", \"name\": \"Day\", \"sort_order\": 2, \"ticket_ids\": "
    "[\"tt_a\"]}],"
    " \"ticket_types\": ["
    "  {\"id\": \"tt_c\", \"name\": \"Free\", \"price\": 0, \"sort_order\": 1, \"group_id\": null},"
    "  {\"id\": \"tt_b\", \"name\": \"B\", \"price\": 1500, \"sort_order\": 4, \"group_id\": "
    "\"tg_1\", \"quantity_total\": 10, \"quantity_issued\": \"4\"},"
    "  {\"id\": \"tt_a\", \"name\": \"A\", \"price\": 3000, \"sort_order\": 3, \"quantity\": 5, "
    "\"quantity_issued\": 2, \"quantity_held\": 1}"
    " ]}",
    NULL);
  g_autoptr (GPtrArray) roots =
    guichet_tickettailor_parse_categories (json_node_get_object (root), &error);
  GuichetTicketCategory *group;

  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 2);
  group = g_ptr_array_index (roots, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (group), ==, "tg_1");
  g_assert_cmpstr (guichet_ticket_category_get_id (child_at (group, 0)), ==, "tt_a");
  g_assert_cmpstr (guichet_ticket_category_get_id (child_at (group, 1)), ==, "tt_b");
  /* no quantity_total: available + issued + held */
  g_assert_cmpint (guichet_ticket_category_get_quota (child_at (group, 0)), ==, 8);
  /* yen have no minor unit: 3000 yen */
  g_assert_cmpstr (guichet_ticket_category_get_currency (child_at (group, 0)), ==, "JPY");
  g_assert_cmpint (guichet_ticket_category_get_price (child_at (group, 0))->amount_minor, ==, 3000);
  g_assert_cmpint (guichet_ticket_category_get_sold (group), ==, 6);
  g_assert_cmpint (guichet_ticket_category_get_quota (group), ==, 18);
  g_assert_cmpstr (guichet_ticket_category_get_id (g_ptr_array_index (roots, 1)), ==, "tt_c");
}

static void
test_issued_tickets (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("issued-tickets.json");
  g_autoptr (JsonNode) live = parse_fixture ("issued-tickets-live.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) p =
    guichet_tickettailor_parse_issued_ticket (item_at (root, 0), NULL, &error);
  g_autoptr (GuichetParticipant) seated = NULL;
  g_autoptr (GuichetParticipant) voided = NULL;
  g_autoptr (GuichetParticipant) void_doc = NULL;
  g_autoptr (JsonNode) answers = NULL;
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "it_50198");
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "al4R5");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, "ev_40980");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "john@example.com");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, "tt_230656");
  g_assert_cmpstr (guichet_participant_get_ticket_type_name (p), ==, "Free ticket");
  g_assert_cmpstr (guichet_participant_get_order_id (p), ==, "or_737352");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  /* "false" is a string */
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_null (guichet_participant_get_first_name (p));
  g_assert_null (guichet_participant_get_answers (p));
  g_assert_null (guichet_participant_get_seat (p));
  g_assert_cmpstr (guichet_participant_get_updated_at (p), ==, "2020-04-16T13:11:37+00:00");

  seated = guichet_tickettailor_parse_issued_ticket (item_at (live, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (guichet_participant_get_checked_in (seated));
  g_assert_cmpstr (guichet_participant_get_first_name (seated), ==, "Ana");
  g_assert_cmpstr (guichet_participant_get_last_name (seated), ==, "López");
  g_assert_cmpstr (guichet_participant_get_seat (seated), ==, "23-3");
  /* the seat and the questions are the answers */
  answers = json_from_string (guichet_participant_get_answers (seated), &error);
  g_assert_no_error (error);
  array = json_node_get_array (answers);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "value"),
                   ==, "23-3");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                  "label"),
                   ==, "Dietary requirements");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                  "value"),
                   ==, "Vegetarian");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2),
                                                  "value"),
                   ==, "");

  /* "voided" (live) and full_name only */
  voided = guichet_tickettailor_parse_issued_ticket (item_at (live, 1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_participant_get_status (voided), ==, GUICHET_PARTICIPANT_STATUS_VOIDED);
  g_assert_cmpstr (guichet_participant_get_first_name (voided), ==, "Li");
  g_assert_cmpstr (guichet_participant_get_last_name (voided), ==, "Wei");

  /* "void" (the document) */
  void_doc = guichet_tickettailor_parse_issued_ticket (item_at (live, 2), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_participant_get_status (void_doc), ==,
                   GUICHET_PARTICIPANT_STATUS_VOIDED);
  g_assert_null (guichet_participant_get_order_id (void_doc));
  g_assert_cmpstr (guichet_participant_get_updated_at (void_doc), ==, "2024-05-01T10:40:00+00:00");
}

static void
test_issued_ticket_bad (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) no_barcode =
    json_from_string ("{\"id\": \"it_1\", \"barcode\": null}", NULL);
  g_autoptr (JsonNode) no_id = json_from_string ("{\"barcode\": \"x\"}", NULL);

  g_assert_null (
    guichet_tickettailor_parse_issued_ticket (json_node_get_object (no_barcode), "ev_1", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (
    guichet_tickettailor_parse_issued_ticket (json_node_get_object (no_id), "ev_1", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_issue_reply (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("issued-ticket-create.json");
  g_autoptr (JsonNode) single = parse_fixture ("issued-ticket.json");
  g_autoptr (JsonNode) empty = json_from_string ("{\"data\": []}", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetParticipant) p = guichet_tickettailor_parse_issue_reply (root, "ev_1", &error);
  g_autoptr (GuichetParticipant) q = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "it_50198");
  q = guichet_tickettailor_parse_issue_reply (single, "ev_1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_barcode (q), ==, "al4R5");
  g_assert_null (guichet_tickettailor_parse_issue_reply (empty, "ev_1", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_orders (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("orders.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetOrder) order =
    guichet_tickettailor_parse_order (item_at (root, 0), "acc", &error);
  g_autoptr (JsonNode) items = NULL;
  const char * const *tickets;
  JsonObject         *line;
  g_autofree char    *next = guichet_tickettailor_dup_next_link (root);

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_order_get_id (order), ==, "or_737352");
  g_assert_cmpstr (guichet_order_get_event_id (order), ==, "ev_40980");
  g_assert_cmpstr (guichet_order_get_buyer_name (order), ==, "John Doe");
  g_assert_cmpstr (guichet_order_get_email (order), ==, "john@example.com");
  g_assert_cmpstr (guichet_order_get_currency (order), ==, "GBP");
  g_assert_cmpstr (guichet_order_get_status (order), ==, "completed");
  g_assert_cmpint (guichet_order_get_total (order)->amount_minor, ==, 0);
  g_assert_cmpstr (guichet_order_get_created_at (order), ==, "2020-04-16T13:11:31+00:00");
  tickets = guichet_order_get_ticket_ids (order);
  g_assert_cmpuint (g_strv_length ((GStrv) tickets), ==, 2);
  g_assert_cmpstr (tickets[0], ==, "it_50198");
  g_assert_cmpstr (tickets[1], ==, "it_50199");
  items = json_from_string (guichet_order_get_line_items (order), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (items)), ==, 1);
  line = json_array_get_object_element (json_node_get_array (items), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "description"), ==, "Free ticket");
  g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, 2);
  g_assert_cmpstr (next, ==, "/v1/orders?starting_after=or_120");
}

static void
test_discounts (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("discounts.json");
  g_autoptr (JsonNode) update = parse_fixture ("discount-update.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetDiscount) fixed =
    guichet_tickettailor_parse_discount (item_at (root, 0), "acc", &error);
  g_autoptr (GuichetDiscount) percent = NULL;
  g_autoptr (GuichetDiscount) updated = NULL;
  const char * const *types;

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_discount_get_id (fixed), ==, "di_123");
  g_assert_cmpstr (guichet_discount_get_code (fixed), ==, "discount_test123");
  g_assert_cmpstr (guichet_discount_get_name (fixed), ==, "Test discount");
  g_assert_cmpint (guichet_discount_get_kind (fixed), ==, GUICHET_DISCOUNT_KIND_AMOUNT);
  g_assert_cmpint (guichet_discount_get_amount (fixed)->amount_minor, ==, 540);
  g_assert_cmpint (guichet_discount_get_max_uses (fixed), ==, 5);
  g_assert_cmpint (guichet_discount_get_used (fixed), ==, 3);
  g_assert_null (guichet_discount_get_valid_to (fixed));
  g_assert_cmpint (guichet_discount_get_booking_fee (fixed), ==, -1);
  types = guichet_discount_get_ticket_type_ids (fixed);
  g_assert_cmpuint (g_strv_length ((GStrv) types), ==, 3);
  g_assert_cmpstr (types[2], ==, "tt_78");

  percent = guichet_tickettailor_parse_discount (item_at (root, 1), "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_discount_get_kind (percent), ==, GUICHET_DISCOUNT_KIND_PERCENTAGE);
  g_assert_cmpint (guichet_discount_get_percentage (percent), ==, 500);
  g_assert_cmpint (guichet_discount_get_amount (percent)->amount_minor, ==, 0);
  g_assert_cmpstr (guichet_discount_get_valid_to (percent), ==, "2020-05-01T22:30:00+01:00");
  g_assert_cmpuint (g_strv_length ((GStrv) guichet_discount_get_ticket_type_ids (percent)), ==, 0);

  /* the document's own update reply: face_value_amount, a plain expiry */
  updated = guichet_tickettailor_parse_discount (json_node_get_object (update), "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_discount_get_amount (updated)->amount_minor, ==, 540);
  g_assert_cmpstr (guichet_discount_get_valid_to (updated), ==, "2022-10-22T14:15:16+00:00");
  g_assert_cmpuint (g_strv_length ((GStrv) guichet_discount_get_ticket_type_ids (updated)), ==, 2);
}

static void
test_discounts_live (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("discounts-live.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetDiscount) fixed =
    guichet_tickettailor_parse_discount (item_at (root, 0), "acc", &error);
  g_autoptr (GuichetDiscount) percent = NULL;
  const char * const *types;

  g_assert_no_error (error);
  g_assert_cmpint (guichet_discount_get_amount (fixed)->amount_minor, ==, 500);
  g_assert_cmpint (guichet_discount_get_booking_fee (fixed), ==, 50);
  g_assert_cmpint (guichet_discount_get_booking_fee_percentage (fixed), ==, -1);
  g_assert_cmpint (guichet_discount_get_used (fixed), ==, 12);
  types = guichet_discount_get_ticket_type_ids (fixed);
  g_assert_cmpuint (g_strv_length ((GStrv) types), ==, 2);
  g_assert_cmpstr (types[0], ==, "tt_230625");

  percent = guichet_tickettailor_parse_discount (item_at (root, 1), "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_discount_get_kind (percent), ==, GUICHET_DISCOUNT_KIND_PERCENTAGE);
  g_assert_cmpint (guichet_discount_get_percentage (percent), ==, 1500);
  /* 100 %, in hundredths */
  g_assert_cmpint (guichet_discount_get_booking_fee_percentage (percent), ==, 10000);
  /* null max_redemptions: no limit */
  g_assert_cmpint (guichet_discount_get_max_uses (percent), ==, -1);
  g_assert_null (guichet_discount_get_valid_to (percent));
  /* products as objects */
  types = guichet_discount_get_ticket_type_ids (percent);
  g_assert_cmpuint (g_strv_length ((GStrv) types), ==, 1);
  g_assert_cmpstr (types[0], ==, "tt_230631");
}

static void
test_vouchers (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("vouchers.json");
  g_autoptr (JsonNode) codes = parse_fixture ("voucher-codes.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetVoucher) voucher =
    guichet_tickettailor_parse_voucher (item_at (root, 0), "acc", &error);
  g_autoptr (GuichetVoucherCode) code = NULL;
  g_autoptr (JsonNode) unused =
    json_from_string ("{\"id\": \"vc_9\", \"code\": \"X\", \"used\": null, \"value\": 250}", NULL);
  g_autoptr (GuichetVoucherCode) fresh = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_voucher_get_id (voucher), ==, "vo_123");
  g_assert_cmpstr (guichet_voucher_get_name (voucher), ==, "Test Voucher");
  g_assert_cmpint (guichet_voucher_get_value (voucher)->amount_minor, ==, 540);
  g_assert_cmpint (guichet_voucher_get_code_count (voucher), ==, 25);
  g_assert_cmpint (guichet_voucher_get_available_codes (voucher), ==, 7);
  g_assert_cmpstr (guichet_voucher_get_valid_to (voucher), ==, "2020-05-01T22:30:00+01:00");

  code = guichet_tickettailor_parse_voucher_code (item_at (codes, 1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_voucher_code_get_id (code), ==, "vc_345");
  g_assert_cmpstr (guichet_voucher_code_get_code (code), ==, "Second Test Voucher Code");
  g_assert_cmpstr (guichet_voucher_code_get_voucher_id (code), ==, "vo_123456");
  /* used: nothing left */
  g_assert_cmpint (guichet_voucher_code_get_value_remaining (code), ==, 0);
  g_assert_false (guichet_voucher_code_get_void (code));

  fresh = guichet_tickettailor_parse_voucher_code (json_node_get_object (unused), "vo_1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_voucher_code_get_value_remaining (fresh), ==, 250);
  g_assert_cmpstr (guichet_voucher_code_get_voucher_id (fresh), ==, "vo_1");
}

static void
test_check_ins (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("check-ins.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetTicketTailorCheckIn) first =
    guichet_tickettailor_parse_check_in (item_at (root, 0), &error);
  g_autoptr (GuichetTicketTailorCheckIn) second = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (first->id, ==, "ch_3001");
  g_assert_cmpstr (first->issued_ticket_id, ==, "it_73001");
  g_assert_cmpstr (first->event_id, ==, "ev_2");
  g_assert_cmpint (first->check_in_at, ==, 1714561000);
  g_assert_cmpint (first->quantity, ==, 1);
  /* numbers as text */
  second = guichet_tickettailor_parse_check_in (item_at (root, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->check_in_at, ==, 1714560500);
  g_assert_cmpint (second->quantity, ==, 1);
}

static void
test_confirmations (void)
{
  g_autoptr (JsonNode) voided = parse_fixture ("issued-ticket-void.json");
  g_autoptr (JsonNode) deleted = parse_fixture ("discount-delete.json");
  g_autoptr (JsonNode) code_void = parse_fixture ("voucher-code-void.json");
  g_autoptr (JsonNode) text = json_from_string ("{\"deleted\": \"true\"}", NULL);
  g_autoptr (JsonNode) no = json_from_string ("{\"voided\": false}", NULL);
  g_autoptr (JsonNode) ping = parse_fixture ("ping.json");
  g_autoptr (GError) error = NULL;

  g_assert_true (guichet_tickettailor_parse_confirmation (voided, "voided", &error));
  g_assert_true (guichet_tickettailor_parse_confirmation (deleted, "deleted", &error));
  g_assert_true (guichet_tickettailor_parse_confirmation (code_void, "voided", &error));
  g_assert_true (guichet_tickettailor_parse_confirmation (text, "deleted", &error));
  g_assert_no_error (error);
  g_assert_false (guichet_tickettailor_parse_confirmation (no, "voided", &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_true (guichet_tickettailor_parse_ping (ping, &error));
  g_assert_false (guichet_tickettailor_parse_ping (no, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

/* The error bodies, through the one place where HTTP errors become a
 * GError: a 422 keeps each field's messages, a 401 has none. */
static void
test_field_errors (void)
{
  g_autofree char *path_422 =
    g_test_build_filename (G_TEST_DIST, "data", "tickettailor", "error-422.json", NULL);
  g_autofree char *path_401 =
    g_test_build_filename (G_TEST_DIST, "data", "tickettailor", "error-401.json", NULL);
  g_autofree char *text_422 = NULL;
  g_autofree char *text_401 = NULL;
  g_autoptr (GBytes) body_422 = NULL;
  g_autoptr (GBytes) body_401 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char    *lines = NULL;
  const char * const *messages;
  gsize               len;

  g_assert_true (g_file_get_contents (path_422, &text_422, &len, NULL));
  body_422 = g_bytes_new (text_422, len);
  g_assert_true (g_file_get_contents (path_401, &text_401, &len, NULL));
  body_401 = g_bytes_new (text_401, len);

  g_assert_false (guichet_http_check_response (422, "Unprocessable Entity", body_422, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  messages = guichet_error_get_field_messages (error, "code");
  g_assert_nonnull (messages);
  g_assert_cmpstr (messages[0], ==, "The code has already been taken.");
  messages = guichet_error_get_field_messages (error, "price");
  g_assert_cmpuint (g_strv_length ((GStrv) messages), ==, 2);
  lines = guichet_error_format_fields (error);
  g_assert_cmpstr (lines, ==,
                   "code: The code has already been taken.\n"
                   "price: The price must be at least 1.\n"
                   "price: The price must be an integer.\n");
  g_clear_error (&error);

  g_assert_false (guichet_http_check_response (401, "Unauthorized", body_401, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_null (guichet_error_get_fields (error));
  g_assert_nonnull (strstr (error->message, "not authenticated correctly"));
}

static void
test_times (void)
{
  g_autoptr (JsonNode) root =
    json_from_string ("{\"a\": {\"unix\": 1588368600}, \"b\": \"1588368600\", \"c\": 1588368600,"
                      " \"d\": \"2022-10-22 14:15:16\", \"e\": null, \"f\": \"soon\", \"g\": "
                      "{\"iso\": \"2020-05-01T22:30:00+01:00\"}}",
                      NULL);
  JsonObject      *object = json_node_get_object (root);
  g_autofree char *iso = guichet_tickettailor_dup_time (object, "g");

  g_assert_cmpint (guichet_tickettailor_parse_time (object, "a"), ==, 1588368600);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "b"), ==, 1588368600);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "c"), ==, 1588368600);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "d"), ==, 1666448116);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "e"), ==, 0);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "f"), ==, 0);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "missing"), ==, 0);
  g_assert_cmpint (guichet_tickettailor_parse_time (object, "g"), ==, 1588368600);
  g_assert_cmpstr (iso, ==, "2020-05-01T22:30:00+01:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tickettailor/parse/events", test_events);
  g_test_add_func ("/tickettailor/parse/events-malformed", test_events_malformed);
  g_test_add_func ("/tickettailor/parse/categories", test_categories);
  g_test_add_func ("/tickettailor/parse/categories-ungrouped", test_categories_ungrouped);
  g_test_add_func ("/tickettailor/parse/issued-tickets", test_issued_tickets);
  g_test_add_func ("/tickettailor/parse/issued-ticket-bad", test_issued_ticket_bad);
  g_test_add_func ("/tickettailor/parse/issue-reply", test_issue_reply);
  g_test_add_func ("/tickettailor/parse/orders", test_orders);
  g_test_add_func ("/tickettailor/parse/discounts", test_discounts);
  g_test_add_func ("/tickettailor/parse/discounts-live", test_discounts_live);
  g_test_add_func ("/tickettailor/parse/vouchers", test_vouchers);
  g_test_add_func ("/tickettailor/parse/check-ins", test_check_ins);
  g_test_add_func ("/tickettailor/parse/confirmations", test_confirmations);
  g_test_add_func ("/tickettailor/parse/field-errors", test_field_errors);
  g_test_add_func ("/tickettailor/parse/times", test_times);

  return g_test_run ();
}
