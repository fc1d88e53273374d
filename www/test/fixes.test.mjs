// Fixes and the Security form in Chromium: a diagnostic's quick fix from the lint tooltip and from
// the problem list, "Fix all safe", undo restoring the exact text before each; the form's changes
// as edits of the text (comments kept, one undo each), the form following the text, and a field it
// cannot show. Screenshots in build/www/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import * as k7 from "k7-spec";

import { ARTIFACTS, EXAMPLE, assertClean, editorText, openEditor, setSpec, start } from "./helpers.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => env?.stop());

const HOST_BITS = EXAMPLE.replace("egress_whitelist: []", "egress_whitelist:\n  - 10.0.0.5/8 # the lab");
const FIXED = EXAMPLE.replace("egress_whitelist: []", "egress_whitelist:\n  - 10.0.0.0/8 # the lab");

const undo = (page) => page.keyboard.press("ControlOrMeta+z");
const waitText = (page, text) =>
  page.waitForFunction(
    (t) =>
      [...document.querySelector("#spec-editor").shadowRoot.querySelectorAll(".cm-line")]
        .map((l) => l.textContent)
        .join("\n") === t,
    text,
  );

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

test("the problem list: a fix under its diagnostic, unsafe ones marked, Fix all safe, undo", async () => {
  const { page, context } = await openEditor(env);
  // A host-bits entry, a duplicate of it once fixed, and an unused suppression: three safe fixes.
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
  assert.match(await all.textContent(), /^Fix all safe \(\d+\)$/);
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
