// The example of k7-spec-codemirror's README: k7Spec() in a CodeMirror editor of your own, and the
// <k7-spec-editor> element. Built by Vite (`npm run build`); example.test.mjs runs it in Chromium.
// @ts-check
import { yaml } from "@codemirror/lang-yaml";
import { basicSetup, EditorView } from "codemirror";
import { k7Spec } from "k7-spec-codemirror";
import "k7-spec-codemirror/element";

const status = /** @type {HTMLElement} */ (document.querySelector("#status"));

// Your editor, your extensions: k7Spec() adds the diagnostics (suppressed ones faded, with their
// reason), completion and hover help; yaml() the highlighting.
const view = new EditorView({
  doc: `name: demo
image: alpine:3.20
# k7-spec: ignore[powerful-capability] the image mounts a FUSE file system
cap_add: [SYS_ADMIN]
egress_whitelist: [10.0.0.0/33]
`,
  extensions: [
    basicSetup,
    yaml(),
    k7Spec({
      options: { cni: "flannel" },
      onRender(rendering) {
        const active = rendering.diagnostics.filter((d) => !d.suppressed);
        status.textContent = active.map((d) => `${d.severity}[${d.code}]`).join(", ") || "No problems";
      },
    }),
  ],
  parent: /** @type {HTMLElement} */ (document.querySelector("#editor")),
});

// The element: attributes as in HTML, the spec as its value, a k7-render event after each rendering.
const element = document.createElement("k7-spec-editor");
element.setAttribute("workload", "deployment");
element.setAttribute("height", "320");
element.value = view.state.doc.toString();
element.addEventListener("k7-render", (event) => {
  element.dataset.counts = JSON.stringify(event.detail.rendering.counts);
});
document.querySelector("#element")?.append(element);
