// The README's example as a user builds it: the packed k7-spec and k7-spec-codemirror installed
// here (scripts/codemirror-test.sh), the tarball checked by publint and attw, main.js type-checked
// by tsc against the shipped types, built by Vite, and run in Chromium through playwright-core
// with the editor tests' helpers (K7_REPO/www/test/helpers.mjs), from Vite's dev server too: the
// extension's diagnostics, suppressed finding, quick fix, completion and hover in a CodeMirror
// editor of the page's own, and <k7-spec-editor>; no console error. The screenshot lands in build/www/.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { createServer, preview } from "vite";

// Chromium, and pages that record console errors, failed requests and CSP violations.
const { ARTIFACTS, launch, problemsOf, watchedPage } = await import(
  pathToFileURL(join(process.env.K7_REPO, "www/test/helpers.mjs"))
);
const bin = (name) => join(process.cwd(), "node_modules/.bin", name);

let browser;
let site;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test("the README shows the example's code, and the package ships what its exports name", () => {
  const readme = readFileSync("node_modules/k7-spec-codemirror/README.md", "utf8");
  const main = readFileSync("main.js", "utf8");
  assert.ok(readme.includes(main.slice(main.indexOf("import { yaml }"))), "README.md holds main.js");
  const manifest = JSON.parse(readFileSync("node_modules/k7-spec-codemirror/package.json", "utf8"));
  const core = JSON.parse(readFileSync("node_modules/k7-spec/package.json", "utf8"));
  assert.equal(manifest.version, core.version);
  assert.equal(manifest.dependencies["k7-spec"], core.version);
  for (const entry of Object.values(manifest.exports).flatMap((e) =>
    typeof e === "string" ? [e] : Object.values(e),
  ))
    readFileSync(join("node_modules/k7-spec-codemirror", entry));
});

test("publint --strict and attw (ESM profile) find nothing in the k7-spec-codemirror tarball", () => {
  const run = (name, args) =>
    spawnSync(bin(name), [...args, process.env.K7_CODEMIRROR_TARBALL], { encoding: "utf8" });
  const publint = run("publint", ["--strict"]);
  assert.equal(publint.status, 0, publint.stdout + publint.stderr);
  assert.match(publint.stdout, /All good!/);
  // ESM only, as k7-spec: require() from CommonJS and node10's resolution are left out.
  const attw = run("attw", ["--profile", "esm-only", "--format", "json"]);
  const { analysis, problems } = JSON.parse(attw.stdout);
  assert.equal(attw.status, 0, `attw exited ${attw.status}: ${JSON.stringify(problems, null, 1)}`);
  const manifest = JSON.parse(readFileSync("node_modules/k7-spec-codemirror/package.json", "utf8"));
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), Object.keys(manifest.exports).sort());
});

test("tsc accepts the example against the shipped types (strict, no skipLibCheck)", () => {
  try {
    execFileSync(bin("tsc"), ["-p", "."], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});

test("the Vite build runs in Chromium: lint, a suppressed finding, completion, hover, the element", async () => {
  execFileSync(bin("vite"), ["build", "--logLevel", "warn"], { stdio: "inherit" });
  site = await preview({ logLevel: "warn", preview: { port: 0, host: "127.0.0.1" } });
  const page = await watchedPage(await browser.newContext({ viewport: { width: 1100, height: 1000 } }));
  await page.goto(site.resolvedUrls.local[0]);

  // The diagnostics, from the worker: the CIDR's error underlined, SYS_ADMIN's warning suppressed.
  await page.waitForFunction(() => /\[/.test(document.querySelector("#status").textContent));
  assert.equal(await page.textContent("#status"), "info[dns-blocked], error[invalid-egress-entry]");
  assert.equal(await page.textContent("#editor .cm-lintRange-error"), "10.0.0.0/33");
  const faded = page.locator("#editor .cm-lintRange.k7-suppressed");
  assert.equal(await faded.textContent(), "SYS_ADMIN");
  const grey = (e) => [e, ...e.querySelectorAll("*")].map((x) => getComputedStyle(x).color);
  assert.deepEqual([...new Set(await faded.evaluate(grey))], ["rgb(87, 96, 106)"], "faded to grey");
  await faded.hover();
  const tooltip = page.locator(".cm-tooltip-lint");
  await tooltip.waitFor();
  assert.match(await tooltip.textContent(), /warning\[powerful-capability\]/);
  assert.match(await tooltip.textContent(), /suppressed: the image mounts a FUSE file system/);

  // Hover help on a key, from the schema.
  await page.mouse.move(0, 0);
  await page.locator("#editor .cm-line", { hasText: "image: alpine" }).hover({ position: { x: 12, y: 5 } });
  await page.locator(".k7-hover").waitFor();
  assert.match(await page.textContent(".k7-hover"), /^image/);

  // Completion of a key, with basicSetup's own autocompletion.
  await page.click("#editor .cm-content");
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("back");
  await page.locator('.cm-tooltip-autocomplete li[aria-selected]:has-text("backend")').waitFor();
  // CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay), against accidents.
  await page.waitForTimeout(150);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    /backend: $/m.test(document.querySelector("#editor .cm-content").innerText),
  );

  // The element, with the same spec: its status and its Problems tab, suppressed last.
  const element = page.locator("k7-spec-editor[data-ready]");
  await element.waitFor({ timeout: 20000 });
  assert.deepEqual(JSON.parse(await element.getAttribute("data-counts")), {
    error: 1,
    warning: 0,
    info: 1,
    suppressed: 1,
  });
  await element.locator('[data-tab="problems"]').click();
  assert.equal(await element.locator('.k7-problem-suppressed[data-code="powerful-capability"]').count(), 1);
  assert.match(await element.locator(".k7-problems-heading").textContent(), /Suppressed \(1\)/);
  await faded.hover();
  await tooltip.waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "codemirror-example.png"), fullPage: true });
  assert.deepEqual(await problemsOf(page), []);
});

test("a quick fix from the tooltip in the page's own editor: one transaction, one undo restores the text", async () => {
  const page = await watchedPage(browser);
  await page.goto(site.resolvedUrls.local[0]);
  await page.waitForFunction(() => /\[/.test(document.querySelector("#status").textContent));
  await page.click("#editor .cm-content");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(
    "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.5/8] # the lab\n",
  );
  const range = page.locator("#editor .cm-lintRange", { hasText: "10.0.0.5/8" });
  await range.waitFor();
  await range.hover();
  const action = page.locator(".cm-tooltip-lint .cm-diagnosticAction.k7-fix-safe");
  await action.waitFor();
  assert.equal(await action.textContent(), "Write 10.0.0.0/8");
  await action.click();
  const line = (text) =>
    page.waitForFunction(
      (t) => [...document.querySelectorAll("#editor .cm-line")].some((l) => l.textContent === t),
      text,
    );
  await line("egress_whitelist: [10.0.0.0/8] # the lab");
  await page.keyboard.press("ControlOrMeta+z");
  await line("egress_whitelist: [10.0.0.5/8] # the lab");
  assert.deepEqual(await problemsOf(page), []);
  await page.close();
});

test("k7Spec({ core: k7 }) renders on the main thread once k7-spec's init() resolved", async () => {
  const page = await watchedPage(browser);
  await page.goto(new URL("main-thread.html", site.resolvedUrls.local[0]).href);
  const range = page.locator("#editor .cm-lintRange-error");
  await range.waitFor();
  assert.equal(await range.textContent(), "10.0.0.0/33");
  assert.deepEqual(await problemsOf(page), []);
  await page.close();
});

test("Vite's dev server serves the example, with no configuration of its dependencies", async () => {
  const server = await createServer({ logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
  await server.listen();
  const page = await watchedPage(browser);
  try {
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => /\[/.test(document.querySelector("#status").textContent));
    assert.equal(await page.textContent("#status"), "info[dns-blocked], error[invalid-egress-entry]");
    await page.waitForSelector("k7-spec-editor[data-ready]", { timeout: 20000 });
    assert.deepEqual(await problemsOf(page), []);
  } finally {
    await page.close();
    await server.close();
  }
});
