#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The door page of the real application under the test's Xvfb, read through
# the accessibility tree. The desk runs a French (AZERTY) layout while a
# scanner set to US sends its key positions (xdotool key with US keycodes,
# the HARNESS.md recipe):
# - `guichet --door EVENT --account NAME` opens straight on the door page;
# - a burst into the window while the name search has focus gives the right
#   verdict, and the field stays empty (screenshot saved);
# - the same keys at a person's speed are not a scan: they go into the field,
#   as the French layout types them;
# - the same code again is "Already Checked In";
# - a burst while the gate's popover is open is taken, and changes nothing
#   in the popover; so is one while Preferences has the focus;
# - a serial scanner, played by a pseudo-terminal, delivers a code.

import json
import os
import re
import subprocess
import sys
import time
import tty

from dogtail.config import config

config.checkForA11y = False
config.logDebugToStdOut = False
config.logDebugToFile = False
config.searchCutoffCount = 1
config.searchBackoffDuration = 0.1
from dogtail import tree  # noqa: E402

sys.excepthook = sys.__excepthook__

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
GUICHET = os.path.join(BUILD_ROOT, 'src', 'gui', 'guichet')
GUICHET_CLI = os.path.join(BUILD_ROOT, 'src', 'cli', 'guichet-cli')
SCREENSHOT_DIR = os.environ.get('GUICHET_SCREENSHOT_DIR', os.path.join(BUILD_ROOT, 'screenshots'))
WAIT_SECONDS = 120
ACCOUNT = 'Door Demo'

# US key positions of the digits (evdev keycode = Linux code + 8), and what a
# French desk types with them (no Shift).
US_DIGIT_KEYCODES = {'1': 10, '2': 11, '3': 12, '4': 13, '5': 14,
                     '6': 15, '7': 16, '8': 17, '9': 18, '0': 19}
FR_UNSHIFTED = {'1': '&', '2': 'é', '3': '"', '4': "'", '5': '(',
                '6': '-', '7': 'è', '8': '_', '9': 'ç', '0': 'à'}
RETURN_KEYCODE = 36


DESK_NAME = 'Porte Nord'


def log(message):
    print('# ' + message, flush=True)


def wait_for(what, predicate, seconds=WAIT_SECONDS):
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
    def safe(n):
        try:
            return predicate(n)
        except Exception:
            return False
    return node.findChildren(safe, recursive=True, showingOnly=False)


def find_app():
    for app in tree.root.children:
        if app.name == 'guichet':
            return app
    return None


def cli(*args):
    result = subprocess.run([GUICHET_CLI] + list(args), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, 'guichet-cli %s: %s' % (' '.join(args), result.stderr)
    return result.stdout


def window_id():
    return wait_for('the visible main window',
                    lambda: subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                           shell=True, capture_output=True, text=True).stdout.strip())


def focus_window():
    subprocess.run(['xdotool', 'windowfocus', '--sync', window_id()], check=False, timeout=60)


def keys(code, delay_ms, enter=True):
    """What a US scanner sends for the digits of @code: key positions."""
    args = [str(US_DIGIT_KEYCODES[c]) for c in code]
    if enter:
        args.append(str(RETURN_KEYCODE))
    subprocess.run(['xdotool', 'key', '--delay', str(delay_ms)] + args, check=True, timeout=120)


def window_extents(node):
    """@node's extents in its window, or None while it is not on screen
    (GTK 4.8 never sets "showing")."""
    try:
        ext = node.queryComponent().getExtents(1)
    except Exception:  # gone meanwhile
        return None
    return ext if ext.width > 0 and ext.height > 0 else None


def click_at(node):
    """Clicks @node with the pointer, as a person would."""
    ext = window_extents(node)
    assert ext is not None, 'nothing to click: %r' % node
    subprocess.run(['xdotool', 'mousemove', '--window', window_id(),
                    str(ext.x + ext.width // 2), str(ext.y + ext.height // 2), 'click', '1'],
                   check=True, timeout=60)


def screenshot(name):
    path = os.path.join(SCREENSHOT_DIR, name)
    subprocess.run(['import', '-window', window_id(), path], check=True, timeout=120)
    log('screenshot %s' % path)


class Door:
    def __init__(self, app):
        self.app = app
        self.verdict = wait_for('the verdict area',
                                lambda: (find_all(app, lambda n: n.name.startswith('Ready to Scan')) or [None])[0])
        self.search = wait_for('the name search',
                               lambda: (find_all(app, lambda n: n.name == 'Search by name'
                                                 and n.roleName != 'label') or [None])[0])

    def verdict_text(self):
        return self.verdict.name

    def wait_verdict(self, words, holder):
        def check():
            name = self.verdict.name
            return name.startswith(words) and holder in name and name
        return wait_for('the verdict "%s" for %s' % (words, holder), check)

    def scan_rows(self):
        lists = find_all(self.app, lambda n: n.name == 'Last scans')
        assert lists, 'the last scans list'
        return [n for n in lists[0].children if n.roleName in ('list item', 'row')]


def pick_participants(event_id):
    people = json.loads(cli('participants', event_id, '--account', ACCOUNT, '--json'))
    fit = [p for p in people
           if p['status'] == 'valid' and not p['checked_in'] and p['date_id'] is None
           and p['barcode'] and re.fullmatch(r'[0-9]{6,}', p['barcode'])]
    assert len(fit) >= 5, 'the demo has valid, not checked-in tickets with digit codes'
    return fit[:5]


def name_of(p):
    return '%s %s' % (p['first_name'], p['last_name'])


def run_app(args, scenario, env=None):
    log('starting guichet %s' % ' '.join(args))
    proc = subprocess.Popen([GUICHET] + args, env=env)
    try:
        app = wait_for('the application on the accessibility bus', find_app)
        scenario(app)
    finally:
        subprocess.run(['setxkbmap', 'us'], check=False, timeout=60)
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
    cli('account', 'add', 'demo', ACCOUNT)
    cli('sync', ACCOUNT)
    events = json.loads(cli('events', '--account', ACCOUNT, '--json'))
    event = max(events, key=lambda e: len(json.loads(cli('participants', e['id'], '--account', ACCOUNT, '--json'))))
    first, second, third, fourth, fifth = pick_participants(event['id'])
    log('event %s; codes %s' % (event['id'], ', '.join(p['barcode'] for p in (first, second, third, fourth, fifth))))

    def scenario(app):
        door = Door(app)
        log('--door opened on the door page')

        counter = wait_for('the counter', lambda: [t for t in (text_of(n) for n in find_all(
            app, lambda n: n.roleName == 'label')) if re.fullmatch(r'\d+ of \d+ checked in', t)])
        log('counter: %s' % counter[0])

        subprocess.run(['setxkbmap', 'fr'], check=True, timeout=60)
        focus_window()
        wait_for('the focus in the name search', lambda: door.search.focused
                 or find_all(door.search, lambda n: n.focused))

        # A scanner burst while the search field has focus.
        keys(first['barcode'], 0)
        door.wait_verdict('Admitted', name_of(first))
        assert text_of(door.search) == '', 'the scan leaked into the search field: %r' % text_of(door.search)
        screenshot('door-admitted-fr.png')
        n_rows = len(door.scan_rows())
        assert n_rows == 1, 'one scan in the list, got %d' % n_rows

        # The same keys at a person's speed: typing, not a scan.
        keys(second['barcode'], 150, enter=False)
        expected = ''.join(FR_UNSHIFTED[c] for c in second['barcode'])
        try:
            wait_for('the typed characters in the search field', lambda: text_of(door.search) == expected, 30)
        except AssertionError:
            screenshot('door-typing-failed.png')
            raise AssertionError('the search field holds %r, not %r' % (text_of(door.search), expected))
        time.sleep(1)
        assert door.verdict_text().startswith('Admitted') and name_of(first) in door.verdict_text(), \
            'typing changed the verdict: %r' % door.verdict_text()
        assert len(door.scan_rows()) == 1, 'typing was taken as a scan'
        subprocess.run(['xdotool', 'key', 'ctrl+a', 'BackSpace'], check=True, timeout=60)
        wait_for('the search field cleared', lambda: text_of(door.search) == '')

        # The first code again.
        keys(first['barcode'], 0)
        door.wait_verdict('Already Checked In', name_of(first))
        screenshot('door-already.png')

        # A scan while the gate's popover is open is taken, and does not
        # reach the popover's check boxes.
        gate = wait_for('the gate button', lambda: [
            n for n in find_all(app, lambda n: n.roleName in ('toggle button', 'push button')
                                and (n.name == 'Gate' or n.name.endswith(' Gate')))
            if window_extents(n)])[0]
        click_at(gate)
        boxes = wait_for('the ticket types in the gate popover', lambda: [
            n for n in find_all(app, lambda n: n.roleName == 'check box') if window_extents(n)])
        before = [(n.name, n.checked) for n in boxes]
        n_rows = len(door.scan_rows())
        log('gate popover open: %r' % before)
        keys(third['barcode'], 0)
        door.wait_verdict('Admitted', name_of(third))
        screenshot('door-popover-scan.png')
        assert [(n.name, n.checked) for n in boxes] == before, 'the scan changed the gate'
        assert len(door.scan_rows()) == n_rows + 1, 'the popover scan is in the list'
        subprocess.run(['xdotool', 'key', 'Escape'], check=True, timeout=60)

        # ... and while a window of the app (Preferences) has the focus.
        subprocess.run(['xdotool', 'key', 'ctrl+comma'], check=True, timeout=60)
        prefs = wait_for('the Preferences window', lambda: subprocess.run(
            "xdotool search --onlyvisible --name '^Preferences$' | head -1",
            shell=True, capture_output=True, text=True).stdout.strip())
        subprocess.run(['xdotool', 'windowfocus', '--sync', prefs], check=False, timeout=60)
        keys(fifth['barcode'], 0)
        door.wait_verdict('Admitted', name_of(fifth))
        assert len(door.scan_rows()) == n_rows + 2, 'the scan in Preferences is in the list'
        subprocess.run(['xdotool', 'key', 'Escape'], check=True, timeout=60)
        wait_for('the Preferences window closed', lambda: not subprocess.run(
            "xdotool search --onlyvisible --name '^Preferences$'",
            shell=True, capture_output=True, text=True).stdout.strip())

    run_app(['--door', event['id'], '--account', ACCOUNT], scenario)

    # A serial scanner, played by a pseudo-terminal, chosen in the settings.
    master, slave = os.openpty()
    slave_path = os.ttyname(slave)
    os.close(slave)
    settings_dir = os.path.join(os.environ['XDG_CONFIG_HOME'], 'glib-2.0', 'settings')
    os.makedirs(settings_dir, exist_ok=True)
    with open(os.path.join(settings_dir, 'keyfile'), 'w') as f:
        # Preferences names the desk: the journal must say so, not the host.
        f.write('[io/github/guichet/Guichet]\nscanner-serial-device=%r\ndesk-name=%r\n'
                % (slave_path, DESK_NAME))
    env = dict(os.environ, GSETTINGS_BACKEND='keyfile')

    def serial_scenario(app):
        door = Door(app)
        wait_for('the serial scanner connected', lambda: find_all(
            app, lambda n: n.roleName == 'label' and 'Serial scanner connected' in text_of(n)))
        os.write(master, (fourth['barcode'] + '\r\n').encode())
        door.wait_verdict('Admitted', name_of(fourth))
        screenshot('door-serial.png')

    try:
        run_app(['--door', event['id'], '--account', ACCOUNT], serial_scenario, env=env)
    finally:
        os.close(master)

    # Each desk's journal: this host's (no desk name then), and the desk
    # Preferences named for the second run.
    host = json.loads(cli('journal', event['id'], '--account', ACCOUNT, '--json'))
    named = json.loads(cli('journal', event['id'], '--account', ACCOUNT, '--desk', DESK_NAME, '--json'))
    journal = host + named
    admitted = {e['code'] for e in journal if e['verdict'] == 'admitted'}
    assert {first['barcode'], fourth['barcode']} <= admitted, journal
    assert second['barcode'] not in {e['code'] for e in journal}, 'the typed code reached the journal'
    assert fourth['barcode'] in {e['code'] for e in named if e['verdict'] == 'admitted'}, \
        'the desk named in Preferences: %r' % journal
    assert all(e['desk'] == DESK_NAME for e in named), named
    assert first['barcode'] in {e['code'] for e in host if e['verdict'] == 'admitted'}, \
        'no desk name: the host name: %r' % journal
    assert fourth['barcode'] not in {e['code'] for e in host}, 'the host named the desk: %r' % host
    log('journal: %d entries, as expected' % len(journal))


if __name__ == '__main__':
    main()
    print('ok')
