// The main thread's side of the worker (worker.js): one worker per page, shared by the page's
// editor and every <k7-spec-editor>, started on first use. Calls return promises; the caller
// decides which results still matter (editor.js keeps one render in flight and drops stale ones).
let worker = null;
let next = 0;
const waiting = new Map();

function fail(message) {
  for (const { reject } of waiting.values()) reject(new Error(message));
  waiting.clear();
}

function call(message) {
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

let schemaOnce = null;

/** The k7-spec module in the worker, as k7Spec() takes a core (extension.js). */
export const workerCore = {
  /** The JSON Schema of the spec (k7-spec's `schema()`), asked for once. */
  schema: () => (schemaOnce ??= call({ call: "schema" })),
  /** k7-spec's `render(text, options)`, with at most MAX_DIAGNOSTICS diagnostics and their `counts`. */
  render: (text, options) => call({ call: "render", text, options }),
  /** The rendering and, in the same round trip, the connectivity `want` asks for (worker.js). */
  renderWith: (text, options, want) => call({ call: "render", text, options, want }),
  /** What the Reach view shows for `text` (worker.js): `{ connections?, answer? }`. */
  connectivity: (text, options, want) => call({ call: "connectivity", text, options, want }),
  /** K7's platform policy (`platformPolicy()`) as YAML. */
  platform: () => call({ call: "platform" }),
  /** k7-spec's `fix(text, options, unsafe)`: `{ text }`, the fixed text. */
  fix: (text, options, unsafe) => call({ call: "fix", text, options, unsafe }),
  /** k7-spec's `edit(text, operations)`: the new text. */
  edit: (text, operations) => call({ call: "edit", text, operations }),
};
