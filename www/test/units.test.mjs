// The editor's pure parts in Node, against the package as users import it: share links round-trip,
// the previews cut the YAML stream into its objects, completions and hover help come from the
// schema, the element's inline spec is dedented, the theme's colours are readable, suppressed
// findings are counted apart.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { render, schema } from "k7-spec";

import { objectLabel, previewGroups, splitDocuments } from "../src/preview.js";
import { PRESETS } from "../src/presets.js";
import { completionSource, describeKey, schemaIndex } from "../src/schema-help.js";
import { decodeState, encodeState, LinkTooLarge, MAX_INFLATED } from "../src/share.js";
import { countWords, total } from "../src/problems.js";
import { dedent, suppressedWords } from "../src/text.js";

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

test("a share link that inflates past its cap is refused with its first bytes, read as a stream", async () => {
  const huge = { spec: "a".repeat(64 << 20), cni: "cilium", workload: "pod" };
  const hash = await encodeState(huge);
  assert.ok(hash.length < 200000, `${hash.length}`);
  const error = await decodeState(hash).catch((e) => e);
  assert.ok(error instanceof LinkTooLarge, String(error));
  assert.equal(error.data.length, MAX_INFLATED);
  assert.equal(new TextDecoder().decode(error.data.subarray(0, 15)), '{"v":1,"spec":"');
});

test("each preview tab's Download names what it holds; only the whole stream is k7-sandbox.yaml", () => {
  const spec = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n";
  const pod = previewGroups(render(spec, { cni: "cilium", workload: "pod" }));
  assert.deepEqual(
    [pod.workload.file, pod.policies.file, pod.other.file],
    ["k7-sandbox.pod.yaml", "k7-sandbox.network-policies.yaml", "k7-sandbox.other-objects.yaml"],
  );
  const deployment = previewGroups(render(spec, { cni: "cilium", workload: "deployment" }));
  assert.equal(deployment.workload.file, "k7-sandbox.deployment.yaml");
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

test("the previews say which objects K7 fills at create time", () => {
  const spec = "name: q1\nimage: alpine:3.20\nbackend: kql\nenv_file: app.env\n";
  const rendering = render(spec, { cni: "cilium", workload: "deployment" });
  assert.equal(rendering.ok, true);
  const other = previewGroups(rendering).other;
  assert.deepEqual(other.objects.slice(0, 3), [
    "Secret q1-env (contents supplied by K7)",
    "PersistentVolumeClaim q1-root-lh",
    "ConfigMap q1-persist-wrapper (contents supplied by K7)",
  ]);
  assert.match(other.yaml, /k7-persist-bind\.sh: <supplied by K7 at create time>/);
  assert.equal(objectLabel(rendering.manifests.find((m) => m.kind === "Deployment")), "Deployment q1");
});

test("keys complete from the schema, without the ones already there", () => {
  const top = complete("name: demo\negr|");
  assert.deepEqual(top.labels.includes("egress_whitelist"), true);
  assert.equal(top.labels.includes("name"), false);
  assert.equal(top.labels.includes("sidecar"), false, "a deprecated field is not offered");
  assert.equal(top.from, "name: demo\n".length);
  assert.deepEqual(complete("limits:\n  c|").labels, ["cpu", "ephemeral-storage", "memory"]);
  assert.equal(complete("name: demo\n|"), null, "nothing pops up unasked on an empty line");
  assert.ok(complete("name: demo\n|", true).labels.includes("image"));
});

test("values complete from enums, booleans, capability names and ingress sources", () => {
  assert.ok(complete("backend: k|").labels.includes("k7d-fc"));
  assert.deepEqual(complete("pod_non_root: |").labels, ["true", "false"], "not the YAML 1.1 spellings");
  assert.ok(!complete("backend: |", true).labels.includes("fd"), "not the deprecated aliases");
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

test("the theme's text colours reach 4.5:1 against their backgrounds, light and dark", () => {
  const css = readFileSync(new URL("../src/styles/theme.css", import.meta.url), "utf8");
  const [light, dark] = css.split("@media");
  const vars = (text) =>
    Object.fromEntries([...text.matchAll(/--k7-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => m.slice(1)));
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const f = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const pairs = [
    ["fg", "bg"],
    ["fg", "bg-panel"],
    ["fg", "bg-subtle"],
    ["fg", "error-soft"],
    ["fg", "accent-soft"],
    ["fg-muted", "bg"],
    ["fg-muted", "bg-panel"],
    ["fg-muted", "bg-gutter"],
    ["fg-muted", "bg-subtle"],
    ["fg-muted", "active-line"],
    ["fg-muted", "accent-soft"],
    ["on-accent", "accent"],
    ["accent", "bg-panel"],
    ["error", "bg-panel"],
    ["warning", "bg-panel"],
    ["info", "bg-panel"],
    ["safe", "safe-soft"],
    ["error", "error-soft"],
    ["warning", "warning-soft"],
    ["info", "info-soft"],
    ["tok-key", "bg-editor"],
    ["tok-string", "bg-editor"],
    ["tok-atom", "bg-editor"],
    ["tok-punct", "bg-editor"],
    ["tok-tag", "bg-editor"],
    ["tok-comment", "bg-editor"],
    ["tok-comment", "active-line"],
  ];
  // A suppressed finding in the problem list: its message at opacity 0.7 (panels.css).
  const blend = (fg, bg, alpha) =>
    "#" +
    [1, 3, 5]
      .map((i) => [fg, bg].map((c) => parseInt(c.slice(i, i + 2), 16)))
      .map(([f, b]) =>
        Math.round(alpha * f + (1 - alpha) * b)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("");
  for (const [name, theme] of [
    ["light", vars(light)],
    ["dark", { ...vars(light), ...vars(dark) }],
  ]) {
    for (const [fg, bg] of pairs) {
      const r = ratio(theme[fg], theme[bg]);
      assert.ok(r >= 4.5, `${name}: --k7-${fg} on --k7-${bg} is ${r.toFixed(2)}:1`);
    }
    const faded = ratio(blend(theme.fg, theme["bg-panel"], 0.7), theme["bg-panel"]);
    assert.ok(faded >= 4.5, `${name}: a suppressed finding's message is ${faded.toFixed(2)}:1`);
  }
});

test("an inline <script type=text/yaml> spec loses its shared indentation and blank edges", () => {
  assert.equal(
    dedent("\n    name: demo\n    limits:\n      cpu: '1'\n  \n"),
    "name: demo\nlimits:\n  cpu: '1'\n",
  );
  assert.equal(dedent("\r\n  a: 1\r\n\r\n  b: 2\r\n"), "a: 1\n\nb: 2\n");
  assert.equal(dedent("   \n"), "");
});

test("suppressed findings: their reason in words, apart from the counts", () => {
  const spec =
    "name: demo\nimage: alpine:3.20\negress_whitelist: []\n# k7-spec: ignore[powerful-capability] the image needs it\ncap_add: [SYS_ADMIN]\n";
  const { diagnostics } = render(spec, { ignore: ["dns-blocked"] });
  assert.deepEqual(
    diagnostics.filter((d) => d.suppressed).map((d) => `${d.code}: ${suppressedWords(d.suppressed)}`),
    ["dns-blocked: suppressed by the ignore option", "powerful-capability: suppressed: the image needs it"],
  );
  assert.equal(suppressedWords({ kind: "option", reason: "a demo" }), "suppressed: a demo");
  const counts = { error: 0, warning: 1, info: 0, suppressed: 2 };
  assert.equal(total(counts), 1);
  assert.equal(countWords(counts), "1 warning, 2 suppressed");
  assert.equal(countWords({ ...counts, warning: 0 }, "No problems"), "No problems, 2 suppressed");
  assert.equal(countWords({ ...counts, warning: 0, suppressed: 0 }, "No problems"), "No problems");
});
