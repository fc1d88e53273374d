// The k7-spec command installed from the tarball (node_modules/.bin/k7-spec, through `bin`):
// output and exit codes for valid, invalid and unreadable input, stdin, and each --format; then
// the CI gate: directories, globs, .gitignore, configs, suppressions and every report format.
// Every case runs the native binary too (K7_NATIVE), which must print the same bytes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";

import YAML from "yaml";
import * as k7 from "k7-spec";

const BIN = join(process.cwd(), "node_modules/.bin/k7-spec");
const EXAMPLE = join(process.env.K7_REPO, "tests/fixtures/valid--k7-example.yaml");

const dir = mkdtempSync(join(tmpdir(), "k7-cli-"));
const INVALID = join(dir, "invalid.yaml");
writeFileSync(INVALID, "name: demo\nimage: alpine:3.20\negress_whitelist: []\n# 🦀\negress_whitelis: []\n");

// The native binary (crates/cli; scripts/package-test.sh builds it and names it in K7_NATIVE) runs
// every case next to the npm CLI, and must print the same bytes and exit with the same status.
const NATIVE = process.env.K7_NATIVE;

/**
 * What `spawn(bin)` gives for the npm CLI (stdout and stderr as UTF-8), after checking that the
 * native binary's stdout, stderr and status are the same, byte for byte.
 */
function both(spawn) {
  const r = spawn(BIN);
  assert.ifError(r.error);
  if (NATIVE) {
    const native = spawn(NATIVE);
    assert.ifError(native.error);
    const bytes = (x) => ({
      status: x.status,
      stdout: x.stdout.toString("latin1"),
      stderr: x.stderr.toString("latin1"),
    });
    assert.deepEqual(bytes(native), bytes(r), "the native k7-spec prints what the npm CLI prints");
  }
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

function run(args, input, cwd) {
  return both((bin) => spawnSync(bin, args, { input, cwd }));
}

/** Bad usage: exit 2, nothing on stdout, exactly one line on stderr. */
function assertUsageError(r, mentions) {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^k7-spec: [^\n]+\n$/);
  assert.ok(r.stderr.includes(mentions), `${JSON.stringify(r.stderr)} mentions ${mentions}`);
}

const LINE = /^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9-]+)\] (.+)$/;
/** The text report's last line when fixes can be applied: `[*] 2 fixable with --fix`, `No fixes available (…)`. */
const FIXES = /^(\[\*\] \d+ fixable with --fix|No fixes available \(|Applied \d+ fix|No fixes applied)/;
/** The text report's lines before the summary line and the fixes' line. */
const findingLines = (stdout) =>
  stdout
    .trimEnd()
    .split("\n")
    .filter((line) => !FIXES.test(line))
    .slice(0, -1);

test("validate: a valid spec exits 0 and prints FILE:LINE:COL lines with help lines", () => {
  // K7's example has a warning, which fails the default gate (--fail-on warning).
  assert.equal(run(["validate", EXAMPLE]).status, 1);
  const r = run(["validate", "--fail-on", "error", "--quiet", EXAMPLE]);
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

test("validate: an unreadable file exits 2 with a one-line reason, after the others are reported", () => {
  const missing = join(dir, "missing.yaml");
  const r = run(["validate", missing, INVALID]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `k7-spec: cannot read ${missing}: no such file\n`);
  assert.ok(r.stdout.includes(`${INVALID}:5:1: error[unknown-field]`), r.stdout);
  assert.match(r.stdout, /; 1 file could not be read\n$/);
  assertUsageError(run(["validate", dir]), `no spec file (k7.yaml, k7.yml, *.k7.yaml, *.k7.yml) in ${dir}`);
  assertUsageError(run(["validate"], undefined, dir), "no FILE given, and no ./k7.yaml or ./k7.yml");
});

test("validate: - reads standard input", () => {
  const r = run(["validate", "-"], readFileSync(INVALID, "utf8"));
  assert.equal(r.status, 1);
  assert.ok(r.stdout.includes("<stdin>:5:1: error[unknown-field]"), r.stdout);
});

test("validate --format json prints [{file, diagnostics}]; text is the default", () => {
  const json = run(["validate", "--format", "json", EXAMPLE, INVALID]);
  assert.equal(json.status, 1);
  const data = JSON.parse(json.stdout);
  assert.deepEqual(
    data.map((r) => r.file),
    [EXAMPLE, INVALID],
  );
  assert.deepEqual(data[1].diagnostics, k7.validate(readFileSync(INVALID, "utf8")));
  const text = run(["validate", "--format", "text", INVALID]);
  assert.equal(text.stdout, run(["validate", INVALID]).stdout);
});

test("validate --cni flannel reports what only the renderer knows: DNS names need Cilium", () => {
  const fqdn = join(dir, "fqdn.yaml");
  writeFileSync(fqdn, "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n");
  assert.equal(run(["validate", fqdn]).status, 0, run(["validate", fqdn]).stdout);
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
  assertUsageError(
    run(["validate", "--format", "xml", EXAMPLE]),
    "validate --format must be text, json, json-lines, github, sarif, junit or gitlab",
  );
  assertUsageError(run(["validate", "--format", "yaml", EXAMPLE]), "validate --format must be");
  assertUsageError(
    run(["render", "--format", "sarif", EXAMPLE]),
    "render --format must be text, yaml or json",
  );
  assertUsageError(
    run(["validate", "--fail-on", "never", EXAMPLE]),
    "--fail-on must be error, warning or info",
  );
  assertUsageError(
    run(["validate", "--ignore", "egress-open,powerfull-capability", EXAMPLE]),
    "--ignore powerfull-capability: no code `powerfull-capability`: did you mean `powerful-capability`?",
  );
  assertUsageError(run(["validate", "--ignore", "invalid-port", EXAMPLE]), "errors cannot be ignored");
  assertUsageError(run(["validate", "--ignore", "a,,b", EXAMPLE]), "--ignore needs codes");
  assertUsageError(run(["validate", "--stdin-filename", "k7.yaml", EXAMPLE]), "needs - among the FILEs");
  assertUsageError(run(["validate", EXAMPLE, "--format"]), "--format needs a value");
  assertUsageError(run(["render", EXAMPLE, INVALID]), "exactly one FILE");
  assertUsageError(run(["schema", EXAMPLE]), "schema takes no FILE");
});

test("--help and --version", () => {
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  for (const command of [
    "validate [FILE...]",
    "render FILE",
    "explain FILE",
    "schema",
    "reach FILE --to DEST | --from SOURCE | --queries FILE",
    "reach FILE...",
  ])
    assert.ok(help.stdout.includes(command));
  for (const option of [
    "fail-on",
    "ignore",
    "format",
    "quiet",
    "stdin-filename",
    "config",
    "no-config",
    "cni",
    "to",
    "from",
    "port",
    "udp",
    "phase",
    "expect",
    "queries",
    "fix",
    "unsafe-fixes",
    "diff",
  ])
    assert.ok(help.stdout.includes(`--${option}`), option);
  for (const format of ["json-lines", "github", "sarif", "junit", "gitlab", ".gitignore", ".k7-spec.yaml"])
    assert.ok(help.stdout.includes(format), format);
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
  const args = ["explain", "--cni", "flannel", EXAMPLE];
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
  for (const line of findingLines(r.stdout)) assert.ok(LINE.test(line) || /^ {2}help: /.test(line), line);
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
  const missing = run(["validate", join(dir, "missing\u001b[2J.yaml")]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `k7-spec: cannot read ${dir}/missing\\u{1b}[2J.yaml: no such file\n`);
});

/** An unreadable file: exit 2, one line on stderr that says why, the summary on stdout. */
function assertUnreadable(r, mentions) {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^k7-spec: cannot read [^\n]+\n$/);
  assert.ok(r.stderr.includes(mentions), `${JSON.stringify(r.stderr)} mentions ${mentions}`);
  assert.match(r.stdout, /1 file could not be read\n$/);
}

test("invalid UTF-8 is an error with its position, exit 2, not a replacement character", () => {
  const bad = join(dir, "bad-utf8.yaml");
  writeFileSync(
    bad,
    Buffer.concat([Buffer.from("name: demo\nimage: é"), Buffer.from([0xe2, 0x28, 0xa1, 0x0a])]),
  );
  assertUnreadable(run(["validate", bad]), `${bad}: invalid UTF-8 at line 2, column 9 (byte offset 20)`);
  const truncated = Buffer.concat([Buffer.from("name: demo\n# "), Buffer.from([0xf0, 0x9f, 0xa6])]);
  const r = run(["validate", "-"], truncated);
  assertUnreadable(r, "<stdin>: invalid UTF-8 at line 2, column 3 (byte offset 13)");
  assertUsageError(run(["render", bad]), `cannot read ${bad}: invalid UTF-8 at line 2, column 9`);
});

test("reading stops at the 1 MiB limit: endless input ends at once with exit 2", () => {
  const limit = "more than 1048576 bytes (1 MiB), the limit of a spec";
  assertUnreadable(run(["validate", "/dev/zero"]), `cannot read /dev/zero: ${limit}`);
  const endless = both((bin) => spawnSync("bash", ["-c", `yes 'name: demo' | "$0" validate -`, bin]));
  assertUnreadable(endless, `cannot read <stdin>: ${limit}`);
  assertUsageError(run(["explain", "/dev/zero"]), `cannot read /dev/zero: ${limit}`);
  // A text at the limit is read, and the core judges it.
  const atLimit = join(dir, "at-limit.yaml");
  const head = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n";
  writeFileSync(atLimit, head + "#".repeat(2 ** 20 - head.length - 1) + "\n");
  assert.equal(run(["validate", atLimit]).status, 0, run(["validate", atLimit]).stdout);
});

test("a closed pipe ends quietly with the status the findings decide", () => {
  for (const [file, status] of [
    [EXAMPLE, 0],
    [INVALID, 1],
  ]) {
    // --fail-on error: K7's example passes with its warning.
    // The files go to bash as separate arguments: one -c string of 2,000 paths can pass Linux's
    // 128 KiB limit on a single argument when the checkout's path is long.
    const files = Array(2000).fill(file);
    const script = '"$0" validate --fail-on error "$@" | head -1; exit ${PIPESTATUS[0]}';
    const r = both((bin) => spawnSync("bash", ["-c", script, bin, ...files]));
    assert.equal(r.stderr, "");
    assert.equal(r.status, status);
    assert.equal(r.stdout.split("\n").length, 2);
  }
});

// The CI gate. A repository of specs (.git marks its root): findings at each severity, a
// suppression of each kind (an inline comment, --ignore, the config's ignore), an override, a
// file that cannot be read, and files that must not be read (ignored by .gitignore files, inside
// .git, not named as specs). A symbolic link back to the root makes a loop the search must end.

/** A fresh directory with FILES (`{ "relative/path": content }`) and a .git; returns its path. */
function tree(files) {
  const root = mkdtempSync(join(tmpdir(), "k7-tree-"));
  mkdirSync(join(root, ".git"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const spec = (name, ...lines) => [`name: ${name}`, "image: alpine:3.20", ...lines, ""].join("\n");
/** Only an info (dns-blocked); one warning; one error. */
const INFO = spec("info", "egress_whitelist: [10.0.0.0/8]");
const WARNING = spec("warning", "egress_whitelist: []", "backend: fd");
const ERROR = spec("error", "egress_whitelist: []", "colour: blue");

const REPO = tree({
  ".gitignore": "generated/\n*.draft.k7.yaml\n",
  ".k7-spec.yaml": [
    "ignore:",
    "  - code: cloud-metadata",
    "    reason: the agent reads its instance identity",
    "overrides:",
    "  - files: ['legacy/**']",
    "    fail-on: error",
    "",
  ].join("\n"),
  // cloud-metadata, suppressed by the config: passes.
  "k7.yaml": spec("root", "egress_whitelist: [169.254.0.0/16]"),
  // public-exposure fails; powerful-capability is suppressed by its comment.
  "apps/web.k7.yaml": spec(
    "web",
    "egress_whitelist: []",
    "ingress_ports: [8080]",
    "ingress_from: [cidr:0.0.0.0/0]",
    "expose_ports: [8080]",
    "cap_add: [SYS_ADMIN]  # k7-spec: ignore[powerful-capability] the image mounts a FUSE filesystem",
  ),
  // unknown-field fails; public-dns-resolver is suppressed by --ignore.
  "apps/api.k7.yml": spec("api", "egress_whitelist: [8.8.8.8]", "colour: blue"),
  "apps/values.yaml": ERROR,
  "apps/wip.draft.k7.yaml": ERROR,
  // deprecated-backend, a warning, passes under the override's fail-on error.
  "legacy/k7.yml": spec("legacy", "egress_whitelist: []", "backend: fd"),
  "legacy/.gitignore": "old.k7.yaml\n",
  "legacy/old.k7.yaml": ERROR,
  "generated/k7.yaml": ERROR,
  ".git/k7.yaml": ERROR,
});
writeFileSync(join(REPO, "bad.k7.yaml"), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0x0a]));
symlinkSync("..", join(REPO, "apps/loop"));

const SPECS = ["apps/api.k7.yml", "apps/web.k7.yaml", "bad.k7.yaml", "k7.yaml", "legacy/k7.yml"];
/** `k7-spec validate --ignore public-dns-resolver ARGS` in the repository. */
const inRepo = (...args) => run(["validate", "--ignore", "public-dns-resolver", ...args], undefined, REPO);
const files = (r) => JSON.parse(r.stdout).map((f) => f.file);

test("validate DIR: every spec file below, sorted; .git, .gitignore'd and other files skipped", () => {
  const r = inRepo("--format", "json", ".");
  assert.equal(r.status, 2, r.stderr);
  assert.deepEqual(files(r), SPECS);
  assert.equal(
    r.stderr,
    "k7-spec: cannot read bad.k7.yaml: invalid UTF-8 at line 1, column 7 (byte offset 6)\n",
  );
  // The .gitignore above the directory searched applies too.
  assert.deepEqual(files(inRepo("--format", "json", "apps")), ["apps/api.k7.yml", "apps/web.k7.yaml"]);
  assert.deepEqual(files(inRepo("--format", "json", `${REPO}/legacy/`)), [`${REPO}/legacy/k7.yml`]);
  // A directory named on the command line is searched even when ignored.
  assert.deepEqual(files(inRepo("--format", "json", "generated")), ["generated/k7.yaml"]);
});

test("validate DIR: a dangling link or an oversized spec found below is reported as unreadable", () => {
  const broken = tree({ "big.k7.yaml": "#".repeat(2 ** 20 + 1), "ok.k7.yaml": INFO });
  symlinkSync("nowhere.yaml", join(broken, "gone.k7.yaml"));
  const r = run(["validate", "--format", "json", "."], undefined, broken);
  assert.equal(r.status, 2);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => [f.file, f.error ?? f.diagnostics.length]),
    [
      ["big.k7.yaml", "more than 1048576 bytes (1 MiB), the limit of a spec"],
      ["gone.k7.yaml", "no such file"],
      ["ok.k7.yaml", 1],
    ],
  );
  assert.equal(r.stderr.split("\n").length, 3, r.stderr);
});

test("validate: quoted globs, matched by the core", () => {
  const r = inRepo("--format", "json", "apps/*.k7.y*ml", "**/k7.yaml");
  assert.deepEqual(files(r), ["apps/api.k7.yml", "apps/web.k7.yaml", "k7.yaml"]);
  assert.deepEqual(files(inRepo("--format", "json", `${REPO}/**/*.yml`)), [
    `${REPO}/apps/api.k7.yml`,
    `${REPO}/legacy/k7.yml`,
  ]);
  assertUsageError(inRepo("apps/*.json"), "no file matches apps/*.json");
  assertUsageError(inRepo("missing/**/*.yaml"), "no file matches missing/**/*.yaml");
});

test("validate: text prints unsuppressed findings and a summary; --quiet only the findings", () => {
  const r = inRepo(".");
  assert.equal(r.status, 2);
  const lines = r.stdout.trimEnd().split("\n");
  const findings = lines
    .filter((line) => LINE.test(line))
    .map((line) => LINE.exec(line).slice(1, 6).join(":"));
  assert.deepEqual(findings, [
    "apps/api.k7.yml:3:19:info:dns-blocked",
    "apps/api.k7.yml:4:1:error:unknown-field",
    "apps/web.k7.yaml:3:19:info:dns-blocked",
    "apps/web.k7.yaml:5:16:warning:public-exposure",
    "k7.yaml:3:19:info:dns-blocked",
    "legacy/k7.yml:3:19:info:dns-blocked",
    "legacy/k7.yml:4:10:warning:deprecated-backend",
  ]);
  const summary = lines.filter((line) => !FIXES.test(line)).at(-1);
  assert.equal(summary, "1 error, 2 warnings, 4 infos in 4 files (3 suppressed); 1 file could not be read");
  const quiet = inRepo("--quiet", ".");
  assert.equal(quiet.stdout, r.stdout.slice(0, r.stdout.lastIndexOf(summary)));
  assert.equal(quiet.status, 2);
  const passed = run(["validate", join(REPO, "k7.yaml")]);
  assert.equal(passed.status, 0);
  assert.match(passed.stdout, /^All specs passed \(1 info, 1 suppressed\)\n$/m);
  assert.equal(run(["validate", "--quiet", join(REPO, "k7.yaml")]).stdout.includes("All specs"), false);
});

test("--fail-on: a spec fails on a finding at or above that severity; the default is warning", () => {
  const GATES = ["error", "warning", "info"];
  const expected = {
    [INFO]: [0, 0, 1],
    [WARNING]: [0, 1, 1],
    [ERROR]: [1, 1, 1],
  };
  for (const [text, statuses] of Object.entries(expected)) {
    assert.deepEqual(
      GATES.map((gate) => run(["validate", "--fail-on", gate, "-"], text).status),
      statuses,
      text,
    );
    assert.equal(run(["validate", "-"], text).status, statuses[1]);
  }
});

test("--ignore CODE, repeated or comma-separated: the finding stays counted, and passes", () => {
  const text = spec("two", "egress_whitelist: [8.8.8.8, 169.254.0.0/16]");
  assert.equal(run(["validate", "-"], text).status, 1);
  assert.equal(run(["validate", "--ignore", "cloud-metadata", "-"], text).status, 1);
  for (const args of [
    ["--ignore", "cloud-metadata", "--ignore", "public-dns-resolver"],
    ["--ignore=cloud-metadata, public-dns-resolver"],
  ]) {
    const r = run(["validate", ...args, "-"], text);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /\nAll specs passed \(1 info, 2 suppressed\)\n$/);
    const [data] = JSON.parse(run(["validate", "--format", "json", ...args, "-"], text).stdout);
    assert.deepEqual(
      data.diagnostics.filter((d) => d.suppressed).map((d) => [d.code, d.suppressed.kind]),
      [
        ["public-dns-resolver", "option"],
        ["cloud-metadata", "option"],
      ],
    );
  }
});

test("validate with no FILE checks ./k7.yaml, else ./k7.yml, as K7 does", () => {
  const yml = tree({ "k7.yml": ERROR });
  const r = run(["validate", "--quiet"], undefined, yml);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^k7\.yml:4:1: error\[unknown-field\]/m);
  writeFileSync(join(yml, "k7.yaml"), INFO);
  assert.match(
    run(["validate"], undefined, yml).stdout,
    /^k7\.yaml:3:19: info\[dns-blocked\] .*\nAll specs passed \(1 info\)\n$/s,
  );
});

test("--stdin-filename names standard input in the output and for its config", () => {
  const legacy = readFileSync(join(REPO, "legacy/k7.yml"));
  const named = run(["validate", "--stdin-filename", "legacy/k7.yml", "-"], legacy, REPO);
  // The override for legacy/** applies: its warning passes.
  assert.equal(named.status, 0, named.stdout);
  const r = run(["validate", "--stdin-filename", "legacy/k7.yml", "--fail-on", "warning", "-"], legacy, REPO);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^legacy\/k7\.yml:4:10: warning\[deprecated-backend\]/m);
  const unnamed = run(["validate", "-"], legacy, REPO);
  assert.equal(unnamed.status, 1);
  assert.match(unnamed.stdout, /^<stdin>:4:10: warning\[deprecated-backend\]/m);
});

// Configs: the nearest .k7-spec.yaml above each spec wins; the command line overrides it.
const CONFIGS = tree({
  ".k7-spec.yaml": "fail-on: error\n",
  "warning.k7.yaml": WARNING,
  "strict/.k7-spec.yaml": "fail-on: info\n",
  "strict/k7.yaml": INFO,
  "flannel/.k7-spec.yaml": "cni: flannel\nworkload: deployment\n",
  "flannel/k7.yaml": spec("fqdn", "egress_whitelist: [pypi.org]"),
});

test("config: the nearest .k7-spec.yaml, found from each spec's directory up", () => {
  const status = (...args) => run(["validate", ...args], undefined, CONFIGS).status;
  assert.equal(status("warning.k7.yaml"), 0);
  assert.equal(status("strict/k7.yaml"), 1);
  // From another directory: the config is found from the spec, not from the working directory.
  assert.equal(run(["validate", join(CONFIGS, "strict/k7.yaml")]).status, 1);
  assert.equal(run(["validate", join(CONFIGS, "warning.k7.yaml")]).status, 0);
  const flannel = run(["validate", "flannel/k7.yaml"], undefined, CONFIGS);
  assert.equal(flannel.status, 1);
  assert.match(flannel.stdout, /^flannel\/k7\.yaml:3:20: error\[fqdn-needs-cilium\]/m);
  // All three at once, each with its own config.
  assert.equal(status("."), 1);
  assert.equal(status("warning.k7.yaml", "flannel/k7.yaml"), 1);
});

test("config: the command line overrides it; --config FILE and --no-config replace it", () => {
  const status = (...args) => run(["validate", ...args], undefined, CONFIGS).status;
  assert.equal(status("--fail-on", "warning", "warning.k7.yaml"), 1);
  assert.equal(status("--fail-on", "error", "strict/k7.yaml"), 0);
  assert.equal(status("--cni", "cilium", "flannel/k7.yaml"), 0);
  assert.equal(status("--no-config", "warning.k7.yaml"), 1);
  assert.equal(status("--no-config", "flannel/k7.yaml"), 0);
  assert.equal(status("--config", "strict/.k7-spec.yaml", "warning.k7.yaml", "flannel/k7.yaml"), 1);
  assert.equal(status("--config", "flannel/.k7-spec.yaml", "strict/k7.yaml"), 0);
  assertUsageError(
    run(["validate", "--config", "none.yaml", "warning.k7.yaml"], undefined, CONFIGS),
    "none.yaml",
  );
});

test("render and explain follow the config and the suppressions", () => {
  const r = run(["render", "flannel/k7.yaml"], undefined, CONFIGS);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^flannel\/k7\.yaml:3:20: error\[fqdn-needs-cilium\]/m);
  const fqdn = readFileSync(join(CONFIGS, "flannel/k7.yaml"));
  const stdin = run(["render", "--stdin-filename", "flannel/k7.yaml", "-"], fqdn, CONFIGS);
  assert.deepEqual([stdin.status, stdin.stderr], [r.status, r.stderr]);
  assertUsageError(run(["render", "--stdin-filename", "k7.yaml", "flannel/k7.yaml"]), "needs - among");
  const deployment = run(["render", "--cni", "cilium", "flannel/k7.yaml"], undefined, CONFIGS);
  assert.equal(deployment.status, 0, deployment.stderr);
  assert.match(deployment.stdout, /^kind: Deployment$/m);
  const web = run(["render", "apps/web.k7.yaml"], undefined, REPO);
  assert.equal(web.status, 0);
  assert.ok(web.stderr.includes("warning[public-exposure]"), web.stderr);
  assert.ok(!web.stderr.includes("powerful-capability"), web.stderr);
  const explain = run(["explain", "--ignore", "public-exposure", "apps/web.k7.yaml"], undefined, REPO);
  assert.equal(explain.status, 0);
  assert.match(explain.stderr, /^apps\/web\.k7\.yaml:3:19: info\[dns-blocked\] [^\n]+\n  help: [^\n]+\n$/);
  assert.match(explain.stdout, /^Egress: /);
});

test("a bad config is exit 2 with one line: where and what", () => {
  const bad = tree({ ".k7-spec.yaml": "ignore: [cloud-metadata]\nfail-on: sometimes\n", "k7.yaml": INFO });
  const r = run(["validate"], undefined, bad);
  assertUsageError(r, ".k7-spec.yaml:2:10: ");
  assert.ok(r.stderr.includes("sometimes"), r.stderr);
  assertUsageError(run(["render", "k7.yaml"], undefined, bad), ".k7-spec.yaml:2:10: ");
  assert.equal(run(["validate", "--no-config"], undefined, bad).status, 0);
});

/** A GitHub workflow command read back as the runner reads it (@actions/core's escaping undone). */
function workflowCommand(line) {
  const [, command, properties, message] = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
  const unescape = (value) =>
    value.replace(/%(25|0D|0A|3A|2C)/g, (_, hex) => String.fromCharCode(`0x${hex}`));
  const pairs = properties.split(",").map((pair) => pair.split("=").map(unescape));
  return { command, ...Object.fromEntries(pairs), message: unescape(message) };
}

// --fix, --unsafe-fixes and --diff, on fresh copies of specs with fixes: the fixtures of codes
// whose fixes are safe, a spec with CRLF line ends after a byte order mark, one whose only fix is
// unsafe (a public DNS resolver) and one without a fix. Which codes have fixes is the core's
// business: what a file must become is `fix()`'s answer, checked here for what the CLI adds.
const FIXTURE = (name) => readFileSync(join(process.env.K7_REPO, "tests/fixtures", name), "utf8");
const TO_FIX = {
  "host-bits.k7.yaml": FIXTURE("cidr-host-bits.yaml"),
  "duplicates.k7.yaml": FIXTURE("duplicate-egress-entry.yaml"),
  "windows.k7.yaml":
    "\ufeffname: demo\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.5/8  # the office\r\n  - 10.0.0.0/8\r\n",
  "resolver.k7.yaml": "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/8, 1.1.1.1/32]\n",
  "clean.k7.yaml": "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n",
};

/** A fresh directory holding TO_FIX (the resolver's file through a symbolic link, the host bits' 0640). */
function toFix() {
  const root = mkdtempSync(join(tmpdir(), "k7-fix-"));
  mkdirSync(join(root, "specs"));
  mkdirSync(join(root, "real"));
  for (const [name, text] of Object.entries(TO_FIX)) {
    if (name === "resolver.k7.yaml") {
      writeFileSync(join(root, "real", name), text);
      symlinkSync(join("..", "real", name), join(root, "specs", name));
    } else writeFileSync(join(root, "specs", name), text);
  }
  chmodSync(join(root, "specs/host-bits.k7.yaml"), 0o640);
  return root;
}

/** The specs' texts, by name. */
const texts = (root) =>
  Object.fromEntries(
    Object.keys(TO_FIX).map((name) => [name, readFileSync(join(root, "specs", name), "utf8")]),
  );

/** What `fix()` makes of each spec. */
const fixedTexts = (unsafeFixes) =>
  Object.fromEntries(
    Object.entries(TO_FIX).map(([name, text]) => [name, k7.fix(text, {}, unsafeFixes).text]),
  );

/** Runs ARGS (after `validate`) in a fresh toFix() per CLI; returns the output and each CLI's directory. */
function fixRun(args, input) {
  const roots = [];
  const r = both((bin) => {
    const root = toFix();
    roots.push(root);
    return spawnSync(bin, ["validate", ...args], { cwd: root, input });
  });
  return { ...r, roots };
}

test("validate --fix writes the safe fixes in place, atomically, and reports what remains", () => {
  const expected = fixedTexts(false);
  // The fixtures do change, and the unsafe fix and the clean spec do not.
  assert.notEqual(expected["host-bits.k7.yaml"], TO_FIX["host-bits.k7.yaml"]);
  assert.notEqual(expected["duplicates.k7.yaml"], TO_FIX["duplicates.k7.yaml"]);
  assert.equal(expected["resolver.k7.yaml"], TO_FIX["resolver.k7.yaml"]);
  assert.equal(expected["clean.k7.yaml"], TO_FIX["clean.k7.yaml"]);
  // The CRLF spec keeps its byte order mark, its line ends and its comment.
  assert.equal(
    expected["windows.k7.yaml"],
    "\ufeffname: demo\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.0/8  # the office\r\n",
  );
  const untouched = toFix();
  const before = statSync(join(untouched, "specs/clean.k7.yaml"));
  const r = fixRun(["--fix", "specs"]);
  for (const root of r.roots) {
    assert.deepEqual(texts(root), expected);
    // Written by a rename (a new file), with the old one's permissions; the link is still a link to it.
    assert.equal(statSync(join(root, "specs/host-bits.k7.yaml")).mode & 0o777, 0o640);
    assert.ok(lstatSync(join(root, "specs/resolver.k7.yaml")).isSymbolicLink());
    assert.deepEqual(readdirSync(join(root, "specs")).sort(), Object.keys(TO_FIX).sort());
  }
  // What is left: the public resolver (its fix is unsafe) and the infos.
  const changed = Object.keys(TO_FIX).filter((name) => expected[name] !== TO_FIX[name]).length;
  const applied = Object.values(TO_FIX).reduce((n, text) => n + k7.fix(text, {}, false).applied, 0);
  assert.match(r.stdout, /\nspecs\/resolver\.k7\.yaml:3:32: warning\[public-dns-resolver\] `1\.1\.1\.1/);
  assert.ok(!/cidr-host-bits|duplicate-egress-entry/.test(r.stdout), r.stdout);
  assert.match(
    r.stdout,
    new RegExp(
      `\\nApplied ${applied} fixes to ${changed} files \\(1 hidden fix can be enabled with --unsafe-fixes\\)\\n$`,
    ),
  );
  assert.equal(r.status, 1, r.stderr);
  // A second run has nothing left to apply, and writes nothing: the files keep their inodes.
  const [root] = r.roots;
  const inodes = readdirSync(join(root, "specs")).map((name) => statSync(join(root, "specs", name)).ino);
  const again = run(["validate", "--fix", "specs"], undefined, root);
  assert.match(again.stdout, /\nNo fixes applied \(1 hidden fix can be enabled with --unsafe-fixes\)\n$/);
  assert.deepEqual(
    readdirSync(join(root, "specs")).map((name) => statSync(join(root, "specs", name)).ino),
    inodes,
  );
  assert.equal(statSync(join(untouched, "specs/clean.k7.yaml")).mtimeMs, before.mtimeMs);
});

test("validate --fix keeps hard links: every name of the file gets the fixed text, in place", () => {
  // A folded script whose last line ends in a comment: the fix adds `true` on a line of its own,
  // which the script's `|` block, new in the file's indentation, holds as YAML readers read it.
  const source =
    "name: demo\nimage: alpine:3.20\negress_whitelist: []\nbefore_script: >-\n  apk add curl\n  # done\n";
  const fixed = k7.fix(source, {}, false).text;
  assert.equal(
    fixed,
    source.replace(">-\n  apk add curl\n  # done\n", "|-\n  apk add curl # done\n  true\n"),
  );
  for (const version of ["1.1", "1.2"]) {
    assert.equal(YAML.parse(fixed, { version }).before_script, "apk add curl # done\ntrue");
  }
  const runs = [];
  const inode = (root, name) => statSync(join(root, name)).ino;
  const r = both((bin) => {
    const root = mkdtempSync(join(tmpdir(), "k7-link-"));
    writeFileSync(join(root, "k7.yaml"), source, { mode: 0o600 });
    linkSync(join(root, "k7.yaml"), join(root, "other-name.yaml"));
    writeFileSync(join(root, "alone.k7.yaml"), source, { mode: 0o640 });
    runs.push({ root, linked: inode(root, "k7.yaml"), alone: inode(root, "alone.k7.yaml") });
    return spawnSync(bin, ["validate", "--fix", "k7.yaml", "alone.k7.yaml"], { cwd: root });
  });
  assert.match(r.stdout, /\nApplied 2 fixes to 2 files\n$/);
  assert.equal(r.status, 0, r.stderr);
  for (const { root, linked, alone } of runs) {
    for (const name of ["k7.yaml", "other-name.yaml", "alone.k7.yaml"]) {
      assert.equal(readFileSync(join(root, name), "utf8"), fixed, name);
    }
    // The linked file is the same file, its two names and its mode kept.
    const [one, other] = ["k7.yaml", "other-name.yaml"].map((name) => statSync(join(root, name)));
    assert.deepEqual([one.ino, other.ino, one.nlink, one.mode & 0o777], [linked, linked, 2, 0o600]);
    // A file of one name is still replaced by a rename (a new file), with its mode, none left over.
    assert.notEqual(inode(root, "alone.k7.yaml"), alone);
    assert.equal(statSync(join(root, "alone.k7.yaml")).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(root).sort(), ["alone.k7.yaml", "k7.yaml", "other-name.yaml"]);
  }
});

test("validate --fix --unsafe-fixes applies the unsafe fixes too; --unsafe-fixes alone shows them", () => {
  const expected = fixedTexts(true);
  assert.notEqual(expected["resolver.k7.yaml"], TO_FIX["resolver.k7.yaml"]);
  const r = fixRun(["--fix", "--unsafe-fixes", "specs"]);
  for (const root of r.roots) {
    assert.deepEqual(texts(root), expected);
    // The link's target changed, not the link.
    assert.equal(readFileSync(join(root, "real/resolver.k7.yaml"), "utf8"), expected["resolver.k7.yaml"]);
  }
  assert.ok(!r.stdout.includes("hidden"), r.stdout);
  // Alone, it changes nothing and counts them as fixable: [*] marks the resolver.
  const shown = fixRun(["--unsafe-fixes", "specs"]);
  for (const root of shown.roots) assert.deepEqual(texts(root), TO_FIX);
  assert.match(shown.stdout, /warning\[public-dns-resolver\] \[\*\] /);
  assert.match(shown.stdout, /\n\[\*\] \d+ fixable with --fix --unsafe-fixes\n$/);
  const plain = fixRun(["specs"]);
  assert.match(plain.stdout, /warning\[public-dns-resolver\] `1\.1\.1\.1/);
  assert.match(
    plain.stdout,
    /\n\[\*\] \d+ fixable with --fix \(1 hidden fix can be enabled with --unsafe-fixes\)\n$/,
  );
});

test("validate --diff prints the unified diff --fix would apply, changes nothing, and exits 1", () => {
  for (const unsafe of [[], ["--unsafe-fixes"]]) {
    const r = fixRun(["--diff", ...unsafe, "specs"]);
    assert.equal(r.status, 1, r.stderr);
    for (const root of r.roots) assert.deepEqual(texts(root), TO_FIX);
    assert.match(r.stdout, /^--- a\/specs\/duplicates\.k7\.yaml\n\+\+\+ b\/specs\/duplicates\.k7\.yaml\n@@ /);
    assert.match(r.stderr, /^Would apply \d+ fixes to \d+ files/);
    // git applies it (to copies that are plain files: it patches no link), and makes of each
    // spec what --fix makes of it.
    const root = mkdtempSync(join(tmpdir(), "k7-apply-"));
    mkdirSync(join(root, "specs"));
    for (const [name, text] of Object.entries(TO_FIX)) writeFileSync(join(root, "specs", name), text);
    writeFileSync(join(root, "fix.diff"), r.stdout);
    const git = spawnSync("git", ["apply", "--whitespace=nowarn", "fix.diff"], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(git.status, 0, git.stderr);
    assert.deepEqual(texts(root), fixedTexts(unsafe.length > 0));
  }
  // Nothing to change: no diff, exit 0, whatever the findings; --fix --diff is a diff.
  const clean = fixRun(["--diff", "specs/clean.k7.yaml", "specs/resolver.k7.yaml"]);
  assert.deepEqual(
    [clean.stdout, clean.stderr, clean.status],
    ["", "No fixes to apply (1 hidden fix can be enabled with --unsafe-fixes)\n", 0],
  );
  const both_ = fixRun(["--fix", "--diff", "specs"]);
  for (const root of both_.roots) assert.deepEqual(texts(root), TO_FIX);
  assert.equal(both_.stdout, fixRun(["--diff", "specs"]).stdout);
});

test("validate --fix -: the fixed text on stdout, as a formatter's, the report on stderr", () => {
  const source = TO_FIX["windows.k7.yaml"];
  const r = run(["validate", "--fix", "-", "--stdin-filename", "k7.yaml"], source);
  assert.equal(r.stdout, k7.fix(source, {}, false).text);
  assert.match(r.stderr, /^k7\.yaml:\d+:\d+: info\[dns-blocked\] /);
  const { applied } = k7.fix(source, {}, false);
  assert.match(r.stderr, new RegExp(`\\nApplied ${applied} fixes to 1 file\\n$`));
  assert.equal(r.status, 0);
  // Unreadable: nothing on stdout (no half text for the formatter's pipe), exit 2.
  const bad = run(["validate", "--fix", "-"], Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0x0a]));
  assert.deepEqual([bad.stdout, bad.status], ["", 2]);
  assert.match(
    bad.stderr,
    /\nk7-spec: cannot read <stdin>: invalid UTF-8 at line 1, column 7 \(byte offset 6\)\n$/,
  );
  // Nothing to fix: the text as it came.
  const clean = run(["validate", "--fix", "-"], TO_FIX["clean.k7.yaml"]);
  assert.equal(clean.stdout, TO_FIX["clean.k7.yaml"]);
  // --diff of standard input names it.
  const diff = run(["validate", "--diff", "-"], source);
  assert.match(diff.stdout, /^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n@@ -1,5 \+1,4 @@\n/);
  assert.equal(diff.status, 1);
  // Bad usage, before anything is read or written.
  assertUsageError(
    run(["validate", "--fix", "-", "specs"]),
    "--fix with - writes the fixed text to standard output",
  );
  assertUsageError(
    run(["validate", "--diff", "--format", "json", "-"]),
    '--diff prints a unified diff, so it takes no --format "json"',
  );
  assertUsageError(run(["render", "--fix", "-"]), "--fix is an option of validate only");
});

test("every format on the repository: each read by its schema or consumer, exit 2 in each", () => {
  const out = {};
  for (const format of ["json", "json-lines", "github", "sarif", "junit", "gitlab"]) {
    const r = inRepo("--format", format, ".");
    assert.equal(r.status, 2, format);
    assert.equal(
      r.stderr,
      "k7-spec: cannot read bad.k7.yaml: invalid UTF-8 at line 1, column 7 (byte offset 6)\n",
    );
    out[format] = r.stdout;
  }
  const data = JSON.parse(out.json);
  assert.deepEqual(
    data.map((f) => f.file),
    SPECS,
  );
  const findings = data.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, ...d })));
  const shown = findings.filter((d) => !d.suppressed);
  assert.deepEqual(
    findings.filter((d) => d.suppressed).map((d) => [d.file, d.code, d.suppressed.kind]),
    [
      ["apps/api.k7.yml", "public-dns-resolver", "option"],
      ["apps/web.k7.yaml", "powerful-capability", "comment"],
      ["k7.yaml", "cloud-metadata", "option"],
    ],
  );
  // json-lines: the same findings, one object a line, and the unreadable file.
  assert.deepEqual(
    out["json-lines"]
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line)),
    data.flatMap((f) =>
      f.error ? [{ file: f.file, error: f.error }] : f.diagnostics.map((d) => ({ file: f.file, ...d })),
    ),
  );
  // github: an annotation per unsuppressed finding where it is, and one for the unreadable file.
  const LEVEL = { error: "error", warning: "warning", info: "notice" };
  assert.deepEqual(
    out.github.trimEnd().split("\n").map(workflowCommand),
    [
      ...shown.map((d) => ({
        command: LEVEL[d.severity],
        file: d.file,
        line: String(d.span.start.line),
        col: String(d.span.start.column),
        endLine: String(d.span.end.line),
        endColumn: String(d.span.end.column),
        title: `k7-spec (${d.code})`,
        message: `${d.message}\nhelp: ${d.help}`,
      })),
      {
        command: "error",
        file: "bad.k7.yaml",
        title: "k7-spec",
        message: "cannot read bad.k7.yaml: invalid UTF-8 at line 1, column 7 (byte offset 6)",
      },
    ].sort((a, b) => SPECS.indexOf(a.file) - SPECS.indexOf(b.file)),
  );
  // sarif: every finding a result (the suppressed ones with their suppression); junit: a test
  // case per file; gitlab: an issue per unsuppressed finding and one for the unreadable file.
  const [run_] = JSON.parse(out.sarif).runs;
  assert.equal(run_.results.length, findings.length);
  assert.equal(run_.results.filter((r) => r.suppressions).length, 3);
  assert.equal(run_.invocations[0].toolExecutionNotifications.length, 1);
  assert.equal(JSON.parse(out.gitlab).length, shown.length + 1);
  // Then the validators of the core's own report tests (tests/report/check.py): SARIF against
  // the SARIF 2.1.0 schema, JUnit against Jenkins' XSD and through junitparser, GitLab against
  // its documented fields.
  const checked = mkdtempSync(join(tmpdir(), "k7-formats-"));
  const files = {
    json: "cli.json",
    sarif: "cli.sarif.json",
    junit: "cli.junit.xml",
    gitlab: "cli.gitlab.json",
  };
  for (const [format, name] of Object.entries(files)) writeFileSync(join(checked, name), out[format]);
  // check.py's checks, pointed at these files instead of the snapshots (the set named "cli").
  const script = [
    "import pathlib, sys",
    "sys.path.insert(0, sys.argv[1])",
    "import check",
    "check.SNAPSHOTS, check.SETS = pathlib.Path(sys.argv[2]), ('cli',)",
    "sys.exit(check.main())",
  ].join("\n");
  const python = join(process.env.K7_REPO, "build/venv/bin/python");
  const check = spawnSync(python, ["-c", script, join(process.env.K7_REPO, "tests/report"), checked], {
    encoding: "utf8",
  });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  for (const line of [
    `sarif cli: valid, ${findings.length} results`,
    `junit cli: valid, ${SPECS.length} test cases, 2 failing`,
    `gitlab cli: valid, ${shown.length + 1} issues`,
  ])
    assert.ok(check.stdout.includes(`${line}\n`), check.stdout);
});

test("an output that cannot be written (a full disk) is one line on stderr and exit 2", () => {
  const script = '"$0" validate "$1" > /dev/full';
  const r = both((bin) => spawnSync("bash", ["-c", script, bin, EXAMPLE]));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^k7-spec: cannot write the output: ENOSPC: [^\n]+\n$/);
  // A spec without findings leaves nothing for standard error: writing nothing is no failure.
  const clean = join(process.env.K7_REPO, "tests/fixtures/valid--egress-fqdn.yaml");
  const quiet = both((bin) => spawnSync("bash", ["-c", '"$0" render "$1" 2> /dev/full', bin, clean]));
  assert.equal(quiet.status, 0, quiet.stderr);
});

test("paths that are no spec, and options at their edges, say why in one line", () => {
  // A file's path used as a directory's: the reason the system gives, the others still read.
  const under = run(["validate", join(EXAMPLE, "k7.yaml"), INVALID]);
  assert.equal(under.status, 2);
  assert.equal(
    under.stderr,
    `k7-spec: cannot read ${join(EXAMPLE, "k7.yaml")}: ENOTDIR: not a directory, open '${join(EXAMPLE, "k7.yaml")}'\n`,
  );
  assertUsageError(run(["render", dir]), `cannot read ${dir}: is a directory`);
  // After --, every word is a FILE.
  assert.equal(run(["validate", "--", "--help"]).stderr, "k7-spec: cannot read --help: no such file\n");
  assertUsageError(run(["validate", "--format=", EXAMPLE]), "validate --format must be text, json");
  assertUsageError(run(["validate", "-x", EXAMPLE]), "unknown option -x");
  assertUsageError(run(["validate", "--Cni=flannel", EXAMPLE]), "unknown option --Cni=flannel");
  assertUsageError(run(["explain", "--workload"]), "--workload needs a value: pod or deployment");
  const spaced = run([
    "validate",
    "--fail-on=warning",
    "--ignore",
    " package-manager-needs-root ,egress-open",
    EXAMPLE,
  ]);
  assert.equal(spaced.status, 0, spaced.stdout);
});

// reach: one connection per phase (--to, --from), a queries file for policy tests, and the
// matrix between several specs. Every answer is the core's reach() or reachMatrix() as the
// package exports them; each case runs through both CLIs as every other case does.
const AGENT = spec(
  "agent",
  "egress_whitelist: [pypi.org, 10.0.0.0/8]",
  "ingress_ports: [8080]",
  "ingress_from: [sandbox:client]",
);
// Apart from `dir`, which must hold no spec file (validate DIR's test).
const REACH_DIR = mkdtempSync(join(tmpdir(), "k7-reach-"));
const AGENT_FILE = join(REACH_DIR, "agent.k7.yaml");
writeFileSync(AGENT_FILE, AGENT);
/** `k7-spec reach AGENT_FILE ARGS`. */
const reach = (...args) => run(["reach", AGENT_FILE, ...args]);

test("reach --to/--from: a line per phase with its verdict, the deciding rules, --expect's status", () => {
  const r = reach("--to", "pypi.org:443", "--expect", "allow");
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.stderr, "");
  const answer = k7.reach(AGENT, { to: "pypi.org:443" });
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines[0], `${AGENT_FILE}: egress to pypi.org port 443/TCP, on Cilium`);
  const phases = lines.filter((line) => /^ {2}\S/.test(line));
  assert.deepEqual(
    phases,
    answer.phases.map((p) => `  ${p.phase.padEnd(6)}  ${p.verdict.padEnd(7)}  ${p.summary}`),
  );
  // The locked phase's deciding rules: object, pointer, and the spec entry's line and column.
  for (const rule of answer.phases[2].rules) {
    const at = `${AGENT_FILE}:${rule.spec.span.start.line}:${rule.spec.span.start.column} ${rule.spec.path}`;
    assert.ok(r.stdout.includes(`\n${" ".repeat(19)}rule: ${rule.object} ${rule.pointer} (${at})`), at);
  }
  assert.equal(lines.at(-1), "expected allow: holds in start, script and locked");
  assert.equal(reach("--to", "pypi.org:443", "--expect", "deny").status, 1);
  assert.equal(reach("--to", "pypi.org:443").status, 0);

  // Ingress, one phase, a denied answer: what would allow it, and the expectation that fails.
  const denied = reach("--from", "sandbox:web", "--port", "8080", "--phase", "locked", "--expect", "allow");
  assert.equal(denied.status, 1);
  assert.match(denied.stdout, /\n {2}locked {2}denied {3}After lockdown, [^\n]+\n/);
  assert.ok(!denied.stdout.includes("\n  start"));
  assert.ok(denied.stdout.includes("\n                   allow if: add `sandbox:web` to ingress_from\n"));
  assert.ok(denied.stdout.endsWith("\nexpected allow: does not hold: locked is denied\n"));
  assert.equal(reach("--from", "sandbox:client", "--port", "8080", "--expect", "allow").status, 0);
  // K7's platform policy denies the metadata service in every phase, on Cilium only.
  assert.equal(reach("--to", "metadata", "--expect", "deny").status, 0);
  const flannel = run(["reach", "--cni", "flannel", INVALID, "--to", "metadata", "--expect", "deny"]);
  assert.equal(flannel.status, 1);
  assert.ok(flannel.stdout.includes("not judged: the spec has an error"), flannel.stdout);
  assert.ok(flannel.stderr.includes(`${INVALID}:5:1: error[unknown-field]`), flannel.stderr);
});

test("reach --expect: an answer that depends meets neither allow nor deny, and says so", () => {
  // A name not whitelisted may resolve into the whitelisted 10.0.0.0/8.
  for (const expect of ["allow", "deny"]) {
    const r = reach("--to", "db.internal:5432", "--phase", "locked", "--expect", expect);
    assert.equal(r.status, 1);
    const [locked] = k7.reach(AGENT, { to: "db.internal:5432" }).phases.slice(2);
    assert.equal(locked.verdict, "depends");
    assert.ok(
      r.stdout.endsWith(
        `\nexpected ${expect}: does not hold: locked depends on ${locked.dependsOn}, which holds for neither allow nor deny\n`,
      ),
      r.stdout,
    );
  }
});

test("reach --format json: reach()'s answer with the expectation, only the phases asked", () => {
  const query = ["--from", "sandbox:client", "--port", "8080"];
  const r = reach(...query, "--format", "json", "--expect", "allow", "--phase", "locked");
  assert.equal(r.status, 0);
  const { expect, holds, ...answer } = JSON.parse(r.stdout);
  assert.deepEqual([expect, holds], ["allow", true]);
  const engine = k7.reach(AGENT, { from: "sandbox:client", port: 8080 });
  assert.deepEqual(answer, { ...engine, phases: engine.phases.slice(2) });
  const udp = JSON.parse(reach("--to", "10.1.2.3:53", "--udp", "--format", "json").stdout);
  assert.deepEqual(udp, {
    expect: null,
    holds: null,
    ...k7.reach(AGENT, { to: "10.1.2.3:53", protocol: "udp" }),
  });
  assert.equal(udp.query.protocol, "UDP");
  // Standard input, named by --stdin-filename.
  const stdin = run(["reach", "-", "--stdin-filename", "agent.yaml", "--to", "pypi.org"], AGENT);
  assert.match(stdin.stdout, /^agent\.yaml: egress to pypi\.org any TCP port, on Cilium\n/);
});

const QUERIES = [
  "# agent's policy, tested in CI",
  "to pypi.org:443 expect allow",
  "",
  "to metadata expect deny  # K7's platform policy",
  "from sandbox:client port 8080 phase locked expect allow",
  "from sandbox:web port 8080 phase locked expect allow",
  "to dns",
  "",
].join("\n");

test("reach --queries: a line per query and phase, a summary, exit 1 when an expectation fails", () => {
  const file = join(REACH_DIR, "agent.queries");
  writeFileSync(file, QUERIES);
  const r = reach("--queries", file);
  assert.equal(r.status, 1, r.stdout);
  const lines = r.stdout.trimEnd().split("\n");
  // Lines 2, 4 and 7 ask every phase, lines 5 and 6 the locked one.
  assert.equal(lines.length, 3 + 3 + 1 + 1 + 3 + 1);
  const ROW = /^(\S+:\d+) {2}(.+?) +(start|script|locked) +(allowed|denied|depends) +(ok|FAIL|-)(?= |$)/;
  assert.deepEqual(
    lines.slice(0, -1).map((line) => ROW.exec(line).slice(1, 6)),
    [
      ...["start", "script", "locked"].map((p) => [`${file}:2`, "to pypi.org:443", p, "allowed", "ok"]),
      ...["start", "script", "locked"].map((p) => [`${file}:4`, "to metadata", p, "denied", "ok"]),
      [`${file}:5`, "from sandbox:client port 8080", "locked", "allowed", "ok"],
      [`${file}:6`, "from sandbox:web port 8080", "locked", "denied", "FAIL"],
      ...["start", "script", "locked"].map((p) => [`${file}:7`, "to dns", p, "allowed", "-"]),
    ],
  );
  // The columns line up, whatever the length of each query.
  assert.equal(new Set(lines.slice(0, -1).map((line) => line.search(/(start|script|locked) /))).size, 1);
  assert.equal(lines.at(-1), `5 queries: 3 as expected, 1 not (${file}:6), 1 without an expectation`);
  // JSON: an array of reach()'s answers, each with its line and expectation.
  const json = JSON.parse(reach("--queries", file, "--format", "json").stdout);
  assert.deepEqual(
    json.map((a) => [a.line, a.expect, a.holds, a.phases.length]),
    [
      [2, "allow", true, 3],
      [4, "deny", true, 3],
      [5, "allow", true, 1],
      [6, "allow", false, 1],
      [7, null, null, 3],
    ],
  );
  const { line, expect, holds, ...first } = json[0];
  assert.deepEqual(first, k7.reach(AGENT, { to: "pypi.org:443" }));
  // Every expectation holding: exit 0. The queries from standard input.
  const passing = QUERIES.replace("from sandbox:web port 8080 phase locked expect allow", "");
  const ok = run(["reach", AGENT_FILE, "--queries", "-"], passing);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /^<stdin>:2 {2}/);
  assert.ok(ok.stdout.endsWith("\n4 queries: 3 as expected, 1 without an expectation\n"), ok.stdout);
  // --phase and --expect apply to the lines that give none.
  const defaults = run(
    ["reach", AGENT_FILE, "--queries", "-", "--phase", "locked", "--expect", "deny"],
    "to metadata\n",
  );
  assert.equal(defaults.status, 0);
  assert.equal(defaults.stdout.split("\n").length, 3);
});

test("reach --queries: a bad line is bad usage naming its line, before any connection is judged", () => {
  const queries = (text) => run(["reach", AGENT_FILE, "--queries", "-"], text);
  assertUsageError(
    queries("to pypi.org:443 expect allow\n\nto pypi.org expct allow\n"),
    '<stdin>:3: unknown word "expct" (a line is `to DEST` or `from SOURCE`, then any of `port P`, `udp`,',
  );
  assertUsageError(queries("reach pypi.org\n"), "<stdin>:1: a query starts with `to` or `from`");
  assertUsageError(queries("to pypi.org port 70000\n"), "<stdin>:1: `port` must be a number from 1 to 65535");
  assertUsageError(queries("from pypi.org\n"), "<stdin>:1: `pypi.org` is not a source: write `sandbox:NAME`");
  assertUsageError(queries("# only a comment\n"), "the queries file <stdin> has no query");
  assertUsageError(
    run(["reach", AGENT_FILE, "--queries", join(dir, "none.queries")]),
    `cannot read the queries ${join(dir, "none.queries")}: no such file`,
  );
});

test("reach: bad usage exits 2 with one line, before any file is read", () => {
  const missing = join(dir, "missing.yaml");
  assertUsageError(run(["reach", missing, "--to", "pypi.org", "--from", "node"]), "not --to and --from");
  assertUsageError(run(["reach", missing, "--to", "*.pypi.org"]), "--to: `*.pypi.org` is not a destination");
  assertUsageError(run(["reach", missing, "--from", "pypi.org"]), "--from: `pypi.org` is not a source");
  assertUsageError(run(["reach", missing, "--to", "pypi.org", "--port", "0"]), "--port must be a number");
  assertUsageError(
    run(["reach", missing, "--to", "x.org", "--phase", "later"]),
    "--phase must be start, script",
  );
  assertUsageError(
    run(["reach", missing, "--to", "x.org", "--expect", "maybe"]),
    "--expect must be allow or deny",
  );
  assertUsageError(run(["reach", missing, "--expect", "allow"]), "--expect needs --to, --from or --queries");
  assertUsageError(
    run(["reach", missing, "--queries", "q", "--port", "80"]),
    "--port goes with --to or --from",
  );
  assertUsageError(run(["reach", missing, INVALID, "--to", "x.org"]), "reach takes exactly one FILE");
  assertUsageError(
    run(["reach", missing, "--to", "x.org", "--format", "yaml"]),
    "reach --format must be text or json",
  );
  assertUsageError(run(["validate", EXAMPLE, "--to", "pypi.org"]), "--to is an option of reach only");
  assertUsageError(run(["render", EXAMPLE, "--udp"]), "--udp is an option of reach only");
  assertUsageError(run(["reach", "-", "--queries", "-", "--to", "x"]), "not --to and --queries");
  assertUsageError(run(["reach", "-", "--queries", "-"]), "cannot both be standard input");
  assertUsageError(run(["reach", missing, "--to", "x.org"]), `cannot read ${missing}: no such file`);
});

test("reach FILE...: the matrix between the specs of a directory, walked as validate walks it", () => {
  const root = tree({
    "web.k7.yaml": spec(
      "web",
      "egress_whitelist: []",
      "ingress_ports: [8080]",
      "ingress_from: [sandbox:client, sandbox:ghost]",
    ),
    "client.k7.yaml": spec("client", "egress_whitelist: [10.0.0.0/8]"),
    "open/k7.yaml": spec("open"),
    "generated/k7.yaml": spec("generated"),
    ".gitignore": "generated/\n",
  });
  const r = run(["reach", "."], undefined, root);
  assert.equal(r.status, 0, r.stderr);
  const files = ["client.k7.yaml", "open/k7.yaml", "web.k7.yaml"];
  const matrix = k7.reachMatrix(
    files.map((file) => ({ file, source: readFileSync(join(root, file), "utf8") })),
    {},
  );
  assert.deepEqual(JSON.parse(run(["reach", "--format", "json", "."], undefined, root).stdout), matrix);
  const lines = r.stdout.trimEnd().split("\n");
  // The names' columns are as wide as the longest name.
  assert.equal(lines[0], "FROM    TO      PORT       LOCKED   BEFORE LOCKDOWN  DECIDED BY");
  const names = matrix.sandboxes.map((s) => s.name);
  assert.deepEqual(
    lines.slice(1, 1 + matrix.pairs.length).map((line) => line.split(/ {2,}/)),
    matrix.pairs.map((p) => {
      const { verdict, egress, ingress } = p.locked;
      const row = [names[p.from], names[p.to], `${p.port}/TCP`, verdict, p.beforeLockdown.verdict];
      // After lockdown, the side that denies.
      const sides = [
        egress.verdict === verdict && `${names[p.from]}'s egress`,
        ingress.verdict === verdict && `${names[p.to]}'s ingress`,
      ];
      return verdict === "allowed" ? row : [...row, sides.filter(Boolean).join(" and ")];
    }),
  );
  // client's whitelist names a range, which on Cilium selects no pod; web admits only client.
  assert.deepEqual(
    matrix.pairs.map((p) => [names[p.from], names[p.to], p.locked.verdict]),
    [
      ["client", "web", "denied"],
      ["open", "web", "denied"],
    ],
  );
  assert.ok(
    r.stdout.includes("\nfindings:\nweb.k7.yaml:5:32: [unknown-sandbox] `sandbox:ghost` names no spec"),
    r.stdout,
  );
  assert.equal(
    lines.at(-1),
    `3 sandboxes, 2 connections locked down: 2 denied; ${matrix.findings.length} findings`,
  );
  // The specs' findings go to standard error, as render's do.
  assert.ok(r.stderr.includes("open/k7.yaml:1:1: warning[egress-open]"), r.stderr);
  // A spec with an error is left out, and fails the command.
  const bad = run(["reach", join(root, "web.k7.yaml"), INVALID]);
  assert.equal(bad.status, 1);
  assert.ok(bad.stdout.includes(`left out: ${INVALID} (demo) has an error`), bad.stdout);
  assertUsageError(run(["reach", join(root, "web.k7.yaml"), join(dir, "gone.yaml")]), "cannot read");
});

test("reach escapes what the spec, the queries and the file names hold: no forged line", () => {
  const forged = join(REACH_DIR, "reach\u001b]0;title\u0007.yaml");
  writeFileSync(forged, AGENT);
  const r = run(["reach", forged, "--to", "pypi.org"]);
  assert.ok(
    r.stdout.startsWith(`${REACH_DIR}/reach\\u{1b}]0;title\\u{7}.yaml: egress to pypi.org`),
    r.stdout,
  );
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout));
  const queries = run(["reach", AGENT_FILE, "--queries", "-"], "to pypi.org\u202e:443\n");
  assertUsageError(queries, "<stdin>:1: ");
  assert.ok(queries.stderr.includes("\\u{202e}"), queries.stderr);
});

test("reach follows the spec's config (cni, workload) under the command line's options", () => {
  // flannel/.k7-spec.yaml says cni: flannel, where a DNS name in the whitelist is an error.
  const flannel = run(["reach", "flannel/k7.yaml", "--to", "pypi.org"], undefined, CONFIGS);
  assert.equal(flannel.status, 1);
  assert.match(flannel.stdout, /^flannel\/k7\.yaml: egress to pypi\.org any TCP port, on Flannel\n/);
  assert.match(flannel.stderr, /^flannel\/k7\.yaml:3:20: error\[fqdn-needs-cilium\]/m);
  const cilium = run(["reach", "--cni", "cilium", "flannel/k7.yaml", "--to", "pypi.org"], undefined, CONFIGS);
  assert.equal(cilium.status, 0, cilium.stdout);
  // The matrix takes the first spec's settings for the whole cluster; one spec is no matrix.
  const one = run(["reach", "flannel/k7.yaml"], undefined, CONFIGS);
  assert.equal(one.status, 1);
  assert.match(one.stdout, /^left out: flannel\/k7\.yaml \(fqdn\) has an error/);
  assert.match(
    one.stdout,
    /\n1 sandbox, 0 connections locked down \(a matrix needs several specs: [^\n]+\n$/,
  );
});
