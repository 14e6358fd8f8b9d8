/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-x11-paint"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "guichet-test-utils.h"
#include "guichet-x11-paint.h"

#if HAVE_CAIRO_XLIB && defined(GDK_WINDOWING_X11)
#include <X11/Xlib.h>
#include <X11/extensions/XShm.h>
#include <gdk/x11/gdkx.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#endif

/* A window under the wrapper's Xvfb (X11, MIT-SHM, GTK's cairo renderer)
 * repaints most of itself in another colour, frame after frame, as the
 * door does for a verdict of another kind: all its frames go to the X
 * server through one shared memory segment, the one kept for it
 * (src/gui/guichet-x11-paint.c), and no new segment each frame. Read from
 * the kernel's list of segments, /proc/sysvipc/shm, by creator. */

#define FRAMES 6

/* The segments this process created that are alive now (a segment
 * removed stays listed while attached), by id: how many of their bytes
 * are in memory, that is were written. */
static GHashTable *
own_segments (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *found = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_assert_true (g_file_get_contents ("/proc/sysvipc/shm", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  /* key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime
   * ctime rss swap */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      long long key, size, rss;
      int       id, perms, cpid;

      if (sscanf (lines[i], "%lld %d %o %lld %d %*d %*d %*d %*d %*d %*d %*d %*d %*d %lld", &key,
                  &id, &perms, &size, &cpid, &rss) == 6 &&
          cpid == getpid ())
        g_hash_table_insert (found, GINT_TO_POINTER (id), GSIZE_TO_POINTER ((gsize) rss));
    }
  return found;
}

/* Whether @display is X11's, and its server can attach memory this
 * process shares (checked as cairo checks it before it uses any): where
 * the memory is kept. */
static gboolean
x11_shares_memory (GdkDisplay *display)
{
#if HAVE_CAIRO_XLIB && defined(GDK_WINDOWING_X11)
  XShmSegmentInfo info = { 0 };
  Display        *xdisplay;
  gboolean        attached;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XShmQueryExtension (xdisplay))
    return FALSE;
  info.shmid = shmget (IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  g_assert_cmpint (info.shmid, !=, -1);
  info.shmaddr = shmat (info.shmid, NULL, 0);
  g_assert_true (info.shmaddr != (char *) -1);

  gdk_x11_display_error_trap_push (display);
  attached = XShmAttach (xdisplay, &info);
  XSync (xdisplay, False);
  attached = attached && gdk_x11_display_error_trap_pop (display) == 0;
  if (attached)
    XShmDetach (xdisplay, &info);
  XSync (xdisplay, False);
  shmctl (info.shmid, IPC_RMID, NULL);
  shmdt (info.shmaddr);
  return attached;
#else
  return FALSE;
#endif
}

static void
mark_painted (GdkFrameClock *clock,
              gboolean      *painted)
{
  *painted = TRUE;
}

static void
test_x11_paint_one_segment (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  GtkWidget     *window;
  GtkWidget     *box;
  GdkFrameClock *clock;
  GHashTableIter iter;
  gboolean       painted = FALSE;
  gsize          frame_bytes;
  gpointer       id, rss;

  if (!g_file_test ("/proc/sysvipc/shm", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/sysvipc/shm to read the segments from");
      return;
    }

  gtk_css_provider_load_from_data (css,
                                   ".one { background: #26a269; } .two { background: #c01c28; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "one");
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_widget_realize (window);

  if (!x11_shares_memory (gtk_widget_get_display (window)) ||
      !GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_skip ("not X11 with MIT-SHM and the cairo renderer (GDK_BACKEND=x11 "
                   "GSK_RENDERER=cairo)");
      return;
    }
  guichet_x11_paint_keep_memory (GTK_NATIVE (window));

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (mark_painted), &painted);
  gtk_window_present (GTK_WINDOW (window));
  guichet_test_wait_until (&painted);

  /* Each frame repaints the whole box in the other colour. */
  for (guint frame = 1; frame <= FRAMES; frame++)
    {
      g_autoptr (GHashTable) alive = NULL;

      painted = FALSE;
      gtk_widget_remove_css_class (box, frame % 2 ? "one" : "two");
      gtk_widget_add_css_class (box, frame % 2 ? "two" : "one");
      guichet_test_wait_until (&painted);

      alive = own_segments ();
      g_hash_table_iter_init (&iter, alive);
      while (g_hash_table_iter_next (&iter, &id, &rss))
        g_hash_table_insert (seen, id, rss);
    }

  /* One segment for all the frames, that they were written to: as many
   * bytes in memory as a frame of the box at least. */
  frame_bytes =
    (gsize) cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, gtk_widget_get_width (box)) *
    gtk_widget_get_height (box);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1);
  g_hash_table_iter_init (&iter, seen);
  g_assert_true (g_hash_table_iter_next (&iter, &id, &rss));
  g_test_message ("segment %d: %zu bytes in memory, a frame of the box %zu", GPOINTER_TO_INT (id),
                  GPOINTER_TO_SIZE (rss), frame_bytes);
  g_assert_cmpuint (GPOINTER_TO_SIZE (rss), >=, frame_bytes);

  g_signal_handlers_disconnect_by_data (clock, &painted);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x11-paint/one-segment", test_x11_paint_one_segment);

  return g_test_run ();
}
