import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  type CcToplist,
  CMC_PATH,
  type CmcBody,
  control,
  FIXED_NOW,
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

const CC_TOPLIST = "/data/top/totalvolfull?tsym=USD&limit=10";
const fault = (spec: Record<string, unknown>) => control(sim, "POST", "/_sim/fault", spec);
const cmcFetch = (init: RequestInit = {}) =>
  fetch(`${sim.url}${CMC_PATH}?limit=5`, { ...init, headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } });
const ccFetch = (init: RequestInit = {}) =>
  fetch(`${sim.url}${CC_TOPLIST}`, { ...init, headers: { authorization: `Apikey ${sim.cryptocompareKey}` } });

describe("fault control", () => {
  it("validates the fault body with 400 and lists and clears faults", async () => {
    expect((await fault({ target: "cmc", mode: "status" })).status).toBe(400);
    expect((await fault({ target: "all", mode: "explode" })).status).toBe(400);
    expect((await fault({ target: "all", mode: "status", times: 0 })).status).toBe(400);
    expect((await fault({ target: "all", mode: "delay", extra: 1 })).status).toBe(400);
    expect((await fault({ target: "coinmarketcap", mode: "status", status: 502 })).status).toBe(201);
    expect((await fault({ target: "cryptocompare", mode: "html" })).status).toBe(201);
    const listed = await control<{ faults: { target: string }[] }>(sim, "GET", "/_sim/faults");
    expect(listed.body.faults.map((f) => f.target)).toEqual(["coinmarketcap", "cryptocompare"]);
    await control(sim, "DELETE", "/_sim/fault?target=coinmarketcap");
    expect((await cmcFetch()).status).toBe(200);
    expect((await ccFetch()).status).toBe(503);
    await control(sim, "DELETE", "/_sim/fault");
    expect((await ccFetch()).status).toBe(200);
  });

  it("applies `times` to the next N matching requests only, per target", async () => {
    await fault({ target: "cryptocompare", mode: "status", status: 500, times: 1 });
    expect((await cmcFetch()).status).toBe(200);
    expect((await ccFetch()).status).toBe(500);
    expect((await ccFetch()).status).toBe(200);
    expect((await control<{ faults: unknown[] }>(sim, "GET", "/_sim/faults")).body.faults).toEqual([]);
  });

  it("never applies to control endpoints", async () => {
    await fault({ target: "all", mode: "hang" });
    expect((await control(sim, "GET", "/_sim/health")).status).toBe(200);
  });
});

describe("fault modes", () => {
  it("status: the given HTTP status with a provider-shaped body", async () => {
    await fault({ target: "all", mode: "status", status: 503, retryAfter: 5 });
    const cmc = await cmcFetch();
    expect(cmc.status).toBe(503);
    expect(cmc.headers.get("retry-after")).toBe("5");
    expect(((await cmc.json()) as CmcBody).status.error_code).toBe(503);
    const cc = await ccFetch();
    expect(cc.status).toBe(503);
    expect(await cc.json()).toMatchObject({ Response: "Error", Type: expect.any(Number) });
  });

  it.each([
    [1001, 401],
    [1002, 401],
    [1003, 402],
    [1004, 402],
    [1005, 403],
    [1006, 403],
    [1007, 403],
    [1008, 429],
    [1009, 429],
    [1010, 429],
    [1011, 429],
  ])("error_code %i: CoinMarketCap answers HTTP %i with the status envelope", async (errorCode, status) => {
    await fault({ target: "coinmarketcap", mode: "error_code", errorCode, times: 1 });
    const response = await cmcFetch();
    expect(response.status).toBe(status);
    const body = (await response.json()) as CmcBody;
    expect(body.status.error_code).toBe(errorCode);
    expect(body).not.toHaveProperty("data");
  });

  it.each([99, 1, 2, 0])("error_code: CryptoCompare Type %i arrives with HTTP 200", async (ccType) => {
    await fault({ target: "cryptocompare", mode: "error_code", ccType, times: 1 });
    const response = await ccFetch();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ Response: "Error", Type: ccType });
  });

  it("error_body_200: HTTP 200 carrying the provider's error body", async () => {
    await fault({ target: "all", mode: "error_body_200", errorCode: 1006 });
    const cmc = await cmcFetch();
    expect(cmc.status).toBe(200);
    expect(((await cmc.json()) as CmcBody).status.error_code).toBe(1006);
    const cc = await ccFetch();
    expect(cc.status).toBe(200);
    expect(await cc.json()).toMatchObject({ Response: "Error", Type: 99 });
  });

  it("rate_limit: 429 with Retry-After in seconds (default 60, or given) or as an HTTP-date", async () => {
    await fault({ target: "coinmarketcap", mode: "rate_limit", times: 1 });
    await fault({ target: "coinmarketcap", mode: "rate_limit", retryAfter: 7, times: 1 });
    await fault({ target: "cryptocompare", mode: "rate_limit", retryAfter: "http-date", times: 1 });
    const first = await cmcFetch();
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("60");
    expect(((await first.json()) as CmcBody).status.error_code).toBe(1008);
    expect((await cmcFetch()).headers.get("retry-after")).toBe("7");
    const cc = await ccFetch();
    expect(cc.status).toBe(429);
    expect(cc.headers.get("retry-after")).toBe(new Date(FIXED_NOW + 60_000).toUTCString());
    expect(await cc.json()).toMatchObject({ Type: 99, RateLimit: { calls_made: expect.any(Object) } });
  });

  it("retryAfterDate: Retry-After as an HTTP-date that many seconds after the simulator's clock", async () => {
    await fault({ target: "coingecko", mode: "rate_limit", retryAfterDate: 120, times: 1 });
    await fault({ target: "coinmarketcap", mode: "status", status: 503, retryAfterDate: 0, times: 1 });
    const gecko = await fetch(`${sim.url}/api/v3/coins/markets?vs_currency=usd`);
    expect(gecko.status).toBe(429);
    expect(gecko.headers.get("retry-after")).toBe(new Date(FIXED_NOW + 120_000).toUTCString());
    expect((await cmcFetch()).headers.get("retry-after")).toBe(new Date(FIXED_NOW).toUTCString());
    const both = await fault({ target: "all", mode: "rate_limit", retryAfter: 5, retryAfterDate: 5 });
    expect(both.status).toBe(400);
  });

  it("delay: answers normally after delayMs", async () => {
    await fault({ target: "coinmarketcap", mode: "delay", delayMs: 300, times: 1 });
    const started = performance.now();
    const response = await cmcFetch();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(((await response.json()) as CmcBody).data).toHaveLength(5);
  });

  it("hang: never answers; the request ends when the client aborts", async () => {
    await fault({ target: "cryptocompare", mode: "hang", times: 1 });
    await expect(ccFetch({ signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await ccFetch()).status).toBe(200);
    const log = await control<{ recent: { status: number }[] }>(sim, "GET", "/_sim/requests");
    expect(log.body.recent.map((r) => r.status)).toEqual([0, 200]);
  });

  it("reset: destroys the socket", async () => {
    await fault({ target: "coinmarketcap", mode: "reset", times: 1 });
    await expect(cmcFetch()).rejects.toThrow();
  });

  it("malformed and truncated: 200 bodies that do not parse; truncated has no Content-Length", async () => {
    await fault({ target: "cryptocompare", mode: "malformed", times: 1 });
    await fault({ target: "cryptocompare", mode: "truncated", times: 1 });
    const malformed = await ccFetch();
    expect(malformed.status).toBe(200);
    const malformedText = await malformed.text();
    expect(() => JSON.parse(malformedText)).toThrow();
    const truncated = await ccFetch();
    expect(truncated.status).toBe(200);
    expect(truncated.headers.get("content-length")).toBeNull();
    const cut = Buffer.from(await truncated.arrayBuffer());
    expect(() => JSON.parse(cut.toString("utf8"))).toThrow();
    const normal = Buffer.from(await (await ccFetch()).arrayBuffer());
    expect(cut.length).toBe(Math.floor(normal.length / 2));
    expect(normal.subarray(0, cut.length).equals(cut)).toBe(true);
  });

  it("html: a Cloudflare-style 503 page", async () => {
    await fault({ target: "coinmarketcap", mode: "html", times: 1 });
    const response = await cmcFetch();
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Cloudflare");
  });

  it("empty, wrong_types and duplicate_ids: success bodies with damaged data", async () => {
    await fault({ target: "all", mode: "empty", times: 2 });
    expect(((await (await cmcFetch()).json()) as CmcBody).data).toEqual([]);
    expect(((await (await ccFetch()).json()) as CcToplist).Data).toEqual([]);
    await fault({ target: "all", mode: "wrong_types", times: 2 });
    const cmc = (await (await cmcFetch()).json()) as { data: { quote: { USD: { price: unknown } } }[] };
    expect(typeof cmc.data[0]?.quote.USD.price).toBe("string");
    const cc = (await (await ccFetch()).json()) as CcToplist;
    expect(typeof cc.Data[0]?.RAW?.USD.PRICE).toBe("string");
    await fault({ target: "all", mode: "duplicate_ids", times: 2 });
    const dupCmc = (await (await cmcFetch()).json()) as CmcBody;
    expect(dupCmc.data[1]?.id).toBe(dupCmc.data[0]?.id);
    const dupCc = (await (await ccFetch()).json()) as CcToplist;
    expect(dupCc.Data[1]?.CoinInfo.Id).toBe(dupCc.Data[0]?.CoinInfo.Id);
  });

  it("oversize: a valid body padded past 25 MB", async () => {
    await fault({ target: "coinmarketcap", mode: "oversize", times: 1 });
    const response = await cmcFetch();
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(25 * 1024 * 1024);
    const body = (await response.json()) as CmcBody;
    expect(body.data).toHaveLength(5);
  });
});

describe("fault endpoint filter", () => {
  const cmcAt = (path: string) => fetch(`${sim.url}${path}`, { headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } });
  const ccAt = (path: string) =>
    fetch(`${sim.url}${path}`, { headers: { authorization: `Apikey ${sim.cryptocompareKey}` } });
  const QUOTES = "/v2/cryptocurrency/quotes/latest?id=1,1027";
  const MAP = "/v1/cryptocurrency/map?limit=3";
  const LISTINGS = `${CMC_PATH}?limit=3`;

  it("fails only the named endpoint of a provider while its others answer", async () => {
    const { status, body } = await fault({ target: "coinmarketcap", endpoint: "quotes", mode: "status", status: 503 });
    expect(status).toBe(201);
    expect(body).toMatchObject({ fault: { target: "coinmarketcap", endpoint: "quotes", mode: "status" } });
    expect((await cmcAt(QUOTES)).status).toBe(503);
    expect((await cmcAt(MAP)).status).toBe(200);
    expect((await cmcAt(LISTINGS)).status).toBe(200);
    await fault({ target: "cryptocompare", endpoint: "coinlist", mode: "rate_limit", times: 1 });
    expect((await ccAt("/data/all/coinlist")).status).toBe(429);
    expect((await ccAt(CC_TOPLIST)).status).toBe(200);
    expect((await ccAt("/data/all/coinlist")).status).toBe(200);
    await fault({ target: "all", endpoint: "markets", mode: "html", times: 1 });
    expect((await fetch(`${sim.url}/api/v3/coins/list`)).status).toBe(200);
    expect((await fetch(`${sim.url}/api/v3/coins/markets?vs_currency=usd`)).status).toBe(503);
    const log = await control<{ recent: { target: string; status: number }[] }>(sim, "GET", "/_sim/requests");
    expect(log.body.recent.map((r) => [r.target, r.status])).toEqual([
      ["coinmarketcap.quotes", 503],
      ["coinmarketcap.map", 200],
      ["coinmarketcap.listings", 200],
      ["cryptocompare.coinlist", 429],
      ["cryptocompare.toplist", 200],
      ["cryptocompare.coinlist", 200],
      ["coingecko.coins_list", 200],
      ["coingecko.markets", 503],
    ]);
  });

  it("without an endpoint, fails every data endpoint of the target as before", async () => {
    await fault({ target: "coinmarketcap", mode: "status", status: 500 });
    expect([(await cmcAt(QUOTES)).status, (await cmcAt(MAP)).status, (await cmcAt(LISTINGS)).status]).toEqual([
      500, 500, 500,
    ]);
  });

  it("refuses an endpoint that is not the target's, or unknown", async () => {
    expect((await fault({ target: "cryptocompare", endpoint: "map", mode: "status" })).status).toBe(400);
    expect((await fault({ target: "coinmarketcap", endpoint: "nope", mode: "status" })).status).toBe(400);
    expect((await fault({ target: "coingecko", endpoint: "coins_list", mode: "status" })).status).toBe(201);
  });

  it("damages the new bodies in their own shapes (empty, wrong_types, duplicate_ids)", async () => {
    await fault({ target: "coinmarketcap", endpoint: "quotes", mode: "empty", times: 1 });
    expect(await (await cmcAt(QUOTES)).json()).toMatchObject({ status: { error_code: 0 }, data: {} });
    await fault({ target: "coinmarketcap", endpoint: "quotes", mode: "wrong_types", times: 1 });
    const typed = (await (await cmcAt(QUOTES)).json()) as {
      data: Record<string, { quote: { USD: { price: unknown } } }>;
    };
    expect(typeof typed.data["1"]?.quote.USD.price).toBe("string");
    await fault({ target: "coinmarketcap", endpoint: "quotes", mode: "duplicate_ids", times: 1 });
    const dup = (await (await cmcAt(QUOTES)).json()) as { data: Record<string, { id: number }> };
    expect([dup.data["1"]?.id, dup.data["1027"]?.id]).toEqual([1, 1]);
    await fault({ target: "coinmarketcap", endpoint: "map", mode: "duplicate_ids", times: 1 });
    const map = (await (await cmcAt(MAP)).json()) as { data: { id: number }[] };
    expect(map.data[1]?.id).toBe(map.data[0]?.id);
    await fault({ target: "cryptocompare", endpoint: "coinlist", mode: "empty", times: 1 });
    expect(await (await ccAt("/data/all/coinlist")).json()).toMatchObject({ Response: "Success", Data: {} });
    await fault({ target: "coingecko", endpoint: "coins_list", mode: "duplicate_ids", times: 1 });
    const list = (await (await fetch(`${sim.url}/api/v3/coins/list`)).json()) as { id: string }[];
    expect(list[1]?.id).toBe(list[0]?.id);
  });
});
