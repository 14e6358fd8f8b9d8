/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-tickettailor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-participant-private.h"
#include "guichet-tickettailor-parse.h"

/* "2020-05-01T22:30:00+01:00", as the documented "iso" members */
#define ISO_FORMAT "%Y-%m-%dT%H:%M:%S%:z"

void
guichet_tickettailor_check_in_free (GuichetTicketTailorCheckIn *check_in)
{
  if (check_in == NULL)
    return;
  g_free (check_in->id);
  g_free (check_in->event_id);
  g_free (check_in->issued_ticket_id);
  g_free (check_in);
}

static void
set_malformed (GError    **error,
               const char *what)
{
  /* Translators: %s says what is missing, e.g. "an id" */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
               _("Ticket Tailor sent a record without %s."), what);
}

static char *
dup_upper (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_ascii_strup (text, -1) : NULL;
}

/* A text member, NULL when missing, null or empty. */
static char *
dup_text (JsonObject *object,
          const char *member)
{
  g_autofree char *text = guichet_json_dup_string (object, member);

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* 10000-01-01T00:00:00Z: GDateTime holds no later time */
#define END_OF_TIME G_GINT64_CONSTANT (253402300800)

static gint64 parse_time_node_any (JsonNode *node);

/* A time as unix time, 0 when absent, unreadable or outside what GDateTime
 * holds (year 1 to 9999): a time the reply gives is always one a
 * GDateTime can format (found by fuzz-tickettailor: "expiry":
 * 9223372036854775807 made g_date_time_format() fail on NULL). */
static gint64
parse_time_node (JsonNode *node)
{
  gint64 unix_time = parse_time_node_any (node);

  return unix_time > 0 && unix_time < END_OF_TIME ? unix_time : 0;
}

static gint64
parse_time_node_any (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject      *object = json_node_get_object (node);
      gint64           unix_time = guichet_json_get_int (object, "unix", 0);
      g_autofree char *iso = NULL;

      if (unix_time > 0)
        return unix_time;
      iso = guichet_json_dup_string (object, "iso");
      if (iso != NULL)
        {
          g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

          if (dt != NULL)
            return g_date_time_to_unix (dt);
        }
      return 0;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        return MAX (json_node_get_int (node), 0);
      if (type == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          /* no cast of a double out of gint64's range (undefined) */
          return d > 0 && d < (double) END_OF_TIME ? (gint64) d : 0;
        }
      if (type == G_TYPE_STRING)
        {
          g_autofree char *text = g_strstrip (json_node_dup_string (node));
          g_autoptr (GTimeZone) utc = NULL;
          g_autoptr (GDateTime) dt = NULL;
          gint64 value;

          if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
            return value;
          /* "2022-10-22 14:15:16" (the update example): UTC */
          if (strlen (text) == 19 && text[10] == ' ')
            text[10] = 'T';
          utc = g_time_zone_new_utc ();
          dt = g_date_time_new_from_iso8601 (text, utc);
          if (dt != NULL)
            return g_date_time_to_unix (dt);
        }
    }

  return 0;
}

gint64
guichet_tickettailor_parse_time (JsonObject *object,
                                 const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return 0;
  return parse_time_node (json_object_get_member (object, member));
}

char *
guichet_tickettailor_dup_time (JsonObject *object,
                               const char *member)
{
  JsonNode *node;
  gint64    unix_time;
  g_autoptr (GDateTime) dt = NULL;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);

  /* keep the event's own offset when the object gives one */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *iso = guichet_json_dup_string (json_node_get_object (node), "iso");
      g_autoptr (GDateTime) parsed = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

      if (parsed != NULL)
        return g_date_time_format (parsed, ISO_FORMAT);
    }

  unix_time = parse_time_node (node);
  if (unix_time <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt != NULL ? g_date_time_format (dt, ISO_FORMAT) : NULL;
}

JsonArray *
guichet_tickettailor_list_items (JsonNode *root,
                                 GError  **error)
{
  JsonObject *object;
  JsonNode   *data;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Ticket Tailor sent a reply that is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);
  data = json_object_get_member (object, "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Ticket Tailor sent a list without its “data”."));
      return NULL;
    }
  return json_node_get_array (data);
}

char *
guichet_tickettailor_dup_next_link (JsonNode *root)
{
  JsonObject *links;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  links = guichet_json_get_object (json_node_get_object (root), "links");
  return links ? dup_text (links, "next") : NULL;
}

gboolean
guichet_tickettailor_parse_ping (JsonNode *root,
                                 GError  **error)
{
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "version"))
    return TRUE;

  g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                       _("The server did not answer like Ticket Tailor. Check the address."));
  return FALSE;
}

/* Events */

GuichetEvent *
guichet_tickettailor_parse_event (JsonObject *object,
                                  const char *account_id,
                                  GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *name = dup_text (object, "name");
  g_autofree char *start = guichet_tickettailor_dup_time (object, "start");
  g_autofree char *end = guichet_tickettailor_dup_time (object, "end");
  g_autofree char *status = dup_text (object, "status");
  /* Recurring events share an event_series_id */
  g_autofree char *series_id = guichet_json_dup_id (object, "event_series_id");
  g_autofree char *currency = NULL;
  g_autofree char *raw_currency = NULL;
  g_autofree char *venue = NULL;
  JsonObject      *venue_object = guichet_json_get_object (object, "venue");

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  raw_currency = guichet_json_dup_string (object, "currency");
  if (raw_currency == NULL)
    {
      /* orders' event_summary: {"currency": {"code": "gbp"}} */
      JsonObject *currency_object = guichet_json_get_object (object, "currency");

      if (currency_object != NULL)
        raw_currency = guichet_json_dup_string (currency_object, "code");
    }
  currency = dup_upper (raw_currency);

  if (venue_object != NULL)
    {
      g_autofree char *venue_name = dup_text (venue_object, "name");
      g_autofree char *postal_code = dup_text (venue_object, "postal_code");

      if (venue_name != NULL && postal_code != NULL)
        venue = g_strdup_printf ("%s, %s", venue_name, postal_code);
      else
        venue = g_strdup (venue_name ? venue_name : postal_code);
    }

  return g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name",
                       name ? name : id, "start", start, "end", end, "venue", venue, "status",
                       status, "currency", currency, "series-id", series_id, "participant-count",
                       MAX (guichet_json_get_int (object, "total_issued_tickets", 0), 0), NULL);
}

GPtrArray *
guichet_tickettailor_parse_events (JsonNode   *root,
                                   const char *account_id,
                                   GError    **error)
{
  JsonArray *items = guichet_tickettailor_list_items (root, error);
  g_autoptr (GPtrArray) events = NULL;

  if (items == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      event =
        guichet_tickettailor_parse_event (json_node_get_object (node), account_id, &local_error);
      if (event == NULL)
        {
          g_debug ("Skipping event %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (events, event);
    }

  return g_steal_pointer (&events);
}

/* Ticket types and groups */

typedef struct
{
  JsonObject *object;
  gint64      sort_order;
  guint       index;
} Sorted;

static int
compare_sorted (gconstpointer a,
                gconstpointer b)
{
  const Sorted *sa = a;
  const Sorted *sb = b;

  if (sa->sort_order != sb->sort_order)
    return sa->sort_order < sb->sort_order ? -1 : 1;
  return sa->index < sb->index ? -1 : (sa->index > sb->index);
}

/* The objects of @array in sort_order, stable. */
static GArray *
sorted_objects (JsonArray *array)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Sorted));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      Sorted    item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item.object = json_node_get_object (node);
      item.sort_order = guichet_json_get_int (item.object, "sort_order", G_MAXINT64);
      item.index = i;
      g_array_append_val (out, item);
    }
  g_array_sort (out, compare_sorted);
  return out;
}

static GuichetTicketCategory *
ticket_type_new (JsonObject *item,
                 const char *event_id,
                 const char *parent_id,
                 const char *currency,
                 gint64     *sold,
                 gint64     *quota)
{
  g_autofree char *id = guichet_json_dup_id (item, "id");
  g_autofree char *name = dup_text (item, "name");
  gint64           price = guichet_json_get_int (item, "price", 0);
  gint64           issued = MAX (guichet_json_get_int (item, "quantity_issued", 0), 0);
  gint64           total = guichet_json_get_int (item, "quantity_total", -1);

  if (id == NULL)
    return NULL;

  /* quantity_total counts issued and still available; without it, the
   * available "quantity" plus what is issued and held */
  if (total < 0 && json_object_has_member (item, "quantity"))
    total = MAX (guichet_json_get_int (item, "quantity", 0), 0) + issued +
            MAX (guichet_json_get_int (item, "quantity_held", 0), 0);

  *sold = issued;
  *quota = total;

  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", event_id, "parent-id",
                       parent_id, "kind", GUICHET_CATEGORY_KIND_TICKET, "name", name ? name : id,
                       "price", price, /* minor units, as Ticket Tailor's */
                       "currency", currency, "quota", total, "sold", issued, NULL);
}

GPtrArray *
guichet_tickettailor_parse_categories (JsonObject *event,
                                       GError    **error)
{
  g_autofree char *event_id = guichet_json_dup_id (event, "id");
  g_autofree char *raw_currency = guichet_json_dup_string (event, "currency");
  g_autofree char *currency = dup_upper (raw_currency);
  g_autoptr (GArray) types = sorted_objects (guichet_json_get_array (event, "ticket_types"));
  g_autoptr (GArray) groups = sorted_objects (guichet_json_get_array (event, "ticket_groups"));
  g_autoptr (GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) group_nodes = g_ptr_array_new ();

  if (event_id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  /* Groups first, in sort_order, each holding its ticket types (by the
   * group's ticket_ids, or the types' group_id). */
  for (guint g = 0; g < groups->len; g++)
    {
      JsonObject            *group = g_array_index (groups, Sorted, g).object;
      g_autofree char       *group_id = guichet_json_dup_id (group, "id");
      g_autofree char       *group_name = dup_text (group, "name");
      JsonArray             *ticket_ids = guichet_json_get_array (group, "ticket_ids");
      GuichetTicketCategory *category;
      gint64                 sold = 0, quota = 0;

      if (group_id == NULL)
        continue;

      category = g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", group_id, "event-id", event_id,
                               "kind", GUICHET_CATEGORY_KIND_CATEGORY, "name",
                               group_name ? group_name : group_id, "currency", currency, NULL);

      for (guint t = 0; t < types->len; t++)
        {
          JsonObject      *type = g_array_index (types, Sorted, t).object;
          g_autofree char *type_id = guichet_json_dup_id (type, "id");
          g_autofree char *type_group = guichet_json_dup_id (type, "group_id");
          gboolean         member = g_strcmp0 (type_group, group_id) == 0;
          g_autoptr (GuichetTicketCategory) ticket = NULL;
          gint64 type_sold, type_quota;

          for (guint k = 0; !member && ticket_ids != NULL && k < json_array_get_length (ticket_ids);
               k++)
            {
              g_autofree char *listed =
                guichet_json_node_dup_id (json_array_get_element (ticket_ids, k));

              member = g_strcmp0 (listed, type_id) == 0;
            }
          if (!member || type_id == NULL || g_hash_table_contains (placed, type_id))
            continue;

          ticket = ticket_type_new (type, event_id, group_id, currency, &type_sold, &type_quota);
          if (ticket == NULL)
            continue;
          g_hash_table_add (placed, g_strdup (type_id));
          guichet_ticket_category_append_child (category, ticket);
          sold += type_sold;
          quota = (quota < 0 || type_quota < 0) ? -1 : quota + type_quota;
        }

      g_object_set (category, "sold", sold, "quota", quota, NULL);
      g_ptr_array_add (roots, category);
      g_ptr_array_add (group_nodes, category);
    }

  /* Ungrouped ticket types at the top level, after the groups. */
  for (guint t = 0; t < types->len; t++)
    {
      JsonObject            *type = g_array_index (types, Sorted, t).object;
      g_autofree char       *type_id = guichet_json_dup_id (type, "id");
      GuichetTicketCategory *ticket;
      gint64                 sold, quota;

      if (type_id == NULL)
        {
          g_debug ("Skipping a ticket type of %s: no id", event_id);
          continue;
        }
      if (g_hash_table_contains (placed, type_id))
        continue;
      ticket = ticket_type_new (type, event_id, NULL, currency, &sold, &quota);
      g_hash_table_add (placed, g_strdup (type_id));
      g_ptr_array_add (roots, ticket);
    }

  return g_steal_pointer (&roots);
}

/* Issued tickets */

static GuichetParticipantStatus
ticket_status (const char *status)
{
  if (status == NULL || g_ascii_strcasecmp (status, "valid") == 0)
    return GUICHET_PARTICIPANT_STATUS_VALID;
  /* "void" in the document, "voided" in live replies */
  if (g_ascii_strcasecmp (status, "void") == 0 || g_ascii_strcasecmp (status, "voided") == 0)
    return GUICHET_PARTICIPANT_STATUS_VOIDED;
  if (g_ascii_strcasecmp (status, "refunded") == 0 || g_ascii_strcasecmp (status, "cancelled") == 0)
    return GUICHET_PARTICIPANT_STATUS_REFUNDED;
  if (g_ascii_strcasecmp (status, "pending") == 0)
    return GUICHET_PARTICIPANT_STATUS_UNPAID;
  g_debug ("Unknown issued ticket status “%s”: read as valid", status);
  return GUICHET_PARTICIPANT_STATUS_VALID;
}

/* [{"label", "value"}] from the seat and the custom questions; NULL when
 * there is nothing. */
static char *
build_answers (JsonObject *object)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *reservation = dup_text (object, "reservation");
  JsonArray       *questions = guichet_json_get_array (object, "custom_questions");
  guint            n = 0;

  json_builder_begin_array (builder);
  if (reservation != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      /* Translators: the seat of a ticket on a seating chart */
      json_builder_add_string_value (builder, _("Seat"));
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, reservation);
      json_builder_end_object (builder);
      n++;
    }
  for (guint i = 0; questions != NULL && i < json_array_get_length (questions); i++)
    {
      JsonNode        *node = json_array_get_element (questions, i);
      g_autofree char *question = NULL;
      g_autofree char *answer = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      question = dup_text (json_node_get_object (node), "question");
      answer = dup_text (json_node_get_object (node), "answer");
      if (question == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, question);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, answer ? answer : "");
      json_builder_end_object (builder);
      n++;
    }
  json_builder_end_array (builder);

  if (n == 0)
    return NULL;
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GuichetParticipant *
guichet_tickettailor_parse_issued_ticket (JsonObject *object,
                                          const char *event_id,
                                          GError    **error)
{
  GuichetParticipantFields fields = { 0 };
  g_autofree char         *status = dup_text (object, "status");
  g_autofree char         *seat = NULL;
  GuichetParticipant      *participant;
  gint64                   updated;

  fields.id = guichet_json_dup_id (object, "id");
  if (fields.id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }
  fields.barcode = dup_text (object, "barcode");
  if (fields.barcode == NULL)
    {
      g_free (fields.id);
      set_malformed (error, _("a barcode"));
      return NULL;
    }

  fields.event_id = guichet_json_dup_id (object, "event_id");
  if (fields.event_id == NULL)
    fields.event_id = g_strdup (event_id);
  fields.first_name = dup_text (object, "first_name");
  fields.last_name = dup_text (object, "last_name");
  if (fields.first_name == NULL && fields.last_name == NULL)
    {
      /* only full_name: the last word is the last name */
      g_autofree char *full_name = dup_text (object, "full_name");
      const char      *space = full_name ? strrchr (full_name, ' ') : NULL;

      if (space != NULL)
        {
          fields.first_name = g_strstrip (g_strndup (full_name, space - full_name));
          fields.last_name = g_strdup (space + 1);
        }
      else
        fields.first_name = g_steal_pointer (&full_name);
    }
  fields.email = dup_text (object, "email");
  fields.ticket_type_id = guichet_json_dup_id (object, "ticket_type_id");
  fields.ticket_type_name = dup_text (object, "description");
  fields.status = ticket_status (status);
  fields.checked_in = guichet_json_get_bool (object, "checked_in", FALSE);
  fields.order_id = guichet_json_dup_id (object, "order_id");
  fields.answers = build_answers (object);
  updated = guichet_tickettailor_parse_time (object, "updated_at");
  if (updated <= 0)
    updated = guichet_tickettailor_parse_time (object, "created_at");
  if (updated > 0)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (updated);

      fields.updated_at = g_date_time_format (dt, ISO_FORMAT);
    }

  participant = _guichet_participant_new_take (&fields);
  /* The seat of a seated event (also among the answers, labelled). */
  seat = dup_text (object, "reservation");
  if (seat != NULL)
    g_object_set (participant, "seat", seat, NULL);
  return participant;
}

GuichetParticipant *
guichet_tickettailor_parse_issue_reply (JsonNode   *root,
                                        const char *event_id,
                                        GError    **error)
{
  JsonObject *object;
  JsonArray  *data;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Ticket Tailor sent a reply that is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);
  data = guichet_json_get_array (object, "data");
  if (data != NULL)
    {
      if (json_array_get_length (data) == 0 ||
          !JSON_NODE_HOLDS_OBJECT (json_array_get_element (data, 0)))
        {
          set_malformed (error, _("the issued ticket"));
          return NULL;
        }
      object = json_array_get_object_element (data, 0);
    }
  return guichet_tickettailor_parse_issued_ticket (object, event_id, error);
}

/* Orders */

static char *
build_line_items (JsonArray *items)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode        *node = json_array_get_element (items, i);
      JsonObject      *item;
      g_autofree char *description = NULL;
      g_autofree char *type = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      description = dup_text (item, "description");
      type = dup_text (item, "type");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description ? description : "");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type ? type : "");
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, guichet_json_get_int (item, "quantity", 1));
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, guichet_json_get_int (item, "value", 0));
      json_builder_set_member_name (builder, "booking_fee");
      json_builder_add_int_value (builder, guichet_json_get_int (item, "booking_fee", 0));
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, guichet_json_get_int (item, "total", 0));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GuichetOrder *
guichet_tickettailor_parse_order (JsonObject *object,
                                  const char *account_id,
                                  GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  JsonObject      *buyer = guichet_json_get_object (object, "buyer_details");
  JsonObject      *summary = guichet_json_get_object (object, "event_summary");
  JsonObject      *currency_object = guichet_json_get_object (object, "currency");
  JsonArray       *tickets = guichet_json_get_array (object, "issued_tickets");
  g_autofree char *buyer_name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *raw_currency = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *status = dup_text (object, "status");
  g_autofree char *created_at = guichet_tickettailor_dup_time (object, "created_at");
  g_autofree char *line_items = build_line_items (guichet_json_get_array (object, "line_items"));
  g_autoptr (GStrvBuilder) ticket_ids = g_strv_builder_new ();
  g_auto (GStrv) ids = NULL;

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  if (buyer != NULL)
    {
      buyer_name = dup_text (buyer, "name");
      if (buyer_name == NULL)
        {
          g_autofree char *first = dup_text (buyer, "first_name");
          g_autofree char *last = dup_text (buyer, "last_name");

          if (first != NULL || last != NULL)
            buyer_name =
              g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
        }
      email = dup_text (buyer, "email");
    }
  if (summary != NULL)
    event_id = guichet_json_dup_id (summary, "id");
  if (event_id == NULL)
    event_id = guichet_json_dup_id (object, "event_id");
  if (currency_object != NULL)
    raw_currency = guichet_json_dup_string (currency_object, "code");
  else
    raw_currency = guichet_json_dup_string (object, "currency");
  currency = dup_upper (raw_currency);

  for (guint i = 0; tickets != NULL && i < json_array_get_length (tickets); i++)
    {
      JsonNode        *node = json_array_get_element (tickets, i);
      g_autofree char *ticket_id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ticket_id = guichet_json_dup_id (json_node_get_object (node), "id");
      if (ticket_id != NULL)
        g_strv_builder_add (ticket_ids, ticket_id);
    }
  ids = g_strv_builder_end (ticket_ids);

  return g_object_new (GUICHET_TYPE_ORDER, "id", id, "account-id", account_id, "event-id", event_id,
                       "buyer-name", buyer_name, "email", email, "total",
                       guichet_json_get_int (object, "total", 0), "currency", currency, "status",
                       status, "created-at", created_at, "ticket-ids", ids, "line-items",
                       line_items, NULL);
}

/* Discounts and vouchers */

/* An integer member that may be null: -1 for null or missing. */
static gint64
get_optional_int (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return -1;
  return guichet_json_get_int (object, member, -1);
}

/* The first of @members present and not null, or -1. */
static gint64
get_first_int (JsonObject         *object,
               const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      gint64 value = get_optional_int (object, members[i]);

      if (value >= 0)
        return value;
    }
  return -1;
}

/* Ticket type ids from "ticket_types" (documented) or "products" (live):
 * strings, or objects with an "id". */
static GStrv
dup_ticket_types (JsonObject *object)
{
  static const char * const members[] = { "ticket_types", "products", NULL };
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint m = 0; members[m] != NULL; m++)
    {
      JsonArray *array = guichet_json_get_array (object, members[m]);

      if (array == NULL)
        continue;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode        *node = json_array_get_element (array, i);
          g_autofree char *id = NULL;

          if (JSON_NODE_HOLDS_OBJECT (node))
            id = guichet_json_dup_id (json_node_get_object (node), "id");
          else
            id = guichet_json_node_dup_id (node);
          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
      break;
    }
  return g_strv_builder_end (builder);
}

GuichetDiscount *
guichet_tickettailor_parse_discount (JsonObject *object,
                                     const char *account_id,
                                     GError    **error)
{
  static const char * const amount_members[] = { "price", "face_value_amount", NULL };
  static const char * const percent_members[] = { "price_percent", "face_value_percentage", NULL };
  static const char * const fee_members[] = { "booking_fee", "booking_fee_amount", NULL };
  static const char * const fee_percent_members[] = { "booking_fee_percent",
                                                      "booking_fee_percentage", NULL };
  g_autofree char          *id = guichet_json_dup_id (object, "id");
  g_autofree char          *code = dup_text (object, "code");
  g_autofree char          *name = dup_text (object, "name");
  g_autofree char          *type = dup_text (object, "type");
  g_autofree char          *expires = guichet_tickettailor_dup_time (object, "expires");
  g_auto (GStrv) ticket_types = dup_ticket_types (object);
  gint64              amount = get_first_int (object, amount_members);
  gint64              percent = get_first_int (object, percent_members);
  gint64              fee_percent = get_first_int (object, fee_percent_members);
  GuichetDiscountKind kind;

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  if (g_strcmp0 (type, "percentage") == 0)
    kind = GUICHET_DISCOUNT_KIND_PERCENTAGE;
  else if (g_strcmp0 (type, "fixed_amount") == 0)
    kind = GUICHET_DISCOUNT_KIND_AMOUNT;
  else
    kind =
      percent >= 0 && amount < 0 ? GUICHET_DISCOUNT_KIND_PERCENTAGE : GUICHET_DISCOUNT_KIND_AMOUNT;

  return g_object_new (GUICHET_TYPE_DISCOUNT, "id", id, "account-id", account_id, "name",
                       name ? name : code, "code", code, "kind", kind, "amount",
                       kind == GUICHET_DISCOUNT_KIND_AMOUNT ? MAX (amount, 0) : 0,
                       /* whole percents */
                       "percentage",
                       kind == GUICHET_DISCOUNT_KIND_PERCENTAGE
                         ? CLAMP (percent, 0, 100) * GUICHET_PERCENTAGE_ONE_PERCENT
                         : (gint64) 0,
                       "booking-fee", get_first_int (object, fee_members),
                       /* whole percents, -1 for none */
                       "booking-fee-percentage",
                       fee_percent >= 0 ? MIN (fee_percent, 100) * GUICHET_PERCENTAGE_ONE_PERCENT
                                        : (gint64) -1,
                       "max-uses", get_optional_int (object, "max_redemptions"), "used",
                       MAX (guichet_json_get_int (object, "times_redeemed", 0), 0), "valid-to",
                       expires, "ticket-type-ids", ticket_types, NULL);
}

GuichetVoucher *
guichet_tickettailor_parse_voucher (JsonObject *object,
                                    const char *account_id,
                                    GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *name = dup_text (object, "name");
  g_autofree char *expiry = guichet_tickettailor_dup_time (object, "expiry");

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  return g_object_new (GUICHET_TYPE_VOUCHER, "id", id, "account-id", account_id, "name",
                       name ? name : id, "value",
                       MAX (guichet_json_get_int (object, "value", 0), 0), "code-count",
                       MAX (guichet_json_get_int (object, "total_codes", 0), 0), "available-codes",
                       MAX (guichet_json_get_int (object, "available_codes", 0), 0), "valid-to",
                       expiry, NULL);
}

GuichetVoucherCode *
guichet_tickettailor_parse_voucher_code (JsonObject *object,
                                         const char *voucher_id,
                                         GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *code = dup_text (object, "code");
  g_autofree char *owner = guichet_json_dup_id (object, "voucher_id");
  gboolean         used = guichet_tickettailor_parse_time (object, "used") > 0;
  gboolean         voided = guichet_json_get_bool (object, "voided", FALSE) ||
                            guichet_json_get_bool (object, "void", FALSE);

  if (id == NULL || code == NULL)
    {
      set_malformed (error, id == NULL ? _("an id") : _("a code"));
      return NULL;
    }

  return g_object_new (GUICHET_TYPE_VOUCHER_CODE, "id", id, "voucher-id",
                       voucher_id ? voucher_id : owner, "code", code, "value-remaining",
                       used || voided ? 0 : MAX (guichet_json_get_int (object, "value", 0), 0),
                       "void", voided, NULL);
}

GuichetTicketTailorCheckIn *
guichet_tickettailor_parse_check_in (JsonObject *object,
                                     GError    **error)
{
  g_autoptr (GuichetTicketTailorCheckIn) check_in = g_new0 (GuichetTicketTailorCheckIn, 1);

  check_in->id = guichet_json_dup_id (object, "id");
  check_in->issued_ticket_id = guichet_json_dup_id (object, "issued_ticket_id");
  if (check_in->issued_ticket_id == NULL)
    {
      set_malformed (error, _("an issued ticket id"));
      return NULL;
    }
  check_in->event_id = guichet_json_dup_id (object, "event_id");
  check_in->check_in_at = guichet_tickettailor_parse_time (object, "check_in_at");
  check_in->quantity = MAX (guichet_json_get_int (object, "quantity", 1), 0);

  return g_steal_pointer (&check_in);
}

gboolean
guichet_tickettailor_parse_confirmation (JsonNode   *root,
                                         const char *member,
                                         GError    **error)
{
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      guichet_json_get_bool (json_node_get_object (root), member, FALSE))
    return TRUE;

  /* Translators: %s is a reply member such as "deleted" */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
               _("Ticket Tailor did not confirm the change (no “%s”: true in its reply)."), member);
  return FALSE;
}
