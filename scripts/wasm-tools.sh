#!/usr/bin/env bash
# Install what building and testing the wasm module needs: the wasm32 target and the
# wasm-bindgen CLI at exactly the version Cargo.toml pins (the CLI and the crate must agree).
# Idempotent and silent when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "wasm-tools: adding the wasm32-unknown-unknown target" >&2
  rustup target add wasm32-unknown-unknown >&2
fi

# The pin, from Cargo.toml (`wasm-bindgen = "=0.2.130"`), so the version lives in one place.
want="$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9.]*\)".*/\1/p' Cargo.toml)"
if [[ -z "$want" ]]; then
  echo "wasm-tools: cannot find the wasm-bindgen pin in Cargo.toml" >&2
  exit 1
fi
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" || true
if [[ "$have" != "$want" || "$runner" != "$want" ]]; then
  echo "wasm-tools: installing wasm-bindgen-cli $want (found '${have:-none}'), a few minutes" >&2
  # --locked fails for this CLI's published lockfile here; the version pin is what matters.
  cargo install --quiet --force wasm-bindgen-cli --version "$want" >&2
fi
