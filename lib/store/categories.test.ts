// A coin's classes travel with its snapshot: unknown, none, one or both, on SQLite and PostgreSQL.
import { expect, it } from "vitest";
import { priceQuote, rankingEntry } from "../../test/support/records";
import { priceWrite, rankingWrite } from "../../test/support/store-fixtures";
import { describeEachStore } from "../../test/support/store-suite";
import {
  readLatestPriceSnapshot,
  readLatestRankingSnapshot,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "./snapshots";

describeEachStore("coin classes in snapshots", (suite) => {
  it("keeps unknown, none, stablecoin and both apart through a price snapshot", async () => {
    const quotes = [
      priceQuote({ providerId: "1", symbol: "BTC", name: "Bitcoin", categories: [] }),
      priceQuote({ providerId: "2", symbol: "XSW", name: "Wrapped Dollar", categories: ["stablecoin", "wrapped"] }),
      priceQuote({ providerId: "3", symbol: "DOGE", name: "Dogecoin" }),
      priceQuote({ providerId: "825", symbol: "USDT", name: "Tether", categories: ["stablecoin"] }),
    ];
    await writePriceSnapshot(suite.db(), priceWrite({ quotes }));
    const read = await readLatestPriceSnapshot(suite.db());
    expect(read?.quotes.map((quote) => [quote.symbol, quote.categories])).toEqual([
      ["BTC", []],
      ["XSW", ["stablecoin", "wrapped"]],
      ["DOGE", undefined],
      ["USDT", ["stablecoin"]],
    ]);
    const stored = await suite
      .db()
      .selectFrom("price_quote")
      .select(["provider_id", "categories"])
      .orderBy("provider_id")
      .execute();
    expect(stored).toEqual([
      { provider_id: "1", categories: "" },
      { provider_id: "2", categories: "stablecoin,wrapped" },
      { provider_id: "3", categories: null },
      { provider_id: "825", categories: "stablecoin" },
    ]);
  });

  it("keeps them through a ranking snapshot", async () => {
    const entries = [
      rankingEntry({ rank: 1, providerId: "bitcoin", symbol: "BTC", name: "Bitcoin", categories: [] }),
      rankingEntry({ rank: 2, providerId: "tether", symbol: "USDT", name: "Tether", categories: ["stablecoin"] }),
      rankingEntry({
        rank: 3,
        providerId: "wrapped-bitcoin",
        symbol: "WBTC",
        name: "Wrapped Bitcoin",
        categories: ["wrapped"],
      }),
      rankingEntry({ rank: 4, providerId: "1182", symbol: "ETH", name: "Ethereum" }),
    ];
    await writeRankingSnapshot(suite.db(), rankingWrite({ entries }));
    const read = await readLatestRankingSnapshot(suite.db());
    expect(read?.entries.map((entry) => [entry.symbol, entry.categories])).toEqual([
      ["BTC", []],
      ["USDT", ["stablecoin"]],
      ["WBTC", ["wrapped"]],
      ["ETH", undefined],
    ]);
  });
});
