// The pricing service's follow-up to each cycle: append the stored snapshot's prices to the
// history, and compact the history every 10 minutes so it stays bounded.
import type { PriceQuote } from "@/lib/domain/types";
import type { Logger } from "@/lib/log";
import { appendPricePoints, compactHistory, type HistoryRetention, type Store } from "@/lib/store";
import { type CycleResult, describeError, type FetchOutcome } from "./service-loop";

export const COMPACT_EVERY_MS = 10 * 60_000;

export interface PriceHistoryOptions {
  store: Store;
  logger: Logger;
  now?: () => Date;
  compactEveryMs?: number;
  retention?: Omit<HistoryRetention, "now">;
}

type PricingOutcome = FetchOutcome & { quotes: readonly PriceQuote[] };

/**
 * Returns the afterCycle hook. Nothing in it throws: a failed append or compaction is logged and
 * the service goes on (the next snapshot appends again; the next compaction catches up).
 */
export function createPriceHistoryRecorder(options: PriceHistoryOptions) {
  const now = options.now ?? (() => new Date());
  const compactEveryMs = options.compactEveryMs ?? COMPACT_EVERY_MS;
  // The first cycle compacts, so a service that restarts often still trims the history.
  let lastCompactMs = Number.NEGATIVE_INFINITY;

  async function append(cycle: CycleResult<PricingOutcome>): Promise<void> {
    const started = performance.now();
    try {
      const { points, skipped } = await appendPricePoints(options.store.db, {
        provider: cycle.outcome.provider,
        at: cycle.fetchedAt,
        quotes: cycle.outcome.quotes,
      });
      options.logger.debug(
        { event: "history_append", points, skipped, durationMs: Math.round(performance.now() - started) },
        `appended ${points} price points`,
      );
    } catch (error) {
      options.logger.error(
        { event: "history_append", err: error },
        `price history append failed: ${describeError(error)}`,
      );
    }
  }

  async function compact(): Promise<void> {
    const at = now();
    if (at.getTime() - lastCompactMs < compactEveryMs) return;
    lastCompactMs = at.getTime();
    const started = performance.now();
    try {
      const deleted = await compactHistory(options.store.db, { ...options.retention, now: at });
      options.logger.info(
        { event: "history_compact", deleted, durationMs: Math.round(performance.now() - started) },
        "price history compacted",
      );
    } catch (error) {
      options.logger.error(
        { event: "history_compact", err: error },
        `price history compaction failed: ${describeError(error)}`,
      );
    }
  }

  return async function afterCycle(cycle: CycleResult<PricingOutcome>): Promise<void> {
    // An unchanged snapshot adds nothing new; its prices are already the latest points.
    if (cycle.result === "stored") await append(cycle);
    await compact();
  };
}
