// Compiled in the browser project only (tsconfig.dom.json: bundler resolution takes the `default`
// export condition, as Vite and webpack do): the browser entry's types (k7_spec.d.ts) have the
// core functions and not the command line's, which its wasm lacks (they are Node's: tools.ts).
import type * as k7 from "k7-spec";
import type { Tools } from "./tool-names.js";

/** True when A and B are the same type (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

type Core = "default" | "initSync" | "validate" | "render" | "toYaml" | "schema" | "version";
assertType<Equals<Extract<keyof typeof k7, Core>, Core>>();
assertType<Equals<Extract<keyof typeof k7, Tools>, never>>();
