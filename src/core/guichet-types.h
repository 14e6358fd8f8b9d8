/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GuichetAccount          GuichetAccount;
typedef struct _GuichetEvent            GuichetEvent;
typedef struct _GuichetEventDate        GuichetEventDate;
typedef struct _GuichetTicketCategory   GuichetTicketCategory;
typedef struct _GuichetParticipant      GuichetParticipant;
typedef struct _GuichetCheckIn          GuichetCheckIn;
typedef struct _GuichetDiscount         GuichetDiscount;
typedef struct _GuichetVoucher          GuichetVoucher;
typedef struct _GuichetVoucherCode      GuichetVoucherCode;
typedef struct _GuichetOrder            GuichetOrder;
typedef struct _GuichetProvider         GuichetProvider;
typedef struct _GuichetHttpClient       GuichetHttpClient;
typedef struct _GuichetStore            GuichetStore;
typedef struct _GuichetParticipantList  GuichetParticipantList;
typedef struct _GuichetSecrets          GuichetSecrets;
typedef struct _GuichetSync             GuichetSync;
typedef struct _GuichetDoor             GuichetDoor;
typedef struct _GuichetSession          GuichetSession;
typedef struct _GuichetSyncState        GuichetSyncState;

typedef enum
{
  GUICHET_PARTICIPANT_STATUS_VALID,
  GUICHET_PARTICIPANT_STATUS_VOIDED,
  GUICHET_PARTICIPANT_STATUS_REFUNDED,
  GUICHET_PARTICIPANT_STATUS_UNPAID,
  GUICHET_PARTICIPANT_STATUS_DELETED,
} GuichetParticipantStatus;

typedef enum
{
  GUICHET_CATEGORY_KIND_CATEGORY,
  GUICHET_CATEGORY_KIND_TICKET,
} GuichetCategoryKind;

typedef enum
{
  GUICHET_DIRECTION_IN,
  GUICHET_DIRECTION_OUT,
} GuichetDirection;

/* Where a journal entry stands with the provider. */
typedef enum
{
  GUICHET_REMOTE_LOCAL,     /* no check-in API, or the entry admitted no one */
  GUICHET_REMOTE_PENDING,   /* a push waits (offline, slow, or not tried yet) */
  GUICHET_REMOTE_SENT,
  GUICHET_REMOTE_CONFLICT,  /* the provider refused it: see remote-message */
} GuichetRemoteState;

typedef enum
{
  GUICHET_VERDICT_ADMITTED,
  GUICHET_VERDICT_ALREADY_CHECKED_IN,
  GUICHET_VERDICT_UNKNOWN,
  GUICHET_VERDICT_REFUSED,
} GuichetVerdict;

typedef enum
{
  GUICHET_REASON_NONE,
  GUICHET_REASON_VOID,
  GUICHET_REASON_REFUNDED,
  GUICHET_REASON_UNPAID,
  GUICHET_REASON_DELETED,
  GUICHET_REASON_WRONG_EVENT,
  GUICHET_REASON_WRONG_DATE,
  GUICHET_REASON_GATE,
  GUICHET_REASON_INVALID_CODE,
} GuichetReason;

/* The orders an event's participants can be listed in (each ascending or
 * descending); ties are broken by name, then by store order. */
typedef enum
{
  GUICHET_PARTICIPANT_SORT_NAME,        /* last name, first name */
  GUICHET_PARTICIPANT_SORT_EMAIL,
  GUICHET_PARTICIPANT_SORT_TICKET,      /* ticket type name, or its id */
  GUICHET_PARTICIPANT_SORT_STATUS,
  GUICHET_PARTICIPANT_SORT_CHECKED_IN,  /* not yet, then by time */
} GuichetParticipantSort;

/* Which participants a list keeps by their check-in state (the store's,
 * as the provider and the door left it). */
typedef enum
{
  GUICHET_CHECK_IN_FILTER_ALL,
  GUICHET_CHECK_IN_FILTER_CHECKED_IN,
  GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN,
} GuichetCheckInFilter;

typedef enum
{
  GUICHET_DISCOUNT_KIND_AMOUNT,
  GUICHET_DISCOUNT_KIND_PERCENTAGE,
} GuichetDiscountKind;

typedef enum /*< flags >*/
{
  GUICHET_PROVIDER_CAN_EVENTS             = 1 << 0,
  GUICHET_PROVIDER_CAN_DATES              = 1 << 1,
  GUICHET_PROVIDER_CAN_NESTED_CATEGORIES  = 1 << 2,
  GUICHET_PROVIDER_CAN_PARTICIPANTS       = 1 << 3,
  GUICHET_PROVIDER_CAN_INCREMENTAL_SYNC   = 1 << 4,
  GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN    = 1 << 5,
  GUICHET_PROVIDER_CAN_ISSUE_TICKETS      = 1 << 6,
  GUICHET_PROVIDER_CAN_VOID_TICKETS       = 1 << 7,
  GUICHET_PROVIDER_CAN_DISCOUNTS          = 1 << 8,
  GUICHET_PROVIDER_CAN_VOUCHERS           = 1 << 9,
  GUICHET_PROVIDER_CAN_ORDERS             = 1 << 10,
  GUICHET_PROVIDER_CAN_TICKET_STATS       = 1 << 11,
} GuichetProviderCapabilities;

/* Stable text forms used by the store, the CLI's JSON and the journal.
 * Statuses: "valid", "voided", "refunded", "unpaid", "deleted".
 * Verdicts: "admitted", "already_checked_in", "unknown", "refused".
 * Reasons: "void", "refunded", "unpaid", "deleted", "wrong_event",
 * "wrong_date", "gate", "invalid_code"; guichet_reason_to_string() returns
 * NULL for GUICHET_REASON_NONE (there is no reason to show).
 * Directions: "in", "out". Remote states: "local", "pending", "sent",
 * "conflict".
 * The _from_string() functions accept NULL; unknown text gives
 * GUICHET_PARTICIPANT_STATUS_VALID, GUICHET_VERDICT_UNKNOWN,
 * GUICHET_REASON_NONE and GUICHET_DIRECTION_IN. */
const char               *guichet_participant_status_to_string (GuichetParticipantStatus status);
GuichetParticipantStatus  guichet_participant_status_from_string (const char *str);
const char               *guichet_verdict_to_string            (GuichetVerdict verdict);
GuichetVerdict            guichet_verdict_from_string          (const char *str);
const char               *guichet_reason_to_string             (GuichetReason reason);
GuichetReason             guichet_reason_from_string           (const char *str);
const char               *guichet_direction_to_string          (GuichetDirection direction);
GuichetDirection          guichet_direction_from_string        (const char *str);
const char               *guichet_remote_state_to_string       (GuichetRemoteState state);

G_END_DECLS
