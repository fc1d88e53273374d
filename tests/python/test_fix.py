"""The module's fix() and edit() against the installed k7-spec command and the core's contract."""

import pytest

import k7_spec

HOST_BITS = "name: demo  # keep\nimage: alpine:3.20\negress_whitelist:\n  - 10.0.0.5/8\n  - 10.0.0.0/8\n"


def test_fixes_come_with_the_diagnostics():
    found = {d["code"]: d for d in k7_spec.validate(HOST_BITS)}
    fix = found["cidr-host-bits"]["fixes"][0]
    assert fix["title"] == "Write `10.0.0.0/8`"
    assert fix["applicability"] == "safe"
    assert fix["edits"][0]["text"] == "0"
    # Data input has no text to edit: no fixes.
    assert all(d["fixes"] == [] for d in k7_spec.validate({"name": "demo", "image": "a", "egress_whitelist": ["10.0.0.5/8"]}))


def test_fix_applies_safe_fixes_and_keeps_comments():
    fixed = k7_spec.fix(HOST_BITS)
    assert fixed["text"] == "name: demo  # keep\nimage: alpine:3.20\negress_whitelist:\n  - 10.0.0.0/8\n"
    assert fixed["applied"] == 2
    assert not any(d["fixes"] for d in fixed["diagnostics"])
    # Unsafe fixes only when asked: leaving egress out is a finding with an unsafe fix.
    opened = "name: demo\nimage: alpine:3.20\n"
    assert k7_spec.fix(opened)["text"] == opened
    assert k7_spec.fix(opened, unsafe_fixes=True)["applied"] >= 1


def test_edit_is_lossless():
    text = "name: demo  # the name\nimage: alpine:3.20\ningress_ports: [8080]\n"
    edited = k7_spec.edit(
        text,
        [
            {"op": "append", "path": "/ingress_ports", "value": 9090},
            {"op": "set", "path": "/pod_non_root", "value": True},
        ],
    )
    assert edited == "name: demo  # the name\nimage: alpine:3.20\npod_non_root: true\ningress_ports: [8080, 9090]\n"


def test_misuse():
    with pytest.raises(ValueError, match="operation 0"):
        k7_spec.edit("name: a\n", [{"op": "remove", "path": "/nope"}])
    with pytest.raises(TypeError, match="cannot be read"):
        k7_spec.edit("name: a\n", [{"op": "explode"}])
    with pytest.raises(TypeError, match="list of operations"):
        k7_spec.edit("name: a\n", {"op": "set"})
    with pytest.raises(TypeError, match="a str"):
        k7_spec.fix({"name": "a"})  # type: ignore[arg-type]
