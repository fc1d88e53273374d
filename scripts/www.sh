#!/usr/bin/env bash
# The editor in www/: install its pinned dependencies (npm ci, when the lock changed), build the
# static site into www/dist/, then:
#   scripts/www.sh build    nothing more
#   scripts/www.sh test     Prettier, then the editor tests in Chromium (screenshots in build/www/)
#   scripts/www.sh run      serve www/dist/ on http://127.0.0.1:8080 (PORT overrides) until stopped
#   scripts/www.sh bench    the editor's rows of the bench table
#   scripts/www.sh package  instead of the site: the k7-spec-codemirror package, in pkg-codemirror/
#                           (www/package.mjs: the extension and the element, from www/src)
# www/ depends on the package as `file:../pkg`, as a user's project would, so `make package` must
# have built pkg/ (the Makefile's targets see to it).
set -euo pipefail
cd "$(dirname "$0")/.."
command="${1:-build}"
if [[ ! -f pkg/package.json ]]; then
  echo "www: pkg/ is missing: run \`make package\` first" >&2
  exit 2
fi
case "$command" in
  test | bench) bash scripts/chromium.sh ;;
  build | run | package) ;;
  *)
    echo "usage: scripts/www.sh build|test|run|bench|package" >&2
    exit 2
    ;;
esac

cd www
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ||
  ! -f node_modules/k7-spec/package.json ]]; then
  npm ci --silent --no-audit --no-fund --prefer-offline
fi
if [[ "$command" == package ]]; then
  exec node package.mjs ../pkg-codemirror
fi
node_modules/.bin/vite build --logLevel warn
node_modules/.bin/vite build --config vite.element.config.js --logLevel warn

case "$command" in
  test)
    node_modules/.bin/prettier --check --log-level warn .
    node --test --test-reporter=spec test/*.test.mjs
    ;;
  run) exec node serve.mjs --host 127.0.0.1 --port "${PORT:-8080}" ;;
  bench) node test/bench.mjs ;;
esac
