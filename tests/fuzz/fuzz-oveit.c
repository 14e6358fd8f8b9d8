/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Oveit replies: login, events, categories, tickets merged with attendee
 * pages as a sync does, and check-in/scan replies. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-oveit-parse.h"

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
  g_autoptr (JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GuichetOveitScan) scan = NULL;
  g_autofree char *token = NULL;
  g_autofree char *last = NULL;
  GPtrArray       *tickets;
  GError          *error = NULL;
  gint64           n;

  if (root == NULL)
    return 0;

  if (guichet_oveit_check_reply (root, &error) == (error != NULL))
    fuzz_fail ("check_reply: a result and an error, or neither");
  g_clear_error (&error);

  token = guichet_oveit_parse_login (root, &error);
  if (fuzz_check_result (token, error, "login"))
    fuzz_check_string (token, "login token");
  error = NULL;

  fuzz_check_objects (guichet_oveit_parse_events (root, "a1", &error), &error, "events");
  error = NULL;
  fuzz_check_objects (guichet_oveit_parse_categories (root, "1", &error), &error, "categories");
  error = NULL;

  tickets = guichet_oveit_parse_tickets (root, "1", &error);
  if (fuzz_check_result (tickets, error, "tickets"))
    {
      for (guint i = 0; i < tickets->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (tickets, i);

          fuzz_check_object (p, "tickets");
          if (guichet_participant_get_barcode (p) != NULL)
            g_hash_table_insert (by_code, g_strdup (guichet_participant_get_barcode (p)), p);
        }
      g_ptr_array_extend_and_steal (order, tickets);
    }
  error = NULL;

  /* the same reply read as an attendee page, twice (a page seen again) */
  for (guint round = 0; round < 2; round++)
    {
      n = guichet_oveit_merge_attendees (root, "1", by_code, order, &last, &error);
      if ((n < 0) != (error != NULL))
        fuzz_fail ("merge_attendees: returned %" G_GINT64_FORMAT " with error %p", n,
                   (void *) error);
      g_clear_error (&error);
      fuzz_check_string (last, "last code");
      for (guint i = 0; i < order->len; i++)
        fuzz_check_object (g_ptr_array_index (order, i), "merged participants");
      if (g_hash_table_size (by_code) > order->len)
        fuzz_fail ("merge_attendees: %u codes for %u participants", g_hash_table_size (by_code),
                   order->len);
    }

  scan = guichet_oveit_parse_scan (root, &error);
  if (fuzz_check_result (scan, error, "scan"))
    {
      fuzz_check_string (scan->error, "scan error");
      fuzz_check_string (scan->code, "scan code");
    }
  return 0;
}
