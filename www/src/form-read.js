// What the Security form shows, as the core reads the editor's text (`readValues`, the reading K7
// makes: YAML 1.1's `yes` is true, quotes and escapes undone): the values of the fields that
// decide the sandbox's security, and the core's errors at those fields. A field the form cannot
// change in place (an alias, an anchor, a tag, a value of another type, a key written twice, an
// error at the field itself) gets `problem`, the words that say why; the form leaves it alone.

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

/** The JSON Pointers of the form's fields, which the core reads (`readValues`). */
export const PATHS = Object.keys(FIELDS).map((key) => `/${key}`);

/** A list entry as the form's text field shows it. */
const entryText = (entry) => (entry === null ? "" : String(entry));

/**
 * The form's fields from the core's `reading` of a text (`readValues(text, PATHS)`) and
 * `diagnostics` (the rendering of that text): `{ problem }` when the text is not one YAML mapping
 * the form can edit, else `{ fields: { [key]: { present, value, problem?, errors: { [index]: message } } } }`,
 * where a flag's value is K7's boolean and a list's its entries as text.
 */
export function readSecurity(reading, diagnostics) {
  if (reading.problem) return { problem: `The form cannot show this spec: ${reading.problem}.` };
  const fields = {};
  for (const { path, present, value, reason } of reading.values) {
    const key = path.slice(1);
    const list = FIELDS[key] !== "flag";
    fields[key] = {
      present,
      value: list ? (Array.isArray(value) ? value.map(entryText) : []) : value,
      ...(reason === null ? {} : { problem: reason }),
    };
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
