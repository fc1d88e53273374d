// What the Security form shows, read from the editor's text: the values of the fields that decide
// the sandbox's security, as they are written (strings and lists of strings), from the YAML syntax
// tree CodeMirror keeps for the highlighting, and the core's errors at those fields. A field the
// form cannot show as written (an alias, an anchor, a tag, a value of another type, a key written
// twice, an error at the field itself) gets `problem`, the words that say why; the form leaves it
// alone.
import { ensureSyntaxTree } from "@codemirror/language";

/** The form's fields and their kinds: a flag, a list of strings, a list of ports. */
export const FIELDS = {
  pod_non_root: "flag",
  container_non_root: "flag",
  cap_drop: "list",
  cap_add: "list",
  egress_whitelist: "list",
  ingress_ports: "ports",
  ingress_from: "list",
  expose_ports: "ports",
};

const SCALARS = new Set(["Literal", "QuotedLiteral"]);

/** A scalar's value, or undefined when the form cannot read its escapes. */
function scalar(text) {
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return text.trim();
}

/** The children of `node`, comments apart. */
function children(node) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

/** The value of a field's node: `{ value }` or `{ problem }`. */
function readValue(kind, node, text) {
  if (["Anchored", "Alias", "Tagged"].includes(node.name)) return { problem: "an anchor, an alias or a tag" };
  if (kind === "flag") {
    const value = SCALARS.has(node.name) ? scalar(text(node)) : undefined;
    if (/^(true|True|TRUE)$/.test(value)) return { value: true };
    if (/^(false|False|FALSE)$/.test(value)) return { value: false };
    return { problem: value === undefined ? "not true or false" : `\`${value}\`, not \`true\` or \`false\`` };
  }
  if (node.name !== "FlowSequence" && node.name !== "BlockSequence") return { problem: "not a list" };
  const items = [];
  for (const item of children(node).filter((c) => c.name === "Item")) {
    const [only, ...rest] = children(item);
    const value = only && !rest.length && SCALARS.has(only.name) ? scalar(text(only)) : undefined;
    if (value === undefined) return { problem: "an entry that is not a plain value" };
    items.push(value);
  }
  return { value: items };
}

/**
 * The form's fields in `state`'s text, with `diagnostics` (the rendering of that text):
 * `{ problem }` when the text is not one YAML mapping of keys the form can read, else
 * `{ fields: { [key]: { present, value?, problem?, errors: { [index]: message } } } }`.
 */
export function readSecurity(state, diagnostics) {
  const tree = ensureSyntaxTree(state, state.doc.length, 200);
  if (!tree) return { problem: "The spec is too long for the form to read." };
  const text = (node) => state.doc.sliceString(node.from, node.to);
  const documents = children(tree.topNode).filter((d) => d.name === "Document");
  if (documents.length > 1) return { problem: "The spec holds several YAML documents." };
  const top = documents.length ? children(documents[0]) : [];
  const mapping = top.find((n) => n.name === "BlockMapping");
  if (top.length && !mapping)
    return { problem: "The spec is not written as `key: value` lines (a JSON or flow mapping)." };
  const absent = (key) => ({ present: false, value: FIELDS[key] === "flag" ? false : [] });
  const fields = Object.fromEntries(Object.keys(FIELDS).map((key) => [key, absent(key)]));
  const seen = new Set();
  for (const pair of mapping ? children(mapping).filter((p) => p.name === "Pair") : []) {
    const [keyNode, ...rest] = children(pair);
    const keyValue =
      keyNode?.name === "Key" && keyNode.firstChild ? scalar(text(keyNode.firstChild)) : undefined;
    if (!(keyValue in FIELDS)) continue;
    const valueNode = rest.find((n) => n.name !== ":");
    // `key:` alone is null, which K7 takes for the key left out.
    fields[keyValue] = seen.has(keyValue)
      ? { present: true, problem: "written twice" }
      : valueNode
        ? { present: true, ...readValue(FIELDS[keyValue], valueNode, text) }
        : absent(keyValue);
    seen.add(keyValue);
  }
  for (const [key, field] of Object.entries(fields)) {
    field.errors = {};
    for (const d of diagnostics) {
      if (d.severity !== "error" || d.suppressed) continue;
      if (d.path === `/${key}`) field.problem ??= d.message;
      const index = d.path.startsWith(`/${key}/`) ? d.path.slice(key.length + 2) : null;
      if (index !== null && /^\d+$/.test(index)) field.errors[index] ??= d.message;
    }
  }
  return { fields };
}

/** An egress entry that is an address or a range (else a DNS name, which needs Cilium). */
export const isAddress = (entry) => /^[\d.]+(\/\d+)?$/.test(entry) || entry.includes(":");

/** The egress mode the whitelist spells: open, blocked, cidr-only or fqdn. */
export function egressMode(field) {
  if (!field.present) return "open";
  if (!field.value.length) return "blocked";
  return field.value.every(isAddress) ? "cidr-only" : "fqdn";
}
