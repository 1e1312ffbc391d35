// Test support: a store holding one ranking and one price snapshot with the merge's hard cases:
// symbol and name matches, a name inside the other's (AlphaBeta, AlphaBeta Chain) among two listings
// of its symbol, a coin no one lists, a sub-cent price whose reference disagrees (price check), a
// name match with a far-off market cap (ambiguous), and the unique-symbol trap: the one listing of
// its symbol is another asset (no name word in common, a market cap of 0, a price 41× away).

import type { PriceQuote, RankingEntry } from "../../lib/domain/types";
import { migrateToLatest, openStore, reconcileLatest, writePriceSnapshot, writeRankingSnapshot } from "../../lib/store";
import { secondsBefore } from "./cli-io";
import { priceQuote } from "./records";

export const RANKING: RankingEntry[] = [
  {
    rank: 1,
    providerId: "1182",
    symbol: "BTC",
    name: "Bitcoin",
    marketCapUsd: 1.93e12,
    volume24hUsd: 4.1e10,
    priceUsd: 97_000,
  },
  {
    rank: 2,
    providerId: "7605",
    symbol: "ETH",
    name: "Ethereum",
    marketCapUsd: 4.1e11,
    volume24hUsd: 2e10,
    priceUsd: 3400,
  },
  {
    rank: 3,
    providerId: "5001",
    symbol: "ABC",
    name: "AlphaBeta",
    marketCapUsd: 1.2e6,
    volume24hUsd: 1e4,
    priceUsd: 0.012,
  },
  { rank: 4, providerId: "2001", symbol: "WINGS", name: "Wings", marketCapUsd: 1e6, volume24hUsd: 1e4, priceUsd: 0.01 },
  {
    rank: 5,
    providerId: "3",
    symbol: "SHIB",
    name: "Shiba Inu",
    marketCapUsd: 7e10,
    volume24hUsd: 1e8,
    priceUsd: 1.5e-7,
  },
  { rank: 6, providerId: "9100", symbol: "NEWC", name: "New Coin", marketCapUsd: 2e6, volume24hUsd: 1e4, priceUsd: 5 },
  {
    rank: 7,
    providerId: "800",
    symbol: "LMD",
    name: "Lumen Drift",
    marketCapUsd: 4.2e7,
    volume24hUsd: 1e6,
    priceUsd: 0.82,
  },
];

const quote = (fields: Partial<PriceQuote> & Pick<PriceQuote, "providerId" | "symbol" | "name" | "priceUsd">) =>
  priceQuote({ lastUpdated: "2026-01-02T11:59:00.000Z", ...fields });

export const QUOTES: PriceQuote[] = [
  quote({
    providerId: "1",
    symbol: "BTC",
    name: "Bitcoin",
    priceUsd: 97_123.456789,
    marketCapUsd: 1.93e12,
    change24hPct: -1.5,
  }),
  quote({
    providerId: "1027",
    symbol: "ETH",
    name: "Ethereum",
    priceUsd: 3456.78,
    marketCapUsd: 4.16e11,
    change24hPct: 2.345,
  }),
  quote({
    providerId: "3001",
    symbol: "ABC",
    name: "ABC Token",
    priceUsd: 0.011,
    marketCapUsd: 1.1e6,
    change24hPct: 0,
  }),
  quote({
    providerId: "3002",
    symbol: "ABC",
    name: "AlphaBeta Chain",
    priceUsd: 0.02,
    marketCapUsd: 2e6,
    change24hPct: 3,
  }),
  quote({ providerId: "5994", symbol: "SHIB", name: "Shiba Inu", priceUsd: 1.2e-7, marketCapUsd: 7.07e10 }),
  quote({ providerId: "7777", symbol: "NWC", name: "New Coin", priceUsd: 5, marketCapUsd: 1e7, change24hPct: 10 }),
  quote({ providerId: "30001", symbol: "LMD", name: "Quarry Stone", priceUsd: 0.02, marketCapUsd: 0 }),
];

/**
 * Migrates the store at `url` and writes the ranking (30 s old) and the prices (200 s old: stale),
 * reconciling the asset registry in the second snapshot's transaction as the services do.
 */
export async function seedStore(url: string, options: { ranking?: boolean; pricing?: boolean } = {}): Promise<void> {
  const store = openStore(url);
  try {
    await migrateToLatest(store.db);
    if (options.ranking ?? true) {
      await writeRankingSnapshot(store.db, {
        provider: "cryptocompare",
        fetchedAt: secondsBefore(30),
        contentHash: "ranking-1",
        intervalSeconds: 60,
        simulated: false,
        entries: RANKING,
      });
    }
    if (options.pricing ?? true) {
      await writePriceSnapshot(store.db, {
        provider: "coinmarketcap",
        fetchedAt: secondsBefore(200),
        contentHash: "pricing-1",
        intervalSeconds: 60,
        simulated: false,
        creditCount: 1,
        quotes: QUOTES,
        afterWrite: async (trx) => {
          await reconcileLatest(trx, { overrides: [], divergencePct: 5, unlinkAfter: 3, now: secondsBefore(200) });
        },
      });
    }
  } finally {
    await store.close();
  }
}
