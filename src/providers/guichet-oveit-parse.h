/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Pure parsing of Oveit API replies (oveit-api-tickets.txt and the Oveit
 * part of provider-docs/NOTES.md): safe in a worker thread, tolerant. */

/* Oveit answers errors with HTTP 200 and {"error": "..."}: never a success.
 * GUICHET_ERROR_VALIDATION with the server's words (the platform refused
 * the request; the door's push calls that a conflict). */
gboolean    guichet_oveit_check_reply      (JsonNode    *root,
                                            GError     **error);

/* seller/login: the token. */
char       *guichet_oveit_parse_login      (JsonNode    *root,
                                            GError     **error);

/* seller/events: events (perpetual ones, starts_at null, have no start). */
GPtrArray  *guichet_oveit_parse_events     (JsonNode    *root,
                                            const char  *account_id,
                                            GError     **error);
/* The ticket types of @event_id in a seller/events reply, as categories:
 * each ticket type's price ("100 USD") in major units and its currency,
 * its addons as children. NULL with GUICHET_ERROR_NOT_FOUND when the event
 * is not listed. */
GPtrArray  *guichet_oveit_parse_categories (JsonNode    *root,
                                            const char  *event_id,
                                            GError     **error);

/* events/tickets: the codes with their check-in state, as participants
 * (id and barcode the code). */
GPtrArray  *guichet_oveit_parse_tickets    (JsonNode    *root,
                                            const char  *event_id,
                                            GError     **error);

/* events/attendees: adds names, e-mail, ticket type name and answers (the
 * form's fields and values; a multiple choice joined with ", ") to the
 * participants of @by_code (code -> GuichetParticipant), adding those it
 * lacks. Returns how many attendees the page held, or -1 with @error;
 * *@last_code gets the page's last ticket code (the next "since"). */
gint64      guichet_oveit_merge_attendees  (JsonNode    *root,
                                            const char  *event_id,
                                            GHashTable  *by_code,
                                            GPtrArray   *order,
                                            char       **last_code,
                                            GError     **error);

/* tickets/checkin and tickets/scan. */
typedef struct
{
  gboolean   ok;
  char      *error;        /* the refusal's words, or NULL */
  char      *code;
  char      *ticket_type_id;
  GPtrArray *checkins;     /* GDateTime of each check-in (addon ones included) */
} GuichetOveitScan;

void        guichet_oveit_scan_free        (GuichetOveitScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetOveitScan, guichet_oveit_scan_free)
GuichetOveitScan *guichet_oveit_parse_scan (JsonNode    *root,
                                            GError     **error);

G_END_DECLS
