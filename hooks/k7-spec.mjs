#!/usr/bin/env node
// The `k7-spec` command of the pre-commit hook (.pre-commit-hooks.yaml): the command of the npm
// package k7-spec that ../package.json depends on, run as if npm had linked that package's bin.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const manifest = require.resolve("k7-spec/package.json");
await import(pathToFileURL(join(dirname(manifest), require(manifest).bin["k7-spec"])).href);
