// The PostgreSQL change signal against a real server: a committed snapshot is heard, a rolled-back
// one is not, and a dropped listening connection comes back by itself.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../../harness/databases";
import { at, priceWrite } from "../../test/support/store-fixtures";
import { type ChangeListener, listenForStoreChanges } from "./change-listener";
import { openStore, type Store } from "./database";
import { migrateToLatest } from "./migrations";
import { writePriceSnapshot } from "./snapshots";
import { markSourceChecked } from "./sources";

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) console.info("change listener: skipped, TEST_DATABASE_URL is not set");

function until(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (test()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe.skipIf(!postgresUrl)("PostgreSQL change listener", () => {
  let database: TestDatabase;
  let store: Store;
  let listener: ChangeListener;
  const changes: string[] = [];
  let listening = 0;
  const errors: string[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    store = openStore(database.url);
    await migrateToLatest(store.db);
    listener = listenForStoreChanges(
      database.url,
      {
        onChange: (role) => changes.push(role),
        onListening: () => listening++,
        onError: (error) => errors.push(error.message),
      },
      { firstRetryMs: 50 },
    );
    await until("the first LISTEN", () => listening === 1);
  });

  afterAll(async () => {
    await listener?.close();
    await store?.close();
    await database?.drop();
  });

  it("hears every committed change, with the role that changed, and nothing rolled back", async () => {
    await writePriceSnapshot(store.db, priceWrite({ fetchedAt: at(0) }));
    await until("the snapshot's signal", () => changes.length === 1);
    expect(changes).toEqual(["pricing"]);
    await markSourceChecked(store.db, {
      role: "pricing",
      checkedAt: at(10),
      provider: "coinmarketcap",
      intervalSeconds: 60,
      simulated: false,
    });
    await until("the check's signal", () => changes.length === 2);
    // A write refused inside its transaction sends nothing.
    const refused = writePriceSnapshot(
      store.db,
      priceWrite({ fetchedAt: at(20), fence: { role: "pricing", holder: "nobody", token: 1 } }),
    );
    await expect(refused).rejects.toThrow("nobody no longer holds the pricing lease");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toEqual(["pricing", "pricing"]);
  });

  it("listens again after its connection is killed", async () => {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`.execute(store.db);
    await until("the second LISTEN", () => listening === 2);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    await writePriceSnapshot(store.db, priceWrite({ fetchedAt: at(30), contentHash: "after-reconnect" }));
    await until("a signal after the reconnect", () => changes.length === 3);
  });
});
