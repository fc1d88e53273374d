// The k7-spec module as the page's editor and every <k7-spec-editor> call it. A text of at most
// LOCAL_LIMIT characters goes through the module on the page's own thread: on such a text the
// core takes about a millisecond, less than a round trip to a worker and back, and its rendering
// is shown in the task of the keystroke, so in the frame that paints the keystroke. A longer text
// goes to the worker (worker.js; one per page, shared, started on first use), so that a spec that
// takes the core seconds costs the page no frame. Calls return promises; the caller decides which
// results still matter (editor.js keeps one render in flight and drops stale ones).
import { load, run } from "./calls.js";

/**
 * The longest text the page's own thread takes (characters): every preset (at most 402) and every
 * valid fixture (at most 588). On K7's example (247) the core takes 0.3 ms to render and 1 ms for
 * the Reach view's connections (wasm in Node, warmed up). The Reach view's connections grow fastest:
 * on a whitelist of names, ranges and wildcards, a keystroke on that tab cost the page about 11 ms
 * at 678 characters, and 37-51 ms at 998 for the first few, while the wasm is not yet optimised
 * (docs/benchmarks.md).
 */
const LOCAL_LIMIT = 768;

let worker = null;
let next = 0;
const waiting = new Map();

function fail(message) {
  for (const { reject } of waiting.values()) reject(new Error(message));
  waiting.clear();
}

/** `message` answered by the worker. */
async function post(message) {
  // Once the wasm is in this page's HTTP cache: the worker does not download it a second time.
  await load();
  if (!worker) {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "k7-spec" });
    worker.onmessage = ({ data }) => {
      const pending = waiting.get(data.id);
      waiting.delete(data.id);
      if (data.error === undefined) pending?.resolve(data.result);
      else pending?.reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(`the k7-spec worker failed${event.message ? `: ${event.message}` : " to load"}`);
    };
  }
  return new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, ...message });
  });
}

/** `message` (calls.js) answered here when its text is short, else by the worker. */
const call = (message) =>
  (message.text ?? "").length <= LOCAL_LIMIT ? load().then(() => run(message)) : post(message);

let schemaOnce = null;

/** The k7-spec module, as k7Spec() takes a core (extension.js). */
export const core = {
  /** The JSON Schema of the spec (k7-spec's `schema()`), asked for once. */
  schema: () => (schemaOnce ??= call({ call: "schema" })),
  /** k7-spec's `render(text, options)`, with at most MAX_DIAGNOSTICS diagnostics and their `counts`. */
  render: (text, options) => call({ call: "render", text, options }),
  /** The rendering and, in the same call, what `want` asks for: connectivity, values (calls.js). */
  renderWith: (text, options, want) => call({ call: "render", text, options, want }),
  /** What the Reach view shows for `text` (calls.js): `{ connections?, answer? }`. */
  connectivity: (text, options, want) => call({ call: "connectivity", text, options, want }),
  /** K7's platform policy (`platformPolicy()`) as YAML. */
  platform: () => call({ call: "platform" }),
  /** k7-spec's `fix(text, options, unsafe)`: `{ text }`, the fixed text. */
  fix: (text, options, unsafe) => call({ call: "fix", text, options, unsafe }),
  /** k7-spec's `edit(text, operations)`: the new text. */
  edit: (text, operations) => call({ call: "edit", text, operations }),
  /** k7-spec's `readValues(text, paths)`: the values at `paths` as K7 reads them, and whether `edit` can change each. */
  readValues: (text, paths) => call({ call: "readValues", text, paths }),
};
