// The package's TypeScript API, written once: src/wasm.rs includes this file into the
// k7_spec.d.ts that wasm-bindgen writes (next to init()), and the package test compiles usage
// files against that shipped .d.ts. The contract it states is docs/api.md#data.

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
}
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
 * Writes an array of documents as one YAML stream (`---` between documents) with the writer
 * `render` uses: kubectl's key order (`apiVersion`, `kind`, `metadata`, `spec`, then sorted),
 * and every string that a YAML 1.1 or 1.2 reader would take for another type quoted.
 * `toYaml(rendering.manifests) === rendering.yaml`; one value is written as `toYaml([value])`.
 * The documents are read as `JSON.stringify` reads them. Throws an `Error` when `documents` is
 * not an array, or cannot be read as JSON.
 */
export function toYaml(documents: unknown[]): string;
/** One spec file for `report`: its diagnostics (what `validate` returned) or why it could not be read. */
export type ReportFile =
  | {
      /** The file's name as the user gave it (a relative path stays relative). */
      file: string;
      /** The least severity that fails the file (its gate); default "warning". */
      failOn?: "error" | "warning" | "info";
      diagnostics: Diagnostic[];
    }
  | {
      file: string;
      failOn?: "error" | "warning" | "info";
      /** A one-line reason, such as "no such file". */
      error: string;
    };
export interface ReportOptions {
  /** Default "text": the CLI's lines and a summary line. */
  format?: "text" | "json" | "json-lines" | "github" | "sarif" | "junit" | "gitlab";
  /** Leave out the text format's summary line. */
  quiet?: boolean;
}
/** What to print, and the exit status: 2 if a file could not be read, else 1 if a file fails its gate, else 0. */
export interface Report {
  /** For standard output; every line ends in a newline. */
  stdout: string;
  /** For standard error: `k7-spec: cannot read FILE: reason` per unreadable file, in every format. */
  stderr: string;
  status: 0 | 1 | 2;
}
/**
 * Reports on checked files in one of the formats of docs/api.md#reports, the same bytes in every
 * front end: `text` (what the CLI prints), `json`, `json-lines`, `github` (workflow commands),
 * `sarif` (2.1.0), `junit` (XML) or `gitlab` (Code Quality). A file fails when it has an
 * unsuppressed diagnostic at or above its `failOn`. Throws an `Error` for misuse: `files` not
 * an array, a file with both or neither of `diagnostics` and `error`, an unknown key, code or
 * option.
 *
 * ```ts
 * const out = report([{ file: "k7.yaml", diagnostics: validate(text) }], { format: "sarif" });
 * process.stdout.write(out.stdout);
 * process.exitCode = out.status;
 * ```
 */
export function report(files: ReportFile[], options?: ReportOptions): Report;
/**
 * The JSON Schema (draft-07, as editors and the SchemaStore catalog read it) of a spec: per field a
 * description (plain and Markdown), an example and K7's default; the keys of `limits`, the forms of
 * an `ingress_from` source, described backends, deprecated spellings marked `deprecated`. Never
 * stricter than `validate`. The package ships it as `k7-spec/k7-spec.schema.json`.
 */
export function schema(): object;
/** The version of k7-spec, the same for the crate and the npm package. */
export function version(): string;

/** A bad config file: `message` is `line:column: what[; how to fix it]`, UTF-16 columns. */
export interface ConfigError extends Error {
  line: number;
  column: number;
}
/** What a config file says for one spec; the command line's flags override it. */
export interface Settings {
  cni: "cilium" | "flannel";
  workload: "pod" | "deployment";
  /** The least severe finding that fails the file. */
  failOn: "error" | "warning" | "info";
  /** One entry per code: the top level's, then those of every matching override. */
  ignore: { code: string; reason?: string }[];
}
/**
 * What a config file (docs/api.md#config-file) says for the spec at `path`, relative to the
 * config file's directory with `/` between segments: the defaults (`cilium`, `pod`, `warning`,
 * nothing ignored), the top level, then each override whose `files` match, in order (`ignore`
 * lists add up). An empty file is the defaults. A bad one (an unknown key, value or code, an
 * error's code in `ignore`, an invalid glob, YAML the spec reader refuses), whatever `path`,
 * throws a `ConfigError` such as "1:1: unknown key `fail_on`; did you mean `fail-on`?": print it
 * after the file's name. Anything but strings throws an `Error` starting with "k7-spec: ".
 *
 * ```ts
 * const text = "fail-on: info\noverrides:\n  - files: [\"demos/**\"]\n    fail-on: error\n";
 * configSettings(text, "demos/web.k7.yaml").failOn; // "error"
 * configSettings(text, "k7.yaml").failOn; // "info"
 * ```
 */
export function configSettings(configText: string, path: string): Settings;
/**
 * Whether a glob matches the whole of a relative path (`/` between segments; a leading `./` of
 * either is ignored), as git's wildmatch matches `.gitignore` patterns: `*` and `?` stay within
 * a segment, `**` as a whole segment crosses them, `[a-z]`, `[!a]`, `\` escapes. So
 * `*.k7.yaml` matches only at the top and `demos/*.k7.yaml` only in `demos`: to match at any
 * depth, start the glob with the segment `**`. A glob git would never match (an unclosed `[`)
 * throws an `Error`: "k7-spec: invalid glob: …".
 */
export function globMatches(pattern: string, path: string): boolean;
/**
 * Where to start walking for a glob's matches: its leading segments without wildcards
 * (`"demos"` for `"demos/*.k7.yaml"`, `""` for `"*.k7.yaml"`), unescaped; the whole path
 * when it has no wildcard. An invalid glob throws as in `globMatches`.
 */
export function globBase(pattern: string): string;
/** Whether a file name (or a path's last segment) is a spec's: `k7.yaml`, `k7.yml`, `*.k7.yaml`, `*.k7.yml`. */
export function isSpecFile(name: string): boolean;
/**
 * Which of `entries` git ignores, given the `.gitignore` files that apply to them: the deepest
 * file decides, within it the last matching line (`!` re-includes, a trailing `/` matches only
 * directories, a pattern with a `/` is anchored to its file's directory); a path inside an
 * ignored directory is ignored. `dir` and `path` are relative to the tree's root (the git root),
 * with `/` between segments; `""` is the root. Meant for a walk: one call per directory, with
 * the `.gitignore` files from the root down to it and the directory's entries.
 *
 * ```ts
 * const gitignores = [{ dir: "", text: "build/\n*.log\n!keep.log\n" }];
 * gitignored(gitignores, [
 *   { path: "build", isDir: true },
 *   { path: "src/keep.log", isDir: false },
 * ]); // [true, false]
 * ```
 */
export function gitignored(
  gitignores: { dir: string; text: string }[],
  entries: { path: string; isDir: boolean }[],
): boolean[];
