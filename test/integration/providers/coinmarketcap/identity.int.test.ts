// CoinMarketCap's identity clients against a local server serving real recorded bodies
// (fixtures/PROVENANCE.md), and against the market simulator.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { startTestSimulator } from "@/test/support/simulator";
import { fetchCoinMarketCapMap, fetchCoinMarketCapQuotesById } from "../../../../lib/providers/coinmarketcap/identity";
import {
  catchUpstreamError,
  loadFixture,
  recordingSleep,
  sendJson,
  setupLocalServer,
} from "../../../support/http-server";

const KEY = "cmc-identity-key";
const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"));
const options = (baseUrl = server.url, apiKey = KEY) => ({
  baseUrl,
  apiKey,
  timeoutMs: 2_000,
  retries: 1,
  maxBodyBytes: 5_000_000,
  sleep: recordingSleep().sleep,
});

describe("fetchCoinMarketCapMap on a real recorded body", () => {
  it("asks for the active coins by rank, page by page, and keeps slug, rank and token contract", async () => {
    server.serve("map.json");
    const result = await fetchCoinMarketCapMap(options());
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v1/cryptocurrency/map?listing_status=active&start=1&limit=5000&sort=cmc_rank",
    ]);
    expect(server.requests[0]?.headers["x-cmc_pro_api_key"]).toBe(KEY);
    expect(result.coins).toHaveLength(57);
    expect(result.coins[0]).toEqual({
      providerId: "1",
      symbol: "BTC",
      name: "Bitcoin",
      slug: "bitcoin",
      rank: 1,
      contracts: [],
    });
    expect(result.coins.find((coin) => coin.providerId === "1853")).toEqual({
      providerId: "1853",
      symbol: "OAX",
      name: "OAX",
      slug: "oax",
      rank: 409,
      contracts: [{ chain: "ethereum", address: "0x701c244b988a513c945973defa05de933b23fe1d" }],
    });
    expect(result).toMatchObject({ skipped: 0, creditCount: 1, calls: 1, simulated: false });
  });

  it("skips a malformed coin and keeps the others", async () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"),
      "map.json",
    ) as { data: unknown[] };
    server.handle((_req, res) => sendJson(res, 200, { ...body, data: [{ id: "x" }, ...body.data] }));
    const result = await fetchCoinMarketCapMap(options());
    expect(result.coins).toHaveLength(57);
    expect(result.skipped).toBe(1);
  });

  it("reads CoinMarketCap's error envelope as the listings client does", async () => {
    server.serve("error-1002.json", 401);
    const error = await catchUpstreamError(fetchCoinMarketCapMap(options()));
    expect(error).toMatchObject({ kind: "auth", providerCode: 1002, endpoint: "cryptocurrency/map" });
  });
});

describe("fetchCoinMarketCapQuotesById on a real recorded body", () => {
  it("asks for the ids in one call and marks the quotes as fetched by id", async () => {
    server.serve("quotes-latest-v1-ids.json");
    const result = await fetchCoinMarketCapQuotesById(options(), ["1", "2", "99999999"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v2/cryptocurrency/quotes/latest?id=1%2C2%2C99999999&convert=USD&skip_invalid=true",
    ]);
    expect(result.quotes.map((q) => [q.providerId, q.symbol, q.priceUsd, q.source])).toEqual([
      ["1", "BTC", 3475.55287338, "by_id"],
      ["2", "LTC", expect.any(Number), "by_id"],
    ]);
    expect(result.quotes[0]).toMatchObject({
      slug: "bitcoin",
      marketCapUsd: 60886038568.19836,
      circulatingSupply: 17518375,
    });
    expect(result.missingIds).toEqual(["99999999"]);
    expect(result.creditCount).toBe(1);
  });

  it("never sends an id that is not CoinMarketCap's (digits only)", async () => {
    server.serve("quotes-latest-v1-ids.json");
    const result = await fetchCoinMarketCapQuotesById(options(), ["1", "1&x=y", ""]);
    expect(server.requests[0]?.url).toBe("/v2/cryptocurrency/quotes/latest?id=1&convert=USD&skip_invalid=true");
    expect(result.quotes.map((q) => q.providerId)).toEqual(["1"]);
  });
});

describe("against the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  it("reads the whole simulated map and prices a deep coin by id at the listings price", async () => {
    const map = await fetchCoinMarketCapMap(options(sim.url, sim.cmcKey));
    expect(map.coins.length).toBeGreaterThan(700);
    expect(map.simulated).toBe(true);
    const deep = map.coins.find((coin) => coin.symbol === "TDW");
    expect(deep?.rank).toBeGreaterThan(500);
    const byId = await fetchCoinMarketCapQuotesById(options(sim.url, sim.cmcKey), [deep?.providerId ?? ""]);
    expect(byId.quotes).toHaveLength(1);
    expect(byId.quotes[0]).toMatchObject({ providerId: deep?.providerId, symbol: "TDW", source: "by_id" });
    expect(byId.creditCount).toBe(1);
  });
});
