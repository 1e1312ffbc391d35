// Content coding of prepared bodies, chosen by Accept-Encoding with its q-values. Two transports:
// - "next": a route handler's answer, which Next 16 sends without our Content-Encoding (its
//   send-response drops it) and compresses itself (gzip or deflate, any size, never HEAD);
// - "direct": the web server's fast path, which sends prepared gzip or brotli bytes itself and
//   chooses exactly as Next would, except that brotli wins where the client ranks it at least as high.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Coding = "br" | "gzip" | "deflate" | "identity";
export type Transport = "next" | "direct";

// Quality 5 keeps a rebuild per new snapshot cheap; `npm run bench` reports the sizes.
const BROTLI_QUALITY = 5;

interface Entry {
  name: string;
  q: number;
}

function entriesOf(acceptEncoding: string): Entry[] {
  return acceptEncoding.split(",").flatMap((entry) => {
    const [name = "", ...params] = entry.trim().toLowerCase().split(";");
    if (!name.trim()) return [];
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return [{ name: name.trim(), q: Number.isFinite(q) ? q : 0 }];
  });
}

/** The q-value Accept-Encoding gives a coding: its own entry, else `*`, else 1 for identity only. */
export function codingQuality(acceptEncoding: string | null, coding: string): number {
  if (!acceptEncoding) return coding === "identity" ? 1 : 0;
  const entries = entriesOf(acceptEncoding);
  const own = entries.find((entry) => entry.name === coding);
  const star = entries.find((entry) => entry.name === "*");
  return own?.q ?? star?.q ?? (coding === "identity" ? 1 : 0);
}

/** Identity's q: its own entry, else the lowest q named (a q of 0 counting as 1), as the negotiator does. */
function identityQuality(acceptEncoding: string): number {
  const entries = entriesOf(acceptEncoding);
  const named = entries.find((entry) => entry.name === "identity");
  return named ? named.q : Math.min(1, ...entries.map((entry) => entry.q || 1));
}

/** What Next's compression (the `compression` package) picks: gzip, deflate or identity. */
export function nextCoding(acceptEncoding: string | null): Exclude<Coding, "br"> {
  // Its negotiator takes the highest q, the earlier of [gzip, deflate, identity] on a tie, and
  // turns deflate into gzip when gzip is acceptable at all.
  if (!acceptEncoding) return "identity";
  let best: { coding: Exclude<Coding, "br">; q: number } = { coding: "identity", q: 0 };
  for (const coding of ["gzip", "deflate", "identity"] as const) {
    const q = coding === "identity" ? identityQuality(acceptEncoding) : codingQuality(acceptEncoding, coding);
    if (q > best.q) best = { coding, q };
  }
  if (best.coding === "deflate" && codingQuality(acceptEncoding, "gzip") > 0) return "gzip";
  return best.q > 0 ? best.coding : "identity";
}

/** The fast path's choice: Next's, or brotli where the client ranks it at least as high. */
export function directCoding(acceptEncoding: string | null): Coding {
  const next = nextCoding(acceptEncoding);
  if (!acceptEncoding) return next;
  const br = codingQuality(acceptEncoding, "br");
  const nextQ = next === "identity" ? identityQuality(acceptEncoding) : codingQuality(acceptEncoding, next);
  return br > 0 && br >= nextQ ? "br" : next;
}

export function compress(body: Buffer, coding: "br" | "gzip"): Buffer {
  if (coding === "gzip") return gzipSync(body);
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}
