// Response bodies for /api/top, prepared once per (view, format, limit) and reused until the view
// changes, with their compressed variants (made on first use). The cache sits on globalThis: Next
// bundles this module once per route, and the web server's fast path loads it once more.
import { createHash } from "node:crypto";
import { renderCsv } from "../format/csv";
import { escapeUnsafeJson } from "../format/text";
import { EncodedBody } from "./answer";
import type { TopFormat } from "./top-query";
import type { TopView } from "./view";

export interface PreparedBody {
  body: string;
  etag: string;
  contentType: string;
  /** The same bytes as a Buffer, with gzip and brotli variants and their ETags. */
  encoded: EncodedBody;
}

const CONTENT_TYPES: Record<TopFormat, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

const CACHE_KEY = Symbol.for("topcoins.topBodies");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: WeakMap<TopView, Map<string, PreparedBody>> };

function etagFor(view: TopView, format: TopFormat, limit: number): string {
  const digest = createHash("sha1").update(`${view.key}|${format}|${limit}`).digest("base64url").slice(0, 22);
  return `"${digest}"`;
}

export function renderTopJson(view: TopView, limit: number): string {
  const data = view.merged.rows.slice(0, limit);
  // Text is cleaned when the providers' bodies are parsed; a store from an older version may hold
  // C1 controls or bidi overrides, which JSON.stringify writes raw: escaped, they are the same JSON.
  return escapeUnsafeJson(JSON.stringify({ data, meta: { limit, count: data.length, ...view.meta } }));
}

/** The body for one format and limit; built on first use, then a lookup. */
export function prepareTopBody(view: TopView, format: TopFormat, limit: number): PreparedBody {
  const holder = globalThis as GlobalWithCache;
  holder[CACHE_KEY] ??= new WeakMap();
  const bodyCache = holder[CACHE_KEY];
  let perView = bodyCache.get(view);
  if (!perView) {
    perView = new Map();
    bodyCache.set(view, perView);
  }
  const cacheKey = `${format}:${limit}`;
  let prepared = perView.get(cacheKey);
  if (!prepared) {
    const body = format === "csv" ? renderCsv(view.merged.rows.slice(0, limit)) : renderTopJson(view, limit);
    const etag = etagFor(view, format, limit);
    const encoded = new EncodedBody(Buffer.from(body), etag.slice(1, -1));
    prepared = { body, etag, contentType: CONTENT_TYPES[format], encoded };
    perView.set(cacheKey, prepared);
  }
  return prepared;
}

/** True when an If-None-Match header matches the ETag (weak comparison, as RFC 9110 asks for 304s). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
