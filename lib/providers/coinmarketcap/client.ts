// CoinMarketCap pricing client: one listings/latest call per fetch, validated and normalized.
import type { PricingFetch } from "../../domain/types";
import { listIds } from "../shared/warnings";
import { CMC_PROVIDER } from "./classify";
import { type CoinMarketCapOptions, fetchListings } from "./listings";
import { listingContracts, toPriceQuotes } from "./transform";

export type { CoinMarketCapOptions };

/** PricingFetch plus what the service should log and count. */
export interface CoinMarketCapFetch extends PricingFetch {
  warnings: string[];
  droppedCount: number;
  duplicateCount: number;
  attempts: number;
}

export async function fetchCoinMarketCapListings(options: CoinMarketCapOptions): Promise<CoinMarketCapFetch> {
  const { body, simulated, attempts } = await fetchListings(options);
  const { quotes, droppedIds, duplicateIds } = toPriceQuotes(body.data);

  const warnings: string[] = [];
  if (droppedIds.length > 0) {
    warnings.push(`dropped ${droppedIds.length} listing(s) without a positive USD price: ${listIds(droppedIds)}`);
  }
  if (duplicateIds.length > 0) {
    warnings.push(`skipped ${duplicateIds.length} duplicate listing id(s), kept the first: ${listIds(duplicateIds)}`);
  }
  return {
    provider: CMC_PROVIDER,
    quotes,
    contracts: listingContracts(body.data),
    creditCount: body.status.credit_count ?? null,
    simulated,
    warnings,
    droppedCount: droppedIds.length,
    duplicateCount: duplicateIds.length,
    attempts,
  };
}
