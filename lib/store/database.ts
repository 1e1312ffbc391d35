// Opens the store named by DATABASE_URL: an SQLite file shared by the processes on one host,
// or a PostgreSQL pool. Callers open one store per process and close it on shutdown.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { withoutPassword } from "../format/url";
import { initStoreErrors } from "../metrics/store";
import { StoreError } from "./errors";
import { guardPool } from "./postgres-pool";
import type { Database } from "./schema";
import { ImmediateSqliteDialect, type StoreDialect } from "./sqlite-dialect";
import {
  DEFAULT_STORE_TIMEOUTS,
  postgresTimeoutOptions,
  QUERY_TIMEOUT_GRACE_MS,
  SQLITE_SETTINGS,
  type StoreTimeouts,
  sqlitePragmas,
} from "./timeouts";

export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Receives errors of idle PostgreSQL connections (a server restart); without a listener they crash the process. */
  onPoolError?: (error: Error) => void;
  /** How long to wait on the database (STORE_CONNECT_TIMEOUT_MS, STORE_STATEMENT_TIMEOUT_MS); the defaults without. */
  timeouts?: StoreTimeouts;
}

const WAL_RETRY_MS = 20;
const POSTGRES_POOL_SIZE = 10;
const PG_INT8_OID = 20;

/** Opens the store; `file:./rel`, `file:/abs` or `file:///abs` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function openStore(url: string, options: OpenStoreOptions = {}): Store {
  if (url.startsWith("file:")) return openSqlite(url);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new StoreError(`Unsupported database URL ${describeStoreUrl(url)}: use file:<path> or postgres://`);
}

/** The URL with any password replaced, safe to log. */
export function describeStoreUrl(url: string): string {
  return url.startsWith("file:") ? url : withoutPassword(url);
}

/** Resolves an SQLite URL to a file path; a relative path is relative to the working directory. */
export function sqlitePathFromUrl(url: string): string {
  const withoutQuery = url.replace(/[?#].*$/, "");
  const filePath = withoutQuery.startsWith("file://")
    ? fileURLToPath(withoutQuery)
    : withoutQuery.slice("file:".length);
  if (filePath === "") throw new StoreError(`Database URL ${url} names no file`);
  return path.resolve(filePath);
}

function openSqlite(url: string): Store {
  const filePath = sqlitePathFromUrl(url);
  mkdirSync(path.dirname(filePath), { recursive: true });
  // `timeout` is better-sqlite3's busy_timeout: how long a statement waits for another process's lock.
  const sqlite = new SqliteDatabase(filePath, { timeout: SQLITE_SETTINGS.busyTimeoutMs });
  try {
    const mode = enableWal(sqlite);
    if (mode !== "wal") throw new StoreError(`SQLite refused WAL mode for ${filePath} (got ${String(mode)})`);
    for (const pragma of sqlitePragmas()) sqlite.pragma(pragma);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  initStoreErrors("sqlite");
  const dialect = new ImmediateSqliteDialect(
    { database: sqlite },
    { store: url, busyTimeoutMs: SQLITE_SETTINGS.busyTimeoutMs },
  );
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/**
 * Switching a new file to WAL rewrites its header by upgrading a read transaction to a write one,
 * and SQLite does not call the busy handler for such an upgrade: a process that starts while
 * another is creating the same file gets SQLITE_BUSY at once. Retry until the busy timeout.
 */
function enableWal(sqlite: SqliteDatabase.Database): unknown {
  const deadline = Date.now() + SQLITE_SETTINGS.busyTimeoutMs;
  for (;;) {
    try {
      return sqlite.pragma("journal_mode = WAL", { simple: true });
    } catch (error) {
      const busy = error instanceof SqliteDatabase.SqliteError && error.code.startsWith("SQLITE_BUSY");
      if (!busy || Date.now() >= deadline) throw error;
      // openStore is synchronous, like better-sqlite3's own busy wait.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAL_RETRY_MS);
    }
  }
}

function openPostgres(url: string, options: OpenStoreOptions): Store {
  const bounds = postgresTimeoutOptions(url, options.timeouts ?? DEFAULT_STORE_TIMEOUTS);
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    ...bounds,
    // Per-pool parsers rather than pg.types.setTypeParser, so nothing else in the process changes.
    types: { getTypeParser: postgresTypeParser },
  });
  pool.on(
    "error",
    options.onPoolError ??
      ((error) =>
        console.error(`store: idle PostgreSQL connection failed: ${error.message} (${describeStoreUrl(url)})`)),
  );
  // pg-pool listens for a connection's errors only while it is idle. One in use (a transaction
  // between statements) that breaks emits 'error' with no listener, which ends the process. The
  // failure reaches the work in hand through its next query, and the pool drops the connection
  // when it comes back, so this listener only keeps the process alive.
  pool.on("connect", (client) => client.on("error", ignoreInUseError));
  initStoreErrors("postgres");
  const guarded = guardPool(pool, {
    store: describeStoreUrl(url),
    connectTimeoutMs: bounds.connectionTimeoutMillis,
    statementTimeoutMs: bounds.query_timeout > 0 ? bounds.query_timeout - QUERY_TIMEOUT_GRACE_MS : null,
    queryTimeoutMs: bounds.query_timeout,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guarded }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}

function ignoreInUseError(): void {}

// Bigints (count(*) and the like) arrive as strings by default; the store's counts fit a double
// exactly. timestamptz keeps pg's default parser, which yields a Date.
const postgresTypeParser: pg.CustomTypesConfig["getTypeParser"] = (oid, format) =>
  oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format);
