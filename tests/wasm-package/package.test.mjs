// The packed tarball, installed in this folder, imported as users import it in Node.
// Run by scripts/package-test.sh, which sets K7_REPO to the repository (fixtures, Cargo.toml).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import YAML from "yaml";

// No init() call: the `node` export condition instantiates the wasm at import.
import init, * as k7 from "k7-spec";

import hostileValues from "./hostile.mjs";

const REPO = process.env.K7_REPO;
const FIXTURES = join(REPO, "tests/fixtures");
const EXAMPLE = readFileSync(join(FIXTURES, "valid--k7-example.yaml"), "utf8");
const packageDir = fileURLToPath(new URL(".", import.meta.resolve("k7-spec/package.json")));
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

const isPlain = (v) => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

test("ESM import works in Node without init, and init() is a harmless no-op", async () => {
  const diagnostics = k7.validate(EXAMPLE);
  assert.ok(Array.isArray(diagnostics));
  assert.ok(!diagnostics.some((d) => d.severity === "error"), JSON.stringify(diagnostics));
  await init();
  assert.deepEqual(k7.validate(EXAMPLE), diagnostics);
});

test("the package version and licence are the crate's", () => {
  const cargo = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const crateVersion = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];
  assert.equal(k7.version(), crateVersion);
  assert.equal(manifest.version, crateVersion);
  assert.equal(manifest.license, /^license\s*=\s*"([^"]+)"/m.exec(cargo)?.[1]);
});

test("diagnostics are plain objects with null where the types say so", () => {
  const [d] = k7.validate("name: [unclosed\n");
  assert.ok(isPlain(d) && isPlain(d.span) && isPlain(d.span.start));
  assert.deepEqual(Object.keys(d), [
    "code",
    "severity",
    "message",
    "path",
    "span",
    "help",
    "suppressed",
    "fixes",
  ]);
  assert.equal(d.code, "invalid-syntax");
  assert.equal(d.help, null);
  assert.equal(d.suppressed, null);
  assert.deepEqual(d.fixes, []);
  for (const key of ["line", "column", "offset"]) assert.equal(typeof d.span.start[key], "number");
});

test("a plain object source gives the same diagnostics with null spans", () => {
  const text = "name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]\nnot_a_field: 1\n";
  const fromText = k7.validate(text);
  const fromObject = k7.validate(YAML.parse(text));
  assert.deepEqual(
    fromObject.map((d) => [d.code, d.path]),
    fromText.map((d) => [d.code, d.path]),
  );
  assert.ok(fromObject.every((d) => d.span === null));
});

test("misuse throws a real Error naming the problem", () => {
  for (const [value, named] of [
    [42, "a number"],
    [null, "null"],
    [undefined, "undefined"],
    [new Map(), "a Map"],
  ]) {
    assert.throws(
      () => k7.validate(value),
      (e) => e instanceof Error && e.message.includes(named),
    );
  }
});

test("spans index the JS string in UTF-16 units, emoji included", () => {
  const text = 'name: demo # 🦀🦀\nimage: alpine:3.20\ncap_add: ["🦀", NET_RAW]\n';
  const d = k7.validate(text).find((d) => d.code === "powerful-capability");
  assert.equal(text.slice(d.span.start.offset, d.span.end.offset), "NET_RAW");
  const line = text.split("\n")[d.span.start.line - 1];
  assert.equal(line.slice(d.span.start.column - 1, d.span.end.column - 1), "NET_RAW");
});

test("package.json: ESM, a node condition, types per condition, bin, files that exist", () => {
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."], {
    node: { types: "./k7_spec_node.d.ts", default: "./node.js" },
    default: { types: "./k7_spec.d.ts", default: "./browser.js" },
  });
  assert.equal(manifest.bin["k7-spec"], "cli.mjs"); // npm publish rewrites "./cli.mjs", warning
  const shipped = readdirSync(packageDir).sort();
  for (const file of manifest.files) assert.ok(shipped.includes(file), `${file} is in the tarball`);
});

// The schema has its own suite: schema.test.mjs.

test("the shipped .d.ts hold npm/types.d.ts (Node's also tools.d.ts), and tsc accepts a user's calls", () => {
  // wasm-bindgen re-indents the files it includes.
  const words = (file) => readFileSync(file, "utf8").replace(/\s+/g, " ");
  const [types, tools] = ["types", "tools"].map((name) => words(join(REPO, `npm/${name}.d.ts`)).trim());
  const browser = words(join(packageDir, "k7_spec.d.ts"));
  const node = words(join(packageDir, "k7_spec_node.d.ts"));
  assert.ok(browser.includes(types) && !browser.includes("export function report("));
  assert.ok(node.includes(types) && node.includes(tools));
  const tsc = join(process.cwd(), "node_modules/.bin/tsc");
  // A Node project without the DOM lib, and a browser project with it and without Node's types.
  for (const project of ["types/tsconfig.json", "types/tsconfig.dom.json"]) {
    try {
      execFileSync(tsc, ["-p", project], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      assert.fail(`tsc -p ${project} failed:\n${error.stdout}${error.stderr}`);
    }
  }
});

test("render returns a plain Rendering", () => {
  const rendering = k7.render(EXAMPLE);
  assert.ok(isPlain(rendering));
  assert.deepEqual(Object.keys(rendering).sort(), ["diagnostics", "explanation", "manifests", "ok", "yaml"]);
  assert.equal(rendering.ok, true);
  assert.ok(rendering.manifests.length > 0 && rendering.manifests.every(isPlain));
  assert.deepEqual(
    YAML.parseAllDocuments(rendering.yaml).map((d) => d.toJS()),
    rendering.manifests,
  );
  const failed = k7.render("name: demo\n");
  assert.equal(failed.ok, false);
  assert.deepEqual([failed.manifests, failed.yaml, failed.explanation], [[], "", null]);
  assert.throws(
    () => k7.render(EXAMPLE, { cni: "calico" }),
    (e) => e instanceof Error && e.message.includes("calico"),
  );
});

test("validate takes render's options, and reports what render reports", () => {
  const text = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n";
  const codes = (diagnostics) => diagnostics.map((d) => d.code);
  assert.ok(!codes(k7.validate(text)).includes("fqdn-needs-cilium"));
  const flannel = k7.validate(text, { cni: "flannel" });
  assert.ok(codes(flannel).includes("fqdn-needs-cilium"));
  assert.deepEqual(flannel, k7.render(text, { cni: "flannel" }).diagnostics);
  assert.throws(
    () => k7.validate(text, { cnii: "flannel" }),
    (e) => e instanceof Error && e.message.includes("cnii"),
  );
});

test("toYaml writes what render writes, and takes only an array of documents", () => {
  const rendering = k7.render(EXAMPLE);
  assert.equal(k7.toYaml(rendering.manifests), rendering.yaml);
  assert.deepEqual(YAML.parse(k7.toYaml([rendering.explanation])), rendering.explanation);
  assert.throws(
    () => k7.toYaml(rendering.explanation),
    (e) => e instanceof Error && e.message.includes("toYaml takes an array"),
  );
});

// Hostile JS values: each throws an Error naming what failed, and none leaves a trace in the
// module (a JS exception unwinding through Rust frames used to leak their stack: a few thousand
// calls left every later call failing with "memory access out of bounds").
const HOSTILE = hostileValues();
const throwsNaming = (call, named) =>
  assert.throws(
    call,
    (e) => e instanceof Error && e.message.startsWith("k7-spec: ") && e.message.includes(named),
    named,
  );

test("hostile sources, options and documents throw an Error naming what failed", () => {
  for (const [source, named] of HOSTILE.sources) {
    throwsNaming(() => k7.validate(source), named);
    throwsNaming(() => k7.render(source), named);
  }
  for (const [options, named] of HOSTILE.options) {
    throwsNaming(() => k7.validate(EXAMPLE, options), named);
    throwsNaming(() => k7.render(EXAMPLE, options), named);
  }
  for (const [documents, named] of HOSTILE.documents) throwsNaming(() => k7.toYaml(documents), named);
});

test("100,000 hostile calls leave the module as it was: a valid call works, memory bounded", async () => {
  const { memory } = await init();
  const expected = k7.validate(EXAMPLE);
  const calling = (f) => (pair) => () => f(pair[0]);
  const hostile = [
    ...HOSTILE.sources.map(calling(k7.validate)),
    ...HOSTILE.options.map(calling((options) => k7.render(EXAMPLE, options))),
    ...HOSTILE.documents.map(calling(k7.toYaml)),
  ];
  // Texts just over the limit and at 4 times it (the longest read), refused by the core with
  // their size, every 10,000th call.
  const tooLarge = () =>
    [2 ** 20 + 1, 4 * 2 ** 20].forEach((length) => {
      const [d] = k7.validate("#".repeat(length));
      assert.equal(d.code, "input-too-large");
      assert.ok(d.message.includes(`${length} bytes long`), d.message);
    });
  // Once each, so that the memory any of them needs is there before the count starts.
  for (const call of hostile) assert.throws(call);
  tooLarge();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 100_000; i++) {
    assert.throws(hostile[i % hostile.length], Error);
    if (i % 10_000 === 0) tooLarge();
  }
  const after = memory.buffer.byteLength;
  console.log(`wasm memory: ${before} bytes before 100,000 hostile calls, ${after} after`);
  assert.equal(after, before);
  assert.deepEqual(k7.validate(EXAMPLE), expected);
});

test("the browser entry says to call init() first, then works", async () => {
  const browser = await import(join(packageDir, "browser.js"));
  // schema() is the JSON of Node's module (schema.js), guarded as the wasm's functions are.
  const exported = [...Object.keys(await import(join(packageDir, "k7_spec.js"))), "schema"].sort();
  assert.deepEqual(Object.keys(browser).sort(), exported, "every export of the module is guarded");
  for (const name of ["validate", "render", "toYaml", "schema", "version"]) {
    assert.throws(
      () => browser[name](EXAMPLE),
      (e) =>
        e instanceof Error && e.message.startsWith(`k7-spec: call \`await init()\` once before ${name}()`),
    );
  }
  browser.initSync({ module: readFileSync(join(packageDir, "k7_spec_bg.wasm")) });
  assert.deepEqual(browser.validate(EXAMPLE), k7.validate(EXAMPLE));
  assert.deepEqual(browser.schema(), k7.schema());
  assert.notEqual(browser.schema(), browser.schema(), "a fresh object each call, as Node's");
});

test("the browser's wasm lacks the command line's exports and schema, which Node's has, and is smaller", () => {
  const tools = [
    "parseArgs",
    "specText",
    "report",
    "output",
    "configSettings",
    "globMatches",
    "globBase",
    "isSpecFile",
    "gitignored",
    "reachMatrix",
    "schema",
  ];
  const wasm = (file) => readFileSync(join(packageDir, file));
  const exported = (file) =>
    WebAssembly.Module.exports(new WebAssembly.Module(wasm(file))).map((e) => e.name);
  const [browser, node] = [exported("k7_spec_bg.wasm"), exported("k7_spec_node_bg.wasm")];
  assert.deepEqual(
    tools.filter((name) => browser.includes(name)),
    [],
  );
  assert.deepEqual(
    tools.filter((name) => !node.includes(name)),
    [],
  );
  assert.deepEqual(
    browser.filter((name) => !node.includes(name)),
    [],
    "Node's module has every export of the browser's",
  );
  for (const name of tools) assert.equal(typeof k7[name], "function", `Node's entry has ${name}`);
  assert.ok(gzipSync(wasm("k7_spec_bg.wasm")).length < gzipSync(wasm("k7_spec_node_bg.wasm")).length);
});
