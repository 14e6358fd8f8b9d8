/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* A GListModel of GuichetParticipant that reads rows lazily from the store:
 * it keeps only the rowids (8 bytes a row) and a small cache of objects, so
 * 100,000 participants never sit in memory as objects. The rowids are loaded
 * in a worker thread; "items-changed" is emitted when they arrive. */

#define GUICHET_TYPE_PARTICIPANT_LIST (guichet_participant_list_get_type ())
G_DECLARE_FINAL_TYPE (GuichetParticipantList, guichet_participant_list, GUICHET, PARTICIPANT_LIST, GObject)

GuichetParticipantList *guichet_participant_list_new        (GuichetStore           *store,
                                                             const char             *account_id,
                                                             const char             *event_id);
/* Property "search" (text, may be NULL); setting it reloads. */
void                    guichet_participant_list_set_search (GuichetParticipantList *self,
                                                             const char             *search);
const char             *guichet_participant_list_get_search (GuichetParticipantList *self);
/* Properties "sort" (GuichetParticipantSort) and "sort-descending": the
 * order, applied by the store's query (not in memory); setting them reloads. */
void                    guichet_participant_list_set_sort   (GuichetParticipantList *self,
                                                             GuichetParticipantSort  sort,
                                                             gboolean                descending);
GuichetParticipantSort  guichet_participant_list_get_sort   (GuichetParticipantList *self);
gboolean                guichet_participant_list_get_sort_descending (GuichetParticipantList *self);
/* Filters, applied by the store's query together with the search and the
 * order (the list stays rowids); setting one reloads, and notifies only
 * when it changes:
 *   property "ticket-types" (GStrv of ticket type ids, NULL or empty:
 *   every type): only the participants holding one of these types;
 *   property "check-in-filter" (GuichetCheckInFilter, default _ALL): only
 *   the checked-in participants, or only those not checked in. */
void                    guichet_participant_list_set_ticket_types    (GuichetParticipantList *self,
                                                                      const char * const     *ticket_type_ids);
const char * const     *guichet_participant_list_get_ticket_types    (GuichetParticipantList *self);
void                    guichet_participant_list_set_check_in_filter (GuichetParticipantList *self,
                                                                      GuichetCheckInFilter    check_in);
GuichetCheckInFilter    guichet_participant_list_get_check_in_filter (GuichetParticipantList *self);
/* Property "loading" (TRUE while rowids are being read). */
gboolean                guichet_participant_list_get_loading (GuichetParticipantList *self);
/* TRUE while the rows are the first of a search whose others still load. */
gboolean                guichet_participant_list_get_partial (GuichetParticipantList *self);
/* The event's participants, whatever the search and filters (for "12 of
 * 1,234"), counted with each load in the worker thread; -1 before the
 * first load landed. */
gint64                  guichet_participant_list_get_n_total (GuichetParticipantList *self);
/* The last load's error, or NULL (cleared by a load that succeeds); set
 * before "loading" turns FALSE. */
const GError           *guichet_participant_list_get_error   (GuichetParticipantList *self);
/* Re-reads the rowids (after a sync). */
void                    guichet_participant_list_reload      (GuichetParticipantList *self);
/* The journal changed (a check-in here or in another process): the rows
 * the views were given are read again. When the check-in state decides
 * which rows are listed or their order, the rowids are read again too. */
void                    guichet_participant_list_refresh_check_ins (GuichetParticipantList *self);
/* How many rows became objects since the list was made (cache misses):
 * what a view scrolling through it cost, for tests and benchmarks. */
guint64                 guichet_participant_list_get_n_rows_read (GuichetParticipantList *self);
/* Blocking variant for the CLI and tests. */
gboolean                guichet_participant_list_load_sync   (GuichetParticipantList *self,
                                                              GError                **error);

G_END_DECLS
