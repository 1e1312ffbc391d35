// Response bodies for /api/top, prepared once per (view, query) and reused until the view changes,
// with their compressed variants (made on first use). Clients choose the queries, so the bodies of
// one view are kept within a byte budget, the least recently used dropped first. The cache sits on
// globalThis: Next bundles this module once per route, and the web server's fast path loads it
// once more.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { escapeUnsafeJson } from "../format/text";
import { EncodedBody } from "./answer";
import type { topBodySchema } from "./contract/bodies";
import {
  type CurrencyMeta,
  type CurrencyProblem,
  inCurrency,
  isCurrencyProblem,
  resolveCurrency,
} from "./quote-currency";
import { queryKey, quoteCurrencyOf, type ServedRow, type TopFormat, type TopQuery, topQueryOf } from "./top-query";
import { projectRow, renderRowsCsv, selectRows } from "./top-select";
import type { TopView } from "./view";

/**
 * Bytes of prepared bodies kept per view (their identity bytes, counted twice for the compressed
 * variants they may gain). The common queries stay answers from memory; a flood of distinct ones
 * costs at most this much, and the oldest are built again when asked again.
 */
export const BODY_CACHE_BYTES = 32 * 1024 * 1024;

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
/** One view's bodies by query key, in use order (a Map keeps insertion order), and their bytes. */
interface ViewBodies {
  bodies: Map<string, PreparedBody>;
  bytes: number;
}
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: WeakMap<TopView, ViewBodies> };

function etagFor(view: TopView, key: string): string {
  const digest = createHash("sha1").update(`${view.key}|${key}`).digest("base64url").slice(0, 22);
  return `"${digest}"`;
}

/**
 * Why the query's currency cannot be answered from this view (conversion off, no rate yet), or
 * null when it can (or the query names none): callers check before they ask for a body.
 */
export function currencyProblem(view: TopView, query: TopQuery, fxEnabled: boolean, now: Date): CurrencyProblem | null {
  const code = quoteCurrencyOf(query);
  if (code === null) return null;
  const resolved = resolveCurrency(view, code, fxEnabled, now);
  return isCurrencyProblem(resolved) ? resolved : null;
}

/** The query's rows (in its currency, if it names one), the count before the page, and the currency's meta. */
export function servedRows(
  view: TopView,
  query: TopQuery,
): { rows: ServedRow[]; total: number; currency: CurrencyMeta | null } {
  const { rows, total } = selectRows(view.merged.rows, query);
  const code = quoteCurrencyOf(query);
  if (code === null) return { rows, total, currency: null };
  const currency = resolveCurrency(view, code, true, new Date());
  // Callers ask currencyProblem first; reaching here without a rate is a bug, not bad input.
  if (isCurrencyProblem(currency)) throw new Error(`no ${code} rate to render with: ${currency.message}`);
  return { rows: rows.map((row) => inCurrency(row, currency.perUsd)), total, currency };
}

/** The JSON body: `data` (the selected rows, with the requested keys) and `meta`. */
export function renderTopJson(view: TopView, queryOrLimit: TopQuery | number): string {
  const query = typeof queryOrLimit === "number" ? topQueryOf({ limit: queryOrLimit, format: "json" }) : queryOrLimit;
  const { rows, total, currency } = servedRows(view, query);
  const { fields } = query;
  const data = fields === null ? rows : rows.map((row) => projectRow(row, fields));
  const meta = {
    limit: query.limit,
    offset: query.offset,
    count: data.length,
    total,
    sort: query.sort,
    order: query.order,
    ...(currency && { currency }),
    ...view.meta,
  };
  // Text is cleaned when the providers' bodies are parsed; a store from an older version may hold
  // C1 controls or bidi overrides, which JSON.stringify writes raw: escaped, they are the same JSON.
  return escapeUnsafeJson(JSON.stringify({ data, meta } satisfies z.infer<typeof topBodySchema>));
}

function renderBody(view: TopView, query: TopQuery): string {
  if (query.format === "json") return renderTopJson(view, query);
  const { rows, currency } = servedRows(view, query);
  const fields = query.fields ?? (currency ? (["rank", "symbol", "price"] as const) : undefined);
  return renderRowsCsv(rows, fields, currency?.code ?? null);
}

/** The body for a query; built on first use, then a lookup. (`format`, `limit`: the default query.) */
export function prepareTopBody(view: TopView, queryOrFormat: TopQuery | TopFormat, limit?: number): PreparedBody {
  const query =
    typeof queryOrFormat === "string" ? topQueryOf({ format: queryOrFormat, limit: limit ?? 0 }) : queryOrFormat;
  const holder = globalThis as GlobalWithCache;
  holder[CACHE_KEY] ??= new WeakMap();
  const bodyCache = holder[CACHE_KEY];
  let perView = bodyCache.get(view);
  if (!perView) {
    perView = { bodies: new Map(), bytes: 0 };
    bodyCache.set(view, perView);
  }
  const key = queryKey(query);
  let prepared = perView.bodies.get(key);
  if (prepared) {
    // Most recently used last.
    perView.bodies.delete(key);
    perView.bodies.set(key, prepared);
    return prepared;
  }
  const body = renderBody(view, query);
  const etag = etagFor(view, key);
  const encoded = new EncodedBody(Buffer.from(body), etag.slice(1, -1));
  prepared = { body, etag, contentType: CONTENT_TYPES[query.format], encoded };
  perView.bodies.set(key, prepared);
  perView.bytes += weightOf(prepared);
  for (const [oldKey, old] of perView.bodies) {
    if (perView.bytes <= BODY_CACHE_BYTES || old === prepared) break;
    perView.bodies.delete(oldKey);
    perView.bytes -= weightOf(old);
  }
  return prepared;
}

/** What a kept body may come to hold: its text and bytes, and room for its compressed variants. */
function weightOf(prepared: PreparedBody): number {
  return prepared.encoded.identity.length * 3;
}

/** How many bodies and bytes a view keeps (for tests and the cache's bound). */
export function keptBodies(view: TopView): { count: number; bytes: number } {
  const perView = (globalThis as GlobalWithCache)[CACHE_KEY]?.get(view);
  return { count: perView?.bodies.size ?? 0, bytes: perView?.bytes ?? 0 };
}

/** True when an If-None-Match header matches the ETag (weak comparison, as RFC 9110 asks for 304s). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
