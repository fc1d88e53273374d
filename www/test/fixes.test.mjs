// Fixes and the Security form in Chromium: a diagnostic's quick fix from the lint tooltip and from
// the problem list, "Fix all safe", undo restoring the exact text before each; the form's changes
// as edits of the text (comments kept, one undo each), the form following the text, and a field it
// cannot show. Screenshots in build/www/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import * as k7 from "k7-spec";

import { PRESETS } from "../src/presets.js";

import {
  ARTIFACTS,
  EXAMPLE,
  assertClean,
  editorText,
  openEditor,
  setSpec,
  start,
  watchedPage,
} from "./helpers.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => env?.stop());

const HOST_BITS = EXAMPLE.replace("egress_whitelist: []", "egress_whitelist:\n  - 10.0.0.5/8 # the lab");
const FIXED = EXAMPLE.replace("egress_whitelist: []", "egress_whitelist:\n  - 10.0.0.0/8 # the lab");

const undo = (page) => page.keyboard.press("ControlOrMeta+z");
/** Waits until the editor holds `text`; says what it holds instead after 5 s. */
async function waitText(page, text) {
  const lines = (t) =>
    [...document.querySelector("#spec-editor").shadowRoot.querySelectorAll(".cm-line")]
      .map((l) => l.textContent)
      .join("\n") === t;
  try {
    await page.waitForFunction(lines, text, { timeout: 5000 });
  } catch {
    assert.equal(await editorText(page), text);
  }
}

test("a quick fix from the tooltip: cidr-host-bits writes 10.0.0.0/8, and one undo restores the text", async () => {
  const { page, context } = await openEditor(env);
  await setSpec(page, HOST_BITS);
  const range = page.locator("#spec-editor .cm-lintRange-warning", { hasText: "10.0.0.5/8" });
  await range.waitFor();
  await range.hover();
  const action = page.locator("#spec-editor .cm-tooltip-lint .cm-diagnosticAction");
  await action.waitFor();
  assert.deepEqual(await action.allTextContents(), ["Write 10.0.0.0/8"]);
  await page.screenshot({ path: join(ARTIFACTS, "fixes-tooltip-light.png") });
  await action.click();
  await waitText(page, FIXED);
  await page.waitForFunction(() => !document.querySelector('#problems [data-code="cidr-host-bits"]'));
  await page.click("#spec-editor .cm-content");
  await undo(page);
  await waitText(page, HOST_BITS);
  await assertClean(page);
  await context.close();
});

test("the problem list: a fix under its diagnostic, Fix all safe as the core's fix() writes it, undo", async () => {
  const { page, context } = await openEditor(env);
  // A host-bits entry and an unused suppression: two safe fixes.
  const spec = EXAMPLE.replace(
    "egress_whitelist: []",
    "egress_whitelist:\n  - 10.0.0.5/8 # the lab\n  # k7-spec: ignore[powerful-capability] not needed\n  - 192.0.2.0/24",
  );
  await setSpec(page, spec);
  const button = page.locator('#problems [data-code="cidr-host-bits"] ~ .k7-fixes .k7-fix');
  await button.waitFor();
  assert.equal(await button.textContent(), "Write 10.0.0.0/8");
  assert.match(await button.getAttribute("class"), /k7-fix-safe/);
  const all = page.locator("#problems .k7-fix-all");
  assert.equal(await all.isEnabled(), true);
  assert.equal(await all.textContent(), "Fix all safe (2)");
  await button.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "fixes-problems-light.png") });
  await button.click();
  await waitText(page, spec.replace("10.0.0.5/8", "10.0.0.0/8"));
  await page.click("#spec-editor .cm-content");
  await undo(page);
  await waitText(page, spec);
  await page.locator('#problems [data-code="cidr-host-bits"]').waitFor();
  await all.click();
  // The text k7-spec's own fix() (the npm package, in Node) makes of it.
  await waitText(page, k7.fix(spec).text);
  const after = await editorText(page);
  assert.doesNotMatch(after, /10\.0\.0\.5/);
  assert.doesNotMatch(after, /ignore\[powerful-capability\]/);
  assert.match(after, /# the lab/);
  assert.equal(await page.locator("#problems .k7-fix-all").isDisabled(), true);
  await page.click("#spec-editor .cm-content");
  await undo(page);
  await waitText(page, spec);
  await assertClean(page);
  await context.close();
});

test("an unsafe fix: marked in the tooltip and the list, applied only when asked, never by Fix all safe", async () => {
  const { page, context } = await openEditor(env, { colorScheme: "dark" });
  const spec = "name: demo\nimage: alpine:3.20\ncap_drop: [NET_RAW] # only this one\negress_whitelist: []\n";
  const [unsafe] = k7
    .validate(spec)
    .flatMap((d) => d.fixes.filter((f) => f.applicability === "unsafe").map((fix) => ({ d, fix })));
  assert.ok(unsafe, "the core has an unsafe fix for cap_drop");
  const label = `${unsafe.fix.title.replaceAll("`", "")} (changes behaviour)`;
  await setSpec(page, spec);
  const range = page.locator("#spec-editor .cm-lintRange", { hasText: "NET_RAW" }).first();
  await range.waitFor();
  await range.hover();
  const action = page.locator("#spec-editor .cm-tooltip-lint .cm-diagnosticAction.k7-fix-unsafe");
  await action.waitFor();
  assert.equal(await action.textContent(), label);
  await page.screenshot({ path: join(ARTIFACTS, "fixes-tooltip-dark.png") });
  await page.mouse.move(0, 0);
  const button = page.locator(`#problems [data-code="${unsafe.d.code}"] ~ .k7-fixes .k7-fix-unsafe`);
  assert.equal(await button.getAttribute("aria-label"), `Fix: ${label}`);
  assert.equal(await page.locator("#problems .k7-fix-all").isDisabled(), true);
  await button.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "fixes-problems-dark.png") });
  await button.click();
  const fixed =
    spec.slice(0, unsafe.fix.edits[0].span.start.offset) +
    unsafe.fix.edits[0].text +
    spec.slice(unsafe.fix.edits[0].span.end.offset);
  assert.equal(unsafe.fix.edits.length, 1);
  await waitText(page, fixed);
  await page.click("#spec-editor .cm-content");
  await undo(page);
  await waitText(page, spec);
  await assertClean(page);
  await context.close();
});

const COMMENTED = `# a sandbox for the lab
name: demo
image: alpine:3.20
egress_whitelist: [] # nothing goes out, DNS neither

# capabilities stay dropped
cap_add: [NET_BIND_SERVICE] # for port 80
`;

/** What the form shows: each control's key, value (or checked) and whether it is off. */
const formState = (page) =>
  page.$$eval("#security input", (inputs) =>
    inputs.map((e) => [e.dataset.key, e.type === "text" ? e.value : e.checked, e.disabled]),
  );

/** The form once its rendering is in: the same state twice, 250 ms apart. */
async function steadyForm(page) {
  let last = null;
  for (;;) {
    const now = await formState(page);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
    await page.waitForTimeout(250);
  }
}

async function openForm(spec, colorScheme = "light") {
  const { page, context } = await openEditor(env, { colorScheme });
  await setSpec(page, spec);
  await page.click("#tab-security");
  await page.waitForFunction(
    (t) => document.querySelector('#security input[data-key="cap_add:0"]')?.value === t,
    /NET_BIND_SERVICE/.test(spec) ? "NET_BIND_SERVICE" : undefined,
  );
  return { page, context };
}

test("the form: non-root goes in after the right key, comments kept, one undo each; cap_drop; a port", async () => {
  const { page, context } = await openForm(COMMENTED);
  assert.deepEqual(await formState(page), [
    ["pod_non_root", false, false],
    ["container_non_root", false, false],
    ["cap_drop:all", true, false],
    ["cap_drop:custom", false, false],
    ["cap_add:0", "NET_BIND_SERVICE", false],
    ["cap_add:new", "", false],
    ["egress:open", false, false],
    ["egress:blocked", true, false],
    ["egress:cidr-only", false, false],
    ["egress:fqdn", false, false],
    ["egress_whitelist:new", "", false],
    ["ingress_ports:new", "", false],
    ["ingress_from:new", "", false],
    ["expose_ports:new", "", false],
  ]);
  await page.check('#security input[data-key="pod_non_root"]');
  const on = COMMENTED.replace(
    "egress_whitelist: [] # nothing goes out, DNS neither\n",
    "egress_whitelist: [] # nothing goes out, DNS neither\npod_non_root: true\n",
  );
  await waitText(page, on);
  // The core's edit() in Node writes the same text.
  assert.equal(on, k7.edit(COMMENTED, [{ op: "set", path: "/pod_non_root", value: true }]));
  await page.waitForFunction(
    () => document.querySelector('#security input[data-key="pod_non_root"]').checked,
  );
  await page.check('#security input[data-key="container_non_root"]');
  await waitText(page, on.replace("pod_non_root: true\n", "pod_non_root: true\ncontainer_non_root: true\n"));
  await page.screenshot({ path: join(ARTIFACTS, "form-light.png") });
  await page.click("#spec-editor .cm-content");
  await undo(page);
  await waitText(page, on);
  await undo(page);
  await waitText(page, COMMENTED);
  await page.waitForFunction(
    () => !document.querySelector('#security input[data-key="pod_non_root"]').checked,
  );
  // A custom cap_drop starts from ALL; back to the default, the key goes and the text is as it was.
  await page.check('#security input[data-key="cap_drop:custom"]');
  await waitText(page, k7.edit(COMMENTED, [{ op: "set", path: "/cap_drop", value: ["ALL"] }]));
  await page.waitForFunction(
    () => document.querySelector('#security input[data-key="cap_drop:0"]')?.value === "ALL",
  );
  await page.check('#security input[data-key="cap_drop:all"]');
  await waitText(page, COMMENTED);
  // A port added in the form is a number in the text.
  await page.fill('#security input[data-key="ingress_ports:new"]', "8080");
  await page.keyboard.press("Enter");
  const port = k7.edit(COMMENTED, [{ op: "append", path: "/ingress_ports", value: 8080 }]);
  assert.match(port, /^ingress_ports: \[8080\]$/m);
  await waitText(page, port);
  await assertClean(page);
  await context.close();
});

test("the form: the egress mode and its list are edits of the whitelist; the text's edits show in the form", async () => {
  const { page, context } = await openForm(COMMENTED);
  await page.check('#security input[data-key="egress:cidr-only"]');
  await waitText(page, COMMENTED.replace("egress_whitelist: []", "egress_whitelist: [10.0.0.0/8]"));
  // The first range is selected, to be typed over.
  await page.waitForFunction(() => document.activeElement?.dataset?.key === "egress_whitelist:0");
  await page.keyboard.type("192.0.2.0/24");
  await page.keyboard.press("Enter");
  await waitText(page, COMMENTED.replace("egress_whitelist: []", "egress_whitelist: [192.0.2.0/24]"));
  await page.fill('#security input[data-key="egress_whitelist:new"]', "pypi.org");
  await page.keyboard.press("Enter");
  await waitText(
    page,
    COMMENTED.replace("egress_whitelist: []", "egress_whitelist: [192.0.2.0/24, pypi.org]"),
  );
  await page.waitForFunction(() => document.querySelector('#security input[data-key="egress:fqdn"]').checked);
  await page.click('#security button[data-key="egress_whitelist:remove:0"]');
  await waitText(page, COMMENTED.replace("egress_whitelist: []", "egress_whitelist: [pypi.org]"));
  await page.check('#security input[data-key="egress:open"]');
  await waitText(page, COMMENTED.replace("egress_whitelist: [] # nothing goes out, DNS neither\n", ""));
  await page.waitForFunction(() => !document.querySelector('#security [data-list="egress_whitelist"]'));
  // Typed in the text: the form follows.
  await page.click("#spec-editor .cm-content");
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("ingress_ports: [8080]\nexpose_ports: [8080]\n");
  await page.waitForFunction(
    () => document.querySelector('#security input[data-key="expose_ports:0"]')?.value === "8080",
  );
  assert.equal(await page.inputValue('#security input[data-key="ingress_ports:0"]'), "8080");
  await assertClean(page);
  await context.close();
});

test("the form: form → text → form is the identity; edits outside its fields leave it as it was", async () => {
  const { page, context } = await openForm(COMMENTED);
  for (const preset of ["k7-example", "cidr-only", "fqdn-cilium", "exposed-service"]) {
    await page.selectOption("#preset", preset);
    await page.waitForFunction(() => document.querySelector("#render-status").dataset.state === "ok");
    const text = PRESETS.find((p) => p.id === preset).spec;
    await waitText(page, text);
    const shown = await steadyForm(page);
    // Each entry written back as it shows: the text and the form stay as they were.
    for (const [key, value] of shown) {
      if (typeof value === "string" && value)
        await page.dispatchEvent(`#security input[data-key="${key}"]`, "change");
    }
    // Each flag set twice (to the other value, then back): the form is as it was.
    for (const [key] of shown.filter(([k, value]) => typeof value === "boolean" && k.endsWith("non_root"))) {
      for (let i = 0; i < 2; i++) {
        const now = await page.isChecked(`#security input[data-key="${key}"]`);
        await page.click(`#security input[data-key="${key}"]`);
        await page.waitForFunction(
          ([k, v]) => document.querySelector(`#security input[data-key="${k}"]`).checked === v,
          [key, !now],
        );
      }
    }
    // And the text is as it was, but where a flag set twice went (after the field before it).
    assert.deepEqual(await steadyForm(page), shown, preset);
    const flags = (t) => t.replace(/^(pod|container)_non_root: .*\n/gm, "");
    const now = await editorText(page);
    assert.equal(flags(now), flags(text), preset);
    // A change of the name and of the limits, outside the form's fields.
    await page.click("#spec-editor .cm-content");
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.press("End");
    await page.keyboard.type("x");
    await waitText(page, now.replace("\n", "x\n"));
    assert.deepEqual(await steadyForm(page), shown, preset);
  }
  await assertClean(page);
  await context.close();
});

test("the form: `yes` is K7's true, toggled to false; an anchored field is left alone, and it says why", async () => {
  const spec = `name: demo
image: alpine:3.20
egress_whitelist: &ranges [10.0.0.0/8]
pod_non_root: yes # K7 reads YAML 1.1
cap_add: [NET_BIND_SERVICE]
`;
  for (const colorScheme of ["light", "dark"]) {
    const { page, context } = await openForm(spec, colorScheme);
    const problems = await page.$$eval("#security .k7-form-problem", (ps) =>
      ps.map((p) => [p.dataset.problem, p.textContent]),
    );
    assert.deepEqual(problems, [
      [
        "egress_whitelist",
        "egress_whitelist is not shown here: it carries the anchor &ranges, which aliases repeat elsewhere. Edit it in the text.",
      ],
    ]);
    // The egress mode is not offered either: choosing one would change what the anchor's aliases say.
    assert.equal(await page.isDisabled('#security input[data-key="egress:open"]'), true);
    // `yes` is true for K7 (PyYAML, YAML 1.1), as the core reads it.
    assert.equal(await page.isChecked('#security input[data-key="pod_non_root"]'), true);
    await page.screenshot({ path: join(ARTIFACTS, `form-unshown-${colorScheme}.png`) });
    // Unchecked, it is `false` where `yes` was, the comment kept; the anchored field is as it was.
    await page.uncheck('#security input[data-key="pod_non_root"]');
    const off = k7.edit(spec, [{ op: "set", path: "/pod_non_root", value: false }]);
    assert.equal(off, spec.replace("pod_non_root: yes #", "pod_non_root: false #"));
    await waitText(page, off);
    await page.waitForFunction(
      () => !document.querySelector('#security input[data-key="pod_non_root"]').checked,
    );
    assert.equal(await page.locator('#security [data-problem="egress_whitelist"]').count(), 1);
    await assertClean(page);
    await context.close();
  }
});

test("<k7-spec-editor>: its Security tab edits its value; readonly, its form takes no input and its problems offer no fix", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1400 } });
  const page = await watchedPage(context);
  await page.goto(`${env.url}/embed.html`);
  await page.waitForSelector("k7-spec-editor#example-fqdn[data-ready]");
  const element = page.locator("#example-lockdown");
  await element.locator('[data-tab="security"]').click();
  const before = await element.evaluate((e) => e.value);
  const checkbox = element.locator('input[data-key="container_non_root"]');
  const checked = await checkbox.isChecked();
  await checkbox.click();
  const after = k7.edit(before, [{ op: "set", path: "/container_non_root", value: !checked }]);
  await page.waitForFunction((t) => document.querySelector("#example-lockdown").value === t, after);
  await page.screenshot({ path: join(ARTIFACTS, "embed-security-light.png"), fullPage: true });
  // The readonly one: the form shows its spec and takes no input; its problems offer no fix.
  const fixed = page.locator("#example-fqdn");
  await fixed.locator('[data-tab="security"]').click();
  assert.match(await fixed.locator(".k7-form-status").textContent(), /^Read-only/);
  assert.equal(await fixed.locator(".k7-form-body").evaluate((b) => b.inert), true);
  await fixed.locator('[data-tab="problems"]').click();
  assert.equal(await fixed.locator(".k7-fix, .k7-fix-all").count(), 0);
  await assertClean(page);
  await context.close();
});
