#!/usr/bin/env node
// k7-spec: the command-line face of the package (docs/api.md#command-line).
// Exit status: 0 when no diagnostic is an error, 1 when one is, 2 for bad usage or an
// unreadable file (with a one-line reason on stderr).
import { readFileSync } from "node:fs";
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

FILE may be - for standard input. Exit status: 0 when no diagnostic is an error,
1 when one is, 2 for bad usage or an unreadable file.`;

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

let stdin;
/** The text of FILE (`-` is standard input, read once), or a UsageError saying why not. */
function read(file) {
  try {
    if (file === "-") return (stdin ??= readFileSync(0, "utf8"));
    return readFileSync(file, "utf8");
  } catch (error) {
    const reason =
      error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "is a directory" : error.message;
    throw new UsageError(`cannot read ${file === "-" ? "standard input" : file}: ${reason}`);
  }
}

const label = (file) => (file === "-" ? "<stdin>" : file);
const hasError = (diagnostics) => diagnostics.some((d) => d.severity === "error");

/** `FILE:LINE:COL: severity[code] message`, then the help line indented. */
function formatDiagnostic(file, d) {
  const where = d.span ? `${label(file)}:${d.span.start.line}:${d.span.start.column}` : label(file);
  let line = `${where}: ${d.severity}[${d.code}] ${d.message}`;
  if (d.help) line += `\n  help: ${d.help}`;
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

/** Prints `value` in the chosen structured format (text means JSON for data). */
function printData(value, format) {
  process.stdout.write(format === "yaml" ? k7.toYaml([value]) : JSON.stringify(value, null, 2) + "\n");
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
    process.stdout.write(JSON.stringify(rendering, null, 2) + "\n");
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
    `${title}: ${summary}\n${details.map((d) => `  - ${d}\n`).join("")}`;
  const phases = e.phases
    .map((p, i) => `  ${i + 1}. ${p.name} (egress ${p.egress}): ${p.summary}\n`)
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
    process.stderr.write(`k7-spec: ${error.message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
