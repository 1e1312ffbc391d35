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
import { migrateToLatest, openStore, writePriceSnapshot, writeRankingSnapshot } from "../store";
import type { Database } from "../store/schema";
import { ImmediateSqliteDialect } from "../store/sqlite-dialect";
import { ViewStore } from "./view-store";

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
