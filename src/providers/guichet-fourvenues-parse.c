/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-fourvenues"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-fourvenues-parse.h"
#include "guichet-participant-private.h"

#define ISO_FORMAT "%Y-%m-%dT%H:%M:%S%:z"

static void
set_malformed (GError    **error,
               const char *what)
{
  /* Translators: %s says what is missing, e.g. "an id" */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
               _("Fourvenues sent a record without %s."), what);
}

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

/* "_id", else "id" */
static char *
dup_id (JsonObject *object)
{
  char *id = guichet_json_dup_id (object, "_id");

  return id != NULL ? id : guichet_json_dup_id (object, "id");
}

static char *
dup_time (JsonObject *object,
          const char *member)
{
  g_autofree char *text = dup_text (object, member);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL)
    return NULL;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL && strlen (text) == 10)
    {
      /* "YYYY-MM-DD" */
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      dt = g_date_time_new_from_iso8601 (midnight, utc);
    }
  return dt != NULL ? g_date_time_format (dt, ISO_FORMAT) : NULL;
}

/* Major units (12, 12.5, "15.50"); 0 when missing or unreadable. The
 * rates do not say their currency: read with two decimals, the event's
 * currency applies in guichet_fourvenues_rate_to_category(). */
static GuichetMoney
get_money (JsonObject *object,
           const char *member)
{
  GuichetMoney money = { 0 };

  if (!guichet_money_from_json (json_object_get_member (object, member), NULL,
                                GUICHET_MONEY_PARSE_ROUND, &money, NULL))
    guichet_money_init (&money, 0, NULL);
  return money;
}

/* ---- the envelope ---- */

JsonNode *
guichet_fourvenues_unwrap (JsonNode *root,
                           GError  **error)
{
  JsonObject *object;
  JsonNode   *data;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Fourvenues sent a reply that is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!json_object_has_member (object, "success") ||
      !guichet_json_get_bool (object, "success", FALSE))
    {
      g_autofree char *message = dup_text (object, "message");

      if (message == NULL)
        message = dup_text (object, "error");
      if (!json_object_has_member (object, "success") && message == NULL)
        {
          g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                               _("Fourvenues sent a reply without its “success” envelope."));
          return NULL;
        }
      /* Translators: %s is Fourvenues' own message */
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED,
                   _("Fourvenues refused: %s"), message ? message : _("no reason given"));
      return NULL;
    }

  data = json_object_get_member (object, "data");
  if (data == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Fourvenues sent a reply without its “data”."));
      return NULL;
    }
  return json_node_ref (data);
}

static JsonArray *
data_array (JsonNode *data,
            GError  **error)
{
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("Fourvenues sent a reply whose “data” is not a list."));
      return NULL;
    }
  return json_node_get_array (data);
}

/* ---- auth ---- */

void
guichet_fourvenues_channel_free (GuichetFourvenuesChannel *channel)
{
  if (channel == NULL)
    return;
  g_free (channel->channel_id);
  g_free (channel->channel_name);
  g_strfreev (channel->hosts);
  g_free (channel);
}

GuichetFourvenuesChannel *
guichet_fourvenues_parse_auth (JsonNode *data,
                               GError  **error)
{
  g_autoptr (GuichetFourvenuesChannel) channel = NULL;
  g_autoptr (GStrvBuilder) hosts = g_strv_builder_new ();
  JsonObject *object, *channel_object;
  JsonArray  *array;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data) ||
      (channel_object =
         guichet_json_get_object ((object = json_node_get_object (data)), "channel")) == NULL)
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("The server did not answer like Fourvenues. Check the address."));
      return NULL;
    }

  channel = g_new0 (GuichetFourvenuesChannel, 1);
  channel->channel_id = dup_id (channel_object);
  channel->channel_name = dup_text (channel_object, "name");
  array = guichet_json_get_array (channel_object, "hosts");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject      *host = guichet_json_array_get_object (array, i);
      g_autofree char *name = host ? dup_text (host, "name") : NULL;

      if (name != NULL)
        g_strv_builder_add (hosts, name);
    }
  channel->hosts = g_strv_builder_end (hosts);
  return g_steal_pointer (&channel);
}

/* ---- events ---- */

GuichetEvent *
guichet_fourvenues_parse_event (JsonObject *object,
                                const char *account_id,
                                GError    **error)
{
  g_autofree char *id = dup_id (object);
  g_autofree char *name = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *venue = NULL;
  g_autofree char *currency = NULL;
  JsonObject      *location;

  if (id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }
  name = dup_text (object, "name");
  start = dup_time (object, "start_date");
  end = dup_time (object, "end_date");
  currency = dup_text (object, "currency");

  location = guichet_json_get_object (object, "location");
  if (location != NULL)
    {
      g_autofree char *place = dup_text (location, "name");
      g_autofree char *city = dup_text (location, "city");

      if (place != NULL && city != NULL)
        venue = g_strdup_printf ("%s, %s", place, city);
      else
        venue = g_strdup (place ? place : city);
    }
  else
    venue = dup_text (object, "location");

  return g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", id, "name",
                       name ? name : id, "start", start, "end", end, "venue", venue, "currency",
                       currency ? currency : "EUR", NULL);
}

GPtrArray *
guichet_fourvenues_parse_events (JsonNode   *data,
                                 const char *account_id,
                                 GError    **error)
{
  JsonArray *items = data_array (data, error);
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
      event = guichet_fourvenues_parse_event (item, account_id, &local_error);
      if (event == NULL)
        {
          g_debug ("Skipping event %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (events, event);
    }
  return g_steal_pointer (&events);
}

/* ---- rates ---- */

static void
price_free (GuichetFourvenuesPrice *price)
{
  g_free (price->id);
  g_free (price->name);
  g_free (price);
}

static void
supplement_free (GuichetFourvenuesSupplement *supplement)
{
  g_free (supplement->id);
  g_free (supplement);
}

static void
question_free (GuichetFourvenuesQuestion *question)
{
  g_free (question->id);
  g_free (question->label);
  g_free (question);
}

void
guichet_fourvenues_rate_free (GuichetFourvenuesRate *rate)
{
  if (rate == NULL)
    return;
  g_free (rate->id);
  g_free (rate->event_id);
  g_free (rate->name);
  g_clear_pointer (&rate->active, price_free);
  g_clear_pointer (&rate->prices, g_ptr_array_unref);
  g_clear_pointer (&rate->supplements, g_ptr_array_unref);
  g_clear_pointer (&rate->questions, g_ptr_array_unref);
  g_free (rate);
}

static GuichetFourvenuesPrice *
parse_price (JsonObject *object)
{
  GuichetFourvenuesPrice *price = g_new0 (GuichetFourvenuesPrice, 1);
  g_autofree char        *fee_type = dup_text (object, "fee_type");

  price->id = dup_id (object);
  price->name = dup_text (object, "name");
  price->price = get_money (object, "price");
  price->fee_percentage = g_strcmp0 (fee_type, "percentage") == 0;
  if (price->fee_percentage)
    {
      if (!guichet_percentage_from_json (json_object_get_member (object, "fee_quantity"),
                                         &price->fee_quantity, NULL))
        price->fee_quantity = 0;
    }
  else
    price->fee_quantity = get_money (object, "fee_quantity").amount_minor;
  return price;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetFourvenuesPrice, price_free)

static GuichetFourvenuesPrice *
price_copy (const GuichetFourvenuesPrice *price)
{
  GuichetFourvenuesPrice *copy = g_memdup2 (price, sizeof *price);

  copy->id = g_strdup (price->id);
  copy->name = g_strdup (price->name);
  return copy;
}

static GuichetFourvenuesPrice *
find_price (GuichetFourvenuesRate *rate,
            const char            *id)
{
  for (guint i = 0; id != NULL && i < rate->prices->len; i++)
    {
      GuichetFourvenuesPrice *price = g_ptr_array_index (rate->prices, i);

      if (g_strcmp0 (price->id, id) == 0)
        return price;
    }
  return NULL;
}

GuichetFourvenuesRate *
guichet_fourvenues_parse_rate (JsonObject *object,
                               const char *event_id,
                               gint64      now,
                               GError    **error)
{
  g_autoptr (GuichetFourvenuesRate) rate = g_new0 (GuichetFourvenuesRate, 1);
  JsonArray  *array;
  JsonObject *availability;
  JsonNode   *current;

  rate->id = dup_id (object);
  if (rate->id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }
  rate->event_id = dup_text (object, "event_id");
  if (rate->event_id == NULL)
    rate->event_id = g_strdup (event_id);
  rate->name = dup_text (object, "label");
  if (rate->name == NULL)
    rate->name = dup_text (object, "name");
  rate->on_sale = guichet_json_get_bool (object, "available", TRUE);
  rate->prices = g_ptr_array_new_with_free_func ((GDestroyNotify) price_free);
  rate->supplements = g_ptr_array_new_with_free_func ((GDestroyNotify) supplement_free);
  rate->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  array = guichet_json_get_array (object, "prices");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = guichet_json_array_get_object (array, i);

      if (item != NULL)
        g_ptr_array_add (rate->prices, parse_price (item));
    }

  /* current_price says which one is active: an object, an id or a number */
  current = json_object_get_member (object, "current_price");
  if (current != NULL && JSON_NODE_HOLDS_OBJECT (current))
    {
      g_autoptr (GuichetFourvenuesPrice) parsed = parse_price (json_node_get_object (current));
      GuichetFourvenuesPrice *listed = find_price (rate, parsed->id);

      rate->active = listed ? price_copy (listed) : g_steal_pointer (&parsed);
    }
  else if (current != NULL && JSON_NODE_HOLDS_VALUE (current))
    {
      g_autofree char        *text = guichet_json_dup_string (object, "current_price");
      GuichetFourvenuesPrice *listed = find_price (rate, text);

      if (listed != NULL)
        rate->active = price_copy (listed);
      else
        {
          rate->active = g_new0 (GuichetFourvenuesPrice, 1);
          rate->active->price = get_money (object, "current_price");
        }
    }
  for (guint i = 0; rate->active == NULL && array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      g_autofree char *until = item ? dup_text (item, "valid_until") : NULL;
      g_autoptr (GDateTime) dt = until ? g_date_time_new_from_iso8601 (until, NULL) : NULL;

      if (item == NULL)
        continue;
      if (dt == NULL || g_date_time_to_unix (dt) > now)
        rate->active = parse_price (item);
    }

  array = guichet_json_get_array (object, "supplements");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject                  *item = guichet_json_array_get_object (array, i);
      GuichetFourvenuesSupplement *supplement;

      if (item == NULL)
        continue;
      supplement = g_new0 (GuichetFourvenuesSupplement, 1);
      supplement->id = dup_id (item);
      supplement->price = get_money (item, "price");
      g_ptr_array_add (rate->supplements, supplement);
    }

  array = guichet_json_get_array (object, "questions");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject                *item = guichet_json_array_get_object (array, i);
      GuichetFourvenuesQuestion *question;

      if (item == NULL)
        continue;
      question = g_new0 (GuichetFourvenuesQuestion, 1);
      question->id = dup_id (item);
      question->label = dup_text (item, "label");
      question->required = guichet_json_get_bool (item, "required", FALSE);
      g_ptr_array_add (rate->questions, question);
    }

  availability = guichet_json_get_object (object, "availability");
  rate->sold = availability ? MAX (guichet_json_get_int (availability, "sold", 0), 0) : 0;
  rate->available = availability ? guichet_json_get_int (availability, "available", -1) : -1;

  return g_steal_pointer (&rate);
}

GPtrArray *
guichet_fourvenues_parse_rates (JsonNode   *data,
                                const char *event_id,
                                gint64      now,
                                GError    **error)
{
  JsonArray *items = data_array (data, error);
  g_autoptr (GPtrArray) rates = NULL;

  if (items == NULL)
    return NULL;
  rates = g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_fourvenues_rate_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetFourvenuesRate *rate;

      if (item == NULL)
        continue;
      rate = guichet_fourvenues_parse_rate (item, event_id, now, &local_error);
      if (rate == NULL)
        {
          g_debug ("Skipping rate %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (rates, rate);
    }
  return g_steal_pointer (&rates);
}

GuichetTicketCategory *
guichet_fourvenues_rate_to_category (GuichetFourvenuesRate *rate,
                                     const char            *currency)
{
  GuichetMoney price = { 0 };

  g_return_val_if_fail (rate != NULL, NULL);

  currency = currency ? currency : "EUR";
  guichet_money_init (&price, 0, currency);
  if (rate->active != NULL)
    {
      /* read again in the event's currency (its decimals) */
      g_autofree char *text = guichet_money_to_string (&rate->active->price);

      if (!guichet_money_parse (text, currency, GUICHET_MONEY_PARSE_ROUND, &price, NULL))
        guichet_money_init (&price, 0, currency);
    }

  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", rate->id, "event-id", rate->event_id,
                       "kind", GUICHET_CATEGORY_KIND_TICKET, "name",
                       rate->name ? rate->name : rate->id, "price", price.amount_minor, "currency",
                       currency, "sold", rate->sold, "quota",
                       rate->available >= 0 ? rate->sold + rate->available : (gint64) -1, NULL);
}

gboolean
guichet_fourvenues_compute_totals (GuichetFourvenuesRate        *rate,
                                   const GuichetFourvenuesPrice *price,
                                   const char * const           *supplement_ids,
                                   GuichetMoney                 *fee,
                                   GuichetMoney                 *total,
                                   GError                      **error)
{
  gint64 extras = 0;
  gint64 fee_minor;

  g_return_val_if_fail (rate != NULL, FALSE);
  g_return_val_if_fail (price != NULL, FALSE);

  for (guint i = 0; supplement_ids != NULL && supplement_ids[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < rate->supplements->len && !found; j++)
        {
          GuichetFourvenuesSupplement *supplement = g_ptr_array_index (rate->supplements, j);

          if (g_strcmp0 (supplement->id, supplement_ids[i]) == 0)
            {
              extras += supplement->price.amount_minor;
              found = TRUE;
            }
        }
      if (!found)
        {
          /* Translators: %s is a supplement id */
          g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                       _("This ticket rate has no supplement “%s”."), supplement_ids[i]);
          return FALSE;
        }
    }

  if (price->fee_percentage)
    {
      /* price x hundredths of a percent / 10000, half away from zero */
      gint64 magnitude = ABS (price->price.amount_minor);

      if (magnitude > G_MAXINT64 / (100 * GUICHET_PERCENTAGE_ONE_PERCENT))
        {
          g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                       _("This price is too large."));
          return FALSE;
        }
      fee_minor = (magnitude * price->fee_quantity + 50 * GUICHET_PERCENTAGE_ONE_PERCENT) /
                  (100 * GUICHET_PERCENTAGE_ONE_PERCENT);
      if (price->price.amount_minor < 0)
        fee_minor = -fee_minor;
    }
  else
    fee_minor = price->fee_quantity;

  guichet_money_init (fee, fee_minor, price->price.currency);
  guichet_money_init (total, price->price.amount_minor + fee_minor + extras, price->price.currency);
  return TRUE;
}

/* ---- tickets ---- */

static GuichetParticipantStatus
ticket_status (const char *status,
               JsonObject *object)
{
  if (status == NULL || g_str_equal (status, "active") || g_str_equal (status, "filled_client"))
    return GUICHET_PARTICIPANT_STATUS_VALID;
  if (g_str_equal (status, "processing") || g_str_equal (status, "pending_payment"))
    return GUICHET_PARTICIPANT_STATUS_UNPAID;
  if (g_str_equal (status, "voided"))
    {
      JsonArray *refunds = guichet_json_get_array (object, "refunds");

      if (guichet_json_get_double (object, "refunded", 0.0) > 0.0 ||
          (refunds != NULL && json_array_get_length (refunds) > 0))
        return GUICHET_PARTICIPANT_STATUS_REFUNDED;
      return GUICHET_PARTICIPANT_STATUS_VOIDED;
    }
  g_debug ("Unknown ticket status “%s”: read as valid", status);
  return GUICHET_PARTICIPANT_STATUS_VALID;
}

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

GuichetParticipant *
guichet_fourvenues_parse_ticket (JsonObject *object,
                                 const char *event_id,
                                 GHashTable *questions,
                                 gint64     *admits,
                                 gint64     *entered,
                                 GError    **error)
{
  GuichetParticipantFields fields = { 0 };
  g_autoptr (JsonBuilder) answers = json_builder_new_immutable ();
  GuichetParticipant *participant;
  g_autofree char    *status = NULL;
  g_autofree char    *full_name = NULL;
  g_autofree char    *phone = NULL;
  JsonObject         *price;
  JsonArray          *array;
  gint64              n_for, n_enter;
  guint               n = 0;

  fields.id = dup_id (object);
  if (fields.id == NULL)
    {
      set_malformed (error, _("an id"));
      return NULL;
    }
  fields.barcode = dup_text (object, "qr_code");
  if (fields.barcode == NULL)
    {
      g_free (fields.id);
      set_malformed (error, _("a QR code"));
      return NULL;
    }

  fields.event_id = dup_text (object, "event_id");
  if (fields.event_id == NULL)
    fields.event_id = g_strdup (event_id);
  full_name = dup_text (object, "full_name");
  if (full_name != NULL)
    {
      /* "Núria Puig i Ferrer": the first word is the first name */
      char *space = strchr (full_name, ' ');
      if (space != NULL)
        {
          fields.first_name = g_strndup (full_name, space - full_name);
          fields.last_name = g_strstrip (g_strdup (space + 1));
        }
      else
        fields.first_name = g_strdup (full_name);
    }
  fields.email = dup_text (object, "email");
  fields.ticket_type_id = dup_text (object, "ticket_rate_id");
  price = guichet_json_get_object (object, "price");
  if (price != NULL)
    fields.ticket_type_name = dup_text (price, "name");
  status = dup_text (object, "status");
  fields.status = ticket_status (status, object);

  n_for = MAX (guichet_json_get_int (object, "for", 1), 1);
  n_enter = MAX (guichet_json_get_int (object, "enter", 0), 0);
  if (admits != NULL)
    *admits = n_for;
  if (entered != NULL)
    *entered = n_enter;
  /* checked in once everyone the ticket admits has entered */
  fields.checked_in = n_enter >= n_for;
  if (n_enter > 0)
    fields.checked_in_at = dup_time (object, "entry_time");
  fields.updated_at = dup_time (object, "entry_time");

  json_builder_begin_array (answers);
  phone = dup_text (object, "phone");
  add_answer (answers, _("Phone"), phone, &n);
  if (n_for > 1)
    {
      g_autofree char *people = g_strdup_printf ("%" G_GINT64_FORMAT, n_for);
      g_autofree char *inside = g_strdup_printf ("%" G_GINT64_FORMAT, n_enter);

      /* Translators: how many people one ticket admits */
      add_answer (answers, _("People admitted"), people, &n);
      /* Translators: how many of them have entered */
      add_answer (answers, _("People entered"), inside, &n);
    }
  array = guichet_json_get_array (object, "answers");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject      *item = guichet_json_array_get_object (array, i);
      g_autofree char *question = item ? guichet_json_dup_id (item, "question_id") : NULL;
      g_autofree char *answer = item ? dup_text (item, "answer") : NULL;
      const char *label = question && questions ? g_hash_table_lookup (questions, question) : NULL;

      if (item == NULL || answer == NULL)
        continue;
      add_answer (answers, label ? label : question ? question : "", answer, &n);
    }
  json_builder_end_array (answers);
  if (n > 0)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (answers);

      fields.answers = json_to_string (root, FALSE);
    }

  participant = _guichet_participant_new_take (&fields);
  /* The door admits a ticket while entries are left: those the platform
   * has not seen used yet ("checked in" above means none is left) */
  if (n_for - n_enter > 1)
    g_object_set (participant, "entries", (guint) MIN (n_for - n_enter, G_MAXUINT16), NULL);
  return participant;
}

GPtrArray *
guichet_fourvenues_parse_tickets (JsonNode   *data,
                                  const char *event_id,
                                  GHashTable *questions,
                                  GError    **error)
{
  JsonArray *items = data_array (data, error);
  g_autoptr (GPtrArray) tickets = NULL;

  if (items == NULL)
    return NULL;
  tickets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = guichet_json_array_get_object (items, i);
      g_autoptr (GError) local_error = NULL;
      GuichetParticipant *participant;

      if (item == NULL)
        continue;
      participant =
        guichet_fourvenues_parse_ticket (item, event_id, questions, NULL, NULL, &local_error);
      if (participant == NULL)
        {
          g_debug ("Skipping ticket %u: %s", i, local_error->message);
          continue;
        }
      g_ptr_array_add (tickets, participant);
    }
  return g_steal_pointer (&tickets);
}
