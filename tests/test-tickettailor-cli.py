#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""guichet-cli against the fake Ticket Tailor server (tests/fake-tickettailor-server).

Runs under tests/headless-wrapper (private XDG dirs, own keyring). Prints
TAP; the exit status is non-zero when a check fails. The API key is the
fake's test value (tests/fake-tickettailor.h), given on standard input. The
fake's request log (GET /__fake/requests) shows what reached the "platform".
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

BUILD_ROOT = os.environ.get("GUICHET_BUILD_ROOT")
if not BUILD_ROOT:
    print("1..0 # SKIP GUICHET_BUILD_ROOT is not set")
    sys.exit(0)
CLI = os.path.join(BUILD_ROOT, "src", "cli", "guichet-cli")
SERVER = os.path.join(BUILD_ROOT, "tests", "fake-tickettailor-server")

# Keep in step with tests/fake-tickettailor.h
API_KEY = "sk_fake_1000_tt_9f2c41d7"
EVENT = "ev_1"
N_TICKETS = 250

results = []
base_url = None


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


def fake(path, method="GET"):
    request = urllib.request.Request(base_url + path, method=method)
    with urllib.request.urlopen(request, timeout=30) as reply:
        body = reply.read()
    return json.loads(body) if body else None


def requests_log():
    return fake("/__fake/requests")


def last_request(method, path):
    for r in reversed(requests_log()):
        if r["method"] == method and r["path"] == path:
            return r
    return None


def form_keys(request):
    return sorted(pair.split("=", 1)[0] for pair in request["form"])


def form_dict(request):
    return dict(pair.split("=", 1) for pair in request["form"])


def end_of_day(day):
    return int(datetime.strptime(day + " 23:59:59", "%Y-%m-%d %H:%M:%S").timestamp())


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


def account_and_sync():
    r = cli("account", "add", "tickettailor", "Wrong", "--base-url", base_url, stdin="sk_not_this_one\n")
    check("a refused API key fails with exit 1", r.code == 1, r)
    check("... and says what to check", "API key" in r.err, r)
    pings = [q for q in requests_log() if q["path"] == "/v1/ping"]
    check("... after one ping, not retried", len(pings) == 1 and not pings[0]["authorized"], pings)
    r = cli("account", "list", "--json")
    check("... and no account was saved", r.code == 0 and not any(a.get("name") == "Wrong" for a in r.json()), r)

    r = cli("account", "add", "tickettailor", "T", "--base-url", base_url, stdin=API_KEY + "\n")
    if not check("account add tickettailor", r.code == 0, r):
        return False
    pings = [q for q in requests_log() if q["path"] == "/v1/ping"]
    check("the key was checked with GET /v1/ping, as HTTP Basic", len(pings) == 2 and pings[1]["authorized"], pings)
    leaks = []
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folder = os.environ.get(var)
        if folder:
            leaks += files_containing(folder, API_KEY.encode())
    check("the API key is in no file (only the keyring)", leaks == [], leaks)

    r = cli("sync", "T")
    if not check("sync", r.code == 0, r):
        return False
    pages = [q for q in requests_log()
             if q["path"] == "/v1/issued_tickets" and "event_id=ev_1" in (q["query"] or "")]
    check("250 issued tickets came in three pages of at most 100",
          len(pages) == 3 and all("limit=100" in (q["query"] or "") for q in pages) and
          "starting_after" not in (pages[0]["query"] or "") and
          "starting_after=it_100150" in (pages[1]["query"] or "") and
          "starting_after=it_100050" in (pages[2]["query"] or ""),
          [q["query"] for q in pages])
    check("every call was authorized", all(q["authorized"] for q in requests_log()[2:]))

    r = cli("events", "--account", "T", "--json")
    ids = sorted(e.get("id") for e in r.json()) if r.code == 0 else []
    check("events --json lists both events", ids == ["ev_1", "ev_2"], r)
    series = {e.get("id"): e.get("series_id") for e in r.json()} if r.code == 0 else {}
    check("... with ev_2's event series, kept in the store through the sync",
          series == {"ev_1": None, "ev_2": "es_7"}, series)
    r = cli("events", "--account", "T")
    check("the events table shows the series", r.code == 0 and "es_7" in r.out, r)

    r = cli("categories", EVENT, "--account", "T", "--json")
    tree = r.json() if r.code == 0 else []
    check("categories: the ticket groups hold their ticket types",
          [n.get("id") for n in tree] == ["tg_21099", "tg_21100"] and
          all(n.get("kind") == "category" and len(n.get("children", [])) == 2 for n in tree), r)
    check("... with the price in major units",
          tree and tree[0]["children"][0].get("price") == 8.0 and tree[0]["children"][0].get("currency") == "GBP",
          tree[:1])

    r = cli("participants", EVENT, "--account", "T", "--json")
    people = r.json() if r.code == 0 else []
    check("participants --json lists the 250 issued tickets", len(people) == N_TICKETS, r)
    voided = sorted(p["id"] for p in people if p.get("status") == "voided")
    # tests/fake-tickettailor.c: ticket i is voided by a refund when i % 41 == 40
    expected = sorted("it_%d" % (100000 + i) for i in range(N_TICKETS) if i % 41 == 40)
    check("the tickets voided at Ticket Tailor are voided here", voided == expected, voided)
    checked = [p for p in people if p.get("checked_in")]
    check("the ones checked in there are checked in here",
          len(checked) == len([i for i in range(N_TICKETS) if i % 7 == 6 and i % 41 != 40]), len(checked))
    return True


def rate_limited_sync():
    fake("/__fake/fail?fault=429&path=/v1/issued_tickets&count=1", "POST")
    before = len(requests_log())
    started = time.monotonic()
    r = cli("sync", "T")
    waited = time.monotonic() - started
    check("a sync answered 429 waits Retry-After and completes", r.code == 0, r)
    after = [q for q in requests_log()[before:] if q["path"] == "/v1/issued_tickets"]
    # ev_1's three pages, the first refused once, then ev_2's one
    check("... the refused page was asked again once",
          [q["status"] for q in after] == [429, 200, 200, 200, 200] and
          after[0]["query"] == after[1]["query"], [(q["status"], q["query"]) for q in after])
    check("... after waiting at least the second Retry-After asks", waited >= 1.0, waited)


def orders():
    r = cli("orders", EVENT, "--account", "T", "--json")
    check("orders --json", r.code == 0, r)
    listed = r.json() if r.code == 0 else []
    check("... lists the event's 125 orders", len(listed) == 125, len(listed))
    first = listed[0] if listed else {}
    check("... with buyer, tickets, line items and total",
          first.get("id") == "or_200124" and first.get("buyer_name") and
          first.get("ticket_ids") == ["it_100248", "it_100249"] and
          len(first.get("line_items", [])) >= 1 and first.get("total_minor", 0) > 0 and
          first.get("currency") == "GBP", first)
    r = cli("orders", EVENT, "--account", "T")
    check("orders prints a table", r.code == 0 and "or_200124" in r.out, r)


def discounts():
    r = cli("discount", "create", "--account", "T", "--code", "EARLY5", "--name", "Early bird",
            "--type", "fixed_amount", "--amount", "5.40", "--expires", "2026-12-31",
            "--max-redemptions", "5", "--ticket-type", "tt_230625", "--json")
    check("discount create (fixed amount)", r.code == 0, r)
    created = r.json()[0] if r.code == 0 else {}
    sent = last_request("POST", "/v1/discounts")
    check("... sends exactly the documented fields",
          sent and form_keys(sent) == ["code", "expires", "max_redemptions", "name", "price",
                                       "ticket_types[0]", "type"], sent)
    fields = form_dict(sent) if sent else {}
    check("... the amount in cents, the expiry as a Unix time",
          fields.get("price") == "540" and fields.get("type") == "fixed_amount" and
          fields.get("expires") == str(end_of_day("2026-12-31")) and
          fields.get("ticket_types[0]") == "tt_230625" and fields.get("max_redemptions") == "5", fields)
    check("... and prints the discount as stored",
          created.get("amount_minor") == 540 and created.get("amount") == 5.4 and
          created.get("ticket_type_ids") == ["tt_230625"] and created.get("max_redemptions") == 5, created)
    fixed_id = created.get("id")

    r = cli("discount", "create", "--account", "T", "--code", "CREW15", "--name", "Crew",
            "--type", "percentage", "--amount", "15", "--json")
    check("discount create (percentage)", r.code == 0, r)
    sent = last_request("POST", "/v1/discounts")
    check("... sends price_percent, and max_redemptions empty for no limit",
          sent and form_keys(sent) == ["code", "max_redemptions", "name", "price_percent", "type"] and
          form_dict(sent).get("price_percent") == "15" and form_dict(sent).get("max_redemptions") == "", sent)
    percent = r.json()[0] if r.code == 0 else {}
    check("... read back as 15 %", percent.get("type") == "percentage" and percent.get("amount") == 15, percent)

    r = cli("discount", "create", "--account", "T", "--code", "early5", "--name", "Again",
            "--type", "fixed_amount", "--amount", "1")
    check("a duplicate code is refused by the server (exit 1)", r.code == 1, r)
    check("... printed as field: message", "code: The code has already been taken." in r.err, r)

    r = cli("discount", "create", "--account", "T", "--code", "ZERO", "--name", "Zero",
            "--type", "fixed_amount", "--amount", "0")
    check("a 422 reaches the terminal with its field name",
          r.code == 1 and "price: The price must be at least 1." in r.err, r)

    r = cli("discount", "create", "--account", "T", "--code", "X", "--name", "X",
            "--type", "fixed_amount", "--amount", "5,40")
    check("an amount with a comma is a usage error", r.code == 2, r)

    r = cli("discount", "list", "--account", "T", "--json")
    listed = r.json() if r.code == 0 else []
    check("discount list --json shows both", sorted(d.get("code") for d in listed) == ["CREW15", "EARLY5"], r)
    r = cli("discount", "list", "--account", "T", "--code", "crew15", "--json")
    check("discount list --code keeps only that code, in any case",
          r.code == 0 and [d.get("code") for d in r.json()] == ["CREW15"], r)
    r = cli("discount", "list", "--account", "T", "--code", "NOPE", "--json")
    check("discount list --code with an unknown code lists nothing", r.code == 0 and r.json() == [], r)

    r = cli("discount", "update", fixed_id or "none", "--account", "T", "--name", "Early birds",
            "--ticket-type", "tt_230631", "--json")
    check("discount update", r.code == 0, r)
    sent = last_request("POST", "/v1/discounts/%s" % fixed_id)
    check("... sends only the changes, ticket types as associations",
          sent and form_dict(sent) == {"name": "Early birds", "ticket_types[tt_230631]": "1",
                                       "ticket_types[tt_230625]": "0"}, sent)
    updated = r.json()[0] if r.code == 0 else {}
    check("... and prints the result", updated.get("name") == "Early birds" and
          updated.get("ticket_type_ids") == ["tt_230631"] and updated.get("amount_minor") == 540, updated)

    r = cli("discount", "show", fixed_id or "none", "--account", "T", "--json")
    check("discount show", r.code == 0 and r.json()[0].get("code") == "EARLY5", r)
    r = cli("discount", "delete", fixed_id or "none", "--account", "T")
    check("discount delete", r.code == 0, r)
    r = cli("discount", "show", fixed_id or "none", "--account", "T")
    check("... then it is gone (exit 1)", r.code == 1, r)


def vouchers():
    r = cli("voucher", "create", "--account", "T", "--name", "Gift card", "--value", "25.00",
            "--expiry", "2027-06-30", "--code", "GIFT-AAA", "--code", "GIFT-BBB", "--json")
    check("voucher create with two codes", r.code == 0, r)
    created = r.json()[0] if r.code == 0 else {}
    sent = last_request("POST", "/v1/vouchers")
    check("... sends name, value in cents, expiry and the codes",
          sent and form_dict(sent) == {"name": "Gift card", "value": "2500",
                                       "expiry": str(end_of_day("2027-06-30")),
                                       "codes[0]": "GIFT-AAA", "codes[1]": "GIFT-BBB"}, sent)
    check("... and prints the voucher", created.get("value_minor") == 2500 and created.get("total_codes") == 2, created)
    vid = created.get("id") or "none"

    r = cli("voucher", "codes", vid, "--account", "T", "--json")
    codes = r.json() if r.code == 0 else []
    check("voucher codes lists both", sorted(c.get("code") for c in codes) == ["GIFT-AAA", "GIFT-BBB"], r)
    aaa = [c for c in codes if c.get("code") == "GIFT-AAA"]
    r = cli("voucher", "void-code", vid, aaa[0]["id"] if aaa else "none", "--account", "T")
    check("voucher void-code", r.code == 0, r)
    r = cli("voucher", "codes", vid, "--account", "T", "--json")
    check("... leaves the other code", r.code == 0 and [c.get("code") for c in r.json()] == ["GIFT-BBB"], r)

    r = cli("voucher", "update", vid, "--account", "T", "--name", "Gift card 2027", "--json")
    check("voucher update renames it", r.code == 0 and r.json()[0].get("name") == "Gift card 2027", r)
    r = cli("voucher", "list", "--account", "T", "--json")
    check("voucher list shows the new name and one code left",
          r.code == 0 and [(v.get("name"), v.get("available_codes")) for v in r.json()] == [("Gift card 2027", 1)], r)
    r = cli("voucher", "delete", vid, "--account", "T")
    check("voucher delete", r.code == 0, r)
    r = cli("voucher", "show", vid, "--account", "T")
    check("... then it is gone (exit 1)", r.code == 1, r)
    r = cli("voucher", "create", "--account", "T", "--name", "No codes", "--value", "5")
    check("voucher create without --code is a usage error", r.code == 2, r)


def box_office():
    r = cli("issue", EVENT, "--account", "T", "--ticket-type", "tt_230625", "--name", "Jo Bloggs",
            "--email", "jo@example.invalid", "--json")
    check("issue", r.code == 0, r)
    issued = r.json() if r.code == 0 else {}
    sent = last_request("POST", "/v1/issued_tickets")
    check("... sends the documented fields",
          sent and form_dict(sent) == {"event_id": EVENT, "ticket_type_id": "tt_230625",
                                       "full_name": "Jo Bloggs", "email": "jo@example.invalid"}, sent)
    barcode = issued.get("barcode") or "none"
    r = cli("participants", EVENT, "--account", "T", "--search", "Bloggs", "--json")
    check("the issued ticket is listed at once, before any sync",
          r.code == 0 and [p.get("barcode") for p in r.json()] == [barcode], r)
    r = cli("checkin", EVENT, barcode, "--account", "T", "--json")
    check("... and admitted at the door", r.code == 0 and r.json().get("verdict") == "admitted", r)

    r = cli("sync", "T")
    check("sync after issuing", r.code == 0, r)
    r = cli("participants", EVENT, "--account", "T", "--json")
    people = r.json() if r.code == 0 else []
    check("the issued ticket is still listed after the next sync, once",
          len(people) == N_TICKETS + 1 and len([p for p in people if p.get("barcode") == barcode]) == 1,
          len(people))

    r = cli("issue", "ev_2", "--account", "T", "--ticket-type", "tt_900002", "--name", "Seat Less")
    check("a seated ticket type is refused with its field",
          r.code == 1 and "ticket_type_id:" in r.err, r)

    voided = [p for p in people if p.get("id") == "it_100040"]
    code = voided[0]["barcode"] if voided else "none"
    r = cli("checkin", EVENT, code, "--account", "T", "--json")
    check("a voided ticket is refused at the door (exit 3, reason void)",
          r.code == 3 and r.json().get("verdict") == "refused" and r.json().get("reason") == "void", r)


def door():
    r = cli("participants", EVENT, "--account", "T", "--json")
    people = {p["id"]: p for p in r.json()} if r.code == 0 else {}
    first, second, third = (people.get("it_%d" % (100000 + i), {}) for i in (1, 2, 3))
    check("three tickets not yet checked in", all(p and not p.get("checked_in") for p in (first, second, third)),
          (first, second, third))

    r = cli("checkin", EVENT, first.get("barcode", "none"), "--account", "T", "--json")
    check("checkin admits a valid ticket", r.code == 0 and r.json().get("verdict") == "admitted", r)
    posts = [q for q in requests_log() if q["method"] == "POST" and q["path"] == "/v1/check_ins" and
             "issued_ticket_id=it_100001" in q["form"]]
    check("... and pushes it with POST /v1/check_ins (issued_ticket_id, quantity)",
          len(posts) == 1 and sorted(posts[0]["form"]) == ["issued_ticket_id=it_100001", "quantity=1"], posts)
    r = cli("journal", EVENT, "--account", "T", "--json")
    entries = r.json() if r.code == 0 else []
    check("journal shows it sent", entries and entries[0].get("remote") == "sent", r)

    # checked in on another device: the store does not know yet, the server refuses
    fake("/__fake/check_in?issued_ticket_id=it_100002", "POST")
    r = cli("checkin", EVENT, second.get("barcode", "none"), "--account", "T", "--json")
    check("a ticket checked in elsewhere is admitted here (the store does not know)",
          r.code == 0 and r.json().get("verdict") == "admitted", r)
    r = cli("journal", EVENT, "--account", "T", "--json")
    entries = r.json() if r.code == 0 else []
    check("... and the refused push is a conflict with the server's words",
          entries and entries[0].get("remote") == "conflict" and
          "already been checked in" in (entries[0].get("remote_message") or ""), entries[:1])
    refused = [q for q in requests_log() if q["method"] == "POST" and q["path"] == "/v1/check_ins" and
               "issued_ticket_id=it_100002" in q["form"]]
    check("... after one push only", [q["status"] for q in refused] == [422], refused)

    fake("/__fake/check_in?issued_ticket_id=it_100003", "POST")
    r = cli("sync", "T")
    check("a sync with a conflict waiting still exits 0", r.code == 0, r)
    check("... and brings the check-ins made elsewhere (GET /v1/check_ins)",
          any(q["path"] == "/v1/check_ins" and q["method"] == "GET" for q in requests_log()[-10:]), "")
    r = cli("checkin", EVENT, third.get("barcode", "none"), "--account", "T", "--json")
    check("... so the door says already checked in (exit 3)",
          r.code == 3 and r.json().get("verdict") == "already_checked_in", r)


def demo():
    r = cli("account", "add", "demo", "D")
    if not check("account add demo", r.code == 0, r):
        return
    cli("sync", "D")
    r = cli("discount", "list", "--account", "D", "--json")
    check("discount list works for the demo", r.code == 0 and len(r.json()) >= 1, r)
    r = cli("voucher", "list", "--account", "D", "--json")
    check("voucher list works for the demo", r.code == 0 and len(r.json()) >= 1, r)
    r = cli("discount", "create", "--account", "D", "--code", "DEMO10", "--name", "Demo",
            "--type", "percentage", "--amount", "10", "--json")
    check("discount create works for the demo",
          r.code == 0 and r.json()[0].get("code") == "DEMO10" and r.json()[0].get("amount") == 10, r)
    r = cli("voucher", "create", "--account", "D", "--name", "Demo gift", "--value", "12.50",
            "--code", "DEMO-GIFT", "--json")
    check("voucher create works for the demo", r.code == 0 and r.json()[0].get("value_minor") == 1250, r)
    r = cli("events", "--account", "D", "--json")
    events = r.json() if r.code == 0 else []
    if events:
        r = cli("orders", events[0]["id"], "--account", "D", "--json")
        check("orders works for the demo", r.code == 0 and isinstance(r.json(), list), r)


def main():
    if not account_and_sync():
        return
    rate_limited_sync()
    orders()
    discounts()
    vouchers()
    box_office()
    door()
    demo()


if __name__ == "__main__":
    server = subprocess.Popen([SERVER, "--tickets", str(N_TICKETS)], stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().strip()
        if check("fake server started", base_url.startswith("http://127.0.0.1:"), base_url):
            main()
    finally:
        server.terminate()
        server.wait()
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
