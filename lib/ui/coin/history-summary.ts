// The one-line summary under the price chart, so the chart's story is also in text.
import type { HistoryPoint } from "./history";

export interface HistorySummary {
  first: HistoryPoint;
  last: HistoryPoint;
  low: number;
  high: number;
  /** Percent change from the first to the last point. */
  changePct: number;
}

/** Null for fewer than two points: there is no line to summarize. */
export function summarizeHistory(points: readonly HistoryPoint[]): HistorySummary | null {
  const first = points[0];
  const last = points.at(-1);
  if (points.length < 2 || !first || !last) return null;
  const prices = points.map((point) => point.priceUsd);
  return {
    first,
    last,
    low: Math.min(...prices),
    high: Math.max(...prices),
    changePct: ((last.priceUsd - first.priceUsd) / first.priceUsd) * 100,
  };
}
