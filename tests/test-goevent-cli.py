#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake GoEvent API (tests/fake-goevent-server).

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The token is the
fake's test value (tests/fake-goevent.h), given on standard input.
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
SERVER = os.path.join(BUILD_ROOT, "tests", "fake-goevent-server")

# Keep in step with tests/fake-goevent.h and fake-goevent.c
TOKEN = "fake-goevent-token-3b7e91"
EVENT = "507f1f77bcf86cd799439011"
VIP = "65fff7aada40be007f09ee95"
STANDARD = "65fff7aada40be007f09ee96"
N_PARTICIPANTS = 130
N_EVENTS = 4


def participant_id(index):
    return "697f54811fc6cd47%08x" % (0xe04c39c3 + index)


def confirmed(index):
    return index % 17 != 16


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


def main(base_url):
    r = cli("--help")
    check("--help lists goevent", "goevent" in r.out, r)

    r = cli("account", "add", "goevent", "Wrong", "--base-url", base_url,
            stdin="not-the-token\n")
    check("a refused token fails with exit 1", r.code == 1, r)
    check("... and says what to do", "GoEvent refused this API token" in r.err, r)
    r = cli("account", "list", "--json")
    check("... and adds no account",
          r.code == 0 and not any(a.get("name") == "Wrong" for a in r.json()), r)

    r = cli("account", "add", "goevent", "G", "--base-url", base_url, stdin=TOKEN + "\n")
    if not check("account add goevent", r.code == 0, r):
        return

    r = cli("sync", "G")
    if not check("sync", r.code == 0, r):
        return

    r = cli("events", "--account", "G", "--json")
    events = r.json() if r.code == 0 else []
    check("events --json lists every page of events (page cap 2)",
          len(events) == 1 + N_EVENTS, r)
    event = next((e for e in events if e.get("id") == EVENT), {})
    check("the document's event", event.get("name") == "Concert de Jazz" and
          event.get("venue") == "Paris, France" and
          event.get("start", "").startswith("2024-06-15T20:00:00"), event)

    r = cli("categories", EVENT, "--account", "G", "--json")
    tree = r.json() if r.code == 0 else []
    check("categories --json: the two tickets, flat",
          [(c.get("id"), c.get("kind"), c.get("quota"), c.get("children", [])) for c in tree] ==
          [(VIP, "ticket", 100, []), (STANDARD, "ticket", 250, [])], r)

    r = cli("participants", EVENT, "--account", "G", "--json")
    people = r.json() if r.code == 0 else []
    check("participants --json lists all of them", len(people) == N_PARTICIPANTS,
          "%d participants" % len(people))
    by_id = {p.get("id"): p for p in people}
    p16 = by_id.get(participant_id(16), {})
    check("a participant's barcode is its id", p16.get("barcode") == participant_id(16), p16)
    check("an unconfirmed registration is unpaid",
          p16.get("status") == "unpaid" and not confirmed(16), p16)
    doe = by_id.get(participant_id(0), {})
    check("the document's John Doe, with his phone as an answer",
          doe.get("last_name") == "Doe" and doe.get("status") == "valid" and
          {"label": "Phone", "value": "+1234567890"} in doe.get("answers", []), doe)

    log = fake_log(base_url)
    pages = [q for q in log if q["path"] == "/participants"]
    check("participants were asked page after page with a limit",
          len(pages) >= N_PARTICIPANTS // 10 and all("limit=" in q["query"] for q in pages),
          [q["query"] for q in pages][:5])
    others = [q for q in log if q["authorization"] != "Bearer " + TOKEN]
    check("every call carried the Bearer token (but the refused sign-in's)",
          len(others) == 1 and others[0]["authorization"] == "Bearer not-the-token", others)

    r = cli("checkin", EVENT, participant_id(5), "--account", "G", "--json")
    check("checkin by participant id admits", r.code == 0 and r.json().get("verdict") == "admitted", r)
    r = cli("checkin", EVENT, participant_id(5), "--account", "G", "--json")
    check("a second scan is already_checked_in (exit 3)",
          r.code == 3 and r.json().get("verdict") == "already_checked_in", r)
    r = cli("checkin", EVENT, participant_id(16), "--account", "G", "--json")
    check("an unconfirmed registration is refused: unpaid",
          r.code == 3 and r.json().get("verdict") == "refused" and r.json().get("reason") == "unpaid", r)
    check("check-ins stay local: nothing was sent to GoEvent",
          all(q["method"] == "GET" for q in fake_log(base_url)), "")

    r = cli("issue", EVENT, "--account", "G", "--ticket-type", VIP, "--name", "Élodie Marchand",
            "--email", "elodie@example.invalid", "--json")
    if check("issue --json", r.code == 0, r):
        issued = r.json()
        check("the issued ticket's holder and type",
              issued.get("first_name") == "Élodie" and issued.get("last_name") == "Marchand" and
              issued.get("ticket_type_id") == VIP and issued.get("barcode") == issued.get("id"), issued)
        check("... with its PDF link",
              any(a.get("value", "").startswith("https://goeventcloud2.s3.amazonaws.com/")
                  for a in issued.get("answers", [])), issued)
        body = json.loads([q for q in fake_log(base_url) if q["path"] == "/tickets/create"][-1]["body"])
        check("the create-tickets body is the document's",
              body == {"eventId": EVENT, "tickets": [{"ticket_id": VIP, "quantity": 1}],
                       "participant": {"last_name": "Marchand", "first_name": "Élodie",
                                       "email": "elodie@example.invalid"}}, body)
        r = cli("checkin", EVENT, issued.get("id", ""), "--account", "G", "--json")
        check("the issued ticket is admitted at once, before any sync",
              r.code == 0 and r.json().get("verdict") == "admitted", r)
        r = cli("sync", "G")
        r = cli("participants", EVENT, "--account", "G", "--json")
        check("after a sync the new participant is still there, once",
              r.code == 0 and [p.get("id") for p in r.json()].count(issued.get("id")) == 1 and
              len(r.json()) == N_PARTICIPANTS + 1, r)

    r = cli("issue", EVENT, "--account", "G", "--ticket-type", "nope", "--name", "X Y")
    check("issue of an unknown ticket type fails with the server's words",
          r.code == 1 and "Unknown ticket_id" in r.err, r)

    leaks = files_containing(os.environ.get("HOME", "/nonexistent"), TOKEN.encode())
    leaks += files_containing(os.environ.get("XDG_DATA_HOME", "/nonexistent"), TOKEN.encode())
    leaks += files_containing(os.environ.get("XDG_CONFIG_HOME", "/nonexistent"), TOKEN.encode())
    check("the token is in no file (only in the keyring)",
          not [f for f in leaks if "keyrings" not in f], leaks)


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--participants", str(N_PARTICIPANTS),
                               "--events", str(N_EVENTS), "--page-cap", "10"],
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
