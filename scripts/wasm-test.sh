#!/usr/bin/env bash
# The JS boundary (tests/wasm.rs) with wasm-bindgen-test, in Node and then in headless
# Chromium, after clippy for the wasm target (it sees src/wasm.rs, which native builds skip).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/wasm-tools.sh
bash scripts/chromium.sh

# The library and its wasm tests: the native suites (proptest) do not build for wasm32. Twice:
# the browser module's bindings, and the Node module's (the `tools` feature: every export), which
# the tests then run.
cargo clippy --quiet --lib --test wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet --lib --test wasm --target wasm32-unknown-unknown --features tools -- -D warnings
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
echo "wasm-test: Node" >&2
cargo test --target wasm32-unknown-unknown --test wasm --features tools
echo "wasm-test: headless Chromium" >&2
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm --features tools
