#!/usr/bin/env bash
# Renders every valid fixture, and every K7 golden spec as K7's Deployment under both CNIs,
# into build/manifests/ and checks the manifests:
#   1. kubernetes-validate --strict against Kubernetes 1.37.0 (CiliumNetworkPolicy has no schema
#      there and only warns; its shape is checked by tests/cilium_shape.rs instead);
#   2. PyYAML, a YAML 1.1 reader like K7's and kubectl's, reads each YAML file back as exactly
#      the JSON manifests (so nothing needed quoting that was left plain);
#   3. checkov's hardening checks on the hardened fixture (both non-root flags): CKV_K8S_20, 23,
#      28, 31 and 37 must all pass, and nothing may fail (checkov exits 0 when it checked nothing,
#      so the passed checks are counted).
# Exits non-zero on any failure. Usage: scripts/check-manifests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD="${BUILD_DIR:-build}"
VENV="$BUILD/venv"
OUT="$BUILD/manifests"
HARDENED="valid--hardened"
CHECKS=(CKV_K8S_20 CKV_K8S_23 CKV_K8S_28 CKV_K8S_31 CKV_K8S_37)

scripts/pyvenv.sh
rm -rf "$OUT"
mkdir -p "$OUT"
cargo run --quiet --example render -- --fixtures "$OUT"

shopt -s nullglob
files=("$OUT"/*.yaml)
if (( ${#files[@]} == 0 )); then
  echo "check-manifests: no manifests were rendered" >&2
  exit 1
fi
status=0

echo "check-manifests: kubernetes-validate --strict -k 1.37.0 on ${#files[@]} files" >&2
log="$OUT/kubernetes-validate.log"
if ! "$VENV/bin/kubernetes-validate" --strict -k 1.37.0 --quiet "${files[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "check-manifests: kubernetes-validate failed" >&2
  status=1
fi
# Only the CiliumNetworkPolicy may lack a schema; any other warning is a failure.
if grep -v "Couldn't find schema for kind CiliumNetworkPolicy with api version cilium.io/v2" "$log" \
    | grep -E "WARN|ERROR" >&2; then
  echo "check-manifests: unexpected kubernetes-validate warnings" >&2
  status=1
fi

echo "check-manifests: reading the YAML back with PyYAML (YAML 1.1)" >&2
if ! "$VENV/bin/python" - "${files[@]}" <<'PY'
import json, sys, yaml
bad = 0
for path in sys.argv[1:]:
    with open(path) as f:
        docs = list(yaml.safe_load_all(f))
    with open(path[: -len(".yaml")] + ".json") as f:
        manifests = json.load(f)
    if docs != manifests:
        print(f"{path}: PyYAML reads something else than the JSON manifests", file=sys.stderr)
        bad = 1
sys.exit(bad)
PY
then
  status=1
fi

target="$OUT/$HARDENED.yaml"
echo "check-manifests: checkov ${CHECKS[*]} on $target" >&2
if [[ ! -f "$target" ]]; then
  echo "check-manifests: $target was not rendered" >&2
  status=1
else
  report="$OUT/checkov.json"
  checks="$(IFS=,; echo "${CHECKS[*]}")"
  "$VENV/bin/checkov" --framework kubernetes --skip-download -f "$target" \
    --check "$checks" -o json >"$report" || true
  if ! "$VENV/bin/python" - "$report" "${CHECKS[@]}" <<'PY'
import json, sys
report, wanted = sys.argv[1], set(sys.argv[2:])
with open(report) as f:
    data = json.load(f)
runs = data if isinstance(data, list) else [data]
passed, failed = set(), []
for run in runs:
    results = run.get("results", {})
    passed |= {c["check_id"] for c in results.get("passed_checks", [])}
    failed += [(c["check_id"], c.get("resource")) for c in results.get("failed_checks", [])]
missing = sorted(wanted - passed)
if failed or missing:
    print(f"checkov: failed {failed}, not passed {missing}", file=sys.stderr)
    sys.exit(1)
print(f"checkov: passed {sorted(passed)}", file=sys.stderr)
PY
  then
    status=1
  fi
fi

if (( status == 0 )); then
  echo "check-manifests: all checks passed" >&2
fi
exit "$status"
