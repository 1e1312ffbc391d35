// Raw CryptoCompare bodies → domain records: toplist coins (all pages, in page order) →
// RankingEntries or PriceQuotes, history rows → closes. Pure.
import { contractOf } from "../../domain/identity/contracts";
import type { ProviderCoin } from "../../domain/identity/registry";
import type { PriceQuote, RankingEntry } from "../../domain/types";
import { cleanText } from "../../format/text";
import type { HistoryClose } from "../shared/history";
import type { CcCoin, CcCoinListEntry, CcHistoryRow, CcPricedCoin } from "./schema";

export interface RankingEntriesResult {
  entries: RankingEntry[];
  /** Ids that appeared again on a later page; the first (higher) position was kept. */
  duplicateIds: string[];
}

/**
 * The first `depth` distinct coins in list order, plus the ids met again after their first
 * appearance (up to the depth). The list can move between page requests, so a coin may show up
 * on two pages; its first (higher) position is kept.
 */
function uniqueById<C extends CcCoin>(coins: readonly C[], depth: number): { unique: C[]; duplicateIds: string[] } {
  const seen = new Set<string>();
  const unique: C[] = [];
  const duplicateIds: string[] = [];
  for (const coin of coins) {
    if (unique.length === depth) break;
    const providerId = coin.CoinInfo.Id;
    if (seen.has(providerId)) {
      duplicateIds.push(providerId);
      continue;
    }
    seen.add(providerId);
    unique.push(coin);
  }
  return { unique, duplicateIds };
}

const positive = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

export function toRankingEntries(coins: readonly CcCoin[], depth: number): RankingEntriesResult {
  const { unique, duplicateIds } = uniqueById(coins, depth);
  const entries = unique.map((coin, position): RankingEntry => {
    const usd = coin.RAW?.USD;
    const price = usd?.PRICE;
    return {
      // Ranks are positions after de-duplication, so they stay 1..n without gaps.
      rank: position + 1,
      providerId: coin.CoinInfo.Id,
      symbol: coin.CoinInfo.Name,
      name: coin.CoinInfo.FullName,
      marketCapUsd: usd?.MKTCAP ?? null,
      volume24hUsd: usd?.TOTALVOLUME24HTO ?? null,
      priceUsd: typeof price === "number" && Number.isFinite(price) && price > 0 ? price : null,
      circulatingSupply: positive(usd?.CIRCULATINGSUPPLY) ? usd.CIRCULATINGSUPPLY : null,
      totalSupply: positive(usd?.SUPPLY) ? usd.SUPPLY : null,
      // LASTUPDATE is unix seconds.
      lastUpdated: positive(usd?.LASTUPDATE) ? new Date(usd.LASTUPDATE * 1000).toISOString() : null,
    };
  });
  return { entries, duplicateIds };
}

export interface PriceQuotesResult {
  quotes: PriceQuote[];
  /** Ids that appeared again on a later page; the first was kept. */
  duplicateIds: string[];
  /** Ids without RAW.USD or without a positive PRICE: no quote (a price is never 0, never a guess). */
  droppedIds: string[];
}

/**
 * Toplist coins → quotes for the first `depth` distinct coins. A coin without a USD market counts
 * towards the depth (it holds its place in the list) but gets no quote. CryptoCompare reports an
 * unknown supply as 0, and so a market cap of 0: both read as unknown, never as worthless.
 */
export function toPriceQuotes(coins: readonly CcPricedCoin[], depth: number): PriceQuotesResult {
  const { unique, duplicateIds } = uniqueById(coins, depth);
  const quotes: PriceQuote[] = [];
  const droppedIds: string[] = [];
  for (const coin of unique) {
    const providerId = coin.CoinInfo.Id;
    const usd = coin.RAW?.USD;
    if (!usd || !positive(usd.PRICE)) {
      droppedIds.push(providerId);
      continue;
    }
    // CIRCULATINGSUPPLY is the circulating figure by name; SUPPLY is the older field that carried
    // it before (the two agree in current bodies), so it stands in when the first is missing.
    const supply = positive(usd.CIRCULATINGSUPPLY) ? usd.CIRCULATINGSUPPLY : positive(usd.SUPPLY) ? usd.SUPPLY : null;
    quotes.push({
      providerId,
      symbol: coin.CoinInfo.Name,
      name: coin.CoinInfo.FullName,
      // CryptoCompare has no slug; its Name is already the unique key a page URL uses.
      slug: null,
      priceUsd: usd.PRICE,
      marketCapUsd: positive(usd.MKTCAP) ? usd.MKTCAP : null,
      volume24hUsd: usd.TOTALVOLUME24HTO ?? null,
      change1hPct: usd.CHANGEPCTHOUR ?? null,
      change24hPct: usd.CHANGEPCT24HOUR ?? null,
      // The toplist carries no 7-day change.
      change7dPct: null,
      circulatingSupply: supply,
      totalSupply: positive(usd.SUPPLY) ? usd.SUPPLY : null,
      // LASTUPDATE is unix seconds.
      lastUpdated: positive(usd.LASTUPDATE) ? new Date(usd.LASTUPDATE * 1000).toISOString() : null,
    });
  }
  return { quotes, duplicateIds, droppedIds };
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

/**
 * A coin-list entry as the registry keeps it. The key is CryptoCompare's unique symbol ("HOT*");
 * the name is CoinName (FullName adds the symbol in brackets); a token's contract is its
 * SmartContractAddress on the chain BuiltOn names. null when neither the entry nor its key has a
 * printable symbol and name (the schema cleaned the entry's text; the key is cleaned here).
 */
export function toProviderCoin(key: string, entry: CcCoinListEntry): ProviderCoin | null {
  const fullName = entry.FullName?.replace(/\s*\([^()]*\)\s*$/, "") || null;
  const contract = contractOf(entry.BuiltOn, entry.SmartContractAddress);
  const symbol = entry.Symbol || entry.Name || cleanText(key);
  const name = entry.CoinName || fullName || cleanText(key);
  if (symbol === "" || name === "") return null;
  return {
    providerId: entry.Id,
    symbol,
    name,
    slug: null,
    rank: null,
    contracts: contract ? [contract] : [],
  };
}
