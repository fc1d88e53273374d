// The package's entry for browsers and bundlers (the `default` export condition): the module
// wasm-bindgen generates, whose functions fail with "Cannot read properties of undefined" until
// its wasm is loaded, behind functions that say instead to call `init()` first. Its wasm,
// k7_spec_bg.wasm, has the core exports only: the command line's (report, configSettings…) and
// reachMatrix, a batch tool, are in the Node entry's module (node.js), and browsers do not
// download them. Nor the schema's
// builder: schema() parses the JSON that scripts/package.sh wrote from Node's module.
import load, * as wasm from "./k7_spec.js";
import schemaText from "./schema.js";

let ready = false;

/** Loads the wasm (once; later calls return at once): `await init()` before anything else. */
export default async function init(options) {
  const exports = await load(options);
  ready = true;
  return exports;
}

/** Loads the wasm synchronously from a module or its bytes (`initSync({ module })`). */
export function initSync(options) {
  const exports = wasm.initSync(options);
  ready = true;
  return exports;
}

/** `call` (by default `wasm[name]`), once the wasm is loaded. */
function loaded(name, call = (...args) => wasm[name](...args)) {
  return (...args) => {
    if (!ready) {
      throw new Error(
        `k7-spec: call \`await init()\` once before ${name}(): it loads the wasm (Node's entry needs no init)`,
      );
    }
    return call(...args);
  };
}

export const validate = loaded("validate");
export const render = loaded("render");
export const toYaml = loaded("toYaml");
export const edit = loaded("edit");
export const readValues = loaded("readValues");
export const fix = loaded("fix");
export const reach = loaded("reach");
export const connections = loaded("connections");
export const platformPolicy = loaded("platformPolicy");
export const schema = loaded("schema", () => JSON.parse(schemaText));
export const version = loaded("version");
