#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run from the build tree (not installed), guichet-cli speaks the user's
# language: it binds its text domain to the catalogs meson compiled into
# build/po/LANG/LC_MESSAGES, for its own strings and for those of the
# libraries it links (here the core's). Prints TAP.
set -u

build=${GUICHET_BUILD_ROOT:?GUICHET_BUILD_ROOT is not set}
cli="$build/src/cli/guichet-cli"
work=$(mktemp -d "${TMPDIR:-/tmp}/guichet-l10n.XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0
failed=0

# expect DESC WANT_STATUS TEXT LANGUAGE ARGS...: runs guichet-cli with
# LANGUAGE (empty: unset) and no standard input; ok when it exits with
# WANT_STATUS and TEXT is in what it printed (stdout and stderr).
expect () {
  local desc=$1 want=$2 text=$3 lang=$4 status
  shift 4
  n=$((n + 1))
  if [ -n "$lang" ]; then
    LANGUAGE=$lang "$cli" "$@" </dev/null >"$work/out" 2>&1
  else
    env -u LANGUAGE "$cli" "$@" </dev/null >"$work/out" 2>&1
  fi
  status=$?
  if [ "$status" -eq "$want" ] && grep -qF -- "$text" "$work/out"; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc (exit $status, want $want and “$text”)"
    failed=$((failed + 1))
    sed 's/^/# /' "$work/out" | head -n 20
  fi
}

nb=$(printf '\302\240')  # French puts a no-break space before ":" and inside « »
# glibc honours LANGUAGE in C.UTF-8 (the test wrapper's LC_ALL), not in C.
export LC_ALL=C.UTF-8

expect "no LANGUAGE: --help is in English" 0 \
  "Check a ticket in at the door (exit status 3 when not admitted)" "" --help
expect "LANGUAGE=fr: --help is in French" 0 \
  "Contrôler un billet à l’entrée (code de sortie 3 s’il n’est pas admis)" fr --help
expect "LANGUAGE=es: --help is in Spanish" 0 \
  "Validar una entrada en la puerta (código de salida 3 si no se admite)" es --help
expect "LANGUAGE=fr: a usage error is in French" 2 \
  "nécessite une sous-commande${nb}: list, show, create, update ou delete." fr discount
expect "LANGUAGE=es: a usage error is in Spanish" 2 \
  "necesita una suborden: list, show, create, update o delete." es discount
expect "LANGUAGE=fr: a message with arguments is in French" 2 \
  "Plateforme inconnue${nb}: «${nb}nosuch${nb}»." fr account add nosuch Name
expect "LANGUAGE=fr: a message of the core library is in French" 1 \
  "Impossible de sauvegarder «${nb}" fr backup "$work/no-such-folder/copy.db"
expect "LANGUAGE=de (no catalog): English" 2 \
  "“discount” needs a sub-command" de discount

echo "1..$n"
[ $failed -eq 0 ]
