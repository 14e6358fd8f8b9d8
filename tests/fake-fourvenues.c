/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-fourvenues"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "fake-control.h"
#include "fake-fourvenues.h"

typedef struct
{
  char     *id;
  char     *event_id;
  char     *rate_id;
  char     *qr_code;
  char     *status;
  char     *full_name;
  char     *email;
  char     *phone;
  double    price;
  double    fee;
  double    total;
  double    refunded;
  guint     admits;
  guint     entered;
  char     *entry_time;
  JsonNode *answers;     /* as sent, or NULL */
  JsonNode *supplements; /* as sent, or NULL */
} Ticket;

struct _FakeFourvenues
{
  GuichetFakeServer *server;
  JsonNode          *events;  /* the data file's "data" array */
  GPtrArray         *tickets; /* Ticket */
  gboolean           refunds_allowed;
  guint              serial;
};

static const char *names[] = {
  "Núria Puig",  "Jordi Vidal", "Marta Soler", "Pau Roca",    "Laia Ferrer", "Arnau Font",
  "Júlia Serra", "Oriol Pujol", "Mireia Vila", "Èric Casals", "Aina Bosch",  "Pol Martí",
};

static void
ticket_free (Ticket *t)
{
  g_free (t->id);
  g_free (t->event_id);
  g_free (t->rate_id);
  g_free (t->qr_code);
  g_free (t->status);
  g_free (t->full_name);
  g_free (t->email);
  g_free (t->phone);
  g_free (t->entry_time);
  g_clear_pointer (&t->answers, json_node_unref);
  g_clear_pointer (&t->supplements, json_node_unref);
  g_free (t);
}

char *
fake_fourvenues_dup_qr_code (guint index)
{
  return g_strdup_printf ("FV-%06u", 100000 + index);
}

guint
fake_fourvenues_admits (guint index)
{
  return index % 10 == 9 ? 4 : 1;
}

const char *
fake_fourvenues_status (guint index)
{
  if (index % 13 == 12)
    return "voided";
  if (index % 11 == 10)
    return "pending_payment";
  if (index % 17 == 16)
    return "processing";
  return index % 3 == 0 ? "filled_client" : "active";
}

gboolean
fake_fourvenues_entered (guint index)
{
  return index % 7 == 6;
}

/* ---- data ---- */

static JsonObject *
find_event (FakeFourvenues *self,
            const char     *id)
{
  JsonArray *events = json_node_get_array (self->events);

  for (guint i = 0; id != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "_id"), id))
        return event;
    }
  return NULL;
}

static JsonObject *
find_rate (FakeFourvenues *self,
           const char     *rate_id,
           const char    **event_id)
{
  JsonArray *events = json_node_get_array (self->events);

  for (guint i = 0; rate_id != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      JsonArray  *rates = json_object_get_array_member (event, "ticket_rates");

      for (guint j = 0; j < json_array_get_length (rates); j++)
        {
          JsonObject *rate = json_array_get_object_element (rates, j);

          if (g_str_equal (json_object_get_string_member (rate, "_id"), rate_id))
            {
              if (event_id != NULL)
                *event_id = json_object_get_string_member (event, "_id");
              return rate;
            }
        }
    }
  return NULL;
}

/* The rate's active price: current_price as an object or a price id. */
static JsonObject *
active_price (JsonObject *rate)
{
  JsonNode  *current = rate ? json_object_get_member (rate, "current_price") : NULL;
  JsonArray *prices = rate ? json_object_get_array_member (rate, "prices") : NULL;

  if (current == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (current))
    return json_node_get_object (current);
  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_strcmp0 (json_object_get_string_member (price, "_id"),
                     json_node_get_string (current)) == 0)
        return price;
    }
  return NULL;
}

static Ticket *
find_ticket (FakeFourvenues *self,
             const char     *id,
             const char     *qr_code)
{
  for (guint i = 0; i < self->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (self->tickets, i);

      if ((id != NULL && g_str_equal (t->id, id)) ||
          (qr_code != NULL && g_str_equal (t->qr_code, qr_code)))
        return t;
    }
  return NULL;
}

static void
count_sale (JsonObject *rate,
            gint64      n)
{
  JsonObject *availability = json_object_get_object_member (rate, "availability");

  json_object_set_int_member (availability, "sold",
                              json_object_get_int_member (availability, "sold") + n);
  json_object_set_int_member (availability, "available",
                              MAX (json_object_get_int_member (availability, "available") - n, 0));
}

static Ticket *
ticket_new (FakeFourvenues *self,
            const char     *event_id,
            const char     *rate_id,
            const char     *qr_code,
            guint           admits)
{
  Ticket *t = g_new0 (Ticket, 1);

  t->id = g_strdup_printf ("64f1%020x", ++self->serial);
  t->event_id = g_strdup (event_id);
  t->rate_id = g_strdup (rate_id);
  t->qr_code = g_strdup (qr_code);
  t->status = g_strdup ("active");
  t->admits = admits;
  g_ptr_array_add (self->tickets, t);
  return t;
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
add_double (JsonBuilder *b,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, value);
}

static void
add_ticket (FakeFourvenues *self,
            JsonBuilder    *b,
            Ticket         *t)
{
  JsonObject *rate = find_rate (self, t->rate_id, NULL);
  JsonObject *current = active_price (rate);
  JsonArray  *prices = rate ? json_object_get_array_member (rate, "prices") : NULL;

  if (current == NULL && prices != NULL && json_array_get_length (prices) > 0)
    current = json_array_get_object_element (prices, 0);

  json_builder_begin_object (b);
  add_string (b, "_id", t->id);
  add_string (b, "event_id", t->event_id);
  add_string (b, "ticket_rate_id", t->rate_id);
  add_string (b, "qr_code", t->qr_code);
  add_string (b, "status", t->status);
  json_builder_set_member_name (b, "price");
  if (current != NULL)
    {
      JsonNode *copy = json_node_alloc ();

      json_node_init_object (copy, current);
      json_builder_add_value (b, copy);
    }
  else
    json_builder_add_null_value (b);
  add_string (b, "payment_currency", "EUR");
  add_string (b, "channel_id", "5f8d0f8b9d2b3b0017b6d8a0");
  add_string (b, "full_name", t->full_name);
  add_string (b, "phone", t->phone);
  add_string (b, "email", t->email);
  json_builder_set_member_name (b, "answers");
  if (t->answers != NULL)
    json_builder_add_value (b, json_node_copy (t->answers));
  else
    {
      json_builder_begin_array (b);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "supplements");
  if (t->supplements != NULL)
    json_builder_add_value (b, json_node_copy (t->supplements));
  else
    {
      json_builder_begin_array (b);
      json_builder_end_array (b);
    }
  add_double (b, "refunded", t->refunded);
  json_builder_set_member_name (b, "refunds");
  json_builder_begin_array (b);
  if (t->refunded > 0)
    {
      json_builder_begin_object (b);
      add_double (b, "amount", t->refunded);
      add_string (b, "at", "2026-05-01T10:00:00.000Z");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* "for" as text now and then, as live replies do */
  json_builder_set_member_name (b, "for");
  if (t->admits > 1)
    {
      g_autofree char *text = g_strdup_printf ("%u", t->admits);

      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_int_value (b, t->admits);
  json_builder_set_member_name (b, "enter");
  json_builder_add_int_value (b, t->entered);
  add_string (b, "entry_time", t->entry_time);
  add_double (b, "total_fees", t->fee);
  add_double (b, "total_price", t->total);
  json_builder_end_object (b);
}

static void
reply_data (SoupServerMessage *msg,
            guint              status,
            JsonNode          *data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, data);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  guichet_fake_reply_take (msg, status, json_to_string (root, FALSE));
}

static void
reply_refused (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, FALSE);
  add_string (b, "message", message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  guichet_fake_reply_take (msg, status, json_to_string (root, FALSE));
}

static gboolean
authorized (SoupServerMessage *msg)
{
  const char *key =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Api-Key");

  if (key != NULL && g_str_equal (key, FAKE_FOURVENUES_API_KEY))
    return TRUE;
  reply_refused (msg, 401, "Unauthorized");
  return FALSE;
}

static JsonNode *
tickets_node (FakeFourvenues *self,
              const char     *event_id,
              const char     *qr_code,
              GPtrArray      *only)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < self->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (self->tickets, i);

      if ((event_id != NULL && !g_str_equal (t->event_id, event_id)) ||
          (qr_code != NULL && !g_str_equal (t->qr_code, qr_code)) ||
          (only != NULL && !g_ptr_array_find (only, t, NULL)))
        continue;
      add_ticket (self, b, t);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* ---- routes ---- */

static void
handle_auth (GuichetFakeServer *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  g_autofree char *file = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *data;

  if (!authorized (msg))
    return;
  file = guichet_fake_server_get_data_path (server, "auth.json");
  if (!json_parser_load_from_file (parser, file, NULL))
    {
      reply_refused (msg, 500, "fixture missing");
      return;
    }
  data = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "data");
  reply_data (msg, 200, json_node_copy (data));
}

static gboolean
read_date (GHashTable *query,
           const char *name,
           GDateTime **out)
{
  const char      *text = query ? g_hash_table_lookup (query, name) : NULL;
  g_autofree char *iso = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();

  *out = NULL;
  if (text == NULL)
    return TRUE;
  if (strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00", NULL);
  *out = g_date_time_new_from_iso8601 (iso, utc);
  return *out != NULL;
}

static void
handle_events (GuichetFakeServer *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  JsonArray      *events = json_node_get_array (self->events);
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (!authorized (msg))
    return;
  if (!read_date (query, "start_date", &from) || !read_date (query, "end_date", &to))
    {
      reply_refused (msg, 400, "start_date and end_date must be YYYY-MM-DD");
      return;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autoptr (GDateTime) start =
        g_date_time_new_from_iso8601 (json_object_get_string_member (event, "start_date"), NULL);
      JsonNode *copy;

      if (from != NULL && g_date_time_compare (start, from) < 0)
        continue;
      if (to != NULL)
        {
          g_autoptr (GDateTime) end_of_day = g_date_time_add_days (to, 1);

          if (g_date_time_compare (start, end_of_day) >= 0)
            continue;
        }
      copy = json_node_alloc ();
      json_node_init_object (copy, event);
      json_builder_add_value (b, copy);
    }
  json_builder_end_array (b);
  reply_data (msg, 200, json_builder_get_root (b));
}

static void
handle_event (GuichetFakeServer *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  JsonObject     *event;
  JsonNode       *copy;

  if (!authorized (msg))
    return;
  event = find_event (self, path + strlen ("/events/"));
  if (event == NULL)
    {
      reply_refused (msg, 404, "Event not found");
      return;
    }
  copy = json_node_alloc ();
  json_node_init_object (copy, event);
  reply_data (msg, 200, copy);
}

static void
handle_rates (GuichetFakeServer *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  const char     *event_id = query ? g_hash_table_lookup (query, "event_id") : NULL;
  JsonObject     *event;

  if (!authorized (msg))
    return;
  event = find_event (self, event_id);
  if (event == NULL)
    {
      reply_refused (msg, event_id ? 404 : 400,
                     event_id ? "Event not found" : "event_id is required");
      return;
    }
  reply_data (msg, 200, json_node_copy (json_object_get_member (event, "ticket_rates")));
}

static void
handle_tickets (GuichetFakeServer *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  const char     *event_id = query ? g_hash_table_lookup (query, "event_id") : NULL;

  if (!authorized (msg))
    return;
  if (event_id != NULL && find_event (self, event_id) == NULL)
    {
      reply_refused (msg, 404, "Event not found");
      return;
    }
  reply_data (msg, 200, tickets_node (self, event_id, NULL, NULL));
}

static void
handle_by_code (GuichetFakeServer *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeFourvenues  *self = user_data;
  g_autofree char *code = g_uri_unescape_string (path + strlen ("/tickets/by-code/"), NULL);

  if (!authorized (msg))
    return;
  if (code == NULL || find_ticket (self, NULL, code) == NULL)
    {
      reply_refused (msg, 404, "Ticket not found");
      return;
    }
  reply_data (msg, 200, tickets_node (self, NULL, code, NULL));
}

static gboolean
near (double a,
      double b)
{
  return a - b < 0.005 && b - a < 0.005;
}

static const char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static gboolean
member_number (JsonObject *object,
               const char *member,
               double     *out)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* A number of the data file, written as a number or as text */
static double
any_number (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtod (json_node_get_string (node), NULL);
  return json_node_get_double (node);
}

/* Checks one ticket of a POST /tickets body; NULL when fine, else why. */
static const char *
check_ticket (FakeFourvenues *self,
              JsonObject     *rate,
              JsonObject     *ticket)
{
  JsonObject *price = active_price (rate);
  const char *price_id = member_text (ticket, "price_id");
  const char *qr_code = member_text (ticket, "qr_code");
  const char *full_name = member_text (ticket, "full_name");
  JsonArray  *questions = json_object_get_array_member (rate, "questions");
  JsonArray  *supplements = json_object_get_array_member (rate, "supplements");
  JsonNode   *answers = json_object_get_member (ticket, "answers");
  JsonNode   *chosen = json_object_get_member (ticket, "supplements");
  double      base = any_number (price, "price");
  double      quantity = any_number (price, "fee_quantity");
  gboolean    percentage =
    g_strcmp0 (json_object_get_string_member (price, "fee_type"), "percentage") == 0;
  double fee, total, expected_fee, extras = 0;

  if (g_strcmp0 (price_id, json_object_get_string_member (price, "_id")) != 0)
    return "price_id is not the rate's active price";
  if (full_name == NULL || full_name[0] == '\0')
    return "full_name is required for this ticket rate";
  if (qr_code != NULL && find_ticket (self, NULL, qr_code) != NULL)
    return "qr_code already exists";

  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *question = json_array_get_object_element (questions, i);
      gboolean    answered = FALSE;

      if (!json_object_get_boolean_member_with_default (question, "required", FALSE))
        continue;
      for (guint j = 0; answers && JSON_NODE_HOLDS_ARRAY (answers) &&
                        j < json_array_get_length (json_node_get_array (answers));
           j++)
        {
          JsonObject *answer = json_array_get_object_element (json_node_get_array (answers), j);

          answered |= g_strcmp0 (member_text (answer, "question_id"),
                                 json_object_get_string_member (question, "_id")) == 0 &&
                      member_text (answer, "answer") != NULL &&
                      member_text (answer, "answer")[0] != '\0';
        }
      if (!answered)
        return "A required question is not answered";
    }

  for (guint j = 0; chosen && JSON_NODE_HOLDS_ARRAY (chosen) &&
                    j < json_array_get_length (json_node_get_array (chosen));
       j++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (chosen), j);
      gboolean    known = FALSE;
      double      price_sent = -1;

      member_number (item, "price", &price_sent);
      for (guint i = 0; i < json_array_get_length (supplements); i++)
        {
          JsonObject *supplement = json_array_get_object_element (supplements, i);

          if (g_strcmp0 (member_text (item, "supplement_id"),
                         json_object_get_string_member (supplement, "_id")) == 0 &&
              near (price_sent, any_number (supplement, "price")))
            {
              known = TRUE;
              extras += price_sent;
            }
        }
      if (!known)
        return "Unknown supplement or wrong supplement price";
    }

  expected_fee = percentage ? base * quantity / 100.0 : quantity;
  if (!member_number (ticket, "fee", &fee) || !near (fee, expected_fee))
    return "fee does not match the ticket rate";
  if (!member_number (ticket, "total_price", &total) || !near (total, base + expected_fee + extras))
    return "total_price does not match price, fee and supplements";
  return NULL;
}

static void
handle_create (GuichetFakeServer *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) created = g_ptr_array_new ();
  JsonObject *request, *rate;
  JsonArray  *tickets;
  const char *event_id = NULL;
  double      quantity = 0;

  if (!authorized (msg))
    return;
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      reply_refused (msg, 400, "The body must be a JSON object");
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  rate = find_rate (self, member_text (request, "ticket_rate_id"), &event_id);
  if (rate == NULL)
    {
      reply_refused (msg, 404, "Ticket rate not found");
      return;
    }
  if (!json_object_get_boolean_member_with_default (rate, "available", TRUE) ||
      active_price (rate) == NULL)
    {
      reply_refused (msg, 400, "This ticket rate is not on sale");
      return;
    }
  tickets = json_object_has_member (request, "tickets") &&
                JSON_NODE_HOLDS_ARRAY (json_object_get_member (request, "tickets"))
              ? json_object_get_array_member (request, "tickets")
              : NULL;
  if (tickets == NULL || !member_number (request, "quantity", &quantity) ||
      quantity != json_array_get_length (tickets) || quantity < 1)
    {
      reply_refused (msg, 400, "quantity must match the tickets");
      return;
    }
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonNode   *node = json_array_get_element (tickets, i);
      const char *why = JSON_NODE_HOLDS_OBJECT (node)
                          ? check_ticket (self, rate, json_node_get_object (node))
                          : "tickets must be objects";

      if (why != NULL)
        {
          reply_refused (msg, 400, why);
          return;
        }
    }

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject      *item = json_array_get_object_element (tickets, i);
      g_autofree char *generated = g_strdup_printf ("FV-NEW%04u", self->serial + 1);
      const char      *qr = member_text (item, "qr_code");
      Ticket          *t = ticket_new (self, event_id, json_object_get_string_member (rate, "_id"),
                                       qr ? qr : generated, 1);

      t->full_name = g_strdup (member_text (item, "full_name"));
      t->email = g_strdup (member_text (item, "email"));
      t->phone = g_strdup (member_text (item, "phone"));
      member_number (item, "fee", &t->fee);
      member_number (item, "total_price", &t->total);
      if (json_object_has_member (item, "answers"))
        t->answers = json_node_copy (json_object_get_member (item, "answers"));
      if (json_object_has_member (item, "supplements"))
        t->supplements = json_node_copy (json_object_get_member (item, "supplements"));
      g_ptr_array_add (created, t);
    }
  count_sale (rate, created->len);
  reply_data (msg, 200, tickets_node (self, NULL, NULL, created));
}

static void
handle_refund (GuichetFakeServer *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeFourvenues  *self = user_data;
  g_autofree char *id = g_strndup (path + strlen ("/tickets/"),
                                   strlen (path) - strlen ("/tickets/") - strlen ("/refund"));
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) only = g_ptr_array_new ();
  double    amount = 0;
  Ticket   *t;
  JsonNode *data;

  if (!authorized (msg))
    return;
  if (!self->refunds_allowed)
    {
      reply_refused (msg, 403, "This API key cannot refund tickets");
      return;
    }
  t = find_ticket (self, id, NULL);
  if (t == NULL)
    {
      reply_refused (msg, 404, "Ticket not found");
      return;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !member_number (json_node_get_object (json_parser_get_root (parser)), "amount", &amount) ||
      amount < 0 || amount > t->total - t->refunded + 0.005)
    {
      reply_refused (msg, 400, "amount must be between 0 and what is left to refund");
      return;
    }
  /* the first call voids the ticket */
  g_free (t->status);
  t->status = g_strdup ("voided");
  t->refunded += amount;
  g_ptr_array_add (only, t);
  data = tickets_node (self, NULL, NULL, only);
  reply_data (msg, 200, json_node_copy (json_array_get_element (json_node_get_array (data), 0)));
  json_node_unref (data);
}

static void
handle_sell (GuichetFakeServer *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeFourvenues *self = user_data;
  const char     *code = query ? g_hash_table_lookup (query, "qr_code") : NULL;
  const char     *admits = query ? g_hash_table_lookup (query, "for") : NULL;
  Ticket         *t = find_ticket (self, NULL, code);

  if (g_str_equal (path, "/__fake/sell") && code != NULL && t == NULL)
    {
      t = ticket_new (self, FAKE_FOURVENUES_EVENT, FAKE_FOURVENUES_GENERAL, code,
                      admits ? (guint) MAX (atoi (admits), 1) : 1);
      t->full_name = g_strdup ("Walk In");
      t->total = 13.2;
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (path, "/__fake/enter") && t != NULL)
    {
      t->entered++;
      g_free (t->entry_time);
      t->entry_time = g_strdup ("2026-06-13T23:30:00.000Z");
      soup_server_message_set_status (msg, 204, NULL);
    }
  else
    guichet_fake_reply_error (msg, 400, "bad control request");
}

/* ---- set-up ---- */

/* The events of the data file, 7 and 26 days from now at 22:00 UTC. */
static void
move_events (FakeFourvenues *self)
{
  JsonArray *events = json_node_get_array (self->events);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autoptr (GDateTime) day = g_date_time_add_days (now, i == 0 ? 7 : 26);
      g_autoptr (GDateTime) start =
        g_date_time_new_utc (g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), 22, 0, 0);
      g_autoptr (GDateTime) end = g_date_time_add_hours (start, 7);
      g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S.000Z");
      g_autofree char *end_text = g_date_time_format (end, "%Y-%m-%dT%H:%M:%S.000Z");

      json_object_set_string_member (event, "start_date", start_text);
      if (!json_object_get_null_member (event, "end_date"))
        json_object_set_string_member (event, "end_date", end_text);
    }
}

static void
generate (FakeFourvenues *self,
          guint           n_tickets)
{
  for (guint i = 0; i < n_tickets; i++)
    {
      g_autofree char *qr = fake_fourvenues_dup_qr_code (i);
      guint            admits = fake_fourvenues_admits (i);
      Ticket          *t =
        ticket_new (self, FAKE_FOURVENUES_EVENT,
                    admits > 1 ? FAKE_FOURVENUES_VIP : FAKE_FOURVENUES_GENERAL, qr, admits);
      const char      *name = names[i % G_N_ELEMENTS (names)];
      g_autofree char *ascii = g_str_to_ascii (name, "C");
      g_autofree char *lower = g_ascii_strdown (ascii, -1);

      g_free (t->status);
      t->status = g_strdup (fake_fourvenues_status (i));
      t->full_name = g_strdup (name);
      g_strdelimit (lower, " ", '.');
      t->email = i % 4 == 3 ? NULL : g_strdup_printf ("%s.%u@example.invalid", lower, i);
      t->phone = i % 2 ? g_strdup_printf ("+3466600%04u", i) : NULL;
      t->price = admits > 1 ? 240 : 12;
      t->fee = admits > 1 ? 0 : 1.2;
      t->total = t->price + t->fee;
      /* every other voided ticket was refunded */
      if (g_str_equal (t->status, "voided") && i % 2 == 0)
        t->refunded = t->total;
      if (fake_fourvenues_entered (i))
        {
          t->entered = admits;
          t->entry_time = g_strdup ("2026-06-13T22:40:00.000Z");
        }
    }
}

FakeFourvenues *
fake_fourvenues_new (guint    n_tickets,
                     GError **error)
{
  FakeFourvenues *self = g_new0 (FakeFourvenues, 1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *file = NULL;

  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  self->refunds_allowed = TRUE;
  self->server = guichet_fake_server_new ("fourvenues", error);
  if (self->server == NULL)
    {
      fake_fourvenues_free (self);
      return NULL;
    }
  file = guichet_fake_server_get_data_path (self->server, "events.json");
  if (!json_parser_load_from_file (parser, file, error))
    {
      fake_fourvenues_free (self);
      return NULL;
    }
  self->events = json_node_copy (
    json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "data"));
  move_events (self);
  generate (self, n_tickets);

  fake_control_install (self->server);
  guichet_fake_server_add_route (self->server, "POST", "/__fake/*", handle_sell, self);
  guichet_fake_server_add_route (self->server, "GET", "/auth", handle_auth, self);
  guichet_fake_server_add_route (self->server, "GET", "/events", handle_events, self);
  guichet_fake_server_add_route (self->server, "GET", "/events/*", handle_event, self);
  guichet_fake_server_add_route (self->server, "GET", "/ticket-rates", handle_rates, self);
  guichet_fake_server_add_route (self->server, "GET", "/tickets", handle_tickets, self);
  guichet_fake_server_add_route (self->server, "GET", "/tickets/by-code/*", handle_by_code, self);
  guichet_fake_server_add_route (self->server, "POST", "/tickets", handle_create, self);
  guichet_fake_server_add_route (self->server, "PUT", "/tickets/*/refund", handle_refund, self);
  return self;
}

void
fake_fourvenues_free (FakeFourvenues *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->server);
  g_clear_pointer (&self->events, json_node_unref);
  g_ptr_array_unref (self->tickets);
  g_free (self);
}

GuichetFakeServer *
fake_fourvenues_get_server (FakeFourvenues *self)
{
  return self->server;
}

const char *
fake_fourvenues_get_base_url (FakeFourvenues *self)
{
  return guichet_fake_server_get_base_url (self->server);
}

void
fake_fourvenues_set_refunds_allowed (FakeFourvenues *self,
                                     gboolean        allowed)
{
  guichet_fake_server_lock (self->server);
  self->refunds_allowed = allowed;
  guichet_fake_server_unlock (self->server);
}

char *
fake_fourvenues_sell (FakeFourvenues *self,
                      const char     *qr_code,
                      guint           admits)
{
  Ticket *t;
  char   *id;

  guichet_fake_server_lock (self->server);
  t = ticket_new (self, FAKE_FOURVENUES_EVENT, FAKE_FOURVENUES_GENERAL, qr_code, MAX (admits, 1));
  t->full_name = g_strdup ("Walk In");
  id = g_strdup (t->id);
  guichet_fake_server_unlock (self->server);
  return id;
}

char *
fake_fourvenues_dup_status (FakeFourvenues *self,
                            const char     *qr_code)
{
  Ticket *t;
  char   *status;

  guichet_fake_server_lock (self->server);
  t = find_ticket (self, NULL, qr_code);
  status = t ? g_strdup (t->status) : NULL;
  guichet_fake_server_unlock (self->server);
  return status;
}

guint
fake_fourvenues_get_n_tickets (FakeFourvenues *self)
{
  guint n;

  guichet_fake_server_lock (self->server);
  n = self->tickets->len;
  guichet_fake_server_unlock (self->server);
  return n;
}
