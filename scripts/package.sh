#!/usr/bin/env bash
# Build the npm package into pkg/: two wasm modules (Cargo.toml's [profile.wasm], wasm-bindgen
# --target web with the name and producers sections removed), npm/'s files around them, the JSON
# Schema, and a package.json whose version and licence are the crate's. The modules:
#   k7_spec_bg.wasm       the browser entry's (npm/browser.js): the core exports only;
#   k7_spec_node_bg.wasm  the Node entry's (npm/node.js, the CLI): built with the `tools` feature,
#                         it adds the command line's (report, output, configSettings, globs, gitignored).
#   scripts/package.sh                  the package, in pkg/
#   scripts/package.sh --module DIR     only the modules and npm/node.js, in DIR (scripts/bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=pkg
if [[ "${1:-}" == "--module" ]]; then
  out="${2:?usage: scripts/package.sh [--module DIR]}"
fi
bash scripts/wasm-tools.sh

# Only the cdylib: built together with the rlib that Cargo.toml also declares (for the native
# tests and benches), the same module is 11 KB gzip bigger at opt-level "z" (176 KB against 165).
# K7_WASM_LLVM_ARGS="-inline-threshold=50 ..." passes LLVM options to this last crate, and so to
# the link-time optimisation of the whole module (scripts/bench.sh measures some; see
# [profile.wasm] in Cargo.toml for why the package keeps LLVM's defaults).
llvm_args=()
for arg in ${K7_WASM_LLVM_ARGS:-}; do
  llvm_args+=(-C "llvm-args=$arg")
done
target="${CARGO_TARGET_DIR:-target}"
# Both builds write the same file (the cdylib has no hash in its name): one package.sh at a time
# per target folder, or another's build could land between this one's cargo and wasm-bindgen.
if command -v flock > /dev/null; then
  mkdir -p "$target"
  exec 9> "$target/.k7-package.lock"
  flock 9
fi
# module OUT-NAME [CARGO-ARGS...]: one module and its JS glue, $out/OUT-NAME{.js,.d.ts,_bg.wasm}.
module() {
  cargo rustc --quiet --lib --crate-type cdylib --target wasm32-unknown-unknown --profile wasm \
    "${@:2}" -- ${llvm_args[@]+"${llvm_args[@]}"}
  wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name "$1" "$target/wasm32-unknown-unknown/wasm/k7_spec.wasm"
}
rm -rf "$out"
module k7_spec
module k7_spec_node --features tools
rm -f "$out/.gitignore"
cp npm/node.js "$out/"
if [[ "$out" != pkg ]]; then
  exit 0
fi
cp npm/browser.js npm/cli.mjs npm/README.md LICENSE pkg/
chmod +x pkg/cli.mjs

# wasm-bindgen's types for init() and the wasm's exports name the DOM lib's RequestInfo,
# BufferSource and WebAssembly.*, which a Node project without the DOM lib (`lib: ["es2022"]`,
# `types: ["node"]`) cannot compile. Each becomes the global class where the project's libs declare
# one (the DOM lib, @types/node) and `never` where none does; the package test compiles both ways.
node -e '
  const fs = require("node:fs");
  const prelude = `// scripts/package.sh: the global classes of the DOM lib or @types/node, never without them.
type GlobalClass<Name extends string> =
  typeof globalThis extends Record<Name, abstract new (...args: never) => infer T> ? T : never;
type WasmClass<Name extends string> =
  typeof globalThis extends { WebAssembly: Record<Name, abstract new (...args: never) => infer T> } ? T : never;
`;
  for (const file of process.argv.slice(1)) {
    const text = fs.readFileSync(file, "utf8");
    // Declarations only: the doc comments keep the DOM names they explain.
    const code = text.split("\n").map((line) => /^\s*(\/\*|\*|\/\/)/.test(line) ? line : line
      .replace(/\bRequestInfo\b/g, "string | GlobalClass<\"Request\">")
      .replace(/\b(URL|Response)\b/g, "GlobalClass<\"$1\">")
      .replace(/\bBufferSource\b/g, "ArrayBuffer | ArrayBufferView")
      .replace(/\bWebAssembly\.(\w+)/g, "WasmClass<\"$1\">"));
    if (code.join("\n") === text) throw new Error(`${file}: none of the DOM names wasm-bindgen writes`);
    fs.writeFileSync(file, prelude + code.join("\n"));
  }
' pkg/k7_spec.d.ts pkg/k7_spec_bg.wasm.d.ts pkg/k7_spec_node.d.ts

# The version (and licence) are the crate's, read from Cargo.toml, never written twice.
cargo metadata --no-deps --format-version 1 --offline > pkg/.cargo-metadata.json
version="$(node -e '
  const fs = require("node:fs");
  const crate = JSON.parse(fs.readFileSync("pkg/.cargo-metadata.json", "utf8")).packages.find((p) => p.name === "k7-spec");
  const pkg = JSON.parse(fs.readFileSync("npm/package.json", "utf8"));
  pkg.version = crate.version;
  if (crate.license) pkg.license = crate.license;
  fs.writeFileSync("pkg/package.json", JSON.stringify(pkg, null, 2) + "\n");
  console.log(crate.version);
')"
rm pkg/.cargo-metadata.json
# The schema comes from the module just built (Node's), so the shipped file is what schema()
# returns; so is schema.js, the browser entry's schema() (its module has no schema builder).
node --input-type=module -e '
  import { writeFileSync } from "node:fs";
  const { schema } = await import(new URL("pkg/node.js", "file://" + process.cwd() + "/"));
  writeFileSync("pkg/k7-spec.schema.json", JSON.stringify(schema(), null, 2) + "\n");
  const text = JSON.stringify(JSON.stringify(schema()));
  writeFileSync("pkg/schema.js", `// scripts/package.sh: the JSON Schema, schema() of the Node module.\nexport default ${text};\n`);
'
echo "package: pkg/ (k7-spec $version)" >&2
