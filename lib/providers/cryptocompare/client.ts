// CryptoCompare ranking client: reads the toplist page by page until it has `depth` coins.
import type { RankingFetch } from "../../domain/types";
import { listIds } from "../shared/warnings";
import { CC_PROVIDER } from "./classify";
import { ccToplistSchema } from "./schema";
import { CC_PAGE_SIZE, type CryptoCompareToplist, fetchToplistPages, type ToplistRequest } from "./toplist";
import { toRankingEntries } from "./transform";

export { CC_PAGE_SIZE, type CryptoCompareToplist };
export type CryptoCompareOptions = ToplistRequest;

/** RankingFetch plus what the service should log and count. */
export interface CryptoCompareFetch extends RankingFetch {
  warnings: string[];
  duplicateCount: number;
  /** The provider's own total for this toplist (`MetaData.Count`), when it sent one. */
  totalCount: number | null;
  pages: number;
  /** HTTP attempts over all pages, retries included. */
  attempts: number;
}

export async function fetchCryptoCompareRanking(options: CryptoCompareOptions): Promise<CryptoCompareFetch> {
  const { depth } = options;
  const { coins, totalCount, simulated, pages, attempts } = await fetchToplistPages(options, ccToplistSchema);
  const { entries, duplicateIds } = toRankingEntries(coins, depth);
  const warnings: string[] = [];
  if (duplicateIds.length > 0) {
    warnings.push(
      `skipped ${duplicateIds.length} coin id(s) seen on two pages (the list moved between requests): ${listIds(duplicateIds)}`,
    );
  }
  if (entries.length < depth) {
    warnings.push(`got ${entries.length} of ${depth} requested coins (provider total: ${totalCount ?? "unknown"})`);
  }
  return {
    provider: CC_PROVIDER,
    entries,
    simulated,
    warnings,
    duplicateCount: duplicateIds.length,
    totalCount,
    pages,
    attempts,
  };
}
