// The view store against a database that stops answering (a network partition: connections stay
// open, nothing comes back): health must learn of it within the check timeout, a fresh process's
// first requests must not hang on it, and the store counts as reachable again once it answers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely } from "kysely";
import pino from "pino";
import { afterAll, expect, it } from "vitest";
import { priceQuote, rankingEntry } from "../../test/support/records";
import {
  migrateToLatest,
  openStore,
  recordSourceError,
  writeFxRates,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "../store";
import type { Database } from "../store/schema";
import { ImmediateSqliteDialect } from "../store/sqlite-dialect";
import { noDataReason, ViewStore } from "./view-store";

const dir = mkdtempSync(path.join(tmpdir(), "topcoins-view-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seededFile(): Promise<string> {
  const file = path.join(dir, "store.db");
  const store = openStore(`file:${file}`);
  await migrateToLatest(store.db);
  const snapshot = { fetchedAt: new Date(), intervalSeconds: 60, simulated: false };
  const entries = [rankingEntry({ rank: 1, providerId: "1182", symbol: "BTC", name: "Bitcoin" })];
  await writeRankingSnapshot(store.db, { ...snapshot, provider: "cryptocompare", contentHash: "r1", entries });
  const quotes = [priceQuote({ providerId: "1", symbol: "BTC", name: "Bitcoin", priceUsd: 97_000 })];
  await writePriceSnapshot(store.db, {
    ...snapshot,
    provider: "coinmarketcap",
    contentHash: "p1",
    quotes,
    creditCount: 1,
  });
  await store.close();
  return file;
}

it("marks a store that does not answer unreachable within the timeout, and reachable once it answers", async () => {
  const file = await seededFile();
  // Every query waits for the connection, and the connection waits for the gate.
  let answer = () => {};
  const gate = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: async () => {
        await gate;
        return new SqliteDatabase(file);
      },
    }),
  });
  const viewStore = new ViewStore({
    store: { db, dialect: "sqlite", close: () => db.destroy() },
    overrides: [],
    depth: 10,
    staleFactor: 3,
    logger: pino({ level: "silent" }),
    checkTimeoutMs: 100,
  });

  const startedAt = Date.now();
  await viewStore.refreshWithin();
  expect(Date.now() - startedAt).toBeLessThan(2000);
  expect(viewStore.status).toMatchObject({
    storeReachable: false,
    storeError: "the store did not answer within 100 ms",
    lastCheckAt: expect.any(String),
  });
  expect(viewStore.current).toBeNull();

  answer();
  // The stalled check finishes, then the one queued behind it.
  await viewStore.refresh();
  expect(viewStore.status).toMatchObject({ storeReachable: true, storeError: null });
  expect(viewStore.current?.merged.rows.map((row) => [row.symbol, row.priceUsd])).toEqual([["BTC", 97_000]]);
  await viewStore.stop();
});

it("says why there is no data yet: the source still missing, its provider's last error and the next try", async () => {
  const file = path.join(dir, "waiting.db");
  const store = openStore(`file:${file}`);
  await migrateToLatest(store.db);
  const now = new Date("2026-12-07T12:00:00.000Z");
  const viewStore = new ViewStore({
    store,
    overrides: [],
    depth: 10,
    staleFactor: 3,
    logger: pino({ level: "silent" }),
    now: () => now,
  });
  await viewStore.refresh();
  expect(noDataReason(viewStore.status, now)).toBe("no data yet: waiting for the first ranking and pricing snapshot");

  const entries = [rankingEntry({ rank: 1, providerId: "bitcoin", symbol: "BTC", name: "Bitcoin" })];
  await writeRankingSnapshot(store.db, {
    fetchedAt: now,
    intervalSeconds: 60,
    simulated: false,
    provider: "coingecko",
    contentHash: "r1",
    entries,
  });
  await recordSourceError(store.db, {
    role: "pricing",
    provider: "coingecko",
    error: "network error (ENOTFOUND)",
    at: new Date(now.getTime() - 2000),
    intervalSeconds: 60,
    nextAttemptAt: new Date(now.getTime() + 57_400),
  });
  await viewStore.refresh();
  expect(viewStore.current).toBeNull();
  expect(viewStore.status.waiting).toEqual([
    {
      role: "pricing",
      provider: "coingecko",
      lastError: "network error (ENOTFOUND)",
      lastErrorAt: "2026-12-07T11:59:58.000Z",
      nextAttemptAt: "2026-12-07T12:00:57.400Z",
    },
  ]);
  expect(noDataReason(viewStore.status, now)).toBe(
    "no data yet: waiting for the first pricing snapshot; coingecko (pricing) has not delivered: network error (ENOTFOUND), next try in 58 s",
  );
  expect(noDataReason(viewStore.status, new Date(now.getTime() + 60_000))).toMatch(/, next try due now$/);
  expect(noDataReason({ ...viewStore.status, storeReachable: false }, now)).toBe(
    "the store is not reachable yet; try again shortly",
  );
  await viewStore.stop();
});

it("reads the exchange rates with the snapshots, and a new fetch of them makes a new view", async () => {
  const file = path.join(dir, "fx.db");
  rmSync(file, { force: true });
  const writer = openStore(`file:${file}`);
  await migrateToLatest(writer.db);
  const snapshot = { fetchedAt: new Date(), intervalSeconds: 60, simulated: false };
  const entries = [rankingEntry({ rank: 1, providerId: "1182", symbol: "BTC", name: "Bitcoin" })];
  await writeRankingSnapshot(writer.db, { ...snapshot, provider: "cryptocompare", contentHash: "r1", entries });
  const quotes = [priceQuote({ providerId: "1", symbol: "BTC", name: "Bitcoin", priceUsd: 97_000 })];
  await writePriceSnapshot(writer.db, {
    ...snapshot,
    provider: "coinmarketcap",
    contentHash: "p1",
    quotes,
    creditCount: 1,
  });
  const viewStore = new ViewStore({
    store: openStore(`file:${file}`),
    overrides: [],
    depth: 10,
    staleFactor: 3,
    logger: pino({ level: "silent" }),
  });
  try {
    await viewStore.refresh();
    const before = viewStore.current;
    expect(before?.fx).toBeNull();
    const fx = { provider: "coingecko", intervalSeconds: 300, simulated: false };
    await writeFxRates(writer.db, { ...fx, perUsd: { USD: 1, EUR: 0.92 }, at: new Date() });
    await viewStore.refresh();
    const first = viewStore.current;
    expect(first?.fx?.perUsd).toEqual({ USD: 1, EUR: 0.92 });
    expect(first?.fx?.meta).toMatchObject({
      provider: "coingecko",
      stale: false,
      refreshSeconds: 300,
      lastError: null,
    });
    expect(first?.key).not.toBe(before?.key);
    // Rows are merged once per snapshot pair: new rates rebuild the view, not the merge.
    expect(first?.merged).toBe(before?.merged);
    await writeFxRates(writer.db, { ...fx, perUsd: { USD: 1, EUR: 0.93 }, at: new Date(Date.now() + 1000) });
    await viewStore.refresh();
    expect(viewStore.current?.fx?.perUsd?.EUR).toBe(0.93);
    expect(viewStore.current?.key).not.toBe(first?.key);
    expect(viewStore.fxState?.perUsd?.EUR).toBe(0.93);
  } finally {
    await viewStore.stop();
    await writer.close();
  }
});
