"""The module's reach, connections and platform_policy as a user calls them (scripts/python.sh
test: the wheel in a fresh venv): reach answers what the installed `k7-spec reach --format json`
prints, for a grid of connections on every fixture and both CNIs, asked by flags and by a queries
file; connections answers each of its connections as reach does; every deciding rule is in the
rendered manifests or the platform policy at the pointer it names; a bad query raises with the
JS API's message."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import k7_spec

REPO = Path(os.environ["K7_REPO"])
FIXTURES = sorted(p for p in (REPO / "tests/fixtures").iterdir() if p.suffix in (".yaml", ".json"))
SPEC = (
    "name: web\nimage: nginx:1.27\negress_whitelist: [pypi.org, '*.github.com', 10.0.0.0/8]\n"
    "ingress_ports: [8080]\ningress_from: [sandbox:client, 'cidr:203.0.113.0/24']\n"
    "before_script: pip install -r requirements.txt\n"
)

# Each query as the module takes it, and as the command's flags.
GRID: list[tuple[Any, list[str]]] = [
    ("pypi.org", ["--to", "pypi.org"]),
    ("pypi.org:443", ["--to", "pypi.org:443"]),
    ("https://files.pythonhosted.org/packages", ["--to", "https://files.pythonhosted.org/packages"]),
    ({"to": "api.github.com", "port": 22}, ["--to", "api.github.com", "--port", "22"]),
    ("10.1.2.3:5432", ["--to", "10.1.2.3:5432"]),
    ("[2001:db8::1]:443", ["--to", "[2001:db8::1]:443"]),
    ("10.0.0.0/8", ["--to", "10.0.0.0/8"]),
    ({"to": "dns"}, ["--to", "dns"]),
    ({"to": "8.8.8.8:53", "protocol": "udp"}, ["--to", "8.8.8.8:53", "--udp"]),
    ("metadata", ["--to", "metadata"]),
    ("node", ["--to", "node"]),
    ("api-server", ["--to", "api-server"]),
    ("internet", ["--to", "internet"]),
    ("kube-system", ["--to", "kube-system"]),
    ("sandbox:client:8080", ["--to", "sandbox:client:8080"]),
    ("pod:other/app=db", ["--to", "pod:other/app=db"]),
    ({"from": "sandbox:client", "port": 8080}, ["--from", "sandbox:client", "--port", "8080"]),
    ({"from": "sandbox:other/client", "port": 8080}, ["--from", "sandbox:other/client", "--port", "8080"]),
    ({"from": "namespace:other", "port": 9090}, ["--from", "namespace:other", "--port", "9090"]),
    ({"from": "pod:default/app=web,tier=front", "port": 8080}, ["--from", "pod:default/app=web,tier=front", "--port", "8080"]),
    ({"from": "ip:203.0.113.9", "port": 8080}, ["--from", "ip:203.0.113.9", "--port", "8080"]),
    ({"from": "node"}, ["--from", "node"]),
    ({"from": "kube-system", "port": 8080}, ["--from", "kube-system", "--port", "8080"]),
    ({"from": "exec"}, ["--from", "exec"]),
]


def reach_cli(path: Path, flags: list[str], cni: str) -> Any:
    """The installed command's answer (--no-config: the repository's config is not the
    module's business), without what only the command has: its --expect and whether it held."""
    run = subprocess.run(
        ["k7-spec", "reach", "--no-config", "--format", "json", "--cni", cni, *flags, str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    printed = json.loads(run.stdout)
    for answer in printed if isinstance(printed, list) else [printed]:
        del answer["expect"], answer["holds"]
    return printed


@pytest.mark.parametrize("cni", ["cilium", "flannel"])
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_reach_answers_what_the_command_prints(fixture: Path, cni: str) -> None:
    source = fixture.read_bytes().decode()  # as the command reads it: CRLF stays
    for query, flags in GRID:
        assert k7_spec.reach(source, query, cni=cni) == reach_cli(fixture, flags, cni), (query, cni)


@pytest.mark.parametrize("cni", ["cilium", "flannel"])
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_reach_answers_each_line_of_a_queries_file_as_the_command_does(fixture: Path, cni: str, tmp_path: Path) -> None:
    # The grid as a queries file: `to DEST [port P] [udp]`, `from SOURCE [port P]`, one a line.
    lines = [" ".join(flag.removeprefix("--") for flag in flags) for _, flags in GRID]
    queries = tmp_path / "queries.txt"
    queries.write_text("# the grid of test_reach.py\n" + "\n".join(lines) + "\n")
    printed = reach_cli(fixture, ["--queries", str(queries)], cni)
    assert [answer.pop("line") for answer in printed] == list(range(2, len(GRID) + 2))
    source = fixture.read_bytes().decode()
    assert [k7_spec.reach(source, query, cni=cni) for query, _ in GRID] == printed


def resolve(document: Any, pointer: str) -> Any:
    """The value at a JSON Pointer (RFC 6901)."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


@pytest.mark.parametrize("cni", ["cilium", "flannel"])
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_connections_answer_as_reach_and_name_rules_that_exist(fixture: Path, cni: str) -> None:
    source = fixture.read_text()
    found = k7_spec.connections(source, cni=cni)
    rendering = k7_spec.render(source, cni=cni)
    assert found["ok"] == rendering["ok"] and found["diagnostics"] == rendering["diagnostics"]
    assert found["connections"] if found["ok"] else not found["connections"]
    assert len({c["id"] for c in found["connections"]}) == len(found["connections"])
    for connection in found["connections"]:
        side = "to" if connection["direction"] == "egress" else "from"
        query: dict[str, Any] = {side: connection["query"], "port": connection["port"]}
        answer = k7_spec.reach(source, query, cni=cni)
        assert connection["phases"] == answer["phases"], connection["id"]
        assert [p["phase"] for p in answer["phases"]] == ["start", "script", "locked"]
        for phase in answer["phases"]:
            assert (phase["dependsOn"] is not None) == (phase["verdict"] == "depends")
            for rule in phase["rules"]:
                if rule["manifest"] is None:
                    document = k7_spec.platform_policy()
                else:
                    document = rendering["manifests"][rule["manifest"]]
                assert rule["object"] == f'{document["kind"]}/{document["metadata"]["name"]}'
                resolve(document, rule["pointer"])


def test_a_str_is_a_destination_and_none_values_are_left_out() -> None:
    assert k7_spec.reach(SPEC, "pypi.org:443") == k7_spec.reach(SPEC, {"to": "pypi.org:443"})
    assert k7_spec.reach(SPEC, {"to": "pypi.org", "port": None, "protocol": None}) == k7_spec.reach(SPEC, "pypi.org")
    assert k7_spec.reach(SPEC, "dns")["query"]["protocol"] == "UDP"
    assert k7_spec.reach(SPEC, {"to": "dns", "protocol": "TCP"})["query"]["protocol"] == "TCP"


def test_the_answers_a_user_asks_for() -> None:
    def verdicts(query: Any, spec: str = SPEC, **options: Any) -> list[str]:
        return [p["verdict"] for p in k7_spec.reach(spec, query, **options)["phases"]]

    ranges = SPEC.replace("pypi.org, '*.github.com', ", "")  # no names: Flannel can enforce it

    assert verdicts("https://pypi.org/simple") == ["allowed", "allowed", "allowed"]
    assert verdicts("api.github.com:443") == ["allowed", "allowed", "allowed"]
    # Open before lockdown; then an outside address is allowed only if the DNS gave it for a name.
    assert verdicts("internet") == ["allowed", "allowed", "depends"]
    assert "whitelisted names" in str(k7_spec.reach(SPEC, "internet")["phases"][2]["dependsOn"])
    # K7's platform policy denies metadata in every phase on Cilium; Flannel has none.
    assert verdicts("metadata") == ["denied", "denied", "denied"]
    assert verdicts("metadata", ranges, cni="flannel") == ["allowed", "allowed", "denied"]
    assert verdicts({"from": "sandbox:client", "port": 8080})[2] == "allowed"
    assert verdicts({"from": "sandbox:client", "port": 9090})[2] == "denied"
    locked = k7_spec.reach(ranges, "internet")["phases"][2]
    assert locked["verdict"] == "denied" and locked["allowIf"] == "add `93.184.215.14` to egress_whitelist"
    # The name's rule and the DNS rule it needs, each with the spec entry behind it (ASCII text:
    # UTF-16 offsets are str indices).
    name, dns = k7_spec.reach(SPEC, "pypi.org")["phases"][2]["rules"]
    assert (name["pointer"], dns["pointer"]) == ("/spec/egress/1/toFQDNs/0", "/spec/egress/0/toEndpoints/0")
    assert name["spec"] is not None and name["spec"]["path"] == "/egress_whitelist/0"
    span = name["spec"]["span"]
    assert span is not None and SPEC[span["start"]["offset"] : span["end"]["offset"]] == "pypi.org"


def test_a_dict_spec_answers_alike_with_no_spans() -> None:
    spec = {"name": "web", "image": "nginx:1.27", "egress_whitelist": ["pypi.org"], "cap_add": ["SYS_ADMIN"]}
    answer = k7_spec.reach(spec, "pypi.org")
    assert answer["diagnostics"] and all(d["span"] is None for d in answer["diagnostics"])
    entries = [r["spec"] for p in answer["phases"] for r in p["rules"] if r["spec"]]
    assert entries and all(e["span"] is None for e in entries)
    found = k7_spec.connections(spec)
    entries = [r["spec"] for c in found["connections"] for p in c["phases"] for r in p["rules"] if r["spec"]]
    assert entries and all(e["span"] is None for e in entries)
    assert [p["verdict"] for p in answer["phases"]] == [p["verdict"] for p in k7_spec.reach(json.dumps(spec), "pypi.org")["phases"]]


def test_a_spec_with_an_error_answers_nothing() -> None:
    answer = k7_spec.reach("name: web\n", "pypi.org")
    assert not answer["ok"] and answer["phases"] == [] and answer["diagnostics"]
    found = k7_spec.connections("name: web\n")
    assert not found["ok"] and found["connections"] == []


def test_connections_draw_the_spec() -> None:
    found = k7_spec.connections(SPEC)
    assert (found["name"], found["namespace"], found["beforeScript"]) == ("web", "default", True)
    labels = {c["label"]: c for c in found["connections"]}
    for label in ("pypi.org", "*.github.com", "10.0.0.0/8", "cluster DNS", "the internet", "cloud metadata", "sandbox client"):
        assert label in labels, labels.keys()
    # A pattern is asked about through a name it matches.
    assert labels["*.github.com"]["query"].endswith(".github.com")
    directions = [c["direction"] for c in found["connections"]]
    assert directions == sorted(directions)  # egress first, then ingress


def test_platform_policy_is_k7s_and_a_new_dict_each_call() -> None:
    policy = k7_spec.platform_policy()
    # docs/reach.md#k7s-platform-policy-cilium-only: K7's manifests/k7-api/cilium/sandbox-platform-deny.yaml.
    assert policy["kind"] == "CiliumClusterwideNetworkPolicy"
    assert policy["metadata"]["name"] == "k7-sandbox-platform-deny"
    entities, cidrs, endpoints = policy["spec"]["egressDeny"]
    assert entities["toEntities"] == ["host", "remote-node", "kube-apiserver"]
    assert cidrs["toCIDR"] == ["169.254.0.0/16"]
    assert "kube-dns" in json.dumps(endpoints)
    policy["kind"] = "changed"
    assert k7_spec.platform_policy()["kind"] == "CiliumClusterwideNetworkPolicy"


@pytest.mark.parametrize(
    "query, error, message",
    [
        (None, TypeError, 'k7-spec: reach needs a query such as "pypi.org:443", {"to": "pypi.org", "port": 443}'),
        (443, TypeError, 'k7-spec: query must be a dict such as {"to": "pypi.org", "port": 443} or a str, got an int'),
        (["pypi.org"], TypeError, "k7-spec: query must be a dict such as {"),
        ({1: "pypi.org"}, TypeError, "k7-spec: query must have str keys, got an int"),
        ({"too": "pypi.org"}, TypeError, 'k7-spec: invalid query {"too":"pypi.org"}: unknown field `too`, expected one of'),
        ({"to": "pypi.org", "port": "443"}, TypeError, 'k7-spec: invalid query {"port":"443","to":"pypi.org"}: invalid type'),
        ({"to": "pypi.org", "port": 70000}, ValueError, 'k7-spec: invalid query {"port":70000,"to":"pypi.org"}: invalid value'),
        ({"to": "pypi.org", "protocol": "sctp"}, ValueError, 'k7-spec: invalid query {"protocol":"sctp","to":"pypi.org"}: unknown variant'),
        ({"to": "pypi.org", "port": 0}, ValueError, "k7-spec: port 0 is not a port: give 1 to 65535"),
        ({"to": "a", "from": "b"}, ValueError, "k7-spec: a query has exactly one of `to` (a destination) and `from` (a source)"),
        ({}, ValueError, "k7-spec: a query has exactly one of"),
        ("", ValueError, "k7-spec: the query is empty"),
        ("pypi.org:http", ValueError, "k7-spec: `http` is not a port"),
        ({"from": "pypi.org"}, ValueError, "k7-spec: `pypi.org` is not a source: write `sandbox:NAME`"),
        ("x" * 2000, ValueError, "k7-spec: the query is 2000 bytes long"),
        ({"to": "pypi.org", "port": object()}, TypeError, "k7-spec: query.port cannot be read as JSON: "),
    ],
)
def test_a_bad_query_raises_with_the_js_apis_message(query: Any, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        k7_spec.reach(SPEC, query)
    assert str(raised.value).startswith(message), str(raised.value)
    with pytest.raises(ValueError, match="unknown variant `calico`"):
        k7_spec.connections(SPEC, cni="calico")
    assert k7_spec.reach(SPEC, "pypi.org")["ok"]


def test_the_package_readmes_reach_example_prints_what_it_says() -> None:
    readme = (REPO / "crates/python/README.md").read_text()
    section = readme.split("Ask what the sandbox can reach", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == printed
