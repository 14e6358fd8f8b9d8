/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

gboolean
_guichet_cli_parse (const CliCommand   *command,
                    const GOptionEntry *entries,
                    int                *argc,
                    char             ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("guichet-cli %s", command->name);

  g_assert (command != NULL);

  /* The usage line reads "guichet-cli account add [OPTION…] PROVIDER NAME". */
  g_set_prgname (prgname);

  context = g_option_context_new (command->parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _guichet_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

int
_guichet_cli_usage_error (const CliCommand *command,
                          const char       *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("guichet-cli %s: %s\n", command->name, message);
  g_printerr (_("Usage: guichet-cli %s [OPTION…] %s\n"), command->name, command->parameters);
  g_printerr (_("Run “guichet-cli %s --help” to see its options.\n"), command->name);

  return CLI_EXIT_USAGE;
}

static const char *
hint_for_error (const GError *error)
{
  if (error->domain != GUICHET_ERROR)
    return NULL;

  switch ((GuichetError) error->code)
    {
    case GUICHET_ERROR_AUTH_REJECTED:
      return _("Check the credentials, then sign in again with “guichet-cli account signin NAME”.");
    case GUICHET_ERROR_FORBIDDEN:
      return _("Ask the organizer for access to this data on the platform.");
    case GUICHET_ERROR_RATE_LIMITED:
      return _("The platform asks to slow down: try again in a few minutes.");
    case GUICHET_ERROR_NETWORK:
    case GUICHET_ERROR_TIMEOUT:
      return _("Check the network connection and try again.");
    case GUICHET_ERROR_SERVER:
      return _("The platform has a problem: try again later.");
    case GUICHET_ERROR_INSECURE:
      return _("Use an https:// address.");
    case GUICHET_ERROR_STORE_CORRUPT:
      return _("Run “guichet-cli repair” (with the application closed), then “guichet-cli sync”.");
    case GUICHET_ERROR_NOT_SUPPORTED:
    case GUICHET_ERROR_FAILED:
    case GUICHET_ERROR_NOT_FOUND:
    case GUICHET_ERROR_VALIDATION:
    case GUICHET_ERROR_MALFORMED:
    case GUICHET_ERROR_STORE:
    case GUICHET_ERROR_SECRETS:
    case GUICHET_ERROR_NO_ACCOUNT:
    case GUICHET_ERROR_INVALID_INPUT:
    default:
      return NULL;
    }
}

int
_guichet_cli_fail (const GError *error)
{
  g_autofree char *fields = NULL;
  const char      *hint;

  g_assert (error != NULL);

  fields = guichet_error_format_fields (error);
  if (fields != NULL)
    {
      /* a refused form: "field: message", one a line */
      g_printerr ("%s", fields);
      return CLI_EXIT_FAILURE;
    }

  g_printerr ("guichet-cli: %s\n", error->message);
  hint = hint_for_error (error);
  if (hint != NULL)
    g_printerr ("%s\n", hint);

  return CLI_EXIT_FAILURE;
}

int
_guichet_cli_fail_message (const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("guichet-cli: %s\n", message);
  return CLI_EXIT_FAILURE;
}

void
_guichet_cli_wait_init (CliWait *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->result = NULL;
}

void
_guichet_cli_wait_clear (CliWait *wait)
{
  g_clear_pointer (&wait->loop, g_main_loop_unref);
  g_clear_object (&wait->result);
}

void
_guichet_cli_wait_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  CliWait *wait = user_data;

  g_set_object (&wait->result, result);
  g_main_loop_quit (wait->loop);
}

GAsyncResult *
_guichet_cli_wait_run (CliWait *wait)
{
  while (wait->result == NULL)
    g_main_loop_run (wait->loop);

  return wait->result;
}

/* The first store the command opened, closed by _guichet_cli_close_store */
static GuichetStore *open_store;

GuichetStore *
_guichet_cli_open_store (void)
{
  g_autofree char *path = guichet_store_default_path ();
  g_autoptr (GError) error = NULL;
  GuichetStore *store;

  store = guichet_store_new (path, &error);
  if (store == NULL)
    {
      g_printerr (_("guichet-cli: Could not open the database %s: %s\n"), path, error->message);
      return NULL;
    }

  if (open_store == NULL)
    open_store = g_object_ref (store);
  /* The command's session works on this store. */
  _guichet_cli_get_session (store);

  return store;
}

void
_guichet_cli_close_store (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (open_store == NULL)
    return;

  /* The last reference is dropped here, on the main thread, so closing
   * (and its checkpoint) runs before the process exits: dropped by a
   * worker thread, it would be cut short by exit(). */
  while (g_atomic_int_get (&G_OBJECT (open_store)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_clear_object (&open_store);
}

GuichetAccount *
_guichet_cli_find_account (GuichetStore *store,
                           const char   *name)
{
  g_autoptr (GError) error = NULL;
  GuichetAccount *account;

  account = guichet_store_find_account (store, name, &error);
  if (account != NULL)
    return account;

  if (error != NULL && !g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NO_ACCOUNT))
    {
      _guichet_cli_fail (error);
      return NULL;
    }

  _guichet_cli_fail_message (_("No account named “%s”. Run “guichet-cli account list” to see the accounts, or “guichet-cli account add” to add one."),
                               name);
  return NULL;
}

GuichetEvent *
_guichet_cli_find_event (GuichetStore   *store,
                         GuichetAccount *account,
                         const char     *event)
{
  const char *account_id = guichet_account_get_id (account);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autofree char *wanted = NULL;
  GuichetEvent    *found;

  found = guichet_store_find_event (store, account_id, event, &error);
  if (found != NULL)
    return found;

  if (error != NULL && !g_error_matches (error, GUICHET_ERROR, GUICHET_ERROR_NOT_FOUND))
    {
      _guichet_cli_fail (error);
      return NULL;
    }
  g_clear_error (&error);

  /* Not an id: an event's exact name, ignoring case, will do. */
  events = guichet_store_list_events (store, account_id, &error);
  if (events == NULL)
    {
      _guichet_cli_fail (error);
      return NULL;
    }

  wanted = g_utf8_casefold (event, -1);
  for (guint i = 0; i < events->len; i++)
    {
      GuichetEvent    *candidate = g_ptr_array_index (events, i);
      g_autofree char *name =
        g_utf8_casefold (guichet_event_get_name (candidate) ? guichet_event_get_name (candidate)
                                                            : "",
                         -1);

      if (g_strcmp0 (name, wanted) == 0)
        return g_object_ref (candidate);
    }

  _guichet_cli_fail_message (_("No event “%s” in the account “%s”. Run “guichet-cli sync” to download the events, then “guichet-cli events --account %s” to see them."),
    event, guichet_account_get_name (account), guichet_account_get_name (account));
  return NULL;
}

/* Test only: with GUICHET_TEST_KILL_AT=STEP in the environment, the CLI
 * kills itself with SIGKILL when it reaches STEP, so that tests can check
 * what a crash or a power cut at that very point leaves behind. Harmless:
 * it can only end the process early, as any crash would. Steps:
 * “account-add-saved” (account row committed, secrets not yet written:
 * checked in guichet_account_setup_save_sync(), shared with the window),
 * “account-add-secrets” (both written, before the final message). */
void
_guichet_cli_test_kill_point (const char *step)
{
  if (g_strcmp0 (g_getenv ("GUICHET_TEST_KILL_AT"), step) == 0)
    kill (getpid (), SIGKILL);
}

gboolean
_guichet_cli_kind_has_secrets (const char *kind)
{
  GuichetProviderClass *klass = guichet_providers_get_class (kind);

  return klass != NULL && klass->credentials != NULL && klass->credentials[0].name != NULL;
}

gboolean
_guichet_cli_kind_can_check_in (const char *kind)
{
  GuichetProviderClass *klass = guichet_providers_get_class (kind);

  return klass != NULL && (klass->capabilities & GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN) != 0;
}

/* One session for the command: providers are made and signed in once, and
 * a renewed token is kept in the keyring before the command exits. */
static GuichetSession *cli_session;

static void
on_session_warning (GuichetSession *session,
                    GuichetAccount *account,
                    const char     *message,
                    gpointer        user_data)
{
  g_printerr ("guichet-cli: %s\n", message);
}

GuichetSession *
_guichet_cli_get_session (GuichetStore *store)
{
  if (cli_session == NULL)
    {
      cli_session = guichet_session_new (store, NULL, guichet_providers_create);
      g_signal_connect (cli_session, "warning", G_CALLBACK (on_session_warning), NULL);
    }

  return cli_session;
}

void
_guichet_cli_close_session (void)
{
  if (cli_session == NULL)
    return;

  /* A token renewed during the command is written before it exits. */
  while (guichet_session_get_saving_secrets (cli_session))
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&cli_session);
}

GuichetProvider *
_guichet_cli_create_provider (GuichetAccount *account,
                              gboolean        with_secrets)
{
  const char           *kind = guichet_account_get_provider (account);
  GuichetProviderClass *klass = guichet_providers_get_class (kind);
  GuichetSession       *session = _guichet_cli_get_session (NULL);
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;

  if (klass == NULL)
    {
      _guichet_cli_fail_message (_("The account “%s” uses “%s”, which this version of Guichet does not know."),
        guichet_account_get_name (account), kind ? kind : "");
      return NULL;
    }

  if (with_secrets)
    provider = guichet_session_get_provider_sync (session, account, NULL, &error);
  else
    provider = guichet_session_create_provider (session, account, &error);
  if (provider == NULL)
    {
      _guichet_cli_fail (error);
      return NULL;
    }

  return g_steal_pointer (&provider);
}

void
_guichet_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_print ("%s\n", text);
}

/* Strings from argv, the store or a provider may be anything: JSON
 * output is valid UTF-8 whatever they hold (invalid bytes become U+FFFD;
 * json-glib escapes the control characters). */
void
_guichet_cli_json_add_string (JsonBuilder *builder,
                              const char  *member,
                              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else if (g_utf8_validate (value, -1, NULL))
    json_builder_add_string_value (builder, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (builder, valid);
    }
}

/* What guichet-cli prints, made safe for a terminal: valid UTF-8, and
 * every control character but newline and tab (ESC starting an ANSI
 * sequence, CR, BEL, DEL, the C1 controls) written as \uXXXX, which is
 * also what it means inside a JSON string. */
char *
_guichet_cli_escape_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString         *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f)))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

static void
print_escaped (FILE       *stream,
               const char *text)
{
  g_autofree char *escaped = _guichet_cli_escape_text (text);
  const char      *charset;

  if (g_get_charset (&charset))
    fputs (escaped, stream);
  else
    {
      g_autofree char *local =
        g_convert_with_fallback (escaped, -1, charset, "UTF-8", "?", NULL, NULL, NULL);

      fputs (local != NULL ? local : escaped, stream);
    }
  fflush (stream);
}

static void
print_stdout (const char *text)
{
  print_escaped (stdout, text);
}

static void
print_stderr (const char *text)
{
  print_escaped (stderr, text);
}

/* Every g_print and g_printerr goes through _guichet_cli_escape_text:
 * one place, so no output path can forget it. */
void
_guichet_cli_install_print_handlers (void)
{
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);
}

char *
_guichet_cli_format_time (gint64 seconds)
{
  g_autoptr (GDateTime) dt = NULL;

  if (seconds <= 0)
    return NULL;

  /* Journal times are in seconds; tolerate microseconds. */
  if (seconds > G_GINT64_CONSTANT (100000000000000))
    seconds /= G_USEC_PER_SEC;

  dt = g_date_time_new_from_unix_utc (seconds);
  return dt ? g_date_time_format_iso8601 (dt) : NULL;
}

static glong
display_width (const char *text)
{
  glong width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static void
print_row (const char * const *cells,
           guint               n_columns,
           const glong        *widths)
{
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; i < n_columns; i++)
    {
      const char *cell = cells[i] ? cells[i] : "";

      g_string_append (line, cell);
      if (i + 1 < n_columns)
        {
          for (glong pad = display_width (cell); pad < widths[i] + 2; pad++)
            g_string_append_c (line, ' ');
        }
    }

  /* No trailing blanks. */
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);

  g_print ("%s\n", line->str);
}

void
_guichet_cli_print_table (const char * const *headers,
                          GPtrArray          *rows)
{
  guint             n_columns = g_strv_length ((char **) headers);
  g_autofree glong *widths = g_new0 (glong, n_columns);

  for (guint i = 0; i < n_columns; i++)
    widths[i] = display_width (headers[i]);

  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (rows, r);

      for (guint i = 0; i < n_columns && cells[i] != NULL; i++)
        widths[i] = MAX (widths[i], display_width (cells[i]));
    }

  print_row (headers, n_columns, widths);
  for (guint r = 0; r < rows->len; r++)
    print_row (g_ptr_array_index (rows, r), n_columns, widths);
}
