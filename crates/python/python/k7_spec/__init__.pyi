# Types of the package k7_spec (the native module crates/python/src/lib.rs), the Python twin of npm/types.d.ts:
# the dicts are exactly the JSON the k7-spec command prints (docs/api.md#data).
from typing import Any, Literal, TypedDict, Union

__version__: str

Severity = Literal["error", "warning", "info"]

class Position(TypedDict):
    line: int
    """1-based line."""
    column: int
    """1-based column, in UTF-16 code units (what JS strings and editors use)."""
    offset: int
    """0-based offset from the start of the text, in UTF-16 code units."""

class Span(TypedDict):
    start: Position
    end: Position
    """Exclusive."""

class Suppressed(TypedDict):
    kind: Literal["comment", "option"]
    reason: str | None

class Diagnostic(TypedDict):
    code: str
    """Stable kebab-case id, e.g. "invalid-egress-entry"; never reused."""
    severity: Severity
    message: str
    path: str
    """JSON Pointer (RFC 6901) into the spec: "/egress_whitelist/2"."""
    span: Span | None
    """None when the source was a dict or list, not text."""
    help: str | None
    suppressed: Suppressed | None
    """Set when a `# k7-spec: ignore[code] reason` comment or the `ignore` option suppresses it."""

class IgnoreWithReason(TypedDict, total=False):
    code: str
    reason: str

Ignore = Union[str, IgnoreWithReason]
Cni = Literal["cilium", "flannel"]
Workload = Literal["pod", "deployment"]

class Egress(TypedDict):
    mode: Literal["open", "blocked", "cidr-only", "fqdn"]
    dns: Literal["allowed", "blocked", "cluster-dns"]
    ranges: list[str]
    names: list[str]
    summary: str
    details: list[str]

class Ingress(TypedDict):
    summary: str
    details: list[str]

class Security(TypedDict):
    level: Literal["restricted", "baseline", "privileged"]
    summary: str
    details: list[str]

class Phase(TypedDict):
    name: str
    egress: str
    summary: str

class Explanation(TypedDict):
    egress: Egress
    ingress: Ingress
    security: Security
    phases: list[Phase]

class Rendering(TypedDict):
    ok: bool
    """False when any diagnostic is an error."""
    diagnostics: list[Diagnostic]
    manifests: list[dict[str, Any]]
    """Kubernetes objects in apply order; [] when not ok."""
    yaml: str
    """The manifests as one multi-document YAML stream; "" when not ok."""
    explanation: Explanation | None

Source = Union[str, dict[str, Any], list[Any]]

def validate(
    source: Source,
    /,
    *,
    cni: Cni | None = None,
    workload: Workload | None = None,
    ignore: list[Ignore] | None = None,
) -> list[Diagnostic]:
    """Checks a spec (YAML or JSON text, or a dict already parsed: then every span is None), for
    the cluster the options describe: the diagnostics sorted by position, then code. Raises
    TypeError or ValueError only for misuse (a source of another type, an unknown option, an
    unknown ignore code or an error's)."""

def render(
    source: Source,
    /,
    *,
    cni: Cni | None = None,
    workload: Workload | None = None,
    ignore: list[Ignore] | None = None,
) -> Rendering:
    """Validates and renders a spec: the diagnostics, the manifests (as dicts and as one YAML
    stream) and the explanation; misuse raises as validate does."""

def schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a spec, a new dict on each call."""
