// The only way this app builds DOM: elements and text nodes, never HTML strings. Whatever the user
// typed (a spec can hold `<img src=x onerror=…>`) reaches the page as text, and nothing here needs
// a style attribute, so the page runs under `style-src 'self'`.

/**
 * h("button", { class: "tab", type: "button", onclick }, "Pod") — `attrs` values: strings become
 * attributes, functions under `on…` become listeners, `false`/`null`/`undefined` are skipped;
 * children are nodes or strings (added as text), nested arrays are flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "style") {
      throw new Error("style attributes are refused by the page's Content-Security-Policy");
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The core's sentences mark names and values with backticks (`demo-netpol`); show those as
 * <code>. Only text nodes and <code> elements are made, so any text is safe here.
 */
export function prose(text) {
  const parts = String(text).split("`");
  const out = [];
  parts.forEach((part, i) => {
    if (part === "") return;
    if (i % 2 === 1 && i < parts.length - 1) out.push(h("code", {}, part));
    else out.push(document.createTextNode(i % 2 === 1 ? "`" + part : part));
  });
  return out;
}

/** Replaces every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Sets `el`'s text only when it changes, so live regions announce changes, not keystrokes. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
