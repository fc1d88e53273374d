// <k7-spec-editor> in its own bundle: dist/k7-spec-editor.js, one file with its styles inside (the
// worker that runs the k7-spec module and its wasm beside it in assets/, fetched relative to the
// script), and the documentation-like
// page embed.html that loads it with one script tag. Runs after vite.config.js into the same dist/.
import { defineConfig } from "vite";
import { cspMeta } from "./vite.config.js";

export default defineConfig({
  base: "./",
  plugins: [cspMeta],
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2022",
    modulePreload: false,
    rollupOptions: {
      input: { embed: "embed.html" },
      output: { entryFileNames: "k7-spec-editor.js", codeSplitting: false },
    },
  },
});
