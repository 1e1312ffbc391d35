// CoinGecko's /coins/markets items carry no categories. The coins of each class Top Coins knows
// come from one filtered call per class (`/coins/markets?category=stablecoins`, `wrapped-tokens`):
// the first page of 250 by market cap, which holds every member a top-5000 list can meet in
// practice (the 250th stablecoin is far below any depth served). The service asks again once per
// IDENTITY_REFRESH_SECONDS (a day by default): two calls a day within the keyless call budget.
import {
  COIN_CATEGORIES,
  COINGECKO_CATEGORY_IDS,
  type CoinCategory,
  categoriesFromCoinGecko,
} from "../../domain/categories";
import type { PriceQuote, RankingEntry } from "../../domain/types";
import { parseUpstreamBody } from "../../http/parse-body";
import { CG_MARKETS_ENDPOINT, CG_PROVIDER } from "./classify";
import { type CoinGeckoConnection, callCoinGecko } from "./connection";
import { cgMarketsSchema } from "./schema";

/** Members of each class, by CoinGecko id. */
export type CategoryMembers = Readonly<Record<CoinCategory, ReadonlySet<string>>>;

const PAGE_SIZE = 250;

/** One call per class: the ids CoinGecko files under its category. */
export async function fetchCoinGeckoCategoryMembers(connection: CoinGeckoConnection): Promise<CategoryMembers> {
  const members = {} as Record<CoinCategory, ReadonlySet<string>>;
  for (const category of COIN_CATEGORIES) {
    const response = await callCoinGecko(connection, CG_MARKETS_ENDPOINT, "/coins/markets", {
      vs_currency: "usd",
      category: COINGECKO_CATEGORY_IDS[category],
      order: "market_cap_desc",
      per_page: String(PAGE_SIZE),
      page: "1",
    });
    const body = parseUpstreamBody(cgMarketsSchema, response.body, {
      provider: CG_PROVIDER,
      endpoint: CG_MARKETS_ENDPOINT,
      status: response.status,
    });
    members[category] = new Set(body.map((market) => market.id));
  }
  return members;
}

/** The records with their classes set from the lists; unchanged while the lists are unknown. */
export function withCategories<T extends RankingEntry | PriceQuote>(
  records: readonly T[],
  members: CategoryMembers | null,
): T[] {
  if (members === null) return [...records];
  return records.map((record) => ({ ...record, categories: categoriesFromCoinGecko(record.providerId, members) }));
}

/**
 * The lists of one process, asked for at most once per `refreshMs`: a failed ask is tried again
 * after a tenth of it, and the last good lists serve meanwhile (a coin's classes rarely change).
 */
export class CategoryCache {
  private members: CategoryMembers | null = null;
  private nextAskAt = 0;

  constructor(private readonly refreshMs: number) {}

  /** The lists, asked for when due; a failed ask goes to `failed` (the fetch's warnings), not to the price fetch. */
  async current(
    nowMs: number,
    ask: () => Promise<CategoryMembers>,
    failed: (error: unknown) => void,
  ): Promise<CategoryMembers | null> {
    if (nowMs < this.nextAskAt) return this.members;
    try {
      this.members = await ask();
      this.nextAskAt = nowMs + this.refreshMs;
    } catch (error) {
      this.nextAskAt = nowMs + this.refreshMs / 10;
      failed(error);
    }
    return this.members;
  }
}
