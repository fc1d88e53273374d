// The CodeMirror theme of every spec editor: its look and its syntax colours. Colours come from
// CSS custom properties (styles/theme.css), which cross the shadow boundary, so one theme follows
// the system's light or dark preference. CodeMirror turns it into an adopted style sheet of the
// editor's shadow root: no <style> text, no style attribute.
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: "var(--k7-tok-key)" },
  { tag: [t.string, t.special(t.string)], color: "var(--k7-tok-string)" },
  { tag: [t.number, t.bool, t.null, t.keyword, t.atom], color: "var(--k7-tok-atom)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--k7-tok-comment)", fontStyle: "italic" },
  { tag: [t.meta, t.punctuation, t.separator, t.squareBracket, t.brace], color: "var(--k7-tok-punct)" },
  { tag: [t.typeName, t.labelName], color: "var(--k7-tok-tag)" },
]);

/** A diagnostic's span: underlined in its severity's colour instead of CodeMirror's image. */
const underline = (line, colour) => ({
  backgroundImage: "none",
  textDecoration: `underline ${line} var(--k7-${colour})`,
  textUnderlineOffset: "3px",
});

const look = EditorView.theme({
  "&": {
    height: "100%",
    color: "var(--k7-fg)",
    backgroundColor: "var(--k7-bg-editor)",
    fontSize: "var(--k7-code-size, 13.5px)",
  },
  "&.cm-focused": { outline: "2px solid var(--k7-focus)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "var(--k7-mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--k7-fg)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--k7-fg)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "var(--k7-selection)" },
  ".cm-gutters": {
    backgroundColor: "var(--k7-bg-gutter)",
    color: "var(--k7-fg-muted)",
    borderRight: "1px solid var(--k7-border)",
  },
  ".cm-activeLine": { backgroundColor: "var(--k7-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--k7-active-line)", color: "var(--k7-fg)" },
  ".cm-lineNumbers .cm-gutterElement": { minWidth: "3ch" },
  ".cm-tooltip": {
    backgroundColor: "var(--k7-bg-raised)",
    color: "var(--k7-fg)",
    border: "1px solid var(--k7-border-strong)",
    borderRadius: "6px",
    boxShadow: "0 4px 16px var(--k7-shadow)",
    maxWidth: "min(36rem, 90vw)",
    fontFamily: "var(--k7-sans)",
    fontSize: "13px",
  },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": {
    backgroundColor: "var(--k7-accent)",
    color: "var(--k7-on-accent)",
  },
  ".cm-tooltip-autocomplete > ul": { fontFamily: "var(--k7-mono)" },
  ".cm-completionDetail": { color: "inherit", opacity: "0.75", marginLeft: "1em", fontStyle: "normal" },
  ".cm-completionInfo": { padding: "6px 10px", maxWidth: "24rem" },
  ".cm-tooltip-hover, .cm-tooltip-lint": { padding: "0" },
  ".cm-diagnostic": { padding: "6px 10px", borderLeftWidth: "4px", whiteSpace: "normal" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--k7-error)" },
  ".cm-diagnostic-warning": { borderLeftColor: "var(--k7-warning)" },
  ".cm-diagnostic-info": { borderLeftColor: "var(--k7-info)" },
  ".cm-lintRange-error": underline("wavy", "error"),
  ".cm-lintRange-warning": underline("wavy", "warning"),
  ".cm-lintRange-info": underline("dotted", "info"),
  ".cm-lint-marker": { width: "0.9em", height: "0.9em" },
  ".cm-panels": { backgroundColor: "var(--k7-bg-raised)", color: "var(--k7-fg)" },
  ".cm-panels input, .cm-panels button": { font: "inherit", color: "inherit" },
  ".cm-textfield": { backgroundColor: "var(--k7-bg)", border: "1px solid var(--k7-border-strong)" },
  ".cm-button": {
    backgroundImage: "none",
    backgroundColor: "var(--k7-bg)",
    border: "1px solid var(--k7-border-strong)",
  },
  ".cm-searchMatch": { backgroundColor: "var(--k7-search)" },
  ".cm-selectionMatch": { backgroundColor: "var(--k7-selection-match)" },
  ".k7-info strong": { fontFamily: "var(--k7-mono)" },
  ".k7-info-type": { color: "var(--k7-fg-muted)", fontFamily: "var(--k7-mono)", opacity: "1" },
  ".k7-diag-help, .k7-diag-reason": { color: "var(--k7-fg-muted)", opacity: "1" },
  ".k7-diag-code": { fontFamily: "var(--k7-mono)", color: "var(--k7-fg-muted)", opacity: "1" },
  ".cm-lintRange.k7-suppressed, .cm-lintRange.k7-suppressed *": { color: "var(--k7-fg-muted)" },
});

/** The editor's theme and syntax colours, as one extension. */
export const editorTheme = [syntaxHighlighting(highlight), look];
