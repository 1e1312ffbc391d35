import { describe, expect, it } from "vitest";
import { isMinorTick, staticChart } from "./static-chart";

const HOUR = 3_600_000;
const at = (t: number, priceUsd: number) => ({ t, priceUsd, source: "coinmarketcap" });

describe("staticChart", () => {
  const start = Date.UTC(2026, 10, 28, 1, 30);
  const day = [90_500, 91_000, 89_700, 92_400, 91_250].map((price, i) => at(start + i * 6 * HOUR, price));

  it("draws one command per point, scaled to the price axis's round domain", () => {
    const chart = staticChart(day, "24h");
    // Domain $89K–$93K: $90.5K is 37.5% up the plot, so 625 from its top.
    expect(chart?.line).toBe("M0,625L250,500L500,825L750,150L1000,437.5");
    expect(chart?.line.match(/[ML]/g)).toHaveLength(day.length);
    expect(chart?.area).toBe("M0,625L250,500L500,825L750,150L1000,437.5L1000,1000L0,1000Z");
  });

  it("labels the price axis on round numbers, top to bottom by position", () => {
    expect(staticChart(day, "24h")?.priceTicks).toEqual([
      { label: "$89K", y: 1 },
      { label: "$90K", y: 0.75 },
      { label: "$91K", y: 0.5 },
      { label: "$92K", y: 0.25 },
      { label: "$93K", y: 0 },
    ]);
  });

  it("puts the 24h time labels on UTC four-hour boundaries and thins them past five", () => {
    const ticks = staticChart(day, "24h")?.timeTicks ?? [];
    expect(ticks.map((tick) => tick.label)).toEqual(["04:00", "08:00", "12:00", "16:00", "20:00", "00:00"]);
    expect(ticks.map((tick) => tick.minor)).toEqual([false, true, false, true, false, true]);
    expect(ticks[0]).toEqual({
      t: Date.UTC(2026, 10, 28, 4),
      label: "04:00",
      x: 2.5 / 24,
      anchor: "middle",
      minor: false,
    });
  });

  it("labels a week by its UTC midnights, with rounded coordinates", () => {
    const start = Date.UTC(2026, 10, 21, 12);
    const week = Array.from({ length: 8 }, (_, i) => at(start + i * 24 * HOUR, 1 + i * 0.01));
    const chart = staticChart(week, "7d");
    expect(chart?.line).toBe("M0,1000L142.9,875L285.7,750L428.6,625L571.4,500L714.3,375L857.1,250L1000,125");
    expect(chart?.priceTicks.map((tick) => tick.label)).toEqual(["$1.00", "$1.02", "$1.04", "$1.06", "$1.08"]);
    expect(chart?.timeTicks.map((tick) => tick.label)).toEqual([
      "Nov 22",
      "Nov 23",
      "Nov 24",
      "Nov 25",
      "Nov 26",
      "Nov 27",
      "Nov 28",
    ]);
    expect(chart?.timeTicks[3]?.x).toBe(0.5);
  });

  it("anchors a label at the plot's edge to that edge", () => {
    const start = Date.UTC(2026, 10, 28, 0);
    const chart = staticChart([at(start, 2), at(start + 24 * HOUR, 3)], "24h");
    expect(chart?.timeTicks.map(({ label, anchor }) => [label, anchor])).toEqual([
      ["00:00", "start"],
      ["04:00", "middle"],
      ["08:00", "middle"],
      ["12:00", "middle"],
      ["16:00", "middle"],
      ["20:00", "middle"],
      ["00:00", "end"],
    ]);
  });

  it("draws a flat line across the middle of its 1% of air", () => {
    const start = Date.UTC(2026, 10, 28, 0);
    expect(staticChart([at(start, 50), at(start + HOUR, 50)], "24h")?.line).toBe("M0,500L1000,500");
  });

  it("draws nothing for fewer than two points", () => {
    expect(staticChart([], "7d")).toBeNull();
    expect(staticChart([at(0, 1)], "7d")).toBeNull();
  });
});

describe("isMinorTick", () => {
  it("keeps up to five labels and beyond that marks every other one, from the second", () => {
    expect([0, 1, 2, 3, 4].map((i) => isMinorTick(i, 5))).toEqual([false, false, false, false, false]);
    expect([0, 1, 2, 3, 4, 5].map((i) => isMinorTick(i, 6))).toEqual([false, true, false, true, false, true]);
  });
});
