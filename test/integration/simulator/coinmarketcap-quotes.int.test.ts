import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  CMC_QUOTES,
  type CmcBody,
  type CmcQuote,
  type CmcQuotesBody,
  cmcGet,
  cmcGetAt,
  control,
  FIXED_NOW,
  getJson,
  startTestSimulator,
} from "../../support/simulator";

let sim: RunningSimulator;
let listings: CmcBody;
beforeAll(async () => {
  sim = await startTestSimulator();
  await control(sim, "POST", "/_sim/tick?n=4");
  listings = (await cmcGet<CmcBody>(sim, "limit=5000")).body;
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control(sim, "POST", "/_sim/reset");
});

const quotes = <T = CmcQuote>(query: string, key?: string | null) =>
  cmcGetAt<CmcQuotesBody<T>>(sim, CMC_QUOTES, query, key);
const listingOf = (id: number) => listings.data.find((item) => item.id === id);

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
  "is_active",
  "infinite_supply",
  "platform",
  "cmc_rank",
  "is_fiat",
  "self_reported_circulating_supply",
  "self_reported_market_cap",
  "tvl_ratio",
  "last_updated",
  "quote",
];

describe("GET /v2/cryptocurrency/quotes/latest", () => {
  it("answers id= with one object per id, keyed by the id as a string, priced as listings/latest", async () => {
    const deep = listings.data.find((item) => item.symbol === "TDW");
    const ids = [1, 1027, deep?.id ?? 0];
    const { status, body } = await quotes(`id=${ids.join(",")}&convert=USD`);
    expect(status).toBe(200);
    expect(body.status).toEqual({
      timestamp: new Date(FIXED_NOW).toISOString(),
      error_code: 0,
      error_message: null,
      elapsed: 7,
      credit_count: 1,
      notice: null,
    });
    expect(Object.keys(body.data)).toEqual(ids.map(String));
    for (const id of ids) {
      const item = body.data[String(id)] as CmcQuote;
      const listed = listingOf(id);
      expect(Object.keys(item)).toEqual(ITEM_KEYS);
      expect(item).toMatchObject({ id, is_active: 1, is_fiat: 0, cmc_rank: listed?.cmc_rank });
      expect(item.quote).toEqual(listed?.quote);
      expect(item.circulating_supply).toBe(listed?.circulating_supply);
    }
    // The deep coin ranks far below the default listings depth: quotes reach it by id.
    expect(body.data[String(deep?.id)]?.cmc_rank).toBeGreaterThan(500);
  });

  it("sends tags as {slug, name, category} objects, as v2 does", async () => {
    const tagged = listings.data.find((item) => (item as unknown as { tags: string[] }).tags.length > 0);
    const { body } = await quotes(`id=${tagged?.id}`);
    const item = body.data[String(tagged?.id)] as CmcQuote & { tags: { slug: string; category: string }[] };
    expect(item.tags.map((tag) => tag.slug)).toEqual((tagged as unknown as { tags: string[] }).tags);
    for (const tag of item.tags)
      expect(tag).toEqual({ slug: tag.slug, name: expect.any(String), category: expect.any(String) });
  });

  it("answers slug= keyed by id, and symbol= with an ARRAY per symbol (symbols collide)", async () => {
    const bySlug = await quotes("slug=holo,iota");
    // An object keyed by ids: JSON.parse enumerates integer keys in ascending order, whatever the wire order.
    expect(Object.keys(bySlug.body.data)).toEqual(["1720", "2682"]);
    expect(bySlug.body.data["1720"]).toMatchObject({ symbol: "MIOTA", name: "IOTA" });
    const bySymbol = await quotes<CmcQuote[]>("symbol=hot,BTC");
    expect(Object.keys(bySymbol.body.data)).toEqual(["HOT", "BTC"]);
    const hot = bySymbol.body.data.HOT ?? [];
    expect(hot.map((item) => item.name).sort()).toEqual(["Holo", "Hot Token", "Hydro Protocol"]);
    expect(hot.map((item) => item.cmc_rank)).toEqual([...hot.map((item) => item.cmc_rank)].sort((a, b) => a - b));
    expect(bySymbol.body.data.BTC?.map((item) => item.id)).toEqual([1]);
    expect(bySymbol.body.status.credit_count).toBe(1);
  });

  it("refuses an unknown id with 400 and the status envelope, unless skip_invalid=true", async () => {
    const unknown = await quotes("id=1,999999999,424242");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      status: {
        timestamp: new Date(FIXED_NOW).toISOString(),
        error_code: 400,
        error_message: 'Invalid value for "id": "999999999,424242"',
        elapsed: 0,
        credit_count: 0,
      },
    });
    expect((await quotes("id=1,999999999&skip_invalid=false")).status).toBe(400);
    const skipped = await quotes("id=1,999999999&skip_invalid=true");
    expect(skipped.status).toBe(200);
    expect(Object.keys(skipped.body.data)).toEqual(["1"]);
    const nothing = await quotes("id=999999999&skip_invalid=true");
    expect(nothing.body).toMatchObject({ status: { error_code: 0, credit_count: 1 }, data: {} });
    expect(await quotes("slug=nope")).toMatchObject({
      status: 400,
      body: { status: { error_code: 400, error_message: 'Invalid value for "slug": "nope"' } },
    });
    expect(await quotes("symbol=BTC,NOPE")).toMatchObject({
      status: 400,
      body: { status: { error_code: 400, error_message: 'Invalid value for "symbol": "NOPE"' } },
    });
  });

  it.each(["", "id=1&slug=bitcoin", "id=1&convert=EUR", "id=1&skip_invalid=maybe", "id="])(
    "rejects %j with HTTP 400 and error_code 400",
    async (query) => {
      const { status, body } = await quotes(query);
      expect(status).toBe(400);
      expect(body.status.error_code).toBe(400);
      expect(body).not.toHaveProperty("data");
    },
  );

  it.each([
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])("charges 1 credit per 100 coins returned: %i coins cost %i", async (count, credits) => {
    const ids = listings.data.slice(0, count).map((item) => item.id);
    const { body } = await quotes(`id=${ids.join(",")}`);
    expect(Object.keys(body.data)).toHaveLength(count);
    expect(body.status.credit_count).toBe(credits);
  });

  it("needs the key, records its credits in key/info and is counted as coinmarketcap.quotes", async () => {
    expect(await quotes("id=1", null)).toMatchObject({ status: 401, body: { status: { error_code: 1002 } } });
    expect(await quotes("id=1", "nope")).toMatchObject({ status: 401, body: { status: { error_code: 1001 } } });
    const ids = listings.data.slice(0, 150).map((item) => item.id);
    await quotes(`id=${ids.join(",")}`);
    await quotes("id=1");
    await quotes("id=999999999");
    const info = await getJson<{ data: { usage: { current_day: { credits_used: number } } } }>(
      `${sim.url}/v1/key/info`,
      { headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } },
    );
    expect(info.body.data.usage.current_day.credits_used).toBe(3);
    const { body: log } = await control<{ counts: Record<string, number> }>(sim, "GET", "/_sim/requests");
    expect(log.counts["coinmarketcap.quotes"]).toBe(5);
  });
});
