// The read-only YAML preview: one block element per line, so an update touches only the lines
// that changed (a new name changes a dozen scattered lines of the manifests) and the browser lays
// out only those, whatever the length of the stream. The manifests come from the core's emitter,
// whose plain block style a per-line highlighter colours well enough. Lines are text nodes and
// <span>s: nothing is parsed as HTML. Line numbers are CSS counters, so copying leaves them out.
//
// It shows at most MAX_LINES lines of at most MAX_LINE characters each, and says what it left
// out: a 1 MiB spec can render to megabytes of YAML, which Copy and Download hand out whole.
import { h } from "./dom.js";

const MAX_LINES = 2000;
const MAX_LINE = 5000;

const KEY = /^(\s*)(- )?("[^"]*"|'[^']*'|[^\s"'#-][^:]*?|-[^\s:][^:]*?)(:)(?=\s|$)(\s*)(.*)$/;
const ITEM = /^(\s*)(- )(.*)$/;

function scalar(text) {
  if (text === "") return null;
  if (text === "|" || text === ">" || text === "|-" || text === ">-" || text === "[]" || text === "{}")
    return h("span", { class: "t-punct" }, text);
  if (/^(true|false|null|~|-?\d+(\.\d+)?)$/.test(text)) return h("span", { class: "t-atom" }, text);
  return h("span", { class: "t-string" }, text);
}

/** The nodes of one line of YAML. */
export function highlightLine(line) {
  if (/^\s*#/.test(line)) return [h("span", { class: "t-comment" }, line)];
  if (line === "---") return [h("span", { class: "t-punct" }, line)];
  let m = KEY.exec(line);
  if (m) {
    const [, indent, dash, key, colon, space, value] = m;
    return [
      indent,
      dash ? h("span", { class: "t-punct" }, dash) : null,
      h("span", { class: "t-key" }, key),
      h("span", { class: "t-punct" }, colon),
      space,
      scalar(value),
    ];
  }
  if ((m = ITEM.exec(line))) return [m[1], h("span", { class: "t-punct" }, m[2]), scalar(m[3])];
  return [line];
}

function lineNode(line) {
  return h("div", { class: "l" }, highlightLine(line));
}

function lines(text) {
  const out = text.split("\n");
  if (out.length > 1 && out[out.length - 1] === "") out.pop();
  const shown = out.length > MAX_LINES ? out.slice(0, MAX_LINES) : out;
  for (let i = 0; i < shown.length; i++)
    if (shown[i].length > MAX_LINE)
      shown[i] = `${shown[i].slice(0, MAX_LINE)} # … ${shown[i].length - MAX_LINE} more characters`;
  if (shown !== out) shown.push(`# … ${out.length - MAX_LINES} more lines: Copy and Download hold them all`);
  return shown;
}

export function createViewer({ parent, label }) {
  const pre = h("pre", { class: "k7-yaml", tabindex: "0", role: "region", "aria-label": label });
  parent.append(pre);
  let current = [];
  let marked = [];

  return {
    dom: pre,
    /** Shows `text`; `reset` (another tab) scrolls back to the top. A new text clears the mark. */
    show(text, { reset = false } = {}) {
      for (const node of marked) node.classList.remove("k7-mark");
      marked = [];
      const next = lines(text);
      const nodes = pre.children;
      if (reset || Math.abs(next.length - current.length) > 0) {
        // Keep the common start and end, replace the middle.
        let start = 0;
        const max = Math.min(current.length, next.length);
        while (start < max && current[start] === next[start]) start++;
        let end = 0;
        while (end < max - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
        const stop = current.length - end;
        for (let i = stop - 1; i >= start; i--) nodes[i].remove();
        const fresh = next.slice(start, next.length - end).map(lineNode);
        if (nodes[start]) nodes[start].before(...fresh);
        else pre.append(...fresh);
      } else {
        for (let i = 0; i < next.length; i++) {
          if (next[i] !== current[i]) nodes[i].replaceWith(lineNode(next[i]));
        }
      }
      current = next;
      if (reset) pre.scrollTop = 0;
    },
    /** Marks the lines `from`..`to` (0-based, `to` exclusive) and scrolls them into view. */
    mark(from, to) {
      for (const node of marked) node.classList.remove("k7-mark");
      marked = [...pre.children].slice(from, to);
      for (const node of marked) node.classList.add("k7-mark");
      marked[0]?.scrollIntoView({ block: "center" });
    },
  };
}
