// The CoinGecko history client against a real local server serving the market_chart sample.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CoinGeckoHistoryOptions, fetchCoinGeckoHistory } from "../../../../lib/providers/coingecko/history";
import { catchUpstreamError, recordingSleep, sendText, setupLocalServer } from "../../../support/http-server";

const KEY = "CG-testkey7Q2mZx9LpV4";
const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"));

function options(extra: Partial<CoinGeckoHistoryOptions> = {}): CoinGeckoHistoryOptions {
  return {
    baseUrl: `${server.url}/api/v3`,
    plan: "demo",
    apiKey: KEY,
    coinId: "bitcoin",
    days: 1,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 1_000_000,
    sleep: recordingSleep().sleep,
    ...extra,
  };
}

describe("fetchCoinGeckoHistory", () => {
  it("asks market_chart for usd and the days, with the key, and returns points at ms times", async () => {
    server.serve("market-chart.json");
    const points = await fetchCoinGeckoHistory(options());
    expect(server.requests.map((r) => r.url)).toEqual(["/api/v3/coins/bitcoin/market_chart?vs_currency=usd&days=1"]);
    expect(server.requests[0]?.headers["x-cg-demo-api-key"]).toBe(KEY);
    expect(points).toHaveLength(288);
    expect(points[0]).toEqual({
      ts: new Date("2026-05-17T14:24:59.041Z"),
      priceUsd: 77953.82550382407,
      volume24hUsd: 18688431751.857048,
    });
    expect(points.at(-1)?.ts.getTime()).toBe(1779114005592);
  });

  it("escapes an id so it cannot change the path", async () => {
    server.serve("market-chart.json");
    await fetchCoinGeckoHistory(options({ coinId: "../ping?x=1", days: 90 }));
    expect(server.requests[0]?.url).toBe("/api/v3/coins/..%2Fping%3Fx%3D1/market_chart?vs_currency=usd&days=90");
  });

  it("fails history beyond the plan's range (10012) once, as auth, with the key nowhere", async () => {
    server.serve("error-10012.json", 401);
    const error = await catchUpstreamError(fetchCoinGeckoHistory(options({ days: 400 })), [KEY]);
    expect(error).toMatchObject({ kind: "auth", providerCode: 10012, status: 401, attempts: 1 });
    expect(error.endpoint).toBe("coins/market_chart");
    expect(server.requests).toHaveLength(1);
  });

  it("maps an unknown coin (404, {error:'text'}) to bad_response without retrying", async () => {
    server.serve("error-404.json", 404);
    const error = await catchUpstreamError(fetchCoinGeckoHistory(options({ coinId: "nope" })), [KEY]);
    expect(error).toMatchObject({ kind: "bad_response", status: 404, attempts: 1 });
    expect(error.message).toBe("coingecko coins/market_chart: coin not found");
  });

  it("refuses days below 1 or fractional, and an empty id, before calling", async () => {
    server.handle((_req, res) => sendText(res, 500, "{}"));
    await expect(fetchCoinGeckoHistory(options({ days: 0 }))).rejects.toThrow(RangeError);
    await expect(fetchCoinGeckoHistory(options({ days: 1.5 }))).rejects.toThrow(RangeError);
    await expect(fetchCoinGeckoHistory(options({ coinId: " " }))).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
