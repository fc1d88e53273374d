// Completions and hover help from the package's JSON Schema: every field's description, its
// allowed values (enums, booleans, capability names), the keys of `limits`, the forms of an
// ingress source and the examples, all read from the schema, which the core generates from its
// own tables. Alternatives the schema marks `deprecated` or `doNotSuggest` (old backend aliases,
// YAML 1.1 booleans) are accepted there but never offered here.
// The YAML context is read from the lines around the cursor, which is all a k7.yaml needs: top-level
// fields, `limits` below them, and lists of scalars.
import { h } from "./dom.js";

/** The alternatives of a schema that are worth offering: not null, not deprecated. */
function offered(schema) {
  return (schema?.anyOf ?? (schema ? [schema] : [])).filter(
    (s) => s.type !== "null" && !s.deprecated && !s.doNotSuggest,
  );
}

function scalarText(value) {
  if (typeof value === "string")
    return /^[\w./:-]+$/.test(value) &&
      !/^(yes|no|on|off|y|n|true|false|null|~)$/i.test(value) &&
      !/^[\d.]+$/.test(value)
      ? value
      : JSON.stringify(value);
  return JSON.stringify(value);
}

const scalars = (values) => values.filter((e) => e !== null && typeof e !== "object");

/** Reads the schema once into what completion and hover need. */
export function schemaIndex(schema) {
  const fields = new Map();
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const choices = offered(field);
    const kind = [...new Set(choices.flatMap((c) => [c.type].flat()))].filter((t) => t && t !== "null");
    const items = choices.find((c) => c.items)?.items;
    const itemChoices = offered(items);
    const keys = Object.entries(choices.find((c) => c.properties)?.properties ?? {}).map(([key, s]) => ({
      name: key,
      description: s.description ?? "",
      kind: [s.type].flat().join(" or "),
      examples: scalars(s.examples ?? []),
    }));
    fields.set(name, {
      name,
      description: field.description ?? "",
      kind: kind.join(" or "),
      required: (schema.required ?? []).includes(name),
      deprecated: Boolean(field.deprecated),
      isList: kind.includes("array"),
      isMap: kind.includes("object"),
      keys: new Map(keys.map((k) => [k.name, k])),
      values: kind.includes("boolean")
        ? ["true", "false"]
        : scalars(choices.flatMap((c) => c.enum ?? [])).map(String),
      itemValues: scalars(itemChoices.flatMap((c) => c.enum ?? [])).map(String),
      // Items that must start with a prefix (`sandbox:`): the prefix, with what it admits.
      itemPrefixes: itemChoices
        .filter((c) => c.pattern?.startsWith("^"))
        .map((c) => ({ label: c.pattern.slice(1), info: c.description ?? "" })),
      examples: scalars(field.examples ?? []),
      itemExamples: scalars((field.examples ?? []).filter(Array.isArray).flat()),
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
          .filter((f) => (!present.has(f.name) && !f.deprecated) || f.name === current)
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
      const keys = [...(index.fields.get(parent)?.keys.values() ?? [])];
      if (!keys.length) return null;
      const options = keys.map((k) => ({
        label: k.name,
        type: "property",
        detail: k.kind,
        info: infoNode(k.name, k.description, k.kind),
        apply: k.name + ": ",
      }));
      return { from, options, validFor: /^[\w-]*$/ };
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
      if (m[1].length > 0) {
        const parent = parentKey(state.doc, line.number, m[1].length);
        const k = index.fields.get(parent)?.keys.get(key);
        if (!k?.examples.length) return null;
        return {
          from: pos - word.length,
          options: k.examples.map((e) => ({ label: JSON.stringify(e), type: "constant", detail: key })),
        };
      }
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
      if (field.itemPrefixes.length) {
        options = field.itemPrefixes.map((p) => ({ label: p.label, type: "keyword", info: p.info }));
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
  const parent = parentKey(doc, line.number, indent);
  const k = index.fields.get(parent)?.keys.get(m[3]);
  if (!k) return null;
  return { from: start, to: end, title: `${parent}.${k.name}`, kind: k.kind, description: k.description };
}
