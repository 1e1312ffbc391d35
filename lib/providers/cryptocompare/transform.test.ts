import { describe, expect, it } from "vitest";
import type { CcCoin } from "./schema";
import { toHistoryCloses, toRankingEntries } from "./transform";

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

  it("skips repeated ids, renumbers and stops at the depth", () => {
    const coins = ["a", "b", "b", "c", "a", "d", "e", "e"].map((id) => coin(id, priced(1)));
    const result = toRankingEntries(coins, 4);
    expect(result.entries.map((e) => `${e.rank}:${e.providerId}`)).toEqual(["1:a", "2:b", "3:c", "4:d"]);
    // The repeat of "e" lies past the depth and does not matter.
    expect(result.duplicateIds).toEqual(["b", "a"]);
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
