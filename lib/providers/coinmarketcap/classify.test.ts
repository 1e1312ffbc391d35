import { describe, expect, it } from "vitest";
import { classifyCoinMarketCap } from "./classify";

const now = new Date("2026-02-28T23:59:00.000Z");
const envelope = (code: number | string, message = "m") => ({
  status: { error_code: code, error_message: message, credit_count: 0 },
});
const classify = (status: number, body: unknown) =>
  classifyCoinMarketCap({ status, headers: new Headers(), body }, now);

describe("classifyCoinMarketCap", () => {
  it("finds no error in a zero code (number or string) or in a body without an envelope", () => {
    expect(classify(200, envelope(0))).toBeNull();
    expect(classify(200, envelope("0"))).toBeNull();
    expect(classify(200, { data: [] })).toBeNull();
    expect(classify(502, "<html>")).toBeNull();
  });

  it.each([1001, 1002, 1003, 1004, 1005, 1006, 1007])("treats %i as auth, never retryable", (code) => {
    const error = classify(401, envelope(code));
    expect(error?.kind).toBe("auth");
    expect(error?.retryable).toBe(false);
  });

  it("waits until the next UTC midnight for the daily quota (1009)", () => {
    expect(classify(429, envelope(1009))?.retryAfterMs).toBe(60_000);
  });

  it("reads unknown codes by the HTTP status: 5xx unavailable, 429 rate_limited, else bad_response", () => {
    expect(classify(500, envelope(500, "Internal error"))).toMatchObject({ kind: "unavailable", providerCode: 500 });
    expect(classify(429, envelope(1099))).toMatchObject({ kind: "rate_limited", providerCode: 1099 });
    expect(classify(400, envelope(400, 'Invalid value for "limit"'))).toMatchObject({
      kind: "bad_response",
      providerCode: 400,
      message: 'coinmarketcap listings/latest: error 400: Invalid value for "limit"',
    });
    expect(classify(200, envelope("1011"))).toMatchObject({ kind: "rate_limited", providerCode: 1011 });
  });

  it("names the endpoint it is given in the error", () => {
    const response = { status: 401, headers: new Headers(), body: envelope(1002, "API key missing.") };
    expect(classifyCoinMarketCap(response, now, "key/info")).toMatchObject({
      kind: "auth",
      endpoint: "key/info",
      message: "coinmarketcap key/info: error 1002: API key missing.",
    });
  });
});
