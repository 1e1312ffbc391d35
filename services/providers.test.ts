import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { effectiveInterval, missingKeyFor, pricingSource, rankingSource } from "./providers";

describe("effectiveInterval", () => {
  it("raises an interval under 60 s to 60 s on a provider's own public host", () => {
    const config = loadConfig({ PRICING_REFRESH_SECONDS: "10", RANKING_REFRESH_SECONDS: "5" });
    expect(effectiveInterval(config, "pricing")).toEqual({ seconds: 60, raised: true });
    expect(effectiveInterval(config, "ranking")).toEqual({ seconds: 60, raised: true });
  });

  it("does so for CoinGecko's public and Pro hosts, the default when no base URL is set", () => {
    const gecko = { RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko", RANKING_REFRESH_SECONDS: "30" };
    expect(effectiveInterval(loadConfig(gecko), "ranking")).toEqual({ seconds: 60, raised: true });
    const pro = loadConfig({
      ...gecko,
      COINGECKO_PLAN: "pro",
      COINGECKO_BASE_URL: "https://pro-api.coingecko.com/api/v3",
    });
    expect(effectiveInterval(pro, "ranking")).toEqual({ seconds: 60, raised: true });
  });

  it("keeps the configured interval for a mirror or the simulator, and anything from 60 s up", () => {
    const simulator = loadConfig({
      CMC_BASE_URL: "http://127.0.0.1:4100",
      CRYPTOCOMPARE_BASE_URL: "http://127.0.0.1:4100",
      PRICING_REFRESH_SECONDS: "1",
      RANKING_REFRESH_SECONDS: "2",
    });
    expect(effectiveInterval(simulator, "pricing")).toEqual({ seconds: 1, raised: false });
    expect(effectiveInterval(simulator, "ranking")).toEqual({ seconds: 2, raised: false });
    const gecko = loadConfig({ RANKING_PROVIDER: "coingecko", COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3" });
    expect(effectiveInterval({ ...gecko, RANKING_REFRESH_SECONDS: 1 }, "ranking")).toEqual({
      seconds: 1,
      raised: false,
    });
    expect(effectiveInterval(loadConfig({ PRICING_REFRESH_SECONDS: "90" }), "pricing")).toEqual({
      seconds: 90,
      raised: false,
    });
  });
});

describe("provider selection", () => {
  it("picks each role's provider from the config", () => {
    expect(rankingSource(loadConfig({})).provider).toBe("cryptocompare");
    expect(pricingSource(loadConfig({})).provider).toBe("coinmarketcap");
    const gecko = loadConfig({ RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko" });
    expect([rankingSource(gecko).provider, pricingSource(gecko).provider]).toEqual(["coingecko", "coingecko"]);
  });

  it("asks a service only for the key its provider needs", () => {
    expect(missingKeyFor(loadConfig({}), "pricing")).toMatch(/^CMC_API_KEY is not set/);
    expect(missingKeyFor(loadConfig({}), "ranking")).toMatch(/^CRYPTOCOMPARE_API_KEY is not set/);
    expect(missingKeyFor(loadConfig({ CMC_API_KEY: "k" }), "pricing")).toBeNull();
    const gecko = loadConfig({ RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko" });
    expect(missingKeyFor(gecko, "ranking")).toBeNull();
    expect(missingKeyFor(gecko, "pricing")).toBeNull();
    expect(missingKeyFor({ ...gecko, COINGECKO_PLAN: "pro" }, "pricing")).toMatch(/^COINGECKO_API_KEY is not set/);
  });
});
