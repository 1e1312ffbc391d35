// Schema and transform against CoinGecko's sample bodies (fixtures/ copies of upstream/samples).
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../../test/support/http-server";
import type { PriceQuote, RankingEntry } from "../../domain/types";
import { cgMarketChartSchema, cgMarketsSchema } from "./schema";
import { fromMarkets, toHistoryPoints, toProviderCoin } from "./transform";

const HERE = import.meta.dirname;
const markets = (name: string) => cgMarketsSchema.parse(loadFixture(HERE, name));

const btcQuote: PriceQuote = {
  providerId: "bitcoin",
  symbol: "BTC",
  name: "Bitcoin",
  slug: "bitcoin",
  priceUsd: 78751,
  marketCapUsd: 1573669157766,
  volume24hUsd: 63211002000,
  change1hPct: 0.3127740126218011,
  change24hPct: 2.690723391581318,
  change7dPct: -9.88134270126402,
  circulatingSupply: 19982656,
  totalSupply: 19_982_656,
  lastUpdated: "2026-02-03T07:51:04.352Z",
};

describe("cgMarketsSchema", () => {
  it("reads the sample bodies, sparkline or not, and keeps null max_supply as no maximum", () => {
    const full = markets("markets.json");
    expect(full.map((m) => [m.id, m.symbol, m.market_cap_rank, m.max_supply])).toEqual([
      ["bitcoin", "btc", 1, 21000000],
      ["ethereum", "eth", 2, null],
      ["tether", "usdt", 3, null],
      ["official-trump", "trump", 98, 1000000000],
      ["maga", "trump", 3187, null],
    ]);
    expect(full[0]).not.toHaveProperty("sparkline_in_7d");
    expect(markets("markets-no-sparkline.json")[2]?.price_change_percentage_1h_in_currency).toBeUndefined();
  });

  it("rejects a price sent as a string and a fractional rank", () => {
    const [btc] = loadFixture(HERE, "markets-no-sparkline.json") as Record<string, unknown>[];
    expect(cgMarketsSchema.safeParse([{ ...btc, current_price: "78751" }]).success).toBe(false);
    expect(cgMarketsSchema.safeParse([{ ...btc, market_cap_rank: 1.5 }]).success).toBe(false);
  });
});

describe("fromMarkets", () => {
  it("gives both roles from the sample, keyed on the id, so the two TRUMPs stay apart", () => {
    const result = fromMarkets(markets("markets.json"), 250);
    expect(result.quotes[0]).toEqual(btcQuote);
    expect(result.quotes.map((q) => [q.providerId, q.symbol, q.priceUsd])).toEqual([
      ["bitcoin", "BTC", 78751],
      ["ethereum", "ETH", 2324.82],
      ["tether", "USDT", 0.999108],
      ["official-trump", "TRUMP", 4.62],
      ["maga", "TRUMP", 0.04951],
    ]);
    const btcEntry: RankingEntry = {
      rank: 1,
      providerId: "bitcoin",
      symbol: "BTC",
      name: "Bitcoin",
      marketCapUsd: 1573669157766,
      volume24hUsd: 63211002000,
      priceUsd: 78751,
      slug: "bitcoin",
      circulatingSupply: 19982656,
      totalSupply: 19_982_656,
      lastUpdated: "2026-02-03T07:51:04.352Z",
    };
    expect(result.entries[0]).toEqual(btcEntry);
    // Positions, not CoinGecko's ranks 98 and 3187: the ranking role expects 1..n.
    expect(result.entries.map((e) => `${e.rank}:${e.providerId}`)).toEqual([
      "1:bitcoin",
      "2:ethereum",
      "3:tether",
      "4:official-trump",
      "5:maga",
    ]);
    expect([result.duplicateIds, result.unrankedIds, result.droppedIds]).toEqual([[], [], []]);
  });

  it("keeps the total supply for identity; a glitch in it loses the figure, not the coin", () => {
    const [btc, eth] = loadFixture(HERE, "markets-no-sparkline.json") as Record<string, unknown>[];
    const body = cgMarketsSchema.parse([btc, { ...eth, total_supply: "120693657" }]);
    const result = fromMarkets(body, 2);
    expect(result.quotes.map((q) => [q.providerId, q.totalSupply])).toEqual([
      ["bitcoin", 19_982_656],
      ["ethereum", null],
    ]);
    expect(result.entries.map((e) => [e.providerId, e.totalSupply])).toEqual([
      ["bitcoin", 19_982_656],
      ["ethereum", null],
    ]);
  });

  it("falls back to price_change_percentage_24h when the *_in_currency fields are absent", () => {
    const [, , usdt] = fromMarkets(markets("markets-no-sparkline.json"), 3).quotes;
    expect(usdt).toMatchObject({ change1hPct: null, change24hPct: 0.02269, change7dPct: null });
  });

  it("orders by market_cap_rank, drops repeats, unranked and unpriced coins where each role needs", () => {
    const result = fromMarkets(markets("markets-messy.json"), 10);
    expect(result.entries.map((e) => [e.rank, e.providerId, e.priceUsd, e.marketCapUsd])).toEqual([
      [1, "bitcoin", 78751, 1573669157766],
      [2, "ethereum", 2324.82, 280664709030],
      [3, "tether", 0.999108, 185191255365],
      [4, "dead-coin", null, null],
      [5, "zero-coin", null, 185191255365],
    ]);
    expect(result.quotes.map((q) => [q.providerId, q.priceUsd, q.marketCapUsd])).toEqual([
      ["bitcoin", 78751, 1573669157766],
      ["ethereum", 2324.82, 280664709030],
      ["fresh-listing", 0.5, null],
      ["tether", 0.999108, 185191255365],
    ]);
    expect(result.duplicateIds).toEqual(["ethereum"]);
    expect(result.unrankedIds).toEqual(["fresh-listing"]);
    expect(result.droppedIds).toEqual(["dead-coin", "zero-coin"]);
  });

  it("stops both roles at the depth", () => {
    const result = fromMarkets(markets("markets.json"), 2);
    expect(result.entries.map((e) => e.providerId)).toEqual(["bitcoin", "ethereum"]);
    expect(result.quotes.map((q) => q.providerId)).toEqual(["bitcoin", "ethereum"]);
  });
});

describe("toHistoryPoints", () => {
  it("turns the sample's ms times into Dates and pairs each price with its volume", () => {
    const points = toHistoryPoints(cgMarketChartSchema.parse(loadFixture(HERE, "market-chart.json")));
    expect(points).toHaveLength(288);
    expect(points.slice(0, 2)).toEqual([
      { ts: new Date(1779027899041), priceUsd: 77953.82550382407, volume24hUsd: 18688431751.857048 },
      { ts: new Date(1779028199661), priceUsd: 78052.87543398788, volume24hUsd: 18974828816.446976 },
    ]);
    expect(points.at(-1)).toMatchObject({ ts: new Date(1779114005592), priceUsd: 78179.9894932213 });
  });

  it("sorts, keeps the first of a repeated time and drops null or non-positive prices", () => {
    const points = toHistoryPoints({
      prices: [
        [3000, 3],
        [1000, 1],
        [1000, 9],
        [2000, null],
        [4000, 0],
        [5000, -1],
      ],
      total_volumes: [[1000, 10]],
    });
    expect(points).toEqual([
      { ts: new Date(1000), priceUsd: 1, volume24hUsd: 10 },
      { ts: new Date(3000), priceUsd: 3, volume24hUsd: null },
    ]);
    expect(toHistoryPoints({ prices: [] })).toEqual([]);
  });
});

describe("toProviderCoin", () => {
  it("keeps the id as the slug and one contract per platform, chains named as identity compares them", () => {
    expect(
      toProviderCoin({
        id: "usd-coin",
        symbol: "usdc",
        name: "USDC",
        platforms: {
          ethereum: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
          "binance-smart-chain": "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d",
          solana: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
          "": "",
        },
      }),
    ).toEqual({
      providerId: "usd-coin",
      symbol: "USDC",
      name: "USDC",
      slug: "usd-coin",
      rank: null,
      contracts: [
        { chain: "ethereum", address: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" },
        { chain: "bsc", address: "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d" },
        { chain: "solana", address: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" },
      ],
    });
    expect(toProviderCoin({ id: "bitcoin", symbol: "btc", name: "Bitcoin", platforms: {} }).contracts).toEqual([]);
  });
});
