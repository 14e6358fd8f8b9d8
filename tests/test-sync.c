/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-sync"

#include "config.h"

#include <string.h>

#include "guichet-providers.h"
#include "guichet-test-utils.h"

/* ---- A small paged provider, to drive failures and resumption ---- */

#define PAGED_EVENT "paged-ev"
#define PAGED_PAGE_SIZE 10
#define PAGED_N_PAGES 3

#define TEST_TYPE_PAGED_PROVIDER (test_paged_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestPagedProvider, test_paged_provider, TEST, PAGED_PROVIDER, GuichetProvider)

struct _TestPagedProvider
{
  GuichetProvider parent_instance;

  GPtrArray *requests;    /* the cursors asked for, "-" for NULL */
  char      *fail_at;     /* fail once when asked for this cursor */
  char      *omit;        /* a participant id left out of full runs */
  gboolean   incremental; /* FALSE: "end" starts a full run again */
  guint      page_size;
  guint      n_pages;
  gint64     participant_count; /* the event's, as listed (0: what it has) */
};

G_DEFINE_FINAL_TYPE (TestPagedProvider, test_paged_provider, GUICHET_TYPE_PROVIDER)

static const GuichetCredentialField paged_credentials[] = {
  { NULL, NULL, FALSE },
};

static void
paged_sign_in_async (GuichetProvider    *provider,
                     GHashTable         *credentials,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, g_hash_table_new (g_str_hash, g_str_equal),
                         (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
paged_sign_in_finish (GuichetProvider *provider,
                      GAsyncResult    *result,
                      GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
paged_list_events_async (GuichetProvider    *provider,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  TestPagedProvider *self = TEST_PAGED_PROVIDER (provider);
  g_autoptr (GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  gint64     count = self->participant_count > 0 ? self->participant_count
                                                 : (gint64) self->page_size * self->n_pages;

  g_ptr_array_add (events, g_object_new (GUICHET_TYPE_EVENT, "id", PAGED_EVENT, "name", "Paged",
                                         "participant-count", count, NULL));
  g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
paged_list_events_finish (GuichetProvider *provider,
                          GAsyncResult    *result,
                          GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
paged_fetch_participants_async (GuichetProvider    *provider,
                                const char         *event_id,
                                const char         *cursor,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  TestPagedProvider *self = TEST_PAGED_PROVIDER (provider);
  g_autoptr (GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autoptr (GuichetParticipantPage) page = guichet_participant_page_new ();
  guint64 number = 0;

  g_ptr_array_add (self->requests, g_strdup (cursor ? cursor : "-"));

  if (self->fail_at != NULL && g_strcmp0 (cursor, self->fail_at) == 0)
    {
      g_clear_pointer (&self->fail_at, g_free);
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_NETWORK,
                               "The test server hung up");
      return;
    }

  if (g_strcmp0 (cursor, "end") == 0 && self->incremental)
    {
      page->cursor = g_strdup ("end");
      page->more = FALSE;
      page->full = FALSE;
      g_task_return_pointer (task, g_steal_pointer (&page),
                             (GDestroyNotify) guichet_participant_page_free);
      return;
    }

  if (cursor != NULL && cursor[0] == 'p')
    g_assert_true (g_ascii_string_to_unsigned (cursor + 1, 10, 0, self->n_pages, &number, NULL));

  for (guint i = 0; i < self->page_size; i++)
    {
      guint            n = number * self->page_size + i;
      g_autofree char *id = g_strdup_printf ("t-%u", n);
      g_autofree char *barcode = g_strdup_printf ("CODE%04u", n);

      if (g_strcmp0 (id, self->omit) == 0)
        continue;

      g_ptr_array_add (page->participants,
                       g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", event_id,
                                     "barcode", barcode, "first-name", "Test", "last-name", id,
                                     NULL));
    }

  page->full = TRUE;
  page->more = number + 1 < self->n_pages;
  page->cursor = page->more ? g_strdup_printf ("p%u", (guint) number + 1) : g_strdup ("end");

  g_task_return_pointer (task, g_steal_pointer (&page),
                         (GDestroyNotify) guichet_participant_page_free);
}

static GuichetParticipantPage *
paged_fetch_participants_finish (GuichetProvider *provider,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_paged_provider_finalize (GObject *object)
{
  TestPagedProvider *self = TEST_PAGED_PROVIDER (object);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->fail_at, g_free);
  g_clear_pointer (&self->omit, g_free);

  G_OBJECT_CLASS (test_paged_provider_parent_class)->finalize (object);
}

static void
test_paged_provider_class_init (TestPagedProviderClass *klass)
{
  GObjectClass         *object_class = G_OBJECT_CLASS (klass);
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  object_class->finalize = test_paged_provider_finalize;

  provider_class->kind = "test-paged";
  provider_class->display_name = "Paged test";
  provider_class->credentials = paged_credentials;
  provider_class->capabilities = GUICHET_PROVIDER_CAN_EVENTS | GUICHET_PROVIDER_CAN_PARTICIPANTS;
  provider_class->sign_in_async = paged_sign_in_async;
  provider_class->sign_in_finish = paged_sign_in_finish;
  provider_class->list_events_async = paged_list_events_async;
  provider_class->list_events_finish = paged_list_events_finish;
  provider_class->fetch_participants_async = paged_fetch_participants_async;
  provider_class->fetch_participants_finish = paged_fetch_participants_finish;
}

static void
test_paged_provider_init (TestPagedProvider *self)
{
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->incremental = TRUE;
  self->page_size = PAGED_PAGE_SIZE;
  self->n_pages = PAGED_N_PAGES;
}

/* ---- Helpers ---- */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (AsyncWait *wait)
{
  guichet_test_wait_until (&wait->done);
  wait->done = FALSE;
  return g_steal_pointer (&wait->result);
}

static gboolean
run_sync (GuichetSync  *sync,
          const char   *event_id,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  AsyncWait wait = { 0 };

  guichet_sync_run_async (sync, event_id, cancellable, on_ready, &wait);
  result = wait_result (&wait);
  return guichet_sync_run_finish (sync, result, error);
}

static GuichetAccount *
new_account (const char *id,
             const char *kind)
{
  return g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", kind, "name", "Sync test", NULL);
}

static GuichetStore *
new_store (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GError) error = NULL;
  GuichetStore *store = guichet_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* What the provider has, asked of it directly: event id -> participant count. */
static GHashTable *
count_provider_participants (GuichetProvider *provider,
                             GPtrArray      **events_out)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  AsyncWait wait = { 0 };

  guichet_provider_list_events_async (provider, NULL, on_ready, &wait);
  result = wait_result (&wait);
  events = guichet_provider_list_events_finish (provider, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  for (guint i = 0; i < events->len; i++)
    {
      const char      *event_id = guichet_event_get_id (g_ptr_array_index (events, i));
      g_autofree char *cursor = NULL;
      gint64           count = 0;
      gboolean         more = TRUE;

      while (more)
        {
          g_autoptr (GuichetParticipantPage) page = NULL;

          guichet_provider_fetch_participants_async (provider, event_id, cursor, NULL, on_ready,
                                                     &wait);
          result = wait_result (&wait);
          page = guichet_provider_fetch_participants_finish (provider, result, &error);
          g_assert_no_error (error);
          g_clear_object (&result);

          count += page->participants->len;
          more = page->more;
          g_free (cursor);
          cursor = g_strdup (page->cursor);
        }

      g_hash_table_insert (counts, g_strdup (event_id), GINT_TO_POINTER ((int) count));
    }

  *events_out = g_steal_pointer (&events);
  return g_steal_pointer (&counts);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
on_secrets_changed (GuichetProvider *provider,
                    gpointer         user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* ---- Tests with the demo provider ---- */

static void
test_sync_demo_full_then_incremental (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account = new_account ("acc-demo", "demo");
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GuichetProvider) counter = NULL;
  g_autoptr (GuichetSync) sync = NULL;
  g_autoptr (GHashTable) expected = NULL;
  g_autoptr (GPtrArray) provider_events = NULL;
  g_autoptr (GPtrArray) stored_events = NULL;
  g_autoptr (GError) error = NULL;
  guint  fraction_notes = 0, status_notes = 0, written_notes = 0;
  gint64 total = 0;

  provider = guichet_providers_create (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  /* A second provider of the same account, to count independently. */
  counter = guichet_providers_create (account, NULL, &error);
  g_assert_no_error (error);
  expected = count_provider_participants (counter, &provider_events);
  g_assert_cmpuint (provider_events->len, >, 0);

  sync = guichet_sync_new (store, provider);
  g_signal_connect (sync, "notify::fraction", G_CALLBACK (on_notify), &fraction_notes);
  g_signal_connect (sync, "notify::status", G_CALLBACK (on_notify), &status_notes);
  g_signal_connect (sync, "notify::participants-written", G_CALLBACK (on_notify), &written_notes);

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  stored_events = guichet_store_list_events (store, "acc-demo", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored_events->len, ==, provider_events->len);

  for (guint i = 0; i < provider_events->len; i++)
    {
      const char      *event_id = guichet_event_get_id (g_ptr_array_index (provider_events, i));
      gint64           want = GPOINTER_TO_INT (g_hash_table_lookup (expected, event_id));
      g_autofree char *cursor = NULL;

      g_assert_cmpint (want, >, 0);
      g_assert_cmpint (guichet_store_count_participants (store, "acc-demo", event_id, &error), ==,
                       want);
      g_assert_no_error (error);
      total += want;

      /* The cursor for the next (incremental) run is stored. */
      cursor = guichet_store_get_cursor (store, "acc-demo", event_id);
      g_assert_nonnull (cursor);
      g_assert_true (g_str_has_prefix (cursor, "done:"));
    }

  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, total);
  g_assert_cmpfloat (guichet_sync_get_fraction (sync), ==, 1.0);
  g_assert_null (guichet_sync_get_status (sync));
  g_assert_false (guichet_sync_get_running (sync));
  g_assert_cmpuint (fraction_notes, >, 2);
  g_assert_cmpuint (status_notes, >, 2);
  g_assert_cmpuint (written_notes, >, 1);

  /* The second run continues from the cursors: nothing changed, nothing
   * written, no duplicates. */
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, 0);

  for (guint i = 0; i < provider_events->len; i++)
    {
      const char *event_id = guichet_event_get_id (g_ptr_array_index (provider_events, i));
      gint64      want = GPOINTER_TO_INT (g_hash_table_lookup (expected, event_id));

      g_assert_cmpint (guichet_store_count_participants (store, "acc-demo", event_id, &error), ==,
                       want);
      g_assert_no_error (error);
    }

  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_sync_demo_one_event (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account = new_account ("acc-one", "demo");
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GuichetSync) sync = NULL;
  g_autoptr (GHashTable) expected = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) dates = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GError) error = NULL;
  const char *chosen;

  provider = guichet_providers_create (account, NULL, &error);
  g_assert_no_error (error);
  expected = count_provider_participants (provider, &events);
  g_assert_cmpuint (events->len, >=, 2);
  chosen = guichet_event_get_id (g_ptr_array_index (events, 1));

  sync = guichet_sync_new (store, provider);
  g_assert_true (run_sync (sync, chosen, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (guichet_store_count_participants (store, "acc-one", chosen, &error), ==,
                   GPOINTER_TO_INT (g_hash_table_lookup (expected, chosen)));
  g_assert_cmpint (guichet_store_count_participants (store, "acc-one",
                                                     guichet_event_get_id (
                                                       g_ptr_array_index (events, 0)),
                                                     &error),
                   ==, 0);

  /* Its categories came along (the demo has trees). */
  categories = guichet_store_list_categories (store, "acc-one", chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, >, 0);

  /* An event the account does not have. */
  g_assert_false (run_sync (sync, "no-such-event", NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND);
  g_assert_false (guichet_sync_get_running (sync));
}

static void
test_sync_demo_cancelled (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (GuichetAccount) account = new_account ("acc-cancel", "demo");
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GuichetSync) sync = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  provider = guichet_providers_create (account, NULL, &error);
  g_assert_no_error (error);
  sync = guichet_sync_new (store, provider);

  g_cancellable_cancel (cancellable);
  g_assert_false (run_sync (sync, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (guichet_sync_get_running (sync));
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, 0);
}

/* ---- Tests with the paged test provider ---- */

static TestPagedProvider *
new_paged_provider (const char *account_id)
{
  g_autoptr (GuichetAccount) account = new_account (account_id, "test-paged");

  return g_object_new (TEST_TYPE_PAGED_PROVIDER, "account", account, NULL);
}

static char *
join_requests (TestPagedProvider *provider)
{
  g_ptr_array_add (provider->requests, NULL);
  char *joined = g_strjoinv (",", (char **) provider->requests->pdata);
  g_ptr_array_set_size (provider->requests, 0);

  return joined;
}

static void
test_sync_resumes_after_failure (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-paged");
  g_autoptr (GuichetSync) sync = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *requests = NULL;

  /* The third page fails: the first two stay written, with their cursor. */
  provider->fail_at = g_strdup ("p2");
  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (guichet_sync_get_running (sync));

  g_assert_cmpint (guichet_store_count_participants (store, "acc-paged", PAGED_EVENT, &error), ==,
                   2 * PAGED_PAGE_SIZE);
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, 2 * PAGED_PAGE_SIZE);
  cursor = guichet_store_get_cursor (store, "acc-paged", PAGED_EVENT);
  g_assert_cmpstr (cursor, ==, "p2");
  requests = join_requests (provider);
  g_assert_cmpstr (requests, ==, "-,p1,p2");
  g_clear_pointer (&requests, g_free);
  g_clear_pointer (&cursor, g_free);

  /* The next run resumes where it stopped. */
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  requests = join_requests (provider);
  g_assert_cmpstr (requests, ==, "p2");
  g_clear_pointer (&requests, g_free);
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, PAGED_PAGE_SIZE);
  g_assert_cmpint (guichet_store_count_participants (store, "acc-paged", PAGED_EVENT, &error), ==,
                   PAGED_N_PAGES * PAGED_PAGE_SIZE);
  cursor = guichet_store_get_cursor (store, "acc-paged", PAGED_EVENT);
  g_assert_cmpstr (cursor, ==, "end");

  /* And then it is incremental. */
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  requests = join_requests (provider);
  g_assert_cmpstr (requests, ==, "end");
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==, 0);
}

static void
on_written (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  gint64 written = guichet_sync_get_participants_written (GUICHET_SYNC (object));

  g_array_append_val ((GArray *) user_data, written);
}

/* The rows of each transaction of a run, from its "participants-written" */
static GArray *
run_transactions (GuichetSync *sync)
{
  g_autoptr (GArray) totals = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  gulong handler =
    g_signal_connect (sync, "notify::participants-written", G_CALLBACK (on_written), totals);

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (sync, handler);

  for (guint i = 0; i < totals->len; i++)
    {
      gint64 before = i > 0 ? g_array_index (totals, gint64, i - 1) : 0;
      gint64 written = g_array_index (totals, gint64, i) - before;

      if (written > 0)
        g_array_append_val (rows, written);
    }
  return rows;
}

/* A large event's pages go in transactions of a share of the event (the
 * writer waits for them), a small one's as they come. */
static void
test_sync_transactions_grow_with_event (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) large = new_paged_provider ("acc-large");
  g_autoptr (TestPagedProvider) small = new_paged_provider ("acc-small");
  g_autoptr (GuichetSync) large_sync = guichet_sync_new (store, GUICHET_PROVIDER (large));
  g_autoptr (GuichetSync) small_sync = guichet_sync_new (store, GUICHET_PROVIDER (small));
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  guint  batch;
  gint64 total = 0;

  g_assert_cmpuint (guichet_sync_rows_per_transaction (0), ==, 1);
  g_assert_cmpuint (guichet_sync_rows_per_transaction (-5), ==, 1);
  g_assert_cmpuint (guichet_sync_rows_per_transaction (100000), ==, 781);
  g_assert_cmpuint (guichet_sync_rows_per_transaction (1000000), ==, 7812);

  /* Listed as large, so that a transaction is 35 rows: 4 pages of 10.
   * The provider answers each fetch at once, so without the wait the
   * writer would take the first page alone. */
  large->page_size = 10;
  large->n_pages = 20;
  large->participant_count = 35 * 128;
  batch = guichet_sync_rows_per_transaction (large->participant_count);
  g_assert_cmpuint (batch, ==, 35);
  rows = run_transactions (large_sync);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 n = g_array_index (rows, gint64, i);

      g_test_message ("transaction %u: %" G_GINT64_FORMAT " rows", i, n);
      /* Whole pages; only the last one may be short */
      g_assert_cmpint (n % 10, ==, 0);
      if (i + 1 < rows->len)
        g_assert_cmpint (n, >=, batch);
      total += n;
    }
  g_assert_cmpint (total, ==, 200);
  g_assert_cmpuint (rows->len, <=, 200 / 40 + 1);
  g_assert_cmpint (guichet_store_count_participants (store, "acc-large", PAGED_EVENT, &error), ==,
                   200);
  g_clear_pointer (&rows, g_array_unref);

  /* A small event: the first page is written as soon as it comes. */
  small->page_size = 10;
  small->n_pages = 20;
  rows = run_transactions (small_sync);
  g_assert_cmpuint (rows->len, >=, 2);
  g_assert_cmpint (g_array_index (rows, gint64, 0), ==, 10);
  g_assert_cmpint (guichet_store_count_participants (store, "acc-small", PAGED_EVENT, &error), ==,
                   200);
}

static gint64
store_schema_int (GuichetStore *store,
                  const char   *sql)
{
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;

  g_object_get (store, "path", &path, NULL);
  value = guichet_test_query_text (path, sql);
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

#define COUNT_ORDER_INDEXES                                                                        \
  "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"                                        \
  " AND name IN ('participants_event_sort', 'participants_event_email')"

/* A large event's first run fails: the store had dropped the list's
 * orders for its first rows (guichet-store-participants.c); they are
 * built again when the run stops, not left for the next run's end. */
static void
test_sync_failed_first_fill_keeps_orders (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-fill");
  g_autoptr (GuichetSync) sync = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  g_autoptr (GError) error = NULL;
  gint64 schema = store_schema_int (store, "PRAGMA schema_version");
  gint64 deadline;

  g_assert_cmpint (store_schema_int (store, COUNT_ORDER_INDEXES), ==, 2);
  provider->page_size = 6000;
  provider->fail_at = g_strdup ("p2");
  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (guichet_store_count_participants (store, "acc-fill", PAGED_EVENT, &error), ==,
                   12000);

  /* In the store's worker; the sync does not wait for it */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (store_schema_int (store, COUNT_ORDER_INDEXES) != 2 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (store_schema_int (store, COUNT_ORDER_INDEXES), ==, 2);
  /* Dropped, then built: the schema changed four times */
  g_assert_cmpint (store_schema_int (store, "PRAGMA schema_version"), ==, schema + 4);
}

static void
test_sync_full_run_marks_missing_deleted (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-full");
  g_autoptr (GuichetSync) sync = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  g_autoptr (GuichetParticipant) gone = NULL;
  g_autoptr (GuichetParticipant) kept = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A second full run no longer lists t-15: it is marked deleted, not removed. */
  provider->omit = g_strdup ("t-15");
  provider->incremental = FALSE;
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (guichet_sync_get_participants_written (sync), ==,
                   PAGED_N_PAGES * PAGED_PAGE_SIZE - 1);

  gone = guichet_store_find_participant (store, "acc-full", PAGED_EVENT, "t-15", &error);
  g_assert_no_error (error);
  g_assert_nonnull (gone);
  g_assert_cmpint (guichet_participant_get_status (gone), ==, GUICHET_PARTICIPANT_STATUS_DELETED);

  kept = guichet_store_find_participant (store, "acc-full", PAGED_EVENT, "t-16", &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_participant_get_status (kept), ==, GUICHET_PARTICIPANT_STATUS_VALID);
}

/* A full run killed after two pages and resumed keeps its generation: the
 * participants of the first two pages are not taken for deleted ones. */
static void
test_sync_resumed_full_run_keeps_generation (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-resume-full");
  g_autoptr (GuichetSync) sync = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  g_autoptr (GError) error = NULL;
  g_autofree char *requests = NULL;
  gint64           generation;

  provider->fail_at = g_strdup ("p2");
  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NETWORK);
  g_clear_error (&error);
  generation = guichet_store_get_run_generation (store, "acc-resume-full", PAGED_EVENT);
  g_assert_cmpint (generation, !=, 0);

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  requests = join_requests (provider);
  g_assert_cmpstr (requests, ==, "-,p1,p2,p2");
  /* The run is over: the next one gets a generation of its own. */
  g_assert_cmpint (guichet_store_get_run_generation (store, "acc-resume-full", PAGED_EVENT), ==, 0);

  g_assert_cmpint (guichet_store_count_participants (store, "acc-resume-full", PAGED_EVENT, &error),
                   ==, PAGED_N_PAGES * PAGED_PAGE_SIZE);
  for (guint i = 0; i < PAGED_N_PAGES * PAGED_PAGE_SIZE; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%u", i);
      g_autoptr (GuichetParticipant) participant = NULL;

      participant =
        guichet_store_find_participant (store, "acc-resume-full", PAGED_EVENT, id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (participant);
      g_assert_cmpint (guichet_participant_get_status (participant), ==,
                       GUICHET_PARTICIPANT_STATUS_VALID);
    }
}

static void
test_sync_already_running (void)
{
  g_autoptr (GuichetStore) store = new_store ();
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-twice");
  g_autoptr (GuichetSync) sync = guichet_sync_new (store, GUICHET_PROVIDER (provider));
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GError) error = NULL;
  AsyncWait wait = { 0 };

  guichet_sync_run_async (sync, NULL, NULL, on_ready, &wait);
  g_assert_true (guichet_sync_get_running (sync));
  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_clear_error (&error);

  first = wait_result (&wait);
  g_assert_true (guichet_sync_run_finish (sync, first, &error));
  g_assert_no_error (error);
}

static void
test_provider_defaults (void)
{
  g_autoptr (TestPagedProvider) provider = new_paged_provider ("acc-defaults");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) vouchers = NULL;
  g_autoptr (GError) error = NULL;
  AsyncWait wait = { 0 };

  g_assert_cmpstr (guichet_provider_get_kind (GUICHET_PROVIDER (provider)), ==, "test-paged");
  g_assert_true (
    guichet_provider_can (GUICHET_PROVIDER (provider), GUICHET_PROVIDER_CAN_PARTICIPANTS));
  g_assert_false (
    guichet_provider_can (GUICHET_PROVIDER (provider), GUICHET_PROVIDER_CAN_VOUCHERS));
  g_assert_false (
    guichet_provider_can (GUICHET_PROVIDER (provider),
                          GUICHET_PROVIDER_CAN_PARTICIPANTS | GUICHET_PROVIDER_CAN_DATES));

  guichet_provider_list_vouchers_async (GUICHET_PROVIDER (provider), NULL, on_ready, &wait);
  result = wait_result (&wait);
  vouchers = guichet_provider_list_vouchers_finish (GUICHET_PROVIDER (provider), result, &error);
  g_assert_null (vouchers);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==, "Paged test cannot list vouchers.");

  /* Secrets: an empty table at first, then what was set. */
  g_assert_cmpuint (g_hash_table_size (guichet_provider_get_secrets (GUICHET_PROVIDER (provider))),
                    ==, 0);
  {
    g_autoptr (GHashTable) secrets =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    guint emitted = 0;

    g_hash_table_insert (secrets, g_strdup ("token"), g_strdup ("t0k"));
    guichet_provider_set_secrets (GUICHET_PROVIDER (provider), secrets);
    g_assert_cmpstr (guichet_provider_get_secret (GUICHET_PROVIDER (provider), "token"), ==, "t0k");
    g_signal_connect (provider, "secrets-changed", G_CALLBACK (on_secrets_changed), &emitted);
    guichet_provider_emit_secrets_changed (GUICHET_PROVIDER (provider));
    g_assert_cmpuint (emitted, ==, 1);
  }
}

static void
test_provider_base_url (void)
{
  g_autoptr (GuichetAccount) account = new_account ("acc-url", "test-paged");
  g_autoptr (TestPagedProvider) provider =
    g_object_new (TEST_TYPE_PAGED_PROVIDER, "account", account, NULL);
  guint notes = 0;

  g_assert_null (guichet_provider_get_base_url (GUICHET_PROVIDER (provider)));
  g_signal_connect (provider, "notify::base-url", G_CALLBACK (on_notify), &notes);
  g_object_set (account, "base-url", "http://127.0.0.1:1/api", NULL);
  g_assert_cmpstr (guichet_provider_get_base_url (GUICHET_PROVIDER (provider)), ==,
                   "http://127.0.0.1:1/api");
  g_assert_cmpuint (notes, ==, 1);
  g_assert_true (guichet_provider_get_account (GUICHET_PROVIDER (provider)) == account);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  guichet_test_add_private ("/provider/defaults", test_provider_defaults);
  guichet_test_add_private ("/provider/base-url", test_provider_base_url);
  guichet_test_add_private ("/sync/demo/full-then-incremental",
                            test_sync_demo_full_then_incremental);
  guichet_test_add_private ("/sync/demo/one-event", test_sync_demo_one_event);
  guichet_test_add_private ("/sync/demo/cancelled", test_sync_demo_cancelled);
  guichet_test_add_private ("/sync/resumes-after-failure", test_sync_resumes_after_failure);
  guichet_test_add_private ("/sync/full-run-marks-missing-deleted",
                            test_sync_full_run_marks_missing_deleted);
  guichet_test_add_private ("/sync/resumed-full-run-keeps-generation",
                            test_sync_resumed_full_run_keeps_generation);
  guichet_test_add_private ("/sync/already-running", test_sync_already_running);
  guichet_test_add_private ("/sync/transactions-grow-with-event",
                            test_sync_transactions_grow_with_event);
  guichet_test_add_private ("/sync/failed-first-fill-keeps-orders",
                            test_sync_failed_first_fill_keeps_orders);

  return g_test_run ();
}
