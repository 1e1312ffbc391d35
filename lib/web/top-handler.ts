// GET /api/top (and `/` for non-browser clients): a lookup of a prepared body, or a 304. The route
// handler and the web server's fast path both answer through answerTop.
import { ATTR, inSpanSync } from "../tracing/spans";
import { type Answer, type AnswerRequest, answerRequestOf, encodedAnswer, errorAnswer, toResponse } from "./answer";
import { cacheControlFor, errorResponse } from "./responses";
import { currencyProblem, prepareTopBody } from "./top-body";
import { parseTopQuery } from "./top-query";
import { noDataReason, type ViewStore } from "./view-store";

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
  const problem = currencyProblem(view, query, viewStore.fxEnabled, viewStore.clock());
  if (problem) return errorAnswer(request, problem.status, problem.code, problem.message, problem.headers);

  const { encoded, contentType } = prepareTopBody(view, query);
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

/** 503 with a reason: the store is unreachable, or a source has not delivered its first snapshot (and why). */
function noDataMessage(viewStore: ViewStore): string {
  return noDataReason(viewStore.status, viewStore.clock());
}

export function noDataAnswer(request: AnswerRequest, viewStore: ViewStore): Answer {
  return errorAnswer(request, 503, "no_data", noDataMessage(viewStore), { "retry-after": "5" });
}

export function noDataResponse(viewStore: ViewStore): Response {
  return errorResponse(503, "no_data", noDataMessage(viewStore), { "retry-after": "5" });
}
