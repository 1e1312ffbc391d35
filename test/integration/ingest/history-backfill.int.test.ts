// History backfill against the market simulator (in-process, real HTTP) and a temp SQLite store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RankingEntry } from "@/lib/domain/types";
import { fetchCryptoCompareRanking } from "@/lib/providers/cryptocompare/client";
import { migrateToLatest, openStore, readBackfillState, readHistory, type Store } from "@/lib/store";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type BackfillOptions, backfillHistory, createBackfillRunner } from "../../../lib/ingest/history-backfill";

const NOW = Date.UTC(2026, 0, 2, 12, 34, 56, 789);
const HOUR = 3_600_000;
const silent = pino({ level: "silent" });
const allTime = { from: new Date(0), to: new Date(NOW) };

let sim: RunningSimulator;
let ranked: RankingEntry[];
let dir: string;
let store: Store;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, now: () => NOW });
  const http = { timeoutMs: 5_000, retries: 0, maxBodyBytes: 20_000_000 };
  const fetched = await fetchCryptoCompareRanking({
    ...http,
    baseUrl: sim.url,
    apiKey: sim.cryptocompareKey,
    toplist: "totalvolfull",
    depth: 200,
  });
  ranked = fetched.entries;
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "topcoins-backfill-"));
  store = openStore(`file:${path.join(dir, "history.db")}`);
  await migrateToLatest(store.db);
  await fetch(`${sim.url}/_sim/reset`, { method: "POST" });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function options(extra: Partial<BackfillOptions> = {}): BackfillOptions {
  return {
    store,
    logger: silent,
    baseUrl: sim.url,
    apiKey: sim.cryptocompareKey,
    perCycle: 2,
    http: { timeoutMs: 5_000, retries: 0, maxBodyBytes: 20_000_000 },
    now: () => new Date(NOW),
    ...extra,
  };
}

async function historyCalls(): Promise<string[]> {
  const response = await fetch(`${sim.url}/_sim/requests`);
  const { recent } = (await response.json()) as { recent: Array<{ target: string; path: string }> };
  return recent.filter((r) => r.target === "cryptocompare.history").map((r) => r.path);
}

/** The simulator's own closes for a symbol, without the unfinished last row. */
async function simulatorCloses(symbol: string, period: "hour" | "day", limit: number) {
  const response = await fetch(`${sim.url}/data/v2/histo${period}?fsym=${symbol}&tsym=USD&limit=${limit}`, {
    headers: { authorization: `Apikey ${sim.cryptocompareKey}` },
  });
  const body = (await response.json()) as { Data: { Data: Array<{ time: number; close: number }> } };
  return body.Data.Data.slice(0, -1).map((row) => [row.time * 1000, row.close]);
}

const key = (entry: RankingEntry | undefined) => `cryptocompare:${entry?.symbol}`;

describe("backfillHistory", () => {
  it("backfills the top coins in rank order: 365 days and 2000 hours each, two calls per coin", async () => {
    const report = await backfillHistory(ranked, options());
    expect(report).toEqual({
      coins: [key(ranked[0]), key(ranked[1])],
      points: 2 * (365 + 2000),
      failures: [],
      stoppedBy: null,
    });
    expect(await historyCalls()).toEqual([
      "/data/v2/histoday",
      "/data/v2/histohour",
      "/data/v2/histoday",
      "/data/v2/histohour",
    ]);

    const symbol = ranked[0]?.symbol ?? "";
    const days = await readHistory(store.db, { keys: [key(ranked[0])], resolution: "day", ...allTime });
    expect(days.map((p) => [p.ts.getTime(), p.priceUsd])).toEqual(await simulatorCloses(symbol, "day", 365));
    // The newest stored day is yesterday: today's row is unfinished.
    expect(days.at(-1)?.ts).toEqual(new Date(Date.UTC(2026, 0, 1)));
    const hours = await readHistory(store.db, { keys: [key(ranked[0])], resolution: "hour", ...allTime });
    expect(hours).toHaveLength(2000);
    expect(hours.at(-1)).toMatchObject({ ts: new Date(Date.UTC(2026, 0, 2, 11)), source: "cryptocompare" });
    expect(hours.map((p) => [p.ts.getTime(), p.priceUsd])).toEqual(await simulatorCloses(symbol, "hour", 2000));

    const states = await readBackfillState(store.db, { keys: [key(ranked[0])] });
    expect(states).toEqual([
      {
        coinKey: key(ranked[0]),
        resolution: "day",
        fetchedAt: new Date(NOW),
        attemptedAt: new Date(NOW),
        lastError: null,
      },
      {
        coinKey: key(ranked[0]),
        resolution: "hour",
        fetchedAt: new Date(NOW),
        attemptedAt: new Date(NOW),
        lastError: null,
      },
    ]);
  });

  it("moves on to the next coins, and refreshes a coin once its backfill is 24 hours old", async () => {
    await backfillHistory(ranked, options());
    const second = await backfillHistory(ranked, options({ now: () => new Date(NOW + HOUR) }));
    expect(second.coins).toEqual([key(ranked[2]), key(ranked[3])]);
    const later = await backfillHistory(ranked, options({ perCycle: 1, now: () => new Date(NOW + 24 * HOUR) }));
    expect(later.coins).toEqual([key(ranked[0])]);
    expect(await backfillHistory(ranked, options({ perCycle: 0 }))).toEqual({
      coins: [],
      points: 0,
      failures: [],
      stoppedBy: null,
    });
  });

  it("skips a coin without a USD market; an unknown symbol fails alone, is recorded and retried after an hour", async () => {
    const noUsd = ranked.find((entry) => entry.priceUsd === null);
    expect(noUsd).toBeDefined();
    const unknown: RankingEntry = { ...(ranked[0] as RankingEntry), rank: 1, symbol: "NOPE", providerId: "x" };
    const entries = [unknown, { ...(noUsd as RankingEntry), rank: 2 }, { ...(ranked[5] as RankingEntry), rank: 3 }];
    const report = await backfillHistory(entries, options());
    expect(report.coins).toEqual(["cryptocompare:NOPE", key(ranked[5])]);
    expect(report.points).toBe(2365);
    expect(report.failures).toEqual([
      {
        coinKey: "cryptocompare:NOPE",
        resolution: "day",
        error:
          "bad_response: cryptocompare v2/histoday: error Type 2: bad parameter fsym: There is no data for the symbol NOPE .",
      },
      expect.objectContaining({ coinKey: "cryptocompare:NOPE", resolution: "hour" }),
    ]);
    expect(report.stoppedBy).toBeNull();
    const [dayState] = await readBackfillState(store.db, { keys: ["cryptocompare:NOPE"] });
    expect(dayState).toMatchObject({
      fetchedAt: null,
      attemptedAt: new Date(NOW),
      lastError: report.failures[0]?.error,
    });
    expect((await backfillHistory(entries, options({ now: () => new Date(NOW + HOUR - 1) }))).coins).toEqual([]);
    expect((await backfillHistory(entries, options({ now: () => new Date(NOW + HOUR) }))).coins).toEqual([
      "cryptocompare:NOPE",
    ]);
  });

  it("a rate limit stops the round and leaves the later coins for the next one", async () => {
    await fetch(`${sim.url}/_sim/fault`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "cryptocompare", mode: "rate_limit", times: 1 }),
    });
    const report = await backfillHistory(ranked, options({ perCycle: 3 }));
    expect(report.coins).toEqual([key(ranked[0])]);
    expect(report.failures.map((f) => [f.coinKey, f.resolution])).toEqual([[key(ranked[0]), "day"]]);
    expect(report.stoppedBy).toMatch(/^rate_limited: cryptocompare v2\/histoday/);
    expect(await historyCalls()).toHaveLength(1);
    expect(await readBackfillState(store.db, { keys: [key(ranked[1])] })).toEqual([]);
  });
});

describe("createBackfillRunner", () => {
  it("runs one round at a time in the background and does nothing when disabled", async () => {
    const runner = createBackfillRunner(options({ perCycle: 1 }));
    expect(runner.trigger(ranked)).toBe(true);
    expect(runner.trigger(ranked)).toBe(false);
    await runner.idle();
    expect(await historyCalls()).toHaveLength(2);
    expect(createBackfillRunner(options({ perCycle: 0 })).trigger(ranked)).toBe(false);
    await runner.idle();
  });
});
