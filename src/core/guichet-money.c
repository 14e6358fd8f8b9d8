/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-money"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "guichet-error.h"
#include "guichet-money.h"

G_DEFINE_BOXED_TYPE (GuichetMoney, guichet_money, guichet_money_copy, guichet_money_free)

#define NBSP "\xc2\xa0"

/* ISO 4217 minor units other than 2 (the List One of the standard, without
 * funds and metals). */
static const struct
{
  const char *code;
  guint       decimals;
} currency_decimals[] = {
  { "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 }, { "JPY", 0 }, { "KMF", 0 },
  { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 }, { "UGX", 0 }, { "UYI", 0 }, { "VND", 0 }, { "VUV", 0 },
  { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 }, { "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 },
  { "LYD", 3 }, { "OMR", 3 }, { "TND", 3 }, { "CLF", 4 }, { "UYW", 4 },
};

/* Symbols for currencies other than the locale's own (whose symbol
 * localeconv() gives). Only unambiguous or customary ones; the rest are
 * shown by their code. */
static const struct
{
  const char *code;
  const char *symbol;
} currency_symbols[] = {
  { "EUR", "€" },    { "USD", "$" },     { "GBP", "£" },    { "JPY", "¥" },   { "CNY", "CN¥" },
  { "KRW", "₩" },    { "INR", "₹" },     { "ILS", "₪" },    { "NGN", "₦" },   { "PHP", "₱" },
  { "VND", "₫" },    { "TRY", "₺" },     { "UAH", "₴" },    { "BRL", "R$" },  { "CAD", "CA$" },
  { "AUD", "A$" },   { "NZD", "NZ$" },   { "HKD", "HK$" },  { "MXN", "MX$" }, { "TWD", "NT$" },
  { "XAF", "FCFA" }, { "XOF", "F CFA" }, { "XPF", "CFPF" },
};

gboolean
guichet_currency_is_valid (const char *code)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isalpha (code[i]))
      return FALSE;

  return code[3] == '\0';
}

guint
guichet_currency_get_decimals (const char *code)
{
  if (!guichet_currency_is_valid (code))
    return 2;

  for (guint i = 0; i < G_N_ELEMENTS (currency_decimals); i++)
    if (g_ascii_strcasecmp (code, currency_decimals[i].code) == 0)
      return currency_decimals[i].decimals;

  return 2;
}

const char *
guichet_currency_get_symbol (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_ascii_strcasecmp (code, currency_symbols[i].code) == 0)
      return currency_symbols[i].symbol;

  return code;
}

void
guichet_money_init (GuichetMoney *self,
                    gint64        amount_minor,
                    const char   *currency)
{
  g_return_if_fail (self != NULL);

  self->amount_minor = amount_minor;
  memset (self->currency, 0, sizeof self->currency);
  if (guichet_currency_is_valid (currency))
    for (guint i = 0; i < 3; i++)
      self->currency[i] = g_ascii_toupper (currency[i]);
}

GuichetMoney *
guichet_money_new (gint64      amount_minor,
                   const char *currency)
{
  GuichetMoney *self = g_new0 (GuichetMoney, 1);

  guichet_money_init (self, amount_minor, currency);
  return self;
}

GuichetMoney *
guichet_money_copy (const GuichetMoney *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
guichet_money_free (GuichetMoney *self)
{
  g_free (self);
}

gboolean
guichet_money_equal (const GuichetMoney *a,
                     const GuichetMoney *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->amount_minor == b->amount_minor &&
         strncmp (a->currency, b->currency, sizeof a->currency) == 0;
}

const char *
guichet_money_get_currency (const GuichetMoney *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->currency[0] != '\0' ? self->currency : NULL;
}

/* Parsing */

typedef enum
{
  DECIMAL_OK,
  DECIMAL_NOT_A_NUMBER,
  DECIMAL_NEGATIVE,
  DECIMAL_TOO_PRECISE,
  DECIMAL_OVERFLOW,
} DecimalResult;

static const guint64 powers_of_ten[] = { 1, 10, 100, 1000, 10000 };

/* @text (already stripped): [+-] digits [ (.|,) digits ], at least one
 * digit. The value times 10^@decimals, exactly, in *out. */
static DecimalResult
parse_decimal (const char *text,
               guint       decimals,
               gboolean    allow_negative,
               gboolean    round,
               gint64     *out)
{
  const char *p = text;
  gboolean    negative = FALSE;
  gboolean    any_digit = FALSE;
  gboolean    round_up = FALSE;
  gboolean    too_precise = FALSE;
  guint64     integer = 0;
  guint64     fraction = 0;
  guint       n_fraction = 0;
  guint64     scale;
  guint64     limit;
  guint64     magnitude;

  g_assert (decimals < G_N_ELEMENTS (powers_of_ten));

  scale = powers_of_ten[decimals];
  limit = (guint64) G_MAXINT64;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++)
    {
      any_digit = TRUE;
      if (integer > (limit - (guint64) (*p - '0')) / 10)
        return DECIMAL_OVERFLOW;
      integer = integer * 10 + (guint64) (*p - '0');
    }

  if (*p == '.' || *p == ',')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          any_digit = TRUE;
          if (n_fraction < decimals)
            fraction = fraction * 10 + (guint64) (*p - '0');
          else if (*p != '0')
            {
              /* Only the first extra digit decides a half-away rounding;
               * any non-zero one makes the text too precise. */
              too_precise = TRUE;
              if (n_fraction == decimals && *p >= '5')
                round_up = TRUE;
            }
          n_fraction++;
        }
    }

  if (!any_digit || *p != '\0')
    return DECIMAL_NOT_A_NUMBER;

  for (guint i = MIN (n_fraction, decimals); i < decimals; i++)
    fraction *= 10;

  if (too_precise && !round)
    return DECIMAL_TOO_PRECISE;

  if (integer > (limit - fraction) / scale)
    return DECIMAL_OVERFLOW;
  magnitude = integer * scale + fraction;
  if (round_up)
    {
      if (magnitude == limit)
        return DECIMAL_OVERFLOW;
      magnitude++;
    }

  if (negative && magnitude != 0 && !allow_negative)
    return DECIMAL_NEGATIVE;

  *out = negative ? -(gint64) magnitude : (gint64) magnitude;
  return DECIMAL_OK;
}

static gboolean
is_code_at (const char *text,
            gsize       len,
            gsize       at)
{
  for (gsize i = 0; i < 3; i++)
    if (!g_ascii_isalpha (text[at + i]))
      return FALSE;

  /* Not part of a longer word */
  if (at > 0 && g_ascii_isalpha (text[at - 1]))
    return FALSE;
  if (at + 3 < len && g_ascii_isalpha (text[at + 3]))
    return FALSE;

  return TRUE;
}

static gboolean
parse_money (const char            *text,
             const char            *currency,
             GuichetMoneyParseFlags flags,
             GuichetError           code,
             GuichetMoney          *out,
             GError               **error)
{
  g_autofree char *copy = NULL;
  char             text_code[4] = { 0 };
  const char      *result_code;
  char            *number;
  gsize            len;
  gint64           amount = 0;

  if (text == NULL || *(copy = g_strstrip (g_strdup (text))) == '\0')
    {
      g_set_error (error, GUICHET_ERROR, code, _("The amount is empty"));
      return FALSE;
    }

  if (currency != NULL && *currency != '\0' && !guichet_currency_is_valid (currency))
    {
      g_set_error (error, GUICHET_ERROR, code, _("“%s” is not a currency code"), currency);
      return FALSE;
    }

  /* "100 USD", "100USD" or "USD 100" */
  number = copy;
  len = strlen (copy);
  if (len >= 4 && is_code_at (copy, len, len - 3))
    {
      memcpy (text_code, copy + len - 3, 3);
      copy[len - 3] = '\0';
      g_strchomp (copy);
    }
  else if (len >= 4 && is_code_at (copy, len, 0))
    {
      memcpy (text_code, copy, 3);
      number = g_strchug (copy + 3);
    }

  if (text_code[0] != '\0' && currency != NULL && *currency != '\0' &&
      g_ascii_strcasecmp (text_code, currency) != 0)
    {
      g_set_error (error, GUICHET_ERROR, code, _("The amount “%s” is not in %s"), text, currency);
      return FALSE;
    }

  result_code = text_code[0] != '\0' ? text_code : currency;

  switch (parse_decimal (number, guichet_currency_get_decimals (result_code),
                         (flags & GUICHET_MONEY_PARSE_ALLOW_NEGATIVE) != 0,
                         (flags & GUICHET_MONEY_PARSE_ROUND) != 0, &amount))
    {
    case DECIMAL_OK:
      guichet_money_init (out, amount, result_code);
      return TRUE;

    case DECIMAL_NOT_A_NUMBER:
      g_set_error (error, GUICHET_ERROR, code, _("“%s” is not an amount"), text);
      return FALSE;

    case DECIMAL_NEGATIVE:
      g_set_error (error, GUICHET_ERROR, code, _("The amount “%s” is negative"), text);
      return FALSE;

    case DECIMAL_TOO_PRECISE:
      g_set_error (error, GUICHET_ERROR, code, _("The amount “%s” has too many decimals"), text);
      return FALSE;

    case DECIMAL_OVERFLOW:
    default:
      g_set_error (error, GUICHET_ERROR, code, _("The amount “%s” is too large"), text);
      return FALSE;
    }
}

gboolean
guichet_money_parse (const char            *text,
                     const char            *currency,
                     GuichetMoneyParseFlags flags,
                     GuichetMoney          *out,
                     GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_money (text, currency, flags, GUICHET_ERROR_INVALID_INPUT, out, error);
}

/* The decimal text of a JSON number: integers as they are, doubles by
 * their shortest round-tripping text (19.99, not 19.989999...). NULL
 * when the node is not a number. */
static char *
dup_double_text (double d)
{
  static const char * const shortest_formats[] = { "%.15g", "%.16g", "%.17g" };
  char                      buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (shortest_formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, shortest_formats[i], d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  /* No exponents for parse_decimal: 1e-05 and 1e+20 in full. */
  if (strchr (buf, 'e') != NULL)
    return g_strdup_printf ("%.20f", d);
  return g_strdup (buf);
}

static char *
dup_number_text (JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return dup_double_text (json_node_get_double (node));

    default:
      return NULL;
    }
}

gboolean
guichet_money_from_json (JsonNode              *node,
                         const char            *currency,
                         GuichetMoneyParseFlags flags,
                         GuichetMoney          *out,
                         GError               **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED, _("An amount is missing"));
      return FALSE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else
    text = dup_number_text (node);

  if (text == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED, _("An amount is not a number"));
      return FALSE;
    }

  return parse_money (text, currency, flags, GUICHET_ERROR_MALFORMED, out, error);
}

/* Formatting */

static void
append_magnitude (GString    *string,
                  guint64     magnitude,
                  guint       decimals,
                  const char *mark,
                  const char *thousands,
                  const char *grouping)
{
  guint64          scale = powers_of_ten[decimals];
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / scale);
  gsize            n = strlen (digits);
  GArray          *breaks = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* Positions (counted from the right) where @thousands goes, from
   * the locale's grouping: sizes from the right, 0 repeats the last,
   * CHAR_MAX stops. */
  if (thousands != NULL && *thousands != '\0' && grouping != NULL)
    {
      gsize position = 0;
      guint size = 0;

      for (const char *g = grouping;;)
        {
          if (*g == CHAR_MAX || *g < 0)
            break;
          if (*g != '\0')
            size = (guint) *g++;
          if (size == 0)
            break;
          position += size;
          if (position >= n)
            break;
          g_array_append_val (breaks, position);
        }
    }

  for (gsize i = 0; i < n; i++)
    {
      gsize from_right = n - i;

      for (guint b = 0; b < breaks->len; b++)
        if (g_array_index (breaks, gsize, b) == from_right)
          g_string_append (string, thousands);
      g_string_append_c (string, digits[i]);
    }
  g_array_unref (breaks);

  if (decimals > 0)
    g_string_append_printf (string, "%s%0*" G_GUINT64_FORMAT, mark, (int) decimals,
                            magnitude % scale);
}

static guint64
get_magnitude (gint64 amount)
{
  return amount < 0 ? (guint64) (-(amount + 1)) + 1 : (guint64) amount;
}

char *
guichet_money_to_string (const GuichetMoney *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);

  string = g_string_new (self->amount_minor < 0 ? "-" : "");
  append_magnitude (string, get_magnitude (self->amount_minor),
                    guichet_currency_get_decimals (self->currency), ".", NULL, NULL);

  return g_string_free (string, FALSE);
}

/* localeconv()'s strings are in the locale's encoding. */
static char *
dup_locale_text (const char *text)
{
  char *utf8;

  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  utf8 = g_locale_to_utf8 (text, -1, NULL, NULL, NULL);
  return utf8 != NULL ? utf8 : g_strdup ("");
}

static gboolean
is_all_letters (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isalpha (*text))
      return FALSE;

  return TRUE;
}

char *
guichet_money_format (const GuichetMoney *self)
{
  struct lconv    *lc;
  g_autofree char *mark = NULL;
  g_autofree char *thousands = NULL;
  g_autofree char *grouping = NULL;
  g_autofree char *own_symbol = NULL;
  g_autofree char *sign = NULL;
  g_autoptr (GString) quantity = g_string_new (NULL);
  const char *code;
  const char *symbol;
  const char *space;
  gboolean    negative;
  int         cs_precedes, sep_by_space, sign_posn;

  g_return_val_if_fail (self != NULL, NULL);

  negative = self->amount_minor < 0;
  code = self->currency[0] != '\0' ? self->currency : NULL;

  /* Copied at once: the next localeconv() call may overwrite it. */
  lc = localeconv ();
  mark = dup_locale_text (*lc->mon_decimal_point != '\0' ? lc->mon_decimal_point
                          : *lc->decimal_point != '\0'   ? lc->decimal_point
                                                         : ".");
  thousands = dup_locale_text (lc->mon_thousands_sep);
  grouping = g_strdup (lc->mon_grouping);
  if (code != NULL && *lc->currency_symbol != '\0' &&
      g_ascii_strncasecmp (lc->int_curr_symbol, code, 3) == 0)
    own_symbol = dup_locale_text (lc->currency_symbol);
  if (negative)
    sign = dup_locale_text (*lc->negative_sign != '\0' ? lc->negative_sign : "-");
  else
    sign = dup_locale_text (lc->positive_sign);
  cs_precedes = negative ? lc->n_cs_precedes : lc->p_cs_precedes;
  sep_by_space = negative ? lc->n_sep_by_space : lc->p_sep_by_space;
  sign_posn = negative ? lc->n_sign_posn : lc->p_sign_posn;

  append_magnitude (quantity, get_magnitude (self->amount_minor),
                    guichet_currency_get_decimals (code), mark, thousands, grouping);

  if (code == NULL)
    {
      if (negative)
        g_string_prepend (quantity, sign);
      return g_strdup (quantity->str);
    }

  symbol = own_symbol != NULL ? own_symbol : guichet_currency_get_symbol (code);

  /* No locale data (C, POSIX): "€5.00", "CHF 5.00", "-€5.00". */
  if (cs_precedes == CHAR_MAX)
    {
      cs_precedes = 1;
      sep_by_space = 0;
      sign_posn = 1;
    }
  if (sign_posn == CHAR_MAX)
    sign_posn = 1;
  /* A code is a word: never glued to the digits ("CHF5.00"). */
  space = sep_by_space == 1 || is_all_letters (symbol) ? NBSP : "";

  switch (sign_posn)
    {
    case 0:
      return cs_precedes ? g_strdup_printf ("(%s%s%s)", symbol, space, quantity->str)
                         : g_strdup_printf ("(%s%s%s)", quantity->str, space, symbol);
    case 2:
      return cs_precedes ? g_strdup_printf ("%s%s%s%s", symbol, space, quantity->str, sign)
                         : g_strdup_printf ("%s%s%s%s", quantity->str, space, symbol, sign);
    case 3:
      return cs_precedes ? g_strdup_printf ("%s%s%s%s", sign, symbol, space, quantity->str)
                         : g_strdup_printf ("%s%s%s%s", quantity->str, space, sign, symbol);
    case 4:
      return cs_precedes ? g_strdup_printf ("%s%s%s%s", symbol, sign, space, quantity->str)
                         : g_strdup_printf ("%s%s%s%s", quantity->str, space, symbol, sign);
    case 1:
    default:
      return cs_precedes ? g_strdup_printf ("%s%s%s%s", sign, symbol, space, quantity->str)
                         : g_strdup_printf ("%s%s%s%s", sign, quantity->str, space, symbol);
    }
}

/* Percentages */

static gboolean
parse_percentage (const char  *text,
                  GuichetError code,
                  gint64      *out_hundredths,
                  GError     **error)
{
  g_autofree char *copy = NULL;
  gsize            len;
  gint64           value = 0;
  DecimalResult    result;

  if (text == NULL || *(copy = g_strstrip (g_strdup (text))) == '\0')
    {
      g_set_error (error, GUICHET_ERROR, code, _("The percentage is empty"));
      return FALSE;
    }

  len = strlen (copy);
  if (copy[len - 1] == '%')
    {
      copy[len - 1] = '\0';
      g_strchomp (copy);
    }

  result = parse_decimal (copy, 2, FALSE, FALSE, &value);
  if (result == DECIMAL_OK && value > 100 * GUICHET_PERCENTAGE_ONE_PERCENT)
    result = DECIMAL_OVERFLOW;

  switch (result)
    {
    case DECIMAL_OK:
      *out_hundredths = value;
      return TRUE;
    case DECIMAL_NEGATIVE:
      g_set_error (error, GUICHET_ERROR, code, _("The percentage “%s” is negative"), text);
      return FALSE;
    case DECIMAL_TOO_PRECISE:
      g_set_error (error, GUICHET_ERROR, code,
                   _("The percentage “%s” has more than 2 decimals"), text);
      return FALSE;
    case DECIMAL_OVERFLOW:
      g_set_error (error, GUICHET_ERROR, code, _("The percentage “%s” is more than 100"), text);
      return FALSE;
    case DECIMAL_NOT_A_NUMBER:
    default:
      g_set_error (error, GUICHET_ERROR, code, _("“%s” is not a percentage"), text);
      return FALSE;
    }
}

gboolean
guichet_percentage_parse (const char *text,
                          gint64     *out_hundredths,
                          GError    **error)
{
  g_return_val_if_fail (out_hundredths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_percentage (text, GUICHET_ERROR_INVALID_INPUT, out_hundredths, error);
}

gboolean
guichet_percentage_from_json (JsonNode *node,
                              gint64   *out_hundredths,
                              GError  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (out_hundredths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else
        text = dup_number_text (node);
    }

  if (text == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED, _("A percentage is missing"));
      return FALSE;
    }

  return parse_percentage (text, GUICHET_ERROR_MALFORMED, out_hundredths, error);
}

static char *
percentage_text (gint64      hundredths,
                 const char *mark)
{
  guint64     magnitude = get_magnitude (hundredths);
  guint64     fraction = magnitude % 100;
  const char *sign = hundredths < 0 ? "-" : "";

  if (fraction == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, sign, magnitude / 100);
  if (fraction % 10 == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s%" G_GUINT64_FORMAT, sign, magnitude / 100,
                            mark, fraction / 10);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s%02" G_GUINT64_FORMAT, sign, magnitude / 100,
                          mark, fraction);
}

char *
guichet_percentage_to_string (gint64 hundredths)
{
  return percentage_text (hundredths, ".");
}

char *
guichet_percentage_format (gint64 hundredths)
{
  struct lconv    *lc = localeconv ();
  g_autofree char *mark = dup_locale_text (*lc->decimal_point != '\0' ? lc->decimal_point : ".");
  g_autofree char *number = percentage_text (hundredths, mark);

  /* Translators: a percentage, e.g. "15%"; French writes "%s %%" with a
   * no-break space. */
  return g_strdup_printf (C_("percentage", "%s%%"), number);
}
