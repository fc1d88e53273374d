// Share links: the spec and its options, deflated (CompressionStream "deflate-raw", built into
// every current browser) and base64url-encoded into the URL fragment. The fragment never reaches
// a server.
//
// A link is inflated as a stream that stops past MAX_INFLATED: a few hundred kilobytes of link
// can inflate to gigabytes, and a spec may hold 1 MiB (JSON may double its size with escapes).

const PREFIX = "#s=";
export const SPEC_LIMIT = 1 << 20;
export const MAX_INFLATED = 2 * SPEC_LIMIT + 4096;

/** A link that inflates past MAX_INFLATED; `data` is its first MAX_INFLATED bytes. */
export class LinkTooLarge extends Error {
  constructor(data) {
    super(`the link inflates past ${MAX_INFLATED} bytes`);
    this.data = data;
  }
}

async function deflate(bytes) {
  const out = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The fragment (`#s=…`) that holds `state` ({ spec, cni, workload }, and `reach`, the Reach view's
 * phase and question, when given).
 */
export async function encodeState({ spec, cni, workload, reach }) {
  const json = JSON.stringify({ v: 1, spec, cni, workload, reach });
  return PREFIX + toBase64Url(await deflate(new TextEncoder().encode(json)));
}

/**
 * `bytes` as a stream of 1 KiB chunks, read as the reader asks: a chunk inflates to 1 MiB at most
 * (deflate's ratio is below 1:1032), so the inflated data never runs far ahead of readCapped.
 */
function chunked(bytes) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else controller.enqueue(bytes.subarray(at, (at += 1024)));
    },
  });
}

/** The bytes `stream` yields, or throws LinkTooLarge as soon as they pass MAX_INFLATED. */
async function readCapped(stream) {
  const out = new Uint8Array(MAX_INFLATED);
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out.subarray(0, length);
    if (length + value.length > MAX_INFLATED) {
      out.set(value.subarray(0, MAX_INFLATED - length), length);
      reader.cancel().catch(() => {});
      throw new LinkTooLarge(out);
    }
    out.set(value, length);
    length += value.length;
  }
}

/**
 * The state in `hash`, null when the hash holds none; throws LinkTooLarge when it inflates past
 * MAX_INFLATED, another error when it is damaged.
 */
export async function decodeState(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const deflated = chunked(fromBase64Url(hash.slice(PREFIX.length)));
  const bytes = await readCapped(deflated.pipeThrough(new DecompressionStream("deflate-raw")));
  const value = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof value?.spec !== "string") throw new Error("the link holds no spec");
  const state = { spec: value.spec, cni: value.cni, workload: value.workload };
  if (value.reach && typeof value.reach === "object") state.reach = value.reach;
  return state;
}
