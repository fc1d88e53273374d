"""The PyPI package k7-spec as a user installs it (scripts/python.sh test: the wheel in a fresh
venv): the module's results are the JSON the installed `k7-spec` command prints, on every
fixture; misuse raises with the JS API's messages; the command is on PATH with the version."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import k7_spec

REPO = Path(os.environ["K7_REPO"])
FIXTURES = sorted(p for p in (REPO / "tests/fixtures").iterdir() if p.suffix in (".yaml", ".json"))
GOOD = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n"


def cli(*args: str, status: tuple[int, ...] = (0, 1)) -> object:
    """The installed command's JSON output (--no-config: the repository's config is not the
    module's business)."""
    run = subprocess.run(["k7-spec", *args], capture_output=True, text=True)
    assert run.returncode in status, run.stderr
    return json.loads(run.stdout)


def test_the_command_is_the_wheels_and_has_the_packages_version() -> None:
    command = shutil.which("k7-spec")
    assert command is not None
    assert Path(command).parent == Path(sys.prefix) / "bin"
    assert os.access(command, os.X_OK)
    # The native binary itself, no shim: the one cli.test.mjs compares with the npm CLI byte for
    # byte (make package-test).
    assert Path(command).read_bytes() == (REPO / "target/release/k7-spec").read_bytes()
    version = tomllib.loads((REPO / "Cargo.toml").read_text())["package"]["version"]
    assert k7_spec.__version__ == version
    run = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
    assert version in run.stdout.split()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_validate_and_render_return_what_the_command_prints(fixture: Path) -> None:
    source = fixture.read_bytes().decode()  # as the command reads it: CRLF stays
    [printed] = cli("validate", "--no-config", "--format", "json", str(fixture))
    assert printed["file"] == str(fixture)
    assert k7_spec.validate(source) == printed["diagnostics"]
    assert k7_spec.render(source) == cli("render", "--no-config", "--format", "json", str(fixture))


@pytest.mark.parametrize(
    "options, flags",
    [
        ({"cni": "flannel"}, ["--cni", "flannel"]),
        ({"workload": "deployment"}, ["--workload", "deployment"]),
        ({"ignore": ["powerful-capability"]}, ["--ignore", "powerful-capability"]),
    ],
)
def test_options_mean_what_the_commands_flags_mean(options: dict, flags: list[str], tmp_path: Path) -> None:
    source = GOOD + "cap_add: [SYS_ADMIN]\n"
    path = tmp_path / "k7.yaml"
    path.write_text(source)
    [printed] = cli("validate", "--no-config", "--format", "json", *flags, str(path))
    assert k7_spec.validate(source, **options) == printed["diagnostics"]
    rendered = cli("render", "--no-config", "--format", "json", *flags, str(path))
    assert k7_spec.render(source, **options) == rendered


def test_the_options_change_the_result() -> None:
    assert [d["code"] for d in k7_spec.validate(GOOD, cni="flannel")] == ["fqdn-needs-cilium"]
    [suppressed] = k7_spec.validate(GOOD.replace("[pypi.org]", "[]"), ignore=[{"code": "dns-blocked", "reason": "a demo"}])
    assert suppressed["suppressed"] == {"kind": "option", "reason": "a demo"}
    manifests = k7_spec.render(GOOD, workload="deployment")["manifests"]
    assert "Deployment" in [m["kind"] for m in manifests]
    # None is an option left out, as `undefined` is in JavaScript.
    assert k7_spec.render(GOOD, cni=None, workload=None, ignore=None) == k7_spec.render(GOOD)


def test_schema_is_the_commands_and_a_new_dict_each_call() -> None:
    schema = k7_spec.schema()
    assert schema == cli("schema", "--format", "json", status=(0,))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    schema["title"] = "changed"
    assert k7_spec.schema()["title"] != "changed"


def test_a_dict_is_read_as_its_json_with_no_spans() -> None:
    spec = {"name": "demo", "image": "alpine:3.20", "egress_whitelist": ["pypi.org"], "cap_add": ["SYS_ADMIN"]}
    diagnostics = k7_spec.validate(spec)
    assert [d["code"] for d in diagnostics] == [d["code"] for d in k7_spec.validate(json.dumps(spec))]
    assert diagnostics and all(d["span"] is None for d in diagnostics)
    assert k7_spec.render(spec)["ok"]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: k7_spec.validate(3), TypeError, "k7-spec: source must be YAML or JSON text or a dict, got an int"),
        (lambda: k7_spec.render(b"name: x"), TypeError, "k7-spec: source must be YAML or JSON text or a dict, got a bytes"),
        (
            lambda: k7_spec.validate(GOOD, cnii="flannel"),
            TypeError,
            'k7-spec: invalid options {"cnii":"flannel"}: unknown field `cnii`, expected one of `cni`, `workload`, `ignore`',
        ),
        (
            lambda: k7_spec.render(GOOD, cni="calico"),
            ValueError,
            'k7-spec: invalid options {"cni":"calico"}: unknown variant `calico`, expected `cilium` or `flannel`',
        ),
        (
            lambda: k7_spec.validate(GOOD, ignore=["egres-open"]),
            ValueError,
            'k7-spec: invalid options {"ignore":["egres-open"]}: no code `egres-open`: did you mean `egress-open`?',
        ),
        (
            lambda: k7_spec.validate(GOOD, ignore=["invalid-port"]),
            ValueError,
            'k7-spec: invalid options {"ignore":["invalid-port"]}: `invalid-port` is an error, and errors cannot be '
            "ignored: K7 refuses the spec or it cannot mean what it says",
        ),
        (lambda: k7_spec.validate(GOOD, ignore=[object()]), TypeError, "k7-spec: options.ignore cannot be read as JSON: "),
        (lambda: k7_spec.validate({"image": object()}), TypeError, "k7-spec: source cannot be read as JSON: "),
    ],
)
def test_misuse_raises_with_the_js_apis_message(call, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value).startswith(message), str(raised.value)
    # The module stays usable.
    assert k7_spec.validate(GOOD) == []


def test_the_readmes_example_prints_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text()
    for name in ("bad.yaml", "k7.yaml"):
        spec = readme.split(f"$ cat {name}\n", 1)[1].split("\n$ ", 1)[0]
        (tmp_path / name).write_text(spec + "\n")
    section = readme.split("\n## Python\n", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == printed
