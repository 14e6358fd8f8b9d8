/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-x11-paint"

#include "config.h"

#include "guichet-x11-paint.h"

#if HAVE_CAIRO_XLIB && defined(GDK_WINDOWING_X11)
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>

#define KEEPER_KEY "guichet-x11-paint-keeper"

/* Why: GTK's cairo renderer paints each frame into an image, then cairo
 * sends the part that changed to the X server through a shared memory
 * segment (MIT-SHM). Cairo takes that memory from a pool of segments and
 * destroys a segment as soon as nothing in it is in use: after every
 * frame, when the window is all there is. The next large frame then
 * creates a segment again (with a round trip to the server) and faults in
 * each of its pages anew: at the door, under Xvfb on a virtual machine,
 * about a third of the CPU time of a verdict that changes the page's
 * colour, and the frame waited for the server meanwhile.
 *
 * Cairo makes a pool eight times as large as the image that needed it
 * (rounded up to a power of two), and keeps it while an image in it is
 * alive. An image of the size of the largest monitor, kept and never
 * drawn on, so holds a pool with room for any frame beside it: the
 * frames reuse the same pages, faulted in once. The kept image is never
 * written, so its own pages cost no memory; what stays in memory is the
 * few frames' worth the pool was written with (8-11 MiB for a 1000×700
 * window through 150 door scans, in a pool of 64 MiB for a 1280×1024
 * screen). */

/* The size in pixels of @display's largest monitor; FALSE when it has
 * none. */
static gboolean
largest_monitor (GdkDisplay *display,
                 int        *width,
                 int        *height)
{
  GListModel *monitors = gdk_display_get_monitors (display);

  *width = *height = 0;
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;
      int          scale = gdk_monitor_get_scale_factor (monitor);

      gdk_monitor_get_geometry (monitor, &geometry);
      if ((gint64) geometry.width * geometry.height * scale * scale > (gint64) *width * *height)
        {
          *width = geometry.width * scale;
          *height = geometry.height * scale;
        }
    }
  return *width > 0 && *height > 0;
}

void
guichet_x11_paint_keep_memory (GtkNative *native)
{
  GdkSurface      *surface = gtk_native_get_surface (native);
  GskRenderer     *renderer = gtk_native_get_renderer (native);
  GdkDisplay      *display;
  Display         *xdisplay;
  Screen          *screen;
  cairo_surface_t *keeper;
  cairo_surface_t *root;
  int              width;
  int              height;

  if (surface == NULL || renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer))
    return;
  display = gdk_surface_get_display (surface);
  if (!GDK_IS_X11_DISPLAY (display) || !largest_monitor (display, &width, &height))
    return;

  /* One for the display, as cairo's pool is; looked at again as each
   * window is realized, and made anew when a larger monitor came. */
  keeper = g_object_get_data (G_OBJECT (display), KEEPER_KEY);
  if (keeper != NULL && cairo_image_surface_get_width (keeper) >= width &&
      cairo_image_surface_get_height (keeper) >= height)
    return;

  xdisplay = gdk_x11_display_get_xdisplay (display);
  screen = gdk_x11_display_get_xscreen (display);
  root = cairo_xlib_surface_create (xdisplay, RootWindowOfScreen (screen),
                                    DefaultVisualOfScreen (screen), 1, 1);
  /* In the shared memory pool when the server has MIT-SHM, else a plain
   * image (kept for nothing, as then each frame is sent over the socket). */
  keeper = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_destroy (root);
  if (cairo_surface_status (keeper) != CAIRO_STATUS_SUCCESS)
    {
      g_debug ("No image of %d×%d to keep: %s", width, height,
               cairo_status_to_string (cairo_surface_status (keeper)));
      cairo_surface_destroy (keeper);
      return;
    }
  g_object_set_data_full (G_OBJECT (display), KEEPER_KEY, keeper,
                          (GDestroyNotify) cairo_surface_destroy);
}

#else

void
guichet_x11_paint_keep_memory (GtkNative *native)
{
}

#endif
