// report() through the packed package: the same bytes as the Rust snapshots, the escaping of the
// CLI before it moved into the core (checked on every code point against the JS engine's own
// Unicode tables), and misuse. Run by scripts/package-test.sh, which sets K7_REPO.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import * as k7 from "k7-spec";

import hostileValues from "./hostile.mjs";

const SNAPSHOTS = join(process.env.K7_REPO, "tests/snapshots/report");
// The bad spec of tests/report.rs, whose reports are snapshotted as tests/snapshots/report/bad.*.
const BAD =
  'name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]\nexpose_ports: [8080]\ningress_ports: [8080]\ningress_from: ["cidr:0.0.0.0/0"]\negress_whitelist: [169.254.0.0/16]\n';
const FORMATS = {
  text: "txt",
  json: "json",
  "json-lines": "jsonl",
  github: "github.txt",
  sarif: "sarif.json",
  junit: "junit.xml",
  gitlab: "gitlab.json",
};

test("report prints in Node the bytes the Rust crate prints, for every format", () => {
  const files = [{ file: "k7.yaml", failOn: "warning", diagnostics: k7.validate(BAD) }];
  for (const [format, extension] of Object.entries(FORMATS)) {
    const out = k7.report(files, { format });
    assert.equal(out.stdout, readFileSync(join(SNAPSHOTS, `bad.${extension}`), "utf8"), format);
    assert.deepEqual([out.stderr, out.status], ["", 1], format);
  }
  assert.equal(k7.report(files).stdout, k7.report(files, { format: "text" }).stdout);
});

// The CLI's escaping before report() (npm/cli.mjs until issue 12), the reference for the core's.
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;
const NAMED = { "\t": "\\t", "\r": "\\r", "\n": "\\n", "\\": "\\\\" };
const escape = (text) =>
  text.replace(
    new RegExp(`\\\\|${UNPRINTABLE.source}`, "gu"),
    (c) => NAMED[c] ?? `\\u{${c.codePointAt(0).toString(16)}}`,
  );
const json = (value) =>
  JSON.stringify(value, null, 2).replace(UNPRINTABLE, (c) =>
    c === "\n"
      ? c
      : c
          .split("")
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
          .join(""),
  ) + "\n";

/** Every Unicode scalar value, in order, in one string. */
function everyCharacter() {
  const characters = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp < 0xd800 || cp > 0xdfff) characters.push(String.fromCodePoint(cp));
  }
  return characters.join("");
}

test("text escapes every code point as the CLI's escape did, and json writes it as its json did", () => {
  const all = everyCharacter();
  const { stderr } = k7.report([{ file: all, error: "r" }], { format: "text" });
  const expected = `k7-spec: cannot read ${escape(all)}: r\n`;
  // Where they differ, if they do: the first differing character and its surroundings.
  const at = [...stderr].findIndex((c, i) => c !== expected[i]);
  assert.ok(stderr === expected, `first difference at ${at}: ${stderr.slice(at - 20, at + 20)}`);
  const files = [{ file: all, diagnostics: [] }];
  assert.ok(k7.report(files, { format: "json" }).stdout === json(files));
  const hostile = 'name: demo\nimage: alpine:3.20\n"a\\nb\\e[31m\\u202Ec\\u0085": 1\n';
  const real = [{ file: "odd ü%.yaml", diagnostics: k7.validate(hostile) }];
  assert.equal(k7.report(real, { format: "json" }).stdout, json(real));
});

test("report's status: 2 for an unreadable file, else 1 for a failed gate, else 0", () => {
  // Its only finding is an info (DNS blocked after lockdown).
  const open = { file: "open.yaml", diagnostics: k7.validate("name: a\nimage: b\negress_whitelist: []\n") };
  assert.equal(k7.report([open]).status, 0);
  assert.equal(k7.report([{ ...open, failOn: "info" }]).status, 1);
  assert.equal(k7.report([open, { file: "gone", error: "no such file" }]).status, 2);
  assert.equal(
    k7.report([{ file: "gone", error: "no such file" }]).stderr,
    "k7-spec: cannot read gone: no such file\n",
  );
});

test("report's misuse throws an Error that names it", () => {
  const misuse = [
    [[{ file: "a" }], /files\[0\] must have either diagnostics or error/],
    [[{ file: "a", diagnostics: [], error: "x" }], /files\[0\] must have either diagnostics or error/],
    [{}, /report takes an array of files .*, got an Object/],
    [[{ file: "a", diagnostics: [], extra: 1 }], /unknown field `extra`/],
    [[{ file: "a", failOn: "fatal", diagnostics: [] }], /unknown variant `fatal`/],
    [
      [{ file: "a", diagnostics: [{ ...k7.validate("name: a\nimage: b\n")[0], code: "nope" }] }],
      /unknown code `nope`/,
    ],
  ];
  for (const [files, message] of misuse) assert.throws(() => k7.report(files), message);
  assert.throws(() => k7.report([], { format: "xml" }), /unknown variant `xml`/);
  assert.throws(() => k7.report([], { quiet: true, colour: true }), /unknown field `colour`/);
  assert.throws(
    () => k7.report([], 3),
    /options must be an object such as \{ format: "sarif" \}, got a number/,
  );
});

test("hostile files and options throw an Error, and 10,000 of them leave report working", () => {
  const { documents, options } = hostileValues();
  const files = [{ file: "k7.yaml", diagnostics: k7.validate(BAD) }];
  const expected = k7.report(files, { format: "sarif" });
  const calls = [
    ...documents.map(([value, named]) => [() => k7.report(value), named]),
    ...options.map(([value]) => [() => k7.report(files, value), "k7-spec: "]),
  ];
  for (const [call, named] of calls) {
    assert.throws(
      call,
      (e) => e instanceof Error && e.message.startsWith("k7-spec: ") && e.message.includes(named),
    );
  }
  for (let i = 0; i < 10_000; i++) assert.throws(calls[i % calls.length][0], Error);
  assert.deepEqual(k7.report(files, { format: "sarif" }), expected);
});
