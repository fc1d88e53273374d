// Compiled in the Node project only (tsconfig.json: nodenext resolution takes the `node` export
// condition): the command line's functions, which Node's entry has and its k7_spec_node.d.ts
// declares (npm/tools.d.ts); browser.ts checks that the browser entry's types lack them.
import {
  configSettings,
  gitignored,
  globBase,
  globMatches,
  isSpecFile,
  parseArgs,
  report,
  specText,
  validate,
} from "k7-spec";
import type * as k7 from "k7-spec";
import type { Tools } from "./tool-names.js";
import type { Args, ConfigError, Report, ReportFile, ReportOptions, Settings } from "k7-spec";

/** True when A and B are the same type (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

assertType<Equals<Extract<keyof typeof k7, Tools>, Tools>>();
assertType<Equals<typeof parseArgs, (argv: string[]) => Args>>();
assertType<Equals<typeof specText, (bytes: Uint8Array) => string>>();
assertType<
  Equals<Args["command"], "validate" | "render" | "explain" | "schema" | "reach" | "help" | "version">
>();
assertType<Equals<Args["reach"]["phase"], "start" | "script" | "locked" | "all">>();
assertType<Equals<typeof report, (files: ReportFile[], options?: ReportOptions) => Report>>();
assertType<Equals<Report["status"], 0 | 1 | 2>>();
assertType<Equals<typeof configSettings, (configText: string, path: string) => Settings>>();
assertType<Equals<typeof globMatches, (pattern: string, path: string) => boolean>>();
assertType<Equals<typeof globBase, (pattern: string) => string>>();
assertType<Equals<typeof isSpecFile, (name: string) => boolean>>();
assertType<
  Equals<
    typeof gitignored,
    (gitignores: { dir: string; text: string }[], entries: { path: string; isDir: boolean }[]) => boolean[]
  >
>();

export function tools(): string[] {
  const files: ReportFile[] = [
    { file: "k7.yaml", diagnostics: validate("name: demo\n") },
    { file: "gone.k7.yaml", failOn: "error", error: "no such file" },
  ];
  const out: Report = report(files, { format: "sarif", quiet: true });
  const lines = [out.stdout, out.stderr, String(out.status)];
  try {
    const settings: Settings = configSettings("fail-on: info\n", "k7.yaml");
    lines.push(settings.cni, settings.workload, settings.failOn, ...settings.ignore.map((i) => i.code));
  } catch (error) {
    const { line, column, message } = error as ConfigError;
    lines.push(`${line}:${column} ${message}`);
  }
  lines.push(globBase("demos/*.k7.yaml"), String(globMatches("*.k7.yaml", "a.k7.yaml")));
  lines.push(String(isSpecFile("k7.yml")), String(gitignored([{ dir: "", text: "build/\n" }], [])));
  // @ts-expect-error a file has its diagnostics or an error
  report([{ file: "k7.yaml" }]);
  // @ts-expect-error xml is not a report format
  report(files, { format: "xml" });
  return lines;
}
