/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-weezevent-scan"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "guichet-test-utils.h"
#include "guichet-weezevent-parse-private.h"
#include "guichet-weezevent-scan.h"
#include "fake-weezevent.h"

static GBytes *
load_fixture (const char *name)
{
  return guichet_test_load_data ("weezevent", name);
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
  guint                   n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (expected), &n_pspecs);
  /* id, event-id, ... updated-at: a property added later is compared too */
  g_assert_cmpuint (n_pspecs, >=, 15);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto (GValue) a = G_VALUE_INIT;
      g_auto (GValue) b = G_VALUE_INIT;
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
             "scanner %u records, %u read, time %s, first %s",
             where, expected->n_records, expected->participants->len, expected->server_time,
             expected->first_id, actual->n_records, actual->participants->len, actual->server_time,
             actual->first_id);

  for (guint i = 0; i < expected->participants->len; i++)
    assert_same_participant (g_ptr_array_index (expected->participants, i),
                             g_ptr_array_index (actual->participants, i), where);
}

typedef struct
{
  gboolean                      scanned;    /* the scanner read the page (it did not decline) */
  guint                         n_deferred; /* records it handed to json-glib */
  GuichetWeezeventParticipants *page;       /* json-glib's, NULL on error */
  GError                       *error;      /* json-glib's */
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
  g_autoptr (GuichetWeezeventParticipants) slow = NULL;
  g_autoptr (GuichetWeezeventParticipants) scanned = NULL;
  g_autoptr (GuichetWeezeventParticipants) fast = NULL;
  g_autoptr (GError) slow_error = NULL;
  g_autoptr (GError) fast_error = NULL;
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
        g_error ("%s: json-glib read the page, the sync way failed: %s", where,
                 fast_error->message);
      assert_same_page (slow, fast, where);
    }
  else if (sync_way)
    {
      if (fast != NULL)
        g_error ("%s: json-glib failed (%s), the sync way read the page", where,
                 slow_error->message);
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
  g_autoptr (GBytes) bytes = load_fixture ("participants.json");
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
generated_pages (guint n,
                 guint max)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("guichet-scan-XXXXXX", &error);
  GPtrArray       *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  FakeWeezevent   *fake;
  guint            n_pages;

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
      char            *contents = NULL;
      gsize            length = 0;

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
  g_autoptr (GPtrArray) pages = generated_pages (1200, 500);
  guint n_status[GUICHET_PARTICIPANT_STATUS_DELETED + 1] = { 0 };
  guint n_total = 0, n_deferred = 0, n_checked_in = 0, n_answers = 0, n_accented = 0;
  guint n_two_dates = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *where = g_strdup_printf ("generated page %u", i + 1);
      Comparison       c = { 0 };

      compare_ways (g_ptr_array_index (pages, i), NULL, where, &c);
      g_assert_true (c.scanned);
      n_deferred += c.n_deferred;
      for (guint j = 0; j < c.page->participants->len; j++)
        {
          GuichetParticipant *p = g_ptr_array_index (c.page->participants, j);
          const char         *first = guichet_participant_get_first_name (p);

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
  /* every tenth answers something: the scanner reads those too */
  g_assert_cmpuint (n_answers, ==, 120);
  g_assert_cmpuint (n_deferred, ==, 0);
}

/* Records of every kind the doc allows and then some. "deferred" marks
 * records the scanner leaves to json-glib; the others it must read itself. */
static const char variants_page[] =
  "{\"participants\": [\n"
  /* escapes: \u with both cases, a surrogate pair, \/, \", \\, \n, \t, \b, \f */
  " {\"id_participant\": 101, \"id_event\": 11435, \"id_date\": 138, \"id_ticket\": \"75632\","
  "  \"barcode\": \"84000000000101\", \"deleted\": \"0\", \"refund\": \"\", \"paid\": true,"
  "  \"owner\": {\"first_name\": \"Zo\\u00e9 \\u00C9lise\", \"last_name\": \"F\\u00eate "
  "\\ud83c\\udf89\","
  "             \"email\": \"zoe\\/elise@example.invalid\"}},\n"
  " {\"id_participant\": 102, \"owner\": {\"first_name\": \"Jean \\\"Jo\\\"\","
  "  \"last_name\": \"Back\\\\slash\\nnew\\tline\\b\\f\", \"email\": "
  "\"\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\"}},\n"
  /* numbers given as strings */
  " {\"id_participant\": \"103\", \"id_event\": \"11435\", \"id_date\": \"139\", \"id_ticket\": "
  "\"44272\","
  "  \"barcode\": \" 84000000000103 \", \"id_transaction\": \"2000103\", \"deleted\": \"0\","
  "  \"refund\": \"0\", \"paid\": \"0\", \"control_status\": {\"status\": \"1\", \"scan_date\": "
  "\"2014-01-23 13:00:00\"}},\n"
  " {\"id_participant\": \" 104 \", \"paid\": \"true\", \"deleted\": \"false\", \"refund\": "
  "\"false\","
  "  \"control_status\": {\"status\": 1, \"scan_date\": \"0000-00-00 00:00:00\"}},\n"
  " {\"id_participant\": 105, \"paid\": \"no\", \"deleted\": 0, \"refund\": 1},\n"
  " {\"id_participant\": 106, \"paid\": 0, \"deleted\": true},\n"
  " {\"id_participant\": 107, \"paid\": \"YES\", \"refund\": true, \"id_date\": \"0\"},\n"
  " {\"id_participant\": 108, \"paid\": \"maybe\", \"id_date\": 0,"
  "  \"control_status\": {\"status\": \"0\", \"scan_date\": \"2014-01-24 09:30:00\"}},\n"
  /* strings given as numbers and booleans */
  " {\"id_participant\": 109, \"id_ticket\": 75632, \"barcode\": 84000000000109, "
  "\"id_transaction\": -5,"
  "  \"owner\": {\"first_name\": 42, \"last_name\": true, \"email\": false},"
  "  \"control_status\": {\"status\": true, \"scan_date\": 20140123}},\n"
  " {\"id_participant\": -0, \"barcode\": 999999999999999999},\n"
  /* nulls where strings are documented */
  " {\"id_participant\": 111, \"id_event\": null, \"id_date\": null, \"id_ticket\": null, "
  "\"barcode\": null,"
  "  \"deleted\": null, \"refund\": null, \"paid\": null, \"id_transaction\": null,"
  "  \"control_status\": null, \"owner\": null, \"buyer\": null},\n"
  " {\"id_participant\": 112, \"control_status\": {\"status\": null, \"scan_date\": null},"
  "  \"owner\": {\"first_name\": null, \"last_name\": null, \"email\": null}},\n"
  /* missing members, owner/buyer fallbacks */
  " {\"id_participant\": 113},\n"
  " {\"id_participant\": 114, \"owner\": {\"first_name\": \"\", \"last_name\": \"\", \"email\": "
  "\"\"},"
  "  \"buyer\": {\"id_acheteur\": 9, \"email_acheteur\": \"buyer@example.invalid\","
  "             \"acheteur_first_name\": \"Ana\\u00efs\", \"acheteur_last_name\": "
  "\"M\\u00fcller\"}},\n"
  " {\"id_participant\": 115, \"owner\": {\"email\": \"owner@example.invalid\"},"
  "  \"buyer\": {\"first_name\": \"Plain\", \"last_name\": \"Buyer\", \"email\": "
  "\"plain@example.invalid\"}},\n"
  " {\"id_participant\": 116, \"owner\": {\"last_name\": \"Only\"},"
  "  \"buyer\": {\"acheteur_first_name\": \"Not\", \"email\": \"used@example.invalid\"}},\n"
  " {\"id_participant\": 117, \"buyer\": {\"acheteur_first_name\": \"\", \"first_name\": "
  "\"Second\"}},\n"
  " {\"id_participant\": 118, \"owner\": {}, \"buyer\": {}, \"control_status\": {}},\n"
  " {\"id_participant\": 119, \"owner\": [], \"buyer\": \"none\", \"control_status\": [1]},\n"
  /* extra members, nested objects, numbers json-glib reads its own way */
  " {\"id_participant\": 120, \"upselling\": [{\"barcode\": \"332\", \"category\": {\"id\": 1, "
  "\"name\": \"CASHLESS\"},"
  "   \"sub_product\": {\"price\": 10.50, \"n\": [1, [2, [3, {\"deep\": [null, true, false]}]]]}}],"
  "  \"extra\": {\"a\": -1.5e+3, \"b\": 1E400, \"c\": 123456789012345678901234, \"d\": 0.0, \"e\": "
  "-0,"
  "            \"f\": \"\\u0000\", \"g\": {}, \"h\": [], \"\": \"empty key\"},"
  "  \"owner\": {\"first_name\": \"Extra\", \"nested\": {\"first_name\": \"Wrong\"}, \"answers\": "
  "[]}},\n"
  /* duplicate members: the last one counts */
  " {\"id_participant\": 121, \"barcode\": \"first\", \"barcode\": \"last\","
  "  \"owner\": {\"first_name\": \"A\", \"first_name\": \"B\"}, \"owner\": {\"first_name\": "
  "\"C\"}},\n"
  /* what clean_text() repairs: doubly escaped text, \\' and no-break spaces */
  " {\"id_participant\": 122, \"owner\": {\"first_name\": \"Ren\\\\u00e9\", \"last_name\": "
  "\"O\\\\'Neil\","
  "  \"email\": \"a\xc2\xa0"
  "b@example.invalid\"},"
  "  \"control_status\": {\"status\": \"1\", \"scan_date\": \"2014-01-23\xc2\xa0"
  "14:00:00\"}},\n"
  /* pretty printed */
  " {\n\t\"id_participant\" :\r\n 123 ,\n\t\"owner\" : { \"first_name\" : \"Tab\" } \n},\n"
  /* skipped: not records, no id */
  " \"garbage\", 17, null, [], true,\n"
  " {\"barcode\": \"no id\"},\n"
  " {\"id_participant\": \"\", \"barcode\": \"empty id\"},\n"
  " {\"id_participant\": \"   \"},\n"
  " {\"id_participant\": null},\n"
  " {\"id_participant\": true},\n"
  /* answers: as text and not objects (read), a list with a fraction (deferred) */
  " {\"id_participant\": 130, \"owner\": {\"first_name\": \"Q\", \"answers\": [{\"label\": "
  "\"Size\", \"value\": \"M\"}]}},\n"
  " {\"id_participant\": 131, \"buyer\": {\"answers\": [{\"question\": \"Diet\", \"answer\": "
  "\"V\\u00e9g\"},"
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
  " {\"id_participant\": 142, \"owner\": {\"first\\u005fname\": \"Escaped key\"}},\n"
  /* answers the scanner reads: escapes, fallbacks, lists, what is skipped */
  " {\"id_participant\": 143, \"owner\": {\"answers\": [{\"label\": \"Say \\\"hi\\\" \\\\ back\","
  "  \"value\": \"caf\\u00e9\\u00a0cr\\u00e8me\"}, {\"question\": \"Q only\"}, {\"answer\": \"A "
  "only\"},"
  "  {\"label\": \"\", \"value\": \"\"}, {\"label\": \"List\", \"value\": [\"x\", 3, null, true, "
  "{}, "
  "[], \"\","
  "  \"y\\\\u00e9\"]}, {\"label\": \"Empty list\", \"value\": []}, 7, null]}},\n"
  " {\"id_participant\": 144, \"owner\": {\"answers\": [{\"label\": \"\"}, \"x\"]},"
  "  \"buyer\": {\"answers\": [{\"label\": \"Buyer's\", \"value\": \"B\"}]}},\n"
  " {\"id_participant\": 145, \"buyer\": {\"answers\": [{\"label\": \"Diet\", \"value\": 12}]}},\n"
  " {\"id_participant\": 146, \"owner\": {\"answers\": \"none\"}, \"buyer\": {\"answers\": "
  "{\"label\": \"x\"}}},\n"
  " {\"id_participant\": 147, \"owner\": {\"answers\": [{\"label\": \"a\", \"label\": \"b\", "
  "\"value\": \"v\"}]}},\n"
  /* deferred: answers with control characters, an escaped name, a fraction */
  " {\"id_participant\": 148, \"owner\": {\"answers\": [{\"label\": \"Tab\\there\", \"value\": "
  "\"x\"}]}},\n"
  " {\"id_participant\": 149, \"owner\": {\"answers\": [{\"label\": \"Del\\u007f\", \"value\": "
  "\"x\"}]}},\n"
  " {\"id_participant\": 150, \"owner\": {\"answers\": [{\"lab\\u0065l\": \"x\", \"value\": "
  "\"y\"}]}},\n"
  " {\"id_participant\": 151, \"owner\": {\"answers\": [{\"label\": \"Price\", \"value\": "
  "2.5}]}}\n"
  "], \"server_time\": \"2014-01-23 12:52:19\", \"count\": 1, \"extra\": {\"participants\": 3}}";

#define N_VARIANTS_DEFERRED                                                                        \
  21 /* answers 5, fractions 6, odd owners 2, NUL 1, escaped names 2, no id 5 */

static GuichetParticipant *
find_participant (GuichetWeezeventParticipants *page,
                  const char                   *id)
{
  for (guint i = 0; i < page->participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (page->participants, i);

      if (g_strcmp0 (guichet_participant_get_id (p), id) == 0)
        return p;
    }
  g_error ("participant %s not read", id);
  return NULL;
}

static void
test_scan_variants (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (variants_page, sizeof variants_page - 1);
  const char *event_ids[] = { NULL, "11435" };

  for (guint i = 0; i < G_N_ELEMENTS (event_ids); i++)
    {
      Comparison          c = { 0 };
      GuichetParticipant *p;

      compare_ways (bytes, event_ids[i], "variants", &c);
      g_assert_true (c.scanned);
      g_assert_cmpuint (c.n_deferred, ==, N_VARIANTS_DEFERRED);
      g_assert_cmpuint (c.page->n_records, ==, 55);
      g_assert_cmpuint (c.page->participants->len, ==, 55 - 5 - 5 - 2);
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
      p = find_participant (c.page, "143");
      g_assert_cmpstr (
        guichet_participant_get_answers (p), ==,
        "[{\"label\":\"Say \\\"hi\\\" \\\\ back\",\"value\":\"café crème\"},"
        "{\"label\":\"Q only\",\"value\":\"\"},{\"label\":\"\",\"value\":\"A only\"},"
        "{\"label\":\"List\",\"value\":\"x, 3, , yé\"},"
        "{\"label\":\"Empty list\",\"value\":\"\"}]");
      p = find_participant (c.page, "144");
      g_assert_cmpstr (guichet_participant_get_answers (p), ==,
                       "[{\"label\":\"Buyer's\",\"value\":\"B\"}]");
      p = find_participant (c.page, "146");
      g_assert_null (guichet_participant_get_answers (p));
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
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": "
    "\"\\ud800\\u0041\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\\udc00\"}}]}",
    "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": "
    "\"\\ud83d\\ud83d\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (read_by_json_glib); i++)
    {
      g_autoptr (GBytes) bytes =
        g_bytes_new_static (read_by_json_glib[i], strlen (read_by_json_glib[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, read_by_json_glib[i], &c);
      g_assert_false (c.scanned);
      g_assert_nonnull (c.page);
      comparison_clear (&c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (read_by_scanner); i++)
    {
      g_autoptr (GBytes) bytes =
        g_bytes_new_static (read_by_scanner[i], strlen (read_by_scanner[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, read_by_scanner[i], &c);
      g_assert_true (c.scanned);
      comparison_clear (&c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (malformed[i], strlen (malformed[i]));
      Comparison c = { 0 };

      compare_ways (bytes, NULL, malformed[i], &c);
      g_assert_false (c.scanned);
      g_assert_error (c.error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
      comparison_clear (&c);
    }

  /* no bytes at all, invalid UTF-8, a NUL byte, nesting deeper than the scanner goes */
  {
    g_autoptr (GString) deep = g_string_new ("{\"participants\": [{\"id_participant\": 1, \"x\": ");
    const char bad_utf8[] =
      "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"\xff\"}}]}";
    const char nul[] =
      "{\"participants\": [{\"id_participant\": 1, \"owner\": {\"first_name\": \"a\0b\"}}]}";
    g_autoptr (GBytes) deep_bytes = NULL;
    g_autoptr (GBytes) bad_bytes = g_bytes_new_static (bad_utf8, sizeof bad_utf8 - 1);
    g_autoptr (GBytes) nul_bytes = g_bytes_new_static (nul, sizeof nul - 1);
    g_autoptr (GError) error = NULL;
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
  guint    depth = 0;
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
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
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
    "null",
    "0",
    "-1",
    "1.5",
    "1e400",
    "123456789012345678901234",
    "true",
    "\"\"",
    "\" 7 \"",
    "{}",
    "[]",
    "{\"a\":{\"b\":[1,{\"c\":null}]}}",
    "[1,\"two\",{\"three\":3}]",
    "\"0000-00-00 00:00:00\"",
    "\"\\u00e9\\ud83d\\ude00\\/\"",
    "\"x\\u0000y\"",
    "01",
    "1.",
    ".5",
    "-",
    "0x1F",
    "'q'",
    "\"\\#\"",
  };
  static const char *in_strings[] = {
    "\\u00e9", "\\u00C9", "\\ud83d\\ude00", "\\ud800",  "\\udc00",   "\\ud800\\u0041",
    "\\u0000", "\\/",     "\\\"",           "\\\\",     "\\n",       "\\#",
    "\\x",     "\\u12G4", "\\u12",          "\xc2\xa0", "\\\\u00e9", "\\'",
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
      g_string_insert (text, pos,
                       structural[g_rand_int_range (rand, 0, G_N_ELEMENTS (structural))]);
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
            g_autoptr (GString) big = g_string_new ("\"");

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
      g_string_insert (text, pos + 1,
                       in_strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (in_strings))]);
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
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  gsize       size = 0;
  const char *data = g_bytes_get_data (original, &size);
  guint       step = MAX (1, size / 150);

  /* truncated at every step-th byte */
  for (gsize cut = 0; cut < size; cut += step)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (data, cut);
      g_autofree char *where = g_strdup_printf ("%s cut at %" G_GSIZE_FORMAT, name, cut);
      Comparison       c = { 0 };

      compare_some_ways (bytes, NULL, cut % 10 == 0, where, &c);
      *n_scanned += c.scanned;
      *n_failed += c.error != NULL;
      comparison_clear (&c);
    }

  for (guint i = 0; i < n_mutants; i++)
    {
      g_autoptr (GString) text = g_string_new_len (data, size);
      g_autoptr (GBytes) bytes = NULL;
      g_autofree char *where = NULL;
      guint            n_mutations = g_rand_int_range (rand, 1, 4);
      Comparison       c = { 0 };

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
  g_autoptr (GPtrArray) pages = generated_pages (12, 12);
  g_autoptr (GBytes) variants = g_bytes_new_static (variants_page, sizeof variants_page - 1);
  g_autoptr (GBytes) doc = load_fixture ("participants.json");
  guint n_scanned = 0, n_failed = 0;

  mutate_and_compare (g_ptr_array_index (pages, 0), "generated", 1789, 1500, &n_scanned, &n_failed);
  mutate_and_compare (variants, "variants", 1848, 1000, &n_scanned, &n_failed);
  mutate_and_compare (doc, "participants.json", 1871, 500, &n_scanned, &n_failed);
  g_test_message ("mutants: %u read by the scanner, %u refused by both ways", n_scanned, n_failed);
  /* both outcomes are exercised */
  g_assert_cmpuint (n_scanned, >, 400);
  g_assert_cmpuint (n_failed, >, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weezevent/scan/doc", test_scan_doc);
  g_test_add_func ("/weezevent/scan/generated", test_scan_generated);
  g_test_add_func ("/weezevent/scan/variants", test_scan_variants);
  g_test_add_func ("/weezevent/scan/declines", test_scan_declines);
  g_test_add_func ("/weezevent/scan/mutants", test_scan_mutants);

  return g_test_run ();
}
