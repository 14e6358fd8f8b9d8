/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-dates"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-dates.h"

GDateTime *
guichet_dates_parse (const char *text)
{
  g_autoptr (GTimeZone) local = NULL;
  g_autoptr (GDateTime) date = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  local = g_time_zone_new_local ();
  date = g_date_time_new_from_iso8601 (text, local);
  if (date == NULL)
    {
      /* A date without a time: "2025-06-07" */
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      date = g_date_time_new_from_iso8601 (midnight, local);
    }
  if (date == NULL)
    return NULL;

  return g_date_time_to_local (date);
}

/* @text as the event's local time: in the offset it was written with
 * ("2025-07-11T16:00:00+02:00" stays 16:00), in the desk's zone when it
 * has none or is UTC ("…Z": many platforms send UTC whatever the venue's
 * zone, and the desk's is then the better guess). */
static GDateTime *
parse_event_time (const char *text)
{
  g_autoptr (GTimeZone) local = NULL;
  g_autoptr (GDateTime) date = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  local = g_time_zone_new_local ();
  date = g_date_time_new_from_iso8601 (text, local);
  if (date == NULL || g_date_time_get_utc_offset (date) == 0)
    return guichet_dates_parse (text);

  return g_steal_pointer (&date);
}

/* The zone to name beside @date's time, "UTC+02:00", or NULL when it is the
 * desk's own offset at that instant. */
static char *
zone_text (GDateTime *date)
{
  g_autoptr (GDateTime) desk = g_date_time_to_local (date);
  g_autofree char *offset = NULL;

  if (desk == NULL || g_date_time_get_utc_offset (desk) == g_date_time_get_utc_offset (date))
    return NULL;

  offset = g_date_time_format (date, "%:z");
  /* Translators: a time zone named by its offset from UTC, "UTC+02:00" */
  return g_strdup_printf (_("UTC%s"), offset);
}

static char *
with_zone (char      *text,
           GDateTime *date)
{
  g_autofree char *owned = text;
  g_autofree char *zone = zone_text (date);

  if (zone == NULL)
    return g_steal_pointer (&owned);
  /* Translators: a time and its zone when it is not the computer's,
   * "Saturday 7 June 2025, 20:00 (UTC+02:00)" */
  return g_strdup_printf (_("%s (%s)"), owned, zone);
}

static char *
format_date (GDateTime *date,
             gboolean   with_time)
{
  if (with_time)
    /* Translators: a date and time, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%A %-d %B %Y, %H:%M"));
  else
    /* Translators: a short date, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%a %-d %b %Y"));
}

char *
guichet_dates_format (const char *text,
                      gboolean    with_time)
{
  g_autoptr (GDateTime) date = parse_event_time (text);

  if (text == NULL || *text == '\0')
    return NULL;
  if (date == NULL)
    return g_strdup (text);

  if (with_time)
    return with_zone (format_date (date, TRUE), date);
  return format_date (date, FALSE);
}

char *
guichet_dates_format_when (GuichetEvent *event)
{
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  g_return_val_if_fail (GUICHET_IS_EVENT (event), NULL);

  start = parse_event_time (guichet_event_get_start (event));
  end = parse_event_time (guichet_event_get_end (event));
  if (start == NULL)
    return guichet_dates_format (guichet_event_get_start (event), TRUE);

  start_text = format_date (start, TRUE);
  if (end == NULL)
    return with_zone (g_steal_pointer (&start_text), start);

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: the end time of an event that ends on the day it starts */
    end_text = g_date_time_format (end, _("%H:%M"));
  else
    end_text = format_date (end, TRUE);

  /* Translators: an event's start and end, e.g. "Saturday 7 June 2025, 20:00 – 23:30" */
  return with_zone (g_strdup_printf (_("%s – %s"), start_text, end_text), start);
}
