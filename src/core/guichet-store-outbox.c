/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "guichet-discount.h"
#include "guichet-error.h"
#include "guichet-store.h"
#include "guichet-store-private.h"
#include "guichet-voucher.h"

/* ------------------------------------------------------------------------ */
/* Outbox                                                                   */

void
guichet_outbox_item_free (GuichetOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->account_id);
  g_free (item->operation);
  g_free (item->payload_json);
  g_free (item->last_error);
  g_free (item);
}

gint64
guichet_store_outbox_push (GuichetStore *self,
                           const char   *account_id,
                           const char   *operation,
                           const char   *payload_json,
                           GError      **error)
{
  const char   *what = _("Could not queue the change");
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;
  gint64        id = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (self), 0);
  g_return_val_if_fail (account_id != NULL, 0);
  g_return_val_if_fail (operation != NULL, 0);

  g_mutex_lock (&self->writer.lock);
  stmt = _guichet_store_prepare (self->writer.db,
                                 "INSERT INTO outbox (account_id, operation, payload_json, created)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      _guichet_store_bind_text (stmt, 2, operation);
      _guichet_store_bind_text (stmt, 3, payload_json != NULL ? payload_json : "{}");
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      ok = _guichet_store_durable_step (self, stmt, what, error);
      if (ok)
        id = sqlite3_last_insert_rowid (self->writer.db);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->writer.lock);

  return ok ? id : 0;
}

GPtrArray *
guichet_store_outbox_list (GuichetStore *self,
                           const char   *account_id,
                           GError      **error)
{
  const char *what = _("Could not read the queued changes");
  g_autoptr (GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt =
    _guichet_store_prepare (self->bulk.db,
                            "SELECT id, account_id, operation, payload_json, attempts, last_error"
                            " FROM outbox WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id",
                            what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, account_id);
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) guichet_outbox_item_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GuichetOutboxItem *item = g_new0 (GuichetOutboxItem, 1);

          item->id = sqlite3_column_int64 (stmt, 0);
          item->account_id = g_strdup (_guichet_store_col_text (stmt, 1));
          item->operation = g_strdup (_guichet_store_col_text (stmt, 2));
          item->payload_json = g_strdup (_guichet_store_col_text (stmt, 3));
          item->attempts = (guint) sqlite3_column_int (stmt, 4);
          item->last_error = g_strdup (_guichet_store_col_text (stmt, 5));
          g_ptr_array_add (items, item);
        }
      if (rc != SQLITE_DONE)
        {
          _guichet_store_set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&items, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&items);
}

static gboolean
outbox_update (GuichetStore *self,
               const char   *sql,
               gint64        id,
               const char   *text,
               const char   *what,
               GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean      ok = FALSE;

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;
  stmt = _guichet_store_prepare (self->writer.db, sql, what, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (text != NULL)
        _guichet_store_bind_text (stmt, 2, text);
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
      sqlite3_finalize (stmt);
    }
  return _guichet_store_write_end (self, ok, what, error);
}

gboolean
guichet_store_outbox_done (GuichetStore *self,
                           gint64        id,
                           GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return outbox_update (self, "DELETE FROM outbox WHERE id = ?1", id, NULL,
                        _("Could not update the queued changes"), error);
}

gboolean
guichet_store_outbox_failed (GuichetStore *self,
                             gint64        id,
                             const char   *message,
                             GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);

  return outbox_update (self,
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                        id, message != NULL ? message : "",
                        _("Could not update the queued changes"), error);
}

static const char *
discount_kind_to_string (GuichetDiscountKind kind)
{
  return kind == GUICHET_DISCOUNT_KIND_PERCENTAGE ? "percentage" : "amount";
}

static GuichetDiscountKind
discount_kind_from_string (const char *str)
{
  return g_strcmp0 (str, "percentage") == 0 ? GUICHET_DISCOUNT_KIND_PERCENTAGE
                                            : GUICHET_DISCOUNT_KIND_AMOUNT;
}

/* ------------------------------------------------------------------------ */
/* Discounts and vouchers                                                   */

static gboolean
bind_discount (sqlite3_stmt *stmt,
               gpointer      item,
               guint         position)
{
  GuichetDiscount *discount = item;
  g_autofree char *ticket_type_ids = NULL;

  if (guichet_discount_get_id (discount) == NULL)
    return FALSE;

  ticket_type_ids = _guichet_store_join_lines (guichet_discount_get_ticket_type_ids (discount));
  _guichet_store_bind_text (stmt, 2, guichet_discount_get_id (discount));
  _guichet_store_bind_text (stmt, 3, guichet_discount_get_name (discount));
  _guichet_store_bind_text (stmt, 4, guichet_discount_get_code (discount));
  _guichet_store_bind_text (stmt, 5,
                            discount_kind_to_string (guichet_discount_get_kind (discount)));
  sqlite3_bind_int64 (stmt, 6, guichet_discount_get_amount (discount)->amount_minor);
  sqlite3_bind_int64 (stmt, 7, guichet_discount_get_percentage (discount));
  _guichet_store_bind_text (stmt, 8, guichet_discount_get_currency (discount));
  sqlite3_bind_int64 (stmt, 9, guichet_discount_get_max_uses (discount));
  sqlite3_bind_int64 (stmt, 10, guichet_discount_get_used (discount));
  _guichet_store_bind_text (stmt, 11, guichet_discount_get_valid_from (discount));
  _guichet_store_bind_text (stmt, 12, guichet_discount_get_valid_to (discount));
  if (ticket_type_ids != NULL)
    sqlite3_bind_text (stmt, 13, ticket_type_ids, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 13);
  sqlite3_bind_int (stmt, 14, (int) position);
  return TRUE;
}

static gpointer
discount_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_DISCOUNT);
  _guichet_store_props_string (&props, "account-id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "name", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "code", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_int (&props, "kind",
                            discount_kind_from_string (_guichet_store_col_text (stmt, 4)));
  _guichet_store_props_int (&props, "amount", sqlite3_column_int64 (stmt, 5));
  _guichet_store_props_int (&props, "percentage", sqlite3_column_int64 (stmt, 6));
  _guichet_store_props_string (&props, "currency", _guichet_store_col_text (stmt, 7));
  _guichet_store_props_int (&props, "max-uses", sqlite3_column_int64 (stmt, 8));
  _guichet_store_props_int (&props, "used", sqlite3_column_int64 (stmt, 9));
  _guichet_store_props_string (&props, "valid-from", _guichet_store_col_text (stmt, 10));
  _guichet_store_props_string (&props, "valid-to", _guichet_store_col_text (stmt, 11));
  _guichet_store_props_strv (&props, "ticket-type-ids", _guichet_store_col_text (stmt, 12));
  return _guichet_store_props_build (&props);
}

gboolean
guichet_store_save_discounts (GuichetStore *self,
                              const char   *account_id,
                              GPtrArray    *discounts,
                              GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return _guichet_store_replace_rows (
    self, "DELETE FROM discounts WHERE account_id = ?1",
    "INSERT OR REPLACE INTO discounts (account_id, id, name, code, kind,"
    " amount, percentage_hundredths, currency, max_uses, used, valid_from, valid_to,"
    " ticket_type_ids, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14)",
    account_id, NULL, discounts, bind_discount, _("Could not save the discounts"), error);
}

GPtrArray *
guichet_store_list_discounts (GuichetStore *self,
                              const char   *account_id,
                              GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return _guichet_store_query_rows (
    self,
    "SELECT account_id, id, name, code, kind, amount, percentage_hundredths, currency,"
    " max_uses, used, valid_from, valid_to, ticket_type_ids FROM discounts"
    " WHERE account_id = ?1 ORDER BY position, id",
    account_id, NULL, discount_from_row, _("Could not read the discounts"), error);
}

static gboolean
bind_voucher (sqlite3_stmt *stmt,
              gpointer      item,
              guint         position)
{
  GuichetVoucher *voucher = item;

  if (guichet_voucher_get_id (voucher) == NULL)
    return FALSE;

  _guichet_store_bind_text (stmt, 2, guichet_voucher_get_id (voucher));
  _guichet_store_bind_text (stmt, 3, guichet_voucher_get_name (voucher));
  sqlite3_bind_int64 (stmt, 4, guichet_voucher_get_value (voucher)->amount_minor);
  _guichet_store_bind_text (stmt, 5, guichet_voucher_get_currency (voucher));
  sqlite3_bind_int64 (stmt, 6, guichet_voucher_get_code_count (voucher));
  _guichet_store_bind_text (stmt, 7, guichet_voucher_get_valid_to (voucher));
  sqlite3_bind_int (stmt, 8, (int) position);
  return TRUE;
}

static gpointer
voucher_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_VOUCHER);
  _guichet_store_props_string (&props, "account-id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "name", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_int (&props, "value", sqlite3_column_int64 (stmt, 3));
  _guichet_store_props_string (&props, "currency", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_int (&props, "code-count", sqlite3_column_int64 (stmt, 5));
  _guichet_store_props_string (&props, "valid-to", _guichet_store_col_text (stmt, 6));
  return _guichet_store_props_build (&props);
}

gboolean
guichet_store_save_vouchers (GuichetStore *self,
                             const char   *account_id,
                             GPtrArray    *vouchers,
                             GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return _guichet_store_replace_rows (
    self, "DELETE FROM vouchers WHERE account_id = ?1",
    "INSERT OR REPLACE INTO vouchers (account_id, id, name, value, currency,"
    " code_count, valid_to, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    account_id, NULL, vouchers, bind_voucher, _("Could not save the vouchers"), error);
}

GPtrArray *
guichet_store_list_vouchers (GuichetStore *self,
                             const char   *account_id,
                             GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return _guichet_store_query_rows (
    self,
    "SELECT account_id, id, name, value, currency, code_count, valid_to"
    " FROM vouchers WHERE account_id = ?1 ORDER BY position, id",
    account_id, NULL, voucher_from_row, _("Could not read the vouchers"), error);
}
