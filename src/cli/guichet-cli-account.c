/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "guichet-cli-private.h"

/* account add / list / remove */

static void
secret_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

/* One line from standard input, without its line ending; on a terminal, asks
 * for it first, without echo when it is a secret. NULL at end of input. */
static char *
read_credential (const GuichetCredentialField *field)
{
  gboolean       tty = isatty (STDIN_FILENO);
  struct termios saved, silent;
  gboolean       echo_off = FALSE;
  char          *line = NULL;
  size_t         size = 0;
  ssize_t        len;
  char          *value;

  if (tty)
    {
      g_printerr ("%s: ", _(field->label ? field->label : field->name));
      if (field->secret && tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          silent = saved;
          silent.c_lflag &= ~(ECHO);
          silent.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &silent) == 0;
        }
    }

  len = getline (&line, &size, stdin);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (len < 0)
    {
      free (line);
      return NULL;
    }

  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';

  value = g_strdup (line);
  memset (line, 0, size);
  free (line);
  return value;
}

static char *
credential_names (GuichetProviderClass *klass)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, klass->credentials[i].name);
    }

  return g_string_free (names, FALSE);
}

/* Reads the provider's credentials from standard input, in its order, and
 * signs in. Returns the secrets to keep, or NULL after printing why (with
 * *exit_code set). The credentials are wiped from memory either way. */
static GHashTable *
sign_in (GuichetAccount       *account,
         GuichetProviderClass *klass,
         int                  *exit_code)
{
  g_autoptr (GHashTable) credentials = NULL;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  GHashTable      *secrets;
  CliWait          wait;

  *exit_code = CLI_EXIT_FAILURE;

  credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
  for (guint i = 0; klass->credentials != NULL && klass->credentials[i].name != NULL; i++)
    {
      const GuichetCredentialField *field = &klass->credentials[i];
      char                         *value = read_credential (field);

      if (value == NULL || value[0] == '\0')
        {
          g_autofree char *names = credential_names (klass);

          secret_free (value);
          _guichet_cli_fail_message (_("Missing “%s” on standard input. %s needs one line each, in this order: %s."),
            field->name, _(klass->display_name), names);
          return NULL;
        }
      g_hash_table_insert (credentials, g_strdup (field->name), value);
    }

  provider = _guichet_cli_create_provider (account, FALSE);
  if (provider == NULL)
    return NULL;

  g_printerr (_("Signing in to %s…\n"), _(klass->display_name));
  _guichet_cli_wait_init (&wait);
  guichet_provider_sign_in_async (provider, credentials, NULL, _guichet_cli_wait_done, &wait);
  secrets = guichet_provider_sign_in_finish (provider, _guichet_cli_wait_run (&wait), &error);
  _guichet_cli_wait_clear (&wait);

  if (secrets == NULL)
    {
      *exit_code = _guichet_cli_fail (error);
      return NULL;
    }

  summary = guichet_provider_dup_sign_in_summary (provider);
  if (summary != NULL)
    {
      g_autofree char *safe = _guichet_cli_escape_text (summary);

      g_printerr ("%s\n", safe);
    }
  *exit_code = CLI_EXIT_OK;
  return secrets;
}

int
_guichet_cli_account_add (int    argc,
                          char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("account add");
  g_autofree char   *base_url = NULL;
  g_autofree char   *username = NULL;
  g_autofree char   *email = NULL;
  const GOptionEntry entries[] = { { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
                                     N_("Use this address instead of the platform’s"), N_("URL") },
                                     { "username", 0, 0, G_OPTION_ARG_STRING, &username,
                                       N_("The user name to sign in with"), N_("USER") },
                                       { "email", 0, 0, G_OPTION_ARG_STRING, &email,
                                         N_("The e-mail address to sign in with"), N_("EMAIL") },
                                         { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) existing = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char      *id = NULL;
  GuichetProviderClass *klass;
  const char           *kind, *name;
  int                   exit_code;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;

  if (argc != 3)
    return _guichet_cli_usage_error (command, _("Expected a provider and a name."));
  kind = argv[1];
  name = argv[2];

  klass = guichet_providers_get_class (kind);
  if (klass == NULL)
    {
      g_autofree char *kinds = g_strjoinv (", ", (char **) guichet_providers_get_kinds ());

      return _guichet_cli_usage_error (command, _("Unknown provider “%s”. Choose one of: %s."),
                                                  kind, kinds);
    }

  if (g_utf8_strlen (name, -1) == 0 || !g_utf8_validate (name, -1, NULL))
    return _guichet_cli_usage_error (command, _("The account needs a name."));

  if (username != NULL && email != NULL)
    return _guichet_cli_usage_error (command, _("Give --username or --email, not both."));

  if (g_strcmp0 (klass->login_field, "username") == 0 && username == NULL)
    return _guichet_cli_usage_error (command, _("%s needs --username."), _(klass->display_name));
  if (g_strcmp0 (klass->login_field, "email") == 0 && email == NULL)
    return _guichet_cli_usage_error (command, _("%s needs --email."), _(klass->display_name));

  if (base_url != NULL)
    {
      char *normalized = guichet_http_client_normalize_base_url (base_url, &error);

      if (normalized == NULL)
        return _guichet_cli_fail (error);
      g_free (base_url);
      base_url = normalized;
    }

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  existing = guichet_store_find_account (store, name, NULL);
  if (existing != NULL)
    return _guichet_cli_fail_message (_("An account named “%s” already exists. Choose another name, or remove it first with “guichet-cli account remove”."),
      name);

  id = guichet_account_generate_id ();
  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", id, "provider", kind, "name", name,
                          "base-url", base_url, "username", username, "email", email, NULL);

  secrets = sign_in (account, klass, &exit_code);
  if (secrets == NULL)
    return exit_code;

  /* The account row first, then its secrets (and “account remove” clears
   * the secrets first): killed at any point, no secret is left in the
   * keyring without an account that lists it. The window's dialog saves
   * the same way. */
  if (g_hash_table_size (secrets) > 0 || _guichet_cli_kind_has_secrets (kind))
    {
      gboolean row_kept = FALSE;

      if (!guichet_account_setup_save_sync (store, account, secrets, TRUE, &row_kept, NULL, &error))
        {
          _guichet_cli_fail (error);
          if (!row_kept)
            g_printerr (_("The account was not added.\n"));
          else
            g_printerr (_("The account “%s” was added without its secrets. Remove it with “guichet-cli account remove”, or sign in again with “guichet-cli account signin”.\n"),
              name);
          return CLI_EXIT_FAILURE;
        }
    }
  else if (!guichet_store_save_account (store, account, &error))
    return _guichet_cli_fail (error);
  _guichet_cli_test_kill_point ("account-add-secrets");

  g_printerr (_("Account “%s” added. Run “guichet-cli sync %s” to download its events.\n"), name,
                name);
  return CLI_EXIT_OK;
}

int
_guichet_cli_account_list (int    argc,
                           char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("account list");
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL }
  };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    return _guichet_cli_usage_error (command, _("Unexpected argument “%s”."), argv[1]);

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  accounts = guichet_store_list_accounts (store, &error);
  if (accounts == NULL)
    return _guichet_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < accounts->len; i++)
        {
          GuichetAccount *account = g_ptr_array_index (accounts, i);

          json_builder_begin_object (builder);
          _guichet_cli_json_add_string (builder, "id", guichet_account_get_id (account));
          _guichet_cli_json_add_string (builder, "name", guichet_account_get_name (account));
          _guichet_cli_json_add_string (builder, "provider",
                                        guichet_account_get_provider (account));
          _guichet_cli_json_add_string (builder, "base_url",
                                        guichet_account_get_base_url (account));
          _guichet_cli_json_add_string (builder, "username",
                                        guichet_account_get_username (account));
          _guichet_cli_json_add_string (builder, "email", guichet_account_get_email (account));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      _guichet_cli_print_json (root);
    }
  else if (accounts->len == 0)
    {
      g_printerr (_("No accounts yet. Add one with “guichet-cli account add PROVIDER NAME”.\n"));
    }
  else
    {
      const char *headers[] = { _("Name"), _("Provider"), _("Sign-in"), _("Address"), NULL };
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < accounts->len; i++)
        {
          GuichetAccount       *account = g_ptr_array_index (accounts, i);
          GuichetProviderClass *klass =
            guichet_providers_get_class (guichet_account_get_provider (account));
          const char *login = guichet_account_get_username (account);
          const char *base_url = guichet_account_get_base_url (account);
          char      **row = g_new0 (char *, 5);

          if (login == NULL)
            login = guichet_account_get_email (account);
          if (base_url == NULL && klass != NULL)
            base_url = klass->default_base_url;

          row[0] = g_strdup (guichet_account_get_name (account));
          row[1] =
            g_strdup (klass ? _(klass->display_name) : guichet_account_get_provider (account));
          row[2] = g_strdup (login ? login : "—");
          row[3] = g_strdup (base_url ? base_url : "—");
          g_ptr_array_add (rows, row);
        }
      _guichet_cli_print_table (headers, rows);
    }

  return CLI_EXIT_OK;
}

int
_guichet_cli_account_remove (int    argc,
                             char **argv)
{
  const CliCommand *command = _guichet_cli_get_command ("account remove");
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  if (!_guichet_cli_parse (command, NULL, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected the name of one account."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;

  account = _guichet_cli_find_account (store, argv[1]);
  if (account == NULL)
    return CLI_EXIT_FAILURE;

  /* The secrets go first: never leave a secret without its account. */
  if (!guichet_secrets_clear_sync (guichet_account_get_id (account), NULL, &error))
    {
      if (_guichet_cli_kind_has_secrets (guichet_account_get_provider (account)))
        {
          _guichet_cli_fail (error);
          g_printerr (_("The account was kept so its secrets can still be removed. Try again once the keyring is available.\n"));
          return CLI_EXIT_FAILURE;
        }
      g_debug ("No keyring to clear for this account: %s", error->message);
      g_clear_error (&error);
    }

  if (!guichet_store_delete_account (store, guichet_account_get_id (account), &error))
    return _guichet_cli_fail (error);

  g_printerr (_("Account “%s” removed.\n"), guichet_account_get_name (account));
  return CLI_EXIT_OK;
}

int
_guichet_cli_account_signin (int    argc,
                             char **argv)
{
  const CliCommand  *command = _guichet_cli_get_command ("account signin");
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GHashTable) secrets = NULL;
  g_autoptr (GError) error = NULL;
  GuichetProviderClass *klass;
  int                   exit_code;

  if (!_guichet_cli_parse (command, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    return _guichet_cli_usage_error (command, _("Expected the name of an account."));

  store = _guichet_cli_open_store ();
  if (store == NULL)
    return CLI_EXIT_FAILURE;
  account = _guichet_cli_find_account (store, argv[1]);
  if (account == NULL)
    return CLI_EXIT_FAILURE;

  klass = guichet_providers_get_class (guichet_account_get_provider (account));
  if (klass == NULL)
    return _guichet_cli_fail_message (_("The account “%s” uses a platform this version of Guichet does not know (“%s”)."),
      guichet_account_get_name (account), guichet_account_get_provider (account));

  secrets = sign_in (account, klass, &exit_code);
  if (secrets == NULL)
    return exit_code;

  /* The account, its downloaded data and its journal stay as they are;
   * only the secrets are replaced. */
  if (!guichet_secrets_store_sync (guichet_account_get_id (account),
                                   guichet_account_get_name (account), secrets, NULL, &error))
    return _guichet_cli_fail (error);

  g_printerr (_("Signed in to “%s” again.\n"), guichet_account_get_name (account));
  return CLI_EXIT_OK;
}
