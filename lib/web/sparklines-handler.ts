// GET /api/sparklines?limit=N: 7-day sparklines of the top N coins, keyed by rankingId.
import { errorResponse } from "./responses";
import { SparklineCache } from "./sparklines";
import { etagMatches } from "./top-body";
import { noDataResponse } from "./top-handler";
import { parseLimit } from "./top-query";
import type { ViewStore } from "./view-store";

// The set changes at most every 5 minutes, so a minute of caching loses nothing.
const CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";

// One cache per view store: the web process has one, each test builds its own.
const caches = new WeakMap<ViewStore, SparklineCache>();

function cacheFor(viewStore: ViewStore): SparklineCache {
  let cache = caches.get(viewStore);
  if (!cache) {
    cache = new SparklineCache();
    caches.set(viewStore, cache);
  }
  return cache;
}

export interface SparklinesHandlerOptions {
  now?: () => Date;
}

export async function handleSparklines(
  request: Request,
  viewStore: ViewStore,
  depth: number,
  options: SparklinesHandlerOptions = {},
): Promise<Response> {
  const limit = parseLimit(new URL(request.url).searchParams, depth);
  if (typeof limit !== "number") return errorResponse(limit.status, limit.code, limit.message);
  const view = viewStore.current;
  if (!view) return noDataResponse(viewStore);

  const cache = cacheFor(viewStore);
  let prepared: ReturnType<SparklineCache["prepare"]>;
  try {
    const now = (options.now ?? (() => new Date()))();
    const set = await cache.get(viewStore.store, view, now, (error) =>
      viewStore.logger.error({ err: error }, "sparkline refresh failed; serving the previous set"),
    );
    prepared = cache.prepare(set, limit);
  } catch (error) {
    viewStore.logger.error({ err: error }, "sparkline read failed");
    return errorResponse(503, "store_unavailable", "the price history cannot be read right now; try again shortly", {
      "retry-after": "5",
    });
  }
  const headers = { etag: prepared.etag, "cache-control": CACHE_CONTROL, "x-content-type-options": "nosniff" };
  if (etagMatches(request.headers.get("if-none-match"), prepared.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(prepared.body, {
    status: 200,
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
  });
}
