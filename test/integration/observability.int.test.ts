// Operating the real processes: the production web server's /api/metrics, request ids and request
// log lines, and a pricing service's /metrics and LOG_PRETTY output, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import {
  type Child,
  freePort,
  launch,
  type RunningStack,
  startStack,
  stopChildren,
  TS,
  waitFor,
} from "../../harness/stack";
import type { RunningSimulator } from "../../simulator/server";
import { type MetricFamily, parseExposition, sampleValue } from "../support/exposition";
import { control, startTestSimulator } from "../support/simulator";

interface Meta {
  merge: { matched: number; ambiguous: number; notListed: number; priceCheckFlagged: number };
  ranking: { provider: string; snapshotId: number };
  pricing: { provider: string; snapshotId: number };
}

async function scrape(url: string): Promise<Map<string, MetricFamily>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await response.text());
}

/** The JSON log lines of a process's output (other lines, such as Next's banner, are skipped). */
function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.split("\n").flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      return parsed && typeof parsed === "object" ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

describe("the production web server", () => {
  let database: TestDatabase;
  let stack: RunningStack;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("serves /api/metrics that parses strictly and agrees with /api/top's meta", async () => {
    const top = (await (await fetch(`${stack.webUrl}/api/top?limit=1`)).json()) as { meta: Meta };
    const metrics = await scrape(`${stack.webUrl}/api/metrics`);
    const { merge } = top.meta;
    expect(sampleValue(metrics, "topcoins_view_available")).toBe(1);
    expect(sampleValue(metrics, "topcoins_merge_coins", { status: "matched" })).toBe(merge.matched);
    expect(sampleValue(metrics, "topcoins_merge_coins", { status: "ambiguous" })).toBe(merge.ambiguous);
    expect(sampleValue(metrics, "topcoins_merge_coins", { status: "not_listed" })).toBe(merge.notListed);
    expect(sampleValue(metrics, "topcoins_merge_price_check_flagged")).toBe(merge.priceCheckFlagged);
    expect(merge.matched + merge.ambiguous + merge.notListed).toBe(200);
    for (const role of ["ranking", "pricing"] as const) {
      expect(sampleValue(metrics, "topcoins_source_age_seconds", { role })).toBeLessThan(10);
      expect(sampleValue(metrics, "topcoins_source_stale", { role })).toBe(0);
      expect(sampleValue(metrics, "topcoins_source_failing", { role })).toBe(0);
      expect(sampleValue(metrics, "topcoins_source_refresh_seconds", { role })).toBe(1);
      const provider = top.meta[role].provider;
      expect(sampleValue(metrics, "topcoins_source_provider_info", { role, provider, mode: "configured" })).toBe(1);
    }
    expect(sampleValue(metrics, "topcoins_cmc_credits_today", { role: "pricing" })).toBeGreaterThan(0);
    // The requests above were counted by route, before this scrape began.
    expect(
      sampleValue(metrics, "topcoins_http_requests_total", { method: "GET", route: "/api/top", status: "200" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("echoes a request id and logs one line per request with route, status and duration", async () => {
    const response = await fetch(`${stack.webUrl}/?limit=3`, { headers: { "x-request-id": "int-test-7" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("int-test-7");
    const generated = (await fetch(`${stack.webUrl}/coins/does-not-exist`)).headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const line = await waitFor(
      "the request's log line",
      async () => jsonLines(stack.logs()).find((entry) => entry.requestId === "int-test-7"),
      5_000,
    );
    expect(line).toMatchObject({ service: "web", event: "request", method: "GET", route: "/", path: "/", status: 200 });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    // One line for the one request, though Next's proxy rewrote it to /api/top inside.
    expect(jsonLines(stack.logs()).filter((entry) => entry.requestId === "int-test-7")).toHaveLength(1);
    const missing = await waitFor(
      "the 404's log line",
      async () => jsonLines(stack.logs()).find((entry) => entry.requestId === generated),
      5_000,
    );
    expect(missing).toMatchObject({ route: "/coins/[id]", status: 404 });
  });
});

describe("a pricing service with METRICS_PORT and LOG_PRETTY", () => {
  let simulator: RunningSimulator;
  let database: TestDatabase;
  let service: Child;
  let metricsUrl: string;

  beforeAll(async () => {
    simulator = await startTestSimulator();
    database = await createSqliteDatabase();
    // The first call fails with a 503; the retry succeeds.
    await control(simulator, "POST", "/_sim/fault", { target: "coinmarketcap", mode: "status", status: 503, times: 1 });
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    service = launch("pricing", process.execPath, [...TS, "bin/pricing.ts"], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      CMC_BASE_URL: simulator.url,
      CMC_API_KEY: simulator.cmcKey,
      CMC_DAILY_CREDITS: "0",
      PRICING_DEPTH: "200",
      PRICING_REFRESH_SECONDS: "60",
      HTTP_RETRIES: "1",
      METRICS_PORT: String(port),
      LOG_PRETTY: "1",
    });
  });
  afterAll(async () => {
    await stopChildren([service]);
    await database?.drop();
    await simulator?.close();
  });

  it("counts its upstream attempts, its cycle and its credits at /metrics", async () => {
    const metrics = await waitFor(
      "the first stored cycle",
      async () => {
        const scraped = await scrape(metricsUrl);
        return sampleValue(scraped, "topcoins_service_cycles_total", { role: "pricing", outcome: "stored" }) === 1
          ? scraped
          : undefined;
      },
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${service.output.join("")}`);
    });
    const attempts = (outcome: string) =>
      sampleValue(metrics, "topcoins_upstream_requests_total", {
        provider: "coinmarketcap",
        endpoint: "listings/latest",
        outcome,
      });
    expect([attempts("unavailable"), attempts("ok")]).toEqual([1, 1]);
    expect(
      sampleValue(metrics, "topcoins_upstream_request_duration_seconds_count", {
        provider: "coinmarketcap",
        endpoint: "listings/latest",
        outcome: "ok",
      }),
    ).toBe(1);
    expect(sampleValue(metrics, "topcoins_service_fetched_items", { role: "pricing" })).toBe(200);
    // The listings call and CoinMarketCap's coin map, fetched once for the asset registry: a credit each.
    expect(
      sampleValue(metrics, "topcoins_upstream_credits_spent_total", { role: "pricing", provider: "coinmarketcap" }),
    ).toBe(2);
    expect(
      sampleValue(metrics, "topcoins_identity_list_fetches_total", { provider: "coinmarketcap", outcome: "ok" }),
    ).toBe(1);
  });

  it("logs text for humans through a pipe, and closes /metrics when it stops", async () => {
    await stopChildren([service]);
    expect(service.process.exitCode).toBe(0);
    const output = service.output.join("");
    expect(output.split("\n").length).toBeGreaterThan(10);
    expect(jsonLines(output)).toEqual([]);
    expect(output).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(pricing\): stored pricing snapshot 1$/m);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no colour codes into a pipe
    expect(output).not.toMatch(/\u001b\[/);
    expect(output).toMatch(/INFO \(pricing\): pricing service stopped$/m);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
