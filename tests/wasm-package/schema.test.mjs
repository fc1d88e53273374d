// The JSON Schema as editors and the SchemaStore catalog read it: shipped as a file equal to
// schema(), draft-07 that Ajv compiles in strict mode, and never stricter than the validator.
// Every fixture, read by a YAML 1.2 parser as an editor reads it, goes through Ajv and through
// validate(): the schema must accept every fixture the validator accepts without an error, and the
// test prints how many of the fixtures with an error the schema catches too.
// Run by scripts/package-test.sh, which sets K7_REPO to the repository (fixtures).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import Ajv from "ajv";
import YAML from "yaml";

import * as k7 from "k7-spec";

const FIXTURES = join(process.env.K7_REPO, "tests/fixtures");

// The keywords beyond draft-07 that editors read (VS Code's JSON service, yaml-language-server);
// SchemaStore's strict check knows them too. Anything else unknown fails to compile.
const EDITOR_KEYWORDS = [
  "markdownDescription",
  "enumDescriptions",
  "markdownEnumDescriptions",
  "deprecationMessage",
  "doNotSuggest",
];

const schema = k7.schema();
const ajv = new Ajv({ strict: true, allErrors: true });
ajv.addVocabulary(EDITOR_KEYWORDS);
const check = ajv.compile(schema);

const specOf = (extra) => ({ name: "demo", image: "alpine:3.20", egress_whitelist: [], ...extra });
const errorsOf = (diagnostics) => diagnostics.filter((d) => d.severity === "error");

test("the shipped k7-spec.schema.json is schema(): draft-07 with an $id, valid against its meta-schema", () => {
  const file = JSON.parse(
    readFileSync(fileURLToPath(import.meta.resolve("k7-spec/k7-spec.schema.json")), "utf8"),
  );
  assert.deepEqual(file, schema);
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  // The file as the npm CDN serves it from the published package.
  const manifest = JSON.parse(
    readFileSync(fileURLToPath(import.meta.resolve("k7-spec/package.json")), "utf8"),
  );
  assert.equal(schema.$id, `https://unpkg.com/${manifest.name}/k7-spec.schema.json`);
  assert.ok(manifest.files.includes("k7-spec.schema.json"));
  assert.ok(schema.title);
  assert.ok(ajv.validateSchema(schema), ajv.errorsText());
});

test("each field has both descriptions and an example that the schema accepts; defaults too", () => {
  for (const [name, property] of Object.entries(schema.properties)) {
    assert.ok(property.description && property.markdownDescription, `${name} is described`);
    assert.ok(!property.description.includes("`"), `${name}: plain text without code spans`);
    assert.equal(property.examples.length, 1, `${name} has an example`);
    for (const value of [property.examples[0], property.default].filter((v) => v !== undefined)) {
      assert.ok(
        check(specOf({ [name]: value })),
        `${name}: ${JSON.stringify(value)} ${ajv.errorsText(check.errors)}`,
      );
    }
  }
  assert.deepEqual(schema.properties.cap_drop.default, ["ALL"]);
});

test("the limits keys and the ingress_from forms live in the schema, with descriptions", () => {
  const limits = schema.properties.limits;
  assert.deepEqual(Object.keys(limits.properties).sort(), ["cpu", "ephemeral-storage", "memory"]);
  for (const key of Object.values(limits.properties)) assert.ok(key.markdownDescription && key.examples);
  const forms = schema.properties.ingress_from.items.anyOf;
  assert.deepEqual(
    forms.map((f) => f.pattern),
    ["^sandbox:", "^namespace:", "^cidr:"],
  );
  for (const form of forms) {
    assert.ok(check(specOf({ ingress_ports: [80], ingress_from: form.examples })));
    assert.deepEqual(errorsOf(k7.validate(specOf({ ingress_ports: [80], ingress_from: form.examples }))), []);
  }
  assert.ok(!check(specOf({ ingress_ports: [80], ingress_from: ["pod:web"] })));
  assert.ok(!check(specOf({ limits: { cpus: "1" } })), "an unknown limit is refused");
});

test("backends: every name described; the deprecated aliases accepted, marked and never offered", () => {
  const backend = schema.properties.backend;
  const [names, old] = backend.anyOf;
  assert.equal(names.enum.length, names.markdownEnumDescriptions.length);
  assert.equal(names.enum.length, names.enumDescriptions.length);
  // A pattern, not enum values or consts, so that no editor offers them; each alias's message
  // hangs on an `if`.
  assert.ok(old.deprecated && old.doNotSuggest && old.pattern && !old.enum && !old.const);
  const deprecated = backend.allOf.map((m) => [/^\^\((.*)\)\$$/.exec(m.if.pattern)[1], m.then]);
  assert.deepEqual(deprecated.map(([name]) => name).sort(), [
    "fd",
    "firecracker-devmapper",
    "qemu-longhorn",
    "ql",
  ]);
  for (const [name, then] of deprecated) {
    assert.ok(then.deprecated && then.deprecationMessage.includes(name));
    assert.ok(check(specOf({ backend: name })), name);
    assert.ok(!check(specOf({ backend: `${name}x` })), name);
    const codes = k7.validate(specOf({ backend: name })).map((d) => d.code);
    assert.ok(codes.includes("deprecated-backend"), name);
  }
  assert.equal(schema.properties.sidecar.deprecated, true);
  assert.ok(schema.properties.sidecar.deprecationMessage);
});

test("what the validator only warns about, the schema accepts: YAML 1.1 booleans, aliases, CAP_", () => {
  const text =
    "name: demo\nimage: alpine:3.20\negress_whitelist: []\npod_non_root: yes\ncontainer_non_root: on\n";
  assert.deepEqual(errorsOf(k7.validate(text)), []);
  assert.ok(check(YAML.parse(text)), ajv.errorsText(check.errors));
  assert.ok(check(specOf({ cap_add: ["CAP_NET_ADMIN", "net_raw"], sidecar: "docker" })));
  assert.ok(!check(specOf({ pod_non_root: "true" })), "a quoted boolean is an error in both");
});

// Labels exactly; subdomains never stricter (the pattern leaves the 63-character limit per label
// to the validator).
test("the schema's name patterns agree with the validator on DNS labels and subdomains", () => {
  const names = ["demo", "a", "a-b-1", "0ab", "-a", "a-", "Demo", "a_b", "a.b", "a..b", "a.-b", ".a", "a."];
  names.push("a".repeat(63), "a".repeat(64), `${"a".repeat(63)}.b`, "a.".repeat(126) + "a", "");
  for (const field of ["name", "namespace", "node_name", "runtime_class_name"]) {
    for (const value of names) {
      const spec = specOf({ [field]: value });
      const bySchema = check(spec);
      const byValidator = !k7.validate(spec).some((d) => d.severity === "error" && d.path === `/${field}`);
      const exact = field === "name" || field === "namespace";
      if (exact || !bySchema) assert.equal(bySchema, byValidator, `${field}: ${JSON.stringify(value)}`);
    }
  }
});

// Quantities: the patterns of the limits keys and disk sizes against validate, value by value, on
// k7d (where no Kata memory minimum adds to the rule). Exact, but for integers past 2^64, which
// only the validator refuses.
test("the schema's quantity patterns agree with the validator on every spelling tried", () => {
  const numbers = ["0", "1", "512", "0.5", "1.5", "", "-1", "1e3", " 1", "18446744073709551616"];
  const units = ["", "m", "M", "k", "K", "Ki", "Mi", "Gi", "Ti", "Pi", "G", "mi", "gi", "KiB", "i"];
  const values = numbers.flatMap((n) => units.map((u) => n + u));
  const places = [
    ...Object.keys(schema.properties.limits.properties).map((key) => [
      `/limits/${key}`,
      (value) => ({ limits: { [key]: value } }),
    ]),
    ["/root_disk_size", (value) => ({ root_disk_size: value })],
    ["/docker_disk", (value) => ({ docker: true, docker_disk: value })],
  ];
  let compared = 0;
  for (const [path, field] of places) {
    for (const value of values) {
      const spec = specOf({ backend: "k7d", ...field(value) });
      const byValidator = !k7.validate(spec).some((d) => d.severity === "error" && d.path === path);
      if (value.startsWith("18446744073709551616") && !byValidator) continue;
      assert.equal(check(spec), byValidator, `${path}: ${JSON.stringify(value)}`);
      compared++;
    }
  }
  assert.ok(compared > 500, `${compared}`);
});

// What the validator reports where the text cannot be read as K7 reads it; what the yaml package
// reads there instead (a merge key as a key, a tag ignored) says nothing about the schema.
const UNREADABLE = [
  "invalid-syntax",
  "multiple-documents",
  "unsupported-tag",
  "merge-key-unsupported",
  "nesting-too-deep",
  "alias-expansion-limit",
  "duplicate-key",
  "input-too-large",
];

/** The render options a fixture names in a `# render: cni=flannel workload=deployment` line. */
function optionsOf(text) {
  const line = /^# render: (.*)$/m.exec(text)?.[1] ?? "";
  return Object.fromEntries(
    line
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split("=")),
  );
}

/** A fixture as a YAML 1.2 editor reads it; null when it is not one readable document. */
function asEditorReadsIt(text) {
  const docs = YAML.parseAllDocuments(text);
  if (docs.length !== 1 || docs[0].errors.length > 0) return null;
  try {
    return { value: docs[0].toJS({ maxAliasCount: 100 }) };
  } catch {
    return null; // an alias bomb: the yaml package refuses it too
  }
}

test("on every fixture: the schema accepts what the validator accepts, and refuses only what it refuses", () => {
  const counts = { fixtures: 0, accepted: 0, withErrors: 0, readable: 0, refused: 0 };
  const missed = [];
  for (const file of readdirSync(FIXTURES).filter((f) => /\.(yaml|json)$/.test(f))) {
    counts.fixtures++;
    const text = readFileSync(join(FIXTURES, file), "utf8");
    const diagnostics = k7.validate(text, optionsOf(text));
    const errors = errorsOf(diagnostics);
    const read = asEditorReadsIt(text);
    const valid = read !== null && check(read.value);
    if (errors.length === 0) {
      counts.accepted++;
      assert.ok(read, `${file}: the validator accepts it, a YAML 1.2 parser does not`);
      assert.ok(
        valid,
        `${file}: the validator accepts it, the schema refuses it: ${ajv.errorsText(check.errors)}`,
      );
      continue;
    }
    counts.withErrors++;
    if (read === null) continue;
    counts.readable++;
    if (valid) {
      missed.push(`${file} (${[...new Set(errors.map((d) => d.code))].join(", ")})`);
      continue;
    }
    counts.refused++;
    if (diagnostics.some((d) => UNREADABLE.includes(d.code))) continue;
    // Each schema error is at a place where the validator reports something.
    const paths = diagnostics.map((d) => d.path);
    for (const error of check.errors) {
      const at =
        error.instancePath + (error.params.additionalProperty ? `/${error.params.additionalProperty}` : "");
      const missing = error.params.missingProperty ? `/${error.params.missingProperty}` : null;
      assert.ok(
        paths.some((p) => p === at || p === missing || (at !== "" && p.startsWith(at + "/"))),
        `${file}: the schema refuses ${at || "/"} (${error.message}) but the validator says nothing there: ${paths}`,
      );
    }
  }
  const percent = (n, d) => `${((100 * n) / d).toFixed(0)}%`;
  console.log(
    `schema agreement on ${counts.fixtures} fixtures: all ${counts.accepted} that the validator accepts ` +
      `without an error pass the schema; of the ${counts.withErrors} with an error, ` +
      `${counts.withErrors - counts.readable} are no single YAML 1.2 document (the editor's parser refuses them), ` +
      `the schema refuses ${counts.refused} of the other ${counts.readable} ` +
      `(${percent(counts.refused, counts.readable)}; ${percent(counts.refused + counts.withErrors - counts.readable, counts.withErrors)} ` +
      `refused by parser or schema)\nthe schema lets through (the validator's rules beyond types): ${missed.join("; ")}`,
  );
  assert.ok(counts.accepted >= 30 && counts.refused >= 10, JSON.stringify(counts));
});
