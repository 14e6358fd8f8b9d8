/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "conformance.h"
#include "guichet-http-client-private.h"
#include "guichet-providers.h"

/* The provider conformance suite: the same checks for every kind of the
 * provider table, each test named /conformance/<kind>/<check>. A kind plugs
 * in with a ConformanceKind (conformance.h says how). Every test runs on a
 * private GMainContext, against the kind's fake platform over loopback,
 * with the real keyring. */

static const ConformanceKind *kinds[] = {
  &conformance_weezevent,  &conformance_tickettailor, &conformance_goevent,
  &conformance_fourvenues, &conformance_oveit,        &conformance_demo,
};

typedef struct
{
  const ConformanceKind *kind;
  GMainContext          *context;
  gpointer               fake;
  GuichetFakeServer     *server;
  GuichetHttpClient     *client;
  GuichetAccount        *account;
  GuichetProvider       *provider;
  char                  *event_id;
  guint                  n_participants;
  guint                  before;
} Fixture;

/* ---- waiting on the private context ---- */

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (Fixture       *f,
          GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (f->context, TRUE);
  return *result;
}

static GHashTable *
credentials_table (const char * const *pairs)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_hash_table_insert (table, (gpointer) pairs[i], (gpointer) pairs[i + 1]);
  return table;
}

static GHashTable *
sign_in (Fixture            *f,
         const char * const *credentials,
         GError            **error)
{
  g_autoptr (GHashTable) table = credentials_table (credentials);
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_sign_in_async (f->provider, table, NULL, on_result, &result);
  return guichet_provider_sign_in_finish (f->provider, wait_for (f, &result), error);
}

static GuichetParticipantPage *
fetch_page (Fixture      *f,
            const char   *cursor,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_fetch_participants_async (f->provider, f->event_id, cursor, cancellable,
                                             on_result, &result);
  return guichet_provider_fetch_participants_finish (f->provider, wait_for (f, &result), error);
}

/* A whole run from @cursor: participant ids seen (id -> TRUE), the final
 * cursor in *out_cursor, pages in *n_pages, whether every page said full. */
static GHashTable *
fetch_run (Fixture    *f,
           const char *cursor,
           char      **out_cursor,
           guint      *n_pages,
           gboolean   *full)
{
  GHashTable      *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = g_strdup (cursor);
  gboolean         more = TRUE;

  *n_pages = 0;
  *full = TRUE;
  while (more)
    {
      g_autoptr (GuichetParticipantPage) page = NULL;
      g_autoptr (GError) error = NULL;

      page = fetch_page (f, next, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (page);
      (*n_pages)++;
      g_assert_cmpuint (*n_pages, <, 10000);
      *full = *full && page->full;
      for (guint i = 0; i < page->participants->len; i++)
        {
          GuichetParticipant *p = g_ptr_array_index (page->participants, i);

          g_assert_cmpstr (guichet_participant_get_event_id (p), ==, f->event_id);
          g_hash_table_add (ids, g_strdup (guichet_participant_get_id (p)));
        }
      g_free (next);
      next = g_strdup (page->cursor);
      more = page->more;
    }

  *out_cursor = g_steal_pointer (&next);
  return ids;
}

/* ---- the fake: a GuichetFakeServer, or the kind's own hooks ---- */

static guint
fake_count (Fixture    *f,
            const char *path)
{
  if (f->server != NULL)
    return guichet_fake_server_count_requests (f->server, NULL, path);
  return f->kind->count_requests (f->fake, path);
}

/* FALSE: the fake cannot fail this way */
static gboolean
fake_fault (Fixture         *f,
            GuichetFakeFault fault,
            guint            value,
            const char      *path,
            guint            count)
{
  if (f->server != NULL)
    {
      guichet_fake_server_add_fault (f->server, path, fault, value, count);
      return TRUE;
    }
  return f->kind->add_fault != NULL && f->kind->add_fault (f->fake, fault, path, count);
}

/* ---- fixture ---- */

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *account_id = NULL;
  const char      *base_url = NULL;

  f->kind = data;
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);

  if (f->kind->fake_new != NULL)
    {
      f->fake = f->kind->fake_new (&error);
      g_assert_no_error (error);
      if (f->kind->fake_get_server != NULL)
        {
          f->server = f->kind->fake_get_server (f->fake);
          base_url = guichet_fake_server_get_base_url (f->server);
        }
      else
        base_url = f->kind->get_base_url (f->fake);
    }
  f->kind->describe (f->fake, &f->event_id, &f->n_participants);

  account_id = g_strdup_printf ("conformance-%s-%u", f->kind->kind, g_random_int ());
  f->account =
    g_object_new (GUICHET_TYPE_ACCOUNT, "id", account_id, "provider", f->kind->kind, "name",
                  f->kind->kind, "base-url", base_url, "username", f->kind->username, NULL);
  f->client = guichet_http_client_new ();
  guichet_http_client_set_backoff_ms (f->client, 10);
  f->provider = guichet_providers_create (f->account, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_provider_get_kind (f->provider), ==, f->kind->kind);
  if (f->kind->configure != NULL)
    f->kind->configure (f->provider);

  secrets = sign_in (f, f->kind->credentials, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  guichet_secrets_clear_sync (guichet_account_get_id (f->account), NULL, &error);
  g_assert_no_error (error);

  guichet_test_assert_finalize (g_steal_pointer (&f->provider));
  guichet_test_assert_finalize (g_steal_pointer (&f->client));
  guichet_test_assert_finalize (g_steal_pointer (&f->account));
  if (f->fake != NULL)
    f->kind->fake_free (f->fake);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
  g_free (f->event_id);
}

static void skip_printf (const char *format,
                         ...) G_GNUC_PRINTF (1,
                                             2);

static void
skip_printf (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_skip (message);
}

static gboolean
needs_server (Fixture *f)
{
  if (f->fake != NULL)
    return TRUE;
  skip_printf ("%s has no server to refuse, limit or drop anything", f->kind->kind);
  return FALSE;
}

/* ---- checks ---- */

static void
test_sign_in (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GHashTable) stored = NULL;
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer       key, value;

  secrets = sign_in (f, f->kind->credentials, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);

  /* The provider signs with what it returned */
  g_assert_cmpuint (g_hash_table_size (secrets), ==,
                    g_hash_table_size (guichet_provider_get_secrets (f->provider)));
  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_cmpstr (value, !=, "");
      g_assert_cmpstr (guichet_provider_get_secret (f->provider, key), ==, value);
    }
  if (f->kind->not_kept != NULL)
    g_assert_false (g_hash_table_contains (secrets, f->kind->not_kept));

  /* ... and the keyring keeps exactly that, through the real secrets API */
  g_assert_true (guichet_secrets_store_sync (guichet_account_get_id (f->account), f->kind->kind,
                                             secrets, NULL, &error));
  g_assert_no_error (error);
  stored = guichet_secrets_lookup_sync (guichet_account_get_id (f->account), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (stored), ==, g_hash_table_size (secrets));
  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (stored, key), ==, value);
}

static void
test_sign_in_refused (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  guint before;

  if (!needs_server (f))
    return;

  before = fake_count (f, f->kind->login_pattern);
  secrets = sign_in (f, f->kind->bad_credentials, &error);
  g_assert_null (secrets);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  /* Refused once, asked once: a retried login earns bans */
  g_assert_cmpuint (fake_count (f, f->kind->login_pattern) - before, ==, 1);

  /* even when the platform says "too many requests" */
  g_clear_error (&error);
  before = fake_count (f, f->kind->login_pattern);
  g_assert_true (fake_fault (f, GUICHET_FAKE_FAULT_RATE_LIMIT, 1, f->kind->login_pattern, 1));
  g_assert_null (sign_in (f, f->kind->credentials, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fake_count (f, f->kind->login_pattern) - before, ==, 1);
}

static void
test_paging (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GHashTable) ids = NULL;
  g_autofree char *cursor = NULL;
  gboolean         full;
  guint            n_pages;
  guint            before = f->fake != NULL ? fake_count (f, f->kind->participants_pattern) : 0;

  if (!guichet_provider_can (f->provider, GUICHET_PROVIDER_CAN_PARTICIPANTS))
    {
      g_test_skip ("no participants to page through");
      return;
    }

  ids = fetch_run (f, NULL, &cursor, &n_pages, &full);
  /* every participant once, over more than one page (unless the platform
   * pages nothing), in a full run */
  g_assert_cmpuint (g_hash_table_size (ids), ==, f->n_participants);
  if (f->kind->one_page)
    g_assert_cmpuint (n_pages, ==, 1);
  else
    g_assert_cmpuint (n_pages, >, 1);
  g_assert_true (full);
  g_assert_nonnull (cursor);
  if (f->fake != NULL)
    g_assert_cmpuint (fake_count (f, f->kind->participants_pattern) - before, ==, n_pages);
}

static void
test_incremental (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GHashTable) first = NULL;
  g_autoptr (GHashTable) second = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autofree char *changed = NULL;
  gboolean         full;
  guint            n_pages;

  if (!guichet_provider_can (f->provider, GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC))
    {
      skip_printf ("%s cannot sync incrementally (capability off)", f->kind->kind);
      return;
    }

  first = fetch_run (f, NULL, &cursor, &n_pages, &full);
  g_assert_true (full);
  changed = f->kind->change (f->fake, f->provider);

  /* resumed from the stored cursor: only what changed, not a full run */
  second = fetch_run (f, cursor, &cursor2, &n_pages, &full);
  g_assert_false (full);
  g_assert_true (g_hash_table_contains (second, changed));
  g_assert_cmpuint (g_hash_table_size (second), <, g_hash_table_size (first));
}

static void
test_rate_limit (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GError) error = NULL;
  guint before;

  if (!needs_server (f))
    return;

  before = fake_count (f, f->kind->participants_pattern);
  g_assert_true (
    fake_fault (f, GUICHET_FAKE_FAULT_RATE_LIMIT, 1, f->kind->participants_pattern, 1));
  page = fetch_page (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpuint (page->participants->len, >, 0);
  /* asked twice, and waited what Retry-After said */
  g_assert_cmpuint (fake_count (f, f->kind->participants_pattern) - before, ==, 2);
  g_assert_cmpuint (_guichet_http_client_get_waited_ms (f->client), >=, 1000);
}

static void
test_session_refused (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;

  if (!needs_server (f))
    return;

  if (f->kind->revoke != NULL)
    f->kind->revoke (f->fake);
  else
    {
      /* the platform no longer knows these secrets */
      g_autoptr (GHashTable) wrong =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTableIter iter;
      gpointer       key, value;

      g_hash_table_iter_init (&iter, guichet_provider_get_secrets (f->provider));
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (wrong, g_strdup (key), g_strconcat ("revoked-", value, NULL));
      guichet_provider_set_secrets (f->provider, wrong);
    }

  guichet_provider_list_events_async (f->provider, NULL, on_result, &result);
  events = guichet_provider_list_events_finish (f->provider, wait_for (f, &result), &error);
  g_assert_null (events);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
  g_clear_error (&error);

  page = fetch_page (f, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED);
}

static gboolean
cancel_when_asked (gpointer user_data)
{
  Fixture *f = g_object_get_data (user_data, "fixture");

  if (fake_count (f, f->kind->participants_pattern) == f->before)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancellation (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GuichetParticipantPage) page = NULL;
  g_autoptr (GError) error = NULL;

  /* cancelled before it starts */
  g_cancellable_cancel (cancellable);
  page = fetch_page (f, NULL, cancellable, &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  if (f->fake == NULL ||
      !fake_fault (f, GUICHET_FAKE_FAULT_DELAY, 60 * 1000, f->kind->participants_pattern, 1))
    {
      g_test_message ("%s: no fake that holds replies back: nothing to cancel in flight",
                      f->kind->kind);
      return;
    }

  /* cancelled while the server holds the reply back */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (cancellable), "fixture", f);
  f->before = fake_count (f, f->kind->participants_pattern);
  {
    GSource *source = g_timeout_source_new (10);

    g_source_set_callback (source, cancel_when_asked, cancellable, NULL);
    g_source_attach (source, f->context);
    g_source_unref (source);
  }
  page = fetch_page (f, NULL, cancellable, &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_count (f, f->kind->participants_pattern) - f->before, ==, 1);
}

/* ---- capabilities ---- */

typedef struct
{
  GuichetProviderCapabilities flag;
  const char                 *name;
  /* Starts the operation; finishes it into *error */
  void (*run) (Fixture *f,
               GError **error);
} Operation;

#define RUN_POINTER(name, start_args, finish)                                                      \
  static void run_##name (Fixture *f, GError **error)                                              \
  {                                                                                                \
    g_autoptr (GAsyncResult) result = NULL;                                                        \
    gpointer                        value;                                                         \
    guichet_provider_##name##_async start_args;                                                    \
    value = finish (f->provider, wait_for (f, &result), error);                                    \
    g_clear_pointer (&value, destroy_any);                                                         \
  }
#define RUN_BOOLEAN(name, start_args)                                                              \
  static void run_##name (Fixture *f, GError **error)                                              \
  {                                                                                                \
    g_autoptr (GAsyncResult) result = NULL;                                                        \
    guichet_provider_##name##_async start_args;                                                    \
    guichet_provider_##name##_finish (f->provider, wait_for (f, &result), error);                  \
  }

static void
destroy_any (gpointer value)
{
  if (G_IS_OBJECT (value))
    g_object_unref (value);
  else
    g_ptr_array_unref (value);
}

static const char *
ticket_type (Fixture *f)
{
  return f->kind->ticket_type_id ? f->kind->ticket_type_id : "conformance-ticket";
}

RUN_POINTER (list_dates,
             (f->provider,
              f->event_id,
              NULL,
              on_result,
              &result),
             guichet_provider_list_dates_finish)
RUN_POINTER (list_discounts,
             (f->provider,
              NULL,
              NULL,
              on_result,
              &result),
             guichet_provider_list_discounts_finish)
RUN_POINTER (get_discount,
             (f->provider,
              "conformance-discount",
              NULL,
              on_result,
              &result),
             guichet_provider_get_discount_finish)
RUN_BOOLEAN (delete_discount,
             (f->provider,
              "conformance-discount",
              NULL,
              on_result,
              &result))
RUN_POINTER (list_vouchers,
             (f->provider,
              NULL,
              on_result,
              &result),
             guichet_provider_list_vouchers_finish)
RUN_POINTER (get_voucher,
             (f->provider,
              "conformance-voucher",
              NULL,
              on_result,
              &result),
             guichet_provider_get_voucher_finish)
RUN_BOOLEAN (delete_voucher,
             (f->provider,
              "conformance-voucher",
              NULL,
              on_result,
              &result))
RUN_POINTER (list_voucher_codes,
             (f->provider,
              "conformance-voucher",
              NULL,
              on_result,
              &result),
             guichet_provider_list_voucher_codes_finish)
RUN_BOOLEAN (void_voucher_code,
             (f->provider,
              "conformance-voucher",
              "conformance-code",
              NULL,
              on_result,
              &result))
RUN_POINTER (list_orders,
             (f->provider,
              f->event_id,
              NULL,
              on_result,
              &result),
             guichet_provider_list_orders_finish)
RUN_BOOLEAN (void_ticket,
             (f->provider,
              "conformance-ticket",
              NULL,
              on_result,
              &result))

static void
run_fetch_participants (Fixture *f,
                        GError **error)
{
  g_autoptr (GuichetParticipantPage) page = fetch_page (f, NULL, NULL, error);
}

static void
run_ticket_stats (Fixture *f,
                  GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GuichetTicketStats stats;

  guichet_provider_ticket_stats_async (f->provider, ticket_type (f), NULL, NULL, on_result,
                                       &result);
  guichet_provider_ticket_stats_finish (f->provider, wait_for (f, &result), &stats, error);
}

static void
run_check_in (Fixture *f,
              GError **error)
{
  g_autoptr (GuichetCheckIn) check_in =
    g_object_new (GUICHET_TYPE_CHECK_IN, "event-id", f->event_id, "code", "CONFORMANCE-0000",
                  "time", g_get_real_time () / G_USEC_PER_SEC, NULL);
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_check_in_async (f->provider, check_in, NULL, on_result, &result);
  guichet_provider_check_in_finish (f->provider, wait_for (f, &result), error);
}

static void
run_create_discount (Fixture *f,
                     GError **error)
{
  g_autoptr (GuichetDiscount) draft =
    g_object_new (GUICHET_TYPE_DISCOUNT, "code", "CONFORMANCE", NULL);
  g_autoptr (GuichetDiscount) saved = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_create_discount_async (f->provider, draft, NULL, on_result, &result);
  saved = guichet_provider_create_discount_finish (f->provider, wait_for (f, &result), error);
}

static void
run_create_voucher (Fixture *f,
                    GError **error)
{
  g_autoptr (GuichetVoucher) draft =
    g_object_new (GUICHET_TYPE_VOUCHER, "name", "Conformance", NULL);
  g_autoptr (GuichetVoucher) saved = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  guichet_provider_create_voucher_async (f->provider, draft, NULL, on_result, &result);
  saved = guichet_provider_create_voucher_finish (f->provider, wait_for (f, &result), error);
}

static void
run_issue_ticket (Fixture *f,
                  GError **error)
{
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GuichetParticipant) participant = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  holder->first_name = g_strdup ("Conformance");
  holder->last_name = g_strdup ("Check");
  holder->email = g_strdup ("conformance@example.invalid");
  guichet_provider_issue_ticket_async (f->provider, f->event_id, ticket_type (f), holder, NULL,
                                       on_result, &result);
  participant = guichet_provider_issue_ticket_finish (f->provider, wait_for (f, &result), error);
}

/* Capabilities that name no operation of their own */
static const GuichetProviderCapabilities not_operations =
  GUICHET_PROVIDER_CAN_EVENTS |            /* list_events is required of all */
  GUICHET_PROVIDER_CAN_NESTED_CATEGORIES | /* a shape of list_categories' answer */
  GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC;   /* a property of the cursor: test_incremental */

static const Operation operations[] = {
  { GUICHET_PROVIDER_CAN_DATES, "list_dates", run_list_dates },
  { GUICHET_PROVIDER_CAN_PARTICIPANTS, "fetch_participants", run_fetch_participants },
  { GUICHET_PROVIDER_CAN_TICKET_STATS, "ticket_stats", run_ticket_stats },
  { GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN, "check_in", run_check_in },
  { GUICHET_PROVIDER_CAN_DISCOUNTS, "list_discounts", run_list_discounts },
  { GUICHET_PROVIDER_CAN_DISCOUNTS, "create_discount", run_create_discount },
  { GUICHET_PROVIDER_CAN_DISCOUNTS, "get_discount", run_get_discount },
  { GUICHET_PROVIDER_CAN_DISCOUNTS, "delete_discount", run_delete_discount },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "list_vouchers", run_list_vouchers },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "create_voucher", run_create_voucher },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "get_voucher", run_get_voucher },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "delete_voucher", run_delete_voucher },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "list_voucher_codes", run_list_voucher_codes },
  { GUICHET_PROVIDER_CAN_VOUCHERS, "void_voucher_code", run_void_voucher_code },
  { GUICHET_PROVIDER_CAN_ORDERS, "list_orders", run_list_orders },
  { GUICHET_PROVIDER_CAN_ISSUE_TICKETS, "issue_ticket", run_issue_ticket },
  { GUICHET_PROVIDER_CAN_VOID_TICKETS, "void_ticket", run_void_ticket },
};

static void
test_capabilities (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GFlagsClass) flags = g_type_class_ref (GUICHET_TYPE_PROVIDER_CAPABILITIES);
  GuichetProviderCapabilities covered = not_operations;
  GuichetProviderCapabilities all = 0;

  /* every capability of the enum is checked here or named as no operation:
   * a new flag needs its operations above */
  for (guint i = 0; i < flags->n_values; i++)
    all |= flags->values[i].value;
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    covered |= operations[i].flag;
  g_assert_cmphex (covered, ==, all);
  g_assert_cmphex (guichet_provider_get_capabilities (f->provider) & ~all, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean can = guichet_provider_can (f->provider, operations[i].flag);
      gboolean not_supported;

      operations[i].run (f, &error);
      not_supported = g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED);
      g_test_message ("%s %s: capability %s, answer %s", f->kind->kind, operations[i].name,
                      can ? "on" : "off", error ? error->message : "success");
      /* NOT_SUPPORTED if and only if the capability is off */
      if (can == not_supported)
        g_error ("%s: %s answers %s although its capability is %s", f->kind->kind,
                 operations[i].name, error ? error->message : "success", can ? "on" : "off");
    }
}

/* ---- the table ---- */

static void
test_table (void)
{
  const char * const *table = guichet_providers_get_kinds ();
  g_auto (GStrv) listed =
    g_strsplit (g_getenv ("CONFORMANCE_KINDS") ? g_getenv ("CONFORMANCE_KINDS") : "", " ", -1);

  /* every kind `guichet-cli --help` lists has a fixture here and a meson test */
  for (guint i = 0; table[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (kinds); j++)
        found = found || g_str_equal (kinds[j]->kind, table[i]);
      if (!found)
        g_error ("provider kind “%s” has no conformance fixture (see tests/conformance.h)",
                 table[i]);
      if (!g_strv_contains ((const char * const *) listed, table[i]))
        g_error ("provider kind “%s” is missing from conformance_kinds in tests/meson.build",
                 table[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conformance/table", test_table);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const ConformanceKind *kind = kinds[i];
      static const struct
      {
        const char *name;
        void (*func) (Fixture *,
                      gconstpointer);
      } checks[] = {
        { "sign-in", test_sign_in },
        { "sign-in-refused", test_sign_in_refused },
        { "paging", test_paging },
        { "incremental", test_incremental },
        { "rate-limit", test_rate_limit },
        { "session-refused", test_session_refused },
        { "cancellation", test_cancellation },
        { "capabilities", test_capabilities },
      };

      for (guint j = 0; j < G_N_ELEMENTS (checks); j++)
        {
          g_autofree char *path =
            g_strdup_printf ("/conformance/%s/%s", kind->kind, checks[j].name);

          g_test_add (path, Fixture, kind, fixture_set_up, checks[j].func, fixture_tear_down);
        }
    }

  return g_test_run ();
}
