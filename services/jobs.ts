// The two roles' jobs, built from the configuration: what to fetch (the role's provider and its
// fallbacks), how to write it, and the follow-up work. The long-running services loop over them;
// a serverless cron runs one cycle of each.
import type { AppConfig, ProviderName } from "@/lib/config";
import type { SourceRole } from "@/lib/domain/types";
import { UpstreamError } from "@/lib/http/errors";
import type { Logger } from "@/lib/log";
import { type Store, writePriceSnapshot, writeRankingSnapshot } from "@/lib/store";
import { createBackfillRunner } from "./history-backfill";
import { instrumentJob } from "./instrument-job";
import { createPriceHistoryRecorder } from "./price-history";
import {
  type PricingResult,
  type ProviderFetcher,
  pricingFetcher,
  type RankingResult,
  rankingFetcher,
} from "./providers";
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

export function createPricingJob({ config, logger, store }: JobContext): ServiceJob<PricingOutcome> {
  const recordHistory = createPriceHistoryRecorder({ store, logger });
  const source = createRoleSource(
    config,
    "pricing",
    logger,
    refuseEmpty("pricing", pricingFetcher, (o) => o.quotes),
  );
  return createRoleJob("pricing", source, (outcome) => outcome.quotes, {
    write: (target, outcome, hash, fetchedAt, fence) =>
      writePriceSnapshot(target.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        quotes: outcome.quotes,
        creditCount: outcome.creditCount,
        intervalSeconds: source.intervalSeconds,
        simulated: outcome.simulated,
        selection: outcome.selection,
        fence,
      }),
    afterCycle: (cycle) => recordHistory(cycle),
  });
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
  const job = createRoleJob("ranking", source, (outcome) => outcome.entries, {
    write: (target, outcome, hash, fetchedAt, fence) =>
      writeRankingSnapshot(target.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        entries: outcome.entries,
        intervalSeconds: source.intervalSeconds,
        simulated: outcome.simulated,
        selection: outcome.selection,
        fence,
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
  rest: Pick<ServiceJob<R & FetchOutcome>, "write" | "afterCycle">,
): ServiceJob<R & FetchOutcome> {
  return instrumentJob<R & FetchOutcome>({
    role,
    get provider() {
      return source.provider;
    },
    get intervalSeconds() {
      return source.intervalSeconds;
    },
    selection: () => source.selection,
    async fetch(signal) {
      const { outcome, selection } = await source.fetch(signal);
      return { ...outcome, records: recordsOf(outcome), selection };
    },
    ...rest,
  });
}
