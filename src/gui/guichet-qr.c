/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-qr"

#include "config.h"

#include <string.h>

#if HAVE_QRENCODE
#include <qrencode.h>
#endif

#include "guichet-qr-private.h"

#define QUIET_ZONE 4

GdkTexture *
_guichet_qr_texture_new (const char *text,
                         guint       module_size)
{
#if HAVE_QRENCODE
  QRcode *code;
  g_autoptr (GBytes) bytes = NULL;
  guchar *pixels;
  guint   modules, side, stride;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_size > 0, NULL);

  /* 8-bit mode: the barcode's bytes as they are, whatever they hold */
  code = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    return NULL;

  modules = (guint) code->width + 2 * QUIET_ZONE;
  side = modules * module_size;
  stride = side * 3;
  pixels = g_malloc ((gsize) stride * side);
  memset (pixels, 0xff, (gsize) stride * side);

  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      {
        /* Bit 0 of each byte: the module is dark */
        if ((code->data[y * code->width + x] & 1) == 0)
          continue;
        for (guint dy = 0; dy < module_size; dy++)
          {
            guchar *row = pixels + (gsize) ((y + QUIET_ZONE) * module_size + dy) * stride;

            memset (row + (gsize) (x + QUIET_ZONE) * module_size * 3, 0, (gsize) module_size * 3);
          }
      }
  QRcode_free (code);

  bytes = g_bytes_new_take (pixels, (gsize) stride * side);
  return gdk_memory_texture_new ((int) side, (int) side, GDK_MEMORY_R8G8B8, bytes, stride);
#else
  return NULL;
#endif
}
