// The k7-spec module's calls as the editor makes them, wherever they run (core.js: on the page's own
// thread for a short text, in the worker, worker.js, for a longer one): { call: "schema" | "render" |
// "connectivity" | "platform" | "fix" | "edit" | "readValues", text, options, want, unsafe,
// operations, paths } → its result, once `load()` has loaded the wasm on the calling thread.
//
// `want` ({ connections, query, values }) asks, with "render", for what the Reach view shows
// (connectivity below) and for the Security form's values (`readValues` at the paths `values`):
// the result is then { rendering, connectivity?, values? }, one call per change.
//
// A rendering comes back with at most MAX_DIAGNOSTICS diagnostics (a 1 MiB list of duplicates
// has hundreds of thousands, tens of MB to copy and underline) and `counts`, the number of each
// severity in the whole list, suppressed findings apart.
import init, {
  connections,
  edit,
  fix,
  platformPolicy,
  reach,
  readValues,
  render,
  schema,
  toYaml,
} from "k7-spec";

const MAX_DIAGNOSTICS = 1000;

let loading = null;

/** Loads the wasm on this thread, once. */
export const load = () => (loading ??= init());

function trimmed(rendering) {
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const d of rendering.diagnostics) counts[d.suppressed ? "suppressed" : d.severity]++;
  return { ...rendering, diagnostics: rendering.diagnostics.slice(0, MAX_DIAGNOSTICS), counts };
}

/**
 * `connections(text, options)` when `want.connections`, `reach(text, want.query, options)` when
 * `want.query` (a query it cannot read gives `{ error }`, its message), both without the spec's
 * diagnostics, which the rendering has.
 */
function connectivity(text, options, want) {
  const out = {};
  const undiagnosed = ({ diagnostics, ...rest }) => rest;
  if (want.connections) out.connections = undiagnosed(connections(text, options));
  if (want.query) {
    try {
      out.answer = undiagnosed(reach(text, want.query, options));
    } catch (error) {
      out.answer = { error: String(error?.message ?? error) };
    }
  }
  return out;
}

const CALLS = {
  schema: () => schema(),
  render: ({ text, options, want }) => {
    const rendering = trimmed(render(text, options));
    if (!want) return rendering;
    const out = { rendering };
    if (want.connections || want.query) out.connectivity = connectivity(text, options, want);
    if (want.values) out.values = readValues(text, want.values);
    return out;
  },
  connectivity: ({ text, options, want }) => connectivity(text, options, want),
  platform: () => toYaml([platformPolicy()]),
  // The fixed text alone: its diagnostics come with the rendering that follows it.
  fix: ({ text, options, unsafe }) => ({ text: fix(text, options, unsafe).text }),
  edit: ({ text, operations }) => edit(text, operations),
  readValues: ({ text, paths }) => readValues(text, paths),
};

/** The result of `message` (above); throws an Error whose message is the core's. */
export function run(message) {
  try {
    return CALLS[message.call](message);
  } catch (error) {
    throw new Error(String(error?.message ?? error));
  }
}
