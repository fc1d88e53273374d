// The k7-spec-codemirror package, built from the editor's own modules (src/extension.js, the
// extension the page mounts, and src/element.js, <k7-spec-editor>): one ES module per source
// module, CodeMirror and k7-spec left as imports (peer dependencies and a dependency), the
// element's style sheets as JS strings (Vite's `?inline`, which other bundlers do not know), and
// src/worker.js beside src/core.js, which starts it with `new Worker(new URL("./worker.js",
// import.meta.url))` as Vite and webpack expect of a package's worker. The package's metadata,
// types and README come from packages/k7-spec-codemirror/; version and licence are k7-spec's.
//   node package.mjs OUT_DIR     (scripts/www.sh package: OUT_DIR is ../pkg-codemirror)
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { rolldown } from "rolldown";

const WWW = dirname(fileURLToPath(import.meta.url));
const REPO = join(WWW, "..");
const SOURCE = join(REPO, "packages/k7-spec-codemirror");
const out = resolve(process.argv[2] ?? join(REPO, "pkg-codemirror"));

/** `import css from "./x.css?inline"` as a module whose default export is the file's text. */
const inlineCss = {
  name: "k7-inline-css",
  resolveId(source, importer) {
    if (source.endsWith(".css?inline"))
      return join(dirname(importer), source.slice(0, -"?inline".length)) + ".js";
  },
  load(id) {
    if (id.endsWith(".css.js"))
      return `export default ${JSON.stringify(readFileSync(id.slice(0, -3), "utf8"))};\n`;
  },
};

rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: ["src/extension.js", "src/element.js", "src/worker.js"].map((f) => join(WWW, f)),
  external: [/^@codemirror\//, /^@lezer\//, /^k7-spec$/],
  plugins: [inlineCss],
});
await bundle.write({ dir: out, format: "es", preserveModules: true, preserveModulesRoot: join(WWW, "src") });

const core = JSON.parse(readFileSync(join(REPO, "pkg/package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(SOURCE, "package.json"), "utf8"));
manifest.version = core.version;
manifest.license = core.license;
manifest.dependencies["k7-spec"] = core.version;
writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
for (const file of ["README.md", "index.d.ts", "element.d.ts"]) cpSync(join(SOURCE, file), join(out, file));
if (existsSync(join(REPO, "LICENSE"))) cpSync(join(REPO, "LICENSE"), join(out, "LICENSE"));
console.error(`package: ${out} (k7-spec-codemirror ${core.version})`);
