// Display formatting for the dashboard. Pure, and pinned to en-US so server and client agree.

const usd2 = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const usdSignificant = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 4,
});
const usdCompact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumSignificantDigits: 3,
});
const percent = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: "exceptZero",
});

/** $97,123.46 from $1 up; four significant digits below, in plain decimal: $0.5432, $0.00000012. */
export function formatPrice(price: number): string {
  if (!Number.isFinite(price)) return "—";
  return Math.abs(price) >= 1 || price === 0 ? usd2.format(price) : usdSignificant.format(price);
}

/** Market caps and volumes: $1.93T, $41.2B, $512M. */
export function compactUsd(amount: number): string {
  return Number.isFinite(amount) ? usdCompact.format(amount) : "—";
}

/** A signed percentage with two decimals: +0.12%, -1.50%, 0.00%. */
export function formatPct(pct: number): string {
  return `${percent.format(pct)}%`;
}

export type Direction = "up" | "down" | "flat";

/** The direction a change shows, after rounding to what the page displays (two decimals). */
export function directionOf(value: number): Direction {
  const rounded = Math.round(value * 100);
  return rounded > 0 ? "up" : rounded < 0 ? "down" : "flat";
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export interface RankMove {
  direction: Direction | "new";
  /** What is shown: "▲3", "▼1", "new" or "" when unmoved. */
  text: string;
  /** What a screen reader and the tooltip say. */
  label: string;
}

/** Rank movement since the previous ranking snapshot: +2 = up two places; null = new in the list. */
export function describeRankChange(change: number | null): RankMove {
  if (change === null) return { direction: "new", text: "new", label: "new in the ranking" };
  if (change === 0) return { direction: "flat", text: "", label: "unchanged since the previous ranking" };
  const places = Math.abs(change);
  const noun = places === 1 ? "place" : "places";
  return change > 0
    ? { direction: "up", text: `▲${places}`, label: `up ${places} ${noun} since the previous ranking` }
    : { direction: "down", text: `▼${places}`, label: `down ${places} ${noun} since the previous ranking` };
}
