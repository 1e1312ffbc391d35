// One refresh of each role against a real SQLite file and the market simulator over real HTTP.
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "@/harness/databases";
import { loadConfig } from "@/lib/config";
import {
  acquireLease,
  openStore,
  readBackfillState,
  readFxState,
  readLatestPriceSnapshot,
  readLatestRankingSnapshot,
  readLeases,
  readSourceStates,
  type Store,
} from "@/lib/store";
import type { RunningSimulator } from "@/simulator/server";
import { control, startTestSimulator } from "@/test/support/simulator";
import { ONE_SHOT_HOLDER, runOneRefresh } from "../../../lib/ingest/one-shot";

const silent = pino({ level: "silent" });

let simulator: RunningSimulator;
let database: TestDatabase;
let store: Store;

beforeEach(async () => {
  simulator = await startTestSimulator();
  database = await createSqliteDatabase();
  store = openStore(database.url);
});

afterEach(async () => {
  await store.close();
  await database.drop();
  await simulator.close();
});

// The refreshes run on a clock the tests move: a cron calls every few minutes, not back to back.
let clock = Date.parse("2026-11-28T12:00:00Z");
const later = (seconds: number) => {
  clock += seconds * 1000;
};

function refresh(extra: Record<string, string> = {}) {
  const config = loadConfig({
    DATABASE_URL: database.url,
    CMC_BASE_URL: simulator.url,
    CRYPTOCOMPARE_BASE_URL: simulator.url,
    COINGECKO_BASE_URL: `${simulator.url}/api/v3`,
    CMC_API_KEY: simulator.cmcKey,
    CRYPTOCOMPARE_API_KEY: simulator.cryptocompareKey,
    CMC_DAILY_CREDITS: "0",
    HISTORY_BACKFILL_PER_CYCLE: "1",
    // One attempt, so a fault fails the cycle at once.
    HTTP_RETRIES: "0",
    ...extra,
  });
  return runOneRefresh({
    config,
    logger: silent,
    store,
    signal: new AbortController().signal,
    now: () => new Date(clock),
  });
}

describe("runOneRefresh", () => {
  it("migrates a new store and stores one snapshot of each role", async () => {
    expect(await refresh()).toEqual({
      ranking: { result: "stored", provider: "cryptocompare", snapshotId: 1 },
      pricing: { result: "stored", provider: "coinmarketcap", snapshotId: 1 },
      fx: { result: "stored", provider: "coingecko", snapshotId: null },
    });
    expect((await readFxState(store.db))?.perUsd?.EUR).toBeCloseTo(0.92, 8);
    const ranking = await readLatestRankingSnapshot(store.db);
    const pricing = await readLatestPriceSnapshot(store.db);
    expect([ranking?.provider, ranking?.entries.length]).toEqual(["cryptocompare", 200]);
    expect(ranking?.entries[0]).toMatchObject({ rank: 1, symbol: "BTC", name: "Bitcoin" });
    expect([pricing?.provider, pricing?.quotes.length]).toEqual(["coinmarketcap", 500]);
    const states = await readSourceStates(store.db);
    expect(states.ranking).toMatchObject({
      provider: "cryptocompare",
      snapshotId: 1,
      lastError: null,
      simulated: true,
    });
    expect(states.pricing).toMatchObject({
      provider: "coinmarketcap",
      snapshotId: 1,
      lastError: null,
      simulated: true,
    });
    // The ranking's history backfill round finished before the refresh returned.
    const backfill = await readBackfillState(store.db, { keys: ["cryptocompare:BTC"] });
    expect(backfill.map((state) => [state.resolution, state.lastError]).sort()).toEqual([
      ["day", null],
      ["hour", null],
    ]);
  });

  it("reports unchanged when the providers answer with the content already stored", async () => {
    await refresh();
    later(60);
    // The roles run side by side: a refresh prices by id the ranked coins of the ranking stored
    // before it, so the content settles by the second refresh.
    await refresh();
    later(60);
    const before = await readSourceStates(store.db);
    expect(await refresh()).toEqual({
      ranking: { result: "unchanged", provider: "cryptocompare", snapshotId: null },
      pricing: { result: "unchanged", provider: "coinmarketcap", snapshotId: null },
      fx: {
        result: "skipped",
        provider: "coingecko",
        snapshotId: null,
        reason: "checked 120 s ago; the exchange-rate interval is 300 s",
      },
    });
    const states = await readSourceStates(store.db);
    expect([states.ranking?.snapshotId, states.pricing?.snapshotId]).toEqual([
      before.ranking?.snapshotId,
      before.pricing?.snapshotId,
    ]);
  });

  it("reports a failing provider as an error, records it on the source and keeps its snapshot", async () => {
    await refresh();
    await control(simulator, "POST", "/_sim/fault", { target: "coinmarketcap", mode: "status", status: 500 });
    later(60);
    const summary = await refresh();
    expect(summary.ranking).toEqual({ result: "unchanged", provider: "cryptocompare", snapshotId: null });
    expect(summary.pricing).toEqual({
      result: "error",
      provider: "coinmarketcap",
      snapshotId: null,
      error: "unavailable: coinmarketcap listings/latest: error 500: An internal server error occurred.",
    });
    const states = await readSourceStates(store.db);
    expect(states.pricing).toMatchObject({ snapshotId: 1, lastError: summary.pricing.error });
    expect(states.pricing?.lastErrorAt).toBeInstanceOf(Date);
    expect(states.ranking?.lastError).toBeNull();
  });

  it("skips a role whose data is younger than its interval, so a frequent cron keeps to the budget", async () => {
    await refresh();
    later(30);
    expect(await refresh()).toEqual({
      ranking: {
        result: "skipped",
        provider: "cryptocompare",
        snapshotId: null,
        reason: "checked 30 s ago; the ranking interval is 60 s",
      },
      pricing: {
        result: "skipped",
        provider: "coinmarketcap",
        snapshotId: null,
        reason: "checked 30 s ago; the pricing interval is 60 s",
      },
      fx: {
        result: "skipped",
        provider: "coingecko",
        snapshotId: null,
        reason: "checked 30 s ago; the exchange-rate interval is 300 s",
      },
    });
  });

  it("refreshes the exchange rates once their interval has passed, records a failure, and can be off", async () => {
    await refresh();
    later(300);
    expect((await refresh()).fx).toMatchObject({
      provider: "coingecko",
      result: expect.stringMatching(/^(stored|unchanged)$/),
    });
    await control(simulator, "POST", "/_sim/fault", {
      target: "coingecko",
      endpoint: "exchange_rates",
      mode: "status",
      status: 500,
    });
    later(300);
    const failed = await refresh();
    expect(failed.fx).toEqual({
      result: "error",
      provider: "coingecko",
      snapshotId: null,
      error: expect.stringMatching(/^unavailable: coingecko exchange_rates: /),
    });
    expect(await readFxState(store.db)).toMatchObject({
      lastError: failed.fx?.error,
      perUsd: expect.objectContaining({ USD: 1 }),
    });
    later(300);
    expect(await refresh({ FX_REFRESH_SECONDS: "0" })).not.toHaveProperty("fx");
  });

  it("leaves a role to the running service that holds its lease, and released its own lease", async () => {
    await refresh();
    expect(await readLeases(store.db)).toEqual([
      expect.objectContaining({ role: "pricing", holder: ONE_SHOT_HOLDER, expiresAt: new Date(clock) }),
      expect.objectContaining({ role: "ranking", holder: ONE_SHOT_HOLDER, expiresAt: new Date(clock) }),
    ]);
    later(60);
    await acquireLease(store.db, { role: "pricing", holder: "pricing-1", ttlSeconds: 30, now: new Date(clock) });
    const summary = await refresh();
    expect(summary.pricing).toEqual({
      result: "skipped",
      provider: "coinmarketcap",
      snapshotId: null,
      reason: "pricing-1 holds the pricing lease: a running service refreshes it",
    });
    expect(summary.ranking.result).toBe("unchanged");
  });
});
