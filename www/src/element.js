// <k7-spec-editor>: the editor for documentation sites, in one script with no framework. Its styles
// live in its Shadow DOM as an adopted style sheet (no <style> text, so host pages may keep a strict
// Content-Security-Policy), and the k7-spec wasm module is fetched from beside the script.
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
// pixels), tab (explain|yaml|problems). Properties: value, rendering. Event: k7-render, after
// every render, with { rendering } as its detail.
import themeCss from "./styles/theme.css?inline";
import panelsCss from "./styles/panels.css?inline";
import elementCss from "./styles/element.css?inline";

import init, * as k7 from "k7-spec";

import { h, replace } from "./dom.js";
import { createSpecEditor } from "./editor.js";
import { explainView } from "./explain.js";
import { previewGroups } from "./preview.js";
import { countWords, problemList } from "./problems.js";
import { dedent } from "./text.js";
import { createViewer } from "./viewer.js";

let sheet;
let ready;

const TABS = [
  ["explain", "Explain"],
  ["yaml", "YAML"],
  ["problems", "Problems"],
];

let counter = 0;

class K7SpecEditor extends HTMLElement {
  static observedAttributes = ["spec", "cni", "workload", "readonly", "height", "tab"];

  #editor = null;
  #viewer = null;
  #latest = null;
  #shown = null;
  #tab = "explain";
  #ui = null;
  #id = `k7e${++counter}`;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(themeCss + panelsCss + elementCss);
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
    return this.#latest;
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
    ready ??= init();
    ready.then(
      () => this.#start(),
      (error) => {
        this.#ui.status.textContent = `k7-spec could not load: ${error.message}`;
        console.error(error);
      },
    );
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#ui) return;
    if (name === "height") this.#applyHeight();
    if (!this.#editor) return;
    if (name === "spec" && value !== null && value !== this.#editor.text) this.#editor.setText(value);
    if (name === "cni" || name === "workload") {
      this.#syncSelects();
      this.#editor.refresh();
    }
    if (name === "readonly") this.#editor.setReadonly(this.hasAttribute("readonly"));
    if (name === "tab") this.#selectTab(value);
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
          onclick: () => this.#selectTab(name),
          onkeydown: (e) => this.#tabKey(e, name),
        },
        text,
      ),
    );
    ui.status = h("span", { class: "status", "aria-live": "polite" }, "Loading…");
    ui.editorHost = h("div", { class: "editor" });
    ui.explain = h("div", { class: "k7-explain" });
    ui.problems = h("div", { class: "problems" });
    ui.viewerHost = h("div", { class: "viewer" });
    ui.copy = h(
      "button",
      { type: "button", class: "k7-button copy", onclick: () => this.#copy() },
      "Copy YAML",
    );
    ui.yaml = h("div", { class: "yaml" }, h("div", { class: "yaml-bar" }, ui.copy), ui.viewerHost);
    ui.panel = h(
      "div",
      { class: "panel", role: "tabpanel", id: `${id}-panel`, tabindex: "0" },
      ui.explain,
      ui.problems,
      ui.yaml,
    );
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
          ui.panel,
        ),
      ),
    );
    this.#ui = ui;
    this.shadowRoot.append(ui.frame);
    this.#applyHeight();
    this.#syncSelects();
    this.#selectTab(this.getAttribute("tab") ?? "explain");
  }

  #syncSelects() {
    const opts = this.#options();
    for (const s of this.shadowRoot.querySelectorAll("select[data-option]")) s.value = opts[s.dataset.option];
  }

  #tabKey(e, name) {
    const i = TABS.findIndex(([n]) => n === name);
    const to = {
      ArrowRight: (i + 1) % TABS.length,
      ArrowLeft: (i - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.#selectTab(TABS[to][0]);
    this.#ui.tabs[to].focus();
  }

  #selectTab(name) {
    if (!TABS.some(([n]) => n === name)) name = "explain";
    this.#tab = name;
    const ui = this.#ui;
    for (const t of ui.tabs) {
      const on = t.dataset.tab === name;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
    }
    ui.panel.setAttribute("aria-labelledby", `${this.#id}-tab-${name}`);
    ui.explain.hidden = name !== "explain";
    ui.problems.hidden = name !== "problems";
    ui.yaml.hidden = name !== "yaml";
    this.#show();
  }

  #start() {
    const readonly = this.hasAttribute("readonly");
    this.#viewer = createViewer({ parent: this.#ui.viewerHost, label: "Manifests (read-only)" });
    this.#editor = createSpecEditor({
      root: this.shadowRoot,
      parent: this.#ui.editorHost,
      doc: this.#initialText(),
      k7,
      readonly,
      label: readonly ? "Sandbox spec (k7.yaml, read-only)" : "Sandbox spec (k7.yaml)",
      getOptions: () => this.#options(),
      onRender: (rendering) => this.#onRender(rendering),
    });
    this.#editor.refresh();
    this.dataset.ready = "true";
  }

  #onRender(rendering) {
    this.#latest = rendering;
    if (rendering.ok) this.#shown = rendering;
    const ui = this.#ui;
    const errors = rendering.diagnostics.filter((d) => d.severity === "error").length;
    ui.tabs[2].textContent = rendering.diagnostics.length
      ? `Problems (${rendering.diagnostics.length})`
      : "Problems";
    const status = errors
      ? `${errors} error${errors > 1 ? "s" : ""}${this.#shown ? ": showing the last valid spec" : ""}`
      : countWords(rendering.diagnostics) || "No problems";
    if (ui.status.textContent !== status) ui.status.textContent = status;
    ui.status.dataset.state = errors ? "error" : "ok";
    this.classList.toggle("stale", !rendering.ok);
    ui.frame.classList.toggle("stale", !rendering.ok);
    this.#show();
    this.dispatchEvent(
      new CustomEvent("k7-render", { detail: { rendering }, bubbles: true, composed: true }),
    );
  }

  /** Updates the visible panel only. */
  #show() {
    const ui = this.#ui;
    if (!this.#latest) return;
    if (this.#tab === "problems") {
      replace(
        ui.problems,
        problemList(this.#latest.diagnostics, (offset) => this.#editor.goTo(offset)),
      );
    } else if (this.#tab === "explain") {
      replace(
        ui.explain,
        this.#shown?.explanation
          ? explainView(this.#shown.explanation, { compact: true })
          : h("p", { class: "k7-none" }, "Fix the errors in the spec to see what it means."),
      );
    } else {
      const yaml = this.#shown
        ? previewGroups(this.#shown).all
        : "# Fix the errors in the spec to see the manifests.\n";
      this.#viewer.show(yaml);
      ui.copy.disabled = !this.#shown;
    }
  }

  async #copy() {
    const button = this.#ui.copy;
    try {
      await navigator.clipboard.writeText(this.#shown?.yaml ?? "");
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed";
    }
    setTimeout(() => (button.textContent = "Copy YAML"), 1500);
  }
}

if (!customElements.get("k7-spec-editor")) customElements.define("k7-spec-editor", K7SpecEditor);
