// Finding a coin the price list holds below the ranking's depth, from one merged view in memory.
import { describe, expect, it } from "vitest";
import { priceQuote, rankingEntry } from "../../test/support/records";
import type { StoredLink } from "../domain/identity/registry";
import type { PriceSnapshot, RankingSnapshot } from "../domain/types";
import { findCoin, findListed } from "./coin-lookup";
import { unrankedRow } from "./coin-unranked";
import { mergeSnapshots } from "./view";

const AT = new Date("2026-12-08T10:00:00.000Z");

function link(assetId: string, provider: string, providerId: string, symbol: string, name: string): StoredLink {
  return {
    assetId,
    provider,
    providerId,
    symbol,
    name,
    slug: null,
    rule: provider === "cryptocompare" ? "origin" : "evidence",
    madeBy: "auto",
    evidence: "symbol and name agree",
    firstConfirmedAt: AT,
    lastConfirmedAt: AT,
    contradictions: 0,
    lastContradiction: null,
  } as StoredLink;
}

const ranking: RankingSnapshot = {
  id: 4,
  provider: "cryptocompare",
  fetchedAt: AT,
  contentHash: "r",
  entries: [rankingEntry({ rank: 1, providerId: "1182", symbol: "BTC", name: "Bitcoin" })],
};
const pricing: PriceSnapshot = {
  id: 9,
  provider: "coinmarketcap",
  fetchedAt: AT,
  contentHash: "p",
  creditCount: 3,
  quotes: [
    priceQuote({ providerId: "1", symbol: "BTC", name: "Bitcoin", priceUsd: 97000 }),
    // Dogecoin was ranked once (its asset keeps its links) and is below the depth now.
    priceQuote({
      providerId: "74",
      symbol: "DOGE",
      name: "Dogecoin",
      priceUsd: 0.2,
      marketCapUsd: 3e10,
      categories: [],
    }),
    // Never ranked, so never linked: no stable id.
    priceQuote({ providerId: "825", symbol: "USDT", name: "Tether", priceUsd: 1.0002, categories: ["stablecoin"] }),
  ],
};
const links = [
  link("bitcoin", "coinmarketcap", "1", "BTC", "Bitcoin"),
  link("bitcoin", "cryptocompare", "1182", "BTC", "Bitcoin"),
  link("dogecoin", "coinmarketcap", "74", "DOGE", "Dogecoin"),
  link("dogecoin", "cryptocompare", "4432", "DOGE", "Dogecoin"),
];
const merged = mergeSnapshots(ranking, pricing, [], null, undefined, { registry: { links }, version: 1 });

describe("findListed", () => {
  it("finds a linked coin below the depth by its stable id, and only when the ranking lacks it", () => {
    expect(findCoin(merged, "dogecoin")).toBeNull();
    const found = findListed(merged, "dogecoin");
    expect(found).toEqual({ coin: { quote: pricing.quotes[1], provider: "coinmarketcap", assetId: "dogecoin" } });
    expect(findCoin(merged, "bitcoin")?.row.rank).toBe(1);
  });

  it("names a coin by <pricing provider>:<its id>: a linked or ranked coin's key leads to its stable id", () => {
    expect(findListed(merged, "coinmarketcap:74")).toEqual({ redirectTo: "dogecoin" });
    expect(findListed(merged, "coinmarketcap:1")).toEqual({ redirectTo: "bitcoin" });
    expect(findListed(merged, "coinmarketcap:825")).toEqual({
      coin: { quote: pricing.quotes[2], provider: "coinmarketcap", assetId: null },
    });
    expect(findListed(merged, "coingecko:825")).toBeNull();
    expect(findListed(merged, "coinmarketcap:999")).toBeNull();
    expect(findListed(merged, "tether")).toBeNull();
  });

  it("finds nothing in a view built without the price list", () => {
    expect(findListed({ ...merged, pricing: undefined }, "dogecoin")).toBeNull();
  });
});

describe("unrankedRow", () => {
  it("is a row without a rank, priced from the quote", () => {
    const found = findListed(merged, "coinmarketcap:825");
    if (found === null || !("coin" in found)) throw new Error("Tether not found");
    expect(unrankedRow(found.coin)).toEqual({
      rank: null,
      id: null,
      symbol: "USDT",
      name: "Tether",
      rankingId: null,
      rankChange: null,
      pricingProvider: "coinmarketcap",
      pricingId: "825",
      priceUsd: 1.0002,
      priceStatus: "ok",
      priceReason: null,
      matchedBy: null,
      matchEvidence: null,
      priceSource: "listing",
      marketCapUsd: null,
      volume24hUsd: null,
      change1hPct: null,
      change24hPct: null,
      change7dPct: null,
      circulatingSupply: null,
      lastUpdated: null,
      priceCheck: null,
      categories: ["stablecoin"],
    });
  });
});
