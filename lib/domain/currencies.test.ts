import { describe, expect, it } from "vitest";
import { CURRENCIES, CURRENCY_CODES, convertUsd, currencyOf, perUsdOf } from "./currencies";

describe("currencies", () => {
  it("offers at least 30 ISO 4217 fiat currencies plus BTC, ETH and SATS, each once", () => {
    const fiat = CURRENCIES.filter((currency) => currency.kind === "fiat");
    expect(fiat.length).toBeGreaterThanOrEqual(30);
    expect(fiat.every((currency) => /^[A-Z]{3}$/.test(currency.code))).toBe(true);
    expect(CURRENCIES.filter((currency) => currency.kind === "crypto").map((c) => c.code)).toEqual([
      "BTC",
      "ETH",
      "SATS",
    ]);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect(CURRENCY_CODES[0]).toBe("USD");
  });

  it("finds a currency by its code in any case, and nothing else", () => {
    expect(currencyOf("eur")).toEqual({ code: "EUR", name: "Euro", kind: "fiat" });
    expect(currencyOf("Sats")?.code).toBe("SATS");
    for (const bad of ["", "EURO", "xau", "__proto__", "constructor", "usd "]) expect(currencyOf(bad)).toBeUndefined();
  });

  it("takes USD at 1 without a table, and any other currency from the table", () => {
    expect(perUsdOf(null, "USD")).toBe(1);
    expect(perUsdOf(null, "EUR")).toBeUndefined();
    expect(perUsdOf({ EUR: 0.92 }, "EUR")).toBe(0.92);
    expect(perUsdOf({ EUR: 0.92 }, "GBP")).toBeUndefined();
  });

  it("converts to 15 significant digits, keeping null, zero and USD amounts as they are", () => {
    expect(convertUsd(97123.456789, 0.92)).toBe(89353.58024588);
    expect(convertUsd(1_923_456_789_012.345, 1)).toBe(1_923_456_789_012.345);
    expect(convertUsd(1, 100_000_000)).toBe(100_000_000);
    expect(convertUsd(0.1, 3)).toBe(0.3);
    expect(convertUsd(null, 0.92)).toBeNull();
    expect(convertUsd(0, 0.92)).toBe(0);
  });
});
