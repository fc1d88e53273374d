// Compiled with the DOM lib and no Node types (tsconfig.dom.json): init() and initSync() take the
// DOM's classes, and the wasm's exports are the DOM lib's WebAssembly types, not `never`.
import init, { initSync } from "k7-spec";
import type { InitInput, InitOutput, SyncInitInput } from "k7-spec";
import type * as exports from "k7-spec/k7_spec_bg.wasm";

/** True when A and B are the same type (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

// Everything wasm-bindgen's own types accept (with BufferSource, views of any ArrayBufferLike).
assertType<
  [RequestInfo | URL | Response | BufferSource | WebAssembly.Module] extends [InitInput] ? true : false
>();
assertType<[BufferSource | WebAssembly.Module] extends [SyncInitInput] ? true : false>();
assertType<Equals<InitOutput["memory"], WebAssembly.Memory>>();
assertType<Equals<typeof exports.memory, WebAssembly.Memory>>();
assertType<Equals<typeof exports.__wbindgen_externrefs, WebAssembly.Table>>();

const url = new URL("k7_spec_bg.wasm", import.meta.url);
await init({ module_or_path: fetch(url) });
await init({ module_or_path: new Request(url) });
initSync({ module: new WebAssembly.Module(new Uint8Array(await (await fetch(url)).arrayBuffer())) });
