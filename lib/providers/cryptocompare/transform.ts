// Raw CryptoCompare bodies → domain records: toplist coins (all pages, in page order) →
// RankingEntries, history rows → closes. Pure.
import type { RankingEntry } from "../../domain/types";
import type { HistoryClose } from "../shared/history";
import type { CcCoin, CcHistoryRow } from "./schema";

export interface RankingEntriesResult {
  entries: RankingEntry[];
  /** Ids that appeared again on a later page; the first (higher) position was kept. */
  duplicateIds: string[];
}

export function toRankingEntries(coins: readonly CcCoin[], depth: number): RankingEntriesResult {
  const seen = new Set<string>();
  const entries: RankingEntry[] = [];
  const duplicateIds: string[] = [];
  for (const coin of coins) {
    if (entries.length === depth) break;
    const providerId = coin.CoinInfo.Id;
    // The list can move between page requests, so a coin may show up on two pages.
    if (seen.has(providerId)) {
      duplicateIds.push(providerId);
      continue;
    }
    seen.add(providerId);
    const usd = coin.RAW?.USD;
    const price = usd?.PRICE;
    entries.push({
      // Ranks are positions after de-duplication, so they stay 1..n without gaps.
      rank: entries.length + 1,
      providerId,
      symbol: coin.CoinInfo.Name,
      name: coin.CoinInfo.FullName,
      marketCapUsd: usd?.MKTCAP ?? null,
      volume24hUsd: usd?.TOTALVOLUME24HTO ?? null,
      priceUsd: typeof price === "number" && Number.isFinite(price) && price > 0 ? price : null,
    });
  }
  return { entries, duplicateIds };
}

// Here a close is one finished period's: ts is the period's start, volume24hUsd its volume in USD
// (`volumeto`): an hour's volume for hourly rows, a day's for daily.
export type { HistoryClose };

/**
 * History rows → closes, oldest first. The newest row is the unfinished current period, so it is
 * dropped; so are rows with a close of 0 or less, which is how CryptoCompare pads the time before a
 * coin had a market. A time sent twice keeps its first row.
 */
export function toHistoryCloses(rows: readonly CcHistoryRow[]): HistoryClose[] {
  const finished = [...rows].sort((a, b) => a.time - b.time).slice(0, -1);
  const closes: HistoryClose[] = [];
  let lastTime: number | null = null;
  for (const row of finished) {
    if (row.time === lastTime) continue;
    lastTime = row.time;
    if (!(Number.isFinite(row.close) && row.close > 0)) continue;
    const volume = row.volumeto;
    closes.push({
      ts: new Date(row.time * 1000),
      priceUsd: row.close,
      volume24hUsd: typeof volume === "number" && Number.isFinite(volume) && volume >= 0 ? volume : null,
    });
  }
  return closes;
}
