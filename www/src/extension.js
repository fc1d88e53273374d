// k7Spec(): the CodeMirror 6 extension that makes any editor a k7.yaml editor, as the page and
// <k7-spec-editor> use it and as the k7-spec-codemirror package exports it: completions and hover
// help from the spec's JSON Schema, and one `render` per change whose diagnostics are drawn at their
// exact spans (the core's offsets are UTF-16 code units, which is what CodeMirror counts).
// Suppressed findings (`# k7-spec: ignore[code] reason`, the `ignore` option) stay on the editor,
// faded, with their reason in the tooltip. A diagnostic's fixes are the tooltip's actions (unsafe
// ones marked "(changes behaviour)"); applyFix() and fixAll() apply them as one undoable change.
//
// The core is k7-spec's module by default (core.js: a short text on the page's thread, in about a
// millisecond, a longer one in a worker): one render in flight at a time, and only the rendering
// of the current text and options is shown; one that a later change superseded is dropped, and
// the latest text goes next. Typing never waits for the core on a spec that takes it long.
import { autocompletion } from "@codemirror/autocomplete";
import { forEachDiagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { ChangeSet, EditorState } from "@codemirror/state";
import { EditorView, hoverTooltip, ViewPlugin } from "@codemirror/view";

import { core as defaultCore } from "./core.js";
import { h } from "./dom.js";
import { dispatchFix, dispatchText, fixLabel } from "./fixes.js";
import { completionSource, describeKey, schemaIndex } from "./schema-help.js";
import { suppressedWords } from "./text.js";

/**
 * The core's diagnostics as CodeMirror's, clamped to the document; suppressed ones as hints; their
 * fixes as actions (none in a read-only editor). Each also says what it shows (`shows`: its place
 * in the list, its words, its fixes' names or that it has none to offer), for Renderer.show.
 */
function toEditorDiagnostics(diagnostics, docLength, readOnly) {
  return diagnostics.map((d, i) => {
    const from = Math.min(d.span?.start.offset ?? 0, docLength);
    const to = Math.max(from, Math.min(d.span?.end.offset ?? from, docLength));
    const suppressed = d.suppressed ? suppressedWords(d.suppressed) : null;
    return {
      from,
      to,
      shows: JSON.stringify([
        i,
        d.code,
        d.path,
        d.severity,
        d.message,
        d.help,
        suppressed,
        readOnly || d.fixes?.map(fixLabel),
      ]),
      actions: readOnly
        ? []
        : (d.fixes ?? []).map((fix, k) => ({
            name: fixLabel(fix),
            markClass: `k7-fix k7-fix-${fix.applicability}`,
            // The same fix of the rendering shown now, which may have kept this diagnostic drawn.
            apply: (view) => applyFix(view, renderers.get(view)?.rendering?.diagnostics[i].fixes[k] ?? fix),
          })),
      severity: suppressed ? "hint" : d.severity,
      markClass: suppressed ? "k7-suppressed" : undefined,
      message: d.message + (d.help ? ` (${d.help})` : "") + (suppressed ? ` [${suppressed}]` : ""),
      renderMessage: () =>
        h(
          "div",
          { class: suppressed ? "k7-diag k7-diag-suppressed" : "k7-diag" },
          h("div", {}, d.message),
          d.help ? h("p", { class: "k7-diag-help" }, d.help) : null,
          h("p", { class: "k7-diag-code" }, `${d.severity}[${d.code}] ${d.path}`),
          suppressed ? h("p", { class: "k7-diag-reason" }, suppressed) : null,
        ),
    };
  });
}

const renderers = new WeakMap(); // a view's Renderer, for k7SpecLinter()

/** The most diagnostics `drawnAlike` compares; more are drawn again. */
const ALIKE_LIMIT = 200;

/**
 * Whether `state` shows `diagnostics` (toEditorDiagnostics) already: each diagnostic drawn shows
 * the same at the same place, as typing elsewhere leaves them (CodeMirror moved them with the text).
 */
function drawnAlike(state, diagnostics) {
  if (diagnostics.length > ALIKE_LIMIT) return false;
  const drawn = [];
  forEachDiagnostic(state, (d, from, to) => drawn.push(`${from} ${to} ${d.shows}`));
  const wanted = diagnostics.map((d) => `${d.from} ${d.to} ${d.shows}`);
  return drawn.length === wanted.length && drawn.sort().join("\n") === wanted.sort().join("\n");
}

/**
 * Renders the editor's text on every change, through `config.core`, and shows the diagnostics of
 * the latest one. `refresh()` renders again (new options), `settled()` resolves once the
 * rendering of the current text is shown; `paused` renders nothing until `resume()`.
 */
class Renderer {
  wanted = 0; // the number of the latest text and options
  shown = -1; // the number of the ones whose rendering is shown
  running = null; // the request the core works on
  waiting = null; // the latest request, when it waits for the core
  promised = []; // what `settled()` promised
  destroyed = false;
  since = null; // the changes from the text whose rendering is shown to the current one
  rendering = null; // the rendering shown

  constructor(view, config) {
    this.view = view;
    this.config = config;
    this.paused = Boolean(config.paused);
    this.refresh();
  }

  update(update) {
    if (!update.docChanged) return;
    this.since = this.since?.compose(update.changes) ?? null;
    this.config.onChange?.();
    this.refresh();
  }

  destroy() {
    this.destroyed = true;
    if (renderers.get(this.view) === this) renderers.delete(this.view);
  }

  /** Renders the current text with the current options (after the request in flight). */
  refresh() {
    this.wanted++;
    if (this.paused) return;
    this.waiting = { n: this.wanted, text: this.view.state.doc.toString(), options: this.options() };
    this.next();
  }

  /** The RenderOptions, as they are now. */
  options() {
    const { options } = this.config;
    return (typeof options === "function" ? options() : options) ?? {};
  }

  resume() {
    this.paused = false;
    this.refresh();
  }

  get fresh() {
    return this.shown === this.wanted;
  }

  settled() {
    return this.running || this.waiting
      ? new Promise((resolve) => this.promised.push(resolve))
      : Promise.resolve();
  }

  next() {
    const { config } = this;
    if (this.running || this.destroyed) return;
    if (!this.waiting) {
      config.onBusy?.(false);
      for (const resolve of this.promised.splice(0)) resolve();
      return;
    }
    config.onBusy?.(true);
    const job = (this.running = this.waiting);
    this.waiting = null;
    Promise.resolve()
      .then(() => config.core.render(job.text, job.options))
      .then(
        (rendering) => {
          this.running = null;
          if (job.n === this.wanted && !this.destroyed) this.show(job, rendering);
          this.next();
        },
        (error) => {
          this.running = null;
          if (config.onError) config.onError(error);
          else console.error(error);
          this.next();
        },
      );
  }

  show(job, rendering) {
    this.shown = job.n;
    this.rendering = rendering;
    const { view } = this;
    this.since = ChangeSet.empty(job.text.length);
    const diagnostics = toEditorDiagnostics(rendering.diagnostics, job.text.length, view.state.readOnly);
    // A keystroke that changes no diagnostic (most) costs no transaction to draw them again.
    if (!drawnAlike(view.state, diagnostics)) view.dispatch(setDiagnostics(view.state, diagnostics));
    this.config.onRender?.(rendering);
  }
}

/**
 * The diagnostics' look that CodeMirror's lint styles lack: suppressed findings faded to grey, with
 * a dotted underline. A grey rather than an opacity: the syntax colours at 0.7 fall below 4.5:1 on
 * white (purple atoms to 2.9:1); these greys keep 6.4:1 on white, 7.8:1 on #0d1117 and 5.8:1 on
 * #282c34.
 */
const baseTheme = EditorView.baseTheme({
  ".cm-lintRange.k7-suppressed": {
    backgroundImage: "none",
    textDecoration: "underline dotted",
    textUnderlineOffset: "3px",
  },
  "&light .cm-lintRange.k7-suppressed, &light .cm-lintRange.k7-suppressed *": { color: "#57606a" },
  "&dark .cm-lintRange.k7-suppressed, &dark .cm-lintRange.k7-suppressed *": { color: "#9ea7b3" },
  ".cm-diagnostic-hint:has(.k7-diag-suppressed)": { borderLeftColor: "#8888", opacity: "0.85" },
  ".k7-info strong": { fontFamily: "monospace" },
  ".k7-info-type, .k7-diag-help, .k7-diag-code, .k7-diag-reason": { opacity: "0.75" },
  ".k7-info-type, .k7-diag-code": { fontFamily: "monospace" },
  ".k7-diag-code": { fontSize: "12px" },
  ".k7-diag-reason": { fontStyle: "italic" },
  ".k7-info p, .k7-diag p": { margin: "4px 0 0" },
  ".k7-hover": { padding: "6px 10px", maxWidth: "28rem" },
  // The fixes: CodeMirror's dark grey buttons are the action; an unsafe fix's is outlined instead.
  ".cm-diagnosticAction.k7-fix": { margin: "4px 8px 2px 0" },
  ".cm-diagnosticAction.k7-fix-unsafe": {
    backgroundColor: "transparent",
    color: "inherit",
    outline: "1px solid currentColor",
    outlineOffset: "-1px",
  },
});

/** One schema index per core, read on first use (completion and hover wait for it). */
const indexes = new WeakMap();
function indexOf(core) {
  if (!indexes.has(core))
    indexes.set(
      core,
      Promise.resolve()
        .then(() => core.schema())
        .then(schemaIndex),
    );
  return indexes.get(core);
}

function keyHover(core) {
  return hoverTooltip(async (view, pos) => {
    const found = describeKey(await indexOf(core), view.state.doc, pos);
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
 * The k7-spec extension for a CodeMirror 6 editor (types in k7-spec-codemirror's index.d.ts):
 * - core: `{ render(text, options), schema() }`, each returning a value or a promise; by default
 *   the k7-spec module (core.js): on the page's thread for a short text, else in a worker, started
 *   on first use and shared by every editor of the page;
 * - options: RenderOptions, or a function returning them (read at every render);
 * - gutter: the lint gutter (default true);
 * - onRender(rendering) after the rendering of the current text and options is shown; onError(error)
 *   when the core fails (default: console.error); onChange() after every change of the text;
 *   onBusy(busy) when the core starts on a text (true) and once the latest one's rendering is
 *   shown (false); paused: render nothing until `k7SpecLinter(view).resume()`.
 */
export function k7Spec(config = {}) {
  const full = { ...config, core: config.core ?? defaultCore };
  const source = async (context) => completionSource(await indexOf(full.core))(context);
  const plugin = ViewPlugin.define((view) => {
    const renderer = new Renderer(view, full);
    renderers.set(view, renderer);
    return renderer;
  });
  return [
    plugin,
    autocompletion(),
    EditorState.languageData.of(() => [{ autocomplete: source }]),
    keyHover(full.core),
    full.gutter === false ? [] : lintGutter(),
    baseTheme,
  ];
}

/** The k7Spec renderer of `view` (refresh, settled, fresh, paused, resume), or null. */
export function k7SpecLinter(view) {
  return renderers.get(view) ?? null;
}

/**
 * Applies `fix`, a fix of a diagnostic shown on `view` (moved along with what was typed since),
 * as one change that one undo takes back; false when the view shows no rendering or is read-only.
 */
export function applyFix(view, fix) {
  const since = renderers.get(view)?.since;
  if (!since || view.state.readOnly) return false;
  dispatchFix(view, fix, since);
  return true;
}

/**
 * Applies every safe fix of the text (every fix with `unsafe`) through the core's `fix`, in passes
 * until none is left, as one change that one undo takes back. Resolves to false when nothing
 * changed: no fix, a read-only view, a core without `fix`, or a text changed meanwhile.
 */
export async function fixAll(view, { unsafe = false } = {}) {
  const renderer = renderers.get(view);
  if (!renderer?.config.core.fix || view.state.readOnly) return false;
  const text = view.state.doc.toString();
  const fixed = await renderer.config.core.fix(text, renderer.options(), unsafe);
  return dispatchText(view, text, fixed.text, "input.fix");
}
