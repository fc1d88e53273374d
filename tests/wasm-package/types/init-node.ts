// Compiled without the DOM lib (tsconfig.json): init() and initSync() take what Node has, and
// the wasm's own exports (k7-spec/k7_spec_bg.wasm) have types.
import { readFileSync } from "node:fs";
import init, { initSync } from "k7-spec";
import type { InitInput, SyncInitInput } from "k7-spec";
import type * as exports from "k7-spec/k7_spec_bg.wasm";

const url = new URL("k7_spec_bg.wasm", import.meta.resolve("k7-spec"));
const buffer = readFileSync(url);
const bytes: SyncInitInput = buffer;
const inputs: InitInput[] = [url, url.href, bytes, new Uint8Array(buffer).buffer, await fetch(url)];
await init({ module_or_path: inputs[0] });
initSync({ module: bytes });
export const render: typeof exports.render = initSync({ module: bytes }).render;
// @ts-expect-error a number is not a module
initSync({ module: 42 });
