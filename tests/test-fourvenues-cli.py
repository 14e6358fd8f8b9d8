#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake Fourvenues channels API (tests/fake-fourvenues-server).

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The token is the
fake's test value (tests/fake-fourvenues.h), given on standard input.
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
SERVER = os.path.join(BUILD_ROOT, "tests", "fake-fourvenues-server")

# Keep in step with tests/fake-fourvenues.h and fake-fourvenues.c
API_KEY = "fv_fake_key_6d2a91c4"
EVENT = "6507c0ffee0000000000a001"
GENERAL = "5f8d0f8b9d2b3b0017b6d8a0"
VIP = "5f8d0f8b9d2b3b0017b6d8a1"
DOOR = "5f8d0f8b9d2b3b0017b6d8a2"
N_TICKETS = 60


def qr_code(index):
    return "FV-%06u" % (100000 + index)


def status(index):
    if index % 13 == 12:
        return "voided"
    if index % 11 == 10:
        return "pending_payment"
    if index % 17 == 16:
        return "processing"
    return "filled_client" if index % 3 == 0 else "active"


def expected_status(index):
    s = status(index)
    if s == "voided":
        return "refunded" if index % 2 == 0 else "voided"
    if s in ("pending_payment", "processing"):
        return "unpaid"
    return "valid"


def entered(index):
    return index % 7 == 6


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


def main(base_url):
    r = cli("--help")
    check("--help lists fourvenues", "fourvenues" in r.out, r)

    r = cli("account", "add", "fourvenues", "Wrong", "--base-url", base_url, stdin="fv_revoked\n")
    check("a refused key fails with exit 1", r.code == 1, r)
    check("... and says the key may have expired", "Fourvenues refused this API key" in r.err, r)

    r = cli("account", "add", "fourvenues", "F", "--base-url", base_url, stdin=API_KEY + "\n")
    if not check("account add fourvenues (the host chosen with --base-url)", r.code == 0, r):
        return
    log = fake_log(base_url)
    check("the key was checked with GET /auth and the X-Api-Key header",
          [(q["path"], q["api_key"]) for q in log if q["path"] == "/auth"][-1] == ("/auth", API_KEY), log)
    check("... and the channel /auth names is shown, with its hosts",
          "Channel “Taquilla Sala Apolo”: Sala Apolo, La (2) de Apolo" in r.err, r)

    r = cli("sync", "F")
    if not check("sync", r.code == 0, r):
        return

    r = cli("events", "--account", "F", "--json")
    events = r.json() if r.code == 0 else []
    check("events --json lists the channel's events in the window",
          sorted(e.get("id") for e in events) == sorted([EVENT, "6507c0ffee0000000000a002"]), r)
    event = next((e for e in events if e.get("id") == EVENT), {})
    check("the event's name and venue", event.get("name") == "Nitsa: Closing Party" and
          event.get("venue") == "Sala Apolo, Barcelona", event)
    queries = [q["query"] for q in fake_log(base_url) if q["path"] == "/events"]
    check("events were asked with a start_date/end_date window",
          queries and "start_date=" in queries[-1] and "end_date=" in queries[-1], queries)

    r = cli("categories", EVENT, "--account", "F", "--json")
    tree = r.json() if r.code == 0 else []
    rates = {c.get("id"): c for c in tree}
    check("categories --json: the three rates, flat", sorted(rates) == sorted([GENERAL, VIP, DOOR]) and
          all(c.get("kind") == "ticket" and not c.get("children") for c in tree), r)
    general = rates.get(GENERAL, {})
    check("a rate's active price, sales and quota",
          general.get("name") == "Entrada general" and general.get("sold") == 312 and
          general.get("quota") == 500 and general.get("currency") == "EUR", general)

    r = cli("participants", EVENT, "--account", "F", "--json")
    people = r.json() if r.code == 0 else []
    check("participants --json lists every ticket", len(people) == N_TICKETS, "%d" % len(people))
    by_code = {p.get("barcode"): p for p in people}
    wrong = [i for i in range(N_TICKETS)
             if by_code.get(qr_code(i), {}).get("status") != expected_status(i)]
    check("statuses: processing/pending_payment unpaid, voided voided or refunded", not wrong, wrong)

    r = cli("checkin", EVENT, qr_code(0), "--account", "F", "--json")
    check("a valid ticket is admitted", r.code == 0 and r.json().get("verdict") == "admitted", r)
    r = cli("checkin", EVENT, qr_code(0), "--account", "F", "--json")
    check("... once (exit 3 after)", r.code == 3 and r.json().get("verdict") == "already_checked_in", r)
    r = cli("checkin", EVENT, qr_code(6), "--account", "F", "--json")
    check("a ticket whose people all entered elsewhere is already checked in",
          r.code == 3 and r.json().get("verdict") == "already_checked_in" and entered(6), r)
    r = cli("checkin", EVENT, qr_code(10), "--account", "F", "--json")
    check("a ticket waiting for payment is refused: unpaid",
          r.code == 3 and r.json().get("reason") == "unpaid", r)
    r = cli("checkin", EVENT, qr_code(12), "--account", "F", "--json")
    check("a refunded ticket is refused: refunded",
          r.code == 3 and r.json().get("reason") == "refunded", r)
    verdicts = []
    for _ in range(5):
        r = cli("checkin", EVENT, qr_code(9), "--account", "F", "--json")
        verdicts.append((r.code, r.json().get("verdict") if r.code in (0, 3) else r.err))
    check("a ticket for 4 admits 4 times, and the 5th scan is already checked in",
          verdicts == [(0, "admitted")] * 4 + [(3, "already_checked_in")] and not entered(9), verdicts)

    # for 4, one entered at another door since: 3 left, counted from the sync
    control(base_url, "/__fake/sell?qr_code=FV-GROUP-0001&for=4")
    control(base_url, "/__fake/enter?qr_code=FV-GROUP-0001")
    r = cli("sync", "F")
    verdicts = []
    for _ in range(4):
        r = cli("checkin", EVENT, "FV-GROUP-0001", "--account", "F", "--json")
        verdicts.append(r.json().get("verdict") if r.code in (0, 3) else r.err)
    check("a ticket for 4 with one already entered admits 3 more",
          verdicts == ["admitted"] * 3 + ["already_checked_in"], verdicts)

    # Sold after the sync: the door asks GET /tickets/by-code within its deadline
    control(base_url, "/__fake/sell?qr_code=FV-LATE-0001&for=1")
    r = cli("checkin", EVENT, "FV-LATE-0001", "--account", "F", "--json")
    check("a ticket sold after the last sync is admitted, not unknown",
          r.code == 0 and r.json().get("verdict") == "admitted" and
          r.json().get("participant", {}).get("first_name") == "Walk", r)
    paths = [q["path"] for q in fake_log(base_url)]
    check("... found with GET /tickets/by-code/{code}", "/tickets/by-code/FV-LATE-0001" in paths, paths[-5:])
    r = cli("checkin", EVENT, "FV-LATE-0001", "--account", "F", "--json")
    check("... and known from then on (already checked in, no new look-up)",
          r.code == 3 and r.json().get("verdict") == "already_checked_in" and
          [q["path"] for q in fake_log(base_url)].count("/tickets/by-code/FV-LATE-0001") == 1, r)
    r = cli("checkin", EVENT, "NOT-A-TICKET", "--account", "F", "--json")
    check("a code the platform does not know either is unknown",
          r.code == 3 and r.json().get("verdict") == "unknown", r)

    # The platform too slow: the door decides from the cache within its deadline
    control(base_url, "/__fake/sell?qr_code=FV-LATE-0002&for=1")
    control(base_url, "/__fake/fail?fault=delay&ms=4000&path=/tickets/by-code/*")
    r = cli("checkin", EVENT, "FV-LATE-0002", "--account", "F", "--json")
    check("a look-up past the deadline leaves the verdict to the cache (unknown)",
          r.code == 3 and r.json().get("verdict") == "unknown", r)

    r = cli("issue", EVENT, "--account", "F", "--ticket-type", DOOR, "--name", "Pol Martí",
            "--email", "pol@example.invalid", "--json")
    if check("issue --json at the door rate", r.code == 0, r):
        issued = r.json()
        check("the issued ticket", issued.get("first_name") == "Pol" and issued.get("last_name") == "Martí" and
              issued.get("ticket_type_id") == DOOR and issued.get("barcode"), issued)
        body = json.loads([q for q in fake_log(base_url) if q["path"] == "/tickets" and q["method"] == "POST"][-1]["body"])
        ticket = body["tickets"][0]
        check("the body: quantity, rate, price, fee inside total_price",
              body["quantity"] == 1 and body["ticket_rate_id"] == DOOR and
              ticket["price_id"] == "1643064796690" and abs(ticket["fee"] - 1.5) < 1e-9 and
              abs(ticket["total_price"] - 17.0) < 1e-9 and ticket["full_name"] == "Pol Martí", body)
        r = cli("checkin", EVENT, issued.get("barcode", ""), "--account", "F", "--json")
        check("the issued ticket is admitted at once", r.code == 0 and r.json().get("verdict") == "admitted", r)

    r = cli("issue", EVENT, "--account", "F", "--ticket-type", GENERAL, "--name", "Anna Roca")
    check("a rate with a required question cannot be issued without its answer (exit 1, says which)",
          r.code == 1 and "¿De dónde vienes?" in r.err, r)
    r = cli("issue", EVENT, "--account", "F", "--ticket-type", VIP, "--name", "Anna Roca")
    check("a rate not on sale is refused (exit 1)", r.code == 1 and r.err.strip(), r)

    leaks = []
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        leaks += files_containing(os.environ.get(var, "/nonexistent"), API_KEY.encode())
    check("the API key is in no file (only in the keyring)",
          not [f for f in leaks if "keyrings" not in f], leaks)


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--tickets", str(N_TICKETS)], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if check("fake server started", url.startswith("http://127.0.0.1:"), url):
            main(url)
    finally:
        server.terminate()
        server.wait()
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
