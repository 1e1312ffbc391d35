// The CoinGecko clients against the market simulator: two independent readings of the wire format
// (the simulator never imports lib/) that must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { startTestSimulator } from "@/test/support/simulator";
import { fetchCoinGeckoMarkets } from "../../../../lib/providers/coingecko/client";
import { fetchCoinGeckoHistory } from "../../../../lib/providers/coingecko/history";
import { catchUpstreamError, recordingSleep } from "../../../support/http-server";

const KEY = "sim-cg-demo-key-1234";
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ coingeckoKey: KEY });
});
afterAll(() => sim.close());

const http = { timeoutMs: 5_000, retries: 2, maxBodyBytes: 5_000_000 };

describe("CoinGecko clients against the simulator", () => {
  it("pages the markets and prices every coin as the simulated CoinMarketCap does", async () => {
    const base = { ...http, baseUrl: `${sim.url}/api/v3`, plan: "demo" as const, apiKey: KEY };
    const result = await fetchCoinGeckoMarkets({ ...base, depth: 600 });
    expect(result).toMatchObject({ pages: 3, attempts: 3, simulated: true, warnings: [] });
    expect(result.entries.map((e) => e.rank)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    const listed = sim.market.cmcRanking().slice(0, 600);
    expect(result.quotes.map((q) => q.priceUsd)).toEqual(listed.map((asset) => sim.market.cmcPrice(asset)));
    expect(result.quotes.map((q) => q.providerId)).toEqual(listed.map((asset) => asset.cmc?.slug));
    expect(result.entries[0]).toMatchObject({ providerId: "bitcoin", symbol: "BTC", name: "Bitcoin" });

    const points = await fetchCoinGeckoHistory({ ...base, coinId: "bitcoin", days: 2 });
    expect(points).toHaveLength(49);
    expect(points.at(-1)?.priceUsd).toBe(result.quotes[0]?.priceUsd);
  });

  it("fails a wrong key as auth once, and sleeps out a rate limit's Retry-After", async () => {
    const wrong = { ...http, baseUrl: `${sim.url}/api/v3`, plan: "demo" as const, apiKey: "not-the-key" };
    const error = await catchUpstreamError(fetchCoinGeckoMarkets({ ...wrong, depth: 1 }), ["not-the-key"]);
    expect(error).toMatchObject({ kind: "auth", providerCode: 10002, attempts: 1 });

    await fetch(`${sim.url}/_sim/fault`, {
      method: "POST",
      body: JSON.stringify({ target: "coingecko", mode: "rate_limit", retryAfter: 3, times: 1 }),
    });
    const { waits, sleep } = recordingSleep();
    const ok = { ...http, baseUrl: `${sim.url}/api/v3`, plan: "demo" as const, apiKey: KEY, sleep };
    const result = await fetchCoinGeckoMarkets({ ...ok, depth: 5 });
    expect(waits).toEqual([3_000]);
    expect(result.attempts).toBe(2);
  });
});
