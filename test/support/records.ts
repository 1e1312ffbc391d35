// Test support: domain records with every optional figure unknown (null), so a test spells out only
// the fields it is about.
import type { PriceQuote, RankingEntry } from "../../lib/domain/types";

/** A ranking entry at rank 1 with no market cap, volume or reference price unless given. */
export function rankingEntry(
  fields: Pick<RankingEntry, "providerId" | "symbol" | "name"> & Partial<RankingEntry>,
): RankingEntry {
  return { rank: 1, marketCapUsd: null, volume24hUsd: null, priceUsd: null, ...fields };
}

/** A quote at $1 with no slug, figures, changes or update time unless given. */
export function priceQuote(
  fields: Pick<PriceQuote, "providerId" | "symbol" | "name"> & Partial<PriceQuote>,
): PriceQuote {
  return {
    slug: null,
    priceUsd: 1,
    marketCapUsd: null,
    volume24hUsd: null,
    change1hPct: null,
    change24hPct: null,
    change7dPct: null,
    circulatingSupply: null,
    lastUpdated: null,
    ...fields,
  };
}
