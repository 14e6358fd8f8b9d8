/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window-timing"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "guichet-window-timing.h"

typedef struct
{
  char          *what;
  GdkFrameClock *clock;
} Mark;

static GHashTable *marked; /* what -> TRUE: once each */

static void
on_after_paint (GdkFrameClock *clock,
                Mark          *mark)
{
  const char *path = g_getenv ("GUICHET_WINDOW_TIMING_LOG");
  gint64      painted = g_get_monotonic_time ();
  FILE       *file = fopen (path, "ae");

  if (file != NULL)
    {
      fprintf (file, "%s %" G_GINT64_FORMAT "\n", mark->what, painted);
      fclose (file);
    }
  else
    g_warning ("Cannot write the window timing log %s: %s", path, g_strerror (errno));

  g_signal_handlers_disconnect_by_data (clock, mark);
  g_object_unref (mark->clock);
  g_free (mark->what);
  g_free (mark);
}

void
guichet_window_timing_mark (GtkWidget  *widget,
                            const char *what)
{
  const char    *path = g_getenv ("GUICHET_WINDOW_TIMING_LOG");
  GdkFrameClock *clock;
  Mark          *mark;

  if (path == NULL || path[0] == '\0')
    return;
  if (marked == NULL)
    marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (marked, what))
    return;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;
  g_hash_table_add (marked, g_strdup (what));

  mark = g_new0 (Mark, 1);
  mark->what = g_strdup (what);
  mark->clock = g_object_ref (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), mark);
  gtk_widget_queue_draw (widget);
}
