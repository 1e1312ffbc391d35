// A throwaway PostgreSQL database per test run, created on the server TEST_DATABASE_URL names.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTempDatabase(serverUrl: string, prefix = "topcoins_test"): Promise<TempDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Says once, visibly, why the PostgreSQL half of a suite does not run. */
export function noteSkippedPostgres(suite: string): void {
  if (!TEST_DATABASE_URL) console.warn(`[${suite}] TEST_DATABASE_URL is not set: the PostgreSQL tests are skipped`);
}
