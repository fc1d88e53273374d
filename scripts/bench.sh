#!/usr/bin/env bash
# `make bench`: one Markdown table. The wasm rows come from benches/wasm.mjs run against the
# packed tarball (installed in a temporary folder with the pinned `yaml`); the native rows from
# `cargo bench`, whose Markdown rows are folded in; the editor's rows from scripts/www.sh bench.
# Expects `make package` to have built pkg/. The latest table lives in docs/benchmarks.md,
# between its bench markers.
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
# The native programs print Markdown rows `| case | median | per entry | goal |`; fold them in.
rows="$(printf '%s\n' "$native" | awk -F'|' '
  NF >= 5 && $3 ~ /[0-9]/ {
    for (i = 2; i <= 5; i++) gsub(/^[ \t]+|[ \t]+$/, "", $i)
    label = "native `" $2 "`" ($4 != "-" && $4 != "" ? " (" $4 " per entry)" : "")
    printf "| %s | %s | | | %s |\n", label, $3, $5
  }')"
echo "$table"
if [[ -n "$rows" ]]; then
  echo "$rows"
elif [[ -n "$native" ]]; then
  printf '\nnative (cargo bench):\n%s\n' "$native"
else
  echo "| native | no benches/*.rs yet | | | |"
fi
# The editor's rows: page transfer, cold load to interactive, keystroke to preview (Chromium).
bash scripts/www.sh bench
