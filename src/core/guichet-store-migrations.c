/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include "guichet-store-private.h"

/* Each entry runs in its own transaction, followed by
 * PRAGMA user_version = <its index + 1>. Append only.
 * participants_event_sort and participants_event_email (4 and 10) may be
 * missing from a store: a sync run drops them while it fills a large
 * event and builds them at its end, and a run that was killed leaves
 * them to the next one (guichet-store-participants.c). A later entry
 * that drops or replaces them says IF EXISTS. */
static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE accounts ("
  "  id        TEXT PRIMARY KEY NOT NULL,"
  "  provider  TEXT NOT NULL,"
  "  name      TEXT NOT NULL UNIQUE,"
  "  base_url  TEXT,"
  "  username  TEXT,"
  "  email     TEXT"
  ");"

  "CREATE TABLE events ("
  "  account_id        TEXT NOT NULL,"
  "  id                TEXT NOT NULL,"
  "  name              TEXT,"
  "  start             TEXT,"
  "  \"end\"             TEXT,"
  "  venue             TEXT,"
  "  status            TEXT,"
  "  multiple_dates    INTEGER NOT NULL DEFAULT 0,"
  "  participant_count INTEGER NOT NULL DEFAULT 0,"
  "  currency          TEXT,"
  "  position          INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, id)"
  ");"

  "CREATE TABLE dates ("
  "  account_id  TEXT NOT NULL,"
  "  event_id    TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  start       TEXT,"
  "  \"end\"       TEXT,"
  "  ticket_ids  TEXT," /* one id a line */
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, event_id, id)"
  ");"

  "CREATE TABLE categories ("
  "  account_id  TEXT NOT NULL,"
  "  event_id    TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  parent_id   TEXT,"
  "  kind        TEXT NOT NULL,"
  "  name        TEXT,"
  "  price       REAL NOT NULL DEFAULT 0,"
  "  currency    TEXT,"
  "  quota       INTEGER NOT NULL DEFAULT -1,"
  "  sold        INTEGER NOT NULL DEFAULT 0,"
  "  checked_in  INTEGER NOT NULL DEFAULT 0,"
  "  sale_start  TEXT,"
  "  sale_end    TEXT,"
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, event_id, id)"
  ");"

  "CREATE TABLE participants ("
  "  rowid             INTEGER PRIMARY KEY,"
  "  account_id        TEXT NOT NULL,"
  "  event_id          TEXT NOT NULL,"
  "  id                TEXT NOT NULL,"
  "  date_id           TEXT,"
  "  barcode           TEXT NOT NULL DEFAULT '',"
  "  first_name        TEXT,"
  "  last_name         TEXT,"
  "  email             TEXT,"
  "  ticket_type_id    TEXT,"
  "  ticket_type_name  TEXT,"
  "  status            TEXT NOT NULL DEFAULT 'valid',"
  "  checked_in        INTEGER NOT NULL DEFAULT 0,"
  "  checked_in_at     TEXT,"
  "  order_id          TEXT,"
  "  updated_at        TEXT,"
  "  generation        INTEGER NOT NULL DEFAULT 0,"
  "  sort_key          TEXT NOT NULL DEFAULT ''," /* last, first: folded */
  "  UNIQUE (account_id, event_id, id)"
  ");"
  /* A barcode is unique per event; participants without one are not. */
  "CREATE UNIQUE INDEX participants_barcode"
  "  ON participants (account_id, event_id, barcode) WHERE barcode <> '';"
  "CREATE INDEX participants_barcode_any"
  "  ON participants (account_id, barcode) WHERE barcode <> '';"
  "CREATE INDEX participants_sort"
  "  ON participants (account_id, event_id, sort_key);"
  "CREATE INDEX participants_generation"
  "  ON participants (account_id, event_id, generation);"

  "CREATE TABLE answers ("
  "  account_id      TEXT NOT NULL,"
  "  event_id        TEXT NOT NULL,"
  "  participant_id  TEXT NOT NULL,"
  "  answers_json    TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, event_id, participant_id)"
  ");"

  /* Names and e-mail, accent- and case-insensitive. External content:
   * the text lives once, in participants; the triggers keep the index. */
  "CREATE VIRTUAL TABLE participants_fts USING fts5 ("
  "  first_name, last_name, email,"
  "  content = 'participants', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER participants_fts_insert AFTER INSERT ON participants BEGIN"
  "  INSERT INTO participants_fts (rowid, first_name, last_name, email)"
  "    VALUES (new.rowid, new.first_name, new.last_name, new.email);"
  "END;"
  "CREATE TRIGGER participants_fts_delete AFTER DELETE ON participants BEGIN"
  "  INSERT INTO participants_fts (participants_fts, rowid, first_name, last_name, email)"
  "    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);"
  "END;"
  "CREATE TRIGGER participants_fts_update AFTER UPDATE OF first_name, last_name, email ON "
  "participants"
  "  WHEN old.first_name IS NOT new.first_name"
  "    OR old.last_name IS NOT new.last_name"
  "    OR old.email IS NOT new.email BEGIN"
  "  INSERT INTO participants_fts (participants_fts, rowid, first_name, last_name, email)"
  "    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);"
  "  INSERT INTO participants_fts (rowid, first_name, last_name, email)"
  "    VALUES (new.rowid, new.first_name, new.last_name, new.email);"
  "END;"

  /* The check-in journal: append-only, enforced by the triggers below.
   * Undo and "reached the provider" are facts appended elsewhere. */
  "CREATE TABLE check_ins ("
  "  id              INTEGER PRIMARY KEY,"
  "  account_id      TEXT NOT NULL,"
  "  event_id        TEXT NOT NULL,"
  "  date_id         TEXT,"
  "  code            TEXT NOT NULL,"
  "  participant_id  TEXT,"
  "  time            INTEGER NOT NULL,"
  "  desk            TEXT,"
  "  direction       TEXT NOT NULL,"
  "  verdict         TEXT NOT NULL,"
  "  reason          TEXT"
  ");"
  "CREATE INDEX check_ins_code ON check_ins (account_id, event_id, code);"
  "CREATE INDEX check_ins_event ON check_ins (account_id, event_id, id);"
  "CREATE TRIGGER check_ins_no_update BEFORE UPDATE ON check_ins BEGIN"
  "  SELECT RAISE (ABORT, 'the check-in journal is append-only');"
  "END;"
  "CREATE TRIGGER check_ins_no_delete BEFORE DELETE ON check_ins BEGIN"
  "  SELECT RAISE (ABORT, 'the check-in journal is append-only');"
  "END;"
  "CREATE TABLE check_in_undos ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL"
  ");"
  "CREATE TABLE check_in_sync ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL"
  ");"

  "CREATE TABLE sync_cursors ("
  "  account_id  TEXT NOT NULL,"
  "  event_id    TEXT NOT NULL DEFAULT '',"
  "  cursor      TEXT,"
  "  PRIMARY KEY (account_id, event_id)"
  ");"

  "CREATE TABLE outbox ("
  "  id            INTEGER PRIMARY KEY,"
  "  account_id    TEXT NOT NULL,"
  "  operation     TEXT NOT NULL,"
  "  payload_json  TEXT NOT NULL,"
  "  attempts      INTEGER NOT NULL DEFAULT 0,"
  "  last_error    TEXT,"
  "  created       INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_account ON outbox (account_id, id);"

  "CREATE TABLE discounts ("
  "  account_id       TEXT NOT NULL,"
  "  id               TEXT NOT NULL,"
  "  name             TEXT,"
  "  code             TEXT,"
  "  kind             TEXT NOT NULL,"
  "  amount           INTEGER NOT NULL DEFAULT 0,"
  "  percentage       REAL NOT NULL DEFAULT 0,"
  "  currency         TEXT,"
  "  max_uses         INTEGER NOT NULL DEFAULT -1,"
  "  used             INTEGER NOT NULL DEFAULT 0,"
  "  valid_from       TEXT,"
  "  valid_to         TEXT,"
  "  ticket_type_ids  TEXT," /* one id a line */
  "  position         INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, id)"
  ");"

  "CREATE TABLE vouchers ("
  "  account_id  TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  name        TEXT,"
  "  value       INTEGER NOT NULL DEFAULT 0,"
  "  currency    TEXT,"
  "  code_count  INTEGER NOT NULL DEFAULT 0,"
  "  valid_to    TEXT,"
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, id)"
  ");",

  /* 2: a sync run's generation travels with its cursor, so a run resumed
   * after a kill keeps it (NULL: no unfinished run). */
  "ALTER TABLE sync_cursors ADD COLUMN run_generation INTEGER;",

  /* 3: counting an event's check-ins reads only the checked-in rows. */
  "CREATE INDEX participants_checked_in"
  "  ON participants (account_id, event_id) WHERE checked_in = 1;",

  /* 4: the display order's index is keyed by a small integer per event,
   * not by the account's 36-character id and the event's: its entries
   * are half as long, so a page of random names dirties fewer pages. */
  "CREATE TABLE event_keys ("
  "  key         INTEGER PRIMARY KEY,"
  "  account_id  TEXT NOT NULL,"
  "  event_id    TEXT NOT NULL,"
  "  UNIQUE (account_id, event_id)"
  ");"
  "INSERT INTO event_keys (account_id, event_id)"
  "  SELECT DISTINCT account_id, event_id FROM participants;"
  "ALTER TABLE participants ADD COLUMN event_key INTEGER NOT NULL DEFAULT 0;"
  "UPDATE participants SET event_key = (SELECT k.key FROM event_keys k"
  "  WHERE k.account_id = participants.account_id AND k.event_id = participants.event_id);"
  "DROP INDEX participants_sort;"
  "CREATE INDEX participants_event_sort ON participants (event_key, sort_key);",

  /* 5: the search only asks "which rows hold words starting so": no
   * positions (detail = none) and no sizes for ranking (columnsize = 0),
   * which a sync would otherwise write for every participant. The
   * triggers of schema 1 keep it, as before. */
  "DROP TABLE participants_fts;"
  "CREATE VIRTUAL TABLE participants_fts USING fts5 ("
  "  first_name, last_name, email,"
  "  content = 'participants', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  detail = none, columnsize = 0"
  ");"
  "INSERT INTO participants_fts (participants_fts) VALUES ('rebuild');",

  /* 6: the check-in journal moved to a file of its own (the journal
   * migrations below); guichet-store-journal.c copied it there first. */
  "DROP TABLE check_in_undos;"
  "DROP TABLE check_in_sync;"
  "DROP TABLE check_ins;",

  /* 7: tickets that admit several people (Fourvenues "for"/"enter"). */
  "ALTER TABLE participants ADD COLUMN entries INTEGER NOT NULL DEFAULT 1;",

  /* 8: money as integers (GuichetMoney): a price in the currency's minor
   * units, a percentage in hundredths. The old REAL columns stay, unused;
   * their rows convert with the decimals of guichet-money.c. */
  "ALTER TABLE categories ADD COLUMN price_minor INTEGER NOT NULL DEFAULT 0;"
  "UPDATE categories SET price_minor = CAST (ROUND (price * CASE"
  "  WHEN upper (currency) IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW',"
  "    'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 1"
  "  WHEN upper (currency) IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 1000"
  "  WHEN upper (currency) IN ('CLF', 'UYW') THEN 10000"
  "  ELSE 100 END) AS INTEGER);"
  "ALTER TABLE discounts ADD COLUMN percentage_hundredths INTEGER NOT NULL DEFAULT 0;"
  "UPDATE discounts SET percentage_hundredths = CAST (ROUND (percentage * 100) AS INTEGER);",

  /* 9: one barcode index instead of two, barcode first: it answers "this
   * barcode in this event" (unique), "this barcode elsewhere in the
   * account" and a barcode prefix alike. Barcodes arrive in random
   * order, so each barcode index costs a sync a random page write per
   * participant; at 1,000,000 participants these pages no longer fit in
   * memory. */
  "DROP INDEX participants_barcode;"
  "DROP INDEX participants_barcode_any;"
  "CREATE UNIQUE INDEX participants_barcode"
  "  ON participants (barcode, account_id, event_id) WHERE barcode <> '';",

  /* 10: the participants list sorts by any column in SQL: one index per
   * order, led by the event's key, in the order of sort_terms() of
   * guichet-store-search.c, so the rowids come out of the index sorted.
   * E-mails hardly tie: no name after them. */
  "CREATE INDEX participants_event_email"
  "  ON participants (event_key, email COLLATE NOCASE);"
  "CREATE INDEX participants_event_ticket"
  "  ON participants (event_key, coalesce (nullif (ticket_type_name, ''), ticket_type_id), "
  "sort_key);"
  "CREATE INDEX participants_event_status"
  "  ON participants (event_key, status, sort_key);"
  "CREATE INDEX participants_event_checked_in"
  "  ON participants (event_key, checked_in, checked_in_at, sort_key);",

  /* 11: the first keys typed in the search are one or two letters, which
   * start a good part of the words: FTS5 merged the rows of every word
   * starting so (~60 ms for a letter at 1,000,000 participants, ~30 ms
   * for two); with an index of the 1- and 2-character prefixes it reads
   * one list (~10 ms). The triggers of schema 1 keep it, as before. */
  "DROP TABLE participants_fts;"
  "CREATE VIRTUAL TABLE participants_fts USING fts5 ("
  "  first_name, last_name, email,"
  "  content = 'participants', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  detail = none, columnsize = 0, prefix = '1 2'"
  ");"
  "INSERT INTO participants_fts (participants_fts) VALUES ('rebuild');",

  /* 12: the participants list filters by ticket type: the rows of some
   * types of an event come from this index (its entries, in rowid order
   * within a type, are appended by a sync rather than spread). */
  "CREATE INDEX participants_event_ticket_type"
  "  ON participants (event_key, ticket_type_id);",

  /* 13: where the holder sits (seated events), shown at the door. */
  "ALTER TABLE participants ADD COLUMN seat TEXT;",

  /* 14: the questions of an event's forms the organizer marked as
   * important (by their label): the door shows their answers. Local. */
  "CREATE TABLE important_questions ("
  "  account_id  TEXT NOT NULL,"
  "  event_id    TEXT NOT NULL,"
  "  label       TEXT NOT NULL,"
  "  position    INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, event_id, label)"
  ");",

  /* 15: the ticket type, status and check-in orders come from an index
   * of their key alone and the name order (read_grouped_order() of
   * guichet-store-search.c), not from indexes of the key then the name:
   * a name is random, so each of those cost a sync a random page write
   * per participant, which at 1,000,000 participants no longer fit in
   * memory. Their keys repeat: new rows land at the end of their key's
   * range. The type's index serves its filter too. */
  "DROP INDEX participants_event_ticket;"
  "DROP INDEX participants_event_status;"
  "DROP INDEX participants_event_checked_in;"
  "DROP INDEX participants_event_ticket_type;"
  "CREATE INDEX participants_event_ticket_type"
  "  ON participants (event_key, ticket_type_id, ticket_type_name);"
  "CREATE INDEX participants_event_status"
  "  ON participants (event_key, status);"
  "CREATE INDEX participants_event_checked_in"
  "  ON participants (event_key, checked_in, checked_in_at);",

  /* 16: the recurring series an event belongs to (Ticket Tailor's
   * event_series_id), NULL where the platform has none. */
  "ALTER TABLE events ADD COLUMN series_id TEXT;",

  /* 17: the barcode index is keyed by the event's small key, not by the
   * account's 36-character id and the event's (as in 4): its entries are
   * a third as long. Barcodes arrive in random order, so a sync writes a
   * page of this index for nearly every participant; at 1,000,000
   * participants the smaller index stays in the writer's cache, and a
   * sync's writes ran a quarter faster. Unique per event as before: an
   * event's key and its (account_id, event_id) go together. */
  "DROP INDEX participants_barcode;"
  "CREATE UNIQUE INDEX participants_barcode"
  "  ON participants (barcode, event_key) WHERE barcode <> '';",
};

/* The check-in journal's file (guichet-store-journal.c). Append only. */
static const char * const journal_migrations[] = {
  /* 1: the journal as the main file held it up to schema 5: append-only,
   * enforced by the triggers; undo and "reached the provider" are facts
   * appended beside it. */
  "CREATE TABLE check_ins ("
  "  id              INTEGER PRIMARY KEY,"
  "  account_id      TEXT NOT NULL,"
  "  event_id        TEXT NOT NULL,"
  "  date_id         TEXT,"
  "  code            TEXT NOT NULL,"
  "  participant_id  TEXT,"
  "  time            INTEGER NOT NULL,"
  "  desk            TEXT,"
  "  direction       TEXT NOT NULL,"
  "  verdict         TEXT NOT NULL,"
  "  reason          TEXT"
  ");"
  "CREATE INDEX check_ins_code ON check_ins (account_id, event_id, code);"
  "CREATE INDEX check_ins_event ON check_ins (account_id, event_id, id);"
  "CREATE TRIGGER check_ins_no_update BEFORE UPDATE ON check_ins BEGIN"
  "  SELECT RAISE (ABORT, 'the check-in journal is append-only');"
  "END;"
  "CREATE TRIGGER check_ins_no_delete BEFORE DELETE ON check_ins BEGIN"
  "  SELECT RAISE (ABORT, 'the check-in journal is append-only');"
  "END;"
  "CREATE TABLE check_in_undos ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL"
  ");"
  "CREATE TABLE check_in_sync ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL"
  ");",

  /* 2: remote check-in. "push": the entry is to reach the provider
   * (pending until check_in_sync or check_in_conflicts says otherwise);
   * "local": it never will. A refusal is a fact with the provider's words. */
  "ALTER TABLE check_ins ADD COLUMN remote TEXT NOT NULL DEFAULT 'local';"
  "CREATE TABLE check_in_conflicts ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL,"
  "  message      TEXT"
  ");"
  "CREATE INDEX check_ins_pending ON check_ins (account_id, id) WHERE remote = 'push';",

  /* 3: a push is "in flight" from just before its request leaves: one
   * that is in flight and neither sent nor refused may have reached the
   * provider (its reply lost, or the process killed before journaling
   * it), so it is looked up there before it is sent again. */
  "CREATE TABLE check_in_attempts ("
  "  check_in_id  INTEGER PRIMARY KEY REFERENCES check_ins (id),"
  "  time         INTEGER NOT NULL"
  ");",
};

const char * const *
_guichet_store_get_journal_migrations (guint *n_migrations)
{
  g_assert (n_migrations != NULL);

  *n_migrations = G_N_ELEMENTS (journal_migrations);
  return journal_migrations;
}

const char * const *
_guichet_store_get_migrations (guint *n_migrations)
{
  g_assert (n_migrations != NULL);

  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
