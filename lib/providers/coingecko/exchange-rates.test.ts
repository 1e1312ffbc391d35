// CoinGecko's /exchange_rates as Top Coins reads it: a real recorded table (fixtures/PROVENANCE.md)
// turned into units per US dollar, and hostile entries costing only their own currency.
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../../test/support/http-server";
import { CURRENCY_CODES } from "../../domain/currencies";
import { UpstreamError } from "../../http/errors";
import { cgExchangeRatesSchema, ratesPerUsd } from "./exchange-rates";

const HERE = import.meta.dirname;
const table = () => cgExchangeRatesSchema.parse(loadFixture(HERE, "exchange-rates.json"));

describe("ratesPerUsd", () => {
  it("reads every offered currency of the recorded table as units per US dollar", () => {
    const { perUsd, missing } = ratesPerUsd(table());
    expect(missing).toEqual([]);
    expect(Object.keys(perUsd)).toEqual(CURRENCY_CODES);
    // The table quotes against BTC: usd 43438.823, eur 39106.061, jpy 6150416.173, eth 18.313, sats 1e8.
    expect(perUsd.USD).toBe(1);
    expect(perUsd.EUR).toBeCloseTo(39106.061 / 43438.823, 15);
    expect(perUsd.JPY).toBeCloseTo(6150416.173 / 43438.823, 12);
    expect(perUsd.BTC).toBeCloseTo(1 / 43438.823, 18);
    expect(perUsd.ETH).toBeCloseTo(18.313 / 43438.823, 18);
    expect(perUsd.SATS).toBeCloseTo(100000000 / 43438.823, 9);
    // Units the table carries that Top Coins does not offer are not kept.
    expect(perUsd).not.toHaveProperty("XAU");
    expect(perUsd).not.toHaveProperty("VEF");
  });

  it("drops an entry of the wrong shape or with a rate that is not a positive number, and only that one", () => {
    const body = table();
    body.rates.eur = { name: "Euro", unit: "€", value: "39106.061", type: "fiat" };
    body.rates.gbp = { name: "British Pound Sterling", unit: "£", value: -1, type: "fiat" };
    body.rates.jpy = null;
    delete body.rates.chf;
    // An own "__proto__" key, as JSON.parse makes one: never read as a currency.
    Object.assign(body.rates, JSON.parse('{"__proto__": {"value": 1, "type": "fiat"}}'));
    const { perUsd, missing } = ratesPerUsd(body);
    expect(missing).toEqual(["EUR", "GBP", "JPY", "CHF"]);
    expect(perUsd.SEK).toBeCloseTo(431872.608 / 43438.823, 12);
    expect(Object.keys(perUsd)).toHaveLength(CURRENCY_CODES.length - 4);
  });

  it("refuses a table without a usable USD or BTC rate, which nothing converts without", () => {
    const noUsd = table();
    noUsd.rates.usd = { name: "US Dollar", unit: "$", value: 0, type: "fiat" };
    expect(() => ratesPerUsd(noUsd, 200)).toThrow(UpstreamError);
    expect(() => ratesPerUsd(noUsd, 200)).toThrow(/no usable usd or btc rate; the last rates stay/);
    const noBtc = table();
    delete noBtc.rates.btc;
    expect(() => ratesPerUsd(noBtc)).toThrow(/no usable usd or btc rate/);
  });

  it("refuses a body that is not a table", () => {
    expect(cgExchangeRatesSchema.safeParse({ rates: [1, 2] }).success).toBe(false);
    expect(cgExchangeRatesSchema.safeParse({ error: "Not Found" }).success).toBe(false);
  });
});
