import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { keylessDefaultNote, keyVariableOf, missingKeyMessage } from "./key-hints";

describe("missingKeyMessage", () => {
  it("tells a primary's missing key, where to get one, and what the role uses with its variable unset", () => {
    const config = loadConfig({ CRYPTOCOMPARE_API_KEY: "cc", RANKING_PROVIDER: "coinmarketcap" });
    expect(missingKeyMessage(config, "ranking", { kind: "primary" }, "coinmarketcap", "CMC_API_KEY")).toBe(
      "CMC_API_KEY is not set: ranking by CoinMarketCap needs a key — get one at https://pro.coinmarketcap.com/signup, or unset RANKING_PROVIDER to use CryptoCompare",
    );
    const keyless = loadConfig({ PRICING_PROVIDER: "cryptocompare" });
    expect(missingKeyMessage(keyless, "pricing", { kind: "primary" }, "cryptocompare", "CRYPTOCOMPARE_API_KEY")).toBe(
      "CRYPTOCOMPARE_API_KEY is not set: pricing by CryptoCompare needs a key — get one at https://www.cryptocompare.com/cryptopian/api-keys, or unset PRICING_PROVIDER to use CoinGecko's keyless API",
    );
  });

  it("tells a fallback's missing key and how to drop the fallback", () => {
    const config = loadConfig({ PRICING_FALLBACK: "coinmarketcap" });
    expect(missingKeyMessage(config, "pricing", { kind: "fallback", index: 1 }, "coinmarketcap", "CMC_API_KEY")).toBe(
      "CMC_API_KEY is not set: the pricing fallback CoinMarketCap needs a key — get one at https://pro.coinmarketcap.com/signup, or remove coinmarketcap from PRICING_FALLBACK",
    );
  });

  it("tells CoinGecko's Pro plan to get a Pro key or go keyless, in any position", () => {
    const config = loadConfig({ COINGECKO_PLAN: "pro" });
    const expected =
      "COINGECKO_API_KEY is not set: COINGECKO_PLAN=pro needs a Pro key — get one at https://www.coingecko.com/en/api/pricing, or unset COINGECKO_PLAN to use CoinGecko's keyless API";
    expect(missingKeyMessage(config, "ranking", { kind: "primary" }, "coingecko", "COINGECKO_API_KEY")).toBe(expected);
    expect(missingKeyMessage(config, "pricing", { kind: "fallback", index: 2 }, "coingecko", "COINGECKO_API_KEY")).toBe(
      expected,
    );
  });
});

describe("keylessDefaultNote", () => {
  it("names the paid default's key and provider of each role", () => {
    expect(keylessDefaultNote("ranking")).toBe(
      "keyless default: CRYPTOCOMPARE_API_KEY is not set; set it to rank by CryptoCompare",
    );
    expect(keylessDefaultNote("pricing")).toBe(
      "keyless default: CMC_API_KEY is not set; set it to price by CoinMarketCap",
    );
  });
});

describe("keyVariableOf", () => {
  it("names the variable a call sends, and none for a keyless CoinGecko call", () => {
    const keyless = loadConfig({});
    expect(keyVariableOf(keyless, "coinmarketcap")).toBe("CMC_API_KEY");
    expect(keyVariableOf(keyless, "cryptocompare")).toBe("CRYPTOCOMPARE_API_KEY");
    expect(keyVariableOf(keyless, "coingecko")).toBeNull();
    expect(keyVariableOf(loadConfig({ COINGECKO_API_KEY: "demo-key" }), "coingecko")).toBe("COINGECKO_API_KEY");
    expect(keyVariableOf(loadConfig({ COINGECKO_PLAN: "pro" }), "coingecko")).toBe("COINGECKO_API_KEY");
  });
});
