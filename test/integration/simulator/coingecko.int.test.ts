// The simulated CoinGecko over real HTTP: paging, keys, errors, the chart, faults, and one truth
// shared with the simulated CoinMarketCap.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  CG_COINS_LIST,
  type CgListItem,
  type CmcBody,
  cmcGet,
  control,
  FIXED_NOW,
  getJson,
  startTestSimulator,
  type TruthRow,
} from "../../support/simulator";

const DEMO_KEY = "sim-cg-demo-key";
const MARKETS = "/api/v3/coins/markets";

interface CgItem {
  id: string;
  symbol: string;
  name: string;
  current_price: number | string;
  market_cap: number;
  market_cap_rank: number | null;
  total_volume: number;
  max_supply: number | null;
  price_change_percentage_1h_in_currency?: number;
  price_change_percentage_7d_in_currency?: number;
  sparkline_in_7d?: { price: number[] };
}
interface CgChart {
  prices: [number, number][];
  market_caps: [number, number][];
  total_volumes: [number, number][];
}

let keyless: RunningSimulator;
let keyed: RunningSimulator;
beforeAll(async () => {
  keyless = await startTestSimulator();
  keyed = await startTestSimulator({ coingeckoKey: DEMO_KEY });
});
afterAll(async () => {
  await keyless.close();
  await keyed.close();
});
beforeEach(async () => {
  await control(keyless, "POST", "/_sim/reset");
});

const cgGet = <T = unknown>(sim: RunningSimulator, path: string, headers: Record<string, string> = {}) =>
  getJson<T>(`${sim.url}${path}`, { headers });
const page = (n: number, perPage = 250, extra = "") =>
  `${MARKETS}?vs_currency=usd&order=market_cap_desc&per_page=${perPage}&page=${n}${extra}`;

describe("GET /api/v3/coins/markets", () => {
  it("pages 250 at a time, ids unique, ranks continuous, the same prices as CoinMarketCap", async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => cgGet<CgItem[]>(keyless, page(n))));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages[0]?.headers.get("x-simulated-data")).toBe("true");
    const items = pages.flatMap((p) => p.body);
    const cmc = await cmcGet<CmcBody>(keyless, "limit=5000");
    // The same universe: every CoinMarketCap listing once, in the same order, at the same price.
    expect(pages.map((p) => p.body.length)).toEqual([250, 250, cmc.body.data.length - 500]);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.map((i) => i.market_cap_rank)).toEqual(cmc.body.data.map((c) => c.cmc_rank));
    expect(items.map((i) => i.current_price)).toEqual(cmc.body.data.map((c) => c.quote.USD.price));
    expect(items.map((i) => i.symbol)).toEqual(cmc.body.data.map((c) => c.symbol.toLowerCase()));
    expect(items[0]).toMatchObject({ id: "bitcoin", symbol: "btc", name: "Bitcoin", market_cap_rank: 1 });
    // Symbols collide as they do at CoinGecko: three coins answer to "hot".
    expect(items.filter((i) => i.symbol === "hot").map((i) => i.id)).toEqual(
      expect.arrayContaining(["holo", "hot-token", "hydro-protocol"]),
    );
  });

  it("serves the prices /_sim/truth names for every priced coin", async () => {
    const { body: truth } = await getJson<{ rows: TruthRow[] }>(`${keyless.url}/_sim/truth?limit=200`);
    const items = (await Promise.all([1, 2, 3].map((n) => cgGet<CgItem[]>(keyless, page(n))))).flatMap((p) => p.body);
    const { body: cmc } = await cmcGet<CmcBody>(keyless, "limit=5000");
    const slugById = new Map(cmc.data.map((c) => [c.id, items[c.cmc_rank - 1]?.id]));
    const priceById = new Map(items.map((i) => [i.id, i.current_price]));
    const priced = truth.rows.filter((row) => row.cmcId !== null);
    expect(priced.length).toBeGreaterThan(150);
    for (const row of priced) expect(priceById.get(slugById.get(row.cmcId ?? 0) ?? "")).toBe(row.priceUsd);
  });

  it("adds the asked-for changes and a 168-point sparkline ending at the current price", async () => {
    const { body } = await cgGet<CgItem[]>(keyless, page(1, 2, "&price_change_percentage=1h,24h,7d&sparkline=true"));
    expect(body).toHaveLength(2);
    const [btc] = body;
    expect(typeof btc?.price_change_percentage_1h_in_currency).toBe("number");
    expect(typeof btc?.price_change_percentage_7d_in_currency).toBe("number");
    expect(btc?.sparkline_in_7d?.price).toHaveLength(168);
    expect(btc?.sparkline_in_7d?.price.at(-1)).toBe(btc?.current_price);
    const { body: plain } = await cgGet<CgItem[]>(keyless, page(1, 1));
    expect(plain[0]).not.toHaveProperty("price_change_percentage_1h_in_currency");
    expect(plain[0]).not.toHaveProperty("sparkline_in_7d");
  });

  it("answers bad parameters in the {error:'text'} shape", async () => {
    expect(await cgGet(keyless, `${MARKETS}?per_page=10`)).toMatchObject({
      status: 400,
      body: { error: "Missing parameter vs_currency" },
    });
    expect(await cgGet(keyless, `${MARKETS}?vs_currency=xyz`)).toMatchObject({
      status: 400,
      body: { error: "invalid vs_currency" },
    });
    expect(await cgGet(keyless, page(1, 251))).toMatchObject({
      status: 400,
      body: { error: "per_page must be an integer from 1 to 250" },
    });
    expect(await cgGet(keyless, "/api/v3/ping")).toMatchObject({ status: 404, body: { error: "Not Found" } });
  });
});

describe("GET /api/v3/coins/markets?ids=", () => {
  it("answers only the asked-for coins, in market-cap order, skipping unknown ids silently", async () => {
    const { status, body } = await cgGet<CgItem[]>(keyless, page(1, 250, "&ids=tidewell,nope,holo,bitcoin"));
    expect(status).toBe(200);
    expect(body.map((item) => item.id)).toEqual(["bitcoin", "holo", "tidewell"]);
    const { body: cmc } = await cmcGet<CmcBody>(keyless, "limit=5000");
    const deep = cmc.data.find((item) => item.slug === "tidewell");
    expect(body[2]).toMatchObject({ market_cap_rank: deep?.cmc_rank, current_price: deep?.quote.USD.price });
    expect(deep?.cmc_rank).toBeGreaterThan(500);
    expect((await cgGet<CgItem[]>(keyless, page(1, 250, "&ids=nope"))).body).toEqual([]);
    expect((await cgGet<CgItem[]>(keyless, page(1, 1, "&ids=holo,bitcoin"))).body.map((item) => item.id)).toEqual([
      "bitcoin",
    ]);
  });
});

describe("GET /api/v3/coins/list", () => {
  it("lists every coin sorted by id; include_platform=true adds the lower-cased Ethereum contract", async () => {
    const { status, body } = await cgGet<CgListItem[]>(keyless, `${CG_COINS_LIST}?include_platform=true`);
    expect(status).toBe(200);
    const { body: cmc } = await cmcGet<CmcBody>(keyless, "limit=5000");
    expect(body).toHaveLength(cmc.data.length);
    const ids = body.map((item) => item.id);
    expect(ids).toEqual([...ids].sort());
    const bySlug = new Map(cmc.data.map((item) => [item.slug, item]));
    for (const item of body) {
      const listing = bySlug.get(item.id);
      expect(Object.keys(item)).toEqual(["id", "symbol", "name", "platforms"]);
      expect(item).toMatchObject({ symbol: listing?.symbol.toLowerCase(), name: listing?.name });
      const address = listing?.platform?.token_address;
      expect(item.platforms).toEqual(address ? { ethereum: address.toLowerCase() } : {});
    }
    expect(body.find((item) => item.id === "bitcoin")).toEqual({
      id: "bitcoin",
      symbol: "btc",
      name: "Bitcoin",
      platforms: {},
    });
    const plain = await cgGet<CgListItem[]>(keyless, CG_COINS_LIST);
    expect(plain.body.find((item) => item.id === "holo")).toEqual({ id: "holo", symbol: "hot", name: "Holo" });
    const withoutPlatforms = await cgGet<CgListItem[]>(keyless, `${CG_COINS_LIST}?include_platform=false`);
    expect(withoutPlatforms.body.every((item) => !("platforms" in item))).toBe(true);
  });

  it("checks the Demo key like markets and is counted as coingecko.coins_list", async () => {
    expect((await cgGet(keyed, CG_COINS_LIST)).status).toBe(401);
    expect((await cgGet(keyed, CG_COINS_LIST, { "x-cg-demo-api-key": DEMO_KEY })).status).toBe(200);
    await cgGet(keyless, CG_COINS_LIST);
    const { body: log } = await control<{ counts: Record<string, number> }>(keyless, "GET", "/_sim/requests");
    expect(log.counts["coingecko.coins_list"]).toBe(1);
  });
});

describe("CoinGecko keys", () => {
  it("keyless mode accepts no key and a Demo key, and refuses a Pro key (10010)", async () => {
    expect((await cgGet(keyless, page(1, 1))).status).toBe(200);
    expect((await cgGet(keyless, page(1, 1), { "x-cg-demo-api-key": "anything" })).status).toBe(200);
    const pro = await cgGet(keyless, page(1, 1), { "x-cg-pro-api-key": "pro-key" });
    expect(pro.status).toBe(401);
    expect(pro.body).toEqual({
      status: {
        error_code: 10010,
        error_message:
          "If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com",
      },
    });
  });

  it("with SIM_COINGECKO_KEY set, checks the Demo key (header or query)", async () => {
    expect(keyed.coingeckoKey).toBe(DEMO_KEY);
    expect(keyless.coingeckoKey).toBeNull();
    expect((await cgGet(keyed, page(1, 1), { "x-cg-demo-api-key": DEMO_KEY })).status).toBe(200);
    expect((await cgGet(keyed, `${page(1, 1)}&x_cg_demo_api_key=${DEMO_KEY}`)).status).toBe(200);
    expect(await cgGet(keyed, page(1, 1))).toMatchObject({
      status: 401,
      body: { status: { error_code: 10002, error_message: "API Key Missing" } },
    });
    expect(await cgGet(keyed, page(1, 1), { "x-cg-demo-api-key": "wrong" })).toMatchObject({
      status: 401,
      body: { error: { status: { error_code: 10002, error_message: "Invalid API Key" } } },
    });
  });
});

describe("GET /api/v3/coins/{id}/market_chart", () => {
  it("sends hourly [ms, value] points ending at the live price, now", async () => {
    const [{ body: items }, chart] = await Promise.all([
      cgGet<CgItem[]>(keyless, page(1, 1)),
      cgGet<CgChart>(keyless, "/api/v3/coins/bitcoin/market_chart?vs_currency=usd&days=7"),
    ]);
    expect(chart.status).toBe(200);
    const { prices, market_caps, total_volumes } = chart.body;
    expect(prices).toHaveLength(7 * 24 + 1);
    expect(market_caps).toHaveLength(prices.length);
    expect(total_volumes).toHaveLength(prices.length);
    expect(prices.at(-1)).toEqual([FIXED_NOW, items[0]?.current_price]);
    const hourStart = Math.floor(FIXED_NOW / 3_600_000) * 3_600_000;
    expect(prices.at(-2)?.[0]).toBe(hourStart);
    expect(prices[0]?.[0]).toBe(hourStart - 167 * 3_600_000);
    expect(prices.every(([, value]) => value > 0)).toBe(true);
  });

  it("goes daily past 90 days and refuses more than 365 with 10012 in the nested shape", async () => {
    const daily = await cgGet<CgChart>(keyless, "/api/v3/coins/ethereum/market_chart?vs_currency=usd&days=365");
    expect(daily.body.prices).toHaveLength(366);
    expect((daily.body.prices[1]?.[0] ?? 0) - (daily.body.prices[0]?.[0] ?? 0)).toBe(86_400_000);
    const old = await cgGet(keyless, "/api/v3/coins/ethereum/market_chart?vs_currency=usd&days=366");
    expect(old.status).toBe(401);
    expect(old.body).toEqual({
      error: {
        status: {
          timestamp: new Date(FIXED_NOW).toISOString(),
          error_code: 10012,
          error_message:
            "Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past 365 days.",
        },
      },
    });
  });

  it("answers an unknown coin with 404 {error:'coin not found'}", async () => {
    expect(await cgGet(keyless, "/api/v3/coins/nope/market_chart?vs_currency=usd&days=1")).toMatchObject({
      status: 404,
      body: { error: "coin not found" },
    });
  });
});

describe("CoinGecko faults", () => {
  const fault = (spec: Record<string, unknown>) => control(keyless, "POST", "/_sim/fault", spec);

  it("rate_limit: 429 in the status shape, Retry-After only when the fault names one", async () => {
    await fault({ target: "coingecko", mode: "rate_limit", times: 1 });
    await fault({ target: "coingecko", mode: "rate_limit", retryAfter: 119, times: 1 });
    const bare = await cgGet(keyless, page(1, 1));
    const timed = await cgGet(keyless, page(1, 1));
    expect([bare.status, timed.status]).toEqual([429, 429]);
    expect(bare.headers.get("retry-after")).toBeNull();
    expect(timed.headers.get("retry-after")).toBe("119");
    expect(bare.body).toEqual({
      status: {
        error_code: 429,
        error_message:
          "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
      },
    });
    expect((await cgGet(keyless, page(1, 1))).status).toBe(200);
  });

  it("targets CoinGecko alone: the other providers keep answering", async () => {
    await fault({ target: "coingecko", mode: "status", status: 503 });
    expect(await cgGet(keyless, page(1, 1))).toMatchObject({ status: 503, body: { error: "Service unavailable." } });
    expect((await cmcGet(keyless, "limit=1")).status).toBe(200);
    const { body } = await control<{ cleared: number }>(keyless, "DELETE", "/_sim/fault?target=coingecko");
    expect(body.cleared).toBe(1);
  });

  it("error_code: the code's own shape and status; html: a Cloudflare page for api.coingecko.com", async () => {
    await fault({ target: "coingecko", mode: "error_code", errorCode: 10011, times: 1 });
    await fault({ target: "coingecko", mode: "html", times: 1 });
    const wrongHost = await cgGet(keyless, page(1, 1));
    expect(wrongHost.status).toBe(401);
    expect(wrongHost.body).toMatchObject({ error: { status: { error_code: 10011 } } });
    const html = await fetch(`${keyless.url}${page(1, 1)}`);
    expect(html.status).toBe(503);
    expect(await html.text()).toContain("api.coingecko.com | 503");
  });

  it("wrong_types sends prices as strings; requests are counted per CoinGecko endpoint", async () => {
    await fault({ target: "coingecko", mode: "wrong_types", times: 1 });
    const { body } = await cgGet<CgItem[]>(keyless, page(1, 2));
    expect(body.map((i) => typeof i.current_price)).toEqual(["string", "string"]);
    await cgGet(keyless, "/api/v3/coins/bitcoin/market_chart?vs_currency=usd&days=1");
    const { body: log } = await control<{ counts: Record<string, number> }>(keyless, "GET", "/_sim/requests");
    expect(log.counts).toMatchObject({ "coingecko.markets": 1, "coingecko.market_chart": 1 });
  });
});
