/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-tickettailor"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "fake-tickettailor.h"
#include "guichet-fake-server.h"

/* 2026-05-01 10:00:00 UTC: the generated records' clock */
#define BASE_TIME 1777629600
#define MAX_LIMIT 100
#define RATE_LIMIT 2000

typedef struct
{
  char    *id;
  char    *event_id;
  char    *ticket_type_id;
  char    *barcode;
  char    *first_name;
  char    *last_name;
  char    *email;
  char    *order_id;
  char    *reservation;
  char    *reference;
  char    *source;
  char    *status; /* "valid", "void" (API), "voided" (refund) */
  gboolean checked_in;
  gint64   created_at;
  gint64   updated_at;
  gint64   voided_at;
} Ticket;

typedef struct
{
  char      *id;
  char      *event_id;
  char      *status;
  gint64     created_at;
  GPtrArray *ticket_ids; /* utf8 */
} Order;

typedef struct
{
  char      *id;
  char      *code;
  char      *name;
  char      *type;
  gint64     price;               /* -1: null */
  gint64     price_percent;       /* -1: null */
  gint64     booking_fee;         /* -1: null */
  gint64     booking_fee_percent; /* -1: null */
  gint64     expires;             /* 0: null */
  gint64     max_redemptions;     /* -1: null */
  gint64     times_redeemed;
  GPtrArray *ticket_types; /* utf8 */
  gboolean   deleted;
} Discount;

typedef struct
{
  char    *id;
  char    *voucher_id;
  char    *code;
  gint64   expiry;
  gint64   value;
  gint64   used;
  gboolean voided;
} VoucherCode;

typedef struct
{
  char      *id;
  char      *name;
  gint64     value;
  gint64     expiry;
  gint64     created_at;
  GPtrArray *event_series_ids; /* utf8 */
  gboolean   deleted;
} Voucher;

typedef struct
{
  char  *id;
  char  *event_id;
  char  *issued_ticket_id;
  gint64 check_in_at;
  gint64 quantity;
} CheckIn;

struct _FakeTicketTailor
{
  GuichetFakeServer    *server;
  char                 *data_dir;
  GPtrArray            *events;    /* JsonObject, list order */
  GPtrArray            *tickets;   /* Ticket*, oldest first */
  GPtrArray            *orders;    /* Order*, oldest first */
  GPtrArray            *discounts; /* Discount*, oldest first */
  GPtrArray            *vouchers;  /* Voucher*, oldest first */
  GPtrArray            *codes;     /* VoucherCode*, oldest first */
  GPtrArray            *check_ins; /* CheckIn*, oldest first */
  GPtrArray            *requests;  /* FakeTicketTailorRequest* */
  guint                 next_serial;
  gint64                clock;
  gint64                remaining;
  FakeTicketTailorFault fault;
  char                 *fault_path;
  guint                 fault_count;
  guint                 fault_skip;
};

static const char *first_names[] = {
  "Olivia", "Amelia", "Isla", "Ava",   "Mia",   "Noah",   "Oliver", "George", "Arthur", "Leo",
  "Zoë",    "Siân",   "Rhys", "Aoife", "Niamh", "Ciarán", "Freya",  "Élise",  "Tomás",  "Maëlle",
};
static const char *last_names[] = {
  "Smith",    "Jones", "Taylor", "Brown",   "Williams",       "Wilson", "Johnson",
  "Davies",   "Patel", "Wright", "O'Brien", "Ó Súilleabháin", "Müller", "Nguyen",
  "Kowalski", "Evans", "Thomas", "Roberts", "Walker",         "Hughes",
};
static const char *ticket_type_ids[] = { "tt_230625", "tt_230626", "tt_230631", "tt_230632" };

/* Records */

static void
set_str (char      **slot,
         const char *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

static void
ticket_free (Ticket *t)
{
  g_free (t->id);
  g_free (t->event_id);
  g_free (t->ticket_type_id);
  g_free (t->barcode);
  g_free (t->first_name);
  g_free (t->last_name);
  g_free (t->email);
  g_free (t->order_id);
  g_free (t->reservation);
  g_free (t->reference);
  g_free (t->source);
  g_free (t->status);
  g_free (t);
}

static void
order_free (Order *o)
{
  g_free (o->id);
  g_free (o->event_id);
  g_free (o->status);
  g_ptr_array_unref (o->ticket_ids);
  g_free (o);
}

static void
discount_free (Discount *d)
{
  g_free (d->id);
  g_free (d->code);
  g_free (d->name);
  g_free (d->type);
  g_ptr_array_unref (d->ticket_types);
  g_free (d);
}

static void
voucher_free (Voucher *v)
{
  g_free (v->id);
  g_free (v->name);
  g_ptr_array_unref (v->event_series_ids);
  g_free (v);
}

static void
voucher_code_free (VoucherCode *c)
{
  g_free (c->id);
  g_free (c->voucher_id);
  g_free (c->code);
  g_free (c);
}

static void
check_in_free (CheckIn *c)
{
  g_free (c->id);
  g_free (c->event_id);
  g_free (c->issued_ticket_id);
  g_free (c);
}

static void
request_free (FakeTicketTailorRequest *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_free (r->body);
  g_free (r);
}

char *
fake_tickettailor_dup_ticket_id (guint index)
{
  return g_strdup_printf ("it_%u", 100000 + index);
}

char *
fake_tickettailor_dup_barcode (guint index)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
  guint32           x = index * 2654435761u + 12345;
  char              code[9];

  for (guint i = 0; i < 6; i++)
    {
      code[i] = alphabet[x % (sizeof alphabet - 1)];
      x = x / (sizeof alphabet - 1) + (i + 1) * 7919;
    }
  g_snprintf (code + 6, sizeof code - 6, "%02u", index % 100);
  return g_strdup (code);
}

gboolean
fake_tickettailor_is_voided (guint index)
{
  return index % 41 == 40;
}

gboolean
fake_tickettailor_is_checked_in (guint index)
{
  return index % 7 == 6 && !fake_tickettailor_is_voided (index);
}

static Ticket *
find_ticket (FakeTicketTailor *self,
             const char       *id)
{
  for (guint i = 0; i < self->tickets->len; i++)
    {
      Ticket *t = g_ptr_array_index (self->tickets, i);

      if (g_strcmp0 (t->id, id) == 0)
        return t;
    }
  return NULL;
}

static Order *
find_order (FakeTicketTailor *self,
            const char       *id)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      Order *o = g_ptr_array_index (self->orders, i);

      if (g_strcmp0 (o->id, id) == 0)
        return o;
    }
  return NULL;
}

static Discount *
find_discount (FakeTicketTailor *self,
               const char       *id)
{
  for (guint i = 0; i < self->discounts->len; i++)
    {
      Discount *d = g_ptr_array_index (self->discounts, i);

      if (!d->deleted && g_strcmp0 (d->id, id) == 0)
        return d;
    }
  return NULL;
}

static Voucher *
find_voucher (FakeTicketTailor *self,
              const char       *id)
{
  for (guint i = 0; i < self->vouchers->len; i++)
    {
      Voucher *v = g_ptr_array_index (self->vouchers, i);

      if (!v->deleted && g_strcmp0 (v->id, id) == 0)
        return v;
    }
  return NULL;
}

static JsonObject *
find_event (FakeTicketTailor *self,
            const char       *id)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (self->events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "id", NULL), id) == 0)
        return event;
    }
  return NULL;
}

static JsonObject *
find_ticket_type (JsonObject *event,
                  const char *id)
{
  JsonArray *types;

  if (event == NULL || !json_object_has_member (event, "ticket_types"))
    return NULL;

  types = json_object_get_array_member (event, "ticket_types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (type, "id", NULL), id) == 0)
        return type;
    }
  return NULL;
}

static gint64
type_price (FakeTicketTailor *self,
            const char       *event_id,
            const char       *type_id)
{
  JsonObject *type = find_ticket_type (find_event (self, event_id), type_id);

  return type ? json_object_get_int_member_with_default (type, "price", 0) : 0;
}

/* JSON output */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_int_or_null (JsonBuilder *b,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (b, name);
  if (value >= 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_bool_text (JsonBuilder *b,
               const char  *name,
               gboolean     value)
{
  add_string (b, name, value ? "true" : "false");
}

/* The documented date object ({"date", "formatted", "iso", "time",
 * "timezone", "unix"}), in UTC; null for 0. */
static void
add_date (JsonBuilder *b,
          const char  *name,
          gint64       unix_time)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *date = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *time = NULL;

  json_builder_set_member_name (b, name);
  if (unix_time <= 0)
    {
      json_builder_add_null_value (b);
      return;
    }

  dt = g_date_time_new_from_unix_utc (unix_time);
  date = g_date_time_format (dt, "%Y-%m-%d");
  formatted = g_date_time_format (dt, "%a %-d %b %Y %-I:%M %p");
  iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S+00:00");
  time = g_date_time_format (dt, "%H:%M");

  json_builder_begin_object (b);
  add_string (b, "date", date);
  add_string (b, "formatted", formatted);
  add_string (b, "iso", iso);
  add_string (b, "time", time);
  add_string (b, "timezone", "+00:00");
  add_int (b, "unix", unix_time);
  json_builder_end_object (b);
}

static void
add_string_array (JsonBuilder *b,
                  const char  *name,
                  GPtrArray   *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && i < values->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (values, i));
  json_builder_end_array (b);
}

static JsonNode *
ticket_to_json (Ticket *t)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *full_name = NULL;
  g_autofree char *barcode_url = NULL;

  if (t->first_name != NULL || t->last_name != NULL)
    full_name =
      g_strjoin (" ", t->first_name ? t->first_name : "", t->last_name ? t->last_name : "", NULL);
  barcode_url =
    g_strdup_printf ("https://www.tickettailor.com/userfiles/cache/barcode/qr/attendee/%s/%s",
                     t->id + 3, t->barcode);

  json_builder_begin_object (b);
  add_string (b, "object", "issued_ticket");
  add_string (b, "id", t->id);
  add_string (b, "add_on_id", NULL);
  add_string (b, "barcode", t->barcode);
  add_string (b, "barcode_url", barcode_url);
  add_bool_text (b, "checked_in", t->checked_in);
  add_int (b, "created_at", t->created_at);
  json_builder_set_member_name (b, "custom_questions");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  add_string (b, "description", "Ticket");
  add_string (b, "email", t->email);
  add_string (b, "event_id", t->event_id);
  add_string (b, "group_ticket_barcode", NULL);
  add_string (b, "reference", t->reference);
  add_string (b, "full_name", full_name);
  add_string (b, "first_name", t->first_name);
  add_string (b, "last_name", t->last_name);
  add_string (b, "reservation", t->reservation);
  add_string (b, "status", t->status);
  add_string (b, "source", t->source);
  add_string (b, "ticket_type_id", t->ticket_type_id);
  add_int (b, "updated_at", t->updated_at);
  add_int_or_null (b, "voided_at", t->voided_at > 0 ? t->voided_at : -1);
  add_string (b, "order_id", t->order_id);
  add_string (b, "qr_code_url", barcode_url);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
order_to_json (FakeTicketTailor *self,
               Order            *o)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GHashTable) per_type = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GList) types = NULL;
  JsonObject *event = find_event (self, o->event_id);
  Ticket     *buyer = NULL;
  gint64      total = 0;
  gint64      refund = 0;
  guint       line = 0;

  for (guint i = 0; i < o->ticket_ids->len; i++)
    {
      Ticket *t = find_ticket (self, g_ptr_array_index (o->ticket_ids, i));

      if (t == NULL)
        continue;
      if (buyer == NULL)
        buyer = t;
      g_hash_table_insert (per_type, t->ticket_type_id,
                           GUINT_TO_POINTER (
                             GPOINTER_TO_UINT (g_hash_table_lookup (per_type, t->ticket_type_id)) +
                             1));
      total += type_price (self, o->event_id, t->ticket_type_id);
      if (g_strcmp0 (t->status, "voided") == 0)
        refund += type_price (self, o->event_id, t->ticket_type_id);
    }

  json_builder_begin_object (b);
  add_string (b, "object", "order");
  add_string (b, "id", o->id);
  json_builder_set_member_name (b, "buyer_details");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "address");
  json_builder_begin_object (b);
  add_string (b, "address_1", NULL);
  add_string (b, "address_2", NULL);
  add_string (b, "address_3", NULL);
  add_string (b, "postal_code", NULL);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "custom_questions");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  add_string (b, "email", buyer ? buyer->email : NULL);
  add_string (b, "first_name", buyer ? buyer->first_name : NULL);
  add_string (b, "last_name", buyer ? buyer->last_name : NULL);
  if (buyer != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", buyer->first_name, buyer->last_name);

      add_string (b, "name", name);
    }
  else
    add_string (b, "name", NULL);
  add_string (b, "phone", NULL);
  json_builder_end_object (b);
  add_int (b, "created_at", o->created_at);
  json_builder_set_member_name (b, "currency");
  json_builder_begin_object (b);
  add_int (b, "base_multiplier", 100);
  add_string (b, "code",
              event ? json_object_get_string_member_with_default (event, "currency", "gbp")
                    : "gbp");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "event_summary");
  json_builder_begin_object (b);
  add_string (b, "id", o->event_id);
  add_string (b, "name",
              event ? json_object_get_string_member_with_default (event, "name", NULL) : NULL);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "issued_tickets");
  json_builder_begin_array (b);
  for (guint i = 0; i < o->ticket_ids->len; i++)
    {
      Ticket *t = find_ticket (self, g_ptr_array_index (o->ticket_ids, i));

      if (t != NULL)
        json_builder_add_value (b, ticket_to_json (t));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "line_items");
  json_builder_begin_array (b);
  types = g_hash_table_get_keys (per_type);
  types = g_list_sort (types, (GCompareFunc) g_strcmp0);
  for (GList *l = types; l != NULL; l = l->next)
    {
      guint            quantity = GPOINTER_TO_UINT (g_hash_table_lookup (per_type, l->data));
      gint64           price = type_price (self, o->event_id, l->data);
      JsonObject      *type = find_ticket_type (event, l->data);
      g_autofree char *li = g_strdup_printf ("li_%s_%u", o->id + 3, ++line);

      json_builder_begin_object (b);
      add_string (b, "object", "line_item");
      add_string (b, "id", li);
      add_int (b, "booking_fee", 0);
      add_string (b, "description",
                  type ? json_object_get_string_member_with_default (type, "name", NULL) : NULL);
      add_string (b, "type", "ticket");
      add_int (b, "total", price * quantity);
      add_int (b, "value", price);
      add_int (b, "quantity", quantity);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "payment_method");
  json_builder_begin_object (b);
  add_string (b, "external_id", NULL);
  add_string (b, "id", NULL);
  add_string (b, "instructions", NULL);
  add_string (b, "name", NULL);
  add_string (b, "type", total > 0 ? "stripe" : "no_cost");
  json_builder_end_object (b);
  add_string (b, "referral_tag", NULL);
  add_int (b, "refund_amount", refund);
  add_string (b, "status", o->status);
  add_string (b, "status_message", NULL);
  add_int (b, "subtotal", total);
  add_int (b, "tax", 0);
  add_int (b, "total", total);
  add_int (b, "total_paid", total);
  if (total > 0)
    {
      g_autofree char *txn = g_strdup_printf ("ch_%sX", o->id + 3);

      add_string (b, "txn_id", txn);
    }
  else
    add_string (b, "txn_id", "--");
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* The live shape NOTES.md describes; @plain_expires: "YYYY-MM-DD
 * HH:MM:SS" as in the document's update example. */
static JsonNode *
discount_to_json (Discount *d,
                  gboolean  plain_expires)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "object", "discount");
  add_string (b, "id", d->id);
  add_int_or_null (b, "booking_fee_amount", d->booking_fee);
  add_int_or_null (b, "booking_fee_percentage", d->booking_fee_percent);
  add_string (b, "code", d->code);
  if (plain_expires && d->expires > 0)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (d->expires);
      g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");

      add_string (b, "expires", text);
    }
  else
    add_date (b, "expires", d->expires);
  add_int_or_null (b, "face_value_amount", d->price);
  add_int_or_null (b, "face_value_percentage", d->price_percent);
  add_int_or_null (b, "max_redemptions", d->max_redemptions);
  add_string (b, "name", d->name);
  add_string_array (b, "products", d->ticket_types);
  add_int (b, "times_redeemed", d->times_redeemed);
  add_string (b, "type", d->type);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
voucher_counts (FakeTicketTailor *self,
                Voucher          *v,
                guint            *total,
                guint            *available)
{
  *total = *available = 0;
  for (guint i = 0; i < self->codes->len; i++)
    {
      VoucherCode *c = g_ptr_array_index (self->codes, i);

      if (g_strcmp0 (c->voucher_id, v->id) != 0 || c->voided)
        continue;
      (*total)++;
      if (c->used == 0)
        (*available)++;
    }
}

static JsonNode *
voucher_to_json (FakeTicketTailor *self,
                 Voucher          *v)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint total, available;

  voucher_counts (self, v, &total, &available);
  json_builder_begin_object (b);
  add_string (b, "object", "voucher");
  add_string (b, "id", v->id);
  add_int (b, "available_codes", available);
  add_string_array (b, "event_series_ids", v->event_series_ids);
  add_date (b, "expiry", v->expiry);
  add_string (b, "name", v->name);
  add_int (b, "total_codes", total);
  add_int (b, "value", v->value);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
voucher_code_to_json (VoucherCode *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "object", "voucher_code");
  add_string (b, "id", c->id);
  add_string (b, "code", c->code);
  add_date (b, "expiry", c->expiry);
  add_date (b, "used", c->used);
  add_int (b, "value", c->value);
  add_string (b, "voucher_id", c->voucher_id);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
check_in_to_json (CheckIn *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "object", "check_in");
  add_string (b, "id", c->id);
  add_int (b, "check_in_at", c->check_in_at);
  add_string (b, "event_id", c->event_id);
  add_string (b, "issued_ticket_id", c->issued_ticket_id);
  add_int (b, "quantity", c->quantity);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* Replies */

static void
set_rate_headers (FakeTicketTailor  *self,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char    *remaining = NULL;

  if (self->remaining > 0)
    self->remaining--;
  remaining = g_strdup_printf ("%" G_GINT64_FORMAT, self->remaining);
  soup_message_headers_replace (headers, "X-Rate-Limit-Limit", G_STRINGIFY (RATE_LIMIT));
  soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", remaining);
  soup_message_headers_replace (headers, "X-Rate-Limit-Reset", "3600");
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  char *body = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
reply_node (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  reply_json (msg, status, node);
  json_node_unref (node);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *error_code,
             const char        *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "status", status);
  add_string (b, "error_code", error_code);
  add_string (b, "message", message);
  json_builder_end_object (b);
  reply_node (msg, status, json_builder_get_root (b));
}

/* 422 with one field error. */
static void
reply_invalid (SoupServerMessage *msg,
               const char        *field,
               const char        *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "status", 422);
  add_string (b, "error_code", "Validation error");
  add_string (b, "message", "A validation error occurred.");
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "field", field);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, message);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  reply_node (msg, 422, json_builder_get_root (b));
}

static void
reply_not_found (SoupServerMessage *msg)
{
  reply_error (msg, 404, "Not Found", "The requested resource does not exist.");
}

/* Query and form decoding, keeping repeated and "[]" keys */

typedef struct
{
  char *key;
  char *value;
} Pair;

static void
pair_free (Pair *p)
{
  g_free (p->key);
  g_free (p->value);
  g_free (p);
}

static char *
form_unescape (const char *text,
               gssize      len)
{
  g_autofree char *plus = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);
  char            *out;

  g_strdelimit (plus, "+", ' ');
  out = g_uri_unescape_string (plus, NULL);
  return out ? out : g_strdup ("");
}

static GPtrArray *
decode_pairs (const char *text)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  g_auto (GStrv) parts = NULL;

  if (text == NULL || text[0] == '\0')
    return pairs;

  parts = g_strsplit (text, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      Pair       *p;

      if (parts[i][0] == '\0')
        continue;
      p = g_new0 (Pair, 1);
      p->key = form_unescape (parts[i], eq ? eq - parts[i] : -1);
      p->value = eq ? form_unescape (eq + 1, -1) : g_strdup ("");
      g_ptr_array_add (pairs, p);
    }
  return pairs;
}

GPtrArray *
fake_tickettailor_decode_form (const char *body)
{
  g_autoptr (GPtrArray) pairs = decode_pairs (body);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = g_ptr_array_index (pairs, i);

      g_ptr_array_add (out, g_strdup_printf ("%s=%s", p->key, p->value));
    }
  return out;
}

/* Last value of @key, or NULL. */
static const char *
get (GPtrArray  *pairs,
     const char *key)
{
  for (guint i = pairs->len; i > 0; i--)
    {
      Pair *p = g_ptr_array_index (pairs, i - 1);

      if (g_str_equal (p->key, key))
        return p->value;
    }
  return NULL;
}

/* Values of "key[]" (in body order) and "key[N]" (in index order), as
 * PHP reads them: the document's own Guzzle samples send "key[0]=...". */
static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = *(const Pair * const *) a;
  const Pair *pb = *(const Pair * const *) b;
  guint64     ia = g_ascii_strtoull (strchr (pa->key, '[') + 1, NULL, 10);
  guint64     ib = g_ascii_strtoull (strchr (pb->key, '[') + 1, NULL, 10);

  return ia < ib ? -1 : ia > ib;
}

static gboolean
is_indexed (const char *key,
            gsize       len)
{
  gsize klen = strlen (key);

  if (klen < len + 3 || key[len] != '[' || key[klen - 1] != ']')
    return FALSE;
  for (gsize i = len + 1; i < klen - 1; i++)
    if (!g_ascii_isdigit (key[i]))
      return FALSE;
  return TRUE;
}

static GPtrArray *
get_list (GPtrArray  *pairs,
          const char *key)
{
  g_autofree char *brackets = g_strconcat (key, "[]", NULL);
  g_autoptr (GPtrArray) indexed = g_ptr_array_new ();
  gsize      len = strlen (key);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = g_ptr_array_index (pairs, i);

      if (g_str_equal (p->key, brackets))
        g_ptr_array_add (out, p->value);
      else if (strncmp (p->key, key, len) == 0 && is_indexed (p->key, len))
        g_ptr_array_add (indexed, p);
    }
  g_ptr_array_sort (indexed, compare_index);
  for (guint i = 0; i < indexed->len; i++)
    g_ptr_array_add (out, ((Pair *) g_ptr_array_index (indexed, i))->value);
  return out;
}

/* "key[ID]=V" entries: the IDs whose value is @value. */
static GPtrArray *
get_keyed (GPtrArray  *pairs,
           const char *key,
           const char *value)
{
  gsize      len = strlen (key);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = g_ptr_array_index (pairs, i);
      gsize klen = strlen (p->key);

      if (klen > len + 2 && strncmp (p->key, key, len) == 0 && p->key[len] == '[' &&
          p->key[klen - 1] == ']' && !is_indexed (p->key, len) && g_str_equal (p->value, value))
        g_ptr_array_add (out, g_strndup (p->key + len + 1, klen - len - 2));
    }
  return out;
}

/* An integer field: TRUE with *out set, or FALSE (absent, empty: *out = -1;
 * not a number: *bad = TRUE). */
static gboolean
get_int (GPtrArray  *pairs,
         const char *key,
         gint64     *out,
         gboolean   *bad)
{
  const char *text = get (pairs, key);
  gint64      value;

  *out = -1;
  if (text == NULL || text[0] == '\0')
    return FALSE;
  if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      *bad = TRUE;
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
str_in (GPtrArray  *array,
        const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* Paging */

/* Replies with one page of @nodes (JsonNode, list order, each an object
 * with "id"): "limit", "starting_after", "ending_before". Takes @nodes. */
static void
reply_page (SoupServerMessage *msg,
            const char        *path,
            GPtrArray         *query,
            GPtrArray         *nodes)
{
  g_autoptr (GPtrArray) owned = nodes;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *after = get (query, "starting_after");
  const char *before = get (query, "ending_before");
  const char *limit_text = get (query, "limit");
  guint64     limit = MAX_LIMIT;
  guint       start = 0;
  guint       end;

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXUINT32, &limit, NULL))
    {
      reply_invalid (msg, "limit", "The limit must be an integer greater than 0.");
      return;
    }
  if (limit > MAX_LIMIT)
    {
      reply_invalid (msg, "limit", "The limit may not be greater than 100.");
      return;
    }

  if (before != NULL && before[0] != '\0')
    {
      /* only ending_before is used when both are given */
      guint stop = 0;

      for (guint i = 0; i < nodes->len; i++)
        if (g_strcmp0 (json_object_get_string_member (json_node_get_object (
                                                        g_ptr_array_index (nodes, i)),
                                                      "id"),
                       before) == 0)
          stop = i;
      start = stop > limit ? stop - (guint) limit : 0;
      end = stop;
    }
  else
    {
      if (after != NULL && after[0] != '\0')
        {
          start = nodes->len;
          for (guint i = 0; i < nodes->len; i++)
            if (g_strcmp0 (json_object_get_string_member (json_node_get_object (
                                                            g_ptr_array_index (nodes, i)),
                                                          "id"),
                           after) == 0)
              start = i + 1;
        }
      end = (guint) MIN ((guint64) nodes->len, start + limit);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (guint i = start; i < end; i++)
    json_builder_add_value (b, json_node_ref (g_ptr_array_index (nodes, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "links");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "next");
  if (end < nodes->len && end > start)
    {
      const char *last =
        json_object_get_string_member (json_node_get_object (g_ptr_array_index (nodes, end - 1)),
                                       "id");
      g_autofree char *link = g_strdup_printf ("%s?starting_after=%s", path, last);

      json_builder_add_string_value (b, link);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "previous");
  if (start > 0 && end > start)
    {
      const char *first =
        json_object_get_string_member (json_node_get_object (g_ptr_array_index (nodes, start)),
                                       "id");
      g_autofree char *link = g_strdup_printf ("%s?ending_before=%s", path, first);

      json_builder_add_string_value (b, link);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  reply_node (msg, 200, json_builder_get_root (b));
}

static GPtrArray *
new_nodes (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

/* Unix-time filters: name, name.gt, name.gte, name.lt, name.lte */
static gboolean
time_matches (GPtrArray  *query,
              const char *name,
              gint64      value)
{
  static const char *suffixes[] = { "", ".gt", ".gte", ".lt", ".lte" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *key = g_strconcat (name, suffixes[i], NULL);
      const char      *text = get (query, key);
      gint64           bound;

      if (text == NULL ||
          !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &bound, NULL))
        continue;
      if ((i == 0 && value != bound) || (i == 1 && !(value > bound)) ||
          (i == 2 && !(value >= bound)) || (i == 3 && !(value < bound)) ||
          (i == 4 && !(value <= bound)))
        return FALSE;
    }
  return TRUE;
}

/* Routes */

static char *
next_id (FakeTicketTailor *self,
         const char       *prefix)
{
  return g_strdup_printf ("%s%u", prefix, ++self->next_serial);
}

static void
handle_events (FakeTicketTailor  *self,
               SoupServerMessage *msg,
               GPtrArray         *query,
               const char        *id)
{
  GPtrArray  *nodes;
  const char *status = get (query, "status");
  g_auto (GStrv) statuses = status ? g_strsplit (status, ",", -1) : NULL;

  if (id != NULL)
    {
      JsonObject *event = find_event (self, id);
      g_autoptr (JsonNode) node = NULL;

      if (event == NULL)
        {
          reply_not_found (msg);
          return;
        }
      node = json_node_init_object (json_node_alloc (), event);
      reply_json (msg, 200, node);
      return;
    }

  nodes = new_nodes ();
  for (guint i = 0; i < self->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (self->events, i);
      JsonObject *start = json_object_get_object_member (event, "start");
      JsonObject *end = json_object_get_object_member (event, "end");

      if (statuses != NULL &&
          !g_strv_contains ((const char * const *) statuses,
                            json_object_get_string_member_with_default (event, "status", "")))
        continue;
      if (!time_matches (query, "start_at",
                         json_object_get_int_member_with_default (start, "unix", 0)) ||
          !time_matches (query, "end_at", json_object_get_int_member_with_default (end, "unix", 0)))
        continue;
      g_ptr_array_add (nodes, json_node_init_object (json_node_alloc (), event));
    }
  reply_page (msg, "/v1/events", query, nodes);
}

static gboolean
ticket_matches (Ticket    *t,
                GPtrArray *query)
{
  const char *event_id = get (query, "event_id");
  const char *order_id = get (query, "order_id");
  const char *barcode = get (query, "barcode");
  const char *status = get (query, "status");
  const char *email = get (query, "email");
  const char *name = get (query, "name");

  if (event_id != NULL && g_strcmp0 (t->event_id, event_id) != 0)
    return FALSE;
  if (order_id != NULL && g_strcmp0 (t->order_id, order_id) != 0)
    return FALSE;
  if (barcode != NULL && g_strcmp0 (t->barcode, barcode) != 0)
    return FALSE;
  if (email != NULL && g_ascii_strcasecmp (t->email ? t->email : "", email) != 0)
    return FALSE;
  if (status != NULL)
    {
      gboolean voided = g_strcmp0 (t->status, "valid") != 0;

      if ((g_str_equal (status, "valid") && voided) || (g_str_equal (status, "voided") && !voided))
        return FALSE;
    }
  if (name != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s %s", t->first_name ? t->first_name : "",
                                               t->last_name ? t->last_name : "");

      if (strstr (full, name) == NULL)
        return FALSE;
    }
  return time_matches (query, "created_at", t->created_at);
}

static void
handle_issue (FakeTicketTailor  *self,
              SoupServerMessage *msg,
              GPtrArray         *form)
{
  const char *event_id = get (form, "event_id");
  const char *type_id = get (form, "ticket_type_id");
  const char *full_name = get (form, "full_name");
  const char *email = get (form, "email");
  const char *barcode = get (form, "barcode");
  JsonObject *event;
  JsonObject *type;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *space;
  Ticket     *t;

  if (event_id == NULL || event_id[0] == '\0')
    {
      reply_invalid (msg, "event_id", "The event id field is required.");
      return;
    }
  if (type_id == NULL || type_id[0] == '\0')
    {
      reply_invalid (msg, "ticket_type_id", "The ticket type id field is required.");
      return;
    }
  if (full_name == NULL || full_name[0] == '\0')
    {
      reply_invalid (msg, "full_name", "The full name field is required.");
      return;
    }
  event = find_event (self, event_id);
  if (event == NULL)
    {
      reply_invalid (msg, "event_id", "The selected event id is invalid.");
      return;
    }
  type = find_ticket_type (event, type_id);
  if (type == NULL)
    {
      reply_invalid (msg, "ticket_type_id", "The selected ticket type id is invalid.");
      return;
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (type, "type", ""), "Seated") == 0)
    {
      reply_invalid (msg, "ticket_type_id", "Tickets cannot be issued for a seated ticket type.");
      return;
    }
  if (barcode != NULL && barcode[0] != '\0')
    for (guint i = 0; i < self->tickets->len; i++)
      {
        Ticket *other = g_ptr_array_index (self->tickets, i);

        if (g_strcmp0 (other->event_id, event_id) == 0 && g_strcmp0 (other->barcode, barcode) == 0)
          {
            reply_invalid (msg, "barcode", "The barcode has already been taken.");
            return;
          }
      }

  t = g_new0 (Ticket, 1);
  t->id = next_id (self, "it_");
  t->event_id = g_strdup (event_id);
  t->ticket_type_id = g_strdup (type_id);
  t->barcode =
    (barcode && barcode[0]) ? g_strdup (barcode) : g_strdup_printf ("BX%u", self->next_serial);
  space = strrchr (full_name, ' ');
  t->first_name = space ? g_strndup (full_name, space - full_name) : g_strdup (full_name);
  t->last_name = space ? g_strdup (space + 1) : NULL;
  t->email = (email && email[0]) ? g_strdup (email) : NULL;
  t->reference = g_strdup (get (form, "reference"));
  t->source = g_strdup ("api");
  t->status = g_strdup ("valid");
  t->created_at = t->updated_at = ++self->clock;
  g_ptr_array_add (self->tickets, t);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  json_builder_add_value (b, ticket_to_json (t));
  json_builder_end_array (b);
  json_builder_end_object (b);
  reply_node (msg, 201, json_builder_get_root (b));
}

static void
handle_issued_tickets (FakeTicketTailor  *self,
                       SoupServerMessage *msg,
                       const char        *method,
                       GPtrArray         *query,
                       GPtrArray         *form,
                       char             **segments)
{
  Ticket *t;

  if (segments[0] == NULL)
    {
      GPtrArray *nodes;

      if (g_str_equal (method, "POST"))
        {
          handle_issue (self, msg, form);
          return;
        }
      if (get (query, "barcode") != NULL && get (query, "event_id") == NULL)
        {
          reply_invalid (msg, "event_id",
                         "The event id field is required when barcode is present.");
          return;
        }
      nodes = new_nodes ();
      for (guint i = self->tickets->len; i > 0; i--)
        {
          t = g_ptr_array_index (self->tickets, i - 1);
          if (ticket_matches (t, query))
            g_ptr_array_add (nodes, ticket_to_json (t));
        }
      reply_page (msg, "/v1/issued_tickets", query, nodes);
      return;
    }

  t = find_ticket (self, segments[0]);
  if (t == NULL)
    {
      reply_not_found (msg);
      return;
    }
  if (segments[1] == NULL && g_str_equal (method, "GET"))
    {
      reply_node (msg, 200, ticket_to_json (t));
      return;
    }
  if (segments[1] != NULL && g_str_equal (segments[1], "void") && segments[2] == NULL &&
      g_str_equal (method, "POST"))
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      if (g_strcmp0 (t->status, "valid") != 0)
        {
          reply_invalid (msg, "issued_ticket_id", "The issued ticket has already been voided.");
          return;
        }
      g_free (t->status);
      t->status = g_strdup ("void");
      t->voided_at = t->updated_at = ++self->clock;
      json_builder_begin_object (b);
      add_string (b, "id", t->id);
      add_string (b, "object", "issued_ticket");
      json_builder_set_member_name (b, "voided");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      reply_node (msg, 200, json_builder_get_root (b));
      return;
    }
  reply_error (msg, 405, "Method Not Allowed", "The method is not allowed for this resource.");
}

static void
handle_orders (FakeTicketTailor  *self,
               SoupServerMessage *msg,
               GPtrArray         *query,
               char             **segments)
{
  GPtrArray  *nodes;
  const char *event_id = get (query, "event_id");
  const char *status = get (query, "status");
  const char *email = get (query, "email");

  if (segments[0] != NULL)
    {
      Order *o = find_order (self, segments[0]);

      if (o == NULL || segments[1] != NULL)
        reply_not_found (msg);
      else
        reply_node (msg, 200, order_to_json (self, o));
      return;
    }

  nodes = new_nodes ();
  for (guint i = self->orders->len; i > 0; i--)
    {
      Order *o = g_ptr_array_index (self->orders, i - 1);

      if (event_id != NULL && g_strcmp0 (o->event_id, event_id) != 0)
        continue;
      if (status != NULL && g_strcmp0 (o->status, status) != 0)
        continue;
      if (email != NULL)
        {
          Ticket *t =
            o->ticket_ids->len ? find_ticket (self, g_ptr_array_index (o->ticket_ids, 0)) : NULL;

          if (t == NULL || g_ascii_strcasecmp (t->email ? t->email : "", email) != 0)
            continue;
        }
      if (!time_matches (query, "created_at", o->created_at))
        continue;
      g_ptr_array_add (nodes, order_to_json (self, o));
    }
  reply_page (msg, "/v1/orders", query, nodes);
}

/* Fields shared by discount create and update. @creating: the required
 * ones must be there. FALSE after a reply was sent. */
static gboolean
apply_discount_form (FakeTicketTailor  *self,
                     SoupServerMessage *msg,
                     Discount          *d,
                     GPtrArray         *form,
                     gboolean           creating)
{
  const char *code = get (form, "code");
  const char *name = get (form, "name");
  const char *type = get (form, "type");
  gboolean    bad = FALSE;
  gint64      price, price_percent, booking_fee, booking_fee_percent, expires, max_redemptions;
  gboolean    has_price = get_int (form, "price", &price, &bad);
  gboolean    has_percent = get_int (form, "price_percent", &price_percent, &bad);
  gboolean    has_fee = get_int (form, "booking_fee", &booking_fee, &bad);
  gboolean    has_fee_percent = get_int (form, "booking_fee_percent", &booking_fee_percent, &bad);
  gboolean    has_expires = get_int (form, "expires", &expires, &bad);
  gboolean    has_max = get_int (form, "max_redemptions", &max_redemptions, &bad);
  const char *effective_type;

  if (bad)
    {
      const char *fields[] = { "price",   "price_percent",  "booking_fee", "booking_fee_percent",
                               "expires", "max_redemptions" };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          gint64   v;
          gboolean b = FALSE;

          get_int (form, fields[i], &v, &b);
          if (b)
            {
              g_autofree char *m = g_strdup_printf ("The %s must be an integer.", fields[i]);

              reply_invalid (msg, fields[i], m);
              return FALSE;
            }
        }
    }
  if (creating && (code == NULL || code[0] == '\0'))
    {
      reply_invalid (msg, "code", "The code field is required.");
      return FALSE;
    }
  if (creating && (name == NULL || name[0] == '\0'))
    {
      reply_invalid (msg, "name", "The name field is required.");
      return FALSE;
    }
  if (creating && get (form, "max_redemptions") == NULL)
    {
      reply_invalid (msg, "max_redemptions", "The max redemptions field must be present.");
      return FALSE;
    }
  if ((creating || type != NULL) && g_strcmp0 (type, "fixed_amount") != 0 &&
      g_strcmp0 (type, "percentage") != 0)
    {
      reply_invalid (msg, "type", "The selected type is invalid.");
      return FALSE;
    }
  effective_type = type ? type : d->type;
  if (g_strcmp0 (effective_type, "fixed_amount") == 0 &&
      ((has_price && price < 1) || (!has_price && (creating || type != NULL) && d->price < 1)))
    {
      reply_invalid (msg, "price", "The price must be at least 1.");
      return FALSE;
    }
  if (g_strcmp0 (effective_type, "percentage") == 0 &&
      ((has_percent && (price_percent < 1 || price_percent > 100)) ||
       (!has_percent && (creating || type != NULL) && d->price_percent < 1)))
    {
      reply_invalid (msg, "price_percent", "The price percent must be between 1 and 100.");
      return FALSE;
    }
  if (code != NULL)
    for (guint i = 0; i < self->discounts->len; i++)
      {
        Discount *other = g_ptr_array_index (self->discounts, i);

        if (other != d && !other->deleted && g_ascii_strcasecmp (other->code, code) == 0)
          {
            reply_invalid (msg, "code", "The code has already been taken.");
            return FALSE;
          }
      }

  /* Ticket types: "ticket_types[]=ID" (create) or "ticket_types[ID]=1|0|"
   * (update); live clients also send "ticket_type_id[ID]=1". */
  {
    g_autoptr (GPtrArray) listed = get_list (form, "ticket_types");
    g_autoptr (GPtrArray) added = get_keyed (form, "ticket_types", "1");
    g_autoptr (GPtrArray) added_live = get_keyed (form, "ticket_type_id", "1");
    g_autoptr (GPtrArray) removed = get_keyed (form, "ticket_types", "0");
    g_autoptr (GPtrArray) all = g_ptr_array_new ();

    g_ptr_array_extend (all, listed, NULL, NULL);
    g_ptr_array_extend (all, added, NULL, NULL);
    g_ptr_array_extend (all, added_live, NULL, NULL);
    for (guint i = 0; i < all->len; i++)
      {
        gboolean known = FALSE;

        for (guint e = 0; e < self->events->len && !known; e++)
          known = find_ticket_type (g_ptr_array_index (self->events, e),
                                    g_ptr_array_index (all, i)) != NULL;
        if (!known)
          {
            reply_invalid (msg, "ticket_types", "The selected ticket types are invalid.");
            return FALSE;
          }
      }
    if (listed->len > 0 && !creating)
      {
        reply_invalid (msg, "ticket_types",
                       "The ticket types must be an object of ticket type ids.");
        return FALSE;
      }
    for (guint i = 0; i < all->len; i++)
      if (!str_in (d->ticket_types, g_ptr_array_index (all, i)))
        g_ptr_array_add (d->ticket_types, g_strdup (g_ptr_array_index (all, i)));
    for (guint i = 0; i < removed->len; i++)
      {
        guint index;

        if (g_ptr_array_find_with_equal_func (d->ticket_types, g_ptr_array_index (removed, i),
                                              g_str_equal, &index))
          g_ptr_array_remove_index (d->ticket_types, index);
      }
  }

  if (code != NULL)
    set_str (&d->code, code);
  if (name != NULL)
    set_str (&d->name, name);
  if (type != NULL)
    set_str (&d->type, type);
  if (has_price || get (form, "price"))
    d->price = price;
  if (has_percent || get (form, "price_percent"))
    d->price_percent = price_percent;
  if (has_fee || get (form, "booking_fee"))
    d->booking_fee = booking_fee;
  if (has_fee_percent || get (form, "booking_fee_percent"))
    d->booking_fee_percent = booking_fee_percent;
  if (has_expires || get (form, "expires"))
    d->expires = MAX (expires, 0);
  if (has_max || get (form, "max_redemptions"))
    d->max_redemptions = max_redemptions;
  /* one kind of amount at a time */
  if (g_strcmp0 (d->type, "fixed_amount") == 0)
    d->price_percent = -1;
  else
    d->price = -1;
  return TRUE;
}

static void
handle_discounts (FakeTicketTailor  *self,
                  SoupServerMessage *msg,
                  const char        *method,
                  GPtrArray         *query,
                  GPtrArray         *form,
                  char             **segments)
{
  Discount *d;

  if (segments[0] == NULL && g_str_equal (method, "GET"))
    {
      GPtrArray  *nodes = new_nodes ();
      const char *code = get (query, "code");

      for (guint i = self->discounts->len; i > 0; i--)
        {
          d = g_ptr_array_index (self->discounts, i - 1);
          if (d->deleted || (code != NULL && g_ascii_strcasecmp (d->code, code) != 0))
            continue;
          g_ptr_array_add (nodes, discount_to_json (d, FALSE));
        }
      reply_page (msg, "/v1/discounts", query, nodes);
      return;
    }
  if (segments[0] == NULL && g_str_equal (method, "POST"))
    {
      d = g_new0 (Discount, 1);
      d->price = d->price_percent = d->booking_fee = d->booking_fee_percent = d->max_redemptions =
        -1;
      d->ticket_types = g_ptr_array_new_with_free_func (g_free);
      if (!apply_discount_form (self, msg, d, form, TRUE))
        {
          discount_free (d);
          return;
        }
      d->id = next_id (self, "di_");
      g_ptr_array_add (self->discounts, d);
      reply_node (msg, 201, discount_to_json (d, FALSE));
      return;
    }

  d = find_discount (self, segments[0]);
  if (d == NULL || segments[1] != NULL)
    {
      reply_not_found (msg);
      return;
    }
  if (g_str_equal (method, "GET"))
    reply_node (msg, 200, discount_to_json (d, FALSE));
  else if (g_str_equal (method, "POST"))
    {
      if (apply_discount_form (self, msg, d, form, FALSE))
        reply_node (msg, 200, discount_to_json (d, TRUE));
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      d->deleted = TRUE;
      json_builder_begin_object (b);
      add_string (b, "id", d->id);
      add_string (b, "object", "discount");
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      reply_node (msg, 200, json_builder_get_root (b));
    }
  else
    reply_error (msg, 405, "Method Not Allowed", "The method is not allowed for this resource.");
}

static gboolean
add_voucher_codes (FakeTicketTailor  *self,
                   SoupServerMessage *msg,
                   Voucher           *v,
                   GPtrArray         *codes,
                   gboolean           check_only)
{
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (code[0] == '\0')
        {
          reply_invalid (msg, "codes", "A voucher code may not be empty.");
          return FALSE;
        }
      for (guint j = 0; j < self->codes->len; j++)
        {
          VoucherCode *other = g_ptr_array_index (self->codes, j);

          if (g_ascii_strcasecmp (other->code, code) == 0)
            {
              reply_invalid (msg, "codes", "The voucher code has already been taken.");
              return FALSE;
            }
        }
      for (guint j = 0; j < i; j++)
        if (g_ascii_strcasecmp (g_ptr_array_index (codes, j), code) == 0)
          {
            reply_invalid (msg, "codes", "The voucher codes must be distinct.");
            return FALSE;
          }
    }
  if (check_only)
    return TRUE;
  for (guint i = 0; i < codes->len; i++)
    {
      VoucherCode *c = g_new0 (VoucherCode, 1);

      c->id = next_id (self, "vc_");
      c->voucher_id = g_strdup (v->id);
      c->code = g_strdup (g_ptr_array_index (codes, i));
      c->expiry = v->expiry;
      c->value = v->value;
      g_ptr_array_add (self->codes, c);
    }
  return TRUE;
}

static void
handle_vouchers (FakeTicketTailor  *self,
                 SoupServerMessage *msg,
                 const char        *method,
                 GPtrArray         *query,
                 GPtrArray         *form,
                 char             **segments)
{
  Voucher *v;

  if (segments[0] == NULL && g_str_equal (method, "GET"))
    {
      GPtrArray *nodes = new_nodes ();

      for (guint i = self->vouchers->len; i > 0; i--)
        {
          v = g_ptr_array_index (self->vouchers, i - 1);
          if (v->deleted || !time_matches (query, "expiry_date", v->expiry) ||
              !time_matches (query, "created_at", v->created_at))
            continue;
          g_ptr_array_add (nodes, voucher_to_json (self, v));
        }
      reply_page (msg, "/v1/vouchers", query, nodes);
      return;
    }
  if (segments[0] == NULL && g_str_equal (method, "POST"))
    {
      g_autoptr (GPtrArray) codes = get_list (form, "codes");
      g_autoptr (GPtrArray) series = get_list (form, "event_series_ids");
      const char *name = get (form, "name");
      gboolean    bad = FALSE;
      gint64      value, expiry;

      get_int (form, "value", &value, &bad);
      get_int (form, "expiry", &expiry, &bad);
      if (name == NULL || name[0] == '\0')
        {
          reply_invalid (msg, "name", "The name field is required.");
          return;
        }
      if (value < 1)
        {
          reply_invalid (msg, "value", "The value must be an integer of at least 1.");
          return;
        }
      if (expiry < 0)
        {
          reply_invalid (msg, "expiry", "The expiry field is required.");
          return;
        }
      if (codes->len == 0)
        {
          reply_invalid (msg, "codes", "The codes field is required.");
          return;
        }
      if (!add_voucher_codes (self, msg, NULL, codes, TRUE))
        return;

      v = g_new0 (Voucher, 1);
      v->id = next_id (self, "vo_");
      v->name = g_strdup (name);
      v->value = value;
      v->expiry = expiry;
      v->created_at = ++self->clock;
      v->event_series_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < series->len; i++)
        g_ptr_array_add (v->event_series_ids, g_strdup (g_ptr_array_index (series, i)));
      g_ptr_array_add (self->vouchers, v);
      add_voucher_codes (self, msg, v, codes, FALSE);
      reply_node (msg, 201, voucher_to_json (self, v));
      return;
    }

  v = find_voucher (self, segments[0]);
  if (v == NULL)
    {
      reply_not_found (msg);
      return;
    }

  if (segments[1] != NULL && g_str_equal (segments[1], "codes"))
    {
      if (segments[2] == NULL && g_str_equal (method, "GET"))
        {
          GPtrArray       *nodes = new_nodes ();
          g_autofree char *path = g_strdup_printf ("/v1/vouchers/%s/codes", v->id);

          for (guint i = self->codes->len; i > 0; i--)
            {
              VoucherCode *c = g_ptr_array_index (self->codes, i - 1);

              if (g_strcmp0 (c->voucher_id, v->id) != 0 || c->voided ||
                  !time_matches (query, "expiry_date", c->expiry))
                continue;
              g_ptr_array_add (nodes, voucher_code_to_json (c));
            }
          reply_page (msg, path, query, nodes);
          return;
        }
      if (segments[2] != NULL && segments[3] != NULL && g_str_equal (segments[3], "void") &&
          segments[4] == NULL && g_str_equal (method, "POST"))
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          VoucherCode *found = NULL;

          for (guint i = 0; i < self->codes->len; i++)
            {
              VoucherCode *c = g_ptr_array_index (self->codes, i);

              if (g_strcmp0 (c->id, segments[2]) == 0 && g_strcmp0 (c->voucher_id, v->id) == 0)
                found = c;
            }
          if (found == NULL)
            {
              reply_not_found (msg);
              return;
            }
          if (found->voided)
            {
              reply_invalid (msg, "voucher_code_id", "The voucher code has already been voided.");
              return;
            }
          found->voided = TRUE;
          json_builder_begin_object (b);
          add_string (b, "id", found->id);
          add_string (b, "object", "voucher_code");
          json_builder_set_member_name (b, "voided");
          json_builder_add_boolean_value (b, TRUE);
          json_builder_end_object (b);
          reply_node (msg, 200, json_builder_get_root (b));
          return;
        }
      reply_not_found (msg);
      return;
    }
  if (segments[1] != NULL)
    {
      reply_not_found (msg);
      return;
    }

  if (g_str_equal (method, "GET"))
    reply_node (msg, 200, voucher_to_json (self, v));
  else if (g_str_equal (method, "POST"))
    {
      g_autoptr (GPtrArray) codes = get_list (form, "codes");
      g_autoptr (GPtrArray) add_series = get_keyed (form, "event_series_ids", "1");
      g_autoptr (GPtrArray) remove_series = get_keyed (form, "event_series_ids", "0");
      const char *name = get (form, "name");
      gboolean    bad = FALSE;
      gint64      value, expiry;
      gboolean    has_value = get_int (form, "value", &value, &bad);
      gboolean    has_expiry = get_int (form, "expiry", &expiry, &bad);

      if (bad)
        {
          reply_invalid (msg, has_value ? "expiry" : "value", "The value must be an integer.");
          return;
        }
      if (name != NULL && name[0] == '\0')
        {
          reply_invalid (msg, "name", "The name may not be empty.");
          return;
        }
      if (has_value && value < 1)
        {
          reply_invalid (msg, "value", "The value must be an integer of at least 1.");
          return;
        }
      if (!add_voucher_codes (self, msg, v, codes, TRUE))
        return;
      if (name != NULL)
        set_str (&v->name, name);
      if (has_value)
        v->value = value;
      if (has_expiry)
        v->expiry = expiry;
      for (guint i = 0; i < add_series->len; i++)
        if (!str_in (v->event_series_ids, g_ptr_array_index (add_series, i)))
          g_ptr_array_add (v->event_series_ids, g_strdup (g_ptr_array_index (add_series, i)));
      for (guint i = 0; i < remove_series->len; i++)
        {
          guint index;

          if (g_ptr_array_find_with_equal_func (v->event_series_ids,
                                                g_ptr_array_index (remove_series, i), g_str_equal,
                                                &index))
            g_ptr_array_remove_index (v->event_series_ids, index);
        }
      add_voucher_codes (self, msg, v, codes, FALSE);
      reply_node (msg, 201, voucher_to_json (self, v));
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      v->deleted = TRUE;
      for (guint i = self->codes->len; i > 0; i--)
        {
          VoucherCode *c = g_ptr_array_index (self->codes, i - 1);

          if (g_strcmp0 (c->voucher_id, v->id) == 0)
            g_ptr_array_remove_index (self->codes, i - 1);
        }
      json_builder_begin_object (b);
      add_string (b, "id", v->id);
      add_string (b, "object", "voucher");
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      reply_node (msg, 200, json_builder_get_root (b));
    }
  else
    reply_error (msg, 405, "Method Not Allowed", "The method is not allowed for this resource.");
}

static CheckIn *
add_check_in (FakeTicketTailor *self,
              Ticket           *t,
              gint64            quantity)
{
  CheckIn *c = g_new0 (CheckIn, 1);

  c->id = next_id (self, "ch_");
  c->event_id = g_strdup (t->event_id);
  c->issued_ticket_id = g_strdup (t->id);
  c->check_in_at = ++self->clock;
  c->quantity = quantity;
  g_ptr_array_add (self->check_ins, c);
  t->checked_in = TRUE;
  t->updated_at = c->check_in_at;
  return c;
}

static void
handle_check_ins (FakeTicketTailor  *self,
                  SoupServerMessage *msg,
                  const char        *method,
                  GPtrArray         *query,
                  GPtrArray         *form,
                  char             **segments)
{
  if (segments[0] != NULL)
    {
      reply_not_found (msg);
      return;
    }
  if (g_str_equal (method, "GET"))
    {
      GPtrArray  *nodes = new_nodes ();
      const char *event_id = get (query, "event_id");
      const char *ticket_id = get (query, "issued_ticket_id");

      for (guint i = self->check_ins->len; i > 0; i--)
        {
          CheckIn *c = g_ptr_array_index (self->check_ins, i - 1);

          if ((event_id != NULL && g_strcmp0 (c->event_id, event_id) != 0) ||
              (ticket_id != NULL && g_strcmp0 (c->issued_ticket_id, ticket_id) != 0) ||
              !time_matches (query, "check_in_at", c->check_in_at))
            continue;
          g_ptr_array_add (nodes, check_in_to_json (c));
        }
      reply_page (msg, "/v1/check_ins", query, nodes);
      return;
    }
  if (g_str_equal (method, "POST"))
    {
      const char *ticket_id = get (form, "issued_ticket_id");
      gboolean    bad = FALSE;
      gint64      quantity;
      Ticket     *t;

      get_int (form, "quantity", &quantity, &bad);
      if (ticket_id == NULL || ticket_id[0] == '\0')
        {
          reply_invalid (msg, "issued_ticket_id", "The issued ticket id field is required.");
          return;
        }
      if (quantity < 1)
        {
          reply_invalid (msg, "quantity", "The quantity must be at least 1.");
          return;
        }
      t = find_ticket (self, ticket_id);
      if (t == NULL)
        {
          reply_invalid (msg, "issued_ticket_id", "The selected issued ticket id is invalid.");
          return;
        }
      if (g_strcmp0 (t->status, "valid") != 0)
        {
          reply_invalid (msg, "issued_ticket_id", "The issued ticket has been voided.");
          return;
        }
      if (t->checked_in)
        {
          reply_invalid (msg, "issued_ticket_id", "The issued ticket has already been checked in.");
          return;
        }
      reply_node (msg, 201, check_in_to_json (add_check_in (self, t, quantity)));
      return;
    }
  reply_error (msg, 405, "Method Not Allowed", "The method is not allowed for this resource.");
}

/* Control routes (tests only) */

static char    *dup_log_json_locked (FakeTicketTailor *self);
static gboolean check_in_locked (FakeTicketTailor *self,
                                 const char       *ticket_id,
                                 gint64            unix_time);
static gboolean void_ticket_locked (FakeTicketTailor *self,
                                    const char       *ticket_id);
static void     set_fault_locked (FakeTicketTailor     *self,
                                  FakeTicketTailorFault fault,
                                  const char           *path_prefix,
                                  guint                 count,
                                  guint                 skip);

static char *
dup_log_json_locked (FakeTicketTailor *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < self->requests->len; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (self->requests, i);
      g_autoptr (GPtrArray) form = fake_tickettailor_decode_form (r->body);

      json_builder_begin_object (b);
      add_string (b, "method", r->method);
      add_string (b, "path", r->path);
      add_string (b, "query", r->query);
      add_string (b, "body", r->body);
      g_ptr_array_add (form, NULL);
      json_builder_set_member_name (b, "form");
      json_builder_begin_array (b);
      for (guint j = 0; form->pdata[j] != NULL; j++)
        json_builder_add_string_value (b, form->pdata[j]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "authorized");
      json_builder_add_boolean_value (b, r->authorized);
      add_int (b, "status", r->status);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

static void
handle_control (FakeTicketTailor  *self,
                SoupServerMessage *msg,
                const char        *path,
                GPtrArray         *query)
{
  const char *id = get (query, "issued_ticket_id");

  if (g_str_equal (path, "/__fake/requests"))
    {
      char *body = dup_log_json_locked (self);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body,
                                        strlen (body));
      return;
    }
  if (g_str_equal (path, "/__fake/fail"))
    {
      const char           *fault = get (query, "fault");
      const char           *count = get (query, "count");
      FakeTicketTailorFault f = FAKE_TICKETTAILOR_FAULT_NONE;

      if (g_strcmp0 (fault, "429") == 0)
        f = FAKE_TICKETTAILOR_FAULT_429;
      else if (g_strcmp0 (fault, "500") == 0)
        f = FAKE_TICKETTAILOR_FAULT_500;
      else if (g_strcmp0 (fault, "malformed") == 0)
        f = FAKE_TICKETTAILOR_FAULT_MALFORMED;
      else if (g_strcmp0 (fault, "drop") == 0)
        f = FAKE_TICKETTAILOR_FAULT_DROP;
      set_fault_locked (self, f, get (query, "path"),
                        count ? (guint) g_ascii_strtoull (count, NULL, 10) : 1, 0);
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  if (g_str_equal (path, "/__fake/check_in") && check_in_locked (self, id, 0))
    {
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  if (g_str_equal (path, "/__fake/void") && void_ticket_locked (self, id))
    {
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

/* Dispatch */

static gboolean
check_auth (SoupServerMessage *msg)
{
  const char *header =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char   *text = NULL;
  gsize              len = 0;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  decoded = g_base64_decode (header + 6, &len);
  text = g_strndup ((const char *) decoded, len);
  return g_str_has_prefix (text, FAKE_TICKETTAILOR_API_KEY ":") &&
         strlen (text) == strlen (FAKE_TICKETTAILOR_API_KEY ":");
}

static gboolean
take_fault (FakeTicketTailor      *self,
            const char            *path,
            FakeTicketTailorFault *fault)
{
  if (self->fault_count == 0 || g_str_has_prefix (path, "/__fake/"))
    return FALSE;
  if (self->fault_path != NULL && !g_str_has_prefix (path, self->fault_path))
    return FALSE;
  if (self->fault_skip > 0)
    {
      self->fault_skip--;
      return FALSE;
    }
  *fault = self->fault;
  if (--self->fault_count == 0)
    g_clear_pointer (&self->fault_path, g_free);
  return TRUE;
}

/* In the kit's thread, with its lock held */
static void
handler (GuichetFakeServer *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *unused,
         gpointer           user_data)
{
  FakeTicketTailor *self = user_data;
  GUri             *uri = soup_server_message_get_uri (msg);
  const char       *method = soup_server_message_get_method (msg);
  const char       *raw_query = g_uri_get_query (uri);
  SoupMessageBody  *request_body = soup_server_message_get_request_body (msg);
  g_autoptr (GPtrArray) query = decode_pairs (raw_query);
  g_autoptr (GPtrArray) form = NULL;
  g_auto (GStrv) segments = NULL;
  g_autofree char         *body = NULL;
  FakeTicketTailorRequest *request;
  FakeTicketTailorFault    fault = FAKE_TICKETTAILOR_FAULT_NONE;
  gboolean                 faulted;

  if (request_body != NULL && request_body->length > 0)
    body = g_strndup (request_body->data, request_body->length);
  form = decode_pairs (body);

  if (g_str_has_prefix (path, "/__fake/"))
    {
      handle_control (self, msg, path, query);
      return;
    }

  request = g_new0 (FakeTicketTailorRequest, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->query = g_strdup (raw_query);
  request->body = g_strdup (body);
  request->authorized = check_auth (msg);
  g_ptr_array_add (self->requests, request);

  set_rate_headers (self, msg);
  faulted = take_fault (self, path, &fault);
  if (faulted && fault == FAKE_TICKETTAILOR_FAULT_429)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    "1");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Rate-Limit-Remaining", "0");
      /* the window resets when Retry-After says */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Rate-Limit-Reset", "1");
      reply_error (msg, 429, "Too Many Requests", "Too many requests hit the API too quickly.");
      request->status = 429;
      return;
    }
  if (faulted && fault == FAKE_TICKETTAILOR_FAULT_500)
    {
      reply_error (msg, 500, "Internal Server Error",
                   "An error occurred on Ticket Tailor's end with our API.");
      request->status = 500;
      return;
    }
  if (!request->authorized)
    {
      reply_error (msg, 401, "Unauthorized", "Your request was not authenticated correctly.");
      request->status = 401;
      return;
    }
  if (!g_str_has_prefix (path, "/v1/"))
    {
      reply_not_found (msg);
      request->status = 404;
      return;
    }

  segments = g_strsplit (path + strlen ("/v1/"), "/", -1);
  if (g_str_equal (segments[0], "ping") && segments[1] == NULL)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "version", "pong");
      json_builder_end_object (b);
      reply_node (msg, 200, json_builder_get_root (b));
    }
  else if (g_str_equal (segments[0], "events") && g_str_equal (method, "GET") &&
           (segments[1] == NULL || segments[2] == NULL))
    handle_events (self, msg, query, segments[1]);
  else if (g_str_equal (segments[0], "issued_tickets"))
    handle_issued_tickets (self, msg, method, query, form, segments + 1);
  else if (g_str_equal (segments[0], "orders") && g_str_equal (method, "GET"))
    handle_orders (self, msg, query, segments + 1);
  else if (g_str_equal (segments[0], "discounts"))
    handle_discounts (self, msg, method, query, form, segments + 1);
  else if (g_str_equal (segments[0], "vouchers"))
    handle_vouchers (self, msg, method, query, form, segments + 1);
  else if (g_str_equal (segments[0], "check_ins"))
    handle_check_ins (self, msg, method, query, form, segments + 1);
  else
    reply_not_found (msg);

  request->status = soup_server_message_get_status (msg);

  if (faulted && fault == FAKE_TICKETTAILOR_FAULT_MALFORMED)
    {
      static const char truncated[] = "{\"data\": [{\"object\": \"issued_ticket\", \"id\": \"it_";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, truncated,
                                        strlen (truncated));
    }
  else if (faulted && fault == FAKE_TICKETTAILOR_FAULT_DROP)
    {
      /* the work is done, the reply is lost */
      GIOStream *stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
}

/* Set-up */

static gboolean
load_events (FakeTicketTailor *self,
             const char       *file,
             GError          **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, file, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *data;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  data =
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    g_ptr_array_add (self->events, json_object_ref (json_array_get_object_element (data, i)));
  return TRUE;
}

static void
generate (FakeTicketTailor *self,
          guint             n_tickets)
{
  Order *order = NULL;

  for (guint i = 0; i < n_tickets; i++)
    {
      Ticket     *t = g_new0 (Ticket, 1);
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];
      g_autofree char *ascii = g_str_to_ascii (first, "C");
      g_autofree char *lower = g_ascii_strdown (ascii, -1);

      /* two tickets an order */
      if (i % 2 == 0)
        {
          order = g_new0 (Order, 1);
          order->id = g_strdup_printf ("or_%u", 200000 + i / 2);
          order->event_id = g_strdup (FAKE_TICKETTAILOR_EVENT);
          order->status = g_strdup ("completed");
          order->created_at = BASE_TIME - 86400 + i;
          order->ticket_ids = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (self->orders, order);
        }

      t->id = fake_tickettailor_dup_ticket_id (i);
      t->event_id = g_strdup (FAKE_TICKETTAILOR_EVENT);
      t->ticket_type_id = g_strdup (ticket_type_ids[i % G_N_ELEMENTS (ticket_type_ids)]);
      t->barcode = fake_tickettailor_dup_barcode (i);
      t->first_name = g_strdup (first);
      t->last_name = g_strdup (last);
      t->email = g_strdup_printf ("%s.%u@example.invalid", lower, i);
      t->order_id = g_strdup (order->id);
      t->reservation = i % 13 == 12 ? g_strdup_printf ("%u-%u", 1 + i % 30, 1 + i % 12) : NULL;
      t->source = g_strdup ("checkout");
      t->status = g_strdup (fake_tickettailor_is_voided (i) ? "voided" : "valid");
      t->checked_in = fake_tickettailor_is_checked_in (i);
      t->created_at = t->updated_at = BASE_TIME - 86400 + i;
      t->voided_at = fake_tickettailor_is_voided (i) ? BASE_TIME - 3600 : 0;
      g_ptr_array_add (self->tickets, t);
      g_ptr_array_add (order->ticket_ids, g_strdup (t->id));
      if (fake_tickettailor_is_voided (i))
        set_str (&order->status, "cancelled");

      if (t->checked_in)
        {
          CheckIn *c = g_new0 (CheckIn, 1);

          c->id = g_strdup_printf ("ch_%u", 500000 + i);
          c->event_id = g_strdup (t->event_id);
          c->issued_ticket_id = g_strdup (t->id);
          c->check_in_at = BASE_TIME - 1800 + i;
          c->quantity = 1;
          g_ptr_array_add (self->check_ins, c);
        }
    }
}

FakeTicketTailor *
fake_tickettailor_new (const char *data_dir,
                       guint       n_tickets,
                       GError    **error)
{
  FakeTicketTailor *self = g_new0 (FakeTicketTailor, 1);
  self->data_dir = data_dir ? g_strdup (data_dir)
                            : g_build_filename (SOURCE_TESTS_DIR, "data", "tickettailor", NULL);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  self->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_free);
  self->discounts = g_ptr_array_new_with_free_func ((GDestroyNotify) discount_free);
  self->vouchers = g_ptr_array_new_with_free_func ((GDestroyNotify) voucher_free);
  self->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) voucher_code_free);
  self->check_ins = g_ptr_array_new_with_free_func ((GDestroyNotify) check_in_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  /* records made while running are dated now, as the door compares times */
  self->clock = MAX (BASE_TIME, g_get_real_time () / G_USEC_PER_SEC);
  self->remaining = RATE_LIMIT;
  self->next_serial = 1000;

  if (!load_events (self, "events.json", error) || !load_events (self, "events-live.json", error))
    {
      fake_tickettailor_free (self);
      return NULL;
    }
  generate (self, n_tickets);

  /* its own thread and context: the code under test may block */
  self->server = guichet_fake_server_new (NULL, error);
  if (self->server == NULL)
    {
      fake_tickettailor_free (self);
      return NULL;
    }
  guichet_fake_server_add_route (self->server, NULL, "*", handler, self);

  return self;
}

void
fake_tickettailor_free (FakeTicketTailor *self)
{
  if (self == NULL)
    return;
  /* stops the server's thread first: no handler runs after this */
  g_clear_object (&self->server);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->tickets);
  g_ptr_array_unref (self->orders);
  g_ptr_array_unref (self->discounts);
  g_ptr_array_unref (self->vouchers);
  g_ptr_array_unref (self->codes);
  g_ptr_array_unref (self->check_ins);
  g_ptr_array_unref (self->requests);
  g_free (self->fault_path);
  g_free (self->data_dir);
  g_free (self);
}

const char *
fake_tickettailor_get_base_url (FakeTicketTailor *self)
{
  return guichet_fake_server_get_base_url (self->server);
}

static void
set_fault_locked (FakeTicketTailor     *self,
                  FakeTicketTailorFault fault,
                  const char           *path_prefix,
                  guint                 count,
                  guint                 skip)
{
  self->fault = fault;
  self->fault_count = fault == FAKE_TICKETTAILOR_FAULT_NONE ? 0 : count;
  self->fault_skip = skip;
  set_str (&self->fault_path, path_prefix);
}

void
fake_tickettailor_fail_next (FakeTicketTailor     *self,
                             FakeTicketTailorFault fault,
                             const char           *path_prefix,
                             guint                 count)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  set_fault_locked (self, fault, path_prefix, count, 0);
}

void
fake_tickettailor_fail_after (FakeTicketTailor     *self,
                              FakeTicketTailorFault fault,
                              const char           *path_prefix,
                              guint                 skip)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  set_fault_locked (self, fault, path_prefix, 1, skip);
}

char *
fake_tickettailor_dup_log_json (FakeTicketTailor *self)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  return dup_log_json_locked (self);
}

GPtrArray *
fake_tickettailor_get_requests (FakeTicketTailor *self)
{
  return self->requests;
}

guint
fake_tickettailor_count_requests (FakeTicketTailor *self,
                                  const char       *method,
                                  const char       *path)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  guint n = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (self->requests, i);

      if ((method == NULL || g_str_equal (r->method, method)) && g_str_equal (r->path, path))
        n++;
    }
  return n;
}

FakeTicketTailorRequest *
fake_tickettailor_last_request (FakeTicketTailor *self,
                                const char       *method,
                                const char       *path)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  for (guint i = self->requests->len; i > 0; i--)
    {
      FakeTicketTailorRequest *r = g_ptr_array_index (self->requests, i - 1);

      if ((method == NULL || g_str_equal (r->method, method)) && g_str_equal (r->path, path))
        return r;
    }
  return NULL;
}

static gboolean
check_in_locked (FakeTicketTailor *self,
                 const char       *ticket_id,
                 gint64            unix_time)
{
  Ticket  *t = find_ticket (self, ticket_id);
  CheckIn *c;

  if (t == NULL || t->checked_in)
    return FALSE;
  c = add_check_in (self, t, 1);
  if (unix_time > 0)
    c->check_in_at = unix_time;
  return TRUE;
}

gboolean
fake_tickettailor_check_in (FakeTicketTailor *self,
                            const char       *ticket_id)
{
  return fake_tickettailor_check_in_at (self, ticket_id, 0);
}

gboolean
fake_tickettailor_check_in_at (FakeTicketTailor *self,
                               const char       *ticket_id,
                               gint64            unix_time)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  return check_in_locked (self, ticket_id, unix_time);
}

static gboolean
void_ticket_locked (FakeTicketTailor *self,
                    const char       *ticket_id)
{
  Ticket *t = find_ticket (self, ticket_id);

  if (t == NULL)
    return FALSE;
  set_str (&t->status, "voided");
  t->voided_at = t->updated_at = ++self->clock;
  return TRUE;
}

gboolean
fake_tickettailor_void_ticket (FakeTicketTailor *self,
                               const char       *ticket_id)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  return void_ticket_locked (self, ticket_id);
}

guint
fake_tickettailor_get_n_check_ins (FakeTicketTailor *self,
                                   const char       *ticket_id)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  guint n = 0;

  for (guint i = 0; i < self->check_ins->len; i++)
    {
      CheckIn *c = g_ptr_array_index (self->check_ins, i);

      if (g_strcmp0 (c->issued_ticket_id, ticket_id) == 0)
        n++;
    }
  return n;
}
