// CryptoCompare pricing client: a price list from the market-cap toplist (mktcapfull), page by
// page until it has `depth` coins. Pricing always reads mktcapfull, whatever CRYPTOCOMPARE_TOPLIST
// says for the ranking: a price list must cover the coins any ranking asks about, and rankings
// order by market cap; the top N by 24 h volume can leave out large coins that trade little.
import type { PricingFetch } from "../../domain/types";
import { listIds } from "../shared/warnings";
import { CC_PROVIDER } from "./classify";
import { ccPricedToplistSchema } from "./schema";
import { fetchToplistPages, type ToplistRequest } from "./toplist";
import { toPriceQuotes } from "./transform";

export const CC_PRICING_TOPLIST = "mktcapfull";

export type CryptoComparePricingOptions = Omit<ToplistRequest, "toplist">;

/** PricingFetch plus what the service should log and count. */
export interface CryptoComparePricingFetch extends PricingFetch {
  warnings: string[];
  duplicateCount: number;
  droppedCount: number;
  /** The provider's own total for the toplist (`MetaData.Count`), when it sent one. */
  totalCount: number | null;
  pages: number;
  /** HTTP attempts over all pages, retries included. */
  attempts: number;
}

export async function fetchCryptoComparePrices(
  options: CryptoComparePricingOptions,
): Promise<CryptoComparePricingFetch> {
  const { depth } = options;
  const pages = await fetchToplistPages({ ...options, toplist: CC_PRICING_TOPLIST }, ccPricedToplistSchema);
  const { quotes, duplicateIds, droppedIds } = toPriceQuotes(pages.coins, depth);
  const considered = quotes.length + droppedIds.length;
  const warnings: string[] = [];
  if (duplicateIds.length > 0) {
    warnings.push(
      `skipped ${duplicateIds.length} coin id(s) seen on two pages (the list moved between requests): ${listIds(duplicateIds)}`,
    );
  }
  if (droppedIds.length > 0) {
    warnings.push(`no quote for ${droppedIds.length} coin(s) without a positive USD price: ${listIds(droppedIds)}`);
  }
  if (considered < depth) {
    warnings.push(`got ${considered} of ${depth} requested coins (provider total: ${pages.totalCount ?? "unknown"})`);
  }
  return {
    provider: CC_PROVIDER,
    quotes,
    // CryptoCompare bills calls against rate limits, not credits per body.
    creditCount: null,
    simulated: pages.simulated,
    warnings,
    duplicateCount: duplicateIds.length,
    droppedCount: droppedIds.length,
    totalCount: pages.totalCount,
    pages: pages.pages,
    attempts: pages.attempts,
  };
}
