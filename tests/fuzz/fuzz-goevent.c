/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GoEvent replies through every parser. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-goevent-parse.h"

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
  GError    *error = NULL;
  GPtrArray *tickets = NULL;
  gpointer   result;

  if (root == NULL)
    return 0;

  fuzz_check_objects (guichet_goevent_parse_events (root, "a1", &error), &error, "events");
  error = NULL;
  fuzz_check_objects (guichet_goevent_parse_tickets (root, "e1", &error), &error, "tickets");
  error = NULL;
  fuzz_check_objects (guichet_goevent_parse_participants (root, "e1", &error), &error,
                      "participants");
  error = NULL;

  result = guichet_goevent_parse_event_reply (root, "a1", &tickets, &error);
  if (fuzz_check_result (result, error, "event_reply"))
    {
      fuzz_check_object (result, "event_reply");
      if (tickets == NULL)
        fuzz_fail ("event_reply: an event without its tickets");
      fuzz_check_objects (tickets, NULL, "event_reply tickets");
    }
  g_clear_object (&result);
  error = NULL;

  {
    g_autoptr (GuichetGoeventIssue) issue = guichet_goevent_parse_issue (root, "e1", &error);

    if (fuzz_check_result (issue, error, "issue"))
      {
        if (issue->participant != NULL)
          fuzz_check_object (issue->participant, "issue participant");
        for (guint i = 0; issue->links != NULL && i < issue->links->len; i++)
          {
            GuichetGoeventTicketLink *link = g_ptr_array_index (issue->links, i);

            fuzz_check_string (link->name, "issue link name");
            fuzz_check_string (link->url, "issue link url");
          }
      }
    error = NULL;
  }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject      *object = json_node_get_object (root);
      g_autofree char *time = guichet_goevent_dup_time (object, "start_date");

      fuzz_check_string (time, "dup_time");
      result = guichet_goevent_parse_event (object, "a1", &error);
      if (fuzz_check_result (result, error, "event"))
        fuzz_check_object (result, "event");
      g_clear_object (&result);
      error = NULL;
      result = guichet_goevent_parse_ticket (object, "e1", &error);
      if (fuzz_check_result (result, error, "ticket"))
        fuzz_check_object (result, "ticket");
      g_clear_object (&result);
      error = NULL;
      result = guichet_goevent_parse_participant (object, "e1", &error);
      if (fuzz_check_result (result, error, "participant"))
        fuzz_check_object (result, "participant");
      g_clear_object (&result);
    }
  return 0;
}
