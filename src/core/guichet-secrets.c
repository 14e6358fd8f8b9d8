/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "guichet-error.h"
#include "guichet-secrets.h"

#define ATTRIBUTE_ACCOUNT "account"
#define ATTRIBUTE_KIND "kind"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    .name = APP_ID,
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = ATTRIBUTE_ACCOUNT, .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = ATTRIBUTE_KIND, .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

static gboolean
error_says (const GError *error,
            const char   *text)
{
  return error->message != NULL && strstr (error->message, text) != NULL;
}

/* Turns a libsecret / D-Bus failure into GUICHET_ERROR_SECRETS with a
 * message that says what happened and what to do. Cancellation stays
 * G_IO_ERROR_CANCELLED so callers can ignore it. */
GError *
_guichet_secrets_translate_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == GUICHET_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      error_says (error, "was not provided by any .service files"))
    return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_SECRETS,
                                _("No keyring service (Secret Service) is running. "
                                  "Install and start GNOME Keyring or KeePassXC’s "
                                  "Secret Service."));

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
      error_says (error, "Object does not exist at path"))
    return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_SECRETS,
                                _("The keyring is locked or has no default collection. "
                                  "Unlock it (Passwords and Keys) and try again."));

  if (error_says (error, "Cannot autolaunch D-Bus") ||
      error_says (error, "DBUS_SESSION_BUS_ADDRESS") ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_FILE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED))
    return g_error_new_literal (GUICHET_ERROR, GUICHET_ERROR_SECRETS,
                                _("Guichet could not reach the session bus, so it cannot "
                                  "use the keyring. Start Guichet inside a desktop "
                                  "session."));

  return g_error_new (GUICHET_ERROR, GUICHET_ERROR_SECRETS,
                      _("The keyring failed: %s"), error->message);
}

static gboolean
propagate_translated (GError **error,
                      GError  *local_error)
{
  g_assert (local_error != NULL);

  g_debug ("Secret Service: %s", local_error->message);
  g_propagate_error (error, _guichet_secrets_translate_error (local_error));
  g_error_free (local_error);

  return FALSE;
}

static GHashTable *
new_attributes (const char *account_id,
                const char *kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_ACCOUNT, (gpointer) account_id);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_KIND, (gpointer) kind);

  return attributes;
}

static GHashTable *
new_secrets_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The items of the account (with their secrets loaded), kind -> value. */
static GHashTable *
lookup_internal (const char   *account_id,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autoptr (GHashTable) attributes = new_attributes (account_id, NULL);
  g_autoptr (GHashTable) secrets = new_secrets_table ();
  GError *local_error = NULL;
  GList  *items;

  items = secret_password_searchv_sync (get_schema (), attributes,
                                        (SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                         SECRET_SEARCH_LOAD_SECRETS),
                                        cancellable, &local_error);
  if (local_error != NULL)
    {
      g_list_free_full (items, g_object_unref);
      propagate_translated (error, local_error);
      return NULL;
    }

  for (const GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      g_autoptr (GHashTable) item_attributes = secret_retrievable_get_attributes (item);
      g_autoptr (SecretValue) value = NULL;
      const char *kind;
      const char *text;

      kind = item_attributes ? g_hash_table_lookup (item_attributes, ATTRIBUTE_KIND) : NULL;
      if (kind == NULL)
        continue;

      value = secret_retrievable_retrieve_secret_sync (item, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_list_free_full (items, g_object_unref);
          propagate_translated (error, local_error);
          return NULL;
        }

      /* An item whose secret cannot be read is in a locked collection
       * (libsecret gives no error): say so, rather than letting the
       * caller think the account has no secrets and must sign in again. */
      if (value == NULL)
        {
          g_list_free_full (items, g_object_unref);
          local_error = g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "locked");
          propagate_translated (error, local_error);
          return NULL;
        }

      text = secret_value_get_text (value);
      if (text == NULL)
        continue;

      g_hash_table_replace (secrets, g_strdup (kind), g_strdup (text));
    }

  g_list_free_full (items, g_object_unref);

  return g_steal_pointer (&secrets);
}

GHashTable *
guichet_secrets_lookup_sync (const char   *account_id,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_return_val_if_fail (account_id != NULL && account_id[0] != '\0', NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lookup_internal (account_id, cancellable, error);
}

gboolean
guichet_secrets_store_sync (const char   *account_id,
                            const char   *account_label,
                            GHashTable   *secrets,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr (GHashTable) existing = NULL;
  GHashTableIter iter;
  gpointer       key, value;
  GError        *local_error = NULL;

  g_return_val_if_fail (account_id != NULL && account_id[0] != '\0', FALSE);
  g_return_val_if_fail (secrets != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (account_label == NULL || account_label[0] == '\0')
    account_label = account_id;

  existing = lookup_internal (account_id, cancellable, error);
  if (existing == NULL)
    return FALSE;

  /* One item per kind. An item that changes is deleted, then written
   * again: gnome-keyring warns when an item is replaced in place. */
  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr (GHashTable) attributes = NULL;
      g_autofree char *label = NULL;
      const char      *old_value;

      if (key == NULL || value == NULL)
        continue;

      old_value = g_hash_table_lookup (existing, key);
      if (g_strcmp0 (old_value, value) == 0)
        continue;

      attributes = new_attributes (account_id, key);

      if (old_value != NULL)
        {
          secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error);
          if (local_error != NULL)
            return propagate_translated (error, local_error);
        }

      /* Translators: the label of a keyring item; the first %s is the
       * account's name, the second the kind of secret ("api_key"). */
      label = g_strdup_printf (_("Guichet: %s (%s)"), account_label, (const char *) key);

      if (!secret_password_storev_sync (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                                        value, cancellable, &local_error))
        return propagate_translated (error, local_error);
    }

  /* Then remove the kinds the account no longer has. */
  g_hash_table_iter_init (&iter, existing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr (GHashTable) attributes = NULL;

      if (g_hash_table_lookup (secrets, key) != NULL)
        continue;

      attributes = new_attributes (account_id, key);
      secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error);
      if (local_error != NULL)
        return propagate_translated (error, local_error);
    }

  return TRUE;
}

gboolean
guichet_secrets_clear_sync (const char   *account_id,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *local_error = NULL;
  GList  *remaining;

  g_return_val_if_fail (account_id != NULL && account_id[0] != '\0', FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  attributes = new_attributes (account_id, NULL);

  /* Clears every matching item; FALSE without error when there were none. */
  secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error);
  if (local_error != NULL)
    return propagate_translated (error, local_error);

  /* A locked collection keeps its items and libsecret says nothing:
   * check that none is left, locked ones included, before anyone
   * forgets the account they belong to. */
  remaining = secret_password_searchv_sync (get_schema (), attributes, SECRET_SEARCH_ALL,
                                            cancellable, &local_error);
  if (local_error != NULL)
    return propagate_translated (error, local_error);
  if (remaining != NULL)
    {
      g_list_free_full (remaining, g_object_unref);
      g_set_error_literal (
        error, GUICHET_ERROR, GUICHET_ERROR_SECRETS,
        _("The keyring is locked, so the secrets of this account could not be removed. "
                             "Unlock it (Passwords and Keys) and try again."));
      return FALSE;
    }

  return TRUE;
}

char **
guichet_secrets_list_accounts_sync (GCancellable *cancellable,
                                    GError      **error)
{
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local_error = NULL;
  GList  *items;

  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Every item of the schema, locked ones included (their attributes are
   * readable, their secrets are not needed). */
  items = secret_password_searchv_sync (get_schema (), attributes, SECRET_SEARCH_ALL, cancellable,
                                        &local_error);
  if (local_error != NULL)
    {
      propagate_translated (error, local_error);
      return NULL;
    }
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr (GHashTable) item_attributes = secret_retrievable_get_attributes (l->data);
      const char *id =
        item_attributes ? g_hash_table_lookup (item_attributes, ATTRIBUTE_ACCOUNT) : NULL;

      if (id != NULL && *id != '\0' && !g_hash_table_contains (seen, id))
        {
          char *copy = g_strdup (id);

          g_ptr_array_add (ids, copy);
          g_hash_table_add (seen, copy);
        }
    }
  g_list_free_full (items, g_object_unref);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* Async variants: the blocking calls above in a worker thread. */

typedef struct
{
  char       *account_id;
  char       *account_label;
  GHashTable *secrets;
} SecretsData;

static void
secrets_data_free (SecretsData *data)
{
  g_clear_pointer (&data->account_id, g_free);
  g_clear_pointer (&data->account_label, g_free);
  g_clear_pointer (&data->secrets, g_hash_table_unref);
  g_free (data);
}

static GHashTable *
copy_secrets (GHashTable *secrets)
{
  GHashTable    *copy = new_secrets_table ();
  GHashTableIter iter;
  gpointer       key, value;

  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (key != NULL && value != NULL)
      g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

static GTask *
new_task (gpointer            source_tag,
          const char         *account_id,
          const char         *account_label,
          GHashTable         *secrets,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask       *task = g_task_new (NULL, cancellable, callback, user_data);
  SecretsData *data = g_new0 (SecretsData, 1);

  g_task_set_source_tag (task, source_tag);
  data->account_id = g_strdup (account_id);
  data->account_label = g_strdup (account_label);
  data->secrets = secrets ? copy_secrets (secrets) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) secrets_data_free);

  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretsData *data = task_data;
  GError      *error = NULL;

  if (guichet_secrets_store_sync (data->account_id, data->account_label, data->secrets, cancellable,
                                  &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_secrets_store_async (const char         *account_id,
                             const char         *account_label,
                             GHashTable         *secrets,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (secrets != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = new_task (guichet_secrets_store_async, account_id, account_label, secrets, cancellable,
                   callback, user_data);
  g_task_run_in_thread (task, store_thread);
}

gboolean
guichet_secrets_store_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_secrets_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SecretsData *data = task_data;
  GError      *error = NULL;
  GHashTable  *secrets;

  secrets = guichet_secrets_lookup_sync (data->account_id, cancellable, &error);
  if (secrets != NULL)
    g_task_return_pointer (task, secrets, (GDestroyNotify) g_hash_table_unref);
  else
    g_task_return_error (task, error);
}

void
guichet_secrets_lookup_async (const char         *account_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = new_task (guichet_secrets_lookup_async, account_id, NULL, NULL, cancellable, callback,
                   user_data);
  g_task_run_in_thread (task, lookup_thread);
}

GHashTable *
guichet_secrets_lookup_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_secrets_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretsData *data = task_data;
  GError      *error = NULL;

  if (guichet_secrets_clear_sync (data->account_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
guichet_secrets_clear_async (const char         *account_id,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = new_task (guichet_secrets_clear_async, account_id, NULL, NULL, cancellable, callback,
                   user_data);
  g_task_run_in_thread (task, clear_thread);
}

gboolean
guichet_secrets_clear_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_secrets_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
