/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-demo-data"

#include "config.h"

#include <string.h>

#include "guichet-demo-data.h"

/* The data is made up, so it is not translated: like a real box office's
 * data, it stays in the language the organizer typed it in. */

static const char * const first_names[] = {
  "Hélène",   "José",       "Zoë",     "Łukasz", "Chloé",  "Jérôme", "François", "Søren",
  "Inès",     "Mathéo",     "Léa",     "Noémie", "Björn",  "Ágnes",  "Çağla",    "Renée",
  "Émile",    "Maël",       "Anaïs",   "Joël",   "Zoltán", "Dagný",  "Siân",     "Oğuz",
  "Marie",    "Thomas",     "Camille", "Lucas",  "Sarah",  "Hugo",   "Emma",     "Louis",
  "Alice",    "Gabriel",    "Julia",   "Arthur", "Nina",   "Paul",   "Clara",    "Adam",
  "Manon",    "Nathan",     "Laura",   "Jules",  "Eva",    "Victor", "Lina",     "Sacha",
  "Ana",      "Miguel",     "Lucía",   "Pablo",  "Giulia", "Marco",  "Aoife",    "Seán",
  "Wojciech", "Małgorzata", "Jiří",    "Dvořa",  "Ngozi",  "Kofi",   "Mei",      "Hiroshi",
};

static const char * const last_names[] = {
  "Müller",     "Dupont",     "García",       "Núñez",   "Kowalski",  "Ødegaard",  "Lefèvre",
  "Brontë",     "O'Brien",    "Da Silva",     "Nguyễn",  "Šimek",     "Ferrández", "Gonçalves",
  "Martin",     "Bernard",    "Dubois",       "Thomas",  "Robert",    "Richard",   "Petit",
  "Durand",     "Leroy",      "Moreau",       "Simon",   "Laurent",   "Michel",    "Fournier",
  "Girard",     "Bonnet",     "Mercier",      "Faure",   "Rousseau",  "Blanc",     "Guérin",
  "Boyer",      "Chevalier",  "François",     "Lambert", "Fontaine",  "Rossi",     "Bianchi",
  "Fernández",  "López",      "Wiśniewski",   "Nowak",   "Schäfer",   "Jørgensen", "Åkesson",
  "Żuraw",      "Kuznetsova", "Papadopoulos", "Yılmaz",  "Østergård", "Smith",     "Murphy",
  "Okafor",     "Tanaka",     "Chen",         "Kim",     "Andersson", "Novák",     "Hernández",
  "de la Cruz",
};

static const char * const domains[] = {
  "example.org",
  "example.com",
  "example.net",
};

typedef struct
{
  const char         *id;
  const char         *parent_id; /* NULL: a root */
  GuichetCategoryKind kind;
  const char         *name;
  gint64              price; /* cents of EUR */
  gint64              quota;
  guint               weight; /* tickets: relative share of the participants */
  int                 date;   /* tickets: 0 none (every date), 1..3 that date, -1 random */
} CategorySpec;

typedef struct
{
  const char         *id;
  const char         *name;
  const char         *start;
  const char         *end;
  const char         *venue;
  const char         *prefix; /* participant ids */
  guint               n_participants;
  guint               barcode_digits;
  const char * const *dates; /* start/end pairs, NULL-terminated; NULL: single date */
  const CategorySpec *categories;
  guint               n_categories;
  const char         *answer_labels[2];
} EventSpec;

static const char * const festival_dates[] = {
  "2025-07-11T16:00:00+02:00",
  "2025-07-12T02:00:00+02:00",
  "2025-07-12T14:00:00+02:00",
  "2025-07-13T02:00:00+02:00",
  "2025-07-13T12:00:00+02:00",
  "2025-07-13T23:30:00+02:00",
  NULL,
};

/* Category > sub-category > ticket: three levels. */
static const CategorySpec festival_categories[] = {
  { "fest-passes", NULL, GUICHET_CATEGORY_KIND_CATEGORY, "Passes", 0, 0, 0, 0 },
  { "fest-passes-3", "fest-passes", GUICHET_CATEGORY_KIND_CATEGORY, "Three-day passes", 0, 0, 0,
    0 },
  { "fest-t-pass3", "fest-passes-3", GUICHET_CATEGORY_KIND_TICKET, "Three-day pass", 8900, 600, 30,
    0 },
  { "fest-t-pass3-student", "fest-passes-3", GUICHET_CATEGORY_KIND_TICKET,
    "Three-day pass, student", 5900, 200, 10, 0 },
  { "fest-passes-1", "fest-passes", GUICHET_CATEGORY_KIND_CATEGORY, "Day tickets", 0, 0, 0, 0 },
  { "fest-t-friday", "fest-passes-1", GUICHET_CATEGORY_KIND_TICKET, "Friday", 3500, 300, 15, 1 },
  { "fest-t-saturday", "fest-passes-1", GUICHET_CATEGORY_KIND_TICKET, "Saturday", 3900, 300, 20,
    2 },
  { "fest-t-sunday", "fest-passes-1", GUICHET_CATEGORY_KIND_TICKET, "Sunday", 3500, 300, 15, 3 },
  { "fest-vip", NULL, GUICHET_CATEGORY_KIND_CATEGORY, "VIP", 0, 0, 0, 0 },
  { "fest-t-lodge", "fest-vip", GUICHET_CATEGORY_KIND_TICKET, "Lodge", 19000, 50, 3, 0 },
  { "fest-t-artist", "fest-vip", GUICHET_CATEGORY_KIND_TICKET, "Artist guest", 0, 40, 2, -1 },
  { "fest-t-kids", NULL, GUICHET_CATEGORY_KIND_TICKET, "Children under 12", 0, -1, 5, -1 },
};

static const CategorySpec concert_categories[] = {
  { "conc-stalls", NULL, GUICHET_CATEGORY_KIND_CATEGORY, "Stalls", 0, 0, 0, 0 },
  { "conc-t-cat1", "conc-stalls", GUICHET_CATEGORY_KIND_TICKET, "Category 1", 6500, 200, 4, 0 },
  { "conc-t-cat2", "conc-stalls", GUICHET_CATEGORY_KIND_TICKET, "Category 2", 4500, 250, 5, 0 },
  { "conc-t-balcony", NULL, GUICHET_CATEGORY_KIND_TICKET, "Balcony", 3000, 150, 3, 0 },
};

static const CategorySpec conference_categories[] = {
  { "conf-t-pro", NULL, GUICHET_CATEGORY_KIND_TICKET, "Professional", 25000, 200, 6, 0 },
  { "conf-t-student", NULL, GUICHET_CATEGORY_KIND_TICKET, "Student", 4000, 100, 3, 0 },
  { "conf-t-speaker", NULL, GUICHET_CATEGORY_KIND_TICKET, "Speaker", 0, 60, 1, 0 },
};

static const EventSpec event_specs[GUICHET_DEMO_N_EVENTS] = {
  {
    "demo-festival",
    "Festival des Lumières",
    "2025-07-11T16:00:00+02:00",
    "2025-07-13T23:30:00+02:00",
    "Parc de la Tête d'Or, Lyon",
    "fest-p",
    1200,
    12,
    festival_dates,
    festival_categories,
    G_N_ELEMENTS (festival_categories),
    { "T-shirt size", "How did you hear about us?" },
  },
  {
    "demo-concert",
    "Orchestre de chambre — Concert du Nouvel An",
    "2025-12-31T20:00:00+01:00",
    "2025-12-31T23:00:00+01:00",
    "Salle Pleyel, Paris",
    "conc-p",
    500,
    10,
    NULL,
    concert_categories,
    G_N_ELEMENTS (concert_categories),
    { NULL, NULL },
  },
  {
    "demo-conference",
    "Journées du Logiciel Libre",
    "2025-10-02T09:00:00+02:00",
    "2025-10-03T18:00:00+02:00",
    "Palais des Congrès, Bordeaux",
    "conf-p",
    300,
    8,
    NULL,
    conference_categories,
    G_N_ELEMENTS (conference_categories),
    { "Company", "Dietary requirements" },
  },
};

static const char * const answer_values[][6] = {
  { "S", "M", "L", "XL", "M", "L" },
  { "A friend", "Social media", "Radio", "Poster", "Last year", "Newsletter" },
  { "Acme SARL", "Université de Bordeaux", "Indépendante", "Logiciels Bérénice", "Ville de Pessac",
    "Coopérative Libre" },
  { "None", "Vegetarian", "Vegan", "Gluten-free", "None", "Halal" },
};

static char *
make_email (const char *first,
            const char *last,
            guint       n,
            const char *domain)
{
  g_autofree char *ascii_first = g_str_to_ascii (first, "C");
  g_autofree char *ascii_last = g_str_to_ascii (last, "C");
  GString         *email = g_string_new (NULL);

  for (const char *p = ascii_first; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (email, g_ascii_tolower (*p));
  g_string_append_c (email, '.');
  for (const char *p = ascii_last; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (email, g_ascii_tolower (*p));
  if (n > 0)
    g_string_append_printf (email, "%u", n);
  g_string_append_printf (email, "@%s", domain);

  return g_string_free (email, FALSE);
}

static char *
make_barcode (GRand      *rand,
              guint       digits,
              GHashTable *taken)
{
  for (;;)
    {
      char *code = g_malloc (digits + 1);

      code[0] = '1' + g_rand_int_range (rand, 0, 9);
      for (guint i = 1; i < digits; i++)
        code[i] = '0' + g_rand_int_range (rand, 0, 10);
      code[digits] = '\0';

      if (!g_hash_table_contains (taken, code))
        {
          g_hash_table_add (taken, code);
          return g_strdup (code);
        }
      g_free (code);
    }
}

static char *
make_answers (const EventSpec *spec,
              GRand           *rand)
{
  guint base = g_str_equal (spec->id, "demo-festival") ? 0 : 2;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (spec->answer_labels[0] == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < 2; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, spec->answer_labels[i]);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder,
                                     answer_values[base + i][g_rand_int_range (rand, 0, 6)]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static GuichetParticipantStatus
pick_status (GRand *rand,
             guint  index)
{
  double r;

  /* At least one of each in every event, whatever the random draw. */
  switch (index)
    {
    case 3:
      return GUICHET_PARTICIPANT_STATUS_VOIDED;
    case 5:
      return GUICHET_PARTICIPANT_STATUS_REFUNDED;
    case 7:
      return GUICHET_PARTICIPANT_STATUS_UNPAID;
    case 11:
      return GUICHET_PARTICIPANT_STATUS_DELETED;
    default:
      break;
    }

  r = g_rand_double (rand);
  if (r < 0.015)
    return GUICHET_PARTICIPANT_STATUS_VOIDED;
  if (r < 0.03)
    return GUICHET_PARTICIPANT_STATUS_REFUNDED;
  if (r < 0.045)
    return GUICHET_PARTICIPANT_STATUS_UNPAID;
  if (r < 0.055)
    return GUICHET_PARTICIPANT_STATUS_DELETED;
  return GUICHET_PARTICIPANT_STATUS_VALID;
}

static const CategorySpec *
pick_ticket (const EventSpec *spec,
             GRand           *rand)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < spec->n_categories; i++)
    total += spec->categories[i].weight;

  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < spec->n_categories; i++)
    {
      if (r < spec->categories[i].weight)
        return &spec->categories[i];
      r -= spec->categories[i].weight;
    }
  g_assert_not_reached ();
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format_iso8601 (dt);
}

/* The specs are written on a 2025 calendar; the demo moves them to next
 * year so its events are always upcoming. Same data, same ids, same order. */
static const char *
shift_date (GuichetDemoData *data,
            const char      *iso)
{
  g_autofree char *shifted = NULL;

  if (iso == NULL)
    return NULL;

  g_assert (strlen (iso) > 4);
  shifted =
    g_strdup_printf ("%04d%s", (int) g_ascii_strtoll (iso, NULL, 10) + data->year_shift, iso + 4);
  return g_string_chunk_insert_const (data->strings, shifted);
}

static gint64
shift_unix (GuichetDemoData *data,
            gint64           unix_time)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) shifted = g_date_time_add_years (dt, data->year_shift);

  return g_date_time_to_unix (shifted);
}

static char *
date_id (const EventSpec *spec,
         int              n)
{
  return g_strdup_printf ("%s-d%d", spec->id, n);
}

static void
generate_dates (GuichetDemoData *data,
                const EventSpec *spec)
{
  GPtrArray *dates = g_ptr_array_new_with_free_func (g_object_unref);

  for (int n = 1; spec->dates && spec->dates[2 * (n - 1)]; n++)
    {
      g_autoptr (GStrvBuilder) tickets = g_strv_builder_new ();
      g_auto (GStrv) ticket_ids = NULL;
      g_autofree char *id = date_id (spec, n);

      for (guint i = 0; i < spec->n_categories; i++)
        {
          const CategorySpec *c = &spec->categories[i];

          if (c->kind == GUICHET_CATEGORY_KIND_TICKET && (c->date <= 0 || c->date == n))
            g_strv_builder_add (tickets, c->id);
        }
      ticket_ids = g_strv_builder_end (tickets);

      g_ptr_array_add (dates, g_object_new (GUICHET_TYPE_EVENT_DATE, "id", id, "event-id", spec->id,
                                            "start", shift_date (data, spec->dates[2 * (n - 1)]),
                                            "end", shift_date (data, spec->dates[2 * (n - 1) + 1]),
                                            "ticket-ids", ticket_ids, NULL));
    }

  g_hash_table_insert (data->dates, g_strdup (spec->id), dates);
}

typedef struct
{
  gint64 sold;
  gint64 checked_in;
} TicketCount;

/* Sums the children into the categories; returns the node's quota (-1: none). */
static gint64
sum_category (GuichetTicketCategory *category)
{
  GListModel *children = guichet_ticket_category_get_children (category);
  guint       n = g_list_model_get_n_items (children);
  gint64      quota = 0, sold = 0, checked_in = 0;

  if (guichet_ticket_category_get_kind (category) == GUICHET_CATEGORY_KIND_TICKET)
    return guichet_ticket_category_get_quota (category);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetTicketCategory) child = g_list_model_get_item (children, i);
      gint64 child_quota = sum_category (child);

      if (quota >= 0)
        quota = child_quota < 0 ? -1 : quota + child_quota;
      sold += guichet_ticket_category_get_sold (child);
      checked_in += guichet_ticket_category_get_checked_in (child);
    }

  g_object_set (category, "quota", quota, "sold", sold, "checked-in", checked_in, NULL);
  return quota;
}

static void
generate_event (GuichetDemoData *data,
                const EventSpec *spec,
                const char      *account_id,
                GRand           *rand,
                guint           *order_serial)
{
  g_autoptr (GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GHashTable) barcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray    *roots = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray    *participants = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray    *orders = g_ptr_array_new_with_free_func (g_object_unref);
  GuichetOrder *order = NULL;
  guint         order_left = 0;
  gint64        order_total = 0;

  g_ptr_array_add (data->events,
                   g_object_new (GUICHET_TYPE_EVENT, "account-id", account_id, "id", spec->id,
                                 "name", spec->name, "start", shift_date (data, spec->start), "end",
                                 shift_date (data, spec->end), "venue", spec->venue, "status",
                                 "published", "multiple-dates", spec->dates != NULL,
                                 "participant-count", (gint64) spec->n_participants, "currency",
                                 "EUR", NULL));
  generate_dates (data, spec);

  /* The category tree; parents come before their children in the specs. */
  for (guint i = 0; i < spec->n_categories; i++)
    {
      const CategorySpec    *c = &spec->categories[i];
      GuichetTicketCategory *node;

      node = g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", c->id, "event-id", spec->id,
                           "parent-id", c->parent_id, "kind", c->kind, "name", c->name, "price",
                           c->price, "currency", "EUR", "quota", c->quota, "sale-start",
                           shift_date (data, "2025-01-15T10:00:00+01:00"), "sale-end",
                           shift_date (data, spec->start), NULL);
      g_hash_table_insert (nodes, (gpointer) c->id, node);
      if (c->kind == GUICHET_CATEGORY_KIND_TICKET)
        g_hash_table_insert (counts, (gpointer) c->id, g_new0 (TicketCount, 1));

      if (c->parent_id == NULL)
        g_ptr_array_add (roots, node);
      else
        {
          GuichetTicketCategory *parent = g_hash_table_lookup (nodes, c->parent_id);

          g_assert (parent != NULL);
          guichet_ticket_category_append_child (parent, node);
          g_object_unref (node);
        }
    }

  for (guint i = 0; i < spec->n_participants; i++)
    {
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      const char *domain = domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))];
      const CategorySpec      *ticket = pick_ticket (spec, rand);
      GuichetParticipantStatus status = pick_status (rand, i);
      g_autofree char         *id = g_strdup_printf ("%s%04u", spec->prefix, i + 1);
      g_autofree char         *email =
        make_email (first, last, g_rand_int_range (rand, 0, 4) == 0 ? i : 0, domain);
      g_autofree char *barcode = make_barcode (rand, spec->barcode_digits, barcodes);
      g_autofree char *answers = make_answers (spec, rand);
      g_autofree char *updated_at = format_time (1748772000 + g_rand_int_range (rand, 0, 3000000));
      g_autofree char *checked_in_at = NULL;
      g_autofree char *date = NULL;
      gboolean         checked_in = FALSE;
      TicketCount     *count = g_hash_table_lookup (counts, ticket->id);
      GuichetParticipant *participant;

      if (spec->dates != NULL)
        {
          if (ticket->date > 0)
            date = date_id (spec, ticket->date);
          else if (ticket->date < 0)
            date = date_id (spec, g_rand_int_range (rand, 1, 4));
        }

      /* A few people are already in (scanned by another desk). */
      if (status == GUICHET_PARTICIPANT_STATUS_VALID && (i == 2 || g_rand_double (rand) < 0.05))
        {
          checked_in = TRUE;
          checked_in_at =
            format_time (shift_unix (data, 1751400000 + g_rand_int_range (rand, 0, 7200)));
        }

      /* Orders of one to four tickets, bought by their first holder. */
      if (order_left == 0)
        {
          g_autofree char *order_id = NULL;
          g_autofree char *buyer = g_strdup_printf ("%s %s", first, last);
          g_autofree char *created_at =
            format_time (shift_unix (data, 1740000000 + g_rand_int_range (rand, 0, 8000000)));
          const char *order_status = "paid";

          if (order != NULL)
            g_object_set (order, "total", order_total, NULL);
          order_total = 0;

          if (status == GUICHET_PARTICIPANT_STATUS_REFUNDED)
            order_status = "refunded";
          else if (status == GUICHET_PARTICIPANT_STATUS_UNPAID)
            order_status = "pending";

          order_id = g_strdup_printf ("demo-o%05u", ++(*order_serial));
          order =
            g_object_new (GUICHET_TYPE_ORDER, "id", order_id, "account-id", account_id, "event-id",
                          spec->id, "buyer-name", buyer, "email", email, "currency", "EUR",
                          "status", order_status, "created-at", created_at, NULL);
          g_ptr_array_add (orders, order);
          order_left = g_rand_int_range (rand, 1, 5);
        }
      order_left--;
      order_total += ticket->price;

      participant =
        g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", spec->id, "date-id", date,
                      "barcode", barcode, "first-name", first, "last-name", last, "email", email,
                      "ticket-type-id", ticket->id, "ticket-type-name", ticket->name, "status",
                      status, "checked-in", checked_in, "checked-in-at", checked_in_at, "order-id",
                      guichet_order_get_id (order), "answers", answers, "updated-at", updated_at,
                      NULL);
      g_ptr_array_add (participants, participant);
      g_hash_table_insert (data->by_id, (gpointer) guichet_participant_get_id (participant),
                           participant);
      g_hash_table_insert (data->changed_at, participant, GINT_TO_POINTER (1));

      if (status == GUICHET_PARTICIPANT_STATUS_VALID)
        count->sold++;
      if (checked_in)
        count->checked_in++;
    }
  if (order != NULL)
    g_object_set (order, "total", order_total, NULL);

  /* Sales figures, bottom up. */
  for (guint i = 0; i < spec->n_categories; i++)
    {
      TicketCount *count = g_hash_table_lookup (counts, spec->categories[i].id);

      if (count != NULL)
        g_object_set (g_hash_table_lookup (nodes, spec->categories[i].id), "sold", count->sold,
                      "checked-in", count->checked_in, NULL);
    }
  for (guint i = 0; i < roots->len; i++)
    sum_category (g_ptr_array_index (roots, i));

  g_hash_table_insert (data->categories, g_strdup (spec->id), roots);
  g_hash_table_insert (data->participants, g_strdup (spec->id), participants);
  g_hash_table_insert (data->orders, g_strdup (spec->id), orders);
}

static void
generate_discounts (GuichetDemoData *data,
                    const char      *account_id)
{
  static const char * const early_tickets[] = { "fest-t-pass3", "fest-t-pass3-student", NULL };
  static const char * const student_tickets[] = { "conf-t-student", NULL };

  data->discounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (data->discounts,
                   g_object_new (GUICHET_TYPE_DISCOUNT, "id", "demo-disc-1", "account-id",
                                 account_id, "name", "Early bird", "code", "EARLYBIRD", "kind",
                                 GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage",
                                 15 * GUICHET_PERCENTAGE_ONE_PERCENT, "max-uses", (gint64) 200,
                                 "used", (gint64) 143, "valid-from",
                                 shift_date (data, "2025-01-15T10:00:00+01:00"), "valid-to",
                                 shift_date (data, "2025-03-31T23:59:00+02:00"), "ticket-type-ids",
                                 early_tickets, NULL));
  g_ptr_array_add (data->discounts,
                   g_object_new (GUICHET_TYPE_DISCOUNT, "id", "demo-disc-2", "account-id",
                                 account_id, "name", "Bénévoles", "code", "MERCI-BENEVOLES", "kind",
                                 GUICHET_DISCOUNT_KIND_AMOUNT, "amount", (gint64) 1000, "currency",
                                 "EUR", "max-uses", (gint64) -1, "used", (gint64) 37, NULL));
  g_ptr_array_add (data->discounts,
                   g_object_new (GUICHET_TYPE_DISCOUNT, "id", "demo-disc-3", "account-id",
                                 account_id, "name", "Student day", "code", "STUDENT25", "kind",
                                 GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage",
                                 25 * GUICHET_PERCENTAGE_ONE_PERCENT, "max-uses", (gint64) 50,
                                 "used", (gint64) 50, "valid-to",
                                 shift_date (data, "2025-10-01T23:59:00+02:00"), "ticket-type-ids",
                                 student_tickets, NULL));

  data->vouchers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (data->vouchers,
                   g_object_new (GUICHET_TYPE_VOUCHER, "id", "demo-vouch-1", "account-id",
                                 account_id, "name", "Carte cadeau 50 €", "value", (gint64) 5000,
                                 "currency", "EUR", "code-count", (gint64) 25, "valid-to",
                                 shift_date (data, "2026-06-30T23:59:00+02:00"), NULL));
  g_ptr_array_add (data->vouchers,
                   g_object_new (GUICHET_TYPE_VOUCHER, "id", "demo-vouch-2", "account-id",
                                 account_id, "name", "Partner tickets", "value", (gint64) 8900,
                                 "currency", "EUR", "code-count", (gint64) 10, NULL));

  /* Their codes: GIFT-001..GIFT-025 and PARTNER-01..PARTNER-10 */
  data->voucher_codes =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint v = 0; v < data->vouchers->len; v++)
    {
      GuichetVoucher *voucher = g_ptr_array_index (data->vouchers, v);
      guint           n = (guint) guichet_voucher_get_code_count (voucher);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) codes = NULL;

      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *code =
            v == 0 ? g_strdup_printf ("GIFT-%03u", i) : g_strdup_printf ("PARTNER-%02u", i);

          g_strv_builder_add (builder, code);
        }
      codes = g_strv_builder_end (builder);
      g_object_set (voucher, "code-count", (gint64) 0, NULL);
      guichet_demo_data_add_voucher_codes (data, voucher, (const char * const *) codes);
    }
}

void
guichet_demo_data_add_voucher_codes (GuichetDemoData    *data,
                                     GuichetVoucher     *voucher,
                                     const char * const *codes)
{
  const char *voucher_id = guichet_voucher_get_id (voucher);
  GPtrArray  *list = g_hash_table_lookup (data->voucher_codes, voucher_id);
  gint64      available = 0;

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (data->voucher_codes, g_strdup (voucher_id), list);
    }

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-code-%u", voucher_id, list->len + 1);

      g_ptr_array_add (list,
                       g_object_new (GUICHET_TYPE_VOUCHER_CODE, "id", id, "voucher-id", voucher_id,
                                     "code", codes[i], "value-remaining",
                                     guichet_voucher_get_value (voucher)->amount_minor, NULL));
    }

  for (guint i = 0; i < list->len; i++)
    if (!guichet_voucher_code_get_void (g_ptr_array_index (list, i)))
      available++;
  g_object_set (voucher, "code-count", (gint64) list->len, "available-codes", available, "codes",
                NULL, NULL);
}

GuichetDemoData *
guichet_demo_data_new (const char *account_id)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (GUICHET_DEMO_SEED);
  GuichetDemoData *data = g_new0 (GuichetDemoData, 1);
  guint            order_serial = 0;

  data->events = g_ptr_array_new_with_free_func (g_object_unref);
  data->dates =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  data->categories =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  data->participants =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  data->orders =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  data->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  data->changed_at = g_hash_table_new (NULL, NULL);
  data->generation = 1;
  data->strings = g_string_chunk_new (256);
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

    data->year_shift = g_date_time_get_year (now) + 1 - 2025;
  }

  for (guint i = 0; i < G_N_ELEMENTS (event_specs); i++)
    generate_event (data, &event_specs[i], account_id, rand, &order_serial);
  generate_discounts (data, account_id);

  return data;
}

void
guichet_demo_data_free (GuichetDemoData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->by_id, g_hash_table_unref);
  g_clear_pointer (&data->strings, g_string_chunk_free);
  g_clear_pointer (&data->changed_at, g_hash_table_unref);
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_clear_pointer (&data->dates, g_hash_table_unref);
  g_clear_pointer (&data->categories, g_hash_table_unref);
  g_clear_pointer (&data->participants, g_hash_table_unref);
  g_clear_pointer (&data->orders, g_hash_table_unref);
  g_clear_pointer (&data->discounts, g_ptr_array_unref);
  g_clear_pointer (&data->vouchers, g_ptr_array_unref);
  g_clear_pointer (&data->voucher_codes, g_hash_table_unref);
  g_free (data);
}

gpointer
guichet_demo_data_copy_object (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree const char **names = NULL;
  g_autofree GValue      *values = NULL;
  GObject                *copy;
  guint                   n_pspecs, n = 0;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  names = g_new0 (const char *, n_pspecs);
  values = g_new0 (GValue, n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];

      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;

      names[n] = pspec->name;
      g_value_init (&values[n], pspec->value_type);
      g_object_get_property (object, pspec->name, &values[n]);
      n++;
    }

  copy = g_object_new_with_properties (G_OBJECT_TYPE (object), n, names, values);
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);

  if (GUICHET_IS_TICKET_CATEGORY (object))
    {
      GListModel *children = guichet_ticket_category_get_children (object);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr (GuichetTicketCategory) child = g_list_model_get_item (children, i);
          g_autoptr (GuichetTicketCategory) child_copy = guichet_demo_data_copy_object (child);

          guichet_ticket_category_append_child (GUICHET_TICKET_CATEGORY (copy), child_copy);
        }
    }

  return copy;
}

GPtrArray *
guichet_demo_data_copy_array (GPtrArray *array)
{
  GPtrArray *copy;

  g_return_val_if_fail (array != NULL, NULL);

  copy = g_ptr_array_new_full (array->len, g_object_unref);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, guichet_demo_data_copy_object (g_ptr_array_index (array, i)));

  return copy;
}

static GuichetTicketCategory *
find_in_tree (GListModel *nodes,
              const char *ticket_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr (GuichetTicketCategory) node = g_list_model_get_item (nodes, i);
      GuichetTicketCategory *found;

      if (g_strcmp0 (guichet_ticket_category_get_id (node), ticket_id) == 0)
        return node;
      found = find_in_tree (guichet_ticket_category_get_children (node), ticket_id);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GuichetTicketCategory *
guichet_demo_data_find_ticket (GuichetDemoData *data,
                               const char      *ticket_id)
{
  GHashTableIter iter;
  gpointer       value;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (ticket_id != NULL, NULL);

  g_hash_table_iter_init (&iter, data->categories);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *roots = value;
      g_autoptr (GListStore) store = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
      GuichetTicketCategory *found;

      g_list_store_splice (store, 0, 0, roots->pdata, roots->len);
      /* The nodes are owned by the tree, which outlives the temporary store. */
      found = find_in_tree (G_LIST_MODEL (store), ticket_id);
      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
guichet_demo_data_check_in (GuichetDemoData *data,
                            const char      *event_id,
                            const char      *code,
                            const char      *participant_id,
                            GuichetDirection direction,
                            gint64           time)
{
  GuichetParticipant *participant = NULL;
  GPtrArray          *participants;
  g_autofree char    *when = NULL;

  g_return_val_if_fail (data != NULL, FALSE);

  if (participant_id != NULL)
    participant = g_hash_table_lookup (data->by_id, participant_id);

  participants = event_id ? g_hash_table_lookup (data->participants, event_id) : NULL;
  for (guint i = 0; participant == NULL && participants && i < participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);

      if (g_strcmp0 (guichet_participant_get_barcode (p), code) == 0)
        participant = p;
    }

  if (participant == NULL)
    return FALSE;

  /* The journal's time may be in seconds or microseconds. */
  if (time > G_GINT64_CONSTANT (100000000000000))
    time /= G_USEC_PER_SEC;
  if (time <= 0)
    time = g_get_real_time () / G_USEC_PER_SEC;
  when = format_time (time);

  data->generation++;
  g_object_set (participant, "checked-in", direction == GUICHET_DIRECTION_IN, "checked-in-at",
                direction == GUICHET_DIRECTION_IN ? when : NULL, "updated-at", when, NULL);
  g_hash_table_insert (data->changed_at, participant, GINT_TO_POINTER (data->generation));

  return TRUE;
}
