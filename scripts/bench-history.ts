// `npm run bench:history`: times the price-history queries on an SQLite file holding a realistic
// amount of history: 500 coins with 48 h of raw points (one a minute), 90 days of hours and a year
// of days, plus 200 coins backfilled (2000 hours, 365 days). Seeded in time order, as the services
// write it. Usage: node --import tsx scripts/bench-history.ts [file] (default: a temp file).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { DAY_MS, HOUR_MS, MINUTE_MS, mergeHistorySeries } from "@/lib/domain/history";
import { sparklineCloses, sparklineWindow } from "@/lib/domain/sparkline";
import type { PriceQuote } from "@/lib/domain/types";
import {
  appendPricePoints,
  compactHistory,
  migrateToLatest,
  openStore,
  readHistory,
  readSparklines,
} from "@/lib/store";

const NOW = Date.UTC(2026, 0, 9, 13, 25);
const COINS = 500;
const BACKFILLED = 200;
const RUNS = 30;

const dir = mkdtempSync(path.join(tmpdir(), "topcoins-bench-"));
const file = process.argv[2] ?? path.join(dir, "bench.db");
const store = openStore(`file:${file}`);
await migrateToLatest(store.db);

function seed(): number {
  const sqlite = new SqliteDatabase(file);
  const insert = sqlite.prepare(
    "insert into price_history (coin_key, resolution, ts, price_usd, market_cap_usd, volume_24h_usd, source) values (?, ?, ?, ?, ?, ?, ?)",
  );
  let rows = 0;
  const series = (resolution: string, stepMs: number, count: number, keys: string[], source: string) => {
    const start = Math.floor(NOW / stepMs) * stepMs - (count - 1) * stepMs;
    for (let i = 0; i < count; i++) {
      const ts = new Date(start + i * stepMs).toISOString();
      keys.forEach((key, c) => {
        const price = (c + 1) * (1 + 0.1 * Math.sin(i / 50));
        insert.run(key, resolution, ts, price, source === "cryptocompare" ? null : price * 1e6, price * 1e4, source);
        rows++;
      });
    }
  };
  const own = Array.from({ length: COINS }, (_, c) => `coinmarketcap:${c + 1}`);
  const backfill = Array.from({ length: BACKFILLED }, (_, c) => `cryptocompare:SYM${c + 1}`);
  sqlite.transaction(() => {
    series("day", DAY_MS, 365, own, "coinmarketcap");
    series("hour", HOUR_MS, 90 * 24, own, "coinmarketcap");
    series("raw", MINUTE_MS, 48 * 60, own, "coinmarketcap");
    series("day", DAY_MS, 365, backfill, "cryptocompare");
    series("hour", HOUR_MS, 2000, backfill, "cryptocompare");
  })();
  sqlite.close();
  return rows;
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  const first = performance.now();
  const result = await run();
  const cold = performance.now() - first;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(2);
  const size = Array.isArray(result) ? result.length : result instanceof Map ? result.size : "";
  // The minimum is the least disturbed by other processes on a shared machine; the median is typical.
  console.log(
    `${label.padEnd(58)} first ${cold.toFixed(1)}, min ${pick(0)}, median ${pick(0.5)}, p95 ${pick(0.95)} ms (${size})`,
  );
}

const seedStarted = performance.now();
const rows = seed();
console.log(
  `seeded ${rows} rows in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; file ${(statSync(file).size / 1e6).toFixed(0)} MB`,
);

const now = new Date(NOW);
const ago = (ms: number) => new Date(NOW - ms);
await time("readHistory 1 coin, 1y daily (own + backfill keys)", () =>
  readHistory(store.db, {
    keys: ["coinmarketcap:7", "cryptocompare:SYM7"],
    resolution: "day",
    from: ago(365 * DAY_MS),
    to: now,
  }),
);
await time("readHistory 1 coin, 24h raw (own key)", () =>
  readHistory(store.db, { keys: ["coinmarketcap:7"], resolution: "raw", from: ago(DAY_MS), to: now }),
);
await time("readHistory 1 coin, 24h hourly fill (own + backfill keys)", () =>
  readHistory(store.db, {
    keys: ["coinmarketcap:7", "cryptocompare:SYM7"],
    resolution: "hour",
    from: ago(DAY_MS),
    to: now,
  }),
);
await time("readHistory 1 coin, 90d hourly (own + backfill keys)", () =>
  readHistory(store.db, {
    keys: ["coinmarketcap:7", "cryptocompare:SYM7"],
    resolution: "hour",
    from: ago(90 * DAY_MS),
    to: now,
  }),
);
const window = sparklineWindow(NOW);
const sparkKeys = Array.from({ length: BACKFILLED }, (_, c) => [
  `coinmarketcap:${c + 1}`,
  `cryptocompare:SYM${c + 1}`,
]).flat();
await time("readSparklines 200 coins (400 keys), 7 days of hours", () =>
  readSparklines(store.db, { keys: sparkKeys, from: new Date(window.from) }),
);
await time("  + merge and 4-hour closes for the 200 coins", async () => {
  const lines = await readSparklines(store.db, { keys: sparkKeys, from: new Date(window.from) });
  const series = (key: string, source: string) =>
    (lines.get(key) ?? []).map((p) => ({ t: p.ts, priceUsd: p.priceUsd, source }));
  return Array.from({ length: BACKFILLED }, (_, c) =>
    sparklineCloses(
      mergeHistorySeries(series(`coinmarketcap:${c + 1}`, "cmc"), series(`cryptocompare:SYM${c + 1}`, "cc"), HOUR_MS),
      window,
    ),
  );
});

const quotes = Array.from(
  { length: COINS },
  (_, c): PriceQuote => ({
    providerId: String(c + 1),
    symbol: `S${c}`,
    name: `Coin ${c}`,
    slug: null,
    priceUsd: c + 1.5,
    marketCapUsd: 1e9,
    volume24hUsd: 1e7,
    change1hPct: null,
    change24hPct: null,
    change7dPct: null,
    circulatingSupply: null,
    lastUpdated: null,
  }),
);
let minute = 0;
await time("appendPricePoints 500 quotes (one snapshot)", () =>
  appendPricePoints(store.db, { provider: "coinmarketcap", at: new Date(NOW + ++minute * MINUTE_MS), quotes }),
);
// As the pricing service compacts: each run, ten more minutes of raw points have aged out.
await time("compactHistory (steady state: the next 10 minutes aged out)", () => {
  minute += 10;
  return compactHistory(store.db, { now: new Date(NOW + minute * MINUTE_MS) }).then((deleted) => [deleted]);
});

await store.close();
if (process.argv[2] === undefined) rmSync(dir, { recursive: true, force: true });
