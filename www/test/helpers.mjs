// What the editor tests and the bench share: the built site served as `make run` serves it (with
// the CSP header), Debian's Chromium through playwright-core, and pages that record every console
// error, page error, failed request and CSP violation.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import assert from "node:assert/strict";

import { chromium } from "playwright-core";

import { serve } from "../serve.mjs";

export const WWW = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ARTIFACTS = join(WWW, "..", "build", "www");

/** K7's example spec, the editor's first preset, without the fixture's `# expect` line. */
export const EXAMPLE = readFileSync(join(WWW, "../tests/fixtures/valid--k7-example.yaml"), "utf8").replace(
  /^# expect.*\n/,
  "",
);

/** Debian's Chromium (CHROMIUM overrides), headless; also k7-spec-codemirror's example test's. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function start() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const site = await serve({ root: join(WWW, "dist"), port: 0 });
  const browser = await launch();
  return {
    url: site.url,
    browser,
    async stop() {
      await browser.close();
      site.server.close();
    },
  };
}

/** A page in `context` (or a browser) that records what went wrong in `page.problems`. */
export async function watchedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") page.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => page.problems.push(`requestfailed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && page.problems.push(`http ${r.status()}: ${r.url()}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) =>
        window.__csp.push(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
        ),
      true,
    );
  });
  return page;
}

/** Everything `page` recorded, CSP violations included. */
export async function problemsOf(page) {
  const csp = await page.evaluate(() => window.__csp ?? []);
  return [...page.problems, ...csp.map((c) => `csp: ${c}`)];
}

/** A fresh browser context (empty storage) with the editor of `env` (start()) loaded. */
export async function openEditor(env, { colorScheme = "light", url = "/", context } = {}) {
  context ??= await env.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
  const page = await watchedPage(context);
  await page.goto(env.url + url);
  await page.waitForSelector("body[data-ready]", { timeout: 20000 });
  return { page, context };
}

export async function editorText(page) {
  return page.$eval("#spec-editor", (host) =>
    [...host.shadowRoot.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"),
  );
}

/** Replaces the editor's text as a paste would. */
export async function setSpec(page, text) {
  await page.click("#spec-editor .cm-content");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

export async function viewerText(page) {
  return page.$$eval("#viewer .l", (lines) => lines.map((l) => l.textContent).join("\n"));
}

export async function assertClean(page) {
  assert.deepEqual(await problemsOf(page), []);
}
