import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, backoffDelayMs, honoursRetryAfter, parseRetryAfter } from "./retry-policy";

describe("backoffDelayMs", () => {
  it("doubles the ceiling from 500 ms and caps it at 8 s", () => {
    const almostOne = () => 1 - 1e-9;
    expect([0, 1, 2, 3, 4, 5, 9].map((i) => backoffDelayMs(i, almostOne))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 7_999, 7_999,
    ]);
    expect([0, 1, 2, 3, 4, 5].map((i) => backoffDelayMs(i, () => 0.5))).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000]);
  });

  it("uses the full jitter range, from 0 up to (not including) the ceiling", () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    // A faulty random source cannot push the wait outside [0, ceiling).
    expect(backoffDelayMs(0, () => 1)).toBe(499);
    expect(backoffDelayMs(0, () => 7)).toBe(499);
    expect(backoffDelayMs(0, () => -3)).toBe(0);
  });

  it("stays within bounds for Math.random", () => {
    for (let i = 0; i < 2_000; i += 1) {
      const retryIndex = i % 8;
      const wait = backoffDelayMs(retryIndex);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(Math.min(BACKOFF_CAP_MS, 500 * 2 ** retryIndex));
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-02-19T19:41:30.000Z");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfter("Thu, 19 Feb 2026 19:42:00 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 19 Feb 2026 19:00:00 GMT", now)).toBe(0);
  });

  it("ignores missing and unreadable values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("applies to 429 and 503 only", () => {
    expect([429, 503, 500, 502, 200].map(honoursRetryAfter)).toEqual([true, true, false, false, false]);
  });
});
