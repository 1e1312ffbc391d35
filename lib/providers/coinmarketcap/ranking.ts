// CoinMarketCap ranking client: the same listings/latest call as pricing, read as a ranking by
// `cmc_rank` (CoinMarketCap's market-cap rank). Each entry keeps CoinMarketCap's own USD price
// as the reference the merge checks the served price against.
import type { RankingFetch } from "../../domain/types";
import { listIds } from "../shared/warnings";
import { CMC_PROVIDER } from "./classify";
import { type CoinMarketCapOptions, fetchListings } from "./listings";
import { listingContracts, toRankingEntries } from "./transform";

/** RankingFetch plus what the service should log and count. */
export interface CoinMarketCapRankingFetch extends RankingFetch {
  /** Credits this call cost (`status.credit_count`): ranking spends CoinMarketCap credits too. */
  creditCount: number | null;
  warnings: string[];
  duplicateCount: number;
  unrankedCount: number;
  attempts: number;
}

export async function fetchCoinMarketCapRanking(options: CoinMarketCapOptions): Promise<CoinMarketCapRankingFetch> {
  const { body, simulated, attempts } = await fetchListings(options);
  const { entries, duplicateIds, unrankedIds } = toRankingEntries(body.data, options.depth);

  const warnings: string[] = [];
  if (duplicateIds.length > 0) {
    warnings.push(`skipped ${duplicateIds.length} duplicate listing id(s), kept the first: ${listIds(duplicateIds)}`);
  }
  if (unrankedIds.length > 0) {
    warnings.push(
      `left ${unrankedIds.length} listing(s) without a cmc_rank out of the ranking: ${listIds(unrankedIds)}`,
    );
  }
  if (entries.length < options.depth) {
    warnings.push(`got ${entries.length} of ${options.depth} requested ranked coins`);
  }
  return {
    provider: CMC_PROVIDER,
    entries,
    contracts: listingContracts(body.data),
    creditCount: body.status.credit_count ?? null,
    simulated,
    warnings,
    duplicateCount: duplicateIds.length,
    unrankedCount: unrankedIds.length,
    attempts,
  };
}
