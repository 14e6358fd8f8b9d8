/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fourvenues-parse"

#include "config.h"

#include <string.h>

#include "guichet-fourvenues-parse.h"
#include "guichet-test-utils.h"

/* The parser, on the document's example reply (tests/data/fourvenues/
 * tickets-create.json, copied verbatim from fourvenues-channels-api.txt) and
 * on replies in the shapes NOTES.md describes (auth, events with their
 * ticket rates, tickets: the document shows no example of those). */

/* 2026-05-01 10:00:00 UTC */
#define NOW 1777629600

static JsonNode *
load (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fourvenues", name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
unwrap (const char *name)
{
  g_autoptr (JsonNode) root = load (name);
  g_autoptr (GError) error = NULL;
  JsonNode *data = guichet_fourvenues_unwrap (root, &error);

  g_assert_no_error (error);
  return data;
}

static void
test_envelope (void)
{
  g_autoptr (JsonNode) refused = load ("error.json");
  g_autoptr (JsonNode) bare = json_from_string ("[{\"_id\": \"x\"}]", NULL);
  g_autoptr (JsonNode) no_data = json_from_string ("{\"success\": true}", NULL);
  g_autoptr (JsonNode) text_false =
    json_from_string ("{\"success\": \"false\", \"error\": \"Event not found\"}", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) data = NULL;

  data = guichet_fourvenues_unwrap (refused, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Invalid API key"));
  g_assert_null (data);
  g_clear_error (&error);

  data = guichet_fourvenues_unwrap (text_false, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Event not found"));
  g_clear_error (&error);

  data = guichet_fourvenues_unwrap (bare, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  data = guichet_fourvenues_unwrap (no_data, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_auth (void)
{
  g_autoptr (JsonNode) data = unwrap ("auth.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetFourvenuesChannel) channel = guichet_fourvenues_parse_auth (data, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (channel->channel_name, ==, "Taquilla Sala Apolo");
  g_assert_cmpuint (g_strv_length (channel->hosts), ==, 2);
  g_assert_cmpstr (channel->hosts[1], ==, "La (2) de Apolo");
}

static void
test_events (void)
{
  g_autoptr (JsonNode) data = unwrap ("events.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_fourvenues_parse_events (data, "acc", &error);
  GuichetEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "6507c0ffee0000000000a001");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Nitsa: Closing Party");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2026-06-13T22:00:00+00:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2026-06-14T05:00:00+00:00");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Sala Apolo, Barcelona");
  event = g_ptr_array_index (events, 1);
  g_assert_null (guichet_event_get_end (event));
  g_assert_null (guichet_event_get_venue (event));
}

static GPtrArray *
event_rates (gint64 now)
{
  g_autoptr (JsonNode) data = unwrap ("events.json");
  JsonObject *event = json_array_get_object_element (json_node_get_array (data), 0);
  g_autoptr (JsonNode) rates = json_node_ref (json_object_get_member (event, "ticket_rates"));
  g_autoptr (GError) error = NULL;
  GPtrArray *parsed =
    guichet_fourvenues_parse_rates (rates, "6507c0ffee0000000000a001", now, &error);

  g_assert_no_error (error);
  return parsed;
}

static void
test_rates (void)
{
  g_autoptr (GPtrArray) rates = event_rates (NOW);
  GuichetFourvenuesRate *rate = g_ptr_array_index (rates, 0);
  g_autoptr (GuichetTicketCategory) category = NULL;

  g_assert_cmpuint (rates->len, ==, 3);
  g_assert_cmpstr (rate->id, ==, "5f8d0f8b9d2b3b0017b6d8a0");
  g_assert_cmpstr (rate->event_id, ==, "6507c0ffee0000000000a001");
  /* the label is the name the desk sees */
  g_assert_cmpstr (rate->name, ==, "Entrada general");
  g_assert_cmpuint (rate->prices->len, ==, 2);
  /* current_price decides */
  g_assert_cmpstr (rate->active->id, ==, "1643064796675");
  g_assert_cmpint (rate->active->price.amount_minor, ==, 1200);
  /* 10 %, in hundredths */
  g_assert_cmpint (rate->active->fee_quantity, ==, 1000);
  g_assert_true (rate->active->fee_percentage);
  g_assert_cmpint (rate->sold, ==, 312);
  g_assert_cmpint (rate->available, ==, 188);
  g_assert_cmpuint (rate->questions->len, ==, 1);
  g_assert_true (((GuichetFourvenuesQuestion *) g_ptr_array_index (rate->questions, 0))->required);

  category = guichet_fourvenues_rate_to_category (rate, "EUR");
  g_assert_cmpstr (guichet_ticket_category_get_name (category), ==, "Entrada general");
  g_assert_cmpint (guichet_ticket_category_get_price (category)->amount_minor, ==, 1200);
  g_assert_cmpint (guichet_ticket_category_get_sold (category), ==, 312);
  g_assert_cmpint (guichet_ticket_category_get_quota (category), ==, 500);
  g_assert_cmpstr (guichet_ticket_category_get_currency (category), ==, "EUR");

  rate = g_ptr_array_index (rates, 1);
  g_assert_false (rate->on_sale);
  g_assert_cmpint (rate->active->price.amount_minor, ==, 24000);
  g_assert_cmpint (rate->available, ==, 0);

  /* current_price as a price id */
  rate = g_ptr_array_index (rates, 2);
  g_assert_cmpstr (rate->active->id, ==, "1643064796690");
  g_assert_cmpint (rate->active->price.amount_minor, ==, 1550);
  g_assert_false (rate->active->fee_percentage);
}

static void
test_rate_without_current_price (void)
{
  g_autoptr (JsonNode) root = json_from_string (
    "{\"_id\": \"r\", \"name\": \"Door\", \"prices\": ["
    " {\"_id\": \"early\", \"price\": 10, \"valid_until\": \"2026-04-01T00:00:00.000Z\"},"
    " {\"_id\": \"late\", \"price\": \"15.50\", \"valid_until\": null, \"fee_type\": \"fixed\", "
    "\"fee_quantity\": \"1.5\"}]}",
    NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetFourvenuesRate) rate =
    guichet_fourvenues_parse_rate (json_node_get_object (root), "ev", NOW, &error);
  GuichetMoney fee, total;

  g_assert_no_error (error);
  /* the early price expired before NOW: the next one is active */
  g_assert_cmpstr (rate->active->id, ==, "late");
  g_assert_cmpint (rate->active->price.amount_minor, ==, 1550);
  g_assert_cmpint (rate->available, ==, -1);
  g_assert_true (
    guichet_fourvenues_compute_totals (rate, rate->active, NULL, &fee, &total, &error));
  g_assert_cmpint (fee.amount_minor, ==, 150);
  g_assert_cmpint (total.amount_minor, ==, 1700);
}

static void
test_totals (void)
{
  g_autoptr (GPtrArray) rates = event_rates (NOW);
  GuichetFourvenuesRate *rate = g_ptr_array_index (rates, 0);
  const char            *supplements[] = { "1234567890", NULL };
  const char            *wrong[] = { "nope", NULL };
  g_autoptr (GError) error = NULL;
  GuichetMoney fee, total;

  /* 12 + 10 % fee = 13.20, the fee inside total_price */
  g_assert_true (
    guichet_fourvenues_compute_totals (rate, rate->active, NULL, &fee, &total, &error));
  g_assert_cmpint (fee.amount_minor, ==, 120);
  g_assert_cmpint (total.amount_minor, ==, 1320);
  /* with the 1.00 cloakroom supplement */
  g_assert_true (
    guichet_fourvenues_compute_totals (rate, rate->active, supplements, &fee, &total, &error));
  g_assert_cmpint (total.amount_minor, ==, 1420);
  /* 10 % of 15.55 is 1.555: half a cent rounds away from zero, exactly */
  {
    GuichetFourvenuesPrice odd = { 0 };

    guichet_money_init (&odd.price, 1555, NULL);
    odd.fee_percentage = TRUE;
    odd.fee_quantity = 10 * GUICHET_PERCENTAGE_ONE_PERCENT;
    g_assert_true (guichet_fourvenues_compute_totals (rate, &odd, NULL, &fee, &total, &error));
    g_assert_cmpint (fee.amount_minor, ==, 156);
    g_assert_cmpint (total.amount_minor, ==, 1711);
  }
  g_assert_false (
    guichet_fourvenues_compute_totals (rate, rate->active, wrong, &fee, &total, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
}

static void
test_tickets (void)
{
  g_autoptr (JsonNode) data = unwrap ("tickets.json");
  g_autoptr (GHashTable) questions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = NULL;
  GuichetParticipant *p;
  gint64              admits, entered;

  g_hash_table_insert (questions, (gpointer) "q-city", (gpointer) "¿De dónde vienes?");
  tickets = guichet_fourvenues_parse_tickets (data, "ev", questions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 5);

  p = g_ptr_array_index (tickets, 0);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "64f000000000000000000001");
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "FV-A1B2C3D4");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, "6507c0ffee0000000000a001");
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Núria");
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Puig i Ferrer");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, "5f8d0f8b9d2b3b0017b6d8a0");
  g_assert_cmpstr (guichet_participant_get_ticket_type_name (p), ==, "Early Bird");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                   "[{\"label\":\"Phone\",\"value\":\"+34666000111\"},"
                   "{\"label\":\"¿De dónde vienes?\",\"value\":\"Girona\"}]");

  /* a ticket for 4, one in: valid, not fully checked in */
  p = g_ptr_array_index (tickets, 1);
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_nonnull (strstr (guichet_participant_get_answers (p),
                            "{\"label\":\"People admitted\",\"value\":\"4\"}"));
  g_assert_nonnull (
    strstr (guichet_participant_get_answers (p), "{\"label\":\"People entered\",\"value\":\"1\"}"));
  /* three of the four may still come in */
  g_assert_cmpuint (guichet_participant_get_entries (p), ==, 3);
  g_assert_cmpuint (guichet_participant_get_entries (g_ptr_array_index (tickets, 0)), ==, 1);

  g_assert_cmpint (guichet_participant_get_status (g_ptr_array_index (tickets, 2)), ==,
                   GUICHET_PARTICIPANT_STATUS_REFUNDED);
  g_assert_cmpint (guichet_participant_get_status (g_ptr_array_index (tickets, 3)), ==,
                   GUICHET_PARTICIPANT_STATUS_UNPAID);
  g_assert_cmpint (guichet_participant_get_status (g_ptr_array_index (tickets, 4)), ==,
                   GUICHET_PARTICIPANT_STATUS_VOIDED);

  {
    JsonObject *object = json_array_get_object_element (json_node_get_array (data), 1);
    g_autoptr (GuichetParticipant) q =
      guichet_fourvenues_parse_ticket (object, "ev", NULL, &admits, &entered, &error);

    g_assert_no_error (error);
    g_assert_cmpint (admits, ==, 4);
    g_assert_cmpint (entered, ==, 1);
  }
}

static void
test_create_reply (void)
{
  /* the document's own example */
  g_autoptr (JsonNode) data = unwrap ("tickets-create.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = guichet_fourvenues_parse_tickets (data, NULL, NULL, &error);
  GuichetParticipant *p;

  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  p = g_ptr_array_index (tickets, 0);
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "ABCDE12345");
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "John");
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Doe");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "john.appleseed@fourvenues.com");
  g_assert_cmpstr (guichet_participant_get_ticket_type_name (p), ==, "Early Bird");
  /* "for": 1, "enter": 1: in */
  g_assert_true (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_checked_in_at (p), ==, "2022-07-19T07:00:00+00:00");
  /* active, though refunded 10 (the example mixes them): the status decides */
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fourvenues/parse/envelope", test_envelope);
  g_test_add_func ("/fourvenues/parse/auth", test_auth);
  g_test_add_func ("/fourvenues/parse/events", test_events);
  g_test_add_func ("/fourvenues/parse/rates", test_rates);
  g_test_add_func ("/fourvenues/parse/rates/no-current-price", test_rate_without_current_price);
  g_test_add_func ("/fourvenues/parse/totals", test_totals);
  g_test_add_func ("/fourvenues/parse/tickets", test_tickets);
  g_test_add_func ("/fourvenues/parse/create-reply", test_create_reply);

  return g_test_run ();
}
