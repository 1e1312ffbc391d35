import { describe, expect, it } from "vitest";
import {
  compareRecords,
  type IdentityListing,
  identityStrength,
  isLinkable,
  marketTolerancePct,
  prepareRecord,
} from "./evidence";

const listing = (fields: Partial<IdentityListing> & Pick<IdentityListing, "symbol" | "name">): IdentityListing => ({
  providerId: "1",
  priceUsd: null,
  marketCapUsd: null,
  ...fields,
});
const cc = (fields: Parameters<typeof listing>[0]) => prepareRecord("cryptocompare", listing(fields), []);
const cmc = (fields: Parameters<typeof listing>[0]) => prepareRecord("coinmarketcap", listing(fields), []);
const OPTIONS = { divergencePct: 5 };

describe("compareRecords", () => {
  it("counts symbol, name and market as the supporting signals", () => {
    const evidence = compareRecords(
      cc({ symbol: "BTC", name: "Bitcoin", priceUsd: 100, marketCapUsd: 1e9 }),
      cmc({ symbol: "BTC", name: "Bitcoin", priceUsd: 101, marketCapUsd: 1.1e9 }),
      OPTIONS,
    );
    expect(evidence).toMatchObject({ symbol: true, name: "exact", market: true, supporting: 3, contradictions: [] });
    expect(isLinkable(evidence)).toBe(true);
  });

  it("needs the market cap within 2× or the supply within 10% besides the price", () => {
    const a = cc({ symbol: "X", name: "X", priceUsd: 1, marketCapUsd: 1e9, circulatingSupply: 1e9 });
    expect(compareRecords(a, cmc({ symbol: "Y", name: "Y", priceUsd: 1, marketCapUsd: 3e9 }), OPTIONS).market).toBe(
      false,
    );
    expect(
      compareRecords(
        a,
        cmc({ symbol: "Y", name: "Y", priceUsd: 1, marketCapUsd: 3e9, circulatingSupply: 1.05e9 }),
        OPTIONS,
      ).market,
    ).toBe(true);
    expect(compareRecords(a, cmc({ symbol: "Y", name: "Y", priceUsd: 1.06, marketCapUsd: 1e9 }), OPTIONS).market).toBe(
      false,
    );
  });

  it("compares a supply with the other side's circulating and total supplies: providers disagree on what circulates", () => {
    // CryptoCompare's SUPPLY is the total supply (1B); CoinMarketCap counts 350M circulating of the
    // same 1B, so the caps are 2.9× apart while the supplies are the same.
    const ranked = cc({
      symbol: "Q",
      name: "Quoine Liquid",
      priceUsd: 0.1198,
      marketCapUsd: 1.198e8,
      totalSupply: 1e9,
    });
    const listed = cmc({
      symbol: "Q",
      name: "QASH",
      priceUsd: 0.1197,
      marketCapUsd: 4.19e7,
      circulatingSupply: 3.5e8,
      totalSupply: 1e9,
    });
    const evidence = compareRecords(ranked, listed, OPTIONS);
    expect(evidence).toMatchObject({ symbol: true, name: null, market: true, supplyRatio: 1, contradictions: [] });
    expect(isLinkable(evidence)).toBe(true);
    // Circulating against total counts too, and the closest pair is the one reported.
    const crossed = compareRecords(
      cc({ symbol: "Q", name: "Q", priceUsd: 1, marketCapUsd: 1e9, circulatingSupply: 1e9 }),
      cmc({ symbol: "Q", name: "Q", priceUsd: 1, marketCapUsd: 3e8, circulatingSupply: 3e8, totalSupply: 1.02e9 }),
      OPTIONS,
    );
    expect(crossed.supplyRatio).toBeCloseTo(1.02, 6);
    expect(crossed.market).toBe(true);
  });

  it("never lets a supply alone make the market agree: the price must agree too", () => {
    const evidence = compareRecords(
      cc({ symbol: "Q", name: "Quoine Liquid", priceUsd: 0.12, marketCapUsd: 1.2e8, totalSupply: 1e9 }),
      cmc({
        symbol: "Q",
        name: "QASH",
        priceUsd: 0.15,
        marketCapUsd: 5.2e7,
        circulatingSupply: 3.5e8,
        totalSupply: 1e9,
      }),
      OPTIONS,
    );
    expect(evidence).toMatchObject({ market: false, supplyRatio: 1, contradictions: ["names_disjoint"] });
    expect(isLinkable(evidence)).toBe(false);
  });

  it("does not read a name's capitals as the other name: they spell the ticker, already counted", () => {
    // "Alpha Beta Coin" and "ABC Token" share only the symbol ABC; the initials are that symbol again.
    const evidence = compareRecords(
      cc({ symbol: "ABC", name: "Alpha Beta Coin" }),
      cmc({ symbol: "ABC", name: "ABC Token" }),
      OPTIONS,
    );
    expect(evidence).toMatchObject({ symbol: true, name: null, contradictions: ["names_disjoint"] });
    expect(isLinkable(evidence)).toBe(false);
  });

  it("weighs identity without the market: a listed candidate with market agreement is no stronger on identity", () => {
    const withMarket = compareRecords(
      cc({ symbol: "S", name: "Shiba Inu", priceUsd: 1, marketCapUsd: 1e9 }),
      cmc({ symbol: "S", name: "Shiba Inu Classic", priceUsd: 1, marketCapUsd: 1e9 }),
      OPTIONS,
    );
    const deeper = compareRecords(
      cc({ symbol: "S", name: "Shiba Inu" }),
      cmc({ symbol: "S", name: "Shiba Inu" }),
      OPTIONS,
    );
    expect(identityStrength(deeper)).toBeGreaterThan(identityStrength(withMarket));
  });
});

describe("marketTolerancePct", () => {
  const at = (iso: string | null) => cc({ symbol: "X", name: "X", lastUpdated: iso });

  it("is the divergence threshold for same-minute figures, or when a time is unknown", () => {
    expect(marketTolerancePct(5, at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:40Z"))).toBeCloseTo(5.26, 2);
    expect(marketTolerancePct(5, at(null), at("2026-01-01T00:00:00Z"))).toBe(5);
  });

  it("widens with the square root of the days between the figures, up to three thresholds", () => {
    expect(marketTolerancePct(5, at("2026-01-01T00:00:00Z"), at("2026-01-01T02:00:00Z"))).toBeCloseTo(8.46, 2);
    expect(marketTolerancePct(5, at("2026-01-01T00:00:00Z"), at("2026-01-07T00:00:00Z"))).toBe(15);
  });
});
