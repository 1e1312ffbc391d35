import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../../../harness/databases";
import { renderMetrics } from "../../../lib/metrics/registry";
import { describeStoreUrl, openStore, type Store, sqlitePathFromUrl } from "../../../lib/store/database";
import { StoreError, type StoreFailureKind, StoreUnavailableError } from "../../../lib/store/errors";
import { parseExposition, sampleValue } from "../../support/exposition";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";

/** This process's topcoins_store_errors_total for a dialect and kind. */
async function storeErrors(dialect: "sqlite" | "postgres", kind: StoreFailureKind): Promise<number> {
  const value = sampleValue(parseExposition((await renderMetrics()).body), "topcoins_store_errors_total", {
    dialect,
    kind,
  });
  // openStore starts every kind at 0, so a missing series is a bug.
  if (value === undefined) throw new Error(`no topcoins_store_errors_total{dialect="${dialect}",kind="${kind}"}`);
  return value;
}

/** The error a store call fails with, and how long it took to fail. */
async function failure(call: Promise<unknown>): Promise<{ error: StoreUnavailableError; ms: number }> {
  const started = performance.now();
  const error = await call.then(
    () => {
      throw new Error("the call succeeded");
    },
    (thrown: unknown) => thrown,
  );
  const ms = performance.now() - started;
  if (!(error instanceof StoreUnavailableError)) throw error;
  return { error, ms };
}

const pragma = async (store: Store, name: string) =>
  Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {})[0];

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
      expect(await pragma(store, "journal_mode")).toBe("wal");
      expect(await pragma(store, "busy_timeout")).toBe(5000);
      expect(await pragma(store, "synchronous")).toBe(1);
      expect(await pragma(store, "foreign_keys")).toBe(1);
      // The WAL's bounds: checkpoint at 1000 pages, and truncate a grown WAL back to 64 MiB.
      expect(await pragma(store, "wal_autocheckpoint")).toBe(1000);
      expect(await pragma(store, "journal_size_limit")).toBe(67_108_864);
    } finally {
      await store.close();
    }
  });

  it("reports a lock held by another process as a named, counted store error", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "topcoins-open-"));
    dirs.push(dir);
    const url = `file:${path.join(dir, "busy.db")}`;
    const [reader, writer] = [openStore(url), openStore(url)];
    try {
      await sql`create table probe (x integer)`.execute(writer.db);
      const before = await storeErrors("sqlite", "busy");
      // A deferred BEGIN reads, another process commits, and the read turns into a write: SQLite
      // refuses it at once (SQLITE_BUSY_SNAPSHOT), the quickest SQLITE_BUSY to provoke.
      const attempt = reader.db.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        try {
          await sql`select count(*) from probe`.execute(connection);
          await sql`insert into probe values (1)`.execute(writer.db);
          await sql`insert into probe values (2)`.execute(connection);
        } finally {
          await sql`rollback`.execute(connection);
        }
      });
      const { error } = await failure(attempt);
      expect(error).toMatchObject({ dialect: "sqlite", kind: "busy", timeoutMs: 5000, code: "SQLITE_BUSY_SNAPSHOT" });
      expect(error.message).toMatch(
        new RegExp(
          `^store ${url}: locked by another process \\(SQLITE_BUSY_SNAPSHOT\\) after \\d+ ms; the busy timeout is 5000 ms$`,
        ),
      );
      expect(await storeErrors("sqlite", "busy")).toBe(before + 1);
      // An SQL error is the caller's, not the store's availability.
      await expect(sql`select * from missing_table`.execute(writer.db)).rejects.not.toBeInstanceOf(
        StoreUnavailableError,
      );
      expect(await storeErrors("sqlite", "busy")).toBe(before + 1);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
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

// Short bounds, so each wait is measured in a second or two: the client gives up 1 s after the
// server's statement timeout.
const SHORT = { connectTimeoutMs: 500, statementTimeoutMs: 500 };
const QUERY_TIMEOUT_MS = SHORT.statementTimeoutMs + 1000;

describe.skipIf(!postgresUrl)("openStore on PostgreSQL: timeouts", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  const stores: Store[] = [];
  const open = (url = proxiedUrl(database.url, proxy.port)) => {
    const store = openStore(url, { timeouts: SHORT, onPoolError: () => {} });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterEach(async () => {
    await proxy.restore();
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  const show = async (store: Store, name: string) =>
    (await sql.raw<Record<string, string>>(`show ${name}`).execute(store.db)).rows[0]?.[name];

  it("sets the session's statement and idle-in-transaction timeouts; the URL's own options win", async () => {
    const store = open(database.url);
    expect(await show(store, "statement_timeout")).toBe("500ms");
    expect(await show(store, "idle_in_transaction_session_timeout")).toBe("500ms");
    const url = new URL(database.url);
    url.searchParams.set("options", "-c statement_timeout=30s");
    const own = open(url.toString());
    expect(await show(own, "statement_timeout")).toBe("30s");
    expect(await show(own, "idle_in_transaction_session_timeout")).toBe("500ms");
  });

  it("a statement past the statement timeout is cancelled by the server; the connection stays usable", async () => {
    const store = open(database.url);
    const before = await storeErrors("postgres", "statement_timeout");
    const { error, ms } = await failure(sql`select pg_sleep(5)`.execute(store.db));
    expect(error).toMatchObject({ dialect: "postgres", kind: "statement_timeout", timeoutMs: 500, code: "57014" });
    expect(error.message).toMatch(
      /the server cancelled a statement at its statement timeout of 500 ms \(after \d+ ms\)$/,
    );
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3 * SHORT.statementTimeoutMs);
    expect(await storeErrors("postgres", "statement_timeout")).toBe(before + 1);
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([{ one: 1 }]);
  });

  it("a stalled connection fails at the client's query timeout and is dropped; a new one at the connect timeout", async () => {
    const store = open();
    await sql`select 1`.execute(store.db);
    const before = {
      query: await storeErrors("postgres", "query_timeout"),
      connect: await storeErrors("postgres", "connect_timeout"),
    };
    proxy.stall();
    const stalled = await failure(sql`select 1`.execute(store.db));
    expect(stalled.error).toMatchObject({ kind: "query_timeout", timeoutMs: QUERY_TIMEOUT_MS });
    expect(stalled.error.message).toMatch(
      /^store postgres:\/\/postgres@127\.0\.0\.1:\d+\/topcoins_test_\w+: did not answer within the query timeout of 1500 ms \(after \d+ ms\); the connection is dropped$/,
    );
    expect(stalled.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 50);
    expect(stalled.ms).toBeLessThan(3 * SHORT.statementTimeoutMs + 1000);
    // The pool dropped that connection, so the next call opens one, and the stall holds it up.
    const connecting = await failure(sql`select 1`.execute(store.db));
    expect(connecting.error).toMatchObject({ kind: "connect_timeout", timeoutMs: 500 });
    expect(connecting.error.message).toMatch(/no connection within the connect timeout of 500 ms \(after \d+ ms\)$/);
    expect(connecting.ms).toBeGreaterThanOrEqual(450);
    expect(connecting.ms).toBeLessThan(3 * SHORT.connectTimeoutMs);
    expect(await storeErrors("postgres", "query_timeout")).toBe(before.query + 1);
    expect(await storeErrors("postgres", "connect_timeout")).toBe(before.connect + 1);
    await proxy.restore();
    const started = performance.now();
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([{ one: 1 }]);
    expect(performance.now() - started).toBeLessThan(SHORT.connectTimeoutMs);
  });

  it("a transaction whose query timed out fails as a whole at that timeout (its rollback does not wait again)", async () => {
    const store = open();
    const started = performance.now();
    const work = store.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      proxy.stall();
      await sql`select 2`.execute(trx);
    });
    const { error } = await failure(work);
    expect(error.kind).toBe("query_timeout");
    expect(performance.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 1000);
  });

  it("a cut fails at once with the refused connection, and the next call after the restore succeeds", async () => {
    const store = open();
    await sql`select 1`.execute(store.db);
    const before = await storeErrors("postgres", "connect");
    await proxy.cut();
    // The reset reaches the idle connection first; give the pool that moment to drop it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { error, ms } = await failure(sql`select 1`.execute(store.db));
    expect(error.kind).toBe("connect");
    expect(error.message).toMatch(/: cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    expect(ms).toBeLessThan(SHORT.connectTimeoutMs);
    expect(await storeErrors("postgres", "connect")).toBe(before + 1);
    await proxy.restore();
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([{ one: 1 }]);
  });
});
