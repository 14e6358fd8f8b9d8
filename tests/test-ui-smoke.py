#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real application under the test's Xvfb and drives it through the
# accessibility tree: the demo box office is prepared on first run, its events
# are listed, selecting one fills the details pane, a screenshot is saved, the
# About window opens and app.quit ends the process.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus and
# Xvfb); see HARNESS.md "UI tests through the accessibility tree".

import json
import os
import shutil
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
from gi.repository import GLib  # noqa: E402

# dogtail replaces the hook and swallows tracebacks.
sys.excepthook = sys.__excepthook__

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
GUICHET = os.path.join(BUILD_ROOT, 'src', 'gui', 'guichet')
GUICHET_CLI = os.path.join(BUILD_ROOT, 'src', 'cli', 'guichet-cli')
SCREENSHOT_DIR = os.environ.get('GUICHET_SCREENSHOT_DIR',
                                os.path.join(BUILD_ROOT, 'screenshots'))
# Patience for a loaded machine; the test asserts on what happens, not on time.
WAIT_SECONDS = 120


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
        time.sleep(0.25)
    raise AssertionError('gave up waiting for %s (last error: %r)' % (what, last_error))


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return ''


def find_all(node, predicate):
    return node.findChildren(lambda n: _safe(predicate, n), recursive=True, showingOnly=False)


def _safe(predicate, node):
    try:
        return predicate(node)
    except Exception:
        return False


def find_app():
    for app in tree.root.children:
        if app.name == 'guichet':
            return app
    return None


def event_rows(app):
    lists = find_all(app, lambda n: n.name == 'Events' and n.roleName == 'list')
    if not lists:
        return []
    return [n for n in lists[0].children if n.roleName == 'list item' and n.name]


def details_texts(app):
    panes = find_all(app, lambda n: n.name == 'Event details')
    assert len(panes) == 1, 'one "Event details" pane, got %d' % len(panes)
    return [text_of(n) for n in find_all(panes[0], lambda n: n.roleName == 'label')]


def gtk_action(name):
    """Activates an application action over D-Bus (org.gtk.Actions)."""
    app_id = sys.argv[1] if len(sys.argv) > 1 else 'io.github.guichet.Guichet'
    path = '/' + app_id.replace('.', '/')
    subprocess.run(['gdbus', 'call', '--session', '--dest', app_id,
                    '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def cli_event_names():
    """The events as guichet-cli sees them in the same store, or None."""
    if not os.path.exists(GUICHET_CLI):
        return None
    try:
        result = subprocess.run([GUICHET_CLI, 'events', '--json'],
                                capture_output=True, text=True, timeout=120)
        events = json.loads(result.stdout)
    except (ValueError, subprocess.SubprocessError) as e:
        log('guichet-cli events --json unusable (%r): checking the row count only' % e)
        return None
    if result.returncode != 0 or not isinstance(events, list):
        log('guichet-cli events --json failed (%d): checking the row count only' % result.returncode)
        return None
    return sorted(e['name'] for e in events)


def set_text(node, text):
    """Types @text into an editable node: EditableText where GTK offers it,
    else xdotool into the focused window."""
    try:
        node.queryEditableText().setTextContents(text)
        if text_of(node) == text:
            return
    except Exception as e:  # not every GTK 4.8 widget has the interface
        log('EditableText unusable (%r): typing instead' % e)
    wid = subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                         shell=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(['xdotool', 'windowfocus', '--sync', wid], check=False, timeout=60)
    subprocess.run(['xdotool', 'key', 'ctrl+a', 'BackSpace'], check=True, timeout=60)
    subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True, timeout=60)


def select(row):
    """Selects a list row; a busy app can miss AT-SPI's short reply timeout
    while it fills the page, so a missed reply is checked by the caller."""
    try:
        row.select()
    except Exception as e:
        log('select %r: %r (checking the result instead)' % (row.name, e))


def labels(node):
    """The texts of the labels under @node, read in one walk. A list that
    recycles its rows meanwhile (a search still refining) can take a label
    away between finding it and reading it: the walk is then done again."""
    for _ in range(40):
        try:
            return [text_of(n) for n in find_all(node, lambda n: n.roleName == 'label')]
        except GLib.GError:
            time.sleep(0.05)
    return [text_of(n) for n in find_all(node, lambda n: n.roleName == 'label')]


def select_named(app, name):
    """Selects the sidebar's row called @name until the details show it: the
    first sync may still be filling the list, which can replace its rows."""
    def attempt():
        rows = [r for r in event_rows(app) if r.name == name]
        if not rows:
            return False
        select(rows[0])
        try:
            return wait_for('the details of %r' % name, lambda: name in details_texts(app), seconds=15)
        except AssertionError:
            return False
    wait_for('the details of %r' % name, attempt)


def click(app, name, role=None):
    """Clicks the widget called @name (its accessible name or its label)."""
    def lookup():
        # GTK 4.8 names a labelled button "<label> <label>", or
        # "<mnemonic label> <label>"
        found = find_all(app, lambda n: (n.name == name or n.name.endswith(' ' + name))
                         and (role is None or n.roleName == role))
        return found[0] if found else None
    if role == 'page tab':
        # Two view switchers, in the header bar and at the bottom, and
        # GTK 4.8 reports no tab as showing: click it in both (the hidden
        # one does nothing).
        wait_for('the "%s" page tab' % name, lookup)
        tabs = find_all(app, lambda n: (n.name == name or n.name.endswith(' ' + name))
                        and n.roleName == role) or [lookup()]
        for tab in tabs:
            try:
                tab.doActionNamed('click')
            except Exception as e:  # a busy app can miss AT-SPI's short timeout
                log('click %r: %r' % (name, e))
        return tabs[0]
    node = wait_for('the "%s" %s' % (name, role or 'widget'), lookup)
    node.doActionNamed('click')
    return node


def screenshot(path):
    wid = wait_for('the visible main window',
                   lambda: subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                          shell=True, capture_output=True, text=True).stdout.strip())
    subprocess.run(['import', '-window', wid, path], check=True, timeout=120)


def run_app(scenario, env=None):
    log('starting %s' % GUICHET)
    proc = subprocess.Popen([GUICHET], env=env)
    try:
        scenario(proc)
    except Exception:
        # What the screen showed when it failed, for the test's log
        subprocess.run(['import', '-window', 'root', os.path.join(SCREENSHOT_DIR, 'smoke-failure.png')],
                       check=False, timeout=120)
        raise
    finally:
        if proc.poll() is not None and proc.returncode != 0:
            log('guichet ended by itself with status %d' % proc.returncode)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    log('exit status %d' % proc.returncode)
    assert proc.returncode == 0, 'guichet exited with %d' % proc.returncode


def main():
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    run_app(run)

    # A database that cannot be opened: where the data folder should be,
    # there is a file. The app says so in a dialog instead of failing silently.
    broken = os.path.join(os.environ.get('GUICHET_TEST_DIR', '/tmp'), 'broken-data')
    os.makedirs(broken, exist_ok=True)
    with open(os.path.join(broken, 'guichet'), 'w') as f:
        f.write('not a folder\n')
    env = dict(os.environ, XDG_DATA_HOME=broken)
    run_app(run_store_error, env)

    # Run from the build tree, the app speaks the user's language: it uses
    # the catalogs meson compiled into build/po. The same dialog, in French.
    env_fr = dict(env, LANGUAGE='fr')
    run_app(lambda proc: run_store_error(proc, 'Impossible d’ouvrir la base de données',
                                         'store-error-fr.png'), env_fr)
    print('ok')


def run_store_error(proc, title='Could Not Open the Database', shot_name='store-error.png'):
    app = wait_for('guichet in the accessibility tree', find_app)
    wait_for('the "%s" dialog' % title,
             lambda: find_all(app, lambda n: n.roleName == 'label'
                              and text_of(n) == title))
    # The dialog gives the reason, which names the folder.
    wait_for('the reason in the dialog',
             lambda: find_all(app, lambda n: n.roleName == 'label' and 'broken-data' in text_of(n)))
    log('the store error is shown')
    shot = os.path.join(SCREENSHOT_DIR, shot_name)
    subprocess.run(['import', '-window', 'root', shot], check=True, timeout=120)
    gtk_action('quit')
    wait_for('guichet to exit', lambda: proc.poll() is not None)


def run(proc):
    app = wait_for('guichet in the accessibility tree', find_app)
    log('found the application')

    # First run: the demo box office is created and synced in the background.
    rows = wait_for('three demo events in the list', lambda: (lambda r: r if len(r) >= 3 else None)(event_rows(app)))
    row_names = sorted(r.name for r in rows)
    log('events listed: %r' % row_names)
    assert len(row_names) >= 3

    # The CLI reads the same store: the list shows exactly its events.
    cli_names = cli_event_names()
    if cli_names is not None:
        assert row_names == cli_names, 'list %r != cli %r' % (row_names, cli_names)

    # Select the second event through the list's AT-SPI selection.
    target_name = rows[1].name
    select_named(app, target_name)
    log('details show %r' % target_name)

    # The counters are read from the store in the background: they become numbers.
    def counters():
        texts = details_texts(app)
        numbers = [t for t in texts if t.isdigit()]
        return numbers if len(numbers) >= 2 else None
    numbers = wait_for('the participant counters', counters)
    log('counters: %r' % numbers)
    assert int(numbers[0]) > 0, 'the demo event has participants'

    # win.sync through the header bar button: the account syncs again in the
    # background and the selection survives the reload of the list.
    sync_buttons = wait_for('a "Sync" button',
                            lambda: find_all(app, lambda n: n.name == 'Sync' and n.roleName == 'push button'))
    sync_buttons[0].doActionNamed('click')
    wait_for('the sync to finish', lambda: sync_buttons[0].sensitive)
    wait_for('three events after the sync', lambda: len(event_rows(app)) >= 3)
    wait_for('the details of %r after the sync' % target_name,
             lambda: target_name in details_texts(app))
    log('synced again, %r still shown' % target_name)

    shot = os.path.join(SCREENSHOT_DIR, 'main-window.png')
    screenshot(shot)
    size = os.path.getsize(shot)
    log('screenshot %s: %d bytes' % (shot, size))
    assert size > 10 * 1024, 'the screenshot is not trivial'

    check_tickets_tab(app)
    check_participants_tab(app)

    # Errors that can wait become toasts: without a help viewer installed,
    # app.help (F1) says what to install to read the guide.
    if shutil.which('yelp') is None:
        gtk_action('help')
        wait_for('the help error toast',
                 lambda: find_all(app, lambda n: n.roleName == 'label'
                                  and 'install the “yelp” package' in text_of(n)))
        log('help error shown in a toast')

    # The About window opens (app.about over D-Bus, as the menu would).
    windows_before = len([w for w in app.children if w.roleName in ('frame', 'dialog', 'window')])
    gtk_action('about')
    wait_for('the About window',
             lambda: len([w for w in app.children if w.roleName in ('frame', 'dialog', 'window')]) > windows_before)
    log('about window shown')

    # The preferences open with their rows.
    gtk_action('preferences')
    for title in ('Desk Name', 'Scanner Keyboard Layout', 'Door Sound'):
        wait_for('the "%s" preference' % title,
                 lambda: find_all(app, lambda n: n.roleName == 'label' and text_of(n) == title))
    log('preferences shown')

    # app.quit ends the process cleanly.
    gtk_action('quit')
    wait_for('guichet to exit', lambda: proc.poll() is not None)


def check_tickets_tab(app):
    """The festival's tickets: a category with a sub-category, collapsed
    first, expanded on request."""
    # A background refresh may be rebuilding the list: wait for the row.
    festival = wait_for('the demo festival in the list',
                        lambda: [r for r in event_rows(app) if r.name.startswith('Festival')])
    festival_name = festival[0].name
    select_named(app, festival_name)
    festival = wait_for('the festival row once selected',
                        lambda: [r for r in event_rows(app) if r.name == festival_name])

    click(app, 'Tickets', 'page tab')
    tree = wait_for('the ticket tree', lambda: find_all(app, lambda n: n.name == 'Ticket categories'))[0]
    wait_for('the "Passes" category', lambda: 'Passes' in labels(tree))
    assert 'Three-day passes' not in labels(tree), 'sub-categories start collapsed'
    for column in ('Name', 'Price', 'Sold / Quota', 'Checked In'):
        assert find_all(tree, lambda n, c=column: n.name == c or text_of(n) == c), 'a %s column' % column
    click(app, 'Expand All', 'push button')
    wait_for('the "Three-day passes" sub-category', lambda: 'Three-day passes' in labels(tree))
    wait_for('the "Three-day pass" ticket and its price',
             lambda: 'Three-day pass' in labels(tree) and any('€89.00' in t for t in labels(tree)))
    log('ticket tree expanded: %r' % labels(tree)[:16])

    # Issue 16: a sync reads the event again; it keeps the sidebar's rows
    # (the festival's row is the same object) and the open categories.
    sync_button = wait_for('a "Sync" button',
                           lambda: find_all(app, lambda n: n.name == 'Sync' and n.roleName == 'push button'))[0]
    sync_button.doActionNamed('click')
    try:
        wait_for('the sync to start', lambda: not sync_button.sensitive, seconds=30)
    except AssertionError:
        log('the sync ended before it was seen running')
    wait_for('the sync to finish', lambda: sync_button.sensitive)
    assert festival[0].name.startswith('Festival'), 'the sidebar row survives the sync'
    wait_for('the tree still expanded after the sync',
             lambda: 'Three-day passes' in labels(tree) and 'Three-day pass' in labels(tree))
    log('a sync keeps the rows and the open categories')

    # The demo counts scans: the statistics fill the rows.
    click(app, 'Refresh Scan Stats', 'push button')
    wait_for('scan statistics in the rows', lambda: any(' scanned · ' in t for t in labels(tree)))
    log('scan statistics shown')
    screenshot(os.path.join(SCREENSHOT_DIR, 'tickets.png'))

    # Issue 16: statistics still on their way when another event is
    # selected must not reach the view that moved on (it crashed).
    # Waited for: under load AT-SPI can answer with the list's rows
    # not all there yet (its cache is refilled after the sync).
    other = wait_for('another event than the festival in the sidebar',
                     lambda: [r for r in event_rows(app) if not r.name.startswith('Festival')])[0]
    other_name = other.name
    click(app, 'Refresh Scan Stats', 'push button')
    select(other)
    wait_for('the details of %r' % other_name, lambda: other_name in details_texts(app))
    select_named(app, festival_name)
    log('switching events during a statistics refresh is safe')

    # Issue 16: each event's tree opens as it was left (kept in GSettings).
    wait_for('the festival tree open as it was left',
             lambda: any('Three-day passes' in labels(t)
                         for t in find_all(app, lambda n: n.name == 'Ticket categories')))
    log('the festival tree is open as it was left')


def click_header(app, title):
    """Clicks a column header: GTK 4.8 gives headers no AT-SPI action, but
    their extents in the window are right, so the pointer does it."""
    def lookup():
        for node in find_all(app, lambda n: n.name == title and n.roleName == 'label'):
            ext = node.queryComponent().getExtents(1)  # window coordinates
            if ext.width > 0 and ext.height > 0:
                return ext
        return None
    ext = wait_for('the "%s" column header' % title, lookup)
    wid = wait_for('the visible main window',
                   lambda: subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                          shell=True, capture_output=True, text=True).stdout.strip())
    subprocess.run(['xdotool', 'mousemove', '--window', wid,
                    str(ext.x + ext.width // 2), str(ext.y + ext.height // 2), 'click', '1'],
                   check=True, timeout=60)


def cli_participants(event_name):
    result = subprocess.run([GUICHET_CLI, 'participants', event_name,
                             '--account', 'Demo box office', '--json'],
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


def ascii_fold(text):
    """SQLite's NOCASE: ASCII letters only."""
    return ''.join(c.lower() if 'A' <= c <= 'Z' else c for c in text)


def check_participants_sort(app, table, event_name):
    """A click on a header sorts every participant by that column (the
    store sorts, the list stays lazy); a second click reverses."""
    emails = sorted((p['email'] for p in cli_participants(event_name) if p.get('email')),
                    key=ascii_fold)
    assert len(emails) > 10, 'the demo event has e-mails'

    def first_email():
        shown = [t for t in labels(table) if '@' in t]
        return shown[0] if shown else None

    click_header(app, 'E-mail')
    wait_for('the smallest e-mail first (%s)' % emails[0], lambda: first_email() == emails[0])
    shown = [t for t in labels(table) if '@' in t]
    assert shown == sorted(shown, key=ascii_fold), 'rows in e-mail order: %r' % shown[:8]
    screenshot(os.path.join(SCREENSHOT_DIR, 'participants-by-email.png'))
    click_header(app, 'E-mail')
    wait_for('the largest e-mail first (%s)' % emails[-1], lambda: first_email() == emails[-1])
    log('sorted by e-mail both ways: %r, then %r' % (emails[0], emails[-1]))
    click_header(app, 'Name')


def check_participants_tab(app):
    """Searching ignores accents: "helene" finds Hélène."""
    click(app, 'Participants', 'page tab')
    table = wait_for('the participants table',
                     lambda: find_all(app, lambda n: n.name == 'Participants'
                                      and n.roleName in ('table', 'tree table')))[0]
    wait_for('participant rows', lambda: len(labels(table)) > 10)
    # A background refresh may be rebuilding the list: wait for the row.
    festival = wait_for('the demo festival in the list',
                        lambda: [r for r in event_rows(app) if r.name.startswith('Festival')])[0]
    check_participants_sort(app, table, festival.name)
    entry = wait_for('the search entry',
                     lambda: find_all(app, lambda n: n.name == 'Search participants'))[0]
    set_text(entry, 'helene')
    wait_for('Hélène found without the accents',
             lambda: any('Hélène' in t for t in labels(table)))
    names = [t for t in labels(table) if 'Hélène' in t]
    log('search "helene" shows %r' % names[:5])
    set_text(entry, 'Hélène')
    wait_for('Hélène found with the accents', lambda: any('Hélène' in t for t in labels(table)))
    set_text(entry, 'zzzqqq')
    wait_for('the "No Results" page',
             lambda: find_all(app, lambda n: n.roleName == 'label' and text_of(n) == 'No Results'
                              ))
    screenshot(os.path.join(SCREENSHOT_DIR, 'participants-no-results.png'))
    set_text(entry, 'helene')
    wait_for('the results again', lambda: any('Hélène' in t for t in labels(table)))
    screenshot(os.path.join(SCREENSHOT_DIR, 'participants.png'))
    log('participants search works')

    # Issue 16: a check-in made elsewhere (the CLI, another desk on the
    # same store) shows in the list without a sync.
    person = [p for p in cli_participants(festival.name)
              if p['status'] == 'valid' and not p['checked_in'] and p.get('date_id') is None
              and p.get('barcode') and p.get('email')][0]
    set_text(entry, person['email'])
    wait_for('%s alone in the list' % person['email'],
             lambda: [t for t in labels(table) if '@' in t] == [person['email']])
    assert 'Yes, here' not in ' '.join(labels(table)), labels(table)
    result = subprocess.run([GUICHET_CLI, 'checkin', festival.name, person['barcode'],
                             '--account', 'Demo box office'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (result.returncode, result.stderr)
    said = wait_for('"Yes, here" in the row after the CLI check-in',
                    lambda: [t for t in labels(table) if t.startswith('Yes, here')])
    log('after guichet-cli checkin the row says %r' % said)
    screenshot(os.path.join(SCREENSHOT_DIR, 'participants-checked-in-elsewhere.png'))


if __name__ == '__main__':
    main()
