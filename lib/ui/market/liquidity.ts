// The market view's numbers: which coins the liquidity scatter can plot, how big each bubble is,
// the log axes' ticks, and the top 10's share of market cap. Pure: rows in, values out.

export interface LiquidityRow {
  rank: number;
  /** The coin's stable id, for its page. */
  id: string;
  rankingId: string;
  symbol: string;
  name: string;
  marketCapUsd: number | null;
  volume24hUsd: number | null;
  change24hPct: number | null;
}

export interface LiquidityPoint {
  rank: number;
  id: string;
  rankingId: string;
  symbol: string;
  name: string;
  marketCapUsd: number;
  volume24hUsd: number;
  change24hPct: number | null;
  /** Bubble radius in pixels. */
  radius: number;
}

/** Log axes need both values, finite and above zero. */
export function isPlottable(row: LiquidityRow): boolean {
  const { marketCapUsd: cap, volume24hUsd: volume } = row;
  return cap !== null && volume !== null && Number.isFinite(cap) && Number.isFinite(volume) && cap > 0 && volume > 0;
}

export const MIN_RADIUS = 3;
export const MAX_RADIUS = 18;
/** Moves beyond ±20% get the largest bubble, so one outlier does not shrink every other bubble. */
export const CHANGE_CAP_PCT = 20;

/** Bubble area grows linearly with |24h change| up to the cap; a coin without a change gets the smallest. */
export function bubbleRadius(change24hPct: number | null): number {
  if (change24hPct === null || !Number.isFinite(change24hPct)) return MIN_RADIUS;
  const share = Math.min(Math.abs(change24hPct), CHANGE_CAP_PCT) / CHANGE_CAP_PCT;
  return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(share);
}

export interface LiquidityPlot {
  /** Largest bubbles first, so smaller ones are drawn on top and stay clickable. */
  points: LiquidityPoint[];
  /** Rows without a positive market cap and 24h volume. */
  leftOut: number;
}

export function toLiquidityPlot(rows: readonly LiquidityRow[]): LiquidityPlot {
  const points: LiquidityPoint[] = [];
  for (const row of rows) {
    const { marketCapUsd, volume24hUsd } = row;
    if (marketCapUsd === null || volume24hUsd === null || !isPlottable(row)) continue;
    points.push({
      rank: row.rank,
      id: row.id,
      rankingId: row.rankingId,
      symbol: row.symbol,
      name: row.name,
      marketCapUsd,
      volume24hUsd,
      change24hPct: row.change24hPct,
      radius: bubbleRadius(row.change24hPct),
    });
  }
  points.sort((a, b) => b.radius - a.radius || a.rank - b.rank);
  return { points, leftOut: rows.length - points.length };
}

/** Powers of ten that cover [min, max]: the domain and ticks of a log axis. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [1, 10];
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi = lo + 1;
  const ticks: number[] = [];
  for (let exp = lo; exp <= hi; exp++) ticks.push(10 ** exp);
  return ticks;
}

export interface TopShare {
  /** Fraction 0..1 of the combined market cap held by the `top` largest; null without any cap. */
  share: number | null;
  topCapUsd: number;
  totalCapUsd: number;
  /** Coins with a market cap, the share's universe. */
  counted: number;
  /** How many coins the top holds: `top`, or fewer when fewer have a market cap. */
  top: number;
}

/** The share of total market cap held by the `top` largest coins among those with a market cap. */
export function topShare(rows: readonly LiquidityRow[], top = 10): TopShare {
  const caps = rows
    .map((row) => row.marketCapUsd)
    .filter((cap): cap is number => cap !== null && Number.isFinite(cap) && cap > 0)
    .sort((a, b) => b - a);
  const totalCapUsd = caps.reduce((sum, cap) => sum + cap, 0);
  const topCaps = caps.slice(0, top);
  const topCapUsd = topCaps.reduce((sum, cap) => sum + cap, 0);
  return {
    share: totalCapUsd > 0 ? topCapUsd / totalCapUsd : null,
    topCapUsd,
    totalCapUsd,
    counted: caps.length,
    top: topCaps.length,
  };
}

export const LIMITS = [50, 100, 200] as const;
export type MarketLimit = (typeof LIMITS)[number];
export const DEFAULT_LIMIT: MarketLimit = 100;

/** `?limit=`: one of 50, 100, 200; absent means the default; anything else is an error to show. */
export function parseMarketLimit(value: string | undefined): { limit: MarketLimit } | { error: string } {
  if (value === undefined) return { limit: DEFAULT_LIMIT };
  const limit = LIMITS.find((candidate) => String(candidate) === value);
  return limit ? { limit } : { error: `limit must be one of ${LIMITS.join(", ")}; got ${JSON.stringify(value)}` };
}
