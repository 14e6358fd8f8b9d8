/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-oveit"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-oveit-parse.h"
#include "guichet-participant-private.h"

#define ISO_FORMAT "%Y-%m-%dT%H:%M:%S%:z"

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

static JsonObject *
root_object (JsonNode *root,
             GError  **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Oveit sent a reply that is not a JSON object."));
      return NULL;
    }
  return json_node_get_object (root);
}

/* "2016-08-10T11:49:18+00:00", "2016-08-10 11:49:18 +0300", "...+0300" */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr (GString) iso = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *dt;

  if (text == NULL)
    return NULL;
  iso = g_string_new (text);
  g_strstrip (iso->str);
  iso->len = strlen (iso->str);
  if (iso->len > 10 && iso->str[10] == ' ')
    iso->str[10] = 'T';
  /* " +0300" -> "+03:00" */
  {
    char *space = strchr (iso->str, ' ');

    if (space != NULL)
      g_string_erase (iso, space - iso->str, 1);
  }
  if (iso->len >= 5 && (iso->str[iso->len - 5] == '+' || iso->str[iso->len - 5] == '-') &&
      g_ascii_isdigit (iso->str[iso->len - 1]) && iso->str[iso->len - 3] != ':')
    g_string_insert_c (iso, iso->len - 2, ':');
  dt = g_date_time_new_from_iso8601 (iso->str, utc);
  return dt;
}

static char *
dup_time (JsonObject *object,
          const char *member)
{
  g_autofree char *text = dup_text (object, member);
  g_autoptr (GDateTime) dt = parse_time (text);

  return dt ? g_date_time_format (dt, ISO_FORMAT) : NULL;
}

gboolean
guichet_oveit_check_reply (JsonNode *root,
                           GError  **error)
{
  JsonObject      *object;
  g_autofree char *message = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (object, "error")) ||
      guichet_json_get_bool (object, "ok", FALSE))
    return TRUE;
  message = dup_text (object, "error");
  if (message == NULL)
    {
      JsonNode *node = json_object_get_member (object, "error");

      message = JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node)
                  ? NULL
                  : json_to_string (node, FALSE);
    }
  /* Translators: %s is Oveit's own message */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION,
               _("Oveit refused: %s"), message ? message : _("no reason given"));
  return FALSE;
}

char *
guichet_oveit_parse_login (JsonNode *root,
                           GError  **error)
{
  JsonObject *object = root_object (root, error);
  char       *token;

  if (object == NULL)
    return NULL;
  token = dup_text (object, "token");
  if (token == NULL)
    g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                         _("Oveit signed in without sending a token."));
  return token;
}

static JsonArray *
required_array (JsonNode   *root,
                const char *member,
                GError    **error)
{
  JsonObject *object = root_object (root, error);

  if (object == NULL)
    return NULL;
  return guichet_json_required_array (object, member, error);
}

GPtrArray *
guichet_oveit_parse_events (JsonNode   *root,
                            const char *account_id,
                            GError    **error)
{
  JsonArray *items = required_array (root, "events", error);
  g_autoptr (GPtrArray) events = NULL;

  if (items == NULL)
    return NULL;
  events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (items, i);
      g_autofree char *id = item ? guichet_json_dup_id (item, "id") : NULL;
      g_autofree char *name = NULL;
      g_autofree char *start = NULL;
      g_autofree char *venue = NULL;

      if (id == NULL)
        {
          g_debug ("Skipping event %u: no id", i);
          continue;
        }
      name = dup_text (item, "name");
      start = dup_time (item, "starts_at");
      venue = dup_text (item, "location");
      g_ptr_array_add (events,
                       g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name",
                                     name ? name : id, "start", start, "venue", venue,
                                     "participant-count",
                                     MAX (guichet_json_get_int (item, "tickets", 0), 0), NULL));
    }
  return g_steal_pointer (&events);
}

static GuichetTicketCategory *
category_new (JsonObject *object,
              const char *event_id,
              const char *parent_id)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *name = dup_text (object, "name");
  g_autofree char *price_text = dup_text (object, "price");
  GuichetMoney     price = { 0 };
  g_autoptr (GError) error = NULL;

  if (id == NULL)
    return NULL;
  if (price_text != NULL &&
      !guichet_money_parse (price_text, NULL, GUICHET_MONEY_PARSE_DEFAULT, &price, &error))
    {
      g_debug ("Unreadable price “%s” of ticket type %s: %s", price_text, id, error->message);
      memset (&price, 0, sizeof price);
    }
  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", event_id, "parent-id",
                       parent_id, "kind", GUICHET_CATEGORY_KIND_TICKET, "name", name ? name : id,
                       "price", price.amount_minor, "currency", guichet_money_get_currency (&price),
                       NULL);
}

GPtrArray *
guichet_oveit_parse_categories (JsonNode   *root,
                                const char *event_id,
                                GError    **error)
{
  JsonArray *items = required_array (root, "events", error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject      *event = guichet_json_array_get_object (items, i);
      g_autofree char *id = event ? guichet_json_dup_id (event, "id") : NULL;
      JsonArray       *types;
      GPtrArray       *roots;

      if (g_strcmp0 (id, event_id) != 0)
        continue;
      roots = g_ptr_array_new_with_free_func (g_object_unref);
      types = guichet_json_get_array (event, "ticket_types");
      for (guint t = 0; types != NULL && t < json_array_get_length (types); t++)
        {
          JsonObject            *type = guichet_json_array_get_object (types, t);
          GuichetTicketCategory *category = type ? category_new (type, event_id, NULL) : NULL;
          JsonArray             *addons;

          if (category == NULL)
            continue;
          /* addons appear only on some ticket types */
          addons = guichet_json_get_array (type, "addons");
          for (guint a = 0; addons != NULL && a < json_array_get_length (addons); a++)
            {
              JsonObject *addon = guichet_json_array_get_object (addons, a);
              g_autoptr (GuichetTicketCategory) child =
                addon ? category_new (addon, event_id, guichet_ticket_category_get_id (category))
                      : NULL;

              if (child != NULL)
                guichet_ticket_category_append_child (category, child);
            }
          g_ptr_array_add (roots, category);
        }
      return roots;
    }

  /* Translators: %s is an event id */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
               _("Oveit lists no event “%s”."), event_id);
  return NULL;
}

static char *
first_checkin (JsonArray *checkins)
{
  for (guint i = 0; checkins != NULL && i < json_array_get_length (checkins); i++)
    {
      JsonObject      *checkin = guichet_json_array_get_object (checkins, i);
      g_autofree char *addon = checkin ? guichet_json_dup_id (checkin, "addon_id") : NULL;

      /* the ticket's own entry, not an addon's */
      if (checkin != NULL && addon == NULL)
        return dup_time (checkin, "date");
    }
  return NULL;
}

GPtrArray *
guichet_oveit_parse_tickets (JsonNode   *root,
                             const char *event_id,
                             GError    **error)
{
  JsonArray *items = required_array (root, "tickets", error);
  g_autoptr (GPtrArray) tickets = NULL;

  if (items == NULL)
    return NULL;
  tickets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject              *item = guichet_json_array_get_object (items, i);
      GuichetParticipantFields fields = { 0 };

      if (item == NULL || (fields.id = dup_text (item, "code")) == NULL)
        {
          g_debug ("Skipping ticket %u: no code", i);
          continue;
        }
      fields.barcode = g_strdup (fields.id);
      fields.event_id = g_strdup (event_id);
      fields.ticket_type_id = guichet_json_dup_id (item, "ticket_type_id");
      fields.checked_in = guichet_json_get_bool (item, "checked_in", FALSE);
      if (fields.checked_in)
        fields.checked_in_at = first_checkin (guichet_json_get_array (item, "checkins"));
      g_ptr_array_add (tickets, _guichet_participant_new_take (&fields));
    }
  return g_steal_pointer (&tickets);
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      /* a multiple choice */
      JsonArray *array = json_node_get_array (node);
      g_autoptr (GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *one = value_text (json_array_get_element (array, i));

          if (one == NULL)
            continue;
          if (joined->len > 0)
            g_string_append (joined, ", ");
          g_string_append (joined, one);
        }
      return joined->len > 0 ? g_strdup (joined->str) : NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      g_autoptr (JsonObject) wrap = json_object_new ();

      json_object_set_member (wrap, "v", json_node_copy (node));
      return dup_text (wrap, "v");
    }
  return NULL;
}

gint64
guichet_oveit_merge_attendees (JsonNode   *root,
                               const char *event_id,
                               GHashTable *by_code,
                               GPtrArray  *order,
                               char      **last_code,
                               GError    **error)
{
  JsonObject *object = root_object (root, error);
  JsonArray  *fields, *attendees;

  if (object == NULL ||
      (attendees = guichet_json_required_array (object, "attendees", error)) == NULL)
    return -1;
  fields = guichet_json_get_array (object, "fields");

  for (guint i = 0; i < json_array_get_length (attendees); i++)
    {
      JsonObject      *attendee = guichet_json_array_get_object (attendees, i);
      g_autofree char *code = attendee ? dup_text (attendee, "ticket_code") : NULL;
      JsonArray       *values = attendee ? guichet_json_get_array (attendee, "values") : NULL;
      JsonObject      *type = attendee ? guichet_json_get_object (attendee, "ticket_type") : NULL;
      g_autoptr (JsonBuilder) answers = json_builder_new_immutable ();
      g_autofree char    *name = NULL;
      g_autofree char    *email = NULL;
      GuichetParticipant *p;
      guint               n = 0;

      if (code == NULL)
        continue;
      g_free (*last_code);
      *last_code = g_strdup (code);

      p = g_hash_table_lookup (by_code, code);
      if (p == NULL)
        {
          GuichetParticipantFields f = { 0 };

          f.id = g_strdup (code);
          f.barcode = g_strdup (code);
          f.event_id = g_strdup (event_id);
          p = _guichet_participant_new_take (&f);
          g_hash_table_insert (by_code, g_strdup (code), p);
          g_ptr_array_add (order, g_object_ref (p));
        }

      json_builder_begin_array (answers);
      for (guint f = 0; fields != NULL && values != NULL && f < json_array_get_length (fields); f++)
        {
          JsonObject      *field = guichet_json_array_get_object (fields, f);
          g_autofree char *label = field ? dup_text (field, "name") : NULL;
          g_autofree char *field_type = field ? dup_text (field, "type") : NULL;
          g_autofree char *value = f < json_array_get_length (values)
                                     ? value_text (json_array_get_element (values, f))
                                     : NULL;

          if (label == NULL || value == NULL)
            continue;
          if (name == NULL && g_ascii_strcasecmp (label, "Name") == 0)
            name = g_strdup (value);
          else if (email == NULL && g_strcmp0 (field_type, "email") == 0)
            email = g_strdup (value);
          json_builder_begin_object (answers);
          json_builder_set_member_name (answers, "label");
          json_builder_add_string_value (answers, label);
          json_builder_set_member_name (answers, "value");
          json_builder_add_string_value (answers, value);
          json_builder_end_object (answers);
          n++;
        }
      json_builder_end_array (answers);

      if (name != NULL)
        {
          char *space = strchr (name, ' ');

          if (space != NULL)
            {
              *space = '\0';
              g_object_set (p, "first-name", name, "last-name", g_strstrip (space + 1), NULL);
            }
          else
            g_object_set (p, "first-name", name, NULL);
        }
      if (email != NULL)
        g_object_set (p, "email", email, NULL);
      if (type != NULL)
        {
          g_autofree char *type_id = guichet_json_dup_id (type, "id");
          g_autofree char *type_name = dup_text (type, "name");

          g_object_set (p, "ticket-type-name", type_name, NULL);
          if (guichet_participant_get_ticket_type_id (p) == NULL)
            g_object_set (p, "ticket-type-id", type_id, NULL);
        }
      {
        g_autofree char *order_id = guichet_json_dup_id (attendee, "order_id");
        g_autofree char *created = dup_time (attendee, "created_at");

        g_object_set (p, "order-id", order_id, "updated-at", created, NULL);
      }
      if (n > 0)
        {
          g_autoptr (JsonNode) node = json_builder_get_root (answers);
          g_autofree char *text = json_to_string (node, FALSE);

          g_object_set (p, "answers", text, NULL);
        }
    }

  return json_array_get_length (attendees);
}

void
guichet_oveit_scan_free (GuichetOveitScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->error);
  g_free (scan->code);
  g_free (scan->ticket_type_id);
  g_clear_pointer (&scan->checkins, g_ptr_array_unref);
  g_free (scan);
}

GuichetOveitScan *
guichet_oveit_parse_scan (JsonNode *root,
                          GError  **error)
{
  JsonObject *object = root_object (root, error);
  g_autoptr (GuichetOveitScan) scan = NULL;
  JsonObject *ticket, *type;
  JsonArray  *checkins;

  if (object == NULL)
    return NULL;
  scan = g_new0 (GuichetOveitScan, 1);
  scan->ok = guichet_json_get_bool (object, "ok", FALSE);
  scan->error = dup_text (object, "error");
  ticket = guichet_json_get_object (object, "ticket");
  type = guichet_json_get_object (object, "ticket_type");
  scan->code = ticket ? dup_text (ticket, "code") : NULL;
  scan->ticket_type_id = type ? guichet_json_dup_id (type, "id") : NULL;
  scan->checkins = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  checkins = guichet_json_get_array (object, "checkins");
  for (guint i = 0; checkins != NULL && i < json_array_get_length (checkins); i++)
    {
      JsonObject      *checkin = guichet_json_array_get_object (checkins, i);
      g_autofree char *date = checkin ? dup_text (checkin, "date") : NULL;
      GDateTime       *dt = parse_time (date);

      if (dt != NULL)
        g_ptr_array_add (scan->checkins, dt);
    }
  if (!scan->ok && scan->error == NULL && scan->code == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Oveit answered the scan without saying whether it was accepted."));
      return NULL;
    }
  return g_steal_pointer (&scan);
}
