/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-sync-state"

#include "config.h"

#include "guichet-sync-state.h"

struct _GuichetSyncState
{
  GObject parent_instance;

  char    *account_id;
  gboolean busy;
  double   fraction;
  char    *status;
  gboolean waiting;
  GError  *error;
  gint64   last_synced;
  gint64   participants_written;
  guint    check_ins_sent;
  guint    check_ins_refused;
};

G_DEFINE_FINAL_TYPE (GuichetSyncState, guichet_sync_state, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACCOUNT_ID,
  PROP_BUSY,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_ERROR,
  PROP_LAST_SYNCED,
  PROP_PARTICIPANTS_WRITTEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_sync_state_finalize (GObject *object)
{
  GuichetSyncState *self = GUICHET_SYNC_STATE (object);

  g_free (self->account_id);
  g_free (self->status);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (guichet_sync_state_parent_class)->finalize (object);
}

static void
guichet_sync_state_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GuichetSyncState *self = GUICHET_SYNC_STATE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_PARTICIPANTS_WRITTEN:
      g_value_set_int64 (value, self->participants_written);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_sync_state_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GuichetSyncState *self = GUICHET_SYNC_STATE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_sync_state_class_init (GuichetSyncStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = guichet_sync_state_finalize;
  object_class->get_property = guichet_sync_state_get_property;
  object_class->set_property = guichet_sync_state_set_property;

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PARTICIPANTS_WRITTEN] =
    g_param_spec_int64 ("participants-written", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_sync_state_init (GuichetSyncState *self)
{
  self->status = g_strdup ("");
}

GuichetSyncState *
guichet_sync_state_new (const char *account_id)
{
  g_return_val_if_fail (account_id != NULL, NULL);

  return g_object_new (GUICHET_TYPE_SYNC_STATE, "account-id", account_id, NULL);
}

const char *
guichet_sync_state_get_account_id (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), NULL);
  return self->account_id;
}

gboolean
guichet_sync_state_get_busy (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), FALSE);
  return self->busy;
}

double
guichet_sync_state_get_fraction (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), 0.0);
  return self->fraction;
}

const char *
guichet_sync_state_get_status (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), NULL);
  return self->status;
}

gboolean
guichet_sync_state_is_waiting (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), FALSE);
  return self->waiting;
}

const GError *
guichet_sync_state_get_error (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), NULL);
  return self->error;
}

gint64
guichet_sync_state_get_last_synced (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), 0);
  return self->last_synced;
}

void
_guichet_sync_state_set_busy (GuichetSyncState *self,
                              gboolean          busy)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_guichet_sync_state_set_fraction (GuichetSyncState *self,
                                  double            fraction)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
_guichet_sync_state_set_status (GuichetSyncState *self,
                                const char       *status,
                                gboolean          waiting)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  if (status == NULL)
    status = "";
  /* Told before the status's notification, which reads it */
  self->waiting = waiting;
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_guichet_sync_state_set_error (GuichetSyncState *self,
                               const GError     *error)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL &&
      g_error_matches (self->error, error->domain, error->code) &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

void
_guichet_sync_state_set_last_synced (GuichetSyncState *self,
                                     gint64            last_synced)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  if (self->last_synced == last_synced)
    return;

  self->last_synced = last_synced;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

gint64
guichet_sync_state_get_participants_written (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), 0);
  return self->participants_written;
}

void
_guichet_sync_state_set_participants_written (GuichetSyncState *self,
                                              gint64            written)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  if (self->participants_written == written)
    return;

  self->participants_written = written;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS_WRITTEN]);
}

guint
guichet_sync_state_get_check_ins_sent (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), 0);
  return self->check_ins_sent;
}

guint
guichet_sync_state_get_check_ins_refused (GuichetSyncState *self)
{
  g_return_val_if_fail (GUICHET_IS_SYNC_STATE (self), 0);
  return self->check_ins_refused;
}

void
_guichet_sync_state_set_check_ins (GuichetSyncState *self,
                                   guint             sent,
                                   guint             refused)
{
  g_return_if_fail (GUICHET_IS_SYNC_STATE (self));

  self->check_ins_sent = sent;
  self->check_ins_refused = refused;
}
