// Backfills coins' price history from the ranking provider (CryptoCompare histoday/histohour), so a
// chart has a year of days and ~83 days of hours before our own points have accumulated. Runs after
// ranking cycles, in the background, a few coins at a time: a failure is logged and recorded on the
// coin and never touches the ranking snapshot.
import { HOUR_MS, historyKey } from "@/lib/domain/history";
import type { RankingEntry } from "@/lib/domain/types";
import { isUpstreamError } from "@/lib/http/errors";
import type { HttpTuning } from "@/lib/http/fetch-json";
import type { Logger } from "@/lib/log";
import { fetchCryptoCompareHistory } from "@/lib/providers/cryptocompare/history";
import {
  type BackfillResolution,
  type BackfillState,
  markBackfilled,
  readBackfillState,
  recordBackfillFailure,
  type Store,
  upsertBackfillPoints,
} from "@/lib/store";
import { describeError } from "./service-loop";

/** Periods fetched per resolution: a year of days; 2000 hours (the provider's maximum) ≈ 83 days. */
export const BACKFILL_LIMITS: Record<BackfillResolution, number> = { day: 365, hour: 2000 };
/** A coin's backfill is refreshed once it is this old. */
export const BACKFILL_REFRESH_MS = 24 * HOUR_MS;
/** A failed backfill is retried after this long rather than every cycle. */
export const BACKFILL_RETRY_MS = HOUR_MS;

const PROVIDER = "cryptocompare";

export interface BackfillOptions {
  store: Store;
  logger: Logger;
  baseUrl: string;
  apiKey?: string;
  /** Coins per round (each costs up to 2 calls); 0 disables backfill. */
  perCycle: number;
  http: HttpTuning;
  now?: () => Date;
}

export interface BackfillTask {
  coinKey: string;
  symbol: string;
  resolutions: BackfillResolution[];
}

function isDue(state: BackfillState | undefined, nowMs: number): boolean {
  if (state === undefined) return true;
  if (state.lastError !== null) return nowMs - state.attemptedAt.getTime() >= BACKFILL_RETRY_MS;
  return state.fetchedAt === null || nowMs - state.fetchedAt.getTime() >= BACKFILL_REFRESH_MS;
}

/**
 * The first `perCycle` coins in rank order with a resolution due. A coin without a USD price at
 * the provider has no USD history there either, so it is skipped rather than asked for.
 */
export function selectBackfill(
  entries: readonly RankingEntry[],
  states: readonly BackfillState[],
  perCycle: number,
  now: Date,
): BackfillTask[] {
  const byKey = new Map(states.map((state) => [`${state.coinKey}|${state.resolution}`, state]));
  const tasks: BackfillTask[] = [];
  const seen = new Set<string>();
  for (const entry of [...entries].sort((a, b) => a.rank - b.rank)) {
    if (tasks.length >= perCycle) break;
    const coinKey = historyKey(PROVIDER, entry.symbol);
    if (entry.priceUsd === null || seen.has(coinKey)) continue;
    seen.add(coinKey);
    const resolutions = (["day", "hour"] as const).filter((resolution) =>
      isDue(byKey.get(`${coinKey}|${resolution}`), now.getTime()),
    );
    if (resolutions.length > 0) tasks.push({ coinKey, symbol: entry.symbol, resolutions });
  }
  return tasks;
}

export interface BackfillReport {
  /** Coin keys attempted, in rank order. */
  coins: string[];
  points: number;
  failures: Array<{ coinKey: string; resolution: BackfillResolution; error: string }>;
  /** Why the round ended early: an error that would fail every following call too. */
  stoppedBy: string | null;
}

/** One round. Never throws: every failure ends up in the report, the log and the store. */
export async function backfillHistory(
  entries: readonly RankingEntry[],
  options: BackfillOptions,
): Promise<BackfillReport> {
  const now = options.now ?? (() => new Date());
  const report: BackfillReport = { coins: [], points: 0, failures: [], stoppedBy: null };
  if (options.perCycle <= 0) return report;
  const { db } = options.store;
  try {
    const keys = entries.map((entry) => historyKey(PROVIDER, entry.symbol));
    const tasks = selectBackfill(entries, await readBackfillState(db, { keys }), options.perCycle, now());
    for (const task of tasks) {
      report.coins.push(task.coinKey);
      for (const resolution of task.resolutions) {
        const stop = await backfillOne(task, resolution, options, now, report);
        if (stop !== null) {
          report.stoppedBy = stop;
          return report;
        }
      }
    }
  } catch (error) {
    // The store itself failed (reading states, recording a failure): try again next round.
    report.stoppedBy = describeError(error);
  }
  return report;
}

/** Backfills one coin at one resolution; returns a reason to stop the round, or null. */
async function backfillOne(
  task: BackfillTask,
  resolution: BackfillResolution,
  options: BackfillOptions,
  now: () => Date,
  report: BackfillReport,
): Promise<string | null> {
  const { db } = options.store;
  const mark = { coinKey: task.coinKey, resolution };
  try {
    const closes = await fetchCryptoCompareHistory({
      ...options.http,
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      symbol: task.symbol,
      resolution,
      limit: BACKFILL_LIMITS[resolution],
      now,
    });
    report.points += await upsertBackfillPoints(db, { ...mark, points: closes, source: PROVIDER });
    await markBackfilled(db, { ...mark, at: now() });
    return null;
  } catch (error) {
    if (!isUpstreamError(error)) throw error;
    // Shutting down is not the coin's fault: record nothing, so it is not held back after a restart.
    if (options.http.signal?.aborted) return "aborted";
    const message = describeError(error);
    report.failures.push({ ...mark, error: message });
    options.logger.warn({ event: "history_backfill", ...mark, err: error }, `backfill of ${task.coinKey} failed`);
    await recordBackfillFailure(db, { ...mark, at: now(), error: message });
    // A coin the provider does not know fails alone; auth, quota, rate limits and outages would
    // fail every following call the same way.
    return error.kind === "bad_response" ? null : message;
  }
}

/** Runs one round at a time in the background; a trigger while a round runs is skipped. */
export function createBackfillRunner(options: BackfillOptions) {
  let running: Promise<void> | null = null;
  return {
    /** Starts a round unless one is running or backfill is disabled; true when it started. */
    trigger(entries: readonly RankingEntry[]): boolean {
      if (options.perCycle <= 0 || running !== null) return false;
      const started = performance.now();
      running = backfillHistory(entries, options)
        .then((report) => {
          if (report.coins.length === 0 && report.stoppedBy === null) return;
          const level = report.stoppedBy === null ? "info" : "warn";
          options.logger[level](
            { event: "history_backfill", ...report, durationMs: Math.round(performance.now() - started) },
            `backfilled ${report.coins.length} coin(s), ${report.points} points, ${report.failures.length} failure(s)`,
          );
        })
        .catch((error: unknown) =>
          options.logger.error({ event: "history_backfill", err: error }, "backfill round failed"),
        )
        .finally(() => {
          running = null;
        });
      return true;
    },
    /** Resolves when no round is running (before the store closes on shutdown). */
    idle(): Promise<void> {
      return running ?? Promise.resolve();
    },
  };
}
