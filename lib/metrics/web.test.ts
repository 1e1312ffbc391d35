// GET /api/metrics from a real view store over a real SQLite file: every value is worked out from
// the snapshots, the error and the credits written below, and the output must parse strictly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricFamily, parseExposition, samplesOf, sampleValue } from "../../test/support/exposition";
import { priceQuote, rankingEntry } from "../../test/support/records";
import {
  acquireLease,
  addSpentCredits,
  openStore,
  recordSourceError,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "../store";
import { ViewStore } from "../web/view-store";
import { handleMetrics } from "./web";

const NOW = new Date("2026-01-09T13:25:00.000Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

const entry = (rank: number, providerId: string, symbol: string, name: string, priceUsd: number | null) =>
  rankingEntry({ rank, providerId, symbol, name, priceUsd });
const quote = (providerId: string, symbol: string, name: string, priceUsd: number) =>
  priceQuote({ providerId, symbol, name, priceUsd });

let dir: string;
let viewStore: ViewStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "topcoins-metrics-"));
  const store = openStore(`file:${path.join(dir, "metrics.db")}`);
  viewStore = new ViewStore({
    store,
    overrides: [],
    depth: 10,
    staleFactor: 3,
    logger: pino({ level: "silent" }),
    now: () => NOW,
  });
  await viewStore.refresh();
  // Ranking: checked 200 s ago at a 60 s interval, so stale (after 180 s); its last fetch failed.
  await writeRankingSnapshot(store.db, {
    provider: "cryptocompare",
    fetchedAt: ago(200),
    contentHash: "r1",
    intervalSeconds: 60,
    simulated: false,
    entries: [
      // BTC is priced at 200 where the ranking says 100: the price check flags it.
      entry(1, "1182", "BTC", "Bitcoin", 100),
      entry(2, "7605", "ETH", "Ethereum", null),
      // Two HOTs at the pricing provider: Holo's name shares no word with it, Hot Stuff's one word: ambiguous.
      entry(3, "9001", "HOT", "Hot Thing", null),
      entry(4, "9002", "ZZZ", "Sleepy", null),
    ],
  });
  await recordSourceError(store.db, {
    role: "ranking",
    provider: "cryptocompare",
    error: "unavailable: cryptocompare top/totalvolfull: HTTP 503",
    at: ago(10),
    intervalSeconds: 60,
  });
  // Pricing: served by CoinGecko as CoinMarketCap's fallback, checked 30 s ago at 120 s.
  await writePriceSnapshot(store.db, {
    provider: "coingecko",
    fetchedAt: ago(30),
    contentHash: "p1",
    intervalSeconds: 120,
    simulated: false,
    creditCount: null,
    selection: { primary: "coinmarketcap", mode: "failover", reason: "CoinMarketCap refused the key", since: ago(600) },
    quotes: [
      quote("1", "BTC", "Bitcoin", 200),
      quote("1027", "ETH", "Ethereum", 3000),
      quote("2682", "HOT", "Holo", 0.002),
      quote("2683", "HOT", "Hot Stuff", 0.0001),
    ],
  });
  // Credits spent by CoinMarketCap before it failed over: 4 yesterday (not counted today) and 7 today.
  await addSpentCredits(store.db, { role: "pricing", credits: 4, at: new Date("2026-01-08T23:00:00Z") });
  await addSpentCredits(store.db, { role: "pricing", credits: 7, at: ago(3600) });
  // pricing-2 holds the pricing lease (taken over from pricing-1); ranking-1's lapsed 5 s ago.
  await acquireLease(store.db, { role: "pricing", holder: "pricing-1", ttlSeconds: 30, now: ago(100) });
  await acquireLease(store.db, { role: "pricing", holder: "pricing-2", ttlSeconds: 30, now: ago(20) });
  await acquireLease(store.db, { role: "ranking", holder: "ranking-1", ttlSeconds: 30, now: ago(35) });
  await viewStore.refresh();
});

afterAll(async () => {
  await viewStore.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<{ response: Response; metrics: Map<string, MetricFamily> }> {
  const response = await handleMetrics(viewStore, NOW);
  return { response, metrics: parseExposition(await response.clone().text()) };
}

describe("GET /api/metrics", () => {
  it("answers in the Prometheus text format, with the process metrics", async () => {
    const { response, metrics } = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(metrics.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(metrics.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
    // prom-client writes NaN as "Nan"; the exposition must say "NaN", which the strict parser demands.
    expect(await response.clone().text()).not.toMatch(/ Nan$/m);
  });

  it("says how old each source is, whether it is stale or failing, and at what interval", async () => {
    const { metrics } = await scrape();
    const value = (name: string, role: string) => sampleValue(metrics, name, { role });
    expect(value("topcoins_source_age_seconds", "ranking")).toBe(200);
    expect(value("topcoins_source_age_seconds", "pricing")).toBe(30);
    expect(value("topcoins_source_stale", "ranking")).toBe(1);
    expect(value("topcoins_source_stale", "pricing")).toBe(0);
    expect(value("topcoins_source_stale_after_seconds", "ranking")).toBe(180);
    expect(value("topcoins_source_stale_after_seconds", "pricing")).toBe(360);
    expect(value("topcoins_source_refresh_seconds", "ranking")).toBe(60);
    expect(value("topcoins_source_refresh_seconds", "pricing")).toBe(120);
    expect(value("topcoins_source_failing", "ranking")).toBe(1);
    expect(value("topcoins_source_failing", "pricing")).toBe(0);
    expect(value("topcoins_source_last_error_timestamp_seconds", "ranking")).toBe(ago(10).getTime() / 1000);
    expect(value("topcoins_source_last_error_timestamp_seconds", "pricing")).toBeUndefined();
    expect(value("topcoins_source_snapshot_id", "ranking")).toBe(1);
    expect(value("topcoins_source_snapshot_id", "pricing")).toBe(1);
    expect(sampleValue(metrics, "topcoins_view_available")).toBe(1);
    expect(sampleValue(metrics, "topcoins_store_reachable")).toBe(1);
  });

  it("names the provider serving each role and why, and today's CoinMarketCap credits", async () => {
    const { metrics } = await scrape();
    expect(samplesOf(metrics, "topcoins_source_provider_info")).toEqual([
      {
        name: "topcoins_source_provider_info",
        labels: { role: "ranking", provider: "cryptocompare", mode: "unknown" },
        value: 1,
      },
      {
        name: "topcoins_source_provider_info",
        labels: { role: "pricing", provider: "coingecko", mode: "failover" },
        value: 1,
      },
    ]);
    expect(sampleValue(metrics, "topcoins_cmc_credits_today", { role: "pricing" })).toBe(7);
    expect(sampleValue(metrics, "topcoins_cmc_credits_today", { role: "ranking" })).toBe(0);
  });

  it("counts the merge: matched, ambiguous, not listed and price-check flagged", async () => {
    const { metrics } = await scrape();
    expect(samplesOf(metrics, "topcoins_merge_coins").map((sample) => [sample.labels.status, sample.value])).toEqual([
      ["matched", 2],
      ["ambiguous", 1],
      ["not_listed", 1],
    ]);
    expect(sampleValue(metrics, "topcoins_merge_price_check_flagged")).toBe(1);
    expect(sampleValue(metrics, "topcoins_merge_duplicate_ids", { role: "ranking" })).toBe(0);
    expect(samplesOf(metrics, "topcoins_merge_links").map((sample) => [sample.labels.rule, sample.value])).toEqual([
      ["id", 0],
      ["override", 0],
      ["contract", 0],
      ["evidence", 2],
    ]);
    expect(sampleValue(metrics, "topcoins_merge_links_contradicted")).toBe(0);
    expect(sampleValue(metrics, "topcoins_merge_priced_by_id")).toBe(0);
  });

  it("drops a former provider's series once another serves the role", async () => {
    await writePriceSnapshot(viewStore.store.db, {
      provider: "coinmarketcap",
      fetchedAt: ago(5),
      contentHash: "p2",
      intervalSeconds: 120,
      simulated: false,
      creditCount: 1,
      selection: { primary: "coinmarketcap", mode: "configured", reason: null, since: ago(5) },
      quotes: [quote("1", "BTC", "Bitcoin", 100)],
    });
    await viewStore.refresh();
    const { metrics } = await scrape();
    expect(
      samplesOf(metrics, "topcoins_source_provider_info")
        .filter((sample) => sample.labels.role === "pricing")
        .map((sample) => sample.labels),
    ).toEqual([{ role: "pricing", provider: "coinmarketcap", mode: "configured" }]);
    expect(sampleValue(metrics, "topcoins_source_snapshot_id", { role: "pricing" })).toBe(2);
    expect(sampleValue(metrics, "topcoins_source_age_seconds", { role: "pricing" })).toBe(5);
  });
});

describe("the route file app/api/metrics/route.ts", () => {
  it("serves the process's view store through handleMetrics", async () => {
    // The web process keeps its one view store on globalThis (see getViewStore); stand this one in.
    const key = Symbol.for("topcoins.viewStore");
    const holder = globalThis as Record<symbol, unknown>;
    holder[key] = viewStore;
    try {
      const route = await import("@/app/api/metrics/route");
      expect(route.dynamic).toBe("force-dynamic");
      const response = await route.GET();
      expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const metrics = parseExposition(await response.text());
      expect(sampleValue(metrics, "topcoins_view_available")).toBe(1);
      // The view as the last test above left it: CoinMarketCap quotes only BTC.
      expect(sampleValue(metrics, "topcoins_merge_coins", { status: "matched" })).toBe(1);
      expect(sampleValue(metrics, "topcoins_merge_coins", { status: "not_listed" })).toBe(3);
      expect(route.POST().status).toBe(405);
    } finally {
      delete holder[key];
    }
  });
});

describe("GET /api/metrics: leases", () => {
  it("says who holds each role's lease, whether it is live, and its token", async () => {
    const { metrics } = await scrape();
    expect(samplesOf(metrics, "topcoins_lease_holder")).toEqual([
      { name: "topcoins_lease_holder", labels: { role: "pricing", holder: "pricing-2" }, value: 1 },
      { name: "topcoins_lease_holder", labels: { role: "ranking", holder: "ranking-1" }, value: 0 },
    ]);
    expect(sampleValue(metrics, "topcoins_lease_token", { role: "pricing" })).toBe(2);
    expect(sampleValue(metrics, "topcoins_lease_expires_timestamp_seconds", { role: "ranking" })).toBe(
      ago(5).getTime() / 1000,
    );
  });
});

describe("GET /api/metrics before any data", () => {
  it("says there is no view, and has no source series", async () => {
    const empty = {
      current: null,
      sourceStates: null,
      staleFactor: 3,
      status: { storeReachable: false },
      leases: [],
    };
    const metrics = parseExposition(await (await handleMetrics(empty, NOW)).text());
    expect(sampleValue(metrics, "topcoins_view_available")).toBe(0);
    expect(sampleValue(metrics, "topcoins_store_reachable")).toBe(0);
    expect(samplesOf(metrics, "topcoins_source_age_seconds")).toEqual([]);
    expect(samplesOf(metrics, "topcoins_merge_coins")).toEqual([]);
    expect(metrics.get("topcoins_source_age_seconds")?.help).toBe(
      "Seconds since the source's data was last confirmed by its provider (checkedAt).",
    );
  });
});
