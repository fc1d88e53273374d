// `make bench`, the JS half, run by scripts/bench.sh from a folder where the packed tarball is
// installed. The package's `validate`, `render`, `reach` and `connections` in Node, on the same
// inputs as the native benches (benches/harness/mod.rs, benches/reach.rs), each row next to the
// native median that cargo bench printed (the file K7_NATIVE) and the ratio wasm/native; then,
// when K7_OPT_LEVELS names folders of the module built at other opt-levels
// (`LEVEL[:LLVM-OPTION,...]=DIR ...`), one row per build and one for the package as built: size
// and speed. Markdown on stdout.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import * as k7 from "k7-spec";

const REPO = process.env.K7_REPO;
const GOAL_GZIP = 180 * 1024;
const GOAL_RATIO = { validate: 2, render: 3 };

/** benches/harness/mod.rs's `whitelist`: `n` distinct CIDR entries (what `validate` reads). */
function whitelist(n) {
  const entries = Array.from({ length: n }, (_, i) => `  - 10.${(i >> 8) & 255}.${i & 255}.0/24\n`);
  return `name: demo\nimage: alpine:3.20\negress_whitelist:\n${entries.join("")}`;
}

/** benches/harness/mod.rs's `mixed_whitelist`: ranges, names and wildcards (what `render` reads). */
function mixedWhitelist(n) {
  const entry = (i) =>
    [`10.${(i >> 8) & 255}.${i & 255}.0/24`, `host-${i}.example.com`, `"*.svc-${i}.example.org"`][i % 3];
  const entries = Array.from({ length: n }, (_, i) => `  - ${entry(i)}\n`);
  return `name: demo\nimage: alpine:3.20\nbackend: k7d\negress_whitelist:\n${entries.join("")}`;
}

const EXAMPLE = readFileSync(join(REPO, "tests/fixtures/valid--k7-example.yaml"), "utf8");
/** [function, entries (0: the K7 example), input], as the native benches name them. */
const CASES = ["validate", "render"].flatMap((fn) => [
  [fn, 0, EXAMPLE],
  ...[1000, 10000].map((n) => [fn, n, fn === "validate" ? whitelist(n) : mixedWhitelist(n)]),
]);
const caseName = (fn, n) => `${fn}: ${n === 0 ? "K7 example" : `${n}-entry whitelist`}`;
/**
 * benches/reach.rs's calls, [function, entries, input, call]: `reach` with the harness's
 * REACH_EXAMPLE and REACH_WHITELIST queries, and `connections` (the editor's picture).
 */
const REACH_CASES = [
  ["reach", 0, EXAMPLE, (text) => k7.reach(text, "pypi.org:443")],
  ["reach", 1000, mixedWhitelist(1000), (text) => k7.reach(text, "internet")],
  ["connections", 0, EXAMPLE, (text) => k7.connections(text)],
  ["connections", 1000, mixedWhitelist(1000), (text) => k7.connections(text)],
];

/**
 * The CPU time of this process in milliseconds: other processes on a shared machine do not count
 * (the native harness times its thread's CPU time likewise).
 */
function cpuTime() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The mean CPU time of one call of `f` over a batch of at least `ms` milliseconds of it. */
function batch(f, ms) {
  let calls = 0;
  const t0 = cpuTime();
  let elapsed;
  do {
    f();
    calls++;
  } while ((elapsed = cpuTime() - t0) < ms);
  return elapsed / calls;
}

/**
 * The median of 11 batches of each function in `fs`, taken in turn (one batch of each per
 * round), so that a pause on a busy machine falls on all of them alike.
 */
function medians(fs) {
  fs.forEach((f) => batch(f, 50));
  const samples = fs.map(() => []);
  for (let round = 0; round < 11; round++) fs.forEach((f, i) => samples[i].push(batch(f, 40)));
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]);
}

/** cargo bench's rows, `| validate: 1000-entry whitelist | 513.5 µs | ...`, in milliseconds. */
function nativeMedians(file) {
  const times = new Map();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\|\s*([a-z]+: [^|]+?)\s*\|\s*([\d.]+) µs\s*\|/.exec(line);
    if (match) times.set(match[1], Number(match[2]) / 1000);
  }
  return times;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (t) => (t >= 1 ? `${t.toFixed(2)} ms` : `${(t * 1000).toFixed(1)} µs`);
const ratio = (wasm, native) => (native ? `${(wasm / native).toFixed(2)}×` : "-");

/** Raw, gzip -9 and brotli (quality 11) sizes of a module. */
function sizes(wasmFile) {
  const wasm = readFileSync(wasmFile);
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: wasm.length, gzip, brotli };
}

const native = nativeMedians(process.env.K7_NATIVE);
const rows = [];
// The size goal is the browsers' download: the browser entry's module. Node's (which the times
// below run) adds the command line's exports.
const packageWasm = fileURLToPath(import.meta.resolve("k7-spec/k7_spec_bg.wasm"));
const size = sizes(packageWasm);
const nodeSize = sizes(join(dirname(packageWasm), "k7_spec_node_bg.wasm"));
rows.push(
  "| measure | native | wasm in Node | wasm/native | goal |",
  "|---|---:|---:|---:|---|",
  `| browser wasm size raw / gzip -9 / brotli | | ${kb(size.raw)} / ${kb(size.gzip)} / ${kb(size.brotli)} | | gzip ≤ 180 KB: ${size.gzip <= GOAL_GZIP ? "met" : "MISSED"} |`,
  `| Node wasm size (with the command line's exports) | | ${kb(nodeSize.raw)} / ${kb(nodeSize.gzip)} / ${kb(nodeSize.brotli)} | | |`,
);
const times = medians([
  ...CASES.map(
    ([fn, , text]) =>
      () =>
        k7[fn](text),
  ),
  ...REACH_CASES.map(
    ([, , text, call]) =>
      () =>
        call(text),
  ),
]);
[...CASES, ...REACH_CASES].forEach(([fn, n, text], i) => {
  const theirs = native.get(caseName(fn, n));
  const goal = GOAL_RATIO[fn];
  const verdict =
    n === 0 || !theirs || !goal ? "" : `≤ ${goal}×: ${times[i] / theirs <= goal ? "met" : "MISSED"}`;
  rows.push(
    `| \`${caseName(fn, n)}\` (${kb(Buffer.byteLength(text))}) | ${theirs ? ms(theirs) : "-"} | ${ms(times[i])} | ${ratio(times[i], theirs)} | ${verdict} |`,
  );
});

// The module at each opt-level of Cargo.toml's [profile.wasm], timed in turn in this process.
const levels = (process.env.K7_OPT_LEVELS ?? "").split(/\s+/).filter(Boolean);
if (levels.length > 0) {
  const big = CASES.filter(([, n]) => n > 0);
  rows.push(
    "",
    `| opt-level | raw / gzip -9 / brotli | ${big.map(([fn, n]) => `\`${caseName(fn, n)}\` (wasm/native)`).join(" | ")} |`,
    `|---|---:|${big.map(() => "---:").join("|")}|`,
  );
  const modules = [];
  for (const spec of levels) {
    // `LEVEL[:LLVM-OPTION,...]=DIR`; the options hold `=` too, the folder does not.
    const at = spec.lastIndexOf("=");
    const [opt, options] = spec.slice(0, at).split(/:(.*)/);
    const dir = spec.slice(at + 1);
    const label = options ? `"${opt}", ${options.replaceAll(",", " ")}` : `"${opt}"`;
    modules.push([label, dir, await import(join(dir, "node.js"))]);
  }
  modules.push(["the package", dirname(packageWasm), k7]);
  for (const [fn, n, text] of big) {
    const t = medians(
      modules.map(
        ([, , m]) =>
          () =>
            m[fn](text),
      ),
    );
    modules.forEach((m, i) => (m[3] ??= []).push([t[i], native.get(caseName(fn, n))]));
  }
  for (const [level, dir, , results] of modules) {
    const s = sizes(join(dir, "k7_spec_bg.wasm"));
    const cells = results.map(([t, theirs]) => `${ms(t)} (${ratio(t, theirs)})`);
    rows.push(`| ${level} | ${kb(s.raw)} / ${kb(s.gzip)} / ${kb(s.brotli)} | ${cells.join(" | ")} |`);
  }
}
process.stdout.write(rows.join("\n") + "\n");
