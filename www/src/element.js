// <k7-spec-editor>: the editor for documentation sites, in one script with no framework. Its styles
// live in its Shadow DOM as an adopted style sheet (no <style> text, so host pages may keep a strict
// Content-Security-Policy), and the k7-spec module's wasm is fetched from assets/ beside the script;
// it runs on the page's thread for a short spec and in a worker (its script in assets/ too, one
// worker for every element of the page) for a longer one (core.js).
//
//   <script type="module" src="k7-spec-editor.js"></script>
//   <k7-spec-editor cni="flannel" workload="pod" height="320px" readonly>
//     <script type="text/yaml">
//       name: demo
//       image: alpine:3.20
//     </script>
//   </k7-spec-editor>
//
// Attributes: spec (the YAML text; else the first <script type="text/yaml"> child), cni
// (cilium|flannel), workload (pod|deployment), readonly, height (a CSS length or a number of
// pixels), tab (explain|security|yaml|problems|reach), view (reach: the Reach picture alone, for a page
// that explains a spec's connections: no editor, no tabs). Properties: value, rendering (its
// diagnostics the first 1,000, its counts those of each severity). Event: k7-render, after every
// render, with { rendering } as its detail.
import themeCss from "./styles/theme.css?inline";
import panelsCss from "./styles/panels.css?inline";
import elementCss from "./styles/element.css?inline";
import reachCss from "./styles/reach.css?inline";
import formCss from "./styles/form.css?inline";

import { createController } from "./controller.js";
import { h, setText } from "./dom.js";
import { countWords, total } from "./problems.js";
import { dedent } from "./text.js";

let sheet;

const TABS = [
  ["explain", "Explain"],
  ["security", "Security"],
  ["yaml", "YAML"],
  ["problems", "Problems"],
  ["reach", "Reach"],
];

let counter = 0;

export class K7SpecEditor extends HTMLElement {
  static observedAttributes = ["spec", "cni", "workload", "readonly", "height", "tab", "view"];

  #editor = null;
  #controller = null;
  #ui = null;
  #id = `k7e${++counter}`;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(themeCss + panelsCss + reachCss + formCss + elementCss);
    root.adoptedStyleSheets = [sheet];
  }

  get value() {
    return this.#editor ? this.#editor.text : this.#initialText();
  }

  set value(text) {
    if (this.#editor) this.#editor.setText(String(text));
    else this.setAttribute("spec", String(text));
  }

  get rendering() {
    return this.#controller?.rendering ?? null;
  }

  #options() {
    const cni = this.getAttribute("cni") === "flannel" ? "flannel" : "cilium";
    const workload = this.getAttribute("workload") === "deployment" ? "deployment" : "pod";
    return { cni, workload };
  }

  #initialText() {
    if (this.hasAttribute("spec")) return this.getAttribute("spec");
    const script = this.querySelector('script[type="text/yaml"]');
    return script ? dedent(script.textContent) : "";
  }

  connectedCallback() {
    if (this.#ui) return;
    this.#build();
    this.#start().catch((error) => {
      this.#ui.status.textContent = `k7-spec could not load: ${error.message}`;
      console.error(error);
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#ui) return;
    if (name === "height") this.#applyHeight();
    if (name === "tab" || name === "view") this.#applyView();
    if (!this.#editor) return;
    if (name === "spec" && value !== null && value !== this.#editor.text) this.#editor.setText(value);
    if (name === "cni" || name === "workload") {
      this.#syncSelects();
      this.#editor.refresh();
    }
    if (name === "readonly") {
      this.#editor.setReadonly(this.hasAttribute("readonly"));
      this.#editor.refresh(); // the fixes and the form follow
    }
  }

  #applyHeight() {
    const value = (this.getAttribute("height") ?? "").trim();
    const css = /^\d+(\.\d+)?$/.test(value)
      ? `${value}px`
      : /^\d+(\.\d+)?(px|rem|em|vh|svh|lvh|dvh)$/.test(value)
        ? value
        : "";
    if (css) this.#ui.frame.style.setProperty("--k7-embed-height", css);
    else this.#ui.frame.style.removeProperty("--k7-embed-height");
  }

  /** `view="reach"`: the picture alone; else the tab the `tab` attribute names. */
  #applyView() {
    const picture = this.getAttribute("view") === "reach";
    this.#ui.frame.classList.toggle("view-reach", picture);
    this.#controller.select(picture ? "reach" : (this.getAttribute("tab") ?? "explain"));
  }

  #build() {
    const id = this.#id;
    const select = (name, label, values) =>
      h(
        "label",
        { class: "opt" },
        h("span", {}, label),
        h(
          "select",
          { "data-option": name, onchange: (e) => this.setAttribute(name, e.target.value) },
          values.map(([v, text]) => h("option", { value: v }, text)),
        ),
      );
    const ui = {};
    ui.tabs = TABS.map(([name, text]) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: "k7-tab",
          id: `${id}-tab-${name}`,
          "data-tab": name,
          "aria-controls": `${id}-panel`,
          "aria-selected": "false",
          tabindex: "-1",
        },
        text,
      ),
    );
    ui.status = h("span", { class: "status", "aria-live": "polite" }, "Loading…");
    ui.editorHost = h("div", { class: "editor" });
    ui.explain = h("div", { class: "k7-explain" });
    ui.problems = h("div", { class: "problems" });
    ui.reach = h("div", { class: "k7-reach" });
    ui.security = h("div", { class: "k7-form", role: "group", "aria-label": "Security form" });
    ui.viewerHost = h("div", { class: "viewer" });
    ui.copy = h("button", { type: "button", class: "k7-button copy" }, "Copy YAML");
    ui.yaml = h("div", { class: "yaml" }, h("div", { class: "yaml-bar" }, ui.copy), ui.viewerHost);
    ui.frame = h(
      "div",
      { class: "frame", part: "frame" },
      h(
        "div",
        { class: "bar" },
        h("span", { class: "title" }, "k7.yaml"),
        select("cni", "CNI", [
          ["cilium", "Cilium"],
          ["flannel", "Flannel"],
        ]),
        select("workload", "Workload", [
          ["pod", "Pod"],
          ["deployment", "Deployment"],
        ]),
        ui.status,
      ),
      h(
        "div",
        { class: "body" },
        ui.editorHost,
        h(
          "div",
          { class: "side" },
          h("div", { class: "k7-tabs", role: "tablist", "aria-label": "Preview" }, ui.tabs),
          h(
            "div",
            { class: "panel", role: "tabpanel", id: `${id}-panel`, tabindex: "0" },
            ui.explain,
            ui.security,
            ui.problems,
            ui.yaml,
            ui.reach,
          ),
        ),
      ),
    );
    this.#ui = ui;
    this.shadowRoot.append(ui.frame);
    this.#applyHeight();
    this.#syncSelects();
    const problemsTab = ui.tabs.find((t) => t.dataset.tab === "problems");
    this.#controller = createController({
      tabs: ui.tabs,
      views: {
        explain: ui.explain,
        security: ui.security,
        yaml: ui.yaml,
        problems: ui.problems,
        reach: ui.reach,
      },
      security: ui.security,
      explain: ui.explain,
      reach: { parent: ui.reach, box: false, idPrefix: id },
      compact: true,
      viewer: ui.viewerHost,
      problems: ui.problems,
      status: ui.status,
      describe: (rendering, { errors, shown }) =>
        rendering.ok
          ? countWords(rendering.counts, "No problems")
          : `${errors}${shown ? ": showing the last valid spec" : ""}`,
      stale: [this, ui.frame],
      copy: ui.copy,
      onRender: (rendering) => {
        const n = total(rendering.counts);
        setText(problemsTab, n ? `Problems (${n})` : "Problems");
        this.dispatchEvent(
          new CustomEvent("k7-render", { detail: { rendering }, bubbles: true, composed: true }),
        );
      },
    });
    this.#applyView();
  }

  #syncSelects() {
    const opts = this.#options();
    for (const s of this.shadowRoot.querySelectorAll("select[data-option]")) s.value = opts[s.dataset.option];
  }

  async #start() {
    const readonly = this.hasAttribute("readonly");
    const doc = this.#initialText();
    this.#editor = await this.#controller.mount({
      root: this.shadowRoot,
      parent: this.#ui.editorHost,
      doc,
      readonly,
      label: readonly ? "Sandbox spec (k7.yaml, read-only)" : "Sandbox spec (k7.yaml)",
      getOptions: () => this.#options(),
    });
    // What changed while the core started (attributeChangedCallback had no editor to tell).
    if (this.#initialText() !== doc) this.#editor.setText(this.#initialText());
    if (this.hasAttribute("readonly") !== readonly) this.#editor.setReadonly(!readonly);
    await this.#editor.settled();
    this.dataset.ready = "true";
  }
}

if (!customElements.get("k7-spec-editor")) customElements.define("k7-spec-editor", K7SpecEditor);
