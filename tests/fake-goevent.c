/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-goevent"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "fake-control.h"
#include "fake-goevent.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 100

typedef struct
{
  char *id;
  char *name;
  guint quantity;
  guint sold;
} Ticket;

typedef struct
{
  char    *id;
  char    *first_name;
  char    *last_name;
  char    *email;
  char    *phone;
  char    *address;
  gboolean confirmed;
  char    *created;
} Participant;

typedef struct
{
  char      *id;
  char      *name;
  char      *slug;
  char      *start;
  char      *end;
  char      *location;
  gboolean   publish;
  GPtrArray *tickets;      /* Ticket */
  GPtrArray *participants; /* Participant */
} Event;

struct _FakeGoevent
{
  GuichetFakeServer *server;
  GPtrArray         *events; /* Event */
  guint              page_cap;
  guint              serial;
};

static const char *first_names[] = {
  "Camille", "Léa",   "Manon", "Chloé", "Inès",   "Lucas", "Hugo",  "Louis",  "Nathan",  "Gabriel",
  "Zoé",     "Anaïs", "Théo",  "Maël",  "Noémie", "Jules", "Ambre", "Éloïse", "Raphaël", "Sacha",
};
static const char *last_names[] = {
  "Martin", "Bernard", "Dubois",   "Thomas", "Robert",  "Richard", "Petit",
  "Durand", "Leroy",   "Moreau",   "Simon",  "Laurent", "Lefèvre", "Michel",
  "García", "N'Diaye", "Fournier", "Girard", "Bonnet",  "Dupont",
};

static void
ticket_free (Ticket *t)
{
  g_free (t->id);
  g_free (t->name);
  g_free (t);
}

static void
participant_free (Participant *p)
{
  g_free (p->id);
  g_free (p->first_name);
  g_free (p->last_name);
  g_free (p->email);
  g_free (p->phone);
  g_free (p->address);
  g_free (p->created);
  g_free (p);
}

static void
event_free (Event *e)
{
  g_free (e->id);
  g_free (e->name);
  g_free (e->slug);
  g_free (e->start);
  g_free (e->end);
  g_free (e->location);
  g_ptr_array_unref (e->tickets);
  g_ptr_array_unref (e->participants);
  g_free (e);
}

char *
fake_goevent_dup_participant_id (guint index)
{
  /* index 0 and 1 are the document's 697f54811fc6cd47e04c39c3 / ...c4 */
  return g_strdup_printf ("697f54811fc6cd47%08x", 0xe04c39c3u + index);
}

gboolean
fake_goevent_is_confirmed (guint index)
{
  return index % 17 != 16;
}

static Ticket *
ticket_new (const char *id,
            const char *name,
            guint       quantity)
{
  Ticket *t = g_new0 (Ticket, 1);

  t->id = g_strdup (id);
  t->name = g_strdup (name);
  t->quantity = quantity;
  return t;
}

static Event *
event_new (const char *id,
           const char *name,
           const char *slug,
           const char *start,
           const char *end,
           const char *location)
{
  Event *e = g_new0 (Event, 1);

  e->id = g_strdup (id);
  e->name = g_strdup (name);
  e->slug = g_strdup (slug);
  e->start = g_strdup (start);
  e->end = g_strdup (end);
  e->location = g_strdup (location);
  e->publish = TRUE;
  e->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  e->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) participant_free);
  return e;
}

static Event *
find_event (FakeGoevent *self,
            const char  *id)
{
  for (guint i = 0; id != NULL && i < self->events->len; i++)
    {
      Event *e = g_ptr_array_index (self->events, i);

      if (g_str_equal (e->id, id))
        return e;
    }
  return NULL;
}

static Ticket *
find_ticket (Event      *e,
             const char *id)
{
  for (guint i = 0; id != NULL && i < e->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (e->tickets, i);

      if (g_str_equal (t->id, id))
        return t;
    }
  return NULL;
}

static Participant *
find_participant (FakeGoevent *self,
                  const char  *id)
{
  for (guint i = 0; id != NULL && i < self->events->len; i++)
    {
      Event *e = g_ptr_array_index (self->events, i);

      for (guint j = 0; j < e->participants->len; j++)
        {
          Participant *p = g_ptr_array_index (e->participants, j);

          if (g_str_equal (p->id, id))
            return p;
        }
    }
  return NULL;
}

/* ---- JSON ---- */

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_event (JsonBuilder *b,
           Event       *e)
{
  g_autofree char *path = g_strconcat ("/", e->slug, NULL);
  g_autofree char *site = g_strconcat ("https://www.goevent.live/e/", e->slug, NULL);
  g_autofree char *checkout = g_strconcat (site, "/checkout", NULL);

  json_builder_begin_object (b);
  add_string (b, "id", e->id);
  add_string (b, "name", e->name);
  add_string (b, "slug", e->slug);
  add_string (b, "path", path);
  add_string (b, "dateStart", e->start);
  add_string (b, "dateEnd", e->end);
  add_string (b, "location", e->location);
  json_builder_set_member_name (b, "publish");
  json_builder_add_boolean_value (b, e->publish);
  json_builder_set_member_name (b, "cover");
  json_builder_begin_object (b);
  add_string (
    b, "square",
    "https://res.cloudinary.com/genielabel/image/upload/c_fill,w_200,h_200,g_auto/abc123.jpg");
  add_string (b, "original", "https://res.cloudinary.com/genielabel/image/upload/abc123.jpg");
  json_builder_end_object (b);
  add_string (b, "checkoutUrl", checkout);
  add_string (b, "siteUrl", site);
  json_builder_end_object (b);
}

static void
add_tickets (JsonBuilder *b,
             Event       *e)
{
  json_builder_set_member_name (b, "tickets");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (e->tickets, i);

      json_builder_begin_object (b);
      add_string (b, "id", t->id);
      add_string (b, "name", t->name);
      json_builder_set_member_name (b, "available");
      json_builder_add_boolean_value (b, t->sold < t->quantity);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_int_value (b, t->quantity);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_participant_members (JsonBuilder *b,
                         Participant *p)
{
  add_string (b, "id", p->id);
  add_string (b, "last_name", p->last_name);
  add_string (b, "first_name", p->first_name);
  add_string (b, "email", p->email);
  add_string (b, "phone", p->phone);
  add_string (b, "address", p->address);
}

static void
reply_builder (SoupServerMessage *msg,
               guint              status,
               JsonBuilder       *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  guichet_fake_reply_take (msg, status, json_to_string (root, FALSE));
}

/* The NestJS-style error body GoEvent's API answers with. */
static void
reply_status (SoupServerMessage *msg,
              guint              status,
              const char        *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "statusCode");
  json_builder_add_int_value (b, status);
  add_string (b, "message", message);
  json_builder_end_object (b);
  reply_builder (msg, status, b);
}

static void
reply_refused (SoupServerMessage *msg,
               const char        *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, FALSE);
  add_string (b, "message", message);
  json_builder_end_object (b);
  reply_builder (msg, 400, b);
}

/* ---- auth and paging ---- */

static gboolean
authorized (SoupServerMessage *msg)
{
  const char *header =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (header != NULL && g_str_equal (header, "Bearer " FAKE_GOEVENT_TOKEN))
    return TRUE;
  reply_status (msg, 401, "Unauthorized");
  return FALSE;
}

static gboolean
read_number (GHashTable        *query,
             const char        *name,
             guint              fallback,
             guint             *out,
             SoupServerMessage *msg)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  guint64     value;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf ("%s must be a positive integer", name);

      reply_status (msg, 400, message);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* Computes the window of @total records for the query; FALSE after a 400. */
static gboolean
page_window (FakeGoevent       *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             guint              total,
             guint             *page,
             guint             *first,
             guint             *n)
{
  guint limit;

  if (!read_number (query, "page", 1, page, msg) ||
      !read_number (query, "limit", DEFAULT_LIMIT, &limit, msg))
    return FALSE;
  limit = MIN (limit, MAX_LIMIT);
  if (self->page_cap > 0)
    limit = MIN (limit, self->page_cap);

  *first = (guint) MIN ((guint64) (*page - 1) * limit, total);
  *n = MIN (limit, total - *first);
  return TRUE;
}

static void
add_paginate (JsonBuilder *b,
              guint        page,
              gboolean     more)
{
  json_builder_set_member_name (b, "paginate");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hasNextPage");
  json_builder_add_boolean_value (b, more);
  json_builder_set_member_name (b, "nextPage");
  if (more)
    json_builder_add_int_value (b, page + 1);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

/* ---- routes ---- */

static void
handle_events (GuichetFakeServer *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeGoevent *self = user_data;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint page, first, n;

  if (!authorized (msg) || !page_window (self, msg, query, self->events->len, &page, &first, &n))
    return;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = first; i < first + n; i++)
    add_event (b, g_ptr_array_index (self->events, i));
  json_builder_end_array (b);
  add_paginate (b, page, first + n < self->events->len);
  json_builder_end_object (b);
  reply_builder (msg, 200, b);
}

static void
handle_event (GuichetFakeServer *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeGoevent *self = user_data;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  Event *e;

  if (!authorized (msg))
    return;
  e = find_event (self, path + strlen ("/event/"));
  if (e == NULL)
    {
      reply_status (msg, 404, "Event not found");
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  add_event (b, e);
  add_tickets (b, e);
  json_builder_end_object (b);
  reply_builder (msg, 200, b);
}

static Event *
event_of_query (FakeGoevent       *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *id = query ? g_hash_table_lookup (query, "eventId") : NULL;
  Event      *e;

  if (id == NULL || id[0] == '\0')
    {
      reply_status (msg, 400, "eventId is required");
      return NULL;
    }
  e = find_event (self, id);
  if (e == NULL)
    reply_status (msg, 404, "Event not found");
  return e;
}

static void
handle_tickets (GuichetFakeServer *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeGoevent *self = user_data;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  Event *e;

  if (!authorized (msg) || (e = event_of_query (self, msg, query)) == NULL)
    return;

  json_builder_begin_object (b);
  add_tickets (b, e);
  json_builder_end_object (b);
  reply_builder (msg, 200, b);
}

static void
handle_participants (GuichetFakeServer *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  FakeGoevent *self = user_data;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint  page, first, n;
  Event *e;

  if (!authorized (msg) || (e = event_of_query (self, msg, query)) == NULL ||
      !page_window (self, msg, query, e->participants->len, &page, &first, &n))
    return;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "participants");
  json_builder_begin_array (b);
  for (guint i = first; i < first + n; i++)
    {
      Participant *p = g_ptr_array_index (e->participants, i);

      json_builder_begin_object (b);
      add_participant_members (b, p);
      json_builder_set_member_name (b, "confirmed");
      json_builder_add_boolean_value (b, p->confirmed);
      add_string (b, "created", p->created);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_paginate (b, page, first + n < e->participants->len);
  json_builder_end_object (b);
  reply_builder (msg, 200, b);
}

static char *
dup_member_text (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static void
handle_create (GuichetFakeServer *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeGoevent *self = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *event_id = NULL;
  JsonObject      *request, *who;
  JsonArray       *lines;
  Participant     *holder = NULL;
  Event           *e;

  if (!authorized (msg))
    return;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      reply_refused (msg, "The body must be a JSON object");
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  event_id = dup_member_text (request, "eventId");
  e = find_event (self, event_id);
  if (e == NULL)
    {
      reply_status (msg, 404, "Event not found");
      return;
    }

  lines = json_object_has_member (request, "tickets") &&
              JSON_NODE_HOLDS_ARRAY (json_object_get_member (request, "tickets"))
            ? json_object_get_array_member (request, "tickets")
            : NULL;
  if (lines == NULL || json_array_get_length (lines) == 0)
    {
      reply_refused (msg, "tickets must be a non-empty array");
      return;
    }
  /* check every line before selling any */
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonNode        *node = json_array_get_element (lines, i);
      JsonObject      *line = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *ticket_id = dup_member_text (line, "ticket_id");
      JsonNode        *quantity = line ? json_object_get_member (line, "quantity") : NULL;
      Ticket          *t = find_ticket (e, ticket_id);
      gint64           wanted;

      if (t == NULL)
        {
          reply_refused (msg, "Unknown ticket_id for this event");
          return;
        }
      if (quantity == NULL || json_node_get_value_type (quantity) != G_TYPE_INT64 ||
          (wanted = json_node_get_int (quantity)) < 1)
        {
          reply_refused (msg, "quantity must be a positive integer");
          return;
        }
      if (t->sold + wanted > t->quantity)
        {
          reply_refused (msg, "Not enough tickets available");
          return;
        }
    }

  who = json_object_has_member (request, "participant") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (request, "participant"))
          ? json_object_get_object_member (request, "participant")
          : NULL;
  if (who != NULL && json_object_has_member (who, "participantId"))
    {
      g_autofree char *id = dup_member_text (who, "participantId");

      holder = find_participant (self, id);
      if (holder == NULL)
        {
          reply_status (msg, 404, "Participant not found");
          return;
        }
    }
  else if (who != NULL)
    {
      g_autofree char *first = dup_member_text (who, "first_name");
      g_autofree char *last = dup_member_text (who, "last_name");

      if ((first == NULL || first[0] == '\0') && (last == NULL || last[0] == '\0'))
        {
          reply_refused (msg, "participant needs a first_name or a last_name");
          return;
        }
      holder = g_new0 (Participant, 1);
      holder->id = g_strdup_printf ("6a00000000000000%08x", ++self->serial);
      holder->first_name = g_steal_pointer (&first);
      holder->last_name = g_steal_pointer (&last);
      holder->email = dup_member_text (who, "email");
      holder->phone = dup_member_text (who, "phone");
      holder->confirmed = TRUE;
      holder->created = g_strdup ("2026-05-01T10:00:00.000Z");
      g_ptr_array_add (e->participants, holder);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "participant");
  if (holder != NULL)
    {
      json_builder_begin_object (b);
      add_participant_members (b, holder);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "tickets");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject      *line = json_array_get_object_element (lines, i);
      g_autofree char *ticket_id = dup_member_text (line, "ticket_id");
      Ticket          *t = find_ticket (e, ticket_id);
      gint64           wanted = json_object_get_int_member (line, "quantity");
      g_autofree char *url = NULL;

      t->sold += wanted;
      url = g_strdup_printf ("https://goeventcloud2.s3.amazonaws.com/ticket-%u.pdf?signature=fake",
                             ++self->serial);
      json_builder_begin_object (b);
      add_string (b, "name", t->name);
      add_string (b, "url", url);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_int_value (b, wanted);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  reply_builder (msg, 200, b);
}

/* ---- set-up ---- */

static void
generate (FakeGoevent *self,
          guint        n_participants,
          guint        n_events)
{
  Event *e = event_new (FAKE_GOEVENT_EVENT, "Concert de Jazz", "concert-de-jazz",
                        "2024-06-15T20:00:00.000Z", "2024-06-16T02:00:00.000Z", "Paris, France");

  g_ptr_array_add (e->tickets, ticket_new (FAKE_GOEVENT_VIP, "VIP", 100));
  g_ptr_array_add (e->tickets, ticket_new (FAKE_GOEVENT_STANDARD, "Standard", 250));
  for (guint i = 0; i < n_participants; i++)
    {
      Participant *p = g_new0 (Participant, 1);

      p->id = fake_goevent_dup_participant_id (i);
      if (i == 0 || i == 1)
        {
          /* the document's two */
          p->first_name = g_strdup (i == 0 ? "John" : "Jane");
          p->last_name = g_strdup (i == 0 ? "Doe" : "Smith");
          p->email = g_strdup ("[email protected]");
          p->phone = g_strdup (i == 0 ? "+1234567890" : "+1234567891");
          p->address = i == 0 ? NULL : g_strdup ("123 Main St");
        }
      else
        {
          const char      *first = first_names[i % G_N_ELEMENTS (first_names)];
          g_autofree char *ascii = g_str_to_ascii (first, "C");
          g_autofree char *lower = g_ascii_strdown (ascii, -1);

          p->first_name = g_strdup (first);
          p->last_name =
            g_strdup (last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
          p->email = g_strdup_printf ("%s.%u@example.invalid", lower, i);
          p->phone = i % 3 == 0 ? NULL : g_strdup_printf ("+3361234%04u", i % 10000);
        }
      p->confirmed = fake_goevent_is_confirmed (i);
      p->created = g_strdup_printf ("2024-01-%02uT10:30:00.000Z", 1 + i % 28);
      g_ptr_array_add (e->participants, p);
    }
  g_ptr_array_add (self->events, e);

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("67212707e47ff567%08x", 0x41acb3a6u + i);
      g_autofree char *name = g_strdup_printf ("Soirée %u", i + 1);
      g_autofree char *slug = g_strdup_printf ("soiree-%u", i + 1);
      g_autofree char *start = g_strdup_printf ("2026-%02u-10T19:00:00.000Z", 1 + i % 12);
      g_autofree char *ticket_id = g_strdup_printf ("66000000000000000000%04x", i);

      e = event_new (id, name, slug, start, NULL, i % 2 ? NULL : "Lyon, France");
      e->publish = i % 3 != 2;
      g_ptr_array_add (e->tickets, ticket_new (ticket_id, "Entrée", 50 + i));
      g_ptr_array_add (self->events, e);
    }
}

FakeGoevent *
fake_goevent_new (guint    n_participants,
                  guint    n_events,
                  GError **error)
{
  FakeGoevent *self = g_new0 (FakeGoevent, 1);

  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  generate (self, n_participants, n_events);

  self->server = guichet_fake_server_new ("goevent", error);
  if (self->server == NULL)
    {
      fake_goevent_free (self);
      return NULL;
    }
  fake_control_install (self->server);
  guichet_fake_server_add_route (self->server, "GET", "/events", handle_events, self);
  guichet_fake_server_add_route (self->server, "GET", "/event/*", handle_event, self);
  guichet_fake_server_add_route (self->server, "GET", "/tickets", handle_tickets, self);
  guichet_fake_server_add_route (self->server, "POST", "/tickets/create", handle_create, self);
  guichet_fake_server_add_route (self->server, "GET", "/participants", handle_participants, self);
  return self;
}

void
fake_goevent_free (FakeGoevent *self)
{
  if (self == NULL)
    return;
  /* the server's thread stops before the data it reads goes */
  g_clear_object (&self->server);
  g_ptr_array_unref (self->events);
  g_free (self);
}

GuichetFakeServer *
fake_goevent_get_server (FakeGoevent *self)
{
  return self->server;
}

const char *
fake_goevent_get_base_url (FakeGoevent *self)
{
  return guichet_fake_server_get_base_url (self->server);
}

void
fake_goevent_set_page_cap (FakeGoevent *self,
                           guint        cap)
{
  guichet_fake_server_lock (self->server);
  self->page_cap = cap;
  guichet_fake_server_unlock (self->server);
}

guint
fake_goevent_get_n_participants (FakeGoevent *self)
{
  guint n;

  guichet_fake_server_lock (self->server);
  n = ((Event *) g_ptr_array_index (self->events, 0))->participants->len;
  guichet_fake_server_unlock (self->server);
  return n;
}

guint
fake_goevent_get_sold (FakeGoevent *self,
                       const char  *ticket_id)
{
  guint sold = 0;

  guichet_fake_server_lock (self->server);
  for (guint i = 0; i < self->events->len; i++)
    {
      Ticket *t = find_ticket (g_ptr_array_index (self->events, i), ticket_id);

      if (t != NULL)
        sold = t->sold;
    }
  guichet_fake_server_unlock (self->server);
  return sold;
}
