/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Weezevent API v3 (api.weezevent.com). Signs in once with user name,
 * password and API key, then keeps only the API key and the long-lived
 * access token. Participants come in pages of "page-size"; the sync cursor
 * carries Weezevent's server_time so the next run asks only for what changed
 * (last_update), deletions included. */

#define GUICHET_TYPE_WEEZEVENT_PROVIDER (guichet_weezevent_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetWeezeventProvider, guichet_weezevent_provider, GUICHET, WEEZEVENT_PROVIDER, GuichetRestProvider)

/* Properties: "include-not-published", "include-closed",
 * "include-without-sales" (booleans sent with /events, all TRUE by default
 * so the desk sees every event), "page-size" (participants per request,
 * default 500), "sync-interval" (read-only: seconds, from /scan/settings,
 * 0 until known). */
gboolean   guichet_weezevent_provider_get_include_not_published (GuichetWeezeventProvider *self);
void       guichet_weezevent_provider_set_include_not_published (GuichetWeezeventProvider *self,
                                                                 gboolean                  include);
gboolean   guichet_weezevent_provider_get_include_closed        (GuichetWeezeventProvider *self);
void       guichet_weezevent_provider_set_include_closed        (GuichetWeezeventProvider *self,
                                                                 gboolean                  include);
gboolean   guichet_weezevent_provider_get_include_without_sales (GuichetWeezeventProvider *self);
void       guichet_weezevent_provider_set_include_without_sales (GuichetWeezeventProvider *self,
                                                                 gboolean                  include);
guint      guichet_weezevent_provider_get_page_size             (GuichetWeezeventProvider *self);
void       guichet_weezevent_provider_set_page_size             (GuichetWeezeventProvider *self,
                                                                 guint                     page_size);
guint      guichet_weezevent_provider_get_sync_interval         (GuichetWeezeventProvider *self);

/* GET /event/:id/details: the event with its venue and period. */
void          guichet_weezevent_provider_get_event_details_async  (GuichetWeezeventProvider *self,
                                                                    const char               *event_id,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
GuichetEvent *guichet_weezevent_provider_get_event_details_finish (GuichetWeezeventProvider *self,
                                                                    GAsyncResult             *result,
                                                                    GError                  **error);
/* GET /event/search/. @criteria (may be NULL): the doc's parameters, name ->
 * value ("date_start", "date_end", "category", "city", "max_result"...).
 * Returns GuichetEvent objects. */
void          guichet_weezevent_provider_search_events_async      (GuichetWeezeventProvider *self,
                                                                    GHashTable               *criteria,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
GPtrArray    *guichet_weezevent_provider_search_events_finish     (GuichetWeezeventProvider *self,
                                                                    GAsyncResult             *result,
                                                                    GError                  **error);
/* GET /event/categories/ (public). Returns GuichetWeezeventEventCategory
 * (guichet-weezevent-parse.h). */
void          guichet_weezevent_provider_list_event_categories_async  (GuichetWeezeventProvider *self,
                                                                        GCancellable             *cancellable,
                                                                        GAsyncReadyCallback       callback,
                                                                        gpointer                  user_data);
GPtrArray    *guichet_weezevent_provider_list_event_categories_finish (GuichetWeezeventProvider *self,
                                                                        GAsyncResult             *result,
                                                                        GError                  **error);
/* POST /scan/user: names this control point (the desk). Returns the id
 * Weezevent gave it. */
void          guichet_weezevent_provider_set_scan_user_async      (GuichetWeezeventProvider *self,
                                                                    const char               *name,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
char         *guichet_weezevent_provider_set_scan_user_finish     (GuichetWeezeventProvider *self,
                                                                    GAsyncResult             *result,
                                                                    GError                  **error);
/* GET /scan/settings: updates "sync-interval". */
void          guichet_weezevent_provider_load_scan_settings_async  (GuichetWeezeventProvider *self,
                                                                     GCancellable             *cancellable,
                                                                     GAsyncReadyCallback       callback,
                                                                     gpointer                  user_data);
gboolean      guichet_weezevent_provider_load_scan_settings_finish (GuichetWeezeventProvider *self,
                                                                     GAsyncResult             *result,
                                                                     GError                  **error);
/* Participants of one date of a multi-date event, through
 * date_ticket[<date_id>][]=<ticket_id> for each of @ticket_ids (the date's
 * tickets, see guichet_event_date_get_ticket_ids()). Same paging and cursor
 * as guichet_provider_fetch_participants_async(); keep a separate cursor. */
void          guichet_weezevent_provider_fetch_date_participants_async  (GuichetWeezeventProvider *self,
                                                                          const char               *event_id,
                                                                          const char               *date_id,
                                                                          const char * const       *ticket_ids,
                                                                          const char               *cursor,
                                                                          GCancellable             *cancellable,
                                                                          GAsyncReadyCallback       callback,
                                                                          gpointer                  user_data);
GuichetParticipantPage *guichet_weezevent_provider_fetch_date_participants_finish (GuichetWeezeventProvider *self,
                                                                                    GAsyncResult             *result,
                                                                                    GError                  **error);

G_END_DECLS
