// The geometry of the server-drawn price chart: the line and area paths in a 1000 × 1000 box that
// the SVG stretches to any size, and where the axis labels sit, as fractions of the plot.
// Pure: the same points give the same markup on the server and in the browser, so hydration matches.
import { formatPriceTick } from "./changes";
import type { HistoryPoint } from "./history";
import { priceScale } from "./price-axis";
import { formatTick, type Range, timeTicks } from "./time-axis";

/** The plot's viewBox side: wide enough that one decimal is finer than a pixel on any screen. */
export const PLOT_SIZE = 1000;
/** More time labels than this crowd a phone screen: every other one is then minor. */
const MAX_MAJOR_TICKS = 5;
/** A label this close to the plot's edge is anchored to it rather than centred, so it stays inside. */
const EDGE = 0.06;

export interface PriceTick {
  label: string;
  /** From the plot's top: 0 is the highest price, 1 the lowest. */
  y: number;
}

export interface TimeTick {
  t: number;
  label: string;
  /** From the plot's left edge: 0 is the first point, 1 the last. */
  x: number;
  anchor: "start" | "middle" | "end";
  /** Hidden on narrow screens, where every label would not fit. */
  minor: boolean;
}

export interface StaticChart {
  /** One M, then one L per further point: exactly one command per point. */
  line: string;
  /** The line closed along the plot's bottom, for the fill under it. */
  area: string;
  priceTicks: PriceTick[];
  timeTicks: TimeTick[];
}

/** Whether the i-th of `count` time labels may be dropped where space is short (both charts agree). */
export function isMinorTick(index: number, count: number): boolean {
  return count > MAX_MAJOR_TICKS && index % 2 === 1;
}

const round = (value: number) => Math.round(value * 10) / 10;
const fraction = (value: number, lo: number, hi: number) => (hi > lo ? (value - lo) / (hi - lo) : 0);

/** The chart of at least two points, oldest first; null for fewer. Times are labelled in UTC. */
export function staticChart(points: readonly HistoryPoint[], range: Range): StaticChart | null {
  const first = points[0];
  const last = points.at(-1);
  if (points.length < 2 || !first || !last) return null;
  const scale = priceScale(points.map((point) => point.priceUsd));
  const [lo, hi] = scale.domain;
  const commands = points.map((point, i) => {
    const x = round(fraction(point.t, first.t, last.t) * PLOT_SIZE);
    const y = round((1 - fraction(point.priceUsd, lo, hi)) * PLOT_SIZE);
    return `${i === 0 ? "M" : "L"}${x},${y}`;
  });
  const line = commands.join("");
  const area = `${line}L${PLOT_SIZE},${PLOT_SIZE}L0,${PLOT_SIZE}Z`;
  const priceTicks = scale.ticks.map((value) => ({ label: formatPriceTick(value), y: 1 - fraction(value, lo, hi) }));
  const instants = timeTicks(range, first.t, last.t);
  const times = instants.map((t, i): TimeTick => {
    const x = fraction(t, first.t, last.t);
    const anchor = x < EDGE ? "start" : x > 1 - EDGE ? "end" : "middle";
    return { t, label: formatTick(range, t, "UTC"), x, anchor, minor: isMinorTick(i, instants.length) };
  });
  return { line, area, priceTicks, timeTicks: times };
}
