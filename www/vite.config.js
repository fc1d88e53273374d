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

export default defineConfig({
  base: "./",
  plugins: [cspMeta],
  // The k7-spec module runs in a module worker (src/worker.js), emitted into assets/.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    target: "es2022",
    // The editor page alone; embed.html is built with its element (vite.element.config.js).
    rollupOptions: { input: { index: "index.html" } },
  },
  server: { headers: { "Content-Security-Policy": CSP } },
  preview: { headers: { "Content-Security-Policy": CSP } },
});
