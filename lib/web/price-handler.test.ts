// GET /api/price/{id-or-symbol}: the bare number for spreadsheets and scripts, 409 for a shared
// symbol with its candidates, 404 for an unknown coin or a coin without a price.
import { describe, expect, it } from "vitest";
import type { MergedRow } from "../domain/merge";
import { handlePrice } from "./price-handler";
import type { FxView, TopView } from "./view";
import type { ViewStore } from "./view-store";

function row(rank: number, id: string, symbol: string, name: string, priceUsd: number | null): MergedRow {
  return {
    ...({} as MergedRow),
    rank,
    id,
    symbol,
    name,
    rankingId: String(rank),
    priceUsd,
    priceReason: priceUsd === null ? "coinmarketcap lists no coin with symbol WINGS" : null,
  };
}

const ROWS = [
  row(1, "bitcoin", "BTC", "Bitcoin", 97123.456789),
  row(2, "holo", "HOT", "Holo", 0.0000012),
  row(3, "wings", "WINGS", "Wings", null),
  row(4, "hot-token", "HOT", "HOT Token", 0.004),
];

const FX: FxView = {
  perUsd: { EUR: 0.92, SATS: 100_000_000 / 97_000 },
  meta: {
    provider: "coingecko",
    fetchedAt: "2026-12-08T10:00:00.000Z",
    checkedAt: "2026-12-08T10:00:00.000Z",
    ageSeconds: 12,
    stale: false,
    staleAfterSeconds: 900,
    refreshSeconds: 300,
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
  },
};

function storeWith(rows: MergedRow[] | null, key = "k1", fx: FxView | null = FX, fxEnabled = true): ViewStore {
  const view =
    rows === null
      ? null
      : ({
          key,
          merged: { rows, assetLinks: new Map() },
          meta: { depth: 200, pricing: { refreshSeconds: 60 }, ranking: { refreshSeconds: 60 } },
          fx,
        } as unknown as TopView);
  const status = { storeReachable: true, missing: ["ranking"], waiting: [] };
  return { current: view, status, fxEnabled, clock: () => new Date() } as unknown as ViewStore;
}

const get = async (key: string, query = "", store = storeWith(ROWS), headers: Record<string, string> = {}) => {
  const response = handlePrice(new Request(`http://localhost/api/price/${key}${query}`, { headers }), store, key);
  return { status: response.status, headers: response.headers, text: await response.text() };
};

describe("GET /api/price/{id-or-symbol}", () => {
  it("answers the price as a plain decimal line, by id or by symbol in any case", async () => {
    const byId = await get("bitcoin");
    expect([byId.status, byId.text, byId.headers.get("content-type")]).toEqual([
      200,
      "97123.456789\n",
      "text/plain; charset=utf-8",
    ]);
    expect((await get("btc")).text).toBe("97123.456789\n");
    expect((await get("holo", "?vs=usd")).text).toBe("0.0000012\n");
    expect(byId.headers.get("cache-control")).toBe("public, max-age=30, stale-while-revalidate=60");
  });

  it("revalidates with its ETag, which changes with the view", async () => {
    const first = await get("bitcoin");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await get("bitcoin", "", storeWith(ROWS), { "if-none-match": etag })).status).toBe(304);
    expect((await get("bitcoin", "", storeWith(ROWS, "k2"), { "if-none-match": etag })).status).toBe(200);
  });

  it("answers a symbol several coins share with 409 and the candidates, to ask again by id", async () => {
    const shared = await get("HOT");
    expect(shared.status).toBe(409);
    expect(JSON.parse(shared.text)).toEqual({
      error: {
        code: "ambiguous",
        message:
          '"HOT" is the symbol of 2 coins in the current top 200: holo (Holo, rank 2), hot-token (HOT Token, rank 4); ask for one by its id, e.g. /api/price/holo',
        candidates: [
          { id: "holo", symbol: "HOT", name: "Holo", rank: 2, priceUsd: 0.0000012 },
          { id: "hot-token", symbol: "HOT", name: "HOT Token", rank: 4, priceUsd: 0.004 },
        ],
      },
    });
    // An id wins over a symbol.
    expect((await get("hot-token")).text).toBe("0.004\n");
  });

  it("answers 404 for an unknown coin and for a coin without a price, with the reason", async () => {
    const unknown = await get("nope");
    expect([unknown.status, JSON.parse(unknown.text).error.code]).toEqual([404, "not_found"]);
    const unpriced = await get("wings");
    expect([unpriced.status, JSON.parse(unpriced.text).error]).toEqual([
      404,
      { code: "no_price", message: "wings (WINGS) has no price: coinmarketcap lists no coin with symbol WINGS" },
    ]);
  });

  it("converts with the stored exchange rates: vs in any case, each currency its own ETag", async () => {
    const eur = await get("bitcoin", "?vs=eur");
    expect([eur.status, eur.text]).toEqual([200, "89353.58024588\n"]);
    // 97123.456789 USD at 100000000/97000 sats a dollar, to 15 significant digits.
    expect((await get("btc", "?vs=SATS")).text).toBe("100127275.040206\n");
    expect(eur.headers.get("etag")).not.toBe((await get("bitcoin", "?vs=USD")).headers.get("etag"));
  });

  it("says why it cannot convert: no rates yet (503 with a retry hint), conversion off (400)", async () => {
    const waiting = await get("bitcoin", "?vs=EUR", storeWith(ROWS, "k1", null));
    expect([waiting.status, waiting.headers.get("retry-after"), JSON.parse(waiting.text).error]).toEqual([
      503,
      "30",
      {
        code: "no_rate",
        message: "no EUR rate yet: the exchange-rate service has not reported yet; USD prices are served without vs",
      },
    ]);
    const lacking = await get("bitcoin", "?vs=GBP");
    expect(JSON.parse(lacking.text).error.message).toBe(
      "no GBP rate yet: coingecko's exchange-rate table has no usable rate for GBP; USD prices are served without vs",
    );
    const off = await get("bitcoin", "?vs=EUR", storeWith(ROWS, "k1", null, false));
    expect([off.status, JSON.parse(off.text).error.code]).toEqual([400, "invalid_vs"]);
    expect((await get("bitcoin", "?vs=usd", storeWith(ROWS, "k1", null, false))).text).toBe("97123.456789\n");
  });

  it("rejects a malformed coin and an unknown currency with 400, and answers 503 before data", async () => {
    expect([(await get("a b")).status, JSON.parse((await get("a b")).text).error.code]).toEqual([400, "invalid_coin"]);
    const xyz = await get("bitcoin", "?vs=XYZ");
    expect([xyz.status, JSON.parse(xyz.text).error.code]).toEqual([400, "invalid_vs"]);
    expect(JSON.parse(xyz.text).error.message).toMatch(
      /^vs must be a currency code: USD, EUR, GBP, .*, BTC, ETH, SATS \(any case\); got "XYZ"$/,
    );
    const twice = await get("bitcoin", "?vs=EUR&vs=USD");
    expect([twice.status, JSON.parse(twice.text).error.code]).toEqual([400, "invalid_vs"]);
    const none = await get("bitcoin", "", storeWith(null));
    expect([none.status, JSON.parse(none.text).error.code]).toEqual([503, "no_data"]);
  });
});
