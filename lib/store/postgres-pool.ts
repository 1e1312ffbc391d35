// The pg pool as Kysely sees it, with every failure to reach the database turned into one clear
// StoreUnavailableError (which store, which timeout, how long) and counted, and a connection that
// ran into the client's query timeout dropped instead of reused.
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";
import { observeStoreError } from "../metrics/store";
import { type StoreFailure, type StoreFailureKind, StoreUnavailableError } from "./errors";

export interface PostgresBounds {
  /** The store as logs may show it (describeStoreUrl). */
  store: string;
  connectTimeoutMs: number;
  /** The server's statement timeout, when known. */
  statementTimeoutMs: number | null;
  /** The client's bound on one query; 0 = none. */
  queryTimeoutMs: number;
}

// pg's own messages for its timeouts and a dead connection: it gives these errors no code.
const CONNECT_TIMEOUT_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated due to connection timeout",
];
const QUERY_TIMEOUT_MESSAGE = "Query read timeout";
const LOST_MESSAGES = ["Connection terminated unexpectedly", "is not queryable"];
// Node's socket errors, and PostgreSQL's connection exceptions (class 08), shutdowns and the
// idle-in-transaction timeout (the server ended the session).
const LOST_CODES = [
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "57P01",
  "57P02",
  "57P03",
  "25P03",
];
// Our own pool.end(): a shutdown, not the database.
const POOL_ENDED_MESSAGE = "Cannot use a pool after calling end on the pool";

function parts(error: unknown): { message: string; code: string | undefined } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return { message, code: typeof code === "string" ? code : undefined };
}

/** Why pool.connect() failed, or null for our own shutdown. */
export function connectFailureKind(error: unknown): StoreFailureKind | null {
  const { message } = parts(error);
  if (message.includes(POOL_ENDED_MESSAGE)) return null;
  return CONNECT_TIMEOUT_MESSAGES.some((text) => message.includes(text)) ? "connect_timeout" : "connect";
}

/** Why a query failed when the database did not answer, or null for an SQL error (the caller's to handle). */
export function queryFailureKind(error: unknown): StoreFailureKind | null {
  const { message, code } = parts(error);
  if (message === QUERY_TIMEOUT_MESSAGE) return "query_timeout";
  if (code === "57014" && message.includes("statement timeout")) return "statement_timeout";
  if (code !== undefined && (code.startsWith("08") || LOST_CODES.includes(code))) return "connection_lost";
  return LOST_MESSAGES.some((text) => message.includes(text)) ? "connection_lost" : null;
}

export function failureMessage(bounds: PostgresBounds, failure: StoreFailure, cause: unknown): string {
  const after = `after ${failure.elapsedMs} ms`;
  const why = parts(cause).message;
  switch (failure.kind) {
    case "connect_timeout":
      return `store ${bounds.store}: no connection within the connect timeout of ${failure.timeoutMs} ms (${after})`;
    case "statement_timeout":
      return `store ${bounds.store}: the server cancelled a statement at its statement timeout of ${failure.timeoutMs ?? "?"} ms (${after})`;
    case "query_timeout":
      return `store ${bounds.store}: did not answer within the query timeout of ${failure.timeoutMs} ms (${after}); the connection is dropped`;
    // No timeout ran out: the driver's reason says it all, and the wait (in elapsedMs) is noise.
    case "connection_lost":
      return `store ${bounds.store}: connection lost during a query (${why})`;
    default:
      return `store ${bounds.store}: cannot connect (${why})`;
  }
}

function timeoutOf(bounds: PostgresBounds, kind: StoreFailureKind): number | null {
  if (kind === "connect_timeout") return bounds.connectTimeoutMs;
  if (kind === "statement_timeout") return bounds.statementTimeoutMs;
  if (kind === "query_timeout") return bounds.queryTimeoutMs;
  return null;
}

function unavailable(bounds: PostgresBounds, kind: StoreFailureKind, started: number, cause: unknown) {
  const failure: StoreFailure = {
    dialect: "postgres",
    kind,
    timeoutMs: timeoutOf(bounds, kind),
    elapsedMs: Math.round(performance.now() - started),
  };
  observeStoreError(failure);
  return new StoreUnavailableError(failureMessage(bounds, failure, cause), failure, cause);
}

/** Kysely's view of the pool (its documented PostgresPool interface). */
export function guardPool(pool: pg.Pool, bounds: PostgresBounds): PostgresPool {
  return {
    async connect() {
      const started = performance.now();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        const kind = connectFailureKind(error);
        throw kind === null ? error : unavailable(bounds, kind, started, error);
      }
      return guardClient(client, bounds);
    },
    end: () => pool.end(),
  };
}

function guardClient(client: pg.PoolClient, bounds: PostgresBounds): PostgresPoolClient {
  // After a query timeout the connection still waits for that answer (pg keeps it as the active
  // query), so every later query on it would wait too: the rest of the work in hand (a rollback)
  // fails at once with the same error, and the pool drops the connection when it comes back.
  let broken: StoreUnavailableError | null = null;
  const query = async (sql: string, parameters: readonly unknown[]) => {
    if (broken) throw broken;
    const started = performance.now();
    try {
      return await client.query(sql, [...parameters]);
    } catch (error) {
      const kind = queryFailureKind(error);
      if (kind === null) throw error;
      const failure = unavailable(bounds, kind, started, error);
      if (kind === "query_timeout" || kind === "connection_lost") broken = failure;
      throw failure;
    }
  };
  return {
    // Kysely passes no cursor class, so it only ever calls query(sql, parameters).
    query: query as unknown as PostgresPoolClient["query"],
    release: (destroy?: boolean) => client.release(Boolean(destroy) || broken !== null),
  };
}
