import { describe, expect, it } from "vitest";
import {
  bubbleRadius,
  type LiquidityRow,
  logTicks,
  MAX_RADIUS,
  MIN_RADIUS,
  parseMarketLimit,
  toLiquidityPlot,
  topShare,
} from "./liquidity";

function row(rank: number, cap: number | null, volume: number | null, change: number | null = 1): LiquidityRow {
  return {
    rank,
    id: `coin-${rank}`,
    rankingId: `id${rank}`,
    symbol: `C${rank}`,
    name: `Coin ${rank}`,
    marketCapUsd: cap,
    volume24hUsd: volume,
    change24hPct: change,
  };
}

describe("bubbleRadius", () => {
  it("grows the area linearly with |24h change| up to 20%", () => {
    expect(bubbleRadius(0)).toBe(MIN_RADIUS);
    expect(bubbleRadius(20)).toBe(MAX_RADIUS);
    expect(bubbleRadius(-20)).toBe(MAX_RADIUS);
    expect(bubbleRadius(5)).toBe(10.5);
    expect(bubbleRadius(-5)).toBe(10.5);
    expect(bubbleRadius(1.8)).toBeCloseTo(7.5, 10);
  });

  it("caps outliers and gives a coin without a change the smallest bubble", () => {
    expect(bubbleRadius(350)).toBe(MAX_RADIUS);
    expect(bubbleRadius(null)).toBe(MIN_RADIUS);
    expect(bubbleRadius(Number.NaN)).toBe(MIN_RADIUS);
  });
});

describe("toLiquidityPlot", () => {
  it("plots only coins with a positive market cap and 24h volume, and counts the rest", () => {
    const rows = [
      row(1, 1e12, 3e10, 2),
      row(2, null, 5e9),
      row(3, 4e8, null),
      row(4, 0, 1e6),
      row(5, 2e9, 0),
      row(6, Number.NaN, 1e6),
      row(7, 5e8, 2e7, null),
    ];
    const plot = toLiquidityPlot(rows);
    expect(plot.points.map((point) => point.rankingId)).toEqual(["id1", "id7"]);
    expect(plot.leftOut).toBe(5);
    expect(plot.points[1]).toEqual({
      rank: 7,
      id: "coin-7",
      rankingId: "id7",
      symbol: "C7",
      name: "Coin 7",
      marketCapUsd: 5e8,
      volume24hUsd: 2e7,
      change24hPct: null,
      radius: MIN_RADIUS,
    });
  });

  it("draws the largest bubbles first and keeps rank order among equals", () => {
    const plot = toLiquidityPlot([row(1, 10, 10, 1), row(2, 10, 10, -20), row(3, 10, 10, 1), row(4, 10, 10, 5)]);
    expect(plot.points.map((point) => point.rank)).toEqual([2, 4, 1, 3]);
  });
});

describe("logTicks", () => {
  it("covers the data with powers of ten", () => {
    expect(logTicks(3.2e6, 1.9e12)).toEqual([1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13]);
    expect(logTicks(1e9, 1e9)).toEqual([1e9, 1e10]);
    expect(logTicks(0, 10)).toEqual([1, 10]);
  });
});

describe("topShare", () => {
  it("is the 10 largest caps over all caps, whatever the rank order", () => {
    // Caps grow with rank (1e9 … 12e9), so the largest are not the top ranks; two coins have no cap.
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => row(i + 1, (i + 1) * 1e9, 1)),
      row(13, null, 1),
      row(14, 0, 1),
    ];
    const share = topShare(rows);
    // Top 10 = 3..12 → 75e9 of 78e9.
    expect(share).toEqual({ share: 75 / 78, topCapUsd: 75e9, totalCapUsd: 78e9, counted: 12, top: 10 });
  });

  it("is everything when fewer than 10 coins have a cap, and null when none has", () => {
    expect(topShare([row(1, 5, 1), row(2, 15, 1)])).toEqual({
      share: 1,
      topCapUsd: 20,
      totalCapUsd: 20,
      counted: 2,
      top: 2,
    });
    expect(topShare([row(1, null, 1)]).share).toBeNull();
  });
});

describe("parseMarketLimit", () => {
  it("accepts 50, 100 and 200, defaults to 100, and words an error for anything else", () => {
    expect(parseMarketLimit("50")).toEqual({ limit: 50 });
    expect(parseMarketLimit("200")).toEqual({ limit: 200 });
    expect(parseMarketLimit(undefined)).toEqual({ limit: 100 });
    expect(parseMarketLimit("75")).toEqual({ error: 'limit must be one of 50, 100, 200; got "75"' });
    expect(parseMarketLimit("050")).toEqual({ error: 'limit must be one of 50, 100, 200; got "050"' });
  });
});
