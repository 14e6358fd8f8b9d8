/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "guichet-core.h"
#include "guichet-providers.h"

G_BEGIN_DECLS

/* Exit codes of the CLI contract (DESIGN.md). */
typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_NOT_ADMITTED = 3,
} CliExit;

/* One command: "account add", "sync"... */
typedef struct
{
  const char *name;
  const char *parameters;  /* "PROVIDER NAME", shown in the usage line */
  const char *summary;     /* N_(), one line */
  int       (*run)         (int argc, char **argv);
} CliCommand;

/* Parses @argv (argv[0] is the command name) with @entries; on a usage
 * error prints it with the usage on stderr and returns FALSE. --help
 * prints the help on stdout and exits 0. */
gboolean      _guichet_cli_parse         (const CliCommand   *command,
                                          const GOptionEntry *entries,
                                          int                *argc,
                                          char             ***argv);
/* A usage error: prints @message and the command's usage to stderr. */
int           _guichet_cli_usage_error   (const CliCommand   *command,
                                          const char         *format,
                                          ...) G_GNUC_PRINTF (2, 3);
/* A failure: prints the message (and what to do) to stderr; returns 1. */
int           _guichet_cli_fail          (const GError       *error);
int           _guichet_cli_fail_message  (const char         *format,
                                          ...) G_GNUC_PRINTF (1, 2);

/* Runs a GMainLoop until an async call completes. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} CliWait;

void          _guichet_cli_wait_init     (CliWait            *wait);
void          _guichet_cli_wait_clear    (CliWait            *wait);
void          _guichet_cli_wait_done     (GObject            *source,
                                          GAsyncResult       *result,
                                          gpointer            user_data);
GAsyncResult *_guichet_cli_wait_run      (CliWait            *wait);

/* The store at guichet_store_default_path(), or NULL after printing why. */
GuichetStore   *_guichet_cli_open_store  (void);
/* Before exiting: lets the work still holding the store (tasks in worker
 * threads, their callbacks) finish, so that it closes, and closing copies
 * the write-ahead log back: the database file alone is then complete. */
void            _guichet_cli_close_store (void);
/* The account by name or id, or NULL after printing what to do. */
GuichetAccount *_guichet_cli_find_account (GuichetStore      *store,
                                           const char        *name);
/* The event by id or exact name, or NULL after printing what to do. */
GuichetEvent   *_guichet_cli_find_event  (GuichetStore       *store,
                                          GuichetAccount     *account,
                                          const char         *event);
/* The command's session (made on the first call, on @store; opening the
 * store makes it), and its end: waits for renewed secrets to be kept. */
GuichetSession *_guichet_cli_get_session  (GuichetStore      *store);
void            _guichet_cli_close_session (void);
/* The session's provider for the account, with its secrets from the keyring
 * and kept there when they change (@with_secrets FALSE: a new provider to
 * sign in with). NULL after printing why. */
GuichetProvider *_guichet_cli_create_provider (GuichetAccount *account,
                                               gboolean        with_secrets);
/* TRUE when the provider kind checks in remotely. */
gboolean       _guichet_cli_kind_can_check_in (const char    *kind);
/* TRUE when the provider kind keeps anything in the keyring. */
gboolean       _guichet_cli_kind_has_secrets (const char     *kind);
void           _guichet_cli_test_kill_point  (const char     *step);

/* Output */
void          _guichet_cli_print_json    (JsonNode           *node);
/* A table of plain text: @headers (translated) then rows of strings, with
 * aligned columns (by display width). Each row is a GStrv. */
void          _guichet_cli_print_table   (const char * const *headers,
                                          GPtrArray          *rows);
/* Adds a string member, or null. */
void          _guichet_cli_json_add_string (JsonBuilder      *builder,
                                            const char       *member,
                                            const char       *value);
/* Money on the command line: "5.40" (a dot, at most two decimals) -> 540.
 * FALSE with GUICHET_ERROR_INVALID_INPUT otherwise. */
gboolean      _guichet_cli_parse_money   (const char         *text,
                                          gint64             *minor,
                                          GError            **error);
/* 540 EUR -> "5.40" (guichet_money_to_string()) */
char         *_guichet_cli_format_money  (const GuichetMoney *money);
/* @member: the amount as a JSON number in major units (5.4) */
void          _guichet_cli_json_add_money (JsonBuilder       *builder,
                                           const char        *member,
                                           const GuichetMoney *money);
/* ISO 8601 in UTC from a journal time, seconds since the epoch (NULL for 0). */
char         *_guichet_cli_format_time   (gint64              seconds);
/* Text made safe for a terminal (see guichet-cli-common.c). */
char         *_guichet_cli_escape_text   (const char         *text);
void          _guichet_cli_install_print_handlers (void);

/* The commands */
int           _guichet_cli_account_add       (int argc, char **argv);
int           _guichet_cli_account_list      (int argc, char **argv);
int           _guichet_cli_account_signin    (int argc, char **argv);
int           _guichet_cli_account_remove    (int argc, char **argv);
int           _guichet_cli_sync              (int argc, char **argv);
int           _guichet_cli_events            (int argc, char **argv);
int           _guichet_cli_backup            (int argc, char **argv);
int           _guichet_cli_repair            (int argc, char **argv);
int           _guichet_cli_categories        (int argc, char **argv);
int           _guichet_cli_participants      (int argc, char **argv);
int           _guichet_cli_checkin           (int argc, char **argv);
int           _guichet_cli_orders            (int argc, char **argv);
int           _guichet_cli_issue             (int argc, char **argv);
int           _guichet_cli_export            (int argc, char **argv);
/* Every "discount …" and "voucher …" sub-command (argv[0] names it). */
int           _guichet_cli_discount          (int argc, char **argv);
int           _guichet_cli_undo              (int argc, char **argv);
int           _guichet_cli_journal           (int argc, char **argv);

/* The table of commands (for help and usage lines). */
const CliCommand *_guichet_cli_get_command   (const char *name);

G_END_DECLS
