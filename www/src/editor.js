// The CodeMirror 6 editor shared by the page and <k7-spec-editor>: YAML, editing commands and the
// theme around k7Spec() (extension.js), which brings completions, hover help and the diagnostics
// of one `render` per change.
//
// Lines do not wrap: laying out a wrapped line of a megabyte (a spec from a link or from storage)
// took Chromium seconds at every load, while CodeMirror draws only the visible part of a line that
// does not wrap. Switching wrapping off only while such a line exists made CodeMirror measure in a
// loop.
//
// Every view mounts in a shadow root, so CodeMirror's styles go into adopted style sheets rather
// than <style> elements, and the page keeps `style-src 'self'` without 'unsafe-inline'.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, indentOnInput, indentUnit } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";

import { applyFix, fixAll, k7Spec, k7SpecLinter } from "./extension.js";
import { editorTheme } from "./theme.js";

/**
 * Mounts a spec editor into `root` (a ShadowRoot) under `parent`.
 * - core: `{ render(text, options), schema() }` returning promises (core.js);
 * - `onRender(rendering)` runs after the rendering of the current text and options arrives, with
 *   the diagnostics already on the editor; `onError(error)` when the core fails;
 * - `onChange()` after every change of the text; `onBusy(busy)` when the core starts working on
 *   a text (true) and when the latest one's rendering is shown (false);
 * - `getOptions()` returns the current RenderOptions;
 * - paused: render nothing until `resume()`.
 * Rendering starts at once (unless paused).
 */
export function createSpecEditor({
  root,
  parent,
  doc,
  core,
  getOptions,
  onRender,
  onError,
  onChange,
  onBusy,
  readonly = false,
  paused = false,
  label,
}) {
  const editable = new Compartment();
  // The start of the keystroke or fix under way and its name, for the bench's measures
  // (www/test/bench.mjs): `k7:keystroke-to-preview` ends as the DOM holds the new preview,
  // `k7:keystroke-to-paint` once the frame that shows it is drawn (a task queued from the frame's
  // animation callbacks runs after its paint; its detail `frame` is that frame's time); `k7:fix-…`
  // alike. Then that of the latest change, until it is shown.
  let started = null;
  let changed = null;

  const view = new EditorView({
    root,
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        yaml(),
        autocompletion({ icons: false }),
        k7Spec({
          core,
          options: getOptions,
          paused,
          onError,
          onBusy,
          onChange() {
            changed = started;
            started = null;
            onChange?.();
          },
          onRender(rendering) {
            onRender(rendering);
            if (changed) {
              const { name, at } = changed;
              performance.measure(`${name}-to-preview`, { start: at, end: performance.now() });
              requestAnimationFrame((frame) =>
                setTimeout(() =>
                  performance.measure(`${name}-to-paint`, {
                    start: at,
                    end: performance.now(),
                    detail: { frame },
                  }),
                ),
              );
            }
            changed = null;
          },
        }),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
        ]),
        editorTheme,
        EditorView.contentAttributes.of({ "aria-label": label ?? "Sandbox spec (k7.yaml)" }),
        editable.of(readonlyExtensions(readonly)),
        EditorView.domEventHandlers({
          keydown: (event) => void (started = { name: "k7:keystroke", at: event.timeStamp }),
          keyup: () => void (started = null),
          beforeinput: replaceSelectionInput,
        }),
      ],
    }),
  });
  const renderer = k7SpecLinter(view);

  return {
    view,
    refresh: () => renderer.refresh(),
    /** Resolves once the rendering of the current text is shown (at once when it is). */
    settled: () => renderer.settled(),
    /** Whether the rendering last shown is that of the current text and options. */
    get fresh() {
      return renderer.fresh;
    },
    get paused() {
      return renderer.paused;
    },
    /** Renders again after `paused`. */
    resume: () => renderer.resume(),
    get text() {
      return view.state.doc.toString();
    },
    /** Replaces the whole text (one undoable change) and renders it. */
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setReadonly(value) {
      view.dispatch({ effects: editable.reconfigure(readonlyExtensions(value)) });
    },
    /** Applies a fix of a diagnostic shown (one undoable change); false when it cannot. */
    applyFix(fix) {
      started = { name: "k7:fix", at: performance.now() };
      const applied = applyFix(view, fix);
      if (!applied) started = null;
      return applied;
    },
    /** Applies every safe fix (one undoable change); resolves to false when none applied. */
    fixAll: () => fixAll(view),
    /** Moves the cursor to `offset`, scrolls it into view and focuses the editor. */
    goTo(offset) {
      const pos = Math.min(offset, view.state.doc.length);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}

/**
 * Typing over a selection that spans several highlighted tokens makes Chromium's own editing wrap
 * the new text in a `<span style=…>` to keep the old look, which the CSP refuses (and reports as
 * an error). CodeMirror redraws the line either way, so such input is applied here instead, through
 * the same input handlers (closeBrackets wraps the selection) as CodeMirror's own path.
 */
function replaceSelectionInput(event, view) {
  if (event.inputType !== "insertText" || typeof event.data !== "string" || event.isComposing) return false;
  const range = view.state.selection.main;
  if (range.empty || view.state.selection.ranges.length > 1 || view.state.readOnly) return false;
  event.preventDefault();
  const text = event.data;
  const handled = view.state
    .facet(EditorView.inputHandler)
    .some((handler) =>
      handler(view, range.from, range.to, text, () => view.state.update(view.state.replaceSelection(text))),
    );
  if (!handled)
    view.dispatch(view.state.replaceSelection(text), { userEvent: "input.type", scrollIntoView: true });
  return true;
}

function readonlyExtensions(readonly) {
  return readonly
    ? [EditorState.readOnly.of(true), EditorView.contentAttributes.of({ "aria-readonly": "true" })]
    : [];
}
