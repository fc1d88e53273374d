#!/usr/bin/env bash
# Create/refresh the Python venv holding the manifest checking tools and pre-commit.
# Idempotent: a stamp file records the pinned set; when it matches, exit silently.
# Usage: scripts/pyvenv.sh            (venv at ${BUILD_DIR:-build}/venv)
#        scripts/pyvenv.sh nca        (network-config-analyzer alone, at ${BUILD_DIR:-build}/nca-venv)
set -euo pipefail
cd "$(dirname "$0")/.."

PINS=(
  "kubernetes-validate==1.37.0"
  "checkov==3.3.30"
  # The pre-commit hook's test (tests/wasm-package/hooks.test.mjs); nodeenv makes its node
  # environment from the machine's node.
  "pre-commit==4.7.0"
  "nodeenv==1.12.0"
  # The report formats' validators (tests/report/check.py); rfc3986-validator lets jsonschema
  # check the uri and uri-reference formats, which it skips without it.
  "jsonschema==4.26.0"
  "rfc3986-validator==0.1.1"
  "xmlschema==4.3.2"
  "junitparser==5.0.3"
  # The Python package (scripts/python.sh): maturin builds its wheel and sdist; mypy checks its
  # type stubs; PyYAML is the pure-Python baseline of `make bench` (with jsonschema above).
  "maturin==1.16.0"
  "mypy==2.4.1"
  "pyyaml==6.0.3"
)

VENV="${BUILD_DIR:-build}/venv"
# network-config-analyzer, the independent evaluator of `reach` (tests/reach/compare.py), pins its
# dependencies exactly (networkx 3.2.1, PyYAML 6.0.2), which checkov (networkx<2.7) and the PyYAML
# above refuse: it gets a venv of its own.
if [[ "${1:-}" == nca ]]; then
  PINS=("network-config-analyzer==2.1.0")
  VENV="${BUILD_DIR:-build}/nca-venv"
fi
STAMP="$VENV/.k7-pins"
PY="${PYTHON:-python3}"
WANT="$("$PY" -c 'import sys; print("python=%d.%d" % sys.version_info[:2])') ${PINS[*]}"

# Fast path: same pins already installed and the venv interpreter still runs.
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]] \
   && "$VENV/bin/python" -c '' 2>/dev/null; then
  exit 0
fi

echo "pyvenv: installing ${PINS[*]} into $VENV" >&2
rm -f "$STAMP"
if ! "$VENV/bin/python" -c '' 2>/dev/null; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  --no-input "${PINS[@]}"
printf '%s\n' "$WANT" > "$STAMP"
echo "pyvenv: done" >&2
