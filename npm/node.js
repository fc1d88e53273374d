// The package's entry for Node (the `node` export condition): the wasm sits next to this file,
// so it is read and instantiated synchronously at import, and no `init()` call is needed.
// `init()` still exists, as a no-op, so code written for browsers runs here unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./k7_spec.js";

initSync({ module: readFileSync(new URL("./k7_spec_bg.wasm", import.meta.url)) });

export * from "./k7_spec.js";
export { default } from "./k7_spec.js";
