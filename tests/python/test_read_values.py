"""The module's read_values() against PyYAML, the loader K7 reads specs with: on every fixture each
field's value is what yaml.safe_load gives K7 (a flag by Python's truthiness), and its span is the
text of the value."""

import os
from pathlib import Path

import pytest
import yaml

import k7_spec

REPO = Path(os.environ["K7_REPO"])
FIXTURES = sorted(p for p in (REPO / "tests/fixtures").iterdir() if p.suffix in (".yaml", ".json"))
FIELDS = sorted(k7_spec.schema()["properties"])
FLAGS = {name for name, field in k7_spec.schema()["properties"].items() if {"type": "boolean"} in field.get("anyOf", [])}
assert FLAGS == {"pod_non_root", "container_non_root", "docker"}


def as_read(value: object) -> object:
    """PyYAML's value as read_values writes it: an integer past 64 bits keeps its text."""
    if isinstance(value, list):
        return [as_read(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return str(value)
    return value


def utf16(text: str, start: int, end: int) -> str:
    """The text between two UTF-16 offsets."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def test_yes_is_k7s_true_and_the_reason_for_an_anchor() -> None:
    text = "name: demo\nimage: alpine:3.20\npod_non_root: yes\ncap_add: &caps [NET_RAW]\n"
    read = k7_spec.read_values(text, ["/pod_non_root", "/cap_add", "/container_non_root"])
    assert read["problem"] is None
    flag, caps, off = read["values"]
    assert (flag["present"], flag["value"], flag["editable"], flag["reason"]) == (True, True, True, None)
    assert caps["value"] == ["NET_RAW"] and not caps["editable"]
    assert caps["reason"] == "it carries the anchor `&caps`, which aliases repeat elsewhere"
    assert (off["present"], off["value"], off["span"]) == (False, False, None)
    assert k7_spec.edit(text, [{"op": "set", "path": "/pod_non_root", "value": False}]).count("pod_non_root: false") == 1
    with pytest.raises(TypeError, match="read_values takes a list of JSON Pointers"):
        k7_spec.read_values(text, "/pod_non_root")  # type: ignore[arg-type]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_values_are_what_pyyaml_gives_k7(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    read = k7_spec.read_values(text, [f"/{name}" for name in FIELDS])
    if read["problem"] is not None:
        return
    loaded = yaml.safe_load(text)
    for name, value in zip(FIELDS, read["values"]):
        k7 = loaded.get(name)
        assert value["present"] == (k7 is not None), name
        if k7 is None:
            continue
        assert value["value"] == (bool(k7) if name in FLAGS else as_read(k7)), name
        # The span is the value's text: on one line, it reads alone as the same value.
        span = value["span"]
        written = utf16(text, span["start"]["offset"], span["end"]["offset"])
        if "\n" not in written:
            assert as_read(yaml.safe_load(written)) == as_read(k7), name
