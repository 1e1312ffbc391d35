// Runs one test suite against every store engine: SQLite always, PostgreSQL when the environment
// names a server. Each engine gets a fresh database for the run; tables are emptied between tests.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { openStore, type Store } from "../../lib/store/database";
import { migrateToLatest } from "../../lib/store/migrations";
import type { Database } from "../../lib/store/schema";

// CI sets TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test; the suite creates its own database there.
const postgresUrl = process.env.TEST_DATABASE_URL;
const postgresSkip = postgresUrl ? null : "TEST_DATABASE_URL is not set";

export const storeTargets = [
  { name: "SQLite", skip: null, create: createSqliteDatabase },
  {
    name: postgresSkip ? `PostgreSQL (skipped: ${postgresSkip})` : "PostgreSQL",
    skip: postgresSkip,
    create: () => createPostgresDatabase(postgresUrl ?? ""),
  },
];

export interface StoreSuite {
  /** The migrated store of the current engine. */
  db: () => Kysely<Database>;
  /** What the first migrateToLatest returned on the fresh database. */
  firstMigration: () => string[];
  /** Another fresh, unmigrated database of the same engine; dropped after the suite. */
  freshDatabase: () => Promise<TestDatabase>;
}

export function describeEachStore(title: string, body: (suite: StoreSuite, engine: string) => void): void {
  if (postgresSkip) console.info(`${title}: PostgreSQL half skipped: ${postgresSkip}`);
  describe.each(storeTargets)(`${title} on $name`, (target) => {
    describe.skipIf(target.skip !== null)("queries", () => {
      let store: Store | undefined;
      let firstMigration: string[] = [];
      const databases: TestDatabase[] = [];
      const freshDatabase = async () => {
        const database = await target.create();
        databases.push(database);
        return database;
      };

      beforeAll(async () => {
        store = openStore((await freshDatabase()).url);
        firstMigration = await migrateToLatest(store.db);
      });
      afterAll(async () => {
        await store?.close();
        for (const database of databases) await database.drop();
      });
      beforeEach(async () => {
        const db = store!.db;
        await db.deleteFrom("source_state").execute();
        await db.deleteFrom("ranking_snapshot").execute();
        await db.deleteFrom("price_snapshot").execute();
        await db.deleteFrom("price_history").execute();
        await db.deleteFrom("history_backfill").execute();
        await db.deleteFrom("lease").execute();
        await db.deleteFrom("asset_link").execute();
        await db.deleteFrom("asset_alias").execute();
        await db.deleteFrom("asset").execute();
        await db.deleteFrom("provider_coin").execute();
        await db.deleteFrom("provider_contract").execute();
        await db.deleteFrom("identity_fetch").execute();
        await db.deleteFrom("registry_state").execute();
        await db.deleteFrom("fx_rates").execute();
      });

      body({ db: () => store!.db, firstMigration: () => firstMigration, freshDatabase }, target.name);
    });
  });
}

/** Rows in a table, as a number on both engines (PostgreSQL's count(*) is a bigint). */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return rows[0]?.n ?? Number.NaN;
}
