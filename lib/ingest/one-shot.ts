// One refresh of each role, for a host that cannot keep the service loops running (a Vercel cron
// calls /api/cron/refresh). Each role runs one cycle of the same job the services loop over; an
// upstream failure is recorded on the source as the loop records it, and never thrown. A role is
// skipped while its data is younger than its interval (so a frequent cron keeps to the credit
// budget) or while a running service holds its lease (so the two never fetch side by side).
import type { SourceRole } from "@/lib/domain/types";
import { setUpstreamTextLogger } from "@/lib/providers/shared/text-report";
import {
  acquireLease,
  type LeaseFence,
  migrateToLatest,
  readFxState,
  readSourceStates,
  recordFxError,
  recordSourceError,
  releaseLease,
} from "@/lib/store";
import { FX_PROVIDER, fxIntervalSeconds, refreshFxRates } from "./fx";
import { createPricingJob, createRankingJob, type JobContext } from "./jobs";
import { describeError, type FetchOutcome, runCycle, type ServiceJob } from "./service-loop";

/** The lease holder name of a one-shot refresh; a live service replica's lease wins over it. */
export const ONE_SHOT_HOLDER = "one-shot-refresh";

export interface CycleSummary {
  result: "stored" | "unchanged" | "error" | "skipped";
  /** The provider that answered, or on error the one that was asked. */
  provider: string;
  /** The new snapshot's id; null when the content was unchanged or the fetch failed. */
  snapshotId: number | null;
  error?: string;
  /** Why a skipped role was not fetched. */
  reason?: string;
}

/** Each role's cycle, and the exchange rates' (absent when conversion is off). */
export type RefreshSummary = Record<SourceRole, CycleSummary> & { fx?: CycleSummary };

export interface OneShotContext extends JobContext {
  now?: () => Date;
}

/**
 * Migrates the store, then runs one ranking and one pricing cycle side by side. Throws only when
 * the store cannot be migrated; each role's failure is in its summary and on its source.
 */
export async function runOneRefresh(context: OneShotContext): Promise<RefreshSummary> {
  setUpstreamTextLogger(context.logger);
  await migrateToLatest(context.store.db);
  const rankingJob = createRankingJob(context);
  const [ranking, pricing, fx] = await Promise.all([
    refreshRole(rankingJob, context),
    refreshRole(createPricingJob(context), context),
    fxIntervalSeconds(context.config) > 0 ? refreshFx(context) : undefined,
  ]);
  // The loop lets the history backfill run in the background; a one-shot host may freeze the
  // process once the response is sent, so the round finishes first.
  await rankingJob.idle();
  return fx === undefined ? { ranking, pricing } : { ranking, pricing, fx };
}

/** The exchange rates, once their interval has passed; a failure is recorded as the loop records it. */
async function refreshFx(context: OneShotContext): Promise<CycleSummary> {
  const { logger, store } = context;
  const now = context.now ?? (() => new Date());
  const intervalSeconds = fxIntervalSeconds(context.config);
  const state = await readFxState(store.db);
  const ageMs = state?.checkedAt ? now().getTime() - state.checkedAt.getTime() : Number.POSITIVE_INFINITY;
  if (state && ageMs >= 0 && ageMs < intervalSeconds * 1000) {
    const reason = `checked ${Math.floor(ageMs / 1000)} s ago; the exchange-rate interval is ${intervalSeconds} s`;
    return { result: "skipped", provider: state.provider, snapshotId: null, reason };
  }
  try {
    const fetched = await refreshFxRates(context, now);
    logger.info({ event: "fetch", source: "fx", outcome: fetched.result, oneShot: true }, "exchange rates refreshed");
    return { result: fetched.result, provider: fetched.provider, snapshotId: null };
  } catch (error) {
    const message = describeError(error);
    logger.error({ event: "fetch", source: "fx", outcome: "error", oneShot: true, err: error }, message);
    await recordFxError(store.db, {
      provider: FX_PROVIDER,
      error: message,
      at: now(),
      intervalSeconds,
      nextAttemptAt: null,
    }).catch((storeError: unknown) => logger.error({ err: storeError }, "could not record the error in the store"));
    return { result: "error", provider: FX_PROVIDER, snapshotId: null, error: message };
  }
}

/** Why a role must not be fetched now (fresh data, or a service holding its lease); else its fence. */
async function admit(
  job: Pick<ServiceJob<FetchOutcome>, "role" | "provider" | "intervalSeconds">,
  context: OneShotContext,
  now: Date,
): Promise<{ skip: CycleSummary } | { fence: LeaseFence }> {
  const { store, config } = context;
  const state = (await readSourceStates(store.db))[job.role];
  const ageMs = state?.checkedAt ? now.getTime() - state.checkedAt.getTime() : Number.POSITIVE_INFINITY;
  if (state && ageMs >= 0 && ageMs < job.intervalSeconds * 1000) {
    const reason = `checked ${Math.floor(ageMs / 1000)} s ago; the ${job.role} interval is ${job.intervalSeconds} s`;
    return { skip: { result: "skipped", provider: state.provider, snapshotId: null, reason } };
  }
  const lease = await acquireLease(store.db, {
    role: job.role,
    holder: ONE_SHOT_HOLDER,
    ttlSeconds: config.LEASE_TTL_SECONDS,
    now,
  });
  if (!lease.held) {
    const reason = `${lease.holder} holds the ${job.role} lease: a running service refreshes it`;
    return { skip: { result: "skipped", provider: state?.provider ?? job.provider, snapshotId: null, reason } };
  }
  return { fence: { role: job.role, holder: ONE_SHOT_HOLDER, token: lease.token } };
}

async function refreshRole<T extends FetchOutcome>(job: ServiceJob<T>, context: OneShotContext): Promise<CycleSummary> {
  const { logger, store } = context;
  const now = context.now ?? (() => new Date());
  const admitted = await admit(job, context, now());
  if ("skip" in admitted) {
    logger.info({ event: "fetch", role: job.role, outcome: "skipped", oneShot: true }, admitted.skip.reason);
    return admitted.skip;
  }
  try {
    return await fetchRole(job, context, now, admitted.fence);
  } finally {
    await releaseLease(store.db, admitted.fence, now()).catch((error: unknown) =>
      logger.error({ err: error }, "could not release the one-shot lease; it lapses by itself"),
    );
  }
}

async function fetchRole<T extends FetchOutcome>(
  job: ServiceJob<T>,
  context: OneShotContext,
  now: () => Date,
  fence: LeaseFence,
): Promise<CycleSummary> {
  const { logger, store } = context;
  const started = Date.now();
  try {
    const cycle = await runCycle(job, { store, logger, signal: context.signal, now, fence });
    const { result, outcome, snapshotId } = cycle;
    logger.info(
      { event: "fetch", role: job.role, provider: outcome.provider, outcome: result, snapshotId, oneShot: true },
      result === "stored" ? `stored ${job.role} snapshot ${snapshotId}` : `${job.role} unchanged`,
    );
    try {
      await job.afterCycle?.(cycle);
    } catch (error) {
      logger.error({ event: "after_cycle", err: error }, `${job.role} follow-up work failed: ${describeError(error)}`);
    }
    return { result, provider: outcome.provider, snapshotId };
  } catch (error) {
    const message = describeError(error);
    logger.error(
      { event: "fetch", role: job.role, outcome: "error", durationMs: Date.now() - started, oneShot: true, err: error },
      `${job.role} fetch failed: ${message}`,
    );
    await recordSourceError(store.db, {
      role: job.role,
      provider: job.provider,
      error: message,
      at: now(),
      intervalSeconds: job.intervalSeconds,
      selection: job.selection?.(),
    }).catch((storeError: unknown) => logger.error({ err: storeError }, "could not record the error in the store"));
    return { result: "error", provider: job.provider, snapshotId: null, error: message };
  }
}
