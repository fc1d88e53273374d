// The CodeMirror 6 editor shared by the page and <k7-spec-editor>: YAML with completions and hover
// help from the schema, and one `render` per change whose diagnostics are drawn at their exact
// spans (the core's offsets are UTF-16 code units, which is what CodeMirror counts).
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
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from "@codemirror/view";

import { h } from "./dom.js";
import { completionSource, describeKey, schemaIndex } from "./schema-help.js";
import { editorTheme } from "./theme.js";

/** The core's diagnostics as CodeMirror's, clamped to the document and sorted by position. */
export function toEditorDiagnostics(diagnostics, docLength) {
  return diagnostics.map((d) => {
    const from = Math.min(d.span?.start.offset ?? 0, docLength);
    const to = Math.max(from, Math.min(d.span?.end.offset ?? from, docLength));
    return {
      from,
      to,
      severity: d.severity,
      message: d.message + (d.help ? ` (${d.help})` : ""),
      renderMessage: () =>
        h(
          "div",
          { class: "k7-diag" },
          h("div", {}, d.message),
          d.help ? h("p", { class: "k7-diag-help" }, d.help) : null,
          h("p", { class: "k7-diag-code" }, `${d.severity}[${d.code}] ${d.path}`),
        ),
    };
  });
}

function keyHover(index) {
  return hoverTooltip((view, pos) => {
    const found = describeKey(index, view.state.doc, pos);
    if (!found) return null;
    return {
      pos: found.from,
      end: found.to,
      above: true,
      create: () => ({
        dom: h(
          "div",
          { class: "k7-hover k7-info" },
          h("strong", {}, found.title),
          h("span", { class: "k7-info-type" }, ` ${found.kind}`),
          h("p", {}, found.description),
        ),
      }),
    };
  });
}

/**
 * Mounts a spec editor into `root` (a ShadowRoot) under `parent`.
 * `onRender(rendering, meta)` runs after every change of the text or the options, with the
 * diagnostics already on the editor; `getOptions()` returns the current RenderOptions.
 */
export function createSpecEditor({ root, parent, doc, k7, getOptions, onRender, readonly = false, label }) {
  const index = schemaIndex(k7.schema());
  const editable = new Compartment();
  let keyAt = null;

  const view = new EditorView({
    root,
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        lintGutter(),
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
        autocompletion({ override: [completionSource(index)], icons: false }),
        keyHover(index),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
        ]),
        editorTheme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label ?? "Sandbox spec (k7.yaml)" }),
        editable.of(readonlyExtensions(readonly)),
        EditorView.domEventHandlers({
          // The start of a keystroke, for the keystroke-to-preview measure (bench).
          keydown: (event) => void (keyAt = event.timeStamp),
          keyup: () => void (keyAt = null),
          beforeinput: replaceSelectionInput,
        }),
      ],
    }),
    dispatchTransactions(trs, view) {
      view.update(trs);
      if (trs.some((tr) => tr.docChanged)) refresh();
    },
  });

  function refresh() {
    const text = view.state.doc.toString();
    const rendering = k7.render(text, getOptions());
    view.dispatch(setDiagnostics(view.state, toEditorDiagnostics(rendering.diagnostics, text.length)));
    onRender(rendering, { text });
    if (keyAt !== null) {
      performance.measure("k7:keystroke-to-preview", { start: keyAt, end: performance.now() });
      keyAt = null;
    }
  }

  return {
    view,
    refresh,
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
