/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A barcode scanner in serial mode (USB CDC-ACM: /dev/ttyACM0, or better
 * its stable /dev/serial/by-id/... link): each line it sends, ended by CR,
 * LF or both, is a scan. The device is opened non-blocking in raw mode and
 * read from the thread-default main context; when it goes away (unplugged,
 * end of stream, read error) it is opened again every few seconds until it
 * comes back.
 *
 * Signal "scan" (const char *code): a line, without its end, as sent
 * (not yet normalized; empty lines are skipped). Property "connected". */

#define GUICHET_SERIAL_SCANNER_RETRY_MS 3000
/* A line longer than this is not a code: it is dropped. */
#define GUICHET_SERIAL_SCANNER_MAX_LINE 4096

#define GUICHET_TYPE_SERIAL_SCANNER (guichet_serial_scanner_get_type ())
G_DECLARE_FINAL_TYPE (GuichetSerialScanner, guichet_serial_scanner, GUICHET, SERIAL_SCANNER, GObject)

GuichetSerialScanner *guichet_serial_scanner_new           (const char           *path);
const char           *guichet_serial_scanner_get_path      (GuichetSerialScanner *self);
gboolean              guichet_serial_scanner_get_connected (GuichetSerialScanner *self);
void                  guichet_serial_scanner_set_retry_interval (GuichetSerialScanner *self,
                                                                 guint                 retry_ms);
/* Opens the device now and keeps it open (reopening it when it goes)
 * until stop(). FALSE with @error when it cannot be opened now: it is
 * tried again all the same. */
gboolean              guichet_serial_scanner_start         (GuichetSerialScanner *self,
                                                            GError              **error);
void                  guichet_serial_scanner_stop          (GuichetSerialScanner *self);

G_END_DECLS
