// A small static server for dist/: the right types (application/wasm for streaming compilation),
// gzip when the browser accepts it, the Content-Security-Policy header, nothing outside the
// folder. `make run` and the editor tests use it:
//   node serve.mjs [--port 8080] [--host 127.0.0.1] [--root dist]
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { CSP } from "./csp.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".yaml": "application/yaml",
};

/** Starts serving `root`; resolves to { server, url } once listening (port 0 picks a free one). */
export async function serve({ root = "dist", port = 8080, host = "127.0.0.1" } = {}) {
  const base = resolve(root);
  const gzipped = new Map();
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const headers = {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      // Hashed assets never change; the pages must be revalidated.
      "cache-control": file.includes(`${sep}assets${sep}`)
        ? "public, max-age=31536000, immutable"
        : "no-cache",
      vary: "accept-encoding",
    };
    if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "") && !/\.(png)$/.test(file)) {
      const { mtimeMs } = statSync(file);
      let entry = gzipped.get(file);
      if (!entry || entry.mtimeMs !== mtimeMs) {
        entry = { mtimeMs, body: gzipSync(readFileSync(file), { level: 9 }) };
        gzipped.set(file, entry);
      }
      res.writeHead(200, { ...headers, "content-encoding": "gzip", "content-length": entry.body.length });
      res.end(req.method === "HEAD" ? undefined : entry.body);
      return;
    }
    res.writeHead(200, { ...headers, "content-length": statSync(file).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  return { server, url: `http://${host}:${server.address().port}` };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const here = fileURLToPath(new URL(".", import.meta.url));
  const root = resolve(here, arg("root", "dist"));
  if (!existsSync(join(root, "index.html"))) {
    console.error(`serve: ${root}/index.html is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  const { url } = await serve({ root, port: Number(arg("port", 8080)), host: arg("host", "127.0.0.1") });
  console.log(`k7-spec editor: ${url}/  (the embeddable element: ${url}/embed.html; Ctrl+C stops)`);
}
