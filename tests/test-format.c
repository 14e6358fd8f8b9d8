/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pages' value formatting (src/gui/guichet-format.c, guichet-dates.c)
 * under French and American English, with the build tree's catalogs: event
 * and participant statuses, the checked-in share, prices, and event times in their own
 * zone. Each locale test skips when the locale cannot be loaded. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "guichet-core.h"
#include "../src/gui/guichet-dates.h"
#include "../src/gui/guichet-format.h"

/* Switches the language and the locale for one test; FALSE (skipped) when
 * the locale is missing. */
static gboolean
use_locale (const char *language,
            const char *name)
{
  g_setenv ("LANGUAGE", language, TRUE);
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not available", name);

      g_test_skip (message);
      return FALSE;
    }
  /* gettext caches its answers per language: make it look again */
  textdomain (GETTEXT_PACKAGE);

  return TRUE;
}

static char *
money_text (gint64      minor,
            const char *currency)
{
  GuichetMoney money = { 0 };

  guichet_money_init (&money, minor, currency);
  return guichet_money_format (&money);
}

static GuichetEvent *
event_at (const char *start,
          const char *end)
{
  return g_object_new (GUICHET_TYPE_EVENT, "id", "e1", "start", start, "end", end, NULL);
}

static void
test_status_fallback (void)
{
  g_autofree char *pre_sale = guichet_format_event_status ("pre_sale");
  g_autofree char *shouting = guichet_format_event_status ("SALES-CLOSED");

  setlocale (LC_ALL, "C");
  g_assert_null (guichet_format_event_status (NULL));
  g_assert_null (guichet_format_event_status (""));
  /* Unknown words humanized, never shown with their underscores */
  g_assert_cmpstr (pre_sale, ==, "Pre sale");
  g_assert_cmpstr (shouting, ==, "Sales closed");
  /* A status this build does not know is left blank, never a number */
  g_assert_cmpstr (guichet_format_participant_status ((GuichetParticipantStatus) 99), ==, "");
}

static void
test_french (void)
{
  g_autofree char *on_sale = NULL;
  g_autofree char *published = NULL;
  g_autofree char *upcoming = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *share = NULL;
  g_autofree char *none = NULL;
  g_autofree char *almost = NULL;
  g_autofree char *price = NULL;
  g_autofree char *yen = NULL;
  g_autofree char *dinar = NULL;
  g_autofree char *when = NULL;
  g_autofree char *local = NULL;
  g_autofree char *day = NULL;
  g_autoptr (GuichetEvent) event = NULL;

  if (!use_locale ("fr", "fr_FR.UTF-8"))
    return;

  on_sale = guichet_format_event_status ("on_sale");
  published = guichet_format_event_status ("published");
  upcoming = guichet_format_event_status ("upcoming");
  upper = guichet_format_event_status ("ON_SALE");
  g_assert_cmpstr (on_sale, ==, "En vente");
  g_assert_cmpstr (published, ==, "Publié");
  g_assert_cmpstr (upcoming, ==, "À venir");
  g_assert_cmpstr (upper, ==, "En vente");

  /* A participant's status, the same words in the list and the details */
  g_assert_cmpstr (guichet_format_participant_status (GUICHET_PARTICIPANT_STATUS_VALID), ==,
                   "Valide");
  g_assert_cmpstr (guichet_format_participant_status (GUICHET_PARTICIPANT_STATUS_VOIDED), ==,
                   "Annulé");
  g_assert_cmpstr (guichet_format_participant_status (GUICHET_PARTICIPANT_STATUS_UNPAID), ==,
                   "Impayé");

  /* "4 %" with a no-break space, rounded down */
  share = guichet_format_checked_in_share (49, 1000);
  g_assert_cmpstr (share, ==, "4\u00a0% entrés");
  none = guichet_format_checked_in_share (0, 0);
  g_assert_cmpstr (none, ==, "0\u00a0% entrés");
  almost = guichet_format_checked_in_share (999, 1000);
  g_assert_cmpstr (almost, ==, "99\u00a0% entrés");

  price = money_text (8900, "EUR");
  g_assert_cmpstr (price, ==, "89,00\u00a0€");
  yen = money_text (1500, "JPY");
  g_assert_cmpstr (yen, ==, "1\u202f500\u00a0¥");
  dinar = money_text (1250, "BHD");
  g_assert_true (g_str_has_prefix (dinar, "1,250"));

  /* The desk is in Paris (TZ, set in main): a Paris event shows no zone */
  event = event_at ("2025-06-07T20:00:00+02:00", "2025-06-07T23:30:00+02:00");
  local = guichet_dates_format_when (event);
  g_assert_cmpstr (local, ==, "samedi 7 juin 2025, 20:00 – 23:30");
  g_clear_object (&event);

  /* A Montreal event keeps its own hours, and says which zone */
  event = event_at ("2025-06-07T20:00:00-04:00", "2025-06-07T23:30:00-04:00");
  when = guichet_dates_format_when (event);
  g_assert_cmpstr (when, ==, "samedi 7 juin 2025, 20:00 – 23:30 (UTC-04:00)");
  day = guichet_dates_format ("2025-06-07T23:30:00-04:00", FALSE);
  g_assert_cmpstr (day, ==, "sam. 7 juin 2025");
}

static void
test_english (void)
{
  g_autofree char *on_sale = NULL;
  g_autofree char *sold_out = NULL;
  g_autofree char *share = NULL;
  g_autofree char *price = NULL;
  g_autofree char *pound = NULL;
  g_autofree char *big = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *when = NULL;
  g_autofree char *utc = NULL;
  g_autoptr (GuichetEvent) event = NULL;

  if (!use_locale ("en", "en_US.UTF-8"))
    return;

  on_sale = guichet_format_event_status ("on_sale");
  sold_out = guichet_format_event_status ("sold_out");
  g_assert_cmpstr (on_sale, ==, "On Sale");
  g_assert_cmpstr (sold_out, ==, "Sold Out");
  g_assert_cmpstr (guichet_format_participant_status (GUICHET_PARTICIPANT_STATUS_REFUNDED), ==,
                   "Refunded");

  share = guichet_format_checked_in_share (49, 1000);
  g_assert_cmpstr (share, ==, "4% checked in");

  price = money_text (8900, "EUR");
  g_assert_cmpstr (price, ==, "€89.00");
  pound = money_text (540, "GBP");
  g_assert_cmpstr (pound, ==, "£5.40");
  big = money_text (123456789, "USD");
  g_assert_cmpstr (big, ==, "$1,234,567.89");
  negative = money_text (-500, "EUR");
  g_assert_nonnull (strstr (negative, "5.00"));
  g_assert_nonnull (strchr (negative, '-'));

  /* An event written in UTC: the venue's zone is unknown, the desk's is
   * shown, named nowhere */
  event = event_at ("2025-06-07T18:00:00Z", NULL);
  utc = guichet_dates_format_when (event);
  g_assert_cmpstr (utc, ==, "Saturday 7 June 2025, 20:00");
  g_clear_object (&event);

  /* Across midnight in its own zone, still its own hours */
  event = event_at ("2025-06-07T22:00:00+05:30", "2025-06-08T02:00:00+05:30");
  when = guichet_dates_format_when (event);
  g_assert_cmpstr (when, ==, "Saturday 7 June 2025, 22:00 – Sunday 8 June 2025, 02:00 (UTC+05:30)");
}

int
main (int   argc,
      char *argv[])
{
  const char      *build_root = g_getenv ("GUICHET_BUILD_ROOT");
  g_autofree char *catalogs = NULL;

  /* The desk's zone, before GLib reads it */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (build_root);
  catalogs = g_build_filename (build_root, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, catalogs);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/format/status/fallback", test_status_fallback);
  g_test_add_func ("/format/fr_FR", test_french);
  g_test_add_func ("/format/en_US", test_english);

  return g_test_run ();
}
