// How long the store waits on its database, and the settings that bound each wait: pg's pool and
// session options for PostgreSQL, the pragmas for SQLite. Pure: openStore applies them.

export interface StoreTimeouts {
  /** Opening a PostgreSQL connection (TCP, TLS, startup, auth), or waiting for a free one in the pool. */
  connectTimeoutMs: number;
  /**
   * One statement on the PostgreSQL server (statement_timeout), and one pause between the
   * statements of a transaction (idle_in_transaction_session_timeout).
   */
  statementTimeoutMs: number;
}

/**
 * The heaviest statements take well under a second here (a 5000-quote snapshot's whole
 * transaction 146–356 ms on PostgreSQL, BENCHMARKS.md; one 2000-row batch of an identity list
 * less); a connection on a LAN opens in milliseconds, with TLS to a managed server in a few hundred.
 * 10 s and 5 s leave a wide margin and still fail a partition in seconds.
 */
export const DEFAULT_STORE_TIMEOUTS: StoreTimeouts = { connectTimeoutMs: 5000, statementTimeoutMs: 10_000 };

/**
 * The client's own bound on a query is the statement timeout plus this: a server that is
 * reachable cancels first and says so (the connection stays usable); only a server that cannot
 * answer at all (a partition) runs into the client's bound, which drops the connection.
 */
export const QUERY_TIMEOUT_GRACE_MS = 1000;

/**
 * TCP keepalive probes on an idle connection after this long, so a pooled or listening
 * connection to a vanished server is found dead in seconds, not after the kernel's default 2 h.
 */
export const KEEPALIVE_IDLE_MS = 10_000;

/** The timeouts the configuration names. */
export function storeTimeoutsFromConfig(config: {
  STORE_CONNECT_TIMEOUT_MS: number;
  STORE_STATEMENT_TIMEOUT_MS: number;
}): StoreTimeouts {
  return { connectTimeoutMs: config.STORE_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.STORE_STATEMENT_TIMEOUT_MS };
}

/** pg's client options that bound its waits (the pool passes them to every connection it opens). */
export interface PostgresTimeoutOptions {
  connectionTimeoutMillis: number;
  /** The client's bound on each query: 0 = none (only when the URL turns the statement timeout off). */
  query_timeout: number;
  /** Absent when the URL sets it itself (its value then applies). */
  statement_timeout?: number;
  idle_in_transaction_session_timeout?: number;
  keepAlive: true;
  keepAliveInitialDelayMillis: number;
}

const SESSION_SETTINGS = ["statement_timeout", "idle_in_transaction_session_timeout"] as const;
type SessionSetting = (typeof SESSION_SETTINGS)[number];

/**
 * The pg options for these timeouts and this URL. What the URL names itself wins, as libpq would
 * have it: `connect_timeout=<seconds>`, and `statement_timeout` or
 * `idle_in_transaction_session_timeout` given as a parameter or inside `options=-c …`. pg sends
 * its own settings after `options`, so ours are left out when the URL has its own; the client's
 * query bound then follows the URL's statement timeout.
 */
export function postgresTimeoutOptions(url: string, timeouts: StoreTimeouts): PostgresTimeoutOptions {
  const params = searchParams(url);
  const connectSeconds = params.get("connect_timeout");
  const connectionTimeoutMillis =
    connectSeconds !== null && /^\d+$/.test(connectSeconds.trim())
      ? Number(connectSeconds.trim()) * 1000
      : timeouts.connectTimeoutMs;
  const fromUrl = (name: SessionSetting) => params.get(name) ?? optionsSetting(params.get("options"), name);
  const urlStatement = fromUrl("statement_timeout");
  const statementMs =
    urlStatement === undefined
      ? timeouts.statementTimeoutMs
      : (pgDurationMs(urlStatement) ?? timeouts.statementTimeoutMs);
  const options: PostgresTimeoutOptions = {
    connectionTimeoutMillis,
    query_timeout: statementMs === 0 ? 0 : statementMs + QUERY_TIMEOUT_GRACE_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  };
  if (urlStatement === undefined) options.statement_timeout = timeouts.statementTimeoutMs;
  if (fromUrl("idle_in_transaction_session_timeout") === undefined)
    options.idle_in_transaction_session_timeout = timeouts.statementTimeoutMs;
  return options;
}

function searchParams(url: string): URLSearchParams {
  try {
    return new URL(url).searchParams;
  } catch {
    // pg reads some URLs that WHATWG URL refuses; such a URL sets nothing of its own here.
    return new URLSearchParams();
  }
}

/** A setting's value in a libpq `options` string (`-c name=value`, `-cname=value` or `--name=value`). */
function optionsSetting(options: string | null, name: SessionSetting): string | undefined {
  if (options === null) return undefined;
  // PostgreSQL reads a dash in a setting's name as an underscore.
  const pattern = name.replaceAll("_", "[-_]");
  return new RegExp(`(?:^|\\s)(?:-c\\s*|--)${pattern}=(\\S+)`).exec(options)?.[1];
}

const PG_TIME_UNITS_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A PostgreSQL time setting in milliseconds (a bare number is ms), or null when unreadable. */
export function pgDurationMs(value: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * (PG_TIME_UNITS_MS[match[2] ?? "ms"] ?? 1));
}

/** SQLite's settings: how long a statement waits for another process's lock, and the WAL's bounds. */
export const SQLITE_SETTINGS = {
  /** better-sqlite3's `timeout`, SQLite's busy_timeout: the bounded wait for another process's write lock. */
  busyTimeoutMs: 5000,
  /**
   * SQLite's default, set explicitly: a commit that leaves the WAL at 1000 pages (4 MiB) or more
   * checkpoints it into the database file, so readers find the WAL short.
   */
  walAutocheckpointPages: 1000,
  /**
   * A checkpoint cannot reset the WAL while a reader still uses its older frames, so writers
   * append and the file grows for as long as that reader holds on. SQLite never shrinks the file
   * by itself; with this limit, the first reset after the reader lets go truncates it to 64 MiB.
   */
  journalSizeLimitBytes: 64 * 1024 * 1024,
} as const;

/** The pragmas openStore runs on every SQLite connection after switching it to WAL, in order. */
export function sqlitePragmas(): string[] {
  return [
    // NORMAL loses at most the last transactions on power loss, never consistency, in WAL mode.
    "synchronous = NORMAL",
    "foreign_keys = ON",
    `wal_autocheckpoint = ${SQLITE_SETTINGS.walAutocheckpointPages}`,
    `journal_size_limit = ${SQLITE_SETTINGS.journalSizeLimitBytes}`,
  ];
}
