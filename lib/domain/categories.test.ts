// The one mapping from the providers' words to the classes `exclude` leaves out, on tags from real bodies.
import { describe, expect, it } from "vitest";
import {
  categoriesFromCmcTags,
  categoriesFromCoinGecko,
  categoriesFromText,
  categoriesToText,
  mergeCategories,
} from "./categories";

describe("categoriesFromCmcTags", () => {
  it("reads today's stablecoin tags (Tether, listings/latest of 2025-09-27)", () => {
    const tether = [
      "stablecoin",
      "asset-backed-stablecoin",
      "usd-stablecoin",
      "ethereum-pow-ecosystem",
      "fiat-stablecoin",
      "tron20-ecosystem",
      "rsk-rbtc-ecosystem",
      "venom-ecosystem",
      "world-liberty-financial-portfolio",
      "binance-ecosystem",
      "binance-listing",
    ];
    expect(categoriesFromCmcTags(tether)).toEqual(["stablecoin"]);
  });

  it("reads the 2019–2021 names and a stablecoin tagged only by its kind", () => {
    expect(categoriesFromCmcTags(["payments", "stablecoin-asset-backed"])).toEqual(["stablecoin"]);
    expect(categoriesFromCmcTags(["algorithmic-stablecoin", "terra-ecosystem"])).toEqual(["stablecoin"]);
    expect(categoriesFromCmcTags(["medium-of-exchange", "defi", "wrapped-tokens", "fantom-ecosystem"])).toEqual([
      "wrapped",
    ]);
    expect(categoriesFromCmcTags(["wrapped-tokens", "usd-stablecoin"])).toEqual(["stablecoin", "wrapped"]);
  });

  it("knows none of Bitcoin's tags, nor the near misses, and says unknown without tags", () => {
    const bitcoin = ["mineable", "pow", "sha-256", "store-of-value", "state-channel", "layer-1", "bitcoin-ecosystem"];
    expect(categoriesFromCmcTags(bitcoin)).toEqual([]);
    expect(categoriesFromCmcTags(["tokenized-gold", "bridged-tokens", "stablecoins-protocol", "wrapped"])).toEqual([]);
    expect(categoriesFromCmcTags([])).toEqual([]);
    expect(categoriesFromCmcTags(null)).toBeNull();
    expect(categoriesFromCmcTags(undefined)).toBeNull();
  });
});

describe("categoriesFromCoinGecko", () => {
  const members = { stablecoin: new Set(["tether", "dai"]), wrapped: new Set(["wrapped-bitcoin"]) };
  it("files a coin under each category list that holds its id; unknown until the lists are fetched", () => {
    expect(categoriesFromCoinGecko("tether", members)).toEqual(["stablecoin"]);
    expect(categoriesFromCoinGecko("wrapped-bitcoin", members)).toEqual(["wrapped"]);
    expect(categoriesFromCoinGecko("bitcoin", members)).toEqual([]);
    expect(categoriesFromCoinGecko("tether", null)).toBeNull();
  });
});

describe("mergeCategories", () => {
  it("takes what either provider says; null only when neither said", () => {
    expect(mergeCategories(null, ["stablecoin"])).toEqual(["stablecoin"]);
    expect(mergeCategories(["wrapped"], ["stablecoin"])).toEqual(["stablecoin", "wrapped"]);
    expect(mergeCategories([], undefined)).toEqual([]);
    expect(mergeCategories(undefined, null)).toBeNull();
  });
});

describe("the store's text", () => {
  it("keeps unknown, none and both apart, and skips a class it does not know", () => {
    expect([null, [], ["stablecoin", "wrapped"]].map((c) => categoriesToText(c as never))).toEqual([
      null,
      "",
      "stablecoin,wrapped",
    ]);
    expect(categoriesFromText(null)).toBeNull();
    expect(categoriesFromText("")).toEqual([]);
    expect(categoriesFromText("wrapped,stablecoin")).toEqual(["stablecoin", "wrapped"]);
    expect(categoriesFromText("stablecoin,meme")).toEqual(["stablecoin"]);
  });
});
