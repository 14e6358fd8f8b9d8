/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A fake Ticket Tailor API v1 on 127.0.0.1 (ephemeral port), following
 * tickettailor-api-v1.txt and the Ticket Tailor part of provider-docs'
 * NOTES.md. It runs on the provider test kit (tests/guichet-fake-server.h):
 * a thread and a main context of its own, so the code under test may block
 * or iterate any context.
 *
 * - HTTP Basic auth with the API key as user name is checked on every call;
 *   anything else is 401 with the documented error body.
 * - Lists are cursor pages in reverse chronological order: "limit" (at most
 *   100, default 100; more is 422 on "limit"), "starting_after",
 *   "ending_before"; "links.next" / "links.previous" are null at the ends.
 * - Booleans are the strings "true"/"false"; money is in cents.
 * - Writes take application/x-www-form-urlencoded bodies with the array
 *   syntax ("ticket_types[]=tt_1" or "ticket_types[0]=tt_1" as PHP reads
 *   them, "ticket_types[tt_1]=1", "codes[0]=A");
 *   a refused write is 422 with "errors": [{"field", "messages"}].
 * - Discounts are answered in the live shape (face_value_amount,
 *   face_value_percentage, booking_fee_amount, booking_fee_percentage,
 *   products; an update's "expires" as "YYYY-MM-DD HH:MM:SS"); tickets
 *   voided by a refund say "voided", tickets voided through the API "void".
 * - Every reply carries X-Rate-Limit-Limit/-Remaining/-Reset.
 *
 * Events: ev_1 (the document's example: two ticket groups of two ticket
 * types) holds the generated issued tickets and their orders; ev_2 (live
 * shapes: an event series, ungrouped GA and Seated types, usd) has none.
 *
 * Test-only control routes, not part of the API, live under /__fake/ (no
 * auth): GET /__fake/requests (the request log as JSON), POST
 * /__fake/fail?fault=429|500|malformed|drop[&path=PREFIX][&count=N],
 * POST /__fake/check_in?issued_ticket_id=ID (a check-in from another
 * device), POST /__fake/void?issued_ticket_id=ID (voided by a refund). */

#define FAKE_TICKETTAILOR_API_KEY  "sk_fake_1000_tt_9f2c41d7"
#define FAKE_TICKETTAILOR_EVENT    "ev_1"
#define FAKE_TICKETTAILOR_EVENT_2  "ev_2"

typedef enum
{
  FAKE_TICKETTAILOR_FAULT_NONE,
  FAKE_TICKETTAILOR_FAULT_429,        /* 429 with Retry-After: 1 */
  FAKE_TICKETTAILOR_FAULT_500,
  FAKE_TICKETTAILOR_FAULT_MALFORMED,  /* 200 with a truncated JSON body */
  FAKE_TICKETTAILOR_FAULT_DROP,       /* the connection is closed unanswered, after the work is done */
} FakeTicketTailorFault;

/* One request as the fake saw it. */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;     /* raw, or NULL */
  char      *body;      /* raw form body, or NULL */
  gboolean   authorized;
  guint      status;
} FakeTicketTailorRequest;

typedef struct _FakeTicketTailor FakeTicketTailor;

/* @data_dir: tests/data/tickettailor (NULL: the source tree's). */
FakeTicketTailor *fake_tickettailor_new            (const char            *data_dir,
                                                    guint                  n_tickets,
                                                    GError               **error);
void              fake_tickettailor_free           (FakeTicketTailor      *self);
/* "http://127.0.0.1:PORT" (no trailing slash) */
const char       *fake_tickettailor_get_base_url   (FakeTicketTailor      *self);

/* The next @count requests whose path starts with @path_prefix (NULL: any,
 * control routes excepted) fail this way. */
void              fake_tickettailor_fail_next      (FakeTicketTailor      *self,
                                                    FakeTicketTailorFault  fault,
                                                    const char            *path_prefix,
                                                    guint                  count);

/* The @skip + 1-th request whose path starts with @path_prefix fails this
 * way (once). */
void              fake_tickettailor_fail_after     (FakeTicketTailor      *self,
                                                    FakeTicketTailorFault  fault,
                                                    const char            *path_prefix,
                                                    guint                  skip);

/* The request log, oldest first (element-type FakeTicketTailorRequest);
 * read it while no request is under way. */
GPtrArray        *fake_tickettailor_get_requests   (FakeTicketTailor      *self);
/* Requests with @method (NULL: any) and exactly @path. */
guint             fake_tickettailor_count_requests (FakeTicketTailor      *self,
                                                    const char            *method,
                                                    const char            *path);
/* The last request with @method and @path, or NULL. */
FakeTicketTailorRequest *fake_tickettailor_last_request (FakeTicketTailor *self,
                                                         const char       *method,
                                                         const char       *path);
/* A form body as a list of "key=value" pairs in order, decoded
 * (element-type utf8; "ticket_types[]=tt_1" stays one entry). */
GPtrArray        *fake_tickettailor_decode_form    (const char            *body);
/* The request log as JSON text (the /__fake/requests reply). */
char             *fake_tickettailor_dup_log_json   (FakeTicketTailor      *self);

/* Generated issued tickets of ev_1: ids "it_" (100000 + index), newest
 * (highest index) first in lists. */
char             *fake_tickettailor_dup_ticket_id  (guint                  index);
char             *fake_tickettailor_dup_barcode    (guint                  index);
/* Index of the n-th generated ticket voided by a refund ("voided"). */
gboolean          fake_tickettailor_is_voided      (guint                  index);
gboolean          fake_tickettailor_is_checked_in  (guint                  index);

/* Changes made "on another device". */
gboolean          fake_tickettailor_check_in       (FakeTicketTailor      *self,
                                                    const char            *ticket_id);
/* Same, dated @unix_time (0: the fake's clock). */
gboolean          fake_tickettailor_check_in_at    (FakeTicketTailor      *self,
                                                    const char            *ticket_id,
                                                    gint64                 unix_time);
gboolean          fake_tickettailor_void_ticket    (FakeTicketTailor      *self,
                                                    const char            *ticket_id);
guint             fake_tickettailor_get_n_check_ins (FakeTicketTailor     *self,
                                                     const char           *ticket_id);

G_END_DECLS
