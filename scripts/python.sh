#!/usr/bin/env bash
# The PyPI package k7-spec (crates/python): the module k7_spec and the native `k7-spec` command.
#   scripts/python.sh build   the wheel and the sdist into build/python/ (make package)
#   scripts/python.sh test    the wheel installed into a fresh venv, then pytest on tests/python/
#                             and mypy --strict on a user's code (make python-test)
#   scripts/python.sh bench   benches/python.py: the module against PyYAML + jsonschema (make bench)
# maturin, mypy and pre-commit come from scripts/pyvenv.sh's venv; pytest and PyYAML are pinned here, as the
# fresh venv's only other packages. Offline but for PyPI (and crates.io through cargo).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=build/python
PYTEST="pytest==9.2.0"
# K7's own loader, the outside truth of tests/python/test_read_values.py (pyvenv.sh's pin).
PYYAML="pyyaml==6.0.3"

build() {
  bash scripts/pyvenv.sh
  local data=crates/python/k7_spec.k7_spec.data
  rm -rf "$OUT" "$data" && mkdir -p "$OUT"
  # The sdist first, without the data folder: an sdist holds sources, not this machine's binary.
  # Built from it, pip gets the module; the command comes with the wheels.
  build/venv/bin/maturin sdist -m crates/python/Cargo.toml -o "$OUT"
  cargo build --release --quiet -p k7-spec-cli
  # cp keeps the executable bit; the wheel records it, and pip installs the file into bin/ with it.
  mkdir -p "$data/scripts"
  cp target/release/k7-spec "$data/scripts/k7-spec"
  build/venv/bin/maturin build --release --quiet -m crates/python/Cargo.toml -o "$OUT"
  rm -rf "$data"
  ls "$OUT"/*.whl "$OUT"/*.tar.gz >&2
}

test() {
  local venv="$OUT/test-venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "$PYTEST" "$PYYAML" "$OUT"/k7_spec-*.whl
  # The command is the wheel's, found on PATH as a user's shell finds it after `pip install`.
  PATH="$PWD/$venv/bin:$PATH" K7_REPO="$PWD" "$venv/bin/python" -m pytest -q tests/python
  # The stubs as a user's type checker reads them: the installed package, mypy --strict.
  build/venv/bin/mypy --strict --python-executable "$venv/bin/python" --no-incremental \
    tests/python/usage.py
}

bench() {
  # The wheel unpacked beside the pinned PyYAML and jsonschema of scripts/pyvenv.sh's venv.
  bash scripts/pyvenv.sh
  rm -rf "$OUT/bench-lib"
  build/venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --target "$OUT/bench-lib" "$OUT"/k7_spec-*.whl
  PYTHONPATH="$OUT/bench-lib" build/venv/bin/python benches/python.py "$PWD"
}

"$@"
