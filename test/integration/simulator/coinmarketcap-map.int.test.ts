import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  CMC_MAP,
  type CmcBody,
  type CmcMapBody,
  cmcGet,
  cmcGetAt,
  control,
  FIXED_NOW,
  getJson,
  startTestSimulator,
} from "../../support/simulator";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control(sim, "POST", "/_sim/reset");
});

const map = (query = "", key?: string | null) => cmcGetAt<CmcMapBody>(sim, CMC_MAP, query, key);

describe("GET /v1/cryptocurrency/map", () => {
  it("lists every CoinMarketCap coin, deep ones included, by id, in the documented shape", async () => {
    const { status, headers, body } = await map();
    expect(status).toBe(200);
    expect(headers.get("x-simulated-data")).toBe("true");
    expect(body.status).toEqual({
      timestamp: new Date(FIXED_NOW).toISOString(),
      error_code: 0,
      error_message: null,
      elapsed: 9,
      credit_count: 1,
      notice: null,
    });
    expect(body.data).toHaveLength(714);
    const ids = body.data.map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Object.keys(body.data[0] ?? {})).toEqual([
      "id",
      "name",
      "symbol",
      "slug",
      "is_active",
      "rank",
      "first_historical_data",
      "last_historical_data",
      "platform",
    ]);
    expect(body.data[0]).toEqual({
      id: 1,
      name: "Bitcoin",
      symbol: "BTC",
      slug: "bitcoin",
      is_active: 1,
      rank: 1,
      first_historical_data: "2010-07-13T00:00:00.000Z",
      last_historical_data: "2026-01-02T12:30:00.000Z",
      platform: null,
    });
    // rank is the listing's cmc_rank, also for the coins far below any listings depth.
    const { body: listings } = await cmcGet<CmcBody>(sim, "limit=5000");
    const rankById = new Map(listings.data.map((item) => [item.id, item.cmc_rank]));
    for (const item of body.data) expect(item.rank).toBe(rankById.get(item.id));
    expect(Math.max(...body.data.map((item) => item.rank))).toBe(714);
    const token = body.data.find((item) => item.platform !== null);
    expect(token?.platform).toEqual({
      id: 1027,
      name: "Ethereum",
      symbol: "ETH",
      slug: "ethereum",
      token_address: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
    });
  });

  it("sorts by cmc_rank, pages with start and limit, and filters by symbol (ignoring paging)", async () => {
    const byRank = (await map("sort=cmc_rank")).body.data;
    expect(byRank.map((item) => item.rank)).toEqual(byRank.map((_, i) => i + 1));
    const page = (await map("sort=cmc_rank&start=501&limit=10")).body.data;
    expect(page.map((item) => item.rank)).toEqual([501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    const byId = (await map("start=3&limit=2")).body.data.map((item) => item.id);
    expect(byId).toEqual((await map()).body.data.slice(2, 4).map((item) => item.id));
    const hot = (await map("symbol=hot,MIOTA&start=5&limit=1")).body.data;
    expect(hot.map((item) => [item.symbol, item.name])).toEqual([
      ["MIOTA", "IOTA"],
      ["HOT", "Hydro Protocol"],
      ["HOT", "Holo"],
      ["HOT", "Hot Token"],
    ]);
    expect(hot.map((item) => item.id)).toEqual([1720, 2430, 2682, expect.any(Number)]);
    expect((await map("symbol=NOPE")).body.data).toEqual([]);
    expect((await map("listing_status=inactive,untracked")).body.data).toEqual([]);
    expect((await map("listing_status=active&aux=platform,first_historical_data")).body.data).toHaveLength(714);
  });

  it.each(["limit=0", "limit=5001", "start=0", "sort=name", "listing_status=gone"])(
    "rejects %s with HTTP 400 and error_code 400",
    async (query) => {
      const { status, body } = await map(query);
      expect(status).toBe(400);
      expect(body.status.error_code).toBe(400);
      expect(body).not.toHaveProperty("data");
    },
  );

  it("needs the key (401 / 1002 without, 401 / 1001 wrong) and records its credit in key/info", async () => {
    expect(await map("", null)).toMatchObject({ status: 401, body: { status: { error_code: 1002 } } });
    expect(await map("", "nope")).toMatchObject({ status: 401, body: { status: { error_code: 1001 } } });
    await map();
    await map("sort=cmc_rank");
    const info = await getJson<{ data: { usage: { current_day: { credits_used: number } } } }>(
      `${sim.url}/v1/key/info`,
      { headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } },
    );
    expect(info.body.data.usage.current_day.credits_used).toBe(2);
    const { body: log } = await control<{ counts: Record<string, number> }>(sim, "GET", "/_sim/requests");
    expect(log.counts["coinmarketcap.map"]).toBe(4);
  });
});
