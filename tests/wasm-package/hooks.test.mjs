// The pre-commit hooks (.pre-commit-hooks.yaml: node's and python's) run by the real pre-commit
// (pinned in scripts/pyvenv.sh) in temporary git repositories: each fails on a bad spec, naming
// the finding, and passes on a good one. Run by scripts/package-test.sh (K7_REPO, K7_TARBALL; the
// wheel from `make package` in build/python/).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { test } from "node:test";

import YAML from "yaml";
import * as k7 from "k7-spec";

const REPO = process.env.K7_REPO;
const PRE_COMMIT = join(REPO, "build/venv/bin/pre-commit");
const work = mkdtempSync(join(tmpdir(), "k7-pre-commit-"));
const env = {
  ...process.env,
  // pre-commit's cache (its clones and the hook's node environment), inside build/.
  PRE_COMMIT_HOME: join(work, "cache"),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "k7-spec tests",
  GIT_AUTHOR_EMAIL: "tests@k7-spec.invalid",
  GIT_COMMITTER_NAME: "k7-spec tests",
  GIT_COMMITTER_EMAIL: "tests@k7-spec.invalid",
};
const git = (cwd, ...args) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

/** A new git repository at `dir` holding `files` (path: text), committed; its commit. */
function repository(dir, files) {
  git(work, "init", "--quiet", "--initial-branch=main", dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "--message", "files");
  return git(dir, "rev-parse", "HEAD");
}

/** A spec that passes the default gate; with `cap_add: [SYS_ADMIN]`, a warning fails it. */
const GOOD = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n";

/**
 * `pre-commit run --all-files` in `user`, whose k7.yaml is GOOD with a powerful capability: it
 * fails, naming the finding, then passes once k7.yaml is GOOD. The failing run's output.
 */
function failsThenPasses(user) {
  const run = () => spawnSync(PRE_COMMIT, ["run", "--all-files"], { cwd: user, env, encoding: "utf8" });
  const failed = run();
  assert.equal(failed.status, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, /^k7-spec\.+Failed$/m);
  assert.match(failed.stdout, /^k7\.yaml:4:\d+: warning\[powerful-capability\] /m);

  writeFileSync(join(user, "k7.yaml"), GOOD);
  const passed = run();
  assert.equal(passed.status, 0, passed.stdout + passed.stderr);
  assert.match(passed.stdout, /^k7-spec\.+Passed$/m);
  return failed.stdout;
}

/** The paths of the hook environments pre-commit made whose names start with `prefix`. */
const environments = (prefix) =>
  readdirSync(env.PRE_COMMIT_HOME)
    .filter((dir) => dir.startsWith("repo"))
    .flatMap((dir) =>
      readdirSync(join(env.PRE_COMMIT_HOME, dir))
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(env.PRE_COMMIT_HOME, dir, name)),
    );

const rootManifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
const hooks = YAML.parse(readFileSync(join(REPO, ".pre-commit-hooks.yaml"), "utf8"));

test("the hook's package depends on the npm package k7-spec of the repository's version", () => {
  const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(REPO, "Cargo.toml"), "utf8"))[1];
  assert.equal(rootManifest.version, version);
  assert.deepEqual(rootManifest.dependencies, { "k7-spec": version });
  assert.equal(rootManifest.bin["k7-spec"], "hooks/k7-spec.mjs");
});

test("the hook's files pattern matches the file names the CLI takes for specs in a directory", () => {
  const [hook] = hooks;
  assert.equal(hook.id, "k7-spec");
  // Python's re.search and JavaScript's RegExp read this pattern alike.
  const files = new RegExp(hook.files);
  const names = ["k7.yaml", "k7.yml", "web.k7.yaml", "a/b/web.k7.yml", ".k7.yaml", "k7.json", "notk7.yaml"];
  for (const name of [...names, "k7.yaml.bak", "k7.yaml/x", "a/k7-yaml", "sandbox.yaml"]) {
    assert.equal(files.test(name), k7.isSpecFile(name), name);
  }
  assert.deepEqual(
    names.filter((name) => files.test(name)),
    ["k7.yaml", "k7.yml", "web.k7.yaml", "a/b/web.k7.yml", ".k7.yaml"],
  );
});

test("pre-commit run fails on a bad spec, naming the finding, and passes once it is fixed", () => {
  // A copy of this repository's hook files, but with the dependency on the freshly packed
  // tarball: this version of k7-spec is not on npm yet (and the test must not fetch it).
  const hookFiles = {
    "package.json": "",
    ".pre-commit-hooks.yaml": "",
    "hooks/k7-spec.mjs": "",
    LICENSE: "",
  };
  for (const path of Object.keys(hookFiles)) hookFiles[path] = readFileSync(join(REPO, path), "utf8");
  hookFiles["package.json"] = JSON.stringify({
    ...rootManifest,
    dependencies: { "k7-spec": `file:${process.env.K7_TARBALL}` },
  });
  const hookRepo = join(work, "hook");
  const rev = repository(hookRepo, hookFiles);

  const user = join(work, "user");
  repository(user, {
    ".pre-commit-config.yaml": YAML.stringify({
      repos: [{ repo: hookRepo, rev, hooks: [{ id: "k7-spec" }] }],
    }),
    // A warning: it fails the default gate (--fail-on warning).
    "k7.yaml": `${GOOD}cap_add: [SYS_ADMIN]\n`,
    "specs/web.k7.yml": GOOD,
    // Not a spec by its name: the hook never sees it.
    "notes.yaml": "just: [some, notes]\n",
  });
  const failed = failsThenPasses(user);
  assert.ok(!failed.includes("notes.yaml"), failed);

  // The hook's environment uses the machine's node (nodeenv --node=system); none was downloaded.
  assert.deepEqual(
    environments("node_env").map((path) => basename(path)),
    ["node_env-system"],
  );
});

test("the python hook runs the native command of the wheel, and fails and passes as the node hook", () => {
  const hook = hooks.find((h) => h.id === "k7-spec-python");
  assert.deepEqual(
    { ...hook, id: "k7-spec", language: "node", description: "" },
    { ...hooks[0], description: "" },
  );
  // A copy of this repository's hook files, but with the dependency on the wheel `make package`
  // built (build/python/): this version of k7-spec is not on PyPI yet (and the test must not
  // fetch it). pip still fetches setuptools, the root pyproject.toml's build backend, from PyPI.
  const python = join(REPO, "build/python");
  const [wheel] = readdirSync(python).filter((name) => name.endsWith(".whl"));
  const pyproject = readFileSync(join(REPO, "pyproject.toml"), "utf8");
  const version = /^version = "([^"]+)"/m.exec(pyproject)[1];
  assert.equal(version, rootManifest.version);
  const dependency = `dependencies = ["k7-spec==${version}"]`;
  assert.ok(pyproject.includes(dependency), pyproject);
  const hookRepo = join(work, "python-hook");
  const rev = repository(hookRepo, {
    "pyproject.toml": pyproject.replace(
      dependency,
      `dependencies = ["k7-spec @ file://${join(python, wheel)}"]`,
    ),
    ".pre-commit-hooks.yaml": readFileSync(join(REPO, ".pre-commit-hooks.yaml"), "utf8"),
    LICENSE: readFileSync(join(REPO, "LICENSE"), "utf8"),
  });

  const user = join(work, "python-user");
  repository(user, {
    ".pre-commit-config.yaml": YAML.stringify({
      repos: [{ repo: hookRepo, rev, hooks: [{ id: "k7-spec-python" }] }],
    }),
    "k7.yaml": `${GOOD}cap_add: [SYS_ADMIN]\n`,
  });
  failsThenPasses(user);

  // The command pre-commit ran is the wheel's native binary, in the hook's Python environment.
  const [environment] = environments("py_env");
  const command = readFileSync(join(environment, "bin/k7-spec"));
  assert.equal(command.subarray(0, 4).toString("latin1"), "\x7fELF");
});

test("pre-commit's own check of .pre-commit-hooks.yaml accepts it", () => {
  const r = spawnSync(PRE_COMMIT, ["validate-manifest", join(REPO, ".pre-commit-hooks.yaml")], {
    env,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
