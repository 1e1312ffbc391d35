// What fetchJson reports about each attempt, against a real local server with known outcomes:
// the upstream request counter and latency histogram, and one client span per attempt.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FetchJsonRequest, fetchJson } from "../../../lib/http/fetch-json";
import { getRegistry, renderMetrics } from "../../../lib/metrics/registry";
import { parseExposition, samplesOf, sampleValue } from "../../support/exposition";
import {
  catchUpstreamError,
  type LocalServer,
  recordingSleep,
  sendJson,
  startLocalServer,
} from "../../support/http-server";
import { type InMemoryTracing, startInMemoryTracing } from "../../support/tracing";

const KEY = "telemetry-key-0a1b2c3d4e";
let server: LocalServer;
let tracing: InMemoryTracing;

beforeAll(async () => {
  server = await startLocalServer();
  tracing = startInMemoryTracing();
});
afterAll(async () => {
  await tracing.stop();
  await server.close();
});
beforeEach(() => {
  getRegistry().resetMetrics();
  tracing.reset();
});

function request(extra: Partial<FetchJsonRequest> = {}): FetchJsonRequest {
  return {
    provider: "testprov",
    endpoint: "things/latest",
    url: `${server.url}/v1/things?api_key=${KEY}`,
    timeoutMs: 2_000,
    retries: 0,
    maxBodyBytes: 10_000,
    classify: () => null,
    ...extra,
  };
}

async function upstream() {
  const metrics = parseExposition((await renderMetrics()).body);
  const counts = samplesOf(metrics, "topcoins_upstream_requests_total").map((sample) => [
    sample.labels.provider,
    sample.labels.endpoint,
    sample.labels.outcome,
    sample.value,
  ]);
  const latencyCount = (outcome: string) =>
    sampleValue(metrics, "topcoins_upstream_request_duration_seconds_count", {
      provider: "testprov",
      endpoint: "things/latest",
      outcome,
    });
  return { counts, latencyCount };
}

describe("upstream request metrics", () => {
  it("count one ok attempt with its latency", async () => {
    server.handle((_req, res) => sendJson(res, 200, { things: [] }));
    await fetchJson(request());
    const { counts, latencyCount } = await upstream();
    expect(counts).toEqual([["testprov", "things/latest", "ok", 1]]);
    expect(latencyCount("ok")).toBe(1);
  });

  it("count every attempt of a retried call: two unavailable, then one ok", async () => {
    server.handle((_req, res, hit) => (hit <= 2 ? sendJson(res, 503, {}) : sendJson(res, 200, {})));
    const { sleep } = recordingSleep();
    await fetchJson(request({ retries: 2, sleep }));
    const { counts, latencyCount } = await upstream();
    expect(counts).toEqual([
      ["testprov", "things/latest", "unavailable", 2],
      ["testprov", "things/latest", "ok", 1],
    ]);
    expect([latencyCount("unavailable"), latencyCount("ok")]).toEqual([2, 1]);
  });

  it("label a failure with its kind, and a call abandoned by its caller as aborted", async () => {
    server.handle((_req, res) => sendJson(res, 401, {}));
    await catchUpstreamError(fetchJson(request()), [KEY]);
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = catchUpstreamError(fetchJson(request({ signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await pending;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { counts } = await upstream();
    expect(counts).toEqual([
      ["testprov", "things/latest", "auth", 1],
      ["testprov", "things/latest", "aborted", 1],
    ]);
  });
});

describe("upstream spans", () => {
  it("are one client span per attempt, with the status, the outcome and no query string", async () => {
    server.handle((_req, res, hit) => (hit === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, {})));
    const { sleep } = recordingSleep();
    await fetchJson(request({ retries: 1, sleep }));
    const spans = tracing.spans();
    expect(spans.map((span) => [span.name, span.kind, span.attributes["topcoins.attempt"]])).toEqual([
      ["GET testprov things/latest", SpanKind.CLIENT, 1],
      ["GET testprov things/latest", SpanKind.CLIENT, 2],
    ]);
    const [failed, ok] = spans;
    expect(failed?.attributes).toMatchObject({
      "http.response.status_code": 503,
      "topcoins.outcome": "unavailable",
      "error.type": "unavailable",
    });
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: "testprov things/latest: HTTP 503" });
    expect(ok?.attributes).toMatchObject({ "http.response.status_code": 200, "topcoins.outcome": "ok" });
    expect(ok?.attributes["url.path"]).toBe("/v1/things");
    expect(JSON.stringify(spans.map((span) => [span.attributes, span.events]))).not.toContain(KEY);
  });
});
