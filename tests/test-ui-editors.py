#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The organizer's editors, in the real application under the test's Xvfb,
# driven through the accessibility tree on the demo box office:
#   - a discount with a percentage of 150 is refused on its field before
#     anything is sent; corrected to 15 it is saved and listed;
#   - a voucher's code is voided after a confirmation and shows as void;
#   - a ticket issued at the box office shows its barcode and QR code, and
#     the participants search finds its holder at once;
#   - Export Participants… writes a CSV file that reads back with one row
#     per participant of the store (guichet-cli participants --json).
# Each step saves a screenshot. Waits poll for conditions, never for time.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus and
# Xvfb); see HARNESS.md "UI tests through the accessibility tree".

import csv
import json
import os
import subprocess
import sys
import time

from dogtail.config import config

config.checkForA11y = False
config.logDebugToStdOut = False
config.logDebugToFile = False
config.searchCutoffCount = 1
config.searchBackoffDuration = 0.1
from dogtail import tree  # noqa: E402
import pyatspi  # noqa: E402

# dogtail replaces the hook and swallows tracebacks.
sys.excepthook = sys.__excepthook__

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
GUICHET = os.path.join(BUILD_ROOT, 'src', 'gui', 'guichet')
GUICHET_CLI = os.path.join(BUILD_ROOT, 'src', 'cli', 'guichet-cli')
SCREENSHOT_DIR = os.environ.get('GUICHET_SCREENSHOT_DIR',
                                os.path.join(BUILD_ROOT, 'screenshots'))
APP_ID = sys.argv[1] if len(sys.argv) > 1 else 'io.github.guichet.Guichet'
# Patience for a loaded machine; the test asserts on what happens, not on time.
WAIT_SECONDS = 180


def log(message):
    print('# ' + message, flush=True)


def wait_for(what, predicate, seconds=WAIT_SECONDS):
    """Polls @predicate until it returns something true; fails after @seconds."""
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # the tree changes under our feet
            last_error = e
        time.sleep(0.3)
    raise AssertionError('gave up waiting for %s (last error: %r)' % (what, last_error))


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return ''


def _safe(predicate, node):
    try:
        return predicate(node)
    except Exception:
        return False


def find_all(node, predicate):
    return node.findChildren(lambda n: _safe(predicate, n), recursive=True, showingOnly=False)


def showing(node):
    """Whether @node is on screen. GTK 4.8 never sets AT-SPI's "showing"
    state: a visible widget with an area is what it offers."""
    try:
        if not node.getState().contains(pyatspi.STATE_VISIBLE):
            return False
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return extents.width > 0 and extents.height > 0
    except Exception:
        return False


def find_app():
    for app in tree.root.children:
        if app.name == 'guichet':
            return app
    return None


def labels(node):
    return [text_of(n) for n in find_all(node, lambda n: n.roleName == 'label')]


def label_shown(app, text, exact=True):
    return find_all(app, lambda n: n.roleName == 'label' and showing(n)
                    and (text_of(n) == text if exact else text in text_of(n)))


def named(app, name, role=None, visible=True):
    """Widgets called @name. GTK 4.8 names a labelled button "<label> <label>",
    and a button in a list row "<its label> <the row's title>"."""
    return find_all(app, lambda n: (n.name == name or n.name.endswith(' ' + name)
                                    or n.name.startswith(name + ' '))
                    and (role is None or n.roleName == role)
                    and (not visible or showing(n)))


def click(app, name, role=None):
    if role == 'page tab':
        return click_page_tab(app, name)
    node = wait_for('the "%s" %s' % (name, role or 'widget'),
                    lambda: (named(app, name, role) or [None])[0])
    node.doActionNamed('click')
    return node


def click_page_tab(app, name):
    """The window has two view switchers, in the header bar and at the
    bottom, and GTK 4.8 reports no page tab as showing: click the tab in
    both, the hidden one does nothing."""
    tabs = wait_for('the "%s" page tab' % name, lambda: named(app, name, 'page tab', visible=False))
    for tab in tabs:
        try:
            tab.doActionNamed('click')
        except Exception as e:  # a busy app can miss AT-SPI's short timeout
            log('click %r: %r' % (name, e))
    return tabs[0]


def window_of(app, title):
    return wait_for('the "%s" window' % title,
                    lambda: ([w for w in app.children if w.name == title and showing(w)] or [None])[0])


def set_text(node, text):
    """Types @text into an editable node: EditableText where GTK offers it,
    else the keyboard into the focused widget."""
    try:
        node.queryEditableText().setTextContents(text)
        if text_of(node) == text:
            return
    except Exception as e:  # not every GTK 4.8 widget has the interface
        log('EditableText unusable (%r): typing instead' % e)
    try:
        node.grabFocus()
    except Exception:
        pass
    subprocess.run(['xdotool', 'key', 'ctrl+a', 'BackSpace'], check=True, timeout=60)
    subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True, timeout=60)


def field(window, name):
    return wait_for('the "%s" field' % name,
                    lambda: ([n for n in find_all(window, lambda n: n.name == name and n.roleName in
                                                  ('text', 'entry', 'password text'))] or [None])[0])


def screenshot(name):
    """Captures the screen once it is painted: right after a window unmaps, X
    shows the bare root where it was until the window under it repaints, so a
    capture of a single colour is taken again (for a few seconds at most)."""
    path = os.path.join(SCREENSHOT_DIR, name)

    def capture():
        subprocess.run(['import', '-window', 'root', path], check=True, timeout=120)
        return os.path.getsize(path) > 10 * 1024

    try:
        wait_for('a painted screen for %s' % name, capture, seconds=10)
    except AssertionError:
        pass
    log('screenshot %s (%d bytes)' % (path, os.path.getsize(path)))
    assert os.path.getsize(path) > 10 * 1024, 'the screenshot is not trivial'


def window_action(name):
    """Activates a window action over D-Bus (GtkApplicationWindow exports them)."""
    path = '/' + APP_ID.replace('.', '/') + '/window/1'
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID, '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def app_action(name):
    path = '/' + APP_ID.replace('.', '/')
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID, '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def event_rows(app):
    lists = find_all(app, lambda n: n.name == 'Events' and n.roleName == 'list')
    if not lists:
        return []
    return [n for n in lists[0].children if n.roleName == 'list item' and n.name]


def select_festival(app):
    rows = wait_for('the demo festival in the list',
                    lambda: [r for r in event_rows(app) if r.name.startswith('Festival')])
    try:
        rows[0].select()
    except Exception as e:
        log('select: %r (checking the result instead)' % e)
    wait_for('the festival\'s pages', lambda: named(app, 'Discounts', 'page tab', visible=False))


def check_discount(app):
    click(app, 'Discounts', 'page tab')
    wait_for('the demo\'s discount codes', lambda: named(app, 'Discount Codes', 'list', visible=True))
    click(app, 'New Discount', 'push button')
    dialog = window_of(app, 'New Discount')
    set_text(field(dialog, 'Code'), 'FLASH15')
    set_text(field(dialog, 'Name'), 'Flash sale')
    set_text(field(dialog, 'Percentage'), '150')
    click(dialog, 'Save', 'push button')
    wait_for('the percentage refused on its field',
             lambda: label_shown(dialog, 'Enter a percentage from 1 to 100.'))
    assert showing(dialog), 'the dialog stays open'
    screenshot('discount-invalid.png')
    log('150 %% refused before sending')

    set_text(field(dialog, 'Percentage'), '15')
    click(dialog, 'Save', 'push button')
    wait_for('the dialog to close', lambda: not [w for w in app.children
                                                 if w.name == 'New Discount' and showing(w)])
    codes = wait_for('the new code in the list',
                     lambda: named(app, 'Edit FLASH15', 'push button'))
    assert codes
    wait_for('its description', lambda: label_shown(app, '15% off', exact=False)
             or label_shown(app, '15 % off', exact=False))
    screenshot('discount-saved.png')
    log('FLASH15 saved and listed')

    # The same code again is refused before sending: codes are unique
    click(app, 'New Discount', 'push button')
    dialog = window_of(app, 'New Discount')
    set_text(field(dialog, 'Code'), 'flash15')
    set_text(field(dialog, 'Percentage'), '10')
    click(dialog, 'Save', 'push button')
    wait_for('the duplicate refused', lambda: label_shown(dialog, 'Another discount already has this code.'))
    click(dialog, 'Cancel', 'push button')
    log('a duplicate code is refused')


def pointer_click(node):
    """Clicks the middle of @node with the pointer."""
    ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    wid = wait_for('the visible main window',
                   lambda: subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                          shell=True, capture_output=True, text=True).stdout.strip())
    subprocess.run(['xdotool', 'mousemove', '--window', wid,
                    str(ext.x + ext.width // 2), str(ext.y + min(ext.height // 2, 24)), 'click', '1'],
                   check=True, timeout=60)


def check_voucher(app):
    click(app, 'Vouchers', 'page tab')
    voucher = wait_for('the demo voucher',
                       lambda: [n for n in find_all(app, lambda n: n.name.startswith('Carte cadeau')
                                                    and n.roleName == 'list item' and showing(n))])
    # Open it onto its codes: GTK 4.8 gives an expander row no AT-SPI
    # action, but its extents in the window are right, so the pointer does it.
    pointer_click(voucher[0])
    button = wait_for('the codes of the voucher', lambda: (named(app, 'Void GIFT-001', 'push button') or [None])[0])
    button.doActionNamed('click')
    wait_for('the confirmation', lambda: label_shown(app, 'Void Code GIFT-001?'))
    screenshot('voucher-void-confirm.png')
    confirm = wait_for('the Void response',
                       lambda: find_all(app, lambda n: n.name in ('Void', 'Void Void', '_Void Void')
                                        and n.roleName == 'push button'))
    confirm[0].doActionNamed('click')
    # The voided code leaves the list of codes that can be voided; the
    # other one stays. (libadwaita 1.2 gives toasts no accessible text.)
    wait_for('the code void', lambda: not named(app, 'Void GIFT-001', 'push button')
             and named(app, 'Void GIFT-002', 'push button'))
    # ... and the voucher's summary counts one code less.
    wait_for('the voucher counting one code less',
             lambda: label_shown(app, '24 of 25 codes available', exact=False))
    screenshot('voucher-voided.png')
    log('GIFT-001 voided')


def check_issue(app):
    window_action('issue-ticket')
    dialog = window_of(app, 'Issue a Ticket')
    set_text(field(dialog, 'First Name'), 'Grace')
    set_text(field(dialog, 'Last Name'), 'Hopperqa')
    set_text(field(dialog, 'E-mail (Optional)'), 'grace@example.org')
    click(dialog, 'Issue', 'push button')
    wait_for('the confirmation', lambda: label_shown(app, 'Grace Hopperqa?', exact=False))
    click(app, 'Issue Ticket', 'push button')
    barcode = wait_for('the new ticket\'s barcode',
                       lambda: [text_of(n) for n in find_all(app, lambda n: n.roleName == 'label'
                                                             and showing(n) and text_of(n).startswith('DEMO'))])
    log('issued barcode %s' % barcode[0])
    wait_for('its QR code', lambda: named(app, 'The ticket’s QR code'))
    screenshot('ticket-issued.png')
    click(app, 'Done', 'push button')

    click(app, 'Participants', 'page tab')
    entry = wait_for('the search entry',
                     lambda: (find_all(app, lambda n: n.name == 'Search participants') or [None])[0])
    set_text(entry, 'Hopperqa')
    wait_for('the holder in the list', lambda: any('Hopperqa' in t for t in labels(app)))
    screenshot('ticket-in-participants.png')
    log('Grace Hopperqa found in the participants')
    return barcode[0]


def check_export(app, barcode):
    home = os.path.expanduser('~')
    documents = subprocess.run(['xdg-user-dir', 'DOCUMENTS'], capture_output=True, text=True).stdout.strip() \
        if subprocess.run(['which', 'xdg-user-dir'], capture_output=True).returncode == 0 else ''
    candidates = [os.path.join(d, 'Festival des Lumières.csv') for d in (documents, home) if d]
    for path in candidates:
        if os.path.exists(path):
            os.unlink(path)

    window_action('export-participants')
    chooser = window_of(app, 'Export Participants')
    screenshot('export-chooser.png')
    click(chooser, 'Export', 'push button')
    path = wait_for('the CSV file', lambda: ([p for p in candidates if os.path.exists(p)] or [None])[0])
    wait_for('the toast saying the export is done',
             lambda: label_shown(app, 'participants to Festival des Lumières.csv', exact=False))
    screenshot('export-done.png')

    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f, strict=True))
    header, records = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    result = subprocess.run([GUICHET_CLI, 'participants', 'festival', '--account', 'Demo', '--json'],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        # The demo account's name and the festival's id, from the CLI
        accounts = json.loads(subprocess.run([GUICHET_CLI, 'account', 'list', '--json'],
                                             capture_output=True, text=True, timeout=300).stdout)
        events = json.loads(subprocess.run([GUICHET_CLI, 'events', '--json'],
                                           capture_output=True, text=True, timeout=300).stdout)
        festival = [e for e in events if e['name'].startswith('Festival')][0]
        result = subprocess.run([GUICHET_CLI, 'participants', festival['id'], '--account',
                                 festival.get('account', accounts[0]['name']), '--json'],
                                capture_output=True, text=True, timeout=300)
    people = json.loads(result.stdout)
    assert {'id', 'barcode', 'first_name', 'last_name', 'status'} <= set(header), header
    assert len(records) == len(people), '%d rows, %d participants' % (len(records), len(people))
    assert sorted(r['id'] for r in records) == sorted(p['id'] for p in people)
    mine = [r for r in records if r['barcode'] == barcode]
    assert mine and mine[0]['last_name'] == 'Hopperqa', mine
    log('export read back: %d rows, the issued ticket among them' % len(records))


def run(proc):
    app = wait_for('guichet in the accessibility tree', find_app)
    select_festival(app)
    check_discount(app)
    check_voucher(app)
    barcode = check_issue(app)
    check_export(app, barcode)
    app_action('quit')
    wait_for('guichet to exit', lambda: proc.poll() is not None)


def main():
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    log('starting %s' % GUICHET)
    proc = subprocess.Popen([GUICHET])
    try:
        run(proc)
    except Exception:
        # What the screen showed when it failed, for the test's log
        subprocess.run(['import', '-window', 'root',
                        os.path.join(SCREENSHOT_DIR, 'editors-failure.png')], check=False, timeout=120)
        raise
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    log('exit status %d' % proc.returncode)
    assert proc.returncode == 0, 'guichet exited with %d' % proc.returncode
    print('ok')


if __name__ == '__main__':
    main()
