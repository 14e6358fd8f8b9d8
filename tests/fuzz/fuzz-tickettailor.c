/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ticket Tailor replies: lists and single objects through every parser. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-tickettailor-parse.h"

typedef gpointer (*ObjectParser) (JsonObject *object,
                                  const char *id,
                                  GError    **error);

static void
parse_one (JsonObject *object)
{
  static const struct
  {
    const char  *name;
    ObjectParser parse;
  } parsers[] = {
    { "event", (ObjectParser) guichet_tickettailor_parse_event },
    { "issued_ticket", (ObjectParser) guichet_tickettailor_parse_issued_ticket },
    { "order", (ObjectParser) guichet_tickettailor_parse_order },
    { "discount", (ObjectParser) guichet_tickettailor_parse_discount },
    { "voucher", (ObjectParser) guichet_tickettailor_parse_voucher },
    { "voucher_code", (ObjectParser) guichet_tickettailor_parse_voucher_code },
  };
  g_autoptr (GuichetTicketTailorCheckIn) check_in = NULL;
  g_autofree char *time = NULL;
  GError          *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      gpointer result = parsers[i].parse (object, "ev_1", &error);

      if (fuzz_check_result (result, error, parsers[i].name))
        fuzz_check_object (result, parsers[i].name);
      g_clear_object (&result);
      error = NULL;
    }

  fuzz_check_objects (guichet_tickettailor_parse_categories (object, &error), &error, "categories");
  error = NULL;

  check_in = guichet_tickettailor_parse_check_in (object, &error);
  if (fuzz_check_result (check_in, error, "check_in"))
    {
      fuzz_check_string (check_in->id, "check_in id");
      fuzz_check_string (check_in->issued_ticket_id, "check_in ticket");
    }

  guichet_tickettailor_parse_time (object, "created_at");
  time = guichet_tickettailor_dup_time (object, "start");
  fuzz_check_string (time, "dup_time");
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
  g_autoptr (JsonNode) root = fuzz_parse_json (data, size);
  g_autofree char *next = NULL;
  GError          *error = NULL;
  JsonArray       *items;
  gpointer         result;

  if (root == NULL)
    return 0;

  items = guichet_tickettailor_list_items (root, &error);
  if (fuzz_check_result (items, error, "list_items"))
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonNode *item = json_array_get_element (items, i);

        if (JSON_NODE_HOLDS_OBJECT (item))
          parse_one (json_node_get_object (item));
      }
  error = NULL;
  if (JSON_NODE_HOLDS_OBJECT (root))
    parse_one (json_node_get_object (root));

  next = guichet_tickettailor_dup_next_link (root);
  fuzz_check_string (next, "next link");

  if (guichet_tickettailor_parse_ping (root, &error) == (error != NULL))
    fuzz_fail ("ping: a result and an error, or neither");
  g_clear_error (&error);

  fuzz_check_objects (guichet_tickettailor_parse_events (root, "a1", &error), &error, "events");
  error = NULL;

  result = guichet_tickettailor_parse_issue_reply (root, "ev_1", &error);
  if (fuzz_check_result (result, error, "issue_reply"))
    fuzz_check_object (result, "issue_reply");
  g_clear_object (&result);
  error = NULL;

  if (guichet_tickettailor_parse_confirmation (root, "deleted", &error) == (error != NULL))
    fuzz_fail ("confirmation: a result and an error, or neither");
  g_clear_error (&error);
  return 0;
}
