#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The add-account dialog against the fake Weezevent server: a wrong password
# is refused in the dialog and nothing is saved; the right one adds the
# account, its events appear in the sidebar and the Tickets tab shows the
# nested categories of the documentation's example.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus,
# keyring and Xvfb). The credentials are the fake's test values
# (tests/fake-weezevent.h), typed into the dialog, never put in argv or env.

import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('smoke', os.path.join(HERE, 'test-ui-smoke.py'))
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)

spec = importlib.util.spec_from_file_location('accounts_ui', os.path.join(HERE, 'test-ui-accounts.py'))
accounts_ui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(accounts_ui)

click = smoke.click
event_rows = smoke.event_rows
find_all = smoke.find_all
labels = smoke.labels
log = smoke.log
select = smoke.select
set_text = smoke.set_text
text_of = smoke.text_of
wait_for = smoke.wait_for

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
SERVER = os.path.join(BUILD_ROOT, 'tests', 'fake-weezevent-server')
APP_ID = sys.argv[1] if len(sys.argv) > 1 else 'io.github.guichet.Guichet'

# Keep in step with tests/fake-weezevent.h
USERNAME = 'organizer@example.invalid'
PASSWORD = 'fake-weez-Pa55word-7d1c'
API_KEY = 'fake-weez-api-key-81f3'


def window_action(name):
    """Activates a win.* action of the first window over D-Bus."""
    path = '/' + APP_ID.replace('.', '/') + '/window/1'
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                    '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def accounts():
    result = subprocess.run([smoke.GUICHET_CLI, 'account', 'list', '--json'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [a.get('name') for a in json.loads(result.stdout)]


def dialog_screenshot(path):
    wid = subprocess.run("xdotool search --onlyvisible --name '^Add Account$' | head -1",
                         shell=True, capture_output=True, text=True).stdout.strip()
    if wid:
        subprocess.run(['import', '-window', wid, path], check=True, timeout=120)


def row(app, name):
    """The entry row called @name (GTK 4.8 names it "<label> <title>")."""
    return wait_for('the "%s" row' % name,
                    lambda: find_all(app, lambda n: n.name in (name, name + ' ' + name)
                                     and n.roleName in ('text', 'password text', 'entry')))[0]


def editable(app, name):
    return row(app, name)


def scenario(base_url):
    def run(proc):
        app = wait_for('guichet in the accessibility tree', smoke.find_app)
        wait_for('the demo events', lambda: len(event_rows(app)) >= 3)

        window_action('add-account')
        wait_for('the Add Account dialog',
                 lambda: find_all(app, lambda n: n.roleName == 'label' and text_of(n) == 'Choose a Platform'))
        click(app, 'Weezevent', 'push button')
        # Weezevent asks for a username, an API key and a password; the
        # server address is under "Advanced".
        for name in ('Account Name', 'Username', 'API Key', 'Password'):
            row(app, name)
        accounts_ui.expand(app, 'Advanced')

        set_text(editable(app, 'Account Name'), 'Weez')
        set_text(editable(app, 'Server Address'), base_url)
        set_text(editable(app, 'Username'), USERNAME)
        set_text(editable(app, 'API Key'), API_KEY)
        set_text(editable(app, 'Password'), 'not the password')
        click(app, 'Sign In', 'push button')
        error = wait_for('the sign-in error in the dialog',
                         lambda: [text_of(n) for n in find_all(app, lambda n: n.roleName == 'label')
                                  if 'refused' in text_of(n)])
        log('error shown: %r' % error)
        dialog_screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'add-account-error.png'))
        assert 'Weez' not in accounts(), 'a refused sign-in saves no account'

        # A wrong password costs nothing else typed: the API key is kept.
        assert len(text_of(editable(app, 'API Key'))) == len(API_KEY), 'the API key is kept'
        assert text_of(editable(app, 'Username')) == USERNAME, 'the username is kept'
        set_text(editable(app, 'Password'), PASSWORD)
        click(app, 'Sign In', 'push button')
        wait_for('the account saved', lambda: 'Weez' in accounts())
        rows = wait_for('the Weezevent events in the sidebar',
                        lambda: [r for r in event_rows(app) if r.name == 'Event 2'])
        log('events: %r' % sorted(r.name for r in event_rows(app)))

        select(rows[0])
        click(app, 'Tickets', 'page tab')
        tree = wait_for('the ticket tree',
                        lambda: find_all(app, lambda n: n.name == 'Ticket categories'))[0]
        wait_for('"Categorie 1"', lambda: 'Categorie 1' in labels(tree))
        click(app, 'Expand All', 'push button')
        wait_for('"Sous Categorie 1" under it', lambda: 'Sous Categorie 1' in labels(tree))
        log('tickets: %r' % labels(tree)[:20])
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'weezevent-tickets.png'))

        smoke.gtk_action('quit')
        wait_for('guichet to exit', lambda: proc.poll() is not None)
    return run


def main():
    os.makedirs(smoke.SCREENSHOT_DIR, exist_ok=True)
    server = subprocess.Popen([SERVER], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        assert url.startswith('http://127.0.0.1:'), url
        smoke.run_app(scenario(url))
    finally:
        server.terminate()
        server.wait()
    print('ok')


if __name__ == '__main__':
    main()
