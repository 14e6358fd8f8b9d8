/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "guichet-account.h"
#include "guichet-error.h"
#include "guichet-event-date.h"
#include "guichet-event.h"
#include "guichet-store.h"
#include "guichet-store-private.h"
#include "guichet-ticket-category.h"

static void
set_string_property (gpointer    object,
                     const char *name,
                     const char *value)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) == NULL)
    {
      g_debug ("%s has no property “%s”", G_OBJECT_TYPE_NAME (object), name);
      return;
    }
  g_object_set (object, name, value, NULL);
}

static const char *
category_kind_to_string (GuichetCategoryKind kind)
{
  return kind == GUICHET_CATEGORY_KIND_CATEGORY ? "category" : "ticket";
}

static GuichetCategoryKind
category_kind_from_string (const char *str)
{
  return g_strcmp0 (str, "category") == 0 ? GUICHET_CATEGORY_KIND_CATEGORY
                                          : GUICHET_CATEGORY_KIND_TICKET;
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                 */

gboolean
guichet_store_save_account (GuichetStore   *self,
                            GuichetAccount *account,
                            GError        **error)
{
  const char      *what = _("Could not save the account");
  g_autofree char *new_id = NULL;
  const char      *id;
  sqlite3_stmt    *stmt;
  gboolean         ok = FALSE;
  int              rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), FALSE);

  id = guichet_account_get_id (account);
  if (id == NULL || *id == '\0')
    {
      new_id = guichet_account_generate_id ();
      set_string_property (account, "id", new_id);
      id = new_id;
    }

  if (guichet_account_get_name (account) == NULL || guichet_account_get_provider (account) == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("An account needs a name and a provider"));
      return FALSE;
    }

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  stmt =
    _guichet_store_prepare (self->writer.db,
                            "INSERT INTO accounts (id, provider, name, base_url, username, email)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
                            " provider = excluded.provider, name = excluded.name,"
                            " base_url = excluded.base_url, username = excluded.username,"
                            " email = excluded.email",
                            what, error);
  if (stmt != NULL)
    {
      _guichet_store_bind_text (stmt, 1, id);
      _guichet_store_bind_text (stmt, 2, guichet_account_get_provider (account));
      _guichet_store_bind_text (stmt, 3, guichet_account_get_name (account));
      _guichet_store_bind_text (stmt, 4, guichet_account_get_base_url (account));
      _guichet_store_bind_text (stmt, 5, guichet_account_get_username (account));
      _guichet_store_bind_text (stmt, 6, guichet_account_get_email (account));

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_STORE,
                     _("Could not save the account: an account named “%s” already exists"),
                       guichet_account_get_name (account));
      else
        _guichet_store_set_db_error (error, self->writer.db, what);
      sqlite3_finalize (stmt);
    }

  return _guichet_store_write_end (self, ok, what, error);
}

static GuichetAccount *
account_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_ACCOUNT);
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "provider", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "name", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "base-url", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_string (&props, "username", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_string (&props, "email", _guichet_store_col_text (stmt, 5));
  return _guichet_store_props_build (&props);
}

#define ACCOUNT_COLUMNS "id, provider, name, base_url, username, email FROM accounts"

GPtrArray *
guichet_store_list_accounts (GuichetStore *self,
                             GError      **error)
{
  const char *what = _("Could not read the accounts");
  g_autoptr (GPtrArray) accounts = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  g_mutex_lock (&self->bulk.lock);
  stmt =
    _guichet_store_prepare (self->bulk.db,
                            "SELECT " ACCOUNT_COLUMNS " ORDER BY name COLLATE NOCASE", what, error);
  if (stmt != NULL)
    {
      accounts = g_ptr_array_new_with_free_func (g_object_unref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (accounts, account_from_row (stmt));
      if (rc != SQLITE_DONE)
        {
          _guichet_store_set_db_error (error, self->bulk.db, what);
          g_clear_pointer (&accounts, g_ptr_array_unref);
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->bulk.lock);

  return g_steal_pointer (&accounts);
}

GuichetAccount *
guichet_store_find_account (GuichetStore *self,
                            const char   *id_or_name,
                            GError      **error)
{
  const char     *what = _("Could not read the accounts");
  GuichetAccount *account = NULL;
  sqlite3_stmt   *stmt;
  gboolean        failed = FALSE;
  int             rc;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  g_mutex_lock (&self->reader.lock);
  stmt = _guichet_store_prepare (self->reader.db,
                                 "SELECT " ACCOUNT_COLUMNS " WHERE id = ?1 OR name = ?1"
                                 " ORDER BY id = ?1 DESC LIMIT 1",
                                 what, error);
  if (stmt == NULL)
    failed = TRUE;
  else
    {
      _guichet_store_bind_text (stmt, 1, id_or_name);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        account = account_from_row (stmt);
      else if (rc != SQLITE_DONE)
        {
          _guichet_store_set_db_error (error, self->reader.db, what);
          failed = TRUE;
        }
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->reader.lock);

  if (account == NULL && !failed)
    g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT,
                 _("There is no account named “%s”"), id_or_name);

  return account;
}

gboolean
guichet_store_delete_account (GuichetStore *self,
                              const char   *account_id,
                              GError      **error)
{
  static const char * const tables[] = {
    "accounts",     "events", "dates",     "categories", "participants", "answers",
    "sync_cursors", "outbox", "discounts", "vouchers",   "event_keys",   "important_questions",
  };
  const char *what = _("Could not remove the account");
  gboolean    ok = TRUE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", tables[i], i == 0 ? "id" : "account_id");
      sqlite3_stmt *stmt = _guichet_store_prepare (self->writer.db, sql, what, error);

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      _guichet_store_bind_text (stmt, 1, account_id);
      ok = _guichet_store_step (stmt, self->writer.db, what, error);
      sqlite3_finalize (stmt);
    }

  return _guichet_store_write_end (self, ok, what, error);
}

static void
save_account_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (guichet_store_save_account (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_store_save_account_async (GuichetStore       *self,
                                  GuichetAccount     *account,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_store_save_account_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);
  g_task_run_in_thread (task, save_account_thread);
}

gboolean
guichet_store_save_account_finish (GuichetStore *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_store_save_account_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
delete_account_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (guichet_store_delete_account (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_store_delete_account_async (GuichetStore       *self,
                                    const char         *account_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (GUICHET_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_store_delete_account_async);
  g_task_set_task_data (task, g_strdup (account_id), g_free);
  g_task_run_in_thread (task, delete_account_thread);
}

gboolean
guichet_store_delete_account_finish (GuichetStore *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          guichet_store_delete_account_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */

static gboolean
bind_event (sqlite3_stmt *stmt,
            gpointer      item,
            guint         position)
{
  GuichetEvent *event = item;

  if (guichet_event_get_id (event) == NULL)
    return FALSE;

  _guichet_store_bind_text (stmt, 2, guichet_event_get_id (event));
  _guichet_store_bind_text (stmt, 3, guichet_event_get_name (event));
  _guichet_store_bind_text (stmt, 4, guichet_event_get_start (event));
  _guichet_store_bind_text (stmt, 5, guichet_event_get_end (event));
  _guichet_store_bind_text (stmt, 6, guichet_event_get_venue (event));
  _guichet_store_bind_text (stmt, 7, guichet_event_get_status (event));
  sqlite3_bind_int (stmt, 8, guichet_event_get_multiple_dates (event));
  sqlite3_bind_int64 (stmt, 9, guichet_event_get_participant_count (event));
  _guichet_store_bind_text (stmt, 10, guichet_event_get_currency (event));
  sqlite3_bind_int (stmt, 11, (int) position);
  _guichet_store_bind_text (stmt, 12, guichet_event_get_series_id (event));
  return TRUE;
}

static gpointer
event_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_EVENT);
  _guichet_store_props_string (&props, "account-id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "name", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "start", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_string (&props, "end", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_string (&props, "venue", _guichet_store_col_text (stmt, 5));
  _guichet_store_props_string (&props, "status", _guichet_store_col_text (stmt, 6));
  _guichet_store_props_int (&props, "multiple-dates", sqlite3_column_int (stmt, 7));
  _guichet_store_props_int (&props, "participant-count", sqlite3_column_int64 (stmt, 8));
  _guichet_store_props_string (&props, "currency", _guichet_store_col_text (stmt, 9));
  _guichet_store_props_string (&props, "series-id", _guichet_store_col_text (stmt, 10));
  return _guichet_store_props_build (&props);
}

#define EVENT_COLUMNS                                                                              \
  "account_id, id, name, start, \"end\", venue, status, multiple_dates,"                           \
  " participant_count, currency, series_id FROM events"

gboolean
guichet_store_save_events (GuichetStore *self,
                           const char   *account_id,
                           GPtrArray    *events,
                           GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  return _guichet_store_replace_rows (
    self, "DELETE FROM events WHERE account_id = ?1",
    "INSERT OR REPLACE INTO events (account_id, id, name, start, \"end\", venue,"
    " status, multiple_dates, participant_count, currency, position, series_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    account_id, NULL, events, bind_event, _("Could not save the events"), error);
}

GPtrArray *
guichet_store_list_events (GuichetStore *self,
                           const char   *account_id,
                           GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);

  if (account_id == NULL)
    return _guichet_store_query_rows (self,
                                      "SELECT " EVENT_COLUMNS
                                      " ORDER BY start IS NULL, start, name, account_id, id",
                                      NULL, NULL, event_from_row,
                                      _("Could not read the events"), error);

  return _guichet_store_query_rows (self,
                                    "SELECT " EVENT_COLUMNS " WHERE account_id = ?1"
                                    " ORDER BY start IS NULL, start, name, id",
                                    account_id, NULL, event_from_row,
                                    _("Could not read the events"), error);
}

GuichetEvent *
guichet_store_find_event (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id,
                          GError      **error)
{
  g_autoptr (GPtrArray) rows = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  rows =
    _guichet_store_query_rows (self, "SELECT " EVENT_COLUMNS " WHERE account_id = ?1 AND id = ?2",
                               account_id, event_id, event_from_row,
                               _("Could not read the events"), error);
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (rows, 0));
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */

static gboolean
bind_date (sqlite3_stmt *stmt,
           gpointer      item,
           guint         position)
{
  GuichetEventDate *date = item;
  g_autofree char  *ticket_ids = NULL;

  if (guichet_event_date_get_id (date) == NULL)
    return FALSE;

  ticket_ids = _guichet_store_join_lines (guichet_event_date_get_ticket_ids (date));
  _guichet_store_bind_text (stmt, 3, guichet_event_date_get_id (date));
  _guichet_store_bind_text (stmt, 4, guichet_event_date_get_start (date));
  _guichet_store_bind_text (stmt, 5, guichet_event_date_get_end (date));
  if (ticket_ids != NULL)
    sqlite3_bind_text (stmt, 6, ticket_ids, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int (stmt, 7, (int) position);
  return TRUE;
}

static gpointer
date_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_EVENT_DATE);
  _guichet_store_props_string (&props, "event-id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "start", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_string (&props, "end", _guichet_store_col_text (stmt, 3));
  _guichet_store_props_strv (&props, "ticket-ids", _guichet_store_col_text (stmt, 4));
  return _guichet_store_props_build (&props);
}

gboolean
guichet_store_save_dates (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id,
                          GPtrArray    *dates,
                          GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  return _guichet_store_replace_rows (
    self, "DELETE FROM dates WHERE account_id = ?1 AND event_id = ?2",
    "INSERT OR REPLACE INTO dates (account_id, event_id, id, start, \"end\","
    " ticket_ids, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    account_id, event_id, dates, bind_date, _("Could not save the event dates"), error);
}

GPtrArray *
guichet_store_list_dates (GuichetStore *self,
                          const char   *account_id,
                          const char   *event_id,
                          GError      **error)
{
  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return _guichet_store_query_rows (
    self,
    "SELECT event_id, id, start, \"end\", ticket_ids FROM dates"
    " WHERE account_id = ?1 AND event_id = ?2 ORDER BY position, start, id",
    account_id, event_id, date_from_row, _("Could not read the event dates"), error);
}

/* ------------------------------------------------------------------------ */
/* Categories (a tree, stored flat in pre-order)                            */

static gboolean
insert_category_tree (sqlite3               *db,
                      sqlite3_stmt          *stmt,
                      const char            *account_id,
                      const char            *event_id,
                      GuichetTicketCategory *node,
                      const char            *parent_id,
                      guint                 *position,
                      const char            *what,
                      GError               **error)
{
  GListModel *children;
  const char *id = guichet_ticket_category_get_id (node);

  if (id == NULL)
    return TRUE;

  _guichet_store_bind_text (stmt, 1, account_id);
  _guichet_store_bind_text (stmt, 2, event_id);
  _guichet_store_bind_text (stmt, 3, id);
  _guichet_store_bind_text (stmt, 4, parent_id);
  _guichet_store_bind_text (stmt, 5,
                            category_kind_to_string (guichet_ticket_category_get_kind (node)));
  _guichet_store_bind_text (stmt, 6, guichet_ticket_category_get_name (node));
  sqlite3_bind_int64 (stmt, 7, guichet_ticket_category_get_price (node)->amount_minor);
  _guichet_store_bind_text (stmt, 8, guichet_ticket_category_get_currency (node));
  sqlite3_bind_int64 (stmt, 9, guichet_ticket_category_get_quota (node));
  sqlite3_bind_int64 (stmt, 10, guichet_ticket_category_get_sold (node));
  sqlite3_bind_int64 (stmt, 11, guichet_ticket_category_get_checked_in (node));
  _guichet_store_bind_text (stmt, 12, guichet_ticket_category_get_sale_start (node));
  _guichet_store_bind_text (stmt, 13, guichet_ticket_category_get_sale_end (node));
  sqlite3_bind_int (stmt, 14, (int) (*position)++);
  if (!_guichet_store_step (stmt, db, what, error))
    return FALSE;

  children = guichet_ticket_category_get_children (node);
  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr (GuichetTicketCategory) child = g_list_model_get_item (children, i);

      if (!insert_category_tree (db, stmt, account_id, event_id, child, id, position, what, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
guichet_store_save_categories (GuichetStore *self,
                               const char   *account_id,
                               const char   *event_id,
                               GPtrArray    *roots,
                               GError      **error)
{
  const char   *what = _("Could not save the ticket categories");
  sqlite3_stmt *del = NULL;
  sqlite3_stmt *ins = NULL;
  guint         position = 0;
  gboolean      ok = FALSE;

  g_return_val_if_fail (GUICHET_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);

  if (!_guichet_store_write_begin (self, what, error))
    return FALSE;

  del = _guichet_store_prepare (self->writer.db,
                                "DELETE FROM categories WHERE account_id = ?1 AND event_id = ?2",
                                what, error);
  if (del == NULL)
    goto out;
  _guichet_store_bind_text (del, 1, account_id);
  _guichet_store_bind_text (del, 2, event_id);
  if (!_guichet_store_step (del, self->writer.db, what, error))
    goto out;

  ins = _guichet_store_prepare (
    self->writer.db,
    "INSERT OR REPLACE INTO categories (account_id, event_id, id, parent_id, kind,"
    " name, price_minor, currency, quota, sold, checked_in, sale_start, sale_end,"
    " position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
    " ?13, ?14)",
    what, error);
  if (ins == NULL)
    goto out;

  for (guint i = 0; roots != NULL && i < roots->len; i++)
    if (!insert_category_tree (self->writer.db, ins, account_id, event_id,
                               g_ptr_array_index (roots, i), NULL, &position, what, error))
      goto out;

  ok = TRUE;

out:
  sqlite3_finalize (del);
  sqlite3_finalize (ins);
  return _guichet_store_write_end (self, ok, what, error);
}

static gpointer
category_from_row (sqlite3_stmt *stmt)
{
  GuichetStoreProps props;

  _guichet_store_props_init (&props, GUICHET_TYPE_TICKET_CATEGORY);
  _guichet_store_props_string (&props, "event-id", _guichet_store_col_text (stmt, 0));
  _guichet_store_props_string (&props, "id", _guichet_store_col_text (stmt, 1));
  _guichet_store_props_string (&props, "parent-id", _guichet_store_col_text (stmt, 2));
  _guichet_store_props_int (&props, "kind",
                            category_kind_from_string (_guichet_store_col_text (stmt, 3)));
  _guichet_store_props_string (&props, "name", _guichet_store_col_text (stmt, 4));
  _guichet_store_props_int (&props, "price", sqlite3_column_int64 (stmt, 5));
  _guichet_store_props_string (&props, "currency", _guichet_store_col_text (stmt, 6));
  _guichet_store_props_int (&props, "quota", sqlite3_column_int64 (stmt, 7));
  _guichet_store_props_int (&props, "sold", sqlite3_column_int64 (stmt, 8));
  _guichet_store_props_int (&props, "checked-in", sqlite3_column_int64 (stmt, 9));
  _guichet_store_props_string (&props, "sale-start", _guichet_store_col_text (stmt, 10));
  _guichet_store_props_string (&props, "sale-end", _guichet_store_col_text (stmt, 11));
  return _guichet_store_props_build (&props);
}

GPtrArray *
guichet_store_list_categories (GuichetStore *self,
                               const char   *account_id,
                               const char   *event_id,
                               GError      **error)
{
  g_autoptr (GPtrArray) flat = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  GPtrArray *roots;

  g_return_val_if_fail (GUICHET_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  flat = _guichet_store_query_rows (
    self,
    "SELECT event_id, id, parent_id, kind, name, price_minor, currency, quota,"
    " sold, checked_in, sale_start, sale_end FROM categories"
    " WHERE account_id = ?1 AND event_id = ?2 ORDER BY position",
    account_id, event_id, category_from_row, _("Could not read the ticket categories"), error);
  if (flat == NULL)
    return NULL;

  /* Pre-order: a parent always comes before its children. */
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  roots = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < flat->len; i++)
    {
      GuichetTicketCategory *node = g_ptr_array_index (flat, i);
      const char            *parent_id = guichet_ticket_category_get_parent_id (node);
      GuichetTicketCategory *parent = NULL;

      if (parent_id != NULL)
        parent = g_hash_table_lookup (by_id, parent_id);
      if (parent != NULL)
        guichet_ticket_category_append_child (parent, node);
      else
        g_ptr_array_add (roots, g_object_ref (node));

      g_hash_table_insert (by_id, (gpointer) guichet_ticket_category_get_id (node), node);
    }

  return roots;
}
