/**
 * Price history shapes. A history is stored as ratios to the current price, indexed by "periods
 * ago" (0 = the unfinished current period), so the last close always equals the current price and
 * the 1h/24h/7d/… changes that both providers report agree with the charts. The shape depends on
 * (seed, asset) only; the wall clock only decides the timestamps of the rows.
 */
import type { Asset } from "./asset";
import { normal, PURPOSE, rngFor } from "./prng";

export type Period = "hour" | "day";

export const PERIOD_SECONDS: Record<Period, number> = { hour: 3600, day: 86_400 };

/** Per-period volatility relative to the per-tick sigma: ~0.6-1% an hour, ~3-4% a day. */
const PERIOD_SIGMA: Record<Period, number> = { hour: 6, day: 25 };

export interface PathShape {
  /** close k periods ago ÷ current price; close[0] = 1. */
  close: number[];
  high: number[];
  low: number[];
  /** Share of an average period's volume traded in period k. */
  volume: number[];
}

export class HistoryShapes {
  private readonly cache = new Map<string, PathShape>();

  constructor(private readonly seed: number) {}

  /** The shape for at least `periods` periods back (grown on demand, never recomputed). */
  shape(asset: Asset, period: Period, periods: number): PathShape {
    const key = `${period}:${asset.index}`;
    const cached = this.cache.get(key);
    if (cached && cached.close.length > periods + 1) return cached;
    const shape = this.compute(asset, period, Math.max(periods + 2, cached?.close.length ?? 0, 200));
    this.cache.set(key, shape);
    return shape;
  }

  private compute(asset: Asset, period: Period, length: number): PathShape {
    const rng = rngFor(this.seed, period === "hour" ? PURPOSE.hourPath : PURPOSE.dayPath, asset.index);
    const sigma = asset.sigma * PERIOD_SIGMA[period];
    const close = [1];
    const high: number[] = [];
    const low: number[] = [];
    const volume: number[] = [];
    let logRatio = 0;
    for (let k = 0; k < length; k++) {
      // Draws per period are fixed (4), so a longer shape extends a shorter one exactly.
      const step = normal(rng);
      const up = Math.abs(normal(rng));
      const down = Math.abs(normal(rng));
      const share = Math.exp(0.35 * normal(rng));
      logRatio -= sigma * step;
      close.push(Math.exp(logRatio));
      const thisClose = close[k] ?? 1;
      const thisOpen = close[k + 1] ?? thisClose;
      high.push(Math.max(thisOpen, thisClose) * (1 + (sigma * up) / 2));
      low.push(Math.min(thisOpen, thisClose) * (1 - (sigma * down) / 2));
      volume.push(share);
    }
    return { close, high, low, volume };
  }
}

/** The fields both providers derive from the recent path, as ratios or percentages. */
export interface RecentMoves {
  openHour: number;
  highHour: number;
  lowHour: number;
  open24h: number;
  high24h: number;
  low24h: number;
  openDay: number;
  highDay: number;
  lowDay: number;
  /** Percent changes of the current price against 1h, 24h, 7d, 30d, 60d and 90d ago. */
  pct: { h1: number; h24: number; d7: number; d30: number; d60: number; d90: number };
}

/** Multiplies the shape's ratios by the current price to get absolute values. */
export function recentMoves(shapes: HistoryShapes, asset: Asset, price: number): RecentMoves {
  const hours = shapes.shape(asset, "hour", 168);
  const days = shapes.shape(asset, "day", 90);
  const at = (values: number[], k: number) => values[k] ?? 1;
  const pct = (ratio: number) => (1 / ratio - 1) * 100;
  const last24 = { high: hours.high.slice(0, 24), low: hours.low.slice(0, 24) };
  return {
    openHour: price * at(hours.close, 1),
    highHour: price * at(hours.high, 0),
    lowHour: price * at(hours.low, 0),
    open24h: price * at(hours.close, 24),
    high24h: price * Math.max(...last24.high),
    low24h: price * Math.min(...last24.low),
    openDay: price * at(days.close, 1),
    highDay: price * at(days.high, 0),
    lowDay: price * at(days.low, 0),
    pct: {
      h1: pct(at(hours.close, 1)),
      h24: pct(at(hours.close, 24)),
      d7: pct(at(hours.close, 168)),
      d30: pct(at(days.close, 30)),
      d60: pct(at(days.close, 60)),
      d90: pct(at(days.close, 90)),
    },
  };
}
