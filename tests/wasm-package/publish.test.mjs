// The package as npm publishes it, checked by the tools package consumers and registries trust:
// publint --strict and @arethetypeswrong/cli on the packed tarball (K7_TARBALL), npm's own
// publish checks on pkg/, and the licence in the tarball. Run by scripts/package-test.sh.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const REPO = process.env.K7_REPO;
const TARBALL = process.env.K7_TARBALL;
const packageDir = fileURLToPath(new URL(".", import.meta.resolve("k7-spec/package.json")));
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** A tool from node_modules/.bin, run on the tarball. */
const run = (name, args) =>
  spawnSync(join(process.cwd(), "node_modules/.bin", name), [...args, TARBALL], { encoding: "utf8" });

test("publint --strict finds nothing in the tarball", () => {
  const r = run("publint", ["--strict"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /All good!/);
});

test("attw: every exported subpath resolves to types, for Node 16+ ESM and bundlers", () => {
  // The package is ESM only ("type": "module", no `require` condition): the esm-only profile
  // leaves out require() from CommonJS and node10's resolution, which ignores `exports`.
  const r = run("attw", ["--profile", "esm-only", "--format", "json"]);
  const { analysis, problems } = JSON.parse(r.stdout);
  assert.equal(r.status, 0, `attw exited ${r.status}: ${JSON.stringify(problems, null, 1)}`);
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), Object.keys(manifest.exports).sort());
});

test("npm publish --dry-run corrects nothing in the package.json and warns of nothing", () => {
  const r = spawnSync("npm", ["publish", "--dry-run", join(REPO, "pkg")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  // Without a login, npm says so even in a dry run; that is the only warning allowed.
  const warnings = r.stderr
    .split("\n")
    .filter((l) => /\bwarn\b/i.test(l) && !/requires you to be logged in/.test(l));
  assert.deepEqual(warnings, []);
  assert.match(r.stderr, new RegExp(`k7-spec@${manifest.version.replaceAll(".", "\\.")}`));
});

test("the tarball holds the repository's LICENSE, the Apache License 2.0 that package.json names", () => {
  const license = readFileSync(join(REPO, "LICENSE"), "utf8");
  assert.equal(readFileSync(join(packageDir, "LICENSE"), "utf8"), license);
  assert.match(license, /^\s*Apache License\s+Version 2\.0, January 2004\s/);
  assert.equal(manifest.license, "Apache-2.0");
});

test("package.json links the repository, its home page and its issues", () => {
  const repository = new URL(manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""));
  assert.equal(manifest.repository.type, "git");
  assert.equal(new URL(manifest.homepage).pathname, repository.pathname);
  assert.equal(manifest.bugs.url, `${repository.href}/issues`);
});
