// The databases `npm run bench:history` measures: a temporary SQLite file and a temporary
// PostgreSQL database, each migrated with the store's own migrations and seeded with the same rows.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { createPostgresDatabase } from "@/harness/databases";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/domain/history";
import { migrateToLatest, openStore, type Store } from "@/lib/store";

export const COINS = 500;
export const BACKFILLED = 200;
export const ownKey = (coin: number) => `coinmarketcap:${coin}`;
export const backfillKey = (coin: number) => `cryptocompare:SYM${coin}`;

type SeedRow = [
  key: string,
  resolution: string,
  ts: string,
  price: number,
  cap: number | null,
  volume: number,
  source: string,
];

/**
 * What a year of snapshots at a 60 s cadence leaves after compaction with the default retention
 * (48 h raw, 90 days hourly, days beyond), for 500 coins, plus 200 coins backfilled from the
 * ranking provider (2000 hours, 365 days). Yielded in time order, as the services write it.
 */
function* seedRows(now: number): Generator<SeedRow> {
  const own = Array.from({ length: COINS }, (_, c) => ownKey(c + 1));
  const backfill = Array.from({ length: BACKFILLED }, (_, c) => backfillKey(c + 1));
  const series = [
    { resolution: "day", stepMs: DAY_MS, count: 365, keys: own, source: "coinmarketcap" },
    { resolution: "hour", stepMs: HOUR_MS, count: 90 * 24, keys: own, source: "coinmarketcap" },
    { resolution: "raw", stepMs: MINUTE_MS, count: 48 * 60, keys: own, source: "coinmarketcap" },
    { resolution: "day", stepMs: DAY_MS, count: 365, keys: backfill, source: "cryptocompare" },
    { resolution: "hour", stepMs: HOUR_MS, count: 2000, keys: backfill, source: "cryptocompare" },
  ];
  for (const { resolution, stepMs, count, keys, source } of series) {
    const start = Math.floor(now / stepMs) * stepMs - (count - 1) * stepMs;
    for (let i = 0; i < count; i++) {
      const ts = new Date(start + i * stepMs).toISOString();
      for (const [c, key] of keys.entries()) {
        const price = (c + 1) * (1 + 0.1 * Math.sin(i / 50));
        yield [key, resolution, ts, price, source === "cryptocompare" ? null : price * 1e6, price * 1e4, source];
      }
    }
  }
}

/** Rows per key at the retention cap (48 h raw, 90 days of hours, 3650 days), for the same keys. */
export const ROWS_AT_RETENTION_CAP = COINS * (48 * 60 + 90 * 24 + 3650) + BACKFILLED * (90 * 24 + 3650);

export interface BenchSize {
  /** price_history with its indexes. */
  historyBytes: number;
  /** The whole database: the SQLite file, or pg_database_size. */
  databaseBytes: number;
  detail: string;
}

export interface BenchDatabase {
  name: string;
  store: Store;
  /** Seeds the rows and prepares the database for reading; returns the row count. */
  seed(now: number): Promise<number>;
  size(): Promise<BenchSize>;
  /** Closes the store and deletes the database; safe to call twice. */
  drop(): Promise<void>;
}

const MB = 1e6;

export async function openSqliteBench(file: string | undefined): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "topcoins-bench-"));
  const target = file ?? path.join(dir, "bench.db");
  const store = openStore(`file:${target}`);
  await migrateToLatest(store.db);
  let dropped = false;
  return {
    name: "SQLite",
    store,
    async seed(now) {
      // One transaction of prepared inserts on a second connection: the fastest way in.
      const sqlite = new SqliteDatabase(target);
      const insert = sqlite.prepare(
        "insert into price_history (coin_key, resolution, ts, price_usd, market_cap_usd, volume_24h_usd, source) values (?, ?, ?, ?, ?, ?, ?)",
      );
      let rows = 0;
      sqlite.transaction(() => {
        for (const row of seedRows(now)) {
          insert.run(...row);
          rows++;
        }
      })();
      sqlite.close();
      return rows;
    },
    async size() {
      const { rows } = await sql<{ name: string; bytes: number }>`
        select name, sum(pgsize) as bytes from dbstat where name in ('price_history', 'price_history_age') group by name
      `.execute(store.db);
      const bytes = (name: string) => rows.find((row) => row.name === name)?.bytes ?? 0;
      const table = bytes("price_history");
      const index = bytes("price_history_age");
      return {
        historyBytes: table + index,
        databaseBytes: statSync(target).size,
        detail: `table (primary key order, WITHOUT ROWID) ${(table / MB).toFixed(0)} MB + price_history_age ${(index / MB).toFixed(0)} MB`,
      };
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await store.close();
      if (file === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PG_BATCH_ROWS = 20_000;

/** Creates a temporary topcoins_bench_… database on the server `url` names and migrates it. */
export async function openPostgresBench(url: string): Promise<BenchDatabase> {
  const database = await createPostgresDatabase(url, "topcoins_bench");
  let store: Store | undefined;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await store?.close();
    await database.drop();
  };
  try {
    store = openStore(database.url);
    await migrateToLatest(store.db);
  } catch (error) {
    await drop();
    throw error;
  }
  const db = store.db;
  return {
    name: "PostgreSQL",
    store,
    async seed(now) {
      // Column arrays through unnest: one statement per 20 000 rows, with the pg driver Kysely uses.
      const columns: [string[], string[], string[], number[], Array<number | null>, number[], string[]] = [
        [],
        [],
        [],
        [],
        [],
        [],
        [],
      ];
      const flush = async () => {
        const [keys, resolutions, stamps, prices, caps, volumes, sources] = columns;
        if (keys.length === 0) return;
        await sql`
          insert into price_history (coin_key, resolution, ts, price_usd, market_cap_usd, volume_24h_usd, source)
          select * from unnest(${keys}::text[], ${resolutions}::text[], ${stamps}::timestamptz[],
            ${prices}::float8[], ${caps}::float8[], ${volumes}::float8[], ${sources}::text[])
        `.execute(db);
        for (const column of columns) column.length = 0;
      };
      let rows = 0;
      for (const row of seedRows(now)) {
        for (const [i, value] of row.entries()) (columns[i] as unknown[]).push(value);
        if (++rows % PG_BATCH_ROWS === 0) await flush();
      }
      await flush();
      // What autovacuum would have done to a table this old: hint bits, visibility map, statistics.
      await sql`vacuum (analyze) price_history`.execute(db);
      return rows;
    },
    async size() {
      const { rows } = await sql<{ heap: number; indexes: number; total: number; database: number }>`
        select pg_relation_size('price_history') as heap, pg_indexes_size('price_history') as indexes,
          pg_total_relation_size('price_history') as total, pg_database_size(current_database()) as database
      `.execute(db);
      const size = rows[0];
      if (size === undefined) throw new Error("PostgreSQL returned no sizes");
      return {
        historyBytes: Number(size.total),
        databaseBytes: Number(size.database),
        detail: `heap ${(Number(size.heap) / MB).toFixed(0)} MB + indexes (primary key, price_history_age) ${(Number(size.indexes) / MB).toFixed(0)} MB`,
      };
    },
    drop,
  };
}
