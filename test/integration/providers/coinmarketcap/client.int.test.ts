// The CoinMarketCap client against a real local server serving fixture bodies.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PriceQuote } from "../../../../lib/domain/types";
import { type CoinMarketCapOptions, fetchCoinMarketCapListings } from "../../../../lib/providers/coinmarketcap/client";
import {
  catchUpstreamError,
  loadFixture,
  readFixture,
  recordingSleep,
  sendJson,
  sendText,
  setupLocalServer,
} from "../../../support/http-server";

const KEY = "cmc-test-key-5b7f1c2e-93aa";
const HERE = path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap");
const server = setupLocalServer(HERE);

function options(extra: Partial<CoinMarketCapOptions> = {}): CoinMarketCapOptions {
  return {
    baseUrl: `${server.url}/`,
    apiKey: KEY,
    depth: 3,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 100_000,
    sleep: recordingSleep().sleep,
    now: () => new Date("2026-02-19T19:41:30.000Z"),
    ...extra,
  };
}

const btc: PriceQuote = {
  providerId: "1",
  symbol: "BTC",
  name: "Bitcoin",
  slug: "bitcoin",
  priceUsd: 97123.45678901234,
  marketCapUsd: 1940633190873.0725,
  volume24hUsd: 31845478259.227486,
  change1hPct: -0.04532815,
  change24hPct: 1.56355821,
  change7dPct: -5.64666141,
  circulatingSupply: 19981234,
  totalSupply: 19_981_234,
  lastUpdated: "2026-02-19T19:39:04.000Z",
  categories: [],
};
const usdt: PriceQuote = {
  providerId: "825",
  symbol: "USDT",
  name: "Tether USDt",
  slug: "tether",
  priceUsd: 0.999871151,
  marketCapUsd: 186818076424.5777,
  volume24hUsd: 95896591072.41393,
  change1hPct: -0.02039135,
  change24hPct: -0.01967219,
  change7dPct: null,
  circulatingSupply: 186842150773.2,
  totalSupply: 189_001_234_567.8,
  lastUpdated: "2026-02-19T19:39:04.000Z",
  categories: ["stablecoin"],
};
const hot: PriceQuote = {
  providerId: "2682",
  symbol: "HOT",
  name: "Holo",
  slug: "holo",
  priceUsd: 0.0000012345678901,
  marketCapUsd: null,
  volume24hUsd: null,
  change1hPct: 0.1,
  change24hPct: -2.25,
  change7dPct: 4.5,
  circulatingSupply: null,
  totalSupply: 177_619_433_541.14,
  lastUpdated: "2026-02-19T19:38:30.000Z",
  categories: [],
};

describe("fetchCoinMarketCapListings success", () => {
  it("calls listings/latest with the key and returns exact quotes", async () => {
    server.serveScenes([200, "listings-success.json"]);
    const result = await fetchCoinMarketCapListings(options());
    expect(server.requests[0]?.url).toBe("/v1/cryptocurrency/listings/latest?start=1&limit=3&convert=USD");
    expect(server.requests[0]?.headers["x-cmc_pro_api_key"]).toBe(KEY);
    expect(result).toEqual({
      provider: "coinmarketcap",
      quotes: [btc, usdt, hot],
      contracts: [{ providerId: "825", chain: "ethereum", address: "0xdac17f958d2ee523a2206206994597c13d831ec7" }],
      creditCount: 1,
      simulated: false,
      warnings: [],
      droppedCount: 0,
      duplicateCount: 0,
      attempts: 1,
    });
  });

  it("flags simulated data from the x-simulated-data header", async () => {
    server.serveScenes([200, "listings-success.json", { "x-simulated-data": "true" }]);
    expect((await fetchCoinMarketCapListings(options())).simulated).toBe(true);
  });

  it("drops unpriced items and reports them", async () => {
    const body = loadFixture(HERE, "listings-messy.json") as { data: { id: number }[] };
    const once = { ...body, data: body.data.filter((item, index) => item.id !== 1 || index === 0) };
    server.handle((_req, res) => sendJson(res, 200, once));
    const result = await fetchCoinMarketCapListings(options({ depth: 7 }));
    expect(result.quotes).toEqual([btc, usdt, hot]);
    expect(result.droppedCount).toBe(3);
    expect(result.duplicateCount).toBe(0);
    expect(result.creditCount).toBe(2);
    expect(result.warnings).toEqual(["dropped 3 listing(s) without a positive USD price: 9001, 9002, 9003"]);
  });

  it("refuses an answer that names a listing twice, without a retry", async () => {
    server.serveScenes([200, "listings-messy.json"]);
    const error = await catchUpstreamError(fetchCoinMarketCapListings(options({ depth: 7 })));
    expect(error).toMatchObject({ kind: "bad_response", retryable: false, attempts: 1 });
    expect(error.message).toBe("coinmarketcap listings/latest: one answer names 1 coin id(s) more than once: 1");
  });

  it("sends no key header when no key is configured", async () => {
    server.serveScenes([401, "error-1002.json"]);
    const error = await catchUpstreamError(fetchCoinMarketCapListings(options({ apiKey: undefined })));
    expect(server.requests[0]?.headers).not.toHaveProperty("x-cmc_pro_api_key");
    expect(error.kind).toBe("auth");
    expect(error.providerCode).toBe(1002);
  });

  it("retries HTTP 500 and then succeeds", async () => {
    const { waits, sleep } = recordingSleep();
    server.handle((_req, res, hit) =>
      hit === 1
        ? sendText(res, 500, "<html><body>500 Internal Server Error</body></html>", { "content-type": "text/html" })
        : sendText(res, 200, readFixture(HERE, "listings-success.json")),
    );
    const result = await fetchCoinMarketCapListings(options({ sleep, random: () => 0.5 }));
    expect(result.attempts).toBe(2);
    expect(waits).toEqual([250]);
    expect(result.quotes[0]?.priceUsd).toBe(97123.45678901234);
  });

  it("rejects a price sent as a string as bad_response, without retrying", async () => {
    server.serveScenes([200, "listings-price-string.json"]);
    const error = await catchUpstreamError(fetchCoinMarketCapListings(options()), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.attempts).toBe(1);
    expect(error.message).toBe(
      "coinmarketcap listings/latest: unexpected body shape: data.1.quote.USD.price: Invalid input: expected number, received string",
    );
  });
});

describe("fetchCoinMarketCapListings error codes", () => {
  // [fixture, HTTP status, kind, providerCode, retryAfterMs, attempts with retries=2]
  it.each([
    ["error-1001.json", 401, "auth", 1001, undefined, 1, "This API Key is invalid."],
    ["error-1002.json", 401, "auth", 1002, undefined, 1, "API key missing."],
    [
      "error-1006.json",
      403,
      "auth",
      1006,
      undefined,
      1,
      "Your API Key subscription plan doesn't support this endpoint.",
    ],
    // 60 s is past the default 30 s retry budget: handed back to the service, not slept on.
    [
      "error-1008.json",
      429,
      "rate_limited",
      1008,
      60_000,
      1,
      "You've exceeded your API Key's HTTP request rate limit. Rate limits reset every minute.",
    ],
    // 19:41:30 UTC → next midnight is 4 h 18 min 30 s away.
    ["error-1009.json", 429, "quota", 1009, 15_510_000, 1, "You've exceeded your API Key's daily rate limit."],
    // Monthly credits come back at 00:00 UTC on the 1st: 2026-03-01 is 9 d 4 h 18 min 30 s away.
    ["error-1010.json", 429, "quota", 1010, 793_110_000, 1, "You've exceeded your API Key's monthly rate limit."],
    ["error-1011.json", 429, "rate_limited", 1011, undefined, 3, "You've hit an IP rate limit."],
    ["error-1001-string.json", 200, "auth", 1001, undefined, 1, "This API Key is invalid."],
  ] as const)("%s on HTTP %i → %s", async (fixture, status, kind, code, retryAfterMs, attempts, text) => {
    server.serveScenes([status, fixture]);
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchCoinMarketCapListings(options({ sleep })), [KEY]);
    expect(error.kind).toBe(kind);
    expect(error.providerCode).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.attempts).toBe(attempts);
    expect(server.requests).toHaveLength(attempts);
    expect(waits).toHaveLength(attempts - 1);
    expect(error.message).toBe(`coinmarketcap listings/latest: error ${code}: ${text}`);
  });

  it("sleeps out a 1008 minute window when the retry budget allows it", async () => {
    server.serveScenes([429, "error-1008.json"], [200, "listings-success.json"]);
    const { waits, sleep } = recordingSleep();
    const result = await fetchCoinMarketCapListings(options({ sleep, maxRetryWaitMs: 120_000 }));
    expect(waits).toEqual([60_000]);
    expect(result.attempts).toBe(2);
  });
});
