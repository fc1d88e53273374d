# Types of the package k7_spec (the native module crates/python/src/lib.rs), the Python twin of npm/types.d.ts:
# the dicts are exactly the JSON the k7-spec command prints (docs/api.md#data).
from typing import Any, Literal, TypedDict, Union

from typing_extensions import Required

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
    fixes: list[Fix]
    """The edits that fix it when its help is mechanical; [] otherwise and for a dict source."""

class TextEdit(TypedDict):
    span: Span
    """The replaced range of the original text (UTF-16 positions)."""
    text: str

class Fix(TypedDict):
    title: str
    applicability: Literal["safe", "unsafe"]
    """safe: keeps the spec's meaning; unsafe: changes what the sandbox does."""
    edits: list[TextEdit]

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

class ReachQueryTo(TypedDict, total=False):
    to: Required[str]
    """Where the sandbox connects: a host name, URL, IP, CIDR, `[v6]:PORT`, or `dns`, `metadata`,
    `node`, `api-server`, `internet`, `kube-system`, `sandbox:NAME`, `namespace:NS`,
    `pod:NS/key=value,...`; a `:PORT` suffix gives the port."""
    port: int
    """Overrides a port the destination gives."""
    protocol: Literal["tcp", "udp", "TCP", "UDP"]

# `from` is a keyword, so the ingress query's TypedDict is written in the functional form.
ReachQueryFrom = TypedDict(
    "ReachQueryFrom",
    {"from": Required[str], "port": int, "protocol": Literal["tcp", "udp", "TCP", "UDP"]},
    total=False,
)

ReachQuery = Union[str, ReachQueryTo, ReachQueryFrom]
"""A destination (`"pypi.org:443"`, the same as `{"to": "pypi.org:443"}`) or a dict."""

PhaseName = Literal["start", "script", "locked"]
Verdict = Literal["allowed", "denied", "depends"]

class SpecEntry(TypedDict):
    path: str
    """JSON Pointer into the spec: "/egress_whitelist/2"."""
    span: Span | None
    """None when the source was a dict or list, not text."""

class ReachRule(TypedDict):
    object: str
    """`Kind/name`, such as "NetworkPolicy/demo-netpol"."""
    manifest: int | None
    """Index into render(...)["manifests"]; None for K7's cluster-wide policy (platform_policy())."""
    pointer: str
    """JSON Pointer to the rule inside that object, such as "/spec/egress/1/toFQDNs/0"."""
    spec: SpecEntry | None
    """The spec entry that produced the rule; None for K7's own rules."""
    sentence: str

class ReachPhase(TypedDict):
    phase: PhaseName
    """start (no policy of the sandbox's own yet), script (while before_script runs), locked."""
    verdict: Verdict
    dependsOn: str | None
    """What a "depends" answer turns on (an address, a port, a cluster setting); None otherwise."""
    summary: str
    """The answer in one plain sentence."""
    rules: list[ReachRule]
    """The deciding rules; [] when no policy decides (before lockdown, open egress)."""
    allowIf: str | None
    """For a denied connection, what would allow it; None otherwise."""

class QueryInfo(TypedDict):
    direction: Literal["egress", "ingress"]
    peer: str
    port: int | None
    protocol: Literal["TCP", "UDP"]
    text: str

class Reach(TypedDict):
    ok: bool
    """False when the spec has an error: then phases is []."""
    diagnostics: list[Diagnostic]
    query: QueryInfo
    """The connection as read."""
    phases: list[ReachPhase]
    """start, script, locked, in that order (when ok)."""

class Connection(TypedDict):
    id: str
    """"egress:" or "ingress:" and the query text: unique in the list, stable across edits."""
    direction: Literal["egress", "ingress"]
    group: Literal["name", "range", "dns", "internet", "platform", "cluster", "outside", "exec"]
    label: str
    """A short label: "pypi.org", "the internet", "sandbox client"."""
    query: str
    """The query text (`to` for egress, `from` for ingress) that reach answers the same way."""
    port: int | None
    phases: list[ReachPhase]

class Connections(TypedDict):
    ok: bool
    """False when the spec has an error: then connections is []."""
    diagnostics: list[Diagnostic]
    name: str | None
    namespace: str
    beforeScript: bool
    """Whether a before_script runs between start and lockdown."""
    connections: list[Connection]
    """Egress first, then ingress; at most 24 whitelist entries and 24 sources one by one."""

def reach(
    source: Source,
    query: ReachQuery,
    /,
    *,
    cni: Cni | None = None,
    workload: Workload | None = None,
    ignore: list[Ignore] | None = None,
) -> Reach:
    """Answers one connection for each phase of the sandbox's life (start, before_script, locked
    down), from the objects render writes for these options and K7's platform policy (Cilium
    only): allowed, denied or depends, with the deciding rules and the spec entries behind them.
    Raises TypeError (a query of another type, an unknown key) or ValueError (a query that names
    no connection, a bad port or protocol; the message says what to write), and for the misuse
    render raises for."""

def connections(
    source: Source,
    /,
    *,
    cni: Cni | None = None,
    workload: Workload | None = None,
    ignore: list[Ignore] | None = None,
) -> Connections:
    """The connections that matter for one sandbox (each whitelisted name and range, DNS, the
    internet, the platform, other sandboxes, each ingress source, outside clients, exec), each
    answered for every phase from one render."""

def platform_policy() -> dict[str, Any]:
    """K7's cluster-wide `k7-sandbox-platform-deny` policy, which rules with manifest None point
    into; a new dict on each call."""

def schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a spec, a new dict on each call."""

class Fixed(TypedDict):
    text: str
    """The text with the fixes applied (the source itself when none applies)."""
    applied: int
    diagnostics: list[Diagnostic]
    """The diagnostics of the fixed text."""

def fix(
    source: str,
    /,
    *,
    unsafe_fixes: bool = False,
    cni: Cni | None = None,
    workload: Workload | None = None,
    ignore: list[Ignore] | None = None,
) -> Fixed:
    """Applies the spec's safe fixes (and its unsafe ones with unsafe_fixes=True) in passes of
    non-overlapping edits until none is left; a suppressed finding's fix is not applied."""

class SetOperation(TypedDict):
    op: Literal["set", "insert", "append"]
    path: str
    value: Any

class RemoveOperation(TypedDict):
    op: Literal["remove"]
    path: str

class RenameOperation(TypedDict):
    op: Literal["rename"]
    path: str
    to: str

class ReplaceOperation(TypedDict):
    op: Literal["replace"]
    start: int
    end: int
    text: str

Operation = Union[SetOperation, RemoveOperation, RenameOperation, ReplaceOperation]

def edit(source: str, operations: list[Operation]) -> str:
    """Applies the operations in order to a spec's text and returns the new text, changing only
    the bytes they must (comments, blank lines, order, quoting, style, indentation, CRLF and a BOM
    stay); ValueError names an operation that cannot be applied, TypeError a malformed one."""

class ValueAt(TypedDict):
    path: str
    """The JSON Pointer asked for."""
    present: bool
    """Whether a value is written there (a key left out, `key:` alone and null are not)."""
    value: Any
    """The value as K7 (PyYAML) reads it; a spec field's flag by K7's truthiness; a field left out is K7's default."""
    span: Span | None
    """Where the value is written, in UTF-16 positions."""
    editable: bool
    """Whether edit() can change it in place, changing only its own text."""
    reason: str | None
    """Why it is not editable, in words a form can show."""

class Values(TypedDict):
    problem: str | None
    """Why the text cannot be read as one spec (several documents, not a mapping, invalid YAML)."""
    values: list[ValueAt]

def read_values(source: str, paths: list[str]) -> Values:
    """The values at JSON Pointers of a spec's text as K7 reads them, each with its span and
    whether edit() can change it in place, or why not; TypeError for a source or paths of another
    type."""
