#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Not a test: build-aux/bench-window runs it inside tests/headless-wrapper
# (its own Xvfb, D-Bus and keyring). A Weezevent account is synced from the
# fake server with N participants in one event, then the real application
# is started; it writes when frames were painted to GUICHET_WINDOW_TIMING_LOG
# (src/gui/guichet-window-timing.h). Prints, over three starts:
# - process started to the first window painted;
# - the Participants tab clicked to its first rows painted (the event
#   selected before);
# - the application's resident memory then (VmRSS, and VmHWM its peak).
# Prints figures; asserts nothing. Usage: bench-window.py [N]

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('smoke', os.path.join(HERE, 'test-ui-smoke.py'))
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
GUICHET = os.path.join(BUILD_ROOT, 'src', 'gui', 'guichet')
GUICHET_CLI = os.path.join(BUILD_ROOT, 'src', 'cli', 'guichet-cli')
SERVER = os.path.join(BUILD_ROOT, 'tests', 'fake-weezevent-server')
EVENT_ID = '11435'  # the fake's event with the participants (tests/fake-weezevent.c)
STARTS = 3


def cli(*args, stdin=None):
    result = subprocess.run([GUICHET_CLI] + list(args), capture_output=True, text=True,
                            input=stdin, timeout=3600)
    if result.returncode != 0:
        sys.exit('guichet-cli %s: %s' % (' '.join(args), result.stderr))
    return result.stdout


def now_us():
    return time.monotonic_ns() // 1000  # CLOCK_MONOTONIC, as g_get_monotonic_time()


def marks(path):
    try:
        with open(path) as f:
            return dict(line.split() for line in f.read().splitlines())
    except FileNotFoundError:
        return {}


def wait_mark(path, what):
    found = smoke.wait_for('"%s" in the timing log' % what, lambda: marks(path).get(what))
    return int(found)


def tab_extents(node):
    """The tab's extents in the window when it is on screen: of the two view
    switchers, the one in the header bar at this width."""
    try:
        ext = node.queryComponent().getExtents(1)
    except Exception:
        return None
    return ext if ext.width > 0 and ext.height > 0 and ext.y < 60 else None


def memory(pid):
    with open('/proc/%d/status' % pid) as f:
        fields = dict(line.split(':', 1) for line in f.read().splitlines() if ':' in line)
    return int(fields['VmRSS'].split()[0]) // 1024, int(fields['VmHWM'].split()[0]) // 1024


def one_start(event_name, log_path):
    if os.path.exists(log_path):
        os.unlink(log_path)
    env = dict(os.environ, GUICHET_WINDOW_TIMING_LOG=log_path)
    started = now_us()
    proc = subprocess.Popen([GUICHET], env=env)
    try:
        painted = wait_mark(log_path, 'window-painted')
        app = smoke.wait_for('guichet in the accessibility tree', smoke.find_app)
        smoke.select_named(app, event_name)
        tab = smoke.wait_for('the Participants tab on screen', lambda: [
            extents for extents in (tab_extents(n) for n in smoke.find_all(
                app, lambda n: n.roleName == 'page tab' and n.name.endswith('Participants')))
            if extents is not None])[0]
        wid = smoke.wait_for('the window', lambda: subprocess.run(
            "xdotool search --onlyvisible --name '^Guichet$' | head -1",
            shell=True, capture_output=True, text=True).stdout.strip())
        time.sleep(1)  # let the event's pages settle before the click that is timed
        assert 'participants-rows-painted' not in marks(log_path)
        clicked = now_us()
        # A pointer click, as a person's: AT-SPI calls are slow to come back
        subprocess.run(['xdotool', 'mousemove', '--window', wid, str(tab.x + tab.width // 2),
                        str(tab.y + tab.height // 2), 'click', '1'], check=True, timeout=60)
        rows = wait_mark(log_path, 'participants-rows-painted')
        rss, peak = memory(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return (painted - started) / 1000.0, (rows - clicked) / 1000.0, rss, peak


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    server = subprocess.Popen([SERVER, '--participants', str(n)], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        # The fake's test credentials (tests/fake-weezevent.h), on stdin as always
        cli('account', 'add', 'weezevent', 'Bench', '--base-url', url,
            '--username', 'organizer@example.invalid',
            stdin='fake-weez-api-key-81f3\nfake-weez-Pa55word-7d1c\n')
        began = time.monotonic()
        cli('sync', 'Bench')
        print('# synced %d participants in %.1f s' % (n, time.monotonic() - began), flush=True)
    finally:
        server.terminate()
        server.wait()

    events = json.loads(cli('events', '--account', 'Bench', '--json'))
    event_name = [e['name'] for e in events if e['id'] == EVENT_ID][0]
    cached = len(json.loads(cli('participants', EVENT_ID, '--account', 'Bench', '--json')))
    print('# %d participants of "%s" in the store' % (cached, event_name), flush=True)
    log_path = os.path.join(os.environ.get('GUICHET_TEST_DIR', '/tmp'), 'window-timing.log')
    results = []
    for i in range(STARTS):
        results.append(one_start(event_name, log_path))
        print('# start %d: window painted %.0f ms, participants rows painted %.0f ms, RSS %d MiB (peak %d)'
              % ((i + 1,) + results[-1]), flush=True)
    start = statistics.median(r[0] for r in results)
    rows = statistics.median(r[1] for r in results)
    rss = max(r[2] for r in results)
    peak = max(r[3] for r in results)
    print('ROW window: start to first window painted, median of %d|%.0f ms||< 500 ms' % (STARTS, start))
    print('ROW window: Participants tab clicked to first rows painted at %d, median|%.0f ms||' % (n, rows))
    print('ROW memory: the app with %d participants listed, RSS (peak)|%d MiB (%d MiB)||< 200 MB'
          % (n, rss, peak))


if __name__ == '__main__':
    main()
