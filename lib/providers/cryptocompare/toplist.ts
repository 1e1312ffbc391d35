// Reads a CryptoCompare toplist page by page until it has `depth` distinct coins. Shared by the
// ranking client (either toplist) and the pricing client (mktcapfull): one paging and error path.
import type { z } from "zod";
import { parseUpstreamBody } from "../../http/parse-body";
import { refuseRepeatedIds } from "../shared/repeated-ids";
import { isSimulated } from "../shared/request";
import { CC_PROVIDER, toplistEndpoint } from "./classify";
import { type CryptoCompareConnection, callCryptoCompare } from "./request";

/** The provider's maximum page size. Every page asks for exactly this, so page P starts at P*100. */
export const CC_PAGE_SIZE = 100;
const MAX_DEPTH = 5_000;

export type CryptoCompareToplist = "totalvolfull" | "mktcapfull";

export interface ToplistRequest extends CryptoCompareConnection {
  toplist: CryptoCompareToplist;
  depth: number;
}

/** The parts of a toplist body the paging reads; each role's schema says what a coin holds. */
export interface ToplistBody<Coin> {
  MetaData?: { Count: number } | null;
  Data: Coin[];
}

export interface ToplistPages<Coin> {
  /** Every coin of every page read, in page order, repeats included. */
  coins: Coin[];
  /** The provider's own total for this toplist (`MetaData.Count`), when it sent one. */
  totalCount: number | null;
  simulated: boolean;
  pages: number;
  /** HTTP attempts over all pages, retries included. */
  attempts: number;
}

export async function fetchToplistPages<Coin extends { CoinInfo: { Id: string } }>(
  options: ToplistRequest,
  schema: z.ZodType<ToplistBody<Coin>>,
): Promise<ToplistPages<Coin>> {
  const { depth } = options;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new RangeError(`CryptoCompare depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
  }
  const coins: Coin[] = [];
  const uniqueIds = new Set<string>();
  let totalCount: number | null = null;
  let simulated = false;
  let attempts = 0;
  let pages = 0;
  // One page beyond the arithmetic minimum, to refill what a duplicate across pages took away.
  const maxPages = Math.ceil(depth / CC_PAGE_SIZE) + 1;
  while (pages < maxPages && uniqueIds.size < depth) {
    const page = await fetchPage(options, schema, pages);
    pages += 1;
    attempts += page.attempts;
    simulated ||= page.simulated;
    totalCount = page.body.MetaData?.Count ?? totalCount;
    for (const coin of page.body.Data) {
      coins.push(coin);
      uniqueIds.add(coin.CoinInfo.Id);
    }
    // A short page is the end of the list; so is reaching the provider's own total.
    if (page.body.Data.length < CC_PAGE_SIZE) break;
    if (totalCount !== null && pages * CC_PAGE_SIZE >= totalCount) break;
  }
  return { coins, totalCount, simulated, pages, attempts };
}

async function fetchPage<Coin extends { CoinInfo: { Id: string } }>(
  options: ToplistRequest,
  schema: z.ZodType<ToplistBody<Coin>>,
  page: number,
) {
  const endpoint = toplistEndpoint(options.toplist);
  const response = await callCryptoCompare(options, endpoint, `/data/top/${options.toplist}`, {
    tsym: "USD",
    limit: String(CC_PAGE_SIZE),
    page: String(page),
  });
  const body = parseUpstreamBody(schema, response.body, { provider: CC_PROVIDER, endpoint, status: response.status });
  refuseRepeatedIds(
    body.Data.map((coin) => coin.CoinInfo.Id),
    { provider: CC_PROVIDER, endpoint, status: response.status },
  );
  return { body, attempts: response.attempts, simulated: isSimulated(response.headers) };
}
