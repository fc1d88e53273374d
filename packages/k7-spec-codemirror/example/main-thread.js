// k7Spec() with k7-spec on the main thread rather than in its worker: for a page that already
// loads k7-spec, or a small spec. `await init()` once, then the module itself is the core.
// @ts-check
import { yaml } from "@codemirror/lang-yaml";
import { basicSetup, EditorView } from "codemirror";
import init, * as k7 from "k7-spec";
import { k7Spec } from "k7-spec-codemirror";

await init();
new EditorView({
  doc: "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/33]\n",
  extensions: [basicSetup, yaml(), k7Spec({ core: k7 })],
  parent: /** @type {HTMLElement} */ (document.querySelector("#editor")),
});
