// The Reach tab and view="reach" in Chromium, served as `make run` serves it: "Can it reach…?"
// answers as the package's `reach` does in Node, a bad query says why, a rule shows its lines in
// the preview and its spec entry in the editor, the picture follows every keystroke and the phase
// switch, share links and the element keep it; no console error and no CSP violation anywhere.
// Screenshots of both themes land in build/www/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { connections, reach } from "k7-spec";

import { ARTIFACTS, EXAMPLE, assertClean, openEditor, setSpec, start, watchedPage } from "./helpers.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => env?.stop());

const OPEN = EXAMPLE.replace("egress_whitelist: []\n", "");

/** The Reach tab of a fresh editor, its picture drawn. */
async function openReach(options) {
  const opened = await openEditor(env, options);
  await opened.page.click("#tab-reach");
  await opened.page.waitForSelector("#reach svg.k7-pic .k7-pic-edge");
  return opened;
}

/** Each phase's verdict in the answer, as [phase, verdict]. */
const verdicts = (page) =>
  page.$$eval("#reach .k7-answer-phase", (items) => items.map((i) => [i.dataset.phase, i.dataset.verdict]));

/** The verdict the picture draws for the connection `id`. */
const edge = (page, id) =>
  page.getAttribute(`#reach svg.k7-pic .k7-pic-edge[data-id="${id}"]`, "data-verdict");

test("the box answers pypi.org for the example, each phase as the package's reach does", async () => {
  const { page, context } = await openReach();
  await page.fill("#reach-ask", "pypi.org");
  await page.waitForSelector("#reach .k7-answer-phase");
  const expected = reach(EXAMPLE, { to: "pypi.org" }, {});
  assert.deepEqual(
    await verdicts(page),
    expected.phases.map((p) => [p.phase, p.verdict]),
  );
  assert.deepEqual(await verdicts(page), [
    ["start", "allowed"],
    ["script", "allowed"],
    ["locked", "denied"],
  ]);
  const locked = page.locator('#reach .k7-answer-phase[data-phase="locked"]');
  assert.equal(
    (await locked.locator(".k7-answer-summary").textContent()).trim(),
    expected.phases[2].summary.replace(/`/g, ""),
  );
  assert.match(
    await locked.locator(".k7-answer-allow").textContent(),
    /Allowed if: add pypi\.org to egress_whitelist/,
  );
  assert.match(
    await locked.locator(".k7-rule").textContent(),
    /NetworkPolicy\/demo-netpol \/spec\/policyTypes/,
  );
  assert.match(await locked.locator(".k7-rule").textContent(), /From \/egress_whitelist, line 11/);
  assert.match(await page.textContent("#reach .k7-answer-query"), /The sandbox → pypi\.org, any port, TCP/);
  assert.equal(
    await page.textContent("#reach .k7-ask [aria-live]"),
    "pypi.org: allowed at start, allowed while before_script runs, denied after lockdown.",
  );
  // UDP, and a port.
  await page.fill("#reach-ask", "10.0.0.10");
  await page.fill("#reach-ask-port", "53");
  await page.check("#reach-ask-udp");
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer-query")?.textContent.includes("port 53, UDP"),
  );
  await page.uncheck("#reach-ask-udp");
  await page.fill("#reach-ask-port", "");
  // The picture's connections are offered as suggestions, the way the box asks.
  assert.deepEqual(
    await page.$$eval("#reach-ask-list option", (options) => options.map((o) => o.value)),
    connections(EXAMPLE, {})
      .connections.filter((c) => c.direction === "egress")
      .map((c) => c.query),
  );
  // A URL, whose scheme gives the port.
  await page.fill("#reach-ask", "https://pypi.org/simple");
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer-query")?.textContent.includes("port 443"),
  );
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(ARTIFACTS, `reach-answer-${colorScheme}.png`) });
  }
  await assertClean(page);
  await context.close();
});

test("a query the core cannot read shows its message inline; so does a port out of range", async () => {
  const { page, context } = await openReach();
  await page.fill("#reach-ask", "bad host!!");
  const error = page.locator("#reach .k7-answer-error");
  await error.waitFor();
  const thrown = (() => {
    try {
      reach(EXAMPLE, { to: "bad host!!" }, {});
    } catch (e) {
      return e.message.replace(/^k7-spec: /, "").replace(/`/g, "");
    }
  })();
  assert.equal(await error.textContent(), thrown);
  assert.match(thrown, /is not a destination: write a host name/);
  // Said once to a screen reader, as the answer's one line.
  assert.equal(await page.textContent("#reach .k7-ask [aria-live]"), thrown);
  await page.click('label[for="reach-direction-from"]');
  await page.fill("#reach-ask", "somewhere");
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer-error")?.textContent.includes("is not a source"),
  );
  await page.fill("#reach-ask", "sandbox:client");
  await page.fill("#reach-ask-port", "70000");
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer-error")?.textContent.includes("from 1 to 65535, not 70000"),
  );
  await page.fill("#reach-ask-port", "8080");
  await page.waitForSelector("#reach .k7-answer-phase");
  assert.equal(await page.locator("#reach .k7-answer-error").count(), 0);
  // A spec with an error: the box says so, the picture keeps the last spec without one, dimmed.
  await setSpec(page, EXAMPLE.replace("egress_whitelist: []", "egress_whitelist: [10.0.0.0/33]"));
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer")?.textContent.includes("Fix the errors in the spec"),
  );
  assert.equal(await page.$eval("#output", (e) => e.classList.contains("stale")), true);
  assert.equal((await page.locator("#reach svg.k7-pic .k7-pic-edge").count()) > 0, true);
  await assertClean(page);
  await context.close();
});

test("a deciding rule marks its lines in its object's preview (Network policies, the Service) and its entry in the editor", async () => {
  const { page, context } = await openReach();
  await page.fill("#reach-ask", "pypi.org");
  await page.click('#reach .k7-answer-phase[data-phase="locked"] .k7-rule-button');
  assert.equal(await page.getAttribute("#tab-policies", "aria-selected"), "true");
  const marked = await page.$$eval("#viewer .l.k7-mark", (lines) => lines.map((l) => l.textContent));
  assert.deepEqual(marked, ["  policyTypes:", "  - Egress"]);
  // In the document of NetworkPolicy demo-netpol, not demo-deny-ingress's policyTypes.
  const name = await page.$eval("#viewer .l.k7-mark", (line) => {
    let l = line;
    while (l && !/^ {2}name: /.test(l.textContent)) l = l.previousElementSibling;
    return l?.textContent.trim();
  });
  assert.equal(name, "name: demo-netpol");
  const inEditor = await page.$eval("#spec-editor", (host) => ({
    lines: [...host.shadowRoot.querySelectorAll(".cm-line.k7-reach-line")].map((l) => l.textContent),
    span: host.shadowRoot.querySelector(".k7-reach-span")?.textContent,
  }));
  assert.deepEqual(inEditor, { lines: ["egress_whitelist: []"], span: "[]" });
  await page.screenshot({ path: join(ARTIFACTS, "reach-rule-light.png") });
  // An outside client reaches the sandbox through the NodePort Service: that rule is among the
  // other objects.
  await page.click("#tab-reach");
  await page.click('label[for="reach-direction-from"]');
  await page.fill("#reach-ask", "ip:198.51.100.7");
  await page.fill("#reach-ask-port", "8080");
  await setSpec(
    page,
    `${EXAMPLE}ingress_ports: [8080]\nexpose_ports: [8080]\ningress_from: [cidr:198.51.100.0/24]\n`,
  );
  const service = page.locator('#reach .k7-answer-phase[data-phase="locked"] .k7-rule-button', {
    hasText: "Service/demo-expose",
  });
  await service.click();
  assert.equal(await page.getAttribute("#tab-other", "aria-selected"), "true");
  assert.deepEqual(
    (await page.$$eval("#viewer .l.k7-mark", (lines) => lines.map((l) => l.textContent.trim()))).slice(0, 2),
    ["- name: tcp-8080", "port: 8080"],
  );
  await setSpec(page, EXAMPLE);
  // A rule of K7's platform policy, which no preview holds, shows under it.
  await page.click("#tab-reach");
  await page.click('label[for="reach-direction-to"]');
  await page.fill("#reach-ask", "metadata");
  await page.waitForFunction(() =>
    document.querySelector("#reach .k7-answer-query")?.textContent.includes("169.254.169.254"),
  );
  await page.click('#reach .k7-answer-phase[data-phase="start"] .k7-rule-button[data-manifest="platform"]');
  const policy = page.locator('#reach .k7-answer-phase[data-phase="start"] .k7-platform');
  await policy.waitFor();
  assert.match(await policy.textContent(), /name: k7-sandbox-platform-deny/);
  assert.deepEqual(await policy.locator(".l.k7-mark").allTextContents(), ["    - 169.254.0.0/16"]);
  // Typing clears the editor's mark: it belonged to the text before.
  await page.click("#spec-editor .cm-line >> nth=0");
  await page.keyboard.press("End");
  await page.keyboard.type("x");
  await page.waitForFunction(
    () => !document.querySelector("#spec-editor").shadowRoot.querySelector(".k7-reach-line"),
  );
  await assertClean(page);
  await context.close();
});

test("the picture redraws on a keystroke: egress_whitelist: [] denies the internet after lockdown", async () => {
  const { page, context } = await openEditor(env);
  await setSpec(page, OPEN);
  await page.click("#tab-reach");
  const internet = "egress:93.184.215.14";
  await page.waitForSelector(`#reach svg.k7-pic .k7-pic-edge[data-id="${internet}"]`);
  assert.equal(await edge(page, internet), "allowed");
  // Every connection the package lists, drawn with its verdict, and in the table for each phase.
  const check = async (text) => {
    const expected = connections(text, {}).connections;
    const drawn = await page.$$eval("#reach svg.k7-pic .k7-pic-edge", (edges) =>
      edges.map((e) => [e.dataset.id, e.dataset.verdict, e.querySelector("title").textContent]),
    );
    assert.deepEqual(
      drawn.map(([id, verdict, title]) => [id, verdict, title.slice(title.indexOf(": ") + 2)]).toSorted(),
      expected.map((c) => [c.id, c.phases[2].verdict, c.phases[2].summary]).toSorted(),
    );
    const table = await page.$$eval("#reach .k7-pic-table tbody tr", (rows) =>
      rows.map((r) => [
        r.dataset.id,
        ...[...r.querySelectorAll("td")].slice(1).map((td) => [td.className.split(" ")[0], td.title]),
      ]),
    );
    assert.deepEqual(
      table,
      expected.map((c) => [c.id, ...c.phases.map((p) => [`k7-verdict-${p.verdict}`, p.summary])]),
    );
  };
  await check(OPEN);
  await page.click("#spec-editor .cm-line >> nth=-1");
  await page.keyboard.press("End");
  await page.keyboard.type("egress_whitelist: []");
  await page.waitForFunction(
    (id) =>
      document.querySelector(`#reach svg.k7-pic .k7-pic-edge[data-id="${id}"]`)?.dataset.verdict === "denied",
    internet,
  );
  await check(`${OPEN}egress_whitelist: []`);
  // A new name changes the sentences, not the verdicts: kept edges and rows say the new ones.
  await page.click("#spec-editor .cm-line >> nth=0");
  await page.keyboard.press("End");
  await page.keyboard.type("x");
  await page.waitForFunction(() =>
    document.querySelector("#reach svg.k7-pic title").textContent.includes("demox"),
  );
  await check(`${OPEN.replace("name: demo", "name: demox")}egress_whitelist: []`);
  // The platform policy decides the metadata service, in every phase, on Cilium only.
  assert.equal(
    await page.getAttribute(
      '#reach svg.k7-pic .k7-pic-edge[data-id="egress:169.254.169.254"]',
      "data-platform",
    ),
    "true",
  );
  await page.click("#cni-flannel + label");
  await page.waitForFunction(() =>
    document.querySelector(
      '#reach svg.k7-pic .k7-pic-edge[data-id="egress:169.254.169.254"]:not([data-platform])',
    ),
  );
  await page.click("#cni-cilium + label");
  await page.waitForSelector(
    '#reach svg.k7-pic .k7-pic-edge[data-id="egress:169.254.169.254"][data-platform]',
  );
  // The text alternative: the picture's name and summary, and the table.
  const label = await page.$eval("#reach svg.k7-pic", (svg) =>
    svg
      .getAttribute("aria-labelledby")
      .split(" ")
      .map((id) => document.getElementById(id).textContent)
      .join(" | "),
  );
  assert.match(
    label,
    /^Connections of sandbox demox, after lockdown \| \d+ allowed, \d+ denied, 0 depending\./,
  );
  // Clicking an edge asks about it.
  await page.click(`#reach svg.k7-pic .k7-pic-edge[data-id="${internet}"] .k7-pic-line`, { force: true });
  assert.equal(await page.inputValue("#reach-ask"), "93.184.215.14");
  assert.equal(await page.inputValue("#reach-ask-port"), "443");
  await page.waitForSelector("#reach .k7-answer-phase");
  assert.deepEqual((await verdicts(page)).at(-1), ["locked", "denied"]);
  assert.equal(
    await page.getAttribute(`#reach svg.k7-pic .k7-pic-edge[data-id="${internet}"]`, "class"),
    "k7-pic-edge k7-pic-denied k7-pic-selected",
  );
  await assertClean(page);
  await context.close();
});

test("the phase switch redraws the picture for that phase", async () => {
  const { page, context } = await openReach();
  const internet = "egress:93.184.215.14";
  assert.equal(await page.isChecked("#reach-phase-locked"), true);
  assert.equal(await edge(page, internet), "denied");
  await page.click('label[for="reach-phase-start"]');
  await page.waitForFunction(
    (id) =>
      document.querySelector(`#reach svg.k7-pic .k7-pic-edge[data-id="${id}"]`).dataset.verdict === "allowed",
    internet,
  );
  assert.match(await page.textContent("#reach svg.k7-pic title"), /at start$/);
  assert.equal(await page.textContent("#reach .k7-pic-table thead th:nth-child(3)"), "Start");
  assert.equal((await page.locator("#reach .k7-pic-table tbody td.k7-pic-current").count()) > 0, true);
  await page.click('label[for="reach-phase-script"]');
  assert.equal(await edge(page, internet), "allowed");
  assert.match(await page.textContent("#reach svg.k7-pic title"), /while before_script runs$/);
  // The keyboard moves along the switch as along radio buttons.
  await page.focus("#reach-phase-script");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked("#reach-phase-locked"), true);
  assert.equal(await edge(page, internet), "denied");
  await assertClean(page);
  await context.close();
});

test("a share link and a reload keep the phase and the question", async () => {
  const { page, context } = await openReach();
  await page.click('label[for="reach-phase-script"]');
  await page.click('label[for="reach-direction-from"]');
  await page.fill("#reach-ask", "sandbox:client");
  await page.fill("#reach-ask-port", "8080");
  await page.waitForSelector("#reach .k7-answer-phase");
  await page.click("#share");
  await page.waitForSelector("#share-dialog[open]");
  const link = await page.inputValue("#share-url");
  await page.keyboard.press("Escape");
  await context.close();

  const other = await openEditor(env, { url: link.slice(env.url.length) });
  const restored = other.page;
  // A link that asks about a connection opens on its answer.
  assert.equal(await restored.getAttribute("#tab-reach", "aria-selected"), "true");
  await restored.waitForSelector("#reach .k7-answer-phase");
  assert.deepEqual(
    {
      text: await restored.inputValue("#reach-ask"),
      port: await restored.inputValue("#reach-ask-port"),
      from: await restored.isChecked("#reach-direction-from"),
      phase: await restored.isChecked("#reach-phase-script"),
    },
    { text: "sandbox:client", port: "8080", from: true, phase: true },
  );
  const expected = reach(EXAMPLE, { from: "sandbox:client", port: 8080 }, {});
  assert.deepEqual(
    await verdicts(restored),
    expected.phases.map((p) => [p.phase, p.verdict]),
  );
  // And a reload, from this browser's autosave.
  await restored.click('label[for="reach-phase-start"]');
  await restored.fill("#reach-ask-port", "9090");
  await restored.reload();
  await restored.waitForSelector("body[data-ready]");
  await restored.waitForSelector("#reach .k7-answer-phase");
  assert.equal(await restored.inputValue("#reach-ask-port"), "9090");
  assert.equal(await restored.isChecked("#reach-phase-start"), true);
  await assertClean(restored);
  await other.context.close();
});

test('<k7-spec-editor view="reach"> shows the picture alone, in both themes', async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 }, colorScheme });
    const page = await watchedPage(context);
    await page.goto(`${env.url}/embed.html`);
    await page.waitForSelector("k7-spec-editor#example-reach[data-ready]");
    const element = page.locator("#example-reach");
    await element.locator("svg.k7-pic .k7-pic-edge").first().waitFor();
    assert.equal(await element.locator(".editor").isVisible(), false);
    assert.equal(await element.locator(".k7-tabs").isVisible(), false);
    assert.equal(await element.locator(".k7-ask").count(), 0);
    const spec = await element.evaluate((e) => e.value);
    const expected = connections(spec, {}).connections;
    const drawn = await element
      .locator("svg.k7-pic .k7-pic-edge")
      .evaluateAll((edges) => edges.map((e) => [e.dataset.id, e.dataset.verdict]));
    assert.deepEqual(drawn.toSorted(), expected.map((c) => [c.id, c.phases[2].verdict]).toSorted());
    assert.equal(
      await element
        .locator('svg.k7-pic .k7-pic-edge[data-id="ingress:sandbox:orchestrator"]')
        .getAttribute("data-verdict"),
      "allowed",
    );
    // Clicking an edge says what it does, under the picture.
    await element
      .locator('svg.k7-pic .k7-pic-edge[data-id="egress:pypi.org"] .k7-pic-line')
      .click({ force: true });
    assert.match(await element.locator(".k7-pic-caption").textContent(), /^To pypi\.org:443: After lockdown/);
    // It follows the phase switch.
    await element.locator('.k7-pic-phases label:text-is("Start")').click();
    assert.match(await element.locator(".k7-pic-caption").textContent(), /^To pypi\.org:443: At start/);
    await element.locator('.k7-pic-phases label:text-is("Locked")').click();
    // The element's attributes still drive it: Flannel has no platform policy (and no FQDN rules).
    if (colorScheme === "light") {
      await element.evaluate((e) =>
        e.setAttribute(
          "spec",
          e.value.replace(/ {2}- pypi\.org\n {2}- files\.pythonhosted\.org\n/, "  - 10.0.0.0/8\n"),
        ),
      );
      await element.evaluate((e) => e.setAttribute("cni", "flannel"));
      await page.waitForFunction(
        () =>
          document
            .querySelector("#example-reach")
            .shadowRoot.querySelector('.k7-pic-edge[data-id="egress:169.254.169.254"]')?.dataset.verdict ===
            "denied" &&
          !document.querySelector("#example-reach").shadowRoot.querySelector(".k7-pic-edge[data-platform]"),
      );
      await element.evaluate((e) => {
        e.setAttribute("cni", "cilium");
        e.removeAttribute("view");
      });
      assert.equal(await element.locator(".editor").isVisible(), true);
      await element.evaluate((e) => e.setAttribute("view", "reach"));
      assert.equal(await element.locator(".editor").isVisible(), false);
    }
    await element.screenshot({ path: join(ARTIFACTS, `embed-reach-${colorScheme}.png`) });
    await assertClean(page);
    await context.close();
  }
});

test("screenshots: the Reach tab of the FQDN preset, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context } = await openReach({ colorScheme });
    await page.selectOption("#preset", "fqdn-cilium");
    await page.waitForSelector('#reach svg.k7-pic .k7-pic-edge[data-id="egress:pypi.org"]');
    await page.fill("#reach-ask", "files.pythonhosted.org");
    await page.waitForSelector("#reach .k7-answer-phase");
    await page.screenshot({ path: join(ARTIFACTS, `reach-${colorScheme}.png`) });
    // Tall enough for the whole picture and its table.
    await page.setViewportSize({ width: 1440, height: 1900 });
    await page
      .locator("#reach .k7-reach-picture")
      .screenshot({ path: join(ARTIFACTS, `reach-picture-${colorScheme}.png`) });
    await assertClean(page);
    await context.close();
  }
});
