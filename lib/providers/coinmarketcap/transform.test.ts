import { describe, expect, it } from "vitest";
import { type CmcListing, cmcListingsSchema } from "./schema";
import { listingContracts, toPriceQuotes, toProviderCoin, toRankingEntries } from "./transform";

function listing(id: number, price: number | null, extra: Partial<CmcListing> = {}): CmcListing {
  return {
    id,
    symbol: `S${id}`,
    name: `Coin ${id}`,
    slug: `coin-${id}`,
    circulating_supply: 1_000,
    platform: null,
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
        totalSupply: null,
        lastUpdated: "2026-02-19T19:00:00.000Z",
      },
    ]);
  });

  it("keeps the total supply for identity; a glitch in it or a 0 loses the figure, not the listing", () => {
    const raw = (id: number, total: unknown) => ({ ...listing(id, 1), total_supply: total });
    const body = cmcListingsSchema.parse({
      status: { error_code: 0 },
      data: [raw(1, 1_000_000_000), raw(2, "1000000000"), raw(3, 0), raw(4, null)],
    });
    expect(toPriceQuotes(body.data).quotes.map((q) => [q.providerId, q.totalSupply])).toEqual([
      ["1", 1_000_000_000],
      ["2", null],
      ["3", null],
      ["4", null],
    ]);
    expect(
      toRankingEntries(
        body.data.map((item, i) => ({ ...item, cmc_rank: i + 1 })),
        10,
      ).entries[0]?.totalSupply,
    ).toBe(1_000_000_000);
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

describe("toRankingEntries", () => {
  it("numbers listings by cmc_rank from 1, cut at the depth, with the price as a reference", () => {
    const result = toRankingEntries(
      [
        listing(30, 3, { cmc_rank: 7 }),
        listing(10, 1, { cmc_rank: 2 }),
        listing(40, null, { cmc_rank: 9 }),
        listing(20, 2, { cmc_rank: 5 }),
      ],
      3,
    );
    expect(result.entries).toEqual([
      {
        rank: 1,
        providerId: "10",
        symbol: "S10",
        name: "Coin 10",
        marketCapUsd: 5_000,
        volume24hUsd: 700,
        priceUsd: 1,
        slug: "coin-10",
        circulatingSupply: 1_000,
        totalSupply: null,
        lastUpdated: "2026-02-19T19:00:00.000Z",
      },
      {
        rank: 2,
        providerId: "20",
        symbol: "S20",
        name: "Coin 20",
        marketCapUsd: 5_000,
        volume24hUsd: 700,
        priceUsd: 2,
        slug: "coin-20",
        circulatingSupply: 1_000,
        totalSupply: null,
        lastUpdated: "2026-02-19T19:00:00.000Z",
      },
      {
        rank: 3,
        providerId: "30",
        symbol: "S30",
        name: "Coin 30",
        marketCapUsd: 5_000,
        volume24hUsd: 700,
        priceUsd: 3,
        slug: "coin-30",
        circulatingSupply: 1_000,
        totalSupply: null,
        lastUpdated: "2026-02-19T19:00:00.000Z",
      },
    ]);
  });

  it("gives an unpriced listing no reference price, keeps the first of a repeated id and names the unranked", () => {
    const result = toRankingEntries(
      [
        listing(1, 0, { cmc_rank: 1 }),
        listing(1, 5, { cmc_rank: 3 }),
        listing(2, 4),
        listing(3, 4, { cmc_rank: null }),
      ],
      10,
    );
    expect(result.entries.map((entry) => [entry.rank, entry.providerId, entry.priceUsd])).toEqual([[1, "1", null]]);
    expect(result.duplicateIds).toEqual(["1"]);
    expect(result.unrankedIds).toEqual(["2", "3"]);
  });
});

describe("identity fields", () => {
  it("reads a listing's platform as a contract, chain named as identity compares it, and skips coins", () => {
    const token = listing(825, 1, {
      platform: { name: "Ethereum", slug: "ethereum", token_address: "0xdAC17F958D2ee523a2206206994597C13D831ec7" },
    });
    expect(listingContracts([listing(1, 1), token])).toEqual([
      { providerId: "825", chain: "ethereum", address: "0xdac17f958d2ee523a2206206994597c13d831ec7" },
    ]);
  });

  it("keeps a map coin's slug, rank and contract", () => {
    expect(
      toProviderCoin({
        id: 5426,
        symbol: "SOL",
        name: "Solana",
        slug: "solana",
        rank: 5,
        platform: null,
      }),
    ).toEqual({ providerId: "5426", symbol: "SOL", name: "Solana", slug: "solana", rank: 5, contracts: [] });
    expect(
      toProviderCoin({
        id: 3408,
        symbol: "USDC",
        name: "USDC",
        slug: "usd-coin",
        rank: 7,
        platform: {
          name: "BNB Smart Chain (BEP20)",
          slug: "bnb",
          token_address: "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d",
        },
      }).contracts,
    ).toEqual([{ chain: "bsc", address: "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d" }]);
  });
});

describe("coin classes from tags", () => {
  it("gives each listing of a real body (2021-08-31) its classes, for the price list and the ranking", async () => {
    const { readFile } = await import("node:fs/promises");
    const raw = JSON.parse(await readFile(new URL("./fixtures/listings-tags-2021.json", import.meta.url), "utf8"));
    const body = cmcListingsSchema.parse(raw);
    const classes = (records: { symbol: string; categories?: unknown }[]) =>
      records.map((record) => [record.symbol, record.categories]);
    const expected = [
      ["BTC", []],
      ["USDT", ["stablecoin"]],
      ["WBTC", ["wrapped"]],
      ["DAI", ["stablecoin"]],
      ["UST", ["stablecoin"]],
    ];
    expect(classes(toPriceQuotes(body.data).quotes)).toEqual(expected);
    expect(classes(toRankingEntries(body.data, 5).entries)).toEqual(expected);
  });

  it("reads v2 quotes' tag objects by slug; a listing without tags, or with a malformed list, has unknown classes", () => {
    const body = cmcListingsSchema.parse({
      status: { error_code: 0 },
      data: [
        { ...listing(1, 1), tags: [{ slug: "usd-stablecoin", name: "USD Stablecoin", category: "CATEGORY" }] },
        listing(2, 1),
        { ...listing(3, 1), tags: "stablecoin" },
      ],
    });
    expect(toPriceQuotes(body.data).quotes.map((quote) => [quote.providerId, quote.categories])).toEqual([
      ["1", ["stablecoin"]],
      ["2", undefined],
      ["3", undefined],
    ]);
  });
});
