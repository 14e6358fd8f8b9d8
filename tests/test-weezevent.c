/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-weezevent"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "guichet-test-utils.h"
#include "guichet-weezevent-parse-private.h"
#include "guichet-weezevent-scan.h"
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
  gsize body_len;

  g_assert_no_error (error);

  /* categories are public; everything else checks the key and token */
  g_assert_cmpuint (fetch (fake, "GET", "/event/categories/", NULL, NULL), ==, 200);
  g_assert_cmpuint (fetch (fake, "GET", "/events?api_key=x&access_token=y", NULL, &body), ==, 403);
  g_assert_nonnull (strstr (body, "\"error\""));
  g_clear_pointer (&body, g_free);

  /* pages of max, only include_deleted shows deleted ones */
  g_assert_cmpuint (fetch (fake, "GET", "/participants?" AUTH "&id_event[]=11435&max=20&page=2", NULL, &body), ==, 200);
  body_len = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), body_len);
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

/* ---- the scanner against json-glib ----
 *
 * guichet_weezevent_parse_participants() reads pages with a one-pass
 * scanner and leaves to json-glib what the scanner declines. Both ways must
 * give the same participants, property by property, or the same error. */

static void
assert_same_participant (GuichetParticipant *expected,
                         GuichetParticipant *actual,
                         const char         *where)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (expected), &n_pspecs);
  /* id, event-id, ... updated-at: a property added later is compared too */
  g_assert_cmpuint (n_pspecs, >=, 15);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&a, pspecs[i]->value_type);
      g_value_init (&b, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (expected), pspecs[i]->name, &a);
      g_object_get_property (G_OBJECT (actual), pspecs[i]->name, &b);
      text_a = g_strdup_value_contents (&a);
      text_b = g_strdup_value_contents (&b);
      if (g_param_values_cmp (pspecs[i], &a, &b) != 0 || g_strcmp0 (text_a, text_b) != 0)
        g_error ("%s: participant %s differs in “%s”: json-glib %s, scanner %s", where,
                 guichet_participant_get_id (expected), pspecs[i]->name, text_a, text_b);
    }
}

static void
assert_same_page (GuichetWeezeventParticipants *expected,
                  GuichetWeezeventParticipants *actual,
                  const char                   *where)
{
  g_assert_nonnull (expected);
  g_assert_nonnull (actual);
  if (expected->n_records != actual->n_records ||
      expected->participants->len != actual->participants->len ||
      g_strcmp0 (expected->server_time, actual->server_time) != 0 ||
      g_strcmp0 (expected->first_id, actual->first_id) != 0)
    g_error ("%s: pages differ: json-glib %u records, %u read, time %s, first %s; "
             "scanner %u records, %u read, time %s, first %s", where,
             expected->n_records, expected->participants->len, expected->server_time, expected->first_id,
             actual->n_records, actual->participants->len, actual->server_time, actual->first_id);

  for (guint i = 0; i < expected->participants->len; i++)
    assert_same_participant (g_ptr_array_index (expected->participants, i),
                             g_ptr_array_index (actual->participants, i), where);
}

typedef struct
{
  gboolean  scanned;     /* the scanner read the page (it did not decline) */
  guint     n_deferred;  /* records it handed to json-glib */
  GuichetWeezeventParticipants *page;  /* json-glib's, NULL on error */
  GError   *error;       /* json-glib's */
} Comparison;

static void
comparison_clear (Comparison *comparison)
{
  g_clear_pointer (&comparison->page, guichet_weezevent_participants_free);
  g_clear_error (&comparison->error);
}

/* Parses @bytes the json-glib way, with the scanner alone and (with
 * @sync_way) the way a sync does, and fails unless all agree. The sync way is
 * the scanner or else json-glib: the mutants, many and slow under ASan, check
 * it on some pages only. */
static void
compare_some_ways (GBytes     *bytes,
                   const char *event_id,
                   gboolean    sync_way,
                   const char *where,
                   Comparison *out)
{
  g_autoptr(GuichetWeezeventParticipants) slow = NULL;
  g_autoptr(GuichetWeezeventParticipants) scanned = NULL;
  g_autoptr(GuichetWeezeventParticipants) fast = NULL;
  g_autoptr(GError) slow_error = NULL;
  g_autoptr(GError) fast_error = NULL;
  guint n_deferred = 0;

  slow = _guichet_weezevent_parse_participants_full (bytes, event_id, FALSE, &slow_error);
  g_assert_true ((slow == NULL) != (slow_error == NULL));
  scanned = _guichet_weezevent_scan_participants (bytes, event_id, &n_deferred);
  if (sync_way)
    {
      fast = _guichet_weezevent_parse_participants_full (bytes, event_id, TRUE, &fast_error);
      g_assert_true ((fast == NULL) != (fast_error == NULL));
    }

  if (scanned != NULL)
    {
      /* what the scanner takes, json-glib takes */
      if (slow == NULL)
        g_error ("%s: the scanner read a page json-glib refuses: %s", where, slow_error->message);
      assert_same_page (slow, scanned, where);
    }
  else
    {
      g_assert_cmpuint (n_deferred, ==, 0);
    }

  if (slow == NULL)
    g_assert_error (slow_error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);

  if (sync_way && slow != NULL)
    {
      if (fast == NULL)
        g_error ("%s: json-glib read the page, the sync way failed: %s", where, fast_error->message);
      assert_same_page (slow, fast, where);
    }
  else if (sync_way)
    {
      if (fast != NULL)
        g_error ("%s: json-glib failed (%s), the sync way read the page", where, slow_error->message);
      g_assert_error (fast_error, slow_error->domain, slow_error->code);
      g_assert_cmpstr (fast_error->message, ==, slow_error->message);
    }

  if (out != NULL)
    {
      out->scanned = scanned != NULL;
      out->n_deferred = n_deferred;
      out->page = g_steal_pointer (&slow);
      out->error = g_steal_pointer (&slow_error);
    }
}

static void
compare_ways (GBytes     *bytes,
              const char *event_id,
              const char *where,
              Comparison *out)
{
  compare_some_ways (bytes, event_id, TRUE, where, out);
}

static void
test_scan_doc (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("participants.json");
  const char *event_ids[] = { NULL, "49015", "1" };

  for (guint i = 0; i < G_N_ELEMENTS (event_ids); i++)
    {
      Comparison c = { 0 };

      compare_ways (bytes, event_ids[i], "participants.json", &c);
      /* the doc's example is read by the scanner alone */
      g_assert_true (c.scanned);
      g_assert_cmpuint (c.n_deferred, ==, 0);
      g_assert_cmpuint (c.page->participants->len, ==, 2);
      comparison_clear (&c);
    }
}

/* The /participants pages a full sync of @n generated participants gets. */
static GPtrArray *
generated_pages (guint  n,
                 guint  max)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("guichet-scan-XXXXXX", &error);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  FakeWeezevent *fake;
  guint n_pages;

  g_assert_no_error (error);
  fake = fake_weezevent_new (NULL, n, &error);
  g_assert_no_error (error);
  n_pages = fake_weezevent_dump_pages (fake, dir, max, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, (n + max - 1) / max);
  fake_weezevent_free (fake);

  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%04u.json", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *contents = NULL;
      gsize length = 0;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_ptr_array_add (pages, g_bytes_new_take (contents, length));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  return pages;
}

static void
test_scan_generated (void)
{
  g_autoptr(GPtrArray) pages = generated_pages (1200, 500);
  guint n_status[GUICHET_PARTICIPANT_STATUS_DELETED + 1] = { 0 };
  guint n_total = 0, n_deferred = 0, n_checked_in = 0, n_answers = 0, n_accented = 0;
  guint n_two_dates = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *where = g_strdup_printf ("generated page %u", i + 1);
      Comparison c = { 0 };

      compare_ways (g_ptr_array_index (pages, i), NULL, where, &c);
      g_assert_true (c.scanned);
      n_deferred += c.n_deferred;
      for (guint j = 0; j < c.page->participants->len; j++)
        {
          GuichetParticipant *p = g_ptr_array_index (c.page->participants, j);
          const char *first = guichet_participant_get_first_name (p);

          g_assert_nonnull (first);
          n_status[guichet_participant_get_status (p)]++;
          n_checked_in += guichet_participant_get_checked_in (p);
          n_answers += guichet_participant_get_answers (p) != NULL;
          n_accented += !g_str_is_ascii (first);
          n_two_dates += g_strcmp0 (guichet_participant_get_date_id (p), "139") == 0;
          n_total++;
        }
      comparison_clear (&c);

      /* the same page, for an explicit event */
      compare_ways (g_ptr_array_index (pages, i), FAKE_WEEZEVENT_EVENT, where, NULL);
    }

  g_assert_cmpuint (n_total, ==, 1200);
  /* the page covers what the scanner must read */
  g_assert_cmpuint (n_status[GUICHET_PARTICIPANT_STATUS_VALID], >, 0);
  g_assert_cmpuint (n_status[GUICHET_PARTICIPANT_STATUS_DELETED], >, 0);
  g_assert_cmpuint (n_status[GUICHET_PARTICIPANT_STATUS_UNPAID], >, 0);
  g_assert_cmpuint (n_status[GUICHET_PARTICIPANT_STATUS_REFUNDED], >, 0);
  g_assert_cmpuint (n_checked_in, >, 0);
  g_assert_cmpuint (n_accented, >, 0);
  g_assert_cmpuint (n_two_dates, ==, 600);
  /* every tenth answers something: json-glib reads those */
  g_assert_cmpuint (n_answers, ==, 120);
  g_assert_cmpuint (n_deferred, ==, n_answers);
}

/* Records of every kind the doc allows and then some. "deferred" marks
 * records the scanner leaves to json-glib; the others it must read itself. */
static const char variants_page[] =
  "{\"participants\": [\n"
  /* escapes: \u with both cases, a surrogate pair, \/, \", \\, \n, \t, \b, \f */
  " {\"id_participant\": 101, \"id_event\": 11435, \"id_date\": 138, \"id_ticket\": \"75632\","
  "  \"barcode\": \"84000000000101\", \"deleted\": \"0\", \"refund\": \"\", \"paid\": true,"
  "  \"owner\": {\"first_name\": \"Zo\\u00e9 \\u00C9lise\", \"last_name\": \"F\\u00eate \\ud83c\\udf89\","
  "             \"email\": \"zoe\\/elise@example.invalid\"}},\n"
  " {\"id_participant\": 102, \"owner\": {\"first_name\": \"Jean \\\"Jo\\\"\","
  "  \"last_name\": \"Back\\\\slash\\nnew\\tline\\b\\f\", \"email\": \"\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\"}},\n"
  /* numbers given as strings */
  " {\"id_participant\": \"103\", \"id_event\": \"11435\", \"id_date\": \"139\", \"id_ticket\": \"44272\","
  "  \"barcode\": \" 84000000000103 \", \"id_transaction\": \"2000103\", \"deleted\": \"0\","
  "  \"refund\": \"0\", \"paid\": \"0\", \"control_status\": {\"status\": \"1\", \"scan_date\": \"2014-01-23 13:00:00\"}},\n"
  " {\"id_participant\": \" 104 \", \"paid\": \"true\", \"deleted\": \"false\", \"refund\": \"false\","
  "  \"control_status\": {\"status\": 1, \"scan_date\": \"0000-00-00 00:00:00\"}},\n"
  " {\"id_participant\": 105, \"paid\": \"no\", \"deleted\": 0, \"refund\": 1},\n"
  " {\"id_participant\": 106, \"paid\": 0, \"deleted\": true},\n"
  " {\"id_participant\": 107, \"paid\": \"YES\", \"refund\": true, \"id_date\": \"0\"},\n"
  " {\"id_participant\": 108, \"paid\": \"maybe\", \"id_date\": 0,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"2014-01-24 09:30:00\"}},\n"
  /* strings given as numbers and booleans */
  " {\"id_participant\": 109, \"id_ticket\": 75632, \"barcode\": 84000000000109, \"id_transaction\": -5,"
  "  \"owner\": {\"first_name\": 42, \"last_name\": true, \"email\": false},"
  "  \"control_status\": {\"status\": true, \"scan_date\": 20140123}},\n"
  " {\"id_participant\": -0, \"barcode\": 999999999999999999},\n"
  /* nulls where strings are documented */
  " {\"id_participant\": 111, \"id_event\": null, \"id_date\": null, \"id_ticket\": null, \"barcode\": null,"
  "  \"deleted\": null, \"refund\": null, \"paid\": null, \"id_transaction\": null,"
  "  \"control_status\": null, \"owner\": null, \"buyer\": null},\n"
  " {\"id_participant\": 112, \"control_status\": {\"status\": null, \"scan_date\": null},"
  "  \"owner\": {\"first_name\": null, \"last_name\": null, \"email\": null}},\n"
  /* missing members, owner/buyer fallbacks */
  " {\"id_participant\": 113},\n"
  " {\"id_participant\": 114, \"owner\": {\"first_name\": \"\", \"last_name\": \"\", \"email\": \"\"},"
  "  \"buyer\": {\"id_acheteur\": 9, \"email_acheteur\": \"buyer@example.invalid\","
  "             \"acheteur_first_name\": \"Ana\\u00efs\", \"acheteur_last_name\": \"M\\u00fcller\"}},\n"
  " {\"id_participant\": 115, \"owner\": {\"email\": \"owner@example.invalid\"},"
  "  \"buyer\": {\"first_name\": \"Plain\", \"last_name\": \"Buyer\", \"email\": \"plain@example.invalid\"}},\n"
  " {\"id_participant\": 116, \"owner\": {\"last_name\": \"Only\"},"
  "  \"buyer\": {\"acheteur_first_name\": \"Not\", \"email\": \"used@example.invalid\"}},\n"
  " {\"id_participant\": 117, \"buyer\": {\"acheteur_first_name\": \"\", \"first_name\": \"Second\"}},\n"
  " {\"id_participant\": 118, \"owner\": {}, \"buyer\": {}, \"control_status\": {}},\n"
  " {\"id_participant\": 119, \"owner\": [], \"buyer\": \"none\", \"control_status\": [1]},\n"
  /* extra members, nested objects, numbers json-glib reads its own way */
  " {\"id_participant\": 120, \"upselling\": [{\"barcode\": \"332\", \"category\": {\"id\": 1, \"name\": \"CASHLESS\"},"
  "   \"sub_product\": {\"price\": 10.50, \"n\": [1, [2, [3, {\"deep\": [null, true, false]}]]]}}],"
  "  \"extra\": {\"a\": -1.5e+3, \"b\": 1E400, \"c\": 123456789012345678901234, \"d\": 0.0, \"e\": -0,"
  "            \"f\": \"\\u0000\", \"g\": {}, \"h\": [], \"\": \"empty key\"},"
  "  \"owner\": {\"first_name\": \"Extra\", \"nested\": {\"first_name\": \"Wrong\"}, \"answers\": []}},\n"
  /* duplicate members: the last one counts */
  " {\"id_participant\": 121, \"barcode\": \"first\", \"barcode\": \"last\","
  "  \"owner\": {\"first_name\": \"A\", \"first_name\": \"B\"}, \"owner\": {\"first_name\": \"C\"}},\n"
  /* what clean_text() repairs: doubly escaped text, \\' and no-break spaces */
  " {\"id_participant\": 122, \"owner\": {\"first_name\": \"Ren\\\\u00e9\", \"last_name\": \"O\\\\'Neil\","
  "  \"email\": \"a\xc2\xa0" "b@example.invalid\"},"
  "  \"control_status\": {\"status\": \"1\", \"scan_date\": \"2014-01-23\xc2\xa0" "14:00:00\"}},\n"
  /* pretty printed */
  " {\n\t\"id_participant\" :\r\n 123 ,\n\t\"owner\" : { \"first_name\" : \"Tab\" } \n},\n"
  /* skipped: not records, no id */
  " \"garbage\", 17, null, [], true,\n"
  " {\"barcode\": \"no id\"},\n"
  " {\"id_participant\": \"\", \"barcode\": \"empty id\"},\n"
  " {\"id_participant\": \"   \"},\n"
  " {\"id_participant\": null},\n"
  " {\"id_participant\": true},\n"
  /* deferred: answers, as text or lists */
  " {\"id_participant\": 130, \"owner\": {\"first_name\": \"Q\", \"answers\": [{\"label\": \"Size\", \"value\": \"M\"}]}},\n"
  " {\"id_participant\": 131, \"buyer\": {\"answers\": [{\"question\": \"Diet\", \"answer\": \"V\\u00e9g\"},"
  "  {\"label\": \"List\", \"value\": [\"a\", 2, 2.5, null]}]}},\n"
  " {\"id_participant\": 132, \"owner\": {\"answers\": [\"not an object\"]}},\n"
  /* deferred: fractions where ids or flags are expected */
  " {\"id_participant\": 133.0, \"barcode\": \"frac\"},\n"
  " {\"id_participant\": 134, \"barcode\": 1.5, \"id_date\": 1e2},\n"
  " {\"id_participant\": 135, \"paid\": 0.0},\n"
  " {\"id_participant\": 136, \"deleted\": 1.0},\n"
  " {\"id_participant\": 137, \"owner\": {\"first_name\": 2.5}},\n"
  " {\"id_participant\": 138, \"id_event\": 12345678901234567890},\n"
  /* deferred: an owner that is not an object (skipped), NUL in a name */
  " {\"id_participant\": 139, \"owner\": \"x\"},\n"
  " {\"id_participant\": 140, \"owner\": {\"first_name\": \"Nul\\u0000cut\"}},\n"
  /* deferred: an escaped member name where the scanner looks */
  " {\"id_particip\\u0061nt\": 141, \"owner\": {\"first_name\": \"Escaped key\"}},\n"
  " {\"id_participant\": 142, \"owner\": {\"first\\u005fname\": \"Escaped key\"}}\n"
  "], \"server_time\": \"2014-01-23 12:52:19\", \"count\": 1, \"extra\": {\"participants\": 3}}";

#define N_VARIANTS_DEFERRED 19  /* answers 3, fractions 6, odd owners 2, NUL 1, escaped names 2, no id 5 */

static void
test_scan_variants (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (variants_page, sizeof variants_page - 1);
  const char *event_ids[] = { NULL, "11435" };

  for (guint i = 0; i < G_N_ELEMENTS (event_ids); i++)
    {
      Comparison c = { 0 };
      GuichetParticipant *p;

      compare_ways (bytes, event_ids[i], "variants", &c);
      g_assert_true (c.scanned);
      g_assert_cmpuint (c.n_deferred, ==, N_VARIANTS_DEFERRED);
      g_assert_cmpuint (c.page->n_records, ==, 46);
      g_assert_cmpuint (c.page->participants->len, ==, 46 - 5 - 5 - 2);
      g_assert_cmpstr (c.page->first_id, ==, "101");

      /* a few values, to be sure the reference itself reads them */
      p = g_ptr_array_index (c.page->participants, 0);
      g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Zoé Élise");
      g_assert_cmpstr (guichet_participant_get_last_name (p), ==, "Fête 🎉");
      g_assert_cmpstr (guichet_participant_get_email (p), ==, "zoe/elise@example.invalid");
      p = g_ptr_array_index (c.page->participants, 2);
      g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "84000000000103");
      g_assert_cmpint (guichet_participant_get_status (p), ==, GUICHET_PARTICIPANT_STATUS_UNPAID);
      g_assert_cmpstr (guichet_participant_get_checked_in_at (p), ==, "2014-01-23 13:00:00");
      p = g_ptr_array_index (c.page->participants, 8);
      g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "84000000000109");
      g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "42");
      p = g_ptr_array_index (c.page->participants, 13);
      g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "Anaïs");
      g_assert_cmpstr (guichet_participant_get_email (p), ==, "buyer@example.invalid");
      p = g_ptr_array_index (c.page->participants, 19);
      g_assert_cmpstr (guichet_participant_get_barcode (p), ==, "last");
      g_assert_cmpstr (guichet_participant_get_first_name (p), ==, "C");
      comparison_clear (&c);
    }
}

/* Pages the scanner must leave to json-glib whole, and pages nobody reads. */
static void
test_scan_declines (void)
{
  const char *read_by_json_glib[] = {
    /* json-glib 1.6 takes more than JSON */
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"A\\#\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": 'single'}}]}",
    "{/* comment */ \"participants\": [{\"id_participant\": 1}]}",
    "{\"participants\": [{\"id_participant\": 0x10}]}",
    "{\"participants\": [{\"id_participant\": 010}]}",
    "{\"participants\": [{\"id_participant\": 1, \"x\": 1.}]}",
    "{\"participants\": [{\"id_participant\": 1, \"x\": .5}]}",
    "{\"participants\": [{\"id_participant\": - 1}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"tab\there\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\u12G4\"}}]}",
    /* and reads lone surrogates its own way */
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\ud800x\"}}]}",
    /* escaped names where the scanner looks */
    "{\"partic\\u0069pants\": [{\"id_participant\": 1}]}",
    "{\"participants\": [{\"id_particip\\u0061nt\": 1}], \"server_time\": \"2014-01-23 12:52:19\"}",
    "{\"participants\": [{\"id_participant\": 1}], \"server_\\u0074ime\": \"2014-01-23 12:52:19\"}",
    /* a number where text is expected at page level */
    "{\"participants\": [{\"id_participant\": 1}], \"server_time\": 1.5}",
    "{\"participants\": [{\"id_participant\": 1.0}]}",
  };
  const char *read_by_scanner[] = {
    "{\"participants\": []}",
    "{\"participants\": [], \"server_time\": null}",
    "{\"participants\": [], \"server_time\": \"0000-00-00 00:00:00\"}",
    "{\"participants\": [], \"server_time\": 20140123}",
    "{\"participants\": [1, 2], \"server_time\": \"\"}",
    "{\"participants\": [{\"id_participant\": 1}], \"participants\": [{\"id_participant\": 2}]}",
    " \r\n\t{\"participants\": [{\"id_participant\": 1}]} \r\n\t",
  };
  const char *malformed[] = {
    "",
    " ",
    "null",
    "[]",
    "\"participants\"",
    "{}",
    "{\"participants\": null}",
    "{\"participants\": {}}",
    "{\"participants\": \"[]\"}",
    "{\"error\": \"temporarily unavailable\"}",
    "{\"participants\": [{\"id_participant\": 1}]",
    "{\"participants\": [{\"id_participant\": 1},]}",
    "{\"participants\": [{\"id_participant\": 1}]} {",
    "{\"participants\": [{\"id_participant\": 1, \"x\": 1.2.3}]}",
    "{\"participants\": [{\"id_participant\": 1, \"x\": 1e}]}",
    "{\"participants\": [{\"id_participant\": 1, \"x\": tru}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\ud800\\u0041\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\udc00\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\ud83d\\ud83d\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (read_by_json_glib); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (read_by_json_glib[i], strlen (read_by_json_glib[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, read_by_json_glib[i], &c);
      g_assert_false (c.scanned);
      g_assert_nonnull (c.page);
      comparison_clear (&c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (read_by_scanner); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (read_by_scanner[i], strlen (read_by_scanner[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, read_by_scanner[i], &c);
      g_assert_true (c.scanned);
      comparison_clear (&c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (malformed[i], strlen (malformed[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, malformed[i], &c);
      g_assert_false (c.scanned);
      g_assert_error (c.error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
      comparison_clear (&c);
    }

  /* no bytes at all, invalid UTF-8, a NUL byte, nesting deeper than the scanner goes */
  {
    g_autoptr(GString) deep = g_string_new ("{\"participants\": [{\"id_participant\": 1, \"x\": ");
    const char bad_utf8[] = "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\xff\"}}]}";
    const char nul[] = "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"a\0b\"}}]}";
    g_autoptr(GBytes) deep_bytes = NULL;
    g_autoptr(GBytes) bad_bytes = g_bytes_new_static (bad_utf8, sizeof bad_utf8 - 1);
    g_autoptr(GBytes) nul_bytes = g_bytes_new_static (nul, sizeof nul - 1);
    g_autoptr(GError) error = NULL;
    Comparison c = { 0 };

    g_assert_null (_guichet_weezevent_scan_participants (NULL, NULL, NULL));
    g_assert_null (_guichet_weezevent_parse_participants_full (NULL, NULL, TRUE, &error));
    g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);

    for (guint i = 0; i < 200; i++)
      g_string_append (deep, "[");
    for (guint i = 0; i < 200; i++)
      g_string_append (deep, "]");
    g_string_append (deep, "}]}");
    deep_bytes = g_bytes_new (deep->str, deep->len);
    compare_ways (deep_bytes, NULL, "deep", &c);
    g_assert_false (c.scanned);
    comparison_clear (&c);
    compare_ways (bad_bytes, NULL, "invalid UTF-8", &c);
    g_assert_false (c.scanned);
    comparison_clear (&c);
    compare_ways (nul_bytes, NULL, "NUL byte", &c);
    g_assert_false (c.scanned);
    comparison_clear (&c);
  }
}

/* ---- mutants: the scanner on hostile pages ---- */

/* The end of the JSON value starting at @pos (a rough reader: good enough
 * to pick a span to replace), or @pos when there is none. */
static gsize
value_end (const GString *text,
           gsize          pos)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = pos; i < text->len; i++)
    {
      char c = text->str[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                return i + 1;
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{': case '[':
          depth++;
          break;
        case '}': case ']':
          if (depth == 0)
            return i;
          if (--depth == 0)
            return i + 1;
          break;
        case ',':
          if (depth == 0)
            return i;
          break;
        default:
          break;
        }
    }
  return text->len;
}

/* A random position of one of @chars in @text, or a random position. */
static gsize
random_position_of (GRand         *rand,
                    const GString *text,
                    const char    *chars)
{
  for (guint tries = 0; tries < 64; tries++)
    {
      gsize pos = g_rand_int_range (rand, 0, text->len);

      if (strchr (chars, text->str[pos]) != NULL && text->str[pos] != '\0')
        return pos;
    }
  return g_rand_int_range (rand, 0, text->len);
}

static void
mutate (GRand   *rand,
        GString *text)
{
  static const char *structural[] = { "\"", "\\", "{", "}", "[", "]", ",", ":" };
  static const char *values[] = {
    "null", "0", "-1", "1.5", "1e400", "123456789012345678901234", "true", "\"\"", "\" 7 \"",
    "{}", "[]", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "[1,\"two\",{\"three\":3}]", "\"0000-00-00 00:00:00\"",
    "\"\\u00e9\\ud83d\\ude00\\/\"", "\"x\\u0000y\"", "01", "1.", ".5", "-", "0x1F", "'q'", "\"\\#\"",
  };
  static const char *in_strings[] = {
    "\\u00e9", "\\u00C9", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\u0000", "\\/",
    "\\\"", "\\\\", "\\n", "\\#", "\\x", "\\u12G4", "\\u12", "\xc2\xa0", "\\\\u00e9", "\\'",
  };
  static const char *bad_bytes[] = {
    "\xff", "\xc3", "\xed\xa0\x80", "\xc0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\x80",
  };
  gsize pos;

  if (text->len == 0)
    return;
  pos = g_rand_int_range (rand, 0, text->len);

  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0: /* flip a byte */
      text->str[pos] ^= (char) g_rand_int_range (rand, 1, 256);
      break;
    case 1: /* insert a quote, backslash, brace, bracket, comma or colon */
      g_string_insert (text, pos, structural[g_rand_int_range (rand, 0, G_N_ELEMENTS (structural))]);
      break;
    case 2: /* delete one */
      pos = random_position_of (rand, text, "\"\\{}[],:");
      g_string_erase (text, pos, 1);
      break;
    case 3: /* replace a value */
    case 4:
      {
        gsize start = random_position_of (rand, text, ":");
        gsize end;

        if (text->str[start] != ':')
          break;
        start++;
        while (start < text->len && text->str[start] == ' ')
          start++;
        end = value_end (text, start);
        g_string_erase (text, start, end - start);
        if (g_rand_int_range (rand, 0, 40) == 0)
          {
            /* a very long string */
            g_autoptr(GString) big = g_string_new ("\"");

            for (guint i = 0; i < 20000; i++)
              g_string_append (big, i % 7 ? "x\\u00e9" : "\\\"");
            g_string_append_c (big, '"');
            g_string_insert (text, start, big->str);
          }
        else
          g_string_insert (text, start, values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
      }
      break;
    case 5: /* an escape or odd text inside a string */
      pos = random_position_of (rand, text, "\"");
      g_string_insert (text, pos + 1, in_strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (in_strings))]);
      break;
    case 6: /* invalid UTF-8 */
      g_string_insert (text, pos, bad_bytes[g_rand_int_range (rand, 0, G_N_ELEMENTS (bad_bytes))]);
      break;
    case 7: /* an embedded NUL */
      g_string_insert_c (text, pos, '\0');
      break;
    case 8: /* duplicate a member or a record, or drop one */
      {
        gsize start = random_position_of (rand, text, ",");
        gsize end;

        if (text->str[start] != ',')
          break;
        end = value_end (text, start + 1);
        /* a member: its name, then its value */
        while (end < text->len && g_ascii_isspace (text->str[end]))
          end++;
        if (end < text->len && text->str[end] == ':')
          {
            end++;
            while (end < text->len && g_ascii_isspace (text->str[end]))
              end++;
            end = value_end (text, end);
          }
        if (g_rand_boolean (rand))
          {
            g_autofree char *copy = g_strndup (text->str + start, end - start);

            g_string_insert (text, end, copy);
          }
        else
          g_string_erase (text, start, end - start);
      }
      break;
    case 9: /* a number made odd: "1.2.3", "1e", "01", "1e+5", "-0x1" */
      pos = random_position_of (rand, text, "0123456789");
      g_string_insert_c (text, pos + (g_rand_boolean (rand) ? 1 : 0),
                         ".eE+-0x"[g_rand_int_range (rand, 0, 7)]);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
mutate_and_compare (GBytes     *original,
                    const char *name,
                    guint32     seed,
                    guint       n_mutants,
                    guint      *n_scanned,
                    guint      *n_failed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize size = 0;
  const char *data = g_bytes_get_data (original, &size);
  guint step = MAX (1, size / 150);

  /* truncated at every step-th byte */
  for (gsize cut = 0; cut < size; cut += step)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, cut);
      g_autofree char *where = g_strdup_printf ("%s cut at %" G_GSIZE_FORMAT, name, cut);
      Comparison c = { 0 };

      compare_some_ways (bytes, NULL, cut % 10 == 0, where, &c);
      *n_scanned += c.scanned;
      *n_failed += c.error != NULL;
      comparison_clear (&c);
    }

  for (guint i = 0; i < n_mutants; i++)
    {
      g_autoptr(GString) text = g_string_new_len (data, size);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *where = NULL;
      guint n_mutations = g_rand_int_range (rand, 1, 4);
      Comparison c = { 0 };

      for (guint j = 0; j < n_mutations; j++)
        mutate (rand, text);
      where = g_strdup_printf ("%s mutant %u (seed %u)", name, i, seed);
      bytes = g_bytes_new (text->str, text->len);
      compare_some_ways (bytes, i % 2 ? FAKE_WEEZEVENT_EVENT : NULL, i % 10 == 0, where, &c);
      *n_scanned += c.scanned;
      *n_failed += c.error != NULL;
      comparison_clear (&c);
    }
}

static void
test_scan_mutants (void)
{
  g_autoptr(GPtrArray) pages = generated_pages (12, 12);
  g_autoptr(GBytes) variants = g_bytes_new_static (variants_page, sizeof variants_page - 1);
  g_autoptr(GBytes) doc = load_fixture ("participants.json");
  guint n_scanned = 0, n_failed = 0;

  mutate_and_compare (g_ptr_array_index (pages, 0), "generated", 1789, 1500, &n_scanned, &n_failed);
  mutate_and_compare (variants, "variants", 1848, 1000, &n_scanned, &n_failed);
  mutate_and_compare (doc, "participants.json", 1871, 500, &n_scanned, &n_failed);
  g_test_message ("mutants: %u read by the scanner, %u refused by both ways", n_scanned, n_failed);
  /* both outcomes are exercised */
  g_assert_cmpuint (n_scanned, >, 400);
  g_assert_cmpuint (n_failed, >, 400);
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
  g_test_add_func ("/weezevent/scan/doc", test_scan_doc);
  g_test_add_func ("/weezevent/scan/generated", test_scan_generated);
  g_test_add_func ("/weezevent/scan/variants", test_scan_variants);
  g_test_add_func ("/weezevent/scan/declines", test_scan_declines);
  g_test_add_func ("/weezevent/scan/mutants", test_scan_mutants);

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
