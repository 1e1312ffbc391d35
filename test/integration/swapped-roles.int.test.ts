// The providers in each other's roles: CoinMarketCap ranks and CryptoCompare prices. The whole stack
// as separate processes against the simulator, on a temporary SQLite file. The expected answer is
// built from the simulator's own bodies (CoinMarketCap's listings, CryptoCompare's market-cap
// toplist) and its truth, which says which CryptoCompare coin is which CoinMarketCap coin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, SIM_KEYS, startStack, waitFor } from "../../harness/stack";

interface ApiRow {
  rank: number;
  symbol: string;
  name: string;
  rankingId: string;
  pricingId: string | null;
  priceUsd: number | null;
  priceStatus: string;
}
interface ApiBody {
  data: ApiRow[];
  meta: { ranking: { provider: string }; pricing: { provider: string }; simulated: boolean };
}
interface CmcItem {
  id: number;
  symbol: string;
  name: string;
  cmc_rank: number;
}
interface CcItem {
  CoinInfo: { Id: string; Name: string };
  RAW?: { USD: { PRICE: number } };
}
interface TruthRow {
  ccId: string;
  cmcId: number | null;
}

const DEPTH = 200;

/** What the simulator serves, read as a client would, and its record of which coin is which. */
async function simulatorMarket(simUrl: string) {
  const cmcResponse = await fetch(`${simUrl}/v1/cryptocurrency/listings/latest?start=1&limit=${DEPTH}&convert=USD`, {
    headers: { "X-CMC_PRO_API_KEY": SIM_KEYS.cmc },
  });
  const listings = ((await cmcResponse.json()) as { data: CmcItem[] }).data;
  const toplist: CcItem[] = [];
  for (let page = 0; ; page++) {
    const response = await fetch(`${simUrl}/data/top/mktcapfull?tsym=USD&limit=100&page=${page}`, {
      headers: { authorization: `Apikey ${SIM_KEYS.cryptocompare}` },
    });
    const items = ((await response.json()) as { Data: CcItem[] }).Data;
    toplist.push(...items);
    if (items.length < 100) break;
  }
  const truth = (await (await fetch(`${simUrl}/_sim/truth?list=mktcapfull&limit=${toplist.length}`)).json()) as {
    rows: TruthRow[];
  };
  const ccIdOfCmcId = new Map<number, string>();
  for (const row of truth.rows) if (row.cmcId !== null) ccIdOfCmcId.set(row.cmcId, row.ccId);
  return { listings, toplist, ccIdOfCmcId };
}

type Market = Awaited<ReturnType<typeof simulatorMarket>>;

/** The right row for each ranked coin: CryptoCompare's price of the same asset, or no price. */
function expectedRows({ listings, toplist, ccIdOfCmcId }: Market) {
  const byCcId = new Map(toplist.map((item) => [item.CoinInfo.Id, item]));
  return listings.map((listing, index) => {
    const ccId = ccIdOfCmcId.get(listing.id);
    const price = ccId === undefined ? undefined : byCcId.get(ccId)?.RAW?.USD.PRICE;
    const priced = ccId !== undefined && price !== undefined;
    return {
      rank: index + 1,
      rankingId: String(listing.id),
      symbol: listing.symbol,
      name: listing.name,
      pricingId: priced ? ccId : null,
      priceUsd: priced ? price : null,
      priceStatus: priced ? "ok" : "not_listed",
    };
  });
}

const comparable = (row: ApiRow) => ({
  rank: row.rank,
  rankingId: row.rankingId,
  symbol: row.symbol,
  name: row.name,
  pricingId: row.pricingId,
  priceUsd: row.priceUsd,
  priceStatus: row.priceStatus,
});

/**
 * Ranked coins with no counterpart at CryptoCompare whose symbol CryptoCompare gives to another
 * coin (CoinMarketCap's Hot Token and Hydro Protocol beside Holo's HOT; its two ABCs beside Alpha
 * Beta Coin). Their right answer is no price.
 */
function symbolCollisions({ listings, toplist, ccIdOfCmcId }: Market): Set<string> {
  const ccSymbols = new Set(toplist.filter((item) => item.RAW).map((item) => item.CoinInfo.Name.toUpperCase()));
  return new Set(
    listings
      .filter((listing) => !ccIdOfCmcId.has(listing.id) && ccSymbols.has(listing.symbol.toUpperCase()))
      .map((listing) => String(listing.id)),
  );
}

describe("CoinMarketCap as the ranking provider and CryptoCompare as the pricing provider", () => {
  let database: TestDatabase;
  let stack: RunningStack;
  let body: ApiBody;
  let market: Market;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      extraEnv: { RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare", RANKING_DEPTH: String(DEPTH) },
    });
    // The first ranking snapshot can land before the first price list: wait for both.
    body = await waitFor(
      "a ranking priced by CryptoCompare",
      async () => {
        const top = (await (await fetch(`${stack.webUrl}/api/top?limit=${DEPTH}`)).json()) as ApiBody;
        return top.meta.pricing.provider === "cryptocompare" && top.data.some((row) => row.priceUsd !== null)
          ? top
          : undefined;
      },
      30_000,
    );
    // The simulator does not tick in the stack, so these are the bodies the services read.
    market = await simulatorMarket(stack.simUrl);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("serves CoinMarketCap's top 200 in its order, each coin at CryptoCompare's price for the same asset", () => {
    expect(body.meta.ranking.provider).toBe("coinmarketcap");
    expect(body.meta.pricing.provider).toBe("cryptocompare");
    expect(body.meta.simulated).toBe(true);
    expect(body.data.map((row) => row.rankingId)).toEqual(market.listings.map((listing) => String(listing.id)));
    expect(market.listings.map((listing) => listing.cmc_rank)).toEqual(Array.from({ length: DEPTH }, (_, i) => i + 1));

    const collisions = symbolCollisions(market);
    const collided = body.data.filter((row) => collisions.has(row.rankingId));
    expect(collided.map((row) => [row.symbol, row.name])).toEqual([
      ["HOT", "Hot Token"],
      ["ABC", "AlphaBeta Chain"],
      ["ABC", "ABC Token"],
    ]);
    const expected = expectedRows(market).filter((row) => !collisions.has(row.rankingId));
    const served = body.data.map(comparable).filter((row) => !collisions.has(row.rankingId));
    expect(served).toEqual(expected);

    // The hard cases by name: IOTA is MIOTA at CoinMarketCap and IOT at CryptoCompare (found by
    // name and market cap); Holo is the one HOT both list.
    const row = (symbol: string, name: string) => served.find((r) => r.symbol === symbol && r.name === name);
    const ccPrice = (ccSymbol: string) =>
      market.toplist.find((item) => item.CoinInfo.Name === ccSymbol)?.RAW?.USD.PRICE;
    expect(row("MIOTA", "IOTA")).toMatchObject({ priceStatus: "ok", priceUsd: ccPrice("IOT") });
    expect(row("HOT", "Holo")).toMatchObject({ priceStatus: "ok", priceUsd: ccPrice("HOT") });
    expect(served.filter((r) => r.priceStatus === "ok").length).toBeGreaterThan(150);
    expect(served.filter((r) => r.priceStatus === "not_listed").length).toBeGreaterThan(10);
  });

  // CryptoCompare lists one HOT (Holo) and one ABC; CoinMarketCap ranks several coins under each.
  // One quote prices at most one ranked coin, and only on evidence: Hot Token loses Holo's quote to
  // Holo, and neither ABC shares a name word with Alpha Beta Coin (a contradiction): not listed.
  it("gives no price to a ranked coin whose symbol belongs to another coin at CryptoCompare", () => {
    const collisions = symbolCollisions(market);
    const rows = body.data.filter((row) => collisions.has(row.rankingId));
    expect(rows.map((row) => [row.symbol, row.name, row.priceUsd, row.priceStatus])).toEqual([
      ["HOT", "Hot Token", null, "not_listed"],
      ["ABC", "AlphaBeta Chain", null, "not_listed"],
      ["ABC", "ABC Token", null, "not_listed"],
    ]);
  });
});
