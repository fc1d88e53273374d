// The editor page: a static site in dist/ (`npm run build` also builds the element; see
// vite.element.config.js). Relative asset URLs, so dist/ works from any folder of any host.
import { defineConfig } from "vite";
import { CSP } from "./csp.mjs";

/** Puts the Content-Security-Policy into every built page as its first <head> element. */
export const cspMeta = {
  name: "k7-csp-meta",
  transformIndexHtml: {
    order: "post",
    handler: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: CSP },
        injectTo: "head-prepend",
      },
    ],
  },
};

/**
 * Preloads the wasm module, so that it downloads while the browser compiles the JavaScript
 * instead of after it (the package's init() fetches it only once the script runs).
 */
export const preloadWasm = {
  name: "k7-preload-wasm",
  transformIndexHtml: {
    order: "post",
    handler(_html, { bundle }) {
      const wasm = Object.keys(bundle ?? {}).find((name) => name.endsWith(".wasm"));
      if (!wasm) return [];
      const attrs = {
        rel: "preload",
        href: `./${wasm}`,
        as: "fetch",
        type: "application/wasm",
        crossorigin: "",
      };
      return [{ tag: "link", attrs, injectTo: "head" }];
    },
  },
};

export default defineConfig({
  base: "./",
  plugins: [cspMeta, preloadWasm],
  build: {
    outDir: "dist",
    target: "es2022",
    // The editor page alone; embed.html is built with its element (vite.element.config.js).
    rollupOptions: { input: { index: "index.html" } },
  },
  server: { headers: { "Content-Security-Policy": CSP } },
  preview: { headers: { "Content-Security-Policy": CSP } },
});
