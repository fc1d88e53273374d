#!/usr/bin/env bash
# `make bench`: one Markdown table. The wasm rows come from benches/wasm.mjs run against the
# packed tarball (installed in a temporary folder with the pinned `yaml`); the native rows from
# `cargo bench`, folded in when they use criterion's output format, else printed after.
# Expects `make package` to have built pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

mkdir -p build
rm -f build/k7-spec-*.tgz
tarball="$repo/build/$(npm pack ./pkg --pack-destination build --silent | tail -n 1)"
work="$(mktemp -d "${TMPDIR:-/tmp}/k7-spec-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp tests/wasm-package/package.json tests/wasm-package/package-lock.json "$work/"
cp benches/wasm.mjs "$work/"
(cd "$work" && npm ci --silent --no-audit --no-fund --prefer-offline \
  && npm install --silent --no-save --no-audit --no-fund "$tarball")

table="$(cd "$work" && K7_REPO="$repo" node wasm.mjs)"
native=""
if compgen -G "benches/*.rs" > /dev/null; then
  native="$(cargo bench --quiet 2>/dev/null || true)"
fi
rows="$(printf '%s\n' "$native" | awk '
  /time:[ \t]*\[/ {
    name = $0; sub(/[ \t]*time:.*/, "", name); gsub(/^[ \t]+|[ \t]+$/, "", name)
    if (name == "") name = last
    match($0, /\[[^]]*\]/); split(substr($0, RSTART + 1, RLENGTH - 2), t, " ")
    printf "| native `%s` (criterion median) | %s %s | | | |\n", name, t[3], t[4]
    next
  }
  NF { last = $0 }')"
echo "$table"
[[ -n "$rows" ]] && echo "$rows"
if [[ -z "$rows" ]]; then
  if [[ -n "$native" ]]; then
    echo
    echo "native (cargo bench):"
    echo "$native"
  else
    echo "| native | no benches/*.rs yet | | | |"
  fi
fi
