// CoinGecko's coin list and markets by id against a real recorded body (fixtures/PROVENANCE.md) and the simulator.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { startTestSimulator } from "@/test/support/simulator";
import { fetchCoinGeckoCoinsList, fetchCoinGeckoMarketsById } from "../../../../lib/providers/coingecko/identity";
import { recordingSleep, setupLocalServer } from "../../../support/http-server";

const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"));
const connection = (baseUrl = server.url) => ({
  baseUrl,
  plan: "demo" as const,
  timeoutMs: 2_000,
  retries: 1,
  maxBodyBytes: 5_000_000,
  sleep: recordingSleep().sleep,
});

describe("fetchCoinGeckoCoinsList on a real recorded body", () => {
  it("keeps every coin with its contracts per platform, chains named as identity compares them", async () => {
    server.serve("coins-list-platforms.json");
    const result = await fetchCoinGeckoCoinsList(connection());
    expect(server.requests[0]?.url).toBe("/coins/list?include_platform=true");
    expect(result.coins).toHaveLength(58);
    expect(result.coins[0]).toEqual({
      providerId: "woofy",
      symbol: "WOOFY",
      name: "Woofy",
      slug: "woofy",
      rank: null,
      contracts: [
        { chain: "ethereum", address: "0xd0660cd418a64a1d44e9214ad8e459324d8157f1" },
        { chain: "polygon", address: "0xd0660cd418a64a1d44e9214ad8e459324d8157f1" },
        { chain: "fantom", address: "0xd0660cd418a64a1d44e9214ad8e459324d8157f1" },
      ],
    });
    const wbtc = result.coins.find((coin) => coin.providerId === "wrapped-bitcoin");
    expect(wbtc?.contracts.length).toBeGreaterThan(10);
    expect(result.skipped).toBe(0);
  });
});

describe("against the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  it("lists every coin and prices the ids asked for, marked as fetched by id", async () => {
    const list = await fetchCoinGeckoCoinsList(connection(`${sim.url}/api/v3`));
    expect(list.coins.length).toBeGreaterThan(700);
    const byId = await fetchCoinGeckoMarketsById(connection(`${sim.url}/api/v3`), [
      "tidewell",
      "bitcoin",
      "no-such-coin",
    ]);
    expect(byId.quotes.map((q) => [q.providerId, q.source]).sort()).toEqual([
      ["bitcoin", "by_id"],
      ["tidewell", "by_id"],
    ]);
    expect(byId.missingIds).toEqual(["no-such-coin"]);
  });
});
