import { describe, expect, it } from "vitest";
import { checkPrice, mergeTop, normalizeName } from "./merge";
import { parseOverrides } from "./overrides";
import { rankingEntry } from "./test-support/records";
import type { PriceQuote } from "./types";

function entry(rank: number, providerId: string, symbol: string, name: string, marketCapUsd: number | null = null) {
  return rankingEntry({ rank, providerId, symbol, name, marketCapUsd });
}

function quote(providerId: string, symbol: string, name: string, priceUsd: number, marketCapUsd: number | null = null) {
  return {
    providerId,
    symbol,
    name,
    slug: name.toLowerCase().replaceAll(" ", "-"),
    priceUsd,
    marketCapUsd,
    volume24hUsd: 1_000,
    change1hPct: 0.1,
    change24hPct: -1.5,
    change7dPct: 4,
    circulatingSupply: 10,
    lastUpdated: "2026-11-28T12:00:00.000Z",
  } satisfies PriceQuote;
}

const providers = { rankingProvider: "cryptocompare", pricingProvider: "coinmarketcap" };

// HOT is three assets at CoinMarketCap.
const hotQuotes = [
  quote("2682", "HOT", "Holo", 0.0021, 370_000_000),
  quote("2430", "HOT", "Hydro Protocol", 0.0009, 360_000_000),
  quote("90001", "HOT", "HOT Token", 0.5, 1_000_000),
];

describe("mergeTop", () => {
  it("matches a unique symbol and copies the quote's fields", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(1, "1182", "BTC", "Bitcoin", 1.9e12)],
      quotes: [quote("1", "BTC", "Bitcoin", 97123.456789, 1.93e12)],
    });
    expect(rows).toEqual([
      {
        rank: 1,
        symbol: "BTC",
        name: "Bitcoin",
        rankingId: "1182",
        rankChange: null,
        pricingProvider: "coinmarketcap",
        pricingId: "1",
        priceUsd: 97123.456789,
        priceStatus: "ok",
        priceReason: null,
        matchedBy: "symbol",
        marketCapUsd: 1.93e12,
        volume24hUsd: 1_000,
        change1hPct: 0.1,
        change24hPct: -1.5,
        change7dPct: 4,
        circulatingSupply: 10,
        lastUpdated: "2026-11-28T12:00:00.000Z",
        priceCheck: null,
      },
    ]);
    expect(counts).toEqual({
      matched: 1,
      ambiguous: 0,
      notListed: 0,
      duplicateRankingIds: 0,
      duplicatePricingIds: 0,
      priceCheckFlagged: 0,
    });
  });

  it("resolves colliding symbols by name: HOT is Holo, not Hydro Protocol", () => {
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "5001", "HOT", "Holo", 1e6)], quotes: hotQuotes });
    expect(rows[0]).toMatchObject({ pricingId: "2682", priceUsd: 0.0021, matchedBy: "symbol_name" });
  });

  it("resolves colliding symbols by market cap when no name matches", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "5001", "HOT", "Hot Token (old)", 1_400_000)],
      quotes: hotQuotes,
    });
    expect(rows[0]).toMatchObject({ pricingId: "90001", priceUsd: 0.5, matchedBy: "symbol_market_cap" });
  });

  it("marks colliding symbols ambiguous when two caps are within a factor of 2 and no name matches", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(7, "5001", "HOT", "Holochain", 365_000_000)],
      quotes: hotQuotes,
    });
    expect(rows[0]).toMatchObject({
      rank: 1,
      priceUsd: null,
      priceStatus: "ambiguous",
      pricingId: null,
      matchedBy: null,
    });
    expect(rows[0]?.priceReason).toBe(
      "3 coinmarketcap coins use symbol HOT; none is the only one matching by name or by market cap",
    );
    expect(counts.ambiguous).toBe(1);
  });

  it("marks colliding symbols ambiguous when the ranking provider has no market cap", () => {
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "5001", "HOT", "Holochain")], quotes: hotQuotes });
    expect(rows[0]?.priceStatus).toBe("ambiguous");
  });

  it("prices IOTA through the reviewed override although the symbols differ (IOT vs MIOTA)", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          {
            ranking: { provider: "cryptocompare", symbol: "IOT" },
            pricing: { provider: "coinmarketcap", id: "1720" },
          },
        ],
      }),
    );
    const quotes = [quote("1720", "MIOTA", "IOTA", 0.17, 5e8), quote("31337", "IOT", "Helium IOT", 0.0009, 1.4e8)];
    const entries = [entry(1, "127356", "IOT", "IOTA", 5.1e8)];
    expect(mergeTop({ ...providers, entries, quotes, overrides }).rows[0]).toMatchObject({
      pricingId: "1720",
      priceUsd: 0.17,
      matchedBy: "override",
    });
    // Without the override the unique symbol wins, which is exactly the wrong merge the override prevents.
    expect(mergeTop({ ...providers, entries, quotes }).rows[0]).toMatchObject({
      pricingId: "31337",
      matchedBy: "symbol",
    });
  });

  it("ignores overrides written for another pair of providers", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "coingecko", id: "iota" }, pricing: { provider: "coinmarketcap", id: "1" } },
        ],
      }),
    );
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "iota", "IOT", "IOTA", 5e8)],
      quotes: [quote("1720", "MIOTA", "IOTA", 0.17, 5e8)],
      overrides,
    });
    expect(rows[0]).toMatchObject({ pricingId: "1720", matchedBy: "name_market_cap" });
  });

  it("says not_listed when an override names an id the pricing provider does not list", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "cryptocompare", id: "9" }, pricing: { provider: "coinmarketcap", id: "404" } },
        ],
      }),
    );
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "9", "X", "X")], quotes: [], overrides });
    expect(rows[0]).toMatchObject({
      priceUsd: null,
      priceStatus: "not_listed",
      priceReason: "coinmarketcap does not list id 404 named by the override",
    });
  });

  it("matches by name when no symbol matches, only with agreeing market caps", () => {
    const quotes = [quote("1720", "MIOTA", "IOTA", 0.17, 5e8)];
    expect(mergeTop({ ...providers, entries: [entry(1, "1", "IOT", "Iota", 4e8)], quotes }).rows[0]).toMatchObject({
      priceUsd: 0.17,
      matchedBy: "name_market_cap",
    });
    expect(mergeTop({ ...providers, entries: [entry(1, "1", "IOT", "IOTA", 9e9)], quotes }).rows[0]).toMatchObject({
      priceUsd: null,
      priceStatus: "not_listed",
    });
  });

  it("marks a name match ambiguous when two candidates agree on market cap", () => {
    const quotes = [quote("1", "AAA", "Wrapped Thing", 1, 5e8), quote("2", "BBB", "Wrapped Thing", 2, 6e8)];
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "x", "WT", "Wrapped Thing", 5.5e8)], quotes });
    expect(rows[0]).toMatchObject({ priceStatus: "ambiguous", priceUsd: null });
  });

  it("keeps a ranked coin the pricing provider does not list, with a null price and a reason, never 0", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [entry(199, "2001", "WINGS", "Wings", 1e6), entry(200, "1182", "BTC", "Bitcoin")],
      quotes: [quote("1", "BTC", "Bitcoin", 97000)],
    });
    expect(rows.map((row) => [row.rank, row.symbol, row.priceUsd, row.priceStatus])).toEqual([
      [1, "WINGS", null, "not_listed"],
      [2, "BTC", 97000, "ok"],
    ]);
    expect(rows[0]?.priceReason).toBe("coinmarketcap lists no coin with symbol WINGS or name Wings in its top 1");
    expect(counts).toMatchObject({ matched: 1, notListed: 1 });
  });

  it("drops a repeated ranking id, keeps ranks consecutive, and ignores a repeated quote id", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [
        entry(1, "1182", "BTC", "Bitcoin"),
        entry(2, "1182", "BTC", "Bitcoin"),
        entry(3, "7605", "ETH", "Ethereum"),
      ],
      quotes: [
        quote("1", "BTC", "Bitcoin", 97000),
        quote("1", "BTC", "Bitcoin", 1),
        quote("1027", "ETH", "Ethereum", 3000),
      ],
    });
    expect(rows.map((row) => [row.rank, row.symbol, row.priceUsd])).toEqual([
      [1, "BTC", 97000],
      [2, "ETH", 3000],
    ]);
    expect(counts).toMatchObject({ duplicateRankingIds: 1, duplicatePricingIds: 1, matched: 2 });
  });

  it("orders rows by the provider's rank whatever the input order", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(2, "b", "ETH", "Ethereum"), entry(1, "a", "BTC", "Bitcoin")],
      quotes: [],
    });
    expect(rows.map((row) => row.symbol)).toEqual(["BTC", "ETH"]);
  });

  it("handles empty inputs", () => {
    expect(mergeTop({ ...providers, entries: [], quotes: [] })).toEqual({
      rows: [],
      counts: {
        matched: 0,
        ambiguous: 0,
        notListed: 0,
        duplicateRankingIds: 0,
        duplicatePricingIds: 0,
        priceCheckFlagged: 0,
      },
    });
    const { rows } = mergeTop({ ...providers, entries: [entry(1, "1182", "BTC", "Bitcoin")], quotes: [] });
    expect(rows[0]).toMatchObject({ priceUsd: null, priceStatus: "not_listed" });
  });

  it("says how many places each coin moved since the previous ranking, and null for a newcomer", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "b", "ETH", "Ethereum"), entry(2, "a", "BTC", "Bitcoin"), entry(3, "w", "WINGS", "Wings")],
      quotes: [],
      previousRanks: new Map([
        ["a", 1],
        ["b", 2],
      ]),
    });
    expect(rows.map((row) => [row.symbol, row.rankChange])).toEqual([
      ["ETH", 1],
      ["BTC", -1],
      ["WINGS", null],
    ]);
  });

  it("compares symbols case-insensitively", () => {
    const { rows } = mergeTop({
      ...providers,
      entries: [entry(1, "1", "btc", "Bitcoin")],
      quotes: [quote("1", "BTC", "Bitcoin", 5)],
    });
    expect(rows[0]?.priceUsd).toBe(5);
  });
});

describe("mergeTop with one provider in both roles", () => {
  const same = { rankingProvider: "coingecko", pricingProvider: "coingecko" };

  it("joins by the provider's own id, even where symbols repeat", () => {
    // CoinGecko: two coins use the symbol TRUMP; the ids tell them apart.
    const entries = [entry(1, "bitcoin", "BTC", "Bitcoin"), entry(2, "official-trump", "TRUMP", "Official Trump")];
    const quotes = [
      quote("maga", "TRUMP", "MAGA", 0.41),
      quote("official-trump", "TRUMP", "Official Trump", 9.87),
      quote("bitcoin", "BTC", "Bitcoin", 97_000.5),
    ];
    const { rows, counts } = mergeTop({ ...same, entries, quotes });
    expect(rows.map((row) => [row.rankingId, row.pricingId, row.priceUsd, row.matchedBy])).toEqual([
      ["bitcoin", "bitcoin", 97_000.5, "id"],
      ["official-trump", "official-trump", 9.87, "id"],
    ]);
    expect(counts).toMatchObject({ matched: 2, ambiguous: 0, notListed: 0 });
  });

  it("leaves a coin without its own quote unpriced, with the reason, never matched by symbol", () => {
    const entries = [entry(1, "wrapped-x", "WX", "Wrapped X")];
    const { rows, counts } = mergeTop({ ...same, entries, quotes: [quote("other-x", "WX", "Wrapped X", 1.5)] });
    expect(rows[0]).toMatchObject({
      priceUsd: null,
      priceStatus: "not_listed",
      matchedBy: null,
      priceReason: "coingecko has no price for its own id wrapped-x in its top 1",
    });
    expect(counts.notListed).toBe(1);
  });
});

describe("the cross-source price check", () => {
  const withReference = (priceUsd: number | null) => ({ ...entry(1, "1182", "BTC", "Bitcoin"), priceUsd });

  it("flags a price more than the threshold away from the ranking provider's own, and counts it", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [withReference(100)],
      quotes: [quote("1", "BTC", "Bitcoin", 106.125)],
    });
    expect(rows[0]?.priceCheck).toEqual({ referenceUsd: 100, divergencePct: 6.13, flagged: true });
    expect(counts.priceCheckFlagged).toBe(1);
  });

  it("leaves agreeing prices, and rows without a reference or a price, unflagged", () => {
    const { rows, counts } = mergeTop({
      ...providers,
      entries: [withReference(100), { ...entry(2, "2", "ETH", "Ethereum"), priceUsd: null }],
      quotes: [quote("1", "BTC", "Bitcoin", 105), quote("2", "ETH", "Ethereum", 3000)],
    });
    expect(rows.map((row) => row.priceCheck)).toEqual([null, null]);
    expect(counts.priceCheckFlagged).toBe(0);
    expect(checkPrice(95, 100, 5)).toBeNull();
    expect(checkPrice(94.99, 100, 5)).toEqual({ referenceUsd: 100, divergencePct: 5.01, flagged: true });
    expect(checkPrice(1, 0, 5)).toBeNull();
  });

  it("takes the threshold from the input", () => {
    const input = { ...providers, entries: [withReference(100)], quotes: [quote("1", "BTC", "Bitcoin", 102)] };
    expect(mergeTop({ ...input, divergencePct: 1.5 }).rows[0]?.priceCheck?.divergencePct).toBe(2);
    expect(mergeTop(input).rows[0]?.priceCheck).toBeNull();
  });

  it("exposes a wrong override: the coin it names is priced far from the ranking's own price", () => {
    // A mistaken review: IOTA pointed at Helium IOT instead of CoinMarketCap 1720.
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          {
            ranking: { provider: "cryptocompare", symbol: "IOT" },
            pricing: { provider: "coinmarketcap", id: "31337" },
          },
        ],
      }),
    );
    const quotes = [quote("1720", "MIOTA", "IOTA", 0.17, 5e8), quote("31337", "IOT", "Helium IOT", 0.0009, 1.4e8)];
    const entries = [{ ...entry(1, "127356", "IOT", "IOTA", 5.1e8), priceUsd: 0.171 }];
    const [row] = mergeTop({ ...providers, entries, quotes, overrides }).rows;
    expect(row).toMatchObject({ pricingId: "31337", matchedBy: "override", priceUsd: 0.0009 });
    expect(row?.priceCheck).toEqual({ referenceUsd: 0.171, divergencePct: 99.47, flagged: true });
  });
});

describe("mergeTop with one quote matched by several ranked coins", () => {
  // CoinMarketCap ranks three HOTs; CryptoCompare prices only Holo under that symbol.
  const swapped = { rankingProvider: "coinmarketcap", pricingProvider: "cryptocompare" };
  const ranked = [
    entry(1, "2682", "HOT", "Holo", 3.7e8),
    entry(2, "2430", "HOT", "Hydro Protocol", 3.6e8),
    entry(3, "90001", "HOT", "HOT Token", 1e6),
  ];

  it("gives the quote to the coin whose name agrees, and no price to the others", () => {
    const quotes = [quote("916", "HOT", "Holo", 0.0021, 3.7e8)];
    const { rows, counts } = mergeTop({ ...swapped, entries: ranked, quotes });
    expect(rows.map((row) => [row.symbol, row.name, row.priceUsd, row.priceStatus, row.matchedBy])).toEqual([
      ["HOT", "Holo", 0.0021, "ok", "symbol"],
      ["HOT", "Hydro Protocol", null, "not_listed", null],
      ["HOT", "HOT Token", null, "not_listed", null],
    ]);
    expect(rows[1]?.priceReason).toBe(
      "cryptocompare's HOT (Holo, id 916) is Holo, ranked 1; cryptocompare lists no other coin with symbol HOT",
    );
    expect(counts).toMatchObject({ matched: 1, notListed: 2, ambiguous: 0 });
  });

  it("prices none of them when no name agrees: the quote could be any of them", () => {
    const entries = [entry(1, "501", "ABC", "AlphaBeta Chain", 2e8), entry(2, "502", "ABC", "ABC Token", 1.5e8)];
    const quotes = [quote("77", "ABC", "Alpha Beta Coin", 1.73, 1.8e8)];
    const { rows, counts } = mergeTop({ ...swapped, entries, quotes });
    expect(rows.map((row) => [row.priceUsd, row.priceStatus])).toEqual([
      [null, "ambiguous"],
      [null, "ambiguous"],
    ]);
    expect(rows[0]?.priceReason).toBe(
      "2 ranked coins (AlphaBeta Chain, ABC Token) match cryptocompare's one ABC (Alpha Beta Coin, id 77); none is the only one matching by name",
    );
    expect(counts).toMatchObject({ matched: 0, ambiguous: 2 });
  });

  it("lets a reviewed override win over a name match", () => {
    const overrides = parseOverrides(
      JSON.stringify({
        overrides: [
          { ranking: { provider: "coinmarketcap", id: "90001" }, pricing: { provider: "cryptocompare", id: "916" } },
        ],
      }),
    );
    const quotes = [quote("916", "HOT", "Holo", 0.0021, 3.7e8)];
    const { rows } = mergeTop({ ...swapped, entries: ranked, quotes, overrides });
    expect(rows.map((row) => [row.name, row.priceStatus])).toEqual([
      ["Holo", "not_listed"],
      ["Hydro Protocol", "not_listed"],
      ["HOT Token", "ok"],
    ]);
  });
});

describe("normalizeName", () => {
  it.each([
    ["Hydro Protocol", "hydroprotocol"],
    ["Tether USDt", "tetherusdt"],
    ["Crypto.com Coin", "cryptocomcoin"],
    ["Señor Coin", "senorcoin"],
  ])("%s → %s", (name, expected) => {
    expect(normalizeName(name)).toBe(expected);
  });
});
