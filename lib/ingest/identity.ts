// The services' side of the asset registry: each provider's identity list kept fresh (at most
// daily on its own host), the ranked coins deeper than the price list priced by id after each price
// fetch, and the registry reconciled inside every snapshot's transaction.
import type { Kysely } from "kysely";
import type { AppConfig, ProviderName } from "@/lib/config";
import { utcDay } from "@/lib/domain/credits";
import type { ListingIndex } from "@/lib/domain/identity/listing-index";
import { listingKey } from "@/lib/domain/identity/registry";
import { mergeTop } from "@/lib/domain/merge";
import type { ListingContract, PriceQuote, SourceRole } from "@/lib/domain/types";
import type { Logger } from "@/lib/log";
import { observeById, observeIdentityList, observeReconcile } from "@/lib/metrics/identity";
import { OverridesSource } from "@/lib/overrides-file";
import { cmcDailyCredits } from "@/lib/providers/allowances";
import { fetchCoinGeckoCoinsList, fetchCoinGeckoMarketsById } from "@/lib/providers/coingecko/identity";
import {
  fetchCoinMarketCapMap,
  fetchCoinMarketCapQuotesById,
  type IdentityListFetch,
  type QuotesByIdFetch,
} from "@/lib/providers/coinmarketcap/identity";
import { fetchCryptoCompareCoinList } from "@/lib/providers/cryptocompare/identity";
import {
  type Database,
  readIdentityFetch,
  readIdentityIndex,
  readLatestRankingSnapshot,
  readLinks,
  readRankingContracts,
  readSourceStates,
  reconcileLatest,
  recordIdentityFetchFailure,
  replaceIdentityList,
  type Store,
} from "@/lib/store";
import { coinGeckoLimiter, coinMarketCap, cryptoCompare, http, onProviderHost } from "./fetchers";
import { describeError } from "./service-loop";

/** On a provider's own host an identity list is fetched at most once a day. */
export const IDENTITY_FLOOR_SECONDS = 86_400;
/** After a failed identity fetch, the next try waits this long (a day's list can wait), or one refresh interval if shorter. */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;
/** CoinMarketCap's map costs a credit a page (about 10,000 coins is 2 pages): kept out of the price budget. */
export const MAP_CREDITS_PER_DAY = 2;

export interface IdentityContext {
  config: AppConfig;
  logger: Logger;
  store: Store;
  now?: () => Date;
}

/** How often a provider's identity list is fetched: IDENTITY_REFRESH_SECONDS, at least a day on its own host. */
export function identityRefreshSeconds(config: AppConfig, provider: ProviderName): number {
  const configured = config.IDENTITY_REFRESH_SECONDS;
  return onProviderHost(config, provider) ? Math.max(configured, IDENTITY_FLOOR_SECONDS) : configured;
}

function fetchIdentityList(
  config: AppConfig,
  role: SourceRole,
  provider: ProviderName,
  signal: AbortSignal,
): Promise<IdentityListFetch> {
  switch (provider) {
    case "coinmarketcap":
      return fetchCoinMarketCapMap(coinMarketCap(config, role, signal));
    case "cryptocompare":
      return fetchCryptoCompareCoinList(cryptoCompare(config, role, signal));
    case "coingecko":
      return fetchCoinGeckoCoinsList({
        baseUrl: config.COINGECKO_BASE_URL,
        apiKey: config.COINGECKO_API_KEY,
        plan: config.COINGECKO_PLAN,
        limiter: coinGeckoLimiter(config, role),
        ...http(config, signal),
      });
  }
}

/** The identity lists one service keeps: fetched when due, read back as listing indexes (cached). */
export class IdentityLists {
  private readonly cache = new Map<string, { fetchedAt: number; index: ListingIndex }>();
  private readonly now: () => Date;

  constructor(private readonly context: IdentityContext) {
    this.now = context.now ?? (() => new Date());
  }

  /**
   * Fetches the provider's identity list when the stored one is due, within the role's credit
   * budget; returns the credits spent. Never throws: a failure is recorded, and matching goes on
   * with the evidence it has.
   */
  async refresh(role: SourceRole, provider: ProviderName, signal: AbortSignal): Promise<number> {
    const { config, logger, store } = this.context;
    if (!config.IDENTITY_LISTS) return 0;
    const now = this.now();
    let state: Awaited<ReturnType<typeof readIdentityFetch>>;
    try {
      state = await readIdentityFetch(store.db, provider);
    } catch (error) {
      logger.error(
        { event: "identity_list", provider, err: error },
        `could not read the identity state: ${describeError(error)}`,
      );
      return 0;
    }
    const dueMs = identityRefreshSeconds(config, provider) * 1000;
    if (state?.fetchedAt && now.getTime() - state.fetchedAt.getTime() < dueMs) return 0;
    const retryMs = Math.min(RETRY_AFTER_FAILURE_MS, dueMs);
    if (state?.lastError && now.getTime() - state.attemptedAt.getTime() < retryMs) return 0;
    if (provider === "coinmarketcap" && !(await this.mapFitsBudget(role, now))) return 0;
    try {
      const list = await fetchIdentityList(config, role, provider, signal);
      await replaceIdentityList(store.db, provider, list.coins, now);
      observeIdentityList(provider, "ok");
      logger.info(
        {
          event: "identity_list",
          provider,
          coins: list.coins.length,
          skipped: list.skipped,
          credits: list.creditCount,
        },
        `stored ${provider}'s identity list: ${list.coins.length} coins`,
      );
      return list.creditCount;
    } catch (error) {
      if (signal.aborted) return 0;
      observeIdentityList(provider, "error");
      logger.warn(
        { event: "identity_list", provider, err: error },
        `${provider}'s identity list failed (matching goes on with the evidence it has): ${describeError(error)}`,
      );
      await recordIdentityFetchFailure(store.db, provider, describeError(error), now).catch(() => undefined);
      return 0;
    }
  }

  // The map is paid in CoinMarketCap credits: only when the day's share still has them.
  private async mapFitsBudget(role: SourceRole, now: Date): Promise<boolean> {
    const daily = cmcDailyCredits(this.context.config, role);
    if (daily === 0) return true;
    const state = (await readSourceStates(this.context.store.db))[role];
    const spent = state && state.creditsDay === utcDay(now) ? state.creditsToday : 0;
    return spent + MAP_CREDITS_PER_DAY <= daily;
  }

  /** The provider's stored identity list as a listing index, read again only when a new list arrives. */
  async index(provider: string): Promise<ListingIndex | undefined> {
    const { store } = this.context;
    const state = await readIdentityFetch(store.db, provider);
    if (!state?.fetchedAt) return undefined;
    const fetchedAt = state.fetchedAt.getTime();
    const cached = this.cache.get(provider);
    if (cached && cached.fetchedAt === fetchedAt) return cached.index;
    const index = await readIdentityIndex(store.db, provider);
    this.cache.set(provider, { fetchedAt, index });
    return index;
  }
}

export interface IdentityWork {
  lists: IdentityLists;
  overrides: OverridesSource;
}

export function createIdentityWork(context: IdentityContext): IdentityWork {
  return {
    lists: new IdentityLists(context),
    overrides: new OverridesSource(context.config.OVERRIDES_FILE, context.logger),
  };
}

/**
 * What a snapshot's transaction runs once the snapshot is written: the registry reconciled with
 * the newest pair, its contradictions and dropped links logged and counted.
 */
export function reconcileInTransaction(
  context: IdentityContext,
  work: IdentityWork,
  role: SourceRole,
  deeper: ListingIndex | undefined,
): (trx: Kysely<Database>) => Promise<void> {
  const { config, logger } = context;
  return async (trx) => {
    const result = await reconcileLatest(trx, {
      overrides: work.overrides.current(),
      divergencePct: config.PRICE_DIVERGENCE_PCT,
      unlinkAfter: config.IDENTITY_UNLINK_AFTER,
      deeper,
      // A contradiction counts once per price list: a new ranking against the same prices re-checks only.
      countContradictions: role === "pricing",
      now: (context.now ?? (() => new Date()))(),
    });
    if (!result) return;
    for (const dropped of result.unlinked) {
      logger.warn(
        { event: "identity_unlinked", ...dropped },
        `link of ranked coin ${dropped.rankingId} to ${dropped.pricingId} dropped: ${dropped.reason}`,
      );
    }
    for (const contradicted of result.contradicted) {
      logger.warn(
        { event: "identity_contradicted", ...contradicted },
        `link of ranked coin ${contradicted.rankingId} to ${contradicted.pricingId} contradicted: ${contradicted.evidence}`,
      );
    }
    observeReconcile(role, result.contradicted.length, result.unlinked.length);
    const { counts } = result.merge;
    logger.info(
      {
        event: "reconcile",
        changes: result.changes,
        matched: counts.matched,
        ambiguous: counts.ambiguous,
        notListed: counts.notListed,
        byRule: counts.byRule,
      },
      `registry reconciled: ${counts.matched} ranked coins priced, ${result.changes} registry rows written`,
    );
  };
}

/** The pricing provider's identity index for a reconcile that the ranking service runs. */
export async function deeperForPricing(
  context: IdentityContext,
  work: IdentityWork,
): Promise<ListingIndex | undefined> {
  const states = await readSourceStates(context.store.db);
  const provider = states.pricing?.provider;
  return provider ? work.lists.index(provider) : undefined;
}

export interface ByIdResult {
  quotes: PriceQuote[];
  creditCount: number;
  asked: number;
}

function quotesById(
  config: AppConfig,
  provider: ProviderName,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<QuotesByIdFetch> | null {
  if (provider === "coinmarketcap") return fetchCoinMarketCapQuotesById(coinMarketCap(config, "pricing", signal), ids);
  if (provider === "coingecko") {
    return fetchCoinGeckoMarketsById(
      {
        baseUrl: config.COINGECKO_BASE_URL,
        apiKey: config.COINGECKO_API_KEY,
        plan: config.COINGECKO_PLAN,
        limiter: coinGeckoLimiter(config, "pricing"),
        ...http(config, signal),
      },
      ids,
    );
  }
  // CryptoCompare's price list is its market-cap toplist; it has no call by id.
  return null;
}

/** CoinMarketCap bills quotes by id a credit per 100 coins. */
export function byIdCredits(provider: string, ids: number): number {
  return provider === "coinmarketcap" && ids > 0 ? Math.ceil(ids / 100) : 0;
}

/**
 * After a price fetch: the ranked coins the price list lacks (linked deeper, or matching a deeper
 * coin of the identity list) are fetched by id in one batched call, within the credit budget.
 * Returns nothing to add when nothing is wanted, the provider has no call by id, or it fails.
 */
export async function priceRankedCoinsById(
  context: IdentityContext,
  work: IdentityWork,
  fetched: { provider: ProviderName; quotes: readonly PriceQuote[]; contracts?: readonly ListingContract[] },
  budget: { creditsLeft: number | null },
  signal: AbortSignal,
): Promise<ByIdResult> {
  const { config, logger, store } = context;
  const none: ByIdResult = { quotes: [], creditCount: 0, asked: 0 };
  if (!config.PRICE_BY_ID) return none;
  const ranking = await readLatestRankingSnapshot(store.db);
  if (!ranking) return none;
  const [links, rankingContracts, deeper] = await Promise.all([
    readLinks(store.db, [ranking.provider, fetched.provider]),
    readRankingContracts(store.db, ranking.provider, ranking.id),
    work.lists.index(fetched.provider),
  ]);
  const contracts = new Map(rankingContracts);
  for (const contract of fetched.contracts ?? []) {
    const key = listingKey(fetched.provider, contract.providerId);
    contracts.set(key, [...(contracts.get(key) ?? []), { chain: contract.chain, address: contract.address }]);
  }
  const { wanted } = mergeTop({
    rankingProvider: ranking.provider,
    pricingProvider: fetched.provider,
    entries: ranking.entries,
    quotes: fetched.quotes,
    overrides: work.overrides.current(),
    divergencePct: config.PRICE_DIVERGENCE_PCT,
    registry: { links, contracts, unlinkAfter: config.IDENTITY_UNLINK_AFTER },
    deeper,
  });
  if (wanted.length === 0) return none;
  // Within the day's credits: the best-ranked coins first when not all of them fit.
  let ids = wanted;
  if (budget.creditsLeft !== null && fetched.provider === "coinmarketcap") {
    const affordable = Math.max(0, budget.creditsLeft) * 100;
    if (affordable < ids.length) {
      logger.warn(
        { event: "price_by_id", wanted: ids.length, affordable },
        `pricing ${affordable} of ${ids.length} ranked coins by id: the day's CoinMarketCap credits allow no more`,
      );
      ids = ids.slice(0, affordable);
    }
  }
  const call = ids.length > 0 ? quotesById(config, fetched.provider, ids, signal) : null;
  if (!call) return none;
  try {
    const result = await call;
    observeById(result.quotes.length, result.missingIds.length);
    logger.info(
      {
        event: "price_by_id",
        provider: fetched.provider,
        asked: ids.length,
        found: result.quotes.length,
        missing: result.missingIds.slice(0, 20),
      },
      `priced ${result.quotes.length} of ${ids.length} ranked coins by id`,
    );
    return { quotes: result.quotes, creditCount: result.creditCount, asked: ids.length };
  } catch (error) {
    if (signal.aborted) throw error;
    logger.warn(
      { event: "price_by_id", provider: fetched.provider, asked: ids.length, err: error },
      `pricing ${ids.length} ranked coins by id failed; they stay unpriced until the next fetch: ${describeError(error)}`,
    );
    return none;
  }
}
