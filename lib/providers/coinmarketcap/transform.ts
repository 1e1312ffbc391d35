// Raw CoinMarketCap listings → domain PriceQuotes. Pure: no I/O, no clock.
import type { PriceQuote } from "../../domain/types";
import type { CmcListing } from "./schema";

export interface PriceQuotesResult {
  quotes: PriceQuote[];
  /** Items without a positive, finite USD price: a price is never 0 and never a guess. */
  droppedIds: string[];
  /** Ids seen more than once in the body; the first occurrence was kept. */
  duplicateIds: string[];
}

export function toPriceQuotes(listings: readonly CmcListing[]): PriceQuotesResult {
  const seen = new Set<string>();
  const quotes: PriceQuote[] = [];
  const droppedIds: string[] = [];
  const duplicateIds: string[] = [];
  for (const item of listings) {
    const providerId = String(item.id);
    // The first occurrence wins even when it is the unpriced one: a body listing one id twice is
    // inconsistent, and choosing the "better" copy would be a guess.
    if (seen.has(providerId)) {
      duplicateIds.push(providerId);
      continue;
    }
    seen.add(providerId);
    const usd = item.quote.USD;
    if (usd.price === null || !Number.isFinite(usd.price) || usd.price <= 0) {
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
      lastUpdated: usd.last_updated ?? item.last_updated,
    });
  }
  return { quotes, droppedIds, duplicateIds };
}
