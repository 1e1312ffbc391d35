// The CryptoCompare client against a real local server that pages through fixture bodies
// (errors are in client-errors.test.ts).
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RankingEntry } from "../../../../lib/domain/types";
import { type CryptoCompareOptions, fetchCryptoCompareRanking } from "../../../../lib/providers/cryptocompare/client";
import { readFixture, recordingSleep, sendText, setupLocalServer } from "../../../support/http-server";

const KEY = "cc-test-key-1e2d3c4b5a69";
const HERE = path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare");
const server = setupLocalServer(HERE);

function options(extra: Partial<CryptoCompareOptions> = {}): CryptoCompareOptions {
  return {
    baseUrl: server.url,
    apiKey: KEY,
    toplist: "totalvolfull",
    depth: 150,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 1_000_000,
    sleep: recordingSleep().sleep,
    now: () => new Date("2026-02-19T19:41:30.000Z"),
    ...extra,
  };
}

const PAGES = { 0: "toplist-page-0.json", 1: "toplist-page-1.json" };
const btc: RankingEntry = {
  rank: 1,
  providerId: "1182",
  symbol: "BTC",
  name: "Bitcoin",
  marketCapUsd: 1822013355678.0312,
  volume24hUsd: 23071033571.570385,
  priceUsd: 91234.5678901234,
  circulatingSupply: 19970647.0674,
  totalSupply: null,
  lastUpdated: "2026-02-19T19:40:01.000Z",
};

describe("fetchCryptoCompareRanking across pages", () => {
  it("reads two pages of 100 and slices to the depth, with exact values", async () => {
    server.servePages(PAGES);
    const result = await fetchCryptoCompareRanking(options());
    expect(server.requests.map((r) => r.url)).toEqual([
      "/data/top/totalvolfull?tsym=USD&limit=100&page=0",
      "/data/top/totalvolfull?tsym=USD&limit=100&page=1",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Apikey ${KEY}`);
    expect(result.entries).toHaveLength(150);
    expect(result.entries.map((e) => e.rank)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(result.entries[0]).toEqual(btc);
    expect(result.entries[100]).toEqual({
      rank: 101,
      providerId: "900101",
      symbol: "TK101",
      name: "Token 101",
      marketCapUsd: 97787556.534653,
      volume24hUsd: 12223444.45545,
      priceUsd: 2.462963342104,
      circulatingSupply: 39703212.3308,
      totalSupply: null,
      lastUpdated: "2026-02-19T19:41:41.000Z",
    });
    expect(result.entries[149]?.providerId).toBe("900150");
    expect(result).toMatchObject({
      provider: "cryptocompare",
      simulated: false,
      warnings: [],
      duplicateCount: 0,
      totalCount: 160,
      pages: 2,
      attempts: 2,
    });
  });

  it("keeps a coin without RAW, nulls a zero price and never ranks sponsored coins", async () => {
    server.servePages(PAGES);
    const { entries } = await fetchCryptoCompareRanking(options());
    expect(entries[36]).toEqual({
      rank: 37,
      providerId: "900037",
      symbol: "TK037",
      name: "Token 37",
      marketCapUsd: null,
      volume24hUsd: null,
      priceUsd: null,
      circulatingSupply: null,
      totalSupply: null,
      lastUpdated: null,
    });
    expect(entries[50]).toEqual({
      rank: 51,
      providerId: "900051",
      symbol: "TK051",
      name: "Token 51",
      marketCapUsd: 193657710,
      volume24hUsd: 24207213.52941,
      priceUsd: null,
      circulatingSupply: 28213050.5822,
      totalSupply: null,
      lastUpdated: "2026-02-19T19:40:51.000Z",
    });
    expect(entries.find((e) => e.providerId === "555555" || e.symbol === "PROMO")).toBeUndefined();
  });

  it("asks for limit=100 and slices when the depth is under a page", async () => {
    server.servePages(PAGES, { "x-simulated-data": "true" });
    const result = await fetchCryptoCompareRanking(options({ depth: 3, toplist: "mktcapfull" }));
    expect(server.requests.map((r) => r.url)).toEqual(["/data/top/mktcapfull?tsym=USD&limit=100&page=0"]);
    expect(result.entries.map((e) => [e.rank, e.symbol])).toEqual([
      [1, "BTC"],
      [2, "ETH"],
      [3, "USDT"],
    ]);
    expect(result.simulated).toBe(true);
  });

  it("returns what exists when the provider has fewer coins than the depth", async () => {
    server.servePages(PAGES);
    const result = await fetchCryptoCompareRanking(options({ depth: 200 }));
    expect(result.entries).toHaveLength(160);
    expect(result.entries[159]?.rank).toBe(160);
    expect(result.pages).toBe(2);
    expect(result.warnings).toEqual(["got 160 of 200 requested coins (provider total: 160)"]);
  });

  it("drops a coin repeated on the next page and renumbers ranks without gaps", async () => {
    server.servePages({ 0: "toplist-page-0.json", 1: "toplist-page-1-shifted.json" });
    const result = await fetchCryptoCompareRanking(options());
    expect(result.duplicateCount).toBe(1);
    expect(result.entries.map((e) => e.rank)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(result.entries[99]).toMatchObject({ rank: 100, providerId: "900100" });
    expect(result.entries[100]).toMatchObject({ rank: 101, providerId: "900101", priceUsd: 2.462963342104 });
    expect(new Set(result.entries.map((e) => e.providerId)).size).toBe(150);
    expect(result.warnings).toEqual([
      "skipped 1 coin id(s) seen on two pages (the list moved between requests): 900100",
    ]);
  });

  it("fetches one extra page to refill what duplicates took, and no more", async () => {
    // Page 1 repeats page 0 entirely, so 100 unique coins are missing after two pages; the
    // provider's total (601 here) says more pages exist.
    const bigList = (name: string) => readFixture(HERE, name).replace('"Count": 160', '"Count": 601');
    const bodies = [bigList("toplist-page-0.json"), bigList("toplist-page-0.json"), bigList("toplist-page-0.json")];
    server.handle((req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page"));
      sendText(res, 200, bodies[page] ?? '{"unexpected": true}');
    });
    const result = await fetchCryptoCompareRanking(options({ depth: 200 }));
    // ceil(200 / 100) + 1 pages at most, even though the list keeps repeating.
    expect(result.pages).toBe(3);
    expect(result.duplicateCount).toBe(200);
    expect(result.entries).toHaveLength(100);
    expect(result.totalCount).toBe(601);
  });

  it("refills from the next page after a duplicate", async () => {
    const bodies: Record<number, string> = {
      0: readFixture(HERE, "toplist-page-0.json").replace('"Count": 160', '"Count": 601'),
      1: readFixture(HERE, "toplist-page-0.json").replace('"Count": 160', '"Count": 601'),
      2: readFixture(HERE, "toplist-page-1.json").replace('"Count": 160', '"Count": 601'),
    };
    server.handle((req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page"));
      sendText(res, 200, bodies[page] ?? '{"unexpected": true}');
    });
    const result = await fetchCryptoCompareRanking(options({ depth: 120 }));
    expect(result.pages).toBe(3);
    expect(result.entries).toHaveLength(120);
    expect(result.entries[100]).toMatchObject({ rank: 101, providerId: "900101" });
  });
});
