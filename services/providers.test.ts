import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import {
  budgetIntervalSeconds,
  cmcCreditsPerCall,
  effectiveInterval,
  intervalFor,
  missingKeyFor,
  pricingSource,
  rankingSource,
} from "./providers";

describe("effectiveInterval", () => {
  it("raises an interval under 60 s to 60 s on a provider's own public host", () => {
    const config = loadConfig({ PRICING_REFRESH_SECONDS: "10", RANKING_REFRESH_SECONDS: "5", CMC_DAILY_CREDITS: "0" });
    expect(effectiveInterval(config, "pricing")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
    expect(effectiveInterval(config, "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
  });

  it("does so for CoinGecko's public and Pro hosts, the default when no base URL is set", () => {
    const gecko = { RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko", RANKING_REFRESH_SECONDS: "30" };
    expect(effectiveInterval(loadConfig(gecko), "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
    const pro = loadConfig({
      ...gecko,
      COINGECKO_PLAN: "pro",
      COINGECKO_BASE_URL: "https://pro-api.coingecko.com/api/v3",
    });
    expect(effectiveInterval(pro, "ranking")).toEqual({ seconds: 60, raisedBy: "provider_refresh" });
  });

  it("keeps the configured interval for a mirror or the simulator, and anything from 60 s up", () => {
    const simulator = loadConfig({
      CMC_DAILY_CREDITS: "0",
      CMC_BASE_URL: "http://127.0.0.1:4100",
      CRYPTOCOMPARE_BASE_URL: "http://127.0.0.1:4100",
      PRICING_REFRESH_SECONDS: "1",
      RANKING_REFRESH_SECONDS: "2",
    });
    expect(effectiveInterval(simulator, "pricing")).toEqual({ seconds: 1, raisedBy: null });
    expect(effectiveInterval(simulator, "ranking")).toEqual({ seconds: 2, raisedBy: null });
    const gecko = loadConfig({ RANKING_PROVIDER: "coingecko", COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3" });
    expect(effectiveInterval({ ...gecko, RANKING_REFRESH_SECONDS: 1 }, "ranking")).toEqual({
      seconds: 1,
      raisedBy: null,
    });
    expect(effectiveInterval(loadConfig({ PRICING_REFRESH_SECONDS: "90", CMC_DAILY_CREDITS: "0" }), "pricing")).toEqual(
      {
        seconds: 90,
        raisedBy: null,
      },
    );
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

  it("raises the pricing interval to stay within CMC_DAILY_CREDITS, on any host; 0 turns it off", () => {
    expect(effectiveInterval(loadConfig({}), "pricing")).toEqual({ seconds: 779, raisedBy: "credit_budget" });
    const mirror = { CMC_BASE_URL: "http://127.0.0.1:4100", PRICING_REFRESH_SECONDS: "2", PRICING_DEPTH: "200" };
    expect(effectiveInterval(loadConfig({ ...mirror, CMC_DAILY_CREDITS: "10000" }), "pricing")).toEqual({
      seconds: 9,
      raisedBy: "credit_budget",
    });
    expect(effectiveInterval(loadConfig({ ...mirror, CMC_DAILY_CREDITS: "0" }), "pricing")).toEqual({
      seconds: 2,
      raisedBy: null,
    });
    // A budget looser than the configured interval changes nothing; CoinGecko has no credits.
    expect(effectiveInterval(loadConfig({ PRICING_REFRESH_SECONDS: "3600" }), "pricing").seconds).toBe(3600);
    const gecko = loadConfig({ PRICING_PROVIDER: "coingecko", COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3" });
    expect(effectiveInterval({ ...gecko, PRICING_REFRESH_SECONDS: 5 }, "pricing")).toEqual({
      seconds: 5,
      raisedBy: null,
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
    expect(missingKeyFor(loadConfig({}), "pricing")).toBe(
      "CMC_API_KEY is not set: pricing by CoinMarketCap needs an API key (or set PRICING_PROVIDER=coingecko, or run `npm run demo` for the offline simulator)",
    );
    expect(missingKeyFor(loadConfig({}), "ranking")).toMatch(/^CRYPTOCOMPARE_API_KEY is not set/);
    expect(missingKeyFor(loadConfig({ CMC_API_KEY: "k" }), "pricing")).toBeNull();
    const gecko = loadConfig({ RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko" });
    expect(missingKeyFor(gecko, "ranking")).toBeNull();
    expect(missingKeyFor(gecko, "pricing")).toBeNull();
    expect(missingKeyFor({ ...gecko, COINGECKO_PLAN: "pro" }, "pricing")).toMatch(/^COINGECKO_API_KEY is not set/);
  });
});

describe("intervalFor", () => {
  function capture() {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    return { logger, lines };
  }

  it("returns the effective interval and says once why it was raised", () => {
    const { logger, lines } = capture();
    expect(intervalFor(loadConfig({}), "pricing", logger)).toBe(779);
    expect(intervalFor(loadConfig({ RANKING_REFRESH_SECONDS: "10" }), "ranking", logger)).toBe(60);
    expect(lines.map((line) => [line.reason, line.effective, line.msg])).toEqual([
      ["credit_budget", 779, "polling every 779 s to stay within CMC_DAILY_CREDITS=333 a day (0 turns the budget off)"],
      [
        "provider_refresh",
        60,
        "RANKING_REFRESH_SECONDS is below the provider's own refresh of 60 s; polling its public host every 60 s",
      ],
    ]);
  });

  it("logs nothing when the configured interval stands", () => {
    const { logger, lines } = capture();
    expect(intervalFor(loadConfig({ PRICING_REFRESH_SECONDS: "900" }), "pricing", logger)).toBe(900);
    expect(lines).toEqual([]);
  });
});
