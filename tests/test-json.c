/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "guichet-test-utils.h"

/* Parses @text (which must be a JSON object) with the code under test. */
static JsonNode *
parse_object (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  node = guichet_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return node;
}

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "json", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  JsonNode *node;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);

  node = guichet_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static void
assert_dup_string (JsonObject *object,
                   const char *member,
                   const char *expected)
{
  g_autofree char *value = guichet_json_dup_string (object, member);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_dup_id (JsonObject *object,
               const char *member,
               const char *expected)
{
  g_autofree char *value = guichet_json_dup_id (object, member);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_json_dup_string (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"s\": \"text\", \"empty\": \"\", \"int\": 12, \"big\": 7759645,"
                  "  \"neg\": -3, \"price\": 9.99, \"whole\": 10.0, \"half\": 10.50,"
                  "  \"t\": true, \"f\": false, \"null\": null, \"obj\": {}, \"arr\": [1],"
                  "  \"esc\": \"Pr\\u00e9chargement 10\\u20ac \\/ caf\\u00e9\","
                  "  \"pair\": \"\\ud83c\\udf9f\" }");
  JsonObject *object = json_node_get_object (root);

  assert_dup_string (object, "s", "text");
  assert_dup_string (object, "empty", "");
  assert_dup_string (object, "int", "12");
  assert_dup_string (object, "big", "7759645");
  assert_dup_string (object, "neg", "-3");
  assert_dup_string (object, "price", "9.99");
  assert_dup_string (object, "whole", "10");
  assert_dup_string (object, "half", "10.5");
  assert_dup_string (object, "t", "true");
  assert_dup_string (object, "f", "false");
  assert_dup_string (object, "null", NULL);
  assert_dup_string (object, "missing", NULL);
  assert_dup_string (object, "obj", NULL);
  assert_dup_string (object, "arr", NULL);
  assert_dup_string (object, "esc", "Préchargement 10€ / café");
  assert_dup_string (object, "pair", "\xf0\x9f\x8e\x9f");

  /* A NULL object (from a missing nested object) reads as empty */
  assert_dup_string (NULL, "s", NULL);
}

static void
test_json_dup_id (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"int\": 7759645, \"str\": \"198251\", \"distributor\": \"ABCDE125632\","
                  "  \"prefixed\": \"ev_42\", \"padded\": \" 44272 \", \"empty\": \"\","
                  "  \"blank\": \"  \", \"null\": null, \"double\": 138.0, \"zero\": 0,"
                  "  \"bool\": true, \"obj\": { \"id\": 1 }, \"arr\": [\"1\"],"
                  "  \"huge\": 9007199254740993 }");
  JsonObject      *object = json_node_get_object (root);
  g_autofree char *from_node = NULL;
  g_autofree char *from_null_node = NULL;

  assert_dup_id (object, "int", "7759645");
  assert_dup_id (object, "str", "198251");
  assert_dup_id (object, "distributor", "ABCDE125632");
  assert_dup_id (object, "prefixed", "ev_42");
  assert_dup_id (object, "padded", "44272");
  assert_dup_id (object, "empty", NULL);
  assert_dup_id (object, "blank", NULL);
  assert_dup_id (object, "null", NULL);
  assert_dup_id (object, "missing", NULL);
  assert_dup_id (object, "double", "138");
  assert_dup_id (object, "zero", "0");
  assert_dup_id (object, "bool", NULL);
  assert_dup_id (object, "obj", NULL);
  assert_dup_id (object, "arr", NULL);
  /* Integers beyond 2^53 stay exact */
  assert_dup_id (object, "huge", "9007199254740993");

  from_node = guichet_json_node_dup_id (json_object_get_member (object, "int"));
  g_assert_cmpstr (from_node, ==, "7759645");
  from_null_node = guichet_json_node_dup_id (json_object_get_member (object, "null"));
  g_assert_null (from_null_node);
  g_assert_null (guichet_json_node_dup_id (NULL));
  g_assert_null (guichet_json_node_dup_id (json_object_get_member (object, "arr")));
}

static void
test_json_get_int (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"int\": 400, \"big\": 7759645, \"neg\": -1, \"str\": \"12\","
                  "  \"padded\": \" 12 \", \"strwhole\": \"12.0\", \"whole\": 10.0,"
                  "  \"frac\": 9.99, \"strfrac\": \"9.99\", \"word\": \"twelve\","
                  "  \"trailing\": \"12abc\", \"empty\": \"\", \"null\": null, \"t\": true,"
                  "  \"obj\": {}, \"arr\": [], \"max\": 9223372036854775807 }");
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpint (guichet_json_get_int (object, "int", -1), ==, 400);
  g_assert_cmpint (guichet_json_get_int (object, "big", -1), ==, 7759645);
  g_assert_cmpint (guichet_json_get_int (object, "neg", 5), ==, -1);
  g_assert_cmpint (guichet_json_get_int (object, "str", -1), ==, 12);
  g_assert_cmpint (guichet_json_get_int (object, "padded", -1), ==, 12);
  g_assert_cmpint (guichet_json_get_int (object, "strwhole", -1), ==, 12);
  g_assert_cmpint (guichet_json_get_int (object, "whole", -1), ==, 10);
  g_assert_cmpint (guichet_json_get_int (object, "max", -1), ==, G_MAXINT64);

  /* Not whole numbers, not numbers, or not there: the default */
  g_assert_cmpint (guichet_json_get_int (object, "frac", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "strfrac", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "word", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "trailing", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "empty", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "null", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "t", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "obj", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "arr", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (object, "missing", -7), ==, -7);
  g_assert_cmpint (guichet_json_get_int (NULL, "int", -7), ==, -7);
}

static void
test_json_get_double (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"price\": 9.99, \"int\": 10, \"str\": \"9.99\", \"padded\": \" 10.50 \","
                  "  \"comma\": \"9,99\", \"word\": \"free\", \"empty\": \"\", \"null\": null,"
                  "  \"f\": false, \"obj\": {}, \"exp\": 1e3 }");
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpfloat (guichet_json_get_double (object, "price", -1), ==, 9.99);
  g_assert_cmpfloat (guichet_json_get_double (object, "int", -1), ==, 10.0);
  g_assert_cmpfloat (guichet_json_get_double (object, "str", -1), ==, 9.99);
  g_assert_cmpfloat (guichet_json_get_double (object, "padded", -1), ==, 10.5);
  g_assert_cmpfloat (guichet_json_get_double (object, "exp", -1), ==, 1000.0);

  g_assert_cmpfloat (guichet_json_get_double (object, "comma", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "word", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "empty", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "null", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "f", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "obj", -1), ==, -1);
  g_assert_cmpfloat (guichet_json_get_double (object, "missing", 2.5), ==, 2.5);
}

static void
test_json_get_bool (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"t\": true, \"f\": false, \"st\": \"true\", \"sf\": \"false\","
                  "  \"s1\": \"1\", \"s0\": \"0\", \"yes\": \"yes\", \"no\": \"no\","
                  "  \"upper\": \"TRUE\", \"i1\": 1, \"i0\": 0, \"word\": \"maybe\","
                  "  \"empty\": \"\", \"null\": null, \"obj\": {}, \"arr\": [true] }");
  JsonObject *object = json_node_get_object (root);

  g_assert_true (guichet_json_get_bool (object, "t", FALSE));
  g_assert_false (guichet_json_get_bool (object, "f", TRUE));
  g_assert_true (guichet_json_get_bool (object, "st", FALSE));
  g_assert_false (guichet_json_get_bool (object, "sf", TRUE));
  g_assert_true (guichet_json_get_bool (object, "s1", FALSE));
  g_assert_false (guichet_json_get_bool (object, "s0", TRUE));
  g_assert_true (guichet_json_get_bool (object, "yes", FALSE));
  g_assert_false (guichet_json_get_bool (object, "no", TRUE));
  g_assert_true (guichet_json_get_bool (object, "upper", FALSE));
  g_assert_true (guichet_json_get_bool (object, "i1", FALSE));
  g_assert_false (guichet_json_get_bool (object, "i0", TRUE));

  /* Unreadable: the default, whichever it is */
  for (guint i = 0; i < 2; i++)
    {
      gboolean dflt = i == 0;

      g_assert_cmpint (guichet_json_get_bool (object, "word", dflt), ==, dflt);
      g_assert_cmpint (guichet_json_get_bool (object, "empty", dflt), ==, dflt);
      g_assert_cmpint (guichet_json_get_bool (object, "null", dflt), ==, dflt);
      g_assert_cmpint (guichet_json_get_bool (object, "obj", dflt), ==, dflt);
      g_assert_cmpint (guichet_json_get_bool (object, "arr", dflt), ==, dflt);
      g_assert_cmpint (guichet_json_get_bool (object, "missing", dflt), ==, dflt);
    }
}

static void
test_json_get_object_array (void)
{
  g_autoptr (JsonNode) root =
    parse_object ("{ \"obj\": { \"a\": 1 }, \"arr\": [1, 2], \"null\": null, \"s\": \"x\" }");
  JsonObject *object = json_node_get_object (root);
  JsonObject *inner;
  JsonArray  *array;

  inner = guichet_json_get_object (object, "obj");
  g_assert_nonnull (inner);
  g_assert_cmpint (guichet_json_get_int (inner, "a", 0), ==, 1);
  g_assert_null (guichet_json_get_object (object, "arr"));
  g_assert_null (guichet_json_get_object (object, "null"));
  g_assert_null (guichet_json_get_object (object, "s"));
  g_assert_null (guichet_json_get_object (object, "missing"));
  g_assert_null (guichet_json_get_object (NULL, "obj"));

  array = guichet_json_get_array (object, "arr");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_null (guichet_json_get_array (object, "obj"));
  g_assert_null (guichet_json_get_array (object, "null"));
  g_assert_null (guichet_json_get_array (object, "s"));
  g_assert_null (guichet_json_get_array (object, "missing"));
  g_assert_null (guichet_json_get_array (NULL, "arr"));

  /* Chaining through a missing object stays quiet */
  g_assert_null (guichet_json_get_array (guichet_json_get_object (object, "missing"), "x"));
}

static void
assert_malformed (const char *data,
                  gsize       size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  node = guichet_json_parse_bytes (bytes, &error);
  g_assert_null (node);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_assert_true (
    g_str_has_prefix (error->message, "The server sent a reply that is not valid JSON: "));
}

/* json-glib quotes the string it stopped at in its error, decoded: a lone
 * surrogate escape gave bytes that are not UTF-8 (found by fuzz-oveit), a
 * string constant its newlines and escape sequences, at any length. The
 * message reaches labels, the terminal and --json output. */
static void
test_json_parse_error_text (void)
{
  g_autofree char *huge = g_strnfill (100000, 'x');
  const char      *replies[] = {
    "{\n   \"\\ud800\"     \"id\": 123}",
    "{\n   \"\\ud800\\n\"     \"id\": 123}",
    "{\n   \"a\\u001b[31m\\nb\"     \"id\": 123}",
    NULL,
  };
  g_autofree char *long_reply = g_strconcat ("{\n   \"", huge, "\"     \"id\": 123}", NULL);

  replies[G_N_ELEMENTS (replies) - 1] = long_reply;
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (replies[i], strlen (replies[i]));
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = guichet_json_parse_bytes (bytes, &error);

      g_assert_null (node);
      g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      g_assert_cmpint (g_utf8_strlen (error->message, -1), <, 400);
    }
}

static void
test_json_parse_bytes (void)
{
  static const char html[] = "<html><body>502 Bad Gateway</body></html>";
  static const char truncated[] = "{\"participants\": [{\"id_participant\": 77";
  static const char trailing[] = "{\"a\": 1,}";
  g_autoptr (GBytes) ok_bytes = NULL;
  g_autoptr (GBytes) array_bytes = NULL;
  g_autoptr (JsonNode) ok = NULL;
  g_autoptr (JsonNode) array = NULL;
  g_autoptr (GError) error = NULL;

  assert_malformed (html, strlen (html));
  assert_malformed (truncated, strlen (truncated));
  assert_malformed (trailing, strlen (trailing));
  assert_malformed ("", 0);
  assert_malformed ("   \n", 4);
  assert_malformed ("\xff\xfe{}", 4);

  /* A NULL GBytes is an empty body too */
  g_assert_null (guichet_json_parse_bytes (NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Without a GError nothing crashes */
  ok_bytes = g_bytes_new_static ("nope", 4);
  g_assert_null (guichet_json_parse_bytes (ok_bytes, NULL));
  g_clear_pointer (&ok_bytes, g_bytes_unref);

  /* The bytes need no terminating NUL */
  ok_bytes = g_bytes_new_static ("{\"a\": 1}garbage", 8);
  ok = guichet_json_parse_bytes (ok_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (ok));
  g_assert_cmpint (guichet_json_get_int (json_node_get_object (ok), "a", 0), ==, 1);

  array_bytes = g_bytes_new_static ("[1, 2, 3]", 9);
  array = guichet_json_parse_bytes (array_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
}

/* The Weezevent /tickets example: ids as numbers, numeric strings and a
 * distributor's text id; prices as whole and decimal numbers; null dates. */
static void
test_json_weezevent_tickets (void)
{
  g_autoptr (JsonNode) root = load_fixture ("weezevent-tickets.json");
  JsonArray       *events = guichet_json_get_array (json_node_get_object (root), "events");
  JsonObject      *event, *first, *distributor, *category, *nested;
  JsonArray       *tickets;
  g_autofree char *event_id = NULL;
  g_autofree char *price = NULL;
  g_autofree char *nested_price = NULL;

  g_assert_nonnull (events);
  event = json_array_get_object_element (events, 0);
  event_id = guichet_json_dup_id (event, "id");
  g_assert_cmpstr (event_id, ==, "11435");

  tickets = guichet_json_get_array (event, "tickets");
  g_assert_cmpuint (json_array_get_length (tickets), ==, 2);
  first = json_array_get_object_element (tickets, 0);
  distributor = json_array_get_object_element (tickets, 1);

  assert_dup_id (first, "id", "75632");
  assert_dup_id (distributor, "id", "ABCDE125632");
  assert_dup_string (first, "start_sale", NULL);
  assert_dup_string (first, "end_sale", "2013-01-29T13:00:00+0000");
  g_assert_cmpint (guichet_json_get_int (first, "quota", -1), ==, 400);
  g_assert_cmpint (guichet_json_get_int (first, "participants", -1), ==, 110);
  price = guichet_json_dup_string (first, "price");
  g_assert_cmpstr (price, ==, "10");

  category = json_array_get_object_element (guichet_json_get_array (event, "categories"), 0);
  assert_dup_id (category, "id", "11745");
  nested = json_array_get_object_element (guichet_json_get_array (category, "tickets"), 0);
  nested_price = guichet_json_dup_string (nested, "price");
  g_assert_cmpstr (nested_price, ==, "9.99");
  g_assert_cmpfloat (guichet_json_get_double (nested, "price", 0), ==, 9.99);
  g_assert_cmpint (guichet_json_get_int (nested, "quota", -1), ==, 0);
}

/* The Weezevent /participants example: a big integer id, ids and flags as
 * strings, a real boolean, \u and \/ escapes, a null in a nested object. */
static void
test_json_weezevent_participants (void)
{
  g_autoptr (JsonNode) root = load_fixture ("weezevent-participants.json");
  JsonArray  *participants = guichet_json_get_array (json_node_get_object (root), "participants");
  JsonObject *p, *owner, *control;

  g_assert_cmpuint (json_array_get_length (participants), ==, 1);
  p = json_array_get_object_element (participants, 0);

  assert_dup_id (p, "id_participant", "7759645");
  assert_dup_id (p, "id_event", "49015");
  assert_dup_id (p, "id_ticket", "198251");
  assert_dup_id (p, "barcode", "7448370");
  g_assert_cmpint (guichet_json_get_int (p, "id_participant", 0), ==, 7759645);
  g_assert_false (guichet_json_get_bool (p, "deleted", TRUE));
  g_assert_true (guichet_json_get_bool (p, "paid", FALSE));
  assert_dup_string (p, "refund", "");
  g_assert_false (guichet_json_get_bool (p, "refund", FALSE));

  control = guichet_json_get_object (p, "control_status");
  g_assert_nonnull (control);
  g_assert_cmpint (guichet_json_get_int (control, "status", -1), ==, 0);
  assert_dup_string (control, "scan_date", "0000-00-00 00:00:00");

  owner = guichet_json_get_object (p, "owner");
  assert_dup_string (owner, "first_name", "Renée");
  assert_dup_string (owner, "last_name", "Müller");
  assert_dup_string (owner, "email", "renee/muller@example.org");
  assert_dup_string (owner, "comment", NULL);

  /* full=1 may omit the buyer object */
  g_assert_null (guichet_json_get_object (p, "buyer"));
  assert_dup_string (guichet_json_get_object (p, "buyer"), "email_acheteur", NULL);
}

/* Ticket Tailor: booleans as "true"/"false" strings, prefixed ids, nulls. */
static void
test_json_tickettailor_strings (void)
{
  g_autoptr (JsonNode) root = load_fixture ("tickettailor-issued-ticket.json");
  JsonObject *ticket = json_node_get_object (root);

  assert_dup_id (ticket, "id", "it_1234");
  assert_dup_id (ticket, "event_id", "ev_42");
  g_assert_true (guichet_json_get_bool (ticket, "checked_in", FALSE));
  g_assert_false (guichet_json_get_bool (ticket, "hidden", TRUE));
  assert_dup_string (ticket, "first_name", NULL);
  assert_dup_string (ticket, "last_name", "Doe");
  assert_dup_id (ticket, "voided_at", NULL);
}

static void
test_json_lone_surrogate (void)
{
  /* json-glib 1.6 turns a lone surrogate escape into invalid UTF-8 */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"name\": \"Zo\\ud800x\", \"id\": \"a\\ud800y\"}",
                                             -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  /* the case is real: what json-glib hands over is not UTF-8 */
  g_assert_false (g_utf8_validate (json_object_get_string_member (object, "name"), -1, NULL));

  name = guichet_json_dup_string (object, "name");
  g_assert_nonnull (name);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "Zo"));

  id = guichet_json_dup_id (object, "id");
  g_assert_nonnull (id);
  g_assert_true (g_utf8_validate (id, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/dup-string", test_json_dup_string);
  g_test_add_func ("/json/dup-id", test_json_dup_id);
  g_test_add_func ("/json/lone-surrogate", test_json_lone_surrogate);
  g_test_add_func ("/json/get-int", test_json_get_int);
  g_test_add_func ("/json/get-double", test_json_get_double);
  g_test_add_func ("/json/get-bool", test_json_get_bool);
  g_test_add_func ("/json/get-object-array", test_json_get_object_array);
  g_test_add_func ("/json/parse-bytes", test_json_parse_bytes);
  g_test_add_func ("/json/parse-error-text", test_json_parse_error_text);
  g_test_add_func ("/json/weezevent-tickets", test_json_weezevent_tickets);
  g_test_add_func ("/json/weezevent-participants", test_json_weezevent_participants);
  g_test_add_func ("/json/tickettailor-strings", test_json_tickettailor_strings);

  return g_test_run ();
}
