import { describe, expect, it } from "vitest";
import { mergeTop } from "../../lib/domain/merge";
import { priceQuote, rankingEntry } from "../../lib/domain/test-support/records";
import type { RankingEntry } from "../../lib/domain/types";
import { findCandidates, formatOverrideEntry, formatRatio, suggestOverrides } from "./candidates";

const entry = (symbol: string, name: string, marketCapUsd: number | null) =>
  rankingEntry({ providerId: "900", symbol, name, marketCapUsd });

const quote = (providerId: string, symbol: string, name: string, marketCapUsd: number | null) =>
  priceQuote({ providerId, symbol, name, marketCapUsd });

describe("findCandidates", () => {
  it("takes the same symbol (any case) and the same normalized name, closest market cap first", () => {
    const quotes = [
      quote("1", "hot", "Hot Token", 4e6),
      quote("2", "HOT", "Holo", 0.9e6),
      quote("3", "HOLO", "Hólo", 2e6),
      quote("4", "XYZ", "Other", 1e6),
      quote("5", "HOT", "Hydro Protocol", null),
    ];
    const found = findCandidates(entry("HOT", "Holo", 1e6), quotes);
    expect(found.map((c) => [c.quote.providerId, c.sameSymbol, c.sameName, c.capRatio])).toEqual([
      ["2", true, true, 0.9],
      ["3", false, true, 2],
      ["1", true, false, 4],
      ["5", true, false, null],
    ]);
  });

  it("breaks equal distances by a name match, then by id; 0.5 and 2 are equally far from 1", () => {
    const quotes = [
      quote("20", "ABC", "Other", 2e6),
      quote("10", "ABC", "Alpha", 0.5e6),
      quote("30", "ABC", "Beta", 0.5e6),
    ];
    expect(findCandidates(entry("ABC", "Alpha", 1e6), quotes).map((c) => c.quote.providerId)).toEqual([
      "10",
      "20",
      "30",
    ]);
  });

  it("keeps the first quote of a repeated id, as the merge does, and ignores empty names", () => {
    const quotes = [quote("7", "QQ", "First", 1e6), quote("7", "QQ", "Second", 1e6), quote("8", "ZZ", "", 1e6)];
    expect(findCandidates(entry("QQ", "—", 1e6), quotes).map((c) => c.quote.name)).toEqual(["First"]);
  });
});

describe("suggestOverrides", () => {
  it("offers every candidate of an ambiguous coin and the closest one of an unlisted coin", () => {
    const entries: RankingEntry[] = [
      { ...entry("ABC", "Alpha", 1e6), rank: 1, providerId: "1" },
      { ...entry("NEW", "New Coin", 1e6), rank: 2, providerId: "2" },
      { ...entry("GONE", "Gone", 1e6), rank: 3, providerId: "3" },
    ];
    const quotes = [
      quote("11", "ABC", "Alpha One", 1.5e6),
      quote("12", "ABC", "Alpha Two", 0.8e6),
      quote("13", "NW", "New Coin", 3e6),
    ];
    const { rows } = mergeTop({ rankingProvider: "cryptocompare", pricingProvider: "coinmarketcap", entries, quotes });
    const suggestions = suggestOverrides({
      rankingProvider: "cryptocompare",
      pricingProvider: "coinmarketcap",
      entries,
      quotes,
      rows,
    });
    expect(suggestions.map((s) => [s.row.symbol, s.row.priceStatus, s.overrides.map((o) => o.pricing.id)])).toEqual([
      ["ABC", "ambiguous", ["12", "11"]],
      ["NEW", "not_listed", ["13"]],
      ["GONE", "not_listed", []],
    ]);
    expect(suggestions[1]?.overrides[0]).toEqual({
      ranking: { provider: "cryptocompare", id: "2" },
      pricing: { provider: "coinmarketcap", id: "13" },
      note: "New Coin (NEW) at cryptocompare is New Coin (NW, id 13) at coinmarketcap, market cap ratio 3.00.",
    });
  });
});

describe("formatting", () => {
  it.each([
    [0.92, "0.92"],
    [5, "5.00"],
    [1234.5, "1234.50"],
    [0.0042, "0.0042"],
  ])("writes the ratio %d as %s", (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });

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
