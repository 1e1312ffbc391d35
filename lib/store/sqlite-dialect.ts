// Kysely's SQLite dialect, adjusted for several processes writing to one database file.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

/**
 * Begins every transaction with BEGIN IMMEDIATE. A plain BEGIN starts as a reader; when a
 * read-then-write transaction later tries to write while another process holds the write lock,
 * SQLite fails it at once with SQLITE_BUSY (waiting could deadlock), and busy_timeout does not help.
 * IMMEDIATE takes the write lock up front, where the busy timeout does apply.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
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

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
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
