// Changes to the editor's text that come from the core rather than the keyboard: a diagnostic's
// fix (its edits, in the UTF-16 offsets of the text that was rendered), "Fix all" (`fix`'s new
// text) and the Security form (`edit`'s new text). Each is one transaction kept apart in the
// history, so one undo restores exactly the text before it, and a new text replaces only the
// part that changed, so the cursor and the rest of the text stay where they were.
import { isolateHistory } from "@codemirror/commands";

/** What marks an unsafe fix's label: it changes what the sandbox does. */
export const UNSAFE = "(changes behaviour)";

/** A fix's label for a button: its title without the backticks, unsafe ones marked. */
export function fixLabel(fix) {
  const title = fix.title.replaceAll("`", "");
  return fix.applicability === "unsafe" ? `${title} ${UNSAFE}` : title;
}

/** How many of `diagnostics` (not suppressed) carry a safe fix. */
export function safeFixes(diagnostics) {
  return diagnostics.filter((d) => !d.suppressed && d.fixes?.some((f) => f.applicability === "safe")).length;
}

/** Dispatches `changes` as one transaction of its own in the history. */
function dispatchChanges(view, changes, userEvent) {
  view.dispatch({ changes, userEvent, annotations: isolateHistory.of("full") });
}

/**
 * Applies `fix`, whose edits hold offsets of a text that `since` (a ChangeSet) turned into the
 * current one: the changes typed since it was rendered move the edits with them.
 */
export function dispatchFix(view, fix, since) {
  const changes = fix.edits
    .map((e) => {
      const from = since.mapPos(e.span.start.offset, 1);
      return { from, to: Math.max(from, since.mapPos(e.span.end.offset, -1)), insert: e.text };
    })
    .sort((a, b) => a.from - b.from);
  dispatchChanges(view, changes, "input.fix");
}

/**
 * Replaces the editor's text `old` by `next`, as one change from the first character that differs
 * to the last; false (and nothing done) when the text is no longer `old` or `next` is the same.
 */
export function dispatchText(view, old, next, userEvent) {
  if (next === old || view.state.doc.toString() !== old) return false;
  let start = 0;
  while (start < old.length && old[start] === next[start]) start++;
  let end = 0;
  const most = Math.min(old.length, next.length) - start;
  while (end < most && old[old.length - 1 - end] === next[next.length - 1 - end]) end++;
  dispatchChanges(
    view,
    { from: start, to: old.length - end, insert: next.slice(start, next.length - end) },
    userEvent,
  );
  return true;
}
