// The loop both services share: fetch, hash, store (or just mark checked), sleep; on failure
// record the error on the source, back off and try again. An upstream failure never ends the loop.
import { contentHash } from "@/lib/domain/hash";
import type { ProviderSelection, SourceRole } from "@/lib/domain/types";
import { isUpstreamError } from "@/lib/http/errors";
import type { Logger } from "@/lib/log";
import {
  addSpentCredits,
  type LeaseFence,
  LeaseLostError,
  latestContentHash,
  markSourceChecked,
  recordSourceError,
  type Store,
} from "@/lib/store";
import type { LeaseKeeper } from "./lease";

export interface FetchOutcome {
  provider: string;
  /** The normalized records; their hash decides whether a new snapshot is written. */
  records: readonly unknown[];
  simulated: boolean;
  creditCount?: number | null;
  warnings?: readonly string[];
  /** Which provider served this fetch and why; recorded on the source with the result. */
  selection?: ProviderSelection;
}

export interface ServiceJob<T extends FetchOutcome> {
  role: SourceRole;
  /** The provider name recorded on errors before any fetch succeeded. */
  provider: string;
  /** Read before every cycle: a job that fails over may poll its fallback at another interval. */
  intervalSeconds: number;
  /** Which provider serves the role and why, recorded with an error; absent: not recorded. */
  selection?(): ProviderSelection;
  fetch(signal: AbortSignal): Promise<T>;
  /**
   * Writes one snapshot in one transaction; returns its id. With a fence, the write is refused
   * (LeaseLostError) unless this replica still holds the role's lease.
   */
  write(store: Store, outcome: T, hash: string, fetchedAt: Date, fence?: LeaseFence): Promise<number>;
  /**
   * Follow-up work after a successful cycle, once the snapshot is committed (price history,
   * backfill). Its failure is logged and never counts as a fetch failure or ends the loop.
   */
  afterCycle?(cycle: CycleResult<T>): Promise<void> | void;
}

export interface CycleResult<T extends FetchOutcome> {
  result: "stored" | "unchanged";
  outcome: T;
  /** The new snapshot's id; null when the content was unchanged. */
  snapshotId: number | null;
  fetchedAt: Date;
}

export interface LoopOptions {
  store: Store;
  logger: Logger;
  signal: AbortSignal;
  /** When set, the loop fetches only while this replica holds the role's lease. */
  lease?: LeaseKeeper;
  /** A lease held for a single cycle (a one-shot refresh): its writes are fenced with it. */
  fence?: LeaseFence;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * The wait before the next attempt after `failures` failures in a row: the provider's own
 * Retry-After or quota reset when it gave one, else doubling from the interval, capped at
 * 8 intervals (and 15 minutes), with ±20% jitter so replicas do not retry in step.
 */
export function backoffMs(error: unknown, failures: number, intervalMs: number, random: () => number): number {
  if (isUpstreamError(error) && error.retryAfterMs !== undefined) return Math.max(error.retryAfterMs, intervalMs);
  const cap = Math.max(intervalMs, Math.min(8 * intervalMs, 15 * 60_000));
  const base = Math.min(intervalMs * 2 ** Math.max(0, failures - 1), cap);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function describeError(error: unknown): string {
  if (isUpstreamError(error)) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** One cycle: returns the outcome label for logs and tests. Throws on failure. */
export async function runCycle<T extends FetchOutcome>(
  job: ServiceJob<T>,
  options: LoopOptions,
): Promise<CycleResult<T>> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const outcome = await job.fetch(options.signal);
  const fetchedAt = now();
  const hash = contentHash(outcome.records);
  const context = {
    role: job.role,
    provider: outcome.provider,
    intervalSeconds: job.intervalSeconds,
    selection: outcome.selection,
  };
  let cycle: CycleResult<T>;
  if ((await latestContentHash(store.db, job.role)) === hash) {
    await markSourceChecked(store.db, { ...context, checkedAt: fetchedAt, simulated: outcome.simulated });
    cycle = { result: "unchanged", outcome, snapshotId: null, fetchedAt };
  } else {
    const snapshotId = await job.write(
      store,
      outcome,
      hash,
      fetchedAt,
      options.fence ?? options.lease?.fence ?? undefined,
    );
    cycle = { result: "stored", outcome, snapshotId, fetchedAt };
  }
  // Credits are spent whether or not the content changed.
  if (outcome.creditCount)
    await addSpentCredits(store.db, { role: job.role, credits: outcome.creditCount, at: fetchedAt });
  return cycle;
}

async function runAfterCycle<T extends FetchOutcome>(
  afterCycle: NonNullable<ServiceJob<T>["afterCycle"]>,
  cycle: CycleResult<T>,
  role: SourceRole,
  logger: Logger,
): Promise<void> {
  try {
    await afterCycle(cycle);
  } catch (error) {
    logger.error({ event: "after_cycle", err: error }, `${role} follow-up work failed: ${describeError(error)}`);
  }
}

/** Runs until the signal aborts. */
export async function runServiceLoop<T extends FetchOutcome>(job: ServiceJob<T>, options: LoopOptions): Promise<void> {
  const { logger, signal } = options;
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  let failures = 0;
  while (!signal.aborted) {
    if (options.lease && !options.lease.fence) {
      // A standby: wait for the lease, then fetch at once (the data may be a TTL old by now).
      await options.lease.waitUntilHeld(signal);
      continue;
    }
    const started = Date.now();
    const intervalMs = job.intervalSeconds * 1000;
    let waitMs = intervalMs;
    let cycle: CycleResult<T> | null = null;
    try {
      cycle = await runCycle(job, options);
      const { result, outcome, snapshotId } = cycle;
      failures = 0;
      logger.info(
        {
          event: "fetch",
          provider: outcome.provider,
          outcome: result,
          durationMs: Date.now() - started,
          items: outcome.records.length,
          credits: outcome.creditCount ?? undefined,
          snapshotId: snapshotId ?? undefined,
          warnings: outcome.warnings?.length ? outcome.warnings : undefined,
        },
        result === "stored" ? `stored ${job.role} snapshot ${snapshotId}` : `${job.role} unchanged`,
      );
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof LeaseLostError) {
        // Another replica took over while this one fetched: its snapshots stand, this one stands by.
        logger.warn({ event: "lease", err: error }, `${job.role} lease lost: ${error.message}`);
        options.lease?.lost();
        continue;
      }
      failures++;
      waitMs = backoffMs(error, failures, intervalMs, random);
      logger.error(
        { event: "fetch", outcome: "error", durationMs: Date.now() - started, failures, retryInMs: waitMs, err: error },
        `${job.role} fetch failed: ${describeError(error)}`,
      );
      const failedAt = (options.now ?? (() => new Date()))();
      await recordSourceError(options.store.db, {
        role: job.role,
        provider: job.provider,
        error: describeError(error),
        at: failedAt,
        intervalSeconds: job.intervalSeconds,
        selection: job.selection?.(),
        // Fixed rate, as the sleep below: the wait counts from the start of this cycle.
        nextAttemptAt: new Date(failedAt.getTime() + Math.max(0, waitMs - (Date.now() - started))),
      }).catch((storeError: unknown) =>
        logger.error({ err: storeError }, `could not record the error in the store: ${describeError(storeError)}`),
      );
    }
    if (cycle && job.afterCycle && !signal.aborted) await runAfterCycle(job.afterCycle, cycle, job.role, logger);
    // Fixed rate: the interval counts from the start of the cycle, not its end.
    await sleep(Math.max(0, waitMs - (Date.now() - started)), signal);
  }
}
