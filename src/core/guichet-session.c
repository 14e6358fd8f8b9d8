/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-session"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-account.h"
#include "guichet-error.h"
#include "guichet-http-client.h"
#include "guichet-provider.h"
#include "guichet-secrets.h"
#include "guichet-session.h"
#include "guichet-store.h"
#include "guichet-sync.h"

/* Platforms may ask for a refresh every few seconds; the desk syncs at most
 * this often. */
#define MIN_REFRESH_INTERVAL 30

typedef struct
{
  GuichetAccount  *account;
  GuichetProvider *provider;
  GCancellable    *cancellable;
  GPtrArray       *tasks; /* GTask waiting for the end of this sync */
} SyncJob;

struct _GuichetSession
{
  GObject parent_instance;

  GuichetStore          *store;
  GuichetHttpClient     *http_client;
  GuichetProviderFactory factory;
  GCancellable          *cancellable;

  GListStore *accounts;
  /* account id -> GuichetProvider, signed in */
  GHashTable *providers;
  /* account id -> GPtrArray of GTask, while its secrets are read */
  GHashTable *loading;
  /* account id -> GuichetSyncState */
  GHashTable *states;

  GQueue       queue; /* SyncJob */
  SyncJob     *current;
  GuichetSync *sync;

  char *desk_name;
  guint saving_secrets;

  /* account id -> refresh interval in seconds (GUINT_TO_POINTER) */
  GHashTable *refresh_intervals;
  char       *refresh_account_id;
  guint       refresh_interval;
  guint       refresh_source;

  gboolean busy;
};

G_DEFINE_FINAL_TYPE (GuichetSession, guichet_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_HTTP_CLIENT,
  PROP_ACCOUNTS,
  PROP_BUSY,
  PROP_DESK_NAME,
  PROP_SAVING_SECRETS,
  PROP_SYNCING_STATE,
  N_PROPS
};

enum
{
  SYNC_FINISHED,
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void start_next_sync (GuichetSession *self);

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->account);
  g_clear_object (&job->provider);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->tasks, g_ptr_array_unref);
  g_free (job);
}

static gboolean
provider_needs_secrets (GuichetProvider *provider)
{
  GuichetProviderClass *klass = GUICHET_PROVIDER_GET_CLASS (provider);

  for (guint i = 0; klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    if (klass->credentials[i].secret)
      return TRUE;

  return FALSE;
}

static void
update_busy (GuichetSession *self)
{
  gboolean busy = self->current != NULL || !g_queue_is_empty (&self->queue);

  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Secrets */

typedef struct
{
  GuichetSession *self;
  GuichetAccount *account;
} SaveData;

static void
secrets_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveData       *save = user_data;
  GuichetSession *self = save->self;
  g_autoptr (GError) error = NULL;

  if (!guichet_secrets_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("Could not keep the renewed sign-in in the keyring: %s"),
                                   error->message);
      g_signal_emit (self, signals[WARNING], 0, save->account, message);
    }

  self->saving_secrets--;
  if (self->saving_secrets == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING_SECRETS]);

  g_object_unref (save->account);
  g_object_unref (save->self);
  g_free (save);
}

static void
on_secrets_changed (GuichetProvider *provider,
                    GuichetSession  *self)
{
  GuichetAccount *account = guichet_provider_get_account (provider);
  GHashTable     *secrets = guichet_provider_get_secrets (provider);
  SaveData       *save;

  if (account == NULL || secrets == NULL)
    return;

  /* A refreshed token: keep it in the keyring, nowhere else, and never
   * cancelled halfway (the old token may no longer work). */
  self->saving_secrets++;
  if (self->saving_secrets == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING_SECRETS]);

  save = g_new0 (SaveData, 1);
  save->self = g_object_ref (self);
  save->account = g_object_ref (account);
  guichet_secrets_store_async (guichet_account_get_id (account), guichet_account_get_name (account),
                               secrets, NULL, secrets_saved_cb, save);
}

static void
keep_provider (GuichetSession  *self,
               GuichetProvider *provider)
{
  GuichetAccount *account = guichet_provider_get_account (provider);

  g_signal_connect_object (provider, "secrets-changed", G_CALLBACK (on_secrets_changed), self, 0);
  g_hash_table_insert (self->providers, g_strdup (guichet_account_get_id (account)),
                       g_object_ref (provider));
}

static void
forget_provider (GuichetSession *self,
                 const char     *account_id)
{
  GuichetProvider *provider = g_hash_table_lookup (self->providers, account_id);

  if (provider == NULL)
    return;

  g_signal_handlers_disconnect_by_func (provider, on_secrets_changed, self);
  g_hash_table_remove (self->providers, account_id);
}

/* Providers */

GuichetProvider *
guichet_session_create_provider (GuichetSession *self,
                                 GuichetAccount *account,
                                 GError        **error)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), NULL);

  return self->factory (account, self->http_client, error);
}

typedef struct
{
  GuichetSession  *self;
  GuichetProvider *provider;
  char            *account_id;
} LoadData;

static void
load_data_free (LoadData *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->provider);
  g_free (load->account_id);
  g_free (load);
}

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadData       *load = user_data;
  GuichetSession *self = load->self;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  g_hash_table_steal_extended (self->loading, load->account_id, (gpointer *) &key,
                               (gpointer *) &waiting);
  secrets = guichet_secrets_lookup_finish (result, &error);
  if (secrets != NULL)
    {
      guichet_provider_set_secrets (load->provider, secrets);
      keep_provider (self, load->provider);
    }

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (secrets != NULL)
        g_task_return_pointer (task, g_object_ref (load->provider), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }

  load_data_free (load);
}

void
guichet_session_get_provider_async (GuichetSession     *self,
                                    GuichetAccount     *account,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  GuichetProvider *kept;
  const char      *id;
  GPtrArray       *waiting;
  LoadData        *load;

  g_return_if_fail (GUICHET_IS_SESSION (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_session_get_provider_async);

  id = guichet_account_get_id (account);
  if ((kept = g_hash_table_lookup (self->providers, id)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (kept), g_object_unref);
      return;
    }

  /* Another caller is reading the secrets already: wait with it. */
  if ((waiting = g_hash_table_lookup (self->loading, id)) != NULL)
    {
      g_ptr_array_add (waiting, g_steal_pointer (&task));
      return;
    }

  provider = self->factory (account, self->http_client, &error);
  if (provider == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!provider_needs_secrets (provider))
    {
      keep_provider (self, provider);
      g_task_return_pointer (task, g_steal_pointer (&provider), g_object_unref);
      return;
    }

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_steal_pointer (&task));
  g_hash_table_insert (self->loading, g_strdup (id), waiting);

  load = g_new0 (LoadData, 1);
  load->self = g_object_ref (self);
  load->provider = g_steal_pointer (&provider);
  load->account_id = g_strdup (id);
  guichet_secrets_lookup_async (id, self->cancellable, secrets_loaded_cb, load);
}

GuichetProvider *
guichet_session_get_provider_finish (GuichetSession *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GuichetProvider *
guichet_session_get_provider_sync (GuichetSession *self,
                                   GuichetAccount *account,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  g_autoptr (GuichetProvider) provider = NULL;
  GuichetProvider *kept;

  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kept = g_hash_table_lookup (self->providers, guichet_account_get_id (account));
  if (kept != NULL)
    return g_object_ref (kept);

  provider = self->factory (account, self->http_client, error);
  if (provider == NULL)
    return NULL;

  if (provider_needs_secrets (provider))
    {
      g_autoptr (GHashTable) secrets = NULL;

      secrets = guichet_secrets_lookup_sync (guichet_account_get_id (account), cancellable, error);
      if (secrets == NULL)
        return NULL;
      guichet_provider_set_secrets (provider, secrets);
    }

  keep_provider (self, provider);

  return g_steal_pointer (&provider);
}

void
guichet_session_set_secrets (GuichetSession *self,
                             const char     *account_id,
                             GHashTable     *secrets)
{
  GuichetProvider *provider;

  g_return_if_fail (GUICHET_IS_SESSION (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (secrets != NULL);

  provider = g_hash_table_lookup (self->providers, account_id);
  if (provider != NULL)
    guichet_provider_set_secrets (provider, secrets);

  _guichet_sync_state_set_error (guichet_session_get_sync_state (self, account_id), NULL);
}

/* Accounts */

GListModel *
guichet_session_get_accounts (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->accounts);
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  GuichetAccount *aa = *(GuichetAccount **) a;
  GuichetAccount *ab = *(GuichetAccount **) b;
  int             cmp;

  cmp = g_utf8_collate (guichet_account_get_name (aa) ? guichet_account_get_name (aa) : "",
                        guichet_account_get_name (ab) ? guichet_account_get_name (ab) : "");
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (guichet_account_get_id (aa), guichet_account_get_id (ab));
}

gboolean
guichet_session_reload_accounts (GuichetSession *self,
                                 GError        **error)
{
  g_autoptr (GPtrArray) accounts = NULL;

  g_return_val_if_fail (GUICHET_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store == NULL)
    return TRUE;

  accounts = guichet_store_list_accounts (self->store, error);
  if (accounts == NULL)
    return FALSE;

  g_ptr_array_sort (accounts, compare_accounts);
  g_list_store_splice (self->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       accounts->pdata, accounts->len);

  return TRUE;
}

GuichetAccount *
guichet_session_lookup_account (GuichetSession *self,
                                const char     *account_id)
{
  guint n;

  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);

  if (account_id == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (guichet_account_get_id (account), account_id) == 0)
        return account; /* the model keeps its reference */
    }

  return NULL;
}

GuichetSyncState *
guichet_session_get_sync_state (GuichetSession *self,
                                const char     *account_id)
{
  GuichetSyncState *state;

  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  state = g_hash_table_lookup (self->states, account_id);
  if (state == NULL)
    {
      state = guichet_sync_state_new (account_id);
      g_hash_table_insert (self->states, g_strdup (account_id), state);
    }

  return state;
}

static SyncJob *
find_queued_job (GuichetSession *self,
                 const char     *account_id,
                 GList         **link_out)
{
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      SyncJob *job = l->data;

      if (g_strcmp0 (guichet_account_get_id (job->account), account_id) == 0)
        {
          if (link_out != NULL)
            *link_out = l;
          return job;
        }
    }

  return NULL;
}

static void
return_job_tasks (SyncJob      *job,
                  const GError *error)
{
  for (guint i = 0; i < job->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (job->tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (job->tasks, 0);
}

void
guichet_session_forget_account (GuichetSession *self,
                                const char     *account_id)
{
  g_autoptr (GError) error = NULL;
  GList   *link = NULL;
  SyncJob *job;

  g_return_if_fail (GUICHET_IS_SESSION (self));
  g_return_if_fail (account_id != NULL);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The account was removed"));
  if ((job = find_queued_job (self, account_id, &link)) != NULL)
    {
      g_queue_delete_link (&self->queue, link);
      _guichet_sync_state_set_busy (guichet_session_get_sync_state (self, account_id), FALSE);
      return_job_tasks (job, error);
      sync_job_free (job);
    }
  if (self->current != NULL &&
      g_strcmp0 (guichet_account_get_id (self->current->account), account_id) == 0)
    g_cancellable_cancel (self->current->cancellable);

  forget_provider (self, account_id);
  g_hash_table_remove (self->refresh_intervals, account_id);
  if (g_strcmp0 (self->refresh_account_id, account_id) == 0)
    guichet_session_set_refresh_account (self, NULL);
  g_hash_table_remove (self->states, account_id);
  guichet_session_reload_accounts (self, NULL);
  update_busy (self);
}

/* Refresh */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  GuichetSession *self = user_data;
  GuichetAccount *account;

  /* Never on top of a running sync: the next tick will do. */
  if (self->busy)
    return G_SOURCE_CONTINUE;

  account = guichet_session_lookup_account (self, self->refresh_account_id);
  if (account != NULL)
    {
      g_debug ("Refreshing account %s", self->refresh_account_id);
      guichet_session_sync (self, account);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_refresh_timer (GuichetSession *self)
{
  guint interval = 0;

  if (self->refresh_account_id != NULL)
    interval =
      GPOINTER_TO_UINT (g_hash_table_lookup (self->refresh_intervals, self->refresh_account_id));
  if (interval > 0)
    interval = MAX (interval, MIN_REFRESH_INTERVAL);

  if (interval == self->refresh_interval && (interval == 0) == (self->refresh_source == 0))
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_interval = interval;
  if (interval > 0)
    self->refresh_source = g_timeout_add_seconds (interval, refresh_timeout_cb, self);
}

void
guichet_session_set_refresh_account (GuichetSession *self,
                                     const char     *account_id)
{
  g_return_if_fail (GUICHET_IS_SESSION (self));

  if (g_strcmp0 (self->refresh_account_id, account_id) != 0)
    {
      g_free (self->refresh_account_id);
      self->refresh_account_id = g_strdup (account_id);
      /* A new account: its own interval, counted from now. */
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      self->refresh_interval = 0;
    }

  update_refresh_timer (self);
}

/* Sync */

static void
on_sync_progress (GuichetSync    *sync,
                  GParamSpec     *pspec,
                  GuichetSession *self)
{
  GuichetSyncState *state;

  if (self->current == NULL)
    return;

  state = guichet_session_get_sync_state (self, guichet_account_get_id (self->current->account));
  _guichet_sync_state_set_fraction (state, guichet_sync_get_fraction (sync));
  _guichet_sync_state_set_status (state, guichet_sync_get_status (sync),
                                  guichet_sync_is_waiting (sync));
  _guichet_sync_state_set_participants_written (state,
                                                guichet_sync_get_participants_written (sync));
}

/* Ends the current job with @error (NULL: a success) and starts the next. */
static void
finish_job (GuichetSession *self,
            const GError   *error)
{
  SyncJob          *job = g_steal_pointer (&self->current);
  GuichetSyncState *state;
  guint             check_ins_sent = 0;
  guint             check_ins_refused = 0;
  gboolean          cancelled;

  g_assert (job != NULL);

  if (self->sync != NULL)
    {
      check_ins_sent = guichet_sync_get_check_ins_sent (self->sync);
      check_ins_refused = guichet_sync_get_check_ins_refused (self->sync);
      g_signal_handlers_disconnect_by_func (self->sync, on_sync_progress, self);
      g_clear_object (&self->sync);
    }

  cancelled = error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_debug ("Sync of account %s finished%s%s", guichet_account_get_id (job->account),
           error ? ": " : "", error ? error->message : "");

  state = g_hash_table_lookup (self->states, guichet_account_get_id (job->account));
  if (state != NULL)
    {
      _guichet_sync_state_set_busy (state,
                                    find_queued_job (self, guichet_account_get_id (job->account),
                                                     NULL) != NULL);
      _guichet_sync_state_set_fraction (state, 0.0);
      _guichet_sync_state_set_status (state, NULL, FALSE);
      _guichet_sync_state_set_check_ins (state, check_ins_sent, check_ins_refused);
      if (!cancelled)
        _guichet_sync_state_set_error (state, error);
      if (error == NULL)
        _guichet_sync_state_set_last_synced (state, g_get_real_time () / G_USEC_PER_SEC);
    }

  if (!cancelled)
    g_signal_emit (self, signals[SYNC_FINISHED], 0, job->account, error);
  return_job_tasks (job, error);
  sync_job_free (job);

  if (!g_cancellable_is_cancelled (self->cancellable))
    start_next_sync (self);
  if (self->current == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING_STATE]);
  update_busy (self);
}

static void
sync_run_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GuichetSession) self = user_data;
  g_autoptr (GError) error = NULL;

  guichet_sync_run_finish (GUICHET_SYNC (object), result, &error);
  finish_job (self, error);
}

static void
run_sync (GuichetSession *self)
{
  SyncJob *job = self->current;

  self->sync = guichet_sync_new (self->store, job->provider);
  g_signal_connect (self->sync, "notify::fraction", G_CALLBACK (on_sync_progress), self);
  g_signal_connect (self->sync, "notify::status", G_CALLBACK (on_sync_progress), self);
  g_signal_connect (self->sync, "notify::participants-written", G_CALLBACK (on_sync_progress),
                    self);
  guichet_sync_run_async (self->sync, NULL, job->cancellable, sync_run_cb, g_object_ref (self));
}

static void
desk_registered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GuichetSession) self = user_data;
  SyncJob *job = self->current;
  g_autoptr (GError) error = NULL;
  guint interval = 0;

  if (!guichet_provider_register_desk_finish (GUICHET_PROVIDER (object), result, &interval, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish_job (self, error);
          return;
        }

      /* Not every platform has door stations; a refused sign-in is
       * reported by the sync that follows. */
      if (!g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED) &&
          !g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_AUTH_REJECTED))
        {
          g_autofree char *message = NULL;

          /* Translators: %s says why */
          message = g_strdup_printf (_("Could not register this desk: %s"), error->message);
          g_signal_emit (self, signals[WARNING], 0, job->account, message);
        }
    }
  else
    {
      g_debug ("Account %s asks for a refresh every %u s", guichet_account_get_id (job->account),
               interval);
      g_hash_table_insert (self->refresh_intervals,
                           g_strdup (guichet_account_get_id (job->account)),
                           GUINT_TO_POINTER (interval));
      update_refresh_timer (self);
    }

  run_sync (self);
}

static void
sync_provider_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GuichetSession) self = user_data;
  SyncJob *job = self->current;
  g_autoptr (GError) error = NULL;

  job->provider = guichet_session_get_provider_finish (self, result, &error);
  if (job->provider == NULL)
    {
      finish_job (self, error);
      return;
    }

  /* Before each sync, the desk introduces itself (door stations); a
   * session without a desk name (the CLI) does not. */
  if (self->desk_name == NULL)
    {
      run_sync (self);
      return;
    }

  guichet_provider_register_desk_async (job->provider, self->desk_name, job->cancellable,
                                        desk_registered_cb, g_object_ref (self));
}

static void
start_next_sync (GuichetSession *self)
{
  GuichetSyncState *state;
  SyncJob          *job;

  if (self->current != NULL)
    return;

  job = g_queue_pop_head (&self->queue);
  self->current = job;
  update_busy (self);
  if (job == NULL)
    return;

  g_debug ("Syncing account %s", guichet_account_get_id (job->account));

  state = guichet_session_get_sync_state (self, guichet_account_get_id (job->account));
  _guichet_sync_state_set_busy (state, TRUE);
  _guichet_sync_state_set_fraction (state, 0.0);
  _guichet_sync_state_set_participants_written (state, 0);
  _guichet_sync_state_set_status (state, _("Starting…"), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING_STATE]);

  guichet_session_get_provider_async (self, job->account, job->cancellable, sync_provider_cb,
                                      g_object_ref (self));
}

void
guichet_session_sync_async (GuichetSession     *self,
                            GuichetAccount     *account,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  const char *id;
  SyncJob    *job;

  g_return_if_fail (GUICHET_IS_SESSION (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_session_sync_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, GUICHET_ERROR, GUICHET_ERROR_STORE,
                               _("The local database is not available"));
      return;
    }

  /* Already waiting: the caller waits for that one. A running sync may
   * have passed what the caller wants to see: queue another. */
  id = guichet_account_get_id (account);
  if ((job = find_queued_job (self, id, NULL)) == NULL)
    {
      job = g_new0 (SyncJob, 1);
      job->account = g_object_ref (account);
      job->cancellable = g_cancellable_new ();
      job->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_queue_push_tail (&self->queue, job);
    }
  g_ptr_array_add (job->tasks, g_steal_pointer (&task));

  _guichet_sync_state_set_busy (guichet_session_get_sync_state (self, id), TRUE);
  update_busy (self);
  start_next_sync (self);
}

gboolean
guichet_session_sync_finish (GuichetSession *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
guichet_session_sync (GuichetSession *self,
                      GuichetAccount *account)
{
  g_return_if_fail (GUICHET_IS_SESSION (self));
  g_return_if_fail (GUICHET_IS_ACCOUNT (account));

  /* Running now or waiting its turn: nothing to add. */
  if (self->current != NULL && g_strcmp0 (guichet_account_get_id (self->current->account),
                                          guichet_account_get_id (account)) == 0)
    return;

  guichet_session_sync_async (self, account, NULL, NULL, NULL);
}

void
guichet_session_sync_all (GuichetSession *self)
{
  guint n;

  g_return_if_fail (GUICHET_IS_SESSION (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      guichet_session_sync (self, account);
    }
}

/* Properties */

GuichetStore *
guichet_session_get_store (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  return self->store;
}

GuichetHttpClient *
guichet_session_get_http_client (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  return self->http_client;
}

GuichetSyncState *
guichet_session_get_syncing_state (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);

  if (self->current == NULL)
    return NULL;

  return guichet_session_get_sync_state (self, guichet_account_get_id (self->current->account));
}

gboolean
guichet_session_get_busy (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), FALSE);
  return self->busy;
}

gboolean
guichet_session_get_saving_secrets (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), FALSE);
  return self->saving_secrets > 0;
}

const char *
guichet_session_get_desk_name (GuichetSession *self)
{
  g_return_val_if_fail (GUICHET_IS_SESSION (self), NULL);
  return self->desk_name;
}

void
guichet_session_set_desk_name (GuichetSession *self,
                               const char     *desk_name)
{
  g_return_if_fail (GUICHET_IS_SESSION (self));

  if (g_strcmp0 (self->desk_name, desk_name) == 0)
    return;

  g_free (self->desk_name);
  self->desk_name = g_strdup (desk_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK_NAME]);
}

static void
guichet_session_dispose (GObject *object)
{
  GuichetSession *self = GUICHET_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->current != NULL)
    g_cancellable_cancel (self->current->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  G_OBJECT_CLASS (guichet_session_parent_class)->dispose (object);
}

static void
guichet_session_finalize (GObject *object)
{
  GuichetSession *self = GUICHET_SESSION (object);
  GHashTableIter  iter;
  gpointer        value;

  /* Jobs and loads hold a reference to the session: none is left. */
  g_assert (self->current == NULL);
  g_assert (g_hash_table_size (self->loading) == 0);

  g_queue_clear_full (&self->queue, (GDestroyNotify) sync_job_free);
  g_hash_table_iter_init (&iter, self->providers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_signal_handlers_disconnect_by_func (value, on_secrets_changed, self);
  g_clear_pointer (&self->providers, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->refresh_intervals, g_hash_table_unref);
  g_clear_pointer (&self->refresh_account_id, g_free);
  g_clear_pointer (&self->desk_name, g_free);
  g_clear_object (&self->accounts);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->http_client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (guichet_session_parent_class)->finalize (object);
}

static void
guichet_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GuichetSession *self = GUICHET_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http_client);
      break;
    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_DESK_NAME:
      g_value_set_string (value, self->desk_name);
      break;
    case PROP_SAVING_SECRETS:
      g_value_set_boolean (value, self->saving_secrets > 0);
      break;
    case PROP_SYNCING_STATE:
      g_value_set_object (value, guichet_session_get_syncing_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GuichetSession *self = GUICHET_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_HTTP_CLIENT:
      self->http_client = g_value_dup_object (value);
      break;
    case PROP_DESK_NAME:
      guichet_session_set_desk_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_session_class_init (GuichetSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_session_dispose;
  object_class->finalize = guichet_session_finalize;
  object_class->get_property = guichet_session_get_property;
  object_class->set_property = guichet_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GUICHET_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, GUICHET_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNTS] = g_param_spec_object ("accounts", NULL, NULL, G_TYPE_LIST_MODEL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESK_NAME] =
    g_param_spec_string ("desk-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING_SECRETS] =
    g_param_spec_boolean ("saving-secrets", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SYNCING_STATE] =
    g_param_spec_object ("syncing-state", NULL, NULL, GUICHET_TYPE_SYNC_STATE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, GUICHET_TYPE_ACCOUNT,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[WARNING] = g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, GUICHET_TYPE_ACCOUNT, G_TYPE_STRING);
}

static void
guichet_session_init (GuichetSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->accounts = g_list_store_new (GUICHET_TYPE_ACCOUNT);
  self->providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->loading =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->refresh_intervals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);
}

GuichetSession *
guichet_session_new (GuichetStore          *store,
                     GuichetHttpClient     *http_client,
                     GuichetProviderFactory factory)
{
  g_autoptr (GuichetHttpClient) own_client = NULL;
  GuichetSession *self;

  g_return_val_if_fail (store == NULL || GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (http_client == NULL || GUICHET_IS_HTTP_CLIENT (http_client), NULL);
  g_return_val_if_fail (factory != NULL, NULL);

  if (http_client == NULL)
    http_client = own_client = guichet_http_client_new ();

  self = g_object_new (GUICHET_TYPE_SESSION, "store", store, "http-client", http_client, NULL);
  self->factory = factory;
  guichet_session_reload_accounts (self, NULL);

  return self;
}
