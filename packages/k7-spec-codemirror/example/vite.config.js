// Two pages: index.html (k7Spec() with its worker, and <k7-spec-editor>) and main-thread.html
// (k7Spec() with k7-spec on the main thread).
import { defineConfig } from "vite";

export default defineConfig({
  build: { target: "es2022", rollupOptions: { input: ["index.html", "main-thread.html"] } },
});
