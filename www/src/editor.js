// The CodeMirror 6 editor shared by the page and <k7-spec-editor>: YAML with completions and hover
// help from the schema, and one `render` per change whose diagnostics are drawn at their exact
// spans (the core's offsets are UTF-16 code units, which is what CodeMirror counts).
//
// The core runs in a worker (core.js): one render in flight at a time, and only the rendering of
// the current text and options is shown; one that a later change superseded is dropped, and the
// latest text goes next. Typing never waits for the core, whatever the spec.
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
 * - core: `{ render(text, options) }` returning a promise (core.js); schema: the spec's schema;
 * - `onRender(rendering)` runs after the rendering of the current text and options arrives, with
 *   the diagnostics already on the editor; `onError(error)` when the core fails;
 * - `onChange()` after every change of the text; `onBusy(busy)` when the core starts working on
 *   a text (true) and when the latest one's rendering is shown (false);
 * - `getOptions()` returns the current RenderOptions;
 * - paused: render nothing until `resume()`.
 */
export function createSpecEditor({
  root,
  parent,
  doc,
  core,
  schema,
  getOptions,
  onRender,
  onError,
  onChange,
  onBusy,
  readonly = false,
  paused = false,
  label,
}) {
  const index = schemaIndex(schema);
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
      if (!trs.some((tr) => tr.docChanged)) return;
      onChange?.();
      refresh();
    },
  });

  let wanted = 0; // the number of the latest text and options
  let shown = -1; // the number of the ones whose rendering is shown
  let running = null; // the request the core works on
  let waiting = null; // the latest request, when it waits for the core
  const settled = []; // what `settled()` promised

  /** Renders the current text with the current options (after the request in flight). */
  function refresh() {
    wanted++;
    if (paused) return;
    waiting = { n: wanted, text: view.state.doc.toString(), options: getOptions(), keyAt };
    keyAt = null;
    next();
  }

  function next() {
    if (running) return;
    if (!waiting) {
      onBusy?.(false);
      for (const resolve of settled.splice(0)) resolve();
      return;
    }
    onBusy?.(true);
    const job = (running = waiting);
    waiting = null;
    core.render(job.text, job.options).then(
      (rendering) => {
        running = null;
        if (job.n === wanted) show(job, rendering);
        next();
      },
      (error) => {
        running = null;
        onError?.(error);
        next();
      },
    );
  }

  function show(job, rendering) {
    shown = job.n;
    view.dispatch(setDiagnostics(view.state, toEditorDiagnostics(rendering.diagnostics, job.text.length)));
    onRender(rendering);
    if (job.keyAt !== null)
      performance.measure("k7:keystroke-to-preview", { start: job.keyAt, end: performance.now() });
  }

  return {
    view,
    refresh,
    /** Resolves once the rendering of the current text is shown (at once when it is). */
    settled() {
      return running || waiting ? new Promise((resolve) => settled.push(resolve)) : Promise.resolve();
    },
    /** Whether the rendering last shown is that of the current text and options. */
    get fresh() {
      return shown === wanted;
    },
    get paused() {
      return paused;
    },
    /** Renders again after `paused`. */
    resume() {
      paused = false;
      refresh();
    },
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
