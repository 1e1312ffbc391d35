import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../../test/support/tcp-proxy";
import { describeStoreUrl, openStore, sqlitePathFromUrl } from "./database";
import { StoreError } from "./errors";
import { createPostgresDatabase, type TestDatabase } from "./test-support/test-databases";

describe("describeStoreUrl", () => {
  it("hides passwords in the user part and in the query", () => {
    expect(describeStoreUrl("postgres://app:s3cr%40t@db.example:5432/topcoins")).toBe(
      "postgres://app:***@db.example:5432/topcoins",
    );
    expect(describeStoreUrl("postgresql://app@db/topcoins?password=hunter2&sslmode=require")).toBe(
      "postgresql://app@db/topcoins?password=***&sslmode=require",
    );
  });

  it("leaves URLs without a secret as they are", () => {
    expect(describeStoreUrl("postgres://postgres@127.0.0.1:5432/test")).toBe("postgres://postgres@127.0.0.1:5432/test");
    expect(describeStoreUrl("file:./data/topcoins.db")).toBe("file:./data/topcoins.db");
  });
});

describe("sqlitePathFromUrl", () => {
  it("resolves relative paths against the working directory and keeps absolute ones", () => {
    expect(sqlitePathFromUrl("file:./data/topcoins.db")).toBe(path.resolve("data/topcoins.db"));
    expect(sqlitePathFromUrl("file:data/x.db")).toBe(path.resolve("data/x.db"));
    expect(sqlitePathFromUrl("file:/var/lib/topcoins.db")).toBe("/var/lib/topcoins.db");
    expect(sqlitePathFromUrl("file:///var/lib/top%20coins.db")).toBe("/var/lib/top coins.db");
  });

  it("refuses a URL without a file", () => {
    expect(() => sqlitePathFromUrl("file:")).toThrow(StoreError);
  });
});

describe("openStore", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("refuses other databases without echoing their password", () => {
    expect(() => openStore("mysql://root:hunter2@localhost/db")).toThrow(
      /Unsupported database URL mysql:\/\/root:\*\*\*@/,
    );
  });

  it("opens SQLite in WAL mode with the settings several processes need", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "topcoins-open-"));
    dirs.push(dir);
    const store = openStore(`file:${path.join(dir, "a", "b", "store.db")}`);
    try {
      expect(store.dialect).toBe("sqlite");
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {})[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("busy_timeout")).toBe(5000);
      expect(await pragma("synchronous")).toBe(1);
      expect(await pragma("foreign_keys")).toBe(1);
    } finally {
      await store.close();
    }
  });
});

const postgresUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!postgresUrl)("openStore on PostgreSQL when the connection drops", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it("fails the work in hand, not the process, when a connection in use breaks between queries", async () => {
    const store = openStore(proxiedUrl(database.url, proxy.port), { onPoolError: () => {} });
    try {
      // A transaction holds its connection between statements; the reset arrives while no query runs.
      const work = store.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 2`.execute(trx);
      });
      await expect(work).rejects.toThrow();
      await proxy.restore();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await proxy.restore();
      await store.close();
    }
  });
});
