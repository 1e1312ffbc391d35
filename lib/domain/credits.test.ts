import { describe, expect, it } from "vitest";
import { creditsSpentOn, utcDay } from "./credits";

describe("credits per UTC day", () => {
  it("names the UTC day, whatever the local zone", () => {
    expect(utcDay(new Date("2026-11-28T23:59:59.999Z"))).toBe("2026-11-28");
    expect(utcDay(new Date("2026-11-29T00:00:00+01:00"))).toBe("2026-11-28");
    expect(() => utcDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("counts the stored credits only on their own day", () => {
    const state = { creditsToday: 9, creditsDay: "2026-11-28" };
    expect(creditsSpentOn(state, new Date("2026-11-28T12:00:00Z"))).toBe(9);
    expect(creditsSpentOn(state, new Date("2026-11-29T00:00:00Z"))).toBe(0);
    expect(creditsSpentOn({ creditsToday: 0, creditsDay: null }, new Date("2026-11-28T12:00:00Z"))).toBe(0);
  });
});
