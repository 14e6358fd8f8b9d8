/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"
#include "guichet-goevent-parse.h"

G_BEGIN_DECLS

/* GoEvent Developers API v1.0 (cloud.goevent.live/developers/v1.0): an
 * "Authorization: Bearer" token made in the GoEvent dashboard, checked when
 * the account is added and kept in the keyring. Events and participants
 * come in pages that follow paginate.hasNextPage/nextPage; tickets are flat
 * categories. GoEvent has no check-in call: check-ins stay in the local
 * journal, and the door matches a scanned code against the participant id
 * (provider-docs/NOTES.md). */

#define GUICHET_TYPE_GOEVENT_PROVIDER (guichet_goevent_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetGoeventProvider, guichet_goevent_provider, GUICHET, GOEVENT_PROVIDER, GuichetRestProvider)

/* Property "page-size": the "limit" asked for (1 to 100, default 100); the
 * server may send fewer, and paging never relies on it. */
guint         guichet_goevent_provider_get_page_size (GuichetGoeventProvider *self);
void          guichet_goevent_provider_set_page_size (GuichetGoeventProvider *self,
                                                      guint                   page_size);

/* GET /event/{id}: the event with its tickets (*@tickets, categories). */
void          guichet_goevent_provider_get_event_async  (GuichetGoeventProvider *self,
                                                         const char             *event_id,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
GuichetEvent *guichet_goevent_provider_get_event_finish (GuichetGoeventProvider *self,
                                                         GAsyncResult           *result,
                                                         GPtrArray             **tickets,
                                                         GError                **error);

/* POST /tickets/create: @quantity tickets of @ticket_id for an existing
 * participant (@participant_id), a new one (@holder's names and e-mail,
 * with @phone), or no one (both NULL). The reply keeps the tickets' PDF
 * links, also in the participant's answers. */
void          guichet_goevent_provider_create_tickets_async  (GuichetGoeventProvider    *self,
                                                              const char                *event_id,
                                                              const char                *ticket_id,
                                                              guint                      quantity,
                                                              const char                *participant_id,
                                                              const GuichetTicketHolder *holder,
                                                              const char                *phone,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
GuichetGoeventIssue *guichet_goevent_provider_create_tickets_finish (GuichetGoeventProvider  *self,
                                                                     GAsyncResult            *result,
                                                                     GError                 **error);

G_END_DECLS
