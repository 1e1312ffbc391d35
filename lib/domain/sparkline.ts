// The dashboard's 7-day sparkline: hourly history reduced to one close per 4-hour bucket. Pure.
import { HOUR_MS, type SeriesPoint } from "./history";

export const SPARKLINE_STEP_MS = 4 * HOUR_MS;
/** 7 days of 4-hour buckets. */
export const SPARKLINE_POINTS = 42;
/** A sparkline is a picture: 6 significant digits are exact to the pixel and halve the body. */
const SIGNIFICANT_DIGITS = 6;

export interface SparklineWindow {
  /** Start of the oldest bucket, ms since the epoch (inclusive). */
  from: number;
  /** End of the newest bucket (exclusive). */
  end: number;
  stepMs: number;
  count: number;
}

/**
 * The buckets ending with the one that holds `nowMs`. They are aligned to UTC multiples of the
 * step, so a recompute a few minutes later puts the same points in the same buckets.
 */
export function sparklineWindow(nowMs: number, stepMs = SPARKLINE_STEP_MS, count = SPARKLINE_POINTS): SparklineWindow {
  const end = (Math.floor(nowMs / stepMs) + 1) * stepMs;
  return { from: end - count * stepMs, end, stepMs, count };
}

/** The last price (close) of every bucket that holds a point, oldest first; empty buckets are skipped. */
export function sparklineCloses(points: readonly SeriesPoint[], window: SparklineWindow): number[] {
  const closes = new Map<number, { t: number; price: number }>();
  for (const point of points) {
    if (point.t < window.from || point.t >= window.end) continue;
    const bucket = Math.floor((point.t - window.from) / window.stepMs);
    const held = closes.get(bucket);
    if (held === undefined || point.t >= held.t) closes.set(bucket, { t: point.t, price: point.priceUsd });
  }
  return [...closes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, close]) => Number(close.price.toPrecision(SIGNIFICANT_DIGITS)));
}
