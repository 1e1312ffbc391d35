// Raw CoinMarketCap listings → domain PriceQuotes (pricing) and RankingEntries (ranking). Pure: no
// I/O, no clock.
import { categoriesFromCmcTags } from "../../domain/categories";
import { contractOf } from "../../domain/identity/contracts";
import type { ProviderCoin } from "../../domain/identity/registry";
import type { ListingContract, PriceQuote, RankingEntry } from "../../domain/types";
import type { CmcListing, CmcMapItem } from "./schema";

/** The token contract of a listing's platform, chain named as identity compares it; null for a coin. */
function platformContract(platform: CmcListing["platform"]) {
  if (!platform) return null;
  return contractOf(platform.slug ?? platform.name, platform.token_address);
}

/** The contracts the listings carry, for the asset registry. */
export function listingContracts(listings: readonly CmcListing[]): ListingContract[] {
  const contracts: ListingContract[] = [];
  for (const item of listings) {
    const contract = platformContract(item.platform);
    if (contract) contracts.push({ providerId: String(item.id), ...contract });
  }
  return contracts;
}

/** A /v1/cryptocurrency/map coin as the registry keeps it. */
export function toProviderCoin(item: CmcMapItem): ProviderCoin {
  const contract = platformContract(item.platform);
  return {
    providerId: String(item.id),
    symbol: item.symbol,
    name: item.name,
    slug: item.slug ?? null,
    rank: item.rank ?? null,
    contracts: contract ? [contract] : [],
  };
}

export interface PriceQuotesResult {
  quotes: PriceQuote[];
  /** Items without a positive, finite USD price: a price is never 0 and never a guess. */
  droppedIds: string[];
  /** Ids seen more than once in the body; the first occurrence was kept. */
  duplicateIds: string[];
}

const positive = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

/**
 * The first listing of each id, in the body's order, plus the ids listed again. The first
 * occurrence wins even when it is the unpriced or unranked one: a body listing one id twice is
 * inconsistent, and choosing the "better" copy would be a guess.
 */
function uniqueById(listings: readonly CmcListing[]): { unique: CmcListing[]; duplicateIds: string[] } {
  const seen = new Set<string>();
  const unique: CmcListing[] = [];
  const duplicateIds: string[] = [];
  for (const item of listings) {
    const providerId = String(item.id);
    if (seen.has(providerId)) {
      duplicateIds.push(providerId);
      continue;
    }
    seen.add(providerId);
    unique.push(item);
  }
  return { unique, duplicateIds };
}

export function toPriceQuotes(listings: readonly CmcListing[]): PriceQuotesResult {
  const { unique, duplicateIds } = uniqueById(listings);
  const quotes: PriceQuote[] = [];
  const droppedIds: string[] = [];
  for (const item of unique) {
    const providerId = String(item.id);
    const usd = item.quote.USD;
    if (!positive(usd.price)) {
      droppedIds.push(providerId);
      continue;
    }
    quotes.push({
      providerId,
      symbol: item.symbol,
      name: item.name,
      slug: item.slug,
      priceUsd: usd.price,
      marketCapUsd: usd.market_cap,
      volume24hUsd: usd.volume_24h,
      change1hPct: usd.percent_change_1h,
      change24hPct: usd.percent_change_24h,
      change7dPct: usd.percent_change_7d,
      circulatingSupply: item.circulating_supply,
      totalSupply: positive(item.total_supply) ? item.total_supply : null,
      lastUpdated: usd.last_updated ?? item.last_updated,
      categories: categoriesFromCmcTags(item.tags) ?? undefined,
    });
  }
  return { quotes, droppedIds, duplicateIds };
}

export interface RankingEntriesResult {
  entries: RankingEntry[];
  /** Ids seen more than once in the body; the first occurrence was kept. */
  duplicateIds: string[];
  /** Ids without a cmc_rank: CoinMarketCap does not rank them, so neither do we. */
  unrankedIds: string[];
}

/**
 * Listings → the ranking: ordered by cmc_rank (the body is sorted by market cap already; the rank
 * is CoinMarketCap's own word for it), numbered 1..n without gaps, cut at `depth`. A listing
 * without a USD price keeps its place: the rank does not depend on the price, and the entry's
 * price is only a reference.
 */
export function toRankingEntries(listings: readonly CmcListing[], depth: number): RankingEntriesResult {
  const { unique, duplicateIds } = uniqueById(listings);
  const ranked: Array<{ item: CmcListing; cmcRank: number }> = [];
  const unrankedIds: string[] = [];
  for (const item of unique) {
    if (item.cmc_rank === null || item.cmc_rank === undefined) unrankedIds.push(String(item.id));
    else ranked.push({ item, cmcRank: item.cmc_rank });
  }
  // Array.prototype.sort is stable, so two listings that share a rank keep the body's order.
  ranked.sort((a, b) => a.cmcRank - b.cmcRank);
  const entries = ranked.slice(0, depth).map(({ item }, position) => {
    const usd = item.quote.USD;
    return {
      rank: position + 1,
      providerId: String(item.id),
      symbol: item.symbol,
      name: item.name,
      marketCapUsd: usd.market_cap,
      volume24hUsd: usd.volume_24h,
      priceUsd: positive(usd.price) ? usd.price : null,
      slug: item.slug,
      circulatingSupply: item.circulating_supply,
      totalSupply: positive(item.total_supply) ? item.total_supply : null,
      lastUpdated: usd.last_updated ?? item.last_updated,
      categories: categoriesFromCmcTags(item.tags) ?? undefined,
    };
  });
  return { entries, duplicateIds, unrankedIds };
}
