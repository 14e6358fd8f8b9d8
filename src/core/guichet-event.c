/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-event"

#include "config.h"

#include "guichet-event.h"
#include "guichet-util-private.h"

struct _GuichetEvent
{
  GObject parent_instance;

  char    *account_id;
  char    *id;
  char    *name;
  char    *start;
  char    *end;
  char    *venue;
  char    *status;
  gboolean multiple_dates;
  gint64   participant_count;
  char    *currency;
  char    *series_id;
};

G_DEFINE_FINAL_TYPE (GuichetEvent, guichet_event, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACCOUNT_ID,
  PROP_ID,
  PROP_NAME,
  PROP_START,
  PROP_END,
  PROP_VENUE,
  PROP_STATUS,
  PROP_MULTIPLE_DATES,
  PROP_PARTICIPANT_COUNT,
  PROP_CURRENCY,
  PROP_SERIES_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_event_finalize (GObject *object)
{
  GuichetEvent *self = GUICHET_EVENT (object);

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->start, g_free);
  g_clear_pointer (&self->end, g_free);
  g_clear_pointer (&self->venue, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->series_id, g_free);

  G_OBJECT_CLASS (guichet_event_parent_class)->finalize (object);
}

static void
guichet_event_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GuichetEvent *self = GUICHET_EVENT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_START:
      g_value_set_string (value, self->start);
      break;

    case PROP_END:
      g_value_set_string (value, self->end);
      break;

    case PROP_VENUE:
      g_value_set_string (value, self->venue);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_MULTIPLE_DATES:
      g_value_set_boolean (value, self->multiple_dates);
      break;

    case PROP_PARTICIPANT_COUNT:
      g_value_set_int64 (value, self->participant_count);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_SERIES_ID:
      g_value_set_string (value, self->series_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_event_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GuichetEvent *self = GUICHET_EVENT (object);
  gboolean      changed = FALSE;

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      changed = _guichet_set_string (&self->account_id, g_value_get_string (value));
      break;

    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_NAME:
      changed = _guichet_set_string (&self->name, g_value_get_string (value));
      break;

    case PROP_START:
      changed = _guichet_set_string (&self->start, g_value_get_string (value));
      break;

    case PROP_END:
      changed = _guichet_set_string (&self->end, g_value_get_string (value));
      break;

    case PROP_VENUE:
      changed = _guichet_set_string (&self->venue, g_value_get_string (value));
      break;

    case PROP_STATUS:
      changed = _guichet_set_string (&self->status, g_value_get_string (value));
      break;

    case PROP_MULTIPLE_DATES:
      changed = self->multiple_dates != g_value_get_boolean (value);
      self->multiple_dates = g_value_get_boolean (value);
      break;

    case PROP_PARTICIPANT_COUNT:
      changed = self->participant_count != g_value_get_int64 (value);
      self->participant_count = g_value_get_int64 (value);
      break;

    case PROP_CURRENCY:
      changed = _guichet_set_string (&self->currency, g_value_get_string (value));
      break;

    case PROP_SERIES_ID:
      changed = _guichet_set_string (&self->series_id, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_event_class_init (GuichetEventClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_event_finalize;
  object_class->get_property = guichet_event_get_property;
  object_class->set_property = guichet_event_set_property;

  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  properties[PROP_START] = g_param_spec_string ("start", NULL, NULL, NULL, flags);

  properties[PROP_END] = g_param_spec_string ("end", NULL, NULL, NULL, flags);

  properties[PROP_VENUE] = g_param_spec_string ("venue", NULL, NULL, NULL, flags);

  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);

  properties[PROP_MULTIPLE_DATES] =
    g_param_spec_boolean ("multiple-dates", NULL, NULL, FALSE, flags);

  properties[PROP_PARTICIPANT_COUNT] =
    g_param_spec_int64 ("participant-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  /* The recurring series the event belongs to, where the platform groups
   * its events so (NULL otherwise). */
  properties[PROP_SERIES_ID] = g_param_spec_string ("series-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_event_init (GuichetEvent *self)
{
}

const char *
guichet_event_get_account_id (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->account_id;
}

const char *
guichet_event_get_id (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->id;
}

const char *
guichet_event_get_name (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->name;
}

const char *
guichet_event_get_start (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->start;
}

const char *
guichet_event_get_end (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->end;
}

const char *
guichet_event_get_venue (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->venue;
}

const char *
guichet_event_get_status (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->status;
}

gboolean
guichet_event_get_multiple_dates (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), FALSE);

  return self->multiple_dates;
}

gint64
guichet_event_get_participant_count (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), 0);

  return self->participant_count;
}

const char *
guichet_event_get_currency (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->currency;
}

const char *
guichet_event_get_series_id (GuichetEvent *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (self), NULL);

  return self->series_id;
}
