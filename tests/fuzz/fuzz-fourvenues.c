/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fourvenues replies: the envelope, then auth, events, rates (with the
 * price arithmetic of a sale) and tickets. */
#include "config.h"

#include "fuzz-common.h"
#include "guichet-fourvenues-parse.h"

static void
check_rates (GPtrArray  *rates,
             GHashTable *questions)
{
  for (guint i = 0; i < rates->len; i++)
    {
      GuichetFourvenuesRate *rate = g_ptr_array_index (rates, i);
      g_autoptr (GuichetTicketCategory) category =
        guichet_fourvenues_rate_to_category (rate, "EUR");
      g_autoptr (GPtrArray) ids = g_ptr_array_new ();

      fuzz_check_object (category, "rate_to_category");
      fuzz_check_string (rate->name, "rate name");
      for (guint j = 0; j < rate->supplements->len; j++)
        g_ptr_array_add (
          ids, ((GuichetFourvenuesSupplement *) g_ptr_array_index (rate->supplements, j))->id);
      g_ptr_array_add (ids, NULL);
      for (guint j = 0; j < rate->questions->len; j++)
        {
          GuichetFourvenuesQuestion *question = g_ptr_array_index (rate->questions, j);

          fuzz_check_string (question->label, "question label");
          if (question->id != NULL && question->label != NULL)
            g_hash_table_insert (questions, g_strdup (question->id), g_strdup (question->label));
        }
      for (guint j = 0; j < rate->prices->len; j++)
        {
          GuichetFourvenuesPrice *price = g_ptr_array_index (rate->prices, j);
          GuichetMoney            fee, total;
          GError                 *error = NULL;
          gboolean                ok;

          fuzz_check_string (price->name, "price name");
          ok = guichet_fourvenues_compute_totals (rate, price, (const char * const *) ids->pdata,
                                                  &fee, &total, &error);
          if (ok == (error != NULL))
            fuzz_fail ("compute_totals: a result and an error, or neither");
          g_clear_error (&error);
        }
    }
}

static void
parse_all (JsonNode *data)
{
  g_autoptr (GHashTable) questions =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GuichetFourvenuesChannel) channel = NULL;
  GPtrArray *rates;
  GError    *error = NULL;

  channel = guichet_fourvenues_parse_auth (data, &error);
  if (fuzz_check_result (channel, error, "auth"))
    {
      fuzz_check_string (channel->channel_id, "channel id");
      fuzz_check_string (channel->channel_name, "channel name");
      for (guint i = 0; channel->hosts != NULL && channel->hosts[i] != NULL; i++)
        fuzz_check_string (channel->hosts[i], "channel host");
    }
  error = NULL;

  fuzz_check_objects (guichet_fourvenues_parse_events (data, "a1", &error), &error, "events");
  error = NULL;

  rates = guichet_fourvenues_parse_rates (data, "e1", 1767225600, &error);
  if (fuzz_check_result (rates, error, "rates"))
    {
      check_rates (rates, questions);
      g_ptr_array_unref (rates);
    }
  error = NULL;

  fuzz_check_objects (guichet_fourvenues_parse_tickets (data, "e1", questions, &error), &error,
                      "tickets");
  error = NULL;
  fuzz_check_objects (guichet_fourvenues_parse_tickets (data, NULL, NULL, &error), &error,
                      "tickets (any event)");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *bytes,
                        size_t         size)
{
  g_autoptr (JsonNode) root = fuzz_parse_json (bytes, size);
  GError   *error = NULL;
  JsonNode *data;

  if (root == NULL)
    return 0;
  data = guichet_fourvenues_unwrap (root, &error);
  if (fuzz_check_result (data, error, "unwrap"))
    parse_all (data);
  /* the parsers take any node, not only what unwrap gives */
  parse_all (root);
  return 0;
}
