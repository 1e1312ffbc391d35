// The price history queries, run against SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import { makeQuotes } from "../../test/support/store-fixtures";
import { countRows, describeEachStore } from "../../test/support/store-suite";
import type { PriceQuote } from "../domain/types";
import { markBackfilled } from "./backfill-state";
import { StoreError } from "./errors";
import { appendPricePoints, compactHistory, upsertBackfillPoints } from "./history";
import { readHistory, readSparklines } from "./history-read";

const iso = (text: string) => new Date(text);
const quote = (providerId: string, priceUsd: number, extra: Partial<PriceQuote> = {}): PriceQuote => ({
  ...makeQuotes(1)[0]!,
  providerId,
  priceUsd,
  marketCapUsd: priceUsd * 1000,
  volume24hUsd: priceUsd * 10,
  ...extra,
});
const all = { from: iso("2000-01-01T00:00:00Z"), to: iso("2100-01-01T00:00:00Z") };

describeEachStore("price history", (suite, engine) => {
  it("appends a raw point per quote and moves the hour's and the UTC day's close", async () => {
    const db = suite.db();
    const first = await appendPricePoints(db, {
      provider: "coinmarketcap",
      at: iso("2025-01-02T03:04:05.678Z"),
      quotes: [quote("1", 97123.456789), quote("1027", 1 / 3, { marketCapUsd: null, volume24hUsd: Number.NaN })],
    });
    await appendPricePoints(db, {
      provider: "coinmarketcap",
      at: iso("2025-01-02T03:59:59.999Z"),
      quotes: [quote("1", 97000.5)],
    });
    expect(first).toEqual({ points: 2, skipped: 0 });
    const raw = await readHistory(db, { keys: ["coinmarketcap:1", "coinmarketcap:1027"], resolution: "raw", ...all });
    expect(raw).toEqual([
      {
        coinKey: "coinmarketcap:1",
        ts: iso("2025-01-02T03:04:05.678Z"),
        priceUsd: 97123.456789,
        marketCapUsd: 97123.456789 * 1000,
        volume24hUsd: 97123.456789 * 10,
        source: "coinmarketcap",
      },
      {
        coinKey: "coinmarketcap:1027",
        ts: iso("2025-01-02T03:04:05.678Z"),
        priceUsd: 1 / 3,
        marketCapUsd: null,
        volume24hUsd: null,
        source: "coinmarketcap",
      },
      expect.objectContaining({ coinKey: "coinmarketcap:1", ts: iso("2025-01-02T03:59:59.999Z"), priceUsd: 97000.5 }),
    ]);
    const hours = await readHistory(db, { keys: ["coinmarketcap:1"], resolution: "hour", ...all });
    expect(hours.map((p) => [p.ts.toISOString(), p.priceUsd, p.marketCapUsd])).toEqual([
      ["2025-01-02T03:00:00.000Z", 97000.5, 97000500],
    ]);
    const days = await readHistory(db, { keys: ["coinmarketcap:1", "coinmarketcap:1027"], resolution: "day", ...all });
    expect(days.map((p) => [p.coinKey, p.ts.toISOString(), p.priceUsd])).toEqual([
      ["coinmarketcap:1", "2025-01-02T00:00:00.000Z", 97000.5],
      ["coinmarketcap:1027", "2025-01-02T00:00:00.000Z", 1 / 3],
    ]);
    expect(days[0]?.ts).toBeInstanceOf(Date);
  });

  it("skips repeated ids and unusable prices, and writes nothing for an empty snapshot", async () => {
    const db = suite.db();
    const quotes = [quote("1", 2), quote("1", 3), quote("2", 0), quote("3", Number.NaN), quote("4", 5e-324)];
    const at = iso("2025-01-02T00:00:00Z");
    expect(await appendPricePoints(db, { provider: "cmc", at, quotes })).toEqual({ points: 2, skipped: 3 });
    const points = await readHistory(db, { keys: ["cmc:1", "cmc:2", "cmc:3", "cmc:4"], resolution: "raw", ...all });
    expect(points.map((p) => [p.coinKey, p.priceUsd])).toEqual([
      ["cmc:1", 2],
      ["cmc:4", 5e-324],
    ]);
    expect(await appendPricePoints(db, { provider: "cmc", at, quotes: [] })).toEqual({ points: 0, skipped: 0 });
    await expect(appendPricePoints(db, { provider: "cmc", at: new Date(Number.NaN), quotes })).rejects.toThrow(
      StoreError,
    );
    expect(await countRows(db, "price_history")).toBe(6);
  });

  it("appending the same snapshot twice is harmless", async () => {
    const db = suite.db();
    const write = { provider: "cmc", at: iso("2025-01-02T10:30:00Z"), quotes: makeQuotes(600) };
    const started = performance.now();
    await appendPricePoints(db, write);
    const took = performance.now() - started;
    await appendPricePoints(db, write);
    expect(await countRows(db, "price_history")).toBe(3 * 600);
    console.info(`${engine}: appendPricePoints of 600 quotes ${took.toFixed(1)} ms`);
  });

  it("reads a range inclusively, in time order, for the given keys and resolution only", async () => {
    const db = suite.db();
    for (const [minute, price] of [
      [0, 10],
      [1, 11],
      [2, 12],
      [3, 13],
    ] as const) {
      const at = new Date(Date.UTC(2025, 0, 2, 5, minute));
      await appendPricePoints(db, { provider: "cmc", at, quotes: [quote("7", price), quote("8", price * 2)] });
    }
    const points = await readHistory(db, {
      keys: ["cmc:7"],
      resolution: "raw",
      from: iso("2025-01-02T05:01:00Z"),
      to: iso("2025-01-02T05:02:00Z"),
    });
    expect(points.map((p) => [p.ts.toISOString(), p.priceUsd])).toEqual([
      ["2025-01-02T05:01:00.000Z", 11],
      ["2025-01-02T05:02:00.000Z", 12],
    ]);
    expect(await readHistory(db, { keys: [], resolution: "raw", ...all })).toEqual([]);
  });

  it("upserts backfill points: a refetch overwrites, zero prices are dropped", async () => {
    const db = suite.db();
    const write = (points: { ts: Date; priceUsd: number; volume24hUsd?: number }[]) =>
      upsertBackfillPoints(db, { coinKey: "cryptocompare:BTC", resolution: "day", points, source: "cryptocompare" });
    expect(
      await write([
        { ts: iso("2025-01-01T00:00:00Z"), priceUsd: 0 },
        { ts: iso("2025-01-02T00:00:00Z"), priceUsd: 94000.25, volume24hUsd: 1.5e9 },
        { ts: iso("2025-01-03T00:00:00Z"), priceUsd: 95000 },
      ]),
    ).toBe(2);
    expect(await write([{ ts: iso("2025-01-03T00:00:00Z"), priceUsd: 95500.5 }])).toBe(1);
    const points = await readHistory(db, { keys: ["cryptocompare:BTC"], resolution: "day", ...all });
    expect(points).toEqual([
      {
        coinKey: "cryptocompare:BTC",
        ts: iso("2025-01-02T00:00:00Z"),
        priceUsd: 94000.25,
        marketCapUsd: null,
        volume24hUsd: 1.5e9,
        source: "cryptocompare",
      },
      expect.objectContaining({ ts: iso("2025-01-03T00:00:00Z"), priceUsd: 95500.5, volume24hUsd: null }),
    ]);
  });

  it("compacts raw after 48 h, hours after 90 days, days after 10 years, and counts what it deleted", async () => {
    const db = suite.db();
    const now = iso("2025-06-01T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const h = 3_600_000;
    const d = 24 * h;
    // Each append writes raw, hour and day rows; the ages straddle each limit.
    for (const at of [ago(48 * h + 1), ago(48 * h - 1), ago(90 * d + h), ago(3650 * d + 2 * d)]) {
      await appendPricePoints(db, { provider: "cmc", at, quotes: [quote("1", 1)] });
    }
    await markBackfilled(db, { coinKey: "cc:OLD", resolution: "day", at: ago(91 * d) });
    await markBackfilled(db, { coinKey: "cc:NEW", resolution: "day", at: ago(d) });
    expect(await compactHistory(db, { now })).toEqual({ raw: 3, hour: 2, day: 1, backfillStates: 1 });
    const raw = await readHistory(db, { keys: ["cmc:1"], resolution: "raw", ...all });
    expect(raw.map((p) => p.ts)).toEqual([ago(48 * h - 1)]);
    // A and B share a UTC day, so 1 raw + 2 hours + 2 days remain.
    expect(await countRows(db, "price_history")).toBe(1 + 2 + 2);
    expect(await compactHistory(db, { now })).toEqual({ raw: 0, hour: 0, day: 0, backfillStates: 0 });
    expect(await compactHistory(db, { now, rawRetentionHours: 1, hourRetentionDays: 1 })).toMatchObject({
      raw: 1,
      hour: 2,
    });
    await expect(compactHistory(db, { now, dayRetentionDays: 0 })).rejects.toThrow(StoreError);
  });

  it("reads hourly sparklines for 1500 keys: every key present, points since `from` in time order", async () => {
    const db = suite.db();
    const quotes = Array.from({ length: 1500 }, (_, i) => quote(String(i), i + 1));
    for (const hour of [1, 2, 3]) {
      const at = new Date(Date.UTC(2025, 0, 2, hour, 30));
      await appendPricePoints(db, {
        provider: "cmc",
        at,
        quotes: quotes.map((q) => ({ ...q, priceUsd: q.priceUsd * hour })),
      });
    }
    await upsertBackfillPoints(db, {
      coinKey: "cc:BTC",
      resolution: "day",
      points: [{ ts: iso("2025-01-02T00:00:00Z"), priceUsd: 9 }],
      source: "cc",
    });
    const keys = [...quotes.map((q) => `cmc:${q.providerId}`), "cc:BTC", "cmc:missing"];
    const lines = await readSparklines(db, { keys, from: iso("2025-01-02T02:00:00Z") });
    expect(lines.size).toBe(1502);
    expect(lines.get("cmc:0")).toEqual([
      { ts: Date.UTC(2025, 0, 2, 2), priceUsd: 2 },
      { ts: Date.UTC(2025, 0, 2, 3), priceUsd: 3 },
    ]);
    expect(lines.get("cmc:1499")?.map((p) => p.priceUsd)).toEqual([3000, 4500]);
    expect(lines.get("cc:BTC")).toEqual([]);
    expect(lines.get("cmc:missing")).toEqual([]);
  });
});
