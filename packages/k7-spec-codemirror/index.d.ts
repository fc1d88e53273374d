// k7-spec-codemirror: K7 sandbox specs (k7.yaml) in a CodeMirror 6 editor.
import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import type { Fix, RenderOptions, Rendering } from "k7-spec";

/**
 * What renders the spec: k7-spec's `render` and `schema`, each returning a value or a promise.
 * The default runs the k7-spec module on the main thread for a spec of up to 768 characters and
 * in a module worker (one for the page, started on first use) for a longer one; its renderings hold
 * at most 1,000 diagnostics; k7-spec itself fits once `await init()` ran:
 * `k7Spec({ core: k7 })` after `import init, * as k7 from "k7-spec"`.
 */
export interface K7SpecCore {
  render(text: string, options: RenderOptions): Rendering | Promise<Rendering>;
  schema(): object | Promise<object>;
  /** k7-spec's `fix`, which `fixAll` needs (the default core and k7-spec itself have it). */
  fix?(
    text: string,
    options: RenderOptions,
    unsafeFixes: boolean,
  ): { text: string } | Promise<{ text: string }>;
}

export interface K7SpecConfig {
  /** The core that renders (default: k7-spec, in a worker for a spec over 768 characters). */
  core?: K7SpecCore;
  /** The CNI, workload and codes to ignore; a function is read again at every render. */
  options?: RenderOptions | (() => RenderOptions);
  /** The lint gutter beside the line numbers (default true). */
  gutter?: boolean;
  /** Render nothing until `k7SpecLinter(view).resume()` (default false). */
  paused?: boolean;
  /** After the rendering of the current text and options is shown on the editor. */
  onRender?(rendering: Rendering): void;
  /** When the core fails (default: console.error). */
  onError?(error: unknown): void;
  /** After every change of the text. */
  onChange?(): void;
  /** When the core starts on a text (true) and when the latest text's rendering is shown (false). */
  onBusy?(busy: boolean): void;
}

/**
 * The k7.yaml extension: the diagnostics of k7-spec's `render` at their spans, redrawn after every
 * change (one render in flight; a rendering that a later change superseded is dropped), with
 * their help and code in the tooltip, and their fixes as the tooltip's actions (an unsafe one,
 * which changes what the sandbox does, labelled "(changes behaviour)"); suppressed findings (`# k7-spec: ignore[code] reason`, the
 * `ignore` option) faded, with "suppressed: reason"; completion of keys and values and hover help
 * from the spec's JSON Schema. Add YAML highlighting with `yaml()` from `@codemirror/lang-yaml`.
 *
 * @example
 * import { basicSetup, EditorView } from "codemirror";
 * import { yaml } from "@codemirror/lang-yaml";
 * import { k7Spec } from "k7-spec-codemirror";
 *
 * new EditorView({
 *   doc: "name: demo\nimage: alpine:3.20\n",
 *   extensions: [basicSetup, yaml(), k7Spec({ options: { cni: "flannel" } })],
 *   parent: document.body,
 * });
 */
export function k7Spec(config?: K7SpecConfig): Extension;

/** The renderer that `k7Spec` installed in a view. */
export interface K7SpecLinter {
  /** Renders again (after the options changed). */
  refresh(): void;
  /** Resolves once the rendering of the current text is shown (at once when it is). */
  settled(): Promise<void>;
  /** Whether the rendering shown is that of the current text and options. */
  readonly fresh: boolean;
  /** Whether rendering waits for `resume()`. */
  readonly paused: boolean;
  /** Starts rendering after `paused`. */
  resume(): void;
}

/** The renderer of `view`, or null when `view` has no `k7Spec` extension. */
export function k7SpecLinter(view: EditorView): K7SpecLinter | null;

/**
 * Applies `fix`, one of the fixes of a diagnostic that `k7Spec` shows on `view` (its edits moved
 * along with whatever was typed since that rendering), as one transaction of its own in the
 * history: one undo restores the text before it. False when the view shows no rendering yet or
 * is read-only.
 */
export function applyFix(view: EditorView, fix: Fix): boolean;

/**
 * Applies every safe fix of the view's text (every fix, unsafe ones too, with `unsafe: true`)
 * through the core's `fix`, in passes until none is left, as one transaction that one undo takes
 * back. Resolves to false when nothing changed: no fix to apply, a read-only view, a core
 * without `fix`, or a text that changed while the core worked.
 */
export function fixAll(view: EditorView, options?: { unsafe?: boolean }): Promise<boolean>;
