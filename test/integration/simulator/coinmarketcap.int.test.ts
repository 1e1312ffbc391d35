import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import { CMC_PATH, type CmcBody, type CmcItem, cmcGet, getJson, startTestSimulator } from "../../support/simulator";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const ITEM_KEYS = [
  "id",
  "name",
  "symbol",
  "slug",
  "num_market_pairs",
  "date_added",
  "tags",
  "max_supply",
  "circulating_supply",
  "total_supply",
  "infinite_supply",
  "platform",
  "cmc_rank",
  "self_reported_circulating_supply",
  "self_reported_market_cap",
  "tvl_ratio",
  "last_updated",
  "quote",
];
const QUOTE_KEYS = [
  "price",
  "volume_24h",
  "volume_change_24h",
  "percent_change_1h",
  "percent_change_24h",
  "percent_change_7d",
  "percent_change_30d",
  "percent_change_60d",
  "percent_change_90d",
  "market_cap",
  "market_cap_dominance",
  "fully_diluted_market_cap",
  "tvl",
  "last_updated",
];

describe("GET /v1/cryptocurrency/listings/latest", () => {
  it("answers with the status envelope and the documented item shape", async () => {
    const { status, headers, body } = await cmcGet<CmcBody & { data: Record<string, unknown>[] }>(sim, "limit=3");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(headers.get("x-simulated-data")).toBe("true");
    expect(body.status).toMatchObject({ error_code: 0, error_message: null, credit_count: 1, notice: null });
    expect(body.status.total_count).toBe(714);
    expect(Object.keys(body.status)).toEqual([
      "timestamp",
      "error_code",
      "error_message",
      "elapsed",
      "credit_count",
      "notice",
      "total_count",
    ]);
    const btc = body.data[0]!;
    expect(Object.keys(btc)).toEqual(ITEM_KEYS);
    const quote = (btc.quote as { USD: Record<string, unknown> }).USD;
    expect(Object.keys(quote)).toEqual(QUOTE_KEYS);
    expect(btc).toMatchObject({ id: 1, symbol: "BTC", name: "Bitcoin", slug: "bitcoin", cmc_rank: 1, platform: null });
    expect(typeof quote.price).toBe("number");
    expect(quote.last_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it("sorts by market cap with cmc_rank and pages with start", async () => {
    const { body: all } = await cmcGet<CmcBody>(sim, "limit=5000");
    expect(all.data).toHaveLength(714);
    // A listing with an unverified supply (the ARDL trap) serves market_cap 0 but ranks by its
    // self-reported cap, as CoinMarketCap does: compare the cap each listing ranks by.
    const rankedCap = (item: CmcItem) => item.self_reported_market_cap ?? item.quote.USD.market_cap;
    all.data.forEach((item, i) => {
      expect(item.cmc_rank).toBe(i + 1);
      const previous = all.data[i - 1];
      if (previous) expect(rankedCap(item)).toBeLessThanOrEqual(rankedCap(previous));
    });
    const unverified = all.data.filter((item) => item.self_reported_market_cap !== null);
    expect(unverified.map((item) => [item.symbol, item.circulating_supply, item.quote.USD.market_cap])).toEqual([
      ["ARDL", 0, 0],
    ]);
    const { body: page } = await cmcGet<CmcBody>(sim, "start=101&limit=100");
    expect(page.data.map((item) => item.id)).toEqual(all.data.slice(100, 200).map((item) => item.id));
  });

  it.each([
    [1, 1],
    [200, 1],
    [201, 2],
    [500, 3],
    [5000, 4],
  ])("charges credits per 200 coins returned: limit=%i costs %i", async (limit, credits) => {
    const { body } = await cmcGet<CmcBody>(sim, `limit=${limit}`);
    expect(body.status.credit_count).toBe(credits);
  });

  it("answers 401 / 1002 without a key and 401 / 1001 with a wrong one (header name case-insensitive)", async () => {
    const missing = await cmcGet<CmcBody>(sim, "", null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      status: {
        timestamp: expect.any(String),
        error_code: 1002,
        error_message: "API key missing.",
        elapsed: 0,
        credit_count: 0,
      },
    });
    const wrong = await cmcGet<CmcBody>(sim, "", "nope");
    expect(wrong.status).toBe(401);
    expect(wrong.body.status).toMatchObject({ error_code: 1001, error_message: "This API Key is invalid." });
    const lower = await getJson<CmcBody>(`${sim.url}${CMC_PATH}?limit=1`, {
      headers: { "x-cmc_pro_api_key": sim.cmcKey },
    });
    expect(lower.status).toBe(200);
  });

  it.each(["convert=EUR", "limit=0", "limit=5001", "limit=abc", "start=0", "sort=marketcap"])(
    "rejects %s with HTTP 400 and error_code 400",
    async (query) => {
      const { status, body } = await cmcGet<CmcBody>(sim, query);
      expect(status).toBe(400);
      expect(body.status.error_code).toBe(400);
      expect(body.status.error_message).toEqual(expect.any(String));
      expect(body).not.toHaveProperty("data");
    },
  );

  it("lists the three HOT, IOTA as MIOTA 1720, and the two ABC", async () => {
    const { body } = await cmcGet<CmcBody>(sim, "limit=5000");
    const hot = body.data.filter((item) => item.symbol === "HOT");
    expect(hot.map((item) => [item.id, item.name]).sort()).toEqual(
      expect.arrayContaining([
        [2682, "Holo"],
        [2430, "Hydro Protocol"],
      ]),
    );
    expect(hot.find((item) => item.name === "Hot Token")?.id).toBeGreaterThanOrEqual(10_000);
    expect(new Set(hot.map((item) => item.quote.USD.market_cap)).size).toBe(3);
    expect(body.data.find((item) => item.id === 1720)).toMatchObject({ symbol: "MIOTA", name: "IOTA" });
    expect(
      body.data
        .filter((item) => item.symbol === "ABC")
        .map((item) => item.name)
        .sort(),
    ).toEqual(["ABC Token", "AlphaBeta Chain"]);
    expect(body.data.some((item) => item.symbol === "WINGS" || item.symbol === "IOT")).toBe(false);
    const subCent = body.data.filter((item) => item.quote.USD.price < 0.001);
    expect(subCent.length).toBeGreaterThanOrEqual(3);
    expect(subCent.some((item) => item.quote.USD.price > 1e-7 && item.quote.USD.price < 1.5e-7)).toBe(true);
  });

  it("answers unknown CoinMarketCap paths with 404 in the status envelope", async () => {
    const { status, body } = await getJson<CmcBody>(`${sim.url}/v2/cryptocurrency/info`, {
      headers: { "X-CMC_PRO_API_KEY": sim.cmcKey },
    });
    expect(status).toBe(404);
    expect(body.status.error_code).toBe(404);
  });
});
