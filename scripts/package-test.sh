#!/usr/bin/env bash
# Test the npm package as users get it: pack pkg/ into a tarball, install it next to the test
# tools (pinned by tests/wasm-package/package-lock.json) in build/package-test/, and run the
# node --test suites there (Node import, CLI, types, schema, publish checks, the pre-commit hook,
# the GitHub Action, Vite + Chromium).
# The tools' node_modules stay in build/package-test/ between runs, keyed by a hash of the lock
# file and Node's version, so a warm run skips `npm ci`; the freshly packed tarball is installed
# on every run. Temporary files (the CLI test's, Chromium's profiles) go to build/package-test/tmp,
# removed on exit. Expects `make package` to have built pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bash scripts/chromium.sh
bash scripts/pyvenv.sh # pre-commit, for the hook's test

# The native k7-spec (crates/cli): cli.test.mjs runs it on every case next to the npm CLI and
# compares their bytes (K7_NATIVE names another build, such as the one a wheel installs).
cargo build --release --quiet -p k7-spec-cli
native="${K7_NATIVE:-$repo/target/release/k7-spec}"

mkdir -p build
rm -f build/k7-spec-*.tgz
tarball="$repo/build/$(npm pack ./pkg --pack-destination build --silent | tail -n 1)"

work="$repo/build/package-test"
key="$( (node --version && cat tests/wasm-package/package-lock.json) | sha256sum | cut -d' ' -f1)"
# All but the cached tools is copied afresh, so nothing a previous run wrote remains.
mkdir -p "$work"
find "$work" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .tools-key -exec rm -rf {} +
cp -r tests/wasm-package/. "$work/"
export TMPDIR="$work/tmp"
mkdir "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
cd "$work"
if [[ ! -d node_modules || "$(cat .tools-key 2>/dev/null)" != "$key" ]]; then
  rm -f .tools-key
  npm ci --silent --no-audit --no-fund --prefer-offline
  echo "$key" > .tools-key
fi
rm -rf node_modules/k7-spec
npm install --silent --no-save --no-audit --no-fund "$tarball"
# The JS is formatted by Prettier (defaults, 110 columns).
(cd "$repo" && "$work/node_modules/.bin/prettier" --print-width 110 --check --log-level warn \
  npm/*.js npm/*.mjs npm/package.json package.json hooks/*.mjs benches/wasm.mjs \
  tests/wasm-package/*.mjs tests/wasm-package/package.json tests/wasm-package/types/*.ts \
  tests/wasm-package/*/*.js tests/wasm-package/*/*.html)
K7_REPO="$repo" K7_TARBALL="$tarball" K7_NATIVE="$native" node --test --test-reporter=spec \
  package.test.mjs cli.test.mjs report.test.mjs publish.test.mjs hooks.test.mjs action.test.mjs \
  schema.test.mjs yaml-language-server.test.mjs browser.test.mjs paths.test.mjs
