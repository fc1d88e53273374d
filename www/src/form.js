// The Security form: the fields that decide the sandbox's security (non-root, capabilities, egress,
// ingress, exposed ports) as controls beside the text. The text is the only state: every change in
// the form is an `edit` of the text by the core (one undoable change; comments, order and style
// stay), and every rendering of the text redraws the form from the core's reading of it
// (`readValues`, form-read.js), so reading the form back from the text it wrote gives the same form.
// A field the core says no edit can change in place is left alone, and the form says why.
import { h, prose, replace } from "./dom.js";
import { dispatchText } from "./fixes.js";
import { egressMode, FIELDS, isAddress, PATHS, readSecurity } from "./form-read.js";

// A first entry for a list the mode asks for, selected for the user to type over.
const FIRST_RANGE = "10.0.0.0/8";
const FIRST_NAME = "pypi.org";

// What each list's empty field suggests.
const EXAMPLES = {
  cap_drop: "NET_RAW",
  cap_add: "NET_BIND_SERVICE",
  egress_whitelist: "10.0.0.0/8 or pypi.org",
  ingress_ports: "8080",
  ingress_from: "sandbox:client, namespace:monitoring or cidr:10.0.0.0/8",
  expose_ports: "8080",
};

const EGRESS = [
  ["open", "Open", "no egress_whitelist: the whole internet"],
  ["blocked", "Block all", "egress_whitelist: [] — DNS too"],
  ["cidr-only", "CIDR list", "only the listed ranges"],
  ["fqdn", "Names via Cilium", "the listed names and ranges"],
];

/**
 * The form in `parent`: `view()` is the editor's view, `edit(text, operations)` the core's `edit`
 * (a promise of the new text), `read(text, paths)` the core's `readValues` (a promise of its
 * reading). `update(state, rendering)` redraws it from a text and its rendering.
 */
export function createSecurityForm({ parent, view, edit, read }) {
  const status = h("p", { class: "k7-form-status", role: "status" });
  const body = h("div", { class: "k7-form-body" });
  replace(
    parent,
    h(
      "p",
      { class: "k7-form-intro" },
      "Each change here edits the text, comments and all; Ctrl+Z undoes it. Unchecked or left out is K7's default.",
    ),
    status,
    body,
  );
  let shown = null; // the JSON of what the form shows
  let select = null; // the data-key of an entry to select once it is drawn
  let reading = 0; // the latest update's number: an older reading is not drawn

  async function apply(operations, { then } = {}) {
    const v = view();
    if (v.state.readOnly) return;
    const text = v.state.doc.toString();
    try {
      const next = await edit(text, operations);
      select = then ?? null;
      if (!dispatchText(v, text, next, "input.form")) select = null;
      status.textContent = "";
    } catch (error) {
      status.textContent = `The form could not change the text: ${error.message ?? error}`;
    }
  }

  /** A field's problem, in words, or null. */
  function problemNote(key, field) {
    if (!field.problem) return null;
    return h(
      "p",
      { class: "k7-form-problem", "data-problem": key },
      h("code", {}, key),
      prose(` is not shown here: ${field.problem}. Edit it in the text.`),
    );
  }

  /** An editable list of the field `key`: each entry an input and a Remove button, then Add. */
  function listEditor(key, field, label) {
    const ports = FIELDS[key] === "ports";
    const typed = (value) => (ports && /^\d+$/.test(value) ? Number(value) : value);
    const adder = h("input", {
      type: "text",
      class: "k7-input k7-form-input",
      "data-key": `${key}:new`,
      "aria-label": `New ${label}`,
      placeholder: `e.g. ${EXAMPLES[key]}`,
      inputmode: ports ? "numeric" : null,
      onkeydown: (e) => e.key === "Enter" && (e.preventDefault(), add()),
    });
    const add = () => {
      const value = adder.value.trim();
      if (value) apply([{ op: "append", path: `/${key}`, value: typed(value) }], { then: `${key}:new` });
    };
    return h(
      "div",
      { class: "k7-form-list", "data-list": key },
      h(
        "ul",
        {},
        field.value.map((entry, i) =>
          h(
            "li",
            { class: field.errors[i] ? "k7-form-invalid" : null },
            h("input", {
              type: "text",
              class: "k7-input k7-form-input",
              value: entry,
              "data-key": `${key}:${i}`,
              "aria-label": `${label} ${i + 1}`,
              "aria-invalid": field.errors[i] ? "true" : null,
              title: field.errors[i] ?? null,
              // The same value writes nothing; no value removes the entry.
              onchange: (e) => {
                const value = e.target.value.trim();
                if (value === entry) return;
                const path = `/${key}/${i}`;
                apply([value ? { op: "set", path, value: typed(value) } : { op: "remove", path }]);
              },
            }),
            h(
              "button",
              {
                type: "button",
                class: "k7-button",
                "data-key": `${key}:remove:${i}`,
                "aria-label": `Remove ${label} ${i + 1} (${entry})`,
                onclick: () => apply([{ op: "remove", path: `/${key}/${i}` }]),
              },
              "Remove",
            ),
          ),
        ),
      ),
      h(
        "div",
        { class: "k7-form-add" },
        adder,
        h("button", { type: "button", class: "k7-button", onclick: add }, "Add"),
      ),
    );
  }

  function flag(key, field, label, note) {
    if (field.problem) return problemNote(key, field);
    return h(
      "label",
      { class: "k7-form-check" },
      h("input", {
        type: "checkbox",
        "data-key": key,
        checked: field.value,
        // The key stays where it is written, with its comment: `yes` unchecked is `false`.
        onchange: (e) => apply([{ op: "set", path: `/${key}`, value: e.target.checked }]),
      }),
      h("span", {}, label, " ", h("code", {}, key)),
      h("span", { class: "k7-form-hint" }, note),
    );
  }

  function radios(name, label, choices, current, disabled, choose) {
    return h(
      "div",
      { class: "k7-form-radios", role: "radiogroup", "aria-label": label },
      choices.map(([value, label, hint]) =>
        h(
          "label",
          { class: "k7-form-radio" },
          h("input", {
            type: "radio",
            name: `k7-form-${name}`,
            value,
            "data-key": `${name}:${value}`,
            checked: value === current,
            disabled,
            onchange: () => choose(value),
          }),
          h("span", {}, label),
          hint ? h("span", { class: "k7-form-hint" }, hint) : null,
        ),
      ),
    );
  }

  function section(title, ...content) {
    return h("fieldset", { class: "k7-form-section" }, h("legend", {}, title), content);
  }

  function draw(fields) {
    const f = fields;
    const drop = f.cap_drop;
    const egress = f.egress_whitelist;
    const mode = egress.problem ? null : egressMode(egress);
    const chooseEgress = (to) => {
      const entries = egress.value;
      const ranges = entries.filter(isAddress);
      const ops = {
        open: [{ op: "remove", path: "/egress_whitelist" }],
        blocked: [{ op: "set", path: "/egress_whitelist", value: [] }],
        "cidr-only": [
          { op: "set", path: "/egress_whitelist", value: ranges.length ? ranges : [FIRST_RANGE] },
        ],
        fqdn: [{ op: "set", path: "/egress_whitelist", value: [...entries, FIRST_NAME] }],
      }[to];
      const first = to === "cidr-only" ? (ranges.length ? null : 0) : to === "fqdn" ? entries.length : null;
      apply(ops, { then: first === null ? null : `egress_whitelist:${first}` });
    };
    const listed = (key, label) =>
      f[key].problem ? problemNote(key, f[key]) : listEditor(key, f[key], label);
    return [
      section(
        "Run as non-root",
        flag("pod_non_root", f.pod_non_root, "Pod", "UID, GID and fsGroup 65532"),
        flag("container_non_root", f.container_non_root, "Container", "UID 65532, runAsNonRoot"),
      ),
      section(
        "Capabilities",
        radios(
          "cap_drop",
          "Dropped capabilities",
          [
            ["all", "Drop ALL", "the default: cap_drop left out"],
            ["custom", "Drop a custom list", "cap_drop replaces ALL"],
          ],
          drop.present ? "custom" : "all",
          Boolean(drop.problem),
          (to) =>
            apply(
              to === "all"
                ? [{ op: "remove", path: "/cap_drop" }]
                : [{ op: "set", path: "/cap_drop", value: ["ALL"] }],
            ),
        ),
        drop.present ? listed("cap_drop", "dropped capability") : null,
        h("p", { class: "k7-form-label" }, "Add back ", h("code", {}, "cap_add")),
        listed("cap_add", "added capability"),
      ),
      section(
        "Egress after lockdown",
        radios("egress", "Egress mode", EGRESS, mode, Boolean(egress.problem), chooseEgress),
        egress.problem
          ? problemNote("egress_whitelist", egress)
          : mode === "open"
            ? null
            : listEditor("egress_whitelist", egress, "egress entry"),
      ),
      section(
        "Ingress",
        h("p", { class: "k7-form-label" }, "Ports ", h("code", {}, "ingress_ports")),
        listed("ingress_ports", "ingress port"),
        h("p", { class: "k7-form-label" }, "From ", h("code", {}, "ingress_from")),
        listed("ingress_from", "ingress source"),
      ),
      section(
        "Exposed on the node",
        h("p", { class: "k7-form-label" }, "Ports ", h("code", {}, "expose_ports")),
        listed("expose_ports", "exposed port"),
      ),
    ];
  }

  return {
    /**
     * Redraws the form from `state`'s text, as the core reads it, and its `rendering` (nothing when
     * it shows the same, or when a later update has come in the meantime). `values`, when given,
     * are the core's reading that came with the rendering; else the form asks for it.
     */
    async update(state, rendering, values) {
      const ask = ++reading;
      try {
        values ??= await read(state.doc.toString(), PATHS);
      } catch (error) {
        if (ask === reading)
          status.textContent = `The form could not read the text: ${error.message ?? error}`;
        return;
      }
      if (ask !== reading) return;
      const form = { ...readSecurity(values, rendering.diagnostics), readOnly: state.readOnly };
      const json = JSON.stringify(form);
      if (json === shown) return;
      shown = json;
      // A read-only editor's form shows the spec, and takes no input.
      body.inert = form.readOnly;
      status.textContent = form.readOnly ? "Read-only: the form shows the spec, and changes nothing." : "";
      const focused = parent.getRootNode().activeElement;
      const again = select ?? (parent.contains(focused) ? focused.dataset.key : null);
      replace(body, form.problem ? h("p", { class: "k7-form-problem" }, form.problem) : draw(form.fields));
      const target = again && body.querySelector(`[data-key="${CSS.escape(again)}"]`);
      if (target) {
        target.focus();
        if (select) target.select?.();
      }
      select = null;
    },
  };
}
