import { describe, expect, it } from "vitest";
import { describeEvidence, summarizeEvidence } from "./describe";
import { compareRecords, type IdentityListing, prepareRecord } from "./evidence";

const record = (provider: string, fields: Partial<IdentityListing> & Pick<IdentityListing, "symbol" | "name">) =>
  prepareRecord(provider, { providerId: "1", priceUsd: null, marketCapUsd: null, ...fields }, []);
const CONTEXT = { candidateProvider: "coinmarketcap", rankedProvider: "cryptocompare" };
const OPTIONS = { divergencePct: 5 };

describe("describeEvidence", () => {
  it("names the contradictions with their figures", () => {
    const evidence = compareRecords(
      record("cryptocompare", { symbol: "LMD", name: "Lumen Dash", priceUsd: 4.1, marketCapUsd: 42e6 }),
      record("coinmarketcap", { symbol: "LMD", name: "Quarry Stone", priceUsd: 0.1, marketCapUsd: 0 }),
      OPTIONS,
    );
    expect(describeEvidence(evidence, { ...CONTEXT, rankedCapUsd: 42e6, candidateCapUsd: 0 })).toBe(
      "symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
    );
  });

  it("shows the supplies when they agree and the caps, counted on different supplies, do not", () => {
    const evidence = compareRecords(
      record("cryptocompare", {
        symbol: "Q",
        name: "Quoine Liquid",
        priceUsd: 0.1198,
        marketCapUsd: 1.198e8,
        totalSupply: 1e9,
      }),
      record("coinmarketcap", {
        symbol: "Q",
        name: "QASH",
        priceUsd: 0.119676529326,
        marketCapUsd: 41886785.2641,
        circulatingSupply: 3.5e8,
        totalSupply: 1e9,
      }),
      OPTIONS,
    );
    expect(describeEvidence(evidence, { ...CONTEXT, rankedCapUsd: 1.198e8, candidateCapUsd: 41886785.2641 })).toBe(
      "symbol agrees; market agrees: prices 0.1% apart, market caps differ 2.9×, supplies <0.1% apart",
    );
    expect(summarizeEvidence(evidence)).toBe("symbol and market agree");
  });

  it("leaves the supplies out when the caps already agree", () => {
    const evidence = compareRecords(
      record("cryptocompare", { symbol: "B", name: "Bee", priceUsd: 10, marketCapUsd: 1e9, circulatingSupply: 1e8 }),
      record("coinmarketcap", {
        symbol: "B",
        name: "Bee",
        priceUsd: 10.1,
        marketCapUsd: 1.01e9,
        circulatingSupply: 1e8,
      }),
      OPTIONS,
    );
    expect(describeEvidence(evidence, { ...CONTEXT, rankedCapUsd: 1e9, candidateCapUsd: 1.01e9 })).toBe(
      "symbol agrees; name agrees; market agrees: prices 1.0% apart, market caps 1.0% apart",
    );
  });
});
