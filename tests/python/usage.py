"""A user's code, type-checked with mypy --strict against the installed stubs (scripts/python.sh
test): the stubs type what the module returns, and refuse a wrong option value or query."""

import k7_spec

diagnostics: list[k7_spec.Diagnostic] = k7_spec.validate("name: demo\n", cni="flannel", ignore=["egress-open"])
for diagnostic in diagnostics:
    span = diagnostic["span"]
    line: int = span["start"]["line"] if span is not None else 0
    print(diagnostic["severity"], diagnostic["code"], line)

rendering = k7_spec.render({"name": "demo"}, workload="deployment", ignore=[{"code": "egress-open", "reason": "a demo"}])
if rendering["explanation"] is not None:
    print(rendering["explanation"]["egress"]["mode"], rendering["yaml"])
schema_title: object = k7_spec.schema()["title"]
version: str = k7_spec.__version__

k7_spec.validate("name: demo\n", cni="calico")  # type: ignore[arg-type]

answer: k7_spec.Reach = k7_spec.reach("name: demo\n", {"from": "sandbox:client", "port": 8080}, cni="cilium")
for phase in answer["phases"]:
    allow_if: str | None = phase["allowIf"]
    for rule in phase["rules"]:
        index: int | None = rule["manifest"]
        entry = rule["spec"]
        print(phase["phase"], phase["verdict"], phase["dependsOn"], allow_if, rule["pointer"], index, entry and entry["path"])
k7_spec.reach("name: demo\n", "pypi.org:443")
k7_spec.reach({"name": "demo"}, {"to": "dns", "protocol": "udp"})
found = k7_spec.connections("name: demo\n", cni="flannel")
before_script: bool = found["beforeScript"]
labels: list[str] = [c["label"] for c in found["connections"] if c["group"] == "name"]
platform_kind: object = k7_spec.platform_policy()["kind"]

k7_spec.reach("name: demo\n", {"to": "pypi.org", "port": "443"})  # type: ignore[arg-type]
k7_spec.reach("name: demo\n", {"port": 443})  # type: ignore[arg-type]
k7_spec.reach("name: demo\n", 443)  # type: ignore[arg-type]

read = k7_spec.read_values("name: demo\npod_non_root: yes\n", ["/pod_non_root"])
for value in read["values"]:
    reason: str | None = value["reason"]
    print(read["problem"], value["path"], value["present"], value["editable"], value["value"], reason)
k7_spec.read_values("name: demo\n", "/pod_non_root")  # type: ignore[arg-type]
