// The editor in Chromium, served as `make run` serves it (CSP header and meta): previews, inline
// diagnostics, the Explain view, presets, options, share links, autosave, safety with hostile
// text, the embeddable element, keyboard use; no console error and no CSP violation anywhere.
// Screenshots land in build/www/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import {
  ARTIFACTS,
  EXAMPLE,
  assertClean,
  editorText,
  openEditor,
  setSpec,
  start,
  viewerText,
  watchedPage,
} from "./helpers.mjs";
import { PRESETS } from "../src/presets.js";

let env;
before(async () => {
  env = await start();
});
after(async () => env?.stop());

test("load: the K7 example, its previews and its explanation appear", async () => {
  const { page, context } = await openEditor(env);
  assert.equal((await editorText(page)).trim(), EXAMPLE.trim());
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(await page.textContent("#render-status"), /3 objects/);
  assert.match(await page.textContent("#explain"), /Egress blocked/);
  assert.match(await page.textContent("#explain"), /restricted/i);
  assert.match(await page.textContent("#explain"), /before_script/);
  await page.click("#tab-workload");
  await page.waitForFunction(() => document.querySelector("#viewer").textContent.includes("kind: Pod"));
  assert.match(await viewerText(page), /runAsNonRoot: true/);
  assert.match(await page.textContent("#yaml-objects"), /Pod demo/);
  await page.click("#tab-policies");
  assert.match(await viewerText(page), /name: demo-netpol/);
  assert.match(await viewerText(page), /name: demo-deny-ingress/);
  assert.doesNotMatch(await viewerText(page), /kind: Pod/);
  await page.click("#tab-other");
  assert.match(await viewerText(page), /No other objects/);
  await page.click("#tab-all");
  assert.equal((await viewerText(page)).match(/^kind: /gm).length, 3);
  assert.match(await page.textContent("#apply-line"), /^kubectl apply -f k7-sandbox\.yaml$/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-yaml")]);
  assert.equal(download.suggestedFilename(), "k7-sandbox.yaml");
  await page.click("#tab-explain");
  await page.screenshot({ path: join(ARTIFACTS, "editor-light.png") });
  await assertClean(page);
  await context.close();
});

test("a mistyped CIDR: an error mark on its line, the message on hover, in the problem list", async () => {
  const { page, context } = await openEditor(env);
  const boxes = () =>
    page.$$eval(".pane, .problems, #render-status", (els) =>
      els.map((e) => JSON.stringify(e.getBoundingClientRect())),
    );
  const before = await boxes();
  await setSpec(page, EXAMPLE.replace("egress_whitelist: []\n", "egress_whitelist:\n  - 10.0.0.0/8\n"));
  // Type the mistake key by key, at the end of the entry.
  const entryLine = EXAMPLE.split("\n").indexOf("egress_whitelist: []") + 2;
  await page.click(`#spec-editor .cm-line:nth-child(${entryLine})`);
  await page.keyboard.press("End");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("33");
  const range = page.locator("#spec-editor .cm-lintRange-error");
  await range.waitFor();
  assert.equal(await range.textContent(), "10.0.0.0/33");
  // The gutter mark sits on the line of the entry.
  const marked = await page.$eval("#spec-editor", (host) => {
    const marker = host.shadowRoot.querySelector(".cm-lint-marker-error");
    const y = marker.getBoundingClientRect().top;
    const line = [...host.shadowRoot.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].find(
      (g) => Math.abs(g.getBoundingClientRect().top - y) < 4 && g.textContent,
    );
    return line?.textContent;
  });
  assert.equal(Number(marked), entryLine);
  await range.hover();
  const tip = page.locator("#spec-editor .cm-tooltip-lint");
  await tip.waitFor();
  assert.match(await tip.textContent(), /10\.0\.0\.0\/33/);
  assert.match(await tip.textContent(), /invalid-egress-entry/);
  await page.screenshot({ path: join(ARTIFACTS, "editor-error-hover.png") });
  // Stale previews keep their place: nothing moved while typing.
  assert.deepEqual(await boxes(), before);
  assert.match(await page.textContent("#render-status"), /1 error/);
  // The problem list moves the cursor to the entry.
  await page.keyboard.press("Escape");
  await page.click("#spec-editor .cm-line >> nth=0");
  await page.click('#problems button[data-code="invalid-egress-entry"]');
  const active = await page.$eval(
    "#spec-editor",
    (host) => host.shadowRoot.querySelector(".cm-activeLine").textContent,
  );
  assert.equal(active, "  - 10.0.0.0/33");
  await assertClean(page);
  await context.close();
});

test("a suppressed finding: faded, its reason on hover, last in the problem list, apart from the counts", async () => {
  const { page, context } = await openEditor(env);
  const warnings = async () =>
    Number(/(\d+) warning/.exec(await page.textContent("#problem-count"))?.[1] ?? 0);
  const spec = (comment) =>
    EXAMPLE.replace("egress_whitelist: []\n", `egress_whitelist: []\n${comment}\ncap_add: [SYS_ADMIN]\n`);
  await setSpec(page, spec("# the image needs it"));
  await page.locator("#spec-editor .cm-lintRange-warning", { hasText: "SYS_ADMIN" }).waitFor();
  const unsuppressed = await warnings();
  await setSpec(page, spec("# k7-spec: ignore[powerful-capability] the image needs it"));
  const faded = page.locator("#spec-editor .cm-lintRange.k7-suppressed");
  await faded.waitFor();
  assert.equal(await faded.textContent(), "SYS_ADMIN");
  assert.doesNotMatch(await faded.getAttribute("class"), /warning/);
  // Faded: the theme's muted grey, over the syntax colours (4.5:1 or more, units.test.mjs).
  const grey = (e) => [e, ...e.querySelectorAll("*")].map((x) => getComputedStyle(x).color);
  assert.deepEqual([...new Set(await faded.evaluate(grey))], ["rgb(87, 96, 106)"]);
  await faded.hover();
  const tip = page.locator("#spec-editor .cm-tooltip-lint");
  await tip.waitFor();
  assert.match(await tip.textContent(), /warning\[powerful-capability\] \/cap_add\/0/);
  assert.match(await tip.textContent(), /suppressed: the image needs it/);
  await page.screenshot({ path: join(ARTIFACTS, "editor-suppressed-hover.png") });
  // The counts leave it out; the list shows it last, under "Suppressed", with its reason.
  assert.equal(await warnings(), unsuppressed - 1);
  assert.match(await page.textContent("#problem-count"), /, 1 suppressed\)$/);
  assert.equal(await page.textContent("#render-status"), "3 objects for Cilium, as a Pod.");
  const last = page.locator("#problems button.k7-problem").last();
  assert.equal(await last.getAttribute("data-code"), "powerful-capability");
  assert.match(await last.getAttribute("class"), /k7-problem-suppressed/);
  assert.match(await last.getAttribute("aria-label"), /^suppressed warning at line \d+/);
  assert.match(await last.textContent(), /suppressed: the image needs it/);
  assert.equal(await page.locator("#problems .k7-problem-suppressed").count(), 1);
  assert.equal(await page.textContent("#problems .k7-problems-heading"), "Suppressed (1)");
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: "detached" });
  await page.locator("#problems .k7-problems-heading").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "editor-suppressed.png") });
  await assertClean(page);
  await context.close();
});

test("an error in the spec: the page and the element keep the same last valid YAML, dimmed, Copy off", async () => {
  const broken = EXAMPLE.replace("egress_whitelist: []", "egress_whitelist: [10.0.0.0/33]");
  assert.notEqual(broken, EXAMPLE);
  const { page, context } = await openEditor(env);
  await page.click("#tab-all");
  assert.equal(await page.isEnabled("#copy-yaml"), true);
  const valid = await viewerText(page);
  await setSpec(page, broken);
  await page.waitForSelector('#render-status[data-state="stale"]');
  const onPage = {
    stale: await page.$eval("#output", (e) => e.classList.contains("stale")),
    copy: await page.isEnabled("#copy-yaml"),
    yaml: await viewerText(page),
  };
  assert.deepEqual(onPage, { stale: true, copy: false, yaml: valid });
  assert.match(await page.textContent("#render-status"), /the previews show the last spec without errors/);

  const embed = await watchedPage(context);
  await embed.goto(`${env.url}/embed.html`);
  await embed.waitForSelector("k7-spec-editor#example-lockdown[data-ready]");
  const element = embed.locator("#example-lockdown");
  const type = async (text) => {
    await element.locator(".editor .cm-content").click();
    await embed.keyboard.press("ControlOrMeta+a");
    await embed.keyboard.insertText(text);
    await embed.waitForFunction((t) => document.querySelector("#example-lockdown").value === t, text);
  };
  await element.locator('[role="tab"]:has-text("YAML")').click();
  await type(EXAMPLE);
  assert.equal(await element.locator(".copy").isEnabled(), true);
  await type(broken);
  const inElement = {
    stale: await element.evaluate((e) => e.classList.contains("stale")),
    copy: await element.locator(".copy").isEnabled(),
    yaml: (await element.locator(".viewer .l").allTextContents()).join("\n"),
  };
  assert.deepEqual(inElement, onPage);
  assert.equal(await element.locator(".status").getAttribute("data-state"), "stale");
  assert.match(await element.locator(".status").textContent(), /showing the last valid spec/);
  await type(EXAMPLE);
  assert.equal(await element.locator(".copy").isEnabled(), true);
  assert.equal(await element.evaluate((e) => e.classList.contains("stale")), false);
  await assertClean(page);
  await assertClean(embed);
  await context.close();
});

test("egress_whitelist: [] → the Explain view says egress and DNS are blocked", async () => {
  const { page, context } = await openEditor(env);
  await setSpec(page, "name: demo\nimage: alpine:3.20\n");
  await page.waitForFunction(() => document.querySelector("#explain").textContent.includes("Egress open"));
  assert.equal(await page.getAttribute("#explain .k7-mode-current", "data-mode"), "open");
  await page.keyboard.type("egress_whitelist: []");
  await page.waitForFunction(() => document.querySelector("#explain").textContent.includes("Egress blocked"));
  const text = await page.textContent("#explain");
  assert.match(text, /DNS blocked/);
  assert.match(text, /all egress is blocked: no outbound connection, and no DNS/);
  assert.equal(await page.getAttribute("#explain .k7-mode-current", "data-mode"), "blocked");
  assert.equal(await page.locator("#explain .k7-mode").count(), 4);
  assert.match(text, /start.*before_script|locked down/s);
  await assertClean(page);
  await context.close();
});

test("presets load, each renders without an error, and the FQDN one selects Cilium", async () => {
  const { page, context } = await openEditor(env);
  await page.click("#cni-flannel + label");
  const modes = {
    "k7-example": "blocked",
    "locked-down": "blocked",
    "cidr-only": "cidr-only",
    "fqdn-cilium": "fqdn",
    "exposed-service": "blocked",
  };
  for (const preset of PRESETS) {
    await page.selectOption("#preset", preset.id);
    // The status says "ok" from the preset before too: wait for this one's egress mode.
    await page.waitForFunction(
      (mode) =>
        document.querySelector("#explain .k7-mode-current")?.dataset.mode === mode &&
        document.querySelector("#render-status").dataset.state === "ok",
      modes[preset.id],
    );
    assert.equal((await editorText(page)).trim(), preset.spec.trim(), preset.id);
    if (preset.id === "fqdn-cilium") assert.equal(await page.isChecked("#cni-cilium"), true);
  }
  assert.equal(PRESETS[0].spec, EXAMPLE);
  await page.click("#tab-other");
  assert.match(await viewerText(page), /kind: Service/);
  assert.match(await viewerText(page), /type: NodePort/);
  await page.click("#workload-deployment + label");
  await page.waitForFunction(() => document.querySelector("#tab-workload").textContent === "Deployment");
  await page.click("#tab-workload");
  assert.match(await viewerText(page), /kind: Deployment/);
  await assertClean(page);
  await context.close();
});

test("Flannel with an FQDN: an error at that entry", async () => {
  const { page, context } = await openEditor(env);
  await page.selectOption("#preset", "fqdn-cilium");
  await page.waitForFunction(() => document.querySelector("#render-status").dataset.state === "ok");
  await page.click("#cni-flannel + label");
  const ranges = page.locator("#spec-editor .cm-lintRange-error");
  await ranges.first().waitFor();
  assert.deepEqual(await ranges.allTextContents(), [
    "pypi.org",
    "files.pythonhosted.org",
    '"*.githubusercontent.com"',
  ]);
  assert.equal(await page.locator('#problems button[data-code="fqdn-needs-cilium"]').count(), 3);
  assert.equal(await page.getAttribute("#render-status", "data-state"), "stale");
  await page.click("#cni-cilium + label");
  await page.waitForFunction(() => document.querySelector("#render-status").dataset.state === "ok");
  await assertClean(page);
  await context.close();
});

test("a share link opened in a new browser restores the spec and the options", async () => {
  const { page, context } = await openEditor(env);
  const spec =
    "name: shared-demo\nimage: alpine:3.20\n# ünïcödé and emoji 🚀 survive\negress_whitelist: [10.1.0.0/16]\n";
  await setSpec(page, spec);
  await page.click("#workload-deployment + label");
  await page.click("#cni-flannel + label");
  await page.click("#share");
  await page.waitForSelector("#share-dialog[open]");
  const link = await page.inputValue("#share-url");
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=[\w-]+$/);
  await page.keyboard.press("Escape");
  await context.close();

  const other = await openEditor(env, { url: link.slice(env.url.length) });
  assert.equal(await editorText(other.page), spec);
  assert.equal(await other.page.isChecked("#workload-deployment"), true);
  assert.equal(await other.page.isChecked("#cni-flannel"), true);
  assert.equal(await other.page.evaluate(() => location.hash), "");
  assert.match(await other.page.textContent("#save-status"), /share link/);
  await assertClean(other.page);
  await other.context.close();
});

test("a reload restores the spec typed just before", async () => {
  const { page, context } = await openEditor(env);
  await setSpec(page, "name: kept\nimage: alpine:3.20\n");
  await page.keyboard.type("egress_whitelist: [192.0.2.0/24]");
  await page.click("#workload-deployment + label");
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  assert.equal(await editorText(page), "name: kept\nimage: alpine:3.20\negress_whitelist: [192.0.2.0/24]");
  assert.equal(await page.isChecked("#workload-deployment"), true);
  assert.match(await page.textContent("#save-status"), /Restored/);
  await assertClean(page);
  await context.close();
});

test("a spec holding HTML runs nothing and shows it as text", async () => {
  const { page, context } = await openEditor(env);
  const hostile = [
    'name: "<img src=x onerror=window.__pwned=1>"',
    "image: alpine:3.20",
    "# <script>window.__pwned=2</script>",
    "before_script: |",
    '  echo "<img src=x onerror=window.__pwned=3>" <svg onload=window.__pwned=4>',
    "egress_whitelist: ['<img src=x onerror=window.__pwned=5>']",
    "",
  ].join("\n");
  await setSpec(page, hostile);
  await page.waitForSelector('#problems button[data-code="invalid-dns-label"]');
  assert.match(await page.textContent("#problems"), /<img src=x onerror=window\.__pwned=1>/);
  await page.hover("#spec-editor .cm-lintRange-error >> nth=0");
  await page.waitForSelector("#spec-editor .cm-tooltip-lint");
  await page.click("#share");
  await page.waitForSelector("#share-dialog[open]");
  await page.keyboard.press("Escape");
  // The Reach box quotes a query it cannot read.
  await page.click("#tab-reach");
  await page.fill("#reach-ask", "<img src=x onerror=window.__pwned=6>");
  await page.waitForSelector("#reach .k7-answer-error, #reach .k7-answer .k7-none");
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll("*")) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return {
      pwned: window.__pwned ?? null,
      // The Reach view's own pictures (svg.k7-pic and its legend's) apart.
      injected: all.filter(
        (el) =>
          ["IMG", "SVG", "svg", "SCRIPT"].includes(el.tagName) &&
          el.closest("body") &&
          !el.closest("svg.k7-pic, svg.k7-pic-swatch"),
      ).length,
      handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
    };
  });
  assert.deepEqual(found, { pwned: null, injected: 0, handlers: 0 });
  await assertClean(page);
  await context.close();
});

test("completions and hover help come from the schema", async () => {
  const { page, context } = await openEditor(env);
  await setSpec(page, "name: demo\nimage: alpine:3.20\n");
  await page.keyboard.type("egr");
  const option = page.locator('#spec-editor .cm-tooltip-autocomplete li:has-text("egress_whitelist")');
  await option.waitFor();
  await page.locator("#spec-editor .cm-completionInfo").waitFor();
  assert.match(await page.textContent("#spec-editor .cm-completionInfo"), /open egress/i);
  // CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay), against accidents.
  await page.waitForTimeout(150);
  await page.keyboard.press("Enter");
  await page.keyboard.type("[");
  assert.match(await editorText(page), /^egress_whitelist: \[\]$/m);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("backend: ");
  await page.keyboard.press("ControlOrMeta+Space");
  await page.locator('#spec-editor .cm-tooltip-autocomplete li:has-text("k7d-fc")').waitFor();
  await page.keyboard.press("Escape");
  await page.hover("#spec-editor .cm-line >> nth=1 >> text=image");
  const tip = page.locator("#spec-editor .k7-hover");
  await tip.waitFor();
  assert.match(await tip.textContent(), /allowlist/);
  await assertClean(page);
  await context.close();
});

test("keyboard only: skip link, controls, editor, tabs", async () => {
  const { page, context } = await openEditor(env);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  await page.keyboard.press("Enter");
  assert.equal(
    await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className),
    "cm-content",
  );
  // Tab leaves the editor (it does not indent), so the keyboard never gets stuck in it.
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), "spec-editor");
  // Every control has a name a screen reader can read.
  const unnamed = await page.$$eval("button, select, input, [role=tab]", (els) =>
    els
      .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || e.textContent.trim()))
      .map((e) => e.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  await page.focus("#tab-explain");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-security");
  assert.equal(await page.getAttribute("#tab-security", "aria-selected"), "true");
  await page.keyboard.press("End");
  assert.equal(await page.getAttribute("#tab-all", "aria-selected"), "true");
  await page.focus("#cni-cilium");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked("#cni-flannel"), true);
  await assertClean(page);
  await context.close();
});

test("dark mode follows the system", async () => {
  const { page, context } = await openEditor(env, { colorScheme: "dark" });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await page.screenshot({ path: join(ARTIFACTS, "editor-dark.png") });
  await page.click("#tab-workload");
  await page.screenshot({ path: join(ARTIFACTS, "editor-dark-pod.png") });
  await assertClean(page);
  await context.close();
});

test("the embed page renders both <k7-spec-editor> elements", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 1400 }, colorScheme });
    const page = await watchedPage(context);
    await page.goto(`${env.url}/embed.html`);
    await page.waitForSelector("k7-spec-editor#example-lockdown[data-ready]");
    await page.waitForSelector("k7-spec-editor#example-fqdn[data-ready]");
    const first = page.locator("#example-lockdown");
    assert.match(await first.locator(".k7-explain").textContent(), /Egress blocked/);
    assert.match(await first.locator(".editor .cm-content").textContent(), /apk add curl/);
    const second = page.locator("#example-fqdn");
    assert.match(await second.locator(".problems").textContent(), /pypi\.org.*Flannel/);
    assert.equal(await second.locator(".cm-lintRange-error").textContent(), "pypi.org");
    // readonly: focusable and selectable, but typing changes nothing.
    assert.equal(await second.locator(".editor .cm-content").getAttribute("aria-readonly"), "true");
    const text = await second.locator(".editor .cm-content").textContent();
    await second.locator(".editor .cm-content").click();
    await page.keyboard.type("xyz");
    assert.equal(await second.locator(".editor .cm-content").textContent(), text);
    const height = await second.locator(".body").evaluate((e) => e.getBoundingClientRect().height);
    assert.equal(Math.round(height), 280);
    if (colorScheme === "light") {
      await second.locator('select[data-option="cni"]').selectOption("cilium");
      await page.waitForFunction(() => document.querySelector("#example-fqdn").rendering.ok);
      assert.equal(await second.getAttribute("cni"), "cilium");
      await second.locator('select[data-option="cni"]').selectOption("flannel");
      await first.locator(".editor .cm-content").click();
      await page.keyboard.press("ControlOrMeta+End");
      await page.keyboard.type("\ncap_add: [SYS_ADMIN]");
      await first.locator('[role="tab"]:has-text("Problems")').click();
      await first.locator('.problems button[data-code="powerful-capability"]').waitFor();
      await first.locator('[role="tab"]:has-text("Explain")').click();
    }
    await page.screenshot({ path: join(ARTIFACTS, `embed-${colorScheme}.png`), fullPage: true });
    await assertClean(page);
    await context.close();
  }
});
