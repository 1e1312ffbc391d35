import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_TIMINGS, timingsFromEnv } from "./supervisor";

describe("backoffMs", () => {
  it("doubles from 1 s up to 60 s, and waits 60 s in a crash loop", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 40].map((quickExits) => backoffMs(quickExits, false, DEFAULT_TIMINGS));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(backoffMs(1, true, DEFAULT_TIMINGS)).toBe(60_000);
  });
});

describe("timingsFromEnv", () => {
  it("takes the defaults, or each SUPERVISOR_* value given", () => {
    expect(timingsFromEnv({})).toEqual({
      initialBackoffMs: 1000,
      maxBackoffMs: 60_000,
      stableMs: 60_000,
      crashLoopExits: 5,
      crashLoopWindowMs: 300_000,
    });
    expect(
      timingsFromEnv({
        SUPERVISOR_INITIAL_BACKOFF_MS: "200",
        SUPERVISOR_MAX_BACKOFF_MS: "2000",
        SUPERVISOR_STABLE_MS: "5000",
        SUPERVISOR_CRASH_LOOP_EXITS: "3",
        SUPERVISOR_CRASH_LOOP_WINDOW_MS: "10000",
      }),
    ).toEqual({
      initialBackoffMs: 200,
      maxBackoffMs: 2000,
      stableMs: 5000,
      crashLoopExits: 3,
      crashLoopWindowMs: 10_000,
    });
  });

  it("refuses a value that is not a whole number in range, naming the variable", () => {
    expect(() => timingsFromEnv({ SUPERVISOR_STABLE_MS: "1m" })).toThrow(
      'SUPERVISOR_STABLE_MS must be an integer of at least 1, got "1m"',
    );
    expect(() => timingsFromEnv({ SUPERVISOR_CRASH_LOOP_EXITS: "1" })).toThrow(
      'SUPERVISOR_CRASH_LOOP_EXITS must be an integer of at least 2, got "1"',
    );
    expect(() => timingsFromEnv({ SUPERVISOR_INITIAL_BACKOFF_MS: "-5" })).toThrow(
      'SUPERVISOR_INITIAL_BACKOFF_MS must be an integer of at least 0, got "-5"',
    );
    expect(() => timingsFromEnv({ SUPERVISOR_MAX_BACKOFF_MS: "500" })).toThrow(
      "SUPERVISOR_MAX_BACKOFF_MS (500) is below SUPERVISOR_INITIAL_BACKOFF_MS",
    );
  });
});
