import { start } from "./helpers.mjs";
const env = await start();
for (const tab of ["explain", "all"]) {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${env.url}/`);
  await page.waitForSelector("body[data-ready]");
  await page.click(`#tab-${tab}`);
  await page.click("#spec-editor .cm-line >> nth=0");
  await page.keyboard.press("End");
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("abcdefghijklmnopqrstuvwxyz"[i % 26]);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  }
  console.log(
    tab,
    JSON.stringify(
      await page.evaluate(() =>
        performance.getEntriesByName("k7:y").map((e) => e.detail.map((x) => +x.toFixed(2))),
      ),
    ),
  );
  await context.close();
}
await env.stop();
