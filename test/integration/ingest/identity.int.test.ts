// The services' identity work against the market simulator over real HTTP and a real SQLite file:
// identity lists fetched when due and never more often, their failures recorded and retried, the
// ranked coins deeper than the price list priced by id within the day's credits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "@/harness/databases";
import { loadConfig } from "@/lib/config";
import { createLogger } from "@/lib/log";
import { fetchCoinMarketCapListings } from "@/lib/providers/coinmarketcap/client";
import { migrateToLatest, openStore, readIdentityFetch, type Store } from "@/lib/store";
import type { RunningSimulator } from "@/simulator/server";
import { control, startTestSimulator } from "@/test/support/simulator";
import {
  createIdentityWork,
  IdentityLists,
  identityRefreshSeconds,
  priceRankedCoinsById,
} from "../../../lib/ingest/identity";
import { createRankingJob } from "../../../lib/ingest/jobs";
import { runCycle } from "../../../lib/ingest/service-loop";

interface LogLine {
  msg: string;
  event?: string;
  [key: string]: unknown;
}

let simulator: RunningSimulator;
let database: TestDatabase;
let store: Store;
let lines: LogLine[];

beforeEach(async () => {
  simulator = await startTestSimulator();
  database = await createSqliteDatabase();
  store = openStore(database.url);
  await migrateToLatest(store.db);
  lines = [];
});

afterEach(async () => {
  await store.close();
  await database.drop();
  await simulator.close();
});

function context(env: Record<string, string> = {}, now = () => new Date("2026-12-07T12:00:00Z")) {
  const config = loadConfig({
    CMC_BASE_URL: simulator.url,
    CRYPTOCOMPARE_BASE_URL: simulator.url,
    CMC_API_KEY: simulator.cmcKey,
    CRYPTOCOMPARE_API_KEY: simulator.cryptocompareKey,
    CMC_DAILY_CREDITS: "0",
    HTTP_RETRIES: "0",
    HISTORY_BACKFILL_PER_CYCLE: "0",
    RANKING_DEPTH: "200",
    PRICING_DEPTH: "100",
    ...env,
  });
  const logger = createLogger("identity-test", "info", {
    pretty: false,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { config, logger, store, now };
}

const requests = async () =>
  (await control<{ counts: Record<string, number> }>(simulator, "GET", "/_sim/requests")).body.counts;

describe("identity lists", () => {
  it("fetches a list once and not again before it is due; on the providers' own hosts at most daily", async () => {
    let clock = Date.parse("2026-12-07T12:00:00Z");
    const ctx = context({ IDENTITY_REFRESH_SECONDS: "600" }, () => new Date(clock));
    const lists = new IdentityLists(ctx);
    const signal = new AbortController().signal;
    expect(await lists.refresh("pricing", "coinmarketcap", signal)).toBe(1);
    expect((await readIdentityFetch(store.db, "coinmarketcap"))?.coinCount).toBeGreaterThan(700);
    clock += 599_000;
    expect(await lists.refresh("pricing", "coinmarketcap", signal)).toBe(0);
    clock += 2_000;
    expect(await lists.refresh("pricing", "coinmarketcap", signal)).toBe(1);
    expect((await requests())["coinmarketcap.map"]).toBe(2);
    // The simulator is a mirror: as configured. The providers' own hosts: a day at least.
    expect(identityRefreshSeconds(ctx.config, "coinmarketcap")).toBe(600);
    expect(identityRefreshSeconds(loadConfig({ IDENTITY_REFRESH_SECONDS: "600" }), "coinmarketcap")).toBe(86_400);
  });

  it("records a failure, goes on without the list, and tries again one interval later", async () => {
    let clock = Date.parse("2026-12-07T12:00:00Z");
    const lists = new IdentityLists(context({ IDENTITY_REFRESH_SECONDS: "60" }, () => new Date(clock)));
    const signal = new AbortController().signal;
    await control(simulator, "POST", "/_sim/fault", {
      target: "cryptocompare",
      endpoint: "coinlist",
      mode: "status",
      status: 503,
    });
    expect(await lists.refresh("ranking", "cryptocompare", signal)).toBe(0);
    expect(await readIdentityFetch(store.db, "cryptocompare")).toMatchObject({ fetchedAt: null, coinCount: 0 });
    expect((await readIdentityFetch(store.db, "cryptocompare"))?.lastError).toMatch(/^unavailable: /);
    expect(lines.find((line) => line.event === "identity_list")?.msg).toMatch(
      /^cryptocompare's identity list failed \(matching goes on with the evidence it has\)/,
    );
    clock += 30_000;
    expect(await lists.refresh("ranking", "cryptocompare", signal)).toBe(0);
    expect((await requests())["cryptocompare.coinlist"]).toBe(1);
    await control(simulator, "DELETE", "/_sim/fault?target=cryptocompare");
    clock += 31_000;
    await lists.refresh("ranking", "cryptocompare", signal);
    expect(await readIdentityFetch(store.db, "cryptocompare")).toMatchObject({ lastError: null });
    expect((await lists.index("cryptocompare"))?.size).toBeGreaterThan(600);
  });

  it("leaves CoinMarketCap's map for later when the day's credits cannot pay for it", async () => {
    const ctx = context({ CMC_DAILY_CREDITS: "1" });
    expect(await new IdentityLists(ctx).refresh("pricing", "coinmarketcap", new AbortController().signal)).toBe(0);
    expect((await requests())["coinmarketcap.map"]).toBeUndefined();
  });

  it("fetches nothing with IDENTITY_LISTS=0", async () => {
    const lists = new IdentityLists(context({ IDENTITY_LISTS: "0" }));
    expect(await lists.refresh("pricing", "coinmarketcap", new AbortController().signal)).toBe(0);
    expect((await requests())["coinmarketcap.map"]).toBeUndefined();
  });
});

describe("pricing ranked coins by id", () => {
  /** A stored ranking of 200 coins and a price list of CoinMarketCap's top 100, with its coin map. */
  async function setUp(env: Record<string, string> = {}) {
    const ctx = context(env);
    const signal = new AbortController().signal;
    await runCycle(createRankingJob({ ...ctx, signal }), { store, logger: ctx.logger, signal });
    const work = createIdentityWork(ctx);
    await work.lists.refresh("pricing", "coinmarketcap", signal);
    const listings = await fetchCoinMarketCapListings({
      baseUrl: simulator.url,
      apiKey: simulator.cmcKey,
      depth: 100,
      timeoutMs: 2000,
      retries: 0,
      maxBodyBytes: 5_000_000,
    });
    return { ctx, work, signal, fetched: { ...listings, provider: "coinmarketcap" as const } };
  }

  it("fetches, in one call, every ranked coin the price list lacks that matches on identity", async () => {
    const { ctx, work, signal, fetched } = await setUp();
    const result = await priceRankedCoinsById(ctx, work, fetched, { creditsLeft: null }, signal);
    expect(result.asked).toBeGreaterThan(100);
    expect(result.quotes.length).toBe(result.asked);
    expect(result.quotes.every((quote) => quote.source === "by_id")).toBe(true);
    expect(result.creditCount).toBe(Math.ceil(result.asked / 100));
    expect((await requests())["coinmarketcap.quotes"]).toBe(1);
  });

  it("asks for no more coins than the day's credits pay for, the best-ranked first, and says so", async () => {
    const { ctx, work, signal, fetched } = await setUp();
    const result = await priceRankedCoinsById(ctx, work, fetched, { creditsLeft: 1 }, signal);
    expect(result.asked).toBe(100);
    expect(result.creditCount).toBe(1);
    expect(lines.find((line) => line.event === "price_by_id" && line.affordable === 100)?.msg).toMatch(
      /^pricing 100 of \d+ ranked coins by id: the day's CoinMarketCap credits allow no more$/,
    );
    expect((await priceRankedCoinsById(ctx, work, fetched, { creditsLeft: 0 }, signal)).asked).toBe(0);
  });

  it("goes on without them when the call fails, and fetches nothing with PRICE_BY_ID=0", async () => {
    const { ctx, work, signal, fetched } = await setUp();
    await control(simulator, "POST", "/_sim/fault", {
      target: "coinmarketcap",
      endpoint: "quotes",
      mode: "status",
      status: 500,
    });
    expect(await priceRankedCoinsById(ctx, work, fetched, { creditsLeft: null }, signal)).toEqual({
      quotes: [],
      creditCount: 0,
      asked: 0,
    });
    expect(lines.find((line) => line.event === "price_by_id")?.msg).toMatch(
      /^pricing \d+ ranked coins by id failed; they stay unpriced until the next fetch/,
    );
    const off = context({ PRICE_BY_ID: "0" });
    expect((await priceRankedCoinsById(off, work, fetched, { creditsLeft: null }, signal)).asked).toBe(0);
  });
});
