/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "guichet-fake-server.h"

G_BEGIN_DECLS

/* A fake Weezevent API v3 on 127.0.0.1 (ephemeral port), following
 * weezevent-api-v3.txt: it serves the doc's example replies from
 * tests/data/weezevent/ and generated participants, checks api_key and
 * access_token on every call but /auth/access_token and /event/categories/,
 * and can inject faults. It is a GuichetFakeServer (guichet-fake-server.h):
 * it answers from a thread of its own, and its request log is the server's.
 *
 * Events: 13824 and 11435 from events.json. Event 11435 (two dates, 138 and
 * 139) holds the generated participants; event 49015 serves the two
 * participants of the doc's example. */

#define FAKE_WEEZEVENT_USERNAME     "organizer@example.invalid"
#define FAKE_WEEZEVENT_PASSWORD     "fake-weez-Pa55word-7d1c"
#define FAKE_WEEZEVENT_API_KEY      "fake-weez-api-key-81f3"
#define FAKE_WEEZEVENT_ACCESS_TOKEN "f4b6b917cee00f13d57e3c84f56656b9"
#define FAKE_WEEZEVENT_EVENT        "11435"
#define FAKE_WEEZEVENT_DOC_EVENT    "49015"

typedef enum
{
  FAKE_WEEZEVENT_FAULT_NONE,
  FAKE_WEEZEVENT_FAULT_429,        /* 429 with Retry-After: 1 (on a page: set_retry_after) */
  FAKE_WEEZEVENT_FAULT_500,
  FAKE_WEEZEVENT_FAULT_MALFORMED,  /* 200 with a truncated JSON body */
  FAKE_WEEZEVENT_FAULT_NO_LIST,    /* 200 with {"error": ...} and no "participants" */
} FakeWeezeventFault;

typedef struct _FakeWeezevent FakeWeezevent;

/* @data_dir: tests/data/weezevent (NULL: $G_TEST_SRCDIR/data/weezevent). */
FakeWeezevent *fake_weezevent_new                  (const char         *data_dir,
                                                    guint               n_participants,
                                                    GError            **error);
void           fake_weezevent_free                 (FakeWeezevent      *self);
/* "http://127.0.0.1:PORT" (no trailing slash) */
const char    *fake_weezevent_get_base_url         (FakeWeezevent      *self);
/* The server underneath: faults, request log. */
GuichetFakeServer *fake_weezevent_get_server       (FakeWeezevent      *self);

/* Most records a page holds, whatever "max" asks (0: no cap). */
void           fake_weezevent_set_page_cap         (FakeWeezevent      *self,
                                                    guint               cap);
/* The Retry-After of FAKE_WEEZEVENT_FAULT_429 on a page (1 at first) */
void           fake_weezevent_set_retry_after      (FakeWeezevent      *self,
                                                    guint               seconds);
/* Holds each /participants reply back @delay_ms ms (0: none); the rest of
 * the server keeps answering meanwhile. */
void           fake_weezevent_set_delay_ms         (FakeWeezevent      *self,
                                                    guint               delay_ms);
/* Appends "participants event E page N" to @path for each /participants request,
 * flushed at once (NULL: stop). */
gboolean       fake_weezevent_set_log_file         (FakeWeezevent      *self,
                                                    const char         *path,
                                                    GError            **error);
/* Fair use (NOTES.md): once more than @max_requests requests (any path)
 * came within @window_ms, every request is answered 429 for 30 such
 * windows. Default: 600 in 60,000 ms, as Weezevent; 0: never. */
void           fake_weezevent_set_fair_use         (FakeWeezevent      *self,
                                                    guint               max_requests,
                                                    guint               window_ms);
/* The next request (any path) fails this way. */
void           fake_weezevent_fail_next            (FakeWeezevent      *self,
                                                    FakeWeezeventFault  fault);
/* The next /participants request for @page fails this way. */
void           fake_weezevent_fail_page            (FakeWeezevent      *self,
                                                    guint               page,
                                                    FakeWeezeventFault  fault);
/* Makes every call answer 403 (the token was revoked). */
void           fake_weezevent_revoke_token         (FakeWeezevent      *self);

/* Requests to @path ("/participants"; NULL: all). */
guint          fake_weezevent_get_n_requests       (FakeWeezevent      *self,
                                                    const char         *path);
guint          fake_weezevent_get_n_login_attempts (FakeWeezevent      *self);
/* The decoded query (key -> last value, "[]" kept in keys) and the raw query
 * text of the last request to @path, or NULL. */
GHashTable    *fake_weezevent_get_last_query       (FakeWeezevent      *self,
                                                    const char         *path);
const char    *fake_weezevent_get_last_query_string (FakeWeezevent     *self,
                                                     const char        *path);
/* The name last given with POST /scan/user. */
const char    *fake_weezevent_get_scan_user        (FakeWeezevent      *self);

/* Server clock ("YYYY-MM-DD HH:MM:SS"); every change below ticks it. */
char          *fake_weezevent_dup_server_time      (FakeWeezevent      *self);
/* Generated participants: ids are 1000000 + i, barcodes "84" + 11 digits. */
char          *fake_weezevent_dup_participant_id   (guint               index);
char          *fake_weezevent_dup_barcode          (guint               index);
/* Returns the new participant's id. */
char          *fake_weezevent_add_participant      (FakeWeezevent      *self,
                                                    const char         *barcode,
                                                    const char         *first_name,
                                                    const char         *last_name);
gboolean       fake_weezevent_rename_participant   (FakeWeezevent      *self,
                                                    const char         *id,
                                                    const char         *first_name,
                                                    const char         *last_name);
gboolean       fake_weezevent_scan_participant     (FakeWeezevent      *self,
                                                    const char         *id);
gboolean       fake_weezevent_delete_participant   (FakeWeezevent      *self,
                                                    const char         *id);

/* Writes the /participants pages of a full sync (as the client asks for them,
 * @max per page) into @dir as page-0001.json ...; returns the page count. */
guint          fake_weezevent_dump_pages           (FakeWeezevent      *self,
                                                    const char         *dir,
                                                    guint               max,
                                                    GError            **error);

G_END_DECLS
