// The CoinMarketCap ranking client against a real local server serving fixture bodies, and against
// the market simulator (an independent reading of the wire format).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestSimulator } from "@/test/support/simulator";
import type { RankingEntry } from "../../../../lib/domain/types";
import type { CoinMarketCapOptions } from "../../../../lib/providers/coinmarketcap/listings";
import { fetchCoinMarketCapRanking } from "../../../../lib/providers/coinmarketcap/ranking";
import {
  catchUpstreamError,
  loadFixture,
  recordingSleep,
  sendJson,
  setupLocalServer,
} from "../../../support/http-server";

const KEY = "cmc-test-key-0d9c8b7a-6f5e";

/** listings-messy.json without its second copy of id 1. */
function withoutRepeat() {
  const body = loadFixture(
    path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"),
    "listings-messy.json",
  ) as { data: { id: number }[] };
  return { ...body, data: body.data.filter((item, index) => item.id !== 1 || index === 0) };
}
const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"));

function options(extra: Partial<CoinMarketCapOptions> = {}): CoinMarketCapOptions {
  return {
    baseUrl: server.url,
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

const btc: RankingEntry = {
  rank: 1,
  providerId: "1",
  symbol: "BTC",
  name: "Bitcoin",
  marketCapUsd: 1940633190873.0725,
  volume24hUsd: 31845478259.227486,
  priceUsd: 97123.45678901234,
  slug: "bitcoin",
  circulatingSupply: 19981234,
  totalSupply: 19_981_234,
  lastUpdated: "2026-02-19T19:39:04.000Z",
  categories: [],
};

describe("fetchCoinMarketCapRanking", () => {
  it("calls listings/latest for the depth and ranks by cmc_rank, with exact values and the credits", async () => {
    server.serve("listings-success.json");
    const result = await fetchCoinMarketCapRanking(options());
    expect(server.requests.map((request) => request.url)).toEqual([
      "/v1/cryptocurrency/listings/latest?start=1&limit=3&convert=USD",
    ]);
    expect(server.requests[0]?.headers["x-cmc_pro_api_key"]).toBe(KEY);
    expect(result).toEqual({
      provider: "coinmarketcap",
      entries: [
        btc,
        {
          rank: 2,
          providerId: "825",
          symbol: "USDT",
          name: "Tether USDt",
          marketCapUsd: 186818076424.5777,
          volume24hUsd: 95896591072.41393,
          priceUsd: 0.999871151,
          slug: "tether",
          circulatingSupply: 186842150773.2,
          totalSupply: 189_001_234_567.8,
          lastUpdated: "2026-02-19T19:39:04.000Z",
          categories: ["stablecoin"],
        },
        // cmc_rank 287 in the body: positions are numbered without gaps.
        {
          rank: 3,
          providerId: "2682",
          symbol: "HOT",
          name: "Holo",
          marketCapUsd: null,
          volume24hUsd: null,
          priceUsd: 0.0000012345678901,
          slug: "holo",
          circulatingSupply: null,
          totalSupply: 177_619_433_541.14,
          lastUpdated: "2026-02-19T19:38:30.000Z",
          categories: [],
        },
      ],
      contracts: [{ providerId: "825", chain: "ethereum", address: "0xdac17f958d2ee523a2206206994597c13d831ec7" }],
      creditCount: 1,
      simulated: false,
      warnings: [],
      duplicateCount: 0,
      unrankedCount: 0,
      attempts: 1,
    });
  });

  it("orders by cmc_rank whatever the body's order, and leaves unranked listings out", async () => {
    server.serve("listings-unranked.json");
    const result = await fetchCoinMarketCapRanking(options());
    expect(result.entries).toEqual([
      {
        rank: 1,
        providerId: "1027",
        symbol: "ETH",
        name: "Ethereum",
        marketCapUsd: 331794525387.7729,
        volume24hUsd: 19788543210.98765,
        priceUsd: 2748.9137482044,
        slug: "ethereum",
        circulatingSupply: 120700234.81,
        totalSupply: 120_700_234.81,
        lastUpdated: "2026-02-19T19:39:04.000Z",
        categories: [],
      },
      {
        rank: 2,
        providerId: "52",
        symbol: "XRP",
        name: "XRP",
        marketCapUsd: 166067448813.63568,
        volume24hUsd: 4531289047.41902,
        priceUsd: 2.7756497839,
        slug: "xrp",
        circulatingSupply: 59831437491,
        totalSupply: 99_985_920_447,
        lastUpdated: "2026-02-19T19:39:03.000Z",
        categories: [],
      },
    ]);
    expect(result.unrankedCount).toBe(1);
    expect(result.warnings).toEqual([
      "left 1 listing(s) without a cmc_rank out of the ranking: 36861",
      "got 2 of 3 requested ranked coins",
    ]);
  });

  it("keeps unpriced listings in their place with no reference price", async () => {
    server.handle((_req, res) => sendJson(res, 200, withoutRepeat()));
    const result = await fetchCoinMarketCapRanking(options({ depth: 7 }));
    // Ranks 1 and 3, then four listings at rank 287 in the body's order.
    expect(result.entries.map((entry) => [entry.rank, entry.providerId, entry.priceUsd])).toEqual([
      [1, "1", 97123.45678901234],
      [2, "825", 0.999871151],
      [3, "9001", null],
      [4, "9002", null],
      [5, "9003", null],
      [6, "2682", 0.0000012345678901],
    ]);
    expect(result.creditCount).toBe(2);
    expect(result.duplicateCount).toBe(0);
    expect(result.warnings).toEqual(["got 6 of 7 requested ranked coins"]);
  });

  it("refuses an answer that names a coin twice: which copy would be right?", async () => {
    server.serve("listings-messy.json");
    const error = await catchUpstreamError(fetchCoinMarketCapRanking(options({ depth: 7 })));
    expect(error).toMatchObject({ kind: "bad_response", provider: "coinmarketcap", endpoint: "listings/latest" });
    expect(error.message).toBe("coinmarketcap listings/latest: one answer names 1 coin id(s) more than once: 1");
  });

  it("cuts the ranking at the depth even when the body holds more", async () => {
    server.serve("listings-success.json");
    const result = await fetchCoinMarketCapRanking(options({ depth: 1 }));
    expect(server.requests[0]?.url).toBe("/v1/cryptocurrency/listings/latest?start=1&limit=1&convert=USD");
    expect(result.entries).toEqual([btc]);
    expect(result.warnings).toEqual([]);
  });

  it("reads errors as the pricing client does: a missing key is auth, never retried", async () => {
    server.serve("error-1002.json", 401);
    const error = await catchUpstreamError(fetchCoinMarketCapRanking(options({ apiKey: undefined })));
    expect(error).toMatchObject({ kind: "auth", providerCode: 1002, status: 401, attempts: 1 });
    expect(error.message).toBe("coinmarketcap listings/latest: error 1002: API key missing.");
  });

  it("refuses a depth outside 1..5000 before calling", async () => {
    server.serve("listings-success.json");
    await expect(fetchCoinMarketCapRanking(options({ depth: 0 }))).rejects.toThrow(
      "CoinMarketCap depth must be an integer from 1 to 5000, got 0",
    );
    expect(server.requests).toEqual([]);
  });
});

describe("fetchCoinMarketCapRanking against the simulator", () => {
  it("ranks the simulated listings in market-cap order, each at the simulator's own price", async () => {
    const sim = await startTestSimulator();
    try {
      const result = await fetchCoinMarketCapRanking({
        baseUrl: sim.url,
        apiKey: sim.cmcKey,
        depth: 200,
        timeoutMs: 5_000,
        retries: 0,
        maxBodyBytes: 5_000_000,
      });
      const listed = sim.market.cmcRanking().slice(0, 200);
      expect(result.entries.map((entry) => entry.providerId)).toEqual(listed.map((asset) => String(asset.cmc?.id)));
      expect(result.entries.map((entry) => entry.priceUsd)).toEqual(listed.map((asset) => sim.market.cmcPrice(asset)));
      expect(result.entries.map((entry) => entry.rank)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(result.entries[0]).toMatchObject({ providerId: "1", symbol: "BTC", name: "Bitcoin" });
      expect(result).toMatchObject({ creditCount: 1, simulated: true, warnings: [] });
    } finally {
      await sim.close();
    }
  });
});
