#!/usr/bin/env bash
# The Rust components `make test` uses beyond cargo itself; quiet when they are present.
set -euo pipefail
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done
