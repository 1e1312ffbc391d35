// The one listings/latest call both CoinMarketCap roles make: the top `depth` coins by market cap,
// validated. Pricing reads their quotes (client.ts), ranking their order (ranking.ts).
import { fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { parseUpstreamBody } from "../../http/parse-body";
import { refuseRepeatedIds } from "../shared/repeated-ids";
import { isSimulated, joinUrl } from "../shared/request";
import { CMC_LISTINGS_ENDPOINT, CMC_PROVIDER, classifyCoinMarketCap } from "./classify";
import { type CmcListings, cmcListingsSchema } from "./schema";

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

export interface ListingsResponse {
  body: CmcListings;
  simulated: boolean;
  attempts: number;
}

export async function fetchListings(options: CoinMarketCapOptions): Promise<ListingsResponse> {
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
  refuseRepeatedIds(
    body.data.map((listing) => String(listing.id)),
    { provider: CMC_PROVIDER, endpoint: CMC_LISTINGS_ENDPOINT, status: response.status },
  );
  return { body, simulated: isSimulated(response.headers), attempts: response.attempts };
}
