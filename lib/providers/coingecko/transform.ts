// Raw CoinGecko bodies → domain records. One /coins/markets list feeds both roles: RankingEntries
// (by market_cap_rank) and PriceQuotes. Chart arrays → history points. Pure: no I/O, no clock.
import { type Contract, contractOf } from "../../domain/identity/contracts";
import type { ProviderCoin } from "../../domain/identity/registry";
import type { PriceQuote, RankingEntry } from "../../domain/types";
import type { HistoryClose } from "../shared/history";
import type { CgCoinsListEntry, CgMarket, CgMarketChart } from "./schema";

export interface MarketsResult {
  entries: RankingEntry[];
  quotes: PriceQuote[];
  /** Ids seen more than once (the list moved between page requests); the first was kept. */
  duplicateIds: string[];
  /** Ids without a market_cap_rank: CoinGecko does not rank them, so neither do we. */
  unrankedIds: string[];
  /** Ids without a positive, finite USD price: no quote (a price is never 0 and never a guess). */
  droppedIds: string[];
}

const positive = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

// CoinGecko reports an unknown market cap as 0; the merge must see "unknown", not "worthless".
const capOrNull = (value: number | null): number | null => (positive(value) ? value : null);

// Symbols are display strings, and every other source (and the CSV) shows them upper-case.
const displaySymbol = (symbol: string): string => symbol.toUpperCase();

/** The first occurrence of each id, in the order received, plus the ids that repeated. */
function uniqueById(markets: readonly CgMarket[]): { unique: CgMarket[]; duplicateIds: string[] } {
  const seen = new Set<string>();
  const unique: CgMarket[] = [];
  const duplicateIds: string[] = [];
  for (const market of markets) {
    if (seen.has(market.id)) duplicateIds.push(market.id);
    else {
      seen.add(market.id);
      unique.push(market);
    }
  }
  return { unique, duplicateIds };
}

/**
 * Ranks by market_cap_rank (pages fetched at different moments can disagree on order), then
 * numbers positions 1..n without gaps, as the ranking role expects; stops at `depth`.
 */
export function toRankingEntries(markets: readonly CgMarket[], depth: number): RankingEntry[] {
  const ranked = markets
    .filter((market) => market.market_cap_rank !== null)
    .sort((a, b) => (a.market_cap_rank ?? 0) - (b.market_cap_rank ?? 0));
  return ranked.slice(0, depth).map((market, position) => ({
    rank: position + 1,
    providerId: market.id,
    symbol: displaySymbol(market.symbol),
    name: market.name,
    marketCapUsd: capOrNull(market.market_cap),
    volume24hUsd: market.total_volume,
    priceUsd: positive(market.current_price) ? market.current_price : null,
    // CoinGecko's id is its slug.
    slug: market.id,
    circulatingSupply: positive(market.circulating_supply) ? market.circulating_supply : null,
    totalSupply: positive(market.total_supply) ? market.total_supply : null,
    lastUpdated: market.last_updated,
  }));
}

export function toPriceQuote(market: CgMarket, priceUsd: number): PriceQuote {
  return {
    providerId: market.id,
    symbol: displaySymbol(market.symbol),
    name: market.name,
    // The id is CoinGecko's slug.
    slug: market.id,
    priceUsd,
    marketCapUsd: capOrNull(market.market_cap),
    volume24hUsd: market.total_volume,
    change1hPct: market.price_change_percentage_1h_in_currency ?? null,
    change24hPct: market.price_change_percentage_24h_in_currency ?? market.price_change_percentage_24h ?? null,
    change7dPct: market.price_change_percentage_7d_in_currency ?? null,
    circulatingSupply: market.circulating_supply,
    totalSupply: positive(market.total_supply) ? market.total_supply : null,
    lastUpdated: market.last_updated,
  };
}

/** All pages' items, in page order → both roles' records, de-duplicated by CoinGecko id. */
export function fromMarkets(markets: readonly CgMarket[], depth: number): MarketsResult {
  const { unique, duplicateIds } = uniqueById(markets);
  const quotes: PriceQuote[] = [];
  const droppedIds: string[] = [];
  for (const market of unique.slice(0, depth)) {
    if (positive(market.current_price)) quotes.push(toPriceQuote(market, market.current_price));
    else droppedIds.push(market.id);
  }
  const unrankedIds = unique.filter((market) => market.market_cap_rank === null).map((market) => market.id);
  return { entries: toRankingEntries(unique, depth), quotes, duplicateIds, unrankedIds, droppedIds };
}

/**
 * Chart arrays → points, oldest first. CoinGecko's times are ms and are its sampling instants, not
 * period starts; the newest point is the live price. Each point takes the total volume sent for the
 * same instant (a rolling 24 h volume). Points without a positive price are dropped; a time sent
 * twice keeps its first point.
 */
export function toHistoryPoints(chart: CgMarketChart): HistoryClose[] {
  const volumes = new Map<number, number>();
  for (const [t, volume] of chart.total_volumes ?? []) {
    if (!volumes.has(t) && typeof volume === "number" && Number.isFinite(volume) && volume >= 0) volumes.set(t, volume);
  }
  const seen = new Set<number>();
  const points: HistoryClose[] = [];
  for (const [t, price] of chart.prices) {
    if (seen.has(t)) continue;
    seen.add(t);
    if (!Number.isFinite(t) || !positive(price)) continue;
    points.push({ ts: new Date(t), priceUsd: price, volume24hUsd: volumes.get(t) ?? null });
  }
  return points.sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

/** A /coins/list entry as the registry keeps it: the id is also the slug; one contract per platform. */
export function toProviderCoin(entry: CgCoinsListEntry): ProviderCoin {
  const contracts: Contract[] = [];
  for (const [platform, address] of Object.entries(entry.platforms ?? {})) {
    const contract = contractOf(platform, address);
    if (contract && !contracts.some((c) => c.chain === contract.chain && c.address === contract.address)) {
      contracts.push(contract);
    }
  }
  return {
    providerId: entry.id,
    symbol: displaySymbol(entry.symbol),
    name: entry.name,
    slug: entry.id,
    rank: null,
    contracts,
  };
}
