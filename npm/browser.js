// The package's entry for browsers and bundlers (the `default` export condition): the module
// wasm-bindgen generates, whose functions fail with "Cannot read properties of undefined" until
// its wasm is loaded, behind functions that say instead to call `init()` first.
import load, * as wasm from "./k7_spec.js";

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

/** `wasm[name]`, once the wasm is loaded. */
function loaded(name) {
  return (...args) => {
    if (!ready) {
      throw new Error(
        `k7-spec: call \`await init()\` once before ${name}(): it loads the wasm (Node's entry needs no init)`,
      );
    }
    return wasm[name](...args);
  };
}

export const validate = loaded("validate");
export const render = loaded("render");
export const toYaml = loaded("toYaml");
export const schema = loaded("schema");
export const version = loaded("version");
export const configSettings = loaded("configSettings");
export const globMatches = loaded("globMatches");
export const globBase = loaded("globBase");
export const isSpecFile = loaded("isSpecFile");
export const gitignored = loaded("gitignored");
