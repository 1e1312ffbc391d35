import { describe, expect, it } from "vitest";
import { priceQuote } from "../../test/support/records";
import type { PriceSnapshot, RankingSnapshot, SourceState } from "../domain/types";
import { BODY_CACHE_BYTES, currencyProblem, etagMatches, keptBodies, prepareTopBody } from "./top-body";
import { parseTopQuery, type TopQuery } from "./top-query";
import { buildTopView, describeSource, isStale, mergeSnapshots, staleFlagsChanged } from "./view";

const now = new Date("2026-11-28T12:00:00.000Z");
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

function state(role: "ranking" | "pricing", checkedSecondsAgo: number | null): SourceState {
  return {
    role,
    provider: role === "ranking" ? "cryptocompare" : "coinmarketcap",
    snapshotId: role === "ranking" ? 11 : 22,
    fetchedAt: secondsAgo(300),
    checkedAt: checkedSecondsAgo === null ? null : secondsAgo(checkedSecondsAgo),
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
    intervalSeconds: 60,
    simulated: role === "pricing",
    selection: null,
    creditsToday: 0,
    creditsDay: null,
  };
}

const ranking: RankingSnapshot = {
  id: 11,
  provider: "cryptocompare",
  fetchedAt: secondsAgo(300),
  contentHash: "r",
  entries: [
    {
      rank: 1,
      providerId: "1182",
      symbol: "BTC",
      name: "Bitcoin",
      marketCapUsd: 1.9e12,
      volume24hUsd: 2e10,
      priceUsd: 97000,
    },
    {
      rank: 2,
      providerId: "2001",
      symbol: "WINGS",
      name: "Wings",
      marketCapUsd: 1e6,
      volume24hUsd: 1e4,
      priceUsd: 0.01,
    },
    {
      rank: 3,
      providerId: "3",
      symbol: "SHIB",
      name: "Shiba Inu",
      marketCapUsd: 7e9,
      volume24hUsd: 1e8,
      priceUsd: 1.2e-7,
    },
  ],
};
const quote = (providerId: string, symbol: string, name: string, priceUsd: number) =>
  priceQuote({ providerId, symbol, name, priceUsd, change24hPct: 1.25 });
const pricing: PriceSnapshot = {
  id: 22,
  provider: "coinmarketcap",
  fetchedAt: secondsAgo(300),
  contentHash: "p",
  creditCount: 3,
  quotes: [quote("1", "BTC", "Bitcoin", 97123.456789), quote("5994", "SHIB", "Shiba Inu", 0.00000012)],
};

function view(checkedSecondsAgo = 10, storeKey = "k1") {
  return buildTopView({
    merged: mergeSnapshots(ranking, pricing, []),
    ranking: state("ranking", checkedSecondsAgo),
    pricing: state("pricing", checkedSecondsAgo),
    depth: 200,
    staleFactor: 3,
    storeKey,
    now,
  });
}

describe("freshness", () => {
  it("is stale past staleFactor intervals since the last check, or with no check at all", () => {
    expect(isStale(state("pricing", 180), 3, now)).toBe(false);
    expect(isStale(state("pricing", 181), 3, now)).toBe(true);
    expect(isStale(state("pricing", null), 3, now)).toBe(true);
  });

  it("describes a source with ages in whole seconds and ISO times", () => {
    expect(describeSource(state("ranking", 12.7), 3, now)).toEqual({
      source: "ranking",
      provider: "cryptocompare",
      snapshotId: 11,
      fetchedAt: "2026-11-28T11:55:00.000Z",
      checkedAt: "2026-11-28T11:59:47.300Z",
      ageSeconds: 12,
      stale: false,
      staleAfterSeconds: 180,
      refreshSeconds: 60,
      lastError: null,
      lastErrorAt: null,
      selection: null,
      creditsToday: 0,
    });
  });

  it("tells which provider serves a source and why, and the credits spent today only", () => {
    const failover = {
      ...state("pricing", 5),
      provider: "coingecko",
      selection: { primary: "coinmarketcap", mode: "failover" as const, reason: "quota", since: secondsAgo(90) },
      creditsToday: 12,
      creditsDay: "2026-11-28",
    };
    expect(describeSource(failover, 3, now)).toMatchObject({
      provider: "coingecko",
      selection: { primary: "coinmarketcap", mode: "failover", reason: "quota", since: "2026-11-28T11:58:30.000Z" },
      creditsToday: 12,
    });
    expect(describeSource({ ...failover, creditsDay: "2026-11-27" }, 3, now).creditsToday).toBe(0);
  });

  it("notices when a stale flag flips without any store change", () => {
    const current = view(170);
    const states = { ranking: state("ranking", 170), pricing: state("pricing", 170) };
    expect(staleFlagsChanged(current, states, 3, now)).toBe(false);
    expect(staleFlagsChanged(current, states, 3, new Date(now.getTime() + 11_000))).toBe(true);
  });
});

describe("prepared bodies", () => {
  it("serves JSON rows with meta, limited, with a null price and a reason for an unlisted coin", () => {
    const body = JSON.parse(prepareTopBody(view(), "json", 2).body);
    expect(body.data.map((row: { symbol: string; priceUsd: number | null }) => [row.symbol, row.priceUsd])).toEqual([
      ["BTC", 97123.456789],
      ["WINGS", null],
    ]);
    expect(body.data[1].priceReason).toBe(
      "coinmarketcap lists no coin with symbol WINGS, name Wings or its contract in its 2 listings",
    );
    expect(body.meta).toMatchObject({
      limit: 2,
      count: 2,
      depth: 200,
      simulated: true,
      generatedAt: "2026-11-28T12:00:00.000Z",
      merge: { matched: 2, notListed: 1, ambiguous: 0 },
    });
    expect(body.meta.pricing).toMatchObject({ provider: "coinmarketcap", stale: false, ageSeconds: 10 });
  });

  it("serves CSV with plain decimals", () => {
    expect(prepareTopBody(view(), "csv", 3).body).toBe(
      "Rank,Symbol,Price USD\r\n1,BTC,97123.456789\r\n2,WINGS,\r\n3,SHIB,0.00000012\r\n",
    );
  });

  it("reuses a prepared body and gives every (view, format, limit) its own ETag", () => {
    const current = view();
    expect(prepareTopBody(current, "json", 2)).toBe(prepareTopBody(current, "json", 2));
    const etags = new Set([
      prepareTopBody(current, "json", 2).etag,
      prepareTopBody(current, "json", 3).etag,
      prepareTopBody(current, "csv", 2).etag,
      prepareTopBody(view(10, "k2"), "json", 2).etag,
    ]);
    expect(etags.size).toBe(4);
    // The same inputs give the same ETag in another process or replica.
    expect(prepareTopBody(view(), "json", 2).etag).toBe(prepareTopBody(current, "json", 2).etag);
  });

  it("answers a query: filtered, sorted, paged and projected, with offset, total, sort and order in meta", () => {
    const query = (text: string) => parseTopQuery(new URLSearchParams(text), null, 200) as TopQuery;
    const paged = JSON.parse(
      prepareTopBody(view(), query("sort=priceUsd&offset=1&limit=1&fields=symbol,priceUsd")).body,
    );
    expect(paged.data).toEqual([{ symbol: "SHIB", priceUsd: 0.00000012 }]);
    expect(paged.meta).toMatchObject({ limit: 1, offset: 1, count: 1, total: 3, sort: "priceUsd", order: "desc" });
    expect(
      prepareTopBody(view(), query("symbols=wings,btc&format=csv&fields=rank,name,priceUsd,priceStatus")).body,
    ).toBe("Rank,Name,Price USD,Price Status\r\n1,Bitcoin,97123.456789,ok\r\n2,Wings,,not_listed\r\n");
    // The same answer however the lists are spelled; another answer, another ETag.
    const current = view();
    expect(prepareTopBody(current, query("symbols=BTC,WINGS")).etag).toBe(
      prepareTopBody(current, query("symbols=wings,btc,BTC")).etag,
    );
    expect(prepareTopBody(current, query("symbols=BTC")).etag).not.toBe(
      prepareTopBody(current, query("ids=bitcoin")).etag,
    );
  });

  it("keeps a view's bodies within a byte budget, dropping the least recently used", () => {
    const small = view();
    const template = small.merged.rows[0] as (typeof small.merged.rows)[number];
    const rows = Array.from({ length: 200 }, (_, i) => ({
      ...template,
      rank: i + 1,
      id: `coin-${i}`,
      matchEvidence: "x".repeat(400),
    }));
    const big = { ...small, key: "big", merged: { ...small.merged, rows } };
    const all = parseTopQuery(new URLSearchParams(), null, 200) as TopQuery;
    const kept = prepareTopBody(big, all);
    const firstPaged = prepareTopBody(big, { ...all, offset: 1 });
    // 200 answers of about 100 KB each: far more than the budget holds.
    for (let offset = 2; offset < 200; offset++) {
      prepareTopBody(big, { ...all, offset });
      expect(prepareTopBody(big, all)).toBe(kept); // used again and again: never dropped
    }
    const { count, bytes } = keptBodies(big);
    expect(bytes).toBeLessThanOrEqual(BODY_CACHE_BYTES);
    expect(bytes).toBeGreaterThan(BODY_CACHE_BYTES / 2);
    expect(count).toBeLessThan(200);
    // The least recently used went first: the first paged answer is built anew, the same bytes.
    const again = prepareTopBody(big, { ...all, offset: 1 });
    expect(again).not.toBe(firstPaged);
    expect(again.body).toBe(firstPaged.body);
    expect(again.etag).toBe(firstPaged.etag);
  });

  it("matches If-None-Match lists, weak tags and the wildcard", () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches("*", '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(null, '"abc"')).toBe(false);
  });
});

describe("quote currency (vs)", () => {
  const fxState = (checkedSecondsAgo: number, perUsd: Record<string, number> | null = { EUR: 0.92, SATS: 1030.5 }) => ({
    provider: "coingecko",
    perUsd,
    fetchedAt: secondsAgo(checkedSecondsAgo),
    checkedAt: secondsAgo(checkedSecondsAgo),
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
    intervalSeconds: 300,
    simulated: true,
  });
  const priced: PriceSnapshot = {
    ...pricing,
    quotes: [
      priceQuote({
        providerId: "1",
        symbol: "BTC",
        name: "Bitcoin",
        priceUsd: 97123.456789,
        marketCapUsd: 1_923_456_789_012,
        volume24hUsd: 45_678_901_234,
      }),
    ],
  };
  const withFx = (checkedSecondsAgo = 40, perUsd?: Record<string, number> | null) =>
    buildTopView({
      merged: mergeSnapshots(ranking, priced, []),
      ranking: state("ranking", 10),
      pricing: state("pricing", 10),
      depth: 200,
      staleFactor: 3,
      storeKey: "k1",
      fx: fxState(checkedSecondsAgo, perUsd),
      now,
    });
  const query = (text: string) => parseTopQuery(new URLSearchParams(text), null, 200) as TopQuery;

  it("gives each row price, marketCap and volume24h in the currency beside the USD figures, and says so in meta", () => {
    const body = JSON.parse(prepareTopBody(withFx(), query("vs=EUR&limit=2")).body);
    expect(body.data[0]).toMatchObject({
      symbol: "BTC",
      priceUsd: 97123.456789,
      marketCapUsd: 1_923_456_789_012,
      volume24hUsd: 45_678_901_234,
      price: 89353.58024588,
      marketCap: 1_769_580_245_891.04,
      volume24h: 42_024_589_135.28,
    });
    expect(body.data[1]).toMatchObject({ symbol: "WINGS", priceUsd: null, price: null });
    expect(body.meta.currency).toEqual({
      code: "EUR",
      name: "Euro",
      kind: "fiat",
      perUsd: 0.92,
      source: "coingecko",
      fetchedAt: "2026-11-28T11:59:20.000Z",
      checkedAt: "2026-11-28T11:59:20.000Z",
      ageSeconds: 40,
      stale: false,
      staleAfterSeconds: 900,
      refreshSeconds: 300,
      lastError: null,
    });
  });

  it("names the currency in the CSV header, the default columns and chosen ones alike", () => {
    expect(prepareTopBody(withFx(), query("vs=EUR&limit=1&format=csv")).body).toBe(
      "Rank,Symbol,Price EUR\r\n1,BTC,89353.58024588\r\n",
    );
    expect(prepareTopBody(withFx(), query("vs=SATS&limit=1&format=csv&fields=symbol,price,priceUsd")).body).toBe(
      "Symbol,Price SATS,Price USD\r\nBTC,100085722.221065,97123.456789\r\n",
    );
    // A currency key without vs is in USD, and says so.
    expect(prepareTopBody(withFx(), query("limit=1&format=csv&fields=symbol,price,marketCap")).body).toBe(
      "Symbol,Price USD,Market Cap USD\r\nBTC,97123.456789,1923456789012\r\n",
    );
    // Without vs or a currency key, the body is what it always was.
    expect(JSON.parse(prepareTopBody(withFx(), query("limit=1")).body).data[0]).not.toHaveProperty("price");
    expect(JSON.parse(prepareTopBody(withFx(), query("limit=1")).body).meta).not.toHaveProperty("currency");
  });

  it("flags the rates stale like any source, and a stale flip or new rates make a new view key", () => {
    expect(JSON.parse(prepareTopBody(withFx(901), query("vs=EUR")).body).meta.currency.stale).toBe(true);
    expect(withFx(40).key).not.toBe(withFx(41).key);
    const current = withFx(899);
    const states = { ranking: state("ranking", 10), pricing: state("pricing", 10) };
    expect(staleFlagsChanged(current, states, 3, now)).toBe(false);
    expect(staleFlagsChanged(current, states, 3, new Date(now.getTime() + 2000))).toBe(true);
  });

  it("refuses what it cannot convert: USD needs no rate, others need the table", () => {
    const none = buildTopView({
      merged: mergeSnapshots(ranking, pricing, []),
      ranking: state("ranking", 10),
      pricing: state("pricing", 10),
      depth: 200,
      staleFactor: 3,
      storeKey: "k1",
      now,
    });
    expect(currencyProblem(none, query("vs=USD"), true, now)).toBeNull();
    expect(JSON.parse(prepareTopBody(none, query("vs=USD&limit=1")).body).data[0].price).toBe(97123.456789);
    expect(currencyProblem(none, query("vs=EUR"), true, now)).toMatchObject({ status: 503, code: "no_rate" });
    expect(currencyProblem(withFx(40, null), query("vs=EUR"), true, now)?.message).toBe(
      "no EUR rate yet: coingecko has not delivered the exchange rates; USD prices are served without vs",
    );
    expect(currencyProblem(withFx(), query("vs=GBP"), true, now)?.code).toBe("no_rate");
    expect(currencyProblem(withFx(), query("vs=EUR"), false, now)).toMatchObject({ status: 400, code: "invalid_vs" });
    expect(currencyProblem(withFx(), query("vs=EUR"), true, now)).toBeNull();
  });
});
