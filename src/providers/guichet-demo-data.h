/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* The demo box office's generated data. Generated from a fixed seed, so two
 * runs (and two processes) produce exactly the same events, tickets and
 * participants: tests can count on it. */

#define GUICHET_DEMO_SEED               20250614
#define GUICHET_DEMO_N_EVENTS           3
#define GUICHET_DEMO_N_PARTICIPANTS     2000
#define GUICHET_DEMO_PAGE_SIZE          500

typedef struct
{
  GPtrArray  *events;        /* (element-type GuichetEvent) */
  GHashTable *dates;         /* event id -> GPtrArray of GuichetEventDate */
  GHashTable *categories;    /* event id -> GPtrArray of root GuichetTicketCategory */
  GHashTable *participants;  /* event id -> GPtrArray of GuichetParticipant */
  GHashTable *by_id;         /* participant id -> GuichetParticipant (not owned) */
  GHashTable *changed_at;    /* participant (not owned) -> generation it last changed in */
  GPtrArray  *discounts;     /* (element-type GuichetDiscount) */
  GPtrArray  *vouchers;      /* (element-type GuichetVoucher) */
  GHashTable *voucher_codes; /* voucher id -> GPtrArray of GuichetVoucherCode */
  GHashTable *orders;        /* event id -> GPtrArray of GuichetOrder */
  gint64      generation;    /* bumped by every change (check-ins) */
  int         year_shift;    /* years added to the 2025 calendar below: the demo is always ahead */
  GStringChunk *strings;     /* shifted dates */
} GuichetDemoData;

GuichetDemoData *guichet_demo_data_new          (const char      *account_id);
void             guichet_demo_data_free         (GuichetDemoData *data);

/* A deep copy of a model object (categories with their children), so callers
 * can keep and change what they are handed. */
gpointer         guichet_demo_data_copy_object  (gpointer         object);
/* A new array of copies of @array's objects. */
GPtrArray       *guichet_demo_data_copy_array   (GPtrArray       *array);

/* The ticket (or category) node with this id, in any event's tree; not a
 * new reference. */
GuichetTicketCategory *guichet_demo_data_find_ticket (GuichetDemoData *data,
                                                      const char      *ticket_id);

/* Records an admission: the participant becomes checked in (a change of this
 * generation). FALSE when no participant has @code in @event_id. */
gboolean         guichet_demo_data_check_in     (GuichetDemoData *data,
                                                 const char      *event_id,
                                                 const char      *code,
                                                 const char      *participant_id,
                                                 GuichetDirection direction,
                                                 gint64           time);

/* Adds codes named @codes to the voucher @voucher (its "code-count" and
 * "available-codes" follow), each worth the voucher's value. */
void             guichet_demo_data_add_voucher_codes (GuichetDemoData    *data,
                                                      GuichetVoucher     *voucher,
                                                      const char * const *codes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetDemoData, guichet_demo_data_free)

G_END_DECLS
