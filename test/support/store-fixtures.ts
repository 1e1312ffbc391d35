// Domain records for store tests, with the values that break careless storage: tiny and long
// fractions, nulls, non-ASCII names, provider ids whose text order differs from their numeric order.
import type { PriceQuote, RankingEntry } from "../../lib/domain/types";
import type { PriceSnapshotWrite, RankingSnapshotWrite } from "../../lib/store/snapshots";

export const T0 = new Date("2025-01-02T03:04:05.678Z");

/** T0 plus some seconds. */
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Prices that must survive the round trip bit for bit. */
export const TRICKY_NUMBERS = [0.00000012, 97123.456789, 1 / 3, 2 ** 53 + 2, 5e-324, Number.MAX_VALUE, -0.1 - 0.2];

/** `count` ranked coins, ranks 1..count. */
export function makeEntries(count: number, seed = 0): RankingEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const value = TRICKY_NUMBERS[index % TRICKY_NUMBERS.length] ?? 1;
    return {
      rank: index + 1,
      providerId: String(7605 + index * 13 + seed),
      symbol: `C${index}`,
      name: index === 1 ? "Ðogecoin «Ω» 🚀" : `Coin ${index} s${seed}`,
      marketCapUsd: index % 3 === 0 ? null : Math.abs(value) / 3,
      volume24hUsd: index % 4 === 0 ? null : value / 7,
      priceUsd: index % 5 === 4 ? null : value,
      slug: index % 2 === 0 ? null : `coin-${index}`,
      circulatingSupply: index % 3 === 1 ? null : 1e9 / (index + 1),
      totalSupply: index % 3 === 2 ? null : 1.25e9 / (index + 1),
      lastUpdated: index % 4 === 2 ? null : `2025-01-02T03:0${index % 10}:00.000Z`,
    };
  });
}

/** `count` quotes whose ids ("1", "10", "1027", "2", …) sort differently as text and as numbers. */
export function makeQuotes(count: number, seed = 0): PriceQuote[] {
  return Array.from({ length: count }, (_, index): PriceQuote => {
    const value = Math.abs(TRICKY_NUMBERS[index % TRICKY_NUMBERS.length] ?? 1) + seed;
    const sparse = index % 2 === 1;
    return {
      providerId: String(index + 1),
      symbol: index % 10 === 3 ? "HOT" : `Q${index}`,
      name: `Quote ${index} — ${seed}`,
      slug: sparse ? null : `quote-${index}`,
      priceUsd: value,
      marketCapUsd: sparse ? null : value / 3,
      volume24hUsd: sparse ? null : value / 11,
      change1hPct: sparse ? null : -0.123456789,
      change24hPct: sparse ? null : 12.5,
      change7dPct: sparse ? null : 1 / 7,
      circulatingSupply: sparse ? null : 21e6 - index,
      totalSupply: index % 3 === 0 ? null : 21e6 + index / 3,
      lastUpdated: sparse ? null : "2025-01-02T03:04:00.000Z",
      source: index % 7 === 6 ? "by_id" : "listing",
    };
  });
}

/** Orders like the store: by byte value, which for these ASCII ids is JavaScript's string order. */
export function byProviderId<T extends { providerId: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0));
}

/** The same items in another order (odd positions first, reversed), to show the store sorts on read. */
export function scrambled<T>(items: T[]): T[] {
  return [...items.filter((_, index) => index % 2 === 1), ...items.filter((_, index) => index % 2 === 0)].reverse();
}

export const rankingWrite = (overrides: Partial<RankingSnapshotWrite> = {}): RankingSnapshotWrite => ({
  provider: "cryptocompare",
  fetchedAt: T0,
  contentHash: "ranking-hash",
  entries: makeEntries(12),
  intervalSeconds: 60,
  simulated: false,
  ...overrides,
});

export const priceWrite = (overrides: Partial<PriceSnapshotWrite> = {}): PriceSnapshotWrite => ({
  provider: "coinmarketcap",
  fetchedAt: T0,
  contentHash: "price-hash",
  quotes: makeQuotes(12),
  creditCount: 3,
  intervalSeconds: 120,
  simulated: true,
  ...overrides,
});
