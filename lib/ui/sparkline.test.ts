import { describe, expect, it } from "vitest";
import { sparklinePoints, trendLabel, trendOf } from "./sparkline";

describe("sparklinePoints", () => {
  it("scales the series into the box, highest point at the top", () => {
    expect(sparklinePoints([1, 3, 2], 102, 22)).toBe("1,21 51,1 101,11");
  });
  it("draws a flat series through the middle", () => {
    expect(sparklinePoints([5, 5], 10, 10, 0)).toBe("0,5 10,5");
  });
  it("draws nothing for fewer than two points and skips non-finite ones", () => {
    expect(sparklinePoints([], 100, 20)).toBe("");
    expect(sparklinePoints([4], 100, 20)).toBe("");
    expect(sparklinePoints([1, Number.NaN, 2], 10, 10, 0)).toBe("0,10 10,0");
  });
});

describe("trendOf and trendLabel", () => {
  it("measures from the first point to the last", () => {
    const up = trendOf([100, 90, 104.2]);
    expect(up?.direction).toBe("up");
    expect(up?.pct).toBeCloseTo(4.2, 10);
    expect(trendLabel(up!)).toBe("7-day trend: up 4.2%");
    expect(trendLabel(trendOf([50, 49.6])!)).toBe("7-day trend: down 0.8%");
    expect(trendLabel(trendOf([100, 100.04])!)).toBe("7-day trend: flat");
  });
  it("has no trend without two points or from zero", () => {
    expect(trendOf([1])).toBeNull();
    expect(trendOf([0, 1])).toBeNull();
  });
});
