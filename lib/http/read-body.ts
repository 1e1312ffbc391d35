// Reads a response body with a hard size cap. fetch decompresses before we see the bytes, so the
// cap also bounds a gzip bomb, which a Content-Length check alone would not.

export type CappedBody = { ok: true; text: string } | { ok: false; readBytes: number };

export async function readBodyCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBody> {
  if (body === null) return { ok: true, text: "" };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop the download at once; the rest of the body is never wanted.
      reader.cancel().catch(() => undefined);
      return { ok: false, readBytes: total };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

/** A short, key-free description of a body that failed to parse as JSON. */
export function describeNonJson(text: string): string {
  const start = text.trimStart().slice(0, 15).toLowerCase();
  if (start === "") return "an empty body";
  // Proxies and CDNs (Cloudflare) answer with HTML error pages.
  if (start.startsWith("<")) return "an HTML page";
  if (start.startsWith("{") || start.startsWith("[")) return "malformed or truncated JSON";
  return "a non-JSON body";
}
