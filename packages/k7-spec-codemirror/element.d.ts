// k7-spec-codemirror/element: importing it defines <k7-spec-editor>.
import type { Rendering } from "k7-spec";

/**
 * `<k7-spec-editor>`: a k7.yaml editor with its Explain, Security, YAML, Problems and Reach tabs, in its own
 * Shadow DOM (styles adopted, no inline style, so a strict Content-Security-Policy keeps working).
 * Attributes: `spec` (the YAML text; else the element's first `<script type="text/yaml">` child,
 * unindented), `cni` (cilium | flannel), `workload` (pod | deployment), `readonly`, `height` (a CSS
 * length or a number of pixels), `tab` (explain | security | yaml | problems | reach), `view` (reach: the
 * picture of the sandbox's connections alone, per phase, without the editor). Event: `k7-render`
 * after every rendering, with `{ rendering }` as its detail.
 *
 * @example
 * import "k7-spec-codemirror/element";
 *
 * const editor = document.createElement("k7-spec-editor");
 * editor.setAttribute("cni", "flannel");
 * editor.value = "name: demo\nimage: alpine:3.20\n";
 * editor.addEventListener("k7-render", (event) => console.log(event.detail.rendering.ok));
 * document.body.append(editor);
 */
export class K7SpecEditor extends HTMLElement {
  /** The spec's text (the editor's, once it started). */
  value: string;
  /** The latest rendering (its diagnostics the first 1,000), null before the first. */
  readonly rendering: K7SpecRendering | null;
  addEventListener<K extends keyof K7SpecEditorEventMap>(
    type: K,
    listener: (this: K7SpecEditor, event: K7SpecEditorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof K7SpecEditorEventMap>(
    type: K,
    listener: (this: K7SpecEditor, event: K7SpecEditorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** A rendering as the element keeps it: the first 1,000 diagnostics, and counts of them all. */
export interface K7SpecRendering extends Rendering {
  counts: K7SpecCounts;
}

/** The element's events: HTMLElement's, and `k7-render` after every rendering. */
export interface K7SpecEditorEventMap extends HTMLElementEventMap {
  "k7-render": CustomEvent<{ rendering: K7SpecRendering }>;
}

/** How many diagnostics of each severity the rendering holds, suppressed ones counted apart. */
export interface K7SpecCounts {
  error: number;
  warning: number;
  info: number;
  suppressed: number;
}

declare global {
  interface HTMLElementTagNameMap {
    "k7-spec-editor": K7SpecEditor;
  }
}
