import { describe, expect, it } from "vitest";
import type { CmcListing } from "./schema";
import { toPriceQuotes } from "./transform";

function listing(id: number, price: number | null, extra: Partial<CmcListing> = {}): CmcListing {
  return {
    id,
    symbol: `S${id}`,
    name: `Coin ${id}`,
    slug: `coin-${id}`,
    circulating_supply: 1_000,
    last_updated: "2026-02-19T19:00:00.000Z",
    quote: {
      USD: {
        price,
        market_cap: 5_000,
        volume_24h: 700,
        percent_change_1h: 0.5,
        percent_change_24h: -1.25,
        percent_change_7d: 3,
        last_updated: null,
      },
    },
    ...extra,
  };
}

describe("toPriceQuotes", () => {
  it("maps a listing field by field, falling back to the item's last_updated", () => {
    expect(toPriceQuotes([listing(7, 0.00000042)]).quotes).toEqual([
      {
        providerId: "7",
        symbol: "S7",
        name: "Coin 7",
        slug: "coin-7",
        priceUsd: 0.00000042,
        marketCapUsd: 5_000,
        volume24hUsd: 700,
        change1hPct: 0.5,
        change24hPct: -1.25,
        change7dPct: 3,
        circulatingSupply: 1_000,
        lastUpdated: "2026-02-19T19:00:00.000Z",
      },
    ]);
  });

  it("drops null, zero, negative and non-finite prices and names them", () => {
    const result = toPriceQuotes([
      listing(1, 10),
      listing(2, null),
      listing(3, 0),
      listing(4, -2),
      listing(5, Number.POSITIVE_INFINITY),
      listing(6, Number.NaN),
    ]);
    expect(result.quotes.map((q) => q.providerId)).toEqual(["1"]);
    expect(result.droppedIds).toEqual(["2", "3", "4", "5", "6"]);
  });

  it("keeps the first of duplicate ids, even when the first one has no price", () => {
    const result = toPriceQuotes([listing(1, 10), listing(2, null), listing(1, 11), listing(2, 20)]);
    expect(result.quotes.map((q) => [q.providerId, q.priceUsd])).toEqual([["1", 10]]);
    expect(result.duplicateIds).toEqual(["1", "2"]);
    expect(result.droppedIds).toEqual(["2"]);
  });
});
