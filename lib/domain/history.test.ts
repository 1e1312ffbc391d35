import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  fillResolution,
  HISTORY_RANGE_NAMES,
  HISTORY_RANGES,
  HOUR_MS,
  historyKey,
  MINUTE_MS,
  mergeHistorySeries,
  parseHistoryRange,
  type SeriesPoint,
  seriesForRange,
} from "./history";

const own = (t: number, priceUsd: number): SeriesPoint => ({ t, priceUsd, source: "coinmarketcap" });
const cc = (t: number, priceUsd: number): SeriesPoint => ({ t, priceUsd, source: "cryptocompare" });
const H = HOUR_MS;

describe("history ranges", () => {
  it("offers five ranges with their resolution, length and step", () => {
    expect(HISTORY_RANGE_NAMES).toEqual(["24h", "7d", "30d", "90d", "1y"]);
    expect(HISTORY_RANGES["24h"]).toEqual({ resolution: "raw", ms: 86_400_000, stepMs: 60_000 });
    expect(HISTORY_RANGES["7d"]).toEqual({ resolution: "hour", ms: 604_800_000, stepMs: 3_600_000 });
    expect(HISTORY_RANGES["90d"]).toEqual({ resolution: "hour", ms: 7_776_000_000, stepMs: 3_600_000 });
    expect(HISTORY_RANGES["1y"]).toEqual({ resolution: "day", ms: 31_536_000_000, stepMs: 86_400_000 });
    expect([fillResolution(HISTORY_RANGES["24h"]), fillResolution(HISTORY_RANGES["1y"])]).toEqual(["hour", "day"]);
  });

  it("parses a range name; absent means 7d; anything else is null", () => {
    expect(HISTORY_RANGE_NAMES.map(parseHistoryRange)).toEqual(["24h", "7d", "30d", "90d", "1y"]);
    expect(parseHistoryRange(null)).toBe("7d");
    expect(parseHistoryRange(undefined)).toBe("7d");
    for (const bad of ["", "7D", "1d", " 7d", "toString", "__proto__", "constructor"]) {
      expect(parseHistoryRange(bad)).toBeNull();
    }
  });

  it("keys history by provider and the provider's id", () => {
    expect(historyKey("coinmarketcap", "1")).toBe("coinmarketcap:1");
    expect(historyKey("cryptocompare", "BTC")).toBe("cryptocompare:BTC");
  });
});

describe("mergeHistorySeries", () => {
  it("keeps backfill only more than one step away from every own point; own points always win", () => {
    const merged = mergeHistorySeries(
      [own(5 * H, 105), own(6 * H, 106), own(10 * H, 110)],
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((h) => cc(h * H, 1000 + h)),
      H,
    );
    expect(merged.map((p) => [p.t / H, p.priceUsd, p.source])).toEqual([
      [0, 1000, "cryptocompare"],
      [1, 1001, "cryptocompare"],
      [2, 1002, "cryptocompare"],
      [3, 1003, "cryptocompare"],
      // 4 h is exactly one step before the first own point: dropped.
      [5, 105, "coinmarketcap"],
      [6, 106, "coinmarketcap"],
      // 8 h is two steps from both neighbours, inside a four-step gap: kept.
      [8, 1008, "cryptocompare"],
      [10, 110, "coinmarketcap"],
      [12, 1012, "cryptocompare"],
      [13, 1013, "cryptocompare"],
    ]);
  });

  it("sorts unsorted input, passes own points through untouched, and handles empty sides", () => {
    expect(mergeHistorySeries([own(3 * H, 3), own(H, 1)], [], H)).toEqual([own(H, 1), own(3 * H, 3)]);
    expect(mergeHistorySeries([], [cc(2 * H, 2), cc(0, 0.5)], H)).toEqual([cc(0, 0.5), cc(2 * H, 2)]);
    expect(mergeHistorySeries([], [], H)).toEqual([]);
    // A backfill point 1 ms beyond one step from an own point is kept.
    expect(mergeHistorySeries([own(0, 1)], [cc(H + 1, 2), cc(H, 3)], H)).toEqual([own(0, 1), cc(H + 1, 2)]);
    expect(() => mergeHistorySeries([], [], 0)).toThrow(RangeError);
  });
});

describe("seriesForRange", () => {
  it("merges own and backfill at the range's step for hourly and daily ranges", () => {
    const day = HISTORY_RANGES["1y"];
    const series = seriesForRange(day, {
      own: [own(10 * DAY_MS, 10)],
      backfill: [cc(7 * DAY_MS, 7), cc(8 * DAY_MS, 8), cc(9 * DAY_MS, 9), cc(10 * DAY_MS, 99)],
    });
    expect(series.map((p) => [p.t / DAY_MS, p.priceUsd])).toEqual([
      [7, 7],
      [8, 8],
      [10, 10],
    ]);
  });

  it("24h on a fresh install: hourly points (own first, then backfill) fill before the raw minutes", () => {
    const now = 24 * H;
    const raw = [own(now - 2 * MINUTE_MS, 200), own(now - MINUTE_MS, 201)];
    const series = seriesForRange(HISTORY_RANGES["24h"], {
      own: raw,
      backfill: [],
      fillOwn: [own(23 * H, 199)],
      fillBackfill: [18, 19, 20, 21, 22, 23].map((h) => cc(h * H, 100 + h)),
    });
    expect(series.map((p) => [p.t / MINUTE_MS, p.priceUsd, p.source])).toEqual([
      [18 * 60, 118, "cryptocompare"],
      [19 * 60, 119, "cryptocompare"],
      [20 * 60, 120, "cryptocompare"],
      [21 * 60, 121, "cryptocompare"],
      // 22 h is backfill one step before our own 23 h close; 23 h is within an hour of the raw minutes.
      [24 * 60 - 2, 200, "coinmarketcap"],
      [24 * 60 - 1, 201, "coinmarketcap"],
    ]);
  });

  it("24h with a full day of raw points shows no hourly point at all", () => {
    const raw = Array.from({ length: 24 * 60 }, (_, m) => own(m * MINUTE_MS, m));
    const hourly = Array.from({ length: 24 }, (_, h) => cc(h * H, -h));
    const series = seriesForRange(HISTORY_RANGES["24h"], {
      own: raw,
      backfill: [],
      fillOwn: hourly,
      fillBackfill: hourly,
    });
    expect(series).toEqual(raw);
  });
});
