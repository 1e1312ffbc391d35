import { describe, expect, it } from "vitest";
import { type CcCoin, type CcPricedCoin, ccToplistSchema } from "./schema";
import { toHistoryCloses, toPriceQuotes, toRankingEntries } from "./transform";

function coin(id: string, usd?: CcCoin["RAW"]): CcCoin {
  return { CoinInfo: { Id: id, Name: `N${id}`, FullName: `Coin ${id}` }, RAW: usd };
}
const priced = (price: number | null | undefined) => ({ USD: { PRICE: price, MKTCAP: 9, TOTALVOLUME24HTO: 3 } });

describe("toRankingEntries", () => {
  it("ranks by position, keeps coins without RAW or RAW.USD, nulls non-positive prices", () => {
    const { entries } = toRankingEntries(
      [coin("a", priced(2.5)), coin("b"), coin("c", { USD: null }), coin("d", priced(0)), coin("e", priced(-1))],
      10,
    );
    expect(entries.map((e) => [e.rank, e.providerId, e.priceUsd, e.marketCapUsd])).toEqual([
      [1, "a", 2.5, 9],
      [2, "b", null, null],
      [3, "c", null, null],
      [4, "d", null, 9],
      [5, "e", null, 9],
    ]);
  });

  it("reads SUPPLY as the total supply for identity, and a glitch in it loses the figure, not the coin", () => {
    const body = ccToplistSchema.parse({
      Data: [
        {
          CoinInfo: { Id: "a", Name: "QASH", FullName: "Quoine Liquid" },
          RAW: { USD: { PRICE: 0.1198, SUPPLY: 1e9 } },
        },
        { CoinInfo: { Id: "b", Name: "B", FullName: "B" }, RAW: { USD: { PRICE: 2, SUPPLY: "1,000,000" } } },
        {
          CoinInfo: { Id: "c", Name: "C", FullName: "C" },
          RAW: { USD: { PRICE: 3, SUPPLY: 0, CIRCULATINGSUPPLY: 5 } },
        },
      ],
    });
    const { entries } = toRankingEntries(body.Data, 10);
    expect(entries.map((e) => [e.providerId, e.priceUsd, e.circulatingSupply, e.totalSupply])).toEqual([
      ["a", 0.1198, null, 1e9],
      ["b", 2, null, null],
      ["c", 3, 5, null],
    ]);
  });

  it("skips repeated ids, renumbers and stops at the depth", () => {
    const coins = ["a", "b", "b", "c", "a", "d", "e", "e"].map((id) => coin(id, priced(1)));
    const result = toRankingEntries(coins, 4);
    expect(result.entries.map((e) => `${e.rank}:${e.providerId}`)).toEqual(["1:a", "2:b", "3:c", "4:d"]);
    // The repeat of "e" lies past the depth and does not matter.
    expect(result.duplicateIds).toEqual(["b", "a"]);
  });
});

describe("toPriceQuotes", () => {
  const pricedCoin = (id: string, usd: NonNullable<NonNullable<CcPricedCoin["RAW"]>["USD"]> | null): CcPricedCoin => ({
    CoinInfo: { Id: id, Name: `N${id}`, FullName: `Coin ${id}` },
    RAW: usd === null ? undefined : { USD: usd },
  });

  it("prefers CIRCULATINGSUPPLY over SUPPLY, reads 0 as unknown and LASTUPDATE as unix seconds", () => {
    const { quotes } = toPriceQuotes(
      [
        pricedCoin("a", { PRICE: 2, MKTCAP: 20, CIRCULATINGSUPPLY: 10, SUPPLY: 11, LASTUPDATE: 1_771_530_000 }),
        pricedCoin("b", { PRICE: 3, MKTCAP: 0, CIRCULATINGSUPPLY: 0, SUPPLY: 7, LASTUPDATE: 0 }),
      ],
      10,
    );
    expect(
      quotes.map((q) => [q.providerId, q.marketCapUsd, q.circulatingSupply, q.totalSupply, q.lastUpdated]),
    ).toEqual([
      ["a", 20, 10, 11, "2026-02-19T19:40:00.000Z"],
      ["b", null, 7, 7, null],
    ]);
  });

  it("drops coins without a USD price and skips repeats; an unpriced coin still counts towards the depth", () => {
    const result = toPriceQuotes(
      [
        pricedCoin("a", { PRICE: 1 }),
        pricedCoin("b", null),
        pricedCoin("a", { PRICE: 5 }),
        pricedCoin("c", { PRICE: Number.NaN }),
        pricedCoin("d", { PRICE: 4 }),
        pricedCoin("e", { PRICE: 6 }),
      ],
      4,
    );
    expect(result.quotes.map((q) => [q.providerId, q.priceUsd])).toEqual([
      ["a", 1],
      ["d", 4],
    ]);
    expect(result.droppedIds).toEqual(["b", "c"]);
    expect(result.duplicateIds).toEqual(["a"]);
  });
});

describe("toHistoryCloses", () => {
  const row = (time: number, close: number, volumeto?: number | null) => ({ time, close, volumeto });

  it("keeps finished periods with a positive close, oldest first", () => {
    expect(
      toHistoryCloses([
        row(7200, 3, 30),
        row(0, 1, null),
        row(3600, -2, 20),
        row(10_800, 4, Number.NaN),
        row(14_400, 5),
      ]),
    ).toEqual([
      { ts: new Date(0), priceUsd: 1, volume24hUsd: null },
      { ts: new Date(7_200_000), priceUsd: 3, volume24hUsd: 30 },
      { ts: new Date(10_800_000), priceUsd: 4, volume24hUsd: null },
    ]);
  });

  it("returns nothing for no rows or only the unfinished one", () => {
    expect(toHistoryCloses([])).toEqual([]);
    expect(toHistoryCloses([row(0, 1, 1)])).toEqual([]);
  });
});
