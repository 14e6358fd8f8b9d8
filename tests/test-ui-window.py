#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window around the pages, on an account of the fake GoEvent server:
# - Ctrl+R syncs; a failed sync says so in the account's sidebar header and
#   in one banner on its pages that names the account and has a Retry
#   button, which syncs again; the header then tells when it last synced;
# - F1 without a help viewer says what to install;
# - Ctrl+? shows the shortcuts window, listing the window's shortcuts;
# - removing the account takes its account menu away with its events.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus,
# keyring and Xvfb). The token is the fake's test value, given to
# guichet-cli on its standard input.

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('smoke', os.path.join(HERE, 'test-ui-smoke.py'))
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)

click = smoke.click
event_rows = smoke.event_rows
find_all = smoke.find_all
log = smoke.log
text_of = smoke.text_of
wait_for = smoke.wait_for

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
APP_ID = sys.argv[1] if len(sys.argv) > 1 else 'io.github.guichet.Guichet'
ACCOUNT = 'GoEv Box'
TOKEN = 'fake-goevent-token-3b7e91'  # tests/fake-goevent.h


def cli(*args, stdin=''):
    result = subprocess.run([smoke.GUICHET_CLI] + list(args), input=stdin,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, 'guichet-cli %s: %s' % (' '.join(args), result.stderr)
    return result.stdout


def window_action(name, target=None):
    path = '/' + APP_ID.replace('.', '/') + '/window/1'
    parameter = '[]' if target is None else "[<'%s'>]" % target
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                    '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, parameter, '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def keys(*names):
    wid = wait_for('the visible main window',
                   lambda: subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                          shell=True, capture_output=True, text=True).stdout.strip())
    subprocess.run(['xdotool', 'windowfocus', '--sync', wid], check=False, timeout=60)
    subprocess.run(['xdotool', 'key'] + list(names), check=True, timeout=60)


def label_texts(app):
    return [text_of(n) for n in find_all(app, lambda n: n.roleName == 'label')]


def labels_with(app, words):
    return [t for t in label_texts(app) if words in t]


def visible_menus(app):
    return [n for n in find_all(app, lambda n: n.name == 'Account Menu'
                                and n.roleName != 'label') if n.visible]


def scenario(server):
    def run(proc):
        app = wait_for('guichet in the accessibility tree', smoke.find_app)
        rows = wait_for('the GoEvent events', lambda: event_rows(app))
        smoke.select(rows[0])
        wait_for('the account menu of the selected event', lambda: visible_menus(app))

        # Ctrl+R syncs; the events list fails once (garbage instead of JSON).
        request = urllib.request.Request(server + '/__fake/fail?fault=malformed&path=*/events&count=1',
                                         method='POST', data=b'')
        urllib.request.urlopen(request, timeout=60).read()
        keys('ctrl+r')
        banner = wait_for('the sync error banner naming the account',
                          lambda: labels_with(app, 'Could not sync “%s”' % ACCOUNT))
        log('banner: %r' % banner)
        assert len(banner) == 1, 'one message, not one per error: %r' % banner
        wait_for('"Sync failed" in the account header', lambda: labels_with(app, 'Sync failed'))
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'window-sync-error.png'))

        # Retry syncs again: the error goes, the header tells the time.
        click(app, 'Retry', 'push button')
        wait_for('"Last synced at" in the account header', lambda: labels_with(app, 'Last synced at'))
        assert not labels_with(app, 'Sync failed'), 'the header still says the sync failed'
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'window-synced.png'))

        # F1 with no help viewer: say what to install.
        if shutil.which('yelp') is None:
            keys('F1')
            said = wait_for('the help message', lambda: labels_with(app, 'yelp'))
            log('F1: %r' % said)
            assert not labels_with(app, 'Operation not supported')

        # Ctrl+? lists the shortcuts.
        keys('ctrl+question')
        for title in ('Sync', 'Search Participants', 'Export Participants', 'Show Help',
                      'Show Keyboard Shortcuts', 'Add Account', 'Quit'):
            wait_for('"%s" in the shortcuts window' % title,
                     lambda: [t for t in label_texts(app) if t == title])
        keys('Escape')

        # Remove the account: its menu goes with it.
        account_id = [a['id'] for a in json.loads(cli('account', 'list', '--json'))
                      if a['name'] == ACCOUNT][0]
        window_action('remove-account', account_id)
        click(app, 'Remove', 'push button')
        wait_for('the account removed',
                 lambda: ACCOUNT not in [a['name'] for a in json.loads(cli('account', 'list', '--json'))])
        wait_for('its events gone', lambda: not event_rows(app))
        wait_for('its account menu gone', lambda: not visible_menus(app))
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'window-removed.png'))

        smoke.gtk_action('quit')
        wait_for('guichet to exit', lambda: proc.poll() is not None)
    return run


def main():
    os.makedirs(smoke.SCREENSHOT_DIR, exist_ok=True)
    proc = subprocess.Popen([os.path.join(BUILD_ROOT, 'tests', 'fake-goevent-server')],
                            stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith('http://127.0.0.1:'), url
        cli('account', 'add', 'goevent', ACCOUNT, '--base-url', url, stdin=TOKEN + '\n')
        cli('sync', ACCOUNT)
        smoke.run_app(scenario(url.rstrip('/')))
    finally:
        proc.terminate()
        proc.wait()
    print('ok')


if __name__ == '__main__':
    main()
