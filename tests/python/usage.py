"""A user's code, type-checked with mypy --strict against the installed stubs (scripts/python.sh
test): the stubs type what the module returns, and refuse a wrong option value."""

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
