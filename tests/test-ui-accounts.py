#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The account dialog against the fake Ticket Tailor, GoEvent, Fourvenues and
# Oveit servers: each platform is picked from the dialog's list, its
# credentials are typed into the fields it asks for (the fake's server
# address in the "Advanced" expander), the account is saved only once the
# platform accepted them, and its events (as guichet-cli reads them from the
# same store) appear in the sidebar. A wrong key is refused in the dialog and
# leaves the other fields as typed. Fourvenues' channel and hosts (GET /auth)
# are shown once its account is saved. Removing an account asks first, then
# takes its events and its menu out of the window.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus,
# keyring and Xvfb). The credentials are the fakes' test values, typed into
# the dialog, never put in argv or env.

import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('smoke', os.path.join(HERE, 'test-ui-smoke.py'))
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)

click = smoke.click
event_rows = smoke.event_rows
find_all = smoke.find_all
log = smoke.log
set_text = smoke.set_text
text_of = smoke.text_of
wait_for = smoke.wait_for

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
APP_ID = sys.argv[1] if len(sys.argv) > 1 else 'io.github.guichet.Guichet'

# Keep in step with tests/fake-*.h
PLATFORMS = [
    # (kind, platform name in the dialog, account name, {field: value})
    ('tickettailor', 'Ticket Tailor', 'TT Box',
     {'API Key': 'sk_fake_1000_tt_9f2c41d7'}),
    ('goevent', 'GoEvent', 'GoEv Box',
     {'API Token': 'fake-goevent-token-3b7e91'}),
    ('fourvenues', 'Fourvenues', 'FV Box',
     {'API Key': 'fv_fake_key_6d2a91c4'}),
    ('oveit', 'Oveit', 'Oveit Box',
     {'E-mail': 'boxoffice@example.invalid', 'Password': 'fake-oveit-Pa55-c0d3'}),
]


def window_action(name, target=None):
    """Activates a win.* action of the first window over D-Bus."""
    path = '/' + APP_ID.replace('.', '/') + '/window/1'
    parameter = '[]' if target is None else "[<'%s'>]" % target
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                    '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', name, parameter, '{}'],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def cli_json(*args):
    result = subprocess.run([smoke.GUICHET_CLI] + list(args) + ['--json'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def accounts():
    return {a.get('name'): a for a in cli_json('account', 'list')}


def screenshot(title, path):
    wid = subprocess.run("xdotool search --onlyvisible --name '^%s$' | head -1" % title,
                         shell=True, capture_output=True, text=True).stdout.strip()
    if wid:
        subprocess.run(['import', '-window', wid, path], check=True, timeout=120)


def dialogs(app):
    return find_all(app, lambda n: n.roleName in ('dialog', 'frame', 'window')
                    and n.name == 'Add Account')


def row(app, name):
    """The entry row called @name (GTK 4.8 names it "<label> <title>")."""
    try:
        return wait_for('the "%s" row' % name,
                        lambda: find_all(app, lambda n: n.name in (name, name + ' ' + name)
                                         and n.roleName in ('text', 'password text', 'entry')),
                        seconds=20)[0]
    except AssertionError:
        for n in find_all(app, lambda n: n.roleName in ('text', 'password text', 'entry', 'push button', 'label')):
            log('%s %r showing=%s visible=%s' % (n.roleName, n.name, n.showing, n.visible))
        raise


def expand(app, title):
    """Opens the expander row titled @title with a click on its header
    (GTK 4.8 gives list rows no AT-SPI action; their extents are relative
    to the window)."""
    node = wait_for('the "%s" expander' % title,
                    lambda: find_all(app, lambda n: n.roleName == 'list item' and n.name == title))[0]
    x, y, width, height = node.extents
    wid = wait_for('the dialog window', lambda: subprocess.run(
        "xdotool search --onlyvisible --name '^Add Account$' | head -1",
        shell=True, capture_output=True, text=True).stdout.strip())
    subprocess.run(['xdotool', 'mousemove', '--window', wid, str(x + width // 2), str(y + height // 2),
                    'click', '1'], check=True, timeout=60)


def add_account(app, platform, name, base_url, fields, wrong=None):
    window_action('add-account')
    wait_for('the platform list', lambda: find_all(app, lambda n: n.roleName == 'label'
                                                   and text_of(n) == 'Choose a Platform'))
    click(app, platform, 'push button')
    for field in ['Account Name'] + list(fields):
        row(app, field)
    expand(app, 'Advanced')
    set_text(row(app, 'Server Address'), base_url)
    set_text(row(app, 'Account Name'), name)
    for field, value in fields.items():
        set_text(row(app, field), wrong if wrong and field == list(fields)[-1] else value)
    click(app, 'Sign In', 'push button')


def scenario(servers):
    def run(proc):
        app = wait_for('guichet in the accessibility tree', smoke.find_app)
        wait_for('the demo events', lambda: len(event_rows(app)) >= 3)

        # A wrong key is refused in the dialog; nothing is saved and the
        # other fields keep what was typed.
        kind, platform, name, fields = PLATFORMS[0]
        add_account(app, platform, name, servers[kind], fields, wrong='sk_not_the_key')
        error = wait_for('the sign-in error in the dialog',
                         lambda: [text_of(n) for n in find_all(app, lambda n: n.roleName == 'label')
                                  if 'refused' in text_of(n)])
        log('error shown: %r' % error)
        assert name not in accounts(), 'a refused sign-in saves no account'
        assert text_of(row(app, 'Account Name')) == name, 'the name is kept'
        assert text_of(row(app, 'Server Address')) == servers[kind], 'the server is kept'
        screenshot('Add Account', os.path.join(smoke.SCREENSHOT_DIR, 'accounts-refused.png'))
        set_text(row(app, 'API Key'), fields['API Key'])
        click(app, 'Sign In', 'push button')
        wait_for('the %s account saved' % platform, lambda: name in accounts())

        for kind, platform, name, fields in PLATFORMS[1:]:
            add_account(app, platform, name, servers[kind], fields)
            wait_for('the %s account saved' % platform, lambda: name in accounts())
            if kind == 'fourvenues':
                # The window says which channel the key opens (GET /auth),
                # so a key for the wrong channel shows at once.
                said = wait_for('the channel and its hosts in a toast', lambda: [
                    text_of(n) for n in find_all(app, lambda n: n.roleName == 'label')
                    if 'Channel “Taquilla Sala Apolo”: Sala Apolo, La (2) de Apolo' in text_of(n)])
                log('Fourvenues sign-in: %r' % said)
                assert said[0].startswith('“%s” added.' % name), said

        saved = accounts()
        for kind, platform, name, fields in PLATFORMS:
            assert saved[name]['provider'] == kind, saved[name]
            assert saved[name].get('base_url', servers[kind]) == servers[kind], saved[name]

        # Every account's events, as the CLI reads them from the same store,
        # are listed in the sidebar once its first sync is done.
        for kind, platform, name, fields in PLATFORMS:
            events = wait_for('the %s events synced' % platform,
                              lambda: cli_json('events', '--account', name))
            wanted = sorted(set(e['name'] for e in events))
            log('%s events: %r' % (platform, wanted))
            wait_for('the %s events in the sidebar' % platform,
                     lambda: set(wanted) <= set(r.name for r in event_rows(app)))
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'accounts-sidebar.png'))

        # Remove the GoEvent account: a confirmation, then its events and its
        # menu leave the window, its secrets leave the keyring.
        goevent = saved['GoEv Box']
        goevent_events = set(e['name'] for e in cli_json('events', '--account', 'GoEv Box'))
        others = set(r.name for r in event_rows(app)) - goevent_events
        def secrets_of(account_id):
            return subprocess.run(['secret-tool', 'search', '--all', 'account', account_id],
                                  capture_output=True, text=True, timeout=60).stdout.strip()
        assert secrets_of(goevent['id']), 'the dialog stored the token in the keyring'

        def naming(account_name):
            # The toast saying it was removed aside
            return [n.name for n in find_all(app, lambda n: account_name in (n.name or '')
                                             and 'removed' not in n.name)]
        assert naming('GoEv Box'), 'the sidebar names the account before it is removed'
        window_action('remove-account', goevent['id'])
        click(app, 'Remove', 'push button')
        wait_for('the account removed', lambda: 'GoEv Box' not in accounts())
        wait_for('its events gone from the sidebar',
                 lambda: not (goevent_events - others) & set(r.name for r in event_rows(app)))
        wait_for('no row or menu of the removed account left', lambda: not naming('GoEv Box'))
        assert not secrets_of(goevent['id']), 'its secrets leave the keyring'
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'accounts-removed.png'))

        smoke.gtk_action('quit')
        wait_for('guichet to exit', lambda: proc.poll() is not None)
    return run


def main():
    os.makedirs(smoke.SCREENSHOT_DIR, exist_ok=True)
    servers, procs = {}, []
    try:
        for kind, platform, name, fields in PLATFORMS:
            proc = subprocess.Popen([os.path.join(BUILD_ROOT, 'tests', 'fake-%s-server' % kind)],
                                    stdout=subprocess.PIPE, text=True)
            procs.append(proc)
            url = proc.stdout.readline().strip()
            assert url.startswith('http://127.0.0.1:'), url
            servers[kind] = url
        smoke.run_app(scenario(servers))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
    print('ok')


if __name__ == '__main__':
    main()
