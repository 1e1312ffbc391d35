// The two roles' jobs, built from the configuration: what to fetch (the role's provider and its
// fallbacks), how to write it, and the follow-up work. The long-running services loop over them;
// a serverless cron runs one cycle of each.
import type { AppConfig, ProviderName } from "@/lib/config";
import { creditsSpentOn } from "@/lib/domain/credits";
import type { SourceRole } from "@/lib/domain/types";
import { UpstreamError } from "@/lib/http/errors";
import type { Logger } from "@/lib/log";
import { budgetIntervalSeconds, cmcCreditsPerCall, cmcDailyCredits } from "@/lib/providers/allowances";
import { readSourceStates, type Store, writePriceSnapshot, writeRankingSnapshot } from "@/lib/store";
import {
  type PricingResult,
  type ProviderFetcher,
  pricingFetcher,
  type RankingResult,
  rankingFetcher,
} from "./fetchers";
import { createBackfillRunner } from "./history-backfill";
import {
  byIdCredits,
  createIdentityWork,
  deeperForPricing,
  MAP_CREDITS_PER_DAY,
  priceRankedCoinsById,
  reconcileInTransaction,
} from "./identity";
import { instrumentJob } from "./instrument-job";
import { createPriceHistoryRecorder } from "./price-history";
import { createRoleSource, fallbacksOf, type RoleSource } from "./role-source";
import type { FetchOutcome, ServiceJob } from "./service-loop";

export type PricingOutcome = PricingResult & FetchOutcome;
export type RankingOutcome = RankingResult & FetchOutcome;

export interface JobContext {
  config: AppConfig;
  logger: Logger;
  store: Store;
  signal: AbortSignal;
}

export function createPricingJob(context: JobContext): ServiceJob<PricingOutcome> {
  const { config, logger, store } = context;
  const recordHistory = createPriceHistoryRecorder({ store, logger });
  const identity = createIdentityWork(context);
  const source = createRoleSource(
    config,
    "pricing",
    logger,
    refuseEmpty("pricing", pricingFetcher, (o) => o.quotes),
  );
  // Credits the last cycle spent pricing by id: the next interval leaves room for them.
  let byIdCreditsLastCycle = config.PRICE_BY_ID ? byIdCredits("coinmarketcap", Math.min(config.RANKING_DEPTH, 100)) : 0;
  // CoinMarketCap's credits pay for the list and the coins priced by id: the interval stretches to fit both.
  const pricingInterval = (): number => {
    const daily = source.provider === "coinmarketcap" ? cmcDailyCredits(config, "pricing") : 0;
    const mapReserve = config.IDENTITY_LISTS ? MAP_CREDITS_PER_DAY : 0;
    if (daily === 0 || byIdCreditsLastCycle + mapReserve === 0) return source.intervalSeconds;
    const perCycle = cmcCreditsPerCall(config.PRICING_DEPTH) + byIdCreditsLastCycle;
    return Math.max(source.intervalSeconds, budgetIntervalSeconds(Math.max(1, daily - mapReserve), perCycle));
  };
  const job = createRoleJob("pricing", source, (outcome) => outcome.quotes, {
    interval: pricingInterval,
    enrich: async (outcome, signal) => {
      const provider = outcome.provider as ProviderName;
      const listCredits = await identity.lists.refresh("pricing", provider, signal);
      const spent = (outcome.creditCount ?? 0) + listCredits;
      const byId = await priceRankedCoinsById(
        context,
        identity,
        { ...outcome, provider },
        { creditsLeft: await creditsLeft(context, provider, spent) },
        signal,
      );
      byIdCreditsLastCycle = byId.creditCount;
      const known = new Set(outcome.quotes.map((quote) => quote.providerId));
      const added = byId.quotes.filter((quote) => !known.has(quote.providerId));
      const creditCount =
        outcome.creditCount === null && spent + byId.creditCount === 0 ? null : spent + byId.creditCount;
      return { ...outcome, quotes: added.length > 0 ? [...outcome.quotes, ...added] : outcome.quotes, creditCount };
    },
    write: async (target, outcome, hash, fetchedAt, fence) =>
      writePriceSnapshot(target.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        quotes: outcome.quotes,
        contracts: outcome.contracts,
        creditCount: outcome.creditCount,
        intervalSeconds: pricingInterval(),
        simulated: outcome.simulated,
        selection: outcome.selection,
        fence,
        afterWrite: reconcileInTransaction(context, identity, "pricing", await identity.lists.index(outcome.provider)),
      }),
    afterCycle: (cycle) => recordHistory(cycle),
  });
  return job;
}

/** The CoinMarketCap credits the pricing role may still spend today, after `pending`; null: no budget. */
async function creditsLeft(context: JobContext, provider: ProviderName, pending: number): Promise<number | null> {
  const daily = provider === "coinmarketcap" ? cmcDailyCredits(context.config, "pricing") : 0;
  if (daily === 0) return null;
  const state = (await readSourceStates(context.store.db)).pricing;
  const spent = state ? creditsSpentOn(state, new Date()) : 0;
  return daily - spent - pending;
}

export interface RankingJob extends ServiceJob<RankingOutcome> {
  /** Resolves once a running history backfill round has finished. */
  idle(): Promise<void>;
}

export function createRankingJob({ config, logger, store, signal }: JobContext): RankingJob {
  const source = createRoleSource(
    config,
    "ranking",
    logger,
    refuseEmpty("ranking", rankingFetcher, (o) => o.entries),
  );
  // The backfill reads CryptoCompare's history by the ranking's symbols; while another provider
  // ranks, the charts fill from the prices recorded from now on.
  if (![config.RANKING_PROVIDER, ...fallbacksOf(config, "ranking")].includes("cryptocompare")) {
    logger.info(
      { provider: config.RANKING_PROVIDER },
      "history backfill is off: it reads CryptoCompare, which does not rank the coins here",
    );
  }
  const backfill = createBackfillRunner({
    store,
    logger,
    baseUrl: config.CRYPTOCOMPARE_BASE_URL,
    apiKey: config.CRYPTOCOMPARE_API_KEY,
    perCycle: config.HISTORY_BACKFILL_PER_CYCLE,
    http: {
      timeoutMs: config.HTTP_TIMEOUT_MS,
      retries: config.HTTP_RETRIES,
      maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
      signal,
    },
  });
  const identity = createIdentityWork({ config, logger, store });
  const job = createRoleJob("ranking", source, (outcome) => outcome.entries, {
    enrich: async (outcome, signal) => {
      const listCredits = await identity.lists.refresh("ranking", outcome.provider as ProviderName, signal);
      if (listCredits === 0) return outcome;
      return { ...outcome, creditCount: (outcome.creditCount ?? 0) + listCredits };
    },
    write: async (target, outcome, hash, fetchedAt, fence) =>
      writeRankingSnapshot(target.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        entries: outcome.entries,
        contracts: outcome.contracts,
        intervalSeconds: source.intervalSeconds,
        simulated: outcome.simulated,
        selection: outcome.selection,
        fence,
        afterWrite: reconcileInTransaction(
          { config, logger, store },
          identity,
          "ranking",
          await deeperForPricing({ config, logger, store }, identity),
        ),
      }),
    // Not awaited beyond the trigger: a slow backfill must not push back the next ranking fetch.
    afterCycle: ({ outcome }) => {
      if (outcome.provider === "cryptocompare") backfill.trigger(outcome.entries);
    },
  });
  // Object.assign keeps the job's getters (provider, intervalSeconds); a spread would freeze them.
  return Object.assign(job, { idle: () => backfill.idle() });
}

/**
 * A provider that answers an empty list has not answered: storing it would replace the last good
 * snapshot with nothing, and the API would serve no coins (or no prices). It fails the fetch as a
 * bad response instead, so the last snapshot stays, the error is recorded, and failover counts it.
 */
function refuseEmpty<T>(
  role: SourceRole,
  fetcherFor: (config: AppConfig, provider: ProviderName) => ProviderFetcher<T>,
  recordsOf: (outcome: T) => readonly unknown[],
): (config: AppConfig, provider: ProviderName) => ProviderFetcher<T> {
  return (config, provider) => {
    const fetcher = fetcherFor(config, provider);
    return {
      provider,
      async fetch(signal) {
        const outcome = await fetcher.fetch(signal);
        if (recordsOf(outcome).length > 0) return outcome;
        throw new UpstreamError({
          kind: "bad_response",
          provider,
          endpoint: role,
          message: `an empty ${role === "ranking" ? "ranking" : "price list"}; the last snapshot stays`,
        });
      },
    };
  };
}

/**
 * A role's instrumented job over its source: provider and interval are read through on every
 * cycle (failover can change them), and each fetch carries the records its content hash covers
 * and the selection that served it. `rest` writes the snapshot and does the follow-up work.
 */
function createRoleJob<R extends Omit<FetchOutcome, "records" | "selection">>(
  role: SourceRole,
  source: RoleSource<R>,
  recordsOf: (outcome: R) => readonly unknown[],
  rest: Pick<ServiceJob<R & FetchOutcome>, "write" | "afterCycle"> & {
    /** Work after the fetch whose result belongs to the snapshot (identity lists, prices by id). */
    enrich?: (outcome: R, signal: AbortSignal) => Promise<R>;
    /** The interval in effect, when the job stretches the source's own (a credit budget). */
    interval?: () => number;
  },
): ServiceJob<R & FetchOutcome> {
  const { enrich, interval, ...jobParts } = rest;
  return instrumentJob<R & FetchOutcome>({
    role,
    get provider() {
      return source.provider;
    },
    get intervalSeconds() {
      return interval ? interval() : source.intervalSeconds;
    },
    selection: () => source.selection,
    async fetch(signal) {
      const fetched = await source.fetch(signal);
      const outcome = enrich ? await enrich(fetched.outcome, signal) : fetched.outcome;
      return { ...outcome, records: recordsOf(outcome), selection: fetched.selection };
    },
    ...jobParts,
  });
}
