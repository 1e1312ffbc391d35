// GET /api/coins/{id} against a real SQLite store whose registry the snapshots' writes reconciled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/coins/[id]/route";
import { createHistoryView, type HistoryView, NOW } from "../../test/support/history-view";
import { handleCoin } from "./coin-handler";

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

const get = (id: string, view = fixture) =>
  handleCoin(new Request(`http://localhost/api/coins/${encodeURIComponent(id)}?x=1`), view.viewStore, id);

describe("GET /api/coins/{id}", () => {
  it("answers one coin's row by its stable id, with every provider's id and the evidence of each link", async () => {
    const response = await get("bitcoin");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await response.json();
    expect(body.data).toMatchObject({
      rank: 1,
      id: "bitcoin",
      symbol: "BTC",
      rankingId: "1182",
      pricingId: "1",
      priceUsd: 2002,
      matchedBy: "evidence",
      // The fixture's quotes carry no market cap: symbol and name are the evidence.
      matchEvidence: "symbol and name agree",
    });
    const at = new Date(NOW).toISOString();
    expect(body.data.providers).toEqual([
      {
        provider: "coinmarketcap",
        providerId: "1",
        symbol: "BTC",
        name: "Bitcoin",
        slug: null,
        role: "pricing",
        rule: "evidence",
        madeBy: "auto",
        evidence: "symbol and name agree",
        firstConfirmedAt: at,
        lastConfirmedAt: at,
        contradictions: 0,
        lastContradiction: null,
      },
      {
        provider: "cryptocompare",
        providerId: "1182",
        symbol: "BTC",
        name: "Bitcoin",
        slug: null,
        role: "ranking",
        rule: "origin",
        madeBy: "auto",
        evidence: "the coin this asset was created for",
        firstConfirmedAt: at,
        lastConfirmedAt: at,
        contradictions: 0,
        lastContradiction: null,
      },
    ]);
    expect(body.meta).toMatchObject({ ranking: { provider: "cryptocompare" }, pricing: { provider: "coinmarketcap" } });
  });

  it("answers an unpriced coin with its reason and the ranking provider's link only", async () => {
    const body = await (await get("wings")).json();
    expect(body.data).toMatchObject({ id: "wings", priceUsd: null, priceStatus: "not_listed", pricingId: null });
    expect(body.data.providers.map((link: { provider: string }) => link.provider)).toEqual(["cryptocompare"]);
  });

  it("redirects a ranking provider's id (older links) to the coin's stable id", async () => {
    const response = await get("1182");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/api/coins/bitcoin?x=1");
  });

  it("refuses a malformed id with 400, an unknown one with 404, and says 503 while there is no data", async () => {
    expect(await (await get("bad id!")).json()).toEqual({
      error: {
        code: "invalid_id",
        message:
          'id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top), or <pricing provider>:<its id> (coinmarketcap:1); got "bad id!"',
      },
    });
    const unknown = await get("dogecoin");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        code: "not_found",
        message: `no coin with id "dogecoin" in the current top 3 or coinmarketcap's price list`,
      },
    });
    expect((await get("bitcoin", empty)).status).toBe(503);
  });

  it("answers only GET and HEAD", async () => {
    expect(typeof GET).toBe("function");
    expect((await POST()).status).toBe(405);
  });
});
