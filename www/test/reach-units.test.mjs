// The Reach view's pure parts in Node, against the package as users import it: every deciding
// rule of every fixture is found in its object's YAML at its JSON Pointer (checked against the
// core's own YAML writer), the box's text becomes the query `reach` reads, the picture's layout
// places every connection once, and share links keep the view's state.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { connections, platformPolicy, reach, render, toYaml } from "k7-spec";

import { layout } from "../src/picture.js";
import { splitDocuments } from "../src/preview.js";
import { asks, pointerLines, questionOf, readQuestion } from "../src/reach-query.js";
import { decodeState, encodeState } from "../src/share.js";
import { WWW } from "./helpers.mjs";

const FIXTURES = join(WWW, "../tests/fixtures");
const specs = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ file: f, text: readFileSync(join(FIXTURES, f), "utf8") }));

/** The value at `pointer` in `value` (RFC 6901). */
function at(value, pointer) {
  for (const step of pointer.split("/").slice(1)) value = value[step.replace(/~1/g, "/").replace(/~0/g, "~")];
  return value;
}

/**
 * Checks that the lines pointerLines finds for `pointer` in `yaml` (the YAML of `object`) are its
 * value's: they start at the key or the item's dash, and hold as many lines as the core's writer
 * gives the value alone (and the key's own line, for a block value under a key).
 */
function checkPointer(yaml, object, pointer, where) {
  const range = pointerLines(yaml, pointer);
  assert.ok(range, `${where}: ${pointer} not found`);
  const value = at(object, pointer);
  assert.notEqual(value, undefined, `${where}: ${pointer} is not in the object`);
  const lines = yaml.split("\n").slice(range.from, range.to);
  const last = pointer.split("/").pop();
  const item = Array.isArray(at(object, pointer.slice(0, pointer.lastIndexOf("/"))));
  const first = lines[0].trimStart();
  if (item) assert.ok(first.startsWith("- "), `${where}: ${pointer} starts at ${lines[0]}`);
  else assert.ok(first.startsWith(`${last}:`), `${where}: ${pointer} starts at ${lines[0]}`);
  const own = toYaml([value]).replace(/\n$/, "").split("\n").length;
  const block = !item && typeof value === "object" && value !== null && Object.keys(value).length > 0;
  assert.equal(lines.length, own + (block ? 1 : 0), `${where}: ${pointer}:\n${lines.join("\n")}`);
}

test("every deciding rule of every fixture is found at its pointer, in its object or K7's platform policy", () => {
  const platform = platformPolicy();
  const platformYaml = toYaml([platform]);
  let checked = 0;
  for (const { file, text } of specs)
    for (const cni of ["cilium", "flannel"]) {
      const result = connections(text, { cni });
      if (!result.ok) continue;
      const { manifests, yaml } = render(text, { cni });
      const docs = splitDocuments(yaml);
      for (const c of result.connections)
        for (const p of c.phases)
          for (const rule of p.rules) {
            const where = `${file} (${cni}) ${c.id} ${p.phase}`;
            if (rule.manifest === null) checkPointer(platformYaml, platform, rule.pointer, where);
            else checkPointer(docs[rule.manifest], manifests[rule.manifest], rule.pointer, where);
            checked++;
          }
    }
  assert.ok(checked > 200, `only ${checked} rules`);
});

test("the box's text is the query reach reads: a prefix or a source-only text picks the direction", () => {
  const q = (text, direction = "to", port = "") => readQuestion({ text, direction, port });
  assert.equal(q("  "), null);
  assert.deepEqual(q("pypi.org"), { to: "pypi.org" });
  assert.deepEqual(q("https://pypi.org/simple", "to", "8443"), { to: "https://pypi.org/simple", port: 8443 });
  assert.deepEqual(q("sandbox:client", "from", " 8080 "), { from: "sandbox:client", port: 8080 });
  assert.deepEqual(q("from sandbox:client"), { from: "sandbox:client" });
  assert.deepEqual(q("To dns", "from"), { to: "dns" });
  assert.deepEqual(q("ip:203.0.113.9"), { from: "ip:203.0.113.9" });
  assert.deepEqual(q("exec"), { from: "exec" });
  assert.deepEqual(readQuestion({ text: "10.0.0.10", direction: "to", port: "53", udp: true }), {
    to: "10.0.0.10",
    port: 53,
    protocol: "udp",
  });
  for (const port of ["0", "65536", "80a", "-1"])
    assert.throws(() => q("pypi.org", "to", port), /port must be a number from 1 to 65535/);
  // What the core reads for each: the same connection as typed.
  const spec = readFileSync(join(FIXTURES, "valid--k7-example.yaml"), "utf8");
  assert.equal(reach(spec, q("from sandbox:client", "to", "8080"), {}).query.text, "sandbox:client");
  assert.throws(() => reach(spec, q("bad host!!"), {}), /is not a destination/);
});

test("a connection's question asks that connection, and the picture places each once", () => {
  const spec = [
    "name: py",
    "image: python:3.12",
    "egress_whitelist: [pypi.org, 10.0.0.0/8]",
    "ingress_ports: [8080]",
    "ingress_from: [sandbox:client]",
    "",
  ].join("\n");
  const result = connections(spec, {});
  for (const c of result.connections) {
    assert.ok(asks(questionOf(c), c), c.id);
    const answer = reach(spec, readQuestion(questionOf(c)), {});
    assert.deepEqual(answer.phases, c.phases, c.id);
  }
  const picture = layout(result.connections);
  const placed = Object.values(picture.rows)
    .flat()
    .filter((r) => r.connection)
    .map((r) => r.connection.id);
  assert.deepEqual(placed.toSorted(), result.connections.map((c) => c.id).toSorted());
  assert.equal(picture.edges.length, result.connections.length);
  for (const e of picture.edges) {
    assert.ok(e.from[1] > 0 && e.from[1] < picture.height && e.to[1] < picture.height, e.connection.id);
    // Egress leaves the sandbox rightwards, ingress arrives from the left.
    assert.ok(e.from[0] < e.to[0]);
  }
});

test("a share link keeps the Reach view's phase and question; a link without them has none", async () => {
  const state = {
    spec: "name: x\n",
    cni: "cilium",
    workload: "pod",
    reach: { phase: "script", direction: "from", text: "sandbox:client", port: "8080", udp: false },
  };
  assert.deepEqual(await decodeState(await encodeState(state)), state);
  const { reach: _, ...without } = state;
  assert.deepEqual(await decodeState(await encodeState(without)), without);
});
