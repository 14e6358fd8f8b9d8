/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-demo-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-demo-provider-private.h"

/* The demo box office's writes: discounts and vouchers kept in its data,
 * tickets issued and voided. Each task carries the public _async as its
 * source tag, so GuichetProvider finishes it. A change bumps the data's
 * generation, so the next incremental sync sees issued and voided tickets. */

static GTask *
write_task_new (GuichetProvider    *self,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data,
                gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[guichet] demo provider");
  return task;
}

static GuichetDemoData *
get_data (GuichetProvider *self)
{
  return _guichet_demo_provider_get_data (GUICHET_DEMO_PROVIDER (self));
}

static void
return_not_found (GTask      *task,
                  const char *what)
{
  g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                           /* Translators: %s is an id in the demo data */
                           _("The demo box office has nothing called “%s”."), what);
}

/* Index of the object with @id in @array, or -1. */
static int
find_index (GPtrArray  *array,
            const char *id)
{
  for (guint i = 0; id != NULL && i < array->len; i++)
    {
      g_autofree char *other = NULL;

      g_object_get (g_ptr_array_index (array, i), "id", &other, NULL);
      if (g_strcmp0 (other, id) == 0)
        return (int) i;
    }
  return -1;
}

static void
return_copy (GTask   *task,
             gpointer object)
{
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, guichet_demo_data_copy_object (object), g_object_unref);
}

/* Stores a copy of @object in @array: a new one under a fresh id when
 * @create, else in place of the one with the same id. Returns the stored
 * copy (not a new reference) after returning it to @task, or NULL. */
static gpointer
save_object (GTask      *task,
             GPtrArray  *array,
             gpointer    object,
             gboolean    create,
             const char *prefix)
{
  GuichetDemoData *data = get_data (g_task_get_source_object (task));
  g_autofree char *id = NULL;
  gpointer         copy;
  int              index = -1;

  g_object_get (object, "id", &id, NULL);
  if (!create && (index = find_index (array, id)) < 0)
    {
      return_not_found (task, id ? id : "");
      return NULL;
    }

  copy = guichet_demo_data_copy_object (object);
  data->generation++;
  if (create)
    {
      g_autofree char *new_id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, data->generation);

      g_object_set (copy, "id", new_id, NULL);
      g_ptr_array_add (array, copy);
    }
  else
    {
      g_ptr_array_remove_index (array, (guint) index);
      g_ptr_array_insert (array, index, copy);
    }
  return copy;
}

static void
get_object (GTask      *task,
            GPtrArray  *array,
            const char *id)
{
  int index = find_index (array, id);

  if (index < 0)
    return_not_found (task, id);
  else
    return_copy (task, g_ptr_array_index (array, index));
}

static void
delete_object (GTask      *task,
               GPtrArray  *array,
               const char *id)
{
  int index = find_index (array, id);

  if (index < 0)
    {
      return_not_found (task, id);
      return;
    }
  g_ptr_array_remove_index (array, (guint) index);
  get_data (g_task_get_source_object (task))->generation++;
  g_task_return_boolean (task, TRUE);
}

/* ---- discounts ---- */

static gboolean
check_discount (GTask           *task,
                GuichetDiscount *discount)
{
  const char *code = guichet_discount_get_code (discount);
  GError     *error;

  if (code != NULL && code[0] != '\0')
    return TRUE;

  error =
    g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_VALIDATION, _("A discount needs a code."));
  guichet_error_add_field_message (error, "code", _("A discount needs a code."));
  g_task_return_error (task, error);
  return FALSE;
}

static void
demo_create_discount_async (GuichetProvider    *self,
                            GuichetDiscount    *discount,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_create_discount_async);

  gpointer saved;

  if (check_discount (task, discount) &&
      (saved = save_object (task, get_data (self)->discounts, discount, TRUE, "demo-discount")) !=
        NULL)
    return_copy (task, saved);
}

static void
demo_update_discount_async (GuichetProvider    *self,
                            GuichetDiscount    *discount,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_update_discount_async);

  gpointer saved;

  if (check_discount (task, discount) &&
      (saved = save_object (task, get_data (self)->discounts, discount, FALSE, "demo-discount")) !=
        NULL)
    return_copy (task, saved);
}

static void
demo_delete_discount_async (GuichetProvider    *self,
                            const char         *discount_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_delete_discount_async);

  delete_object (task, get_data (self)->discounts, discount_id);
}

static void
demo_get_discount_async (GuichetProvider    *self,
                         const char         *discount_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_get_discount_async);

  get_object (task, get_data (self)->discounts, discount_id);
}

/* ---- vouchers ---- */

static void
demo_create_voucher_async (GuichetProvider    *self,
                           GuichetVoucher     *voucher,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_create_voucher_async);
  GuichetVoucher *saved =
    save_object (task, get_data (self)->vouchers, voucher, TRUE, "demo-voucher");

  if (saved != NULL)
    {
      guichet_demo_data_add_voucher_codes (get_data (self), saved,
                                           guichet_voucher_get_codes (voucher));
      return_copy (task, saved);
    }
}

static void
demo_update_voucher_async (GuichetProvider    *self,
                           GuichetVoucher     *voucher,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_update_voucher_async);
  GuichetVoucher *saved =
    save_object (task, get_data (self)->vouchers, voucher, FALSE, "demo-voucher");

  /* Codes given to an update are added */
  if (saved != NULL)
    {
      guichet_demo_data_add_voucher_codes (get_data (self), saved,
                                           guichet_voucher_get_codes (voucher));
      return_copy (task, saved);
    }
}

static void
demo_delete_voucher_async (GuichetProvider    *self,
                           const char         *voucher_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_delete_voucher_async);

  if (find_index (get_data (self)->vouchers, voucher_id) >= 0)
    g_hash_table_remove (get_data (self)->voucher_codes, voucher_id);
  delete_object (task, get_data (self)->vouchers, voucher_id);
}

static void
demo_get_voucher_async (GuichetProvider    *self,
                        const char         *voucher_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_get_voucher_async);

  get_object (task, get_data (self)->vouchers, voucher_id);
}

static void
demo_list_voucher_codes_async (GuichetProvider    *self,
                               const char         *voucher_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = write_task_new (self, cancellable, callback, user_data,
                                           guichet_provider_list_voucher_codes_async);
  GPtrArray *codes = g_hash_table_lookup (get_data (self)->voucher_codes, voucher_id);

  if (find_index (get_data (self)->vouchers, voucher_id) < 0)
    return_not_found (task, voucher_id);
  else if (codes == NULL)
    g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                           (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_pointer (task, guichet_demo_data_copy_array (codes),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
demo_void_voucher_code_async (GuichetProvider    *self,
                              const char         *voucher_id,
                              const char         *code_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = write_task_new (self, cancellable, callback, user_data,
                                           guichet_provider_void_voucher_code_async);
  GuichetDemoData    *data = get_data (self);
  GPtrArray          *codes = g_hash_table_lookup (data->voucher_codes, voucher_id);
  int                 voucher_index = find_index (data->vouchers, voucher_id);
  int                 index = codes != NULL ? find_index (codes, code_id) : -1;
  GuichetVoucherCode *code;

  if (voucher_index < 0 || index < 0)
    {
      return_not_found (task, voucher_index < 0 ? voucher_id : code_id);
      return;
    }

  code = g_ptr_array_index (codes, index);
  if (!guichet_voucher_code_get_void (code))
    {
      GuichetVoucher *voucher = g_ptr_array_index (data->vouchers, voucher_index);

      g_object_set (code, "void", TRUE, "value-remaining", (gint64) 0, NULL);
      g_object_set (voucher, "available-codes",
                    MAX (guichet_voucher_get_available_codes (voucher) - 1, 0), NULL);
      data->generation++;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- tickets ---- */

static void
demo_issue_ticket_async (GuichetProvider           *self,
                         const char                *event_id,
                         const char                *ticket_type_id,
                         const GuichetTicketHolder *holder,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  GuichetDemoData *data = get_data (self);
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_issue_ticket_async);
  GPtrArray             *participants = g_hash_table_lookup (data->participants, event_id);
  GuichetTicketCategory *ticket = guichet_demo_data_find_ticket (data, ticket_type_id);
  g_autofree char       *name = guichet_ticket_holder_dup_full_name (holder);
  g_autofree char       *id = NULL;
  g_autofree char       *barcode = NULL;
  GuichetParticipant    *participant;

  if (participants == NULL)
    {
      return_not_found (task, event_id);
      return;
    }
  if (ticket == NULL || g_strcmp0 (guichet_ticket_category_get_event_id (ticket), event_id) != 0)
    {
      return_not_found (task, ticket_type_id);
      return;
    }
  if (name == NULL)
    {
      GError *error = g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_VALIDATION,
                                           _("A ticket needs the name of its holder."));

      guichet_error_add_field_message (error, "first_name",
                                       _("A ticket needs the name of its holder."));
      g_task_return_error (task, error);
      return;
    }

  data->generation++;
  id = g_strdup_printf ("demo-issued-%" G_GINT64_FORMAT, data->generation);
  barcode = holder->barcode != NULL && holder->barcode[0] != '\0'
              ? g_strdup (holder->barcode)
              : g_strdup_printf ("DEMO%012" G_GINT64_FORMAT, data->generation);
  participant =
    g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", event_id, "barcode", barcode,
                  "first-name", holder->first_name, "last-name", holder->last_name, "email",
                  holder->email, "ticket-type-id", ticket_type_id, "ticket-type-name",
                  guichet_ticket_category_get_name (ticket), "order-id", holder->reference, NULL);
  g_ptr_array_add (participants, participant);
  g_hash_table_insert (data->by_id, (gpointer) guichet_participant_get_id (participant),
                       participant);
  g_hash_table_insert (data->changed_at, participant, GINT_TO_POINTER (data->generation));

  return_copy (task, participant);
}

static void
demo_void_ticket_async (GuichetProvider    *self,
                        const char         *ticket_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GuichetDemoData *data = get_data (self);
  g_autoptr (GTask) task =
    write_task_new (self, cancellable, callback, user_data, guichet_provider_void_ticket_async);
  GuichetParticipant *participant = g_hash_table_lookup (data->by_id, ticket_id);

  if (participant == NULL)
    {
      return_not_found (task, ticket_id);
      return;
    }

  data->generation++;
  g_object_set (participant, "status", GUICHET_PARTICIPANT_STATUS_VOIDED, NULL);
  g_hash_table_insert (data->changed_at, participant, GINT_TO_POINTER (data->generation));
  g_task_return_boolean (task, TRUE);
}

void
_guichet_demo_provider_add_writes (GuichetProviderClass *klass)
{
  klass->create_discount_async = demo_create_discount_async;
  klass->update_discount_async = demo_update_discount_async;
  klass->delete_discount_async = demo_delete_discount_async;
  klass->get_discount_async = demo_get_discount_async;
  klass->create_voucher_async = demo_create_voucher_async;
  klass->update_voucher_async = demo_update_voucher_async;
  klass->delete_voucher_async = demo_delete_voucher_async;
  klass->get_voucher_async = demo_get_voucher_async;
  klass->list_voucher_codes_async = demo_list_voucher_codes_async;
  klass->void_voucher_code_async = demo_void_voucher_code_async;
  klass->issue_ticket_async = demo_issue_ticket_async;
  klass->void_ticket_async = demo_void_ticket_async;
}
