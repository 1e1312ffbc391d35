// CoinGecko markets client: reads /coins/markets page by page until it has `depth` coins, and
// returns them as both a ranking and a price list (CoinGecko is the fallback for either role).
import type { PricingFetch, RankingFetch } from "../../domain/types";
import { parseUpstreamBody } from "../../http/parse-body";
import { refuseRepeatedIds } from "../shared/repeated-ids";
import { isSimulated } from "../shared/request";
import { listIds } from "../shared/warnings";
import { CG_MARKETS_ENDPOINT, CG_PROVIDER } from "./classify";
import { type CoinGeckoConnection, callCoinGecko } from "./connection";
import { type CgMarket, cgMarketsSchema } from "./schema";
import { fromMarkets } from "./transform";

/** The provider's maximum page size. Every page asks for exactly this, so page P starts at (P-1)*250. */
export const CG_PAGE_SIZE = 250;
const MAX_DEPTH = 5_000;

export interface CoinGeckoOptions extends CoinGeckoConnection {
  /** How many coins to read, by market cap (1..5000): 200 is one page, 1000 four. */
  depth: number;
}

/** Both roles' fetch results in one, plus what the service should log and count. */
export interface CoinGeckoFetch extends RankingFetch, PricingFetch {
  warnings: string[];
  duplicateCount: number;
  droppedCount: number;
  unrankedCount: number;
  pages: number;
  /** HTTP attempts over all pages, retries included. */
  attempts: number;
}

export async function fetchCoinGeckoMarkets(options: CoinGeckoOptions): Promise<CoinGeckoFetch> {
  const { depth } = options;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new RangeError(`CoinGecko depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
  }
  const markets: CgMarket[] = [];
  const uniqueIds = new Set<string>();
  let simulated = false;
  let attempts = 0;
  let pages = 0;
  // One page beyond the arithmetic minimum, to refill what a duplicate across pages took away.
  const maxPages = Math.ceil(depth / CG_PAGE_SIZE) + 1;
  while (pages < maxPages && uniqueIds.size < depth) {
    const page = await fetchPage(options, pages + 1);
    pages += 1;
    attempts += page.attempts;
    simulated ||= page.simulated;
    for (const market of page.body) {
      markets.push(market);
      uniqueIds.add(market.id);
    }
    // A short page is the end of the list (the bare array carries no total).
    if (page.body.length < CG_PAGE_SIZE) break;
  }

  const result = fromMarkets(markets, depth);
  const warnings: string[] = [];
  if (result.duplicateIds.length > 0) {
    warnings.push(
      `skipped ${result.duplicateIds.length} coin id(s) seen on two pages (the list moved between requests): ${listIds(result.duplicateIds)}`,
    );
  }
  if (result.unrankedIds.length > 0) {
    warnings.push(
      `left ${result.unrankedIds.length} coin(s) without a market_cap_rank out of the ranking: ${listIds(result.unrankedIds)}`,
    );
  }
  if (result.droppedIds.length > 0) {
    warnings.push(
      `no quote for ${result.droppedIds.length} coin(s) without a positive USD price: ${listIds(result.droppedIds)}`,
    );
  }
  if (result.entries.length < depth) warnings.push(`got ${result.entries.length} of ${depth} requested ranked coins`);
  return {
    provider: CG_PROVIDER,
    entries: result.entries,
    quotes: result.quotes,
    // CoinGecko bills calls, not credits.
    creditCount: null,
    simulated,
    warnings,
    duplicateCount: result.duplicateIds.length,
    droppedCount: result.droppedIds.length,
    unrankedCount: result.unrankedIds.length,
    pages,
    attempts,
  };
}

async function fetchPage(options: CoinGeckoOptions, page: number) {
  const response = await callCoinGecko(options, CG_MARKETS_ENDPOINT, "/coins/markets", {
    vs_currency: "usd",
    order: "market_cap_desc",
    per_page: String(CG_PAGE_SIZE),
    page: String(page),
    price_change_percentage: "1h,24h,7d",
  });
  const body = parseUpstreamBody(cgMarketsSchema, response.body, {
    provider: CG_PROVIDER,
    endpoint: CG_MARKETS_ENDPOINT,
    status: response.status,
  });
  refuseRepeatedIds(
    body.map((market) => market.id),
    { provider: CG_PROVIDER, endpoint: CG_MARKETS_ENDPOINT, status: response.status },
  );
  return { body, attempts: response.attempts, simulated: isSimulated(response.headers) };
}
