#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake Weezevent server (tests/fake-weezevent-server).

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The credentials are the
fake's test values (tests/fake-weezevent.h), given on standard input.
"""

import json
import os
import subprocess
import sys

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

    r = cli("sync", "W")
    check("a second (incremental) sync", r.code == 0, r)
    r = cli("participants", EVENT, "--account", "W", "--json")
    check("... keeps every participant", r.code == 0 and len(r.json()) == N_PARTICIPANTS, r)

    root = os.environ.get("GUICHET_TEST_DIR")
    if root:
        where = files_containing(root, PASSWORD.encode())
        check("the password is in no file (keyring included)", not where, where)


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--participants", str(N_PARTICIPANTS), "--page-cap", "300"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if check("fake server started", url.startswith("http://127.0.0.1:"), url):
            main(url)
    finally:
        server.terminate()
        server.wait()
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
