// GET /api/coins/{id}/history against a real SQLite store and a ViewStore over it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/coins/[id]/history/route";
import { at, createHistoryView, type HistoryView, NOW } from "../../test/support/history-view";
import { handleHistory } from "./history-handler";

let fixture: HistoryView;
let empty: HistoryView;
beforeAll(async () => {
  fixture = await createHistoryView();
  empty = await createHistoryView(false);
});
afterAll(async () => {
  await fixture.cleanup();
  await empty.cleanup();
});

const options = { now: () => new Date(NOW) };
const get = (id: string, query = "", view = fixture) =>
  handleHistory(new Request(`http://localhost/api/coins/${id}/history${query}`), view.viewStore, id, options);

async function errorOf(response: Response) {
  return { status: response.status, body: await response.json() };
}

const cc = (t: number, priceUsd: number) => ({ t, priceUsd, source: "cryptocompare" });
const own = (t: number, priceUsd: number) => ({ t, priceUsd, source: "coinmarketcap" });

describe("GET /api/coins/{id}/history", () => {
  it("7d (the default): own hourly closes, backfill only more than an hour from them", async () => {
    const response = await get("1182");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=30");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({
      id: "bitcoin",
      symbol: "BTC",
      name: "Bitcoin",
      range: "7d",
      resolution: "hour",
      // Backfill 161h is one hour from our own 162h close, so it goes; 13:00's close is the last raw price.
      points: [cc(at(0), 10), cc(at(1), 11), cc(at(5), 15), cc(at(160), 160), own(at(162), 1062), own(at(165), 2002)],
      meta: {
        pricingKey: "coinmarketcap:1",
        rankingKey: "cryptocompare:BTC",
        generatedAt: "2026-01-09T13:25:00.000Z",
        simulated: false,
      },
    });
  });

  it("24h: raw points, with hourly points filling only where raw points leave a gap of over an hour", async () => {
    const body = await (await get("1182", "?range=24h")).json();
    expect(body.resolution).toBe("raw");
    expect(body.points).toEqual([
      cc(at(160), 160),
      own(at(162), 1062),
      own(at(165), 1065),
      own(Date.UTC(2026, 0, 9, 13, 22), 2000),
      own(Date.UTC(2026, 0, 9, 13, 23), 2001),
      own(Date.UTC(2026, 0, 9, 13, 24), 2002),
    ]);
  });

  it("1y: daily closes; backfill a day from our own close and older than a year are left out", async () => {
    const body = await (await get("1182", "?range=1y")).json();
    expect(body).toMatchObject({ range: "1y", resolution: "day" });
    expect(body.points).toEqual([
      cc(Date.UTC(2025, 2, 1), 50),
      cc(Date.UTC(2026, 0, 7), 70),
      own(Date.UTC(2026, 0, 9), 2002),
    ]);
  });

  it("a coin without a price has only backfill (none here), and says so in meta", async () => {
    const body = await (await get("5000", "?range=90d")).json();
    expect(body).toEqual({
      id: "wings",
      symbol: "WINGS",
      name: "Wings",
      range: "90d",
      resolution: "hour",
      points: [],
      meta: {
        pricingKey: null,
        rankingKey: "cryptocompare:WINGS",
        generatedAt: "2026-01-09T13:25:00.000Z",
        simulated: false,
      },
    });
    expect((await (await get("7605", "?range=30d")).json()).points).toEqual([
      own(Date.UTC(2026, 0, 2, 14), 0.5),
      cc(at(100), 0.000000123456789),
    ]);
  });

  it.each([
    [
      "bad id!",
      'id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got "bad id!"',
    ],
    ["", 'id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got ""'],
    [
      "x".repeat(129),
      `id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got "${"x".repeat(40)}…"`,
    ],
  ])("400 invalid_id for %j", async (id, message) => {
    expect(await errorOf(await get(id))).toEqual({ status: 400, body: { error: { code: "invalid_id", message } } });
  });

  it.each([
    ["?range=2d", 'range must be one of 24h, 7d, 30d, 90d, 1y; got "2d"'],
    ["?range=", 'range must be one of 24h, 7d, 30d, 90d, 1y; got ""'],
    ["?range=7d&range=1y", "range must be given once, as one of 24h, 7d, 30d, 90d, 1y"],
  ])("400 invalid_range for %s", async (query, message) => {
    expect(await errorOf(await get("1182", query))).toEqual({
      status: 400,
      body: { error: { code: "invalid_range", message } },
    });
  });

  it("404 not_found for an id that is not in the current view", async () => {
    expect(await errorOf(await get("999"))).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: 'no coin with id "999" in the current top 3' } },
    });
  });

  it("503 no_data before the first snapshots, after validating the input", async () => {
    const response = await get("1182", "", empty);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await errorOf(response)).toEqual({
      status: 503,
      body: { error: { code: "no_data", message: "no data yet: waiting for the first ranking and pricing snapshot" } },
    });
    expect((await get("1182", "?range=1w", empty)).status).toBe(400);
  });

  it("503 store_unavailable when the store cannot be read", async () => {
    const broken = await createHistoryView();
    try {
      await broken.viewStore.store.close();
      const response = await get("1182", "", broken);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await errorOf(response)).toEqual({
        status: 503,
        body: {
          error: {
            code: "store_unavailable",
            message: "the price history cannot be read right now; try again shortly",
          },
        },
      });
    } finally {
      await broken.cleanup();
    }
  });

  it("the route answers other methods with 405", async () => {
    const response = POST();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
