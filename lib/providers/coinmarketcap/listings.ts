// The one listings/latest call both CoinMarketCap roles make: the top `depth` coins by market cap,
// validated. Pricing reads their quotes (client.ts), ranking their order (ranking.ts).
import { parseUpstreamBody } from "../../http/parse-body";
import { refuseRepeatedIds } from "../shared/repeated-ids";
import { isSimulated } from "../shared/request";
import { CMC_LISTINGS_ENDPOINT, CMC_PROVIDER } from "./classify";
import { type CoinMarketCapConnection, callCoinMarketCap } from "./request";
import { type CmcListings, cmcListingsSchema } from "./schema";

// The endpoint's own bounds for `limit`.
const MAX_DEPTH = 5_000;

export interface CoinMarketCapOptions extends CoinMarketCapConnection {
  /** How many listings to ask for (1..5000), ordered by market cap. */
  depth: number;
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
  const response = await callCoinMarketCap(options, CMC_LISTINGS_ENDPOINT, "/v1/cryptocurrency/listings/latest", {
    start: "1",
    limit: String(options.depth),
    convert: "USD",
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
