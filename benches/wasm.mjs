// `make bench`, the JS half: the wasm's download size, and render latency in Node next to the
// time the `yaml` package takes merely to parse the same text in the same process. The ratio is
// the figure that holds across machines. Run by scripts/bench.sh from a folder where the packed
// tarball and `yaml` are installed; prints Markdown table rows on stdout.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import YAML from "yaml";
import * as k7 from "k7-spec";

const REPO = process.env.K7_REPO;
const GOAL_GZIP = 200 * 1024;
const GOAL_RATIO = 3;

/** A spec whose whitelist has `n` distinct CIDR entries: the same text as the native benches. */
function whitelist(n) {
  const entries = Array.from({ length: n }, (_, i) => `  - 10.${(i >> 8) & 255}.${i & 255}.0/24\n`);
  return `name: demo\nimage: alpine:3.20\negress_whitelist:\n${entries.join("")}`;
}

/** Median time of one call of `f`, in milliseconds, over batches of at least ~25 ms. */
function time(f) {
  for (let i = 0; i < 3; i++) f();
  let per = 1;
  for (let n = 1; ; n *= 2) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    const dt = performance.now() - t0;
    if (dt > 25 || n >= 1 << 16) {
      per = n;
      break;
    }
  }
  const samples = [];
  for (let round = 0; round < 11; round++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) f();
    samples.push((performance.now() - t0) / per);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (t) => (t >= 1 ? `${t.toFixed(2)} ms` : `${(t * 1000).toFixed(1)} µs`);

const wasm = readFileSync(fileURLToPath(import.meta.resolve("k7-spec/k7_spec_bg.wasm")));
const gzip = gzipSync(wasm, { level: 9 }).length;
const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const rows = [
  ["| measure | k7-spec | `yaml` parse | ratio | goal |", "|---|---:|---:|---:|---|"],
  [
    `| wasm size raw / gzip / brotli | ${kb(wasm.length)} / ${kb(gzip)} / ${kb(brotli)} | | | gzip ≤ 200 KB: ${gzip <= GOAL_GZIP ? "met" : "MISSED"} |`,
  ],
];
const inputs = [
  ["K7 example", readFileSync(join(REPO, "tests/fixtures/valid--k7-example.yaml"), "utf8")],
  ["100-entry whitelist", whitelist(100)],
  ["1,000-entry whitelist", whitelist(1000)],
  ["10,000-entry whitelist", whitelist(10000)],
];
for (const [label, text] of inputs) {
  const ours = time(() => k7.render(text));
  const parse = time(() => YAML.parse(text));
  const ratio = ours / parse;
  rows.push([
    `| \`render\` in Node, ${label} (${kb(Buffer.byteLength(text))}) | ${ms(ours)} | ${ms(parse)} | ${ratio.toFixed(2)}× | ≤ ${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? "met" : "MISSED"} |`,
  ]);
}
process.stdout.write(rows.flat().join("\n") + "\n");
