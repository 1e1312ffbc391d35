// Several processes share one SQLite file (the services and the web server on one host). These
// tests start real child processes, because in-process connections cannot show lock waits.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../../harness/databases";
import { openStore, sqlitePathFromUrl } from "../../../lib/store/database";
import { migrateToLatest } from "../../../lib/store/migrations";
import type { Database } from "../../../lib/store/schema";
import { writeRankingSnapshot } from "../../../lib/store/snapshots";
import { makeEntries } from "../../support/store-fixtures";

const TSX = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");
const WORKER = path.resolve(import.meta.dirname, "../../support/store-worker.ts");

interface WorkerResult {
  ok: boolean;
  applied?: string[];
  message?: string;
  code?: string;
}

function startWorker(args: string[]) {
  const child: ChildProcess = spawn(TSX, [WORKER, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("ready\n")) onReady();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as WorkerResult);
      } catch {
        reject(new Error(`worker exited with ${code} without a result:\n${stdout}\n${stderr}`));
      }
    });
  });
  return { ready, done, go: () => child.stdin?.end("go\n") };
}

/** Starts the workers, waits until every one has loaded, then releases them at the same moment. */
async function runTogether(argsList: string[][]): Promise<WorkerResult[]> {
  const workers = argsList.map(startWorker);
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.go();
  return Promise.all(workers.map((worker) => worker.done));
}

describe("SQLite shared by several processes", () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createSqliteDatabase();
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });

  it("two processes migrating the same fresh file at once both succeed, and migrate it once", async () => {
    for (let round = 0; round < 2; round++) {
      const { url } = await freshDatabase();
      const results = await runTogether([
        ["migrate", url],
        ["migrate", url],
      ]);
      expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
      expect(results.flatMap((result) => result.applied)).toEqual([
        "0001_initial",
        "0002_price_history",
        "0003_provider_selection",
        "0004_leases",
        "0005_asset_registry",
        "0006_next_attempt",
        "0007_fx_rates",
        "0008_coin_categories",
      ]);
      const store = openStore(url);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      expect(rows).toEqual([
        { name: "0001_initial" },
        { name: "0002_price_history" },
        { name: "0003_provider_selection" },
        { name: "0004_leases" },
        { name: "0005_asset_registry" },
        { name: "0006_next_attempt" },
        { name: "0007_fx_rates" },
        { name: "0008_coin_categories" },
      ]);
      await store.close();
    }
  }, 60_000);

  it("two processes writing at once: every read-then-write transaction succeeds, none is lost", async () => {
    const { url } = await freshDatabase();
    const store = openStore(url);
    await migrateToLatest(store.db);
    await sql`create table test_counter (id integer primary key, n integer not null)`.execute(store.db);
    await sql`insert into test_counter (id, n) values (1, 0)`.execute(store.db);
    await store.close();

    const iterations = 15;
    const results = await runTogether([
      ["write", url, String(iterations), "a"],
      ["write", url, String(iterations), "b"],
    ]);
    expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);

    const after = openStore(url);
    const counter = await sql<{ n: number }>`select n from test_counter`.execute(after.db);
    expect(counter.rows).toEqual([{ n: 2 * iterations }]);
    const perWorker = await after.db
      .selectFrom("price_snapshot")
      .select(["provider", (eb) => eb.fn.countAll<number>().as("snapshots")])
      .groupBy("provider")
      .orderBy("provider")
      .execute();
    expect(perWorker).toEqual([
      { provider: "a", snapshots: iterations },
      { provider: "b", snapshots: iterations },
    ]);
    await after.close();
  }, 60_000);

  it("opens a fresh file while another process holds its first write lock", async () => {
    const { url } = await freshDatabase();
    const file = sqlitePathFromUrl(url);
    mkdirSync(path.dirname(file), { recursive: true });
    // Holds a write transaction on the new, not yet WAL, file for 300 ms. Switching to WAL then
    // fails at once with SQLITE_BUSY, busy timeout or not, unless openStore retries.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(process.argv[1]);
         db.exec("begin immediate; create table first_writer (x)");
         console.log("locked");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         db.exec("commit");`,
        file,
      ],
      { cwd: path.resolve(import.meta.dirname, "../../.."), stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    await new Promise<void>((resolve) => holder.stdout?.on("data", () => resolve()));
    const store = openStore(url);
    try {
      expect(await migrateToLatest(store.db)).toEqual([
        "0001_initial",
        "0002_price_history",
        "0003_provider_selection",
        "0004_leases",
        "0005_asset_registry",
        "0006_next_attempt",
        "0007_fx_rates",
        "0008_coin_categories",
      ]);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(mode.rows).toEqual([{ journal_mode: "wal" }]);
    } finally {
      await store.close();
      await exited;
    }
  });

  // The control: Kysely's stock dialect begins with a deferred BEGIN. Once another connection has
  // committed since this transaction's first read, its first write fails at once, busy timeout or not.
  it("control: a deferred BEGIN fails a read-then-write at once with SQLITE_BUSY", async () => {
    const { url } = await freshDatabase();
    const store = openStore(url);
    await migrateToLatest(store.db);
    const plain = (): Kysely<Database> =>
      new Kysely<Database>({
        dialect: new SqliteDialect({ database: new SqliteDatabase(sqlitePathFromUrl(url), { timeout: 5000 }) }),
      });
    const reader = plain();
    const other = plain();
    const started = performance.now();
    const attempt = reader.transaction().execute(async (trx) => {
      await trx.selectFrom("source_state").selectAll().execute();
      await writeRankingSnapshot(other, {
        provider: "other",
        fetchedAt: new Date(),
        contentHash: "h",
        entries: makeEntries(3),
        intervalSeconds: 60,
        simulated: false,
      });
      await trx.deleteFrom("ranking_snapshot").execute();
    });
    await expect(attempt).rejects.toMatchObject({ code: "SQLITE_BUSY_SNAPSHOT" });
    expect(performance.now() - started).toBeLessThan(2000);
    await Promise.all([reader.destroy(), other.destroy(), store.close()]);
  });
});
