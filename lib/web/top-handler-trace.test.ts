// The view lookup of /api/top as a span under the request's span, on a real view store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryView, type HistoryView } from "../../test/support/history-view";
import { type InMemoryTracing, parentIdOf, startInMemoryTracing } from "../../test/support/tracing";
import { tracer } from "../tracing/spans";
import { handleTop } from "./top-handler";

let tracing: InMemoryTracing;
let withData: HistoryView;
let empty: HistoryView;
beforeAll(async () => {
  tracing = startInMemoryTracing("web");
  withData = await createHistoryView(true);
  empty = await createHistoryView(false);
});
afterAll(async () => {
  await withData.cleanup();
  await empty.cleanup();
  await tracing.stop();
});

function requestSpan(view: HistoryView, url: string): Response {
  return tracer().startActiveSpan("GET /api/top", (span) => {
    try {
      return handleTop(new Request(url), view.viewStore, 3);
    } finally {
      span.end();
    }
  });
}

describe("the /api/top view lookup span", () => {
  it("names the snapshot pair it served, under the request span", () => {
    tracing.reset();
    const response = requestSpan(withData, "http://localhost/api/top?limit=2&format=csv");
    expect(response.status).toBe(200);
    const lookup = tracing.span("view.lookup");
    expect(parentIdOf(lookup)).toBe(tracing.span("GET /api/top").spanContext().spanId);
    expect(lookup.attributes).toEqual({
      "topcoins.limit": 2,
      "topcoins.format": "csv",
      "topcoins.outcome": "hit",
      "topcoins.ranking.snapshot_id": 1,
      "topcoins.pricing.snapshot_id": 1,
    });
  });

  it("says when there is no view to serve", () => {
    tracing.reset();
    expect(requestSpan(empty, "http://localhost/api/top").status).toBe(503);
    expect(tracing.span("view.lookup").attributes).toEqual({
      "topcoins.limit": 3,
      "topcoins.format": "json",
      "topcoins.outcome": "no_data",
    });
  });

  it("is not made for a request refused before the lookup", () => {
    tracing.reset();
    expect(requestSpan(withData, "http://localhost/api/top?limit=0").status).toBe(400);
    expect(tracing.spans().map((span) => span.name)).toEqual(["GET /api/top"]);
  });
});
