// GET /api/sparklines against a real SQLite store and a ViewStore over it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHistoryView, type HistoryView, NOW, quote } from "../../test/support/history-view";
import { appendPricePoints } from "../store";
import { handleSparklines } from "./sparklines-handler";

const MIN = 60_000;
let fixture: HistoryView;
beforeEach(async () => {
  fixture = await createHistoryView();
});
afterEach(async () => {
  await fixture.cleanup();
});

const get = (query = "", headers: Record<string, string> = {}, now = NOW, view = fixture) =>
  handleSparklines(new Request(`http://localhost/api/sparklines${query}`, { headers }), view.viewStore, 3, {
    now: () => new Date(now),
  });

describe("GET /api/sparklines", () => {
  it("gives each coin its 4-hour closes over 7 days, own hours first, keyed by rankingId", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=300");
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(await response.json()).toEqual({
      data: {
        // Buckets from 2026-01-02T16:00Z: [0h,4h) closes at 11, [4h,8h) at 15, [160h,164h) at our own
        // 162h close (backfill 161h is within an hour of it), [164h,168h) at our own 165h close.
        "1182": [11, 15, 1062, 2002],
        // Only backfill; our own ETH point is older than the window. Rounded to 6 significant digits.
        "7605": [1.23457e-7],
        "5000": [],
      },
      meta: {
        limit: 3,
        count: 3,
        points: 42,
        stepSeconds: 14_400,
        from: "2026-01-02T16:00:00.000Z",
        to: "2026-01-09T16:00:00.000Z",
        generatedAt: "2026-01-09T13:25:00.000Z",
      },
    });
  });

  it("limits to the top N coins and answers a matching If-None-Match with 304", async () => {
    const first = await get("?limit=2");
    expect(Object.keys((await first.json()).data).sort()).toEqual(["1182", "7605"]);
    const etag = first.headers.get("etag") ?? "";
    const again = await get("?limit=2", { "if-none-match": `W/${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    expect((await get("?limit=1")).headers.get("etag")).not.toBe(etag);
  });

  it("reuses the set for 5 minutes while the view changes, then recomputes in the background", async () => {
    const before = await get("?limit=1");
    const etag = before.headers.get("etag");
    await appendPricePoints(fixture.viewStore.store.db, {
      provider: "coinmarketcap",
      at: new Date(NOW + MIN),
      quotes: [quote("1", "BTC", 3000)],
    });
    await fixture.newPriceSnapshot("p2");
    const cached = await get("?limit=1", {}, NOW + 5 * MIN - 1);
    expect(cached.headers.get("etag")).toBe(etag);
    expect((await cached.json()).data["1182"]).toEqual([11, 15, 1062, 2002]);
    // Due now: this request still gets the old set while the new one is computed behind it.
    const due = await get("?limit=1", {}, NOW + 5 * MIN);
    expect(due.headers.get("etag")).toBe(etag);
    await vi.waitFor(async () => {
      const fresh = await get("?limit=1", {}, NOW + 5 * MIN);
      expect(fresh.headers.get("etag")).not.toBe(etag);
      expect((await fresh.json()).data["1182"]).toEqual([11, 15, 1062, 3000]);
    });
  });

  it.each([
    ["?limit=0", 'limit must be an integer from 1 to 3; got "0"'],
    ["?limit=4", 'limit must be an integer from 1 to 3; got "4"'],
    ["?limit=abc", 'limit must be an integer from 1 to 3; got "abc"'],
    ["?limit=1&limit=2", "limit must be given once, as an integer from 1 to 3"],
  ])("400 invalid_limit for %s", async (query, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_limit", message } });
  });

  it("serves the last set when the store fails, and 503 store_unavailable when there is none", async () => {
    const etag = (await get("?limit=1")).headers.get("etag");
    await fixture.viewStore.store.close();
    const held = await get("?limit=1", {}, NOW + 10 * MIN);
    expect([held.status, held.headers.get("etag")]).toEqual([200, etag]);
    const other = await createHistoryView();
    try {
      await other.viewStore.store.close();
      const response = await get("", {}, NOW, other);
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("store_unavailable");
    } finally {
      await other.cleanup();
    }
  });

  it("503 no_data before the first snapshots", async () => {
    const empty = await createHistoryView(false);
    try {
      const response = await get("", {}, NOW, empty);
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("no_data");
    } finally {
      await empty.cleanup();
    }
  });
});
