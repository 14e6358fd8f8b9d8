/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* discount and voucher: list, show, create, update, delete; voucher codes.
 * They talk to the platform directly (nothing of this is kept in the
 * store). Money on the command line is in major units ("5.40"); the
 * provider receives minor units (540). A percentage discount's --amount is
 * the percentage. */

/* ---- shared ---- */

gboolean
_guichet_cli_parse_money (const char *text,
                          gint64     *minor,
                          GError    **error)
{
  GuichetMoney money = { 0 };

  /* The command line's own rule, stricter than guichet_money_parse():
   * digits and a dot, so that "5,40" is not read in one shell and refused
   * in another. */
  if (text != NULL && strspn (text, "0123456789. ") == strlen (text) &&
      guichet_money_parse (text, NULL, GUICHET_MONEY_PARSE_DEFAULT, &money, NULL))
    {
      *minor = money.amount_minor;
      return TRUE;
    }

  /* Translators: %s is what was typed, e.g. "5,40" */
  g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
               _("“%s” is not an amount: write it like 5.40 (a dot, at most two decimals)."),
                 text ? text : "");
  return FALSE;
}

char *
_guichet_cli_format_money (const GuichetMoney *money)
{
  return guichet_money_to_string (money);
}

void
_guichet_cli_json_add_money (JsonBuilder        *builder,
                             const char         *member,
                             const GuichetMoney *money)
{
  g_autofree char *text = guichet_money_to_string (money);

  /* A JSON number in major units: the double nearest to the exact
   * decimal, which prints back as that decimal ("5.4"). */
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, g_ascii_strtod (text, NULL));
}

/* "YYYY-MM-DD" -> the end of that day, local time, as ISO 8601 */
static char *
parse_day (const char *text,
           GError    **error)
{
  g_autofree char *iso = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) dt = NULL;

  if (text != NULL && strlen (text) == 10)
    {
      iso = g_strdup_printf ("%sT23:59:59", text);
      dt = g_date_time_new_from_iso8601 (iso, local);
    }
  if (dt == NULL)
    {
      /* Translators: %s is what was typed */
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("“%s” is not a date: write it like 2026-12-31."), text ? text : "");
      return NULL;
    }
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

typedef struct
{
  GuichetStore    *store;
  GuichetAccount  *account;
  GuichetProvider *provider;
  CliWait          wait;
} Session;

static void
session_clear (Session *session)
{
  _guichet_cli_wait_clear (&session->wait);
  g_clear_object (&session->provider);
  g_clear_object (&session->account);
  g_clear_object (&session->store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

/* FALSE after printing why */
static gboolean
session_open (Session    *session,
              const char *account_name)
{
  _guichet_cli_wait_init (&session->wait);
  session->store = _guichet_cli_open_store ();
  if (session->store == NULL)
    return FALSE;
  session->account = _guichet_cli_find_account (session->store, account_name);
  if (session->account == NULL)
    return FALSE;
  session->provider = _guichet_cli_create_provider (session->account, TRUE);
  return session->provider != NULL;
}

static GAsyncResult *
session_wait (Session *session)
{
  g_clear_object (&session->wait.result);
  return _guichet_cli_wait_run (&session->wait);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *member,
                 gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
print_node (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  _guichet_cli_print_json (root);
}

/* ---- discounts ---- */

static const char *
discount_type (GuichetDiscount *discount)
{
  return guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE ? "percentage"
                                                                                  : "fixed_amount";
}

static char *
discount_amount_text (GuichetDiscount *discount)
{
  if (guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE)
    {
      g_autofree char *percent =
        guichet_percentage_to_string (guichet_discount_get_percentage (discount));

      return g_strdup_printf ("%s %%", percent);
    }
  return _guichet_cli_format_money (guichet_discount_get_amount (discount));
}

static void
add_discount_json (JsonBuilder     *builder,
                   GuichetDiscount *discount)
{
  gboolean percentage = guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE;

  json_builder_begin_object (builder);
  _guichet_cli_json_add_string (builder, "id", guichet_discount_get_id (discount));
  _guichet_cli_json_add_string (builder, "code", guichet_discount_get_code (discount));
  _guichet_cli_json_add_string (builder, "name", guichet_discount_get_name (discount));
  _guichet_cli_json_add_string (builder, "type", discount_type (discount));
  /* the amount as given on the command line: major units or percent */
  if (percentage)
    {
      g_autofree char *percent =
        guichet_percentage_to_string (guichet_discount_get_percentage (discount));

      json_builder_set_member_name (builder, "amount");
      json_builder_add_double_value (builder, g_ascii_strtod (percent, NULL));
    }
  else
    _guichet_cli_json_add_money (builder, "amount", guichet_discount_get_amount (discount));
  /* exact, in minor units */
  add_int_or_null (builder, "amount_minor",
                   percentage ? -1 : guichet_discount_get_amount (discount)->amount_minor);
  _guichet_cli_json_add_string (builder, "currency", guichet_discount_get_currency (discount));
  add_int_or_null (builder, "booking_fee_minor", guichet_discount_get_booking_fee (discount));
  json_builder_set_member_name (builder, "booking_fee_percent");
  if (guichet_discount_get_booking_fee_percentage (discount) >= 0)
    {
      g_autofree char *fee_percent =
        guichet_percentage_to_string (guichet_discount_get_booking_fee_percentage (discount));

      json_builder_add_double_value (builder, g_ascii_strtod (fee_percent, NULL));
    }
  else
    json_builder_add_null_value (builder);
  add_int_or_null (builder, "max_redemptions", guichet_discount_get_max_uses (discount));
  add_int_or_null (builder, "times_redeemed", guichet_discount_get_used (discount));
  _guichet_cli_json_add_string (builder, "expires", guichet_discount_get_valid_to (discount));
  add_strv (builder, "ticket_type_ids", guichet_discount_get_ticket_type_ids (discount));
  json_builder_end_object (builder);
}

static void
print_discounts (GPtrArray *discounts,
                 gboolean   json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < discounts->len; i++)
        add_discount_json (builder, g_ptr_array_index (discounts, i));
      json_builder_end_array (builder);
      print_node (builder);
      return;
    }

  {
    const char *headers[] = { _("Code"), _("Name"),    _("ID"), _("Discount"),
                                                                  _("Used"), _("Expires"), NULL };
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

    for (guint i = 0; i < discounts->len; i++)
      {
        GuichetDiscount *d = g_ptr_array_index (discounts, i);
        g_autofree char *amount = discount_amount_text (d);
        g_autofree char *used = NULL;
        char           **row = g_new0 (char *, 7);

        if (guichet_discount_get_max_uses (d) >= 0)
          used = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
                                  guichet_discount_get_used (d), guichet_discount_get_max_uses (d));
        else
          used = g_strdup_printf ("%" G_GINT64_FORMAT, guichet_discount_get_used (d));
        row[0] = g_strdup (guichet_discount_get_code (d));
        row[1] = g_strdup (guichet_discount_get_name (d));
        row[2] = g_strdup (guichet_discount_get_id (d));
        row[3] = g_steal_pointer (&amount);
        row[4] = g_steal_pointer (&used);
        row[5] =
          g_strdup (guichet_discount_get_valid_to (d) ? guichet_discount_get_valid_to (d) : "");
        g_ptr_array_add (rows, row);
      }
    _guichet_cli_print_table (headers, rows);
  }
}

static void
print_discount (GuichetDiscount *discount,
                gboolean         json)
{
  g_autoptr (GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, discount);
  print_discounts (one, json);
}

/* The options of create and update */
typedef struct
{
  char    *code;
  char    *name;
  char    *type;
  char    *amount;
  char    *expires;
  int      max_redemptions;
  char   **ticket_types;
  gboolean json;
} DiscountOptions;

static void
discount_options_clear (DiscountOptions *o)
{
  g_free (o->code);
  g_free (o->name);
  g_free (o->type);
  g_free (o->amount);
  g_free (o->expires);
  g_strfreev (o->ticket_types);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiscountOptions, discount_options_clear)

/* Applies the options given to @discount; FALSE after printing why. */
static gboolean
apply_discount_options (const CliCommand *command,
                        DiscountOptions  *o,
                        GuichetDiscount  *discount)
{
  g_autoptr (GError) error = NULL;
  GuichetDiscountKind kind = guichet_discount_get_kind (discount);

  if (o->type != NULL)
    {
      if (g_str_equal (o->type, "fixed_amount"))
        kind = GUICHET_DISCOUNT_KIND_AMOUNT;
      else if (g_str_equal (o->type, "percentage"))
        kind = GUICHET_DISCOUNT_KIND_PERCENTAGE;
      else
        {
          _guichet_cli_usage_error (command, _("--type is fixed_amount or percentage."));
          return FALSE;
        }
      g_object_set (discount, "kind", kind, NULL);
    }
  if (o->amount != NULL)
    {
      gint64 minor;

      if (!_guichet_cli_parse_money (o->amount, &minor, &error))
        {
          _guichet_cli_usage_error (command, "%s", error->message);
          return FALSE;
        }
      if (kind == GUICHET_DISCOUNT_KIND_PERCENTAGE)
        {
          /* 15 = 15 %: whole percents */
          if (minor % 100 != 0)
            {
              _guichet_cli_usage_error (command, _("A percentage is a whole number, such as 15."));
              return FALSE;
            }
          /* 1500 hundredths of a percent */
          g_object_set (discount, "percentage", minor, "amount", (gint64) 0, NULL);
        }
      else
        g_object_set (discount, "amount", minor, "percentage", (gint64) 0, NULL);
    }
  else if (o->type != NULL)
    {
      _guichet_cli_usage_error (command, _("--type needs --amount."));
      return FALSE;
    }
  if (o->code != NULL)
    g_object_set (discount, "code", o->code, NULL);
  if (o->name != NULL)
    g_object_set (discount, "name", o->name, NULL);
  if (o->expires != NULL)
    {
      g_autofree char *iso = parse_day (o->expires, &error);

      if (iso == NULL)
        {
          _guichet_cli_usage_error (command, "%s", error->message);
          return FALSE;
        }
      g_object_set (discount, "valid-to", iso, NULL);
    }
  if (o->max_redemptions >= 0)
    g_object_set (discount, "max-uses", (gint64) o->max_redemptions, NULL);
  if (o->ticket_types != NULL)
    g_object_set (discount, "ticket-type-ids", o->ticket_types, NULL);
  return TRUE;
}

#define DISCOUNT_OPTION_ENTRIES(o)                                                                    \
  { "code", 0, 0, G_OPTION_ARG_STRING, &(o).code, N_("The code buyers type"), N_("CODE") },           \
    { "name", 0, 0, G_OPTION_ARG_STRING, &(o).name, N_("A name for the organizer"), N_("NAME") },     \
      { "type", 0, 0, G_OPTION_ARG_STRING, &(o).type, N_("fixed_amount or percentage"), N_("TYPE") }, \
        { "amount",    0,                                                                             \
          0,           G_OPTION_ARG_STRING,                                                           \
          &(o).amount, N_("The amount off (5.40) or the percentage (15)"),                            \
                          N_("X") },                                                                  \
          { "expires",                                                                                \
            0,                                                                                        \
            0,                                                                                        \
            G_OPTION_ARG_STRING,                                                                      \
            &(o).expires,                                                                             \
            N_("The last day it can be used"),                                                        \
               N_("YYYY-MM-DD") },                                                                    \
            { "max-redemptions",                                                                      \
              0,                                                                                      \
              0,                                                                                      \
              G_OPTION_ARG_INT,                                                                       \
              &(o).max_redemptions,                                                                   \
              N_("How many times it can be used"), N_("N") },                                         \
              { "ticket-type",                                                                        \
                0,                                                                                    \
                0,                                                                                    \
                G_OPTION_ARG_STRING_ARRAY,                                                            \
                &(o).ticket_types,                                                                    \
                N_("A ticket type it applies to (repeat for more)"), N_("ID") },                      \
  {                                                                                                   \
    "json", 0, 0, G_OPTION_ARG_NONE, &(o).json, N_("Print JSON"), NULL                                \
  }

static int
discount_list (int    argc,
               char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("discount list");
  g_autofree char   *account_name = NULL;
  g_autofree char   *code = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "code", 0, 0, G_OPTION_ARG_STRING, &code,
        N_("Only the discount with this code"), N_("CODE") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GPtrArray) discounts = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  /* The platform filters: compared without regard to case, as buyers
   * type them. */
  if (code != NULL)
    g_strstrip (code);
  guichet_provider_list_discounts_async (session.provider, code, NULL, _guichet_cli_wait_done,
                                         &session.wait);
  discounts =
    guichet_provider_list_discounts_finish (session.provider, session_wait (&session), &error);
  if (discounts == NULL)
    return _guichet_cli_fail (error);

  print_discounts (discounts, json);
  return CLI_EXIT_OK;
}

/* show and delete: one id */
static int
discount_one (int         argc,
              char      **argv,
              const char *name)
{
  const CliCommand  *command = _guichet_cli_get_command (name);
  gboolean           deleting = g_str_equal (name, "discount delete");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one discount id."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  if (deleting)
    {
      guichet_provider_delete_discount_async (session.provider, argv[1], NULL,
                                              _guichet_cli_wait_done, &session.wait);
      if (!guichet_provider_delete_discount_finish (session.provider, session_wait (&session),
                                                    &error))
        return _guichet_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "id", argv[1]);
          json_builder_set_member_name (builder, "deleted");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_end_object (builder);
          print_node (builder);
        }
      else
        /* Translators: %s is a discount id */
        g_printerr (_("Discount %s deleted.\n"), argv[1]);
      return CLI_EXIT_OK;
    }

  {
    g_autoptr (GuichetDiscount) discount = NULL;

    guichet_provider_get_discount_async (session.provider, argv[1], NULL, _guichet_cli_wait_done,
                                         &session.wait);
    discount =
      guichet_provider_get_discount_finish (session.provider, session_wait (&session), &error);
    if (discount == NULL)
      return _guichet_cli_fail (error);
    print_discount (discount, json);
  }
  return CLI_EXIT_OK;
}

static int
discount_show (int    argc,
               char **argv)
{
  return discount_one (argc, argv, "discount show");
}

static int
discount_delete (int    argc,
                 char **argv)
{
  return discount_one (argc, argv, "discount delete");
}

static int
discount_create (int    argc,
                 char **argv)
{
  const CliCommand *command = _guichet_cli_get_command ("discount create");
  g_autofree char  *account_name = NULL;
  g_auto (DiscountOptions) o = { .max_redemptions = -1 };
  const GOptionEntry entries[] = { { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
                                     N_("The account"), N_("NAME") }, DISCOUNT_OPTION_ENTRIES (o),
                                     { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GuichetDiscount) discount = g_object_new (GUICHET_TYPE_DISCOUNT, NULL);
  g_autoptr (GuichetDiscount) created = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (o.code == NULL || o.name == NULL || o.type == NULL || o.amount == NULL)
    return _guichet_cli_usage_error (command,
                                     _("--code, --name, --type and --amount are required."));
  if (!apply_discount_options (command, &o, discount))
    return CLI_EXIT_USAGE;
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  g_object_set (discount, "account-id", guichet_account_get_id (session.account), NULL);
  guichet_provider_create_discount_async (session.provider, discount, NULL, _guichet_cli_wait_done,
                                          &session.wait);
  created =
    guichet_provider_create_discount_finish (session.provider, session_wait (&session), &error);
  if (created == NULL)
    return _guichet_cli_fail (error);

  print_discount (created, o.json);
  return CLI_EXIT_OK;
}

static int
discount_update (int    argc,
                 char **argv)
{
  const CliCommand *command = _guichet_cli_get_command ("discount update");
  g_autofree char  *account_name = NULL;
  g_auto (DiscountOptions) o = { .max_redemptions = -1 };
  const GOptionEntry entries[] = { { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
                                     N_("The account"), N_("NAME") }, DISCOUNT_OPTION_ENTRIES (o),
                                     { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GuichetDiscount) discount = NULL;
  g_autoptr (GuichetDiscount) updated = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one discount id."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  /* what the platform has, with the options given on top */
  guichet_provider_get_discount_async (session.provider, argv[1], NULL, _guichet_cli_wait_done,
                                       &session.wait);
  discount =
    guichet_provider_get_discount_finish (session.provider, session_wait (&session), &error);
  if (discount == NULL)
    return _guichet_cli_fail (error);
  if (!apply_discount_options (command, &o, discount))
    return CLI_EXIT_USAGE;

  guichet_provider_update_discount_async (session.provider, discount, NULL, _guichet_cli_wait_done,
                                          &session.wait);
  updated =
    guichet_provider_update_discount_finish (session.provider, session_wait (&session), &error);
  if (updated == NULL)
    return _guichet_cli_fail (error);

  print_discount (updated, o.json);
  return CLI_EXIT_OK;
}

/* ---- vouchers ---- */

static void
add_voucher_json (JsonBuilder    *builder,
                  GuichetVoucher *voucher)
{
  json_builder_begin_object (builder);
  _guichet_cli_json_add_string (builder, "id", guichet_voucher_get_id (voucher));
  _guichet_cli_json_add_string (builder, "name", guichet_voucher_get_name (voucher));
  _guichet_cli_json_add_money (builder, "value", guichet_voucher_get_value (voucher));
  add_int_or_null (builder, "value_minor", guichet_voucher_get_value (voucher)->amount_minor);
  _guichet_cli_json_add_string (builder, "currency", guichet_voucher_get_currency (voucher));
  add_int_or_null (builder, "total_codes", guichet_voucher_get_code_count (voucher));
  add_int_or_null (builder, "available_codes", guichet_voucher_get_available_codes (voucher));
  _guichet_cli_json_add_string (builder, "expiry", guichet_voucher_get_valid_to (voucher));
  json_builder_end_object (builder);
}

static void
print_vouchers (GPtrArray *vouchers,
                gboolean   json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < vouchers->len; i++)
        add_voucher_json (builder, g_ptr_array_index (vouchers, i));
      json_builder_end_array (builder);
      print_node (builder);
      return;
    }

  {
    const char *headers[] = { _("Name"), _("ID"), _("Value"), _("Codes"), _("Expires"), NULL };
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

    for (guint i = 0; i < vouchers->len; i++)
      {
        GuichetVoucher *v = g_ptr_array_index (vouchers, i);
        char          **row = g_new0 (char *, 6);

        row[0] = g_strdup (guichet_voucher_get_name (v));
        row[1] = g_strdup (guichet_voucher_get_id (v));
        row[2] = _guichet_cli_format_money (guichet_voucher_get_value (v));
        row[3] = g_strdup_printf ("%" G_GINT64_FORMAT, guichet_voucher_get_code_count (v));
        row[4] =
          g_strdup (guichet_voucher_get_valid_to (v) ? guichet_voucher_get_valid_to (v) : "");
        g_ptr_array_add (rows, row);
      }
    _guichet_cli_print_table (headers, rows);
  }
}

static void
print_voucher (GuichetVoucher *voucher,
               gboolean        json)
{
  g_autoptr (GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, voucher);
  print_vouchers (one, json);
}

static void
print_codes (GPtrArray *codes,
             gboolean   json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < codes->len; i++)
        {
          GuichetVoucherCode *c = g_ptr_array_index (codes, i);
          GuichetMoney        left;

          /* in the voucher's currency, which the code does not repeat */
          guichet_money_init (&left, guichet_voucher_code_get_value_remaining (c), NULL);
          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "id", guichet_voucher_code_get_id (c));
          _guichet_cli_json_add_string (builder, "voucher_id",
                                        guichet_voucher_code_get_voucher_id (c));
          _guichet_cli_json_add_string (builder, "code", guichet_voucher_code_get_code (c));
          _guichet_cli_json_add_money (builder, "value_remaining", &left);
          json_builder_set_member_name (builder, "void");
          json_builder_add_boolean_value (builder, guichet_voucher_code_get_void (c));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_node (builder);
      return;
    }

  {
    const char *headers[] = { _("Code"), _("ID"), _("Left"), _("Void"), NULL };
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

    for (guint i = 0; i < codes->len; i++)
      {
        GuichetVoucherCode *c = g_ptr_array_index (codes, i);
        char              **row = g_new0 (char *, 5);

        row[0] = g_strdup (guichet_voucher_code_get_code (c));
        row[1] = g_strdup (guichet_voucher_code_get_id (c));
        GuichetMoney left;

        guichet_money_init (&left, guichet_voucher_code_get_value_remaining (c), NULL);
        row[2] = _guichet_cli_format_money (&left);
        row[3] = g_strdup (guichet_voucher_code_get_void (c) ? _("yes") : "");
        g_ptr_array_add (rows, row);
      }
    _guichet_cli_print_table (headers, rows);
  }
}

static int
voucher_list (int    argc,
              char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("voucher list");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GPtrArray) vouchers = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  guichet_provider_list_vouchers_async (session.provider, NULL, _guichet_cli_wait_done,
                                        &session.wait);
  vouchers =
    guichet_provider_list_vouchers_finish (session.provider, session_wait (&session), &error);
  if (vouchers == NULL)
    return _guichet_cli_fail (error);

  print_vouchers (vouchers, json);
  return CLI_EXIT_OK;
}

/* show, delete, codes: one id */
static int
voucher_one (int         argc,
             char      **argv,
             const char *name)
{
  const CliCommand  *command = _guichet_cli_get_command (name);
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected one voucher id."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  if (g_str_equal (name, "voucher delete"))
    {
      guichet_provider_delete_voucher_async (session.provider, argv[1], NULL,
                                             _guichet_cli_wait_done, &session.wait);
      if (!guichet_provider_delete_voucher_finish (session.provider, session_wait (&session),
                                                   &error))
        return _guichet_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "id", argv[1]);
          json_builder_set_member_name (builder, "deleted");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_end_object (builder);
          print_node (builder);
        }
      else
        /* Translators: %s is a voucher id */
        g_printerr (_("Voucher %s and its codes deleted.\n"), argv[1]);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (name, "voucher codes"))
    {
      g_autoptr (GPtrArray) codes = NULL;

      guichet_provider_list_voucher_codes_async (session.provider, argv[1], NULL,
                                                 _guichet_cli_wait_done, &session.wait);
      codes = guichet_provider_list_voucher_codes_finish (session.provider, session_wait (&session),
                                                          &error);
      if (codes == NULL)
        return _guichet_cli_fail (error);
      print_codes (codes, json);
      return CLI_EXIT_OK;
    }

  {
    g_autoptr (GuichetVoucher) voucher = NULL;

    guichet_provider_get_voucher_async (session.provider, argv[1], NULL, _guichet_cli_wait_done,
                                        &session.wait);
    voucher =
      guichet_provider_get_voucher_finish (session.provider, session_wait (&session), &error);
    if (voucher == NULL)
      return _guichet_cli_fail (error);
    print_voucher (voucher, json);
  }
  return CLI_EXIT_OK;
}

static int
voucher_show (int    argc,
              char **argv)
{
  return voucher_one (argc, argv, "voucher show");
}

static int
voucher_delete (int    argc,
                char **argv)
{
  return voucher_one (argc, argv, "voucher delete");
}

static int
voucher_codes (int    argc,
               char **argv)
{
  return voucher_one (argc, argv, "voucher codes");
}

/* create and update */
static int
voucher_write (int      argc,
               char   **argv,
               gboolean creating)
{
  const CliCommand *command =
    _guichet_cli_get_command (creating ? "voucher create" : "voucher update");
  g_autofree char *account_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *expiry = NULL;
  g_auto (GStrv) codes = NULL;
  gboolean     json = FALSE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("A name for the voucher"), N_("NAME") },
        { "value", 0, 0, G_OPTION_ARG_STRING, &value,
          N_("What each code is worth (25.00)"), N_("V") },
          { "expiry", 0, 0, G_OPTION_ARG_STRING, &expiry,
            N_("The last day its codes can be used"), N_("YYYY-MM-DD") },
            { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
              { "code", 0, 0, G_OPTION_ARG_STRING_ARRAY, &codes,
                N_("A code to create (repeat for more)"), N_("CODE") }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GuichetVoucher) voucher = NULL;
  g_autoptr (GuichetVoucher) saved = NULL;
  g_autoptr (GError) error = NULL;

  /* update takes no --code */
  if (!creating)
    entries[5] = (GOptionEntry){ NULL };

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != (creating ? 1 : 2))
    return creating
      ? _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1])
                                  : _guichet_cli_usage_error (command,
                                                              _("Expected one voucher id."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (creating && (name == NULL || value == NULL || codes == NULL))
    return _guichet_cli_usage_error (command,
                                     _("--name, --value and at least one --code are required."));

  voucher =
    g_object_new (GUICHET_TYPE_VOUCHER, "id", creating ? NULL : argv[1], "codes", codes, NULL);
  if (name != NULL)
    g_object_set (voucher, "name", name, NULL);
  if (value != NULL)
    {
      gint64 minor;

      if (!_guichet_cli_parse_money (value, &minor, &error))
        return _guichet_cli_usage_error (command, "%s", error->message);
      g_object_set (voucher, "value", minor, NULL);
    }
  if (expiry != NULL)
    {
      g_autofree char *iso = parse_day (expiry, &error);

      if (iso == NULL)
        return _guichet_cli_usage_error (command, "%s", error->message);
      g_object_set (voucher, "valid-to", iso, NULL);
    }

  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;
  g_object_set (voucher, "account-id", guichet_account_get_id (session.account), NULL);

  if (creating)
    {
      guichet_provider_create_voucher_async (session.provider, voucher, NULL,
                                             _guichet_cli_wait_done, &session.wait);
      saved =
        guichet_provider_create_voucher_finish (session.provider, session_wait (&session), &error);
    }
  else
    {
      guichet_provider_update_voucher_async (session.provider, voucher, NULL,
                                             _guichet_cli_wait_done, &session.wait);
      saved =
        guichet_provider_update_voucher_finish (session.provider, session_wait (&session), &error);
    }
  if (saved == NULL)
    return _guichet_cli_fail (error);

  print_voucher (saved, json);
  return CLI_EXIT_OK;
}

static int
voucher_create (int    argc,
                char **argv)
{
  return voucher_write (argc, argv, TRUE);
}

static int
voucher_update (int    argc,
                char **argv)
{
  return voucher_write (argc, argv, FALSE);
}

static int
voucher_void_code (int    argc,
                   char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("voucher void-code");
  g_autofree char   *account_name = NULL;
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account"), N_("NAME") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_auto (Session) session = { 0 };
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 3)
    return _guichet_cli_usage_error (command, _("Expected a voucher id and a code id."));
  if (account_name == NULL)
    return _guichet_cli_usage_error (command, _("--account is required."));
  if (!session_open (&session, account_name))
    return CLI_EXIT_FAILURE;

  guichet_provider_void_voucher_code_async (session.provider, argv[1], argv[2], NULL,
                                            _guichet_cli_wait_done, &session.wait);
  if (!guichet_provider_void_voucher_code_finish (session.provider, session_wait (&session),
                                                  &error))
    return _guichet_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      _guichet_cli_json_add_string (builder, "voucher_id", argv[1]);
      _guichet_cli_json_add_string (builder, "id", argv[2]);
      json_builder_set_member_name (builder, "void");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      print_node (builder);
    }
  else
    /* Translators: %s is a voucher code id */
    g_printerr (_("Voucher code %s voided.\n"), argv[2]);
  return CLI_EXIT_OK;
}

/* ---- dispatch ---- */

int
_guichet_cli_discount (int    argc,
                       char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int,
                char **);
  } subs[] = {
    { "discount list", discount_list },     { "discount show", discount_show },
    { "discount create", discount_create }, { "discount update", discount_update },
    { "discount delete", discount_delete }, { "voucher list", voucher_list },
    { "voucher show", voucher_show },       { "voucher create", voucher_create },
    { "voucher update", voucher_update },   { "voucher delete", voucher_delete },
    { "voucher codes", voucher_codes },     { "voucher void-code", voucher_void_code },
  };

  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    if (g_str_equal (subs[i].name, argv[0]))
      return subs[i].run (argc, argv);

  g_assert_not_reached ();
  return CLI_EXIT_USAGE;
}
