#!/usr/bin/env bash
# `make bench`: Markdown tables, measured back to back on this machine.
#  1. `validate`, `render`, `reach` and `connections`, native (`cargo bench`, benches/*.rs) next
#     to the packed npm package in Node (benches/wasm.mjs) on the same inputs, with the ratio
#     wasm/native, and the size of both wasm modules (the browser's, whose size is the goal, and
#     Node's);
#  2. the modules built at each opt-level of Cargo.toml's [profile.wasm], with LLVM's defaults
#     for that level or, after a colon, the LLVM options given, comma-separated
#     (K7_BENCH_OPT_LEVELS, default below; empty skips it; builds cached in target/opt-level/),
#     then the package as built: the browser module's size, and the speed through Node's;
#  3. the native benches' own rows (time per entry, peak heap), and the command lines: the native
#     k7-spec (crates/cli) against the npm package's (benches/cli.py: a cold start, 1,000 files in
#     one invocation, peak memory);
#  4. the worst-case generator (benches/worst.rs): each hostile family of
#     tests/hostile/families.rs at the 1 MiB limit against a benign spec of the same size,
#     validate and render, the worst ratio (goal <= 3x), and the peak heap of a refused input;
#  5. the editor's rows (scripts/www.sh bench);
#  6. the Python module's validate against PyYAML + jsonschema, and its reach and connections
#     (scripts/python.sh bench).
# Expects `make package` to have built pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

mkdir -p build/bench
cargo bench --quiet --bench validate --bench render --bench reach > build/bench/native.out
grep '^|' build/bench/native.out > build/bench/native.md

# Besides the opt-levels: "s" with LLVM's inline hint threshold lowered (325 -> 175), nearly the
# speed of "s" for 14 KB gzip less; "z" with the inline threshold raised (5 -> 50). See
# [profile.wasm] in Cargo.toml.
levels=()
rm -rf build/bench/opt-*
for level in ${K7_BENCH_OPT_LEVELS-s z 2 3 s:-inlinehint-threshold=175 z:-inline-threshold=50}; do
  echo "bench: the module at opt-level $level" >&2
  options=""
  [[ "$level" == *:* ]] && options="${level#*:}"
  dir="build/bench/opt-${#levels[@]}"
  K7_WASM_LLVM_ARGS="${options//,/ }" CARGO_PROFILE_WASM_OPT_LEVEL="${level%%:*}" \
    CARGO_TARGET_DIR=target/opt-level bash scripts/package.sh --module "$dir"
  levels+=("$level=$repo/$dir")
done

rm -f build/k7-spec-*.tgz
tarball="$repo/build/$(npm pack ./pkg --pack-destination build --silent | tail -n 1)"
work="$(mktemp -d "${TMPDIR:-/tmp}/k7-spec-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp benches/wasm.mjs "$work/"
(cd "$work" && npm install --silent --no-save --no-audit --no-fund --prefer-offline "$tarball")
(cd "$work" && K7_REPO="$repo" K7_NATIVE="$repo/build/bench/native.md" K7_OPT_LEVELS="${levels[*]}" \
  node wasm.mjs)
echo
cat build/bench/native.md
echo
cargo build --release --quiet -p k7-spec-cli
python3 benches/cli.py target/release/k7-spec "$work/node_modules/.bin/k7-spec"
echo
cargo bench --quiet --bench worst | grep '^|'
echo
echo "| editor in Chromium | figure | | | goal |"
echo "|---|---:|---|---|---|"
bash scripts/www.sh bench
echo
bash scripts/python.sh bench
