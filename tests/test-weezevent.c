/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-weezevent"

#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"
#include "guichet-weezevent-parse.h"
#include "fake-weezevent.h"

/* ---- parser, on the doc's own example replies ---- */

static GBytes *
load_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "weezevent", name, NULL);
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static JsonNode *
parse_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  JsonNode *root = guichet_weezevent_parse_json (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static GuichetTicketCategory *
child_at (GuichetTicketCategory *node,
          guint                  position)
{
  GListModel *children = guichet_ticket_category_get_children (node);
  GuichetTicketCategory *child;

  g_assert_cmpuint (g_list_model_get_n_items (children), >, position);
  child = g_list_model_get_item (children, position);
  g_object_unref (child); /* the model keeps it */
  return child;
}

static guint
n_children (GuichetTicketCategory *node)
{
  return g_list_model_get_n_items (guichet_ticket_category_get_children (node));
}

static void
test_parse_access_token (void)
{
  g_autoptr(JsonNode) root = parse_fixture ("access_token.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = guichet_weezevent_parse_access_token (root, &error);
  g_autoptr(JsonNode) empty = json_from_string ("{}", NULL);
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
  g_autoptr(JsonNode) root = parse_fixture ("events.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = guichet_weezevent_parse_events (root, "acc", &error);
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
  g_autoptr(JsonNode) root = parse_fixture ("dates.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dates = guichet_weezevent_parse_dates (root, "11435", &error);
  g_autoptr(GPtrArray) all = NULL;
  GuichetEventDate *date;
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
  g_autoptr(JsonNode) root = parse_fixture ("tickets.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) roots = guichet_weezevent_parse_tickets (root, "11435", &error);
  g_autoptr(GPtrArray) other = NULL;
  GuichetTicketCategory *node, *cat, *sub;

  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 3);

  node = g_ptr_array_index (roots, 0);
  assert_node (node, "75632", GUICHET_CATEGORY_KIND_TICKET, "my default price", NULL);
  g_assert_cmpstr (guichet_ticket_category_get_event_id (node), ==, "11435");
  g_assert_cmpfloat (guichet_ticket_category_get_price (node), ==, 10.0);
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
  g_assert_cmpfloat (guichet_ticket_category_get_price (node), ==, 9.99);
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
  assert_node (g_ptr_array_index (other, 0), "40413", GUICHET_CATEGORY_KIND_TICKET, "Billet 1", NULL);
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
  g_autoptr(JsonNode) root = parse_fixture ("ticket_stats.json");
  g_autoptr(GError) error = NULL;
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
  g_autoptr(GBytes) bytes = load_fixture ("participants.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GuichetWeezeventParticipants) page = guichet_weezevent_parse_participants (bytes, NULL, &error);
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
  " {\"id_participant\": 1, \"id_event\": 5, \"id_date\": 138, \"id_ticket\": \"T1\", \"barcode\": \"B1\","
  "  \"deleted\": \"1\", \"refund\": \"1\", \"paid\": false,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"0000-00-00 00:00:00\"},"
  "  \"owner\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\", \"email\": \"ann@example.invalid\"}},"
  /* unpaid; checked in by status */
  " {\"id_participant\": \"2\", \"id_ticket\": 7, \"barcode\": 12345, \"deleted\": \"0\", \"refund\": \"0\","
  "  \"paid\": \"false\", \"control_status\": {\"status\": \"1\", \"scan_date\": \"0000-00-00 00:00:00\"},"
  "  \"owner\": {\"first_name\": \"\", \"last_name\": \"\", \"email\": \"\"},"
  "  \"buyer\": {\"id_acheteur\": 9, \"email_acheteur\": \"bob@example.invalid\","
  "             \"acheteur_first_name\": \"Bob\", \"acheteur_last_name\": \"Ray\","
  "             \"answers\": [{\"label\": \"Size\", \"value\": \"L\"}]}},"
  /* not a record */
  " \"garbage\","
  /* no id */
  " {\"barcode\": \"B3\"},"
  /* checked in by scan date only, null members */
  " {\"id_participant\": 4, \"barcode\": \"B4\", \"deleted\": null, \"refund\": null, \"paid\": true,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"2014-01-23 13:00:00\"},"
  "  \"owner\": {\"first_name\": \"Zo\\u00e9\", \"last_name\": null,"
  "             \"answers\": [{\"label\": \"Diet\", \"value\": [\"vegan\", \"gluten free\"]}]}},"
  /* an owner that is not an object */
  " {\"id_participant\": 5, \"barcode\": \"B5\", \"owner\": \"x\"}"
  "], \"server_time\": \"2014-01-23 12:52:19\"}";

static void
test_parse_participants_tolerant (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (tolerant_page, strlen (tolerant_page));
  g_autoptr(GError) error = NULL;
  g_autoptr(GuichetWeezeventParticipants) page = guichet_weezevent_parse_participants (bytes, "5", &error);
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
  g_assert_cmpstr (guichet_participant_get_answers (p), ==, "[{\"label\":\"Size\",\"value\":\"L\"}]");

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
      g_autoptr(GBytes) bytes = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GuichetWeezeventParticipants) page = guichet_weezevent_parse_participants (bytes, NULL, &error);

      g_assert_null (page);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
    }
}

static void
test_parse_answers (void)
{
  g_autoptr(JsonNode) root = parse_fixture ("answers.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = guichet_weezevent_parse_answers (root, &error);
  g_autoptr(JsonNode) parsed = NULL;
  JsonArray *array;
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
  g_autoptr(JsonNode) settings = parse_fixture ("scan_settings.json");
  g_autoptr(JsonNode) user = parse_fixture ("scan_user.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint interval = 0;

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
  g_autoptr(JsonNode) root = parse_fixture ("event_details.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GuichetEvent) event = guichet_weezevent_parse_event_details (root, "acc", &error);

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
  g_autoptr(GBytes) bytes = load_fixture ("event_search.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) events = NULL;
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
  g_autoptr(JsonNode) root = parse_fixture ("event_categories.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = guichet_weezevent_parse_event_categories (root, &error);
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
  a = guichet_weezevent_clean_text ("2013-01-10\xc2\xa0" "14:20:00");
  g_assert_cmpstr (a, ==, "2013-01-10 14:20:00");
}

/* ---- the fake server itself (it follows the doc, not the client) ---- */

typedef struct
{
  gboolean  done;
  GBytes   *body;
  guint     status;
} FetchData;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchData *data = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  data->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  data->status = soup_message_get_status (msg);
  data->done = TRUE;
}

static guint
fetch (FakeWeezevent  *fake,
       const char     *method,
       const char     *path_and_query,
       const char     *form,
       char          **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fake_weezevent_get_base_url (fake), path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  FetchData data = { 0 };

  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &data);
  guichet_test_wait_until (&data.done);
  if (body != NULL)
    *body = data.body ? g_strndup (g_bytes_get_data (data.body, NULL), g_bytes_get_size (data.body)) : NULL;
  g_clear_pointer (&data.body, g_bytes_unref);
  return data.status;
}

#define AUTH "api_key=" FAKE_WEEZEVENT_API_KEY "&access_token=" FAKE_WEEZEVENT_ACCESS_TOKEN

static void
test_fake_server (void)
{
  g_autoptr(GError) error = NULL;
  FakeWeezevent *fake = fake_weezevent_new (NULL, 30, &error);
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GuichetWeezeventParticipants) page = NULL;

  g_assert_no_error (error);

  /* categories are public; everything else checks the key and token */
  g_assert_cmpuint (fetch (fake, "GET", "/event/categories/", NULL, NULL), ==, 200);
  g_assert_cmpuint (fetch (fake, "GET", "/events?api_key=x&access_token=y", NULL, &body), ==, 403);
  g_assert_nonnull (strstr (body, "\"error\""));
  g_clear_pointer (&body, g_free);

  /* pages of max, only include_deleted shows deleted ones */
  g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=20&page=2", NULL, &body), ==, 200);
  bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));
  page = guichet_weezevent_parse_participants (bytes, NULL, &error);
  g_assert_no_error (error);
  /* 30 rows, none deleted among the first 30 (every 97th), one unpaid? (every 83rd: no) */
  g_assert_cmpuint (page->n_records, ==, 10);
  g_assert_cmpstr (page->first_id, ==, "1000020");
  g_assert_cmpstr (g_hash_table_lookup (fake_weezevent_get_last_query (fake, "/participants"), "id_event[]"), ==, "11435");

  /* five failed logins, then a ban */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fetch (fake, "POST", "/auth/access_token", "username=a&password=b&api_key=c", NULL), ==, 403);
  g_assert_cmpuint (fetch (fake, "POST", "/auth/access_token",
                           "username=" FAKE_WEEZEVENT_USERNAME "&password=" FAKE_WEEZEVENT_PASSWORD
                           "&api_key=" FAKE_WEEZEVENT_API_KEY, NULL), ==, 429);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fake), ==, 6);

  fake_weezevent_free (fake);
}

/* ---- the provider against the fake, through the real store and sync ---- */

#include "guichet-weezevent-provider.h"

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  guichet_test_wait_until (&wait->done);
  return wait->result;
}

typedef struct
{
  FakeWeezevent            *fake;
  GuichetStore             *store;
  GuichetAccount           *account;
  GuichetHttpClient        *client;
  GuichetWeezeventProvider *provider;
} Fixture;

static GHashTable *
credentials_new (const char *password)
{
  GHashTable *credentials = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (credentials, (gpointer) "api_key", (gpointer) FAKE_WEEZEVENT_API_KEY);
  g_hash_table_insert (credentials, (gpointer) "password", (gpointer) password);
  return credentials;
}

static GHashTable *
sign_in (Fixture     *fixture,
         const char  *password,
         GError     **error)
{
  g_autoptr(GHashTable) credentials = credentials_new (password);
  Wait wait = { 0 };
  GHashTable *secrets;

  guichet_provider_sign_in_async (GUICHET_PROVIDER (fixture->provider), credentials, NULL, wait_cb, &wait);
  secrets = guichet_provider_sign_in_finish (GUICHET_PROVIDER (fixture->provider), wait_result (&wait), error);
  g_clear_object (&wait.result);
  return secrets;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = guichet_test_new_db_path ();
  g_autoptr(GHashTable) secrets = NULL;

  fixture->fake = fake_weezevent_new (NULL, n, &error);
  g_assert_no_error (error);
  fixture->store = guichet_store_new (db_path, &error);
  g_assert_no_error (error);

  fixture->account = g_object_new (GUICHET_TYPE_ACCOUNT,
                                   "id", "weez-account",
                                   "provider", "weezevent",
                                   "name", "W",
                                   "base-url", fake_weezevent_get_base_url (fixture->fake),
                                   "username", FAKE_WEEZEVENT_USERNAME,
                                   NULL);
  guichet_store_save_account (fixture->store, fixture->account, &error);
  g_assert_no_error (error);

  fixture->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (fixture->client, 10);
  fixture->provider = g_object_new (GUICHET_TYPE_WEEZEVENT_PROVIDER,
                                    "account", fixture->account,
                                    "http-client", fixture->client,
                                    NULL);

  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
  guichet_provider_set_secrets (GUICHET_PROVIDER (fixture->provider), secrets);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->fake, fake_weezevent_free);
}

/* Syncs the event with the generated participants (NULL: every event). */
static gboolean
run_sync_event (Fixture     *fixture,
                const char  *event_id,
                GError     **error)
{
  g_autoptr(GuichetSync) sync = guichet_sync_new (fixture->store, GUICHET_PROVIDER (fixture->provider));
  Wait wait = { 0 };
  gboolean ok;

  guichet_sync_run_async (sync, event_id, NULL, wait_cb, &wait);
  ok = guichet_sync_run_finish (sync, wait_result (&wait), error);
  g_clear_object (&wait.result);
  return ok;
}

static gboolean
run_sync (Fixture  *fixture,
          GError  **error)
{
  return run_sync_event (fixture, FAKE_WEEZEVENT_EVENT, error);
}

static gint64
count_participants (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = guichet_store_count_participants (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT, &error);

  g_assert_no_error (error);
  return n;
}

static GuichetParticipant *
find_by_index (Fixture *fixture,
               guint    index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *barcode = fake_weezevent_dup_barcode (index);
  GuichetParticipant *p = guichet_store_find_participant_by_barcode (fixture->store, "weez-account",
                                                                     FAKE_WEEZEVENT_EVENT, barcode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static const char *
last_query (Fixture    *fixture,
            const char *path,
            const char *key)
{
  GHashTable *query = fake_weezevent_get_last_query (fixture->fake, path);

  g_assert_nonnull (query);
  return g_hash_table_lookup (query, key);
}

static void
test_sync_all_pages (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GuichetParticipant) first = NULL;
  g_autoptr(GuichetParticipant) deleted = NULL;
  g_autoptr(GuichetParticipant) scanned = NULL;
  g_autoptr(GuichetParticipant) buyer_only = NULL;
  g_autoptr(GuichetParticipant) unpaid = NULL;

  /* The server sends 100 a page whatever "max" (500) asks: the client must
   * not take the first short page for the last one. */
  fake_weezevent_set_page_cap (fixture->fake, 100);

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);

  /* 1234 = 12 pages of 100 and one of 34, deleted and unpaid included */
  g_assert_cmpint (count_participants (fixture), ==, 1234);
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants"), ==, 13);
  g_assert_cmpstr (last_query (fixture, "/participants", "id_event[]"), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (last_query (fixture, "/participants", "max"), ==, "500");
  g_assert_cmpstr (last_query (fixture, "/participants", "page"), ==, "13");
  g_assert_cmpstr (last_query (fixture, "/participants", "full"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "include_deleted"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "include_unpaid"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/participants", "api_key"), ==, FAKE_WEEZEVENT_API_KEY);
  g_assert_cmpstr (last_query (fixture, "/participants", "access_token"), ==, FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_null (last_query (fixture, "/participants", "last_update"));

  first = find_by_index (fixture, 0);
  g_assert_cmpstr (guichet_participant_get_id (first), ==, "1000000");
  g_assert_cmpstr (guichet_participant_get_first_name (first), ==, "Camille");
  g_assert_cmpstr (guichet_participant_get_last_name (first), ==, "Martin");
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (first), ==, "75632");
  g_assert_cmpstr (guichet_participant_get_date_id (first), ==, "138");
  g_assert_cmpint (guichet_participant_get_status (first), ==, GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (first));
  g_assert_nonnull (strstr (guichet_participant_get_answers (first), "Taille de t-shirt"));

  deleted = find_by_index (fixture, 96);
  g_assert_cmpint (guichet_participant_get_status (deleted), ==, GUICHET_PARTICIPANT_STATUS_DELETED);
  unpaid = find_by_index (fixture, 82);
  g_assert_cmpint (guichet_participant_get_status (unpaid), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
  scanned = find_by_index (fixture, 6);
  g_assert_true (guichet_participant_get_checked_in (scanned));
  g_assert_cmpstr (guichet_participant_get_checked_in_at (scanned), ==, "2024-05-01 09:50:00");
  buyer_only = find_by_index (fixture, 49);
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (buyer_only), ==, "65638");
  g_assert_cmpstr (guichet_participant_get_first_name (buyer_only), ==, "Jade");
  g_assert_cmpstr (guichet_participant_get_last_name (buyer_only), ==, "Thomas");
  g_assert_nonnull (guichet_participant_get_email (buyer_only));
}

static void
test_sync_exact_pages (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* 1200 in full pages of 100: only an empty page ends the run */
  fake_weezevent_set_page_cap (fixture->fake, 100);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 1200);
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants"), ==, 13);
}

static void
test_sync_incremental (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first_server_time = NULL;
  g_autofree char *renamed_id = fake_weezevent_dup_participant_id (10);
  g_autofree char *deleted_id = fake_weezevent_dup_participant_id (11);
  g_autofree char *added_id = NULL;
  g_autoptr(GuichetParticipant) added = NULL;
  g_autoptr(GuichetParticipant) renamed = NULL;
  g_autoptr(GuichetParticipant) gone = NULL;
  guint before;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 700);
  first_server_time = fake_weezevent_dup_server_time (fixture->fake);

  added_id = fake_weezevent_add_participant (fixture->fake, "NEW-0001", "Nouvelle", "Personne");
  g_assert_true (fake_weezevent_rename_participant (fixture->fake, renamed_id, "Renée", "Changée"));
  g_assert_true (fake_weezevent_delete_participant (fixture->fake, deleted_id));

  before = fake_weezevent_get_n_requests (fixture->fake, "/participants");
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);

  /* asked only for what changed since the first run's server time, deletions included */
  g_assert_cmpstr (last_query (fixture, "/participants", "last_update"), ==, first_server_time);
  g_assert_cmpstr (last_query (fixture, "/participants", "include_deleted"), ==, "1");
  /* 3 changes: one page of 3, then an empty one */
  g_assert_cmpuint (fake_weezevent_get_n_requests (fixture->fake, "/participants") - before, ==, 2);

  g_assert_cmpint (count_participants (fixture), ==, 701);
  added = guichet_store_find_participant_by_barcode (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT,
                                                     "NEW-0001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (guichet_participant_get_id (added), ==, added_id);
  g_assert_cmpstr (guichet_participant_get_first_name (added), ==, "Nouvelle");
  renamed = find_by_index (fixture, 10);
  g_assert_cmpstr (guichet_participant_get_first_name (renamed), ==, "Renée");
  g_assert_cmpstr (guichet_participant_get_last_name (renamed), ==, "Changée");
  gone = find_by_index (fixture, 11);
  g_assert_cmpint (guichet_participant_get_status (gone), ==, GUICHET_PARTICIPANT_STATUS_DELETED);

  /* nothing changed: the third run asks from the second run's server time */
  g_clear_pointer (&first_server_time, g_free);
  first_server_time = fake_weezevent_dup_server_time (fixture->fake);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_query (fixture, "/participants", "last_update"), ==, first_server_time);
  g_assert_cmpint (count_participants (fixture), ==, 701);
}

static void
test_sync_malformed_page (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed_id = fake_weezevent_dup_participant_id (3);
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  g_autoptr(GuichetParticipant) known = NULL;
  g_autoptr(GuichetParticipant) later = NULL;

  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 600);
  cursor_before = guichet_store_get_cursor (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT);

  g_assert_true (fake_weezevent_rename_participant (fixture->fake, renamed_id, "Mal", "Formé"));
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_MALFORMED);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* the previous data, and where to go on from, are intact */
  g_assert_cmpint (count_participants (fixture), ==, 600);
  known = find_by_index (fixture, 3);
  g_assert_cmpstr (guichet_participant_get_first_name (known), ==, "Chloé");
  cursor_after = guichet_store_get_cursor (fixture->store, "weez-account", FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (cursor_after, ==, cursor_before);

  /* a reply without its list is malformed too */
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_NO_LIST);
  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpint (count_participants (fixture), ==, 600);

  /* the next good run catches up */
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  later = find_by_index (fixture, 3);
  g_assert_cmpstr (guichet_participant_get_first_name (later), ==, "Mal");
}

static void
test_sync_retry_after (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* 429 + Retry-After: 1 on a page: waited for, then retried */
  fake_weezevent_fail_page (fixture->fake, 1, FAKE_WEEZEVENT_FAULT_429);
  g_assert_true (run_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_participants (fixture), ==, 50);
}

static void
test_session_refused (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  Wait wait = { 0 };

  fake_weezevent_revoke_token (fixture->fake);

  guichet_provider_list_events_async (GUICHET_PROVIDER (fixture->provider), NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (GUICHET_PROVIDER (fixture->provider), wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (events);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_cmpstr (error->message, ==, "Weezevent no longer accepts this session. Sign in again.");
  g_clear_error (&error);

  g_assert_false (run_sync (fixture, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
}

static void
test_login_not_retried (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = NULL;
  guint before = fake_weezevent_get_n_login_attempts (fixture->fake);

  secrets = sign_in (fixture, "wrong password", &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_assert_nonnull (strstr (error->message, "five failed attempts"));
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 1);
  g_clear_error (&error);

  /* a server error is not retried either */
  fake_weezevent_fail_next (fixture->fake, FAKE_WEEZEVENT_FAULT_500);
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 2);
  g_clear_error (&error);

  /* after five failures Weezevent bans: a clear error, still one attempt */
  for (guint i = 0; i < 4; i++)
    {
      secrets = sign_in (fixture, "wrong password", &error);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
      g_clear_error (&error);
    }
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fake_weezevent_get_n_login_attempts (fixture->fake), ==, before + 7);
}

static void
test_sign_in_secrets (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  GHashTable *form = fake_weezevent_get_last_query (fixture->fake, "/auth/access_token");

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "api_key"), ==, FAKE_WEEZEVENT_API_KEY);
  g_assert_cmpstr (g_hash_table_lookup (secrets, "access_token"), ==, FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_false (g_hash_table_contains (secrets, "password"));

  /* form-encoded, nothing in the URL */
  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, FAKE_WEEZEVENT_USERNAME);
  g_assert_cmpstr (fake_weezevent_get_last_query_string (fixture->fake, "/auth/access_token"), ==, "");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (const char *p = contents; length >= needle_length && p <= contents + length - needle_length; p++)
    {
      p = memchr (p, needle[0], contents + length - needle_length + 1 - p);
      if (p == NULL)
        break;
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Counts files under @dir holding @needle; *n_files counts every file read. */
static guint
tree_count_containing (const char *dir,
                       const char *needle,
                       guint      *n_files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint found = 0;

  if (handle == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        found += tree_count_containing (path, needle, n_files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          (*n_files)++;
          if (file_contains (path, needle))
            {
              g_test_message ("%s holds the text searched for", path);
              found++;
            }
        }
    }
  return found;
}

static void
test_password_never_on_disk (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GHashTable) stored = NULL;
  const char *root = g_getenv ("GUICHET_TEST_DIR");
  g_autofree char *barcode = fake_weezevent_dup_barcode (0);
  guint n_files = 0;

  if (root == NULL)
    {
      g_test_skip ("needs the headless wrapper's private test dir");
      return;
    }

  /* As "account add" does: sign in, keep the returned secrets in the real
   * keyring, save the account, then sync. */
  secrets = sign_in (fixture, FAKE_WEEZEVENT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (guichet_secrets_store_sync ("weez-account", "W", secrets, NULL, &error));
  g_assert_no_error (error);
  stored = guichet_secrets_lookup_sync ("weez-account", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (stored, "access_token"), ==, FAKE_WEEZEVENT_ACCESS_TOKEN);
  g_assert_false (g_hash_table_contains (stored, "password"));

  g_assert_true (run_sync_event (fixture, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->store);

  /* the walk reads what was written: the synced data is found ... */
  g_assert_cmpuint (tree_count_containing (root, barcode, &n_files), >, 0);
  g_assert_cmpuint (n_files, >, 1);
  /* ... and the password nowhere, keyring file included */
  n_files = 0;
  g_assert_cmpuint (tree_count_containing (root, FAKE_WEEZEVENT_PASSWORD, &n_files), ==, 0);
}

static void
test_provider_calls (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GuichetProvider *provider = GUICHET_PROVIDER (fixture->provider);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GPtrArray) dates = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GuichetParticipantPage) page = NULL;
  g_autoptr(GuichetEvent) details = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *station = NULL;
  g_autofree char *participant_id = fake_weezevent_dup_participant_id (0);
  const char *date_tickets[] = { "75632", "44272", NULL };
  GuichetTicketStats stats = { 0 };
  GuichetEvent *event;
  Wait wait = { 0 };

  g_assert_true (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_NESTED_CATEGORIES |
                                                 GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC));
  g_assert_false (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN));

  /* every event by default, with its venue from the details */
  guichet_provider_list_events_async (provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (last_query (fixture, "/events", "include_not_published"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/events", "include_closed"), ==, "1");
  g_assert_cmpstr (last_query (fixture, "/events", "include_without_sales"), ==, "1");
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (guichet_event_get_id (event), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpstr (guichet_event_get_name (event), ==, "Event 2");
  g_assert_cmpstr (guichet_event_get_start (event), ==, "2011-11-27 00:00:00");
  g_assert_cmpstr (guichet_event_get_end (event), ==, "2013-01-10 23:00:00");
  g_assert_cmpstr (guichet_event_get_venue (event), ==, "Le Zénith, Paris");
  g_assert_cmpstr (guichet_event_get_account_id (event), ==, "weez-account");
  g_clear_pointer (&events, g_ptr_array_unref);

  guichet_weezevent_provider_set_include_without_sales (fixture->provider, FALSE);
  guichet_provider_list_events_async (provider, NULL, wait_cb, &wait);
  events = guichet_provider_list_events_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (last_query (fixture, "/events", "include_without_sales"), ==, "0");

  guichet_provider_list_categories_async (provider, FAKE_WEEZEVENT_EVENT, NULL, wait_cb, &wait);
  roots = guichet_provider_list_categories_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 3);
  g_assert_cmpstr (last_query (fixture, "/tickets", "id_event[]"), ==, FAKE_WEEZEVENT_EVENT);
  g_assert_cmpuint (n_children (child_at (g_ptr_array_index (roots, 2), 1)), ==, 2);

  guichet_provider_list_dates_async (provider, FAKE_WEEZEVENT_EVENT, NULL, wait_cb, &wait);
  dates = guichet_provider_list_dates_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (dates->len, ==, 2);

  guichet_provider_ticket_stats_async (provider, "44272", "138", NULL, wait_cb, &wait);
  g_assert_true (guichet_provider_ticket_stats_finish (provider, wait_result (&wait), &stats, &error));
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (last_query (fixture, "/ticket/44272/stats", "id_date"), ==, "138");
  g_assert_cmpint (stats.total, >, 0);

  guichet_provider_get_answers_async (provider, participant_id, NULL, wait_cb, &wait);
  answers = guichet_provider_get_answers_finish (provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answers, "\"label\":\"Régime alimentaire\""));

  guichet_weezevent_provider_get_event_details_async (fixture->provider, "36799", NULL, wait_cb, &wait);
  details = guichet_weezevent_provider_get_event_details_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_event_get_name (details), ==, "API API API");

  guichet_weezevent_provider_search_events_async (fixture->provider, NULL, NULL, wait_cb, &wait);
  found = guichet_weezevent_provider_search_events_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  guichet_weezevent_provider_list_event_categories_async (fixture->provider, NULL, wait_cb, &wait);
  categories = guichet_weezevent_provider_list_event_categories_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, 1);
  /* public: sent without key or token */
  g_assert_null (last_query (fixture, "/event/categories/", "access_token"));

  guichet_weezevent_provider_set_scan_user_async (fixture->provider, "Porte B", NULL, wait_cb, &wait);
  station = guichet_weezevent_provider_set_scan_user_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpstr (station, ==, "1789");
  g_assert_cmpstr (fake_weezevent_get_scan_user (fixture->fake), ==, "Porte B");

  g_assert_cmpuint (guichet_weezevent_provider_get_sync_interval (fixture->provider), ==, 0);
  guichet_weezevent_provider_load_scan_settings_async (fixture->provider, NULL, wait_cb, &wait);
  g_assert_true (guichet_weezevent_provider_load_scan_settings_finish (fixture->provider, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_cmpuint (guichet_weezevent_provider_get_sync_interval (fixture->provider), ==, 120);

  /* the generic door-station call does both: names the desk, reads the interval */
  {
    guint refresh = 0;

    guichet_provider_register_desk_async (provider, "Porte C", NULL, wait_cb, &wait);
    g_assert_true (guichet_provider_register_desk_finish (provider, wait_result (&wait), &refresh, &error));
    g_clear_object (&wait.result);
    wait.done = FALSE;
    g_assert_no_error (error);
    g_assert_cmpstr (fake_weezevent_get_scan_user (fixture->fake), ==, "Porte C");
    g_assert_cmpuint (refresh, ==, 120);
  }

  /* one date of a multi-date event */
  guichet_weezevent_provider_fetch_date_participants_async (fixture->provider, FAKE_WEEZEVENT_EVENT, "138",
                                                            date_tickets, NULL, NULL, wait_cb, &wait);
  page = guichet_weezevent_provider_fetch_date_participants_finish (fixture->provider, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fake_weezevent_get_last_query_string (fixture->fake, "/participants"),
                            "date_ticket[138][]=75632&date_ticket[138][]=44272"));
  g_assert_null (last_query (fixture, "/participants", "id_event[]"));
  /* date 138 holds the even indexes; tickets 75632 and 44272 are i % 5 == 0 or 2 */
  g_assert_cmpuint (page->participants->len, >, 0);
  for (guint i = 0; i < page->participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (page->participants, i);

      g_assert_cmpstr (guichet_participant_get_date_id (p), ==, "138");
      g_assert_cmpstr (guichet_participant_get_event_id (p), ==, FAKE_WEEZEVENT_EVENT);
    }
  g_assert_true (page->full);
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
  g_test_add_func ("/weezevent/fake-server", test_fake_server);

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)
  ADD ("/weezevent/sync/all-pages", 1234, test_sync_all_pages);
  ADD ("/weezevent/sync/exact-pages", 1200, test_sync_exact_pages);
  ADD ("/weezevent/sync/incremental", 700, test_sync_incremental);
  ADD ("/weezevent/sync/malformed-page", 600, test_sync_malformed_page);
  ADD ("/weezevent/sync/retry-after", 50, test_sync_retry_after);
  ADD ("/weezevent/session-refused", 20, test_session_refused);
  ADD ("/weezevent/login-not-retried", 0, test_login_not_retried);
  ADD ("/weezevent/sign-in-secrets", 0, test_sign_in_secrets);
  ADD ("/weezevent/password-never-on-disk", 200, test_password_never_on_disk);
  ADD ("/weezevent/provider-calls", 20, test_provider_calls);
#undef ADD

  return g_test_run ();
}
