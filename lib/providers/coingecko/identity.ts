// CoinGecko's identity data and pricing by id: /coins/list?include_platform=true (every coin it
// knows, with each platform's contract; keyless; fetched at most daily) and /coins/markets?ids=
// (the ranked coins deeper than the price list, one call of up to 250 ids after each price fetch).
import type { PriceQuote } from "../../domain/types";
import { parseUpstreamBody } from "../../http/parse-body";
import type { IdentityListFetch, QuotesByIdFetch } from "../coinmarketcap/identity";
import { isSimulated } from "../shared/request";
import { CG_COINS_LIST_ENDPOINT, CG_MARKETS_ENDPOINT, CG_PROVIDER } from "./classify";
import { type CoinGeckoConnection, callCoinGecko } from "./connection";
import { cgCoinsListEntrySchema, cgCoinsListSchema, cgMarketsSchema } from "./schema";
import { toPriceQuote, toProviderCoin } from "./transform";

/** The most ids /coins/markets answers in one page. */
const IDS_PER_CALL = 250;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export async function fetchCoinGeckoCoinsList(connection: CoinGeckoConnection): Promise<IdentityListFetch> {
  const response = await callCoinGecko(connection, CG_COINS_LIST_ENDPOINT, "/coins/list", { include_platform: "true" });
  const body = parseUpstreamBody(cgCoinsListSchema, response.body, {
    provider: CG_PROVIDER,
    endpoint: CG_COINS_LIST_ENDPOINT,
    status: response.status,
  });
  const coins = [];
  let skipped = 0;
  for (const raw of body) {
    const entry = cgCoinsListEntrySchema.safeParse(raw);
    if (entry.success) coins.push(toProviderCoin(entry.data));
    else skipped++;
  }
  return { coins, skipped, creditCount: 0, calls: 1, simulated: isSimulated(response.headers) };
}

export async function fetchCoinGeckoMarketsById(
  connection: CoinGeckoConnection,
  ids: readonly string[],
): Promise<QuotesByIdFetch> {
  const unique = [...new Set(ids)].filter((id) => ID_PATTERN.test(id));
  const quotes: PriceQuote[] = [];
  let simulated = false;
  for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
    const batch = unique.slice(start, start + IDS_PER_CALL);
    const response = await callCoinGecko(connection, CG_MARKETS_ENDPOINT, "/coins/markets", {
      vs_currency: "usd",
      ids: batch.join(","),
      per_page: String(IDS_PER_CALL),
      page: "1",
      price_change_percentage: "1h,24h,7d",
    });
    simulated ||= isSimulated(response.headers);
    const body = parseUpstreamBody(cgMarketsSchema, response.body, {
      provider: CG_PROVIDER,
      endpoint: CG_MARKETS_ENDPOINT,
      status: response.status,
    });
    const asked = new Set(batch);
    for (const market of body) {
      const price = market.current_price;
      if (!asked.has(market.id) || price === null || !Number.isFinite(price) || price <= 0) continue;
      asked.delete(market.id);
      quotes.push({ ...toPriceQuote(market, price), source: "by_id" });
    }
  }
  const answered = new Set(quotes.map((quote) => quote.providerId));
  return { quotes, missingIds: unique.filter((id) => !answered.has(id)), creditCount: 0, simulated };
}
