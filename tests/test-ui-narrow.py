#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window at 360 px wide, in French (longer words than English), on the
# demo box office: the window can be made that narrow, and it stays so on
# every page of an event and on a participant's details (a page that needs
# more makes GTK widen the window back, which the test sees). A screenshot
# of each page is saved.
#
# Run by meson under tests/headless-wrapper (private XDG dirs, own D-Bus and
# Xvfb).

import importlib.util
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('smoke', os.path.join(HERE, 'test-ui-smoke.py'))
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)

find_all = smoke.find_all
log = smoke.log
text_of = smoke.text_of
wait_for = smoke.wait_for

WIDTH = 360
HEIGHT = 720


def window_id():
    return wait_for('the visible main window', lambda: subprocess.run(
        "xdotool search --onlyvisible --name '^Guichet$' | head -1",
        shell=True, capture_output=True, text=True).stdout.strip())


def window_width(wid):
    out = subprocess.run(['xdotool', 'getwindowgeometry', wid], capture_output=True, text=True).stdout
    for line in out.splitlines():
        line = line.strip()
        if line.startswith('Geometry:'):
            return int(line.split()[1].split('x')[0])
    return None


def extents(node):
    try:
        ext = node.queryComponent().getExtents(1)  # window coordinates
    except Exception:
        return None
    return ext if ext.width > 0 and ext.height > 0 else None


# The event's pages, as the French view switcher names them
PAGES = ['Vue d’ensemble', 'Billets', 'Participants', 'Entrée', 'Réductions', 'Bons d’achat',
         'Commandes']


def event_rows(app):
    lists = find_all(app, lambda n: n.name == 'Événements' and n.roleName == 'list')
    if not lists:
        return []
    return [n for n in lists[0].children if n.roleName == 'list item' and n.name]


def scenario(proc):
    app = wait_for('guichet in the accessibility tree', smoke.find_app)
    wait_for('the demo events', lambda: len(event_rows(app)) >= 3)
    wid = window_id()
    # Without a compositor GTK draws a thin frame around the window's
    # content: the X window is that much wider than what AT-SPI reports.
    top = wait_for('the window in the accessibility tree',
                   lambda: [n for n in app.children if n.roleName == 'frame' and extents(n)])[0]
    frame = window_width(wid) - extents(top).width
    assert 0 <= frame <= 40, 'the frame is %d px' % frame
    subprocess.run(['xdotool', 'windowsize', '--sync', wid, str(WIDTH + frame), str(HEIGHT)],
                   check=False, timeout=60)
    wait_for('the window at %d px' % WIDTH, lambda: window_width(wid) <= WIDTH + frame, 30)
    # Any page wider than that would have pushed the window back out.
    wait_for('the window to stay at %d px' % WIDTH,
             lambda: all(window_width(wid) == WIDTH + frame for _ in range(5)), 30)
    log('the window is %d px wide, %d of them content' % (WIDTH + frame, WIDTH))
    width = WIDTH + frame

    festival = wait_for('the festival', lambda: [r for r in event_rows(app) if r.name.startswith('Festival')])[0]
    smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'narrow-fr-events.png'))
    # A click on the row, as a person would: the narrow window then shows
    # the event instead of the list.
    ext = extents(festival)
    subprocess.run(['xdotool', 'mousemove', '--window', wid, str(ext.x + ext.width // 2),
                    str(ext.y + ext.height // 2), 'click', '1'], check=True, timeout=60)
    wait_for('the event shown, with a way back to the list', lambda: [
        n for n in find_all(app, lambda n: n.roleName == 'push button' and n.name in ('Retour', 'Retour Retour'))
        if extents(n) and extents(n).x < width])

    def stays_narrow(what):
        wait_for('the window still %d px wide with %s' % (WIDTH, what),
                 lambda: all(window_width(wid) == width for _ in range(5)), 30)
        log('%s: %d px' % (what, WIDTH))

    for tab in PAGES:
        smoke.click(app, tab, 'page tab')
        stays_narrow(tab)
        name = 'narrow-fr-%s.png' % ''.join(c for c in tab if c.isalpha())
        smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, name))

        if tab == 'Participants':
            # A participant's details, opened with a click on the row.
            table = wait_for('the participants table', lambda: [
                n for n in find_all(app, lambda n: n.name == 'Participants'
                                    and n.roleName in ('table', 'tree table')) if extents(n)])[0]
            cell = wait_for('a participant row', lambda: [
                n for n in find_all(table, lambda n: n.roleName == 'label' and '@' in text_of(n))
                if extents(n)])[0]
            ext = extents(cell)
            subprocess.run(['xdotool', 'mousemove', '--window', wid, str(ext.x + min(ext.width, 40) // 2),
                            str(ext.y + ext.height // 2), 'click', '1'], check=True, timeout=60)
            wait_for('the details', lambda: [n for n in find_all(app, lambda n: n.roleName == 'push button'
                                                                 and 'Retour à la liste' in n.name)
                                             if extents(n)])
            stays_narrow('a participant\'s details')
            smoke.screenshot(os.path.join(smoke.SCREENSHOT_DIR, 'narrow-fr-details.png'))
    smoke.gtk_action('quit')
    wait_for('guichet to exit', lambda: proc.poll() is not None)


def main():
    os.makedirs(smoke.SCREENSHOT_DIR, exist_ok=True)
    smoke.run_app(scenario, dict(os.environ, LANGUAGE='fr'))
    print('ok')


if __name__ == '__main__':
    main()
