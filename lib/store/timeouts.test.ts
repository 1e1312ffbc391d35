import { describe, expect, it } from "vitest";
import {
  DEFAULT_STORE_TIMEOUTS,
  pgDurationMs,
  postgresTimeoutOptions,
  SQLITE_SETTINGS,
  sqlitePragmas,
} from "./timeouts";

const URL_PLAIN = "postgres://app@db.internal:5432/topcoins";

describe("postgresTimeoutOptions", () => {
  it("maps the defaults to pg's pool options and session settings", () => {
    expect(postgresTimeoutOptions(URL_PLAIN, DEFAULT_STORE_TIMEOUTS)).toEqual({
      connectionTimeoutMillis: 5000,
      query_timeout: 11_000,
      statement_timeout: 10_000,
      idle_in_transaction_session_timeout: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
  });

  it("maps configured timeouts: the client's query bound is the statement timeout plus 1 s", () => {
    expect(postgresTimeoutOptions(URL_PLAIN, { connectTimeoutMs: 1000, statementTimeoutMs: 2500 })).toEqual({
      connectionTimeoutMillis: 1000,
      query_timeout: 3500,
      statement_timeout: 2500,
      idle_in_transaction_session_timeout: 2500,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
  });

  it("lets the URL's own connect_timeout (seconds, as libpq reads it) win", () => {
    expect(postgresTimeoutOptions(`${URL_PLAIN}?connect_timeout=3`, DEFAULT_STORE_TIMEOUTS)).toMatchObject({
      connectionTimeoutMillis: 3000,
      statement_timeout: 10_000,
    });
    // Not a whole number of seconds: ignored, as the configured value stands.
    expect(postgresTimeoutOptions(`${URL_PLAIN}?connect_timeout=soon`, DEFAULT_STORE_TIMEOUTS)).toMatchObject({
      connectionTimeoutMillis: 5000,
    });
  });

  it("leaves out a session setting the URL's options name, and bounds the client by the URL's statement timeout", () => {
    const options = encodeURIComponent("-c statement_timeout=30s -c search_path=topcoins");
    const mapped = postgresTimeoutOptions(`${URL_PLAIN}?options=${options}`, DEFAULT_STORE_TIMEOUTS);
    expect(mapped).not.toHaveProperty("statement_timeout");
    expect(mapped).toMatchObject({ query_timeout: 31_000, idle_in_transaction_session_timeout: 10_000 });

    const idle = encodeURIComponent("--idle-in-transaction-session-timeout=1min");
    const idleMapped = postgresTimeoutOptions(`${URL_PLAIN}?options=${idle}`, DEFAULT_STORE_TIMEOUTS);
    expect(idleMapped).not.toHaveProperty("idle_in_transaction_session_timeout");
    expect(idleMapped).toMatchObject({ statement_timeout: 10_000, query_timeout: 11_000 });

    const joined = encodeURIComponent("-cstatement_timeout=2500");
    expect(postgresTimeoutOptions(`${URL_PLAIN}?options=${joined}`, DEFAULT_STORE_TIMEOUTS)).toMatchObject({
      query_timeout: 3500,
    });
  });

  it("follows a statement_timeout given as a URL parameter (pg sends it itself), including 0 = none", () => {
    const mapped = postgresTimeoutOptions(`${URL_PLAIN}?statement_timeout=2000`, DEFAULT_STORE_TIMEOUTS);
    expect(mapped).not.toHaveProperty("statement_timeout");
    expect(mapped.query_timeout).toBe(3000);
    expect(postgresTimeoutOptions(`${URL_PLAIN}?statement_timeout=0`, DEFAULT_STORE_TIMEOUTS).query_timeout).toBe(0);
    // A value this code cannot read keeps the configured client bound.
    const odd = encodeURIComponent("-c statement_timeout=a-while");
    expect(postgresTimeoutOptions(`${URL_PLAIN}?options=${odd}`, DEFAULT_STORE_TIMEOUTS).query_timeout).toBe(11_000);
  });
});

describe("pgDurationMs", () => {
  it.each([
    ["1500", 1500],
    ["1500ms", 1500],
    ["30s", 30_000],
    ["1.5s", 1500],
    ["2min", 120_000],
    ["1h", 3_600_000],
    ["1d", 86_400_000],
    ["500us", 1],
    [" 0 ", 0],
  ])("reads %j as %d ms", (value, ms) => {
    expect(pgDurationMs(value)).toBe(ms);
  });

  it("refuses what PostgreSQL would not read as a time", () => {
    expect(pgDurationMs("soon")).toBeNull();
    expect(pgDurationMs("-1s")).toBeNull();
    expect(pgDurationMs("5 weeks")).toBeNull();
  });
});

describe("SQLite settings", () => {
  it("runs the pragmas that bound the WAL, in order, with exact values", () => {
    expect(SQLITE_SETTINGS).toEqual({
      busyTimeoutMs: 5000,
      walAutocheckpointPages: 1000,
      journalSizeLimitBytes: 67_108_864,
    });
    expect(sqlitePragmas()).toEqual([
      "synchronous = NORMAL",
      "foreign_keys = ON",
      "wal_autocheckpoint = 1000",
      "journal_size_limit = 67108864",
    ]);
  });
});
