// The schema in the editor most YAML users have: the real yaml-language-server (VS Code's YAML
// extension, Neovim, Helix, Zed...), started over stdio and spoken to in LSP as an editor does. A
// k7.yaml names the packed k7-spec.schema.json in its first-line modeline, by a file URL (no
// network here, nor needed): keys complete at the top level and under `limits:`, hovering a key
// shows its description, and wrong types and unknown keys are diagnosed.
// Run by scripts/package-test.sh from the folder where the tools and the tarball are installed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as k7 from "k7-spec";

const SCHEMA_FILE = fileURLToPath(import.meta.resolve("k7-spec/k7-spec.schema.json"));
const MODELINE = `# yaml-language-server: $schema=${pathToFileURL(SCHEMA_FILE)}\n`;
const schema = k7.schema();

/** A minimal LSP client over the server's stdio: requests, notifications, and what it publishes. */
class Client {
  constructor(command, args) {
    this.server = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.stderr = "";
    this.server.stderr.on("data", (chunk) => (this.stderr += chunk));
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.waiters = [];
    let buffer = Buffer.alloc(0);
    this.server.stdout.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
        buffer = buffer.subarray(end + 4 + length);
        this.receive(message);
      }
    });
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin.write(body);
  }

  receive(message) {
    if (message.id !== undefined && message.method) {
      // A request from the server (configuration, capability registration): answer as an editor
      // without settings would.
      const result =
        message.method === "workspace/configuration" ? message.params.items.map(() => null) : null;
      this.send({ id: message.id, result });
    } else if (message.id !== undefined) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message}\n${this.stderr}`));
      else resolve(message.result);
    } else if (message.method === "textDocument/publishDiagnostics") {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      this.waiters
        .filter((w) => w.uri === message.params.uri)
        .forEach((w) => w.resolve(message.params.diagnostics));
      this.waiters = this.waiters.filter((w) => w.uri !== message.params.uri);
    }
  }

  /** A request's result; an error after 30 s without an answer (a hung server fails, not stalls). */
  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}\n${this.stderr}`)), 30_000);
      const settle = (f) => (value) => (clearTimeout(timer), f(value));
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** The next diagnostics the server publishes for `uri`. */
  nextDiagnostics(uri) {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  async stop() {
    if (this.server.exitCode !== null) return;
    const exited = new Promise((resolve) => this.server.once("exit", resolve));
    try {
      await this.request("shutdown", null);
      this.notify("exit", null);
    } finally {
      if (this.server.exitCode === null) setTimeout(() => this.server.kill(), 5_000).unref();
      await exited;
    }
  }
}

let client;
let dir;
let version = 0;

before(async () => {
  dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "k7-yls-"));
  client = new Client(join(process.cwd(), "node_modules/.bin/yaml-language-server"), ["--stdio"]);
  await client.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown"] } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        publishDiagnostics: {},
      },
    },
  });
  client.notify("initialized", {});
  // The catalog would be fetched from the network: off, as the modeline names the schema.
  client.notify("workspace/didChangeConfiguration", {
    settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } },
  });
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens `text` (after the modeline) as k7.yaml; resolves to its document and first diagnostics. */
async function open(text) {
  const uri = pathToFileURL(join(dir, `k7-${++version}.yaml`)).href;
  const full = MODELINE + text;
  writeFileSync(fileURLToPath(uri), full);
  const published = client.nextDiagnostics(uri);
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text: full } });
  const diagnostics = await published;
  /** The LSP position of a line and column of `text` (the modeline comes first). */
  const at = (line, character) => ({ line: line + 1, character });
  return { uri, diagnostics, at };
}

async function labels(uri, position) {
  const result = await client.request("textDocument/completion", { textDocument: { uri }, position });
  return (Array.isArray(result) ? result : result.items).map((item) => item.label);
}

test("top-level keys complete from the schema, without the ones written and the deprecated ones", async () => {
  const { uri, at } = await open("name: demo\n\n");
  const result = await client.request("textDocument/completion", {
    textDocument: { uri },
    position: at(1, 0),
  });
  const PROPERTY = 10; // CompletionItemKind.Property; the others are snippets of the whole spec
  const offered = result.items.filter((item) => item.kind === PROPERTY).map((item) => item.label);
  const expected = Object.entries(schema.properties)
    .filter(([key, property]) => key !== "name" && !property.deprecated)
    .map(([key]) => key);
  assert.deepEqual(offered.sort(), expected.sort());
  assert.ok(!offered.includes("sidecar"));
});

test("under limits: its keys complete, each with its description", async () => {
  const { uri, at } = await open("name: demo\nimage: alpine:3.20\nlimits:\n  \n");
  const result = await client.request("textDocument/completion", {
    textDocument: { uri },
    position: at(3, 2),
  });
  const items = Array.isArray(result) ? result : result.items;
  assert.deepEqual(items.map((i) => i.label).sort(), ["cpu", "ephemeral-storage", "memory"]);
  const memory = items.find((i) => i.label === "memory");
  assert.match(JSON.stringify(memory.documentation), /256Mi/);
});

test("values complete from the schema: backends without the deprecated aliases, true and false", async () => {
  const { uri, at } = await open("name: demo\nimage: alpine:3.20\nbackend: \npod_non_root: \n");
  const backends = await labels(uri, at(2, 9));
  assert.ok(backends.includes("kata-firecracker-devmapper") && backends.includes("k7d-fc"), `${backends}`);
  assert.ok(!backends.includes("fd"), `${backends}`);
  const booleans = await labels(uri, at(3, 14));
  assert.ok(
    booleans.includes("true") && booleans.includes("false") && !booleans.includes("yes"),
    `${booleans}`,
  );
});

test("hovering a key shows its Markdown description and default", async () => {
  const { uri, at } = await open("name: demo\nimage: alpine:3.20\negress_whitelist: []\nnamespace: team\n");
  const egress = await client.request("textDocument/hover", { textDocument: { uri }, position: at(2, 3) });
  assert.match(egress.contents.value, /Leave it out for OPEN egress/);
  const namespace = await client.request("textDocument/hover", { textDocument: { uri }, position: at(3, 3) });
  assert.match(namespace.contents.value, /^#### namespace\n[^]*Default: `default`/);
  // The allowed values listed are the current ones: not the YAML 1.1 spellings nor old aliases.
  const values = await open("name: demo\nimage: alpine:3.20\nbackend: kql\npod_non_root: true\n");
  const hover = (line) =>
    client.request("textDocument/hover", { textDocument: { uri: values.uri }, position: values.at(line, 3) });
  const backend = (await hover(2)).contents.value;
  assert.match(backend, /`kql`: Alias of `kata-qemu-longhorn`/);
  assert.doesNotMatch(backend, /`fd`|`ql`/);
  assert.doesNotMatch((await hover(3)).contents.value, /yes|"on"/i);
});

test("a valid spec has no diagnostic; wrong types and unknown keys have one each, where they are", async () => {
  const clean = await open("name: demo\nimage: alpine:3.20\negress_whitelist: []\nlimits:\n  cpu: '1'\n");
  assert.deepEqual(clean.diagnostics, []);
  const { diagnostics, at } = await open(
    "name: demo\nimage: alpine:3.20\npod_non_root: 'true'\nnmae: x\nlimits:\n  cpus: '1'\n  memory: 1\n",
  );
  const lines = diagnostics.map((d) => d.range.start.line).sort();
  assert.deepEqual(
    lines,
    [at(2, 0).line, at(3, 0).line, at(5, 0).line, at(6, 0).line],
    JSON.stringify(diagnostics),
  );
  const on = (line) => diagnostics.find((d) => d.range.start.line === at(line, 0).line).message;
  assert.match(on(2), /boolean/i);
  assert.match(on(3), /nmae.*not allowed/i);
  assert.match(on(5), /cpus.*not allowed/i);
  assert.match(on(6), /string/i);
});

test("a value that is no backend lists the current names, not the deprecated aliases", async () => {
  const { diagnostics } = await open("name: demo\nimage: alpine:3.20\nbackend: kvm\n");
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.match(diagnostics[0].message, /"kata-firecracker-devmapper", "kfd",.*"k7-fc"\.$/);
  assert.doesNotMatch(diagnostics[0].message, /"fd"|deprecated/);
});

// yaml-language-server reports every schema problem as an error (it turns warnings into errors);
// a deprecation is all it says of what K7 accepts with a warning: the schema's message, nothing
// about a wrong value.
test("what K7 accepts with a warning is reported only by the schema's deprecation message", async () => {
  const { diagnostics } = await open("name: demo\nimage: alpine:3.20\nbackend: fd\npod_non_root: yes\n");
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    [
      "The backend alias fd is deprecated: write kata-firecracker-devmapper.",
      "K7's YAML 1.1 loader reads this as a boolean, but YAML 1.2 tools read a string: write true or false.",
    ],
  );
});
