/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-goevent-parse"

#include "config.h"

#include <string.h>

#include "guichet-goevent-parse.h"
#include "guichet-test-utils.h"

/* The parser, on the document's own example replies (tests/data/goevent,
 * copied verbatim from goevent-developers-v1.txt) and on tolerant-reading
 * cases NOTES.md asks for. */

static JsonNode *
parse_fixture (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "goevent", name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_events (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("events.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_goevent_parse_events (root, "acc", &error);
  GuichetEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "507f1f77bcf86cd799439011");
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, "acc");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Concert de Jazz");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2024-06-15T20:00:00+00:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2024-06-16T02:00:00+00:00");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Paris, France");
  g_assert_cmpstr (guichet_event_get_status (event), ==, "published");
}

static void
test_events_tolerant (void)
{
  g_autoptr (JsonNode) root =
    parse_text ("{\"events\": [{\"name\": \"no id\"}, 42,"
                " {\"id\": 17, \"name\": null, \"dateStart\": \"garbage\","
                "  \"publish\": \"false\", \"location\": null}]}");
  g_autoptr (JsonNode) no_list = parse_text ("{\"paginate\": {\"hasNextPage\": false}}");
  g_autoptr (JsonNode) array = parse_text ("[]");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_goevent_parse_events (root, "acc", &error);
  g_autoptr (GPtrArray) none = NULL;
  GuichetEvent *event;

  g_assert_no_error (error);
  /* the record without an id and the number are skipped, not the page */
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "17");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "17");
  g_assert_null (guichet_event_get_start (event));
  g_assert_null (guichet_event_get_venue (event));
  g_assert_cmpstr (guichet_event_get_status (event), ==, "draft");

  none = guichet_goevent_parse_events (no_list, "acc", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_null (none);
  g_clear_error (&error);
  none = guichet_goevent_parse_events (array, "acc", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_null (none);
}

static void
test_event_with_tickets (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("event.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = NULL;
  g_autoptr (GuichetEvent) event =
    guichet_goevent_parse_event_reply (root, "acc", &tickets, &error);
  GuichetTicketCategory *ticket;

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "507f1f77bcf86cd799439011");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Paris, France");
  g_assert_cmpuint (tickets->len, ==, 2);
  ticket = g_ptr_array_index (tickets, 1);
  g_assert_cmpstr (guichet_ticket_category_get_id (ticket), ==, "65fff7aada40be007f09ee96");
  g_assert_cmpstr (guichet_ticket_category_get_event_id (ticket), ==, "507f1f77bcf86cd799439011");
  g_assert_cmpstr (guichet_ticket_category_get_name (ticket), ==, "Standard");
  g_assert_cmpint (guichet_ticket_category_get_quota (ticket), ==, 250);
}

static void
test_tickets (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("tickets.json");
  g_autoptr (JsonNode) odd = parse_text ("{\"tickets\": [{\"id\": \"t1\", \"name\": \"Free\","
                                         " \"quantity\": \"12\", \"available\": \"false\"},"
                                         " {\"id\": \"t2\"}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = guichet_goevent_parse_tickets (root, "ev", &error);
  g_autoptr (GPtrArray) odd_tickets = NULL;
  GuichetTicketCategory *ticket;

  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 2);
  ticket = g_ptr_array_index (tickets, 0);
  g_assert_cmpstr (guichet_ticket_category_get_id (ticket), ==, "65fff7aada40be007f09ee95");
  g_assert_cmpstr (guichet_ticket_category_get_name (ticket), ==, "VIP");
  g_assert_cmpint (guichet_ticket_category_get_kind (ticket), ==, GUICHET_CATEGORY_KIND_TICKET);
  g_assert_cmpint (guichet_ticket_category_get_quota (ticket), ==, 100);
  g_assert_null (guichet_ticket_category_get_parent_id (ticket));
  g_assert_cmpuint (g_list_model_get_n_items (guichet_ticket_category_get_children (ticket)), ==,
                    0);

  odd_tickets = guichet_goevent_parse_tickets (odd, "ev", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odd_tickets->len, ==, 2);
  g_assert_cmpint (guichet_ticket_category_get_quota (g_ptr_array_index (odd_tickets, 0)), ==, 12);
  /* no quantity: the quota is unknown, not zero */
  g_assert_cmpint (guichet_ticket_category_get_quota (g_ptr_array_index (odd_tickets, 1)), ==, -1);
  g_assert_cmpstr (guichet_ticket_category_get_name (g_ptr_array_index (odd_tickets, 1)), ==, "t2");
}

static void
test_participants (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("participants.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) participants = guichet_goevent_parse_participants (root, "ev", &error);
  GuichetParticipant *p;

  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 2);
  p = g_ptr_array_index (participants, 1);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "697f54811fc6cd47e04c39c4");
  /* the door matches the participant id (NOTES.md) */
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "697f54811fc6cd47e04c39c4");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, "ev");
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Jane");
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Smith");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "[email protected]");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_updated_at (p), ==, "2024-01-16T14:20:00+00:00");
  g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                   "[{\"label\":\"Phone\",\"value\":\"+1234567891\"},"
                   "{\"label\":\"Address\",\"value\":\"123 Main St\"}]");

  /* address null: no answer for it */
  p = g_ptr_array_index (participants, 0);
  g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                   "[{\"label\":\"Phone\",\"value\":\"+1234567890\"}]");
}

static void
test_participants_tolerant (void)
{
  g_autoptr (JsonNode) root = parse_text ("{\"participants\": [{\"first_name\": \"No id\"},"
                                          " {\"id\": 99, \"confirmed\": false, \"phone\": null,"
                                          "  \"address\": null, \"created\": null}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) participants = guichet_goevent_parse_participants (root, "ev", &error);
  GuichetParticipant *p;

  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  p = g_ptr_array_index (participants, 0);
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "99");
  /* a registration not confirmed: the door says why it refuses */
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
  g_assert_null (guichet_participant_get_answers (p));
  g_assert_null (guichet_participant_get_updated_at (p));
}

static void
test_issue (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("tickets-create.json");
  g_autoptr (JsonNode) anonymous =
    parse_text ("{\"success\": true, \"tickets\": [{\"name\": \"VIP\","
                " \"url\": \"https://example.invalid/t.pdf\", \"quantity\": 1}]}");
  g_autoptr (JsonNode) refused = parse_text ("{\"success\": false, \"message\": \"Sold out\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetGoeventIssue) issue = guichet_goevent_parse_issue (root, "ev", &error);
  g_autoptr (GuichetGoeventIssue) none = NULL;
  GuichetGoeventTicketLink *link;

  g_assert_no_error (error);
  g_assert_nonnull (issue->participant);
  g_assert_cmpstr (guichet_participant_get_id (issue->participant), ==, "697f54811fc6cd47e04c39c3");
  g_assert_cmpstr (guichet_participant_get_barcode (issue->participant), ==,
                   "697f54811fc6cd47e04c39c3");
  g_assert_cmpstr (guichet_participant_get_last_name (issue->participant), ==, "Doe");
  g_assert_cmpuint (issue->links->len, ==, 1);
  link = g_ptr_array_index (issue->links, 0);
  g_assert_cmpstr (link->name, ==, "VIP");
  g_assert_cmpint (link->quantity, ==, 2);
  g_assert_cmpstr (link->url, ==,
                   "https://goeventcloud2.s3.amazonaws.com/ticket-123.pdf?signature=...");
  /* the PDF link is kept on the participant */
  g_assert_nonnull (strstr (
    guichet_participant_get_answers (issue->participant),
    "\"label\":\"Ticket "
    "VIP\",\"value\":\"https://goeventcloud2.s3.amazonaws.com/ticket-123.pdf?signature=...\""));

  none = guichet_goevent_parse_issue (anonymous, "ev", &error);
  g_assert_no_error (error);
  g_assert_null (none->participant);
  g_assert_cmpuint (none->links->len, ==, 1);
  g_clear_pointer (&none, guichet_goevent_issue_free);

  none = guichet_goevent_parse_issue (refused, "ev", &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Sold out"));
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/goevent/parse/events", test_events);
  g_test_add_func ("/goevent/parse/events/tolerant", test_events_tolerant);
  g_test_add_func ("/goevent/parse/event-with-tickets", test_event_with_tickets);
  g_test_add_func ("/goevent/parse/tickets", test_tickets);
  g_test_add_func ("/goevent/parse/participants", test_participants);
  g_test_add_func ("/goevent/parse/participants/tolerant", test_participants_tolerant);
  g_test_add_func ("/goevent/parse/issue", test_issue);

  return g_test_run ();
}
