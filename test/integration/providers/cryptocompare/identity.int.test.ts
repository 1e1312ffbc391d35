// CryptoCompare's coin list against a real recorded body (fixtures/PROVENANCE.md) and the simulator.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { startTestSimulator } from "@/test/support/simulator";
import { fetchCryptoCompareCoinList } from "../../../../lib/providers/cryptocompare/identity";
import {
  catchUpstreamError,
  loadFixture,
  recordingSleep,
  sendJson,
  setupLocalServer,
} from "../../../support/http-server";

const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"));
const connection = (baseUrl = server.url, apiKey = "cc-key") => ({
  baseUrl,
  apiKey,
  timeoutMs: 2_000,
  retries: 1,
  maxBodyBytes: 5_000_000,
  sleep: recordingSleep().sleep,
});

describe("fetchCryptoCompareCoinList", () => {
  it("reads a real coin list: the name without the bracketed symbol, the unique symbol, no contract for a coin", async () => {
    server.serve("coinlist-legacy-2017.json");
    const result = await fetchCryptoCompareCoinList(connection());
    expect(server.requests[0]?.url).toBe("/data/all/coinlist");
    expect(server.requests[0]?.headers.authorization).toBe("Apikey cc-key");
    expect(result.coins).toHaveLength(35);
    expect(result.coins.find((coin) => coin.providerId === "4321")).toEqual({
      providerId: "4321",
      symbol: "42",
      name: "42 Coin",
      slug: null,
      rank: null,
      contracts: [],
    });
    expect(result.skipped).toBe(0);
  });

  it("reads a token's contract from BuiltOn and SmartContractAddress, and skips a malformed entry", async () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"),
      "coinlist-legacy-2017.json",
    ) as { Data: Record<string, unknown> };
    server.handle((_req, res) =>
      sendJson(res, 200, {
        ...body,
        Data: {
          ...body.Data,
          "HOT*": {
            Id: "902007",
            Symbol: "HOT*",
            CoinName: "Hydro Protocol",
            FullName: "Hydro Protocol (HOT*)",
            BuiltOn: "ETH",
            SmartContractAddress: "0x9af839687f6c94542ac5ece2e317daae355493a1",
          },
          BROKEN: { Symbol: "BROKEN" },
        },
      }),
    );
    const result = await fetchCryptoCompareCoinList(connection());
    expect(result.coins.find((coin) => coin.providerId === "902007")).toEqual({
      providerId: "902007",
      symbol: "HOT*",
      name: "Hydro Protocol",
      slug: null,
      rank: null,
      contracts: [{ chain: "ethereum", address: "0x9af839687f6c94542ac5ece2e317daae355493a1" }],
    });
    expect(result.skipped).toBe(1);
  });

  it("reads CryptoCompare's error envelope", async () => {
    server.serve("error-auth.json");
    const error = await catchUpstreamError(fetchCryptoCompareCoinList(connection()));
    expect(error).toMatchObject({ kind: "auth", provider: "cryptocompare" });
  });
});

describe("against the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  it("gets every simulated coin, the tokens with their contract", async () => {
    const result = await fetchCryptoCompareCoinList(connection(sim.url, sim.cryptocompareKey));
    expect(result.coins.length).toBeGreaterThan(600);
    expect(result.simulated).toBe(true);
    const nimbus = result.coins.find((coin) => coin.symbol === "NMB");
    expect(nimbus).toMatchObject({
      name: "Nimbus Bridge",
      contracts: [{ chain: "ethereum", address: expect.stringMatching(/^0x[0-9a-f]{40}$/) }],
    });
  });
});
