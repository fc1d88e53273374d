// Text helpers that need no DOM.

/** Removes the indentation shared by every line, and blank lines around the text. */
export function dedent(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return (
    lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join("\n") + (lines.length ? "\n" : "")
  );
}

/** Why a finding is suppressed, in words: "suppressed: the image needs it". */
export function suppressedWords({ kind, reason }) {
  if (reason) return `suppressed: ${reason}`;
  return kind === "option" ? "suppressed by the ignore option" : "suppressed";
}
