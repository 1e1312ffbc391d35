/** A store failure with a message fit for logs: bad input, a refused URL, a failed migration. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}

/**
 * Why the database did not answer: no connection (refused, or not within the connect timeout), a
 * statement the server cancelled at its statement timeout, no answer within the client's query
 * timeout (a partition: the server cannot even say it gave up), a connection lost mid-query, or an
 * SQLite file locked by another process beyond the busy timeout.
 */
export type StoreFailureKind =
  | "connect"
  | "connect_timeout"
  | "statement_timeout"
  | "query_timeout"
  | "connection_lost"
  | "busy";

export const STORE_FAILURE_KINDS: readonly StoreFailureKind[] = [
  "connect",
  "connect_timeout",
  "statement_timeout",
  "query_timeout",
  "connection_lost",
  "busy",
];

export interface StoreFailure {
  dialect: "sqlite" | "postgres";
  kind: StoreFailureKind;
  /** The timeout that ran out, or null when the failure came sooner (a refused connection). */
  timeoutMs: number | null;
  /** How long the call waited before it failed. */
  elapsedMs: number;
}

/**
 * The database did not answer: its message names the store, the timeout and the wait, so the one
 * line that logs it says what happened. The driver's own error is the cause.
 */
export class StoreUnavailableError extends StoreError {
  readonly dialect: StoreFailure["dialect"];
  readonly kind: StoreFailureKind;
  readonly timeoutMs: number | null;
  readonly elapsedMs: number;
  /** The driver's code (ECONNREFUSED, 57014, SQLITE_BUSY), when it gave one. */
  readonly code: string | undefined;

  constructor(message: string, failure: StoreFailure, cause: unknown) {
    super(message, { cause });
    this.name = "StoreUnavailableError";
    this.dialect = failure.dialect;
    this.kind = failure.kind;
    this.timeoutMs = failure.timeoutMs;
    this.elapsedMs = failure.elapsedMs;
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === "string" ? code : undefined;
  }
}
