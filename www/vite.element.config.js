// <k7-spec-editor> in its own bundle: dist/k7-spec-editor.js, one file with its styles inside (the
// wasm module beside it in assets/, fetched relative to the script), and the documentation-like
// page embed.html that loads it with one script tag. Runs after vite.config.js into the same dist/.
import { defineConfig } from "vite";
import { cspMeta, preloadWasm } from "./vite.config.js";

export default defineConfig({
  base: "./",
  plugins: [cspMeta, preloadWasm],
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
