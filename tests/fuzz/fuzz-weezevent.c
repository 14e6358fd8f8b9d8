/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weezevent replies other than participant pages: every parser on the same
 * bytes, each must give a result or a GUICHET_ERROR, with valid UTF-8. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-weezevent-parse.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (JsonNode) root = NULL;
  GError            *error = NULL;
  GuichetTicketStats stats = { 0 };
  guint              interval = 0;
  char              *text;
  gpointer           object;
  gboolean           ok;

  root = guichet_weezevent_parse_json (bytes, &error);
  if (!fuzz_check_result (root, error, "parse_json"))
    return 0;
  error = NULL;

  text = guichet_weezevent_parse_access_token (root, &error);
  if (fuzz_check_result (text, error, "access_token"))
    fuzz_check_string (text, "access_token");
  g_free (text);
  error = NULL;

  fuzz_check_objects (guichet_weezevent_parse_events (root, "a1", &error), &error, "events");
  error = NULL;
  object = guichet_weezevent_parse_event_details (root, "a1", &error);
  if (fuzz_check_result (object, error, "event_details"))
    fuzz_check_object (object, "event_details");
  g_clear_object (&object);
  error = NULL;
  fuzz_check_objects (guichet_weezevent_parse_event_search (root, "a1", &error), &error,
                      "event_search");
  error = NULL;

  {
    GPtrArray *categories = guichet_weezevent_parse_event_categories (root, &error);

    if (fuzz_check_result (categories, error, "event_categories"))
      {
        for (guint i = 0; i < categories->len; i++)
          {
            GuichetWeezeventEventCategory *category = g_ptr_array_index (categories, i);

            fuzz_check_string (category->id, "event category id");
            fuzz_check_string (category->name, "event category name");
          }
        g_ptr_array_unref (categories);
      }
    error = NULL;
  }

  fuzz_check_objects (guichet_weezevent_parse_dates (root, "49015", &error), &error, "dates");
  error = NULL;
  fuzz_check_objects (guichet_weezevent_parse_tickets (root, "49015", &error), &error, "tickets");
  error = NULL;

  ok = guichet_weezevent_parse_ticket_stats (root, &stats, &error);
  if (ok == (error != NULL))
    fuzz_fail ("ticket_stats: returned %d with error %p", ok, (void *) error);
  g_clear_error (&error);

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      object = guichet_weezevent_parse_participant (json_node_get_object (root), "49015", &error);
      if (fuzz_check_result (object, error, "participant"))
        fuzz_check_object (object, "participant");
      g_clear_object (&object);
      error = NULL;
    }

  text = guichet_weezevent_parse_answers (root, &error);
  if (fuzz_check_result (text, error, "answers"))
    fuzz_check_string (text, "answers");
  g_free (text);
  error = NULL;

  ok = guichet_weezevent_parse_scan_settings (root, &interval, &error);
  if (ok == (error != NULL))
    fuzz_fail ("scan_settings: returned %d with error %p", ok, (void *) error);
  g_clear_error (&error);

  text = guichet_weezevent_parse_scan_user (root, &error);
  if (fuzz_check_result (text, error, "scan_user"))
    fuzz_check_string (text, "scan_user");
  g_free (text);
  error = NULL;

  if (size < 4096)
    {
      g_autofree char *raw = g_strndup ((const char *) data, size);
      g_autofree char *clean = NULL;

      if (g_utf8_validate (raw, -1, NULL))
        {
          clean = guichet_weezevent_clean_text (raw);
          fuzz_check_string (clean, "clean_text");
        }
    }
  return 0;
}
