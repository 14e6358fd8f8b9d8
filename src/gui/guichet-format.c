/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-format"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-format.h"

static const struct
{
  const char *status;
  const char *label;
} event_statuses[] = {
  { "draft", NC_("event status", "Draft") },
    { "published", NC_("event status", "Published") },
      { "unpublished", NC_("event status", "Unpublished") },
        { "on_sale", NC_("event status", "On Sale") },
          { "onsale", NC_("event status", "On Sale") },
            { "upcoming", NC_("event status", "Upcoming") },
              { "live", NC_("event status", "Live") },
                { "sold_out", NC_("event status", "Sold Out") },
                  { "soldout", NC_("event status", "Sold Out") },
                    { "closed", NC_("event status", "Closed") },
                      { "ended", NC_("event status", "Ended") },
                        { "past", NC_("event status", "Past") },
                          { "cancelled", NC_("event status", "Cancelled") },
                            { "canceled", NC_("event status", "Cancelled") },
                              { "postponed", NC_("event status", "Postponed") },
                                { "active", NC_("event status", "Active") },
                                  { "archived", NC_("event status", "Archived") },
                                };

char *
guichet_format_event_status (const char *status)
{
  g_autofree char *words = NULL;

  if (status == NULL || *status == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (event_statuses); i++)
    if (g_ascii_strcasecmp (status, event_statuses[i].status) == 0)
      return g_strdup (g_dpgettext2 (NULL, "event status", event_statuses[i].label));

  /* A platform's own word: "pre_sale" or "PRE-SALE" -> "Pre sale" */
  words = g_utf8_strdown (status, -1);
  g_strdelimit (words, "_-", ' ');
  g_strstrip (words);
  if (*words == '\0')
    return g_strdup (status);
  words[0] = g_ascii_toupper (words[0]);
  return g_steal_pointer (&words);
}

char *
guichet_format_checked_in_share (gint64 checked_in,
                                 gint64 total)
{
  gint64           percent = 0;
  g_autofree char *share = NULL;

  if (total > 0 && checked_in > 0)
    percent = MIN (checked_in, total) * 100 / total;
  share = guichet_percentage_format (percent * GUICHET_PERCENTAGE_ONE_PERCENT);

  /* Translators: %s is a percentage ("4%", or "4 %" in French): the share
   * of an event's participants already checked in */
  return g_strdup_printf (_("%s checked in"), share);
}

const char *
guichet_format_participant_status (GuichetParticipantStatus status)
{
  switch (status)
    {
    case GUICHET_PARTICIPANT_STATUS_VALID:
      return C_("participant status", "Valid");
    case GUICHET_PARTICIPANT_STATUS_VOIDED:
      return C_("participant status", "Voided");
    case GUICHET_PARTICIPANT_STATUS_REFUNDED:
      return C_("participant status", "Refunded");
    case GUICHET_PARTICIPANT_STATUS_UNPAID:
      return C_("participant status", "Unpaid");
    case GUICHET_PARTICIPANT_STATUS_DELETED:
      return C_("participant status", "Deleted");
    default:
      return "";
    }
}
