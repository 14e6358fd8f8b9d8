#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake Weezevent server (tests/fake-weezevent-server).

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The credentials are the
fake's test values (tests/fake-weezevent.h), given on standard input.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BUILD_ROOT = os.environ.get("GUICHET_BUILD_ROOT")
if not BUILD_ROOT:
    print("1..0 # SKIP GUICHET_BUILD_ROOT is not set")
    sys.exit(0)
CLI = os.path.join(BUILD_ROOT, "src", "cli", "guichet-cli")
SERVER = os.path.join(BUILD_ROOT, "tests", "fake-weezevent-server")

# Keep in step with tests/fake-weezevent.h
USERNAME = "organizer@example.invalid"
PASSWORD = "fake-weez-Pa55word-7d1c"
API_KEY = "fake-weez-api-key-81f3"
EVENT = "11435"
N_PARTICIPANTS = 2000
# The resumed-after-SIGKILL run: the provider asks for pages of 500
KILL_PARTICIPANTS = 6000
KILL_PAGE_SIZE = 500

results = []


class Run:
    def __init__(self, args, stdin=""):
        proc = subprocess.run([CLI] + args, input=stdin, capture_output=True,
                              text=True, timeout=600)
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "guichet-cli %s -> %d\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), self.code, self.out[:2000], self.err[:2000])


def cli(*args, stdin=""):
    return Run(list(args), stdin)


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


def walk(nodes, depth=1):
    for node in nodes:
        yield node, depth
        yield from walk(node.get("children", []), depth + 1)


def files_containing(root, needle):
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as f:
                    if needle in f.read():
                        found.append(path)
            except OSError:
                pass
    return found


def barcode(index):
    return "84%011d" % (index + 1)


def main(base_url):
    r = cli("account", "add", "weezevent", "Wrong", "--base-url", base_url,
            "--username", USERNAME, stdin=API_KEY + "\nnot the password\n")
    check("a refused sign-in fails with exit 1", r.code == 1, r)
    check("... and says what to check", "refused the username, password or API key" in r.err, r)

    r = cli("account", "add", "weezevent", "W", "--base-url", base_url,
            "--username", USERNAME, stdin=API_KEY + "\n" + PASSWORD + "\n")
    if not check("account add weezevent", r.code == 0, r):
        return

    r = cli("account", "list", "--json")
    check("account list shows W", r.code == 0 and any(a.get("name") == "W" for a in r.json()), r)

    r = cli("sync", "W")
    if not check("sync", r.code == 0, r):
        return

    r = cli("events", "--account", "W", "--json")
    events = r.json() if r.code == 0 else []
    ids = sorted(e.get("id") for e in events)
    check("events --json lists both events, the one without sales too",
          ids == ["11435", "13824"], r)
    event = next((e for e in events if e.get("id") == EVENT), {})
    check("the event's venue comes from its details",
          event.get("venue") == "Le Zénith, Paris", event)
    check("events carry name and start",
          event.get("name") == "Event 2" and event.get("start", "").startswith("2011-11-27"), event)
    dates = event.get("dates", [])
    check("a multi-date event lists its dates with their tickets (/dates)",
          [d.get("id") for d in dates] == ["138", "139"] and
          dates[0].get("ticket_ids") == ["75632", "75633", "75634"], event)

    r = cli("categories", EVENT, "--account", "W", "--json")
    tree = r.json() if r.code == 0 else []
    check("categories --json", r.code == 0 and len(tree) == 3, r)
    nodes = {n.get("id"): (n, d) for n, d in walk(tree)}
    cat, depth = nodes.get("11745", ({}, 0))
    check("Categorie 1 is a root category", cat.get("kind") == "category" and depth == 1, cat)
    sub, depth = nodes.get("11746", ({}, 0))
    check("Sous Categorie 1 is nested under it",
          depth == 2 and any(c.get("id") == "11746" for c in cat.get("children", [])), sub)
    leaf, depth = nodes.get("65638", ({}, 0))
    check("b4 is a ticket at depth 3", leaf.get("kind") == "ticket" and depth == 3, leaf)
    check("b4's price and sold", leaf.get("price") == 10 and leaf.get("sold") == 190, leaf)
    ext, depth = nodes.get("ABCDE125632", ({}, 0))
    check("the distributor ticket keeps its text id", ext.get("kind") == "ticket" and depth == 1, ext)

    r = cli("participants", EVENT, "--account", "W", "--json")
    people = r.json() if r.code == 0 else []
    check("participants --json lists every participant", len(people) == N_PARTICIPANTS,
          "%d participants\n%r" % (len(people), r))
    by_code = {p.get("barcode"): p for p in people}
    p = by_code.get(barcode(0), {})
    check("a valid participant", p.get("status") == "valid" and p.get("first_name") == "Camille"
          and p.get("ticket_type_id") == "75632" and p.get("checked_in") is False, p)
    check("a deleted participant", by_code.get(barcode(96), {}).get("status") == "deleted",
          by_code.get(barcode(96)))
    check("a refunded participant", by_code.get(barcode(88), {}).get("status") == "refunded",
          by_code.get(barcode(88)))
    check("an unpaid participant", by_code.get(barcode(82), {}).get("status") == "unpaid",
          by_code.get(barcode(82)))
    check("a scanned participant is checked in", by_code.get(barcode(6), {}).get("checked_in") is True,
          by_code.get(barcode(6)))

    # Form answers: those of full=1 are kept at sync; --answers asks
    # /participant/:id/answers again, for a short list only.
    expected = [{"label": "Taille de t-shirt", "value": "M"},
                {"label": "Régime alimentaire", "value": "Végétarien"}]
    check("participants --json carries the answers of the sync",
          by_code.get(barcode(0), {}).get("answers") == expected and
          by_code.get(barcode(1), {}).get("answers") == [], by_code.get(barcode(0)))
    r = cli("participants", EVENT, "--account", "W", "--search", barcode(0), "--answers", "--json")
    found = r.json() if r.code == 0 else []
    check("participants --answers fetches one participant's answers",
          len(found) == 1 and found[0].get("answers") == expected, r)
    r = cli("participants", EVENT, "--account", "W", "--answers")
    check("participants --answers refuses a list too long to ask for one by one",
          r.code == 1 and "--search" in r.err, r)

    r = cli("sync", "W")
    check("a second (incremental) sync", r.code == 0, r)
    r = cli("participants", EVENT, "--account", "W", "--json")
    check("... keeps every participant", r.code == 0 and len(r.json()) == N_PARTICIPANTS, r)

    # Signing in again keeps the account, its data and its id; a refused
    # attempt leaves the working secrets in place.
    before = {a.get("name"): a.get("id") for a in cli("account", "list", "--json").json()}
    r = cli("account", "signin", "W", stdin=API_KEY + "\nnot the password\n")
    check("account signin with a wrong password fails with exit 1", r.code == 1 and
          "refused the username, password or API key" in r.err, r)
    r = cli("sync", "W")
    check("... and the account still syncs with its old token", r.code == 0, r)
    r = cli("account", "signin", "W", stdin=API_KEY + "\n" + PASSWORD + "\n")
    check("account signin with the right password", r.code == 0, r)
    after = {a.get("name"): a.get("id") for a in cli("account", "list", "--json").json()}
    check("... keeps the account and its id", after.get("W") == before.get("W") and after.get("W"),
          (before, after))
    r = cli("participants", EVENT, "--account", "W", "--json")
    check("... and its downloaded participants", r.code == 0 and len(r.json()) == N_PARTICIPANTS, r)
    r = cli("account", "signin", "Nobody", stdin="x\ny\n")
    check("signing in to an unknown account fails with exit 1", r.code == 1, r)

    root = os.environ.get("GUICHET_TEST_DIR")
    if root:
        where = files_containing(root, PASSWORD.encode())
        check("the password is in no file (keyring included)", not where, where)


def open_db_readonly():
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    path = os.path.join(data, "guichet", "guichet.db")
    if not os.path.exists(path):
        return None
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=5)


def db_query(sql, args=()):
    """One row of a read-only query, or None while the database is busy or absent."""
    try:
        db = open_db_readonly()
        if db is None:
            return None
        try:
            return db.execute(sql, args).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None


def start_server(*args):
    server = subprocess.Popen([SERVER] + list(args), stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip()
    return server, url


def logged_pages(path):
    """The pages of EVENT asked for, in order, from the fake's --log."""
    with open(path) as f:
        return [int(line.split()[-1]) for line in f
                if line.startswith("participants event %s page " % EVENT)]


def slowed_down_account(name, participants):
    """A fake server that answers the first page of participants with 429
    and Retry-After: 3, and account @name on it: the server, or None."""
    server, url = start_server("--participants", str(participants), "--slow-down-page", "1",
                               "--retry-after", "3")
    r = cli("account", "add", "weezevent", name, "--base-url", url,
            "--username", USERNAME, stdin=API_KEY + "\n" + PASSWORD + "\n")
    if not check("account add %s" % name, r.code == 0, r):
        server.terminate()
        server.wait()
        return None
    return server


def slowed_down_sync():
    """A platform that asks to wait: the sync says so, then goes on. The
    count down of the wait is left out of a log (standard error is no
    terminal here): one line, not one a second."""
    server = slowed_down_account("Slow", 50)
    if server is None:
        return
    try:
        r = cli("sync", "Slow")
        lines = r.err.splitlines()
        waiting = "Waiting 3 seconds, as Weezevent asked…"
        check("sync says it waits as the platform asked, then goes on",
              r.code == 0 and waiting in lines and
              lines[lines.index(waiting) + 1].startswith("Downloading participants of"), r)
        check("... in one line, its count down left out of the log",
              len([line for line in lines if line.startswith("Waiting ")]) == 1, r)
        r = cli("participants", EVENT, "--account", "Slow", "--json")
        check("... and has every participant", r.code == 0 and len(r.json()) == 50, r)
    finally:
        server.terminate()
        server.wait()


def counted_down_on_terminal():
    """On a terminal, the wait's line counts down in place: up a line,
    cleared, the next second written over it (escapes written as such,
    not as the escaped text every other output gets)."""
    server = slowed_down_account("Tty", 20)
    if server is None:
        return
    try:
        master, slave = os.openpty()
        proc = subprocess.Popen([CLI, "sync", "Tty"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        code = proc.wait(timeout=600)
        up = "\x1b[A\r\x1b[KWaiting 2 seconds, as Weezevent asked…".encode()
        check("on a terminal, the wait counts down in place",
              code == 0 and b"Waiting 3 seconds, as Weezevent asked" in seen and up in seen,
              seen.decode(errors="replace"))
    finally:
        server.terminate()
        server.wait()


def killed_sync_resumes():
    """A sync killed with SIGKILL between two pages resumes where it stopped,
    loses none of the pages it wrote and marks nobody deleted wrongly."""
    log = tempfile.NamedTemporaryFile(prefix="fake-weezevent-", suffix=".log", delete=False)
    log.close()
    server, url = start_server("--participants", str(KILL_PARTICIPANTS),
                               "--delay-ms", "150", "--log", log.name)
    try:
        if not check("slow fake server started", url.startswith("http://127.0.0.1:"), url):
            return
        r = cli("account", "add", "weezevent", "K", "--base-url", url,
                "--username", USERNAME, stdin=API_KEY + "\n" + PASSWORD + "\n")
        if not check("account add K (slow server)", r.code == 0, r):
            return
        row = db_query("SELECT id FROM accounts WHERE name = 'K'")
        if not check("account K is in the database", row is not None, row):
            return
        account_id = row[0]
        count_sql = "SELECT count(*) FROM participants WHERE account_id = ? AND event_id = ?"
        cursor_sql = ("SELECT cursor FROM sync_cursors WHERE account_id = ? AND event_id = ?"
                      " AND run_generation IS NOT NULL")

        sync = subprocess.Popen([CLI, "sync", "K"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = None
        # Bounded: 3000 looks; the run itself takes 12 pages x 150 ms at least
        for _ in range(3000):
            if sync.poll() is not None:
                break
            count = db_query(count_sql, (account_id, EVENT))
            cursor = db_query(cursor_sql, (account_id, EVENT))
            if count is not None and cursor is not None and 0 < count[0] < KILL_PARTICIPANTS:
                seen = count[0]
                break
            time.sleep(0.02)
        killed = sync.poll() is None
        if killed:
            os.kill(sync.pid, signal.SIGKILL)
        sync.wait()
        if not check("the sync was caught mid-run and killed",
                     killed and seen is not None and sync.returncode == -signal.SIGKILL,
                     "seen %r, exit %r\n%s" % (seen, sync.returncode, sync.stderr.read())):
            return
        sync.stderr.close()

        pages_before = len(logged_pages(log.name))
        integrity = db_query("PRAGMA integrity_check")
        check("the killed sync left an intact database", integrity == ("ok",), integrity)
        count = db_query(count_sql, (account_id, EVENT))
        written = count[0] if count else -1
        check("the killed sync left whole pages only",
              0 < written < KILL_PARTICIPANTS and written % KILL_PAGE_SIZE == 0 and written >= seen,
              "%d participants (%r seen before the kill)" % (written, seen))
        cursor = db_query(cursor_sql, (account_id, EVENT))
        check("... and the cursor of an unfinished run", cursor is not None, cursor)

        r = cli("sync", "K")
        check("the sync after the kill succeeds", r.code == 0, r)
        resumed = logged_pages(log.name)[pages_before:]
        check("it resumed after the pages written, not from page 1",
              len(resumed) > 0 and resumed[0] > 1 and
              resumed[0] == written // KILL_PAGE_SIZE + 1,
              "pages asked after the kill: %r (%d written)" % (resumed, written))

        count = db_query(count_sql, (account_id, EVENT))
        check("every participant is there after the resumed sync",
              count is not None and count[0] == KILL_PARTICIPANTS, count)
        r = cli("participants", EVENT, "--account", "K", "--json")
        people = r.json() if r.code == 0 else []
        deleted = sorted(int(p.get("barcode")) - 1 - 84 * 10 ** 11
                         for p in people if p.get("status") == "deleted")
        # tests/fake-weezevent.c: participant i is deleted when i % 97 == 96
        expected = [i for i in range(KILL_PARTICIPANTS) if i % 97 == 96]
        check("participants --json lists them all", len(people) == KILL_PARTICIPANTS,
              "%d participants" % len(people))
        check("only the participants deleted at the provider are marked deleted",
              deleted == expected, "deleted: %r" % deleted[:50])
        check("no run is left unfinished",
              db_query(cursor_sql, (account_id, EVENT)) is None)
    finally:
        server.terminate()
        server.wait()
        os.unlink(log.name)


def keyring_accounts():
    """The account ids of every Guichet item in the keyring, locked or not."""
    found = set()
    # The schema is the application id (meson.build): release or development.
    for schema in ["io.github.guichet.Guichet", "io.github.guichet.Guichet.Devel"]:
        r = subprocess.run(["secret-tool", "search", "--all", "xdg:schema", schema],
                           capture_output=True, text=True)
        found |= set(line.split("=", 1)[1].strip() for line in (r.stdout + r.stderr).splitlines()
                     if line.startswith("attribute.account"))
    return sorted(found)


def killed_account_add(base_url):
    """Issue 12.5: "account add" killed (SIGKILL) at each of its steps leaves
    no secret in the keyring without an account in the database, and what
    it leaves can be removed."""
    for step in ["account-add-saved", "account-add-secrets"]:
        name = "Kill-" + step
        env = dict(os.environ, GUICHET_TEST_KILL_AT=step)
        proc = subprocess.run([CLI, "account", "add", "weezevent", name, "--base-url", base_url,
                               "--username", USERNAME], input=API_KEY + "\n" + PASSWORD + "\n",
                              capture_output=True, text=True, env=env, timeout=600)
        check("account add killed at %s" % step, proc.returncode == -9, proc.returncode)
        rows = db_query("SELECT group_concat(id) FROM accounts")
        ids = (rows[0] or "").split(",") if rows else []
        row = db_query("SELECT id FROM accounts WHERE name = ?", (name,))
        if step == "account-add-secrets":
            check("the secrets were written before the kill at %s" % step,
                  row is not None and row[0] in keyring_accounts(), (row, keyring_accounts()))
        orphans = [a for a in keyring_accounts() if a not in ids]
        check("no orphaned secret after a kill at %s" % step, orphans == [], (orphans, ids))
        r = cli("account", "list", "--json")
        check("the half-added account is listed after a kill at %s" % step,
              r.code == 0 and name in [a["name"] for a in r.json()], r)
        r = cli("account", "remove", name)
        check("the half-added account can be removed after a kill at %s" % step, r.code == 0, r)
        row = db_query("SELECT id FROM accounts WHERE name = ?", (name,))
        check("... and is gone with its secrets", row is None and
              all(a in ids for a in keyring_accounts()), (row, keyring_accounts()))


def locked_keyring():
    """Issue 12.4: with the keyring locked, "account remove" must not say
    "removed" while the secrets stay, and "sync" must not say "sign in
    again". Runs last: it leaves this test's private keyring locked."""
    def gdbus(*args):
        return subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                               "--object-path", "/org/freedesktop/secrets", "--method"] + list(args),
                              capture_output=True, text=True)
    alias = gdbus("org.freedesktop.Secret.Service.ReadAlias", "default")
    path = alias.stdout.strip().split("'")[1] if "'" in alias.stdout else ""
    locked = gdbus("org.freedesktop.Secret.Service.Lock", "['%s']" % path)
    if not check("the keyring's default collection locks", path.startswith("/org/freedesktop/secrets/collection/")
                 and locked.returncode == 0 and path in locked.stdout, (alias, locked)):
        return
    r = cli("sync", "W")
    check("sync with a locked keyring says the keyring is locked (1)",
          r.code == 1 and "keyring is locked" in r.err and "sign in" not in r.err.lower(), r)
    r = cli("account", "remove", "W")
    check("account remove with a locked keyring fails (1), saying to unlock it",
          r.code == 1 and "locked" in r.err and "Unlock" in r.err and "W” removed" not in r.err, r)
    r = cli("account", "list", "--json")
    check("the account stays listed while its secrets are in the keyring",
          r.code == 0 and "W" in [a["name"] for a in r.json()], r)


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--participants", str(N_PARTICIPANTS), "--page-cap", "300"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if check("fake server started", url.startswith("http://127.0.0.1:"), url):
            main(url)
            killed_account_add(url)
    finally:
        server.terminate()
        server.wait()
    # With the platform gone, the cached list still works, but asking it for
    # answers fails clearly: --answers really goes to the platform.
    r = cli("participants", EVENT, "--account", "W", "--search", barcode(0), "--json")
    check("participants work offline, from the store", r.code == 0 and len(r.json()) == 1, r)
    r = cli("participants", EVENT, "--account", "W", "--search", barcode(0), "--answers")
    check("participants --answers with the platform unreachable fails with exit 1",
          r.code == 1 and r.err.strip() != "", r)
    killed_sync_resumes()
    slowed_down_sync()
    counted_down_on_terminal()
    locked_keyring()
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
