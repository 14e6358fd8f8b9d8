/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-weezevent"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "fake-weezevent.h"
#include "guichet-fake-server.h"

/* 2024-05-01 10:00:00, the fake's clock at start */
#define BASE_TIME 1714557600

typedef struct
{
  char    *id;
  char    *event_id;
  guint    id_date;
  char    *id_ticket;
  char    *barcode;
  char    *first_name;
  char    *last_name;
  char    *email;
  gboolean deleted;
  gboolean refunded;
  gboolean paid;
  gboolean buyer_only; /* owner left empty, names on the buyer */
  gboolean has_answers;
  gint64   scan_time; /* 0: not scanned */
  gint64   modified;
  char    *raw; /* the doc's own record, served verbatim */
} Row;

/* The protocol lives here; the server, its thread, fault injection and the
 * request log are GuichetFakeServer's. Handlers run in the server's thread
 * with its lock held; the public functions below take the lock. */
struct _FakeWeezevent
{
  GuichetFakeServer *server;
  char              *data_dir;
  GArray            *rows;      /* Row */
  GHashTable        *row_by_id; /* id -> index + 1 */
  guint              next_index;
  gint64             clock;
  guint              page_cap;
  gboolean           no_list_next; /* FAKE_WEEZEVENT_FAULT_NO_LIST for the next request */
  guint              fault_page;
  FakeWeezeventFault page_fault;
  guint              retry_after; /* of FAKE_WEEZEVENT_FAULT_429 on a page, in seconds */
  gboolean           revoked;
  GHashTable        *last_query_by_path; /* path -> GHashTable */
  GHashTable        *last_raw_by_path;   /* path -> query text */
  guint              n_login_failures;
  char              *scan_user;
  FILE              *log; /* "participants page N" lines, or NULL */
  /* Where the last /participants page ended, so that the next page of the
   * same query starts there instead of counting every row before it (a
   * full sync would cost the fake a pass over all rows per page) */
  struct
  {
    char   *query; /* every pair but "page" */
    gint64  clock; /* any change of the rows moves the clock */
    guint   n_rows;
    guint64 max;
    guint64 page;
    guint   next_row;
    guint64 matched;
  } resume;
  /* Fair use: past fair_max requests in fair_window_us, every request
   * is refused for 30 such windows */
  guint   fair_max;
  gint64  fair_window_us;
  GArray *fair_times; /* gint64, monotonic, oldest first */
  gint64  banned_until;
};

static const char *first_names[] = {
  "Camille", "Léa",   "Hugo",   "Chloé",  "Lucas", "Zoé",   "Nathan", "Inès", "Louis",   "Jade",
  "Gabriel", "Manon", "Arthur", "Élodie", "Jules", "Sarah", "Adam",   "Emma", "Raphaël", "Anaïs",
};
static const char *last_names[] = {
  "Martin",   "Bernard", "Thomas",   "Petit",  "Robert",  "Richard", "Durand",  "Dubois",
  "Moreau",   "Laurent", "Simon",    "Michel", "Lefèvre", "Leroy",   "Roux",    "David",
  "Bertrand", "Morel",   "Fournier", "Girard", "Bonnet",  "Dupont",  "Lambert", "Fontaine",
  "Rousseau", "Vincent", "Müller",   "Faure",  "André",   "Mercier",
};
static const char *ticket_ids[] = { "75632", "ABCDE125632", "44272", "65632", "65638" };

static void
row_clear (Row *row)
{
  g_free (row->id);
  g_free (row->event_id);
  g_free (row->id_ticket);
  g_free (row->barcode);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->email);
  g_free (row->raw);
}

char *
fake_weezevent_dup_participant_id (guint index)
{
  return g_strdup_printf ("%u", 1000000 + index);
}

char *
fake_weezevent_dup_barcode (guint index)
{
  return g_strdup_printf ("84%011u", index + 1);
}

static char *
ascii_lower (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  return g_ascii_strdown (ascii, -1);
}

static void
add_row (FakeWeezevent *self,
         Row           *row)
{
  g_array_append_val (self->rows, *row);
  g_hash_table_insert (self->row_by_id, g_strdup (row->id), GUINT_TO_POINTER (self->rows->len));
}

static void
generate_row (FakeWeezevent *self,
              guint          i)
{
  Row              row = { 0 };
  const char      *first = first_names[i % G_N_ELEMENTS (first_names)];
  const char      *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];
  g_autofree char *first_lower = ascii_lower (first);
  g_autofree char *last_lower = ascii_lower (last);

  row.id = fake_weezevent_dup_participant_id (i);
  row.event_id = g_strdup (FAKE_WEEZEVENT_EVENT);
  row.id_date = (i % 2) ? 139 : 138;
  row.id_ticket = g_strdup (ticket_ids[i % G_N_ELEMENTS (ticket_ids)]);
  row.barcode = fake_weezevent_dup_barcode (i);
  row.first_name = g_strdup (first);
  row.last_name = g_strdup (last);
  row.email = g_strdup_printf ("%s.%s.%u@example.invalid", first_lower, last_lower, i);
  row.deleted = i % 97 == 96;
  row.refunded = i % 89 == 88;
  row.paid = i % 83 != 82;
  row.buyer_only = i % 50 == 49;
  row.has_answers = i % 10 == 0;
  row.scan_time = i % 7 == 6 ? BASE_TIME - 600 : 0;
  row.modified = BASE_TIME - 3600;
  add_row (self, &row);
}

static void
load_doc_participants (FakeWeezevent *self)
{
  g_autofree char *path = g_build_filename (self->data_dir, "participants.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_debug ("No doc participants: %s", error->message);
      return;
    }

  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "participants");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      JsonObject *object = json_node_get_object (node);
      Row         row = { 0 };

      row.id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member (object, "id_participant"));
      row.event_id = g_strdup (FAKE_WEEZEVENT_DOC_EVENT);
      row.id_ticket = g_strdup (json_object_get_string_member (object, "id_ticket"));
      row.barcode = g_strdup (json_object_get_string_member (object, "barcode"));
      row.paid = TRUE;
      row.modified = BASE_TIME - 3600;
      row.raw = json_to_string (node, FALSE);
      add_row (self, &row);
    }
}

static char *
format_time (gint64 t)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static gint64
parse_time (const char *text)
{
  int y, mo, d, h, mi, s;
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6)
    return -1;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_answers (GString *out,
                Row     *row)
{
  g_string_append (
    out, "[{\"label\":\"Taille de t-shirt\",\"value\":\"M\"},"
         "{\"label\":\"R\\u00e9gime alimentaire\",\"value\":\"V\\u00e9g\\u00e9tarien\"}]");
}

static void
append_row (GString *out,
            Row     *row,
            gboolean full)
{
  g_autofree char *scan_date = NULL;
  g_autofree char *create_date = NULL;

  if (row->raw != NULL)
    {
      g_string_append (out, row->raw);
      return;
    }

  scan_date = row->scan_time ? format_time (row->scan_time) : g_strdup ("0000-00-00 00:00:00");
  create_date = format_time (BASE_TIME - 86400);

  g_string_append_printf (out,
                          "{\"id_participant\":%s,\"id_event\":%s,\"id_date\":%u,\"id_ticket\":",
                          row->id, row->event_id, row->id_date);
  append_json_string (out, row->id_ticket);
  g_string_append (out, ",\"barcode\":");
  append_json_string (out, row->barcode);
  g_string_append_printf (
    out,
    ",\"id_weez_ticket\":\"T%sE%sO1\",\"deleted\":\"%s\",\"refund\":\"%s\","
    "\"comment\":\"\",\"create_date\":\"%s\",\"origin\":\"saisir\","
    "\"id_transaction\":%u,\"paid\":%s,\"code_member\":\"\","
    "\"control_status\":{\"status\":\"%s\",\"scan_date\":\"%s\","
    "\"scan_user\":\"%s\",\"scan_user_name\":\"%s\"},\"owner\":{\"first_name\":",
    row->id, row->event_id, row->deleted ? "1" : "0", row->refunded ? "1" : "", create_date,
    2000000 + (guint) (g_ascii_strtoull (row->id, NULL, 10) % 1000000) / 3,
    row->paid ? "true" : "false", row->scan_time ? "1" : "0", scan_date,
    row->scan_time ? "42" : "0", row->scan_time ? "Porte A" : "");
  append_json_string (out, row->buyer_only ? "" : row->first_name);
  g_string_append (out, ",\"last_name\":");
  append_json_string (out, row->buyer_only ? "" : row->last_name);
  g_string_append (out, ",\"email\":");
  append_json_string (out, row->buyer_only ? "" : row->email);
  g_string_append (out, ",\"comment\":\"\",\"custom_field\":\"\",\"origin\":\"saisir\"");
  if (full && row->has_answers && !row->buyer_only)
    {
      g_string_append (out, ",\"answers\":");
      append_answers (out, row);
    }
  g_string_append_c (out, '}');

  if (full && row->buyer_only)
    {
      g_string_append_printf (out, ",\"buyer\":{\"id_acheteur\":%u,\"email_acheteur\":",
                              3000000 + (guint) (g_ascii_strtoull (row->id, NULL, 10) % 1000000));
      append_json_string (out, row->email);
      g_string_append (out, ",\"acheteur_first_name\":");
      append_json_string (out, row->first_name);
      g_string_append (out, ",\"acheteur_last_name\":");
      append_json_string (out, row->last_name);
      if (row->has_answers)
        {
          g_string_append (out, ",\"answers\":");
          append_answers (out, row);
        }
      g_string_append_c (out, '}');
    }

  g_string_append_c (out, '}');
}

/* The query as a list of (key, value) pairs, repeated keys kept. */
static GPtrArray *
parse_pairs (const char *query)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = NULL;

  if (query == NULL || query[0] == '\0')
    return pairs;

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char            *eq;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (parts[i][0] == '\0')
        continue;
      g_strdelimit (parts[i], "+", ' ');
      eq = strchr (parts[i], '=');
      if (eq != NULL)
        *eq = '\0';
      key = g_uri_unescape_string (parts[i], NULL);
      value = eq != NULL ? g_uri_unescape_string (eq + 1, NULL) : g_strdup ("");
      if (key == NULL || value == NULL)
        continue;
      g_ptr_array_add (pairs, g_steal_pointer (&key));
      g_ptr_array_add (pairs, g_steal_pointer (&value));
    }
  return pairs;
}

static const char *
pairs_get (GPtrArray  *pairs,
           const char *key)
{
  const char *found = NULL;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (g_str_equal (g_ptr_array_index (pairs, i), key))
      found = g_ptr_array_index (pairs, i + 1);
  return found;
}

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_str_equal (value, "1") || g_ascii_strcasecmp (value, "true") == 0);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       char              *body)
{
  guichet_fake_reply_take (msg, status, body);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  GString *body = g_string_new ("{\"error\":");

  append_json_string (body, message);
  g_string_append_c (body, '}');
  reply (msg, status, g_string_free (body, FALSE));
}

static gboolean
reply_file (FakeWeezevent     *self,
            SoupServerMessage *msg,
            const char        *name)
{
  return guichet_fake_server_reply_file (self->server, msg, SOUP_STATUS_OK, name);
}

static void
apply_fault (SoupServerMessage *msg,
             FakeWeezeventFault fault,
             guint              retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

  switch (fault)
    {
    case FAKE_WEEZEVENT_FAULT_429:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    seconds);
      reply_error (msg, 429, "Too many requests");
      break;
    case FAKE_WEEZEVENT_FAULT_500:
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal error");
      break;
    case FAKE_WEEZEVENT_FAULT_MALFORMED:
      reply (msg, SOUP_STATUS_OK,
             g_strdup ("{\"participants\": [{\"id_participant\": 1, \"barcode\": \"12"));
      break;
    case FAKE_WEEZEVENT_FAULT_NO_LIST:
      reply (msg, SOUP_STATUS_OK, g_strdup ("{\"error\": \"temporarily unavailable\"}"));
      break;
    case FAKE_WEEZEVENT_FAULT_NONE:
    default:
      break;
    }
}

typedef struct
{
  gboolean   all_events;
  GPtrArray *events;       /* ids */
  GPtrArray *tickets;      /* ids */
  GPtrArray *date_tickets; /* "date/ticket" */
  gboolean   include_deleted;
  gboolean   include_unpaid;
  gboolean   full;
  gint64     last_update;
  gint64     last_update_before;
} Filter;

static void
filter_clear (Filter *filter)
{
  g_clear_pointer (&filter->events, g_ptr_array_unref);
  g_clear_pointer (&filter->tickets, g_ptr_array_unref);
  g_clear_pointer (&filter->date_tickets, g_ptr_array_unref);
}

static void
filter_init (Filter    *filter,
             GPtrArray *pairs)
{
  memset (filter, 0, sizeof *filter);
  filter->events = g_ptr_array_new ();
  filter->tickets = g_ptr_array_new ();
  filter->date_tickets = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (pairs, i);
      const char *value = g_ptr_array_index (pairs, i + 1);
      guint       date;

      if (g_str_equal (key, "id_event[]") || g_str_equal (key, "id_event"))
        g_ptr_array_add (filter->events, (gpointer) value);
      else if (g_str_equal (key, "id_ticket[]") || g_str_equal (key, "id_ticket"))
        g_ptr_array_add (filter->tickets, (gpointer) value);
      else if (sscanf (key, "date_ticket[%u][]", &date) == 1)
        g_ptr_array_add (filter->date_tickets, g_strdup_printf ("%u/%s", date, value));
    }

  filter->all_events =
    filter->events->len == 0 && filter->tickets->len == 0 && filter->date_tickets->len == 0;
  filter->include_deleted = is_true (pairs_get (pairs, "include_deleted"));
  filter->include_unpaid = is_true (pairs_get (pairs, "include_unpaid"));
  filter->full = is_true (pairs_get (pairs, "full"));
  filter->last_update = parse_time (pairs_get (pairs, "last_update"));
  filter->last_update_before = parse_time (pairs_get (pairs, "last_update_before"));
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

static gboolean
filter_matches (Filter *filter,
                Row    *row)
{
  if (row->deleted && !filter->include_deleted)
    return FALSE;
  if (!row->paid && !filter->include_unpaid)
    return FALSE;
  if (filter->last_update >= 0 && row->modified <= filter->last_update)
    return FALSE;
  if (filter->last_update_before >= 0 && row->modified >= filter->last_update_before)
    return FALSE;
  if (filter->all_events)
    return TRUE;
  if (str_in (filter->events, row->event_id) || str_in (filter->tickets, row->id_ticket))
    return TRUE;
  if (filter->date_tickets->len > 0)
    {
      char key[64];

      g_snprintf (key, sizeof key, "%u/%s", row->id_date, row->id_ticket);
      return str_in (filter->date_tickets, key);
    }
  return FALSE;
}

/* The pairs of a /participants query but "page": the same text for every
 * page of one run. */
static char *
query_without_page (GPtrArray *pairs)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (pairs, i), "page"))
        continue;
      g_string_append_printf (key, "%s=%s&", (char *) g_ptr_array_index (pairs, i),
                              (char *) g_ptr_array_index (pairs, i + 1));
    }
  return g_string_free (key, FALSE);
}

static char *
participants_body (FakeWeezevent *self,
                   GPtrArray     *pairs)
{
  Filter           filter;
  const char      *max_text = pairs_get (pairs, "max");
  const char      *page_text = pairs_get (pairs, "page");
  guint64          max = max_text != NULL ? g_ascii_strtoull (max_text, NULL, 10) : 0;
  guint64          page = page_text != NULL ? g_ascii_strtoull (page_text, NULL, 10) : 1;
  guint64          skip, taken = 0, matched = 0;
  g_autofree char *query = NULL;
  guint            first = 0;
  guint            i;
  g_autofree char *server_time = format_time (self->clock);
  GString         *out;

  if (self->page_cap > 0 && (max == 0 || max > self->page_cap))
    max = self->page_cap;
  if (page == 0)
    page = 1;
  skip = max > 0 ? (page - 1) * max : 0;

  filter_init (&filter, pairs);
  out = g_string_sized_new (max > 0 ? max * 700 : 4096);
  g_string_append (out, "{\"participants\":[");

  query = query_without_page (pairs);
  if (max > 0 && page > 1 && self->resume.page + 1 == page && self->resume.max == max &&
      self->resume.clock == self->clock && self->resume.n_rows == self->rows->len &&
      g_strcmp0 (self->resume.query, query) == 0)
    {
      first = self->resume.next_row;
      matched = self->resume.matched;
    }

  for (i = first; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (!filter_matches (&filter, row))
        continue;
      if (matched++ < skip)
        continue;
      if (taken > 0)
        g_string_append_c (out, ',');
      append_row (out, row, filter.full);
      if (max > 0 && ++taken >= max)
        {
          i++;
          break;
        }
      else if (max == 0)
        taken++;
    }

  g_free (self->resume.query);
  self->resume.query = g_steal_pointer (&query);
  self->resume.clock = self->clock;
  self->resume.n_rows = self->rows->len;
  self->resume.max = max;
  self->resume.page = page;
  self->resume.next_row = i;
  self->resume.matched = matched;

  g_string_append_printf (out, "],\"server_time\":\"%s\"}", server_time);
  filter_clear (&filter);
  return g_string_free (out, FALSE);
}

static char *
events_body (FakeWeezevent *self,
             GPtrArray     *pairs)
{
  g_autofree char *path = g_build_filename (self->data_dir, "events.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonArray) kept = json_array_new ();
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonArray  *events;
  gboolean    without_sales = is_true (pairs_get (pairs, "include_without_sales"));

  if (!json_parser_load_from_file (parser, path, NULL))
    return g_strdup ("{\"events\":[]}");

  events =
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      /* by default, only events that sold something */
      if (!without_sales && json_object_get_int_member_with_default (event, "participants", 0) == 0)
        continue;
      json_array_add_element (kept, json_array_dup_element (events, i));
    }

  object = json_object_new ();
  json_object_set_array_member (object, "events", json_array_ref (kept));
  root = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return json_to_string (root, FALSE);
}

static char *
details_body (FakeWeezevent *self,
              const char    *id)
{
  GString *out;

  if (g_str_equal (id, "13824"))
    return g_strdup (
      "{\"last_update\":\"2024-04-01T10:00:00+02:00\",\"events\":{\"id\":\"13824\","
      "\"title\":\"Event 1\",\"period\":{\"start\":\"2011-10-10 00:00:00\",\"end\":\"\"},"
      "\"venue\":{\"name\":\"Salle Pleyel\",\"city\":\"Paris\"}}}");
  if (!g_str_equal (id, FAKE_WEEZEVENT_EVENT))
    return NULL;

  out = g_string_new ("{\"last_update\":\"2024-04-01T10:00:00+02:00\",\"events\":{\"id\":\"11435\","
                      "\"title\":\"Event 2\",\"period\":{\"start\":\"2013-01-10 14:20:00\","
                      "\"end\":\"2013-01-10 23:00:00\"},\"venue\":{\"name\":\"Le Z\\u00e9nith\","
                      "\"address\":\"211 avenue Jean Jaur\\u00e8s\",\"zip_code\":\"75019\","
                      "\"city\":\"Paris\",\"country\":{\"code\":\"FR\",\"name\":\"FRANCE\"}}}}");
  return g_string_free (out, FALSE);
}

static Row *
find_row (FakeWeezevent *self,
          const char    *id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_by_id, id));

  return index > 0 ? &g_array_index (self->rows, Row, index - 1) : NULL;
}

static void
record_request (FakeWeezevent *self,
                const char    *path,
                const char    *raw_query,
                GPtrArray     *pairs)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    g_hash_table_insert (query, g_strdup (g_ptr_array_index (pairs, i)),
                         g_strdup (g_ptr_array_index (pairs, i + 1)));

  g_hash_table_insert (self->last_query_by_path, g_strdup (path), query);
  g_hash_table_insert (self->last_raw_by_path, g_strdup (path),
                       g_strdup (raw_query ? raw_query : ""));
}

/* Counts a request; TRUE when it is past the fair use (or banned). */
static gboolean
over_fair_use (FakeWeezevent *self)
{
  gint64 now = g_get_monotonic_time ();
  guint  expired = 0;

  if (self->fair_max == 0)
    return FALSE;
  if (now < self->banned_until)
    return TRUE;

  while (expired < self->fair_times->len &&
         g_array_index (self->fair_times, gint64, expired) <= now - self->fair_window_us)
    expired++;
  g_array_remove_range (self->fair_times, 0, expired);
  g_array_append_val (self->fair_times, now);
  if (self->fair_times->len <= self->fair_max)
    return FALSE;

  self->banned_until = now + 30 * self->fair_window_us;
  g_array_set_size (self->fair_times, 0);
  return TRUE;
}

static void
handle_login (FakeWeezevent     *self,
              SoupServerMessage *msg,
              GPtrArray         *pairs)
{
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use POST");
      return;
    }

  /* Fair use: five failed attempts block sign-in for 30 minutes */
  if (self->n_login_failures >= 5)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    "1800");
      reply_error (msg, 429, "Too many failed attempts, try again in 30 minutes");
      return;
    }

  if (g_strcmp0 (pairs_get (pairs, "username"), FAKE_WEEZEVENT_USERNAME) != 0 ||
      g_strcmp0 (pairs_get (pairs, "password"), FAKE_WEEZEVENT_PASSWORD) != 0 ||
      g_strcmp0 (pairs_get (pairs, "api_key"), FAKE_WEEZEVENT_API_KEY) != 0)
    {
      self->n_login_failures++;
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "Bad credentials");
      return;
    }

  self->n_login_failures = 0;
  self->revoked = FALSE;
  reply (msg, SOUP_STATUS_OK,
         g_strdup ("{\n    \"accessToken\" : \"" FAKE_WEEZEVENT_ACCESS_TOKEN "\"\n}\n"));
}

static char *
answers_body (FakeWeezevent *self,
              const char    *id)
{
  Row     *row = find_row (self, id);
  GString *out;

  if (row == NULL)
    return NULL;

  out = g_string_new ("{\"answers\":");
  if (row->has_answers)
    append_answers (out, row);
  else
    g_string_append (out, "[]");
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
stats_body (FakeWeezevent *self,
            const char    *ticket_id,
            const char    *date_id)
{
  guint total = 0, scanned = 0;
  guint date = date_id != NULL ? (guint) g_ascii_strtoull (date_id, NULL, 10) : 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (row->deleted || g_strcmp0 (row->id_ticket, ticket_id) != 0)
        continue;
      if (date != 0 && row->id_date != date)
        continue;
      total++;
      if (row->scan_time)
        scanned++;
    }

  return g_strdup_printf ("{\"stats\":{\"total\":%u,\"scanned\":%u,\"in\":%u,\"out\":0}}", total,
                          scanned, scanned);
}

static void
handler (GuichetFakeServer *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *unused,
         gpointer           user_data)
{
  FakeWeezevent *self = user_data;
  GUri          *uri = soup_server_message_get_uri (msg);
  const char    *raw_query = g_uri_get_query (uri);
  g_autoptr (GPtrArray) pairs = parse_pairs (raw_query);
  const char *method = soup_server_message_get_method (msg);
  g_auto (GStrv) parts = NULL;
  char *body = NULL;
  guint n_parts;

  /* A form body counts as parameters too */
  if (method == SOUP_METHOD_POST)
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr (GBytes) bytes = soup_message_body_flatten (request);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr (GPtrArray) form = parse_pairs (text);

      for (guint i = 0; i < form->len; i++)
        g_ptr_array_add (pairs, g_strdup (g_ptr_array_index (form, i)));
    }

  record_request (self, path, raw_query, pairs);

  if (over_fair_use (self))
    {
      g_autofree char *seconds =
        g_strdup_printf ("%" G_GINT64_FORMAT,
                         (self->banned_until - g_get_monotonic_time ()) / G_USEC_PER_SEC + 1);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    seconds);
      reply_error (msg, 429, "Too many requests, try again in 30 minutes");
      return;
    }

  if (self->no_list_next)
    {
      apply_fault (msg, FAKE_WEEZEVENT_FAULT_NO_LIST, 0);
      self->no_list_next = FALSE;
      return;
    }

  if (g_str_equal (path, "/auth/access_token"))
    {
      handle_login (self, msg, pairs);
      return;
    }

  if (g_str_equal (path, "/event/categories/") || g_str_equal (path, "/event/categories"))
    {
      reply_file (self, msg, "event_categories.json");
      return;
    }

  if (g_strcmp0 (pairs_get (pairs, "api_key"), FAKE_WEEZEVENT_API_KEY) != 0 ||
      g_strcmp0 (pairs_get (pairs, "access_token"), FAKE_WEEZEVENT_ACCESS_TOKEN) != 0 ||
      self->revoked)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "Invalid api_key or access_token");
      return;
    }

  if (g_str_equal (path, "/participants"))
    {
      const char *page_text = pairs_get (pairs, "page");
      guint       page = page_text != NULL ? (guint) g_ascii_strtoull (page_text, NULL, 10) : 1;

      if (self->page_fault != FAKE_WEEZEVENT_FAULT_NONE && page == self->fault_page)
        {
          apply_fault (msg, self->page_fault, self->retry_after);
          self->page_fault = FAKE_WEEZEVENT_FAULT_NONE;
          return;
        }
      if (self->log != NULL)
        {
          const char *event = pairs_get (pairs, "id_event[]");

          fprintf (self->log, "participants event %s page %u\n", event != NULL ? event : "-", page);
          fflush (self->log);
        }
      /* set_delay_ms() holds it back (a GUICHET_FAKE_FAULT_DELAY) */
      reply (msg, SOUP_STATUS_OK, participants_body (self, pairs));
      return;
    }
  if (g_str_equal (path, "/events"))
    {
      reply (msg, SOUP_STATUS_OK, events_body (self, pairs));
      return;
    }
  if (g_str_equal (path, "/dates"))
    {
      reply_file (self, msg, "dates.json");
      return;
    }
  if (g_str_equal (path, "/tickets"))
    {
      reply_file (self, msg, "tickets.json");
      return;
    }
  if (g_str_equal (path, "/scan/settings"))
    {
      reply_file (self, msg, "scan_settings.json");
      return;
    }
  if (g_str_equal (path, "/scan/user"))
    {
      const char *user = pairs_get (pairs, "user");

      if (method != SOUP_METHOD_POST || user == NULL || user[0] == '\0')
        {
          reply_error (msg, SOUP_STATUS_BAD_REQUEST, "user is required");
          return;
        }
      g_free (self->scan_user);
      self->scan_user = g_strdup (user);
      reply_file (self, msg, "scan_user.json");
      return;
    }
  if (g_str_equal (path, "/event/search/") || g_str_equal (path, "/event/search"))
    {
      reply_file (self, msg, "event_search.json");
      return;
    }

  /* /ticket/:id/stats, /participant/:id/answers, /event/:id/details[/] */
  parts = g_strsplit (path + 1, "/", -1);
  n_parts = g_strv_length (parts);
  if (n_parts == 4 && parts[3][0] == '\0')
    n_parts = 3;
  if (n_parts == 3 && g_str_equal (parts[0], "ticket") && g_str_equal (parts[2], "stats"))
    body = stats_body (self, parts[1], pairs_get (pairs, "id_date"));
  else if (n_parts == 3 && g_str_equal (parts[0], "participant") &&
           g_str_equal (parts[2], "answers"))
    {
      if (g_str_equal (parts[1], "2291148"))
        {
          reply_file (self, msg, "answers.json");
          return;
        }
      body = answers_body (self, parts[1]);
    }
  else if (n_parts == 3 && g_str_equal (parts[0], "event") && g_str_equal (parts[2], "details"))
    {
      if (g_str_equal (parts[1], "36799"))
        {
          reply_file (self, msg, "event_details.json");
          return;
        }
      body = details_body (self, parts[1]);
    }

  if (body != NULL)
    reply (msg, SOUP_STATUS_OK, body);
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not found");
}

FakeWeezevent *
fake_weezevent_new (const char *data_dir,
                    guint       n_participants,
                    GError    **error)
{
  FakeWeezevent *self = g_new0 (FakeWeezevent, 1);

  self->retry_after = 1;

  if (data_dir != NULL)
    self->data_dir = g_strdup (data_dir);
  else
    self->data_dir =
      g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".", "data",
                        "weezevent", NULL);

  self->rows = g_array_sized_new (FALSE, TRUE, sizeof (Row), n_participants + 8);
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
  self->row_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_query_by_path =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  self->last_raw_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clock = BASE_TIME;
  self->fair_max = 600;
  self->fair_window_us = 60 * G_USEC_PER_SEC;
  self->fair_times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n_participants; i++)
    generate_row (self, i);
  self->next_index = n_participants;
  load_doc_participants (self);

  /* A path with a slash: GuichetFakeServer takes it as the data directory */
  if (strchr (self->data_dir, '/') == NULL)
    {
      g_autofree char *relative = self->data_dir;

      self->data_dir = g_build_filename (".", relative, NULL);
    }
  self->server = guichet_fake_server_new (self->data_dir, error);
  if (self->server == NULL)
    {
      fake_weezevent_free (self);
      return NULL;
    }
  guichet_fake_server_add_route (self->server, NULL, "*", handler, self);

  return self;
}

void
fake_weezevent_free (FakeWeezevent *self)
{
  if (self == NULL)
    return;

  /* Stops the server's thread first: no handler runs after this */
  g_clear_object (&self->server);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->row_by_id, g_hash_table_unref);
  g_clear_pointer (&self->last_query_by_path, g_hash_table_unref);
  g_clear_pointer (&self->last_raw_by_path, g_hash_table_unref);
  g_clear_pointer (&self->log, fclose);
  g_free (self->resume.query);
  g_clear_pointer (&self->fair_times, g_array_unref);
  g_free (self->scan_user);
  g_free (self->data_dir);
  g_free (self);
}

GuichetFakeServer *
fake_weezevent_get_server (FakeWeezevent *self)
{
  return self->server;
}

const char *
fake_weezevent_get_base_url (FakeWeezevent *self)
{
  return guichet_fake_server_get_base_url (self->server);
}

void
fake_weezevent_set_retry_after (FakeWeezevent *self,
                                guint          seconds)
{
  self->retry_after = seconds;
}

void
fake_weezevent_set_delay_ms (FakeWeezevent *self,
                             guint          delay_ms)
{
  guichet_fake_server_remove_faults (self->server, "/participants");
  guichet_fake_server_add_fault (self->server, "/participants", GUICHET_FAKE_FAULT_DELAY, delay_ms,
                                 delay_ms > 0 ? G_MAXUINT : 0);
}

gboolean
fake_weezevent_set_log_file (FakeWeezevent *self,
                             const char    *path,
                             GError       **error)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  g_clear_pointer (&self->log, fclose);
  if (path == NULL)
    return TRUE;

  self->log = fopen (path, "a");
  if (self->log == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

void
fake_weezevent_set_page_cap (FakeWeezevent *self,
                             guint          cap)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  self->page_cap = cap;
}

void
fake_weezevent_set_fair_use (FakeWeezevent *self,
                             guint          max_requests,
                             guint          window_ms)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

  self->fair_max = max_requests;
  self->fair_window_us = window_ms * G_GINT64_CONSTANT (1000);
  self->banned_until = 0;
  g_array_set_size (self->fair_times, 0);
}

void
fake_weezevent_fail_next (FakeWeezevent     *self,
                          FakeWeezeventFault fault)
{
  switch (fault)
    {
    case FAKE_WEEZEVENT_FAULT_429:
      guichet_fake_server_add_fault (self->server, NULL, GUICHET_FAKE_FAULT_RATE_LIMIT, 1, 1);
      break;
    case FAKE_WEEZEVENT_FAULT_500:
      guichet_fake_server_add_fault (self->server, NULL, GUICHET_FAKE_FAULT_STATUS, 500, 1);
      break;
    case FAKE_WEEZEVENT_FAULT_MALFORMED:
      guichet_fake_server_add_fault (self->server, NULL, GUICHET_FAKE_FAULT_MALFORMED, 0, 1);
      break;
    case FAKE_WEEZEVENT_FAULT_NO_LIST:
      {
        g_autoptr (GMutexLocker) locker =
          g_mutex_locker_new (guichet_fake_server_get_lock (self->server));

        self->no_list_next = TRUE;
      }
      break;
    case FAKE_WEEZEVENT_FAULT_NONE:
    default:
      break;
    }
}

void
fake_weezevent_fail_page (FakeWeezevent     *self,
                          guint              page,
                          FakeWeezeventFault fault)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  self->fault_page = page;
  self->page_fault = fault;
}

void
fake_weezevent_revoke_token (FakeWeezevent *self)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  self->revoked = TRUE;
}

guint
fake_weezevent_get_n_requests (FakeWeezevent *self,
                               const char    *path)
{
  return guichet_fake_server_count_requests (self->server, NULL, path);
}

guint
fake_weezevent_get_n_login_attempts (FakeWeezevent *self)
{
  return guichet_fake_server_count_requests (self->server, NULL, "/auth/access_token");
}

GHashTable *
fake_weezevent_get_last_query (FakeWeezevent *self,
                               const char    *path)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  return g_hash_table_lookup (self->last_query_by_path, path);
}

const char *
fake_weezevent_get_last_query_string (FakeWeezevent *self,
                                      const char    *path)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  return g_hash_table_lookup (self->last_raw_by_path, path);
}

const char *
fake_weezevent_get_scan_user (FakeWeezevent *self)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  return self->scan_user;
}

char *
fake_weezevent_dup_server_time (FakeWeezevent *self)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  return format_time (self->clock);
}

char *
fake_weezevent_add_participant (FakeWeezevent *self,
                                const char    *barcode,
                                const char    *first_name,
                                const char    *last_name)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  guint index = self->next_index++;
  Row   row = { 0 };

  self->clock++;
  row.id = fake_weezevent_dup_participant_id (index);
  row.event_id = g_strdup (FAKE_WEEZEVENT_EVENT);
  row.id_date = 138;
  row.id_ticket = g_strdup (ticket_ids[0]);
  row.barcode = g_strdup (barcode);
  row.first_name = g_strdup (first_name);
  row.last_name = g_strdup (last_name);
  row.email = g_strdup ("added@example.invalid");
  row.paid = TRUE;
  row.modified = self->clock;
  add_row (self, &row);

  return g_strdup (row.id);
}

gboolean
fake_weezevent_rename_participant (FakeWeezevent *self,
                                   const char    *id,
                                   const char    *first_name,
                                   const char    *last_name)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  Row *row = find_row (self, id);

  if (row == NULL)
    return FALSE;
  g_free (row->first_name);
  g_free (row->last_name);
  row->first_name = g_strdup (first_name);
  row->last_name = g_strdup (last_name);
  row->modified = ++self->clock;
  return TRUE;
}

gboolean
fake_weezevent_scan_participant (FakeWeezevent *self,
                                 const char    *id)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  Row *row = find_row (self, id);

  if (row == NULL)
    return FALSE;
  row->modified = ++self->clock;
  row->scan_time = row->modified;
  return TRUE;
}

gboolean
fake_weezevent_delete_participant (FakeWeezevent *self,
                                   const char    *id)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  Row *row = find_row (self, id);

  if (row == NULL)
    return FALSE;
  row->deleted = TRUE;
  row->modified = ++self->clock;
  return TRUE;
}

guint
fake_weezevent_dump_pages (FakeWeezevent *self,
                           const char    *dir,
                           guint          max,
                           GError       **error)
{
  g_autoptr (GMutexLocker) locker =
    g_mutex_locker_new (guichet_fake_server_get_lock (self->server));
  guint page;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Cannot create %s", dir);
      return 0;
    }

  for (page = 1;; page++)
    {
      g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *body = NULL;
      g_autofree char *name = g_strdup_printf ("page-%04u.json", page);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const char      *query[] = {
        "id_event[]", FAKE_WEEZEVENT_EVENT, "full", "1", "include_deleted",
        "1",          "include_unpaid",     "1",
      };

      for (guint i = 0; i < G_N_ELEMENTS (query); i++)
        g_ptr_array_add (pairs, g_strdup (query[i]));
      g_ptr_array_add (pairs, g_strdup ("max"));
      g_ptr_array_add (pairs, g_strdup_printf ("%u", max));
      g_ptr_array_add (pairs, g_strdup ("page"));
      g_ptr_array_add (pairs, g_strdup_printf ("%u", page));

      body = participants_body (self, pairs);
      if (strstr (body, "\"participants\":[]") != NULL)
        break;
      if (!g_file_set_contents (path, body, -1, error))
        return 0;
    }

  return page - 1;
}
