// The rows an /api/top query selects: filter, sort, page and projection, and their CSV.
import { describe, expect, it } from "vitest";
import type { MergedRow } from "../domain/merge";
import { type TopQuery, topQueryOf } from "./top-query";
import { csvHeaderOf, projectRow, renderRowsCsv, selectRows } from "./top-select";

function row(
  rank: number,
  symbol: string,
  name: string,
  priceUsd: number | null,
  extra: Partial<MergedRow> = {},
): MergedRow {
  return {
    rank,
    id: name.toLowerCase().replaceAll(" ", "-"),
    symbol,
    name,
    rankingId: String(rank * 100),
    rankChange: 0,
    pricingProvider: priceUsd === null ? null : "coinmarketcap",
    pricingId: priceUsd === null ? null : String(rank),
    priceUsd,
    priceStatus: priceUsd === null ? "not_listed" : "ok",
    priceReason: priceUsd === null ? "not listed" : null,
    matchedBy: priceUsd === null ? null : "evidence",
    matchEvidence: null,
    priceSource: priceUsd === null ? null : "listing",
    marketCapUsd: priceUsd === null ? null : priceUsd * 1000,
    volume24hUsd: null,
    change1hPct: null,
    change24hPct: null,
    change7dPct: null,
    circulatingSupply: null,
    lastUpdated: null,
    priceCheck: null,
    categories: null,
    ...extra,
  };
}

const ROWS = [
  row(1, "BTC", "Bitcoin", 97000, { change24hPct: -1.5 }),
  row(2, "ETH", "Ethereum", 3500, { change24hPct: 2.25 }),
  row(3, "HOT", "Holo", 0.002, { change24hPct: 0.5 }),
  row(4, "WINGS", "Wings", null),
  row(5, "HOT", "HOT Token", 0.0004, { change24hPct: 2.25 }),
  row(6, "ada", "Cardano", 0.7),
];
const query = (given: Partial<Parameters<typeof topQueryOf>[0]> = {}) =>
  topQueryOf({ limit: 100, format: "json", ...given });
const ranks = (rows: readonly MergedRow[]) => rows.map((r) => r.rank);

describe("selectRows", () => {
  it("keeps the ranked order by default, paged by offset and limit, with the total before the page", () => {
    expect(ranks(selectRows(ROWS, query()).rows)).toEqual([1, 2, 3, 4, 5, 6]);
    const page = selectRows(ROWS, query({ offset: 2, limit: 2 }));
    expect([ranks(page.rows), page.total]).toEqual([[3, 4], 6]);
    expect(selectRows(ROWS, query({ offset: 5, limit: 3 })).rows.map((r) => r.symbol)).toEqual(["ada"]);
  });

  it("returns every coin of a shared symbol, any case, and coins by id; either list matches", () => {
    expect(ranks(selectRows(ROWS, query({ symbols: ["HOT"] })).rows)).toEqual([3, 5]);
    expect(ranks(selectRows(ROWS, query({ symbols: ["ADA"] })).rows)).toEqual([6]);
    const both = selectRows(ROWS, query({ ids: ["ethereum", "no-such-coin"], symbols: ["HOT"] }));
    expect([ranks(both.rows), both.total]).toEqual([[2, 3, 5], 3]);
    expect(selectRows(ROWS, query({ ids: ["no-such-coin"] }))).toEqual({ rows: [], total: 0 });
  });

  it("sorts by a number either way with unpriced rows last in both orders, ties by rank", () => {
    expect(ranks(selectRows(ROWS, query({ sort: "priceUsd" })).rows)).toEqual([1, 2, 6, 3, 5, 4]);
    expect(ranks(selectRows(ROWS, query({ sort: "priceUsd", order: "asc" })).rows)).toEqual([5, 3, 6, 2, 1, 4]);
    // 2.25 twice: rank decides; nulls (WINGS, Cardano) last, by rank.
    expect(ranks(selectRows(ROWS, query({ sort: "change24hPct" })).rows)).toEqual([2, 5, 3, 1, 4, 6]);
    expect(ranks(selectRows(ROWS, query({ sort: "change24hPct", order: "asc" })).rows)).toEqual([1, 3, 2, 5, 4, 6]);
  });

  it("sorts names and symbols as people read them, case aside, and rank descending", () => {
    expect(selectRows(ROWS, query({ sort: "symbol" })).rows.map((r) => r.symbol)).toEqual([
      "ada",
      "BTC",
      "ETH",
      "HOT",
      "HOT",
      "WINGS",
    ]);
    expect(selectRows(ROWS, query({ sort: "name", order: "desc" })).rows.map((r) => r.name)).toEqual([
      "Wings",
      "HOT Token",
      "Holo",
      "Ethereum",
      "Cardano",
      "Bitcoin",
    ]);
    expect(ranks(selectRows(ROWS, query({ sort: "rank", order: "desc", limit: 2 })).rows)).toEqual([6, 5]);
  });

  it("keeps coins at or above a market cap or volume bound; a coin without the figure is left out", () => {
    // Market caps: 97M, 3.5M, 2, null, 0.4, 700.
    expect(ranks(selectRows(ROWS, query({ minMarketCap: 700 })).rows)).toEqual([1, 2, 6]);
    expect(selectRows(ROWS, query({ minMarketCap: 0 })).total).toBe(5);
    const withVolume = ROWS.map((r, i) => ({ ...r, volume24hUsd: i % 2 === 0 ? 1000 * (i + 1) : null }));
    expect(ranks(selectRows(withVolume, query({ minVolume: 3000 })).rows)).toEqual([3, 5]);
    expect(
      ranks(selectRows(withVolume, query({ minVolume: 3000, minMarketCap: 1, symbols: ["HOT", "BTC"] })).rows),
    ).toEqual([3]);
  });

  it("pages after filtering and sorting", () => {
    const page = selectRows(ROWS, query({ symbols: ["HOT", "BTC", "WINGS"], sort: "priceUsd", offset: 1, limit: 2 }));
    expect([ranks(page.rows), page.total]).toEqual([[3, 5], 4]);
  });
});

describe("projection and CSV", () => {
  it("keeps only the requested keys, in the requested order", () => {
    const projected = projectRow(ROWS[3] as MergedRow, ["priceUsd", "symbol", "priceReason"]);
    expect(Object.entries(projected)).toEqual([
      ["priceUsd", null],
      ["symbol", "WINGS"],
      ["priceReason", "not listed"],
    ]);
  });

  it("derives headers from the keys", () => {
    expect(
      ["rank", "priceUsd", "marketCapUsd", "change24hPct", "rankingId", "circulatingSupply"].map((f) =>
        csvHeaderOf(f as never),
      ),
    ).toEqual(["Rank", "Price USD", "Market Cap USD", "Change 24h %", "Ranking ID", "Circulating Supply"]);
  });

  it("writes the default columns exactly as the original CSV, and any columns with plain decimals and empty nulls", () => {
    expect(renderRowsCsv(ROWS)).toBe(
      "Rank,Symbol,Price USD\r\n1,BTC,97000\r\n2,ETH,3500\r\n3,HOT,0.002\r\n4,WINGS,\r\n5,HOT,0.0004\r\n6,ada,0.7\r\n",
    );
    expect(renderRowsCsv(ROWS.slice(2, 4), ["symbol", "name", "marketCapUsd", "priceCheck"])).toBe(
      "Symbol,Name,Market Cap USD,Price Check\r\nHOT,Holo,2,\r\nWINGS,Wings,,\r\n",
    );
    const checked = row(1, "=X", "A, B", 1e-7, {
      priceCheck: { referenceUsd: 2e-7, divergencePct: 50, flagged: true },
    });
    expect(renderRowsCsv([checked], ["symbol", "name", "priceUsd", "priceCheck"])).toBe(
      `Symbol,Name,Price USD,Price Check\r\n"'=X","A, B",0.0000001,"{""referenceUsd"":2e-7,""divergencePct"":50,""flagged"":true}"\r\n`,
    );
  });
});

describe("exclude", () => {
  // BTC none, USDT a stablecoin, WBTC wrapped, XSW both, DOGE unknown (no provider said).
  const CLASSED: MergedRow[] = [
    row(1, "BTC", "Bitcoin", 90000, { categories: [] }),
    row(2, "USDT", "Tether", 1, { categories: ["stablecoin"] }),
    row(3, "WBTC", "Wrapped Bitcoin", 89990, { categories: ["wrapped"] }),
    row(4, "XSW", "Wrapped Dollar", 1.001, { categories: ["stablecoin", "wrapped"] }),
    row(5, "DOGE", "Dogecoin", 0.2, { categories: null }),
  ];
  const select = (extra: Partial<TopQuery>) => selectRows(CLASSED, topQueryOf({ limit: 5, format: "json", ...extra }));

  it("leaves out the classes named; a coin of unknown class stays; total counts after it", () => {
    expect(ranks(select({ exclude: ["stablecoin"] }).rows)).toEqual([1, 3, 5]);
    expect(ranks(select({ exclude: ["wrapped"] }).rows)).toEqual([1, 2, 5]);
    expect(select({ exclude: ["stablecoin", "wrapped"] })).toMatchObject({ total: 2 });
    expect(ranks(select({ exclude: ["stablecoin"], sort: "priceUsd", limit: 2 }).rows)).toEqual([1, 3]);
    expect(select({ exclude: ["stablecoin"], limit: 1 }).total).toBe(3);
  });

  it("writes a row's classes in CSV as words joined by ;, empty for none and unknown", () => {
    expect(renderRowsCsv(CLASSED, ["symbol", "categories"])).toBe(
      "Symbol,Categories\r\nBTC,\r\nUSDT,stablecoin\r\nWBTC,wrapped\r\nXSW,stablecoin;wrapped\r\nDOGE,\r\n",
    );
  });
});

describe("renderRowsCsv: the default CSV", () => {
  it("writes the header, CRLF line ends, plain prices and an empty field for a missing price", () => {
    const rows = [
      row(1, "BTC", "Bitcoin", 97123.456789),
      row(2, "SHIB", "Shiba Inu", 0.00000012),
      row(3, "WINGS", "Wings", null),
    ];
    expect(renderRowsCsv(rows)).toBe(
      "Rank,Symbol,Price USD\r\n1,BTC,97123.456789\r\n2,SHIB,0.00000012\r\n3,WINGS,\r\n",
    );
  });

  it("writes only the header for no rows", () => {
    expect(renderRowsCsv([])).toBe("Rank,Symbol,Price USD\r\n");
  });

  it("writes no control character but its own CRLF line ends, for text from an older store", () => {
    const rows = [row(1, "\u001b]0;pwned\u0007\u001b[2JEVIL\u202e", "Evil", 2), row(2, "A\nB", "AB", null)];
    expect(renderRowsCsv(rows)).toBe("Rank,Symbol,Price USD\r\n1,EVIL,2\r\n2,A B,\r\n");
  });
});
