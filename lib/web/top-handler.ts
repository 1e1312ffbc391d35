// GET /api/top (and `/` for non-browser clients): a lookup of a prepared body, or a 304. The route
// handler and the web server's fast path both answer through answerTop.
import { ATTR, inSpanSync } from "../tracing/spans";
import {
  type Answer,
  type AnswerRequest,
  answerRequestOf,
  EncodedBody,
  encodedAnswer,
  errorAnswer,
  toResponse,
} from "./answer";
import { cacheControlFor, errorResponse } from "./responses";
import { prepareTopBody } from "./top-body";
import { parseTopQuery, type TopFormat } from "./top-query";
import type { TopView } from "./view";
import type { ViewStore } from "./view-store";

// Per view, per "format:limit": shared by every copy of this module (Next bundles it per route).
const CACHE_KEY = Symbol.for("topcoins.encodedTopBodies");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: WeakMap<TopView, Map<string, EncodedTop>> };

interface EncodedTop {
  encoded: EncodedBody;
  contentType: string;
}

function encodedTopBody(view: TopView, format: TopFormat, limit: number): EncodedTop {
  const holder = globalThis as GlobalWithCache;
  holder[CACHE_KEY] ??= new WeakMap();
  let perView = holder[CACHE_KEY].get(view);
  if (!perView) {
    perView = new Map();
    holder[CACHE_KEY].set(view, perView);
  }
  const key = `${format}:${limit}`;
  let found = perView.get(key);
  if (!found) {
    const prepared = prepareTopBody(view, format, limit);
    found = {
      encoded: new EncodedBody(Buffer.from(prepared.body), prepared.etag.slice(1, -1)),
      contentType: prepared.contentType,
    };
    perView.set(key, found);
  }
  return found;
}

export function answerTop(request: AnswerRequest, viewStore: ViewStore, depth: number): Answer {
  const query = parseTopQuery(request.url.searchParams, request.header("accept"), depth);
  if ("code" in query) return errorAnswer(request, query.status, query.code, query.message);

  const view = inSpanSync("view.lookup", { "topcoins.limit": query.limit, "topcoins.format": query.format }, (span) => {
    const current = viewStore.current;
    if (!current) {
      span.setAttribute(ATTR.outcome, "no_data");
      return null;
    }
    span.setAttributes({
      [ATTR.outcome]: "hit",
      [ATTR.rankingSnapshotId]: current.merged.rankingSnapshotId,
      [ATTR.pricingSnapshotId]: current.merged.pricingSnapshotId,
    });
    return current;
  });
  if (!view) return noDataAnswer(request, viewStore);

  const { encoded, contentType } = encodedTopBody(view, query.format, query.limit);
  const headers = {
    "cache-control": cacheControlFor(Math.min(view.meta.ranking.refreshSeconds, view.meta.pricing.refreshSeconds)),
    vary: "Accept, Accept-Encoding",
    "x-content-type-options": "nosniff",
  };
  return encodedAnswer(request, 200, encoded, headers, contentType);
}

export function handleTop(request: Request, viewStore: ViewStore, depth: number): Response {
  return toResponse(answerTop(answerRequestOf(request), viewStore, depth));
}

/** 503 with a reason: the store is unreachable, or a source has not delivered its first snapshot. */
function noDataMessage(viewStore: ViewStore): string {
  const { status } = viewStore;
  return !status.storeReachable
    ? "the store is not reachable yet; try again shortly"
    : `no data yet: waiting for the first ${status.missing.join(" and ") || "snapshots"} snapshot`;
}

export function noDataAnswer(request: AnswerRequest, viewStore: ViewStore): Answer {
  return errorAnswer(request, 503, "no_data", noDataMessage(viewStore), { "retry-after": "5" });
}

export function noDataResponse(viewStore: ViewStore): Response {
  return errorResponse(503, "no_data", noDataMessage(viewStore), { "retry-after": "5" });
}
