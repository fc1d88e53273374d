// The k7-spec module off the main thread, for the texts core.js hands over (the longer ones): a
// module worker that loads the wasm and answers { id, ...message } (calls.js) with { id, result }
// or { id, error }. A spec that takes the core seconds costs the page no frame.
import { load, run } from "./calls.js";

self.onmessage = async ({ data }) => {
  try {
    await load();
    self.postMessage({ id: data.id, result: run(data) });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
