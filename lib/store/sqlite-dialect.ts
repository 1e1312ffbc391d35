// Kysely's SQLite dialect, adjusted for several processes writing to one database file.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";
import { observeStoreError } from "../metrics/store";
import { type StoreFailure, StoreUnavailableError } from "./errors";

/** What a busy failure names: the store and the busy timeout it waited. */
export interface SqliteBusyBounds {
  store: string;
  busyTimeoutMs: number;
}

/**
 * Begins every transaction with BEGIN IMMEDIATE. A plain BEGIN starts as a reader; when a
 * read-then-write transaction later tries to write while another process holds the write lock,
 * SQLite fails it at once with SQLITE_BUSY (waiting could deadlock), and busy_timeout does not help.
 * IMMEDIATE takes the write lock up front, where the busy timeout does apply.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly busy: SqliteBusyBounds | undefined,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  // The driver's one connection, with SQLITE_BUSY (the lock still held after the busy timeout)
  // reported as the store's unavailability: named, timed and counted like PostgreSQL's timeouts.
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const busy = this.busy;
    if (!busy) return connection;
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const started = performance.now();
        try {
          return await connection.executeQuery<R>(query);
        } catch (error) {
          throw busyError(error, busy, started) ?? error;
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
}

function busyError(error: unknown, bounds: SqliteBusyBounds, started: number): StoreUnavailableError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY")) return null;
  const failure: StoreFailure = {
    dialect: "sqlite",
    kind: "busy",
    timeoutMs: bounds.busyTimeoutMs,
    elapsedMs: Math.round(performance.now() - started),
  };
  observeStoreError(failure);
  // Some SQLITE_BUSY come at once, without the busy wait (a read that turns into a write after
  // another commit): the wait is stated, not assumed.
  const message = `store ${bounds.store}: locked by another process (${code}) after ${failure.elapsedMs} ms; the busy timeout is ${bounds.busyTimeoutMs} ms`;
  return new StoreUnavailableError(message, failure, error);
}

/**
 * SQLite does run DDL inside transactions, but Kysely's adapter says it does not, so its Migrator
 * runs migrations with no transaction and no lock, and two processes migrating a fresh file at
 * once both try to create the tables. Claiming transactional DDL makes the Migrator read its state
 * and apply migrations inside one BEGIN IMMEDIATE transaction, which serializes the processes.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  // The BEGIN IMMEDIATE transaction is the lock; the base class's no-op lock methods stay.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

/** SqliteDialect whose transactions take the write lock first and whose migrations are atomic. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #busy: SqliteBusyBounds | undefined;

  /** With `busy`, a statement that stays locked past the busy timeout fails with a StoreUnavailableError. */
  constructor(config: SqliteDialectConfig, busy?: SqliteBusyBounds) {
    super(config);
    this.#config = config;
    this.#busy = busy;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#busy);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Which database engine a Kysely instance talks to. */
export type StoreDialect = "sqlite" | "postgres";

/** Tells the engine from the instance's adapter, for the few statements that differ. */
export function dialectOf<DB>(db: Kysely<DB>): StoreDialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
}
