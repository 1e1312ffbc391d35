import { describe, expect, it } from "vitest";
import { classifyCryptoCompare, rateLimitWaitMs } from "./classify";
import type { CcError } from "./schema";

const now = new Date("2026-02-19T19:41:30.000Z");
const limited = (made: Record<string, number>, max: Record<string, number>): CcError => ({
  Response: "Error",
  Type: 99,
  Message: "over",
  RateLimit: { calls_made: made, max_calls: max },
});

describe("rateLimitWaitMs", () => {
  it("waits for the longest spent window", () => {
    const max = { second: 20, minute: 300, hour: 3_000, day: 7_500, month: 100_000 };
    expect(rateLimitWaitMs(limited({ second: 20 }, max), now)).toBe(1_000);
    expect(rateLimitWaitMs(limited({ second: 25, minute: 300 }, max), now)).toBe(60_000);
    expect(rateLimitWaitMs(limited({ hour: 3_001 }, max), now)).toBe(3_600_000);
    // Next month starts 2026-03-01T00:00Z: 9 days 4 h 18 min 30 s away.
    expect(rateLimitWaitMs(limited({ second: 30, month: 100_000 }, max), now)).toBe(793_110_000);
  });

  it("says nothing when the body does not show a spent window", () => {
    expect(rateLimitWaitMs({ Response: "Error", Type: 99, RateLimit: {} }, now)).toBeUndefined();
    expect(rateLimitWaitMs(limited({ second: 1 }, { second: 20 }), now)).toBeUndefined();
  });
});

describe("classifyCryptoCompare", () => {
  const classify = (status: number, body: unknown) =>
    classifyCryptoCompare({ status, headers: new Headers(), body }, "top/mktcapfull", now);

  it("ignores success bodies and bodies that are not the error envelope", () => {
    expect(classify(200, { Message: "Success", Type: 100, Data: [] })).toBeNull();
    expect(classify(401, { message: "Unauthorized" })).toBeNull();
  });

  it("reads a 5xx or 429 status line over a Type that names no auth or rate limit", () => {
    const path = { Response: "Error", Type: 0, Message: "An internal server error occurred." };
    expect(classify(500, path)).toMatchObject({ kind: "unavailable", providerCode: 0, status: 500 });
    expect(classify(503, path)?.retryable).toBe(true);
    expect(classify(429, path)).toMatchObject({ kind: "rate_limited", retryAfterMs: undefined });
    expect(classify(502, { Response: "Error", Type: 1, Message: "x" })?.kind).toBe("auth");
    expect(classify(200, path)?.kind).toBe("bad_response");
  });

  it("reads HTTP 401 as auth whatever the Type", () => {
    expect(classify(401, { Response: "Error", Type: 99, Message: "x" })).toMatchObject({
      kind: "auth",
      providerCode: 99,
      retryAfterMs: undefined,
    });
  });
});
