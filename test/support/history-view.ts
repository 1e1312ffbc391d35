// A real temp SQLite store holding a ranking, prices and price history, and a ViewStore over it,
// for the history and sparkline handler tests. The points are few and placed by hand, so every
// expected series can be worked out on paper (see the comments in the tests).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { PriceQuote } from "../../lib/domain/types";
import {
  appendPricePoints,
  openStore,
  reconcileLatest,
  upsertBackfillPoints,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "../../lib/store";
import { ViewStore } from "../../lib/web/view-store";
import { priceQuote, rankingEntry } from "./records";

/** 2026-01-09T13:25Z; the sparkline window starts at 2026-01-02T16:00Z ("0h" below). */
export const NOW = Date.UTC(2026, 0, 9, 13, 25);
export const H = 3_600_000;
export const ZERO_H = Date.UTC(2026, 0, 2, 16);
export const at = (hours: number) => ZERO_H + hours * H;

// The ranking provider's own prices agree with the quotes, as a real pair's do: identity links them.
const entry = (rank: number, providerId: string, symbol: string, name: string, priceUsd: number) =>
  rankingEntry({ rank, providerId, symbol, name, priceUsd });

export const quote = (providerId: string, symbol: string, priceUsd: number): PriceQuote =>
  priceQuote({ providerId, symbol, name: symbol === "BTC" ? "Bitcoin" : "Ethereum", priceUsd });

export interface HistoryView {
  viewStore: ViewStore;
  /** Writes another price snapshot (a new view key) and refreshes the view. */
  newPriceSnapshot(hash: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** An empty store (no snapshots) when `withData` is false: the view is null. */
export async function createHistoryView(withData = true): Promise<HistoryView> {
  const dir = mkdtempSync(path.join(tmpdir(), "topcoins-history-web-"));
  const store = openStore(`file:${path.join(dir, "web.db")}`);
  const viewStore = new ViewStore({
    store,
    overrides: [],
    depth: 3,
    staleFactor: 3,
    logger: pino({ level: "silent" }),
    now: () => new Date(NOW),
  });
  await viewStore.refresh();
  const snapshot = { fetchedAt: new Date(NOW), intervalSeconds: 60, simulated: false };
  const newPriceSnapshot = async (hash: string) => {
    const quotes = [quote("1", "BTC", 2002), quote("1027", "ETH", 3)];
    await writePriceSnapshot(store.db, {
      ...snapshot,
      provider: "coinmarketcap",
      contentHash: hash,
      quotes,
      creditCount: 1,
      // As the pricing service does: the registry gives every ranked coin its stable id.
      afterWrite: async (trx) => {
        await reconcileLatest(trx, { overrides: [], divergencePct: 5, unlinkAfter: 3, now: new Date(NOW) });
      },
    });
    await viewStore.refresh();
  };
  if (withData) {
    const entries = [
      entry(1, "1182", "BTC", "Bitcoin", 2000),
      entry(2, "7605", "ETH", "Ethereum", 3),
      entry(3, "5000", "WINGS", "Wings", 1),
    ];
    await writeRankingSnapshot(store.db, { ...snapshot, provider: "cryptocompare", contentHash: "r1", entries });
    await seedHistory(viewStore);
    await newPriceSnapshot("p1");
  }
  return {
    viewStore,
    newPriceSnapshot,
    cleanup: async () => {
      await viewStore.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function seedHistory(viewStore: ViewStore): Promise<void> {
  const { db } = viewStore.store;
  const append = (ms: number, quotes: PriceQuote[]) =>
    appendPricePoints(db, { provider: "coinmarketcap", at: new Date(ms), quotes });
  // Own BTC: raw at 10:00 (162h) and 13:00 (165h), then three minutes before NOW. Hour closes: 10:00 → 1062, 13:00 → 2002.
  await append(at(162), [quote("1", "BTC", 1062)]);
  await append(at(165), [quote("1", "BTC", 1065)]);
  for (const [minute, price] of [
    [22, 2000],
    [23, 2001],
    [24, 2002],
  ] as const) {
    await append(Date.UTC(2026, 0, 9, 13, minute), [quote("1", "BTC", price)]);
  }
  // Own ETH: two hours before the sparkline window.
  await append(at(-2), [quote("1027", "ETH", 0.5)]);
  const backfill = (coinKey: string, resolution: "hour" | "day", points: Array<[number, number]>) =>
    upsertBackfillPoints(db, {
      coinKey,
      resolution,
      source: "cryptocompare",
      points: points.map(([ts, priceUsd]) => ({ ts: new Date(ts), priceUsd })),
    });
  await backfill("cryptocompare:BTC", "hour", [
    [at(0), 10],
    [at(1), 11],
    [at(5), 15],
    [at(160), 160],
    [at(161), 161],
  ]);
  await backfill("cryptocompare:BTC", "day", [
    [Date.UTC(2024, 11, 1), 40],
    [Date.UTC(2025, 2, 1), 50],
    [Date.UTC(2026, 0, 7), 70],
    [Date.UTC(2026, 0, 8), 80],
  ]);
  await backfill("cryptocompare:ETH", "hour", [[at(100), 0.000000123456789]]);
}
