/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-event-date"

#include "config.h"

#include "guichet-event-date.h"
#include "guichet-util-private.h"

struct _GuichetEventDate
{
  GObject parent_instance;

  char *id;
  char *event_id;
  char *start;
  char *end;
  GStrv ticket_ids;
};

G_DEFINE_FINAL_TYPE (GuichetEventDate, guichet_event_date, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_START,
  PROP_END,
  PROP_TICKET_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_event_date_finalize (GObject *object)
{
  GuichetEventDate *self = GUICHET_EVENT_DATE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->start, g_free);
  g_clear_pointer (&self->end, g_free);
  g_clear_pointer (&self->ticket_ids, g_strfreev);

  G_OBJECT_CLASS (guichet_event_date_parent_class)->finalize (object);
}

static void
guichet_event_date_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GuichetEventDate *self = GUICHET_EVENT_DATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;

    case PROP_START:
      g_value_set_string (value, self->start);
      break;

    case PROP_END:
      g_value_set_string (value, self->end);
      break;

    case PROP_TICKET_IDS:
      g_value_set_boxed (value, self->ticket_ids);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_event_date_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GuichetEventDate *self = GUICHET_EVENT_DATE (object);
  gboolean          changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_EVENT_ID:
      changed = _guichet_set_string (&self->event_id, g_value_get_string (value));
      break;

    case PROP_START:
      changed = _guichet_set_string (&self->start, g_value_get_string (value));
      break;

    case PROP_END:
      changed = _guichet_set_string (&self->end, g_value_get_string (value));
      break;

    case PROP_TICKET_IDS:
      changed = _guichet_set_strv (&self->ticket_ids, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_event_date_class_init (GuichetEventDateClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_event_date_finalize;
  object_class->get_property = guichet_event_date_get_property;
  object_class->set_property = guichet_event_date_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);

  properties[PROP_START] = g_param_spec_string ("start", NULL, NULL, NULL, flags);

  properties[PROP_END] = g_param_spec_string ("end", NULL, NULL, NULL, flags);

  properties[PROP_TICKET_IDS] = g_param_spec_boxed ("ticket-ids", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_event_date_init (GuichetEventDate *self)
{
}

const char *
guichet_event_date_get_id (GuichetEventDate *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_DATE (self), NULL);

  return self->id;
}

const char *
guichet_event_date_get_event_id (GuichetEventDate *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_DATE (self), NULL);

  return self->event_id;
}

const char *
guichet_event_date_get_start (GuichetEventDate *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_DATE (self), NULL);

  return self->start;
}

const char *
guichet_event_date_get_end (GuichetEventDate *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_DATE (self), NULL);

  return self->end;
}

const char * const *
guichet_event_date_get_ticket_ids (GuichetEventDate *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_DATE (self), NULL);

  return (const char * const *) self->ticket_ids;
}
