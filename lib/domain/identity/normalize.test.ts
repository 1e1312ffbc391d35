import { describe, expect, it } from "vitest";
import { nameKeys, namesAgree, namesShareAWord, normalizeName, slugify, symbolKey, words } from "./normalize";

describe("symbolKey", () => {
  it.each([
    ["cryptocompare", "HOT*", "HOT"],
    ["cryptocompare", "BTC**", "BTC"],
    ["coinmarketcap", "HOT*", "HOT*"],
    ["coingecko", "btc", "BTC"],
    ["coinmarketcap", " w bt c ", "WBTC"],
    ["coinmarketcap", "ＢＴＣ", "BTC"],
  ])("%s %j → %j", (provider, symbol, key) => {
    expect(symbolKey(provider, symbol)).toBe(key);
  });
});

describe("names", () => {
  it("splits on anything but ASCII letters and digits, folding case and diacritics", () => {
    expect(words("Hydro-Protocol")).toEqual(["hydro", "protocol"]);
    expect(words("Señor Coin (v2)")).toEqual(["senor", "coin", "v2"]);
    expect(words("Crypto.com")).toEqual(["crypto", "com"]);
    expect(words("  ")).toEqual([]);
    expect(normalizeName("Tether USDt")).toBe("tetherusdt");
    expect(slugify("Velora Network Token")).toBe("velora-network-token");
  });

  it("drops the words that say what kind of thing a coin is, unless nothing else is left", () => {
    expect(nameKeys("Velora Network Token")).toEqual({ words: ["velora"], key: "velora", full: "veloranetworktoken" });
    expect(nameKeys("Coin")).toEqual({ words: ["coin"], key: "coin", full: "coin" });
    expect(nameKeys("Shiba Inu")).toEqual({ words: ["inu", "shiba"], key: "shibainu", full: "shibainu" });
  });

  it.each([
    ["Velora Network Token", "Velora", "exact"],
    ["Alpha Beta", "AlphaBeta", "exact"],
    ["Binance Coin", "binancecoin", "exact"],
    ["Polygon", "Polygon Ecosystem", "contains"],
    ["Bitcoin", "Bitcoin Cash", "contains"],
    ["X", "X Finance", null],
    ["Gone 194", "Coin 194", null],
    ["Alpha Beta Coin", "AlphaBeta Chain", null],
    ["Holo", "Hydro Protocol", null],
  ])("%j and %j agree: %s", (a, b, agreement) => {
    expect(namesAgree(nameKeys(a), nameKeys(b))).toBe(agreement);
    expect(namesAgree(nameKeys(b), nameKeys(a))).toBe(agreement);
  });

  it("tells whether two names share a distinguishing word", () => {
    expect(namesShareAWord(nameKeys("Hot Token"), nameKeys("Holo"))).toBe(false);
    expect(namesShareAWord(nameKeys("Synthetix Network"), nameKeys("Synthetix Havven"))).toBe(true);
    expect(namesShareAWord(nameKeys("Network Token"), nameKeys("Token Network"))).toBe(true);
  });
});
