#!/usr/bin/env bash
# Test k7-spec-codemirror as users get it: pack pkg/ and pkg-codemirror/ into tarballs, copy the
# documented example (packages/k7-spec-codemirror/example/) to build/codemirror-example/, install
# its pinned tools (npm ci, cached there by its lock file and Node's version) and both tarballs,
# then example.test.mjs: publint, attw, tsc, a Vite build, Chromium. Expects `make package` to have
# built both packages.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bash scripts/chromium.sh

packs="$repo/build/codemirror-packs"
rm -rf "$packs" && mkdir -p "$packs"
tarballs=()
for dir in pkg pkg-codemirror; do
  tarballs+=("$packs/$(npm pack "./$dir" --pack-destination "$packs" --silent | tail -n 1)")
done

work="$repo/build/codemirror-example"
key="$( (node --version && cat packages/k7-spec-codemirror/example/package-lock.json) | sha256sum | cut -d' ' -f1)"
mkdir -p "$work"
find "$work" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .tools-key -exec rm -rf {} +
cp -r packages/k7-spec-codemirror/example/. "$work/"
cd "$work"
if [[ ! -d node_modules || "$(cat .tools-key 2>/dev/null)" != "$key" ]]; then
  rm -f .tools-key
  npm ci --silent --no-audit --no-fund --prefer-offline
  echo "$key" > .tools-key
fi
rm -rf node_modules/k7-spec node_modules/k7-spec-codemirror
npm install --silent --no-save --no-audit --no-fund "${tarballs[@]}"
# The package's own files are formatted by Prettier (110 columns), as www/'s are.
(cd "$repo" && "$work/node_modules/.bin/prettier" --print-width 110 --check --log-level warn \
  packages/k7-spec-codemirror)
K7_REPO="$repo" K7_CODEMIRROR_TARBALL="${tarballs[1]}" node --test --test-reporter=spec example.test.mjs
