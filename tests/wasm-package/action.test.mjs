// The GitHub Action (action.yml): valid against the action metadata schema (SchemaStore's, in
// tests/schemas/), and its steps run in bash as the runner runs a composite action's steps, with
// the inputs set, `${{ }}` expanded in `env` and the outputs read back, the packed tarball as the
// package. Run by scripts/package-test.sh (K7_REPO, K7_TARBALL).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import Ajv from "ajv";
import YAML from "yaml";

const REPO = process.env.K7_REPO;
const TARBALL = process.env.K7_TARBALL;
const action = YAML.parse(readFileSync(join(REPO, "action.yml"), "utf8"));

test("action.yml is valid against the GitHub Action metadata schema", () => {
  const schema = JSON.parse(readFileSync(join(REPO, "tests/schemas/github-action.json"), "utf8"));
  // SchemaStore's schema uses `$comment`s beside `$ref`s, which Ajv's strict mode refuses.
  const ajv = new Ajv({ strict: false, allErrors: true });
  assert.ok(ajv.validate(schema, action), ajv.errorsText());
  assert.equal(action.runs.using, "composite");
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(input.description.length > 20, `${name} is documented`);
  }
});

test("inputs reach the steps' scripts through env only, never spliced into the script", () => {
  for (const step of action.runs.steps) {
    assert.ok(!step.run.includes("${{"), `${step.name}: no expression in run`);
    assert.equal(step.shell, "bash");
  }
});

/** The GITHUB_OUTPUT file's `name=value` lines (and `name<<DELIMITER` blocks) as an object. */
function readOutputs(file) {
  const outputs = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const block = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      const at = lines[i].indexOf("=");
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

/**
 * Runs the action's steps with `with` as the workflow's inputs, in `workspace`, as the runner
 * does: each `${{ inputs.x }}` and `${{ steps.id.outputs.x }}` in `env` expanded (an unset
 * input is its default), GITHUB_* and RUNNER_TEMP set, each `run` through `bash --noprofile
 * --norc -eo pipefail`, stopping at the first failing step. Returns each step's output, the
 * action's outputs and the failing step's status.
 */
function runAction(workspace, inputs, actionPath = REPO) {
  for (const name of Object.keys(inputs)) assert.ok(name in action.inputs, `${name} is an input`);
  const runnerTemp = mkdtempSync(join(tmpdir(), "k7-action-runner-"));
  const steps = {};
  const expand = (text) =>
    String(text).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return inputs[input[1]] ?? action.inputs[input[1]].default ?? "";
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return steps[output[1]]?.outputs[output[2]] ?? "";
      throw new Error(`an expression the test does not evaluate: ${expression}`);
    });
  const log = [];
  let status = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, "");
    const script = join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, step.run);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
    };
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: workspace,
      env,
      encoding: "utf8",
    });
    log.push({ name: step.name, stdout: r.stdout, stderr: r.stderr });
    steps[step.id] = { outputs: readOutputs(outputFile) };
    if (r.status !== 0) {
      status = r.status;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, expand(o.value)]));
  return { log, outputs, status };
}

/** The workflow commands (`::warning file=...::message`) in a step's output. */
function annotations(stdout) {
  return [...stdout.matchAll(/^::(error|warning|notice) ([^:]*)::(.*)$/gm)].map(
    ([, level, props, message]) => ({
      level,
      ...Object.fromEntries(props.split(",").map((p) => p.split("="))),
      message,
    }),
  );
}

const GOOD = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n";
const workspace = mkdtempSync(join(tmpdir(), "k7-action-workspace-"));
mkdirSync(join(workspace, "sandboxes"));
writeFileSync(join(workspace, "sandboxes/web.k7.yaml"), GOOD);
// A warning (powerful-capability), which fails the default gate.
writeFileSync(join(workspace, "sandboxes/admin.k7.yaml"), `${GOOD}cap_add: [SYS_ADMIN]\n`);
writeFileSync(join(workspace, "notes.yaml"), "not: [a, spec]\n");

test("the action annotates the finding, writes the CLI's SARIF and fails the step", () => {
  const run = runAction(workspace, { paths: "sandboxes\n", package: TARBALL, "sarif-file": "out/k7.sarif" });
  assert.equal(run.status, 1, JSON.stringify(run.log, null, 1));
  assert.deepEqual(run.outputs, { "exit-code": "1", "sarif-file": "out/k7.sarif" });

  const [, validate] = run.log;
  const found = annotations(validate.stdout);
  assert.equal(found.length, 1, validate.stdout);
  assert.equal(found[0].level, "warning");
  assert.equal(found[0].file, "sandboxes/admin.k7.yaml");
  assert.equal(found[0].line, "4");
  assert.match(found[0].title, /powerful-capability/);

  const sarif = readFileSync(join(workspace, "out/k7.sarif"), "utf8");
  const cli = spawnSync(
    join(process.cwd(), "node_modules/.bin/k7-spec"),
    ["validate", "--format", "sarif", "sandboxes"],
    { cwd: workspace, encoding: "utf8" },
  );
  assert.equal(sarif, cli.stdout, "the SARIF file is what the CLI writes");
  const log = JSON.parse(sarif);
  assert.equal(log.version, "2.1.0");
  const results = log.runs[0].results;
  assert.deepEqual(
    results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]),
    [["powerful-capability", "sandboxes/admin.k7.yaml"]],
  );
});

test("fail-on and ignore inputs reach the CLI; an empty sarif-file writes none", () => {
  const lenient = runAction(workspace, {
    paths: "sandboxes",
    package: TARBALL,
    "fail-on": "error",
    "sarif-file": "",
  });
  assert.equal(lenient.status, 0, JSON.stringify(lenient.log, null, 1));
  assert.deepEqual(lenient.outputs, { "exit-code": "0", "sarif-file": "" });
  // Still annotated: a warning that does not fail the gate is still worth reading.
  assert.equal(annotations(lenient.log[1].stdout).length, 1);

  const ignored = runAction(workspace, {
    paths: " sandboxes/admin.k7.yaml \n\n sandboxes/web.k7.yaml",
    package: TARBALL,
    ignore: "cap-drop-empty, powerful-capability",
    "sarif-file": "",
  });
  assert.equal(ignored.status, 0, JSON.stringify(ignored.log, null, 1));
});

test("a bad input fails the step with exit code 2 and the CLI's reason", () => {
  const run = runAction(workspace, { package: TARBALL, "fail-on": "sometimes", "sarif-file": "" });
  assert.equal(run.status, 2);
  assert.equal(run.outputs["exit-code"], "2");
  assert.match(run.log[1].stderr, /--fail-on/);
});

test("without a package input, the action installs the k7-spec its package.json depends on", () => {
  // A copy of the action whose package.json depends on the packed tarball: this version of
  // k7-spec is not on npm yet.
  const actionPath = mkdtempSync(join(tmpdir(), "k7-action-"));
  const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  writeFileSync(
    join(actionPath, "package.json"),
    JSON.stringify({ ...manifest, dependencies: { "k7-spec": `file:${TARBALL}` } }),
  );
  const run = runAction(workspace, { paths: "sandboxes/web.k7.yaml", "sarif-file": "" }, actionPath);
  assert.equal(run.status, 0, JSON.stringify(run.log, null, 1));
  assert.equal(run.log[1].stdout, "");
});

test("README's CI snippets name this repository, its version, the hook and the action's inputs", () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Use in CI\n"), readme.indexOf("\n## JavaScript\n"));
  const [preCommit, workflow, gitlab] = [...section.matchAll(/```yaml\n(.*?)```/gs)].map((m) =>
    YAML.parse(m[1]),
  );
  const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  const repository = manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  const version = manifest.version;

  const hookIds = YAML.parse(readFileSync(join(REPO, ".pre-commit-hooks.yaml"), "utf8")).map((h) => h.id);
  assert.equal(preCommit.repos[0].repo, repository);
  assert.equal(preCommit.repos[0].rev, `v${version}`);
  assert.ok(hookIds.includes(preCommit.repos[0].hooks[0].id));

  const steps = workflow.jobs["k7-spec"].steps;
  const ours = steps.find((s) => s.uses === `${new URL(repository).pathname.slice(1)}@v${version}`);
  assert.ok(ours, JSON.stringify(steps));
  for (const name of Object.keys(ours.with)) assert.ok(name in action.inputs, name);
  const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
  assert.equal(upload.with.sarif_file, action.inputs["sarif-file"].default);

  const documented = [...section.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented, Object.keys(action.inputs));
  for (const name of Object.keys(action.outputs)) assert.ok(section.includes(`\`${name}\``), name);

  assert.ok(gitlab["k7-spec"].script[0].endsWith(`k7-spec@${version}`));
});
