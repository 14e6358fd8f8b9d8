/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A ticket's barcode as a QR code (libqrencode): black modules on white,
 * @module_size pixels each, with the four-module quiet zone scanners
 * need. NULL when Guichet was built without libqrencode or the text does
 * not fit a QR code. */
GdkTexture *_guichet_qr_texture_new (const char *text,
                                     guint       module_size);

G_END_DECLS
