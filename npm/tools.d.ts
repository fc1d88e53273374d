// The TypeScript API of the command line and CI tools, in the package's Node entry only (the
// `node` export condition, k7_spec_node.d.ts): src/wasm/tools.rs includes this file next to
// npm/types.d.ts in the Node module, built with the `tools` feature. The browser entry's module
// lacks these functions (docs/api.md#javascript), and so do its types.

/** One spec file for `report`: its diagnostics (what `validate` returned) or why it could not be read. */
export type ReportFile =
  | {
      /** The file's name as the user gave it (a relative path stays relative). */
      file: string;
      /** The least severity that fails the file (its gate); default "warning". */
      failOn?: "error" | "warning" | "info";
      diagnostics: Diagnostic[];
      /** With `fix` or `diff`: what `fix()` made of the file (`diagnostics` are then its result's). */
      fix?: FileFix;
    }
  | {
      file: string;
      failOn?: "error" | "warning" | "info";
      /** A one-line reason, such as "no such file". */
      error: string;
    };
/** What `fix()` made of a file, for `report`'s `fix` and `diff`. */
export interface FileFix {
  /** The text as read. */
  source: string;
  /** `fix()`'s text. */
  text: string;
  /** `fix()`'s applied. */
  applied: number;
  /** Why the fixed text could not be written in place: `k7-spec: cannot write FILE: reason`, status 2. */
  error?: string;
}
export interface ReportOptions {
  /** Default "text": the CLI's lines and a summary line. */
  format?: "text" | "json" | "json-lines" | "github" | "sarif" | "junit" | "gitlab";
  /** Leave out the text format's summary line (and the fixes' line). */
  quiet?: boolean;
  /** --fix: the report is of the fixed texts, and says how many fixes were applied. */
  fix?: boolean;
  /** With `fix`, the file is standard input: stdout is its fixed text (nothing if unreadable), the report goes to stderr. */
  stdin?: boolean;
  /** --diff: stdout is the unified diff of the fixes, stderr the fixes' line; status 1 when they change a file. */
  diff?: boolean;
  /** --unsafe-fixes: the unsafe fixes count as fixable. */
  unsafeFixes?: boolean;
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

/** What the command line's `render`, `explain` and `schema` are given, or a usage error. */
/** The command line's words, parsed and checked (docs/api.md#command-line). */
export interface Args {
  /** `help` and `version` when -h, --help or --version is given, whatever else is. */
  command: "validate" | "render" | "explain" | "schema" | "reach" | "help" | "version";
  /** The FILE arguments in order; - is standard input. */
  files: string[];
  /** --format, checked against the command; default "text". */
  format: "text" | "json" | "json-lines" | "github" | "sarif" | "junit" | "gitlab" | "yaml";
  failOn?: "error" | "warning" | "info";
  cni?: "cilium" | "flannel";
  workload?: "pod" | "deployment";
  /** Every --ignore code, checked: known, and not an error's. */
  ignore: { code: string }[];
  /** --stdin-filename, else "<stdin>". */
  stdinName: string;
  config?: string;
  quiet: boolean;
  noConfig: boolean;
  /** --fix, --unsafe-fixes and --diff (validate only). */
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  /** What `reach` asks (the defaults for the other commands); `output`'s reach request takes it as is. */
  reach: ReachArgs;
}
/** `reach`'s options: one connection (--to or --from) or a queries file, the phases and the expectation. */
export interface ReachArgs {
  to?: string;
  from?: string;
  port?: number;
  udp: boolean;
  /** Default "all"; with --queries, for the lines that give none. */
  phase: "start" | "script" | "locked" | "all";
  /** With --queries, for the lines that give none. */
  expect?: "allow" | "deny";
  /** The queries file's path, which the front end reads ("-" is standard input). */
  queries?: string;
}
/**
 * Parses the command line's words (without the program's name) as the native `k7-spec` does:
 * the first word that is no option is the command, options come anywhere (`--name value`,
 * `--name=value`), and after `--` every word is a FILE. Bad usage (an unknown option or value,
 * an unknown `--ignore` code or an error's, a missing or unknown command, a wrong number of
 * FILEs, a --format the command does not take) throws an `Error` whose message, without its
 * `k7-spec: ` prefix, is the line to print.
 */
export function parseArgs(argv: string[]): Args;

/**
 * A spec file's bytes as text, as the command line reads them (at most one byte past the limit
 * is needed): throws an `Error` whose message, without its `k7-spec: ` prefix, is why the file is
 * refused: "more than 1048576 bytes (1 MiB), the limit of a spec", or "invalid UTF-8 at line L,
 * column C (byte offset B)" (UTF-16 column) for its first invalid sequence.
 */
export function specText(bytes: Uint8Array): string;

export type OutputRequest =
  | {
      command: "render" | "explain";
      /** The file's name, printed with the findings. */
      file: string;
      /** The spec's text. */
      source: string;
      options?: RenderOptions;
      /** Accepted so that a config's settings apply whole; these commands fail only on errors. */
      failOn?: "error" | "warning" | "info";
      /** Default "text": the manifests as YAML (render), sentences (explain). */
      format?: "text" | "yaml" | "json";
    }
  | { command: "schema"; format?: "text" | "yaml" | "json" }
  | {
      /** One FILE's connections: reach with --to, --from or --queries. */
      command: "reach";
      file: string;
      source: string;
      options?: RenderOptions;
      /** Default "text": a line per phase (one query) or per query and phase (--queries). */
      format?: "text" | "json";
      /** What parseArgs returned as `reach`. */
      reach: Partial<ReachArgs>;
      /** The text of the queries file `reach.queries` names. */
      queries?: string;
    }
  | {
      /** reach FILE... without a question: the connectivity matrix between the specs. */
      command: "matrix";
      files: { file: string; source: string }[];
      /** One cluster for every spec. */
      options?: RenderOptions;
      format?: "text" | "json";
    }
  | { command: "help" }
  | { command: "version" }
  | { command: "error"; message: string };
/**
 * What the command line prints for `render` (the manifests on stdout, or the whole rendering
 * with `format: "json"`; the unsuppressed findings on stderr; status 1 on an error), `explain`
 * (the explanation as sentences, YAML or JSON), `schema` (JSON, or YAML), `reach` (each
 * connection per phase; status 1 when an expectation does not hold or the spec has an error, 2
 * for a bad line of the queries file), `matrix`, `help` (the usage text), `version`, and a usage error (`k7-spec: message` on stderr, status 2), escaped for the
 * terminal as `report`'s text is: the same bytes in every front end. Throws an `Error` for a request it cannot read.
 *
 * ```ts
 * const out = output({ command: "render", file: "k7.yaml", source: text });
 * process.stdout.write(out.stdout);
 * process.stderr.write(out.stderr);
 * ```
 */
export function output(request: OutputRequest): Report;

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

/**
 * The connectivity matrix between the sandboxes of several specs: each ordered pair on each
 * port the target opens, where the client's egress AND the target's ingress must both allow it,
 * locked down and before lockdown, with both sides' deciding rules; and the findings of the set.
 * A `source` is text or a plain object, as for `render`. Throws an `Error` when `files` is not
 * an array of `{file, source}` and for the misuse `render` throws for. Node's entry only: a batch
 * tool, which the browser's module leaves out. `Matrix` and its parts are in types.d.ts.
 */
export function reachMatrix(
  files: { file: string; source: string | object }[],
  options?: RenderOptions,
): Matrix;
