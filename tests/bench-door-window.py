#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Not a test: build-aux/bench-door-window runs it inside tests/headless-wrapper
# (its own Xvfb, D-Bus and keyring). The real application opens on the demo's
# door (`guichet --door`); a US scanner's bursts are sent with `xdotool key`
# (key positions, no delay between keys, then Return), one at a time, each
# after the previous verdict was painted. The application writes when each
# verdict was painted to GUICHET_DOOR_TIMING_LOG (src/gui/guichet-door-timing.h);
# this reads it and prints:
# - Enter pressed (the X server's time of the Return key event) to verdict
#   painted, median and p99;
# - the part of it inside the application (scan taken to verdict painted);
# - how many of five 136-character bursts arrived intact;
# - the three slowest scans part by part, with the main thread's CPU time in
#   their frame and how often the system preempted it (working or waiting);
#   with GUICHET_BENCH_EACH_SCAN=1, every scan's frame.
# Prints figures; asserts nothing. Usage: bench-door-window.py [N]

import json
import os
import statistics
import subprocess
import sys
import time

BUILD_ROOT = os.environ['GUICHET_BUILD_ROOT']
GUICHET = os.path.join(BUILD_ROOT, 'src', 'gui', 'guichet')
GUICHET_CLI = os.path.join(BUILD_ROOT, 'src', 'cli', 'guichet-cli')
ACCOUNT = 'Bench'
# The X server's setup, named in the figures (build-aux/bench-door-window)
SETUP = os.environ.get('GUICHET_BENCH_XVFB', 'Xvfb')
US_DIGIT_KEYCODES = {'1': 10, '2': 11, '3': 12, '4': 13, '5': 14,
                     '6': 15, '7': 16, '8': 17, '9': 18, '0': 19}
RETURN_KEYCODE = 36
LONG_TRIES = 5


def cli(*args):
    result = subprocess.run([GUICHET_CLI] + list(args), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=600)
    if result.returncode != 0:
        sys.exit('guichet-cli %s: %s' % (' '.join(args), result.stderr))
    return result.stdout


def burst(code):
    args = [str(US_DIGIT_KEYCODES[c]) for c in code] + [str(RETURN_KEYCODE)]
    subprocess.run(['xdotool', 'key', '--delay', '0'] + args, check=True, timeout=120)


def lines(path):
    try:
        with open(path) as f:
            return [line.split(' ', 7) for line in f.read().splitlines()]
    except FileNotFoundError:
        return []


def wait_lines(path, count, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = lines(path)
        if len(found) >= count:
            return found
        time.sleep(0.005)
    return lines(path)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(pace, measured):
    """Prints the figures of one series of scans."""
    # key time: ms of the X server's monotonic clock; the others: µs of
    # this machine's (the same clock on Linux, as Xvfb reads it).
    enter_to_paint = [int(m[4]) / 1000 - int(m[0]) for m in measured if int(m[0]) > 0]
    taken_to_shown = [(int(m[2]) - int(m[1])) / 1000 for m in measured]
    shown_to_frame = [(int(m[3]) - int(m[2])) / 1000 for m in measured]
    frame_to_paint = [(int(m[4]) - int(m[3])) / 1000 for m in measured]
    frame_cpu = [int(m[5]) / 1000 for m in measured if int(m[5]) >= 0]
    sane = enter_to_paint and all(-1 <= v < 10000 for v in enter_to_paint)
    print('scans measured (%s): %d' % (pace, len(measured)))
    if sane:
        print('ROW door window (%s), %s: Enter pressed to verdict painted, p50 / p99 (%d scans)|%.1f / %.1f ms|'
              'one frame at 60 Hz|< 16 ms'
              % (SETUP, pace, len(enter_to_paint), statistics.median(enter_to_paint),
                 percentile(enter_to_paint, 99)))
    else:
        print('the X server clock is not this machine\'s: Enter to paint not measured')
    print('ROW door window (%s), %s: scan taken to verdict set (decision, journal write), p50 / p99|'
          '%.1f / %.1f ms|(part of the above)|'
          % (SETUP, pace, statistics.median(taken_to_shown), percentile(taken_to_shown, 99)))
    print('ROW door window (%s), %s: verdict set to the next frame, p50 / p99|%.1f / %.1f ms|'
          '(part of the above)|'
          % (SETUP, pace, statistics.median(shown_to_frame), percentile(shown_to_frame, 99)))
    print('ROW door window (%s), %s: that frame laid out and painted, p50 / p99|%.1f / %.1f ms|'
          '(part of the above)|'
          % (SETUP, pace, statistics.median(frame_to_paint), percentile(frame_to_paint, 99)))
    if frame_cpu:
        print('ROW door window (%s), %s: the main thread\'s CPU time in that frame, p50 / p99|'
              '%.1f / %.1f ms|(part of the above: the rest waited)|'
              % (SETUP, pace, statistics.median(frame_cpu), percentile(frame_cpu, 99)))
    # Every scan's frame, in order (GUICHET_BENCH_EACH_SCAN=1): which codes
    # make a slow frame, run after run (a change of the verdict's colour).
    if os.environ.get('GUICHET_BENCH_EACH_SCAN'):
        for i, m in enumerate(measured):
            print('  scan %d (%s): frame %.1f ms, CPU %.1f ms, code %s'
                  % (i, pace, (int(m[4]) - int(m[3])) / 1000, int(m[5]) / 1000, m[7]))
    # Where the slowest scans spent their time, part by part
    slowest = sorted((m for m in measured if int(m[0]) > 0),
                     key=lambda m: int(m[4]) / 1000 - int(m[0]), reverse=True)[:3]
    for m in slowest:
        print('  slow scan (%s): %.1f ms = Enter to taken %.1f, to verdict set %.1f, '
              'to its frame %.1f, to painted %.1f (CPU %.1f, preempted %d times)'
              % (pace, int(m[4]) / 1000 - int(m[0]), int(m[1]) / 1000 - int(m[0]),
                 (int(m[2]) - int(m[1])) / 1000, (int(m[3]) - int(m[2])) / 1000,
                 (int(m[4]) - int(m[3])) / 1000, int(m[5]) / 1000, int(m[6])))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    cli('account', 'add', 'demo', ACCOUNT)
    cli('sync', ACCOUNT)
    events = json.loads(cli('events', '--account', ACCOUNT, '--json'))
    event, people = None, []
    for e in events:
        found = json.loads(cli('participants', e['id'], '--account', ACCOUNT, '--json'))
        if len(found) > len(people):
            event, people = e, found
    codes = [p['barcode'] for p in people
             if p['barcode'] and p['barcode'].isdigit() and p['date_id'] is None]
    if not codes:
        sys.exit('the demo has no ticket with a digit code')
    print('event %s: %d participants, %d codes to scan (then "already checked in")'
          % (event['id'], len(people), len(codes)))

    log_path = os.path.join(os.environ['GUICHET_TEST_DIR'], 'door-timing.log')
    env = dict(os.environ, GUICHET_DOOR_TIMING_LOG=log_path)
    proc = subprocess.Popen([GUICHET, '--door', event['id'], '--account', ACCOUNT], env=env)
    try:
        deadline = time.monotonic() + 120
        window = ''
        while not window and time.monotonic() < deadline:
            window = subprocess.run("xdotool search --onlyvisible --name '^Guichet$' | head -1",
                                    shell=True, capture_output=True, text=True).stdout.strip()
            time.sleep(0.2)
        if not window:
            sys.exit('the window did not show')
        subprocess.run(['xdotool', 'windowfocus', '--sync', window], check=False, timeout=60)

        # Warm-up: until the door takes scans (the page loads its event).
        done = 0
        while done == 0 and time.monotonic() < deadline:
            burst(codes[0])
            done = len(wait_lines(log_path, 1, 2))
        if done == 0:
            sys.exit('the door took no scan')
        time.sleep(0.5)
        done = len(lines(log_path))

        # At a door's pace (a scan every half second: the window idle in
        # between), then back to back (a queue at full speed).
        measured = {}
        scanned = 0
        for pace, count, gap in (('a scan every 0.5 s', n, 0.5),
                                 ('a scan every 50 ms', max(n // 4, 1), 0.05)):
            for i in range(count):
                scanned += 1
                burst(codes[scanned % len(codes)])
                done += 1
                if len(wait_lines(log_path, done)) < done:
                    sys.exit('no verdict painted for scan %d' % scanned)
                time.sleep(gap)
            measured[pace] = lines(log_path)[-count:]

        # The long burst, a few times: each either arrives whole, or split
        # (a pause longer than the scanner threshold inside it, when the
        # machine is too busy to send the keys at once) into several scans.
        long_code = ''.join(str((i * 7) % 10) for i in range(136))
        intact = 0
        for _ in range(LONG_TRIES):
            burst(long_code)
            if any(line[7] == long_code for line in wait_lines(log_path, done + 1)[done:]):
                intact += 1
            time.sleep(0.5)
            done = len(lines(log_path))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()

    for pace, rows in measured.items():
        report(pace, rows)
    print('ROW door window (%s): 136-character burst at full scanner speed|%d of %d decoded intact|'
          '(split when the keys are not sent at once)|decoded intact' % (SETUP, intact, LONG_TRIES))


if __name__ == '__main__':
    main()
