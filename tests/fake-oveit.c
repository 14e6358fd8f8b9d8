/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-oveit"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "fake-control.h"
#include "fake-oveit.h"

#define PAGE 50

typedef struct
{
  char      *code;
  char      *rfid;
  char      *type_id;
  char      *name;
  char      *email;
  GPtrArray *checkins; /* char * dates */
} Ticket;

struct _FakeOveit
{
  GuichetFakeServer *server;
  GPtrArray         *tickets;
  char              *token;
  guint              serial;
};

static const char *names[] = {
  "Ioana Popescu",   "Andrei Ionescu", "Maria Stan", "Mihai Dumitru", "Elena Georgescu",
  "Ștefan Munteanu", "Ana Marin",      "Radu Tudor", "Irina Dobre",   "Bogdan Matei",
};

static void
ticket_free (Ticket *t)
{
  g_free (t->code);
  g_free (t->rfid);
  g_free (t->type_id);
  g_free (t->name);
  g_free (t->email);
  g_ptr_array_unref (t->checkins);
  g_free (t);
}

char *
fake_oveit_dup_code (guint index)
{
  return g_strdup_printf ("%08x", 0x39fa317du + index * 7919u);
}

char *
fake_oveit_dup_rfid (guint index)
{
  return g_strdup_printf ("RF%06u", 659891 + index);
}

gboolean
fake_oveit_is_checked_in (guint index)
{
  return index % 9 == 8;
}

static Ticket *
find_ticket (FakeOveit  *self,
             const char *code,
             const char *rfid)
{
  for (guint i = 0; i < self->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (self->tickets, i);

      if ((code != NULL && g_str_equal (t->code, code)) ||
          (rfid != NULL && g_str_equal (t->rfid, rfid)))
        return t;
    }
  return NULL;
}

static void
reply_builder (SoupServerMessage *msg,
               guint              status,
               JsonBuilder       *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  guichet_fake_reply_take (msg, status, json_to_string (root, FALSE));
}

static GHashTable *
form_of (SoupServerMessage *msg)
{
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return soup_form_decode (text);
}

/* 403 unless the token is the current one */
static gboolean
authorized (FakeOveit         *self,
            SoupServerMessage *msg,
            GHashTable        *form)
{
  const char *token = g_hash_table_lookup (form, "token");
  const char *header =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (token == NULL && header != NULL && g_str_has_prefix (header, "Bearer "))
    token = header + strlen ("Bearer ");
  if (self->token != NULL && g_strcmp0 (token, self->token) == 0)
    return TRUE;
  guichet_fake_reply_error (msg, 403, "Invalid or expired token");
  return FALSE;
}

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
add_checkins (JsonBuilder *b,
              Ticket      *t)
{
  json_builder_set_member_name (b, "checkins");
  json_builder_begin_array (b);
  for (guint i = 0; i < t->checkins->len; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "addon_id");
      json_builder_add_null_value (b);
      add_string (b, "date", g_ptr_array_index (t->checkins, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
now_text (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S+00:00");
}

/* ---- routes ---- */

static void
handle_api (GuichetFakeServer *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FakeOveit *self = user_data;
  g_autoptr (GHashTable) form = form_of (msg);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *method = path + strlen ("/api/");

  if (g_str_equal (method, "seller/login"))
    {
      if (g_strcmp0 (g_hash_table_lookup (form, "email"), FAKE_OVEIT_EMAIL) != 0 ||
          g_strcmp0 (g_hash_table_lookup (form, "password"), FAKE_OVEIT_PASSWORD) != 0)
        {
          guichet_fake_reply_error (msg, 200, "Invalid email or password");
          return;
        }
      g_free (self->token);
      self->token = g_strdup_printf ("0f1e2d3c4b5a6978%016x", ++self->serial);
      json_builder_begin_object (b);
      add_string (b, "token", self->token);
      json_builder_set_member_name (b, "expires_in");
      json_builder_add_int_value (b, 172800);
      add_string (b, "expires_at", "2026-12-06 10:00:00");
      json_builder_end_object (b);
      reply_builder (msg, 200, b);
      return;
    }

  if (!authorized (self, msg, form))
    return;

  if (g_str_equal (method, "seller/events"))
    {
      guichet_fake_server_reply_file (server, msg, 200, "seller-events.json");
      return;
    }

  if (g_str_equal (method, "events/tickets") || g_str_equal (method, "events/attendees"))
    {
      const char *event_id = g_hash_table_lookup (form, "id");
      const char *since = g_hash_table_lookup (form, "since");
      gboolean    attendees = g_str_equal (method, "events/attendees");
      guint       first = 0, n = 0;

      if (event_id == NULL)
        {
          guichet_fake_reply_error (msg, 200, "Missing parameter: id");
          return;
        }
      if (!g_str_equal (event_id, FAKE_OVEIT_EVENT) && !g_str_equal (event_id, "99"))
        {
          guichet_fake_reply_error (msg, 200, "Event not found");
          return;
        }
      if (since != NULL)
        {
          Ticket *t = find_ticket (self, since, NULL);

          if (t != NULL)
            g_ptr_array_find (self->tickets, t, &first), first++;
        }
      json_builder_begin_object (b);
      if (attendees)
        {
          json_builder_set_member_name (b, "fields");
          json_builder_begin_array (b);
          for (guint f = 0; f < 3; f++)
            {
              static const char *labels[] = { "Name", "Email", "Workshops" };
              static const char *types[] = { "text", "email", "checkbox" };

              json_builder_begin_object (b);
              add_string (b, "name", labels[f]);
              add_string (b, "type", types[f]);
              json_builder_set_member_name (b, "is_mandatory");
              json_builder_add_boolean_value (b, f == 0);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_set_member_name (b, "total");
          json_builder_add_int_value (b, g_str_equal (event_id, "99") ? 0 : self->tickets->len);
        }
      json_builder_set_member_name (b, attendees ? "attendees" : "tickets");
      json_builder_begin_array (b);
      for (guint i = attendees ? first : 0;
           g_str_equal (event_id, FAKE_OVEIT_EVENT) && i < self->tickets->len; i++)
        {
          Ticket *t = g_ptr_array_index (self->tickets, i);

          if (attendees && n++ == PAGE)
            break;
          json_builder_begin_object (b);
          if (attendees)
            {
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, 70000 + i);
              json_builder_set_member_name (b, "order_id");
              json_builder_add_int_value (b, 15 + i / 2);
              add_string (b, "ticket_code", t->code);
              json_builder_set_member_name (b, "ticket_type");
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, g_ascii_strtoll (t->type_id, NULL, 10));
              add_string (b, "name", g_str_equal (t->type_id, "123") ? "VIP area" : "General");
              json_builder_end_object (b);
              add_string (b, "created_at", "2026-05-01 10:00:00 +0300");
              json_builder_set_member_name (b, "values");
              json_builder_begin_array (b);
              json_builder_add_string_value (b, t->name);
              if (t->email)
                json_builder_add_string_value (b, t->email);
              else
                json_builder_add_null_value (b);
              json_builder_begin_array (b);
              if (i % 4 == 0)
                json_builder_add_string_value (b, "Mixing");
              json_builder_end_array (b);
              json_builder_end_array (b);
            }
          else
            {
              add_string (b, "code", t->code);
              json_builder_set_member_name (b, "ticket_type_id");
              json_builder_add_int_value (b, g_ascii_strtoll (t->type_id, NULL, 10));
              json_builder_set_member_name (b, "checked_in");
              json_builder_add_boolean_value (b, t->checkins->len > 0);
              add_checkins (b, t);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      reply_builder (msg, 200, b);
      return;
    }

  if (g_str_equal (method, "tickets/checkin") || g_str_equal (method, "tickets/scan"))
    {
      const char *code = g_hash_table_lookup (form, "ticket_code");
      const char *rfid = g_hash_table_lookup (form, "rfid_code");
      const char *type_id = g_hash_table_lookup (form, "ticket_type_id");
      gboolean    admit = g_str_equal (method, "tickets/checkin");
      Ticket     *t;
      gboolean    ok = TRUE;
      const char *why = NULL;

      if (code == NULL)
        code = g_hash_table_lookup (form, "code"); /* deprecated */
      if (code == NULL && rfid == NULL)
        {
          guichet_fake_reply_error (msg, 200, "ticket_code or rfid_code is required");
          return;
        }
      t = find_ticket (self, code, rfid);
      if (t == NULL)
        {
          guichet_fake_reply_error (msg, 200, "Ticket not found");
          return;
        }
      if (admit && type_id != NULL && !g_str_equal (type_id, t->type_id))
        ok = FALSE, why = "This ticket type is not allowed here";
      else if (admit && t->checkins->len > 0)
        ok = FALSE, why = "Ticket already checked in";
      else if (admit)
        g_ptr_array_add (t->checkins, now_text ());

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, ok);
      if (why != NULL)
        add_string (b, "error", why);
      json_builder_set_member_name (b, "ticket");
      json_builder_begin_object (b);
      add_string (b, "code", t->code);
      add_string (b, "series", "ABC 123");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "ticket_type");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, g_ascii_strtoll (t->type_id, NULL, 10));
      json_builder_end_object (b);
      add_checkins (b, t);
      json_builder_end_object (b);
      reply_builder (msg, 200, b);
      return;
    }

  guichet_fake_reply_error (msg, 200, "Unknown method");
}

static void
handle_control (GuichetFakeServer *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeOveit  *self = user_data;
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  Ticket     *t = find_ticket (self, code, NULL);

  if (g_str_equal (path, "/__fake/checkin") && t != NULL)
    {
      const char *ago = query ? g_hash_table_lookup (query, "ago") : NULL;
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr (GDateTime) at =
        g_date_time_add_seconds (now, ago ? -g_ascii_strtod (ago, NULL) : 0);

      g_ptr_array_add (t->checkins, g_date_time_format (at, "%Y-%m-%dT%H:%M:%S+00:00"));
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (path, "/__fake/revoke"))
    {
      g_clear_pointer (&self->token, g_free);
      soup_server_message_set_status (msg, 204, NULL);
    }
  else
    guichet_fake_reply_error (msg, 400, "bad control request");
}

static void
handle_get (GuichetFakeServer *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  guichet_fake_reply_error (msg, 405, "Every call is a POST");
}

FakeOveit *
fake_oveit_new (guint    n_tickets,
                GError **error)
{
  FakeOveit *self = g_new0 (FakeOveit, 1);

  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  for (guint i = 0; i < n_tickets; i++)
    {
      Ticket     *t = g_new0 (Ticket, 1);
      const char *name = names[i % G_N_ELEMENTS (names)];

      t->code = fake_oveit_dup_code (i);
      t->rfid = fake_oveit_dup_rfid (i);
      t->type_id = g_strdup (i % 3 == 0 ? "123" : "124");
      t->name = g_strdup (name);
      t->email = i % 5 == 4 ? NULL : g_strdup_printf ("guest%u@example.invalid", i);
      t->checkins = g_ptr_array_new_with_free_func (g_free);
      if (fake_oveit_is_checked_in (i))
        g_ptr_array_add (t->checkins, g_strdup ("2026-05-01T09:30:00+00:00"));
      g_ptr_array_add (self->tickets, t);
    }

  self->server = guichet_fake_server_new ("oveit", error);
  if (self->server == NULL)
    {
      fake_oveit_free (self);
      return NULL;
    }
  fake_control_install (self->server);
  guichet_fake_server_add_route (self->server, "POST", "/__fake/*", handle_control, self);
  guichet_fake_server_add_route (self->server, "POST", "/api/*", handle_api, self);
  guichet_fake_server_add_route (self->server, NULL, "/api/*", handle_get, self);
  return self;
}

void
fake_oveit_free (FakeOveit *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->server);
  g_ptr_array_unref (self->tickets);
  g_free (self->token);
  g_free (self);
}

GuichetFakeServer *
fake_oveit_get_server (FakeOveit *self)
{
  return self->server;
}

const char *
fake_oveit_get_base_url (FakeOveit *self)
{
  return guichet_fake_server_get_base_url (self->server);
}

guint
fake_oveit_get_n_tickets (FakeOveit *self)
{
  return self->tickets->len;
}

guint
fake_oveit_get_n_checkins (FakeOveit  *self,
                           const char *code)
{
  Ticket *t;
  guint   n;

  guichet_fake_server_lock (self->server);
  t = find_ticket (self, code, NULL);
  n = t ? t->checkins->len : 0;
  guichet_fake_server_unlock (self->server);
  return n;
}

void
fake_oveit_revoke (FakeOveit *self)
{
  guichet_fake_server_lock (self->server);
  g_clear_pointer (&self->token, g_free);
  guichet_fake_server_unlock (self->server);
}

void
fake_oveit_check_in_elsewhere (FakeOveit  *self,
                               const char *code)
{
  Ticket *t;

  guichet_fake_server_lock (self->server);
  t = find_ticket (self, code, NULL);
  if (t != NULL)
    g_ptr_array_add (t->checkins, now_text ());
  guichet_fake_server_unlock (self->server);
}
