// The list of diagnostics beside the editor: one button per diagnostic, which moves the cursor to
// its span; suppressed findings come last, faded, under "Suppressed", each with its reason. Long
// lists (a 1,000-entry whitelist full of duplicates) stop at LIMIT; `total` counts them all (the
// worker sends at most 1,000 diagnostics, and `counts`, how many of each severity and suppressed).
// A diagnostic's fixes are buttons under it, unsafe ones marked "(changes behaviour)"; "Fix all
// safe" above the list applies every safe fix, and is off when no diagnostic has one.
import { h, prose } from "./dom.js";
import { fixLabel, safeFixes, UNSAFE } from "./fixes.js";
import { suppressedWords } from "./text.js";

const LIMIT = 200;

/** The buttons of `d`'s fixes, each labelled by its title; `apply(fix, d)` on a click. */
function fixButtons(d, apply) {
  if (!d.fixes?.length) return null;
  return h(
    "div",
    { class: "k7-fixes", role: "group", "aria-label": `Fixes of ${d.code}` },
    d.fixes.map((fix) =>
      h(
        "button",
        {
          type: "button",
          class: `k7-button k7-fix k7-fix-${fix.applicability}`,
          "aria-label": `Fix: ${fixLabel(fix)}`,
          onclick: () => apply(fix, d),
        },
        prose(fix.title),
        fix.applicability === "unsafe" ? h("span", { class: "k7-fix-note" }, ` ${UNSAFE}`) : null,
      ),
    ),
  );
}

function items(diagnostics, goTo, fixes) {
  return h(
    "ul",
    { class: "k7-problems" },
    diagnostics.map((d) => {
      const where = d.span ? `${d.span.start.line}:${d.span.start.column}` : "";
      const reason = d.suppressed ? suppressedWords(d.suppressed) : null;
      return h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: `k7-problem k7-problem-${d.severity}${reason ? " k7-problem-suppressed" : ""}`,
            "data-code": d.code,
            "aria-label": `${reason ? "suppressed " : ""}${d.severity} at line ${d.span?.start.line ?? "?"}, column ${d.span?.start.column ?? "?"}: ${d.message}`,
            onclick: () => goTo(d),
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
          reason ? h("span", { class: "k7-problem-reason" }, reason) : null,
        ),
        fixes ? fixButtons(d, fixes.apply) : null,
      );
    }),
  );
}

/**
 * The list of `diagnostics`, with `counts` of the whole list; `goTo(d)` on a click on the diagnostic
 * `d`; `fixes` (none in a read-only editor): `{ apply(fix, d), all() }`, a fix's button and "Fix
 * all safe".
 */
export function problemList(diagnostics, counts, goTo, fixes) {
  const active = diagnostics.filter((d) => !d.suppressed).slice(0, LIMIT);
  const suppressed = diagnostics.filter((d) => d.suppressed).slice(0, LIMIT);
  const more = (n, shown) => (n > shown ? h("p", { class: "k7-none" }, `and ${n - shown} more`) : null);
  const safe = safeFixes(diagnostics);
  return [
    fixes && active.length
      ? h(
          "div",
          { class: "k7-problems-bar" },
          h(
            "button",
            { type: "button", class: "k7-button k7-fix-all", disabled: !safe, onclick: fixes.all },
            safe ? `Fix all safe (${safe})` : "Fix all safe",
          ),
          safe ? null : h("span", { class: "k7-none" }, "No safe fix for these problems."),
        )
      : null,
    active.length ? items(active, goTo, fixes) : h("p", { class: "k7-none" }, "No problems."),
    more(total(counts), active.length),
    counts.suppressed
      ? [
          h("p", { class: "k7-problems-heading" }, `Suppressed (${counts.suppressed})`),
          items(suppressed, goTo, fixes),
          more(counts.suppressed, suppressed.length),
        ]
      : null,
  ];
}

/** How many diagnostics `counts` ({ error, warning, info, suppressed }) counts, suppressed ones apart. */
export const total = (counts) => counts.error + counts.warning + counts.info;

/**
 * "2 errors, 1 warning, 1 suppressed", from `counts` ({ error, warning, info, suppressed });
 * `none` leads when nothing but suppressed findings is counted ("No problems, 1 suppressed").
 */
export function countWords(n, none = "") {
  const words = [];
  if (n.error) words.push(`${n.error} error${n.error > 1 ? "s" : ""}`);
  if (n.warning) words.push(`${n.warning} warning${n.warning > 1 ? "s" : ""}`);
  if (n.info) words.push(`${n.info} note${n.info > 1 ? "s" : ""}`);
  if (!words.length && none) words.push(none);
  if (n.suppressed) words.push(`${n.suppressed} suppressed`);
  return words.join(", ");
}
