// The CoinGecko clients with a call limiter, against a real local server: every call waits for a
// slot (each markets page, each retry, each market_chart call), and a stopping service is not held.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCallLimiter } from "../../../../lib/http/call-limiter";
import { fetchCoinGeckoMarkets } from "../../../../lib/providers/coingecko/client";
import { fetchCoinGeckoHistory } from "../../../../lib/providers/coingecko/history";
import {
  catchUpstreamError,
  readFixture,
  recordingSleep,
  sendJson,
  sendText,
  setupLocalServer,
} from "../../../support/http-server";

const HERE = path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko");
const server = setupLocalServer(HERE);
const arrivals: number[] = [];

function market(n: number) {
  return {
    id: `coin-${n}`,
    symbol: `c${n}`,
    name: `Coin ${n}`,
    current_price: 1_000 / n,
    market_cap: 1_000_000_000 - n,
    market_cap_rank: n,
    total_volume: 10 * n,
    circulating_supply: 1_000 * n,
    last_updated: "2026-02-03T07:51:04.352Z",
  };
}

/**
 * 1000 coins, 250 a page, and the market_chart fixture; the first request for page 2 answers a 429
 * without Retry-After when `throttleOnce` is set. Records when each request arrived.
 */
function serve(throttleOnce = false) {
  let throttled = !throttleOnce;
  server.handle((req, res) => {
    arrivals.push(performance.now());
    const url = new URL(req.url ?? "", server.url);
    if (url.pathname.endsWith("/market_chart")) return sendText(res, 200, readFixture(HERE, "market-chart.json"));
    const page = Number(url.searchParams.get("page"));
    if (page === 2 && !throttled) {
      throttled = true;
      return sendText(res, 429, readFixture(HERE, "error-429.json"));
    }
    const first = (page - 1) * 250 + 1;
    sendJson(
      res,
      200,
      Array.from({ length: Math.max(0, Math.min(250, 1_000 - first + 1)) }, (_, i) => market(first + i)),
    );
  });
  arrivals.length = 0;
}

const connection = () => ({
  baseUrl: `${server.url}/api/v3`,
  plan: "demo" as const,
  timeoutMs: 2_000,
  retries: 2,
  maxBodyBytes: 5_000_000,
  random: () => 0,
});

describe("CoinGecko calls under a call limiter", () => {
  it("asks the limiter before every call: four pages, one retry and a market_chart call", async () => {
    serve(true);
    const clock = { ms: 0, waits: [] as number[] };
    const limiter = createCallLimiter({
      maxCalls: 1,
      windowMs: 60_000,
      now: () => clock.ms,
      sleep: async (ms) => {
        clock.waits.push(ms);
        clock.ms += ms;
      },
    });
    const backoff = recordingSleep();
    const result = await fetchCoinGeckoMarkets({ ...connection(), limiter, sleep: backoff.sleep, depth: 1_000 });
    expect(result).toMatchObject({ pages: 4, attempts: 5 });
    expect(result.entries).toHaveLength(1_000);
    // The 429 on page 2 backed off (0 ms with this jitter), then waited for a slot like any call.
    expect(backoff.waits).toEqual([0]);
    await fetchCoinGeckoHistory({ ...connection(), limiter, coinId: "bitcoin", days: 1 });
    expect(server.requests.map((request) => new URL(request.url, server.url).pathname)).toEqual([
      ...Array.from({ length: 5 }, () => "/api/v3/coins/markets"),
      "/api/v3/coins/bitcoin/market_chart",
    ]);
    // One call a minute: each call after the first waited a full window.
    expect(clock.waits).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
    expect(clock.ms).toBe(300_000);
  });

  it("spreads the calls out in real time: 2 per 250 ms for 4 pages and 2 market_chart calls", async () => {
    serve();
    const windowMs = 250;
    const limiter = createCallLimiter({ maxCalls: 2, windowMs });
    const started = performance.now();
    const result = await fetchCoinGeckoMarkets({ ...connection(), limiter, depth: 1_000 });
    expect(result.pages).toBe(4);
    await Promise.all(
      ["bitcoin", "ethereum"].map((coinId) => fetchCoinGeckoHistory({ ...connection(), limiter, coinId, days: 1 })),
    );
    expect(arrivals).toHaveLength(6);
    // No window of 250 ms holds three calls (50 ms of slack for the network's jitter), so six calls
    // take at least two full windows.
    for (let i = 2; i < arrivals.length; i++) {
      expect((arrivals[i] ?? 0) - (arrivals[i - 2] ?? 0)).toBeGreaterThanOrEqual(windowMs - 50);
    }
    expect((arrivals[5] ?? 0) - started).toBeGreaterThanOrEqual(2 * windowMs - 50);
  });

  it("gives up waiting for a slot when the caller aborts, as a caller-aborted request, without calling", async () => {
    serve();
    const limiter = createCallLimiter({ maxCalls: 1, windowMs: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const pending = fetchCoinGeckoMarkets({ ...connection(), limiter, signal: controller.signal, depth: 1 });
    setTimeout(() => controller.abort(), 20);
    const error = await catchUpstreamError(pending);
    expect(error).toMatchObject({ kind: "unavailable", provider: "coingecko", endpoint: "coins/markets" });
    expect(error.message).toBe("coingecko coins/markets: request aborted by caller");
    expect(server.requests).toEqual([]);
  });
});
