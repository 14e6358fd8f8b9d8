/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"
#include "guichet-providers.h"
#include "guichet-demo-provider.h"

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the test's private main context until the pending operation
 * completes. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  return *slot;
}

static GuichetProvider *
new_demo_provider (void)
{
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  GuichetProvider *provider;

  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "demo-account", "provider", "demo", "name",
                          "Demo", NULL);
  provider = guichet_providers_create (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (GUICHET_IS_DEMO_PROVIDER (provider));
  return provider;
}

static GPtrArray *
list_events (GuichetProvider *provider)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *events;

  guichet_provider_list_events_async (provider, NULL, got_result, &result);
  /* Asynchronous: nothing has completed yet. */
  g_assert_null (result);
  events = guichet_provider_list_events_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static GPtrArray *
list_categories (GuichetProvider *provider,
                 const char      *event_id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *roots;

  guichet_provider_list_categories_async (provider, event_id, NULL, got_result, &result);
  roots = guichet_provider_list_categories_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (roots);
  return roots;
}

static GuichetParticipantPage *
fetch_page (GuichetProvider *provider,
            const char      *event_id,
            const char      *cursor,
            GError         **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_fetch_participants_async (provider, event_id, cursor, NULL, got_result, &result);
  g_assert_null (result);
  return guichet_provider_fetch_participants_finish (provider, wait_for_result (&result), error);
}

/* Every participant of the event, through the pages; checks the paging. */
static GPtrArray *
fetch_all (GuichetProvider *provider,
           const char      *event_id,
           char           **final_cursor)
{
  GPtrArray       *all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;
  guint            pages = 0;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GuichetParticipantPage) page = fetch_page (provider, event_id, cursor, &error);
      gboolean more;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_nonnull (page->cursor);
      g_assert_true (page->full);
      g_assert_cmpuint (page->participants->len, <=, 500);

      for (guint i = 0; i < page->participants->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page->participants, i)));

      pages++;
      g_assert_cmpuint (pages, <, 100);
      g_free (cursor);
      cursor = g_strdup (page->cursor);
      more = page->more;
      if (!more)
        break;
      g_assert_true (g_str_has_prefix (cursor, "page:"));
      /* Only the last page may be short. */
      g_assert_cmpuint (page->participants->len, ==, 500);
    }

  g_assert_true (g_str_has_prefix (cursor, "done:"));
  *final_cursor = g_steal_pointer (&cursor);
  return all;
}

static guint
tree_depth (GListModel *nodes,
            gint64     *leaf_sold,
            guint      *n_leaves)
{
  guint depth = 0;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr (GuichetTicketCategory) node = g_list_model_get_item (nodes, i);
      GListModel *children = guichet_ticket_category_get_children (node);
      guint       d;

      if (guichet_ticket_category_get_kind (node) == GUICHET_CATEGORY_KIND_TICKET)
        {
          g_assert_cmpuint (g_list_model_get_n_items (children), ==, 0);
          *leaf_sold += guichet_ticket_category_get_sold (node);
          (*n_leaves)++;
          d = 1;
        }
      else
        {
          gint64 sold = 0;
          guint  leaves = 0;

          /* A category holds something, and its figures are its children's. */
          g_assert_cmpuint (g_list_model_get_n_items (children), >, 0);
          d = 1 + tree_depth (children, &sold, &leaves);
          g_assert_cmpint (guichet_ticket_category_get_sold (node), ==, sold);
          *leaf_sold += sold;
          *n_leaves += leaves;
        }
      depth = MAX (depth, d);
    }

  return depth;
}

static gboolean
is_numeric (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static void
test_registry (void)
{
  const char * const   *kinds = guichet_providers_get_kinds ();
  GuichetProviderClass *klass;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GuichetProvider) provider = NULL;

  g_assert_true (g_strv_contains (kinds, "demo"));
  g_assert_cmpuint (guichet_providers_lookup ("demo"), ==, GUICHET_TYPE_DEMO_PROVIDER);
  g_assert_cmpuint (guichet_providers_lookup ("no-such-box-office"), ==, G_TYPE_INVALID);
  g_assert_cmpuint (guichet_providers_lookup (NULL), ==, G_TYPE_INVALID);
  g_assert_null (guichet_providers_get_class ("no-such-box-office"));

  klass = guichet_providers_get_class ("demo");
  g_assert_nonnull (klass);
  g_assert_cmpstr (klass->kind, ==, "demo");
  g_assert_cmpstr (klass->display_name, ==, "Demo box office");
  g_assert_null (klass->login_field);
  g_assert_nonnull (klass->credentials);
  g_assert_null (klass->credentials[0].name);
  /* the demo can do everything: every flag of the enum, whatever it grows to */
  {
    g_autoptr (GFlagsClass) flags = g_type_class_ref (GUICHET_TYPE_PROVIDER_CAPABILITIES);
    guint all = 0;

    for (guint i = 0; i < flags->n_values; i++)
      all |= flags->values[i].value;
    g_assert_cmphex (klass->capabilities, ==, all);
  }

  /* Every registered kind creates its own class. */
  for (guint i = 0; kinds[i] != NULL; i++)
    g_assert_cmpstr (guichet_providers_get_class (kinds[i])->kind, ==, kinds[i]);

  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", "x", "provider", "no-such-box-office", "name",
                          "X", NULL);
  provider = guichet_providers_create (account, NULL, &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  g_assert_null (provider);
}

static void
test_sign_in (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) secrets = NULL;

  g_assert_cmpstr (guichet_provider_get_kind (provider), ==, "demo");
  g_assert_true (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC |
                                                   GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN |
                                                   GUICHET_PROVIDER_CAN_DISCOUNTS));

  guichet_provider_sign_in_async (provider, credentials, NULL, got_result, &result);
  g_assert_null (result);
  secrets = guichet_provider_sign_in_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
  g_assert_cmpuint (g_hash_table_size (secrets), ==, 0);
}

static void
test_register_desk (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  guint refresh = 0;

  guichet_provider_register_desk_async (provider, "Gate 2", NULL, got_result, &result);
  g_assert_true (
    guichet_provider_register_desk_finish (provider, wait_for_result (&result), &refresh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refresh, >, 0);
  g_assert_cmpstr (guichet_demo_provider_get_desk_name (GUICHET_DEMO_PROVIDER (provider)), ==,
                   "Gate 2");
}

static void
test_events_and_dates (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GPtrArray) events = list_events (provider);
  guint multi = 0;

  g_assert_cmpuint (events->len, ==, 3);
  for (guint i = 0; i < events->len; i++)
    {
      GuichetEvent *event = g_ptr_array_index (events, i);

      g_assert_nonnull (guichet_event_get_id (event));
      g_assert_nonnull (guichet_event_get_name (event));
      g_assert_nonnull (guichet_event_get_start (event));
      g_assert_nonnull (guichet_event_get_venue (event));
      g_assert_cmpstr (guichet_event_get_account_id (event), ==, "demo-account");

      if (guichet_event_get_multiple_dates (event))
        {
          g_autoptr (GAsyncResult) result = NULL;
          g_autoptr (GError) error = NULL;
          g_autoptr (GPtrArray) dates = NULL;

          multi++;
          guichet_provider_list_dates_async (provider, guichet_event_get_id (event), NULL,
                                             got_result, &result);
          dates = guichet_provider_list_dates_finish (provider, wait_for_result (&result), &error);
          g_assert_no_error (error);
          g_assert_cmpuint (dates->len, ==, 3);
          for (guint j = 0; j < dates->len; j++)
            {
              GuichetEventDate *date = g_ptr_array_index (dates, j);

              g_assert_cmpstr (guichet_event_date_get_event_id (date), ==,
                               guichet_event_get_id (event));
              g_assert_nonnull (guichet_event_date_get_ticket_ids (date));
              g_assert_nonnull (guichet_event_date_get_ticket_ids (date)[0]);
            }
        }
    }
  g_assert_cmpuint (multi, ==, 1);
}

static void
test_categories (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GPtrArray) events = list_events (provider);
  guint max_depth = 0;

  for (guint i = 0; i < events->len; i++)
    {
      GuichetEvent *event = g_ptr_array_index (events, i);
      g_autoptr (GPtrArray) roots = list_categories (provider, guichet_event_get_id (event));
      g_autoptr (GListStore) store = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
      g_autoptr (GPtrArray) participants = NULL;
      g_autofree char *cursor = NULL;
      gint64           sold = 0, valid = 0;
      guint            leaves = 0, depth;

      g_assert_cmpuint (roots->len, >, 0);
      g_list_store_splice (store, 0, 0, roots->pdata, roots->len);
      depth = tree_depth (G_LIST_MODEL (store), &sold, &leaves);
      max_depth = MAX (max_depth, depth);
      g_assert_cmpuint (leaves, >=, 2);

      /* The tickets' "sold" figures match the valid participants. */
      participants = fetch_all (provider, guichet_event_get_id (event), &cursor);
      for (guint j = 0; j < participants->len; j++)
        if (guichet_participant_get_status (g_ptr_array_index (participants, j)) ==
            GUICHET_PARTICIPANT_STATUS_VALID)
          valid++;
      g_assert_cmpint (sold, ==, valid);
    }

  /* category > sub-category > ticket */
  g_assert_cmpuint (max_depth, >=, 3);
}

static void
test_participants (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GPtrArray) events = list_events (provider);
  guint counts[GUICHET_PARTICIPANT_STATUS_DELETED + 1] = {
    0,
  };
  guint total = 0, checked_in = 0, accented = 0, with_answers = 0, with_date = 0;

  for (guint i = 0; i < events->len; i++)
    {
      GuichetEvent *event = g_ptr_array_index (events, i);
      const char   *event_id = guichet_event_get_id (event);
      g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GHashTable) barcodes = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GPtrArray) participants = NULL;
      g_autoptr (GuichetParticipantPage) again = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *cursor = NULL;

      participants = fetch_all (provider, event_id, &cursor);
      g_assert_cmpint (participants->len, ==, guichet_event_get_participant_count (event));
      total += participants->len;

      for (guint j = 0; j < participants->len; j++)
        {
          GuichetParticipant *p = g_ptr_array_index (participants, j);
          const char         *barcode = guichet_participant_get_barcode (p);
          const char         *first = guichet_participant_get_first_name (p);
          const char         *last = guichet_participant_get_last_name (p);

          /* Each participant exactly once; barcodes unique in the event. */
          g_assert_true (g_hash_table_add (ids, (gpointer) guichet_participant_get_id (p)));
          g_assert_nonnull (barcode);
          g_assert_true (g_hash_table_add (barcodes, (gpointer) barcode));
          g_assert_cmpuint (strlen (barcode), >=, 8);
          g_assert_cmpuint (strlen (barcode), <=, 13);
          g_assert_true (is_numeric (barcode));

          g_assert_cmpstr (guichet_participant_get_event_id (p), ==, event_id);
          g_assert_true (g_utf8_validate (first, -1, NULL));
          g_assert_true (g_utf8_validate (last, -1, NULL));
          g_assert_nonnull (strchr (guichet_participant_get_email (p), '@'));
          g_assert_nonnull (guichet_participant_get_ticket_type_id (p));
          g_assert_nonnull (guichet_participant_get_order_id (p));

          if (!g_str_is_ascii (first) || !g_str_is_ascii (last))
            accented++;
          if (guichet_participant_get_answers (p) != NULL)
            with_answers++;

          if (guichet_participant_get_date_id (p) != NULL)
            {
              g_assert_true (guichet_event_get_multiple_dates (event));
              g_assert_true (g_str_has_prefix (guichet_participant_get_date_id (p), event_id));
              with_date++;
            }

          counts[guichet_participant_get_status (p)]++;
          if (guichet_participant_get_checked_in (p))
            {
              /* Only valid tickets get scanned in. */
              g_assert_cmpint (guichet_participant_get_status (p), ==,
                               GUICHET_PARTICIPANT_STATUS_VALID);
              g_assert_nonnull (guichet_participant_get_checked_in_at (p));
              checked_in++;
            }
        }

      /* Nothing changed: the next run from the final cursor is empty. */
      again = fetch_page (provider, event_id, cursor, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (again->participants->len, ==, 0);
      g_assert_false (again->more);
      g_assert_false (again->full);
    }

  g_assert_cmpuint (total, >=, 1800);
  g_assert_cmpuint (total, <=, 2200);
  for (guint s = 0; s < G_N_ELEMENTS (counts); s++)
    g_assert_cmpuint (counts[s], >, 0);
  g_assert_cmpuint (counts[GUICHET_PARTICIPANT_STATUS_VALID], >, total * 8 / 10);
  g_assert_cmpuint (checked_in, >, 0);
  g_assert_cmpuint (checked_in, <, total / 4);
  g_assert_cmpuint (accented, >, total / 10);
  g_assert_cmpuint (with_answers, >, 0);
  g_assert_cmpuint (with_date, >, 0);
}

static void
test_deterministic (void)
{
  g_autoptr (GuichetProvider) a = new_demo_provider ();
  g_autoptr (GuichetProvider) b = new_demo_provider ();
  g_autoptr (GuichetParticipantPage) page_a = NULL;
  g_autoptr (GuichetParticipantPage) page_b = NULL;
  g_autoptr (GError) error = NULL;

  page_a = fetch_page (a, "demo-concert", NULL, &error);
  g_assert_no_error (error);
  page_b = fetch_page (b, "demo-concert", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (page_a->participants->len, ==, page_b->participants->len);
  for (guint i = 0; i < page_a->participants->len; i++)
    {
      GuichetParticipant *pa = g_ptr_array_index (page_a->participants, i);
      GuichetParticipant *pb = g_ptr_array_index (page_b->participants, i);

      g_assert_cmpstr (guichet_participant_get_barcode (pa), ==,
                       guichet_participant_get_barcode (pb));
      g_assert_cmpstr (guichet_participant_get_last_name (pa), ==,
                       guichet_participant_get_last_name (pb));
      g_assert_cmpint (guichet_participant_get_status (pa), ==,
                       guichet_participant_get_status (pb));
    }
}

static void
test_check_in_is_incremental (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GPtrArray) participants = NULL;
  g_autoptr (GuichetCheckIn) check_in = NULL;
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GuichetParticipantPage) empty = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char    *cursor = NULL;
  GuichetParticipant *target = NULL;
  GuichetParticipant *changed;

  participants = fetch_all (provider, "demo-conference", &cursor);
  for (guint i = 0; i < participants->len && target == NULL; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);

      if (guichet_participant_get_status (p) == GUICHET_PARTICIPANT_STATUS_VALID &&
          !guichet_participant_get_checked_in (p))
        target = p;
    }
  g_assert_nonnull (target);

  check_in =
    g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", "demo-account", "event-id",
                  "demo-conference", "code", guichet_participant_get_barcode (target),
                  "participant-id", guichet_participant_get_id (target), "time", g_get_real_time (),
                  "direction", GUICHET_DIRECTION_IN, "verdict", GUICHET_VERDICT_ADMITTED, NULL);
  guichet_provider_check_in_async (provider, check_in, NULL, got_result, &result);
  g_assert_null (result);
  g_assert_true (guichet_provider_check_in_finish (provider, wait_for_result (&result), &error));
  g_assert_no_error (error);

  /* The objects handed out earlier are copies: unchanged. */
  g_assert_false (guichet_participant_get_checked_in (target));

  /* The incremental run now brings exactly that participant, checked in. */
  page = fetch_page (provider, "demo-conference", cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->participants->len, ==, 1);
  changed = g_ptr_array_index (page->participants, 0);
  g_assert_cmpstr (guichet_participant_get_id (changed), ==, guichet_participant_get_id (target));
  g_assert_true (guichet_participant_get_checked_in (changed));
  g_assert_false (page->more);
  g_assert_cmpstr (page->cursor, !=, cursor);

  empty = fetch_page (provider, "demo-conference", page->cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->participants->len, ==, 0);
}

static void
test_answers_stats_and_more (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GPtrArray) participants = NULL;
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;
  g_autoptr (GAsyncResult) r3 = NULL;
  g_autoptr (GAsyncResult) r4 = NULL;
  g_autoptr (GAsyncResult) r5 = NULL;
  g_autoptr (GAsyncResult) r6 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GPtrArray) discounts = NULL;
  g_autoptr (GPtrArray) vouchers = NULL;
  g_autoptr (GPtrArray) orders = NULL;
  g_autoptr (GuichetParticipantPage) missing = NULL;
  g_autofree char    *answers = NULL;
  g_autofree char    *cursor = NULL;
  GuichetParticipant *first;
  GuichetTicketStats  stats = {
    0,
  };
  gint64     valid = 0, scanned = 0;
  JsonArray *array;

  participants = fetch_all (provider, "demo-festival", &cursor);
  first = g_ptr_array_index (participants, 0);

  guichet_provider_get_answers_async (provider, guichet_participant_get_id (first), NULL,
                                      got_result, &r1);
  answers = guichet_provider_get_answers_finish (provider, wait_for_result (&r1), &error);
  g_assert_no_error (error);
  node = json_from_string (answers, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  g_assert_nonnull (
    json_object_get_string_member (json_array_get_object_element (array, 0), "label"));
  g_assert_nonnull (
    json_object_get_string_member (json_array_get_object_element (array, 0), "value"));

  for (guint i = 0; i < participants->len; i++)
    {
      GuichetParticipant *p = g_ptr_array_index (participants, i);

      if (g_strcmp0 (guichet_participant_get_ticket_type_id (p), "fest-t-pass3") == 0 &&
          guichet_participant_get_status (p) == GUICHET_PARTICIPANT_STATUS_VALID)
        {
          valid++;
          if (guichet_participant_get_checked_in (p))
            scanned++;
        }
    }
  guichet_provider_ticket_stats_async (provider, "fest-t-pass3", NULL, NULL, got_result, &r2);
  g_assert_true (
    guichet_provider_ticket_stats_finish (provider, wait_for_result (&r2), &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.total, ==, valid);
  g_assert_cmpint (stats.scanned, ==, scanned);

  guichet_provider_list_discounts_async (provider, NULL, NULL, got_result, &r3);
  discounts = guichet_provider_list_discounts_finish (provider, wait_for_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (discounts->len, >, 0);

  guichet_provider_list_vouchers_async (provider, NULL, got_result, &r4);
  vouchers = guichet_provider_list_vouchers_finish (provider, wait_for_result (&r4), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vouchers->len, >, 0);

  guichet_provider_list_orders_async (provider, "demo-festival", NULL, got_result, &r5);
  orders = guichet_provider_list_orders_finish (provider, wait_for_result (&r5), &error);
  g_assert_no_error (error);
  /* Orders of one to four tickets. */
  g_assert_cmpuint (orders->len, >=, participants->len / 4);
  g_assert_cmpuint (orders->len, <=, participants->len);

  guichet_provider_fetch_participants_async (provider, "no-such-event", NULL, NULL, got_result,
                                             &r6);
  missing = guichet_provider_fetch_participants_finish (provider, wait_for_result (&r6), &error);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_writes (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  g_autoptr (GuichetDiscount) draft =
    g_object_new (GUICHET_TYPE_DISCOUNT, "code", "SPRING", "name", "Spring", NULL);
  g_autoptr (GuichetDiscount) no_code =
    g_object_new (GUICHET_TYPE_DISCOUNT, "name", "Nameless", NULL);
  g_autoptr (GuichetDiscount) created = NULL;
  g_autoptr (GuichetDiscount) fetched = NULL;
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GuichetParticipant) issued = NULL;
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GPtrArray) participants = NULL;
  g_autoptr (GPtrArray) discounts = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;
  const char   *ticket_type;

  /* a discount: created under a new id, read back, listed, deleted */
  guichet_provider_create_discount_async (provider, draft, NULL, got_result, &result);
  created = guichet_provider_create_discount_finish (provider, wait_for_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (guichet_discount_get_id (created));
  g_assert_cmpstr (guichet_discount_get_code (created), ==, "SPRING");

  guichet_provider_get_discount_async (provider, guichet_discount_get_id (created), NULL,
                                       got_result, &result);
  fetched = guichet_provider_get_discount_finish (provider, wait_for_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_discount_get_name (fetched), ==, "Spring");

  /* found by its code, typed in any case, and alone */
  guichet_provider_list_discounts_async (provider, "spring", NULL, got_result, &result);
  discounts = guichet_provider_list_discounts_finish (provider, wait_for_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (discounts->len, ==, 1);
  g_assert_cmpstr (guichet_discount_get_id (g_ptr_array_index (discounts, 0)), ==,
                   guichet_discount_get_id (created));
  g_clear_pointer (&discounts, g_ptr_array_unref);

  guichet_provider_delete_discount_async (provider, guichet_discount_get_id (created), NULL,
                                          got_result, &result);
  g_assert_true (
    guichet_provider_delete_discount_finish (provider, wait_for_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  guichet_provider_list_discounts_async (provider, NULL, NULL, got_result, &result);
  discounts = guichet_provider_list_discounts_finish (provider, wait_for_result (&result), &error);
  g_clear_object (&result);
  for (guint i = 0; i < discounts->len; i++)
    g_assert_cmpstr (guichet_discount_get_id (g_ptr_array_index (discounts, i)), !=,
                     guichet_discount_get_id (created));

  /* a refused field says which */
  guichet_provider_create_discount_async (provider, no_code, NULL, got_result, &result);
  g_assert_null (
    guichet_provider_create_discount_finish (provider, wait_for_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_nonnull (guichet_error_get_field_messages (error, "code"));
  g_clear_error (&error);

  /* an issued ticket comes with the next incremental sync, and so does its voiding */
  participants = fetch_all (provider, "demo-conference", &cursor);
  ticket_type = guichet_participant_get_ticket_type_id (g_ptr_array_index (participants, 0));
  holder->first_name = g_strdup ("Grace");
  holder->last_name = g_strdup ("Hopper");
  guichet_provider_issue_ticket_async (provider, "demo-conference", ticket_type, holder, NULL,
                                       got_result, &result);
  issued = guichet_provider_issue_ticket_finish (provider, wait_for_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_participant_get_last_name (issued), ==, "Hopper");
  g_assert_nonnull (guichet_participant_get_barcode (issued));

  guichet_provider_void_ticket_async (provider, guichet_participant_get_id (issued), NULL,
                                      got_result, &result);
  g_assert_true (guichet_provider_void_ticket_finish (provider, wait_for_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  page = fetch_page (provider, "demo-conference", cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->participants->len, ==, 1);
  g_assert_cmpstr (guichet_participant_get_id (g_ptr_array_index (page->participants, 0)), ==,
                   guichet_participant_get_id (issued));
  g_assert_cmpint (guichet_participant_get_status (g_ptr_array_index (page->participants, 0)), ==,
                   GUICHET_PARTICIPANT_STATUS_VOIDED);
}

/* Vouchers keep their codes; a voided code stays listed, void, and the
 * voucher counts one code fewer available. */
static void
test_voucher_codes (void)
{
  g_autoptr (GuichetProvider) provider = new_demo_provider ();
  const char *new_codes[] = { "SPRING-A", "SPRING-B", NULL };
  g_autoptr (GuichetVoucher) draft =
    g_object_new (GUICHET_TYPE_VOUCHER, "name", "Spring", "value", (gint64) 2500, "currency", "EUR",
                  "codes", new_codes, NULL);
  g_autoptr (GuichetVoucher) created = NULL;
  g_autoptr (GPtrArray) codes = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;
  g_autoptr (GAsyncResult) r3 = NULL;
  g_autoptr (GAsyncResult) r4 = NULL;
  g_autoptr (GAsyncResult) r5 = NULL;
  g_autoptr (GAsyncResult) r6 = NULL;
  g_autoptr (GError) error = NULL;
  GuichetVoucherCode *first;

  guichet_provider_list_voucher_codes_async (provider, "demo-vouch-1", NULL, got_result, &r1);
  codes = guichet_provider_list_voucher_codes_finish (provider, wait_for_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 25);
  first = g_ptr_array_index (codes, 0);
  g_assert_cmpstr (guichet_voucher_code_get_code (first), ==, "GIFT-001");
  g_assert_false (guichet_voucher_code_get_void (first));
  g_assert_cmpint (guichet_voucher_code_get_value_remaining (first), ==, 5000);

  guichet_provider_void_voucher_code_async (provider, "demo-vouch-1",
                                            guichet_voucher_code_get_id (first), NULL, got_result,
                                            &r2);
  g_assert_true (
    guichet_provider_void_voucher_code_finish (provider, wait_for_result (&r2), &error));
  g_assert_no_error (error);
  guichet_provider_list_voucher_codes_async (provider, "demo-vouch-1", NULL, got_result, &r3);
  again = guichet_provider_list_voucher_codes_finish (provider, wait_for_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 25);
  g_assert_true (guichet_voucher_code_get_void (g_ptr_array_index (again, 0)));
  g_assert_false (guichet_voucher_code_get_void (g_ptr_array_index (again, 1)));

  guichet_provider_void_voucher_code_async (provider, "demo-vouch-1", "no-such-code", NULL,
                                            got_result, &r4);
  g_assert_false (
    guichet_provider_void_voucher_code_finish (provider, wait_for_result (&r4), &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  guichet_provider_create_voucher_async (provider, draft, NULL, got_result, &r5);
  created = guichet_provider_create_voucher_finish (provider, wait_for_result (&r5), &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_voucher_get_code_count (created), ==, 2);
  g_assert_cmpint (guichet_voucher_get_available_codes (created), ==, 2);
  g_clear_pointer (&codes, g_ptr_array_unref);
  guichet_provider_list_voucher_codes_async (provider, guichet_voucher_get_id (created), NULL,
                                             got_result, &r6);
  codes = guichet_provider_list_voucher_codes_finish (provider, wait_for_result (&r6), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 2);
  g_assert_cmpstr (guichet_voucher_code_get_code (g_ptr_array_index (codes, 1)), ==, "SPRING-B");
  g_assert_cmpint (guichet_voucher_code_get_value_remaining (g_ptr_array_index (codes, 1)), ==,
                   2500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  guichet_test_add_private ("/demo-provider/registry", test_registry);
  guichet_test_add_private ("/demo-provider/sign-in", test_sign_in);
  guichet_test_add_private ("/demo-provider/register-desk", test_register_desk);
  guichet_test_add_private ("/demo-provider/events-and-dates", test_events_and_dates);
  guichet_test_add_private ("/demo-provider/categories", test_categories);
  guichet_test_add_private ("/demo-provider/participants", test_participants);
  guichet_test_add_private ("/demo-provider/deterministic", test_deterministic);
  guichet_test_add_private ("/demo-provider/check-in-is-incremental", test_check_in_is_incremental);
  guichet_test_add_private ("/demo-provider/answers-stats-and-more", test_answers_stats_and_more);
  guichet_test_add_private ("/demo-provider/writes", test_writes);
  guichet_test_add_private ("/demo-provider/voucher-codes", test_voucher_codes);

  return g_test_run ();
}
