// The config file, globs and .gitignore through the packed package (docs/api.md#config-file):
// what the CLI calls while it finds specs and their settings. A walk of a temporary git
// repository with gitignored() finds exactly the files git does not ignore.
// Run by scripts/package-test.sh (TMPDIR is its scratch directory).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import init, * as k7 from "k7-spec";

import hostileValues from "./hostile.mjs";

const CONFIG = `fail-on: info
ignore: [egress-open]
overrides:
  - files: ["demos/**"]
    fail-on: error
    ignore:
      - code: public-exposure
        reason: demos are public
`;

test("configSettings gives each path its settings, as plain objects", () => {
  const settings = k7.configSettings(CONFIG, "demos/web.k7.yaml");
  assert.deepEqual(settings, {
    cni: "cilium",
    workload: "pod",
    failOn: "error",
    ignore: [{ code: "egress-open" }, { code: "public-exposure", reason: "demos are public" }],
  });
  assert.equal(Object.getPrototypeOf(settings), Object.prototype);
  assert.equal(k7.configSettings(CONFIG, "k7.yaml").failOn, "info");
  assert.deepEqual(k7.configSettings("", "k7.yaml"), {
    cni: "cilium",
    workload: "pod",
    failOn: "warning",
    ignore: [],
  });
  // The settings' ignore list is what validate takes.
  const diagnostics = k7.validate("name: demo\nimage: alpine:3.20\n", { ignore: settings.ignore });
  assert.ok(diagnostics.find((d) => d.code === "egress-open").suppressed);
});

test("a bad config throws an Error with its line and column, every time, whatever the path", () => {
  const bad = "overrides:\n  - files: [demos]\n    fail_on: error\n";
  for (const text of [bad, CONFIG, bad, bad, CONFIG]) {
    let thrown;
    try {
      k7.configSettings(text, "demos/k7.yaml");
    } catch (error) {
      thrown = error;
    }
    if (text === CONFIG) {
      assert.equal(thrown, undefined);
      continue;
    }
    assert.ok(thrown instanceof Error);
    assert.equal(thrown.message, "3:5: unknown key `fail_on`; did you mean `fail-on`?");
    assert.deepEqual([thrown.line, thrown.column], [3, 5]);
  }
});

test("globs, their bases and spec file names", () => {
  assert.equal(k7.globMatches("**/*.k7.yaml", "a/b/web.k7.yaml"), true);
  assert.equal(k7.globMatches("*.k7.yaml", "a/web.k7.yaml"), false);
  assert.equal(k7.globBase("specs/**/*.k7.yaml"), "specs");
  assert.throws(() => k7.globMatches("specs/[a", "x"), /^Error: k7-spec: invalid glob: it has a `\[`/);
  for (const name of ["k7.yaml", "k7.yml", "web.k7.yaml", "web.k7.yml"]) assert.ok(k7.isSpecFile(name), name);
  for (const name of ["k7.json", "k7.yaml.orig", "web-k7.yaml"]) assert.ok(!k7.isSpecFile(name), name);
});

/** Runs git in DIR with no user or system config, so no global excludes file. */
const git = (dir, args) =>
  execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, GIT_CONFIG_NOSYSTEM: "1" },
  });

/**
 * The files under ROOT that gitignored() keeps, walking as the CLI does: one call per directory
 * with the .gitignore files from the root down and the directory's entries; ignored directories
 * are not entered. Also the number of calls.
 */
function walk(root) {
  const files = [];
  let calls = 0;
  const visit = (dir, gitignores) => {
    const at = dir === "" ? root : join(root, dir);
    const entries = readdirSync(at, { withFileTypes: true }).filter((e) => e.name !== ".git");
    const here = entries.some((e) => e.name === ".gitignore")
      ? [...gitignores, { dir, text: readFileSync(join(at, ".gitignore"), "utf8") }]
      : gitignores;
    const paths = entries.map((e) => ({
      path: dir === "" ? e.name : `${dir}/${e.name}`,
      isDir: e.isDirectory(),
    }));
    const ignored = k7.gitignored(here, paths);
    calls++;
    paths.forEach(({ path, isDir }, i) => {
      if (ignored[i]) return;
      if (isDir) visit(path, here);
      else files.push(path);
    });
  };
  visit("", []);
  return { files: files.sort(), calls };
}

test("a walk with gitignored() keeps exactly the files git keeps (1,000 specs: timed)", () => {
  const root = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "k7-gitignored-"));
  try {
    git(root, ["init", "--quiet"]);
    const gitignores = {
      "": "# build output\nbuild/\n*.log\n!keep.log\n/top-only.k7.yaml\ndemos/**/draft-*\n",
      d3: "*.k7.yml\n!s3/*.k7.yml\n",
      "d5/s5": "*\n!*.k7.yaml\n",
      d7: "s[0-4]/\n",
    };
    for (let d = 0; d < 10; d++) {
      for (let s = 0; s < 10; s++) {
        const dir = join(root, `d${d}`, `s${s}`);
        mkdirSync(dir, { recursive: true });
        for (let f = 0; f < 10; f++) writeFileSync(join(dir, `f${f}.k7.${f % 3 ? "yaml" : "yml"}`), "");
        writeFileSync(join(dir, s % 2 ? "notes.txt" : "run.log"), ""); // not a spec
      }
    }
    for (const dir of ["build", "demos/a", "demos/b/c"]) mkdirSync(join(root, dir), { recursive: true });
    for (const file of [
      "build/k7.yaml",
      "demos/a/draft-1.k7.yaml",
      "demos/b/c/draft-2.k7.yaml",
      "demos/a/k7.yaml",
      "top-only.k7.yaml",
      "d1/top-only.k7.yaml",
      "x.log",
      "keep.log",
    ]) {
      writeFileSync(join(root, file), "");
    }
    for (const [dir, text] of Object.entries(gitignores)) writeFileSync(join(root, dir, ".gitignore"), text);

    const start = process.hrtime.bigint();
    const { files, calls } = walk(root);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const kept = git(root, ["ls-files", "--others", "--exclude-standard", "-z"])
      .split("\0")
      .filter(Boolean)
      .sort();
    assert.deepEqual(files, kept);
    const specs = files.filter((path) => k7.isSpecFile(path));
    console.log(
      `walked ${files.length} files (${specs.length} specs) in ${calls} calls: ${ms.toFixed(0)} ms`,
    );
    assert.ok(specs.length > 800 && files.length < 1100, `${specs.length} specs of ${files.length} files`);
    assert.ok(ms < 5000, `${ms} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("misuse throws an Error naming it; 100,000 such calls leave the module as it was", async () => {
  const { memory } = await init();
  const { sources } = hostileValues();
  const misuses = (values) => [
    ...values.flatMap(([value, named]) => [
      [() => k7.configSettings(value, "k7.yaml"), named],
      [() => k7.configSettings("", value), named],
      [() => k7.globMatches(value, "x"), named],
      [() => k7.globBase(value), named],
      [() => k7.isSpecFile(value), named],
      [() => k7.gitignored([value], []), named],
      [() => k7.gitignored([], [value]), named],
    ]),
    [() => k7.gitignored("build/", []), "must be an array, got a string"],
    [() => k7.gitignored([{ dir: "", text: "x", extra: 1 }], []), "unknown field `extra`"],
    [() => k7.gitignored([], [{ path: "x", isDir: "no" }]), "expected a boolean"],
    [() => k7.globMatches("a[", "x"), "invalid glob"],
  ];
  for (const [call, named] of misuses(sources)) {
    assert.throws(call, (e) => e instanceof Error && e.message.startsWith("k7-spec: "), named);
  }
  // The 4 Mi string only once each, above: copying it 100,000 times would take a minute.
  const calls = misuses(sources.filter(([value]) => !(typeof value === "string" && value.length > 1000)));
  const expected = k7.configSettings(CONFIG, "k7.yaml");
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 100_000; i++) {
    assert.throws(calls[i % calls.length][0], Error);
    assert.throws(() => k7.configSettings(i % 2 ? "cni: calico\n" : "ignore: [invalid-port]\n", "x"), Error);
  }
  const after = memory.buffer.byteLength;
  console.log(`wasm memory: ${before} bytes before 100,000 misuses, ${after} after`);
  assert.equal(after, before);
  assert.deepEqual(k7.configSettings(CONFIG, "k7.yaml"), expected);
});
