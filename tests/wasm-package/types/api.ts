// The contract's Data block (docs/api.md#data), exported and without its comments: the package's
// types must equal these exactly.
export interface Position { line: number; column: number; offset: number }
export interface Span { start: Position; end: Position }
export interface Diagnostic {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  path: string;
  span: Span | null;
  help: string | null;
}
export interface RenderOptions {
  cni?: "cilium" | "flannel";
  workload?: "pod" | "deployment";
}
export interface Rendering {
  ok: boolean;
  diagnostics: Diagnostic[];
  manifests: object[];
  yaml: string;
  explanation: Explanation | null;
}
export interface Explanation {
  egress: {
    mode: "open" | "blocked" | "cidr-only" | "fqdn";
    dns: "allowed" | "blocked" | "cluster-dns";
    ranges: string[];
    names: string[];
    summary: string;
    details: string[];
  };
  ingress: { summary: string; details: string[] };
  security: {
    level: "restricted" | "baseline" | "privileged";
    summary: string; details: string[];
  };
  phases: { name: string; egress: string; summary: string }[];
}

/** True when A and B are the same type (not merely assignable either way). */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
export function assertType<T extends true>(): void {}
