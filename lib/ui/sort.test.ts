import { describe, expect, it } from "vitest";
import { filterRows, nextSort, sortRows } from "./sort";
import type { TopRow } from "./top-payload";

function row(rank: number, name: string, symbol: string, priceUsd: number | null, change24hPct: number | null): TopRow {
  return {
    rank,
    id: name.toLowerCase().replaceAll(" ", "-"),
    name,
    symbol,
    rankingId: String(rank),
    rankChange: 0,
    priceUsd,
    priceReason: priceUsd === null ? "not listed" : null,
    marketCapUsd: priceUsd === null ? null : priceUsd * 1000,
    volume24hUsd: null,
    change1hPct: null,
    change24hPct,
    change7dPct: null,
    priceCheck: null,
  };
}

const rows = [
  row(1, "Bitcoin", "BTC", 97000, -1.5),
  row(2, "Wings", "WINGS", null, null),
  row(3, "ethereum", "ETH", 3500, 2.25),
  row(4, "Shiba Inu", "SHIB", 0.00000012, 2.25),
  row(5, "Hydro", "HOT", null, null),
  row(6, "Tether", "USDT", 1, 0),
];
const ranks = (sorted: TopRow[]) => sorted.map((r) => r.rank);

describe("sortRows", () => {
  it("sorts by price both ways with the rows without a price last", () => {
    expect(ranks(sortRows(rows, { key: "price", dir: "asc" }))).toEqual([4, 6, 3, 1, 2, 5]);
    expect(ranks(sortRows(rows, { key: "price", dir: "desc" }))).toEqual([1, 3, 6, 4, 2, 5]);
  });
  it("sorts by 24h change both ways, ties in rank order, nulls last", () => {
    expect(ranks(sortRows(rows, { key: "change24h", dir: "asc" }))).toEqual([1, 6, 3, 4, 2, 5]);
    expect(ranks(sortRows(rows, { key: "change24h", dir: "desc" }))).toEqual([3, 4, 6, 1, 2, 5]);
  });
  it("sorts names ignoring case", () => {
    expect(ranks(sortRows(rows, { key: "name", dir: "asc" }))).toEqual([1, 3, 5, 4, 6, 2]);
    expect(ranks(sortRows(rows, { key: "name", dir: "desc" }))).toEqual([2, 6, 4, 5, 3, 1]);
  });
  it("sorts by rank and leaves its input alone", () => {
    const input = [...rows].reverse();
    expect(ranks(sortRows(input, { key: "rank", dir: "asc" }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ranks(sortRows(input, { key: "rank", dir: "desc" }))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(input[0]?.rank).toBe(6);
  });
  it("keeps a column that is all null in rank order", () => {
    expect(ranks(sortRows(rows, { key: "volume", dir: "desc" }))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("nextSort", () => {
  it("flips the sorted column and starts amounts largest first", () => {
    expect(nextSort({ key: "price", dir: "desc" }, "price")).toEqual({ key: "price", dir: "asc" });
    expect(nextSort({ key: "price", dir: "asc" }, "price")).toEqual({ key: "price", dir: "desc" });
    expect(nextSort({ key: "rank", dir: "asc" }, "marketCap")).toEqual({ key: "marketCap", dir: "desc" });
    expect(nextSort({ key: "price", dir: "desc" }, "name")).toEqual({ key: "name", dir: "asc" });
  });
});

describe("filterRows", () => {
  it("matches name or symbol, ignoring case and spaces", () => {
    // "Tether" contains "eth" too: a substring match, as in any instant filter.
    expect(ranks([...filterRows(rows, "eth")])).toEqual([3, 6]);
    expect(ranks([...filterRows(rows, "btc")])).toEqual([1]);
    expect(ranks([...filterRows(rows, "  shib ")])).toEqual([4]);
    expect(ranks([...filterRows(rows, "IN")])).toEqual([1, 2, 4]);
    expect(filterRows(rows, "zzz")).toEqual([]);
  });
  it("returns the same array for an empty query", () => {
    expect(filterRows(rows, "  ")).toBe(rows);
  });
});
