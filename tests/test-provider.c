/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "guichet-test-utils.h"

/* GuichetProvider's write API: the NOT_SUPPORTED defaults of every write,
 * the base finishing tasks tagged with the public _async, and field-level
 * validation errors (GUICHET_ERROR with field -> messages). */

/* ---- a provider that implements no write, and one that creates discounts ---- */

#define TEST_TYPE_BARE_PROVIDER (test_bare_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestBareProvider, test_bare_provider, TEST, BARE_PROVIDER, GuichetProvider)

struct _TestBareProvider
{
  GuichetProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestBareProvider, test_bare_provider, GUICHET_TYPE_PROVIDER)

static void
test_bare_provider_class_init (TestBareProviderClass *klass)
{
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  provider_class->kind = "bare";
  provider_class->display_name = "Bare Platform";
}

static void
test_bare_provider_init (TestBareProvider *self)
{
}

#define TEST_TYPE_WRITER_PROVIDER (test_writer_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestWriterProvider, test_writer_provider, TEST, WRITER_PROVIDER,
                      GuichetProvider)

struct _TestWriterProvider
{
  GuichetProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestWriterProvider, test_writer_provider, GUICHET_TYPE_PROVIDER)

/* Only the _async: the task carries the public tag, the base finishes it */
static void
writer_create_discount_async (GuichetProvider    *self,
                              GuichetDiscount    *discount,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, guichet_provider_create_discount_async);
  if (guichet_discount_get_code (discount) == NULL)
    {
      error = g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_VALIDATION, "code: is required");
      guichet_error_add_field_message (error, "code", "is required");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task,
                         g_object_new (GUICHET_TYPE_DISCOUNT, "id", "di_1", "code",
                                       guichet_discount_get_code (discount), NULL),
                         g_object_unref);
}

static void
test_writer_provider_class_init (TestWriterProviderClass *klass)
{
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  provider_class->kind = "writer";
  provider_class->display_name = "Writer";
  provider_class->capabilities = GUICHET_PROVIDER_CAN_DISCOUNTS;
  provider_class->create_discount_async = writer_create_discount_async;
}

static void
test_writer_provider_init (TestWriterProvider *self)
{
}

/* ---- helpers ---- */

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Waiter;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static void
waiter_init (Waiter *waiter)
{
  waiter->context = g_main_context_new ();
  waiter->result = NULL;
  g_main_context_push_thread_default (waiter->context);
}

static GAsyncResult *
waiter_wait (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (waiter->context, TRUE);
  return waiter->result;
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  while (g_main_context_iteration (waiter->context, FALSE))
    ;
  g_main_context_pop_thread_default (waiter->context);
  g_main_context_unref (waiter->context);
}

static void
assert_not_supported (GError     *error,
                      const char *what)
{
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED);
  /* the platform is named, and the message says what it cannot do */
  g_assert_nonnull (strstr (error->message, "Bare Platform"));
  g_assert_nonnull (strstr (error->message, what));
}

/* ---- tests ---- */

static void
test_write_defaults (void)
{
  g_autoptr (GuichetProvider) provider = g_object_new (TEST_TYPE_BARE_PROVIDER, NULL);
  g_autoptr (GuichetDiscount) discount = g_object_new (GUICHET_TYPE_DISCOUNT, "code", "X", NULL);
  g_autoptr (GuichetVoucher) voucher = g_object_new (GUICHET_TYPE_VOUCHER, NULL);
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  Waiter waiter;

#define CHECK_POINTER(call, finish, what)                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GError) error = NULL;                                                               \
    waiter_init (&waiter);                                                                         \
    call;                                                                                          \
    g_assert_null (finish (provider, waiter_wait (&waiter), &error));                              \
    assert_not_supported (error, what);                                                            \
    waiter_clear (&waiter);                                                                        \
  }                                                                                                \
  G_STMT_END
#define CHECK_BOOLEAN(call, finish, what)                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GError) error = NULL;                                                               \
    waiter_init (&waiter);                                                                         \
    call;                                                                                          \
    g_assert_false (finish (provider, waiter_wait (&waiter), &error));                             \
    assert_not_supported (error, what);                                                            \
    waiter_clear (&waiter);                                                                        \
  }                                                                                                \
  G_STMT_END

  CHECK_POINTER (guichet_provider_create_discount_async (provider, discount, NULL, on_result,
                                                         &waiter),
                 guichet_provider_create_discount_finish, "create discount");
  CHECK_POINTER (guichet_provider_update_discount_async (provider, discount, NULL, on_result,
                                                         &waiter),
                 guichet_provider_update_discount_finish, "change discount");
  CHECK_BOOLEAN (guichet_provider_delete_discount_async (provider, "d1", NULL, on_result, &waiter),
                 guichet_provider_delete_discount_finish, "delete discount");
  CHECK_POINTER (guichet_provider_get_discount_async (provider, "d1", NULL, on_result, &waiter),
                 guichet_provider_get_discount_finish, "read a discount");
  CHECK_POINTER (guichet_provider_create_voucher_async (provider, voucher, NULL, on_result,
                                                        &waiter),
                 guichet_provider_create_voucher_finish, "create vouchers");
  CHECK_POINTER (guichet_provider_update_voucher_async (provider, voucher, NULL, on_result,
                                                        &waiter),
                 guichet_provider_update_voucher_finish, "change vouchers");
  CHECK_BOOLEAN (guichet_provider_delete_voucher_async (provider, "v1", NULL, on_result, &waiter),
                 guichet_provider_delete_voucher_finish, "delete vouchers");
  CHECK_POINTER (guichet_provider_get_voucher_async (provider, "v1", NULL, on_result, &waiter),
                 guichet_provider_get_voucher_finish, "read a voucher");
  CHECK_POINTER (guichet_provider_list_voucher_codes_async (provider, "v1", NULL, on_result,
                                                            &waiter),
                 guichet_provider_list_voucher_codes_finish, "list voucher codes");
  CHECK_BOOLEAN (guichet_provider_void_voucher_code_async (provider, "v1", "c1", NULL, on_result,
                                                           &waiter),
                 guichet_provider_void_voucher_code_finish, "void voucher codes");
  CHECK_POINTER (guichet_provider_issue_ticket_async (provider, "e1", "t1", holder, NULL, on_result,
                                                      &waiter),
                 guichet_provider_issue_ticket_finish, "issue tickets");
  CHECK_BOOLEAN (guichet_provider_void_ticket_async (provider, "p1", NULL, on_result, &waiter),
                 guichet_provider_void_ticket_finish, "void tickets");

#undef CHECK_POINTER
#undef CHECK_BOOLEAN

  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_write_tagged_task (void)
{
  g_autoptr (GuichetProvider) provider = g_object_new (TEST_TYPE_WRITER_PROVIDER, NULL);
  g_autoptr (GuichetDiscount) draft = g_object_new (GUICHET_TYPE_DISCOUNT, "code", "SUMMER", NULL);
  g_autoptr (GuichetDiscount) no_code = g_object_new (GUICHET_TYPE_DISCOUNT, NULL);
  g_autoptr (GuichetDiscount) saved = NULL;
  g_autoptr (GError) error = NULL;
  Waiter waiter;

  g_assert_true (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_DISCOUNTS));
  g_assert_false (guichet_provider_can (provider, GUICHET_PROVIDER_CAN_VOUCHERS));

  waiter_init (&waiter);
  guichet_provider_create_discount_async (provider, draft, NULL, on_result, &waiter);
  saved = guichet_provider_create_discount_finish (provider, waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guichet_discount_get_id (saved), ==, "di_1");
  g_assert_cmpstr (guichet_discount_get_code (saved), ==, "SUMMER");
  waiter_clear (&waiter);

  /* a field error reaches the caller whole */
  waiter_init (&waiter);
  guichet_provider_create_discount_async (provider, no_code, NULL, on_result, &waiter);
  g_assert_null (guichet_provider_create_discount_finish (provider, waiter_wait (&waiter), &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_cmpstr (guichet_error_get_field_messages (error, "code")[0], ==, "is required");
  waiter_clear (&waiter);

  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_field_error_api (void)
{
  g_autoptr (GError) error =
    g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_VALIDATION, "refused");
  g_autoptr (GError) copy = NULL;
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "io");
  g_autofree char    *text = NULL;
  const char * const *fields;
  const char * const *messages;

  g_assert_null (guichet_error_get_fields (error));
  g_assert_null (guichet_error_format_fields (error));
  /* other domains carry none, and asking is harmless */
  g_assert_null (guichet_error_get_fields (other));
  g_assert_null (guichet_error_get_field_messages (other, "code"));

  guichet_error_add_field_message (error, "code", "is taken");
  guichet_error_add_field_message (error, "price", "must be positive");
  guichet_error_add_field_message (error, "code", "is too long");

  fields = guichet_error_get_fields (error);
  g_assert_cmpuint (g_strv_length ((char **) fields), ==, 2);
  g_assert_cmpstr (fields[0], ==, "code");
  g_assert_cmpstr (fields[1], ==, "price");
  messages = guichet_error_get_field_messages (error, "code");
  g_assert_cmpuint (g_strv_length ((char **) messages), ==, 2);
  g_assert_cmpstr (messages[1], ==, "is too long");
  g_assert_null (guichet_error_get_field_messages (error, "email"));

  /* g_error_copy() (GTask, g_propagate_error) keeps them */
  copy = g_error_copy (error);
  text = guichet_error_format_fields (copy);
  g_assert_cmpstr (text, ==, "code: is taken\ncode: is too long\nprice: must be positive\n");
}

static GError *
check_response (guint       status,
                const char *body_text)
{
  g_autoptr (GBytes) body = g_bytes_new (body_text, strlen (body_text));
  GError *error = NULL;

  g_assert_false (guichet_http_check_response (status, NULL, body, &error));
  return error;
}

static void
test_field_error_from_http (void)
{
  /* Ticket Tailor's 422 body */
  g_autoptr (GError) error = check_response (
    422,
    "{\"status\": 422, \"error_code\": \"validation_error\", \"message\": \"The given data was "
    "invalid.\","
    " \"errors\": [{\"field\": \"code\", \"messages\": [\"The code has already been taken.\"]},"
    "              {\"field\": \"price\", \"messages\": [\"The price must be an integer.\", \"The "
    "price must be at least 0.\"]}]}");
  g_autoptr (GError) map_error = NULL;
  g_autoptr (GError) server_error = NULL;
  g_autofree char *text = NULL;

  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  text = guichet_error_format_fields (error);
  g_assert_cmpstr (text, ==,
                   "code: The code has already been taken.\n"
                   "price: The price must be an integer.\n"
                   "price: The price must be at least 0.\n");
  /* the message names the fields too, for whoever shows only it */
  g_assert_nonnull (strstr (error->message, "code: The code has already been taken."));

  /* {"errors": {"field": ["message"]}} (Laravel, Rails) */
  map_error = check_response (400, "{\"errors\": {\"email\": [\"is invalid\"]}}");
  g_assert_error (map_error, GUICHET_ERROR, GUICHET_ERROR_VALIDATION);
  g_assert_cmpstr (guichet_error_get_field_messages (map_error, "email")[0], ==, "is invalid");

  /* a 5xx carries no fields even when its body names some */
  server_error =
    check_response (500, "{\"errors\": [{\"field\": \"code\", \"messages\": [\"x\"]}]}");
  g_assert_error (server_error, GUICHET_ERROR, GUICHET_ERROR_SERVER);
  g_assert_null (guichet_error_get_fields (server_error));
}

static void
test_ticket_holder (void)
{
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autoptr (GuichetTicketHolder) copy = NULL;
  g_autofree char *full = NULL;
  g_autofree char *first_only = NULL;

  g_assert_null (guichet_ticket_holder_dup_full_name (holder));
  holder->first_name = g_strdup ("Ada");
  first_only = guichet_ticket_holder_dup_full_name (holder);
  g_assert_cmpstr (first_only, ==, "Ada");
  holder->last_name = g_strdup ("Lovelace");
  holder->email = g_strdup ("ada@example.invalid");

  copy = g_boxed_copy (GUICHET_TYPE_TICKET_HOLDER, holder);
  full = guichet_ticket_holder_dup_full_name (copy);
  g_assert_cmpstr (full, ==, "Ada Lovelace");
  g_assert_cmpstr (copy->email, ==, "ada@example.invalid");
  g_assert_true (copy->email != holder->email);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider/write/not-supported", test_write_defaults);
  g_test_add_func ("/provider/write/tagged-task", test_write_tagged_task);
  g_test_add_func ("/provider/field-error/api", test_field_error_api);
  g_test_add_func ("/provider/field-error/http", test_field_error_from_http);
  g_test_add_func ("/provider/ticket-holder", test_ticket_holder);

  return g_test_run ();
}
