import { describe, expect, it } from "vitest";
import { formatInstant, formatTick, parseRange, timeTicks } from "./time-axis";

const H = 3_600_000;
const D = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ticks: number[]) => ticks.map((t) => new Date(t).toISOString());

describe("parseRange", () => {
  it("accepts the five ranges and nothing else", () => {
    expect(["24h", "7d", "30d", "90d", "1y"].map(parseRange)).toEqual(["24h", "7d", "30d", "90d", "1y"]);
    expect(parseRange("1d")).toBeNull();
    expect(parseRange(null)).toBeNull();
  });
});

describe("timeTicks", () => {
  it("puts 24h ticks on every fourth hour", () => {
    const ticks = timeTicks("24h", at("2026-11-27T13:30:00Z"), at("2026-11-28T13:30:00Z"));
    expect(iso(ticks)).toEqual([
      "2026-11-27T16:00:00.000Z",
      "2026-11-27T20:00:00.000Z",
      "2026-11-28T00:00:00.000Z",
      "2026-11-28T04:00:00.000Z",
      "2026-11-28T08:00:00.000Z",
      "2026-11-28T12:00:00.000Z",
    ]);
  });

  it("aligns hours to the wall clock of the given zone", () => {
    const plusTwo = () => 2 * H;
    const ticks = timeTicks("24h", at("2026-11-28T00:00:00Z"), at("2026-11-28T06:00:00Z"), plusTwo);
    // 02:00Z is 04:00 and 06:00Z is 08:00 at UTC+2.
    expect(iso(ticks)).toEqual(["2026-11-28T02:00:00.000Z", "2026-11-28T06:00:00.000Z"]);
  });

  it("puts 7d ticks on every midnight", () => {
    const ticks = timeTicks("7d", at("2026-11-21T10:00:00Z"), at("2026-11-28T10:00:00Z"));
    expect(ticks).toHaveLength(7);
    expect(iso(ticks)[0]).toBe("2026-11-22T00:00:00.000Z");
    expect(ticks.every((t, i) => i === 0 || t - (ticks[i - 1] ?? 0) === D)).toBe(true);
  });

  it("puts 30d ticks on the 1st, 8th, 15th and 22nd", () => {
    const ticks = timeTicks("30d", at("2026-10-29T10:00:00Z"), at("2026-11-28T10:00:00Z"));
    expect(iso(ticks)).toEqual([
      "2026-11-01T00:00:00.000Z",
      "2026-11-08T00:00:00.000Z",
      "2026-11-15T00:00:00.000Z",
      "2026-11-22T00:00:00.000Z",
    ]);
  });

  it("puts 90d ticks on month starts and 1y ticks on every other month start", () => {
    expect(iso(timeTicks("90d", at("2026-08-30T10:00:00Z"), at("2026-11-28T10:00:00Z")))).toEqual([
      "2026-09-01T00:00:00.000Z",
      "2026-10-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
    ]);
    expect(iso(timeTicks("1y", at("2025-11-28T10:00:00Z"), at("2026-11-28T10:00:00Z")))).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
      "2026-05-01T00:00:00.000Z",
      "2026-07-01T00:00:00.000Z",
      "2026-09-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
    ]);
  });

  it("keeps midnight ticks on local midnight across a daylight-saving change", () => {
    // Central European time: UTC+2 until 2026-10-25 01:00Z, UTC+1 after.
    const cet = (t: number) => (t < at("2026-10-25T01:00:00Z") ? 2 * H : H);
    const ticks = timeTicks("7d", at("2026-10-23T12:00:00Z"), at("2026-10-27T12:00:00Z"), cet);
    expect(iso(ticks)).toEqual([
      "2026-10-23T22:00:00.000Z",
      "2026-10-24T22:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
      "2026-10-26T23:00:00.000Z",
    ]);
  });

  it("has no ticks for an empty span", () => {
    expect(timeTicks("7d", 10, 5)).toEqual([]);
  });
});

describe("formatTick", () => {
  const t = at("2026-11-28T14:00:00Z");

  it("reads hours for 24h, days for 7d and 30d, months for 90d and 1y", () => {
    expect(formatTick("24h", t, "UTC")).toBe("14:00");
    expect(formatTick("24h", at("2026-11-28T00:00:00Z"), "UTC")).toBe("00:00");
    expect(formatTick("7d", t, "UTC")).toBe("Nov 28");
    expect(formatTick("30d", t, "UTC")).toBe("Nov 28");
    expect(formatTick("90d", t, "UTC")).toBe("Nov");
    expect(formatTick("1y", t, "UTC")).toBe("Nov");
  });

  it("names the year instead of January on the long ranges", () => {
    expect(formatTick("1y", at("2026-01-01T00:00:00Z"), "UTC")).toBe("2026");
    expect(formatTick("90d", at("2027-01-01T00:00:00Z"), "UTC")).toBe("2027");
  });

  it("reads the wall clock of the zone it is given", () => {
    expect(formatTick("24h", t, "Asia/Tokyo")).toBe("23:00");
  });
});

describe("formatInstant", () => {
  it("gives the tooltip's date and 24-hour time", () => {
    expect(formatInstant(at("2026-11-28T14:05:00Z"), "UTC")).toBe("Nov 28, 2026, 14:05");
  });
});
