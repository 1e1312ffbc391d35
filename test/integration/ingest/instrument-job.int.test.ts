// Traces and metrics of real service cycles: the pricing and ranking jobs against the market
// simulator over real HTTP, writing to a real SQLite file, with spans kept in memory.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-node";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "@/harness/databases";
import { loadConfig } from "@/lib/config";
import { getRegistry, renderMetrics } from "@/lib/metrics/registry";
import { migrateToLatest, openStore, type Store } from "@/lib/store";
import type { RunningSimulator } from "@/simulator/server";
import { parseExposition, sampleValue } from "@/test/support/exposition";
import { control, startTestSimulator } from "@/test/support/simulator";
import { type InMemoryTracing, parentIdOf, startInMemoryTracing } from "@/test/support/tracing";
import { createPricingJob, createRankingJob } from "../../../lib/ingest/jobs";
import { type FetchOutcome, runServiceLoop, type ServiceJob } from "../../../lib/ingest/service-loop";

const silent = pino({ level: "silent" });

let tracing: InMemoryTracing;
let simulator: RunningSimulator;
let database: TestDatabase;
let store: Store;

beforeAll(() => {
  tracing = startInMemoryTracing("pricing");
});
afterAll(() => tracing.stop());

beforeEach(async () => {
  simulator = await startTestSimulator();
  database = await createSqliteDatabase();
  store = openStore(database.url);
  await migrateToLatest(store.db);
  tracing.reset();
  getRegistry().resetMetrics();
});

afterEach(async () => {
  await store.close();
  await database.drop();
  await simulator.close();
});

function context() {
  const config = loadConfig({
    DATABASE_URL: database.url,
    CMC_BASE_URL: simulator.url,
    CRYPTOCOMPARE_BASE_URL: simulator.url,
    CMC_API_KEY: simulator.cmcKey,
    CRYPTOCOMPARE_API_KEY: simulator.cryptocompareKey,
    CMC_DAILY_CREDITS: "0",
    PRICING_DEPTH: "200",
    HISTORY_BACKFILL_PER_CYCLE: "0",
    HTTP_RETRIES: "0",
  });
  return { config, logger: silent, store, signal: new AbortController().signal };
}

/** One cycle of the real loop: its sleep after the first cycle ends it. */
async function oneCycle<T extends FetchOutcome>(job: ServiceJob<T>): Promise<void> {
  const controller = new AbortController();
  await runServiceLoop(job, {
    store,
    logger: silent,
    signal: controller.signal,
    sleep: async () => controller.abort(),
  });
}

const childrenOf = (parent: ReadableSpan) =>
  tracing
    .spans()
    .filter((span) => parentIdOf(span) === parent.spanContext().spanId)
    .map((span) => span.name)
    .sort();

const nanos = ([seconds, nanoseconds]: [number, number]) => BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);

async function scrape() {
  return parseExposition((await renderMetrics()).body);
}

describe("a traced pricing cycle", () => {
  it("is one trace: cycle → fetch → HTTP attempt and parse, and cycle → store write", async () => {
    await oneCycle(createPricingJob(context()));

    const cycle = tracing.span("cycle pricing");
    const fetch = tracing.span("fetch pricing");
    const http = tracing.span("GET coinmarketcap listings/latest");
    const parse = tracing.span("parse coinmarketcap listings/latest");
    const write = tracing.span("store.write pricing");

    expect(parentIdOf(cycle)).toBeUndefined();
    expect(childrenOf(cycle)).toEqual(["fetch pricing", "store.write pricing"]);
    // The first cycle also fetches CoinMarketCap's coin map for the asset registry, inside the same fetch.
    expect(childrenOf(fetch)).toEqual([
      "GET coinmarketcap cryptocurrency/map",
      "GET coinmarketcap listings/latest",
      "parse coinmarketcap cryptocurrency/map",
      "parse coinmarketcap listings/latest",
    ]);
    const traceIds = new Set([cycle, fetch, http, parse, write].map((span) => span.spanContext().traceId));
    expect(traceIds.size).toBe(1);

    expect(cycle.attributes).toEqual({
      "topcoins.role": "pricing",
      "topcoins.provider": "coinmarketcap",
      "topcoins.items": 200,
      "topcoins.snapshot_id": 1,
      "topcoins.outcome": "stored",
    });
    expect(fetch.attributes).toEqual({
      "topcoins.role": "pricing",
      "topcoins.provider": "coinmarketcap",
      "topcoins.items": 200,
      "topcoins.outcome": "ok",
    });
    expect(http.kind).toBe(SpanKind.CLIENT);
    expect(http.attributes).toEqual({
      "topcoins.provider": "coinmarketcap",
      "topcoins.endpoint": "listings/latest",
      "topcoins.attempt": 1,
      "http.request.method": "GET",
      "server.address": "127.0.0.1",
      "url.path": "/v1/cryptocurrency/listings/latest",
      "http.response.status_code": 200,
      "topcoins.outcome": "ok",
    });
    expect(parse.attributes).toEqual({
      "topcoins.provider": "coinmarketcap",
      "topcoins.endpoint": "listings/latest",
      "topcoins.outcome": "ok",
    });
    expect(write.attributes).toEqual({
      "topcoins.role": "pricing",
      "topcoins.provider": "coinmarketcap",
      "topcoins.items": 200,
      "topcoins.snapshot_id": 1,
    });
    // The cycle spans its children. Each span reads an anchored clock of its own, and two anchors
    // can differ by microseconds (CI saw 72 µs), so the order is checked to within a millisecond.
    const CLOCK_SLACK_NS = 1_000_000n;
    expect(nanos(cycle.startTime)).toBeLessThanOrEqual(nanos(fetch.startTime) + CLOCK_SLACK_NS);
    expect(nanos(cycle.endTime)).toBeGreaterThanOrEqual(nanos(write.endTime) - CLOCK_SLACK_NS);

    const metrics = await scrape();
    expect(sampleValue(metrics, "topcoins_service_cycles_total", { role: "pricing", outcome: "stored" })).toBe(1);
    expect(sampleValue(metrics, "topcoins_service_fetched_items", { role: "pricing" })).toBe(200);
    // The listings call and the coin map, a credit each.
    expect(
      sampleValue(metrics, "topcoins_upstream_credits_spent_total", { role: "pricing", provider: "coinmarketcap" }),
    ).toBe(2);
    expect(
      sampleValue(metrics, "topcoins_upstream_requests_total", {
        provider: "coinmarketcap",
        endpoint: "listings/latest",
        outcome: "ok",
      }),
    ).toBe(1);
  });

  it("ends an unchanged cycle without a write, and a failed one with the error kind", async () => {
    const job = createPricingJob(context());
    await oneCycle(job);
    await oneCycle(job);
    await control(simulator, "POST", "/_sim/fault", { target: "coinmarketcap", mode: "status", status: 503, times: 1 });
    await oneCycle(job);

    const cycles = tracing.spans().filter((span) => span.name === "cycle pricing");
    expect(cycles.map((span) => span.attributes["topcoins.outcome"])).toEqual(["stored", "unchanged", "error"]);
    expect(tracing.spans().filter((span) => span.name === "store.write pricing")).toHaveLength(1);
    const failed = cycles[2] as ReadableSpan;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes["error.type"]).toBe("unavailable");
    const attempts = tracing.spans().filter((span) => span.name === "GET coinmarketcap listings/latest");
    expect(attempts.map((span) => span.attributes["topcoins.outcome"])).toEqual(["ok", "ok", "unavailable"]);
    expect(attempts[2]?.attributes["http.response.status_code"]).toBe(503);

    const metrics = await scrape();
    expect(
      ["stored", "unchanged", "error"].map((outcome) =>
        sampleValue(metrics, "topcoins_service_cycles_total", { role: "pricing", outcome }),
      ),
    ).toEqual([1, 1, 1]);
    // Two listings calls and the coin map of the first cycle, a credit each.
    expect(
      sampleValue(metrics, "topcoins_upstream_credits_spent_total", { role: "pricing", provider: "coinmarketcap" }),
    ).toBe(3);
  });
});

describe("a traced ranking cycle", () => {
  it("has one HTTP attempt and one parse per toplist page under its fetch", async () => {
    const job = createRankingJob(context());
    await oneCycle(job);
    await job.idle();

    const fetch = tracing.span("fetch ranking");
    expect(fetch.attributes).toMatchObject({ "topcoins.provider": "cryptocompare", "topcoins.items": 200 });
    const children = childrenOf(fetch);
    const pages = children.filter((name) => name === "GET cryptocompare top/totalvolfull").length;
    expect(pages).toBeGreaterThanOrEqual(2);
    // And, on the first cycle, CryptoCompare's coin list for the asset registry.
    expect(children).toEqual([
      "GET cryptocompare all/coinlist",
      ...Array(pages).fill("GET cryptocompare top/totalvolfull"),
      "parse cryptocompare all/coinlist",
      ...Array(pages).fill("parse cryptocompare top/totalvolfull"),
    ]);
    expect(childrenOf(tracing.span("cycle ranking"))).toEqual(["fetch ranking", "store.write ranking"]);
  });
});
