import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import {
  budgetIntervalSeconds,
  cmcCreditsPerCall,
  cmcDailyCredits,
  coinGeckoCallsPerMinute,
  configuredProvider,
  depthOf,
  roleMayUse,
} from "./allowances";

// Both paid keys set and no provider named: CryptoCompare ranks, CoinMarketCap prices.
const PAID = { CRYPTOCOMPARE_API_KEY: "cc", CMC_API_KEY: "cmc" };

describe("which providers a role may call", () => {
  it("is the role's provider and its fallbacks, each role with its own depth", () => {
    const config = loadConfig({ ...PAID, RANKING_FALLBACK: "coingecko,coinmarketcap", RANKING_DEPTH: "300" });
    expect([configuredProvider(config, "ranking"), configuredProvider(config, "pricing")]).toEqual([
      "cryptocompare",
      "coinmarketcap",
    ]);
    for (const provider of ["cryptocompare", "coingecko", "coinmarketcap"] as const) {
      expect(roleMayUse(config, "ranking", provider)).toBe(true);
    }
    expect(roleMayUse(config, "pricing", "coingecko")).toBe(false);
    expect([depthOf(config, "ranking"), depthOf(config, "pricing")]).toEqual([300, 500]);
  });
});

describe("the CoinMarketCap credit budget", () => {
  it("does the arithmetic: 500 coins cost 3 credits a call, so 333 a day allows one call every 779 s", () => {
    expect(cmcCreditsPerCall(500)).toBe(3);
    expect(cmcCreditsPerCall(200)).toBe(1);
    expect(cmcCreditsPerCall(201)).toBe(2);
    expect(budgetIntervalSeconds(333, 3)).toBe(779);
    expect(budgetIntervalSeconds(10_000, 1)).toBe(9);
    expect(budgetIntervalSeconds(2, 3)).toBe(86_400);
  });

  it("gives all of CMC_DAILY_CREDITS to a role that alone may call CoinMarketCap, half to each of two", () => {
    expect(
      cmcDailyCredits(
        loadConfig({ ...PAID, RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare" }),
        "ranking",
      ),
    ).toBe(333);
    const both = loadConfig({ ...PAID, RANKING_PROVIDER: "coinmarketcap" });
    expect([cmcDailyCredits(both, "ranking"), cmcDailyCredits(both, "pricing")]).toEqual([166, 166]);
    // A fallback counts too: it may spend the same key's credits on any day.
    expect(cmcDailyCredits(loadConfig({ ...PAID, RANKING_FALLBACK: "coinmarketcap" }), "pricing")).toBe(166);
    // Never below one credit; 0 is no budget at all.
    expect(
      cmcDailyCredits(loadConfig({ ...PAID, CMC_DAILY_CREDITS: "1", RANKING_FALLBACK: "coinmarketcap" }), "pricing"),
    ).toBe(1);
    expect(cmcDailyCredits(loadConfig({ ...PAID, CMC_DAILY_CREDITS: "0" }), "pricing")).toBe(0);
  });
});

describe("the keyless CoinGecko call limit", () => {
  it("gives each role that may call CoinGecko an even share of COINGECKO_CALLS_PER_MINUTE", () => {
    // Both roles on CoinGecko (no keys at all): 10 a minute → 5 each.
    const both = loadConfig({});
    expect([coinGeckoCallsPerMinute(both, "ranking"), coinGeckoCallsPerMinute(both, "pricing")]).toEqual([5, 5]);
    // Only pricing may call CoinGecko (as a fallback): it has the whole allowance.
    const pricingFallback = loadConfig({ ...PAID, PRICING_FALLBACK: "coingecko", COINGECKO_CALLS_PER_MINUTE: "7" });
    expect(coinGeckoCallsPerMinute(pricingFallback, "pricing")).toBe(7);
    // Ranking's fallback on CoinGecko too: 7 / 2 → 3 each.
    const bothFallback = loadConfig({
      ...PAID,
      PRICING_FALLBACK: "coingecko",
      RANKING_FALLBACK: "coingecko",
      COINGECKO_CALLS_PER_MINUTE: "7",
    });
    expect(coinGeckoCallsPerMinute(bothFallback, "ranking")).toBe(3);
    // Never below one call a minute.
    expect(coinGeckoCallsPerMinute(loadConfig({ COINGECKO_CALLS_PER_MINUTE: "1" }), "ranking")).toBe(1);
  });

  it("sets no limit for 0, or when a key (whose plan has its own limit) is set", () => {
    expect(coinGeckoCallsPerMinute(loadConfig({ COINGECKO_CALLS_PER_MINUTE: "0" }), "pricing")).toBe(0);
    expect(coinGeckoCallsPerMinute(loadConfig({ COINGECKO_API_KEY: "demo-key" }), "pricing")).toBe(0);
  });
});
