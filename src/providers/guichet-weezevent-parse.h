/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Pure parsing of Weezevent API v3 replies into Guichet objects: no network,
 * no main context, safe to call from a worker thread. Every function reads
 * tolerantly (ids as numbers or text, null where a value is documented,
 * unknown members ignored) and fails with GUICHET_ERROR_MALFORMED only when
 * the reply as a whole cannot be used. */

/* A public event category (/event/categories/). */
typedef struct
{
  char *id;
  char *name;
} GuichetWeezeventEventCategory;

void guichet_weezevent_event_category_free (GuichetWeezeventEventCategory *category);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetWeezeventEventCategory, guichet_weezevent_event_category_free)

/* One /participants page. */
typedef struct
{
  GPtrArray *participants;  /* (element-type GuichetParticipant) */
  char      *server_time;   /* "YYYY-MM-DD HH:MM:SS" or NULL */
  guint      n_records;     /* records in the reply, skipped ones included */
  char      *first_id;      /* id of the first record, to spot a server that ignores "page" */
} GuichetWeezeventParticipants;

void guichet_weezevent_participants_free (GuichetWeezeventParticipants *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetWeezeventParticipants, guichet_weezevent_participants_free)

/* Parses a reply body. Weezevent's own documentation shows bodies with
 * escapes JSON does not allow ("\#"): those are read as the bare character. */
JsonNode   *guichet_weezevent_parse_json            (GBytes      *bytes,
                                                     GError     **error);

/* Text as Weezevent shows it: literal "\u00e9" sequences (doubly escaped
 * replies) decoded and "\'" unescaped. Returns a new string, NULL for NULL. */
char       *guichet_weezevent_clean_text            (const char  *text);

/* {"accessToken": "..."} */
char       *guichet_weezevent_parse_access_token    (JsonNode    *root,
                                                     GError     **error);
/* GET /events: GuichetEvent objects. */
GPtrArray  *guichet_weezevent_parse_events          (JsonNode    *root,
                                                     const char  *account_id,
                                                     GError     **error);
/* GET /event/:id/details: a GuichetEvent (name, period, venue). */
GuichetEvent *guichet_weezevent_parse_event_details (JsonNode    *root,
                                                     const char  *account_id,
                                                     GError     **error);
/* GET /event/search/: GuichetEvent objects. */
GPtrArray  *guichet_weezevent_parse_event_search    (JsonNode    *root,
                                                     const char  *account_id,
                                                     GError     **error);
/* GET /event/categories/: GuichetWeezeventEventCategory. */
GPtrArray  *guichet_weezevent_parse_event_categories (JsonNode   *root,
                                                      GError    **error);
/* GET /dates: GuichetEventDate objects of @event_id (all events when NULL). */
GPtrArray  *guichet_weezevent_parse_dates           (JsonNode    *root,
                                                     const char  *event_id,
                                                     GError     **error);
/* GET /tickets: the roots of @event_id's tree (all events' when NULL):
 * top-level tickets first, then categories; categories hold their tickets,
 * then their sub-categories, at any depth. */
GPtrArray  *guichet_weezevent_parse_tickets         (JsonNode    *root,
                                                     const char  *event_id,
                                                     GError     **error);
/* GET /ticket/:id/stats */
gboolean    guichet_weezevent_parse_ticket_stats    (JsonNode           *root,
                                                     GuichetTicketStats *stats,
                                                     GError            **error);
/* GET /participants: @event_id (may be NULL) is used when a record has no
 * id_event. A bad record is skipped (g_debug); a reply without a
 * "participants" array is GUICHET_ERROR_MALFORMED. Pages are read with a
 * one-pass scanner (guichet-weezevent-scan.h), json-glib for what it declines. */
GuichetWeezeventParticipants *guichet_weezevent_parse_participants (GBytes     *bytes,
                                                                    const char *event_id,
                                                                    GError    **error);
GuichetParticipant *guichet_weezevent_parse_participant (JsonObject *object,
                                                         const char *event_id,
                                                         GError    **error);
/* GET /participant/:id/answers: JSON text [{"label": "...", "value": "..."}]. */
char       *guichet_weezevent_parse_answers         (JsonNode    *root,
                                                     GError     **error);
/* GET /scan/settings: sync_interval in seconds (0 when absent). */
gboolean    guichet_weezevent_parse_scan_settings   (JsonNode    *root,
                                                     guint       *sync_interval,
                                                     GError     **error);
/* POST /scan/user: {"id": "1789"} */
char       *guichet_weezevent_parse_scan_user       (JsonNode    *root,
                                                     GError     **error);

G_END_DECLS
