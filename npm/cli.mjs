#!/usr/bin/env node
// k7-spec: the command-line face of the package (docs/api.md#command-line).
// It reads the spec files its arguments name (files, directories, globs, standard input), finds
// each one's .k7-spec.yaml, writes the fixed specs in place with --fix (the core fixes them), and
// prints what the core's `report` writes, exiting with its status:
// 0 when every file passes its gate, 1 when one fails it, 2 when one cannot be read. Bad usage or
// a bad config is one line on stderr and exit 2. A reader that goes away (`| head -1`) ends it
// quietly with the status the findings decide. The core parses the arguments and writes every
// byte; the native binary (crates/cli) does the rest as this file does, and prints the same.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import * as k7 from "./node.js";

const SPEC_NAMES = "k7.yaml, k7.yml, *.k7.yaml, *.k7.yml";

/** Bad usage, a bad config, or an unreadable file render and explain need: one line, exit 2. */
class UsageError extends Error {}

/**
 * The command line's words, parsed and checked by the core (`parseArgs`, as the native binary
 * parses them): `{ command, files, format, failOn?, cni?, workload?, ignore, stdinName, config?,
 * quiet, noConfig }`; bad usage is a UsageError.
 */
function parseArgs(argv) {
  try {
    return k7.parseArgs(argv);
  } catch (error) {
    throw new UsageError(error.message.replace(/^k7-spec: /, ""));
  }
}

/** Why a file system call failed, in a few words. */
const reason = (error) =>
  ({ ENOENT: "no such file", EISDIR: "is a directory", EACCES: "permission denied" })[error.code] ??
  error.message;

/** The core's limit on a spec (MAX_INPUT_BYTES in src/source.rs): reading stops past it. */
const MAX_BYTES = 1 << 20;

let stdin;
/**
 * `{ text }` of PATH (`-` is standard input, read once), or `{ error }`: why it cannot be read,
 * the core saying why its bytes are refused (over the limit, not UTF-8: `specText`).
 */
function read(path) {
  let bytes;
  try {
    bytes = path === "-" ? (stdin ??= readBytes(0)) : readFile(path);
  } catch (error) {
    return { error: reason(error) };
  }
  try {
    return { text: k7.specText(bytes) };
  } catch (error) {
    return { error: error.message.replace(/^k7-spec: /, "") };
  }
}

function readFile(path) {
  const fd = openSync(path, "r");
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

/**
 * Replaces the text of the file at PATH (of the file a symbolic link leads to); returns why not,
 * or undefined. A file of one name is replaced atomically: a new file beside it, with its
 * permissions, renamed over it. A file of several names (hard links) is written in place, as Vim
 * and Emacs write one, since a rename would leave its other names with the old text.
 */
function writeInPlace(path, text) {
  let temp;
  try {
    const target = realpathSync(path);
    if (statSync(target).nlink > 1) {
      writeFile(target, "r+", text);
      return undefined;
    }
    temp = join(dirname(target), `.${basename(target)}.k7-spec-${process.pid}.tmp`);
    writeFile(temp, "wx", text);
    chmodSync(temp, statSync(target).mode & 0o7777);
    renameSync(temp, target);
  } catch (error) {
    if (temp !== undefined) rmSync(temp, { force: true });
    return reason(error);
  }
  return undefined;
}

/** Writes TEXT over the file at PATH, opened with FLAGS, cuts it to TEXT's length, and syncs it. */
function writeFile(path, flags, text) {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text, 0);
    ftruncateSync(fd, Buffer.byteLength(text));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** PATH relative to DIR, with / between its parts (as globs and .gitignore patterns write it). */
const relativePath = (dir, path) => relative(dir, path).split(sep).join("/");

/**
 * Type of what is at PATH, following symbolic links; undefined when nothing (or a dangling link),
 * or when it cannot be asked (a file's path used as a directory's): reading it then says why.
 */
function kind(path) {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  return stat && (stat.isDirectory() ? "directory" : "file");
}

/** The git root at or above DIR (the nearest directory with a .git), or undefined. */
function gitRoot(dir) {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (statSync(join(at, ".git"), { throwIfNoEntry: false })) return at;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * The files under ROOT that `wanted(path)` selects (ROOT joined with the path below it), sorted,
 * depth first, each `{ file }`; a directory that cannot be listed is `{ file, error }`. Skipped:
 * .git, symbolic links to directories (git keeps them as links, so no loop either), and what the
 * .gitignore files ignore: those from the git root down to ROOT (unless they ignore ROOT itself,
 * which is searched when named on the command line) and those inside.
 */
function walk(root, wanted) {
  const top = gitRoot(root) ?? resolve(root);
  const fromTop = (path) => relativePath(top, path);
  /** The .gitignore of DIR, as `gitignored` takes it: [] or [{ dir, text }]. */
  const gitignoreOf = (dir) => {
    const { text } = read(join(dir, ".gitignore"));
    return text === undefined ? [] : [{ dir: fromTop(dir), text }];
  };
  let above = [];
  for (let at = resolve(root); at !== top;) {
    at = dirname(at);
    above.unshift(...gitignoreOf(at));
  }
  if (k7.gitignored(above, [{ path: fromTop(root), isDir: true }])[0]) above = [];
  const found = [];
  const visit = (dir, gitignores) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.name !== ".git" && !(e.isSymbolicLink() && kind(join(dir, e.name)) === "directory"))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      found.push({ file: dir, error: `cannot list the directory: ${reason(error)}` });
      return;
    }
    const here = [...gitignores, ...gitignoreOf(dir)];
    const paths = entries.map((entry) => join(dir, entry.name));
    const ignored = k7.gitignored(
      here,
      entries.map((entry, i) => ({ path: fromTop(paths[i]), isDir: entry.isDirectory() })),
    );
    entries.forEach((entry, i) => {
      if (ignored[i]) return;
      if (entry.isDirectory()) visit(paths[i], here);
      else if (wanted(paths[i])) found.push({ file: paths[i] });
    });
  };
  visit(root, above);
  return found;
}

/**
 * The directory to search for ARG's matches when ARG is a glob rather than a path (it has *, ?
 * or [, names nothing, and is a valid glob); otherwise undefined.
 */
function globBase(arg) {
  if (!/[*?[]/.test(arg) || kind(arg) !== undefined) return undefined;
  try {
    return k7.globBase(arg) || ".";
  } catch {
    return undefined;
  }
}

/**
 * The spec files validate's arguments name, in order, each `{ file }` (its path, or standard
 * input's name with `stdin: true`), or `{ file, error }` for a directory that cannot be listed.
 */
function specFiles(args) {
  const stdin = args.stdinName;
  let inputs = args.files;
  if (inputs.length === 0) {
    const found = ["k7.yaml", "k7.yml"].find((name) => kind(name) === "file");
    if (!found) throw new UsageError("no FILE given, and no ./k7.yaml or ./k7.yml here (see k7-spec --help)");
    inputs = [found];
  }
  /** FOUND, or the usage error NONE when it is empty. */
  const some = (found, none) => {
    if (found.length === 0) throw new UsageError(none);
    return found;
  };
  return inputs.flatMap((arg) => {
    if (arg === "-") return [{ file: stdin, stdin: true }];
    if (kind(arg) === "directory") {
      return some(walk(arg, k7.isSpecFile), `no spec file (${SPEC_NAMES}) in ${arg}`);
    }
    const base = globBase(arg);
    if (base !== undefined) {
      const found = kind(base) === "directory" ? walk(base, (path) => k7.globMatches(arg, path)) : [];
      return some(found, `no file matches ${arg}`);
    }
    return [{ file: arg }];
  });
}

/**
 * The config that applies to specs in a directory: `--config FILE`, none with `--no-config`, or
 * the nearest .k7-spec.yaml from the directory up (looked up once per directory).
 */
function configs(args) {
  /** `{ path, dir, text }` of the config file at PATH, checked. */
  const load = (path) => {
    const { text, error } = read(path);
    if (error !== undefined) throw new UsageError(`cannot read the config ${path}: ${error}`);
    const config = { path, dir: dirname(resolve(path)), text };
    configSettings(config, config.dir); // a bad config is refused whatever the path
    return config;
  };
  if (args.noConfig) return () => undefined;
  if (args.config !== undefined) {
    const config = load(args.config);
    return () => config;
  }
  const byDir = new Map();
  const find = (dir) => {
    if (!byDir.has(dir)) {
      const path = join(dir, ".k7-spec.yaml");
      const parent = dirname(dir);
      byDir.set(
        dir,
        kind(path) === "file" ? load(relative(".", path) || path) : parent === dir ? undefined : find(parent),
      );
    }
    return byDir.get(dir);
  };
  return (dir) => find(resolve(dir));
}

/** What CONFIG says for the spec FILE; a bad config is `PATH:LINE:COL: message`, bad usage. */
function configSettings(config, file) {
  try {
    return k7.configSettings(config.text, relativePath(config.dir, file));
  } catch (error) {
    throw new UsageError(`${config.path}:${error.message}`);
  }
}

/**
 * The settings for the spec FILE: its config's (for FILE relative to the config's directory),
 * under the command line's: `{ failOn, options: { cni, workload, ignore } }`.
 */
function settings(args, configFor, file) {
  const found = configFor(dirname(file));
  const config = found ? configSettings(found, file) : { ignore: [] };
  const options = { ignore: [...config.ignore, ...args.ignore] };
  for (const name of ["cni", "workload"]) {
    const value = args[name] ?? config[name];
    if (value !== undefined) options[name] = value;
  }
  return { failOn: args.failOn ?? config.failOn ?? "warning", options };
}

/** `method(text, options)` of the core, with misuse (a bad option) reported as bad usage. */
function check(method, name, text, options) {
  try {
    return method(text, options);
  } catch (error) {
    throw new UsageError(`${name}: ${error.message.replace(/^k7-spec: /, "")}`);
  }
}

/** Writes a report of the core (its stdout and stderr) and returns its status. */
function print(report) {
  process.stdout.write(report.stdout);
  if (report.stderr) process.stderr.write(report.stderr);
  return report.status;
}

function validateCommand(args) {
  const { fix, diff, unsafeFixes } = args;
  const options = {
    format: args.format,
    quiet: args.quiet,
    fix,
    stdin: args.files.includes("-"),
    diff,
    unsafeFixes,
  };
  const configFor = configs(args);
  const files = specFiles(args).map(({ file, stdin, error }) => {
    const input = error === undefined ? read(stdin ? "-" : file) : { error };
    if (input.error !== undefined) return { file, error: input.error };
    const { failOn, options } = settings(args, configFor, file);
    if (!fix && !diff) return { file, failOn, diagnostics: check(k7.validate, file, input.text, options) };
    const fixed = check((text, options) => k7.fix(text, options, unsafeFixes), file, input.text, options);
    // The text is written only when it changes, and never with --diff.
    const write = fix && !diff && !stdin && fixed.text !== input.text;
    const unwritten = write ? writeInPlace(file, fixed.text) : undefined;
    const { text, applied, diagnostics } = fixed;
    return { file, failOn, diagnostics, fix: { source: input.text, text, applied, error: unwritten } };
  });
  return print(k7.report(files, options));
}

/** The one FILE of render and explain: its name, text and settings; unreadable is bad usage. */
function oneFile(args) {
  const [path] = args.files;
  const file = path === "-" ? args.stdinName : path;
  const { text, error } = read(path);
  if (error !== undefined) throw new UsageError(`cannot read ${file}: ${error}`);
  return { file, text, ...settings(args, configs(args), file) };
}

/** Prints what the core's `output` says for a command, and returns its status. */
function printOutput(request) {
  let report;
  try {
    report = k7.output(request);
  } catch (error) {
    throw new UsageError(error.message.replace(/^k7-spec: /, ""));
  }
  return print(report);
}

/** `render` and `explain`: FILE's findings on stderr, its manifests or explanation on stdout. */
function renderOrExplain(args) {
  const { file, text, failOn, options } = oneFile(args);
  const request = { command: args.command, file, source: text, options, failOn };
  return printOutput({ ...request, format: args.format });
}

/**
 * `reach`: FILE's connections (--to, --from, or each line of --queries, read after the spec), or
 * without them the matrix between the FILEs, found and read as validate finds them (an
 * unreadable one is bad usage), for one cluster: the first spec's settings.
 */
function reachCommand(args) {
  const { queries } = args.reach;
  if (args.reach.to === undefined && args.reach.from === undefined && queries === undefined) {
    const configFor = configs(args);
    let options;
    const files = specFiles(args).map(({ file, stdin, error }) => {
      const input = error === undefined ? read(stdin ? "-" : file) : { error };
      if (input.error !== undefined) throw new UsageError(`cannot read ${file}: ${input.error}`);
      options ??= settings(args, configFor, file).options;
      return { file, source: input.text };
    });
    return printOutput({ command: "matrix", files, options, format: args.format });
  }
  const { file, text, options } = oneFile(args);
  const request = { command: "reach", file, source: text, options, format: args.format, reach: args.reach };
  if (queries !== undefined) {
    const { text, error } = read(queries);
    if (error !== undefined) throw new UsageError(`cannot read the queries ${queries}: ${error}`);
    request.queries = text;
  }
  return printOutput(request);
}

function schemaCommand(args) {
  return printOutput({ command: "schema", format: args.format });
}

/** What each command does; the help text and the version come from the core. */
const COMMANDS = {
  validate: validateCommand,
  render: renderOrExplain,
  explain: renderOrExplain,
  schema: schemaCommand,
  reach: reachCommand,
  help: () => printOutput({ command: "help" }),
  version: () => printOutput({ command: "version" }),
};

function main(argv) {
  try {
    const args = parseArgs(argv);
    return COMMANDS[args.command](args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return printOutput({ command: "error", message: error.message });
  }
}

// A reader that goes away (`k7-spec validate specs | head -1`) ends the command quietly, with
// the status its findings decided; any other failure to write (a full disk) is one line, exit 2.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") {
      if (stream === process.stdout)
        process.stderr.write(`k7-spec: cannot write the output: ${error.message}\n`);
      process.exitCode = 2;
    }
    process.exit();
  });
}
process.exitCode = main(process.argv.slice(2));
