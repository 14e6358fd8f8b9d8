#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The store's files from the outside, through guichet-cli and the demo provider:

- after a CLI run, the database file alone (no -wal beside it) holds the data;
- `backup FILE` while another process writes into the store gives files that
  pass integrity_check and hold the data;
- a store found sound is remembered so (guichet.db-checked) until its file
  changes, and not read whole again;
- 64 KiB of garbage in the middle of the database, which was remembered
  sound: `checkin` exits 1 saying the database is damaged and admits no one,
  however long the check of the store takes; `repair` moves it aside and
  starts a fresh one that keeps the account and the check-in journal.

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BUILD_ROOT = os.environ.get("GUICHET_BUILD_ROOT")
DATA_HOME = os.environ.get("XDG_DATA_HOME")
if not BUILD_ROOT or not DATA_HOME:
    print("1..0 # SKIP GUICHET_BUILD_ROOT or XDG_DATA_HOME is not set")
    sys.exit(0)
CLI = os.path.join(BUILD_ROOT, "src", "cli", "guichet-cli")
WRITER = os.path.join(BUILD_ROOT, "tests", "store-writer-child")
DB = os.path.join(DATA_HOME, "guichet", "guichet.db")
JOURNAL = os.path.join(DATA_HOME, "guichet", "guichet-checkins.db")

results = []


class Run:
    def __init__(self, args, stdin="", env=None):
        proc = subprocess.run([CLI] + args, input=stdin, capture_output=True,
                              text=True, timeout=600, env=env)
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "guichet-cli %s -> %d\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), self.code, self.out[:2000], self.err[:2000])


def cli(*args, stdin="", env=None):
    return Run(list(args), stdin, env)


def check(name, condition, detail=""):
    results.append(bool(condition))
    n = len(results)
    if condition:
        print("ok %d - %s" % (n, name))
    else:
        print("not ok %d - %s" % (n, name))
        for line in str(detail).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return condition


def query(path, sql):
    """Rows of @sql on @path, opened read-only, alone (no write-ahead log)."""
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def integrity(path):
    return query(path, "PRAGMA integrity_check")


def checked_note(path):
    """What guichet.db-checked says of @path now, as the store writes it."""
    st = os.stat(path)
    return "%d %d %d %d.%09d\n" % (st.st_dev, st.st_ino, st.st_size,
                                   st.st_ctime_ns // 10**9, st.st_ctime_ns % 10**9)


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def admissions(code):
    return query(JOURNAL, "SELECT count(*) FROM check_ins WHERE code = '%s'"
                 " AND verdict = 'admitted'" % code)[0][0]


def main():
    scratch = tempfile.mkdtemp()

    r = cli("--help")
    check("--help lists backup and repair", "backup FILE" in r.out and "repair" in r.out, r)
    r = cli("backup", "--help")
    check("backup --help", r.code == 0 and "backup" in r.out, r)
    r = cli("backup")
    check("backup without a file is a usage error (2)", r.code == 2, r)

    check("account add demo", cli("account", "add", "demo", "Demo").code == 0)
    r = cli("sync", "--json")
    check("sync", r.code == 0 and r.json()["ok"] is True, r)
    # The sync's last reference to the store may be a worker thread's: the
    # CLI still closes it (and copies the log back) before exiting.
    check("after a sync, the write-ahead log is empty",
          not os.path.exists(DB + "-wal") or os.path.getsize(DB + "-wal") == 0,
          os.path.getsize(DB + "-wal") if os.path.exists(DB + "-wal") else "")
    account_id = cli("account", "list", "--json").json()[0]["id"]
    people = cli("participants", "demo-festival", "--account", "Demo", "--json").json()
    valid = [p["barcode"] for p in people if p["status"] == "valid" and not p["checked_in"]]
    count = len(people)
    r = cli("checkin", "demo-festival", valid[0], "--account", "Demo")
    check("a check-in before anything goes wrong is admitted", r.code == 0, r)
    check("a store found sound is remembered so, by its file's last change",
          read(DB + "-checked") == checked_note(DB), (read(DB + "-checked"), checked_note(DB)))
    noted = os.stat(DB + "-checked").st_mtime_ns
    r = cli("checkin", "demo-festival", valid[3], "--account", "Demo")
    check("a second run does not check it again", r.code == 0 and
          os.stat(DB + "-checked").st_mtime_ns == noted, r)

    # 1. The database file alone, right after the CLI ran
    alone = os.path.join(scratch, "alone.db")
    shutil.copyfile(DB, alone)
    try:
        rows = query(alone, "SELECT count(*) FROM participants p JOIN event_keys k"
                            " ON k.key = p.event_key WHERE k.event_id = 'demo-festival'")[0][0]
        names = query(alone, "SELECT name FROM accounts")
    except sqlite3.Error as e:
        rows, names = -1, str(e)
    check("after a CLI run, a copy of guichet.db alone holds the participants",
          rows == count and names == [("Demo",)], (rows, count, names))
    check("after a CLI run, the write-ahead log is empty",
          not os.path.exists(DB + "-wal") or os.path.getsize(DB + "-wal") == 0,
          os.path.getsize(DB + "-wal") if os.path.exists(DB + "-wal") else "")

    # 2. A backup while another process writes pages into the store
    writer = subprocess.Popen([WRITER, DB], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        written = 0
        # Two pages written, and the next ones on their way: the store stays
        # small, so that the check at open ends well before a decision.
        while time.monotonic() < deadline and written < 2 * 500:
            time.sleep(0.05)
            written = query(DB, "SELECT count(*) FROM participants WHERE account_id = 'acc'")[0][0]
        copy = os.path.join(scratch, "copy.db")
        r = cli("backup", copy)
        still_writing = writer.poll() is None
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    check("backup while another process writes exits 0", r.code == 0 and still_writing, r)
    copy_journal = os.path.join(scratch, "copy-checkins.db")
    try:
        ok = integrity(copy) == [("ok",)] and integrity(copy_journal) == [("ok",)]
        rows = query(copy, "SELECT count(*) FROM participants WHERE event_id = 'demo-festival'")[0][0]
        pages = query(copy, "SELECT count(*) FROM participants WHERE account_id = 'acc'")[0][0]
        kept = query(copy_journal, "SELECT count(*) FROM check_ins WHERE code = '%s'" % valid[0])[0][0]
        mode = query(copy, "PRAGMA journal_mode")[0][0]
    except sqlite3.Error as e:
        ok, rows, pages, kept, mode = False, str(e), 0, 0, ""
    check("the backup passes integrity_check and holds the data",
          ok and rows == count and pages > 0 and pages % 500 == 0 and kept == 1,
          (ok, rows, count, pages, kept))
    check("the backup stands alone (no write-ahead log)", mode == "delete" and
          not os.path.exists(copy + "-wal"), mode)

    # 3. Damage: 64 KiB of garbage in the middle of the closed database.
    # A CLI run first copies back what the killed writer left in the log.
    check("a run after the writer's kill", cli("events").code == 0)
    check("the log is empty before the damage",
          not os.path.exists(DB + "-wal") or os.path.getsize(DB + "-wal") == 0)
    # (a checkin waits for the check at open; a shorter run cuts it short)
    r = cli("checkin", "demo-festival", valid[0], "--account", "Demo")
    check("a run that finds the store sound", r.code == 3 and
          read(DB + "-checked") == checked_note(DB), r)
    size = os.path.getsize(DB)
    with open(DB, "r+b") as f:
        f.seek(size // 2 // 4096 * 4096)
        f.write(os.urandom(64 * 1024))
    try:
        damaged = integrity(DB) != [("ok",)]
    except sqlite3.DatabaseError:
        damaged = True
    check("the garbage damages the database", damaged)

    before = admissions(valid[1])
    # The check at open made as slow as a large store's (1.5 s): the door
    # waits for it, and decides nothing before it ends.
    slow = dict(os.environ, GUICHET_TEST_CHECK_DELAY_MS="1500")
    r = cli("checkin", "demo-festival", valid[1], "--account", "Demo", "--json", env=slow)
    check("checkin in a damaged store exits 1, says so and how to repair",
          r.code == 1 and r.out == "" and "damaged" in r.err and "guichet-cli repair" in r.err, r)
    check("... and admits no one", admissions(valid[1]) == before == 0)
    check("... and forgets that it was found sound", read(DB + "-checked") is None)

    r = cli("sync")
    check("sync into a damaged store fails (1)", r.code == 1 and "damaged" in r.err, r)

    # 4. Repair
    entries = query(JOURNAL, "SELECT count(*) FROM check_ins")[0][0]
    r = cli("repair")
    moved = [n for n in os.listdir(os.path.dirname(DB)) if ".damaged-" in n]
    check("repair moves the damaged file aside and says what it kept",
          r.code == 0 and "guichet.db.damaged-" in r.err and "1 account" in r.err and
          "guichet.db.damaged-" in " ".join(moved), r)
    check("the repaired store passes integrity_check", integrity(DB) == [("ok",)])
    r = cli("account", "list", "--json")
    check("the account survives the repair, with its id (its secrets stay its own)",
          r.code == 0 and [(a["name"], a["id"]) for a in r.json()] == [("Demo", account_id)], r)
    check("the journal survives the repair",
          query(JOURNAL, "SELECT count(*) FROM check_ins")[0][0] == entries >= 1)
    r = cli("repair")
    check("repair of a sound store does nothing", r.code == 0 and "nothing to repair" in r.err, r)

    r = cli("sync")
    check("sync after the repair", r.code == 0, r)
    r = cli("checkin", "demo-festival", valid[0], "--account", "Demo", "--json")
    check("the check-in made before the damage still counts",
          r.code == 3 and r.json()["verdict"] == "already_checked_in", r)
    r = cli("checkin", "demo-festival", valid[1], "--account", "Demo", "--json")
    check("the door decides again", r.code == 0 and r.json()["verdict"] == "admitted", r)

    # 5. A damaged journal: the readable check-ins are kept
    n_before = query(JOURNAL, "SELECT count(*) FROM check_ins")[0][0]
    with open(JOURNAL, "r+b") as f:
        f.seek(0)
        f.write(b"\0" * 100)  # the header: no longer a database
    r = cli("checkin", "demo-festival", valid[2], "--account", "Demo")
    check("checkin with a damaged journal exits 1", r.code == 1 and "damaged" in r.err, r)
    r = cli("repair")
    check("repair of a damaged journal moves it aside",
          r.code == 0 and "guichet-checkins.db.damaged-" in r.err, r)
    check("a fresh journal", integrity(JOURNAL) == [("ok",)] and
          query(JOURNAL, "SELECT count(*) FROM check_ins")[0][0] <= n_before)

    shutil.rmtree(scratch)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
