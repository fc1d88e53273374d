// The package in a browser as users load it: Vite and webpack builds of a tiny page that
// imports it by name, and the same page as a plain <script type="module"> with no bundler; all
// in headless Chromium through playwright-core, with no console errors and the results shown.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";
import * as k7 from "k7-spec";

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** A static file server for `root` on a free loopback port. */
async function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

let browser;
before(async () => {
  browser = await chromium.launch({
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
});
after(async () => browser?.close());

/** Loads `url`, waits for the page to finish, and returns what it shows and what it logged. */
async function load(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector("body[data-done]", { timeout: 15000 });
  const done = await page.getAttribute("body", "data-done");
  const result = await page.textContent("#result");
  await page.close();
  return { done, result, problems };
}

function assertShowsResults({ done, result, problems }) {
  assert.deepEqual(problems, []);
  assert.equal(done, "ok");
  const shown = JSON.parse(result);
  assert.match(shown.beforeInit, /^k7-spec: call `await init\(\)` once before validate\(\)/);
  assert.equal(shown.version, k7.version());
  assert.ok(shown.diagnostics.includes("3:1 error[unknown-field]"), shown.diagnostics);
  assert.equal(shown.fields, Object.keys(k7.schema().properties).length);
  assert.equal(shown.render.ok, true);
  assert.ok(shown.render.kinds.includes("Pod"), shown.render.kinds);
}

test("a Vite build of a page importing k7-spec works in Chromium", async () => {
  execFileSync(join(process.cwd(), "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], {
    cwd: "vite",
    stdio: "inherit",
  });
  const { server, url } = await serve(join(process.cwd(), "vite/dist"));
  try {
    assertShowsResults(await load(url));
  } finally {
    server.close();
  }
});

test("a webpack build of the same page works in Chromium", async () => {
  execFileSync(
    join(process.cwd(), "node_modules/.bin/webpack"),
    ["--config", "webpack/webpack.config.js", "--stats", "errors-warnings"],
    { stdio: "inherit" },
  );
  const { server, url } = await serve(process.cwd());
  try {
    assertShowsResults(await load(`${url}/webpack/`));
  } finally {
    server.close();
  }
});

test("a plain <script type=module> page works after await init()", async () => {
  const { server, url } = await serve(process.cwd());
  try {
    assertShowsResults(await load(`${url}/plain/`));
  } finally {
    server.close();
  }
});
