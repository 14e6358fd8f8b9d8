/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Money in Guichet: an integer count of the currency's minor unit (cents
 * for EUR, yen for JPY, fils for BHD) and an ISO 4217 code. Never a
 * double. Every amount in src/core (ticket prices, discounts, vouchers,
 * orders) is one of these; properties hold the amount as a gint64 beside
 * the entity's "currency" property, getters hand out a GuichetMoney.
 *
 * Providers read amounts with one of:
 *   minor units (Ticket Tailor's cents):  guichet_money_init (&m, cents, "gbp")
 *   major units as text ("5.40", "5,4"):  guichet_money_parse ()
 *   major units with the code ("100 USD", Oveit): guichet_money_parse ()
 *   major units as a JSON number (12.5, Fourvenues): guichet_money_from_json ()
 * and write them with guichet_money_to_string () ("5.40"); the UI shows
 * them with guichet_money_format () ("89,00 €" in French).
 *
 * A stack value is fine: GuichetMoney m = { 0 }; guichet_money_init (&m, ...).
 * The boxed type is for GValues and lists. */
typedef struct _GuichetMoney GuichetMoney;

struct _GuichetMoney
{
  gint64 amount_minor;  /* in minor units of @currency: 540 is 5.40 EUR */
  char   currency[4];   /* ISO 4217, upper case; "" when not known */
};

#define GUICHET_TYPE_MONEY (guichet_money_get_type ())

GType         guichet_money_get_type   (void) G_GNUC_CONST;
/* @currency: any case ("gbp" -> "GBP"); NULL or not three ASCII letters
 * gives "". */
GuichetMoney *guichet_money_new        (gint64              amount_minor,
                                        const char         *currency);
void          guichet_money_init       (GuichetMoney       *self,
                                        gint64              amount_minor,
                                        const char         *currency);
GuichetMoney *guichet_money_copy       (const GuichetMoney *self);
void          guichet_money_free       (GuichetMoney       *self);
/* Same amount and same currency. */
gboolean      guichet_money_equal      (const GuichetMoney *a,
                                        const GuichetMoney *b);
/* NULL when the currency is "" (for getters of "currency" properties). */
const char   *guichet_money_get_currency (const GuichetMoney *self);

/* Currencies. Three ASCII letters, any case. */
gboolean      guichet_currency_is_valid     (const char *code);
/* Digits after the decimal mark: 0 (JPY, KRW, ...), 3 (BHD, KWD, JOD,
 * OMR, TND, IQD, LYD), 4 (CLF, UYW), 2 for every other code, NULL or "". */
guint         guichet_currency_get_decimals (const char *code);

typedef enum
{
  GUICHET_MONEY_PARSE_DEFAULT        = 0,
  GUICHET_MONEY_PARSE_ALLOW_NEGATIVE = 1 << 0,  /* "-5" is refused otherwise */
  /* More decimals than the currency has are rounded half away from zero
   * (exactly, on the decimal text) instead of refused: for amounts a
   * platform computed (taxes), never for what a user typed. */
  GUICHET_MONEY_PARSE_ROUND          = 1 << 1,
} GuichetMoneyParseFlags;

/* Major units as text: "5.40", "5,4", "12", "+3", ".5", "100 USD",
 * "USD 100", surrounding spaces. One decimal mark ('.' or ','); no
 * thousands separators ("1,000.00" is refused: 1,000 could be 1.000).
 * A code in the text must agree with @currency when both are given; the
 * result's currency is the text's, else @currency (else "", read with 2
 * decimals). Errors (GUICHET_ERROR_INVALID_INPUT, with a message naming
 * the text): empty, not a number, negative (unless allowed), too many
 * decimals (unless rounding), beyond gint64 minor units, unknown or
 * conflicting code. @out is untouched on error. */
gboolean      guichet_money_parse      (const char             *text,
                                        const char             *currency,
                                        GuichetMoneyParseFlags  flags,
                                        GuichetMoney           *out,
                                        GError                **error);
/* Major units as a JSON value: an integer, a number with decimals (12.5
 * -> 1250, 19.99 -> 1999 exactly: read from the shortest decimal text of
 * the double, never multiplied as a float) or a string as for
 * guichet_money_parse(). GUICHET_ERROR_MALFORMED when @node is NULL, null,
 * not a value or unreadable, with the same rules as guichet_money_parse(). */
gboolean      guichet_money_from_json  (JsonNode               *node,
                                        const char             *currency,
                                        GuichetMoneyParseFlags  flags,
                                        GuichetMoney           *out,
                                        GError                **error);

/* For machines (requests, CSV, CLI): major units with '.', as many
 * decimals as the currency has, no code, whatever the locale:
 * 540 EUR -> "5.40", 1000 JPY -> "1000", 1250 BHD -> "1.250", -5 EUR ->
 * "-0.05". */
char         *guichet_money_to_string  (const GuichetMoney *self);
/* For people, in the user's locale (LC_MONETARY): decimal mark, grouping,
 * symbol position and spacing from localeconv(); the symbol is the
 * locale's own for its currency, else from a small table (€, $, £, ¥,
 * ...), else the code. "89,00 €" in fr_FR, "€89.00" in en_US,
 * "€89.00" in C.UTF-8 (no locale data: symbol first, '.'); the space
 * between amount and symbol is a no-break space (U+00A0). Reads the
 * locale with localeconv(): call it from the main thread (labels). */
char         *guichet_money_format     (const GuichetMoney *self);
/* The symbol guichet_money_format() uses outside the locale's own
 * currency: "€" for EUR, the code itself when the table has none. */
const char   *guichet_currency_get_symbol (const char *code);

/* Percentages are not money, but not doubles either: a percentage is an
 * integer count of hundredths of a percent (basis points), 1500 is 15 %,
 * 1250 is 12.5 %, 10000 is 100 %. */
#define GUICHET_PERCENTAGE_ONE_PERCENT ((gint64) 100)

/* "15", "12.5", "12,5", "15 %", "15%". Refused: empty, not a number,
 * negative, more than two decimals, more than 100 %. */
gboolean      guichet_percentage_parse     (const char  *text,
                                            gint64      *out_hundredths,
                                            GError     **error);
/* A JSON number or numeric string, as guichet_percentage_parse(). */
gboolean      guichet_percentage_from_json (JsonNode    *node,
                                            gint64      *out_hundredths,
                                            GError     **error);
/* For machines: "15", "12.5", "0.05" (no sign, no trailing zeros). */
char         *guichet_percentage_to_string (gint64       hundredths);
/* For people: the locale's decimal mark and the translated pattern
 * ("12.5%" in English; "12,5 %" once French translates it). */
char         *guichet_percentage_format    (gint64       hundredths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetMoney, guichet_money_free)

G_END_DECLS
