/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weezevent /participants pages: the one-pass scanner, json-glib and the
 * way a sync reads them (the scanner, else json-glib) must agree on every
 * page, property by property, or all refuse it. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-weezevent-parse-private.h"
#include "guichet-weezevent-scan.h"

static void
same_participant (GuichetParticipant *expected,
                  GuichetParticipant *actual,
                  const char         *way)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint                   n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (expected), &n_pspecs);
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
        fuzz_fail ("%s: participant %s differs in “%s”: json-glib %s, %s %s", way,
                   guichet_participant_get_id (expected), pspecs[i]->name, text_a, way, text_b);
    }
}

static void
same_page (GuichetWeezeventParticipants *expected,
           GuichetWeezeventParticipants *actual,
           const char                   *way)
{
  if (expected->n_records != actual->n_records ||
      expected->participants->len != actual->participants->len ||
      g_strcmp0 (expected->server_time, actual->server_time) != 0 ||
      g_strcmp0 (expected->first_id, actual->first_id) != 0)
    fuzz_fail ("%s: pages differ: json-glib %u records, %u read, time %s, first %s; "
               "%s %u records, %u read, time %s, first %s",
               way, expected->n_records, expected->participants->len, expected->server_time,
               expected->first_id, way, actual->n_records, actual->participants->len,
               actual->server_time, actual->first_id);
  for (guint i = 0; i < expected->participants->len; i++)
    same_participant (g_ptr_array_index (expected->participants, i),
                      g_ptr_array_index (actual->participants, i), way);
}

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
  static const char *event_ids[] = { NULL, "49015", "1" };
  const char        *event_id = event_ids[size % G_N_ELEMENTS (event_ids)];
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GuichetWeezeventParticipants) slow = NULL;
  g_autoptr (GuichetWeezeventParticipants) scanned = NULL;
  g_autoptr (GuichetWeezeventParticipants) fast = NULL;
  GError *slow_error = NULL;
  GError *fast_error = NULL;
  guint   n_deferred = 0;

  slow = _guichet_weezevent_parse_participants_full (bytes, event_id, FALSE, &slow_error);
  scanned = _guichet_weezevent_scan_participants (bytes, event_id, &n_deferred);
  fast = _guichet_weezevent_parse_participants_full (bytes, event_id, TRUE, &fast_error);

  if (scanned != NULL && slow == NULL)
    fuzz_fail ("the scanner read a page json-glib refuses: %s", slow_error->message);
  if (scanned != NULL)
    same_page (slow, scanned, "scanner");
  else if (n_deferred != 0)
    fuzz_fail ("the scanner declined the page but deferred %u records", n_deferred);

  if ((slow == NULL) != (fast == NULL))
    fuzz_fail ("json-glib %s the page, the sync way %s it (%s)", slow ? "read" : "refused",
               fast ? "read" : "refused", slow_error ? slow_error->message : fast_error->message);
  if (slow != NULL)
    {
      same_page (slow, fast, "sync way");
      for (guint i = 0; i < slow->participants->len; i++)
        fuzz_check_object (g_ptr_array_index (slow->participants, i), "participants");
      fuzz_check_string (slow->server_time, "server time");
    }
  else if (slow_error != NULL && fast_error != NULL &&
           (fast_error->code != slow_error->code ||
            g_strcmp0 (fast_error->message, slow_error->message) != 0))
    fuzz_fail ("different errors: json-glib “%s”, the sync way “%s”", slow_error->message,
               fast_error->message);

  fuzz_check_result (slow, slow_error, "parse_participants (json-glib)");
  fuzz_check_result (fast, fast_error, "parse_participants (sync way)");
  return 0;
}
