/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-check-in.h"
#include "guichet-door.h"
#include "guichet-enums.h"
#include "guichet-error.h"
#include "guichet-json.h"
#include "guichet-participant.h"
#include "guichet-store.h"

#define MAX_CODE_CHARS 256

struct _GuichetDoor
{
  GObject parent_instance;

  GuichetStore   *store;
  char           *account_id;
  char           *event_id;
  char           *date_id;
  char           *desk;
  GStrv           gates;
  gboolean        remote;
  GuichetCheckIn *last_conflict;
};

G_DEFINE_FINAL_TYPE (GuichetDoor, guichet_door, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT_ID,
  PROP_EVENT_ID,
  PROP_DATE_ID,
  PROP_DESK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_str (char      **field,
         const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
guichet_door_dispose (GObject *object)
{
  GuichetDoor *self = GUICHET_DOOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->last_conflict);

  G_OBJECT_CLASS (guichet_door_parent_class)->dispose (object);
}

static void
guichet_door_finalize (GObject *object)
{
  GuichetDoor *self = GUICHET_DOOR (object);

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->date_id, g_free);
  g_clear_pointer (&self->desk, g_free);
  g_clear_pointer (&self->gates, g_strfreev);

  G_OBJECT_CLASS (guichet_door_parent_class)->finalize (object);
}

static void
guichet_door_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GuichetDoor *self = GUICHET_DOOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
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

    case PROP_DESK:
      g_value_set_string (value, self->desk);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GuichetDoor *self = GUICHET_DOOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_dup_string (value);
      break;

    case PROP_EVENT_ID:
      self->event_id = g_value_dup_string (value);
      break;

    case PROP_DATE_ID:
      guichet_door_set_date (self, g_value_get_string (value));
      break;

    case PROP_DESK:
      guichet_door_set_desk (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_class_init (GuichetDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_door_dispose;
  object_class->finalize = guichet_door_finalize;
  object_class->get_property = guichet_door_get_property;
  object_class->set_property = guichet_door_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GUICHET_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EVENT_ID] =
    g_param_spec_string ("event-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATE_ID] =
    g_param_spec_string ("date-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESK] =
    g_param_spec_string ("desk", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_door_init (GuichetDoor *self)
{
}

GuichetDoor *
guichet_door_new (GuichetStore *store,
                  const char   *account_id,
                  const char   *event_id)
{
  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return g_object_new (GUICHET_TYPE_DOOR, "store", store, "account-id", account_id, "event-id",
                       event_id, NULL);
}

/* NULL or "": every date. */
void
guichet_door_set_date (GuichetDoor *self,
                       const char  *date_id)
{
  g_return_if_fail (GUICHET_IS_DOOR (self));

  if (date_id != NULL && date_id[0] == '\0')
    date_id = NULL;

  if (set_str (&self->date_id, date_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_ID]);
}

/* NULL or empty: every ticket type. */
void
guichet_door_set_gates (GuichetDoor        *self,
                        const char * const *ticket_type_ids)
{
  g_return_if_fail (GUICHET_IS_DOOR (self));

  g_clear_pointer (&self->gates, g_strfreev);

  if (ticket_type_ids != NULL && ticket_type_ids[0] != NULL)
    self->gates = g_strdupv ((char **) ticket_type_ids);
}

void
guichet_door_set_desk (GuichetDoor *self,
                       const char  *desk)
{
  g_return_if_fail (GUICHET_IS_DOOR (self));

  if (set_str (&self->desk, desk))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
}

/* The earlier admission behind the last ALREADY_CHECKED_IN verdict (its
 * time and desk say "already in at HH:MM at desk X"), or NULL. When only
 * the provider knew of the check-in, a synthesized entry with the
 * provider's time, no desk, and "synced" set. */
GuichetCheckIn *
guichet_door_get_last_conflict (GuichetDoor *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR (self), NULL);

  return self->last_conflict;
}

static gboolean
is_trimmed (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_iscntrl (c);
}

/* DESIGN.md: surrounding whitespace and control characters (a scanner's
 * CR, LF, Tab) are trimmed; what remains empty, longer than 256
 * characters, not valid UTF-8 or holding a control character is not a
 * code (NULL). */
char *
guichet_door_normalize_code (const char *code)
{
  const char *start, *end;
  glong       n_chars = 0;

  if (code == NULL || !g_utf8_validate (code, -1, NULL))
    return NULL;

  start = code;
  while (*start != '\0' && is_trimmed (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trimmed (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (end == start)
    return NULL;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return NULL;
      if (++n_chars > MAX_CODE_CHARS)
        return NULL;
    }

  return g_strndup (start, end - start);
}

gboolean
guichet_door_code_is_valid (const char *code)
{
  g_autofree char *normalized = guichet_door_normalize_code (code);

  return normalized != NULL && strcmp (normalized, code) == 0;
}

static gboolean
in_gates (GuichetDoor        *self,
          GuichetParticipant *participant)
{
  const char *ticket_type_id = guichet_participant_get_ticket_type_id (participant);

  g_assert (self->gates != NULL);

  return ticket_type_id != NULL &&
         g_strv_contains ((const char * const *) self->gates, ticket_type_id);
}

static gint64
parse_time (const char *text)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = NULL;

  if (text == NULL || text[0] == '\0')
    return 0;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      /* "YYYY-MM-DD HH:MM:SS", as some platforms write it. */
      g_autofree char *iso = g_strdelimit (g_strdup (text), " ", 'T');

      dt = g_date_time_new_from_iso8601 (iso, utc);
    }

  return dt ? g_date_time_to_unix (dt) : 0;
}

/* A check-in that only the provider knew of, for "already in at …". */
static GuichetCheckIn *
provider_admission (GuichetDoor        *self,
                    GuichetParticipant *participant)
{
  return g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", self->account_id, "event-id",
                       self->event_id, "date-id", guichet_participant_get_date_id (participant),
                       "code", guichet_participant_get_barcode (participant), "participant-id",
                       guichet_participant_get_id (participant), "time",
                       parse_time (guichet_participant_get_checked_in_at (participant)),
                       "direction", GUICHET_DIRECTION_IN, "verdict", GUICHET_VERDICT_ADMITTED,
                       "synced", TRUE, NULL);
}

static GuichetReason
reason_for_status (GuichetParticipantStatus status)
{
  switch (status)
    {
    case GUICHET_PARTICIPANT_STATUS_VOIDED:
      return GUICHET_REASON_VOID;
    case GUICHET_PARTICIPANT_STATUS_REFUNDED:
      return GUICHET_REASON_REFUNDED;
    case GUICHET_PARTICIPANT_STATUS_UNPAID:
      return GUICHET_REASON_UNPAID;
    case GUICHET_PARTICIPANT_STATUS_DELETED:
      return GUICHET_REASON_DELETED;
    case GUICHET_PARTICIPANT_STATUS_VALID:
    default:
      return GUICHET_REASON_NONE;
    }
}

/* The provider says the holder is in, and the journal has no open
 * admission: did the holder leave through this journal (an admitted,
 * not undone OUT entry)? Then the provider's flag is stale. Rare (a
 * second scan of someone checked in elsewhere), so a journal walk is fine. */
static gboolean
left_after_admission (GuichetDoor *self,
                      const char  *code,
                      gboolean    *went_out,
                      GError     **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  GError *local_error = NULL;

  *went_out = FALSE;

  entries =
    guichet_store_list_check_ins (self->store, self->account_id, self->event_id, 0, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (entries == NULL)
    return TRUE;

  /* Newest first: the first admitted, live entry of this code decides. */
  for (guint i = 0; i < entries->len; i++)
    {
      GuichetCheckIn *entry = g_ptr_array_index (entries, i);

      if (guichet_check_in_get_verdict (entry) != GUICHET_VERDICT_ADMITTED ||
          guichet_check_in_get_undone (entry) ||
          g_strcmp0 (guichet_check_in_get_code (entry), code) != 0)
        continue;

      *went_out = guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_OUT;
      break;
    }

  return TRUE;
}

/* Decides on a valid code. Sets *participant when the code is known
 * (also in another event). FALSE only when the store fails. */
static gboolean
judge (GuichetDoor         *self,
       const char          *code,
       GuichetDirection     direction,
       GuichetVerdict      *verdict,
       GuichetReason       *reason,
       GuichetParticipant **participant,
       GError             **error)
{
  g_autoptr (GuichetParticipant) found = NULL;
  g_autoptr (GuichetCheckIn) admission = NULL;
  GError     *local_error = NULL;
  const char *date_id;

  found = guichet_store_find_participant_by_barcode (self->store, self->account_id, self->event_id,
                                                     code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (found == NULL)
    {
      found = guichet_store_find_barcode_elsewhere (self->store, self->account_id, self->event_id,
                                                    code, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }

      if (found != NULL)
        {
          *verdict = GUICHET_VERDICT_REFUSED;
          *reason = GUICHET_REASON_WRONG_EVENT;
        }
      else
        {
          *verdict = GUICHET_VERDICT_UNKNOWN;
          *reason = GUICHET_REASON_NONE;
        }

      *participant = g_steal_pointer (&found);
      return TRUE;
    }

  *reason = reason_for_status (guichet_participant_get_status (found));
  if (*reason != GUICHET_REASON_NONE)
    {
      *verdict = GUICHET_VERDICT_REFUSED;
      *participant = g_steal_pointer (&found);
      return TRUE;
    }

  date_id = guichet_participant_get_date_id (found);
  if (self->date_id != NULL && date_id != NULL && date_id[0] != '\0' &&
      g_strcmp0 (self->date_id, date_id) != 0)
    {
      *verdict = GUICHET_VERDICT_REFUSED;
      *reason = GUICHET_REASON_WRONG_DATE;
      *participant = g_steal_pointer (&found);
      return TRUE;
    }

  if (self->gates != NULL && !in_gates (self, found))
    {
      *verdict = GUICHET_VERDICT_REFUSED;
      *reason = GUICHET_REASON_GATE;
      *participant = g_steal_pointer (&found);
      return TRUE;
    }

  *reason = GUICHET_REASON_NONE;
  *verdict = GUICHET_VERDICT_ADMITTED;

  if (direction == GUICHET_DIRECTION_IN && guichet_participant_get_entries (found) > 1)
    {
      /* A ticket for several people: admitted while fewer than its
       * entries are in (admissions minus exits, not undone). The
       * platform's own flag counts as one. */
      gint64 in = guichet_store_count_open_admissions (self->store, self->account_id,
                                                       self->event_id, code, &local_error);
      if (in < 0)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (in == 0 && guichet_participant_get_checked_in (found))
        in = 1;

      if (in >= guichet_participant_get_entries (found))
        {
          *verdict = GUICHET_VERDICT_ALREADY_CHECKED_IN;
          admission = guichet_store_find_admission (self->store, self->account_id, self->event_id,
                                                    code, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          g_clear_object (&self->last_conflict);
          self->last_conflict =
            admission != NULL ? g_object_ref (admission) : provider_admission (self, found);
        }
    }
  else if (direction == GUICHET_DIRECTION_IN)
    {
      /* The local journal is the truth at the door: an open admission
       * (IN, not undone, no later OUT) means inside. The provider's flag
       * counts unless the journal shows the holder went out since. */
      admission = guichet_store_find_admission (self->store, self->account_id, self->event_id, code,
                                                &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }

      if (admission != NULL)
        {
          if (guichet_check_in_get_direction (admission) == GUICHET_DIRECTION_IN)
            {
              *verdict = GUICHET_VERDICT_ALREADY_CHECKED_IN;
              g_set_object (&self->last_conflict, admission);
            }
        }
      else if (guichet_participant_get_checked_in (found))
        {
          gboolean went_out = FALSE;

          if (!left_after_admission (self, code, &went_out, error))
            return FALSE;

          if (!went_out)
            {
              *verdict = GUICHET_VERDICT_ALREADY_CHECKED_IN;
              g_clear_object (&self->last_conflict);
              self->last_conflict = provider_admission (self, found);
            }
        }
    }

  *participant = g_steal_pointer (&found);
  return TRUE;
}

/* What the journal keeps of a code it refused as invalid: valid UTF-8,
 * and at most MAX_CODE_CHARS characters followed by "…" when longer (a
 * scanner gone mad, or a pasted file, must not bloat the journal). */
static char *
journal_form (const char *code)
{
  g_autofree char *valid = g_utf8_make_valid (code, -1);
  const char      *end = valid;
  glong            n = 0;

  while (*end != '\0' && n < MAX_CODE_CHARS)
    {
      end = g_utf8_next_char (end);
      n++;
    }
  if (*end == '\0')
    return g_steal_pointer (&valid);

  {
    g_autofree char *head = g_strndup (valid, end - valid);

    return g_strconcat (head, "…", NULL);
  }
}

typedef struct
{
  GuichetDoor        *self;
  const char         *code;
  GuichetDirection    direction;
  GuichetParticipant *found;
  GuichetVerdict      verdict;
  GuichetReason       reason;
} Decision;

/* Runs inside the store's write transaction: nobody else can record a
 * check-in until this one is written. */
static GuichetCheckIn *
decide (GuichetStore *store,
        gpointer      user_data,
        GError      **error)
{
  Decision        *d = user_data;
  GuichetDoor     *self = d->self;
  g_autofree char *journal_code = NULL;

  g_clear_object (&self->last_conflict);
  g_clear_object (&d->found);

  journal_code = guichet_door_normalize_code (d->code);
  if (journal_code == NULL)
    {
      d->verdict = GUICHET_VERDICT_REFUSED;
      d->reason = GUICHET_REASON_INVALID_CODE;
      journal_code = journal_form (d->code);
    }
  else if (!judge (self, journal_code, d->direction, &d->verdict, &d->reason, &d->found, error))
    return NULL;

  return g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", self->account_id, "event-id",
                       self->event_id, "date-id", self->date_id, "code", journal_code,
                       "participant-id",
                       (d->found != NULL && d->reason != GUICHET_REASON_WRONG_EVENT
                          ? guichet_participant_get_id (d->found)
                          : NULL),
                       "time", g_get_real_time () / G_USEC_PER_SEC, "desk", self->desk, "direction",
                       d->direction, "verdict", d->verdict, "reason", d->reason, "remote",
                       (self->remote && d->verdict == GUICHET_VERDICT_ADMITTED
                          ? GUICHET_REMOTE_PENDING
                          : GUICHET_REMOTE_LOCAL),
                       NULL);
}

GuichetCheckIn *
guichet_door_scan (GuichetDoor         *self,
                   const char          *code,
                   GuichetDirection     direction,
                   GuichetParticipant **participant,
                   GError             **error)
{
  g_autoptr (GuichetCheckIn) check_in = NULL;
  Decision d = { self, code, direction, NULL, GUICHET_VERDICT_UNKNOWN, GUICHET_REASON_NONE };

  g_return_val_if_fail (GUICHET_IS_DOOR (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (direction == GUICHET_DIRECTION_IN || direction == GUICHET_DIRECTION_OUT,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (participant != NULL)
    *participant = NULL;

  /* The decision and its journal entry are one durable write transaction:
   * two desks (or the app and the CLI) scanning one code at once cannot
   * both read "not in yet". */
  check_in = guichet_store_decide_check_in (self->store, decide, &d, error);
  if (check_in == NULL)
    {
      g_clear_object (&self->last_conflict);
      g_clear_object (&d.found);
      return NULL;
    }

  g_debug ("%s %s: %s%s%s", guichet_direction_to_string (direction),
           d.found != NULL ? guichet_participant_get_id (d.found) : "-",
           guichet_verdict_to_string (d.verdict), d.reason != GUICHET_REASON_NONE ? " " : "",
           d.reason != GUICHET_REASON_NONE ? guichet_reason_to_string (d.reason) : "");

  if (participant != NULL)
    *participant = g_steal_pointer (&d.found);
  g_clear_object (&d.found);

  return g_steal_pointer (&check_in);
}

/* Whether admissions are to reach the provider (it can check in
 * remotely): they are journaled "pending" until GuichetRemoteCheckIn
 * pushes them; otherwise "local". */
void
guichet_door_set_remote (GuichetDoor *self,
                         gboolean     remote)
{
  g_return_if_fail (GUICHET_IS_DOOR (self));

  self->remote = !!remote;
}

GuichetCheckIn *
guichet_door_undo (GuichetDoor *self,
                   const char  *code,
                   GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (GUICHET_IS_DOOR (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalized = guichet_door_normalize_code (code);
  if (normalized == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND,
                   _("Nothing to undo: this is not a ticket code"));
      return NULL;
    }

  return guichet_store_undo_last_admission (self->store, self->account_id, self->event_id,
                                            normalized, self->desk, error);
}

GStrv
guichet_door_important_answers (GuichetParticipant *participant,
                                const char * const *labels)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char *json;
  JsonArray  *array;

  g_return_val_if_fail (GUICHET_IS_PARTICIPANT (participant), NULL);

  json = guichet_participant_get_answers (participant);
  if (labels == NULL || labels[0] == NULL || json == NULL)
    return g_strv_builder_end (builder);
  root = json_from_string (json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strv_builder_end (builder);
  array = json_node_get_array (root);

  for (guint i = 0; labels[i] != NULL; i++)
    for (guint j = 0; j < json_array_get_length (array); j++)
      {
        JsonNode   *node = json_array_get_element (array, j);
        JsonObject *answer;
        JsonNode   *value;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;
        answer = json_node_get_object (node);
        if (g_strcmp0 (json_object_get_string_member_with_default (answer, "label", NULL),
                       labels[i]) != 0)
          continue;
        value = json_object_get_member (answer, "value");
        if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
            json_node_get_value_type (value) == G_TYPE_STRING &&
            json_node_get_string (value)[0] != '\0')
          /* Translators: a question of the ticket form and its answer */
          {
            g_autofree char *line =
              g_strdup_printf (_("%s: %s"), labels[i], json_node_get_string (value));

            g_strv_builder_add (builder, line);
          }
        break;
      }

  return g_strv_builder_end (builder);
}
