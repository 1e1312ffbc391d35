// CoinGecko's category lists: asked for at most once per interval, the last good lists kept on a failure.
import { describe, expect, it } from "vitest";
import { priceQuote } from "../../../test/support/records";
import { CategoryCache, type CategoryMembers, withCategories } from "./categories";

const LISTS: CategoryMembers = { stablecoin: new Set(["tether"]), wrapped: new Set(["wrapped-bitcoin"]) };

describe("CategoryCache", () => {
  it("asks once per interval, retries a failure after a tenth of it, and keeps the last lists meanwhile", async () => {
    const cache = new CategoryCache(86_400_000);
    const asked: number[] = [];
    const failures: string[] = [];
    let fail = false;
    const ask = (at: number) => async () => {
      asked.push(at);
      if (fail) throw new Error("HTTP 429");
      return LISTS;
    };
    const failed = (error: unknown) => failures.push(String(error));
    expect(await cache.current(0, ask(0), failed)).toBe(LISTS);
    expect(await cache.current(86_399_999, ask(86_399_999), failed)).toBe(LISTS);
    fail = true;
    expect(await cache.current(86_400_000, ask(86_400_000), failed)).toBe(LISTS);
    expect(await cache.current(86_400_000 + 8_639_999, ask(1), failed)).toBe(LISTS);
    expect(await cache.current(86_400_000 + 8_640_000, ask(95_040_000), failed)).toBe(LISTS);
    expect([asked, failures]).toEqual([
      [0, 86_400_000, 95_040_000],
      ["Error: HTTP 429", "Error: HTTP 429"],
    ]);
  });

  it("knows nothing until a first ask succeeds", async () => {
    const cache = new CategoryCache(1000);
    const failures: unknown[] = [];
    const result = await cache.current(
      0,
      async () => Promise.reject(new Error("down")),
      (e) => failures.push(e),
    );
    expect([result, failures.length]).toEqual([null, 1]);
  });
});

describe("withCategories", () => {
  it("classes each coin by CoinGecko id; unknown while there are no lists", () => {
    const quotes = [
      priceQuote({ providerId: "tether", symbol: "USDT", name: "Tether" }),
      priceQuote({ providerId: "bitcoin", symbol: "BTC", name: "Bitcoin" }),
    ];
    expect(withCategories(quotes, LISTS).map((quote) => quote.categories)).toEqual([["stablecoin"], []]);
    expect(withCategories(quotes, null).map((quote) => quote.categories)).toEqual([undefined, undefined]);
  });
});
