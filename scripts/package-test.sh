#!/usr/bin/env bash
# Test the npm package as users get it: pack pkg/ into a tarball, install it into a fresh
# temporary folder next to the test tools (pinned by tests/wasm-package/package-lock.json), and
# run the node --test suites there (Node import, CLI, types, schema, Vite + Chromium).
# Expects `make package` to have built pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bash scripts/chromium.sh

mkdir -p build
rm -f build/k7-spec-*.tgz
tarball="$repo/build/$(npm pack ./pkg --pack-destination build --silent | tail -n 1)"

work="$(mktemp -d "${TMPDIR:-/tmp}/k7-spec-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r tests/wasm-package/. "$work/"
cd "$work"
npm ci --silent --no-audit --no-fund --prefer-offline
npm install --silent --no-save --no-audit --no-fund "$tarball"
# The JS is formatted by Prettier (defaults, 110 columns); api.ts stays a copy of docs/api.md's
# Data block.
(cd "$repo" && "$work/node_modules/.bin/prettier" --print-width 110 --check --log-level warn \
  npm/*.js npm/*.mjs npm/package.json benches/wasm.mjs tests/wasm-package/*.mjs \
  tests/wasm-package/package.json tests/wasm-package/types/usage*.ts tests/wasm-package/*/*.js \
  tests/wasm-package/*/*.html)
K7_REPO="$repo" node --test --test-reporter=spec package.test.mjs cli.test.mjs browser.test.mjs
