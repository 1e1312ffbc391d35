import { describe, expect, it } from "vitest";
import { HOUR_MS, type SeriesPoint } from "./history";
import { SPARKLINE_POINTS, SPARKLINE_STEP_MS, sparklineCloses, sparklineWindow } from "./sparkline";

const p = (t: number, priceUsd: number): SeriesPoint => ({ t, priceUsd, source: "x" });

describe("sparklineWindow", () => {
  it("ends with the UTC-aligned 4-hour bucket that holds now and spans 42 buckets", () => {
    const now = Date.UTC(2026, 0, 9, 13, 25);
    expect(sparklineWindow(now)).toEqual({
      from: Date.UTC(2026, 0, 2, 16),
      end: Date.UTC(2026, 0, 9, 16),
      stepMs: SPARKLINE_STEP_MS,
      count: SPARKLINE_POINTS,
    });
    expect(sparklineWindow(Date.UTC(2026, 0, 9, 12)).end).toBe(Date.UTC(2026, 0, 9, 16));
    expect(sparklineWindow(Date.UTC(2026, 0, 9, 15, 59, 59, 999)).end).toBe(Date.UTC(2026, 0, 9, 16));
  });
});

describe("sparklineCloses", () => {
  it("takes the last price of each bucket, skips empty buckets and points outside the window", () => {
    const window = sparklineWindow(Date.UTC(2026, 0, 9, 13, 25));
    const hourly = [
      p(window.from - HOUR_MS, 999),
      p(window.from, 1),
      p(window.from + HOUR_MS, 2),
      p(window.from + 3 * HOUR_MS, 3),
      // Out of order: the later point still wins its bucket.
      p(window.from + 9 * HOUR_MS, 5),
      p(window.from + 8 * HOUR_MS, 4),
      p(window.end - HOUR_MS, 6),
      p(window.end, 777),
    ];
    expect(sparklineCloses(hourly, window)).toEqual([3, 5, 6]);
  });

  it("gives 42 points for 7 days of hours and rounds to 6 significant digits", () => {
    const window = sparklineWindow(Date.UTC(2026, 0, 9, 13, 25));
    const hourly = Array.from({ length: 168 }, (_, h) => p(window.from + h * HOUR_MS, 97123.456789 + h));
    const closes = sparklineCloses(hourly, window);
    expect(closes).toHaveLength(42);
    expect(closes[0]).toBe(97126.5);
    expect(closes[41]).toBe(97290.5);
    expect(sparklineCloses([p(window.from, 0.000000123456789)], window)).toEqual([1.23457e-7]);
  });
});
