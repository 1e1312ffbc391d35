// GET /api/top (and `/` for non-browser clients): a lookup of a prepared body, or a 304.
import { ATTR, inSpanSync } from "../tracing/spans";
import { cacheControlFor, errorResponse } from "./responses";
import { etagMatches, prepareTopBody } from "./top-body";
import { parseTopQuery } from "./top-query";
import type { ViewStore } from "./view-store";

export function handleTop(request: Request, viewStore: ViewStore, depth: number): Response {
  const url = new URL(request.url);
  const query = parseTopQuery(url.searchParams, request.headers.get("accept"), depth);
  if ("code" in query) return errorResponse(query.status, query.code, query.message);

  const found = inSpanSync(
    "view.lookup",
    { "topcoins.limit": query.limit, "topcoins.format": query.format },
    (span) => {
      const view = viewStore.current;
      if (!view) {
        span.setAttribute(ATTR.outcome, "no_data");
        return null;
      }
      span.setAttributes({
        [ATTR.outcome]: "hit",
        [ATTR.rankingSnapshotId]: view.merged.rankingSnapshotId,
        [ATTR.pricingSnapshotId]: view.merged.pricingSnapshotId,
      });
      return { view, prepared: prepareTopBody(view, query.format, query.limit) };
    },
  );
  if (!found) return noDataResponse(viewStore);

  const { view, prepared } = found;
  const headers = {
    etag: prepared.etag,
    "cache-control": cacheControlFor(Math.min(view.meta.ranking.refreshSeconds, view.meta.pricing.refreshSeconds)),
    vary: "Accept",
    "x-content-type-options": "nosniff",
  };
  if (etagMatches(request.headers.get("if-none-match"), prepared.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(prepared.body, { status: 200, headers: { ...headers, "content-type": prepared.contentType } });
}

/** 503 with a reason: the store is unreachable, or a source has not delivered its first snapshot. */
export function noDataResponse(viewStore: ViewStore): Response {
  const { status } = viewStore;
  const message = !status.storeReachable
    ? "the store is not reachable yet; try again shortly"
    : `no data yet: waiting for the first ${status.missing.join(" and ") || "snapshots"} snapshot`;
  return errorResponse(503, "no_data", message, { "retry-after": "5" });
}
