/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-check-in"

#include "config.h"

#include "guichet-check-in.h"
#include "guichet-util-private.h"
#include "guichet-enums.h"

struct _GuichetCheckIn
{
  GObject parent_instance;

  gint64             id;
  char              *account_id;
  char              *event_id;
  char              *date_id;
  char              *code;
  char              *participant_id;
  gint64             time;
  char              *desk;
  GuichetDirection   direction;
  GuichetVerdict     verdict;
  GuichetReason      reason;
  gboolean           synced;
  gboolean           undone;
  GuichetRemoteState remote;
  char              *remote_message;
};

G_DEFINE_FINAL_TYPE (GuichetCheckIn, guichet_check_in, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_EVENT_ID,
  PROP_DATE_ID,
  PROP_CODE,
  PROP_PARTICIPANT_ID,
  PROP_TIME,
  PROP_DESK,
  PROP_DIRECTION,
  PROP_VERDICT,
  PROP_REASON,
  PROP_SYNCED,
  PROP_UNDONE,
  PROP_REMOTE,
  PROP_REMOTE_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_check_in_finalize (GObject *object)
{
  GuichetCheckIn *self = GUICHET_CHECK_IN (object);

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->date_id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->participant_id, g_free);
  g_clear_pointer (&self->desk, g_free);
  g_clear_pointer (&self->remote_message, g_free);

  G_OBJECT_CLASS (guichet_check_in_parent_class)->finalize (object);
}

static void
guichet_check_in_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GuichetCheckIn *self = GUICHET_CHECK_IN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;

    case PROP_DATE_ID:
      g_value_set_string (value, self->date_id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_PARTICIPANT_ID:
      g_value_set_string (value, self->participant_id);
      break;

    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_DESK:
      g_value_set_string (value, self->desk);
      break;

    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;

    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;

    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;

    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;

    case PROP_UNDONE:
      g_value_set_boolean (value, self->undone);
      break;

    case PROP_REMOTE:
      g_value_set_enum (value, self->remote);
      break;

    case PROP_REMOTE_MESSAGE:
      g_value_set_string (value, self->remote_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_check_in_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GuichetCheckIn *self = GUICHET_CHECK_IN (object);
  gboolean        changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = self->id != g_value_get_int64 (value);
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ACCOUNT_ID:
      changed = _guichet_set_string (&self->account_id, g_value_get_string (value));
      break;

    case PROP_EVENT_ID:
      changed = _guichet_set_string (&self->event_id, g_value_get_string (value));
      break;

    case PROP_DATE_ID:
      changed = _guichet_set_string (&self->date_id, g_value_get_string (value));
      break;

    case PROP_CODE:
      changed = _guichet_set_string (&self->code, g_value_get_string (value));
      break;

    case PROP_PARTICIPANT_ID:
      changed = _guichet_set_string (&self->participant_id, g_value_get_string (value));
      break;

    case PROP_TIME:
      changed = self->time != g_value_get_int64 (value);
      self->time = g_value_get_int64 (value);
      break;

    case PROP_DESK:
      changed = _guichet_set_string (&self->desk, g_value_get_string (value));
      break;

    case PROP_DIRECTION:
      changed = (int) self->direction != g_value_get_enum (value);
      self->direction = g_value_get_enum (value);
      break;

    case PROP_VERDICT:
      changed = (int) self->verdict != g_value_get_enum (value);
      self->verdict = g_value_get_enum (value);
      break;

    case PROP_REASON:
      changed = (int) self->reason != g_value_get_enum (value);
      self->reason = g_value_get_enum (value);
      break;

    case PROP_SYNCED:
      changed = self->synced != g_value_get_boolean (value);
      self->synced = g_value_get_boolean (value);
      break;

    case PROP_UNDONE:
      changed = self->undone != g_value_get_boolean (value);
      self->undone = g_value_get_boolean (value);
      break;

    case PROP_REMOTE:
      changed = self->remote != (GuichetRemoteState) g_value_get_enum (value);
      self->remote = g_value_get_enum (value);
      break;

    case PROP_REMOTE_MESSAGE:
      changed = g_strcmp0 (self->remote_message, g_value_get_string (value)) != 0;
      if (changed)
        {
          g_free (self->remote_message);
          self->remote_message = g_value_dup_string (value);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_check_in_class_init (GuichetCheckInClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_check_in_finalize;
  object_class->get_property = guichet_check_in_get_property;
  object_class->set_property = guichet_check_in_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);

  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);

  properties[PROP_DATE_ID] = g_param_spec_string ("date-id", NULL, NULL, NULL, flags);

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);

  properties[PROP_PARTICIPANT_ID] = g_param_spec_string ("participant-id", NULL, NULL, NULL, flags);

  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_DESK] = g_param_spec_string ("desk", NULL, NULL, NULL, flags);

  properties[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL, GUICHET_TYPE_DIRECTION,
                                                  GUICHET_DIRECTION_IN, flags);

  properties[PROP_VERDICT] = g_param_spec_enum ("verdict", NULL, NULL, GUICHET_TYPE_VERDICT,
                                                GUICHET_VERDICT_ADMITTED, flags);

  properties[PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL, GUICHET_TYPE_REASON, GUICHET_REASON_NONE, flags);

  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE, flags);

  properties[PROP_UNDONE] = g_param_spec_boolean ("undone", NULL, NULL, FALSE, flags);

  properties[PROP_REMOTE] = g_param_spec_enum ("remote", NULL, NULL, GUICHET_TYPE_REMOTE_STATE,
                                               GUICHET_REMOTE_LOCAL, flags);

  properties[PROP_REMOTE_MESSAGE] = g_param_spec_string ("remote-message", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_check_in_init (GuichetCheckIn *self)
{
  self->direction = GUICHET_DIRECTION_IN;
  self->verdict = GUICHET_VERDICT_ADMITTED;
  self->reason = GUICHET_REASON_NONE;
}

gint64
guichet_check_in_get_id (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), 0);

  return self->id;
}

const char *
guichet_check_in_get_account_id (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->account_id;
}

const char *
guichet_check_in_get_event_id (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->event_id;
}

const char *
guichet_check_in_get_date_id (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->date_id;
}

const char *
guichet_check_in_get_code (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->code;
}

const char *
guichet_check_in_get_participant_id (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->participant_id;
}

gint64
guichet_check_in_get_time (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), 0);

  return self->time;
}

const char *
guichet_check_in_get_desk (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->desk;
}

GuichetDirection
guichet_check_in_get_direction (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), GUICHET_DIRECTION_IN);

  return self->direction;
}

GuichetVerdict
guichet_check_in_get_verdict (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), GUICHET_VERDICT_ADMITTED);

  return self->verdict;
}

GuichetReason
guichet_check_in_get_reason (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), GUICHET_REASON_NONE);

  return self->reason;
}

gboolean
guichet_check_in_get_synced (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), FALSE);

  return self->synced;
}

gboolean
guichet_check_in_get_undone (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), FALSE);

  return self->undone;
}

GuichetRemoteState
guichet_check_in_get_remote (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), GUICHET_REMOTE_LOCAL);

  return self->remote;
}

/* Why the provider refused it (a CONFLICT), or NULL. */
const char *
guichet_check_in_get_remote_message (GuichetCheckIn *self)
{
  g_return_val_if_fail (GUICHET_IS_CHECK_IN (self), NULL);

  return self->remote_message;
}
