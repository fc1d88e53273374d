// The Content-Security-Policy of every page: the built HTML carries it in a <meta http-equiv>
// (vite.config.js) and serve.mjs also sends it as a header. Scripts only from the site itself and
// no eval; 'wasm-unsafe-eval' lets the k7-spec module compile. Styles only from files or adopted
// style sheets (CodeMirror's, in shadow roots): no <style> text, no style attributes. `data:`
// images are CodeMirror's lint gutter icons.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join("; ");
