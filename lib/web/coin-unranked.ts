// The row of a coin the pricing provider lists but the ranking does not hold (ranked below the
// depth): the shape of a ranked row, with `rank: null` and `ranked: false`, its figures from the
// quote. There is no ranking entry to compare or move against, so the ranking's fields are null.
import type { MergedRow } from "../domain/merge";
import type { UnrankedCoin } from "./coin-lookup";

export type UnrankedRow = Omit<MergedRow, "rank" | "id" | "rankingId"> & {
  rank: null;
  /** Its stable id when the registry links it; null for a coin never linked (named by `<provider>:<id>`). */
  id: string | null;
  rankingId: null;
};

export function unrankedRow({ quote, provider, assetId }: UnrankedCoin): UnrankedRow {
  return {
    rank: null,
    id: assetId,
    symbol: quote.symbol,
    name: quote.name,
    rankingId: null,
    rankChange: null,
    pricingProvider: provider,
    pricingId: quote.providerId,
    priceUsd: quote.priceUsd,
    priceStatus: "ok",
    priceReason: null,
    // The listing is the coin itself: no link between two providers' coins was needed to price it.
    matchedBy: null,
    matchEvidence: null,
    priceSource: quote.source ?? "listing",
    marketCapUsd: quote.marketCapUsd,
    volume24hUsd: quote.volume24hUsd,
    change1hPct: quote.change1hPct,
    change24hPct: quote.change24hPct,
    change7dPct: quote.change7dPct,
    circulatingSupply: quote.circulatingSupply,
    lastUpdated: quote.lastUpdated,
    priceCheck: null,
    categories: quote.categories ?? null,
  };
}
