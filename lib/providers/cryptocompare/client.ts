// CryptoCompare ranking client: reads the toplist page by page until it has `depth` coins.
import type { RankingFetch } from "../../domain/types";
import { fetchJson, type HttpTuning, pickHttpTuning } from "../../http/fetch-json";
import { parseUpstreamBody } from "../../http/parse-body";
import { isSimulated, joinUrl } from "../shared/request";
import { listIds } from "../shared/warnings";
import { CC_PROVIDER, classifyCryptoCompare, toplistEndpoint } from "./classify";
import { type CcCoin, ccToplistSchema } from "./schema";
import { toRankingEntries } from "./transform";

/** The provider's maximum page size. Every page asks for exactly this, so page P starts at P*100. */
export const CC_PAGE_SIZE = 100;
const MAX_DEPTH = 5_000;

export type CryptoCompareToplist = "totalvolfull" | "mktcapfull";

export interface CryptoCompareOptions extends HttpTuning {
  baseUrl: string;
  /** Sent as `authorization: Apikey <key>`; keyless calls get HTTP 401 since 2026-05. */
  apiKey?: string;
  toplist: CryptoCompareToplist;
  depth: number;
  /** The clock for rate-limit reset times; injectable for tests. */
  now?: () => Date;
}

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
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new RangeError(`CryptoCompare depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
  }
  const coins: CcCoin[] = [];
  const uniqueIds = new Set<string>();
  let totalCount: number | null = null;
  let simulated = false;
  let attempts = 0;
  let pages = 0;
  // One page beyond the arithmetic minimum, to refill what a duplicate across pages took away.
  const maxPages = Math.ceil(depth / CC_PAGE_SIZE) + 1;
  while (pages < maxPages && uniqueIds.size < depth) {
    const page = await fetchPage(options, pages);
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

async function fetchPage(options: CryptoCompareOptions, page: number) {
  const endpoint = toplistEndpoint(options.toplist);
  const url = joinUrl(options.baseUrl, `/data/top/${options.toplist}`, {
    tsym: "USD",
    limit: String(CC_PAGE_SIZE),
    page: String(page),
  });
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.apiKey !== undefined) headers.authorization = `Apikey ${options.apiKey}`;
  const now = options.now ?? (() => new Date());
  const response = await fetchJson({
    ...pickHttpTuning(options),
    provider: CC_PROVIDER,
    endpoint,
    url,
    headers,
    classify: (res) => classifyCryptoCompare(res, endpoint, now()),
  });
  const body = parseUpstreamBody(ccToplistSchema, response.body, {
    provider: CC_PROVIDER,
    endpoint,
    status: response.status,
  });
  return { body, attempts: response.attempts, simulated: isSimulated(response.headers) };
}
