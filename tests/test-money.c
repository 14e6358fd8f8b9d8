/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "guichet-test-utils.h"

#define NBSP "\xc2\xa0"

static void
assert_parse (const char            *text,
              const char            *currency,
              GuichetMoneyParseFlags flags,
              gint64                 expected_minor,
              const char            *expected_currency)
{
  g_autoptr (GError) error = NULL;
  GuichetMoney money = { 0 };

  g_assert_true (guichet_money_parse (text, currency, flags, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.amount_minor, ==, expected_minor);
  g_assert_cmpstr (money.currency, ==, expected_currency);
}

static void
assert_parse_fails (const char            *text,
                    const char            *currency,
                    GuichetMoneyParseFlags flags)
{
  g_autoptr (GError) error = NULL;
  GuichetMoney money;

  guichet_money_init (&money, 4242, "EUR");
  g_assert_false (guichet_money_parse (text, currency, flags, &money, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
  g_assert_nonnull (error->message);
  /* untouched on error */
  g_assert_cmpint (money.amount_minor, ==, 4242);
  g_assert_cmpstr (money.currency, ==, "EUR");
}

static void
assert_to_string (gint64      minor,
                  const char *currency,
                  const char *expected)
{
  g_autoptr (GuichetMoney) money = guichet_money_new (minor, currency);
  g_autofree char *text = guichet_money_to_string (money);
  g_autoptr (GError) error = NULL;
  GuichetMoney back = { 0 };

  g_assert_cmpstr (text, ==, expected);

  /* and back again */
  g_assert_true (
    guichet_money_parse (text, currency, GUICHET_MONEY_PARSE_ALLOW_NEGATIVE, &back, &error));
  g_assert_no_error (error);
  g_assert_true (guichet_money_equal (&back, money));
}

static void
test_money_boxed (void)
{
  g_autoptr (GuichetMoney) money = guichet_money_new (540, "eur");
  g_autoptr (GuichetMoney) copy = NULL;
  g_autoptr (GuichetMoney) other = guichet_money_new (540, "USD");
  g_autoptr (GuichetMoney) bad = guichet_money_new (1, "EURO");
  g_auto (GValue) value = G_VALUE_INIT;

  g_assert_cmpint (money->amount_minor, ==, 540);
  g_assert_cmpstr (money->currency, ==, "EUR");
  g_assert_cmpstr (guichet_money_get_currency (money), ==, "EUR");

  copy = guichet_money_copy (money);
  g_assert_true (copy != money);
  g_assert_true (guichet_money_equal (copy, money));
  g_assert_false (guichet_money_equal (other, money));
  copy->amount_minor = 541;
  g_assert_false (guichet_money_equal (copy, money));

  /* Not three letters: no currency, not a truncated one */
  g_assert_cmpstr (bad->currency, ==, "");
  g_assert_null (guichet_money_get_currency (bad));

  g_value_init (&value, GUICHET_TYPE_MONEY);
  g_value_set_boxed (&value, money);
  g_assert_true (guichet_money_equal (g_value_get_boxed (&value), money));
  g_assert_true (g_value_get_boxed (&value) != money);
}

static void
test_money_currencies (void)
{
  g_assert_cmpuint (guichet_currency_get_decimals ("EUR"), ==, 2);
  g_assert_cmpuint (guichet_currency_get_decimals ("usd"), ==, 2);
  g_assert_cmpuint (guichet_currency_get_decimals ("JPY"), ==, 0);
  g_assert_cmpuint (guichet_currency_get_decimals ("KRW"), ==, 0);
  g_assert_cmpuint (guichet_currency_get_decimals ("XOF"), ==, 0);
  g_assert_cmpuint (guichet_currency_get_decimals ("BHD"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("KWD"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("JOD"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("OMR"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("TND"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("IQD"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("LYD"), ==, 3);
  g_assert_cmpuint (guichet_currency_get_decimals ("CLF"), ==, 4);
  g_assert_cmpuint (guichet_currency_get_decimals (NULL), ==, 2);
  g_assert_cmpuint (guichet_currency_get_decimals (""), ==, 2);

  g_assert_true (guichet_currency_is_valid ("EUR"));
  g_assert_true (guichet_currency_is_valid ("gbp"));
  g_assert_false (guichet_currency_is_valid ("EU"));
  g_assert_false (guichet_currency_is_valid ("EURO"));
  g_assert_false (guichet_currency_is_valid ("E1R"));
  g_assert_false (guichet_currency_is_valid (NULL));

  g_assert_cmpstr (guichet_currency_get_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (guichet_currency_get_symbol ("gbp"), ==, "£");
  g_assert_cmpstr (guichet_currency_get_symbol ("CHF"), ==, "CHF");
}

static void
test_money_parse (void)
{
  /* two decimals */
  assert_parse ("5.40", "EUR", 0, 540, "EUR");
  assert_parse ("5,4", "EUR", 0, 540, "EUR");
  assert_parse ("12", "EUR", 0, 1200, "EUR");
  assert_parse (" 12 ", "eur", 0, 1200, "EUR");
  assert_parse ("+3", "EUR", 0, 300, "EUR");
  assert_parse (".5", "EUR", 0, 50, "EUR");
  assert_parse ("0", "EUR", 0, 0, "EUR");
  assert_parse ("-0", "EUR", 0, 0, "EUR");
  assert_parse ("0.01", "EUR", 0, 1, "EUR");
  assert_parse ("19.99", "EUR", 0, 1999, "EUR");
  /* trailing zeros beyond the currency's decimals change nothing */
  assert_parse ("5.4000", "EUR", 0, 540, "EUR");
  /* zero decimals */
  assert_parse ("1500", "JPY", 0, 1500, "JPY");
  assert_parse ("1500.0", "JPY", 0, 1500, "JPY");
  /* three decimals */
  assert_parse ("1.25", "BHD", 0, 1250, "BHD");
  assert_parse ("1.005", "KWD", 0, 1005, "KWD");
  /* the code in the text (Oveit: "100 USD") */
  assert_parse ("100 USD", NULL, 0, 10000, "USD");
  assert_parse ("100 usd", "USD", 0, 10000, "USD");
  assert_parse ("100USD", NULL, 0, 10000, "USD");
  assert_parse ("USD 12.5", NULL, 0, 1250, "USD");
  assert_parse ("1000 JPY", NULL, 0, 1000, "JPY");
  assert_parse ("2.5 BHD", NULL, 0, 2500, "BHD");
  /* no currency at all: read with two decimals, none set */
  assert_parse ("7.5", NULL, 0, 750, "");
  /* negative where allowed */
  assert_parse ("-5.40", "EUR", GUICHET_MONEY_PARSE_ALLOW_NEGATIVE, -540, "EUR");
  /* the largest amount there is */
  assert_parse ("92233720368547758.07", "EUR", 0, G_MAXINT64, "EUR");
  assert_parse ("-92233720368547758.07", "EUR", GUICHET_MONEY_PARSE_ALLOW_NEGATIVE, -G_MAXINT64,
                "EUR");
  assert_parse ("9223372036854775807", "JPY", 0, G_MAXINT64, "JPY");
  /* rounding, when asked: half away from zero, on the text */
  assert_parse ("1.005", "EUR", GUICHET_MONEY_PARSE_ROUND, 101, "EUR");
  assert_parse ("1.0049999", "EUR", GUICHET_MONEY_PARSE_ROUND, 100, "EUR");
  assert_parse ("1.015", "EUR", GUICHET_MONEY_PARSE_ROUND, 102, "EUR");
  assert_parse ("-1.005", "EUR", GUICHET_MONEY_PARSE_ROUND | GUICHET_MONEY_PARSE_ALLOW_NEGATIVE,
                -101, "EUR");
  assert_parse ("99.5", "JPY", GUICHET_MONEY_PARSE_ROUND, 100, "JPY");
  assert_parse ("0.001", "EUR", GUICHET_MONEY_PARSE_ROUND, 0, "EUR");
}

static void
test_money_parse_bad (void)
{
  assert_parse_fails (NULL, "EUR", 0);
  assert_parse_fails ("", "EUR", 0);
  assert_parse_fails ("   ", "EUR", 0);
  assert_parse_fails ("abc", "EUR", 0);
  assert_parse_fails ("5.4.0", "EUR", 0);
  assert_parse_fails ("5,40.1", "EUR", 0);
  assert_parse_fails ("1,000.00", "EUR", 0);
  assert_parse_fails ("1 000", "EUR", 0);
  assert_parse_fails ("5e3", "EUR", 0);
  assert_parse_fails ("0x10", "EUR", 0);
  assert_parse_fails ("+-5", "EUR", 0);
  assert_parse_fails ("-", "EUR", 0);
  assert_parse_fails (".", "EUR", 0);
  assert_parse_fails ("€5", "EUR", 0);
  assert_parse_fails ("5 EURO", "EUR", 0);
  /* negative refused by default */
  assert_parse_fails ("-5.40", "EUR", 0);
  assert_parse_fails ("-100 USD", NULL, 0);
  /* too many decimals */
  assert_parse_fails ("5.401", "EUR", 0);
  assert_parse_fails ("1500.5", "JPY", 0);
  assert_parse_fails ("1.0001", "BHD", 0);
  /* overflow: one minor unit past G_MAXINT64, and far past */
  assert_parse_fails ("92233720368547758.08", "EUR", 0);
  assert_parse_fails ("9223372036854775808", "JPY", 0);
  assert_parse_fails ("99999999999999999999999999", "EUR", 0);
  assert_parse_fails ("92233720368547758.075", "EUR", GUICHET_MONEY_PARSE_ROUND);
  /* codes that disagree or are not codes */
  assert_parse_fails ("100 USD", "EUR", 0);
  assert_parse_fails ("5", "EURO", 0);
  assert_parse_fails ("5", "E1", 0);
}

static void
test_money_round_trip (void)
{
  assert_to_string (540, "EUR", "5.40");
  assert_to_string (0, "EUR", "0.00");
  assert_to_string (5, "EUR", "0.05");
  assert_to_string (-5, "EUR", "-0.05");
  assert_to_string (-540, "EUR", "-5.40");
  assert_to_string (123456789, "USD", "1234567.89");
  assert_to_string (1000, "JPY", "1000");
  assert_to_string (-7, "KRW", "-7");
  assert_to_string (1250, "BHD", "1.250");
  assert_to_string (1, "KWD", "0.001");
  assert_to_string (G_MAXINT64, "EUR", "92233720368547758.07");
  assert_to_string (-G_MAXINT64, "EUR", "-92233720368547758.07");
  assert_to_string (G_MAXINT64, "JPY", "9223372036854775807");
  assert_to_string (700, NULL, "7.00");

  /* every amount of a range survives text and back, in each kind of currency */
  for (gint64 minor = -2500; minor <= 2500; minor += 7)
    {
      const char *currencies[] = { "EUR", "JPY", "TND" };

      for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
        {
          g_autoptr (GuichetMoney) money = guichet_money_new (minor, currencies[i]);
          g_autofree char *text = guichet_money_to_string (money);
          GuichetMoney     back = { 0 };

          g_assert_true (guichet_money_parse (text, currencies[i],
                                              GUICHET_MONEY_PARSE_ALLOW_NEGATIVE, &back, NULL));
          g_assert_true (guichet_money_equal (&back, money));
        }
    }

  /* G_MININT64 has no positive twin: its text is still right */
  {
    g_autoptr (GuichetMoney) money = guichet_money_new (G_MININT64, "JPY");
    g_autofree char *text = guichet_money_to_string (money);

    g_assert_cmpstr (text, ==, "-9223372036854775808");
  }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  JsonNode *node = guichet_json_parse_bytes (bytes, &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_json (const char            *json,
             const char            *currency,
             GuichetMoneyParseFlags flags,
             gint64                 expected)
{
  g_autoptr (JsonNode) root = parse_json (json);
  JsonNode *node = json_array_get_element (json_node_get_array (root), 0);
  g_autoptr (GError) error = NULL;
  GuichetMoney money = { 0 };

  g_assert_true (guichet_money_from_json (node, currency, flags, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.amount_minor, ==, expected);
}

static void
assert_json_fails (const char *json,
                   const char *currency)
{
  g_autoptr (JsonNode) root = parse_json (json);
  JsonNode *node = json_array_get_element (json_node_get_array (root), 0);
  g_autoptr (GError) error = NULL;
  GuichetMoney money = { 0 };

  g_assert_false (guichet_money_from_json (node, currency, 0, &money, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
}

static void
test_money_json (void)
{
  g_autoptr (GError) error = NULL;
  GuichetMoney money = { 0 };

  /* Fourvenues: major units as numbers */
  assert_json ("[12.5]", "EUR", 0, 1250);
  assert_json ("[12]", "EUR", 0, 1200);
  assert_json ("[12.0]", "EUR", 0, 1200);
  /* binary floating point cannot hold these; the result is still exact */
  assert_json ("[19.99]", "EUR", 0, 1999);
  assert_json ("[0.29]", "EUR", 0, 29);
  assert_json ("[1.15]", "EUR", 0, 115);
  assert_json ("[4.35]", "EUR", 0, 435);
  assert_json ("[1234567.89]", "EUR", 0, 123456789);
  assert_json ("[0.1]", "BHD", 0, 100);
  assert_json ("[1500]", "JPY", 0, 1500);
  /* strings as text, Oveit style */
  assert_json ("[\"100 USD\"]", NULL, 0, 10000);
  assert_json ("[\"9,90\"]", "EUR", 0, 990);
  /* rounding only when asked */
  assert_json ("[10.333]", "EUR", GUICHET_MONEY_PARSE_ROUND, 1033);
  assert_json ("[-2.5]", "EUR", GUICHET_MONEY_PARSE_ALLOW_NEGATIVE, -250);
  assert_json ("[1e-05]", "EUR", GUICHET_MONEY_PARSE_ROUND, 0);

  assert_json_fails ("[10.333]", "EUR");
  assert_json_fails ("[-2.5]", "EUR");
  assert_json_fails ("[1e300]", "EUR");
  assert_json_fails ("[1e17]", "EUR");
  assert_json_fails ("[true]", "EUR");
  assert_json_fails ("[null]", "EUR");
  assert_json_fails ("[\"free\"]", "EUR");
  assert_json_fails ("[{}]", "EUR");
  assert_json_fails ("[\"100 USD\"]", "EUR");

  g_assert_false (guichet_money_from_json (NULL, "EUR", 0, &money, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);

  /* every cent of a range, written as a JSON number and read back */
  for (gint64 cents = 0; cents < 100000; cents += 13)
    {
      g_autoptr (GuichetMoney) expected = guichet_money_new (cents, "EUR");
      g_autofree char *text = guichet_money_to_string (expected);
      g_autofree char *json = g_strdup_printf ("[%s]", text);
      g_autoptr (JsonNode) root = parse_json (json);

      g_assert_true (
        guichet_money_from_json (json_array_get_element (json_node_get_array (root), 0), "EUR", 0,
                                 &money, NULL));
      g_assert_true (guichet_money_equal (&money, expected));
    }
}

static void
test_percentage (void)
{
  g_autoptr (GError) error = NULL;
  const char *bad[] = { "", "abc", "-5", "12.345", "100.01", "101", "5 5", NULL };
  gint64      value = -1;

  g_assert_true (guichet_percentage_parse ("15", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 1500);
  g_assert_true (guichet_percentage_parse ("12.5", &value, NULL));
  g_assert_cmpint (value, ==, 1250);
  g_assert_true (guichet_percentage_parse ("12,5 %", &value, NULL));
  g_assert_cmpint (value, ==, 1250);
  g_assert_true (guichet_percentage_parse ("0.05%", &value, NULL));
  g_assert_cmpint (value, ==, 5);
  g_assert_true (guichet_percentage_parse ("100", &value, NULL));
  g_assert_cmpint (value, ==, 100 * GUICHET_PERCENTAGE_ONE_PERCENT);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) bad_error = NULL;

      value = 77;
      g_assert_false (guichet_percentage_parse (bad[i], &value, &bad_error));
      g_assert_error (bad_error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT);
      g_assert_cmpint (value, ==, 77);
    }

  {
    g_autoptr (JsonNode) root = parse_json ("[25, 12.5, \"7.25\", true]");
    JsonArray *array = json_node_get_array (root);
    g_autoptr (GError) json_error = NULL;

    g_assert_true (guichet_percentage_from_json (json_array_get_element (array, 0), &value, NULL));
    g_assert_cmpint (value, ==, 2500);
    g_assert_true (guichet_percentage_from_json (json_array_get_element (array, 1), &value, NULL));
    g_assert_cmpint (value, ==, 1250);
    g_assert_true (guichet_percentage_from_json (json_array_get_element (array, 2), &value, NULL));
    g_assert_cmpint (value, ==, 725);
    g_assert_false (
      guichet_percentage_from_json (json_array_get_element (array, 3), &value, &json_error));
    g_assert_error (json_error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED);
  }

  for (gint64 h = 0; h <= 10000; h++)
    {
      g_autofree char *text = guichet_percentage_to_string (h);

      g_assert_true (guichet_percentage_parse (text, &value, NULL));
      g_assert_cmpint (value, ==, h);
    }

  {
    g_autofree char *a = guichet_percentage_to_string (1500);
    g_autofree char *b = guichet_percentage_to_string (1250);
    g_autofree char *c = guichet_percentage_to_string (5);

    g_assert_cmpstr (a, ==, "15");
    g_assert_cmpstr (b, ==, "12.5");
    g_assert_cmpstr (c, ==, "0.05");
  }
}

/* Switches LC_ALL for one test; skips it when the locale is missing. */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not available", name);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

static void
assert_format (gint64      minor,
               const char *currency,
               const char *expected)
{
  g_autoptr (GuichetMoney) money = guichet_money_new (minor, currency);
  g_autofree char *text = guichet_money_format (money);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_c (void)
{
  if (!use_locale ("C.UTF-8"))
    return;

  /* no locale data: symbol first, '.', no grouping */
  assert_format (8900, "EUR", "€89.00");
  assert_format (8900, "USD", "$89.00");
  assert_format (1500, "JPY", "¥1500");
  assert_format (1250, "BHD", "BHD" NBSP "1.250");
  assert_format (123456789, "GBP", "£1234567.89");
  assert_format (-540, "EUR", "-€5.40");
  /* a code without a symbol is a word of its own */
  assert_format (500, "CHF", "CHF" NBSP "5.00");
  assert_format (500, NULL, "5.00");

  setlocale (LC_ALL, "C");
}

static void
test_format_fr (void)
{
  g_autofree char *pct = NULL;

  if (!use_locale ("fr_FR.UTF-8"))
    return;

  assert_format (8900, "EUR", "89,00" NBSP "€");
  assert_format (-540, "EUR", "-5,40" NBSP "€");
  assert_format (1500, "JPY",
                 "1\xe2\x80\xaf"
                 "500" NBSP "¥");
  assert_format (1250, "BHD", "1,250" NBSP "BHD");
  /* the locale's own grouping: a narrow no-break space every 3 digits */
  assert_format (123456789, "EUR",
                 "1\xe2\x80\xaf"
                 "234\xe2\x80\xaf"
                 "567,89" NBSP "€");
  assert_format (8900, "USD", "89,00" NBSP "$");

  pct = guichet_percentage_format (1250);
  g_assert_true (g_str_has_prefix (pct, "12,5"));

  setlocale (LC_ALL, "C");
}

static void
test_format_us (void)
{
  g_autofree char *pct = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;

  assert_format (8900, "EUR", "€89.00");
  /* the locale's own currency uses the locale's symbol */
  assert_format (8900, "USD", "$89.00");
  assert_format (123456789, "USD", "$1,234,567.89");
  assert_format (-540, "USD", "-$5.40");
  assert_format (1500, "JPY", "¥1,500");
  assert_format (1250, "KWD", "KWD" NBSP "1.250");

  pct = guichet_percentage_format (1250);
  g_assert_cmpstr (pct, ==, "12.5%");

  setlocale (LC_ALL, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/boxed", test_money_boxed);
  g_test_add_func ("/money/currencies", test_money_currencies);
  g_test_add_func ("/money/parse", test_money_parse);
  g_test_add_func ("/money/parse-bad", test_money_parse_bad);
  g_test_add_func ("/money/round-trip", test_money_round_trip);
  g_test_add_func ("/money/json", test_money_json);
  g_test_add_func ("/money/percentage", test_percentage);
  g_test_add_func ("/money/format/c", test_format_c);
  g_test_add_func ("/money/format/fr_FR", test_format_fr);
  g_test_add_func ("/money/format/en_US", test_format_us);

  return g_test_run ();
}
