// Fresh, throwaway databases for tests: an SQLite file in a temp directory, or a new PostgreSQL
// database created next to the one a test URL names, so runs never share state.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDatabase {
  url: string;
  /** Deletes the database; close every store on it first. */
  drop(): Promise<void>;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "topcoins-store-"));
  return {
    // A nested directory, so openStore's "create the parent directory" is exercised too.
    url: `file:${path.join(dir, "nested", "store.db")}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function withAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<random>` (topcoins_test_…) on the server `adminUrl` points at. */
export async function createPostgresDatabase(adminUrl: string, prefix = "topcoins_test"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends connections a failed test may have left open.
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
