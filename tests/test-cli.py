#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of guichet-cli against the demo provider.

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails.
"""

import json
import os
import subprocess
import sys
import unicodedata

BUILD_ROOT = os.environ.get("GUICHET_BUILD_ROOT")
if not BUILD_ROOT:
    print("1..0 # SKIP GUICHET_BUILD_ROOT is not set")
    sys.exit(0)
CLI = os.path.join(BUILD_ROOT, "src", "cli", "guichet-cli")

COMMANDS = ["account add", "account list", "account signin", "account remove", "sync", "events",
            "categories", "participants", "checkin", "undo", "journal", "discount", "voucher",
            "issue", "export"]

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


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def walk(nodes, depth=1):
    """Yields (node, depth) over a categories tree."""
    for node in nodes:
        yield node, depth
        yield from walk(node.get("children", []), depth + 1)


def main():
    # Help and usage
    r = cli("--help")
    check("--help exits 0", r.code == 0, r)
    check("--help lists every command",
          all(c in r.out for c in COMMANDS),
          [c for c in COMMANDS if c not in r.out])
    check("--help has no line ending in a space",
          not any(line != line.rstrip() for line in r.out.splitlines()),
          [line for line in r.out.splitlines() if line != line.rstrip()])
    for command in ["account add", "sync", "checkin", "participants"]:
        r = cli(*command.split(), "--help")
        check("%s --help exits 0 with its usage" % command,
              r.code == 0 and command in r.out, r)

    r = cli()
    check("no command is a usage error (2)", r.code == 2 and r.out == "" and "Usage" in r.err, r)
    r = cli("frobnicate")
    check("unknown command is a usage error (2)", r.code == 2 and "frobnicate" in r.err, r)
    r = cli("events", "--no-such-option")
    check("unknown option is a usage error (2)", r.code == 2 and r.out == "", r)
    r = cli("checkin", "demo-festival", "123")
    check("checkin without --account is a usage error (2)", r.code == 2, r)
    r = cli("account", "add", "no-such-platform", "X")
    check("unknown provider is a usage error (2)", r.code == 2 and "no-such-platform" in r.err, r)

    r = cli("export", "demo-festival", "--account", "Demo")
    check("export without --csv is a usage error (2)", r.code == 2 and "--csv" in r.err, r)
    r = cli("discount")
    check("discount without a sub-command is a usage error (2)", r.code == 2 and "sub-command" in r.err, r)
    r = cli("voucher", "list")
    check("voucher list without --account is a usage error (2)",
          r.code == 2 and "--account is required" in r.err, r)
    r = cli("discount", "list", "--account", "Nobody")
    check("discount list of an unknown account fails (1)", r.code == 1 and "No account" in r.err, r)
    r = cli("issue", "demo-festival")
    check("issue without --account is a usage error (2)",
          r.code == 2 and "--account is required" in r.err, r)

    # Accounts
    r = cli("account", "list", "--json")
    check("no accounts at first", r.code == 0 and r.json() == [], r)

    r = cli("account", "add", "demo", "Insecure", "--base-url", "http://demo.invalid/")
    check("plain http base URL refused (1)", r.code == 1, r)

    # Credentials in the address would land in SQLite and in "account list".
    r = cli("account", "add", "demo", "UserInfo", "--base-url", "https://jo:hunter2@demo.invalid/")
    check("base URL with user info refused (1) without echoing the password",
          r.code == 1 and "user name or password" in r.err and
          "hunter2" not in r.out + r.err, r)
    r = cli("account", "add", "demo", "Query", "--base-url", "https://demo.invalid/api?key=1")
    check("base URL with a query refused (1)", r.code == 1 and "?" in r.err, r)
    r = cli("account", "add", "demo", "Fragment", "--base-url", "https://demo.invalid/api#x")
    check("base URL with a fragment refused (1)", r.code == 1 and "#" in r.err, r)
    r = cli("account", "list", "--json")
    check("no account after refused base URLs", r.code == 0 and r.json() == [], r)
    r = cli("account", "add", "demo", "Slash", "--base-url", " https://demo.invalid/api// ")
    check("base URL with trailing slashes accepted", r.code == 0, r)
    r = cli("account", "list", "--json")
    check("trailing slashes are removed from the stored base URL",
          r.code == 0 and [a.get("base_url") for a in r.json()] == ["https://demo.invalid/api"], r)
    r = cli("account", "remove", "Slash")
    check("account remove Slash", r.code == 0, r)

    # Secrets on standard input, with a platform that asks for them (once
    # registered). Nothing listens on 127.0.0.1:9: sign-in fails, and the
    # account must not be added.
    if "weezevent" in cli("--help").out:
        r = cli("account", "add", "weezevent", "W", "--base-url", "http://127.0.0.1:9")
        check("weezevent without --username is a usage error (2)", r.code == 2, r)
        r = cli("account", "add", "weezevent", "W", "--username", "u",
                "--base-url", "http://127.0.0.1:9", stdin="")
        check("missing secrets on stdin fail (1)", r.code == 1 and "api_key" in r.err, r)
        r = cli("account", "add", "weezevent", "W", "--username", "u",
                "--base-url", "http://127.0.0.1:9", stdin="not-a-key\nnot-a-password\n")
        check("failed sign-in fails (1) without echoing secrets",
              r.code == 1 and "not-a-key" not in r.out + r.err and
              "not-a-password" not in r.out + r.err, r)
        r = cli("account", "list", "--json")
        check("no account after a failed sign-in", r.code == 0 and r.json() == [], r)

    r = cli("account", "add", "demo", "Demo")
    check("account add demo", r.code == 0, r)
    r = cli("account", "add", "demo", "Demo")
    check("account names are unique (1)", r.code == 1 and "Demo" in r.err, r)

    r = cli("account", "list", "--json")
    accounts = r.json() if r.code == 0 else []
    check("account list --json", r.code == 0 and len(accounts) == 1 and
          accounts[0]["name"] == "Demo" and accounts[0]["provider"] == "demo" and
          accounts[0]["id"], r)
    r = cli("account", "list")
    check("account list prints a table", r.code == 0 and "Demo" in r.out and "Name" in r.out, r)

    r = cli("events", "--json")
    check("no events before sync", r.code == 0 and r.json() == [], r)

    # Sync
    r = cli("sync", "--json")
    summary = r.json() if r.code == 0 else {}
    first = (summary.get("accounts") or [{}])[0]
    check("sync --json", r.code == 0 and summary.get("ok") is True and
          first.get("account") == "Demo" and first.get("ok") is True and
          first.get("events") == 3 and first.get("participants_written", 0) >= 1800, r)
    check("sync reports progress on stderr", r.err.strip() != "", r)

    r = cli("sync", "Demo", "--json")
    check("second sync of one account", r.code == 0 and r.json()["ok"] is True, r)

    r = cli("sync", "Nobody")
    check("sync of an unknown account fails (1)", r.code == 1 and "Nobody" in r.err, r)

    # Events
    r = cli("events", "--json")
    events = r.json() if r.code == 0 else []
    keys = {"account", "id", "name", "start", "end", "venue", "status"}
    check("events --json: 3 events with the contract's keys",
          len(events) == 3 and all(keys <= set(e) for e in events) and
          all(e["account"] == "Demo" for e in events), r)
    r = cli("events", "--account", "Demo")
    check("events prints a table", r.code == 0 and "Venue" in r.out and
          all(e["name"] in r.out for e in events), r)
    by_id = {e["id"]: e for e in events}
    festival = "demo-festival" if "demo-festival" in by_id else (events[0]["id"] if events else "")
    check("only the multi-date event lists dates",
          sorted(len(e.get("dates", [])) for e in events) == [0, 0, 3] and
          all(e["multiple_dates"] == (len(e["dates"]) > 0) for e in events), r)

    # Categories
    r = cli("categories", festival, "--account", "Demo", "--json")
    tree = r.json() if r.code == 0 else []
    nodes = list(walk(tree))
    ckeys = {"id", "name", "kind", "price", "currency", "quota", "sold", "children"}
    check("categories --json is a nested tree",
          r.code == 0 and nodes and max(d for _, d in nodes) >= 3 and
          all(ckeys <= set(n) for n, _ in nodes) and
          all(n["kind"] in ("category", "ticket") for n, _ in nodes) and
          all(n["children"] == [] for n, _ in nodes if n["kind"] == "ticket"), r)
    pass3 = next((n for n, _ in nodes if n.get("name") == "Three-day pass"), {})
    check("a price in major units and exactly in minor units",
          pass3.get("price") == 89 and pass3.get("price_minor") == 8900 and
          pass3.get("currency") == "EUR", pass3)
    r = cli("categories", "Festival des Lumières", "--account", "Demo")
    check("categories by event name, as a table", r.code == 0 and "Sold" in r.out, r)
    r = cli("categories", "no-such-event", "--account", "Demo", "--json")
    check("categories of an unknown event fails (1)", r.code == 1 and r.out == "", r)

    # Participants
    r = cli("participants", festival, "--account", "Demo", "--json")
    people = r.json() if r.code == 0 else []
    pkeys = {"id", "barcode", "first_name", "last_name", "email", "ticket_type_id",
             "status", "checked_in"}
    check("participants --json",
          r.code == 0 and len(people) == by_id.get(festival, {}).get("participant_count", -1) and
          all(pkeys <= set(p) for p in people) and
          all(p["status"] in ("valid", "voided", "refunded", "unpaid", "deleted") for p in people) and
          all(isinstance(p["checked_in"], bool) for p in people), r)
    check("participants: barcodes unique",
          len({p["barcode"] for p in people}) == len(people), "")

    accented = next((p for p in people if p["first_name"] == "Hélène"), None)
    check("the demo has a Hélène", accented is not None, "")
    if accented:
        r = cli("participants", festival, "--account", "Demo", "--search", "Hélène", "--json")
        found = r.json() if r.code == 0 else []
        check("search with an accented name",
              r.code == 0 and accented["id"] in [p["id"] for p in found] and
              len(found) < len(people) and
              all("helene" in fold(p["first_name"] + " " + p["last_name"] + " " + p["email"])
                  for p in found), r)
        r = cli("participants", festival, "--account", "Demo", "--search", "helene", "--json")
        found = r.json() if r.code == 0 else []
        check("search ignores accents", accented["id"] in [p["id"] for p in found], r)

    r = cli("participants", festival, "--account", "Demo", "--search", "Hélène")
    check("participants prints a table", r.code == 0 and "Last name" in r.out and
          "Hélène" in r.out, r)

    # Check-in
    valid = [p for p in people if p["status"] == "valid" and not p["checked_in"]]
    target = valid[0] if valid else {"barcode": "0", "id": ""}
    r = cli("checkin", festival, target["barcode"], "--account", "Demo", "--json")
    out = r.json() if r.code in (0, 3) else {}
    check("checkin admits a valid ticket (0)",
          r.code == 0 and out.get("verdict") == "admitted" and
          out.get("participant", {}).get("id") == target["id"], r)

    r = cli("checkin", festival, target["barcode"], "--account", "Demo", "--json")
    out = r.json() if r.code in (0, 3) else {}
    check("the same code again: already_checked_in (3)",
          r.code == 3 and out.get("verdict") == "already_checked_in" and
          out.get("previous", {}).get("time"), r)

    r = cli("checkin", festival, target["barcode"], "--account", "Demo")
    check("human checkin output says already checked in", r.code == 3 and r.out.strip() != "", r)

    r = cli("participants", festival, "--account", "Demo", "--search", target["barcode"], "--json")
    found = r.json() if r.code == 0 else []
    check("participants show the local admission",
          any(p["id"] == target["id"] and p.get("admitted_here") is True for p in found), r)

    r = cli("checkin", festival, "000000000000999", "--account", "Demo", "--json")
    out = r.json() if r.code == 3 else {}
    check("unknown code: verdict unknown (3)", r.code == 3 and out.get("verdict") == "unknown", r)

    voided = next((p for p in people if p["status"] == "voided"), None)
    if check("the demo has a voided ticket", voided is not None, ""):
        r = cli("checkin", festival, voided["barcode"], "--account", "Demo", "--json")
        out = r.json() if r.code == 3 else {}
        check("voided ticket refused with reason void (3)",
              r.code == 3 and out.get("verdict") == "refused" and out.get("reason") == "void", r)
        r = cli("checkin", festival, voided["barcode"], "--account", "Demo")
        check("human output says refused", r.code == 3 and "Refused" in r.out, r)

    already = next((p for p in people if p["status"] == "valid" and p["checked_in"]), None)
    if check("the demo has tickets scanned elsewhere", already is not None, ""):
        r = cli("checkin", festival, already["barcode"], "--account", "Demo", "--json")
        out = r.json() if r.code == 3 else {}
        check("ticket scanned on the platform: already_checked_in (3)",
              r.code == 3 and out.get("verdict") == "already_checked_in", r)

    if len(valid) > 1:
        other = valid[1]
        gate = next((n["id"] for n, _ in nodes
                     if n["kind"] == "ticket" and n["id"] != other["ticket_type_id"]), "x")
        r = cli("checkin", festival, other["barcode"], "--account", "Demo", "--gate", gate, "--json")
        out = r.json() if r.code == 3 else {}
        check("gate refuses other ticket types (3)",
              r.code == 3 and out.get("verdict") == "refused" and out.get("reason") == "gate", r)
        r = cli("checkin", festival, other["barcode"], "--account", "Demo",
                "--gate", gate, "--gate", other["ticket_type_id"], "--json")
        check("gate admits its ticket types (0)", r.code == 0 and r.json()["verdict"] == "admitted", r)

    concert = next((e["id"] for e in events if e["id"] != festival), None)
    if concert and valid:
        r = cli("checkin", concert, valid[-1]["barcode"], "--account", "Demo", "--json")
        out = r.json() if r.code == 3 else {}
        check("another event's ticket: refused wrong_event (3)",
              r.code == 3 and out.get("verdict") == "refused" and out.get("reason") == "wrong_event", r)

    # Exit, undo and the journal (DESIGN.md contract)
    if len(valid) > 3:
        code = valid[3]["barcode"]
        r = cli("checkin", festival, code, "--account", "Demo", "--desk", "Door 7", "--json")
        check("checkin --desk admits and names the desk (0)",
              r.code == 0 and r.json().get("desk") == "Door 7" and r.json().get("remote") == "sent", r)
        r = cli("checkin", festival, code, "--account", "Demo", "--desk", "Door 7", "--exit", "--json")
        out = r.json() if r.code == 0 else {}
        check("checkin --exit scans out (0)",
              out.get("verdict") == "admitted" and out.get("direction") == "out", r)
        r = cli("checkin", festival, "\r\n" + code + "\t", "--account", "Demo", "--desk", "Door 7", "--json")
        out = r.json() if r.code == 0 else {}
        check("back in after an exit; the scanner's CR/LF/Tab are trimmed (0)",
              out.get("verdict") == "admitted" and out.get("code") == code, r)
        r = cli("undo", festival, code, "--account", "Demo", "--desk", "Elsewhere")
        check("undo from another desk: nothing to undo (1)", r.code == 1, r)
        r = cli("undo", festival, code, "--account", "Demo", "--desk", "Door 7")
        check("undo annuls this desk's last admission (0)", r.code == 0 and r.out.strip(), r)
        r = cli("undo", festival, code, "--account", "Demo", "--desk", "Door 7")
        check("undo again annuls the admission before it (0)", r.code == 0, r)
        r = cli("undo", festival, code, "--account", "Demo", "--desk", "Door 7")
        check("then there is nothing left to undo (1)", r.code == 1 and "undo" in r.err, r)
        r = cli("journal", festival, "--account", "Demo", "--desk", "Door 7", "--json")
        entries = r.json() if r.code == 0 else []
        keys = {"code", "at", "desk", "direction", "verdict", "reason", "remote", "annulled"}
        check("journal --json: this desk's scans, newest first, with the contract's keys",
              r.code == 0 and len(entries) == 3 and all(keys <= set(e) for e in entries) and
              [e["direction"] for e in entries] == ["in", "out", "in"] and
              entries[0]["annulled"] is True and all(e["desk"] == "Door 7" for e in entries) and
              entries[1]["annulled"] is False and entries[2]["annulled"] is True and
              all(e["remote"] == "sent" for e in entries), r)
        r = cli("journal", festival, "--account", "Demo", "--desk", "Nobody", "--json")
        check("journal of a desk with no scans is empty", r.code == 0 and r.json() == [], r)
        r = cli("journal", festival, "--account", "Demo", "--desk", "Door 7")
        check("journal prints a table", r.code == 0 and code in r.out, r)
        r = cli("checkin", festival, "   ", "--account", "Demo", "--json")
        check("an empty code is refused invalid_code (3)",
              r.code == 3 and r.json().get("reason") == "invalid_code", r)
        r = cli("checkin", festival, code, "--account", "Demo", "--date", "no-such-date", "--json")
        check("--date is accepted (a festival ticket without a date still passes)",
              r.code in (0, 3) and r.json().get("verdict") in ("admitted", "already_checked_in",
                                                              "refused"), r)

    # Output hygiene: whatever a code or a name holds, JSON output is valid
    # UTF-8 and the terminal never receives a control character.
    raw = subprocess.run([CLI.encode(), b"checkin", festival.encode(), b"\xff\xfeAB\x1b[31m\x9b",
                          b"--account", b"Demo", b"--json"], capture_output=True, timeout=600)
    try:
        out = json.loads(raw.stdout.decode("utf-8"))
    except ValueError as e:
        out = {"error": str(e)}
    check("checkin --json of invalid UTF-8: valid JSON, refused invalid_code (3)",
          raw.returncode == 3 and out.get("verdict") == "refused" and
          out.get("reason") == "invalid_code" and b"\x1b" not in raw.stdout,
          "%d %r %r" % (raw.returncode, raw.stdout[:300], out))

    hostile = "AB\x1b[2J\x1b]0;owned\x07\rX\x7f\u009b"
    r = cli("checkin", festival, hostile, "--account", "Demo")
    text = r.out + r.err
    check("human checkin output escapes control characters",
          r.code == 3 and not any(c in text for c in "\x1b\x07\r\x7f\u009b") and
          "\\u001b[2J" in r.out, repr(text))
    r = cli("checkin", festival, hostile, "--account", "Demo", "--json")
    check("checkin --json escapes control characters",
          r.code == 3 and "\x1b" not in r.out and r.json().get("reason") == "invalid_code", r)

    r = cli("account", "add", "demo", "Evil\x1b[31m")
    r = cli("account", "list")
    check("account list escapes control characters in names",
          r.code == 0 and "\x1b" not in r.out and "Evil\\u001b[31m" in r.out, repr(r.out))
    cli("account", "remove", "Evil\x1b[31m")

    huge = "A" * 131000
    r = cli("checkin", festival, huge, "--account", "Demo", "--json")
    out = r.json() if r.code == 3 else {}
    check("a 131,000-character code is refused invalid_code (3)",
          out.get("verdict") == "refused" and out.get("reason") == "invalid_code", r)
    journal = os.path.join(os.environ.get("XDG_DATA_HOME", os.path.expanduser("~/.local/share")),
                           "guichet", "guichet-checkins.db")
    import sqlite3
    with sqlite3.connect(journal) as db:
        longest = db.execute("SELECT code FROM check_ins ORDER BY length(code) DESC LIMIT 1").fetchone()
    check("the journal keeps at most 256 characters of a code, and a marker",
          longest is not None and len(longest[0]) == 257 and longest[0] == "A" * 256 + "…",
          longest and len(longest[0]))
    check("checkin --json echoes what the journal kept",
          len(out.get("code", "")) == 257, len(out.get("code", "")))

    # Export (DESIGN.md): RFC 4180 in UTF-8, a header row, one row per
    # participant in the store, formula-looking text cells as text.
    ticket = next((n["id"] for n, _ in nodes if n["kind"] == "ticket"), "")
    r = cli("issue", festival, "--account", "Demo", "--ticket-type", ticket,
            "--name", '=HYPERLINK("http://x") Quoté, Jr', "--email", "+evil@example.org", "--json")
    issued = r.json() if r.code == 0 else {}
    check("issue a ticket to a formula-looking name", r.code == 0 and issued.get("barcode"), r)
    r = cli("participants", festival, "--account", "Demo", "--json")
    people = r.json() if r.code == 0 else []
    workdir = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    path = os.path.join(workdir, "guichet-export-test.csv")
    r = cli("export", festival, "--account", "Demo", "--csv", path)
    check("export writes the file (0)", r.code == 0 and os.path.exists(path) and
          str(len(people)) in r.err, r)
    import csv
    with open(path, "rb") as f:
        raw = f.read()
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    header = rows[0] if rows else []
    check("export: a header row with the contract's names",
          {"id", "barcode", "first_name", "last_name", "email", "ticket_type_id",
           "status", "checked_in"} <= set(header), header)
    records = [dict(zip(header, row)) for row in rows[1:]]
    check("export: one row per participant, every field",
          len(records) == len(people) and
          sorted(p["id"] for p in people) == sorted(r_["id"] for r_ in records) and
          all(len(row) == len(header) for row in rows), "%d rows, %d people" % (len(records), len(people)))
    check("export: records end with CRLF", raw.endswith(b"\r\n") and
          raw.count(b"\r\n") >= len(rows), raw[-80:])
    by_csv = {r_["id"]: r_ for r_ in records}

    def as_text(value):
        value = value or ""
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    check("export: the same values as participants --json (formulas as text)",
          all(by_csv.get(p["id"], {}).get(k) == as_text(p[k])
              for p in people for k in ("barcode", "first_name", "last_name", "email", "status")),
          [(p["id"], k, p[k], by_csv.get(p["id"], {}).get(k)) for p in people
           for k in ("barcode", "first_name", "last_name", "email", "status")
           if by_csv.get(p["id"], {}).get(k) != as_text(p[k])][:5])
    mine = by_csv.get(issued.get("id"), {})
    check("export: a formula-looking name starts with an apostrophe",
          mine.get("first_name", "").startswith("'=HYPERLINK(\"http://x\")") and
          mine.get("email") == "'+evil@example.org", mine)
    check("export: voided and other statuses kept",
          {p["status"] for p in people} == {r_["status"] for r_ in records} and
          "voided" in {r_["status"] for r_ in records}, "")
    check("export: accented names intact", any(r_["first_name"] == "Hélène" for r_ in records), "")
    r = cli("export", festival, "--account", "Demo", "--csv",
            os.path.join(workdir, "no-such-folder", "x.csv"))
    check("export into a missing folder fails (1) and names the file",
          r.code == 1 and "x.csv" in r.err, r)
    os.unlink(path)

    # Removal
    r = cli("account", "remove", "Demo")
    check("account remove", r.code == 0, r)
    r = cli("account", "list", "--json")
    check("no accounts after removal", r.code == 0 and r.json() == [], r)
    r = cli("events", "--json")
    check("no events after removal", r.code == 0 and r.json() == [], r)
    r = cli("account", "remove", "Demo")
    check("removing it again fails (1)", r.code == 1, r)

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
