import { describe, expect, it } from "vitest";
import { loadFixture } from "../../../test/support/http-server";
import { classifyCoinGecko } from "./classify";

const HERE = import.meta.dirname;
const classify = (status: number, body: unknown) =>
  classifyCoinGecko({ status, headers: new Headers(), body }, "coins/markets");

describe("classifyCoinGecko", () => {
  it("finds no error in success bodies or bodies of another shape", () => {
    expect(classify(200, loadFixture(HERE, "markets-no-sparkline.json"))).toBeNull();
    expect(classify(200, { prices: [], market_caps: [], total_volumes: [] })).toBeNull();
    expect(classify(502, { message: "bad gateway" })).toBeNull();
    expect(classify(200, [])).toBeNull();
  });

  it("reads {status:{…}} 429 as rate_limited and retryable", () => {
    const error = classify(429, loadFixture(HERE, "error-429.json"));
    expect(error).toMatchObject({ kind: "rate_limited", retryable: true, providerCode: 429, status: 429 });
    // The pricing URL in CoinGecko's message keeps its path only.
    expect(error?.message).toBe(
      "coingecko coins/markets: error 429: You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
    );
  });

  it("reads 10010 (Pro key on the public host) and 10011 (Demo key on the Pro host) as auth", () => {
    expect(classify(401, loadFixture(HERE, "error-10010.json"))).toMatchObject({
      kind: "auth",
      retryable: false,
      providerCode: 10010,
      message:
        "coingecko coins/markets: error 10010 (key sent to the wrong host for its plan): If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com",
    });
    // The {error:{status:{…}}} shape; the code decides even on HTTP 400.
    expect(classify(400, loadFixture(HERE, "error-10011.json"))).toMatchObject({
      kind: "auth",
      retryable: false,
      providerCode: 10011,
    });
  });

  it("reads 10012 (history beyond the plan's range, {error:{status:{…}}}) as a non-retryable auth error", () => {
    expect(classify(401, loadFixture(HERE, "error-10012.json"))).toMatchObject({
      kind: "auth",
      retryable: false,
      providerCode: 10012,
      status: 401,
      message:
        "coingecko coins/markets: error 10012 (beyond the plan's history range): Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past 365 days.",
    });
  });

  it("reads {error:'text'} by the status line, without a provider code", () => {
    expect(classify(400, loadFixture(HERE, "error-400.json"))).toMatchObject({
      kind: "bad_response",
      providerCode: undefined,
      message: "coingecko coins/markets: invalid vs_currency",
    });
    expect(classify(404, loadFixture(HERE, "error-404.json"))).toMatchObject({
      kind: "bad_response",
      message: "coingecko coins/markets: coin not found",
    });
    expect(classify(503, { error: "maintenance" })).toMatchObject({ kind: "unavailable", retryable: true });
    expect(classify(403, { error: "forbidden" })).toMatchObject({ kind: "auth" });
    // Sent on a 2xx, an error body is still an error.
    expect(classify(200, { error: "coin not found" })).toMatchObject({ kind: "bad_response", status: 200 });
  });

  it("reads unknown codes by the status line and accepts a numeric-string code", () => {
    const body = (code: number | string) => ({ status: { error_code: code, error_message: "m" } });
    expect(classify(401, body(10002))).toMatchObject({ kind: "auth", providerCode: 10002 });
    expect(classify(500, body(500))).toMatchObject({ kind: "unavailable", providerCode: 500 });
    expect(classify(200, body("429"))).toMatchObject({ kind: "rate_limited", providerCode: 429 });
  });
});
