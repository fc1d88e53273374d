// The editor's pure parts in Node, against the package as users import it: share links round-trip,
// the previews cut the YAML stream into its objects, completions and hover help come from the
// schema, the element's inline spec is dedented.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { render, schema } from "k7-spec";

import { previewGroups, splitDocuments } from "../src/preview.js";
import { PRESETS } from "../src/presets.js";
import { completionSource, describeKey, schemaIndex } from "../src/schema-help.js";
import { decodeState, encodeState } from "../src/share.js";

const index = schemaIndex(schema());

function complete(textWithCursor, explicit = false) {
  const pos = textWithCursor.indexOf("|");
  const state = EditorState.create({ doc: textWithCursor.replace("|", "") });
  const result = completionSource(index)(new CompletionContext(state, pos, explicit));
  return result && { from: result.from, labels: result.options.map((o) => o.label) };
}

test("share links round-trip text and options, and refuse damaged ones", async () => {
  const state = {
    spec: "name: x\n# ünï 🚀 <img src=x>\n" + "a".repeat(5000),
    cni: "flannel",
    workload: "deployment",
  };
  const hash = await encodeState(state);
  assert.match(hash, /^#s=[\w-]+$/);
  assert.ok(hash.length < 200, `compressed: ${hash.length}`);
  assert.deepEqual(await decodeState(hash), state);
  assert.equal(await decodeState("#other"), null);
  await assert.rejects(decodeState("#s=AAAA"));
});

test("every preset renders without an error, and the previews hold every object once", () => {
  for (const preset of PRESETS) {
    for (const cni of preset.cni ? [preset.cni] : ["cilium", "flannel"]) {
      for (const workload of ["pod", "deployment"]) {
        const rendering = render(preset.spec, { cni, workload });
        assert.equal(rendering.ok, true, `${preset.id} ${cni} ${workload}`);
        const docs = splitDocuments(rendering.yaml);
        assert.equal(docs.length, rendering.manifests.length);
        const groups = previewGroups(rendering);
        const count = (g) => g.objects.length;
        assert.equal(count(groups.workload), 1);
        assert.equal(count(groups.workload) + count(groups.policies) + count(groups.other), docs.length);
        assert.match(groups.workload.yaml, workload === "pod" ? /^kind: Pod$/m : /^kind: Deployment$/m);
      }
    }
  }
});

test("keys complete from the schema, without the ones already there", () => {
  const top = complete("name: demo\negr|");
  assert.deepEqual(top.labels.includes("egress_whitelist"), true);
  assert.equal(top.labels.includes("name"), false);
  assert.equal(top.from, "name: demo\n".length);
  assert.deepEqual(complete("limits:\n  c|").labels, ["cpu", "memory", "ephemeral-storage"]);
  assert.equal(complete("name: demo\n|"), null, "nothing pops up unasked on an empty line");
  assert.ok(complete("name: demo\n|", true).labels.includes("image"));
});

test("values complete from enums, booleans, capability names and ingress sources", () => {
  assert.ok(complete("backend: k|").labels.includes("k7d-fc"));
  assert.deepEqual(complete("pod_non_root: |").labels, ["true", "false"]);
  assert.ok(complete("cap_add: [NET_|").labels.includes("NET_BIND_SERVICE"));
  assert.ok(complete("cap_drop:\n  - |").labels.includes("ALL"));
  assert.deepEqual(complete("ingress_from:\n  - |").labels, ["sandbox:", "namespace:", "cidr:"]);
  assert.ok(complete("egress_whitelist: |").labels.includes("[]"));
  assert.ok(complete("limits:\n  memory: |").labels.includes('"1Gi"'));
});

test("hover help names the key and its description", () => {
  const doc = EditorState.create({ doc: "name: demo\nlimits:\n  memory: 1Gi\n" }).doc;
  const found = describeKey(index, doc, 2);
  assert.equal(found.title, "name");
  assert.match(found.description, /DNS-1123/);
  assert.equal(describeKey(index, doc, 8), null, "the value is not a key");
  assert.equal(describeKey(index, doc, doc.line(3).from + 4).title, "limits.memory");
});
