// The Reach picture: who can talk to the sandbox and whom it can reach, from `connections(source,
// options)`, for one phase. Sources on the left, the sandbox in the middle, destinations on the
// right; each edge allowed (solid, an arrow), denied (dashed, a cross) or depends (dotted, a
// question mark), and marked "K7" where K7's cluster-wide platform policy decides (a deciding rule
// with `manifest: null`). Plain SVG built here (no graph library), coloured by the theme's
// custom properties; the table below it lists every connection and its verdict in each phase, the
// picture's text alternative. Clicking an edge or a row's connection calls `onPick(connection)`.
import { h } from "./dom.js";
import { PHASES } from "./reach-query.js";

const SVG = "http://www.w3.org/2000/svg";

/** The picture's geometry (SVG user units; the picture scales to its width). */
const W = 760;
const NODE_W = 204;
const NODE_H = 22;
const ROW = 28;
const HEADING = 22;
const PAD = 8;
const BOX_W = 136;
const LEFT = PAD;
const RIGHT = W - PAD - NODE_W;
const BOX_X = (W - BOX_W) / 2;
/** The characters a node's label and port keep before "…" (what 11px monospace fits in NODE_W). */
const LABEL_CHARS = 28;

/** The sections of each side, in order: a heading and the connection groups under it. */
const SIDES = {
  ingress: [
    ["Sandboxes and pods", ["cluster"]],
    ["Outside the cluster", ["outside"]],
    ["Node and kube-system", ["platform"]],
    ["Operators", ["exec"]],
  ],
  egress: [
    ["Whitelisted", ["name", "range"]],
    ["Cluster", ["dns", "cluster"]],
    ["Outside the cluster", ["internet"]],
    ["Node, API server, metadata", ["platform"]],
  ],
};

const VERDICT_WORDS = { allowed: "allowed", denied: "denied", depends: "depends" };

/** Whether K7's platform policy is among the rules that decide `answer`. */
export const byPlatform = (answer) => answer.rules.some((r) => r.manifest === null);

/** Where each node and edge goes: a pure function of the connections, for the tests too. */
export function layout(connections) {
  const rows = { ingress: [], egress: [] };
  let height = 0;
  for (const [side, sections] of Object.entries(SIDES)) {
    let y = PAD;
    for (const [heading, groups] of sections) {
      const members = connections.filter((c) => c.direction === side && groups.includes(c.group));
      if (!members.length) continue;
      rows[side].push({ heading, y: y + HEADING - 7 });
      y += HEADING;
      for (const c of members) {
        rows[side].push({ connection: c, y: y + ROW / 2 });
        y += ROW;
      }
      y += 4;
    }
    height = Math.max(height, y + PAD);
  }
  height = Math.max(height, 150);
  const box = { x: BOX_X, y: PAD + 4, w: BOX_W, h: height - 2 * PAD - 8 };
  const edges = [];
  for (const side of ["ingress", "egress"]) {
    const nodes = rows[side].filter((r) => r.connection);
    nodes.forEach((node, i) => {
      // The ends spread along the sandbox's side, in the nodes' order, so that edges do not cross.
      const at = box.y + 24 + ((i + 0.5) * (box.h - 48)) / nodes.length;
      edges.push(
        side === "ingress"
          ? { connection: node.connection, from: [LEFT + NODE_W, node.y], to: [box.x, at] }
          : { connection: node.connection, from: [box.x + box.w, at], to: [RIGHT, node.y] },
      );
    });
  }
  return { width: W, height, rows, box, edges };
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child);
  return el;
}

const shorten = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const portText = (c) => (c.port === null ? "" : `:${c.port}`);

/** A cubic curve between two points, leaving and arriving horizontally; and its point at t. */
function curve([x1, y1], [x2, y2]) {
  const mx = (x1 + x2) / 2;
  const at = (t) => {
    const u = 1 - t;
    return [
      u * u * u * x1 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * x2,
      u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2,
    ];
  };
  return { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, at };
}

/** An edge's tooltip: the connection and its answer's sentence. */
const edgeTitle = (c, answer) =>
  `${c.direction === "egress" ? "to" : "from"} ${c.label}${portText(c)}: ${answer.summary}`;

/** Sets `el`'s text, or its attribute `name`, only when it changes. */
function patch(el, text, name) {
  if (name && el.getAttribute(name) !== text) el.setAttribute(name, text);
  else if (!name && el.textContent !== text) el.textContent = text;
}

function edgeOf(edge, answer, selected) {
  const c = edge.connection;
  const { d, at } = curve(edge.from, edge.to);
  const [x2, y2] = edge.to;
  const platform = byPlatform(answer);
  // The verdict's mark, and K7's nearer the platform's end, apart.
  const egress = c.direction === "egress";
  const [mx, my] = at(platform ? (egress ? 0.3 : 0.7) : 0.5);
  const marks = [];
  if (answer.verdict === "denied")
    marks.push(
      svg("circle", { class: "k7-pic-mark", cx: mx, cy: my, r: 7 }),
      svg("path", { class: "k7-pic-cross", d: `M${mx - 3},${my - 3} l6,6 m0,-6 l-6,6` }),
    );
  else if (answer.verdict === "depends")
    marks.push(
      svg("circle", { class: "k7-pic-mark", cx: mx, cy: my, r: 7 }),
      svg("text", { class: "k7-pic-q", x: mx, y: my + 4 }, "?"),
    );
  if (platform) {
    const [px, py] = at(egress ? 0.76 : 0.24);
    marks.push(
      svg("rect", { class: "k7-pic-k7", x: px - 11, y: py - 8, width: 22, height: 16, rx: 4 }),
      svg("text", { class: "k7-pic-k7-text", x: px, y: py + 4 }, "K7"),
    );
  }
  return svg(
    "g",
    {
      class: `k7-pic-edge k7-pic-${answer.verdict}${selected ? " k7-pic-selected" : ""}`,
      "data-id": c.id,
      "data-verdict": answer.verdict,
      "data-platform": platform ? "true" : null,
    },
    svg("title", {}, edgeTitle(c, answer)),
    svg("path", { class: "k7-pic-hit", d }),
    svg("path", { class: "k7-pic-line", d }),
    // The arrowhead, at the end the connection goes to.
    svg("path", { class: "k7-pic-arrow", d: `M${x2},${y2} l-8,-4.5 v9 z` }),
    marks,
  );
}

function nodeOf(row, side) {
  const c = row.connection;
  const x = side === "ingress" ? LEFT : RIGHT;
  const port = portText(c);
  const label = shorten(c.label, LABEL_CHARS - (port ? port.length + 1 : 0));
  return svg(
    "g",
    { class: `k7-pic-node k7-pic-group-${c.group}`, "data-id": c.id },
    svg("title", {}, `${c.label}${port} (${c.direction === "egress" ? "to" : "from"} ${c.query})`),
    svg("rect", { x, y: row.y - NODE_H / 2, width: NODE_W, height: NODE_H, rx: 5 }),
    svg(
      "text",
      { x: x + 8, y: row.y + 4 },
      label,
      port ? svg("tspan", { class: "k7-pic-port" }, ` ${port}`) : null,
    ),
  );
}

/**
 * The picture and its table, in `parent`. `onPick(connection)` when an edge, a node or a row's
 * connection is clicked; `onPhase(phase)` when the phase switch changes. `update(connections,
 * { phase, selected, message })` draws `connections(...)`'s result (selected: the id of the
 * connection asked about, drawn thicker), or `message` alone for a null result.
 */
export function createPicture({ parent, onPick, onPhase, idPrefix }) {
  const titleId = `${idPrefix}-pic-title`;
  const descId = `${idPrefix}-pic-desc`;
  const switchName = `${idPrefix}-phase`;
  const inputs = PHASES.map(({ phase, label }) =>
    h("input", {
      type: "radio",
      name: switchName,
      id: `${switchName}-${phase}`,
      value: phase,
      onchange: () => onPhase(phase),
    }),
  );
  const phaseSwitch = h(
    "fieldset",
    { class: "k7-segmented k7-pic-phases" },
    h("legend", {}, "Phase"),
    h(
      "span",
      { class: "k7-options" },
      PHASES.map(({ phase, label }, i) => [inputs[i], h("label", { for: `${switchName}-${phase}` }, label)]),
    ),
  );
  const picture = svg("svg", {
    class: "k7-pic",
    role: "img",
    "aria-labelledby": `${titleId} ${descId}`,
    preserveAspectRatio: "xMidYMin meet",
  });
  const caption = h("p", { class: "k7-pic-caption", "aria-live": "polite" });
  const legend = h(
    "ul",
    { class: "k7-pic-legend", "aria-label": "Legend" },
    [
      ["allowed", "allowed"],
      ["denied", "denied"],
      ["depends", "depends (on an address, a name, a setting)"],
    ].map(([verdict, words]) =>
      h(
        "li",
        {},
        swatch(
          `k7-pic-edge k7-pic-${verdict}`,
          verdict === "denied" ? "cross" : verdict === "depends" ? "q" : null,
        ),
        words,
      ),
    ),
    h("li", {}, swatch("k7-pic-edge k7-pic-denied", "k7"), "decided by K7's platform policy (Cilium)"),
  );
  const body = h("tbody");
  const table = h(
    "table",
    { class: "k7-pic-table" },
    h("caption", {}, "Every connection, in each phase"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Connection"),
        h("th", { scope: "col" }, "Port"),
        PHASES.map(({ label }) => h("th", { scope: "col" }, label)),
      ),
    ),
    body,
  );
  const empty = h("p", { class: "k7-none" });
  /** The connection `id` as drawn now (an element outlives the keystrokes that leave it as it is). */
  const pick = (id) => {
    const c = shown?.connections.find((x) => x.id === id);
    if (c) onPick(c);
  };

  function rowOf(c, phase, on) {
    return h(
      "tr",
      { "data-id": c.id, class: on ? "k7-pic-selected" : null },
      h(
        "th",
        { scope: "row" },
        h(
          "button",
          { type: "button", class: "k7-link", onclick: () => pick(c.id) },
          `${c.direction === "egress" ? "to" : "from"} ${c.label}`,
        ),
      ),
      h("td", {}, c.port === null ? "any" : String(c.port)),
      c.phases.map((p) =>
        h(
          "td",
          { class: `k7-verdict-${p.verdict}${p.phase === phase ? " k7-pic-current" : ""}`, title: p.summary },
          VERDICT_WORDS[p.verdict],
          byPlatform(p) ? " (K7 platform)" : "",
        ),
      ),
    );
  }
  parent.append(
    h(
      "div",
      { class: "k7-pic-bar" },
      h("h3", { id: `${idPrefix}-pic-heading` }, "Who can talk to whom"),
      phaseSwitch,
    ),
    empty,
    // Narrower than its text stays readable, the picture scrolls sideways rather than shrink.
    h("div", { class: "k7-pic-scroll" }, picture),
    legend,
    caption,
    table,
  );
  let shown = null;
  let described = null; // the id of the connection the caption tells about

  /** The caption: what `connection` does in `phase`, or nothing. */
  function describe(connection, phase) {
    described = connection?.id ?? null;
    caption.textContent = connection
      ? `${connection.direction === "egress" ? "To" : "From"} ${connection.label}${portText(connection)}: ${connection.phases.find((p) => p.phase === phase).summary}`
      : "";
  }

  picture.addEventListener("click", (event) => pick(event.target.closest?.("[data-id]")?.dataset.id));

  return {
    /** Draws `result` (what `connections` returns) for `phase`; null draws `message` alone. */
    update(result, { phase, selected = null, message = "" }) {
      for (const input of inputs) input.checked = input.value === phase;
      empty.textContent = message;
      empty.hidden = !message;
      for (const el of [picture, legend, table, caption]) el.classList.toggle("k7-hidden", !result);
      shown = result;
      // The caption follows the connection it tells about to the new text and phase.
      describe(result?.connections.find((c) => c.id === described) ?? null, phase);
      if (!result) return;
      const { width, height, rows, box, edges } = layout(result.connections);
      const when = PHASES.find((p) => p.phase === phase);
      const counts = { allowed: 0, denied: 0, depends: 0 };
      for (const c of result.connections) counts[c.phases.find((p) => p.phase === phase).verdict]++;
      const title = `Connections of sandbox ${result.name ?? "(unnamed)"}, ${when.when.toLowerCase()}`;
      const desc = `${counts.allowed} allowed, ${counts.denied} denied, ${counts.depends} depending. The table “Every connection, in each phase” lists each one.`;
      const answerOf = (c) => c.phases.find((p) => p.phase === phase);
      picture.setAttribute("viewBox", `0 0 ${width} ${height}`);
      // Each element with the key of what it shows: a keystroke redraws only what it changed.
      reconcile(picture, [
        [["title", title], () => svg("title", { id: titleId }, title)],
        [["desc", desc], () => svg("desc", { id: descId }, desc)],
        ...Object.entries(rows).flatMap(([side, list]) =>
          list.map((row) => {
            const c = row.connection;
            return row.heading
              ? [["heading", side, row.heading, row.y], () => headingOf(row, side)]
              : [["node", side, c.id, c.label, c.port, c.query, c.group, row.y], () => nodeOf(row, side)];
          }),
        ),
        ...edges.map((e) => {
          const { connection: c } = e;
          const answer = answerOf(c);
          const on = c.id === selected;
          return [
            ["edge", c.id, c.label, c.port, e.from, e.to, answer.verdict, byPlatform(answer), on],
            () => edgeOf(e, answer, on),
            (el) => patch(el.firstChild, edgeTitle(c, answer)),
          ];
        }),
        [["sandbox", result.name, result.namespace, phase, box], () => sandboxOf(result, box, when)],
      ]);
      reconcile(
        body,
        result.connections.map((c) => {
          const verdicts = c.phases.map((p) => [p.verdict, byPlatform(p)]);
          const on = c.id === selected;
          return [
            ["row", c.id, c.direction, c.label, c.port, verdicts, phase, on],
            () => rowOf(c, phase, on),
            (el) => c.phases.forEach((p, i) => patch(el.cells[i + 2], p.summary, "title")),
          ];
        }),
      );
    },
    /** Says what `connection` does in `phase`, under the picture. */
    describe,
  };
}

function headingOf(row, side) {
  return svg(
    "text",
    { class: "k7-pic-heading", x: side === "ingress" ? LEFT : RIGHT, y: row.y },
    row.heading,
  );
}

function sandboxOf(result, box, when) {
  const x = box.x + box.w / 2;
  const y = box.y + box.h / 2;
  return svg(
    "g",
    { class: "k7-pic-sandbox" },
    svg("rect", { x: box.x, y: box.y, width: box.w, height: box.h, rx: 10 }),
    svg("text", { class: "k7-pic-name", x, y: y - 10 }, shorten(result.name ?? "sandbox", 15)),
    svg("text", { class: "k7-pic-sub", x, y: y + 8 }, shorten(`namespace ${result.namespace}`, 19)),
    svg("text", { class: "k7-pic-sub", x, y: y + 24 }, when.when.toLowerCase()),
  );
}

const keys = new WeakMap(); // an element `reconcile` placed → the key of what it shows

/**
 * Makes `parent`'s children the elements of `items` (`[key, build, update]`: a JSON-able key of
 * what the element shows, the function that builds it, and optionally one that brings a kept
 * element's text up to date), in order, keeping every child whose key is unchanged: the DOM
 * changes only where the drawing does.
 */
function reconcile(parent, items) {
  const old = new Map([...parent.children].map((el) => [keys.get(el), el]));
  let at = parent.firstElementChild;
  for (const [parts, build, update] of items) {
    const key = JSON.stringify(parts);
    let el = old.get(key);
    if (el) {
      old.delete(key);
      update?.(el);
    } else keys.set((el = build()), key);
    if (el === at) at = at.nextElementSibling;
    else parent.insertBefore(el, at);
  }
  for (const el of old.values()) el.remove();
}

/** A short edge for the legend, with the mark its kind of edge carries. */
function swatch(cls, mark) {
  return svg(
    "svg",
    { class: "k7-pic-swatch", viewBox: "0 0 44 16", "aria-hidden": "true" },
    svg(
      "g",
      { class: cls },
      svg("path", { class: "k7-pic-line", d: "M2,8 H40" }),
      svg("path", { class: "k7-pic-arrow", d: "M42,8 l-8,-4.5 v9 z" }),
      mark === "cross"
        ? [
            svg("circle", { class: "k7-pic-mark", cx: 20, cy: 8, r: 6 }),
            svg("path", { class: "k7-pic-cross", d: "M17.5,5.5 l5,5 m0,-5 l-5,5" }),
          ]
        : null,
      mark === "q"
        ? [
            svg("circle", { class: "k7-pic-mark", cx: 20, cy: 8, r: 6 }),
            svg("text", { class: "k7-pic-q", x: 20, y: 11.5 }, "?"),
          ]
        : null,
      mark === "k7"
        ? [
            svg("rect", { class: "k7-pic-k7", x: 9, y: 1, width: 22, height: 14, rx: 4 }),
            svg("text", { class: "k7-pic-k7-text", x: 20, y: 11.5 }, "K7"),
          ]
        : null,
    ),
  );
}
