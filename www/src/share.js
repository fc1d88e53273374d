// Share links: the spec and its options, deflated (CompressionStream "deflate-raw", built into
// every current browser) and base64url-encoded into the URL fragment. The fragment never reaches
// a server.

const PREFIX = "#s=";

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
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

/** The fragment (`#s=…`) that holds `state` ({ spec, cni, workload }). */
export async function encodeState({ spec, cni, workload }) {
  const json = JSON.stringify({ v: 1, spec, cni, workload });
  return (
    PREFIX + toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw")))
  );
}

/** The state in `hash`, null when the hash holds none, or throws when it is damaged. */
export async function decodeState(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
  const value = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof value?.spec !== "string") throw new Error("the link holds no spec");
  return { spec: value.spec, cni: value.cni, workload: value.workload };
}
