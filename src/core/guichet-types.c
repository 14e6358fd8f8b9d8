/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-types"

#include "config.h"

#include "guichet-types.h"

static const char * const status_names[] = {
  [GUICHET_PARTICIPANT_STATUS_VALID] = "valid",
  [GUICHET_PARTICIPANT_STATUS_VOIDED] = "voided",
  [GUICHET_PARTICIPANT_STATUS_REFUNDED] = "refunded",
  [GUICHET_PARTICIPANT_STATUS_UNPAID] = "unpaid",
  [GUICHET_PARTICIPANT_STATUS_DELETED] = "deleted",
};

static const char * const verdict_names[] = {
  [GUICHET_VERDICT_ADMITTED] = "admitted",
  [GUICHET_VERDICT_ALREADY_CHECKED_IN] = "already_checked_in",
  [GUICHET_VERDICT_UNKNOWN] = "unknown",
  [GUICHET_VERDICT_REFUSED] = "refused",
};

static const char * const reason_names[] = {
  [GUICHET_REASON_NONE] = NULL,
  [GUICHET_REASON_VOID] = "void",
  [GUICHET_REASON_REFUNDED] = "refunded",
  [GUICHET_REASON_UNPAID] = "unpaid",
  [GUICHET_REASON_DELETED] = "deleted",
  [GUICHET_REASON_WRONG_EVENT] = "wrong_event",
  [GUICHET_REASON_WRONG_DATE] = "wrong_date",
  [GUICHET_REASON_GATE] = "gate",
  [GUICHET_REASON_INVALID_CODE] = "invalid_code",
};

static const char * const direction_names[] = {
  [GUICHET_DIRECTION_IN] = "in",
  [GUICHET_DIRECTION_OUT] = "out",
};

static const char * const remote_state_names[] = {
  [GUICHET_REMOTE_LOCAL] = "local",
  [GUICHET_REMOTE_PENDING] = "pending",
  [GUICHET_REMOTE_SENT] = "sent",
  [GUICHET_REMOTE_CONFLICT] = "conflict",
};

/* The index of @str in @names, or @fallback. */
static guint
lookup (const char * const *names,
        guint               n_names,
        const char         *str,
        guint               fallback)
{
  if (str == NULL)
    return fallback;

  for (guint i = 0; i < n_names; i++)
    {
      if (names[i] != NULL && g_str_equal (names[i], str))
        return i;
    }

  return fallback;
}

const char *
guichet_participant_status_to_string (GuichetParticipantStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

GuichetParticipantStatus
guichet_participant_status_from_string (const char *str)
{
  return lookup (status_names, G_N_ELEMENTS (status_names), str, GUICHET_PARTICIPANT_STATUS_VALID);
}

const char *
guichet_verdict_to_string (GuichetVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (verdict_names), NULL);

  return verdict_names[verdict];
}

GuichetVerdict
guichet_verdict_from_string (const char *str)
{
  return lookup (verdict_names, G_N_ELEMENTS (verdict_names), str, GUICHET_VERDICT_UNKNOWN);
}

const char *
guichet_reason_to_string (GuichetReason reason)
{
  g_return_val_if_fail (reason < G_N_ELEMENTS (reason_names), NULL);

  return reason_names[reason];
}

GuichetReason
guichet_reason_from_string (const char *str)
{
  return lookup (reason_names, G_N_ELEMENTS (reason_names), str, GUICHET_REASON_NONE);
}

const char *
guichet_direction_to_string (GuichetDirection direction)
{
  g_return_val_if_fail (direction < G_N_ELEMENTS (direction_names), NULL);

  return direction_names[direction];
}

GuichetDirection
guichet_direction_from_string (const char *str)
{
  return lookup (direction_names, G_N_ELEMENTS (direction_names), str, GUICHET_DIRECTION_IN);
}

const char *
guichet_remote_state_to_string (GuichetRemoteState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (remote_state_names), NULL);

  return remote_state_names[state];
}
