// The CryptoCompare pricing client against a real local server paging through fixture bodies, and
// against the market simulator (an independent reading of the wire format).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allRanked, startTestSimulator } from "@/test/support/simulator";
import type { PriceQuote } from "../../../../lib/domain/types";
import {
  type CryptoComparePricingOptions,
  fetchCryptoComparePrices,
} from "../../../../lib/providers/cryptocompare/pricing";
import { catchUpstreamError, recordingSleep, setupLocalServer } from "../../../support/http-server";

const KEY = "cc-test-key-7a6b5c4d3e2f";
const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"));

function options(extra: Partial<CryptoComparePricingOptions> = {}): CryptoComparePricingOptions {
  return {
    baseUrl: server.url,
    apiKey: KEY,
    depth: 500,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 1_000_000,
    sleep: recordingSleep().sleep,
    now: () => new Date("2026-02-19T19:41:30.000Z"),
    ...extra,
  };
}

const btc: PriceQuote = {
  providerId: "1182",
  symbol: "BTC",
  name: "Bitcoin",
  slug: null,
  priceUsd: 91837.1234567891,
  marketCapUsd: 1834090123456.789,
  volume24hUsd: 23012345678.912346,
  change1hPct: -0.12910288345,
  change24hPct: 1.55077382901,
  change7dPct: null,
  circulatingSupply: 19971234,
  totalSupply: 19_971_234,
  lastUpdated: "2026-02-19T19:42:03.000Z",
};

describe("fetchCryptoComparePrices", () => {
  it("reads mktcapfull with the key and maps RAW.USD field by field", async () => {
    server.servePages({ 0: "mktcapfull-priced.json" });
    const result = await fetchCryptoComparePrices(options());
    expect(server.requests.map((request) => request.url)).toEqual(["/data/top/mktcapfull?tsym=USD&limit=100&page=0"]);
    expect(server.requests[0]?.headers.authorization).toBe(`Apikey ${KEY}`);
    expect(result.quotes).toEqual([
      btc,
      // No CIRCULATINGSUPPLY: SUPPLY stands in.
      {
        providerId: "7605",
        symbol: "ETH",
        name: "Ethereum",
        slug: null,
        priceUsd: 2731.0458813372,
        marketCapUsd: 329622512345.1234,
        volume24hUsd: 15234567890.5,
        change1hPct: 0.2841,
        change24hPct: -2.0046,
        change7dPct: null,
        circulatingSupply: 120694878.114886,
        totalSupply: 120_694_878.114886,
        lastUpdated: "2026-02-19T19:41:59.000Z",
      },
      // A supply and market cap of 0 are unknown; no LASTUPDATE, no 1 h change.
      {
        providerId: "900006",
        symbol: "TINY",
        name: "Tiny Coin",
        slug: null,
        priceUsd: 0.00000012,
        marketCapUsd: null,
        volume24hUsd: 812.25,
        change1hPct: null,
        change24hPct: -7.5,
        change7dPct: null,
        circulatingSupply: null,
        totalSupply: null,
        lastUpdated: null,
      },
    ]);
    expect(result).toMatchObject({
      provider: "cryptocompare",
      creditCount: null,
      simulated: false,
      duplicateCount: 0,
      droppedCount: 3,
      totalCount: 6,
      pages: 1,
      attempts: 1,
    });
  });

  it("leaves coins without RAW, without RAW.USD or without a positive price out, and says so", async () => {
    server.servePages({ 0: "mktcapfull-priced.json" });
    const result = await fetchCryptoComparePrices(options());
    expect(result.warnings).toEqual([
      "no quote for 3 coin(s) without a positive USD price: 900003, 900004, 900005",
      "got 6 of 500 requested coins (provider total: 6)",
    ]);
    // The sponsored coin is an advertisement, not part of the list.
    expect(result.quotes.map((quote) => quote.providerId)).not.toContain("555555");
  });

  it("counts unpriced coins towards the depth, since they hold their place in the list", async () => {
    server.servePages({ 0: "mktcapfull-priced.json" });
    const result = await fetchCryptoComparePrices(options({ depth: 3 }));
    expect(result.quotes.map((quote) => quote.providerId)).toEqual(["1182", "7605"]);
    expect(result.droppedCount).toBe(1);
    expect(result.warnings).toEqual(["no quote for 1 coin(s) without a positive USD price: 900003"]);
  });

  it("pages 100 at a time to the depth, skipping a coin repeated on the next page", async () => {
    server.servePages({ 0: "toplist-page-0.json", 1: "toplist-page-1-shifted.json" });
    const result = await fetchCryptoComparePrices(options({ depth: 150 }));
    expect(server.requests.map((request) => request.url)).toEqual([
      "/data/top/mktcapfull?tsym=USD&limit=100&page=0",
      "/data/top/mktcapfull?tsym=USD&limit=100&page=1",
    ]);
    // 150 distinct coins; two of them (no RAW, a price of 0) have no quote.
    expect(result.quotes).toHaveLength(148);
    expect(result.duplicateCount).toBe(1);
    expect(result.quotes[0]).toEqual({
      providerId: "1182",
      symbol: "BTC",
      name: "Bitcoin",
      slug: null,
      priceUsd: 91234.5678901234,
      marketCapUsd: 1822013355678.0312,
      volume24hUsd: 23071033571.570385,
      change1hPct: null,
      change24hPct: -1.462,
      change7dPct: null,
      circulatingSupply: 19970647.0674,
      totalSupply: null,
      lastUpdated: "2026-02-19T19:40:01.000Z",
    });
    expect(result.warnings).toEqual([
      "skipped 1 coin id(s) seen on two pages (the list moved between requests): 900100",
      "no quote for 2 coin(s) without a positive USD price: 900037, 900051",
    ]);
  });

  it("reads errors as the ranking client does: a keyless 401 is auth, never retried", async () => {
    server.serve("unauthorized-401.json", 401);
    const error = await catchUpstreamError(fetchCryptoComparePrices(options({ apiKey: undefined })));
    expect(error).toMatchObject({ kind: "auth", status: 401, endpoint: "top/mktcapfull", attempts: 1 });
    expect(server.requests[0]?.headers).not.toHaveProperty("authorization");
  });
});

describe("fetchCryptoComparePrices against the simulator", () => {
  it("prices every coin of the simulated mktcapfull list that has a USD market, at its RAW price", async () => {
    const sim = await startTestSimulator();
    try {
      const result = await fetchCryptoComparePrices({
        baseUrl: sim.url,
        apiKey: sim.cryptocompareKey,
        depth: 300,
        timeoutMs: 5_000,
        retries: 0,
        maxBodyBytes: 5_000_000,
      });
      const items = (await allRanked(sim, "mktcapfull")).slice(0, 300);
      const priced = items.filter((item) => item.RAW !== undefined);
      expect(priced.length).toBeLessThan(items.length);
      expect(result.quotes.map((quote) => quote.providerId)).toEqual(priced.map((item) => item.CoinInfo.Id));
      expect(result.quotes.map((quote) => quote.priceUsd)).toEqual(priced.map((item) => item.RAW?.USD.PRICE));
      expect(result.quotes.map((quote) => quote.circulatingSupply)).toEqual(
        priced.map((item) => item.RAW?.USD.CIRCULATINGSUPPLY),
      );
      expect(result.quotes[0]).toMatchObject({ providerId: "1182", symbol: "BTC", name: "Bitcoin" });
      expect(result).toMatchObject({ pages: 3, simulated: true, droppedCount: items.length - priced.length });
    } finally {
      await sim.close();
    }
  });
});
