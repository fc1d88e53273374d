// A user's webpack 5 build of the same page as the Vite test: the package's default export
// condition, with the .wasm picked up as an asset through `new URL(..., import.meta.url)`.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: fileURLToPath(new URL("../vite/main.js", import.meta.url)),
  output: {
    path: fileURLToPath(new URL("./dist", import.meta.url)),
    filename: "main.js",
    clean: true,
  },
  performance: { hints: false },
};
