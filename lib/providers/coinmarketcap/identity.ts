// CoinMarketCap's identity data and pricing by id: /v1/cryptocurrency/map (every coin it tracks,
// with slug and token contract; fetched at most daily) and /v2/cryptocurrency/quotes/latest?id=
// (the ranked coins deeper than the price list, in one batched call after each price fetch).
import type { ProviderCoin } from "../../domain/identity/registry";
import type { PriceQuote } from "../../domain/types";
import { parseUpstreamBody } from "../../http/parse-body";
import { isSimulated } from "../shared/request";
import { CMC_PROVIDER } from "./classify";
import { type CoinMarketCapConnection, callCoinMarketCap } from "./request";
import { type CmcListing, cmcMapItemSchema, cmcMapSchema, cmcQuotesSchema } from "./schema";
import { toPriceQuotes, toProviderCoin } from "./transform";

export const CMC_MAP_ENDPOINT = "cryptocurrency/map";
export const CMC_QUOTES_ENDPOINT = "quotes/latest";

/** The map's largest page. */
const MAP_PAGE = 5_000;
// More pages than CoinMarketCap has coins for (about 10,000 active): a runaway guard, not a limit.
const MAX_MAP_PAGES = 10;
/** Ids per quotes call; CoinMarketCap bills one credit per 100 coins returned either way. */
export const QUOTES_BATCH = 500;

type ConnectionOptions = CoinMarketCapConnection;

export interface IdentityListFetch {
  coins: ProviderCoin[];
  /** Entries left out because they did not have the documented shape. */
  skipped: number;
  creditCount: number;
  calls: number;
  simulated: boolean;
}

/** Every active coin CoinMarketCap tracks, page by page. */
export async function fetchCoinMarketCapMap(options: ConnectionOptions): Promise<IdentityListFetch> {
  const coins: ProviderCoin[] = [];
  let skipped = 0;
  let creditCount = 0;
  let calls = 0;
  let simulated = false;
  for (let page = 0; page < MAX_MAP_PAGES; page++) {
    const response = await callCoinMarketCap(options, CMC_MAP_ENDPOINT, "/v1/cryptocurrency/map", {
      listing_status: "active",
      start: String(page * MAP_PAGE + 1),
      limit: String(MAP_PAGE),
      sort: "cmc_rank",
    });
    calls++;
    simulated ||= isSimulated(response.headers);
    const body = parseUpstreamBody(cmcMapSchema, response.body, {
      provider: CMC_PROVIDER,
      endpoint: CMC_MAP_ENDPOINT,
      status: response.status,
    });
    creditCount += body.status.credit_count ?? 1;
    for (const raw of body.data) {
      const item = cmcMapItemSchema.safeParse(raw);
      if (item.success) coins.push(toProviderCoin(item.data));
      else skipped++;
    }
    if (body.data.length < MAP_PAGE) break;
  }
  return { coins, skipped, creditCount, calls, simulated };
}

export interface QuotesByIdFetch {
  quotes: PriceQuote[];
  /** Ids CoinMarketCap did not answer for (unknown, or without a USD price). */
  missingIds: string[];
  creditCount: number;
  simulated: boolean;
}

/** The quotes of the given ids, marked as fetched by id. Unknown ids are skipped, not fatal. */
export async function fetchCoinMarketCapQuotesById(
  options: ConnectionOptions,
  ids: readonly string[],
): Promise<QuotesByIdFetch> {
  const quotes: PriceQuote[] = [];
  let creditCount = 0;
  let simulated = false;
  const unique = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  for (let start = 0; start < unique.length; start += QUOTES_BATCH) {
    const batch = unique.slice(start, start + QUOTES_BATCH);
    const response = await callCoinMarketCap(options, CMC_QUOTES_ENDPOINT, "/v2/cryptocurrency/quotes/latest", {
      id: batch.join(","),
      convert: "USD",
      skip_invalid: "true",
    });
    simulated ||= isSimulated(response.headers);
    const body = parseUpstreamBody(cmcQuotesSchema, response.body, {
      provider: CMC_PROVIDER,
      endpoint: CMC_QUOTES_ENDPOINT,
      status: response.status,
    });
    creditCount += body.status.credit_count ?? Math.ceil(batch.length / 100);
    const asked = new Set(batch);
    const listings: CmcListing[] = Object.values(body.data)
      .flat()
      .filter((item) => asked.has(String(item.id)));
    for (const quote of toPriceQuotes(listings).quotes) quotes.push({ ...quote, source: "by_id" });
  }
  const answered = new Set(quotes.map((quote) => quote.providerId));
  return { quotes, missingIds: unique.filter((id) => !answered.has(id)), creditCount, simulated };
}
