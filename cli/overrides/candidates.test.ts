import { describe, expect, it } from "vitest";
import { type MergeInput, mergeTop } from "../../lib/domain/merge";
import type { RankingEntry } from "../../lib/domain/types";
import { priceQuote, rankingEntry } from "../../test/support/records";
import { formatOverrideEntry, suggestOverrides } from "./candidates";

const entry = (
  rank: number,
  providerId: string,
  symbol: string,
  name: string,
  priceUsd: number,
  marketCapUsd: number,
) => rankingEntry({ rank, providerId, symbol, name, priceUsd, marketCapUsd });

const quote = (providerId: string, symbol: string, name: string, priceUsd: number, marketCapUsd: number | null) =>
  priceQuote({ providerId, symbol, name, priceUsd, marketCapUsd });

function suggest(entries: RankingEntry[], quotes: ReturnType<typeof quote>[]) {
  const input: MergeInput = { rankingProvider: "cryptocompare", pricingProvider: "coinmarketcap", entries, quotes };
  return suggestOverrides(input, mergeTop(input).rows);
}

describe("suggestOverrides", () => {
  it("shows the unique-symbol trap with the evidence against it, and offers no entry for it", () => {
    const [trap] = suggest(
      [entry(1, "800", "LMD", "Lumen Drift", 0.82, 4.2e7)],
      [quote("30001", "LMD", "Quarry Stone", 0.02, 0)],
    );
    expect(trap?.row).toMatchObject({ priceStatus: "not_listed", priceUsd: null });
    expect(trap?.candidates).toEqual([
      {
        provider: "coinmarketcap",
        providerId: "30001",
        symbol: "LMD",
        name: "Quarry Stone",
        marketCapUsd: 0,
        evidence: "symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
        linkable: false,
        contradicted: true,
        listed: true,
      },
    ]);
    // A contradicted candidate is not this coin: no entry is offered that would price it wrongly.
    expect(trap?.overrides).toEqual([]);
  });

  it("offers every candidate of an ambiguous coin, strongest first, and none for a coin without candidates", () => {
    const suggestions = suggest(
      [entry(1, "1", "ABC", "Alpha Beta", 1, 1e6), entry(2, "3", "GONE", "Gone Coin", 1, 1e6)],
      [
        quote("11", "ABC", "Alpha Beta", 1.01, 1e6),
        quote("12", "ABC", "Alpha Beta", 0.99, 1.05e6),
        quote("13", "XYZ", "Other", 1, 1e6),
      ],
    );
    expect(suggestions.map((s) => [s.row.symbol, s.row.priceStatus, s.overrides.map((o) => o.pricing.id)])).toEqual([
      ["ABC", "ambiguous", ["11", "12"]],
      ["GONE", "not_listed", []],
    ]);
    expect(suggestions[0]?.overrides[0]).toEqual({
      ranking: { provider: "cryptocompare", id: "1" },
      pricing: { provider: "coinmarketcap", id: "11" },
      note: "Alpha Beta (ABC) at cryptocompare is Alpha Beta (ABC, id 11) at coinmarketcap: symbol agrees; name agrees; market agrees: prices 1.0% apart, market caps <0.1% apart.",
    });
    expect(suggestions[0]?.candidates.map((c) => c.evidence)).toEqual([
      "symbol agrees; name agrees; market agrees: prices 1.0% apart, market caps <0.1% apart",
      "symbol agrees; name agrees; market agrees: prices 1.0% apart, market caps 5.0% apart",
    ]);
  });
});

describe("formatting", () => {
  it("lays an entry out like config/overrides.json, and it parses back to the same entry", () => {
    const value = {
      ranking: { provider: "cryptocompare", id: "5001" },
      pricing: { provider: "coinmarketcap", id: "3001" },
      note: 'Say "hi".',
    };
    const lines = formatOverrideEntry(value);
    expect(lines).toEqual([
      "{",
      '  "ranking": { "provider": "cryptocompare", "id": "5001" },',
      '  "pricing": { "provider": "coinmarketcap", "id": "3001" },',
      '  "note": "Say \\"hi\\"."',
      "}",
    ]);
    expect(JSON.parse(lines.join("\n"))).toEqual(value);
  });
});
