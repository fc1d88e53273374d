#!/usr/bin/env node
// k7-spec: the command-line face of the package (docs/api.md#command-line).
// Exit status: 0 when no diagnostic is an error, 1 when one is, 2 for bad usage or an
// unreadable file (with a one-line reason on stderr). Text for the terminal comes out escaped
// (see `escape`); a reader that goes away (`| head -1`) ends it quietly with that status.
import { closeSync, openSync, readSync } from "node:fs";
import * as k7 from "./node.js";

const USAGE = `usage: k7-spec <command> [options] [FILE...]

commands:
  validate FILE...   print diagnostics as FILE:LINE:COL: severity[code] message
  render FILE        print the manifests as YAML (what \`kubectl apply -f -\` takes)
  explain FILE       print the explanation in plain sentences
  schema             print the JSON Schema of a spec

options:
  --cni cilium|flannel         the cluster's CNI (default cilium)
  --workload pod|deployment    render the sandbox pod or K7's Deployment (default pod)
  --format text|yaml|json      output format (default text)
  -h, --help                   print this help
  --version                    print the version

FILE may be - for standard input; it must be UTF-8, at most 1 MiB. Exit status:
0 when no diagnostic is an error, 1 when one is, 2 for bad usage or an unreadable file.`;

const CHOICES = {
  cni: ["cilium", "flannel"],
  workload: ["pod", "deployment"],
  format: ["text", "yaml", "json"],
};

/** "a, b or c" */
const either = (values) => values.slice(0, -1).join(", ") + " or " + values.at(-1);

/** Bad usage or an unreadable file: one line on stderr, exit 2. */
class UsageError extends Error {}

function parseArgs(argv) {
  const args = { command: undefined, files: [], options: {}, format: "text" };
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyFiles || arg === "-" || !arg.startsWith("-")) {
      if (args.command === undefined) args.command = arg;
      else args.files.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyFiles = true;
      continue;
    }
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg === "--version") return { version: true };
    const match = /^--(cni|workload|format)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unknown option ${arg} (see k7-spec --help)`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value: ${either(CHOICES[name])}`);
    if (!CHOICES[name].includes(value)) {
      throw new UsageError(`--${name} must be ${either(CHOICES[name])}, not ${JSON.stringify(value)}`);
    }
    if (name === "format") args.format = value;
    else args.options[name] = value;
  }
  return args;
}

/** The core's limit on a spec (MAX_INPUT_BYTES in src/source.rs): reading stops past it. */
const MAX_BYTES = 1 << 20;

let stdin;
/** The text of FILE (`-` is standard input, read once), or a UsageError saying why not. */
function read(file) {
  const name = file === "-" ? "standard input" : file;
  let bytes;
  try {
    bytes = file === "-" ? (stdin ??= readBytes(0)) : readFile(file);
  } catch (error) {
    const reason =
      error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "is a directory" : error.message;
    throw new UsageError(`cannot read ${name}: ${reason}`);
  }
  if (bytes.length > MAX_BYTES) {
    throw new UsageError(`cannot read ${name}: more than ${MAX_BYTES} bytes (1 MiB), the limit of a spec`);
  }
  return decode(bytes, name);
}

function readFile(file) {
  const fd = openSync(file, "r");
  try {
    return readBytes(fd);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of `fd` up to one past the limit: no more is read, whatever the input's length. */
function readBytes(fd) {
  const buffer = Buffer.alloc(MAX_BYTES + 1);
  let length = 0;
  for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length));) {
    length += n;
  }
  return buffer.subarray(0, length);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of UTF-8 bytes, or a UsageError with the position of the first invalid byte, as K7's
 * loader refuses such a file (a replacement character would hide it).
 */
function decode(bytes, name) {
  try {
    return UTF8.decode(bytes);
  } catch {
    // The first byte at which the text and its re-encoding with replacement characters differ
    // lies in the first invalid sequence, which starts at the start of that character.
    const lossy = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const again = Buffer.from(lossy, "utf8");
    let offset = 0;
    while (bytes[offset] === again[offset]) offset++;
    while ((again[offset] & 0xc0) === 0x80) offset--;
    const lines = UTF8.decode(bytes.subarray(0, offset)).split("\n");
    const [line, column] = [lines.length, lines.at(-1).length + 1];
    throw new UsageError(
      `cannot read ${name}: invalid UTF-8 at line ${line}, column ${column} (byte offset ${offset})`,
    );
  }
}

/**
 * What the terminal must not receive as is: control, format (bidi, zero-width), separator,
 * private-use and unassigned characters, and spaces other than U+0020, as Rust's `escape_debug`
 * escapes them.
 */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;
const NAMED = { "\t": "\\t", "\r": "\\r", "\n": "\\n", "\\": "\\\\" };

/**
 * Text for the terminal, escaped as `escape_debug` escapes it (`\n`, `\\`, `\u{1b}`, `\u{202e}`)
 * but for quotes, so that no spec, file name or value can forge a line, reorder one or drive
 * the terminal.
 */
const escape = (text) =>
  text.replace(
    new RegExp(`\\\\|${UNPRINTABLE.source}`, "gu"),
    (c) => NAMED[c] ?? `\\u{${c.codePointAt(0).toString(16)}}`,
  );

/** JSON text with those characters written as `\uXXXX` (JSON's own newlines aside): the same data. */
const json = (value) =>
  JSON.stringify(value, null, 2).replace(UNPRINTABLE, (c) =>
    c === "\n"
      ? c
      : c
          .split("")
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
          .join(""),
  ) + "\n";

const label = (file) => (file === "-" ? "<stdin>" : file);
const hasError = (diagnostics) => diagnostics.some((d) => d.severity === "error");

/** `FILE:LINE:COL: severity[code] message`, then the help line indented. */
function formatDiagnostic(file, d) {
  const where = d.span ? `${label(file)}:${d.span.start.line}:${d.span.start.column}` : label(file);
  let line = escape(`${where}: ${d.severity}[${d.code}] ${d.message}`);
  if (d.help) line += `\n  help: ${escape(d.help)}`;
  return line;
}

function printDiagnostics(stream, file, diagnostics) {
  for (const d of diagnostics) stream.write(formatDiagnostic(file, d) + "\n");
}

/** `k7.validate` or `k7.render` of FILE's text, with misuse (a bad option) reported as bad usage. */
function check(method, file, text, options) {
  try {
    return method(text, options);
  } catch (error) {
    throw new UsageError(`${label(file)}: ${error.message}`);
  }
}

/** `value` as YAML by the core's writer, whose refusal (of too much output) is a one-line reason. */
function yaml(value) {
  try {
    return k7.toYaml([value]);
  } catch (error) {
    throw new UsageError(error.message.replace(/^k7-spec: /, ""));
  }
}

/** Prints `value` in the chosen structured format (text means JSON for data). */
function printData(value, format) {
  process.stdout.write(format === "yaml" ? yaml(value) : json(value));
}

function validateCommand(args) {
  if (args.files.length === 0)
    throw new UsageError("validate needs at least one FILE (or - for standard input)");
  const texts = args.files.map((file) => [file, read(file)]);
  const results = texts.map(([file, text]) => ({
    file: label(file),
    // The options change what is an error (DNS names on Flannel).
    diagnostics: check(k7.validate, file, text, args.options),
  }));
  if (args.format === "text") {
    results.forEach((r, i) => printDiagnostics(process.stdout, args.files[i], r.diagnostics));
  } else {
    printData(results, args.format);
  }
  return results.some((r) => hasError(r.diagnostics)) ? 1 : 0;
}

function oneFile(args) {
  if (args.files.length !== 1)
    throw new UsageError(`${args.command} takes exactly one FILE (or - for standard input)`);
  const [file] = args.files;
  return [file, read(file)];
}

function renderCommand(args) {
  const [file, text] = oneFile(args);
  const rendering = check(k7.render, file, text, args.options);
  if (args.format === "json") {
    process.stdout.write(json(rendering));
  } else {
    process.stdout.write(rendering.yaml);
  }
  // Diagnostics go to stderr so that stdout stays what `kubectl apply -f -` takes.
  printDiagnostics(process.stderr, file, rendering.diagnostics);
  return rendering.ok ? 0 : 1;
}

function explainCommand(args) {
  const [file, text] = oneFile(args);
  const rendering = check(k7.render, file, text, args.options);
  printDiagnostics(process.stderr, file, rendering.diagnostics);
  if (args.format !== "text") printData(rendering.explanation, args.format);
  else if (rendering.explanation) process.stdout.write(explanationText(rendering.explanation));
  return rendering.ok ? 0 : 1;
}

/** The explanation in plain sentences, one section per concern. */
function explanationText(e) {
  const section = (title, summary, details) =>
    `${title}: ${escape(summary)}\n${details.map((d) => `  - ${escape(d)}\n`).join("")}`;
  const phases = e.phases
    .map((p, i) => `  ${i + 1}. ${escape(`${p.name} (egress ${p.egress}): ${p.summary}`)}\n`)
    .join("");
  return [
    section("Egress", e.egress.summary, e.egress.details),
    section("Ingress", e.ingress.summary, e.ingress.details),
    section(`Security (${e.security.level})`, e.security.summary, e.security.details),
    `Phases:\n${phases}`,
  ].join("\n");
}

function schemaCommand(args) {
  if (args.files.length > 0) throw new UsageError("schema takes no FILE");
  printData(k7.schema(), args.format);
  return 0;
}

const COMMANDS = {
  validate: validateCommand,
  render: renderCommand,
  explain: explainCommand,
  schema: schemaCommand,
};

function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (args.version) {
      process.stdout.write(k7.version() + "\n");
      return 0;
    }
    if (args.command === undefined) throw new UsageError("missing command (see k7-spec --help)");
    const command = COMMANDS[args.command];
    if (!command)
      throw new UsageError(
        `unknown command ${JSON.stringify(args.command)}: use validate, render, explain or schema`,
      );
    return command(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`k7-spec: ${escape(error.message)}\n`);
    return 2;
  }
}

// A reader that goes away (`k7-spec validate *.yaml | head -1`) ends the command quietly, with
// the status its findings decided.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit();
  });
}
process.exitCode = main(process.argv.slice(2));
