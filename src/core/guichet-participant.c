/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-participant"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-participant.h"
#include "guichet-participant-private.h"
#include "guichet-enums.h"

struct _GuichetParticipant
{
  GObject parent_instance;

  char                    *id;
  char                    *event_id;
  char                    *date_id;
  char                    *barcode;
  char                    *first_name;
  char                    *last_name;
  char                    *email;
  char                    *ticket_type_id;
  char                    *ticket_type_name;
  GuichetParticipantStatus status;
  gboolean                 checked_in;
  char                    *checked_in_at;
  char                    *order_id;
  char                    *answers;
  char                    *updated_at;
  char                    *seat;
  guint                    entries;
  gint64                   admitted_here;
};

G_DEFINE_FINAL_TYPE (GuichetParticipant, guichet_participant, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_DATE_ID,
  PROP_BARCODE,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_EMAIL,
  PROP_TICKET_TYPE_ID,
  PROP_TICKET_TYPE_NAME,
  PROP_STATUS,
  PROP_CHECKED_IN,
  PROP_CHECKED_IN_AT,
  PROP_ORDER_ID,
  PROP_ANSWERS,
  PROP_UPDATED_AT,
  PROP_ENTRIES,
  PROP_SEAT,
  PROP_ADMITTED_HERE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char      **field,
            const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
guichet_participant_finalize (GObject *object)
{
  GuichetParticipant *self = GUICHET_PARTICIPANT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->date_id, g_free);
  g_clear_pointer (&self->barcode, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->ticket_type_id, g_free);
  g_clear_pointer (&self->ticket_type_name, g_free);
  g_clear_pointer (&self->checked_in_at, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->answers, g_free);
  g_clear_pointer (&self->seat, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (guichet_participant_parent_class)->finalize (object);
}

static void
guichet_participant_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GuichetParticipant *self = GUICHET_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;

    case PROP_DATE_ID:
      g_value_set_string (value, self->date_id);
      break;

    case PROP_BARCODE:
      g_value_set_string (value, self->barcode);
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_TICKET_TYPE_ID:
      g_value_set_string (value, self->ticket_type_id);
      break;

    case PROP_TICKET_TYPE_NAME:
      g_value_set_string (value, self->ticket_type_name);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_CHECKED_IN:
      g_value_set_boolean (value, self->checked_in);
      break;

    case PROP_CHECKED_IN_AT:
      g_value_set_string (value, self->checked_in_at);
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    case PROP_ANSWERS:
      g_value_set_string (value, self->answers);
      break;

    case PROP_SEAT:
      g_value_set_string (value, self->seat);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case PROP_ENTRIES:
      g_value_set_uint (value, self->entries);
      break;

    case PROP_ADMITTED_HERE:
      g_value_set_int64 (value, self->admitted_here);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_participant_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GuichetParticipant *self = GUICHET_PARTICIPANT (object);
  gboolean            changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_EVENT_ID:
      changed = set_string (&self->event_id, g_value_get_string (value));
      break;

    case PROP_DATE_ID:
      changed = set_string (&self->date_id, g_value_get_string (value));
      break;

    case PROP_BARCODE:
      changed = set_string (&self->barcode, g_value_get_string (value));
      break;

    case PROP_FIRST_NAME:
      changed = set_string (&self->first_name, g_value_get_string (value));
      break;

    case PROP_LAST_NAME:
      changed = set_string (&self->last_name, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      changed = set_string (&self->email, g_value_get_string (value));
      break;

    case PROP_TICKET_TYPE_ID:
      changed = set_string (&self->ticket_type_id, g_value_get_string (value));
      break;

    case PROP_TICKET_TYPE_NAME:
      changed = set_string (&self->ticket_type_name, g_value_get_string (value));
      break;

    case PROP_STATUS:
      changed = (int) self->status != g_value_get_enum (value);
      self->status = g_value_get_enum (value);
      break;

    case PROP_CHECKED_IN:
      changed = self->checked_in != g_value_get_boolean (value);
      self->checked_in = g_value_get_boolean (value);
      break;

    case PROP_CHECKED_IN_AT:
      changed = set_string (&self->checked_in_at, g_value_get_string (value));
      break;

    case PROP_ORDER_ID:
      changed = set_string (&self->order_id, g_value_get_string (value));
      break;

    case PROP_ANSWERS:
      changed = set_string (&self->answers, g_value_get_string (value));
      break;

    case PROP_SEAT:
      changed = set_string (&self->seat, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      changed = set_string (&self->updated_at, g_value_get_string (value));
      break;

    case PROP_ENTRIES:
      changed = self->entries != g_value_get_uint (value);
      self->entries = g_value_get_uint (value);
      break;

    case PROP_ADMITTED_HERE:
      changed = self->admitted_here != g_value_get_int64 (value);
      self->admitted_here = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_participant_class_init (GuichetParticipantClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_participant_finalize;
  object_class->get_property = guichet_participant_get_property;
  object_class->set_property = guichet_participant_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);

  properties[PROP_DATE_ID] = g_param_spec_string ("date-id", NULL, NULL, NULL, flags);

  properties[PROP_BARCODE] = g_param_spec_string ("barcode", NULL, NULL, NULL, flags);

  properties[PROP_FIRST_NAME] = g_param_spec_string ("first-name", NULL, NULL, NULL, flags);

  properties[PROP_LAST_NAME] = g_param_spec_string ("last-name", NULL, NULL, NULL, flags);

  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);

  properties[PROP_TICKET_TYPE_ID] = g_param_spec_string ("ticket-type-id", NULL, NULL, NULL, flags);

  properties[PROP_TICKET_TYPE_NAME] =
    g_param_spec_string ("ticket-type-name", NULL, NULL, NULL, flags);

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GUICHET_TYPE_PARTICIPANT_STATUS,
                       GUICHET_PARTICIPANT_STATUS_VALID, flags);

  properties[PROP_CHECKED_IN] = g_param_spec_boolean ("checked-in", NULL, NULL, FALSE, flags);

  properties[PROP_CHECKED_IN_AT] = g_param_spec_string ("checked-in-at", NULL, NULL, NULL, flags);

  properties[PROP_ORDER_ID] = g_param_spec_string ("order-id", NULL, NULL, NULL, flags);

  properties[PROP_ANSWERS] = g_param_spec_string ("answers", NULL, NULL, NULL, flags);

  /* Where the holder sits, as the provider words it ("Row C, seat 12"),
   * or NULL for unseated tickets. */
  properties[PROP_SEAT] = g_param_spec_string ("seat", NULL, NULL, NULL, flags);

  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);

  /* How many people the ticket admits (Fourvenues "for"/"enter"): the
   * door admits it that many times before "already checked in". */
  properties[PROP_ENTRIES] = g_param_spec_uint ("entries", NULL, NULL, 1, G_MAXUINT16, 1, flags);

  /* When this machine's journal admitted the holder, in seconds since the
   * epoch, if that admission stands (not undone, no exit since); 0
   * otherwise. The platform's own state is "checked-in": the two together
   * say whether the holder is in before the check-in reaches the
   * platform. Read from the store, never sent. */
  properties[PROP_ADMITTED_HERE] =
    g_param_spec_int64 ("admitted-here", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_participant_init (GuichetParticipant *self)
{
  self->status = GUICHET_PARTICIPANT_STATUS_VALID;
  self->entries = 1;
}

const char *
guichet_participant_get_id (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->id;
}

const char *
guichet_participant_get_event_id (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->event_id;
}

const char *
guichet_participant_get_date_id (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->date_id;
}

const char *
guichet_participant_get_barcode (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->barcode;
}

const char *
guichet_participant_get_first_name (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->first_name;
}

const char *
guichet_participant_get_last_name (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->last_name;
}

const char *
guichet_participant_get_email (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->email;
}

const char *
guichet_participant_get_ticket_type_id (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->ticket_type_id;
}

const char *
guichet_participant_get_ticket_type_name (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->ticket_type_name;
}

GuichetParticipantStatus
guichet_participant_get_status (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), GUICHET_PARTICIPANT_STATUS_VALID);

  return self->status;
}

gboolean
guichet_participant_get_checked_in (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), FALSE);

  return self->checked_in;
}

const char *
guichet_participant_get_checked_in_at (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->checked_in_at;
}

const char *
guichet_participant_get_order_id (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->order_id;
}

const char *
guichet_participant_get_answers (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->answers;
}

const char *
guichet_participant_get_seat (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->seat;
}

const char *
guichet_participant_get_updated_at (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  return self->updated_at;
}

guint
guichet_participant_get_entries (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), 1);

  return self->entries;
}

gint64
guichet_participant_get_admitted_here (GuichetParticipant *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), 0);

  return self->admitted_here;
}

char *
guichet_participant_dup_display_name (GuichetParticipant *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (self), NULL);

  first = g_strstrip (g_strdup (self->first_name ? self->first_name : ""));
  last = g_strstrip (g_strdup (self->last_name ? self->last_name : ""));

  if (*first != '\0' && *last != '\0')
    return g_strdup_printf ("%s %s", first, last);
  if (*first != '\0')
    return g_steal_pointer (&first);
  if (*last != '\0')
    return g_steal_pointer (&last);
  if (self->email != NULL && *self->email != '\0')
    return g_strdup (self->email);
  if (self->barcode != NULL && *self->barcode != '\0')
    return g_strdup (self->barcode);
  if (self->id != NULL && *self->id != '\0')
    return g_strdup (self->id);

  /* Translators: shown for a ticket holder with no name, e-mail or code */
  return g_strdup (_("Unnamed participant"));
}

GuichetParticipant *
_guichet_participant_new_take (GuichetParticipantFields *fields)
{
  GuichetParticipant *self;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (GUICHET_TYPE_PARTICIPANT, NULL);
  self->id = g_steal_pointer (&fields->id);
  self->event_id = g_steal_pointer (&fields->event_id);
  self->date_id = g_steal_pointer (&fields->date_id);
  self->barcode = g_steal_pointer (&fields->barcode);
  self->first_name = g_steal_pointer (&fields->first_name);
  self->last_name = g_steal_pointer (&fields->last_name);
  self->email = g_steal_pointer (&fields->email);
  self->ticket_type_id = g_steal_pointer (&fields->ticket_type_id);
  self->ticket_type_name = g_steal_pointer (&fields->ticket_type_name);
  self->status = fields->status;
  self->checked_in = fields->checked_in;
  self->checked_in_at = g_steal_pointer (&fields->checked_in_at);
  self->order_id = g_steal_pointer (&fields->order_id);
  self->answers = g_steal_pointer (&fields->answers);
  self->updated_at = g_steal_pointer (&fields->updated_at);

  return self;
}
