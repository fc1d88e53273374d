// The k7-spec module off the main thread, for the page and <k7-spec-editor>: a module worker that
// loads the wasm and answers { id, call: "schema" | "render", text, options } with { id, result }
// or { id, error }. A spec that takes the core seconds costs the page no frame.
//
// A rendering comes back with at most MAX_DIAGNOSTICS diagnostics (a 1 MiB list of duplicates
// has hundreds of thousands, tens of MB to copy and underline) and `counts`, the number of each
// severity in the whole list, suppressed findings apart.
import init, { render, schema } from "k7-spec";

const MAX_DIAGNOSTICS = 1000;

const ready = init();

function trimmed(rendering) {
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const d of rendering.diagnostics) counts[d.suppressed ? "suppressed" : d.severity]++;
  return { ...rendering, diagnostics: rendering.diagnostics.slice(0, MAX_DIAGNOSTICS), counts };
}

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const result = data.call === "schema" ? schema() : trimmed(render(data.text, data.options));
    self.postMessage({ id: data.id, result });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
