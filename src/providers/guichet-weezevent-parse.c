/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-weezevent"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-participant-private.h"
#include "guichet-weezevent-parse-private.h"
#include "guichet-weezevent-scan.h"

#define NBSP "\xc2\xa0"

void
guichet_weezevent_event_category_free (GuichetWeezeventEventCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->id);
  g_free (category->name);
  g_free (category);
}

void
guichet_weezevent_participants_free (GuichetWeezeventParticipants *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->participants, g_ptr_array_unref);
  g_free (page->server_time);
  g_free (page->first_id);
  g_free (page);
}

static gboolean
is_valid_escape (char c)
{
  return strchr ("\"\\/bfnrtu", c) != NULL;
}

/* Drops the backslash of escapes JSON does not know ("\#" -> "#"), inside
 * strings only. Returns NULL when there was nothing to repair. */
static char *
repair_escapes (const char *data,
                gsize       size)
{
  GString *out = NULL;
  gboolean in_string = FALSE;
  gsize    last = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (!in_string)
        {
          if (c == '"')
            in_string = TRUE;
          continue;
        }

      if (c == '"')
        {
          in_string = FALSE;
        }
      else if (c == '\\' && i + 1 < size)
        {
          if (!is_valid_escape (data[i + 1]))
            {
              if (out == NULL)
                out = g_string_sized_new (size);
              g_string_append_len (out, data + last, i - last);
              last = i + 1;
            }
          i++;
        }
    }

  if (out == NULL)
    return NULL;

  g_string_append_len (out, data + last, size - last);
  return g_string_free (out, FALSE);
}

JsonNode *
guichet_weezevent_parse_json (GBytes  *bytes,
                              GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autofree char *repaired = NULL;
  const char      *data;
  gsize            size = 0;
  JsonNode        *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = guichet_json_parse_bytes (bytes, &local_error);
  if (root != NULL)
    return root;

  if (bytes == NULL)
    goto fail;
  data = g_bytes_get_data (bytes, &size);
  repaired = repair_escapes (data, size);
  if (repaired == NULL)
    goto fail;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, repaired, -1, NULL) ||
      (root = json_parser_steal_root (parser)) == NULL)
    goto fail;

  g_debug ("Read a reply with invalid JSON escapes");
  return root;

fail:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

char *
guichet_weezevent_clean_text (const char *text)
{
  GString    *out;
  const char *p;

  if (text == NULL)
    return NULL;
  if (strchr (text, '\\') == NULL && strstr (text, NBSP) == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'u' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]))
        {
          gunichar c = (g_ascii_xdigit_value (p[2]) << 12) | (g_ascii_xdigit_value (p[3]) << 8) |
                       (g_ascii_xdigit_value (p[4]) << 4) | g_ascii_xdigit_value (p[5]);

          if (c != 0 && g_unichar_validate (c))
            {
              g_string_append_unichar (out, c);
              p += 5;
              continue;
            }
        }
      else if (p[0] == NBSP[0] && p[1] == NBSP[1])
        {
          /* Weezevent's pages carry no-break spaces, even inside dates */
          g_string_append_c (out, ' ');
          p++;
          continue;
        }
      else if (p[0] == '\\')
        {
          /* "\'" and "\\'" both become "'" */
          const char *q = p;

          while (*q == '\\')
            q++;
          if (*q == '\'' || *q == '"' || *q == '/')
            {
              g_string_append_c (out, *q);
              p = q;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
dup_text (JsonObject *object,
          const char *member)
{
  g_autofree char *raw = guichet_json_dup_string (object, member);

  if (raw == NULL || raw[0] == '\0')
    return NULL;
  return guichet_weezevent_clean_text (raw);
}

/* A date member; "", "0000-00-00 00:00:00" and null give NULL. */
static char *
dup_date (JsonObject *object,
          const char *member)
{
  g_autofree char *raw = guichet_json_dup_string (object, member);

  if (raw == NULL || raw[0] == '\0' || g_str_has_prefix (raw, "0000-00-00"))
    return NULL;
  return guichet_weezevent_clean_text (raw);
}

char *
guichet_weezevent_parse_access_token (JsonNode *root,
                                      GError  **error)
{
  JsonObject *object = guichet_json_root_object (root, error);
  char       *token;

  if (object == NULL)
    return NULL;

  token = guichet_json_dup_string (object, "accessToken");
  if (token == NULL)
    token = guichet_json_dup_string (object, "access_token");
  if (token == NULL || token[0] == '\0')
    {
      g_free (token);
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Weezevent accepted the sign-in but sent no access token."));
      return NULL;
    }
  return token;
}

static const char *
sales_status_text (JsonObject *sales_status,
                   char      **libelle_out)
{
  gint64 id;

  *libelle_out = NULL;
  if (sales_status == NULL)
    return NULL;

  id = guichet_json_get_int (sales_status, "id_status", -1);
  switch (id)
    {
    case 1:
      return "on_sale";
    case 2:
      return "upcoming";
    default:
      *libelle_out = dup_text (sales_status, "libelle_status");
      return *libelle_out;
    }
}

GPtrArray *
guichet_weezevent_parse_events (JsonNode   *root,
                                const char *account_id,
                                GError    **error)
{
  g_autoptr (GPtrArray) events = NULL;
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "events", error)) == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      JsonObject      *date;
      g_autofree char *id = NULL;
      g_autofree char *name = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *libelle = NULL;
      const char      *status;

      if (item == NULL || (id = guichet_json_dup_id (item, "id")) == NULL)
        {
          g_debug ("Skipping event %u: no id", i);
          continue;
        }

      name = dup_text (item, "name");
      date = guichet_json_get_object (item, "date");
      if (date != NULL)
        {
          start = dup_date (date, "start");
          end = dup_date (date, "end");
        }
      status = sales_status_text (guichet_json_get_object (item, "sales_status"), &libelle);

      g_ptr_array_add (events,
                       g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name",
                                     name, "start", start, "end", end, "status", status,
                                     "multiple-dates",
                                     guichet_json_get_bool (item, "multiple_dates", FALSE),
                                     "participant-count",
                                     MAX (guichet_json_get_int (item, "participants", 0), 0),
                                     NULL));
    }

  return g_steal_pointer (&events);
}

/* One event of /event/:id/details or /event/search/ */
static GuichetEvent *
detailed_event_new (JsonObject *item,
                    const char *account_id)
{
  JsonObject      *period = guichet_json_get_object (item, "period");
  JsonObject      *venue = guichet_json_get_object (item, "venue");
  g_autofree char *id = guichet_json_dup_id (item, "id");
  g_autofree char *title = dup_text (item, "title");
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *venue_name = NULL;
  g_autofree char *city = NULL;

  if (id == NULL)
    return NULL;

  if (title == NULL)
    title = dup_text (item, "name");
  if (period != NULL)
    {
      start = dup_date (period, "start");
      end = dup_date (period, "end");
    }
  if (venue != NULL)
    {
      venue_name = dup_text (venue, "name");
      city = dup_text (venue, "city");
      if (venue_name != NULL && city != NULL)
        {
          char *both = g_strdup_printf ("%s, %s", venue_name, city);

          g_free (venue_name);
          venue_name = both;
        }
      else if (venue_name == NULL)
        venue_name = g_steal_pointer (&city);
    }

  return g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name", title,
                       "start", start, "end", end, "venue", venue_name, NULL);
}

GuichetEvent *
guichet_weezevent_parse_event_details (JsonNode   *root,
                                       const char *account_id,
                                       GError    **error)
{
  JsonObject   *object;
  JsonObject   *item;
  GuichetEvent *event;

  if ((object = guichet_json_root_object (root, error)) == NULL)
    return NULL;

  /* "events" is one object here, despite the plural */
  item = guichet_json_get_object (object, "events");
  if (item == NULL)
    item = guichet_json_get_object (object, "event");
  if (item == NULL || (event = detailed_event_new (item, account_id)) == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Weezevent sent event details without an event."));
      return NULL;
    }
  return event;
}

GPtrArray *
guichet_weezevent_parse_event_search (JsonNode   *root,
                                      const char *account_id,
                                      GError    **error)
{
  g_autoptr (GPtrArray) events = NULL;
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  /* No match may come back as a missing list */
  array = guichet_json_get_array (object, "events");
  if (array == NULL)
    {
      if (guichet_json_get_int (object, "count", -1) == 0)
        return g_steal_pointer (&events);
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Weezevent sent a search reply without its “events” list."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject   *item = guichet_json_array_get_object (array, i);
      GuichetEvent *event = item != NULL ? detailed_event_new (item, account_id) : NULL;

      if (event == NULL)
        g_debug ("Skipping search result %u: no id", i);
      else
        g_ptr_array_add (events, event);
    }

  return g_steal_pointer (&events);
}

GPtrArray *
guichet_weezevent_parse_event_categories (JsonNode *root,
                                          GError  **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "event_categories", error)) == NULL)
    return NULL;

  categories =
    g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_weezevent_event_category_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject                    *item = guichet_json_array_get_object (array, i);
      GuichetWeezeventEventCategory *category;
      g_autofree char               *id = NULL;

      /* The doc's own example ends with {"etc": "..."}: skip such entries */
      if (item == NULL || (id = guichet_json_dup_id (item, "id")) == NULL)
        {
          g_debug ("Skipping event category %u: no id", i);
          continue;
        }

      category = g_new0 (GuichetWeezeventEventCategory, 1);
      category->id = g_steal_pointer (&id);
      category->name = dup_text (item, "name");
      g_ptr_array_add (categories, category);
    }

  return g_steal_pointer (&categories);
}

static GStrv
dup_id_list (JsonObject *object,
             const char *member)
{
  JsonArray *array = guichet_json_get_array (object, member);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *id = guichet_json_node_dup_id (json_array_get_element (array, i));

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

GPtrArray *
guichet_weezevent_parse_dates (JsonNode   *root,
                               const char *event_id,
                               GError    **error)
{
  g_autoptr (GPtrArray) dates = NULL;
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "dates", error)) == NULL)
    return NULL;

  dates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      g_autofree char *id = NULL;
      g_autofree char *item_event = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_auto (GStrv) tickets = NULL;

      if (item == NULL || (id = guichet_json_dup_id (item, "id")) == NULL)
        {
          g_debug ("Skipping date %u: no id", i);
          continue;
        }

      item_event = guichet_json_dup_id (item, "id_event");
      if (event_id != NULL && item_event != NULL && g_strcmp0 (item_event, event_id) != 0)
        continue;

      start = dup_date (item, "date");
      if (start == NULL)
        start = dup_date (item, "start");
      end = dup_date (item, "end");
      tickets = dup_id_list (item, "tickets");

      g_ptr_array_add (dates, g_object_new (GUICHET_TYPE_EVENT_DATE, "id", id, "event-id",
                                            item_event != NULL ? item_event : event_id, "start",
                                            start, "end", end, "ticket-ids", tickets, NULL));
    }

  return g_steal_pointer (&dates);
}

static GuichetTicketCategory *
ticket_new (JsonObject *item,
            const char *event_id,
            const char *parent_id)
{
  g_autofree char *id = guichet_json_dup_id (item, "id");
  g_autofree char *name = dup_text (item, "name");
  g_autofree char *start = dup_date (item, "start_sale");
  g_autofree char *end = dup_date (item, "end_sale");
  GuichetMoney     price = { 0 };
  gint64           quota;

  if (id == NULL)
    return NULL;

  /* Major units (10, 9.99, "9.99"); the tickets say no currency. */
  if (!guichet_money_from_json (json_object_get_member (item, "price"), NULL,
                                GUICHET_MONEY_PARSE_ROUND, &price, NULL))
    price.amount_minor = 0;

  /* 0 (or nothing) means no quota: tickets in the doc sell 99 on a quota of 0 */
  quota = guichet_json_get_int (item, "quota", 0);
  if (quota <= 0)
    quota = -1;

  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", event_id, "parent-id",
                       parent_id, "kind", GUICHET_CATEGORY_KIND_TICKET, "name", name, "price",
                       price.amount_minor, "quota", quota, "sold",
                       MAX (guichet_json_get_int (item, "participants", 0), 0), "sale-start", start,
                       "sale-end", end, NULL);
}

/* Appends @object's "tickets" then "categories" to @out (a category's
 * children or the roots). Returns the sum of sold and quota (-1 if any
 * descendant has no quota) through @sold and @quota. */
static void
parse_tree_level (JsonObject *object,
                  const char *event_id,
                  const char *parent_id,
                  guint       depth,
                  GPtrArray  *out,
                  gint64     *sold,
                  gint64     *quota)
{
  JsonArray *tickets = guichet_json_get_array (object, "tickets");
  JsonArray *categories = guichet_json_get_array (object, "categories");

  *sold = 0;
  *quota = 0;

  for (guint i = 0; tickets != NULL && i < json_array_get_length (tickets); i++)
    {
      JsonObject            *item = guichet_json_array_get_object (tickets, i);
      GuichetTicketCategory *ticket = item != NULL ? ticket_new (item, event_id, parent_id) : NULL;

      if (ticket == NULL)
        {
          g_debug ("Skipping ticket %u of %s: no id", i, parent_id ? parent_id : event_id);
          continue;
        }
      *sold += guichet_ticket_category_get_sold (ticket);
      if (*quota >= 0)
        *quota = guichet_ticket_category_get_quota (ticket) < 0
                   ? -1
                   : *quota + guichet_ticket_category_get_quota (ticket);
      g_ptr_array_add (out, ticket);
    }

  /* A runaway nesting would be a broken reply: 32 levels is plenty */
  for (guint i = 0; depth < 32 && categories != NULL && i < json_array_get_length (categories); i++)
    {
      JsonObject *item = guichet_json_array_get_object (categories, i);
      g_autoptr (GPtrArray) children = NULL;
      g_autofree char       *id = NULL;
      g_autofree char       *name = NULL;
      GuichetTicketCategory *category;
      gint64                 child_sold, child_quota;

      if (item == NULL || (id = guichet_json_dup_id (item, "id")) == NULL)
        {
          g_debug ("Skipping category %u of %s: no id", i, parent_id ? parent_id : event_id);
          continue;
        }

      name = dup_text (item, "name");
      children = g_ptr_array_new_with_free_func (g_object_unref);
      parse_tree_level (item, event_id, id, depth + 1, children, &child_sold, &child_quota);

      category =
        g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", event_id, "parent-id",
                      parent_id, "kind", GUICHET_CATEGORY_KIND_CATEGORY, "name", name, "sold",
                      child_sold, "quota", children->len > 0 ? child_quota : -1, NULL);
      for (guint j = 0; j < children->len; j++)
        guichet_ticket_category_append_child (category, g_ptr_array_index (children, j));

      *sold += child_sold;
      if (*quota >= 0)
        *quota = child_quota < 0 || children->len == 0 ? -1 : *quota + child_quota;
      g_ptr_array_add (out, category);
    }
}

GPtrArray *
guichet_weezevent_parse_tickets (JsonNode   *root,
                                 const char *event_id,
                                 GError    **error)
{
  g_autoptr (GPtrArray) roots = NULL;
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "events", error)) == NULL)
    return NULL;

  roots = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      g_autofree char *id = NULL;
      gint64           sold, quota;

      if (item == NULL || (id = guichet_json_dup_id (item, "id")) == NULL)
        continue;
      if (event_id != NULL && g_strcmp0 (id, event_id) != 0)
        continue;

      parse_tree_level (item, id, NULL, 0, roots, &sold, &quota);
    }

  return g_steal_pointer (&roots);
}

gboolean
guichet_weezevent_parse_ticket_stats (JsonNode           *root,
                                      GuichetTicketStats *stats,
                                      GError            **error)
{
  JsonObject *object;
  JsonObject *item;

  g_return_val_if_fail (stats != NULL, FALSE);

  if ((object = guichet_json_root_object (root, error)) == NULL)
    return FALSE;

  item = guichet_json_get_object (object, "stats");
  if (item == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Weezevent sent a reply without ticket statistics."));
      return FALSE;
    }

  stats->total = guichet_json_get_int (item, "total", 0);
  stats->scanned = guichet_json_get_int (item, "scanned", 0);
  stats->in = guichet_json_get_int (item, "in", 0);
  stats->out = guichet_json_get_int (item, "out", 0);
  return TRUE;
}

/* Appends {"label", "value"} pairs read from @array to @builder. */
static guint
add_answers (JsonBuilder *builder,
             JsonArray   *array)
{
  guint n = 0;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      JsonArray       *values;

      if (item == NULL)
        continue;

      label = dup_text (item, "label");
      if (label == NULL)
        label = dup_text (item, "question");

      values = guichet_json_get_array (item, "value");
      if (values != NULL)
        {
          g_autoptr (GString) joined = g_string_new (NULL);

          for (guint j = 0; j < json_array_get_length (values); j++)
            {
              g_autofree char *one = NULL;
              JsonNode        *node = json_array_get_element (values, j);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                one = guichet_weezevent_clean_text (json_node_get_string (node));
              else
                one = guichet_json_node_dup_id (node);
              if (one == NULL)
                continue;
              if (joined->len > 0)
                g_string_append (joined, ", ");
              g_string_append (joined, one);
            }
          value = g_string_free (g_steal_pointer (&joined), FALSE);
        }
      else
        {
          value = dup_text (item, "value");
          if (value == NULL)
            value = dup_text (item, "answer");
        }

      if (label == NULL && value == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label != NULL ? label : "");
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, value != NULL ? value : "");
      json_builder_end_object (builder);
      n++;
    }

  return n;
}

static char *
answers_to_text (JsonArray *first,
                 JsonArray *fallback,
                 gboolean   always)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) node = NULL;
  guint n;

  /* Most participants answer nothing: no builder for them */
  if (!always && (first == NULL || json_array_get_length (first) == 0) &&
      (fallback == NULL || json_array_get_length (fallback) == 0))
    return NULL;

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  n = add_answers (builder, first);
  if (n == 0)
    n = add_answers (builder, fallback);
  json_builder_end_array (builder);

  if (n == 0 && !always)
    return NULL;

  node = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

GuichetParticipant *
guichet_weezevent_parse_participant (JsonObject *object,
                                     const char *event_id,
                                     GError    **error)
{
  JsonObject              *owner = guichet_json_get_object (object, "owner");
  JsonObject              *buyer = guichet_json_get_object (object, "buyer");
  JsonObject              *control = guichet_json_get_object (object, "control_status");
  g_autofree char         *id = guichet_json_dup_id (object, "id_participant");
  g_autofree char         *item_event = guichet_json_dup_id (object, "id_event");
  g_autofree char         *date_id = guichet_json_dup_id (object, "id_date");
  g_autofree char         *ticket_id = guichet_json_dup_id (object, "id_ticket");
  g_autofree char         *barcode = guichet_json_dup_id (object, "barcode");
  g_autofree char         *order_id = guichet_json_dup_id (object, "id_transaction");
  g_autofree char         *deleted = guichet_json_dup_string (object, "deleted");
  g_autofree char         *refund = guichet_json_dup_string (object, "refund");
  g_autofree char         *first_name = NULL;
  g_autofree char         *last_name = NULL;
  g_autofree char         *email = NULL;
  g_autofree char         *control_state = NULL;
  g_autofree char         *scan_date = NULL;
  g_autofree char         *answers = NULL;
  GuichetParticipantFields fields = { NULL };
  GuichetParticipantStatus status;
  gboolean                 checked_in;

  if (id == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("A Weezevent participant has no id."));
      return NULL;
    }
  if (owner == NULL && json_object_has_member (object, "owner") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "owner")))
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                   _("Weezevent participant %s has an unreadable owner."), id);
      return NULL;
    }

  if (g_strcmp0 (date_id, "0") == 0)
    g_clear_pointer (&date_id, g_free);

  if (owner != NULL)
    {
      first_name = dup_text (owner, "first_name");
      last_name = dup_text (owner, "last_name");
      email = dup_text (owner, "email");
    }
  /* Some forms only ask the buyer */
  if (buyer != NULL && first_name == NULL && last_name == NULL)
    {
      first_name = dup_text (buyer, "acheteur_first_name");
      last_name = dup_text (buyer, "acheteur_last_name");
      if (first_name == NULL && last_name == NULL)
        {
          first_name = dup_text (buyer, "first_name");
          last_name = dup_text (buyer, "last_name");
        }
    }
  if (buyer != NULL && email == NULL)
    {
      email = dup_text (buyer, "email_acheteur");
      if (email == NULL)
        email = dup_text (buyer, "email");
    }

  if (deleted != NULL && deleted[0] != '\0' && g_strcmp0 (deleted, "0") != 0 &&
      g_strcmp0 (deleted, "false") != 0)
    status = GUICHET_PARTICIPANT_STATUS_DELETED;
  else if (refund != NULL && refund[0] != '\0' && g_strcmp0 (refund, "0") != 0 &&
           g_strcmp0 (refund, "false") != 0)
    status = GUICHET_PARTICIPANT_STATUS_REFUNDED;
  else if (!guichet_json_get_bool (object, "paid", TRUE))
    status = GUICHET_PARTICIPANT_STATUS_UNPAID;
  else
    status = GUICHET_PARTICIPANT_STATUS_VALID;

  if (control != NULL)
    {
      control_state = guichet_json_dup_string (control, "status");
      scan_date = dup_date (control, "scan_date");
    }
  checked_in =
    (control_state != NULL && control_state[0] != '\0' && g_strcmp0 (control_state, "0") != 0) ||
    scan_date != NULL;

  answers =
    answers_to_text (owner != NULL ? guichet_json_get_array (owner, "answers") : NULL,
                     buyer != NULL ? guichet_json_get_array (buyer, "answers") : NULL, FALSE);

  /* The parser makes many thousands a page: no property machinery */
  fields.id = g_steal_pointer (&id);
  fields.event_id = event_id != NULL ? g_strdup (event_id) : g_steal_pointer (&item_event);
  fields.date_id = g_steal_pointer (&date_id);
  fields.barcode = g_steal_pointer (&barcode);
  fields.first_name = g_steal_pointer (&first_name);
  fields.last_name = g_steal_pointer (&last_name);
  fields.email = g_steal_pointer (&email);
  fields.ticket_type_id = g_steal_pointer (&ticket_id);
  fields.status = status;
  fields.checked_in = checked_in;
  fields.checked_in_at = checked_in ? g_steal_pointer (&scan_date) : NULL;
  fields.order_id = g_steal_pointer (&order_id);
  fields.answers = g_steal_pointer (&answers);
  return _guichet_participant_new_take (&fields);
}

GuichetWeezeventParticipants *
_guichet_weezevent_parse_participants_full (GBytes     *bytes,
                                            const char *event_id,
                                            gboolean    allow_scan,
                                            GError    **error)
{
  g_autoptr (GuichetWeezeventParticipants) page = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonArray  *array;
  guint       length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (allow_scan && (page = _guichet_weezevent_scan_participants (bytes, event_id, NULL)) != NULL)
    return g_steal_pointer (&page);

  if ((root = guichet_weezevent_parse_json (bytes, error)) == NULL ||
      (object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "participants", error)) == NULL)
    return NULL;

  length = json_array_get_length (array);
  page = g_new0 (GuichetWeezeventParticipants, 1);
  page->participants = g_ptr_array_new_full (length, g_object_unref);
  page->n_records = length;
  page->server_time = dup_date (object, "server_time");

  for (guint i = 0; i < length; i++)
    {
      g_autoptr (GError) local_error = NULL;
      JsonObject         *item = guichet_json_array_get_object (array, i);
      GuichetParticipant *participant;

      if (item == NULL)
        {
          g_debug ("Skipping participant record %u: not an object", i);
          continue;
        }
      if (page->first_id == NULL)
        page->first_id = guichet_json_dup_id (item, "id_participant");

      participant = guichet_weezevent_parse_participant (item, event_id, &local_error);
      if (participant == NULL)
        {
          g_debug ("Skipping participant record %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (page->participants, participant);
    }

  return g_steal_pointer (&page);
}

GuichetWeezeventParticipants *
guichet_weezevent_parse_participants (GBytes     *bytes,
                                      const char *event_id,
                                      GError    **error)
{
  return _guichet_weezevent_parse_participants_full (bytes, event_id, TRUE, error);
}

char *
guichet_weezevent_parse_answers (JsonNode *root,
                                 GError  **error)
{
  JsonObject *object;
  JsonArray  *array;

  if ((object = guichet_json_root_object (root, error)) == NULL ||
      (array = guichet_json_required_array (object, "answers", error)) == NULL)
    return NULL;

  return answers_to_text (array, NULL, TRUE);
}

gboolean
guichet_weezevent_parse_scan_settings (JsonNode *root,
                                       guint    *sync_interval,
                                       GError  **error)
{
  JsonObject *object;
  JsonObject *settings;
  gint64      interval;

  if ((object = guichet_json_root_object (root, error)) == NULL)
    return FALSE;

  settings = guichet_json_get_object (object, "settings");
  if (settings == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Weezevent sent a reply without scan settings."));
      return FALSE;
    }

  interval = guichet_json_get_int (settings, "sync_interval", 0);
  if (sync_interval != NULL)
    *sync_interval = (guint) CLAMP (interval, 0, G_MAXUINT);
  return TRUE;
}

char *
guichet_weezevent_parse_scan_user (JsonNode *root,
                                   GError  **error)
{
  JsonObject *object;
  char       *id;

  if ((object = guichet_json_root_object (root, error)) == NULL)
    return NULL;

  id = guichet_json_dup_id (object, "id");
  if (id == NULL)
    g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                         _("Weezevent did not name the control point."));
  return id;
}
