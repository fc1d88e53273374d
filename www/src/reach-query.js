// What the Reach view computes without the DOM: the phases' names, the query `reach` takes from
// what the box holds, and the lines of a rendered object that a rule's JSON Pointer names.

/** The phases of a sandbox's life, as `reach` names them, with the view's words for them. */
export const PHASES = [
  { phase: "start", label: "Start", when: "At start" },
  { phase: "script", label: "before_script", when: "While before_script runs" },
  { phase: "locked", label: "Locked", when: "After lockdown" },
];

/** The box's state when nothing is asked yet. */
export const EMPTY_QUESTION = { direction: "to", text: "", port: "", udp: false };

/** What only a source can be (`ip:` an outside client, `exec` kubectl exec / k7 shell). */
const ONLY_FROM = /^(ip:|exec$)/;

/**
 * The query `reach(source, query, options)` takes for what the box holds: `text` (a `to `/`from `
 * prefix wins over `direction`, and a text only a source can be goes `from`), `direction` ("to" or
 * "from"), `port` (the port field, "" for none) and `udp` (else TCP, or what a keyword such as
 * `dns` implies). Null when the text is empty; throws an Error with the message to show for a port
 * out of range.
 */
export function readQuestion({ text, direction, port, udp }) {
  let words = String(text ?? "").trim();
  let way = direction === "from" ? "from" : "to";
  const prefix = /^(to|from)\s+/i.exec(words);
  if (prefix) {
    way = prefix[1].toLowerCase();
    words = words.slice(prefix[0].length).trim();
  } else if (ONLY_FROM.test(words)) way = "from";
  if (!words) return null;
  const query = { [way]: words };
  const p = String(port ?? "").trim();
  if (p) {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)
      throw new Error(`the port must be a number from 1 to 65535, not \`${p}\``);
    query.port = Number(p);
  }
  if (udp) query.protocol = "udp";
  return query;
}

/** The box's state that asks `connection` (an item of `connections(...)`). */
export function questionOf(connection) {
  return {
    direction: connection.direction === "ingress" ? "from" : "to",
    text: connection.query,
    port: connection.port === null ? "" : String(connection.port),
    udp: false,
  };
}

/** Whether `connection` is what the box asks (same direction, peer and port). */
export function asks(question, connection) {
  try {
    const q = readQuestion(question);
    const c = readQuestion(questionOf(connection));
    return q !== null && q.to === c.to && q.from === c.from && q.port === c.port;
  } catch {
    return false;
  }
}

const indentOf = (line) => line.length - line.trimStart().length;
const isItem = (line, indent) => indentOf(line) === indent && line.startsWith("- ", indent);

/** Whether `line` holds the key `key` at `indent`, plain or quoted as the emitter writes it. */
function isKey(line, indent, key) {
  if (indentOf(line) !== indent) return false;
  return [key, JSON.stringify(key)].some(
    (k) => line.startsWith(`${k}:`, indent) && /^(:$|: )/.test(line.slice(indent + k.length)),
  );
}

/** The first line from `at` on, before `to`, for which `stop(line)` holds on a non-blank line. */
function until(lines, at, to, stop) {
  while (at < to && (!lines[at].trim() || !stop(lines[at]))) at++;
  return at;
}

/**
 * The lines `{ from, to }` (0-based, `to` exclusive) of the value at the JSON Pointer `pointer` in
 * one YAML document written by the core's emitter (block style, a sequence at its key's indent),
 * from its key or its item's dash; the nearest enclosing value when a step is missing, null when
 * the first one is.
 */
export function pointerLines(yaml, pointer) {
  const lines = yaml.replace(/\n$/, "").split("\n");
  const steps = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  // The value being walked: its lines [from, to), its content from line `body` at column `indent`.
  let node = { from: 0, body: 0, to: lines.length, indent: 0 };
  let found = null;
  for (const step of steps) {
    const { body, to, indent } = node;
    if (body >= to) break;
    if (isItem(lines[body], indent)) {
      const items = [];
      for (let i = body; i < to; i++) if (isItem(lines[i], indent)) items.push(i);
      const at = /^\d+$/.test(step) ? items[Number(step)] : undefined;
      if (at === undefined) break;
      const end = items[Number(step) + 1] ?? to;
      // The item's keys start after its dash, on its own line.
      lines[at] = `${lines[at].slice(0, indent)}  ${lines[at].slice(indent + 2)}`;
      node = { from: at, body: at, to: end, indent: indent + 2 };
    } else {
      const at = until(lines, body, to, (line) => isKey(line, indent, step));
      if (at === to) break;
      // The value ends at the next line as far left as its key, its sequence's items apart.
      const end = until(
        lines,
        at + 1,
        to,
        (l) => indentOf(l) < indent || (indentOf(l) === indent && !isItem(l, indent)),
      );
      node = { from: at, body: at + 1, to: end, indent: at + 1 < end ? indentOf(lines[at + 1]) : indent };
    }
    found = { from: node.from, to: node.to };
  }
  return found;
}
