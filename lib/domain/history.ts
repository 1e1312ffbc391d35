// Price history for charts: the ranges a chart offers, and how our own stored points and points
// backfilled from the ranking provider combine into one series. Pure: no I/O, no clock.

/** 'raw' = one point per price snapshot; 'hour' and 'day' = the period's close, keyed by its start. */
export type HistoryResolution = "raw" | "hour" | "day";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * The key history is stored under: `<provider>:<the provider's id>`. Prices are keyed by the
 * pricing provider's id (`coinmarketcap:1`); backfill by CryptoCompare's symbol (`cryptocompare:BTC`),
 * which is what its history endpoints take.
 */
export function historyKey(provider: string, id: string): string {
  return `${provider}:${id}`;
}

export interface HistoryRange {
  /** The resolution the chart is drawn from. */
  resolution: HistoryResolution;
  /** How far back the range reaches. */
  ms: number;
  /** The expected spacing of points at that resolution. */
  stepMs: number;
}

export const HISTORY_RANGES = {
  "24h": { resolution: "raw", ms: DAY_MS, stepMs: MINUTE_MS },
  "7d": { resolution: "hour", ms: 7 * DAY_MS, stepMs: HOUR_MS },
  "30d": { resolution: "hour", ms: 30 * DAY_MS, stepMs: HOUR_MS },
  "90d": { resolution: "hour", ms: 90 * DAY_MS, stepMs: HOUR_MS },
  "1y": { resolution: "day", ms: 365 * DAY_MS, stepMs: DAY_MS },
} as const satisfies Record<string, HistoryRange>;

export type HistoryRangeName = keyof typeof HISTORY_RANGES;

export const HISTORY_RANGE_NAMES = Object.keys(HISTORY_RANGES) as HistoryRangeName[];

export const DEFAULT_HISTORY_RANGE: HistoryRangeName = "7d";

/** A range name from a query value; an absent value is the default, anything unknown is null. */
export function parseHistoryRange(value: string | null | undefined): HistoryRangeName | null {
  if (value === null || value === undefined) return DEFAULT_HISTORY_RANGE;
  return Object.hasOwn(HISTORY_RANGES, value) ? (value as HistoryRangeName) : null;
}

/**
 * The resolution that fills a range where its own resolution has no points. Raw points exist only
 * since the pricing service started (and for 48 h), so a 24 h chart on a fresh install falls back
 * to hourly points; the other ranges are filled at their own resolution.
 */
export function fillResolution(range: HistoryRange): "hour" | "day" {
  return range.resolution === "day" ? "day" : "hour";
}

export interface SeriesPoint {
  /** Milliseconds since the epoch. */
  t: number;
  priceUsd: number;
  /** The provider that reported the point. */
  source: string;
}

function byTime(points: readonly SeriesPoint[]): SeriesPoint[] {
  return [...points].sort((a, b) => a.t - b.t);
}

/**
 * Our own points always win. A backfill point is kept only where it is more than `stepMs` away
 * from every own point, that is inside a gap of more than two steps in our own data. Filling
 * smaller gaps would interleave two providers whose prices differ slightly and draw a sawtooth.
 * The result is sorted by time; every point keeps its source.
 */
export function mergeHistorySeries(
  own: readonly SeriesPoint[],
  backfill: readonly SeriesPoint[],
  stepMs: number,
): SeriesPoint[] {
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got ${stepMs}`);
  const mine = byTime(own);
  const kept: SeriesPoint[] = [];
  let next = 0;
  for (const point of byTime(backfill)) {
    // mine[next] is the first own point at or after this one, mine[next - 1] the last before it.
    while (next < mine.length && (mine[next]?.t ?? 0) < point.t) next++;
    const after = mine[next];
    const before = mine[next - 1];
    const near =
      (after !== undefined && after.t - point.t <= stepMs) || (before !== undefined && point.t - before.t <= stepMs);
    if (!near) kept.push(point);
  }
  return byTime([...mine, ...kept]);
}

export interface RangePoints {
  /** Our own points at the range's resolution ('raw' for 24h). */
  own: readonly SeriesPoint[];
  /** Backfill at the range's resolution; unused for raw ranges (the provider has no raw history). */
  backfill: readonly SeriesPoint[];
  /** Raw ranges only: our own and backfilled points at the fill resolution. */
  fillOwn?: readonly SeriesPoint[];
  fillBackfill?: readonly SeriesPoint[];
}

/**
 * The series a chart of `range` shows. For a raw range, hourly points (own first, then backfill)
 * fill wherever the raw points leave a gap of more than two hours, so a fresh install still draws
 * the whole day and a complete day of raw points shows no hourly point at all.
 */
export function seriesForRange(range: HistoryRange, points: RangePoints): SeriesPoint[] {
  if (range.resolution !== "raw") return mergeHistorySeries(points.own, points.backfill, range.stepMs);
  const fill = mergeHistorySeries(points.fillOwn ?? [], points.fillBackfill ?? [], HOUR_MS);
  return mergeHistorySeries(points.own, fill, HOUR_MS);
}
