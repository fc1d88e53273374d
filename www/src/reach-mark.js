// The spec entry behind a deciding rule, marked in the spec editor: its lines tinted and its span
// outlined, scrolled into view, until the next change of the text or the next mark. Added to an
// editor on its first use (StateEffect.appendConfig), so editor.js stays as it is.
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";

const setMark = StateEffect.define();

const marks = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMark)) return e.value;
    return tr.docChanged ? Decoration.none : value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const look = EditorView.baseTheme({
  ".k7-reach-line": { backgroundColor: "var(--k7-warning-soft)" },
  ".k7-reach-span": { outline: "2px solid var(--k7-warning)", outlineOffset: "1px", borderRadius: "2px" },
});

const ready = new WeakSet();

/** Marks `from`..`to` (UTF-16 offsets, as the core's spans count) in `view` and scrolls to it. */
export function markSpan(view, from, to) {
  const length = view.state.doc.length;
  const start = Math.min(from, length);
  const end = Math.max(start, Math.min(to, length));
  const effects = [];
  if (!ready.has(view)) {
    ready.add(view);
    effects.push(StateEffect.appendConfig.of([marks, look]));
  }
  const ranges = [];
  const last = view.state.doc.lineAt(end).number;
  for (let n = view.state.doc.lineAt(start).number; n <= last; n++)
    ranges.push(Decoration.line({ class: "k7-reach-line" }).range(view.state.doc.line(n).from));
  if (end > start) ranges.push(Decoration.mark({ class: "k7-reach-span" }).range(start, end));
  effects.push(setMark.of(Decoration.set(ranges, true)), EditorView.scrollIntoView(start, { y: "center" }));
  // The field must exist before its effect is read: configure, then mark.
  if (effects.length > 2) view.dispatch({ effects: effects.shift() });
  view.dispatch({ effects });
}
