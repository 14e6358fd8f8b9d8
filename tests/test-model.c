/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "guichet-test-utils.h"

/* Counts "notify" emissions on an object. */
typedef struct
{
  guint count;
  char *last;
} NotifyCounter;

static void
on_notify (GObject       *object,
           GParamSpec    *pspec,
           NotifyCounter *counter)
{
  counter->count++;
  g_free (counter->last);
  counter->last = g_strdup (pspec->name);
}

static void
notify_counter_clear (NotifyCounter *counter)
{
  g_clear_pointer (&counter->last, g_free);
  counter->count = 0;
}

/* Sets @property on @object twice to @value and asserts one notification,
 * for that property, then none. */
static void
assert_notifies_once (GObject      *object,
                      const char   *property,
                      const GValue *value)
{
  NotifyCounter counter = { 0, NULL };
  gulong        id;

  id = g_signal_connect (object, "notify", G_CALLBACK (on_notify), &counter);

  g_object_set_property (object, property, value);
  g_assert_cmpuint (counter.count, ==, 1);
  g_assert_cmpstr (counter.last, ==, property);

  g_object_set_property (object, property, value);
  g_assert_cmpuint (counter.count, ==, 1);

  g_signal_handler_disconnect (object, id);
  notify_counter_clear (&counter);
}

/* A value for @pspec that is not its default. */
static void
init_other_value (GParamSpec *pspec,
                  GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  /* A currency property holds an ISO 4217 code (GuichetMoney) */
  if (type == G_TYPE_STRING && g_str_equal (pspec->name, "currency"))
    g_value_set_string (value, "GBP");
  else if (type == G_TYPE_STRING)
    g_value_set_string (value, "value-é");
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, TRUE);
  else if (type == G_TYPE_INT64)
    g_value_set_int64 (value, 42);
  else if (type == G_TYPE_UINT)
    g_value_set_uint (value, G_PARAM_SPEC_UINT (pspec)->default_value + 1);
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, 9.99);
  else if (type == G_TYPE_STRV)
    {
      const char * const strv[] = { "1", "ABCDE125632", NULL };

      g_value_set_boxed (value, strv);
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      GEnumClass *klass = g_type_class_peek (type);
      int         dflt = G_PARAM_SPEC_ENUM (pspec)->default_value;

      g_value_set_enum (value, dflt == klass->minimum ? klass->maximum : klass->minimum);
    }
  else
    g_assert_not_reached ();
}

static void
assert_values_equal (const GValue *a,
                     const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  g_assert_cmpstr (g_type_name (type), ==, g_type_name (G_VALUE_TYPE (b)));

  if (type == G_TYPE_STRING)
    g_assert_cmpstr (g_value_get_string (a), ==, g_value_get_string (b));
  else if (type == G_TYPE_BOOLEAN)
    g_assert_cmpint (g_value_get_boolean (a), ==, g_value_get_boolean (b));
  else if (type == G_TYPE_INT64)
    g_assert_cmpint (g_value_get_int64 (a), ==, g_value_get_int64 (b));
  else if (type == G_TYPE_UINT)
    g_assert_cmpuint (g_value_get_uint (a), ==, g_value_get_uint (b));
  else if (type == G_TYPE_DOUBLE)
    g_assert_cmpfloat (g_value_get_double (a), ==, g_value_get_double (b));
  else if (type == G_TYPE_STRV)
    g_assert_true (g_strv_equal (g_value_get_boxed (a), g_value_get_boxed (b)));
  else if (G_TYPE_IS_ENUM (type))
    g_assert_cmpint (g_value_get_enum (a), ==, g_value_get_enum (b));
  else
    g_assert_not_reached ();
}

/* Every writable property of @type: defaults are sane, a new value reads
 * back, notifies once, and setting it again does not notify. */
static void
check_type_properties (GType type)
{
  g_autoptr (GTypeClass) klass = g_type_class_ref (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint                   n_pspecs = 0;
  GObject                *object;
  guint                   n_checked = 0;

  object = g_object_new (type, NULL);
  pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 0);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_auto (GValue) value = G_VALUE_INIT;
      g_auto (GValue) read_back = G_VALUE_INIT;
      g_auto (GValue) dflt = G_VALUE_INIT;

      g_test_message ("%s:%s", g_type_name (type), pspec->name);

      if (!(pspec->flags & G_PARAM_WRITABLE))
        continue;

      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

      /* A fresh object holds the declared default */
      g_value_init (&dflt, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (object, pspec->name, &dflt);
      g_assert_true (g_param_value_defaults (pspec, &dflt));

      init_other_value (pspec, &value);
      assert_notifies_once (object, pspec->name, &value);

      g_value_init (&read_back, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (object, pspec->name, &read_back);
      assert_values_equal (&value, &read_back);

      /* Back to the default notifies again */
      {
        g_auto (GValue) reset = G_VALUE_INIT;

        g_value_init (&reset, G_PARAM_SPEC_VALUE_TYPE (pspec));
        g_param_value_set_default (pspec, &reset);
        assert_notifies_once (object, pspec->name, &reset);
      }

      n_checked++;
    }

  g_assert_cmpuint (n_checked, >, 0);
  g_assert_finalize_object (object);
}

static void
test_model_all_properties (void)
{
  const GType types[] = {
    GUICHET_TYPE_ACCOUNT,         GUICHET_TYPE_EVENT,       GUICHET_TYPE_EVENT_DATE,
    GUICHET_TYPE_TICKET_CATEGORY, GUICHET_TYPE_PARTICIPANT, GUICHET_TYPE_CHECK_IN,
    GUICHET_TYPE_DISCOUNT,        GUICHET_TYPE_VOUCHER,     GUICHET_TYPE_VOUCHER_CODE,
    GUICHET_TYPE_ORDER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    check_type_properties (types[i]);
}

/* The property names other code binds to (one per getter). */
static void
test_model_property_names (void)
{
  static const struct
  {
    GType (*get_type) (void);
    const char *names;
  } expected[] = {
    { guichet_account_get_type, "id provider name base-url username email" },
    { guichet_event_get_type, "account-id id name start end venue status multiple-dates "
                              "participant-count currency series-id" },
    { guichet_event_date_get_type, "id event-id start end ticket-ids" },
    { guichet_ticket_category_get_type, "id event-id parent-id kind name price currency quota "
                                        "sold checked-in sale-start sale-end children" },
    { guichet_participant_get_type,
      "id event-id date-id barcode first-name last-name email "
      "ticket-type-id ticket-type-name status checked-in "
      "checked-in-at order-id answers updated-at entries seat admitted-here" },
    { guichet_check_in_get_type, "id account-id event-id date-id code participant-id time desk "
                                 "direction verdict reason synced undone remote remote-message" },
    { guichet_discount_get_type, "id account-id name code kind amount percentage currency "
                                 "max-uses used valid-from valid-to ticket-type-ids booking-fee "
                                 "booking-fee-percentage" },
    { guichet_voucher_get_type, "id account-id name value currency code-count valid-to "
                                "available-codes codes" },
    { guichet_voucher_code_get_type, "id voucher-id code value-remaining void" },
    { guichet_order_get_type, "id account-id event-id buyer-name email total currency status "
                              "created-at ticket-ids line-items" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GType type = expected[i].get_type ();
      g_autoptr (GTypeClass) klass = NULL;
      g_auto (GStrv) names = g_strsplit (expected[i].names, " ", -1);
      g_autofree GParamSpec **pspecs = NULL;
      guint                   n_pspecs = 0;

      g_assert_true (type != G_TYPE_INVALID);
      klass = g_type_class_ref (type);
      pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n_pspecs);
      g_assert_cmpuint (n_pspecs, ==, g_strv_length (names));

      for (guint j = 0; names[j] != NULL; j++)
        {
          g_test_message ("%s:%s", g_type_name (type), names[j]);
          g_assert_nonnull (g_object_class_find_property (G_OBJECT_CLASS (klass), names[j]));
        }
    }
}

static void
test_model_account (void)
{
  GuichetAccount  *account;
  g_autofree char *id1 = guichet_account_generate_id ();
  g_autofree char *id2 = guichet_account_generate_id ();
  g_autofree char *name = NULL;

  g_assert_true (g_uuid_string_is_valid (id1));
  g_assert_cmpstr (id1, !=, id2);

  account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", id1, "provider", "weezevent", "name", "Festival",
                  "base-url", "https://api.weezevent.com", "username", "desk@example.org", NULL);
  g_assert_cmpstr (guichet_account_get_id (account), ==, id1);
  g_assert_cmpstr (guichet_account_get_provider (account), ==, "weezevent");
  g_assert_cmpstr (guichet_account_get_name (account), ==, "Festival");
  g_assert_cmpstr (guichet_account_get_base_url (account), ==, "https://api.weezevent.com");
  g_assert_cmpstr (guichet_account_get_username (account), ==, "desk@example.org");
  g_assert_null (guichet_account_get_email (account));

  g_object_get (account, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Festival");

  /* NULL clears a string */
  g_object_set (account, "username", NULL, NULL);
  g_assert_null (guichet_account_get_username (account));

  g_assert_finalize_object (account);
}

static void
test_model_defaults (void)
{
  GuichetTicketCategory *category = g_object_new (GUICHET_TYPE_TICKET_CATEGORY, NULL);
  GuichetDiscount       *discount = g_object_new (GUICHET_TYPE_DISCOUNT, NULL);
  GuichetParticipant    *participant = g_object_new (GUICHET_TYPE_PARTICIPANT, NULL);
  GuichetCheckIn        *check_in = g_object_new (GUICHET_TYPE_CHECK_IN, NULL);
  GuichetEventDate      *date = g_object_new (GUICHET_TYPE_EVENT_DATE, NULL);

  g_assert_cmpint (guichet_ticket_category_get_quota (category), ==, -1);
  g_assert_cmpint (guichet_ticket_category_get_sold (category), ==, 0);
  g_assert_cmpint (guichet_ticket_category_get_checked_in (category), ==, 0);
  g_assert_cmpint (guichet_ticket_category_get_kind (category), ==, GUICHET_CATEGORY_KIND_TICKET);
  g_assert_null (guichet_ticket_category_get_name (category));
  g_assert_null (guichet_ticket_category_get_parent_id (category));

  g_assert_cmpint (guichet_discount_get_max_uses (discount), ==, -1);
  g_assert_cmpint (guichet_discount_get_used (discount), ==, 0);
  g_assert_null (guichet_discount_get_ticket_type_ids (discount));

  g_assert_cmpint (guichet_participant_get_status (participant), ==,
                   GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_false (guichet_participant_get_checked_in (participant));

  g_assert_cmpint (guichet_check_in_get_reason (check_in), ==, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_check_in_get_direction (check_in), ==, GUICHET_DIRECTION_IN);
  g_assert_false (guichet_check_in_get_synced (check_in));

  g_assert_null (guichet_event_date_get_ticket_ids (date));

  g_assert_finalize_object (category);
  g_assert_finalize_object (discount);
  g_assert_finalize_object (participant);
  g_assert_finalize_object (check_in);
  g_assert_finalize_object (date);
}

static void
test_model_getters (void)
{
  const char * const ids[] = { "44272", "ABCDE125632", NULL };
  g_auto (GStrv) read_ids = NULL;
  GuichetCheckIn     *check_in;
  GuichetDiscount    *discount;
  GuichetEvent       *event;
  GuichetEventDate   *date;
  GuichetOrder       *order;
  GuichetVoucher     *voucher;
  GuichetVoucherCode *code;
  GuichetParticipant *participant;
  gint64              now = g_get_real_time ();

  check_in =
    g_object_new (GUICHET_TYPE_CHECK_IN, "id", (gint64) 12, "code", "7448370", "time", now, "desk",
                  "North gate", "direction", GUICHET_DIRECTION_OUT, "verdict",
                  GUICHET_VERDICT_REFUSED, "reason", GUICHET_REASON_REFUNDED, "synced", TRUE, NULL);
  g_assert_cmpint (guichet_check_in_get_id (check_in), ==, 12);
  g_assert_cmpstr (guichet_check_in_get_code (check_in), ==, "7448370");
  g_assert_cmpint (guichet_check_in_get_time (check_in), ==, now);
  g_assert_cmpstr (guichet_check_in_get_desk (check_in), ==, "North gate");
  g_assert_cmpint (guichet_check_in_get_direction (check_in), ==, GUICHET_DIRECTION_OUT);
  g_assert_cmpint (guichet_check_in_get_verdict (check_in), ==, GUICHET_VERDICT_REFUSED);
  g_assert_cmpint (guichet_check_in_get_reason (check_in), ==, GUICHET_REASON_REFUNDED);
  g_assert_true (guichet_check_in_get_synced (check_in));
  g_assert_false (guichet_check_in_get_undone (check_in));
  g_assert_finalize_object (check_in);

  discount =
    g_object_new (GUICHET_TYPE_DISCOUNT, "kind", GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage",
                  (gint64) 1250, "max-uses", (gint64) 0, "ticket-type-ids", ids, NULL);
  g_assert_cmpint (guichet_discount_get_kind (discount), ==, GUICHET_DISCOUNT_KIND_PERCENTAGE);
  g_assert_cmpint (guichet_discount_get_percentage (discount), ==, 1250);
  g_assert_cmpint (guichet_discount_get_max_uses (discount), ==, 0);
  g_assert_true (g_strv_equal (guichet_discount_get_ticket_type_ids (discount), ids));
  g_object_get (discount, "ticket-type-ids", &read_ids, NULL);
  g_assert_true (g_strv_equal ((const char * const *) read_ids, ids));
  /* The object keeps its own copy */
  g_assert_true (guichet_discount_get_ticket_type_ids (discount) != ids);
  g_assert_finalize_object (discount);

  event = g_object_new (GUICHET_TYPE_EVENT, "id", "11435", "multiple-dates", TRUE,
                        "participant-count", (gint64) 910, NULL);
  g_assert_cmpstr (guichet_event_get_id (event), ==, "11435");
  g_assert_true (guichet_event_get_multiple_dates (event));
  g_assert_cmpint (guichet_event_get_participant_count (event), ==, 910);
  g_assert_finalize_object (event);

  date = g_object_new (GUICHET_TYPE_EVENT_DATE, "id", "138", "ticket-ids", ids, NULL);
  g_assert_true (g_strv_equal (guichet_event_date_get_ticket_ids (date), ids));
  g_assert_finalize_object (date);

  order = g_object_new (GUICHET_TYPE_ORDER, "total", (gint64) 2499, "currency", "eur", NULL);
  g_assert_cmpint (guichet_order_get_total (order)->amount_minor, ==, 2499);
  /* ISO 4217 codes are kept upper case, in the money as in the property */
  g_assert_cmpstr (guichet_order_get_total (order)->currency, ==, "EUR");
  g_assert_cmpstr (guichet_order_get_currency (order), ==, "EUR");
  {
    g_autofree char *currency = NULL;

    g_object_get (order, "currency", &currency, NULL);
    g_assert_cmpstr (currency, ==, "EUR");
  }
  g_assert_finalize_object (order);

  voucher =
    g_object_new (GUICHET_TYPE_VOUCHER, "value", (gint64) 1000, "code-count", (gint64) 3, NULL);
  g_assert_cmpint (guichet_voucher_get_value (voucher)->amount_minor, ==, 1000);
  /* no currency set: none, not a made-up one */
  g_assert_null (guichet_voucher_get_currency (voucher));
  g_assert_cmpstr (guichet_voucher_get_value (voucher)->currency, ==, "");
  g_assert_cmpint (guichet_voucher_get_code_count (voucher), ==, 3);
  g_assert_finalize_object (voucher);

  code = g_object_new (GUICHET_TYPE_VOUCHER_CODE, "code", "GIFT-1", "void", TRUE, NULL);
  g_assert_cmpstr (guichet_voucher_code_get_code (code), ==, "GIFT-1");
  g_assert_true (guichet_voucher_code_get_void (code));
  g_assert_finalize_object (code);

  participant =
    g_object_new (GUICHET_TYPE_PARTICIPANT, "ticket-type-id", "ABCDE125632", "checked-in-at",
                  "2024-05-01T20:15:00Z", "status", GUICHET_PARTICIPANT_STATUS_REFUNDED, NULL);
  g_assert_cmpstr (guichet_participant_get_ticket_type_id (participant), ==, "ABCDE125632");
  g_assert_cmpstr (guichet_participant_get_checked_in_at (participant), ==, "2024-05-01T20:15:00Z");
  g_assert_cmpint (guichet_participant_get_status (participant), ==,
                   GUICHET_PARTICIPANT_STATUS_REFUNDED);
  g_assert_finalize_object (participant);
}

static void
test_model_strv_notify (void)
{
  const char * const a[] = { "1", "2", NULL };
  const char * const same[] = { "1", "2", NULL };
  const char * const b[] = { "1", NULL };
  const char * const empty[] = { NULL };
  GuichetDiscount   *discount = g_object_new (GUICHET_TYPE_DISCOUNT, NULL);
  NotifyCounter      counter = { 0, NULL };

  g_signal_connect (discount, "notify::ticket-type-ids", G_CALLBACK (on_notify), &counter);

  g_object_set (discount, "ticket-type-ids", a, NULL);
  g_assert_cmpuint (counter.count, ==, 1);
  g_object_set (discount, "ticket-type-ids", same, NULL);
  g_assert_cmpuint (counter.count, ==, 1);
  g_object_set (discount, "ticket-type-ids", b, NULL);
  g_assert_cmpuint (counter.count, ==, 2);
  g_object_set (discount, "ticket-type-ids", NULL, NULL);
  g_assert_cmpuint (counter.count, ==, 3);
  g_object_set (discount, "ticket-type-ids", NULL, NULL);
  g_assert_cmpuint (counter.count, ==, 3);
  /* An empty list is not "unset" */
  g_object_set (discount, "ticket-type-ids", empty, NULL);
  g_assert_cmpuint (counter.count, ==, 4);
  g_assert_nonnull (guichet_discount_get_ticket_type_ids (discount));

  notify_counter_clear (&counter);
  g_assert_finalize_object (discount);
}

static void
test_model_notify_in_construct (void)
{
  NotifyCounter       counter = { 0, NULL };
  GuichetParticipant *participant = g_object_new (GUICHET_TYPE_PARTICIPANT, "barcode", "A", NULL);

  g_signal_connect (participant, "notify", G_CALLBACK (on_notify), &counter);

  /* Several properties at once, one of them unchanged */
  g_object_set (participant, "barcode", "A", "first-name", "Ada", "checked-in", TRUE, NULL);
  g_assert_cmpuint (counter.count, ==, 2);

  g_object_set (participant, "checked-in", TRUE, "first-name", "Ada", NULL);
  g_assert_cmpuint (counter.count, ==, 2);

  notify_counter_clear (&counter);
  g_assert_finalize_object (participant);
}

static GuichetTicketCategory *
new_category (const char         *id,
              GuichetCategoryKind kind,
              const char         *name)
{
  return g_object_new (GUICHET_TYPE_TICKET_CATEGORY, "id", id, "event-id", "11435", "kind", kind,
                       "name", name, NULL);
}

static void
test_model_category_tree (void)
{
  GuichetTicketCategory *root =
    new_category ("11745", GUICHET_CATEGORY_KIND_CATEGORY, "Categorie 1");
  GuichetTicketCategory *sub =
    new_category ("11746", GUICHET_CATEGORY_KIND_CATEGORY, "Sous-categorie");
  GuichetTicketCategory *b2 = new_category ("44272", GUICHET_CATEGORY_KIND_TICKET, "b2");
  GuichetTicketCategory *free_ticket = new_category ("65632", GUICHET_CATEGORY_KIND_TICKET, "free");
  GuichetTicketCategory *item;
  GListModel            *children;
  GListModel            *from_property = NULL;
  NotifyCounter          counter = { 0, NULL };

  g_object_set (b2, "price", (gint64) 999, "currency", "EUR", "quota", (gint64) 0, "sold",
                (gint64) 99, NULL);

  g_assert_nonnull (guichet_ticket_category_get_children (b2));
  g_assert_cmpuint (g_list_model_get_n_items (guichet_ticket_category_get_children (b2)), ==, 0);
  g_assert_true (g_list_model_get_item_type (guichet_ticket_category_get_children (root)) ==
                 GUICHET_TYPE_TICKET_CATEGORY);

  g_signal_connect (b2, "notify::parent-id", G_CALLBACK (on_notify), &counter);

  guichet_ticket_category_append_child (root, b2);
  guichet_ticket_category_append_child (root, sub);
  guichet_ticket_category_append_child (sub, free_ticket);

  g_assert_cmpuint (counter.count, ==, 1);
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (b2), ==, "11745");
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (sub), ==, "11745");
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (free_ticket), ==, "11746");
  g_assert_null (guichet_ticket_category_get_parent_id (root));

  children = guichet_ticket_category_get_children (root);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
  item = g_list_model_get_item (children, 0);
  g_assert_true (item == b2);
  g_assert_cmpint (guichet_ticket_category_get_price (item)->amount_minor, ==, 999);
  g_assert_cmpstr (guichet_ticket_category_get_price (item)->currency, ==, "EUR");
  g_assert_cmpint (guichet_ticket_category_get_quota (item), ==, 0);
  g_assert_cmpint (guichet_ticket_category_get_sold (item), ==, 99);
  g_object_unref (item);
  item = g_list_model_get_item (children, 1);
  g_assert_true (item == sub);
  g_object_unref (item);

  g_object_get (root, "children", &from_property, NULL);
  g_assert_true (from_property == children);
  g_object_unref (from_property);

  /* Renaming the parent's id keeps the children pointing at it */
  g_object_set (root, "id", "11745-b", NULL);
  g_assert_cmpuint (counter.count, ==, 2);
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (b2), ==, "11745-b");
  g_assert_cmpstr (guichet_ticket_category_get_parent_id (free_ticket), ==, "11746");

  g_signal_handlers_disconnect_by_data (b2, &counter);
  notify_counter_clear (&counter);

  /* The parent holds the children alive, and frees them with itself */
  g_object_add_weak_pointer (G_OBJECT (b2), (gpointer *) &b2);
  g_object_add_weak_pointer (G_OBJECT (free_ticket), (gpointer *) &free_ticket);
  g_object_unref (b2);
  g_object_unref (free_ticket);
  g_assert_nonnull (b2);
  g_assert_nonnull (free_ticket);
  g_object_unref (sub);
  g_assert_finalize_object (root);
  g_assert_null (b2);
  g_assert_null (free_ticket);
}

static void
assert_display_name (GuichetParticipant *participant,
                     const char         *expected)
{
  g_autofree char *name = guichet_participant_dup_display_name (participant);

  g_assert_cmpstr (name, ==, expected);
}

static void
test_model_display_name (void)
{
  GuichetParticipant *p = g_object_new (GUICHET_TYPE_PARTICIPANT, NULL);
  g_autofree char    *fallback = NULL;

  /* Nothing at all: still not empty */
  fallback = guichet_participant_dup_display_name (p);
  g_assert_nonnull (fallback);
  g_assert_cmpstr (fallback, !=, "");

  g_object_set (p, "id", "7759645", NULL);
  assert_display_name (p, "7759645");

  g_object_set (p, "barcode", "7448370", NULL);
  assert_display_name (p, "7448370");

  g_object_set (p, "email", "", NULL);
  assert_display_name (p, "7448370");

  g_object_set (p, "email", "renee@example.org", NULL);
  assert_display_name (p, "renee@example.org");

  /* Weezevent sends empty names */
  g_object_set (p, "first-name", "", "last-name", "  ", NULL);
  assert_display_name (p, "renee@example.org");

  g_object_set (p, "last-name", "Müller", NULL);
  assert_display_name (p, "Müller");

  g_object_set (p, "first-name", "Renée", NULL);
  assert_display_name (p, "Renée Müller");

  g_object_set (p, "last-name", NULL, NULL);
  assert_display_name (p, "Renée");

  g_object_set (p, "first-name", " Renée ", "last-name", " Müller ", NULL);
  assert_display_name (p, "Renée Müller");

  g_assert_finalize_object (p);
}

static void
test_model_enum_strings (void)
{
  static const struct
  {
    GuichetParticipantStatus status;
    const char              *text;
  } statuses[] = {
    { GUICHET_PARTICIPANT_STATUS_VALID, "valid" },
    { GUICHET_PARTICIPANT_STATUS_VOIDED, "voided" },
    { GUICHET_PARTICIPANT_STATUS_REFUNDED, "refunded" },
    { GUICHET_PARTICIPANT_STATUS_UNPAID, "unpaid" },
    { GUICHET_PARTICIPANT_STATUS_DELETED, "deleted" },
  };
  static const struct
  {
    GuichetVerdict verdict;
    const char    *text;
  } verdicts[] = {
    { GUICHET_VERDICT_ADMITTED, "admitted" },
    { GUICHET_VERDICT_ALREADY_CHECKED_IN, "already_checked_in" },
    { GUICHET_VERDICT_UNKNOWN, "unknown" },
    { GUICHET_VERDICT_REFUSED, "refused" },
  };
  static const struct
  {
    GuichetReason reason;
    const char   *text;
  } reasons[] = {
    { GUICHET_REASON_VOID, "void" },
    { GUICHET_REASON_REFUNDED, "refunded" },
    { GUICHET_REASON_UNPAID, "unpaid" },
    { GUICHET_REASON_DELETED, "deleted" },
    { GUICHET_REASON_WRONG_EVENT, "wrong_event" },
    { GUICHET_REASON_WRONG_DATE, "wrong_date" },
    { GUICHET_REASON_GATE, "gate" },
    { GUICHET_REASON_INVALID_CODE, "invalid_code" },
  };
  g_autoptr (GEnumClass) status_class = g_type_class_ref (GUICHET_TYPE_PARTICIPANT_STATUS);
  g_autoptr (GEnumClass) verdict_class = g_type_class_ref (GUICHET_TYPE_VERDICT);
  g_autoptr (GEnumClass) reason_class = g_type_class_ref (GUICHET_TYPE_REASON);

  /* The tables cover every value of the enums */
  g_assert_cmpuint (status_class->n_values, ==, G_N_ELEMENTS (statuses));
  g_assert_cmpuint (verdict_class->n_values, ==, G_N_ELEMENTS (verdicts));
  g_assert_cmpuint (reason_class->n_values, ==, G_N_ELEMENTS (reasons) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_assert_cmpstr (guichet_participant_status_to_string (statuses[i].status), ==,
                       statuses[i].text);
      g_assert_cmpint (guichet_participant_status_from_string (statuses[i].text), ==,
                       statuses[i].status);
    }
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      g_assert_cmpstr (guichet_verdict_to_string (verdicts[i].verdict), ==, verdicts[i].text);
      g_assert_cmpint (guichet_verdict_from_string (verdicts[i].text), ==, verdicts[i].verdict);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_assert_cmpstr (guichet_reason_to_string (reasons[i].reason), ==, reasons[i].text);
      g_assert_cmpint (guichet_reason_from_string (reasons[i].text), ==, reasons[i].reason);
    }

  g_assert_null (guichet_reason_to_string (GUICHET_REASON_NONE));
  g_assert_cmpstr (guichet_direction_to_string (GUICHET_DIRECTION_IN), ==, "in");
  g_assert_cmpstr (guichet_direction_to_string (GUICHET_DIRECTION_OUT), ==, "out");
  g_assert_cmpint (guichet_direction_from_string ("out"), ==, GUICHET_DIRECTION_OUT);
  g_assert_cmpint (guichet_direction_from_string ("in"), ==, GUICHET_DIRECTION_IN);

  /* Unknown or missing text falls back */
  g_assert_cmpint (guichet_participant_status_from_string ("bogus"), ==,
                   GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_cmpint (guichet_participant_status_from_string (NULL), ==,
                   GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_cmpint (guichet_participant_status_from_string ("VOIDED"), ==,
                   GUICHET_PARTICIPANT_STATUS_VALID);
  g_assert_cmpint (guichet_reason_from_string ("bogus"), ==, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_reason_from_string (""), ==, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_reason_from_string (NULL), ==, GUICHET_REASON_NONE);
  g_assert_cmpint (guichet_verdict_from_string ("bogus"), ==, GUICHET_VERDICT_UNKNOWN);
  g_assert_cmpint (guichet_direction_from_string (NULL), ==, GUICHET_DIRECTION_IN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/all-properties", test_model_all_properties);
  g_test_add_func ("/model/property-names", test_model_property_names);
  g_test_add_func ("/model/account", test_model_account);
  g_test_add_func ("/model/defaults", test_model_defaults);
  g_test_add_func ("/model/getters", test_model_getters);
  g_test_add_func ("/model/strv-notify", test_model_strv_notify);
  g_test_add_func ("/model/notify-multiple", test_model_notify_in_construct);
  g_test_add_func ("/model/category-tree", test_model_category_tree);
  g_test_add_func ("/model/display-name", test_model_display_name);
  g_test_add_func ("/model/enum-strings", test_model_enum_strings);

  return g_test_run ();
}
