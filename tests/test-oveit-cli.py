#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake Oveit API (tests/fake-oveit-server), offline
and back.

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The token is the
fake's test values (tests/fake-oveit.h), given on standard input.
"""

import json
import os
import signal
import subprocess
import sys

BUILD_ROOT = os.environ.get("GUICHET_BUILD_ROOT")
if not BUILD_ROOT:
    print("1..0 # SKIP GUICHET_BUILD_ROOT is not set")
    sys.exit(0)
CLI = os.path.join(BUILD_ROOT, "src", "cli", "guichet-cli")
SERVER = os.path.join(BUILD_ROOT, "tests", "fake-oveit-server")

# Keep in step with tests/fake-oveit.h and fake-oveit.c
EMAIL = "boxoffice@example.invalid"
PASSWORD = "fake-oveit-Pa55-c0d3"
EVENT = "100"
N_TICKETS = 70


def code(index):
    return "%08x" % ((0x39fa317d + index * 7919) & 0xffffffff)


def checked_in(index):
    return index % 9 == 8


def control(base_url, path):
    import urllib.request
    request = urllib.request.Request(base_url + path, method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as reply:
        return reply.status


results = []


class Run:
    def __init__(self, args, stdin=""):
        proc = subprocess.run([CLI] + args, input=stdin, capture_output=True,
                              text=True, timeout=300)
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
    print("%s %d - %s" % ("ok" if condition else "not ok", n, name))
    if not condition:
        for line in str(detail).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return condition


def fake_log(base_url):
    import urllib.request
    with urllib.request.urlopen(base_url + "/__fake/requests", timeout=30) as reply:
        return json.loads(reply.read().decode())


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


def journal(code_):
    r = cli("journal", EVENT, "--account", "O", "--json")
    return [e for e in (r.json() if r.code == 0 else []) if e.get("code") == code_]


def main(base_url, server):
    r = cli("--help")
    check("--help lists oveit", "oveit" in r.out, r)

    r = cli("account", "add", "oveit", "Wrong", "--base-url", base_url, "--email", EMAIL,
            stdin="not the password\n")
    check("a refused password fails with exit 1 (Oveit says so with HTTP 200)",
          r.code == 1 and "Oveit refused this e-mail address and password" in r.err, r)

    r = cli("account", "add", "oveit", "O", "--base-url", base_url, "--email", EMAIL, stdin=PASSWORD + "\n")
    if not check("account add oveit", r.code == 0, r):
        return
    log = fake_log(base_url)
    check("every call is a POST", log and all(q["method"] == "POST" for q in log), log[:3])

    r = cli("sync", "O")
    if not check("sync", r.code == 0, r):
        return
    r = cli("events", "--account", "O", "--json")
    events = {e.get("id"): e for e in (r.json() if r.code == 0 else [])}
    check("events: the perpetual one without a start, the concert with its",
          sorted(events) == ["100", "99"] and not events["99"].get("start") and
          events["100"].get("start", "").startswith("2016-08-24T01:30:00"), r)
    r = cli("categories", EVENT, "--account", "O", "--json")
    tree = r.json() if r.code == 0 else []
    vip = next((c for c in tree if c.get("id") == "123"), {})
    check("ticket types with their text prices as money, addons as children",
          vip.get("price") in (100, 100.0, "100.00") and vip.get("currency") == "USD" and
          [c.get("name") for c in vip.get("children", [])] == ["Backstage", "Parking"], r)
    r = cli("participants", EVENT, "--account", "O", "--json")
    people = {p.get("barcode"): p for p in (r.json() if r.code == 0 else [])}
    check("participants: every code, with names from the attendees",
          len(people) == N_TICKETS and people.get(code(0), {}).get("first_name") == "Ioana", r)
    pages = [q for q in fake_log(base_url) if q["path"] == "/api/events/attendees" and
             "id=100&" in (q["body"] or "") + "&"]
    check("attendees were read by since= until a page added nothing",
          len(pages) == 3 and "since=" not in (pages[0]["body"] or "") and
          ("since=" + code(49)) in pages[1]["body"], [p["body"] for p in pages])

    r = cli("checkin", EVENT, code(0), "--account", "O", "--json")
    check("checkin admits and Oveit records it (remote sent)",
          r.code == 0 and r.json().get("verdict") == "admitted" and r.json().get("remote") == "sent", r)
    r = cli("checkin", EVENT, code(8), "--account", "O", "--json")
    check("a code checked in on the platform already is already_checked_in",
          r.code == 3 and r.json().get("verdict") == "already_checked_in" and checked_in(8), r)

    # Offline: the fake stops; the door decides from the cache within its deadline
    os.kill(server.pid, signal.SIGSTOP)
    try:
        r = cli("checkin", EVENT, code(3), "--account", "O", "--json")
    finally:
        os.kill(server.pid, signal.SIGCONT)
    check("with Oveit unreachable the door admits from the cache, the push pending",
          r.code == 0 and r.json().get("verdict") == "admitted" and r.json().get("remote") == "pending", r)

    # A push that never left (dropped), and meanwhile another door checked
    # the same ticket in (its record reached Oveit first)
    control(base_url, "/__fake/fail?fault=drop&path=/api/tickets/checkin&count=1")
    r = cli("checkin", EVENT, code(6), "--account", "O", "--json")
    check("a dropped push leaves the admission pending",
          r.code == 0 and r.json().get("remote") == "pending", r)
    control(base_url, "/__fake/checkin?code=%s&ago=600" % code(6))

    r = cli("sync", "O")
    check("the sync after that succeeds and says a conflict waits",
          r.code == 0 and "conflict" in r.err, r)
    entry = journal(code(3))
    check("the queued check-in whose push landed on the way back is sent, not a conflict",
          len(entry) == 1 and entry[0].get("remote") == "sent", entry)
    entry = journal(code(6))
    check("the one checked in elsewhere is a visible conflict, saying when",
          len(entry) == 1 and entry[0].get("remote") == "conflict" and
          "elsewhere" in (entry[0].get("remote_message") or ""), entry)
    pushes = [q for q in fake_log(base_url) if q["path"] == "/api/tickets/checkin"]
    check("pushes send ticket_code and the token",
          all(("ticket_code=" in (q["body"] or "")) and ("token=" in (q["body"] or "")) for q in pushes), pushes[:2])

    control(base_url, "/__fake/revoke")
    r = cli("sync", "O")
    check("an expired token (HTTP 403) asks to sign in again", r.code == 1 and "Sign in again" in r.err, r)
    r = cli("account", "signin", "O", stdin=PASSWORD + "\n")
    check("account signin with the password gets a new token", r.code == 0, r)
    r = cli("sync", "O")
    check("... and the sync works again", r.code == 0, r)

    leaks = []
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        leaks += files_containing(os.environ.get(var, "/nonexistent"), PASSWORD.encode())
    check("the password is in no file", not leaks, leaks)


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--tickets", str(N_TICKETS)], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if check("fake server started", url.startswith("http://127.0.0.1:"), url):
            main(url, server)
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.terminate()
        server.wait()
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
