// Compiled by tsc --strict in the package tests against the shipped .d.ts of both entries (Node's
// k7_spec_node.d.ts in tsconfig.json, the browser's k7_spec.d.ts in tsconfig.dom.json), whose
// types are npm/types.d.ts (package.test.mjs checks that they hold that file): the signatures of
// docs/api.md#javascript, and the calls a user writes, reading every field of the results. The
// command line's functions, in Node's entry only, are tools.ts's.
import init, { readValues, render, schema, toYaml, validate, version } from "k7-spec";
import type { Diagnostic, Explanation, Ignore, RenderOptions, Rendering, Values } from "k7-spec";

/** True when A and B are the same type (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

assertType<Equals<typeof validate, (source: string | object, options?: RenderOptions) => Diagnostic[]>>();
assertType<Equals<typeof render, (source: string | object, options?: RenderOptions) => Rendering>>();
assertType<Equals<typeof toYaml, (documents: unknown[]) => string>>();
assertType<Equals<typeof readValues, (source: string, paths: string[]) => Values>>();
assertType<Equals<typeof schema, () => object>>();
assertType<Equals<typeof version, () => string>>();
assertType<
  Equals<RenderOptions, { cni?: "cilium" | "flannel"; workload?: "pod" | "deployment"; ignore?: Ignore[] }>
>();
assertType<Equals<Ignore, string | { code: string; reason?: string }>>();

export async function usage(): Promise<string[]> {
  await init();
  const lines: string[] = [];
  const print = (diagnostics: Diagnostic[]) => {
    for (const d of diagnostics) {
      const at = d.span ? `${d.span.start.line}:${d.span.start.column} ${d.span.end.offset}` : d.path;
      const severity: "error" | "warning" | "info" = d.severity;
      const help: string | null = d.help;
      const why = d.suppressed ? `${d.suppressed.kind}: ${d.suppressed.reason ?? ""}` : "";
      lines.push(`${at} ${severity}[${d.code}] ${d.message} ${help ?? ""} ${why}`);
    }
  };
  print(validate("name: demo\n"));
  print(validate({ name: "demo", image: "alpine:3.20" }, { cni: "flannel" }));
  print(validate("name: demo\n", { ignore: ["egress-open", { code: "dns-blocked", reason: "no DNS" }] }));
  const rendering: Rendering = render("name: demo\n", { cni: "flannel", workload: "deployment" });
  print(rendering.diagnostics);
  if (rendering.ok && rendering.explanation) {
    const e: Explanation = rendering.explanation;
    const mode: "open" | "blocked" | "cidr-only" | "fqdn" = e.egress.mode;
    const dns: "allowed" | "blocked" | "cluster-dns" = e.egress.dns;
    const level: "restricted" | "baseline" | "privileged" = e.security.level;
    lines.push(mode, dns, level, e.egress.summary, e.ingress.summary, e.security.summary);
    lines.push(...e.egress.ranges, ...e.egress.names, ...e.egress.details, ...e.ingress.details);
    lines.push(...e.security.details, ...e.phases.map((p) => `${p.name} ${p.egress} ${p.summary}`));
    lines.push(rendering.yaml, toYaml(rendering.manifests), toYaml([e]));
  }
  lines.push(JSON.stringify(schema()), version());
  // What a form shows: each value as K7 reads it, where it is, and whether edit() can change it.
  const read = readValues("name: demo\npod_non_root: yes\n", ["/pod_non_root"]);
  if (read.problem !== null) lines.push(read.problem);
  for (const v of read.values) {
    const reason: string | null = v.reason;
    const at = v.span ? `${v.span.start.line}:${v.span.start.column}` : "absent";
    lines.push(v.path, `${v.present} ${v.editable} ${JSON.stringify(v.value)} ${reason} ${at}`);
  }
  // @ts-expect-error readValues reads an array of JSON Pointers
  readValues("name: demo\n", "/pod_non_root");
  // @ts-expect-error a number is not a source
  validate(42);
  // @ts-expect-error calico is not a CNI option
  render("name: demo\n", { cni: "calico" });
  // @ts-expect-error toYaml takes an array of documents
  toYaml({ kind: "Pod" });
  return lines;
}
