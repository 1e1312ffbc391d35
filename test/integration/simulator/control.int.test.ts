import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  CC_COINLIST,
  type CcToplist,
  CG_COINS_LIST,
  type CgListItem,
  CMC_MAP,
  CMC_QUOTES,
  type CmcBody,
  type CmcMapBody,
  type CmcQuotesBody,
  type CoinlistBody,
  ccGet,
  cmcGet,
  cmcGetAt,
  control,
  getJson,
  startTestSimulator,
  type TruthRow,
} from "../../support/simulator";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const top = async (list = "totalvolfull") =>
  (await ccGet<CcToplist>(sim, `/data/top/${list}?tsym=USD&limit=20`)).body.Data.map((item) => item.CoinInfo.Name);

describe("control endpoints", () => {
  it("reports health with the tick, and marks control answers as simulated", async () => {
    const { status, headers, body } = await control(sim, "GET", "/_sim/health");
    expect(status).toBe(200);
    expect(headers.get("x-simulated-data")).toBe("true");
    expect(body).toMatchObject({ ok: true, tick: sim.market.tick });
  });

  it("advances one tick, or n, and prices change", async () => {
    const before = (await cmcGet<CmcBody>(sim, "limit=50")).body.data.map((item) => item.quote.USD.price);
    const start = sim.market.tick;
    expect((await control(sim, "POST", "/_sim/tick")).body).toEqual({ tick: start + 1 });
    expect((await control(sim, "POST", "/_sim/tick?n=5")).body).toEqual({ tick: start + 6 });
    const after = (await cmcGet<CmcBody>(sim, "limit=50")).body.data.map((item) => item.quote.USD.price);
    expect(after).not.toEqual(before);
    expect((await control(sim, "POST", "/_sim/tick?n=0")).status).toBe(400);
  });

  it.each(["totalvolfull", "mktcapfull"])("swaps two ranks of %s in the served data", async (list) => {
    const before = await top(list);
    const { status, body } = await control<{ coins: { symbol: string; newRank: number }[] }>(
      sim,
      "POST",
      "/_sim/swap",
      {
        ranks: [4, 9],
        list,
      },
    );
    expect(status).toBe(200);
    expect(body.coins).toEqual([
      expect.objectContaining({ symbol: before[3], newRank: 9 }),
      expect.objectContaining({ symbol: before[8], newRank: 4 }),
    ]);
    const after = await top(list);
    expect(after[3]).toBe(before[8]);
    expect(after[8]).toBe(before[3]);
    expect(after.filter((name, i) => name !== before[i])).toHaveLength(2);
  });

  it("skews one provider's price for a coin, and puts it back", async () => {
    const ccPrice = async (rank: number) =>
      Number(
        (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[rank - 1]?.RAW?.USD.PRICE,
      );
    const cmcPriceOf = async (symbol: string) =>
      (await cmcGet<CmcBody>(sim, "limit=5000")).body.data.find((item) => item.symbol === symbol)?.quote.USD.price;
    const symbol = (await top())[2] ?? "";
    const cmcBefore = await cmcPriceOf(symbol);
    const { status, body } = await control<{ symbol: string; pct: number }>(sim, "POST", "/_sim/skew", {
      rank: 3,
      provider: "cryptocompare",
      pct: 8,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ symbol, provider: "cryptocompare", pct: 8 });
    const skewed = await ccPrice(3);
    // CryptoCompare now reports 8% over the asset's price; CoinMarketCap's price did not move.
    expect(await cmcPriceOf(symbol)).toBe(cmcBefore);
    expect(Math.abs(skewed / (cmcBefore ?? 1) - 1.08)).toBeLessThan(0.005);
    await control(sim, "POST", "/_sim/skew", { rank: 3, provider: "cryptocompare", pct: 0 });
    expect(Math.abs((await ccPrice(3)) / (cmcBefore ?? 1) - 1)).toBeLessThan(0.005);
    expect((await control(sim, "POST", "/_sim/skew", { rank: 0, provider: "cryptocompare", pct: 1 })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/skew", { rank: 1, provider: "coingecko", pct: 1 })).status).toBe(400);
    expect(
      (await control(sim, "POST", "/_sim/skew", { rank: 100_000, provider: "cryptocompare", pct: 1 })).status,
    ).toBe(400);
  });

  it("renames a coin at every provider, hostile text and all, and puts it back", async () => {
    const hostile = `<img src=x onerror=alert(1)> "&' \u202e`;
    const ranked = (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[4];
    const ccId = ranked?.CoinInfo.Id;
    const { status, body } = await control<{ ccId: string; previous: { name: string; symbol: string } }>(
      sim,
      "POST",
      "/_sim/rename",
      { rank: 5, name: hostile, symbol: "XSS1" },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ccId,
      previous: { name: ranked?.CoinInfo.FullName, symbol: ranked?.CoinInfo.Name },
      name: hostile,
      symbol: "XSS1",
    });
    // CryptoCompare's toplist, CoinMarketCap's listing, CoinGecko's markets and the truth agree.
    const cc = (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[4];
    expect(cc?.CoinInfo).toMatchObject({ Id: ccId, Name: "XSS1", FullName: hostile });
    const cmc = (await cmcGet<CmcBody>(sim, "limit=5000")).body.data.filter((item) => item.name === hostile);
    expect(cmc.map((item) => item.symbol)).toEqual(["XSS1"]);
    const gecko = await getJson<{ name: string; symbol: string }[]>(
      `${sim.url}/api/v3/coins/markets?vs_currency=usd&per_page=250&page=1`,
    );
    expect(gecko.body.filter((item) => item.name === hostile).map((item) => item.symbol)).toEqual(["xss1"]);
    const { body: truth } = await control<{ rows: TruthRow[] }>(sim, "GET", "/_sim/truth?limit=10");
    expect(truth.rows[4]).toMatchObject({ ccId, symbol: "XSS1", name: hostile, expected: "priced" });

    // The symbol of another coin is refused; so are bad ranks, empty names and odd symbols.
    const taken = (await control(sim, "POST", "/_sim/rename", { rank: 5, name: "x", symbol: "BTC" })).status;
    expect(taken).toBe(400);
    expect((await control(sim, "POST", "/_sim/rename", { rank: 0, name: "x" })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/rename", { rank: 100_000, name: "x" })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/rename", { rank: 5, name: "" })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/rename", { rank: 5, name: "x", symbol: "" })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/rename", { rank: 5, name: "x", symbol: "S".repeat(201) })).status).toBe(
      400,
    );

    const back = await control(sim, "POST", "/_sim/rename", { rank: 5, ...body.previous });
    expect(back.status).toBe(200);
    const restored = (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[4];
    expect(restored?.CoinInfo).toEqual(ranked?.CoinInfo);
  });

  it("sends a name and symbol full of escape sequences raw in every provider's body", async () => {
    const name = "\u001b]0;pwned\u0007Evil\u001b[2J\u0000Coin\u202e";
    const symbol = "\u001b[31mEVL\u0007\u009b2J";
    const ranked = (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[6];
    const renamed = await control<{ ccId: string; previous: { name: string; symbol: string } }>(
      sim,
      "POST",
      "/_sim/rename",
      { rank: 7, name, symbol },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ ccId: ranked?.CoinInfo.Id, name, symbol });

    // CryptoCompare: the toplist (CoinInfo and RAW.FROMSYMBOL) and the coin list.
    const cc = (await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10")).body.Data[6];
    expect(cc?.CoinInfo).toMatchObject({ Name: symbol, FullName: name });
    expect(cc?.RAW?.USD.FROMSYMBOL).toBe(symbol);
    const coinlist = (await ccGet<CoinlistBody>(sim, CC_COINLIST)).body.Data[symbol];
    expect(coinlist).toMatchObject({ Symbol: symbol, CoinName: name, FullName: `${name} (${symbol})` });
    // CoinMarketCap: the listing, the map and the quotes by id.
    const listing = (await cmcGet<CmcBody>(sim, "limit=5000")).body.data.find((item) => item.name === name);
    expect(listing?.symbol).toBe(symbol);
    const map = (await cmcGetAt<CmcMapBody>(sim, CMC_MAP, "limit=5000")).body.data.find((i) => i.id === listing?.id);
    expect(map).toMatchObject({ name, symbol });
    const quotes = await cmcGetAt<CmcQuotesBody>(sim, CMC_QUOTES, `id=${listing?.id}`);
    expect(quotes.body.data[String(listing?.id)]).toMatchObject({ name, symbol });
    // CoinGecko: the markets and the coin list (its symbols are lower case).
    const markets = await getJson<{ id: string; name: string; symbol: string }[]>(
      `${sim.url}/api/v3/coins/markets?vs_currency=usd&per_page=250&page=1`,
    );
    const market = markets.body.find((item) => item.id === listing?.slug);
    expect(market).toMatchObject({ name, symbol: symbol.toLowerCase() });
    const list = (await getJson<CgListItem[]>(`${sim.url}${CG_COINS_LIST}`)).body.find((i) => i.id === listing?.slug);
    expect(list).toMatchObject({ name, symbol: symbol.toLowerCase() });

    const back = await control(sim, "POST", "/_sim/rename", { rank: 7, ...renamed.body.previous });
    expect(back.status).toBe(200);
  });

  it("rejects bad swap and truth input with 400", async () => {
    expect((await control(sim, "POST", "/_sim/swap", { ranks: [1] })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/swap", { ranks: [1, 1] })).status).toBe(400);
    expect((await control(sim, "POST", "/_sim/swap", { ranks: [1, 100_000] })).status).toBe(400);
    expect((await control(sim, "GET", "/_sim/truth?limit=0")).status).toBe(400);
    expect((await control(sim, "GET", "/_sim/truth?list=nope")).status).toBe(400);
  });

  it("serves truth whose prices are exactly what listings/latest serves", async () => {
    await control(sim, "POST", "/_sim/tick?n=3");
    const { body: truth } = await control<{ tick: number; rows: TruthRow[] }>(sim, "GET", "/_sim/truth?limit=200");
    const { body: cmc } = await cmcGet<CmcBody>(sim, "limit=5000");
    const prices = new Map(cmc.data.map((item) => [item.id, item.quote.USD.price]));
    expect(truth.tick).toBe(sim.market.tick);
    expect(truth.rows).toHaveLength(200);
    const ranked = await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=100");
    expect(truth.rows.slice(0, 100).map((row) => row.ccId)).toEqual(ranked.body.Data.map((item) => item.CoinInfo.Id));
    for (const row of truth.rows) {
      if (row.expected === "priced") {
        expect(Object.is(row.priceUsd, prices.get(row.cmcId ?? -1))).toBe(true);
        expect(row.cgId).toBe(cmc.data.find((item) => item.id === row.cmcId)?.slug);
      } else {
        expect(row.priceUsd).toBeNull();
        expect(row.cmcId).toBeNull();
        expect(row.cgId).toBeNull();
      }
    }
  });

  it("counts data requests by endpoint, keeps recent ones, and resets", async () => {
    await control(sim, "POST", "/_sim/reset");
    await cmcGet(sim, "limit=1");
    await ccGet(sim, "/data/top/totalvolfull?tsym=USD");
    await ccGet(sim, "/data/v2/histoday?fsym=BTC&tsym=USD");
    await ccGet(sim, "/data/v2/histoday?fsym=BTC&tsym=USD", null);
    type Log = { counts: Record<string, number>; recent: { target: string; path: string; status: number }[] };
    const { body } = await control<Log>(sim, "GET", "/_sim/requests");
    expect(body.counts).toEqual({
      "coinmarketcap.listings": 1,
      "cryptocompare.toplist": 1,
      "cryptocompare.history": 2,
    });
    expect(body.recent.map((r) => [r.target, r.path, r.status])).toEqual([
      ["coinmarketcap.listings", "/v1/cryptocurrency/listings/latest", 200],
      ["cryptocompare.toplist", "/data/top/totalvolfull", 200],
      ["cryptocompare.history", "/data/v2/histoday", 200],
      ["cryptocompare.history", "/data/v2/histoday", 401],
    ]);
    await control(sim, "POST", "/_sim/reset");
    const { body: cleared } = await control<Log>(sim, "GET", "/_sim/requests");
    expect(cleared.recent).toEqual([]);
  });

  it("names the registry endpoints in the request log", async () => {
    await control(sim, "POST", "/_sim/reset");
    const cmcHeaders = { headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } };
    await getJson(`${sim.url}/v1/cryptocurrency/map?limit=1`, cmcHeaders);
    await getJson(`${sim.url}/v2/cryptocurrency/quotes/latest?id=1`, cmcHeaders);
    await ccGet(sim, "/data/all/coinlist?summary=true");
    await getJson(`${sim.url}/api/v3/coins/list`);
    type Log = { counts: Record<string, number>; recent: { target: string; path: string; status: number }[] };
    const { body } = await control<Log>(sim, "GET", "/_sim/requests");
    expect(body.recent.map((r) => [r.target, r.path, r.status])).toEqual([
      ["coinmarketcap.map", "/v1/cryptocurrency/map", 200],
      ["coinmarketcap.quotes", "/v2/cryptocurrency/quotes/latest", 200],
      ["cryptocompare.coinlist", "/data/all/coinlist", 200],
      ["coingecko.coins_list", "/api/v3/coins/list", 200],
    ]);
    expect(body.counts).toMatchObject({
      "coinmarketcap.map": 1,
      "coinmarketcap.quotes": 1,
      "cryptocompare.coinlist": 1,
      "coingecko.coins_list": 1,
    });
  });

  it("answers unknown control paths with 404 JSON", async () => {
    const { status } = await getJson(`${sim.url}/_sim/nope`);
    expect(status).toBe(404);
  });
});

describe("determinism", () => {
  const snapshot = async (s: RunningSimulator) => {
    const cmc = await cmcGet<CmcBody>(s, "limit=300");
    const cc = await ccGet(s, "/data/top/totalvolfull?tsym=USD&limit=100&page=1");
    const history = await ccGet(s, "/data/v2/histohour?fsym=ETH&tsym=USD");
    return { cmc: cmc.body.data, cc: cc.body, history: history.body };
  };

  it("serves identical bodies for the same seed and different ones for another seed", async () => {
    const a = await startTestSimulator({ seed: 1234 });
    const b = await startTestSimulator({ seed: 1234 });
    const c = await startTestSimulator({ seed: 4321 });
    try {
      await control(a, "POST", "/_sim/tick?n=7");
      await control(b, "POST", "/_sim/tick?n=7");
      await control(c, "POST", "/_sim/tick?n=7");
      const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
      expect(JSON.stringify(sb)).toBe(JSON.stringify(sa));
      expect(JSON.stringify(sc)).not.toBe(JSON.stringify(sa));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
