// Raw CryptoCompare toplist coins (all pages, in page order) → domain RankingEntries. Pure.
import type { RankingEntry } from "../../domain/types";
import type { CcCoin } from "./schema";

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
