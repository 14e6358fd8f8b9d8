/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-account-setup"

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "guichet-account.h"
#include "guichet-account-setup.h"
#include "guichet-secrets.h"
#include "guichet-store.h"

/* Test only: with GUICHET_TEST_KILL_AT=STEP in the environment the process
 * kills itself with SIGKILL at STEP, so that tests can check what a crash
 * at that very point leaves (tests/test-weezevent-cli.py). Harmless: it
 * can only end the process early, as any crash would. */
static void
test_kill_point (const char *step)
{
  if (g_strcmp0 (g_getenv ("GUICHET_TEST_KILL_AT"), step) == 0)
    kill (getpid (), SIGKILL);
}

gboolean
guichet_account_setup_save_sync (GuichetStore   *store,
                                 GuichetAccount *account,
                                 GHashTable     *secrets,
                                 gboolean        is_new,
                                 gboolean       *row_kept,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  const char *id;
  GError     *local_error = NULL;

  g_return_val_if_fail (GUICHET_IS_STORE (store), FALSE);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (secrets != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (row_kept != NULL)
    *row_kept = !is_new;
  id = guichet_account_get_id (account);

  /* The row first: a secret is never in the keyring without it. */
  if (!guichet_store_save_account (store, account, error))
    return FALSE;
  if (row_kept != NULL)
    *row_kept = TRUE;
  test_kill_point ("account-add-saved");

  if (guichet_secrets_store_sync (id, guichet_account_get_name (account), secrets, cancellable,
                                  &local_error))
    return TRUE;

  /* Some of the secrets may have been written: take them out, then the
   * row of a new account. A row left behind asks to sign in again. */
  if (is_new)
    {
      g_autoptr (GError) clear_error = NULL;
      g_autoptr (GError) delete_error = NULL;

      if (guichet_secrets_clear_sync (id, NULL, &clear_error) &&
          guichet_store_delete_account (store, id, &delete_error))
        {
          if (row_kept != NULL)
            *row_kept = FALSE;
        }
      else
        g_debug ("Could not undo the half-added account %s: %s", id,
                 clear_error ? clear_error->message : delete_error->message);
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

typedef struct
{
  GuichetStore   *store;
  GuichetAccount *account;
  GHashTable     *secrets;
  gboolean        is_new;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->account);
  g_clear_pointer (&data->secrets, g_hash_table_unref);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError   *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (guichet_account_setup_save_sync (data->store, data->account, data->secrets, data->is_new,
                                       NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_account_setup_save_async (GuichetStore       *store,
                                  GuichetAccount     *account,
                                  GHashTable         *secrets,
                                  gboolean            is_new,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (GUICHET_IS_STORE (store));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));
  g_return_if_fail (secrets != NULL);

  data = g_new0 (SaveData, 1);
  data->store = g_object_ref (store);
  data->account = g_object_ref (account);
  data->secrets = g_hash_table_ref (secrets);
  data->is_new = is_new;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_account_setup_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
guichet_account_setup_save_finish (GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint
guichet_account_setup_sweep_sync (GuichetStore *store,
                                  GCancellable *cancellable,
                                  GError      **error)
{
  g_auto (GStrv) keyring_ids = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GHashTable) known = NULL;
  gint removed = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (store), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* The keyring first, then the rows: see the header. */
  keyring_ids = guichet_secrets_list_accounts_sync (cancellable, error);
  if (keyring_ids == NULL)
    return -1;
  if (keyring_ids[0] == NULL)
    return 0;

  accounts = guichet_store_list_accounts (store, error);
  if (accounts == NULL)
    return -1;
  known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < accounts->len; i++)
    g_hash_table_add (known, (gpointer) guichet_account_get_id (g_ptr_array_index (accounts, i)));

  for (guint i = 0; keyring_ids[i] != NULL; i++)
    {
      g_autoptr (GError) clear_error = NULL;

      if (g_hash_table_contains (known, keyring_ids[i]))
        continue;
      if (guichet_secrets_clear_sync (keyring_ids[i], cancellable, &clear_error))
        {
          g_debug ("Removed the secrets of %s, an account that does not exist", keyring_ids[i]);
          removed++;
        }
      else
        g_debug ("Could not remove the orphaned secrets of %s: %s", keyring_ids[i],
                 clear_error->message);
    }
  return removed;
}

static void
sweep_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  gint    removed = guichet_account_setup_sweep_sync (task_data, cancellable, &error);

  if (removed < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, removed);
}

void
guichet_account_setup_sweep_async (GuichetStore       *store,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (GUICHET_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_account_setup_sweep_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, sweep_thread);
}

gint
guichet_account_setup_sweep_finish (GAsyncResult *result,
                                    GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return (gint) g_task_propagate_int (G_TASK (result), error);
}
