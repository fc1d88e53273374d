// The k7-spec command installed from the tarball (node_modules/.bin/k7-spec, through `bin`):
// output and exit codes for valid, invalid and unreadable input, stdin, and each --format.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import YAML from "yaml";
import * as k7 from "k7-spec";

const BIN = join(process.cwd(), "node_modules/.bin/k7-spec");
const EXAMPLE = join(process.env.K7_REPO, "tests/fixtures/valid--k7-example.yaml");

const dir = mkdtempSync(join(tmpdir(), "k7-cli-"));
const INVALID = join(dir, "invalid.yaml");
writeFileSync(INVALID, "name: demo\nimage: alpine:3.20\negress_whitelist: []\n# 🦀\negress_whitelis: []\n");

function run(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bad usage: exit 2, nothing on stdout, exactly one line on stderr. */
function assertUsageError(r, mentions) {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^k7-spec: [^\n]+\n$/);
  assert.ok(r.stderr.includes(mentions), `${JSON.stringify(r.stderr)} mentions ${mentions}`);
}

const LINE = /^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9-]+)\] (.+)$/;

test("validate: a valid spec exits 0 and prints FILE:LINE:COL lines with help lines", () => {
  const r = run(["validate", EXAMPLE]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.ok(lines.length > 0);
  for (const line of lines) {
    assert.ok(LINE.test(line) || /^ {2}help: \S/.test(line), line);
    if (LINE.test(line)) assert.equal(LINE.exec(line)[1], EXAMPLE);
  }
  assert.ok(!r.stdout.includes("] error"), "no errors");
});

test("validate: an invalid spec exits 1 and points at the line and column", () => {
  const r = run(["validate", INVALID]);
  assert.equal(r.status, 1);
  assert.ok(
    r.stdout.includes(
      `${INVALID}:5:1: error[unknown-field] unknown field \`egress_whitelis\`\n  help: did you mean \`egress_whitelist\`?\n`,
    ),
    r.stdout,
  );
});

test("validate: several files, one invalid, exit 1 and both reported", () => {
  const r = run(["validate", EXAMPLE, INVALID]);
  assert.equal(r.status, 1);
  assert.ok(r.stdout.includes(`${EXAMPLE}:`) && r.stdout.includes(`${INVALID}:5:1:`));
});

test("validate: unreadable files exit 2 with a one-line reason", () => {
  assertUsageError(run(["validate", join(dir, "missing.yaml")]), "missing.yaml: no such file");
  assertUsageError(run(["validate", dir]), "is a directory");
  assertUsageError(run(["validate"]), "at least one FILE");
});

test("validate: - reads standard input", () => {
  const r = run(["validate", "-"], readFileSync(INVALID, "utf8"));
  assert.equal(r.status, 1);
  assert.ok(r.stdout.includes("<stdin>:5:1: error[unknown-field]"), r.stdout);
});

test("validate --format json prints [{file, diagnostics}] and --format yaml the same data", () => {
  const json = run(["validate", "--format", "json", EXAMPLE, INVALID]);
  assert.equal(json.status, 1);
  const data = JSON.parse(json.stdout);
  assert.deepEqual(
    data.map((r) => r.file),
    [EXAMPLE, INVALID],
  );
  assert.deepEqual(data[1].diagnostics, k7.validate(readFileSync(INVALID, "utf8")));
  const yaml = run(["validate", "--format=yaml", EXAMPLE, INVALID]);
  assert.equal(yaml.status, 1);
  assert.deepEqual(YAML.parse(yaml.stdout), data);
  const text = run(["validate", "--format", "text", INVALID]);
  assert.equal(text.stdout, run(["validate", INVALID]).stdout);
});

test("validate --cni flannel reports what only the renderer knows: DNS names need Cilium", () => {
  const fqdn = join(dir, "fqdn.yaml");
  writeFileSync(fqdn, "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n");
  assert.equal(run(["validate", fqdn]).status, 0);
  const flannel = run(["validate", "--cni", "flannel", fqdn]);
  assert.equal(flannel.status, 1);
  assert.ok(flannel.stdout.includes(`${fqdn}:3:20: error[fqdn-needs-cilium]`), flannel.stdout);
});

test("schema prints the JSON Schema, as JSON or YAML", () => {
  const r = run(["schema"]);
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), k7.schema());
  assert.deepEqual(YAML.parse(run(["schema", "--format", "yaml"]).stdout), k7.schema());
  assert.deepEqual(JSON.parse(run(["schema", "--format", "json"]).stdout), k7.schema());
});

test("bad usage exits 2 with a one-line reason", () => {
  assertUsageError(run([]), "missing command");
  assertUsageError(run(["lint", EXAMPLE]), "unknown command");
  assertUsageError(run(["validate", "--colour", EXAMPLE]), "unknown option --colour");
  assertUsageError(run(["render", "--cni", "calico", EXAMPLE]), "--cni must be cilium or flannel");
  assertUsageError(run(["render", "--workload", "job", EXAMPLE]), "--workload must be pod or deployment");
  assertUsageError(run(["validate", "--format", "xml", EXAMPLE]), "--format must be text, yaml or json");
  assertUsageError(run(["validate", EXAMPLE, "--format"]), "--format needs a value");
  assertUsageError(run(["render", EXAMPLE, INVALID]), "exactly one FILE");
  assertUsageError(run(["schema", EXAMPLE]), "schema takes no FILE");
});

test("--help and --version", () => {
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  for (const command of ["validate FILE...", "render FILE", "explain FILE", "schema"])
    assert.ok(help.stdout.includes(command));
  assert.equal(run(["--version"]).stdout, `${k7.version()}\n`);
});

test("render prints the manifests as YAML, or the whole Rendering as JSON", () => {
  const rendering = k7.render(readFileSync(EXAMPLE, "utf8"));
  const text = run(["render", EXAMPLE]);
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout, rendering.yaml);
  assert.equal(run(["render", "--format", "yaml", EXAMPLE]).stdout, rendering.yaml);
  assert.deepEqual(JSON.parse(run(["render", "--format", "json", EXAMPLE]).stdout), rendering);
  const options = run([
    "render",
    "--cni",
    "flannel",
    "--workload",
    "deployment",
    "--format",
    "json",
    EXAMPLE,
  ]);
  assert.deepEqual(
    JSON.parse(options.stdout),
    k7.render(readFileSync(EXAMPLE, "utf8"), { cni: "flannel", workload: "deployment" }),
  );
  const stdin = run(["render", "-"], readFileSync(EXAMPLE, "utf8"));
  assert.equal(stdin.stdout, rendering.yaml);
});

test("render of an invalid spec exits 1 with the diagnostics on stderr", () => {
  const r = run(["render", INVALID]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.ok(r.stderr.includes(`${INVALID}:5:1: error[unknown-field]`), r.stderr);
  assertUsageError(run(["render", join(dir, "missing.yaml")]), "no such file");
});

test("explain prints sentences, or the Explanation as JSON or YAML", () => {
  const { explanation } = k7.render(readFileSync(EXAMPLE, "utf8"));
  const text = run(["explain", EXAMPLE]);
  assert.equal(text.status, 0, text.stderr);
  assert.ok(text.stdout.includes(`Egress: ${explanation.egress.summary}`), text.stdout);
  assert.ok(text.stdout.includes("Phases:"));
  assert.deepEqual(JSON.parse(run(["explain", "--format", "json", EXAMPLE]).stdout), explanation);
  assert.deepEqual(YAML.parse(run(["explain", "--format", "yaml", EXAMPLE]).stdout), explanation);
  assert.equal(run(["explain", INVALID]).status, 1);
});

test("--format yaml is the core's YAML writer (toYaml) on the data --format json prints", () => {
  const args = ["validate", "--cni", "flannel", EXAMPLE, INVALID];
  const data = JSON.parse(run([...args, "--format", "json"]).stdout);
  assert.equal(run([...args, "--format", "yaml"]).stdout, k7.toYaml([data]));
  assert.equal(run(["schema", "--format", "yaml"]).stdout, k7.toYaml([k7.schema()]));
});

test("terminal text escapes control and bidi characters, file names included: no forged line", () => {
  const forged = join(dir, "evil\u001b]0;title\u0007.yaml");
  writeFileSync(
    forged,
    'name: "demo\\u001b[2J\\u0007\\nother.yaml:1:1: info[x] forged\\u202e\\\\"\nimage: alpine:3.20\n',
  );
  const r = run(["validate", forged]);
  assert.equal(r.status, 1);
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/.test(r.stdout), JSON.stringify(r.stdout));
  for (const line of r.stdout.trimEnd().split("\n"))
    assert.ok(LINE.test(line) || /^ {2}help: /.test(line), line);
  assert.ok(!r.stdout.includes("\nother.yaml"));
  assert.ok(
    r.stdout.includes(
      "evil\\u{1b}]0;title\\u{7}.yaml:1:7: error[invalid-dns-label] `demo\\u{1b}[2J\\u{7}\\nother.yaml:1:1: info[x] forged\\u{202e}\\\\`",
    ),
    r.stdout,
  );
  // JSON writes them as \uXXXX: the same data.
  const json = run(["validate", "--format", "json", forged]);
  assert.ok(!/[\u007f\u202e]/.test(json.stdout));
  assert.deepEqual(JSON.parse(json.stdout)[0].diagnostics, k7.validate(readFileSync(forged, "utf8")));
  assertUsageError(
    run(["validate", join(dir, "missing\u001b[2J.yaml")]),
    "missing\\u{1b}[2J.yaml: no such file",
  );
});

test("invalid UTF-8 is an error with its position, exit 2, not a replacement character", () => {
  const bad = join(dir, "bad-utf8.yaml");
  writeFileSync(
    bad,
    Buffer.concat([Buffer.from("name: demo\nimage: é"), Buffer.from([0xe2, 0x28, 0xa1, 0x0a])]),
  );
  assertUsageError(run(["validate", bad]), "invalid UTF-8 at line 2, column 9 (byte offset 20)");
  const truncated = Buffer.concat([Buffer.from("name: demo\n# "), Buffer.from([0xf0, 0x9f, 0xa6])]);
  const r = spawnSync(BIN, ["validate", "-"], { input: truncated, encoding: "utf8" });
  assertUsageError(r, "standard input: invalid UTF-8 at line 2, column 3 (byte offset 13)");
});

test("reading stops at the 1 MiB limit: endless input ends at once with exit 2", () => {
  const limit = "more than 1048576 bytes (1 MiB), the limit of a spec";
  assertUsageError(run(["validate", "/dev/zero"]), `cannot read /dev/zero: ${limit}`);
  const endless = spawnSync("bash", ["-c", `yes 'name: demo' | "${BIN}" validate -`], { encoding: "utf8" });
  assertUsageError(endless, `cannot read standard input: ${limit}`);
  // A text at the limit is read, and the core judges it.
  const atLimit = join(dir, "at-limit.yaml");
  writeFileSync(atLimit, "name: demo\nimage: alpine:3.20\n" + "#".repeat(2 ** 20 - 31) + "\n");
  assert.equal(run(["validate", atLimit]).status, 0);
});

test("a closed pipe ends quietly with the status the findings decide", () => {
  for (const [file, status] of [
    [EXAMPLE, 0],
    [INVALID, 1],
  ]) {
    // The files go to bash as separate arguments: one -c string of 2,000 paths can pass Linux's
    // 128 KiB limit on a single argument when the checkout's path is long.
    const files = Array(2000).fill(file);
    const script = '"$0" validate "$@" | head -1; exit ${PIPESTATUS[0]}';
    const r = spawnSync("bash", ["-c", script, BIN, ...files], { encoding: "utf8" });
    assert.ifError(r.error);
    assert.equal(r.stderr, "");
    assert.equal(r.status, status);
    assert.equal(r.stdout.split("\n").length, 2);
  }
});
