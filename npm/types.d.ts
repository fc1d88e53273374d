// The package's TypeScript API, written once: src/wasm.rs includes this file into the .d.ts
// that wasm-bindgen writes (next to init()) for both modules, k7_spec.d.ts (the browser entry)
// and k7_spec_node.d.ts (the Node entry, which adds npm/tools.d.ts), and the package test
// compiles usage files against the shipped .d.ts. The contract it states is docs/api.md#data.

/** A point in the source text. */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (what JS strings, CodeMirror and Monaco use). */
  column: number;
  /** 0-based offset from the start of the text, in UTF-16 code units. */
  offset: number;
}
/** A range of the source text; `end` is exclusive. */
export interface Span {
  start: Position;
  end: Position;
}
/** One finding about a spec. */
export interface Diagnostic {
  /** Stable kebab-case id, e.g. "invalid-egress-entry"; never reused. */
  code: string;
  severity: "error" | "warning" | "info";
  /** Lowercase start, no trailing period, names the bad value. */
  message: string;
  /** JSON Pointer (RFC 6901) into the spec: "/egress_whitelist/2". */
  path: string;
  /** `null` only when the input had no text (a JS object). */
  span: Span | null;
  /** How to fix it, when there is a fix to suggest. */
  help: string | null;
  /**
   * Set when a `# k7-spec: ignore[code] reason` comment (on its line or the line above) or the
   * `ignore` option suppresses it: the finding stays in the list (show it faded) but fails no
   * gate. Errors are never suppressed.
   */
  suppressed: Suppressed | null;
  /**
   * The fixes, when the help is mechanical ([] otherwise, and for input that had no text): each
   * with a title for a quick-fix menu, `safe` (keeps the spec's meaning, repairs what K7 would
   * refuse or misread) or `unsafe` (changes what the sandbox does: apply only when asked), and its
   * edits in this text's UTF-16 positions, as CodeMirror and Monaco apply them.
   */
  fixes: Fix[];
}
/** One fix of a diagnostic. */
export interface Fix {
  title: string;
  applicability: "safe" | "unsafe";
  /** Replacements in the text the diagnostics came from; they never overlap. */
  edits: TextEdit[];
}
/** One replacement: the span replaced (in the original text) and the text put there. */
export interface TextEdit {
  span: Span;
  text: string;
}
/**
 * One change to a spec's text. `set` adds the key or the list's next item when missing;
 * `insert` puts an item before the one at `path`; `append` adds a list's last item (creating the
 * list); `remove` takes a key or item with its lines; `rename` changes a key; `replace` replaces
 * the text between two UTF-16 offsets.
 */
export type Operation =
  | { op: "set"; path: string; value: unknown }
  | { op: "insert"; path: string; value: unknown }
  | { op: "append"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "rename"; path: string; to: string }
  | { op: "replace"; start: number; end: number; text: string };
/** Why a finding is suppressed. */
export interface Suppressed {
  kind: "comment" | "option";
  /** The reason given; a comment always gives one. */
  reason: string | null;
}
/** A code to ignore: its name, or the name with the reason shown on what it suppresses. */
export type Ignore = string | { code: string; reason?: string };
/** The cluster a spec is checked and rendered for. */
export interface RenderOptions {
  /** The cluster's CNI; default "cilium". DNS names in `egress_whitelist` need Cilium. */
  cni?: "cilium" | "flannel";
  /** Default "pod": the sandbox pod; "deployment": K7's object. */
  workload?: "pod" | "deployment";
  /**
   * Codes whose findings are suppressed (marked `suppressed`, kept in the list). An unknown
   * code or an error's code (errors cannot be suppressed) throws an `Error`.
   */
  ignore?: Ignore[];
}
export interface Rendering {
  /** false when any diagnostic is an error. */
  ok: boolean;
  /** Sorted by position, then code. */
  diagnostics: Diagnostic[];
  /** Kubernetes objects in apply order; [] when !ok. */
  manifests: object[];
  /** The manifests as one multi-document YAML stream; "" when !ok. */
  yaml: string;
  /** null when !ok. */
  explanation: Explanation | null;
}
export interface Explanation {
  egress: {
    mode: "open" | "blocked" | "cidr-only" | "fqdn";
    dns: "allowed" | "blocked" | "cluster-dns";
    /** Normalised CIDRs that stay reachable. */
    ranges: string[];
    /** FQDN patterns that stay reachable. */
    names: string[];
    /** One sentence a newcomer understands. */
    summary: string;
    /** The consequences, one sentence each. */
    details: string[];
  };
  ingress: { summary: string; details: string[] };
  security: {
    /** Pod Security Standards level met. */
    level: "restricted" | "baseline" | "privileged";
    summary: string;
    details: string[];
  };
  /** start, before_script, locked down. */
  phases: { name: string; egress: string; summary: string }[];
}

/**
 * Checks a spec: YAML or JSON text, or a plain object already parsed (then every span is null).
 * With options, checks it for that cluster (`cni: "flannel"` makes every DNS name in the
 * whitelist an error), exactly as `render` with the same options does. Returns the diagnostics
 * sorted by position, then code. Throws an `Error` only for misuse, such as a number as `source`
 * or an unknown option: see `render`.
 */
export function validate(source: string | object, options?: RenderOptions): Diagnostic[];
/**
 * Validates a spec and renders it: the diagnostics, the Kubernetes manifests (as objects and as
 * one YAML stream) and a plain-language explanation. Throws an `Error` only for misuse, naming
 * it: an unknown option value; a `source` or options that cannot be read (a revoked Proxy, a
 * throwing getter or trap, a cycle, a BigInt; every own key of the options is read, enumerable
 * or not); a `source` of more than 4 Mi UTF-16 code units, 4 times the 1 MiB limit (a longer
 * spec up to that is the diagnostic `input-too-large`).
 */
export function render(source: string | object, options?: RenderOptions): Rendering;
/**
 * One connection to ask about. `to`: the sandbox connects out to a host name, a URL (its scheme
 * gives the port: https 443, http 80), an IP, a CIDR, `[v6]:PORT`, or a keyword: `dns` (kube-dns,
 * 53/UDP), `metadata` (169.254.169.254:80), `node`, `api-server` (443), `internet`, `kube-system`,
 * `sandbox:NAME`, `sandbox:NS/NAME`, `namespace:NS`, `pod:NS/key=value,...`; a `:PORT` suffix
 * gives the port. `from`: something connects to the sandbox: `sandbox:NAME`, `sandbox:NS/NAME`,
 * `namespace:NS`, `pod:NS/key=value,...`, `ip:ADDRESS` (a client outside the cluster, through the
 * NodePort), `node`, `kube-system` or `exec` (`kubectl exec`, `k7 shell`). A string is a `to`.
 */
export type ReachQuery =
  | string
  | { to: string; from?: undefined; port?: number; protocol?: "tcp" | "udp" | "TCP" | "UDP" }
  | { from: string; to?: undefined; port?: number; protocol?: "tcp" | "udp" | "TCP" | "UDP" };

/** The answer of one phase of the sandbox's life. */
export interface ReachPhase {
  /** `start` (no policy of the sandbox's own yet), `script` (while before_script runs), `locked`. */
  phase: "start" | "script" | "locked";
  verdict: "allowed" | "denied" | "depends";
  /** What a `depends` answer turns on (an address, a port, a cluster setting); null otherwise. */
  dependsOn: string | null;
  /** The answer in one plain sentence. */
  summary: string;
  /** The deciding rules; [] when no policy decides (before lockdown, open egress). */
  rules: ReachRule[];
  /** For a denied connection, what would allow it; null otherwise. */
  allowIf: string | null;
}

/** A rule that decides an answer, in the rendered manifests or in K7's platform policy. */
export interface ReachRule {
  /** `Kind/name`, such as `NetworkPolicy/demo-netpol`. */
  object: string;
  /** Index into `render(...).manifests`; null for K7's cluster-wide policy (`platformPolicy()`). */
  manifest: number | null;
  /** JSON Pointer to the rule inside that object, such as `/spec/egress/1/toFQDNs/0`. */
  pointer: string;
  /** The spec entry that produced the rule (null for K7's own rules); span null for data input. */
  spec: { path: string; span: Span | null } | null;
  /** The rule in one plain sentence. */
  sentence: string;
}

export interface Reach {
  /** False when the spec has an error: then `phases` is []. */
  ok: boolean;
  /** The spec's diagnostics, as `render` returns them. */
  diagnostics: Diagnostic[];
  /** The connection as read. */
  query: {
    direction: "egress" | "ingress";
    peer: string;
    port: number | null;
    protocol: "TCP" | "UDP";
    text: string;
  };
  /** start, script, locked, in that order (when ok). */
  phases: ReachPhase[];
}

/**
 * Answers one connection for each phase of the sandbox's life, from the objects `render` writes
 * for these options and K7's platform policy (Cilium only): allowed, denied, or depends (on an
 * address, a port or a cluster setting), with the deciding rules, the spec entries behind them,
 * and for a denied connection what would allow it. Throws an `Error` for a query it cannot read
 * (naming what to write) and for the misuse `render` throws for.
 */
export function reach(source: string | object, query: ReachQuery, options?: RenderOptions): Reach;
/** One connection of `connections`, answered for each phase. */
export interface Connection {
  /** `egress:` or `ingress:` and the query text: unique in the list, stable across edits. */
  id: string;
  direction: "egress" | "ingress";
  /** What the other end is, for grouping. */
  group: "name" | "range" | "dns" | "internet" | "platform" | "cluster" | "outside" | "exec";
  /** A short label: `pypi.org`, `the internet`, `sandbox client`. */
  label: string;
  /** The query text (`to` for egress, `from` for ingress) that `reach` answers the same way. */
  query: string;
  port: number | null;
  /** start, script, locked. */
  phases: ReachPhase[];
}

export interface Connections {
  /** False when the spec has an error: then `connections` is []. */
  ok: boolean;
  diagnostics: Diagnostic[];
  name: string | null;
  namespace: string;
  /** Whether a before_script runs between start and lockdown. */
  beforeScript: boolean;
  /** Egress first (each whitelisted name and range, DNS, the internet, metadata, the API server,
   * the node, kube-system, another sandbox), then ingress (each source, other sandboxes, outside
   * clients, kube-system, the node, `kubectl exec`). At most 24 whitelist entries and 24 sources
   * are listed one by one. */
  connections: Connection[];
}

/**
 * The connections that matter for one sandbox, each answered for every phase, from one render:
 * what a picture of "who can talk to whom" draws, and its text alternative.
 */
export function connections(source: string | object, options?: RenderOptions): Connections;
/** K7's cluster-wide `k7-sandbox-platform-deny` policy, which rules with `manifest: null` point into. */
export function platformPolicy(): object;
/** One spec of `reachMatrix`'s set. */
export interface MatrixSandbox {
  file: string;
  /** null when the spec could not be read far enough. */
  name: string | null;
  /** `default` when the spec gives none. */
  namespace: string;
  /** False when the spec has an error: it is in no pair. */
  ok: boolean;
  /** Its `ingress_ports` (TCP), in order, without repeats. */
  ports: number[];
  /** The first sandbox with the same name and namespace: K7 refuses this one's create, so it is
   * in no pair. */
  duplicateOf: number | null;
  /** The spec's diagnostics, as `render` returns them. */
  diagnostics: Diagnostic[];
}

/** Both sides' answers for one connection of the matrix, and what they make together. */
export interface PairVerdict {
  /** Denied if either side denies; depends if either depends and none denies; else allowed. */
  verdict: "allowed" | "denied" | "depends";
  /** What a `depends` verdict turns on, each depending side's; null otherwise. */
  dependsOn: string | null;
  /** The client's answer to `{to: "sandbox:NS/B", port}`. */
  egress: ReachPhase;
  /** The server's answer to `{from: "sandbox:NS/A", port}`. */
  ingress: ReachPhase;
}

/** Sandbox `from` (A) connecting to sandbox `to` (B) on a port B opens. */
export interface MatrixPair {
  /** Index into `sandboxes`. */
  from: number;
  /** Index into `sandboxes`. */
  to: number;
  /** A port of B's `ingress_ports` (TCP). */
  port: number;
  /** Both sandboxes locked down. */
  locked: PairVerdict;
  /** Neither locked down yet: no policy of their own (K7's platform policy still applies). */
  beforeLockdown: PairVerdict;
}

export interface MatrixFinding {
  /** `unknown-sandbox`: a `sandbox:` source names no spec of the set; `other-namespace`: only a
   * sandbox of another namespace (a `sandbox:` source never crosses namespaces); `duplicate-sandbox`:
   * the same name and namespace twice; `before-lockdown-only`: a pair connects before lockdown and
   * not after; `too-many-specs`, `truncated`: the bounds (200 specs, 16 ports per target, 5,000
   * pairs, 250,000 policy entries judged, 20 source findings per spec) left something out. */
  code:
    | "unknown-sandbox"
    | "other-namespace"
    | "duplicate-sandbox"
    | "before-lockdown-only"
    | "too-many-specs"
    | "truncated";
  /** The spec it is about. */
  file: string;
  /** Its index in `sandboxes`; null for a spec past the 200 read. */
  sandbox: number | null;
  /** JSON Pointer of the spec entry (`/ingress_from/0`), when there is one. */
  path: string | null;
  /** Where that entry is written; null for data input. */
  span: Span | null;
  /** The pairs it is about (indexes into `pairs`); [] for most codes. */
  pairs: number[];
  message: string;
}

export interface Matrix {
  /** One per file, in the order given (at most 200). */
  sandboxes: MatrixSandbox[];
  /** Every ordered pair of distinct sandboxes that render (duplicates left out), one per port the
   * target opens: a target that opens none is in no pair (before lockdown every pod reaches all
   * its ports, after it none). */
  pairs: MatrixPair[];
  findings: MatrixFinding[];
}

/** What `fix` returns. */
export interface Fixed {
  /** The text with the fixes applied (the source itself when none applies). */
  text: string;
  /** How many fixes were applied, over every pass. */
  applied: number;
  /** The diagnostics of the fixed text. */
  diagnostics: Diagnostic[];
}
/**
 * Applies a spec's safe fixes, and its unsafe ones too with `unsafeFixes`: each pass applies
 * every fix that does not overlap an earlier one, then checks the text again, until none is left
 * (at most 100 passes; a pass whose fixes together bring a finding of a new code applies its first fix alone). A suppressed finding's fix is not applied.
 */
export function fix(source: string, options?: RenderOptions, unsafeFixes?: boolean): Fixed;
/**
 * Applies the operations in order to a spec's text and returns the new text, changing only the
 * bytes they must: comments, blank lines, key order, quoting, flow or block style, indentation,
 * CRLF and a BOM stay as they were. New keys go after the field before them in the spec's
 * documented order; values are written in the file's style (JSON in a JSON file) and quoted where
 * YAML 1.1 or 1.2 would misread them. Throws an `Error` naming the operation that cannot be
 * applied (a path that is not there, a value below an alias, text that is not a YAML mapping).
 */
export function edit(source: string, operations: Operation[]): string;
/** The value at one JSON Pointer of a spec's text, as `readValues` reads it. */
export interface ValueAt {
  /** The JSON Pointer asked for. */
  path: string;
  /** Whether a value is written there: a key left out, `key:` alone and `null` are not (K7 takes a null for a key left out). */
  present: boolean;
  /**
   * The value as K7 (PyYAML, YAML 1.1) reads it, as JSON: `yes` is true; a spec field's flag is
   * `true` or `false` by K7's truthiness; a field left out is K7's default (`false`, `["ALL"]`) or
   * `null` when it has none.
   */
  value: unknown;
  /** Where the value is written (a null's too), in UTF-16 positions; `null` when nothing is. */
  span: Span | null;
  /**
   * Whether `edit` can set, append to or remove it changing only its own text: the spec is one
   * mapping, a field's value is of the field's type, nothing of it has an anchor, alias or tag,
   * and its key is written once.
   */
  editable: boolean;
  /** Why it is not editable, in words a form can show ("it carries the anchor `&nets`, ..."); `null` when it is. */
  reason: string | null;
}
/** What `readValues` returns. */
export interface Values {
  /** Why the text cannot be read as one spec (several documents, not a mapping, invalid YAML); each value then says the same. */
  problem: string | null;
  /** One per path, in their order. */
  values: ValueAt[];
}
/**
 * The values at JSON Pointers (`"/pod_non_root"`, `"/egress_whitelist/0"`) of a spec's text, as K7
 * reads them, each with its span and whether `edit` can change it in place, or why not: what a form
 * beside the text shows. At most 1000 paths are read (the others say so). Throws an `Error` when
 * `source` is not text or `paths` not an array of strings.
 */
export function readValues(source: string, paths: string[]): Values;
/**
 * Writes an array of documents as one YAML stream (`---` between documents) with the writer
 * `render` uses: kubectl's key order (`apiVersion`, `kind`, `metadata`, `spec`, then sorted),
 * and every string that a YAML 1.1 or 1.2 reader would take for another type quoted.
 * `toYaml(rendering.manifests) === rendering.yaml`; one value is written as `toYaml([value])`.
 * The documents are read as `JSON.stringify` reads them. Throws an `Error` when `documents` is
 * not an array, or cannot be read as JSON.
 */
export function toYaml(documents: unknown[]): string;
/**
 * The JSON Schema (draft-07, as editors and the SchemaStore catalog read it) of a spec: per field a
 * description (plain and Markdown), an example and K7's default; the keys of `limits`, the forms of
 * an `ingress_from` source, described backends, deprecated spellings marked `deprecated`. Never
 * stricter than `validate`. The package ships it as `k7-spec/k7-spec.schema.json`.
 */
export function schema(): object;
/** The version of k7-spec, the same for the crate and the npm package. */
export function version(): string;
