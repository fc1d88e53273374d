// Where the editor's core runs (src/core.js), in Chromium: a short spec through the page's own
// k7-spec module, each keystroke's preview drawn in the frame that draws the keystroke, and no
// worker; a longer spec through the worker, which starts then and does not download the wasm
// again. The server counts what it serves.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { assertClean, launch, setSpec, viewerText, watchedPage, WWW } from "./helpers.mjs";
import { serve } from "../serve.mjs";

let site;
let browser;
const served = [];
before(async () => {
  site = await serve({ root: join(WWW, "dist"), port: 0 });
  site.server.on("request", (request) => served.push(request.url));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

/** A fresh context (empty HTTP cache) with the editor loaded on All YAML; `served` emptied first. */
async function open() {
  served.length = 0;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await watchedPage(context);
  await page.goto(`${site.url}/`);
  await page.waitForSelector("body[data-ready]");
  await page.click("#tab-all");
  return { page, context };
}

const count = (pattern) => served.filter((url) => pattern.test(url)).length;

test("the K7 example renders on the page's thread: each keystroke's preview in its own frame, no worker", async () => {
  const { page, context } = await open();
  await page.click("#spec-editor .cm-content");
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("End");
  // The first frame after each keydown: the one that draws the typed letter.
  await page.evaluate(() => {
    performance.clearMeasures();
    window.keyFrames = [];
    document.addEventListener("keydown", () => requestAnimationFrame((t) => window.keyFrames.push(t)), true);
  });
  for (const [i, key] of [..."xyz"].entries()) {
    await page.keyboard.press(key);
    await page.waitForFunction((n) => performance.getEntriesByName("k7:keystroke-to-paint").length > n, i);
  }
  const [previews, keys] = await page.evaluate(() => [
    performance.getEntriesByName("k7:keystroke-to-paint").map((e) => e.detail.frame),
    window.keyFrames,
  ]);
  assert.deepEqual(previews, keys);
  assert.match(await viewerText(page), /^ {2}name: demoxyz$/m);
  assert.equal(count(/\/worker-[^/]*\.js$/), 0);
  assert.equal(count(/\.wasm$/), 1);
  await assertClean(page);
  await context.close();
});

test("a spec over 768 characters renders in the worker, which downloads no second wasm", async () => {
  const { page, context } = await open();
  const entries = Array.from({ length: 100 }, (_, i) => `  - 10.0.${i}.0/24\n`).join("");
  const spec = `name: long\nimage: alpine:3.20\negress_whitelist:\n${entries}`;
  assert.ok(spec.length > 768);
  await setSpec(page, spec);
  await page.waitForFunction(() => document.querySelector("#viewer").textContent.includes("10.0.99.0/24"));
  assert.match(await viewerText(page), /^ {2}name: long$/m);
  assert.equal(count(/\/worker-[^/]*\.js$/), 1);
  assert.equal(count(/\.wasm$/), 1);
  await assertClean(page);
  await context.close();
});
