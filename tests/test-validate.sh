#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the data files, help, translations and the Flatpak manifest with the
# same tools distributions and Flathub use, offline. Prints TAP.
set -u

src=${GUICHET_SOURCE_ROOT:?GUICHET_SOURCE_ROOT is not set}
build=${GUICHET_BUILD_ROOT:?GUICHET_BUILD_ROOT is not set}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
base_id=io.github.guichet.Guichet
manifest="$src/flatpak/$base_id.json"
schema=${GUICHET_FLATPAK_SCHEMA:-"$src/tests/data/flatpak/flatpak-manifest.schema.json"}

work=$(mktemp -d "${TMPDIR:-/tmp}/guichet-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0
failed=0

# check DESCRIPTION COMMAND...: runs COMMAND, ok if it exits 0.
check () {
  local desc=$1; shift
  n=$((n + 1))
  if "$@" >"$work/out" 2>&1; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    failed=$((failed + 1))
  fi
  sed 's/^/# /' "$work/out"
}

skip () {
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}

todo () {
  n=$((n + 1))
  echo "not ok $n - $1 # TODO $2"
}

# One file matching a glob, or fail loudly.
one_file () {
  local f
  for f in "$@"; do
    [ -e "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}

# meson passes the merged files of the configured profile; a build dir that
# switched profile keeps the other profile's files too.
if [ $# -ge 2 ]; then
  desktop=$1
  metainfo=$2
else
  desktop=$(one_file "$build"/data/*.desktop) || desktop="$build/data/MISSING.desktop"
  metainfo=$(one_file "$build"/data/*.metainfo.xml) || metainfo="$build/data/MISSING.metainfo.xml"
fi

# --- desktop file ---
desktop_valid () {
  desktop-file-validate "$1" >"$work/dfv" 2>&1
  local rc=$?
  cat "$work/dfv"
  [ $rc -eq 0 ] && ! grep -qiE 'error|warning' "$work/dfv"
}
check "desktop-file-validate $(basename "$desktop")" desktop_valid "$desktop"

desktop_fields () {
  local f=$1 app
  app=$(basename "$f" .desktop)
  grep -qx "Icon=$app" "$f" || { echo "Icon is not $app"; return 1; }
  grep -qx "Exec=guichet" "$f" || { echo "Exec is not guichet"; return 1; }
  grep -q '^Keywords=.*;$' "$f" || { echo "no Keywords ending with ;"; return 1; }
  grep -q '^Comment\[fr\]=' "$f" || { echo "no French Comment: po not merged"; return 1; }
  grep -q '^Comment\[es\]=' "$f" || { echo "no Spanish Comment: po not merged"; return 1; }
  [ -f "$src/data/icons/hicolor/scalable/apps/$app.svg" ] || { echo "no icon $app.svg"; return 1; }
}
check "desktop file names the app id icon and is translated" desktop_fields "$desktop"

# --- AppStream metainfo ---
check "appstreamcli validate --no-net $(basename "$metainfo")" \
  appstreamcli validate --no-net --explain "$metainfo"

metainfo_fields () {
  "$py" - "$metainfo" "$desktop" <<'PY'
import sys, os
import xml.etree.ElementTree as ET
meta, desktop = sys.argv[1], sys.argv[2]
root = ET.parse(meta).getroot()
app = os.path.basename(desktop)[:-len('.desktop')]
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
problems = []
if root.findtext('id') != app:
    problems.append('id %r is not %r' % (root.findtext('id'), app))
if root.findtext('launchable') != app + '.desktop':
    problems.append('launchable is not %s.desktop' % app)
if not any(r.get('version') for r in root.iter('release')):
    problems.append('no release')
if root.find('screenshots/screenshot/image') is None:
    problems.append('no screenshot')
if not [s for s in root.findall('summary') if s.get(XML_LANG) == 'fr']:
    problems.append('no French summary: po not merged')
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
}
check "metainfo id, launchable, release, screenshot and translations" metainfo_fields

# --- GSettings ---
check "glib-compile-schemas --strict --dry-run data/" \
  glib-compile-schemas --strict --dry-run "$src/data"

gsettings_defaults () {
  local v
  [ -f "$build/data/gschemas.compiled" ] || { echo "no $build/data/gschemas.compiled"; return 1; }
  v=$(GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" get $base_id scanner-key-threshold-ms) || return 1
  [ "$v" = "uint32 30" ] || { echo "scanner-key-threshold-ms is $v"; return 1; }
  v=$(GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" get $base_id scanner-layout) || return 1
  [ "$v" = "'us'" ] || { echo "scanner-layout is $v"; return 1; }
  v=$(GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" get $base_id door-sound) || return 1
  [ "$v" = "true" ] || { echo "door-sound is $v"; return 1; }
  for key in window-width window-height window-maximized desk-name last-account last-event; do
    GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" get $base_id $key >/dev/null || return 1
  done
}
check "compiled schema in the build dir has the documented defaults" gsettings_defaults

# --- help ---
check "yelp-check validate help/C/*.page" yelp-check validate "$src"/help/C/*.page
check "yelp-check links help/C/*.page" yelp-check links "$src"/help/C/*.page

# --- translations ---
for po in "$src"/po/*.po; do
  check "msgfmt --check $(basename "$po")" msgfmt --check -o /dev/null "$po"
done

linguas_match () {
  local lang
  for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
    [ -f "$src/po/$lang.po" ] || { echo "po/LINGUAS names $lang but po/$lang.po is missing"; return 1; }
  done
}
check "every language in po/LINGUAS has a .po file" linguas_match

# The keywords of meson's i18n 'glib' preset (po/meson.build), so xgettext here
# finds what `meson compile guichet-pot` finds; xgettext's own C keywords
# (gettext, ngettext, dgettext...) stay on.
xgettext_args=(--from-code=UTF-8 --force-po
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format)

# translatable_files ROOT: prints, sorted, the files under ROOT/src and
# ROOT/data from which xgettext extracts at least one message (C calls of
# _(), N_(), C_(), NC_(), g_dngettext(), ngettext()...; GtkBuilder
# translatable="yes"; desktop, metainfo and schema strings). xgettext, not
# grep, so a comment that merely names N_() is not a string.
translatable_files () {
  local root=$1 out
  out=$(mktemp -d "$work/xgettext.XXXXXX") || return 1
  (cd "$root" && find src data -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \
      -o -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) \
      2>/dev/null | LC_ALL=C sort) >"$out/files"
  xgettext "${xgettext_args[@]}" -D "$root" -f "$out/files" -o "$out/all.pot" || return 1
  sed -n 's/^#: //p' "$out/all.pot" | tr ' ' '\n' | sed -n 's/:[0-9]*$//p' | LC_ALL=C sort -u
}

# The detector itself must see every way of marking a string, and no comment.
potfiles_detector () {
  local fx="$work/fixture"
  mkdir -p "$fx/src/a" "$fx/data" || return 1
  printf '%s\n' 'const char *a = _("one");' >"$fx/src/a/under.c"
  printf '%s\n' 'const char *a = N_("one");' >"$fx/src/a/noop.c"
  printf '%s\n' 'const char *a = C_("ctx", "one");' >"$fx/src/a/ctx.c"
  printf '%s\n' 'void f (int n) { g_dngettext (GETTEXT_PACKAGE, "%d one", "%d more", n); }' >"$fx/src/a/dngettext.c"
  printf '%s\n' 'void f (int n) { ngettext ("%d one", "%d more", n); }' >"$fx/src/a/ngettext.c"
  printf '%s\n' '#define LABEL _("in a header")' >"$fx/src/a/header.h"
  printf '%s\n' '/* the label is N_() and _("quoted") in a comment */' 'const char *a = "plain";' >"$fx/src/a/comment.c"
  printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<interface>' \
    '  <object class="GtkLabel"><property name="label" translatable="yes">One</property></object>' \
    '</interface>' >"$fx/src/a/marked.ui"
  printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<interface>' \
    '  <object class="GtkLabel"><property name="label">One</property></object>' \
    '</interface>' >"$fx/src/a/unmarked.ui"
  printf '%s\n' '[Desktop Entry]' 'Type=Application' 'Name=One' 'Comment=Two' >"$fx/data/x.desktop.in"
  local want got
  want=$(printf '%s\n' data/x.desktop.in src/a/ctx.c src/a/dngettext.c src/a/header.h src/a/marked.ui \
    src/a/ngettext.c src/a/noop.c src/a/under.c)
  got=$(translatable_files "$fx") || return 1
  [ "$got" = "$want" ] || { echo "detector found:"; echo "$got"; echo "expected:"; echo "$want"; return 1; }
}
check "the POTFILES detector finds _ N_ C_ g_dngettext ngettext .h .ui .desktop.in, not comments" potfiles_detector

# Every source or data file with translatable strings must be listed in POTFILES.
potfiles_complete () {
  local f missing=0 found
  found=$(translatable_files "$src") || return 1
  [ -n "$found" ] || { echo "xgettext found no translatable file at all"; return 1; }
  while IFS= read -r f; do
    if ! grep -qxF "$f" "$src/po/POTFILES"; then
      echo "$f has translatable strings but is not in po/POTFILES"
      missing=1
    fi
  done <<<"$found"
  return $missing
}
check "po/POTFILES lists every source and data file with translatable strings" potfiles_complete

# --- every shipped language translates every message ---
# A pot made now from POTFILES (into $work, never po/), each po/LINGUAS
# language merged into a copy: no message may be untranslated or fuzzy.
mkdir -p "$work/l10n"
fresh_pot () {
  grep -v -e '^#' -e '^$' "$src/po/POTFILES" >"$work/l10n/files" || return 1
  xgettext "${xgettext_args[@]}" --package-name=guichet -D "$src" \
    -f "$work/l10n/files" -o "$work/l10n/guichet.pot" || return 1
  local n
  n=$(grep -c '^msgid ' "$work/l10n/guichet.pot")
  [ "$n" -gt 100 ] || { echo "only $n messages in the pot"; return 1; }
}

# po_gaps PO POT: merges PO with POT into $work and prints
# "TRANSLATED FUZZY UNTRANSLATED", then the missing messages, first ones.
po_gaps () {
  local merged="$work/l10n/$(basename "$1")" stats t f u
  LC_ALL=C LANGUAGE= msgmerge --quiet --no-fuzzy-matching -o "$merged" "$1" "$2" || return 1
  stats=$(LC_ALL=C LANGUAGE= msgfmt --statistics -o /dev/null "$merged" 2>&1) || return 1
  t=$(sed -n 's/^\([0-9]*\) translated message.*/\1/p' <<<"$stats")
  f=$(sed -n 's/.* \([0-9]*\) fuzzy translation.*/\1/p' <<<"$stats")
  u=$(sed -n 's/.* \([0-9]*\) untranslated message.*/\1/p' <<<"$stats")
  echo "${t:-0} ${f:-0} ${u:-0}"
  msgattrib --no-obsolete --no-wrap --only-fuzzy "$merged" | grep '^msgid "[^"]' | head -n 10
  msgattrib --no-obsolete --no-wrap --untranslated "$merged" | grep '^msgid "[^"]' | head -n 10
}

po_complete () {
  local lang gaps t f u bad=0
  for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
    gaps=$(po_gaps "$src/po/$lang.po" "$work/l10n/guichet.pot") || return 1
    read -r t f u <<<"$(head -n 1 <<<"$gaps")"
    echo "$lang: $t translated, $f fuzzy, $u untranslated"
    if [ "$t" -eq 0 ] || [ "$f" -ne 0 ] || [ "$u" -ne 0 ]; then
      tail -n +2 <<<"$gaps"
      bad=1
    fi
  done
  [ $bad -eq 0 ] || echo "Translate them: meson compile -C build guichet-pot guichet-update-po, then edit po/LANG.po."
  return $bad
}

# The check sees a message added to the sources: a pot with one more
# message than the translations leaves exactly one untranslated.
po_complete_canary () {
  local lang gaps t f u
  cp "$work/l10n/guichet.pot" "$work/l10n/canary.pot" || return 1
  printf '\n#: src/nowhere.c:1\nmsgid "A message no translation has yet"\nmsgstr ""\n' >>"$work/l10n/canary.pot"
  local u0
  lang=$(grep -v '^#' "$src/po/LINGUAS" | head -n 1)
  gaps=$(po_gaps "$src/po/$lang.po" "$work/l10n/guichet.pot") || return 1
  read -r t f u0 <<<"$(head -n 1 <<<"$gaps")"
  gaps=$(po_gaps "$src/po/$lang.po" "$work/l10n/canary.pot") || return 1
  read -r t f u <<<"$(head -n 1 <<<"$gaps")"
  [ "$u" -eq $((u0 + 1)) ] && msgattrib --untranslated "$work/l10n/$lang.po" | grep -q 'A message no translation has yet' ||
    { echo "$lang with a new message: $gaps"; return 1; }
}

if fresh_pot >"$work/pot.log" 2>&1; then
  check "every language in po/LINGUAS translates every message, none fuzzy" po_complete
  check "a message added to the sources counts as untranslated" po_complete_canary
else
  pot_failed () { cat "$work/pot.log"; return 1; }
  check "xgettext makes a pot from po/POTFILES" pot_failed
fi

potfiles_exist () {
  local f missing=0
  while IFS= read -r f; do
    case "$f" in ''|'#'*) continue ;; esac
    [ -e "$src/$f" ] || { echo "$f"; missing=1; }
  done < "$src/po/POTFILES"
  return $missing
}
if potfiles_exist >"$work/missing"; then
  check "every file in po/POTFILES exists" true
else
  todo "every file in po/POTFILES exists" "not written yet: $(tr '\n' ' ' < "$work/missing")"
fi

# --- Flatpak manifest ---
check "flatpak manifest is valid JSON" "$py" -c 'import json, sys; json.load(open(sys.argv[1]))' "$manifest"

if [ -f "$schema" ]; then
  check "flatpak manifest matches flatpak-builder's JSON schema" "$py" - "$schema" "$manifest" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print('%s: %s' % ('/'.join(map(str, e.path)) or '(top)', e.message))
sys.exit(1 if errors else 0)
PY
else
  check "flatpak manifest schema is in the tree ($schema)" test -f "$schema"
fi

if command -v flatpak-builder >/dev/null 2>&1; then
  # --show-manifest leaves a .flatpak-builder directory in the current one.
  check "flatpak-builder --show-manifest (fatal warnings)" \
    bash -c 'cd "$1" && G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$2" >/dev/null' _ "$work" "$manifest"
else
  skip "flatpak-builder --show-manifest (fatal warnings)" "flatpak-builder is not installed"
fi

manifest_permissions () {
  "$py" - "$manifest" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
args = m.get('finish-args', [])
problems = []
for a in args:
    if a.startswith('--filesystem'):
        problems.append('file system access: ' + a)
    if a in ('--socket=session-bus', '--socket=system-bus'):
        problems.append('whole bus access: ' + a)
    if a.startswith(('--talk-name=', '--own-name=', '--system-talk-name=')) \
            and a != '--talk-name=org.freedesktop.secrets':
        problems.append('bus name not needed: ' + a)
    if a.startswith('--device=') and a != '--device=dri':
        problems.append('device access not needed: ' + a)
for needed in ('--share=network', '--socket=wayland', '--socket=fallback-x11',
               '--talk-name=org.freedesktop.secrets'):
    if needed not in args:
        problems.append('missing ' + needed)
if m.get('command') != 'guichet':
    problems.append('command is not guichet')
if m.get('id', m.get('app-id')) != 'io.github.guichet.Guichet':
    problems.append('id is not io.github.guichet.Guichet')
mods = [x for x in m.get('modules', []) if isinstance(x, dict)]
if not mods or mods[-1].get('name') != 'guichet' or mods[-1].get('buildsystem') != 'meson':
    problems.append('last module is not guichet built with meson')
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
}
check "flatpak manifest asks for no file system, no whole session bus" manifest_permissions

echo "1..$n"
[ $failed -eq 0 ]
