// The npm package built in pkg/ (make package), called for tests/reach/compare.py: reads a JSON array
// of calls ([name, ...args], such as ["render", text, {cni: "cilium"}]) from standard input and
// writes one JSON array of their results ({value} or, when the call throws, {error}).
import { readFileSync } from "node:fs";

import * as k7 from "../../pkg/node.js";

const calls = JSON.parse(readFileSync(0, "utf8"));
const results = calls.map(([name, ...args]) => {
  try {
    return { value: k7[name](...args) };
  } catch (error) {
    return { error: String(error) };
  }
});
process.stdout.write(JSON.stringify(results));
