// The list of diagnostics beside the editor: one button per diagnostic, which moves the cursor to
// its span. Long lists (a 1,000-entry whitelist full of duplicates) stop at LIMIT; `total` counts
// them all (the worker sends at most 1,000 diagnostics, and `counts`, how many of each severity).
import { h } from "./dom.js";

const LIMIT = 200;

export function problemList(diagnostics, total, goTo) {
  if (!diagnostics.length) return h("p", { class: "k7-none" }, "No problems.");
  const shown = diagnostics.slice(0, LIMIT);
  return [
    h(
      "ul",
      { class: "k7-problems" },
      shown.map((d) => {
        const where = d.span ? `${d.span.start.line}:${d.span.start.column}` : "";
        return h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: `k7-problem k7-problem-${d.severity}`,
              "data-code": d.code,
              "aria-label": `${d.severity} at line ${d.span?.start.line ?? "?"}, column ${d.span?.start.column ?? "?"}: ${d.message}`,
              onclick: () => goTo(d.span?.start.offset ?? 0),
            },
            h("span", { class: "k7-sev" }, d.severity),
            h(
              "span",
              { class: "k7-problem-message" },
              d.message,
              " ",
              h("span", { class: "k7-problem-where" }, `${where} ${d.code}`),
            ),
            d.help ? h("span", { class: "k7-problem-help" }, d.help) : null,
          ),
        );
      }),
    ),
    total > shown.length ? h("p", { class: "k7-none" }, `and ${total - shown.length} more`) : null,
  ];
}

/** How many diagnostics `counts` ({ error, warning, info }) counts. */
export const total = (counts) => counts.error + counts.warning + counts.info;

/** "2 errors, 1 warning", from `counts` ({ error, warning, info }). */
export function countWords(n) {
  const words = [];
  if (n.error) words.push(`${n.error} error${n.error > 1 ? "s" : ""}`);
  if (n.warning) words.push(`${n.warning} warning${n.warning > 1 ? "s" : ""}`);
  if (n.info) words.push(`${n.info} note${n.info > 1 ? "s" : ""}`);
  return words.join(", ");
}
