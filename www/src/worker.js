// The k7-spec module off the main thread, for the page and <k7-spec-editor>: a module worker that
// loads the wasm and answers { id, call: "schema" | "render" | "connectivity" | "platform" | "fix" |
// "edit", text, options, want, unsafe, operations } with { id, result } or { id, error }. A spec that takes the core seconds costs
// the page no frame.
//
// `want` ({ connections, query }) asks for what the Reach view shows (connectivity below): with
// "render", the result is then { rendering, connectivity }, one round trip per change.
//
// A rendering comes back with at most MAX_DIAGNOSTICS diagnostics (a 1 MiB list of duplicates
// has hundreds of thousands, tens of MB to copy and underline) and `counts`, the number of each
// severity in the whole list, suppressed findings apart.
import init, { connections, edit, fix, platformPolicy, reach, render, schema, toYaml } from "k7-spec";

const MAX_DIAGNOSTICS = 1000;

const ready = init();

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
    return want ? { rendering, connectivity: connectivity(text, options, want) } : rendering;
  },
  connectivity: ({ text, options, want }) => connectivity(text, options, want),
  platform: () => toYaml([platformPolicy()]),
  // The fixed text alone: its diagnostics come with the rendering that follows it.
  fix: ({ text, options, unsafe }) => ({ text: fix(text, options, unsafe).text }),
  edit: ({ text, operations }) => edit(text, operations),
};

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const result = CALLS[data.call](data);
    self.postMessage({ id: data.id, result });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
