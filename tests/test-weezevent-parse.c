/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-weezevent-parse"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "guichet-test-utils.h"
#include "guichet-weezevent-parse-private.h"

/* The Weezevent parser on the doc's own example replies (no network). */

static GBytes *
load_fixture (const char *name)
{
  return guichet_test_load_data ("weezevent", name);
}

static JsonNode *
parse_fixture (const char *name)
{
  g_autoptr (GBytes) bytes = load_fixture (name);
  g_autoptr (GError) error = NULL;
  JsonNode *root = guichet_weezevent_parse_json (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static GuichetTicketCategory *
child_at (GuichetTicketCategory *node,
          guint                  position)
{
  return guichet_test_category_child_at (node, position);
}

static guint
n_children (GuichetTicketCategory *node)
{
  return g_list_model_get_n_items (guichet_ticket_category_get_children (node));
}

static void
test_parse_access_token (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("access_token.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *token = guichet_weezevent_parse_access_token (root, &error);
  g_autoptr (JsonNode) empty = json_from_string ("{}", NULL);
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "f4b6b917cee00f13d57e3c84f56656b9");

  none = guichet_weezevent_parse_access_token (empty, &error);
  g_assert_null (none);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_parse_events (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("events.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = guichet_weezevent_parse_events (root, "acc", &error);
  GuichetEvent *first, *second;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  first = g_ptr_array_index (events, 0);
  second = g_ptr_array_index (events, 1);

  g_assert_cmpstr (guichet_event_get_id (first), ==, "13824");
  g_assert_cmpstr (guichet_event_get_account_id (first), ==, "acc");
  g_assert_cmpstr (guichet_event_get_name (first), ==, "Event 1");
  g_assert_cmpstr (guichet_event_get_start (first), ==, "2011-10-10 00:00:00");
  g_assert_null (guichet_event_get_end (first));
  g_assert_false (guichet_event_get_multiple_dates (first));
  g_assert_cmpint (guichet_event_get_participant_count (first), ==, 0);
  g_assert_cmpstr (guichet_event_get_status (first), ==, "on_sale");

  g_assert_cmpstr (guichet_event_get_id (second), ==, "11435");
  g_assert_true (guichet_event_get_multiple_dates (second));
  g_assert_cmpint (guichet_event_get_participant_count (second), ==, 24);
  g_assert_cmpstr (guichet_event_get_status (second), ==, "upcoming");
}

static void
test_parse_dates (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("dates.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) dates = guichet_weezevent_parse_dates (root, "11435", &error);
  g_autoptr (GPtrArray) all = NULL;
  GuichetEventDate   *date;
  const char * const *tickets;

  g_assert_no_error (error);
  /* the reply also holds event 10473's date: not ours */
  g_assert_cmpuint (dates->len, ==, 2);
  date = g_ptr_array_index (dates, 0);
  g_assert_cmpstr (guichet_event_date_get_id (date), ==, "138");
  g_assert_cmpstr (guichet_event_date_get_event_id (date), ==, "11435");
  g_assert_cmpstr (guichet_event_date_get_start (date), ==, "2013-01-10 14:20:00");
  tickets = guichet_event_date_get_ticket_ids (date);
  g_assert_nonnull (tickets);
  g_assert_cmpuint (g_strv_length ((GStrv) tickets), ==, 3);
  g_assert_cmpstr (tickets[0], ==, "75632");
  g_assert_cmpstr (tickets[2], ==, "75634");
  date = g_ptr_array_index (dates, 1);
  g_assert_cmpstr (guichet_event_date_get_id (date), ==, "139");
  g_assert_cmpuint (g_strv_length ((GStrv) guichet_event_date_get_ticket_ids (date)), ==, 2);

  all = guichet_weezevent_parse_dates (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (guichet_event_date_get_event_id (g_ptr_array_index (all, 2)), ==, "10473");
}

static void
assert_node (GuichetTicketCategory *node,
             const char            *id,
             GuichetCategoryKind    kind,
             const char            *name,
             const char            *parent_id)
{
  g_assert_cmpstr (guichet_ticket_category_get_id (node), ==, id);
  g_assert_cmpint (guichet_ticket_category_get_kind (node), ==, kind);
  g_assert_cmpstr (guichet_ticket_category_get_name (node), ==, name);
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (node), ==, parent_id);
}

static void
test_parse_tickets (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("tickets.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = guichet_weezevent_parse_tickets (root, "11435", &error);
  g_autoptr (GPtrArray) other = NULL;
  GuichetTicketCategory *node, *cat, *sub;

  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 3);

  node = g_ptr_array_index (roots, 0);
  assert_node (node, "75632", GUICHET_CATEGORY_KIND_TICKET, "my default price", NULL);
  g_assert_cmpstr (guichet_ticket_category_get_event_id (node), ==, "11435");
  g_assert_cmpint (guichet_ticket_category_get_price (node)->amount_minor, ==, 1000);
  g_assert_cmpint (guichet_ticket_category_get_quota (node), ==, 400);
  g_assert_cmpint (guichet_ticket_category_get_sold (node), ==, 110);
  g_assert_null (guichet_ticket_category_get_sale_start (node));
  g_assert_cmpstr (guichet_ticket_category_get_sale_end (node), ==, "2013-01-29T13:00:00+0000");
  g_assert_cmpuint (n_children (node), ==, 0);

  /* an external (distributor) ticket: a non-numeric id, kept as is */
  node = g_ptr_array_index (roots, 1);
  assert_node (node, "ABCDE125632", GUICHET_CATEGORY_KIND_TICKET, "Tarif 2", NULL);
  g_assert_cmpint (guichet_ticket_category_get_sold (node), ==, 800);
  g_assert_cmpint (guichet_ticket_category_get_quota (node), ==, 1200);
  g_assert_cmpstr (guichet_ticket_category_get_sale_start (node), ==, "2013-01-23T11:00:00+0000");

  /* Categorie 1 > (b2, Sous Categorie 1 > (b3, b4)) */
  cat = g_ptr_array_index (roots, 2);
  assert_node (cat, "11745", GUICHET_CATEGORY_KIND_CATEGORY, "Categorie 1", NULL);
  g_assert_cmpuint (n_children (cat), ==, 2);
  node = child_at (cat, 0);
  assert_node (node, "44272", GUICHET_CATEGORY_KIND_TICKET, "b2", "11745");
  g_assert_cmpint (guichet_ticket_category_get_price (node)->amount_minor, ==, 999);
  g_assert_cmpint (guichet_ticket_category_get_sold (node), ==, 99);
  /* quota 0 with 99 sold: no quota */
  g_assert_cmpint (guichet_ticket_category_get_quota (node), ==, -1);
  sub = child_at (cat, 1);
  assert_node (sub, "11746", GUICHET_CATEGORY_KIND_CATEGORY, "Sous Categorie 1", "11745");
  g_assert_cmpuint (n_children (sub), ==, 2);
  assert_node (child_at (sub, 0), "65632", GUICHET_CATEGORY_KIND_TICKET, "b3", "11746");
  assert_node (child_at (sub, 1), "65638", GUICHET_CATEGORY_KIND_TICKET, "b4", "11746");
  g_assert_cmpuint (n_children (child_at (sub, 1)), ==, 0);
  g_assert_cmpint (guichet_ticket_category_get_sold (sub), ==, 400);
  g_assert_cmpint (guichet_ticket_category_get_sold (cat), ==, 499);

  /* Event 10473: ids as numbers become text */
  other = guichet_weezevent_parse_tickets (root, "10473", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 3);
  assert_node (g_ptr_array_index (other, 0), "40413", GUICHET_CATEGORY_KIND_TICKET, "Billet 1",
               NULL);
  cat = g_ptr_array_index (other, 1);
  assert_node (cat, "4654", GUICHET_CATEGORY_KIND_CATEGORY, "Categorie 1", NULL);
  node = child_at (cat, 0);
  assert_node (node, "42637", GUICHET_CATEGORY_KIND_TICKET, "Billet 2", "4654");
  g_assert_cmpint (guichet_ticket_category_get_sold (node), ==, 0);
  sub = child_at (cat, 1);
  assert_node (sub, "4655", GUICHET_CATEGORY_KIND_CATEGORY, "Sous categorie 1", "4654");
  node = child_at (sub, 0);
  assert_node (node, "42638", GUICHET_CATEGORY_KIND_TICKET, "Billet 3", "4655");
  g_assert_cmpint (guichet_ticket_category_get_quota (node), ==, 110);
  g_assert_cmpint (guichet_ticket_category_get_quota (sub), ==, 110);
  cat = g_ptr_array_index (other, 2);
  assert_node (cat, "5998", GUICHET_CATEGORY_KIND_CATEGORY, "Categorie 2", NULL);
  g_assert_cmpint (guichet_ticket_category_get_sold (cat), ==, 1011);
  g_assert_cmpint (guichet_ticket_category_get_quota (cat), ==, 1100);
}

static void
test_parse_ticket_stats (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("ticket_stats.json");
  g_autoptr (GError) error = NULL;
  GuichetTicketStats stats = { 0 };

  g_assert_true (guichet_weezevent_parse_ticket_stats (root, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.total, ==, 23);
  g_assert_cmpint (stats.scanned, ==, 18);
  g_assert_cmpint (stats.in, ==, 18);
  g_assert_cmpint (stats.out, ==, 0);
}

static void
test_parse_participants_doc (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("participants.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetWeezeventParticipants) page =
    guichet_weezevent_parse_participants (bytes, NULL, &error);
  GuichetParticipant *p;

  g_assert_no_error (error);
  g_assert_cmpuint (page->n_records, ==, 2);
  g_assert_cmpuint (page->participants->len, ==, 2);
  g_assert_cmpstr (page->server_time, ==, "2014-01-23 12:52:19");
  g_assert_cmpstr (page->first_id, ==, "7759645");

  p = g_ptr_array_index (page->participants, 0);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "7759645");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, "49015");
  g_assert_null (guichet_participant_get_date_id (p));
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, "198251");
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "7448370");
  g_assert_cmpstr (guichet_participant_get_order_id (p), ==, "2029446");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_null (guichet_participant_get_checked_in_at (p));
  g_assert_null (guichet_participant_get_first_name (p));

  p = g_ptr_array_index (page->participants, 1);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "7759646");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_REFUNDED);
}

static const char tolerant_page[] =
  "{\"participants\": ["
  /* deleted wins over everything */
  " {\"id_participant\": 1, \"id_event\": 5, \"id_date\": 138, \"id_ticket\": \"T1\", \"barcode\": "
  "\"B1\","
  "  \"deleted\": \"1\", \"refund\": \"1\", \"paid\": false,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"0000-00-00 00:00:00\"},"
  "  \"owner\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\", \"email\": "
  "\"ann@example.invalid\"}},"
  /* unpaid; checked in by status */
  " {\"id_participant\": \"2\", \"id_ticket\": 7, \"barcode\": 12345, \"deleted\": \"0\", "
  "\"refund\": \"0\","
  "  \"paid\": \"false\", \"control_status\": {\"status\": \"1\", \"scan_date\": \"0000-00-00 "
  "00:00:00\"},"
  "  \"owner\": {\"first_name\": \"\", \"last_name\": \"\", \"email\": \"\"},"
  "  \"buyer\": {\"id_acheteur\": 9, \"email_acheteur\": \"bob@example.invalid\","
  "             \"acheteur_first_name\": \"Bob\", \"acheteur_last_name\": \"Ray\","
  "             \"answers\": [{\"label\": \"Size\", \"value\": \"L\"}]}},"
  /* not a record */
  " \"garbage\","
  /* no id */
  " {\"barcode\": \"B3\"},"
  /* checked in by scan date only, null members */
  " {\"id_participant\": 4, \"barcode\": \"B4\", \"deleted\": null, \"refund\": null, \"paid\": "
  "true,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"2014-01-23 13:00:00\"},"
  "  \"owner\": {\"first_name\": \"Zo\\u00e9\", \"last_name\": null,"
  "             \"answers\": [{\"label\": \"Diet\", \"value\": [\"vegan\", \"gluten free\"]}]}},"
  /* an owner that is not an object */
  " {\"id_participant\": 5, \"barcode\": \"B5\", \"owner\": \"x\"}"
  "], \"server_time\": \"2014-01-23 12:52:19\"}";

static void
test_parse_participants_tolerant (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (tolerant_page, strlen (tolerant_page));
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetWeezeventParticipants) page =
    guichet_weezevent_parse_participants (bytes, "5", &error);
  GuichetParticipant *p;

  g_assert_no_error (error);
  g_assert_cmpuint (page->n_records, ==, 6);
  g_assert_cmpuint (page->participants->len, ==, 3);

  p = g_ptr_array_index (page->participants, 0);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "1");
  g_assert_cmpstr (guichet_participant_get_event_id (p), ==, "5");
  g_assert_cmpstr (guichet_participant_get_date_id (p), ==, "138");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_DELETED);
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Ann");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "ann@example.invalid");
  g_assert_false (guichet_participant_get_checked_in (p));
  g_assert_null (guichet_participant_get_answers (p));

  p = g_ptr_array_index (page->participants, 1);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "2");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (p), ==, "7");
  g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "12345");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
  g_assert_true (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Bob");
  g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Ray");
  g_assert_cmpstr (guichet_participant_get_email (p), ==, "bob@example.invalid");
  g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                   "[{\"label\":\"Size\",\"value\":\"L\"}]");

  p = g_ptr_array_index (page->participants, 2);
  g_assert_cmpstr (guichet_participant_get_id (p), ==, "4");
  g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_true (guichet_participant_get_checked_in (p));
  g_assert_cmpstr (guichet_participant_get_checked_in_at (p), ==, "2014-01-23 13:00:00");
  g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Zoé");
  g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                   "[{\"label\":\"Diet\",\"value\":\"vegan, gluten free\"}]");
}

static void
test_parse_participants_malformed (void)
{
  const char *bodies[] = {
    "{\"participants\": [{\"id_participant\": 1, \"barcode\": \"12",
    "{\"error\": \"temporarily unavailable\"}",
    "{\"participants\": {\"id_participant\": 1}}",
    "[]",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr (GError) error = NULL;
      g_autoptr (GuichetWeezeventParticipants) page =
        guichet_weezevent_parse_participants (bytes, NULL, &error);

      g_assert_null (page);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
    }
}

static void
test_parse_answers (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("answers.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = guichet_weezevent_parse_answers (root, &error);
  g_autoptr (JsonNode) parsed = NULL;
  JsonArray  *array;
  JsonObject *item;

  g_assert_no_error (error);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  array = json_node_get_array (parsed);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  item = json_array_get_object_element (array, 0);
  /* the doc's doubly escaped "\u00e9" reads as "é" */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "label"),
                                   "Etes-vous accompagné par un enfant"));
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "Oui");
  item = json_array_get_object_element (array, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (item, "label"), "de l'enfant"));
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "Nom");
}

static void
test_parse_scan (void)
{
  g_autoptr (JsonNode) settings = parse_fixture ("scan_settings.json");
  g_autoptr (JsonNode) user = parse_fixture ("scan_user.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  guint            interval = 0;

  g_assert_true (guichet_weezevent_parse_scan_settings (settings, &interval, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interval, ==, 120);

  id = guichet_weezevent_parse_scan_user (user, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "1789");
}

static void
test_parse_event_details (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("event_details.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetEvent) event = guichet_weezevent_parse_event_details (root, "acc", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "36799");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "API API API");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2013-06-27 09:00:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2013-06-30 09:00:59");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Bureau, PAris");
}

static void
test_parse_event_search (void)
{
  g_autoptr (GBytes) bytes = load_fixture ("event_search.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) events = NULL;
  GuichetEvent *event;

  /* the doc's example holds "\#", which JSON does not allow */
  root = guichet_weezevent_parse_json (bytes, &error);
  g_assert_no_error (error);
  events = guichet_weezevent_parse_event_search (root, "acc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "19988");
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Inscription NODE 2012/2013");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2012-07-20 00:00:00");
  g_assert_null (guichet_event_get_venue (event));
}

static void
test_parse_event_categories (void)
{
  g_autoptr (JsonNode) root = parse_fixture ("event_categories.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories = guichet_weezevent_parse_event_categories (root, &error);
  GuichetWeezeventEventCategory *category;

  g_assert_no_error (error);
  /* {"etc": "..."} is skipped */
  g_assert_cmpuint (categories->len, ==, 1);
  category = g_ptr_array_index (categories, 0);
  g_assert_cmpstr (category->id, ==, "14");
  g_assert_cmpstr (category->name, ==, "Soirée clubbing");
}

static void
test_clean_text (void)
{
  g_autofree char *a = guichet_weezevent_clean_text ("Soir\\u00e9e");
  g_autofree char *b = guichet_weezevent_clean_text ("l\\\\'enfant");
  g_autofree char *c = guichet_weezevent_clean_text ("C:\\dir \\u12");

  g_assert_cmpstr (a, ==, "Soirée");
  g_assert_cmpstr (b, ==, "l'enfant");
  g_assert_cmpstr (c, ==, "C:\\dir \\u12");
  g_assert_null (guichet_weezevent_clean_text (NULL));
  g_free (a);
  a = guichet_weezevent_clean_text ("2013-01-10\xc2\xa0"
                                    "14:20:00");
  g_assert_cmpstr (a, ==, "2013-01-10 14:20:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weezevent/parse/access-token", test_parse_access_token);
  g_test_add_func ("/weezevent/parse/events", test_parse_events);
  g_test_add_func ("/weezevent/parse/dates", test_parse_dates);
  g_test_add_func ("/weezevent/parse/tickets", test_parse_tickets);
  g_test_add_func ("/weezevent/parse/ticket-stats", test_parse_ticket_stats);
  g_test_add_func ("/weezevent/parse/participants-doc", test_parse_participants_doc);
  g_test_add_func ("/weezevent/parse/participants-tolerant", test_parse_participants_tolerant);
  g_test_add_func ("/weezevent/parse/participants-malformed", test_parse_participants_malformed);
  g_test_add_func ("/weezevent/parse/answers", test_parse_answers);
  g_test_add_func ("/weezevent/parse/scan", test_parse_scan);
  g_test_add_func ("/weezevent/parse/event-details", test_parse_event_details);
  g_test_add_func ("/weezevent/parse/event-search", test_parse_event_search);
  g_test_add_func ("/weezevent/parse/event-categories", test_parse_event_categories);
  g_test_add_func ("/weezevent/parse/clean-text", test_clean_text);

  return g_test_run ();
}
