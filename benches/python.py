"""`make bench`'s Python rows (scripts/python.sh bench): the module's `validate` next to the
pure-Python check a user would write without it, PyYAML's `safe_load` and `jsonschema` with the
shipped schema (pkg/k7-spec.schema.json, from `make package`), on the K7 example and on a
1,000-entry whitelist (benches/harness/mod.rs's `whitelist`); then the module's `reach` and
`connections` on benches/reach.rs's inputs and queries, results converted to dicts included.
Median of repeated runs."""

import json
import statistics
import sys
import time
from pathlib import Path

import jsonschema
import yaml

import k7_spec

REPO = Path(sys.argv[1])
SCHEMA = json.loads((REPO / "pkg/k7-spec.schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def whitelist(n: int) -> str:
    entries = "".join(f"  - 10.{(i >> 8) & 255}.{i & 255}.0/24\n" for i in range(n))
    return f"name: demo\nimage: alpine:3.20\negress_whitelist:\n{entries}"


def mixed_whitelist(n: int) -> str:
    """benches/harness/mod.rs's `mixed_whitelist`: ranges, names and wildcards in turn."""
    def entry(i: int) -> str:
        return [f"10.{(i >> 8) & 255}.{i & 255}.0/24", f"host-{i}.example.com", f'"*.svc-{i}.example.org"'][i % 3]

    entries = "".join(f"  - {entry(i)}\n" for i in range(n))
    return f"name: demo\nimage: alpine:3.20\nbackend: k7d\negress_whitelist:\n{entries}"


def median_ms(call, source: str) -> float:
    """The median over 15 samples of one call's time, each sample timing enough calls to take
    about 20 ms (after one warm-up call)."""
    call(source)
    start = time.perf_counter()
    call(source)
    once = time.perf_counter() - start
    repeat = max(1, int(0.02 / max(once, 1e-9)))
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        for _ in range(repeat):
            call(source)
        samples.append((time.perf_counter() - start) / repeat)
    return statistics.median(samples) * 1000


def baseline(loader):
    """What a user writes: load the YAML, then every schema error."""
    return lambda source: list(VALIDATOR.iter_errors(yaml.load(source, Loader=loader)))


CASES = [
    ("K7 example", (REPO / "tests/fixtures/valid--k7-example.yaml").read_text()),
    ("1000-entry whitelist", whitelist(1000)),
]
CALLS = [
    ("k7_spec.validate", k7_spec.validate),
    ("PyYAML safe_load + jsonschema", baseline(yaml.SafeLoader)),
    ("PyYAML CSafeLoader + jsonschema", baseline(getattr(yaml, "CSafeLoader", yaml.SafeLoader))),
]

print("| Python: validate | module | PyYAML + jsonschema | with libyaml's CSafeLoader | module speed-up |")
print("|---|---:|---:|---:|---:|")
for name, source in CASES:
    module, pure, libyaml = (median_ms(call, source) for _, call in CALLS)
    print(f"| {name} | {module:.3f} ms | {pure:.3f} ms | {libyaml:.3f} ms | {pure / module:.0f}x ({libyaml / module:.0f}x) |")

# benches/reach.rs's calls: reach of the harness's REACH_EXAMPLE and REACH_WHITELIST queries.
print()
print("| Python: connectivity | K7 example | 1000-entry whitelist |")
print("|---|---:|---:|")
example, big = CASES[0][1], mixed_whitelist(1000)
for name, on_example, on_big in [
    ("k7_spec.reach", lambda s: k7_spec.reach(s, "pypi.org:443"), lambda s: k7_spec.reach(s, "internet")),
    ("k7_spec.connections", k7_spec.connections, k7_spec.connections),
]:
    print(f"| {name} | {median_ms(on_example, example):.3f} ms | {median_ms(on_big, big):.3f} ms |")
