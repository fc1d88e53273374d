// Completions and hover help from the package's JSON Schema: every field's description, its
// allowed values (enums, booleans, capability names, ingress source prefixes) and its examples.
// The YAML context is read from the lines around the cursor, which is all a k7.yaml needs: top-level
// fields, `limits` below them, and lists of scalars.
import { h } from "./dom.js";

const LIMITS = {
  cpu: {
    description: "CPU limit and request: an integer number of cores or millicores such as 500m.",
    examples: ["500m", "1", "2"],
  },
  memory: {
    description: "Memory limit and request in Ki, Mi or Gi; Kata backends need at least 256Mi.",
    examples: ["512Mi", "1Gi", "4Gi"],
  },
  "ephemeral-storage": {
    description: "Ephemeral storage limit and request, such as 10Gi.",
    examples: ["1Gi", "10Gi"],
  },
};

const INGRESS_PREFIXES = [
  { label: "sandbox:", info: "Another sandbox of the same namespace, by name: sandbox:web" },
  { label: "namespace:", info: "Every pod of a namespace: namespace:monitoring" },
  { label: "cidr:", info: "Addresses in a range, such as clients outside the cluster: cidr:10.0.0.0/8" },
];

function types(field) {
  const t = field?.type;
  return Array.isArray(t) ? t.filter((x) => x !== "null") : t ? [t] : [];
}

function scalarText(value) {
  if (typeof value === "string")
    return /^[\w./:-]+$/.test(value) &&
      !/^(yes|no|on|off|true|false|null|~)$/i.test(value) &&
      !/^[\d.]+$/.test(value)
      ? value
      : JSON.stringify(value);
  return JSON.stringify(value);
}

/** Reads the schema once into what completion and hover need. */
export function schemaIndex(schema) {
  const fields = new Map();
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const kind = types(field);
    const enums = (field.enum ?? []).filter((v) => v !== null);
    const items = field.items ?? {};
    const itemEnums = [...(items.enum ?? []), ...(items.anyOf ?? []).flatMap((a) => a.enum ?? [])];
    fields.set(name, {
      name,
      description: field.description ?? "",
      kind: kind.join(" or "),
      required: (schema.required ?? []).includes(name),
      isList: kind.includes("array"),
      isMap: kind.includes("object"),
      values: kind.includes("boolean") ? ["true", "false"] : enums.map(String),
      itemValues: itemEnums.map(String),
      examples: (field.examples ?? []).filter((e) => typeof e !== "object"),
      itemExamples: (field.examples ?? [])
        .filter(Array.isArray)
        .flat()
        .filter((e) => typeof e !== "object"),
    });
  }
  return { fields, required: schema.required ?? [] };
}

const KEY_LINE = /^(\s*)(- +)?([A-Za-z_][\w-]*)\s*:(?=\s|$)/;

/** The key of the mapping that holds line `lineNo` (1-based), by indentation; null at the top. */
function parentKey(doc, lineNo, indent) {
  for (let n = lineNo - 1; n >= 1; n--) {
    const text = doc.line(n).text;
    if (!text.trim() || text.trimStart().startsWith("#")) continue;
    const lead = text.length - text.trimStart().length;
    if (lead < indent) {
      const m = KEY_LINE.exec(text);
      return m ? m[3] : null;
    }
    if (lead === 0 && indent === 0) return null;
  }
  return null;
}

function topLevelKeys(doc) {
  const keys = new Set();
  for (let n = 1; n <= doc.lines; n++) {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(doc.line(n).text);
    if (m) keys.add(m[1]);
  }
  return keys;
}

function infoNode(title, description, kind) {
  return () =>
    h(
      "div",
      { class: "k7-info" },
      h("strong", {}, title),
      kind ? h("span", { class: "k7-info-type" }, ` ${kind}`) : null,
      h("p", {}, description),
    );
}

/** A CodeMirror completion source over the schema. */
export function completionSource(index) {
  return (context) => {
    const { state, pos } = context;
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);
    const indent = before.length - before.trimStart().length;

    // A key being typed: `eg|` at the top or under `limits:`.
    let m = /^(\s*)([A-Za-z_][\w-]*)?$/.exec(before);
    if (m) {
      const word = m[2] ?? "";
      if (!word && !context.explicit) return null;
      const from = pos - word.length;
      const parent = indent === 0 ? null : parentKey(state.doc, line.number, indent);
      if (indent === 0) {
        const present = topLevelKeys(state.doc);
        const current = /^([A-Za-z_][\w-]*)/.exec(line.text)?.[1];
        const options = [...index.fields.values()]
          .filter((f) => !present.has(f.name) || f.name === current)
          .map((f) => ({
            label: f.name,
            type: "property",
            detail: f.required ? `${f.kind}, required` : f.kind,
            info: infoNode(f.name, f.description, f.kind),
            apply: f.name + ": ",
            boost: f.required ? 2 : 0,
          }));
        return { from, options, validFor: /^[\w-]*$/ };
      }
      if (parent === "limits") {
        const options = Object.entries(LIMITS).map(([name, l]) => ({
          label: name,
          type: "property",
          detail: "quantity",
          info: infoNode(name, l.description, "string"),
          apply: name + ": ",
        }));
        return { from, options, validFor: /^[\w-]*$/ };
      }
      return null;
    }

    // A value after `key: `, or a list item under `key:` (block `- x` or flow `[a, x`).
    let key = null;
    let item = false;
    let word = "";
    if ((m = /^(\s*)([A-Za-z_][\w-]*)\s*:\s*\[(?:[^\]]*,)?\s*([^\s,\]]*)$/.exec(before))) {
      [, , key, word] = m;
      item = true;
    } else if ((m = /^(\s*)([A-Za-z_][\w-]*)\s*:\s+([^\s#[{]*)$/.exec(before))) {
      [, , key, word] = m;
      if (m[1].length > 0 && parentKey(state.doc, line.number, m[1].length) === "limits") {
        const l = LIMITS[key];
        if (!l) return null;
        return {
          from: pos - word.length,
          options: l.examples.map((e) => ({ label: JSON.stringify(e), type: "constant", detail: key })),
        };
      }
      if (m[1].length > 0) return null;
    } else if ((m = /^(\s*)-\s+([^\s#]*)$/.exec(before))) {
      word = m[2];
      key = parentKey(state.doc, line.number, m[1].length + 1);
      item = true;
    } else {
      return null;
    }
    const field = index.fields.get(key);
    if (!field) return null;
    let options;
    if (item) {
      if (key === "ingress_from") {
        options = INGRESS_PREFIXES.map((p) => ({ label: p.label, type: "keyword", info: p.info }));
      } else if (field.itemValues.length) {
        options = field.itemValues.map((v) => ({ label: v, type: "enum", detail: key }));
      } else {
        options = field.itemExamples.map((v) => ({
          label: scalarText(v),
          type: "constant",
          detail: "example",
        }));
      }
    } else if (field.values.length) {
      options = field.values.map((v) => ({
        label: v,
        type: field.kind === "boolean" ? "keyword" : "enum",
        detail: key,
      }));
    } else {
      options = field.examples.map((v) => ({ label: scalarText(v), type: "constant", detail: "example" }));
      if (field.isList)
        options.push({
          label: "[]",
          type: "constant",
          detail: key === "egress_whitelist" ? "blocks all egress and DNS" : "empty list",
        });
    }
    if (!options.length) return null;
    return { from: pos - word.length, options, validFor: /^[^\s,\]]*$/ };
  };
}

/** What the key under `pos` means, for a hover tooltip; null when `pos` is not on a known key. */
export function describeKey(index, doc, pos) {
  const line = doc.lineAt(pos);
  const m = KEY_LINE.exec(line.text);
  if (!m) return null;
  const start = line.from + m[1].length + (m[2]?.length ?? 0);
  const end = start + m[3].length;
  if (pos < start || pos > end) return null;
  const indent = m[1].length + (m[2]?.length ?? 0);
  if (indent === 0) {
    const f = index.fields.get(m[3]);
    if (!f) return null;
    return {
      from: start,
      to: end,
      title: f.name,
      kind: f.kind + (f.required ? ", required" : ""),
      description: f.description,
    };
  }
  if (parentKey(doc, line.number, indent) === "limits" && LIMITS[m[3]]) {
    return {
      from: start,
      to: end,
      title: `limits.${m[3]}`,
      kind: "string",
      description: LIMITS[m[3]].description,
    };
  }
  return null;
}
