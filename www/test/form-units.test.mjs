// The Security form's reading of a spec (form-read.js, over the core's readValues) in Node: values
// as K7 reads them, in block and flow style, plain or quoted, YAML 1.1's `yes`; what it cannot show
// (an anchor, an alias, a tag, a value of another type, a key written twice, an error at the field)
// and why; every fixture read without a throw, each field's problem matching the core's own errors
// at it.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { readValues, validate } from "k7-spec";

import { egressMode, PATHS, readSecurity } from "../src/form-read.js";
import { WWW } from "./helpers.mjs";

const read = (text) => readSecurity(readValues(text, PATHS), validate(text));

test("values as K7 reads them: block and flow lists, quotes, comments, YAML 1.1's yes, a key left empty", () => {
  const { fields } = read(`name: demo
image: alpine:3.20
pod_non_root: yes # on
cap_drop:
  - NET_RAW # this one
  - 'SYS_''X'
cap_add: ["NET_BIND_SERVICE"]
egress_whitelist: [10.0.0.0/8, pypi.org]
ingress_ports: [8080]
expose_ports:
`);
  assert.deepEqual(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, [f.present, f.value, f.problem]])),
    {
      pod_non_root: [true, true, undefined],
      container_non_root: [false, false, undefined],
      cap_drop: [true, ["NET_RAW", "SYS_'X"], undefined],
      cap_add: [true, ["NET_BIND_SERVICE"], undefined],
      egress_whitelist: [true, ["10.0.0.0/8", "pypi.org"], undefined],
      ingress_ports: [true, ["8080"], undefined],
      ingress_from: [false, [], undefined],
      expose_ports: [false, [], undefined],
    },
  );
  assert.equal(egressMode(fields.egress_whitelist), "fqdn");
  assert.equal(egressMode({ present: true, value: ["10.0.0.0/8", "2001:db8::/32"] }), "cidr-only");
  assert.equal(egressMode({ present: true, value: [] }), "blocked");
  assert.equal(egressMode({ present: false, value: [] }), "open");
});

test("what the form cannot show, and why", () => {
  const { fields } = read(`name: demo
image: alpine:3.20
egress_whitelist: &nets [10.0.0.0/8]
cap_add: *nets
cap_drop: !!seq [ALL]
pod_non_root: "yes"
ingress_ports: 8080
ingress_from: [{sandbox: client}]
container_non_root: true
container_non_root: false
`);
  const problems = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.problem ?? null]));
  assert.deepEqual(problems, {
    pod_non_root: 'the string "yes", not true or false',
    container_non_root: "the key `container_non_root` is written twice",
    cap_drop: "it carries the tag `!!seq`",
    cap_add: "an alias, `*nets`, of a value written elsewhere",
    egress_whitelist: "it carries the anchor `&nets`, which aliases repeat elsewhere",
    ingress_ports: "the integer 8080, not a list",
    ingress_from: "an entry that is a list or a mapping, not a single value",
    expose_ports: null,
  });
  // JSON is a mapping the core edits in its own style.
  assert.deepEqual(read('{"name": "demo", "image": "alpine:3.20", "cap_add": ["NET_RAW"]}').fields.cap_add, {
    present: true,
    value: ["NET_RAW"],
    errors: {},
  });
  assert.equal(
    read("name: a\n---\nname: b\n").problem,
    "The form cannot show this spec: the text holds more than one YAML document.",
  );
  assert.match(read("").problem, /not a YAML document that can be edited/);
});

test("every fixture: read without a throw; a field's own error is its problem, an entry's marks it", () => {
  const dir = join(WWW, "../tests/fixtures");
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 50, `${files.length} fixtures`);
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    const result = read(text);
    if (result.problem) continue;
    for (const d of validate(text)) {
      if (d.severity !== "error") continue;
      const [, key, index] = /^\/(\w+)(?:\/(\d+))?$/.exec(d.path) ?? [];
      const field = result.fields[key];
      if (!field) continue;
      if (index === undefined) assert.ok(field.problem, `${file}: ${key} has an error: ${d.message}`);
      else if (!field.problem) assert.ok(field.errors[index], `${file}: ${d.path}: ${d.message}`);
    }
  }
});
