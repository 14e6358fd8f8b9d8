/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-timing"
#define _GNU_SOURCE 1 /* RUSAGE_THREAD */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "guichet-door-timing.h"

typedef struct
{
  char   *code;
  guint32 key_time;
  gint64  taken;
  gint64  shown;
} Scan;

struct _GuichetDoorTiming
{
  FILE          *file;
  GQueue         taken;          /* Scan, waiting for their verdict */
  GQueue         shown;          /* Scan, waiting for the paint */
  GdkFrameClock *clock;          /* while connected */
  gint64         frame;          /* when the frame being painted began */
  gint64         frame_cpu;      /* this thread's CPU time then, µs */
  long           frame_switches; /* its involuntary context switches then */
};

/* This thread's CPU time in µs, and how many times the system took the
 * processor from it: whether a slow frame worked or waited. */
static gint64
thread_cpu_time (long *switches)
{
  struct timespec ts = { 0 };
  struct rusage   usage = { 0 };

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  getrusage (RUSAGE_THREAD, &usage);
  *switches = usage.ru_nivcsw;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
scan_free (Scan *scan)
{
  g_free (scan->code);
  g_free (scan);
}

GuichetDoorTiming *
guichet_door_timing_new_from_env (void)
{
  const char        *path = g_getenv ("GUICHET_DOOR_TIMING_LOG");
  GuichetDoorTiming *self;
  FILE              *file;

  if (path == NULL || path[0] == '\0')
    return NULL;
  file = fopen (path, "ae");
  if (file == NULL)
    {
      g_warning ("Cannot write the door timing log %s: %s", path, g_strerror (errno));
      return NULL;
    }
  self = g_new0 (GuichetDoorTiming, 1);
  self->file = file;
  return self;
}

static void
disconnect (GuichetDoorTiming *self)
{
  if (self->clock == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);
}

void
guichet_door_timing_free (GuichetDoorTiming *self)
{
  if (self == NULL)
    return;
  disconnect (self);
  g_queue_clear_full (&self->taken, (GDestroyNotify) scan_free);
  g_queue_clear_full (&self->shown, (GDestroyNotify) scan_free);
  fclose (self->file);
  g_free (self);
}

void
guichet_door_timing_taken (GuichetDoorTiming *self,
                           const char        *code,
                           guint32            key_time)
{
  Scan *scan;

  if (self == NULL)
    return;
  scan = g_new0 (Scan, 1);
  scan->code = g_strdup (code);
  scan->key_time = key_time;
  scan->taken = g_get_monotonic_time ();
  g_queue_push_tail (&self->taken, scan);
}

static void
on_before_paint (GdkFrameClock     *clock,
                 GuichetDoorTiming *self)
{
  self->frame = g_get_monotonic_time ();
  self->frame_cpu = thread_cpu_time (&self->frame_switches);
}

static void
on_after_paint (GdkFrameClock     *clock,
                GuichetDoorTiming *self)
{
  gint64 painted = g_get_monotonic_time ();
  long   switches;
  gint64 cpu = thread_cpu_time (&switches);
  Scan  *scan;

  while ((scan = g_queue_pop_head (&self->shown)) != NULL)
    {
      fprintf (self->file,
               "%" G_GUINT32_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
               " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %ld %s\n",
               scan->key_time, scan->taken, scan->shown, MAX (self->frame, scan->shown), painted,
               self->frame != 0 ? cpu - self->frame_cpu : -1,
               self->frame != 0 ? switches - self->frame_switches : -1, scan->code);
      scan_free (scan);
    }
  fflush (self->file);
  disconnect (self);
}

void
guichet_door_timing_shown (GuichetDoorTiming *self,
                           GtkWidget         *widget,
                           const char        *code)
{
  GdkFrameClock *clock;
  Scan          *scan;

  if (self == NULL)
    return;
  while ((scan = g_queue_pop_head (&self->taken)) != NULL && g_strcmp0 (scan->code, code) != 0)
    scan_free (scan);
  if (scan == NULL)
    return;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      scan_free (scan);
      return;
    }
  scan->shown = g_get_monotonic_time ();
  g_queue_push_tail (&self->shown, scan);
  if (self->clock == NULL)
    {
      self->clock = g_object_ref (clock);
      self->frame = 0;
      g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), self);
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
    }
}
