// The package's entry for Node (the `node` export condition, which the CLI uses): the Node
// module, k7_spec_node_bg.wasm, has every export of the browser module and the command line's
// (parseArgs, specText, report, output, configSettings, globMatches, globBase, isSpecFile,
// gitignored). It sits next to this file, so it is read and instantiated synchronously at import,
// and no `init()` call is needed.
// `init()` still exists, as a no-op, so code written for browsers runs here unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./k7_spec_node.js";

initSync({ module: readFileSync(new URL("./k7_spec_node_bg.wasm", import.meta.url)) });

export * from "./k7_spec_node.js";
export { default } from "./k7_spec_node.js";
