// CoinMarketCap pricing client: one listings/latest call per fetch, validated and normalized.
import type { PricingFetch } from "../../domain/types";
import { fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { parseUpstreamBody } from "../../http/parse-body";
import { isSimulated, joinUrl } from "../shared/request";
import { listIds } from "../shared/warnings";
import { CMC_LISTINGS_ENDPOINT, CMC_PROVIDER, classifyCoinMarketCap } from "./classify";
import { cmcListingsSchema } from "./schema";
import { toPriceQuotes } from "./transform";

// The endpoint's own bounds for `limit`.
const MAX_DEPTH = 5_000;

export interface CoinMarketCapOptions extends HttpTuning {
  baseUrl: string;
  /** Sent as X-CMC_PRO_API_KEY; without it CoinMarketCap answers error 1002. */
  apiKey?: string;
  /** How many listings to ask for (1..5000), ordered by market cap. */
  depth: number;
  /** The clock for quota reset times; injectable for tests. */
  now?: () => Date;
}

/** PricingFetch plus what the service should log and count. */
export interface CoinMarketCapFetch extends PricingFetch {
  warnings: string[];
  droppedCount: number;
  duplicateCount: number;
  attempts: number;
}

export async function fetchCoinMarketCapListings(options: CoinMarketCapOptions): Promise<CoinMarketCapFetch> {
  if (!Number.isInteger(options.depth) || options.depth < 1 || options.depth > MAX_DEPTH) {
    throw new RangeError(`CoinMarketCap depth must be an integer from 1 to ${MAX_DEPTH}, got ${options.depth}`);
  }
  const url = joinUrl(options.baseUrl, "/v1/cryptocurrency/listings/latest", {
    start: "1",
    limit: String(options.depth),
    convert: "USD",
  });
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.apiKey !== undefined) headers["X-CMC_PRO_API_KEY"] = options.apiKey;
  const now = options.now ?? (() => new Date());

  const response = await fetchJson({
    ...pickHttpTuning(options),
    provider: CMC_PROVIDER,
    endpoint: CMC_LISTINGS_ENDPOINT,
    url,
    headers,
    classify: (res) => classifyCoinMarketCap(res, now()),
  });
  const body = parseUpstreamBody(cmcListingsSchema, response.body, {
    provider: CMC_PROVIDER,
    endpoint: CMC_LISTINGS_ENDPOINT,
    status: response.status,
  });
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
    creditCount: body.status.credit_count ?? null,
    simulated: isSimulated(response.headers),
    warnings,
    droppedCount: droppedIds.length,
    duplicateCount: duplicateIds.length,
    attempts: response.attempts,
  };
}
