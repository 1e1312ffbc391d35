import { describe, expect, it } from "vitest";
import { summarizeHistory } from "./history-summary";

const point = (t: number, priceUsd: number) => ({ t, priceUsd, source: "coinmarketcap" });

describe("summarizeHistory", () => {
  it("gives the low, the high and the change from the first to the last point", () => {
    const summary = summarizeHistory([point(1, 100), point(2, 80), point(3, 130), point(4, 110)]);
    expect(summary).toEqual({ first: point(1, 100), last: point(4, 110), low: 80, high: 130, changePct: 10 });
  });

  it("has nothing to say about fewer than two points", () => {
    expect(summarizeHistory([])).toBeNull();
    expect(summarizeHistory([point(1, 100)])).toBeNull();
  });
});
