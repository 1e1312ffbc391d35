// The dashboard's 7-day sparklines for every coin in the view, computed from hourly history in one
// store query and kept in memory: recomputed when the view changed, at most every 5 minutes.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { HOUR_MS, historyKey, mergeHistorySeries, type SeriesPoint } from "../domain/history";
import { SPARKLINE_POINTS, SPARKLINE_STEP_MS, sparklineCloses, sparklineWindow } from "../domain/sparkline";
import { readSparklines, type SparklinePoint, type Store } from "../store";
import type { sparklinesBodySchema } from "./contract/bodies";
import type { TopView } from "./view";

export const SPARKLINE_TTL_MS = 5 * 60_000;

export interface SparklineSet {
  /** The view the set was computed from. */
  viewKey: string;
  computedAt: Date;
  from: Date;
  to: Date;
  /** [rankingId, closes] in the view's rank order. */
  lines: Array<[string, number[]]>;
}

export interface PreparedSparklines {
  body: string;
  etag: string;
}

const toSeries = (points: readonly SparklinePoint[] | undefined, source: string): SeriesPoint[] =>
  (points ?? []).map((point) => ({ t: point.ts, priceUsd: point.priceUsd, source }));

/** One query for every coin's own and backfilled hours, then own-first merge and 4-hour closes. */
export async function computeSparklines(store: Store, view: TopView, now: Date): Promise<SparklineSet> {
  const window = sparklineWindow(now.getTime());
  const pricing = view.meta.pricing.provider;
  const ranking = view.meta.ranking.provider;
  const coins = view.merged.rows.map((row) => ({
    id: row.rankingId,
    own: row.pricingId === null ? null : historyKey(pricing, row.pricingId),
    backfill: historyKey(ranking, row.symbol),
  }));
  const keys = coins.flatMap((coin) => (coin.own === null ? [coin.backfill] : [coin.own, coin.backfill]));
  const hours = await readSparklines(store.db, { keys, from: new Date(window.from) });
  const lines = coins.map((coin): [string, number[]] => {
    const own = coin.own === null ? [] : toSeries(hours.get(coin.own), pricing);
    const merged = mergeHistorySeries(own, toSeries(hours.get(coin.backfill), ranking), HOUR_MS);
    return [coin.id, sparklineCloses(merged, window)];
  });
  return { viewKey: view.key, computedAt: now, from: new Date(window.from), to: new Date(window.end), lines };
}

/** Holds the current set and its prepared bodies per limit. */
export class SparklineCache {
  private set: SparklineSet | null = null;
  private bodies = new Map<number, PreparedSparklines>();
  private computing: Promise<SparklineSet> | null = null;

  constructor(private readonly ttlMs = SPARKLINE_TTL_MS) {}

  /**
   * The set for this view. A set from another view is reused until it is ttlMs old: the view
   * changes with every price snapshot, a 7-day line barely does. Once it is older, it is still
   * served while the new one is computed in the background (one query of ~66k rows for 200
   * coins), so only the very first request waits. Concurrent callers share one computation.
   */
  async get(store: Store, view: TopView, now: Date, onError: (error: unknown) => void): Promise<SparklineSet> {
    const held = this.set;
    if (held && (held.viewKey === view.key || now.getTime() - held.computedAt.getTime() < this.ttlMs)) return held;
    const computing = this.recompute(store, view, now);
    if (!held) return computing;
    computing.catch(onError);
    return held;
  }

  private recompute(store: Store, view: TopView, now: Date): Promise<SparklineSet> {
    this.computing ??= computeSparklines(store, view, now)
      .then((set) => {
        this.set = set;
        this.bodies = new Map();
        return set;
      })
      .finally(() => {
        this.computing = null;
      });
    return this.computing;
  }

  /** The body for the first `limit` coins of a set; built once per set and limit. */
  prepare(set: SparklineSet, limit: number): PreparedSparklines {
    const bodies = set === this.set ? this.bodies : new Map<number, PreparedSparklines>();
    let prepared = bodies.get(limit);
    if (!prepared) {
      const lines = set.lines.slice(0, limit);
      const body = JSON.stringify({
        data: Object.fromEntries(lines),
        meta: {
          limit,
          count: lines.length,
          points: SPARKLINE_POINTS,
          stepSeconds: SPARKLINE_STEP_MS / 1000,
          from: set.from.toISOString(),
          to: set.to.toISOString(),
          generatedAt: set.computedAt.toISOString(),
        },
      } satisfies z.infer<typeof sparklinesBodySchema>);
      const digest = createHash("sha1")
        .update(`${set.viewKey}|${set.computedAt.getTime()}|${limit}`)
        .digest("base64url");
      prepared = { body, etag: `"${digest.slice(0, 22)}"` };
      bodies.set(limit, prepared);
    }
    return prepared;
  }
}
