// The 7-day sparkline: SVG polyline points and the trend it shows. Pure.
import type { Direction } from "./numbers";

export interface Trend {
  direction: Direction;
  /** Change from the first point to the last, in percent. */
  pct: number;
}

function finite(values: readonly number[]): number[] {
  return values.filter((value) => Number.isFinite(value));
}

/** "x,y x,y …" scaled into width × height (y grows downward); "" for fewer than two points. */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 1): string {
  const points = finite(values);
  if (points.length < 2) return "";
  const min = Math.min(...points);
  const max = Math.max(...points);
  const span = max - min;
  const stepX = (width - 2 * pad) / (points.length - 1);
  const round = (n: number) => Math.round(n * 10) / 10;
  return points
    .map((value, i) => {
      // A flat series is drawn through the middle rather than along an edge.
      const share = span === 0 ? 0.5 : (value - min) / span;
      return `${round(pad + i * stepX)},${round(height - pad - share * (height - 2 * pad))}`;
    })
    .join(" ");
}

/** The change from the first point to the last; null without two points or from a zero start. */
export function trendOf(values: readonly number[]): Trend | null {
  const points = finite(values);
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length < 2 || first === undefined || last === undefined || first === 0) return null;
  const pct = ((last - first) / Math.abs(first)) * 100;
  // Direction after rounding to the one decimal the label shows, so "up 0.0%" never happens.
  const tenths = Math.round(pct * 10);
  return { direction: tenths > 0 ? "up" : tenths < 0 ? "down" : "flat", pct };
}

/** "7-day trend: up 4.2%", "7-day trend: down 0.8%", "7-day trend: flat". */
export function trendLabel(trend: Trend): string {
  if (trend.direction === "flat") return "7-day trend: flat";
  return `7-day trend: ${trend.direction} ${Math.abs(trend.pct).toFixed(1)}%`;
}
