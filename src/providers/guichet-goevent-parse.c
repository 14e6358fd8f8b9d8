/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-goevent"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-goevent-parse.h"
#include "guichet-participant-private.h"

#define ISO_FORMAT "%Y-%m-%dT%H:%M:%S%:z"

static void
set_malformed (GError    **error,
               const char *what)
{
  /* Translators: %s says what is missing, e.g. "an id" */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
               _("GoEvent sent a record without %s."), what);
}

/* A text member, NULL when missing, null or blank. */
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
                           _("GoEvent sent a reply that is not a JSON object."));
      return NULL;
    }
  return json_node_get_object (root);
}

static JsonArray *
list_member (JsonNode   *root,
             const char *member,
             GError    **error)
{
  JsonObject *object = root_object (root, error);
  JsonArray  *array;

  if (object == NULL)
    return NULL;
  array = guichet_json_get_array (object, member);
  if (array == NULL)
    /* Translators: %s is a member of a JSON reply, e.g. "events" */
    g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                 _("GoEvent sent a reply without its “%s” list."), member);
  return array;
}

char *
guichet_goevent_dup_time (JsonObject *object,
                          const char *member)
{
  g_autofree char *text = dup_text (object, member);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL)
    return NULL;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      g_debug ("Unreadable time “%s” in “%s”", text, member);
      return NULL;
    }
  return g_date_time_format (dt, ISO_FORMAT);
}

/* Events */

GuichetEvent *
guichet_goevent_parse_event (JsonObject *object,
                             const char *account_id,
                             GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *name = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *venue = NULL;
  const char      *status;

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  name = dup_text (object, "name");
  start = guichet_goevent_dup_time (object, "dateStart");
  end = guichet_goevent_dup_time (object, "dateEnd");
  venue = dup_text (object, "location");
  if (!json_object_has_member (object, "publish"))
    status = NULL;
  else
    status = guichet_json_get_bool (object, "publish", FALSE) ? "published" : "draft";

  return g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name",
                       name ? name : id, "start", start, "end", end, "venue", venue, "status",
                       status, NULL);
}

GPtrArray *
guichet_goevent_parse_events (JsonNode   *root,
                              const char *account_id,
                              GError    **error)
{
  JsonArray *items = list_member (root, "events", error);
  g_autoptr (GPtrArray) events = NULL;

  if (items == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetEvent *event;

      if (item == NULL)
        continue;
      event = guichet_goevent_parse_event (item, account_id, &local_error);
      if (event == NULL)
        {
          g_debug ("Skipping event %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (events, event);
    }

  return g_steal_pointer (&events);
}

/* Tickets: flat categories */

GuichetTicketCategory *
guichet_goevent_parse_ticket (JsonObject *object,
                              const char *event_id,
                              GError    **error)
{
  g_autofree char *id = guichet_json_dup_id (object, "id");
  g_autofree char *name = NULL;
  gint64           quantity;

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }
  name = dup_text (object, "name");
  /* the quota; absent or negative: not limited as far as we know */
  quantity = guichet_json_get_int (object, "quantity", -1);
  if (quantity < 0)
    quantity = -1;

  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", event_id, "kind",
                       GUICHET_CATEGORY_KIND_TICKET, "name", name ? name : id, "quota", quantity,
                       "sold", (gint64) 0, NULL);
}

static GPtrArray *
parse_ticket_array (JsonArray  *items,
                    const char *event_id)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetTicketCategory *ticket;

      if (item == NULL)
        continue;
      ticket = guichet_goevent_parse_ticket (item, event_id, &local_error);
      if (ticket == NULL)
        {
          g_debug ("Skipping ticket %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (tickets, ticket);
    }

  return tickets;
}

GPtrArray *
guichet_goevent_parse_tickets (JsonNode   *root,
                               const char *event_id,
                               GError    **error)
{
  JsonArray *items = list_member (root, "tickets", error);

  if (items == NULL)
    return NULL;
  return parse_ticket_array (items, event_id);
}

GuichetEvent *
guichet_goevent_parse_event_reply (JsonNode   *root,
                                   const char *account_id,
                                   GPtrArray **tickets,
                                   GError    **error)
{
  JsonObject *object = root_object (root, error);
  JsonObject *event_object;
  g_autoptr (GuichetEvent) event = NULL;

  if (object == NULL)
    return NULL;
  event_object = guichet_json_get_object (object, "event");
  if (event_object == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                   _("GoEvent sent a reply without its “%s” list."), "event");
      return NULL;
    }
  event = guichet_goevent_parse_event (event_object, account_id, error);
  if (event == NULL)
    return NULL;
  if (tickets != NULL)
    *tickets =
      parse_ticket_array (guichet_json_get_array (object, "tickets"), guichet_event_get_id (event));
  return g_steal_pointer (&event);
}

/* Participants */

static void
add_answer (JsonBuilder *builder,
            const char  *label,
            const char  *value,
            guint       *n)
{
  if (value == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  (*n)++;
}

static char *
finish_answers (JsonBuilder *builder,
                guint        n)
{
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_array (builder);
  if (n == 0)
    return NULL;
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GuichetParticipant *
guichet_goevent_parse_participant (JsonObject *object,
                                   const char *event_id,
                                   GError    **error)
{
  GuichetParticipantFields fields = { 0 };
  g_autoptr (JsonBuilder) answers = json_builder_new_immutable ();
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;
  guint            n_answers = 0;

  fields.id = guichet_json_dup_id (object, "id");
  if (fields.id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }

  /* No barcode in the API: the door matches the participant id */
  fields.barcode = g_strdup (fields.id);
  fields.event_id = g_strdup (event_id);
  fields.first_name = dup_text (object, "first_name");
  fields.last_name = dup_text (object, "last_name");
  fields.email = dup_text (object, "email");
  fields.status = guichet_json_get_bool (object, "confirmed", TRUE)
                    ? GUICHET_PARTICIPANT_STATUS_VALID
                    : GUICHET_PARTICIPANT_STATUS_UNPAID;
  fields.updated_at = guichet_goevent_dup_time (object, "created");

  phone = dup_text (object, "phone");
  address = dup_text (object, "address");
  json_builder_begin_array (answers);
  add_answer (answers, _("Phone"), phone, &n_answers);
  add_answer (answers, _("Address"), address, &n_answers);
  fields.answers = finish_answers (answers, n_answers);

  return _guichet_participant_new_take (&fields);
}

GPtrArray *
guichet_goevent_parse_participants (JsonNode   *root,
                                    const char *event_id,
                                    GError    **error)
{
  JsonArray *items = list_member (root, "participants", error);
  g_autoptr (GPtrArray) participants = NULL;

  if (items == NULL)
    return NULL;

  participants = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetParticipant *participant;

      if (item == NULL)
        continue;
      participant = guichet_goevent_parse_participant (item, event_id, &local_error);
      if (participant == NULL)
        {
          g_debug ("Skipping participant %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (participants, participant);
    }

  return g_steal_pointer (&participants);
}

/* Create tickets */

static void
ticket_link_free (GuichetGoeventTicketLink *link)
{
  g_free (link->name);
  g_free (link->url);
  g_free (link);
}

void
guichet_goevent_issue_free (GuichetGoeventIssue *issue)
{
  if (issue == NULL)
    return;
  g_clear_object (&issue->participant);
  g_clear_pointer (&issue->links, g_ptr_array_unref);
  g_free (issue);
}

GuichetGoeventIssue *
guichet_goevent_parse_issue (JsonNode   *root,
                             const char *event_id,
                             GError    **error)
{
  JsonObject *object = root_object (root, error);
  g_autoptr (GuichetGoeventIssue) issue = NULL;
  JsonObject *participant;
  JsonArray  *tickets;

  if (object == NULL)
    return NULL;

  tickets = guichet_json_get_array (object, "tickets");
  if (!guichet_json_get_bool (object, "success", tickets != NULL))
    {
      g_autofree char *message = dup_text (object, "message");

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED,
                   /* Translators: %s is the server's message */
                   _("GoEvent did not create the tickets: %s"),
                     message ? message : _("no reason given"));
      return NULL;
    }

  issue = g_new0 (GuichetGoeventIssue, 1);
  issue->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_link_free);
  for (guint i = 0; tickets != NULL && i < json_array_get_length (tickets); i++)
    {
      JsonObject               *item = guichet_json_array_get_object (tickets, i);
      GuichetGoeventTicketLink *link;

      if (item == NULL)
        continue;
      link = g_new0 (GuichetGoeventTicketLink, 1);
      link->name = dup_text (item, "name");
      link->url = dup_text (item, "url");
      link->quantity = MAX (guichet_json_get_int (item, "quantity", 1), 0);
      g_ptr_array_add (issue->links, link);
    }

  participant = guichet_json_get_object (object, "participant");
  if (participant != NULL)
    {
      g_autoptr (JsonBuilder) answers = json_builder_new_immutable ();
      g_autofree char *phone = dup_text (participant, "phone");
      g_autofree char *address = dup_text (participant, "address");
      g_autofree char *id = guichet_json_dup_id (participant, "id");
      guint            n = 0;

      if (id == NULL)
        {
          set_malformed (error, _("an id"));
          return NULL;
        }

      json_builder_begin_array (answers);
      add_answer (answers, _("Phone"), phone, &n);
      add_answer (answers, _("Address"), address, &n);
      for (guint i = 0; i < issue->links->len; i++)
        {
          GuichetGoeventTicketLink *link = g_ptr_array_index (issue->links, i);
          g_autofree char          *label = NULL;

          if (link->url == NULL)
            continue;
          /* Translators: %s is a ticket name such as "VIP"; the value is the PDF's address */
          label = g_strdup_printf (_("Ticket %s"), link->name ? link->name : "");
          add_answer (answers, g_strstrip (label), link->url, &n);
        }

      {
        GuichetParticipantFields fields = { 0 };

        fields.id = g_steal_pointer (&id);
        fields.barcode = g_strdup (fields.id);
        fields.event_id = g_strdup (event_id);
        fields.first_name = dup_text (participant, "first_name");
        fields.last_name = dup_text (participant, "last_name");
        fields.email = dup_text (participant, "email");
        fields.status = guichet_json_get_bool (participant, "confirmed", TRUE)
                          ? GUICHET_PARTICIPANT_STATUS_VALID
                          : GUICHET_PARTICIPANT_STATUS_UNPAID;
        fields.answers = finish_answers (answers, n);
        issue->participant = _guichet_participant_new_take (&fields);
      }
    }

  return g_steal_pointer (&issue);
}
