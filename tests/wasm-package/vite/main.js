// A user's page: imports the package by name, initialises it once, shows what it returns.
// Built by Vite in the package tests, and loaded unbundled by plain/index.html via an import map.
import init, * as k7 from "k7-spec";

const EXAMPLE = `name: demo
image: alpine:3.20
backend: k7d
egress_whitelist: []
`;

async function main() {
  // Before init(), a call says what to do.
  let beforeInit;
  try {
    k7.validate(EXAMPLE);
  } catch (error) {
    beforeInit = error.message;
  }
  await init();
  const result = {
    beforeInit,
    version: k7.version(),
    diagnostics: k7
      .validate("name: demo\nimage: alpine:3.20\negress_whitelis: []\n")
      .map((d) => `${d.span.start.line}:${d.span.start.column} ${d.severity}[${d.code}]`),
    fields: Object.keys(k7.schema().properties).length,
  };
  const rendering = k7.render(EXAMPLE);
  result.render = { ok: rendering.ok, kinds: rendering.manifests.map((m) => m.kind) };
  document.querySelector("#result").textContent = JSON.stringify(result, null, 2);
  document.body.dataset.done = "ok";
}

main().catch((error) => {
  document.body.dataset.done = "error";
  console.error(error);
});
