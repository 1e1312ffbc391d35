// The CoinGecko markets client against a real local server: paging, headers per plan, key
// redaction, and which errors are retried (errors on their own are in classify.test.ts).
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PriceQuote, RankingEntry } from "../../../../lib/domain/types";
import { type CoinGeckoOptions, fetchCoinGeckoMarkets } from "../../../../lib/providers/coingecko/client";
import { CG_DEFAULT_BASE_URLS, coinGeckoRequest } from "../../../../lib/providers/coingecko/connection";
import {
  catchUpstreamError,
  loadFixture,
  readFixture,
  recordingSleep,
  sendJson,
  sendText,
  setupLocalServer,
} from "../../../support/http-server";

const KEY = "CG-testkey7Q2mZx9LpV4";
const HERE = path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko");
const QUERY = (page: number) =>
  `vs_currency=usd&order=market_cap_desc&per_page=250&page=${page}&price_change_percentage=1h%2C24h%2C7d`;
const server = setupLocalServer(HERE);

function options(extra: Partial<CoinGeckoOptions> = {}): CoinGeckoOptions {
  return {
    baseUrl: `${server.url}/api/v3/`,
    plan: "demo",
    depth: 200,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 5_000_000,
    sleep: recordingSleep().sleep,
    ...extra,
  };
}

/** A coin at market-cap rank n, with values derived from n so every field can be asserted. */
function coin(n: number) {
  return {
    id: `coin-${n}`,
    symbol: `c${n}`,
    name: `Coin ${n}`,
    image: `https://example.invalid/${n}.png`,
    current_price: 10_000 / n,
    market_cap: 1_000_000_000 - n,
    market_cap_rank: n,
    total_volume: 5_000 * n,
    price_change_percentage_24h: 1.5,
    circulating_supply: 100_000 * n,
    max_supply: n % 2 === 0 ? null : 21_000_000,
    price_change_percentage_1h_in_currency: -0.25,
    price_change_percentage_24h_in_currency: 1.5,
    price_change_percentage_7d_in_currency: 7,
    last_updated: "2026-02-03T07:51:04.352Z",
  };
}

const coinQuote = (n: number): PriceQuote => ({
  providerId: `coin-${n}`,
  symbol: `C${n}`,
  name: `Coin ${n}`,
  slug: `coin-${n}`,
  priceUsd: 10_000 / n,
  marketCapUsd: 1_000_000_000 - n,
  volume24hUsd: 5_000 * n,
  change1hPct: -0.25,
  change24hPct: 1.5,
  change7dPct: 7,
  circulatingSupply: 100_000 * n,
  totalSupply: null,
  lastUpdated: "2026-02-03T07:51:04.352Z",
});

/** Serves `total` coins, 250 a page, as CoinGecko pages /coins/markets (1-based pages). */
function serveUniverse(total: number, headers: Record<string, string> = {}) {
  server.handle((req, res) => {
    const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page"));
    const first = (page - 1) * 250 + 1;
    const count = Math.max(0, Math.min(250, total - first + 1));
    sendJson(
      res,
      200,
      Array.from({ length: count }, (_, i) => coin(first + i)),
      headers,
    );
  });
}

describe("fetchCoinGeckoMarkets paging", () => {
  it("reads one page of 250 for depth 200, keyless, with exact values in both roles", async () => {
    serveUniverse(600);
    const result = await fetchCoinGeckoMarkets(options());
    expect(server.requests.map((r) => r.url)).toEqual([`/api/v3/coins/markets?${QUERY(1)}`]);
    expect(server.requests[0]?.headers).not.toHaveProperty("x-cg-demo-api-key");
    expect(server.requests[0]?.headers).not.toHaveProperty("x-cg-pro-api-key");
    expect(result.entries).toHaveLength(200);
    expect(result.quotes).toHaveLength(200);
    const entry: RankingEntry = {
      rank: 200,
      providerId: "coin-200",
      symbol: "C200",
      name: "Coin 200",
      marketCapUsd: 999_999_800,
      volume24hUsd: 1_000_000,
      priceUsd: 50,
      slug: "coin-200",
      circulatingSupply: 20_000_000,
      totalSupply: null,
      lastUpdated: "2026-02-03T07:51:04.352Z",
    };
    expect(result.entries[199]).toEqual(entry);
    expect(result.quotes[2]).toEqual(coinQuote(3));
    expect(result).toMatchObject({
      provider: "coingecko",
      creditCount: null,
      simulated: false,
      warnings: [],
      duplicateCount: 0,
      droppedCount: 0,
      unrankedCount: 0,
      pages: 1,
      attempts: 1,
    });
  });

  it("reads four pages for depth 1000 and numbers ranks 1..1000", async () => {
    serveUniverse(2_000, { "x-simulated-data": "true" });
    const result = await fetchCoinGeckoMarkets(options({ depth: 1_000 }));
    expect(server.requests.map((r) => new URL(r.url, server.url).searchParams.get("page"))).toEqual([
      "1",
      "2",
      "3",
      "4",
    ]);
    expect(result.entries.map((e) => e.rank)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(result.entries[999]?.providerId).toBe("coin-1000");
    expect(result.quotes[999]).toEqual(coinQuote(1000));
    expect(result).toMatchObject({ pages: 4, attempts: 4, simulated: true });
  });

  it("stops at a short page and says how many it got", async () => {
    serveUniverse(260);
    const result = await fetchCoinGeckoMarkets(options({ depth: 500 }));
    expect(server.requests).toHaveLength(2);
    expect(result.entries).toHaveLength(260);
    expect(result.warnings).toEqual(["got 260 of 500 requested ranked coins"]);
  });

  it("refills from one extra page what a coin repeated across pages took away", async () => {
    // Page 2 starts with the last coin of page 1 again: the list moved between the two calls.
    server.handle((req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page"));
      const first = page === 1 ? 1 : (page - 1) * 250;
      sendJson(
        res,
        200,
        Array.from({ length: 250 }, (_, i) => coin(first + i)),
      );
    });
    const result = await fetchCoinGeckoMarkets(options({ depth: 500 }));
    expect(result.pages).toBe(3);
    expect(result.duplicateCount).toBe(1);
    expect(result.entries).toHaveLength(500);
    expect(result.entries.map((e) => e.providerId).slice(248, 252)).toEqual([
      "coin-249",
      "coin-250",
      "coin-251",
      "coin-252",
    ]);
    expect(new Set(result.entries.map((e) => e.providerId)).size).toBe(500);
    expect(result.warnings).toEqual([
      "skipped 1 coin id(s) seen on two pages (the list moved between requests): coin-250",
    ]);
  });

  it("reports unranked and unpriced coins from one messy page", async () => {
    const messy = loadFixture(HERE, "markets-messy.json") as { id: string }[];
    // The page without its second copy of ethereum (a page that names a coin twice is refused).
    server.handle((_req, res) =>
      sendJson(
        res,
        200,
        messy.filter((_market, index) => index !== 2),
      ),
    );
    const result = await fetchCoinGeckoMarkets(options({ depth: 10 }));
    expect(result.entries.map((e) => e.providerId)).toEqual([
      "bitcoin",
      "ethereum",
      "tether",
      "dead-coin",
      "zero-coin",
    ]);
    expect(result.quotes.map((q) => q.providerId)).toEqual(["bitcoin", "ethereum", "fresh-listing", "tether"]);
    expect(result.warnings).toEqual([
      "left 1 coin(s) without a market_cap_rank out of the ranking: fresh-listing",
      "no quote for 2 coin(s) without a positive USD price: dead-coin, zero-coin",
      "got 5 of 10 requested ranked coins",
    ]);
  });

  it("refuses a page that names a coin twice, without retrying", async () => {
    server.serve("markets-messy.json");
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ depth: 10 })));
    expect(error).toMatchObject({ kind: "bad_response", retryable: false, attempts: 1 });
    expect(error.message).toBe("coingecko coins/markets: one answer names 1 coin id(s) more than once: ethereum");
  });

  it("rejects a price sent as a string as bad_response, without retrying", async () => {
    const body = readFixture(HERE, "markets-no-sparkline.json").replace(
      '"current_price": 2324.82',
      '"current_price": "2324.82"',
    );
    server.handle((_req, res) => sendText(res, 200, body));
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options()));
    expect(error).toMatchObject({ kind: "bad_response", attempts: 1 });
    expect(error.message).toBe(
      "coingecko coins/markets: unexpected body shape: 1.current_price: Invalid input: expected number, received string",
    );
  });

  it("refuses a depth outside 1..5000 before calling", async () => {
    await expect(fetchCoinGeckoMarkets(options({ depth: 0 }))).rejects.toThrow(RangeError);
    await expect(fetchCoinGeckoMarkets(options({ depth: 5_001 }))).rejects.toThrow(RangeError);
    await expect(fetchCoinGeckoMarkets(options({ depth: 2.5 }))).rejects.toThrow(RangeError);
  });
});

describe("fetchCoinGeckoMarkets plans and keys", () => {
  it("sends a Demo key as x-cg-demo-api-key only", async () => {
    serveUniverse(3);
    await fetchCoinGeckoMarkets(options({ apiKey: KEY }));
    expect(server.requests[0]?.headers["x-cg-demo-api-key"]).toBe(KEY);
    expect(server.requests[0]?.headers).not.toHaveProperty("x-cg-pro-api-key");
  });

  it("sends a Pro key as x-cg-pro-api-key only", async () => {
    serveUniverse(3);
    await fetchCoinGeckoMarkets(options({ apiKey: KEY, plan: "pro" }));
    expect(server.requests[0]?.headers["x-cg-pro-api-key"]).toBe(KEY);
    expect(server.requests[0]?.headers).not.toHaveProperty("x-cg-demo-api-key");
  });

  it("picks the plan's host when no base URL is given, and refuses Pro without a key", () => {
    expect(coinGeckoRequest({ plan: "demo", timeoutMs: 1, retries: 0, maxBodyBytes: 1 }).baseUrl).toBe(
      "https://api.coingecko.com/api/v3",
    );
    expect(coinGeckoRequest({ plan: "pro", apiKey: KEY, timeoutMs: 1, retries: 0, maxBodyBytes: 1 })).toMatchObject({
      baseUrl: "https://pro-api.coingecko.com/api/v3",
      headers: { accept: "application/json", "x-cg-pro-api-key": KEY },
    });
    expect(CG_DEFAULT_BASE_URLS.demo).toBe("https://api.coingecko.com/api/v3");
    expect(() => coinGeckoRequest({ plan: "pro", timeoutMs: 1, retries: 0, maxBodyBytes: 1 })).toThrow(
      "CoinGecko's Pro plan needs an API key",
    );
  });

  it("fails a Pro key on the public host (10010) once, as auth, with the key nowhere in the error", async () => {
    server.serve("error-10010.json", 401);
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ apiKey: KEY })), [KEY]);
    expect(error).toMatchObject({ kind: "auth", providerCode: 10010, status: 401, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("fails a Demo key on the Pro host (10011) once, as auth", async () => {
    server.serve("error-10011.json", 400);
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ apiKey: KEY, plan: "pro" })), [KEY]);
    expect(error).toMatchObject({ kind: "auth", providerCode: 10011, status: 400, attempts: 1 });
  });

  it("redacts a key the provider echoes back in its error text", async () => {
    server.handle((_req, res) =>
      sendJson(res, 401, { status: { error_code: 10002, error_message: `Invalid key ${KEY}` } }),
    );
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ apiKey: KEY })), [KEY]);
    expect(error.message).toBe("coingecko coins/markets: error 10002: Invalid key [redacted]");
    expect(JSON.stringify(error)).not.toContain(KEY);
  });
});

describe("fetchCoinGeckoMarkets rate limits and outages", () => {
  it("sleeps out a short Retry-After on a 429 and then succeeds", async () => {
    const { waits, sleep } = recordingSleep();
    server.handle((_req, res, hit) =>
      hit === 1
        ? sendText(res, 429, readFixture(HERE, "error-429.json"), {
            "content-type": "application/json",
            "retry-after": "2",
          })
        : sendJson(res, 200, [coin(1)]),
    );
    const result = await fetchCoinGeckoMarkets(options({ sleep, depth: 1 }));
    expect(waits).toEqual([2_000]);
    expect(result.attempts).toBe(2);
    expect(result.quotes).toEqual([coinQuote(1)]);
  });

  it("hands a Retry-After past the wait budget back to the caller without a second call", async () => {
    const { waits, sleep } = recordingSleep();
    server.serve("error-429.json", 429, { "retry-after": "119" });
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ sleep })));
    expect(error).toMatchObject({ kind: "rate_limited", providerCode: 429, retryAfterMs: 119_000, attempts: 1 });
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("backs off with jitter on a 429 without Retry-After, then gives up", async () => {
    const { waits, sleep } = recordingSleep();
    server.serve("error-429.json", 429);
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options({ sleep, random: () => 0.5 })));
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: undefined, attempts: 3 });
    expect(waits).toEqual([250, 500]);
  });

  it("retries a Cloudflare HTML 503 as unavailable and reads an HTML 429 as rate_limited", async () => {
    const html = readFixture(HERE, "cloudflare-503.html");
    server.handle((_req, res, hit) =>
      hit === 1 ? sendText(res, 503, html, { "content-type": "text/html" }) : sendJson(res, 200, [coin(1)]),
    );
    const { waits, sleep } = recordingSleep();
    const result = await fetchCoinGeckoMarkets(options({ sleep, random: () => 0, depth: 1 }));
    expect(result.attempts).toBe(2);
    expect(waits).toEqual([0]);

    server.handle((_req, res) => sendText(res, 429, html, { "content-type": "text/html", "retry-after": "60" }));
    const error = await catchUpstreamError(fetchCoinGeckoMarkets(options()));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 60_000, attempts: 1 });
    expect(error.message).toBe("coingecko coins/markets: HTTP 429 with an HTML page");
  });
});
