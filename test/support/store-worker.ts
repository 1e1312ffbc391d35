// A child process for sqlite-concurrency.test.ts: opens the store, says "ready", waits for "go" on
// stdin so that both children start together, then migrates (and writes), and prints one JSON result.
//   tsx store-worker.ts migrate <url>
//   tsx store-worker.ts write <url> <iterations> <label>
import { setTimeout as delay } from "node:timers/promises";
import { sql } from "kysely";
import { openStore } from "../../lib/store/database";
import { migrateToLatest } from "../../lib/store/migrations";
import { writePriceSnapshot, writeRankingSnapshot } from "../../lib/store/snapshots";
import { makeEntries, makeQuotes } from "./store-fixtures";

const [mode, url, iterationsArg = "0", label = "worker"] = process.argv.slice(2);

async function waitForGo(): Promise<void> {
  process.stdout.write("ready\n");
  for await (const chunk of process.stdin) {
    if (String(chunk).includes("go")) return;
  }
}

async function main(): Promise<unknown> {
  if (url === undefined || (mode !== "migrate" && mode !== "write")) throw new Error("usage: migrate|write <url> …");
  await waitForGo();
  const store = openStore(url);
  try {
    const applied = await migrateToLatest(store.db);
    if (mode === "migrate") return { applied };
    const iterations = Number(iterationsArg);
    for (let i = 0; i < iterations; i++) {
      // Read, yield, then write: with a deferred BEGIN the other process could commit in the
      // gap and this write would fail at once with SQLITE_BUSY; an increment would be lost.
      await store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from test_counter where id = 1`.execute(trx);
        await delay(1);
        await sql`update test_counter set n = ${(rows[0]?.n ?? 0) + 1} where id = 1`.execute(trx);
      });
      const common = {
        fetchedAt: new Date(),
        contentHash: `${label}-${i}`,
        intervalSeconds: 60,
        simulated: true,
        keep: 1000,
      };
      await writeRankingSnapshot(store.db, { ...common, provider: label, entries: makeEntries(50, i) });
      await writePriceSnapshot(store.db, { ...common, provider: label, quotes: makeQuotes(200, i), creditCount: 1 });
    }
    return { applied, iterations };
  } finally {
    await store.close();
  }
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify({ ok: true, ...(result as object) })}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const stack = error instanceof Error ? error.stack : undefined;
    process.stdout.write(`${JSON.stringify({ ok: false, message, code, stack })}\n`);
    process.exit(1);
  },
);
