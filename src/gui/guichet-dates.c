/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-dates"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-dates.h"

GDateTime *
guichet_dates_parse (const char *text)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) date = NULL;

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

char *
guichet_dates_format (const char *text,
                      gboolean    with_time)
{
  g_autoptr(GDateTime) date = guichet_dates_parse (text);

  if (text == NULL || *text == '\0')
    return NULL;
  if (date == NULL)
    return g_strdup (text);

  if (with_time)
    /* Translators: a date and time, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%A %-d %B %Y, %H:%M"));
  else
    /* Translators: a short date, see the GLib g_date_time_format() docs */
    return g_date_time_format (date, _("%a %-d %b %Y"));
}

char *
guichet_dates_format_when (GuichetEvent *event)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  g_return_val_if_fail (GUICHET_IS_EVENT (event), NULL);

  start = guichet_dates_parse (guichet_event_get_start (event));
  end = guichet_dates_parse (guichet_event_get_end (event));
  if (start == NULL)
    return guichet_dates_format (guichet_event_get_start (event), TRUE);

  start_text = guichet_dates_format (guichet_event_get_start (event), TRUE);
  if (end == NULL)
    return g_steal_pointer (&start_text);

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: the end time of an event that ends on the day it starts */
    end_text = g_date_time_format (end, _("%H:%M"));
  else
    end_text = guichet_dates_format (guichet_event_get_end (event), TRUE);

  /* Translators: an event's start and end, e.g. "Saturday 7 June 2025, 20:00 – 23:30" */
  return g_strdup_printf (_("%s – %s"), start_text, end_text);
}
