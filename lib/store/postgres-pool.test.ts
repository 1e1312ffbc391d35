import { describe, expect, it } from "vitest";
import { connectFailureKind, failureMessage, type PostgresBounds, queryFailureKind } from "./postgres-pool";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("connectFailureKind", () => {
  it("tells pg's connect timeouts from other failures to connect, and ignores our own shutdown", () => {
    expect(connectFailureKind(new Error("timeout exceeded when trying to connect"))).toBe("connect_timeout");
    expect(connectFailureKind(new Error("Connection terminated due to connection timeout"))).toBe("connect_timeout");
    expect(connectFailureKind(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe("connect");
    expect(connectFailureKind(withCode('password authentication failed for user "app"', "28P01"))).toBe("connect");
    expect(connectFailureKind(new Error("Cannot use a pool after calling end on the pool"))).toBeNull();
  });
});

describe("queryFailureKind", () => {
  it("names the client's and the server's timeouts and a lost connection", () => {
    expect(queryFailureKind(new Error("Query read timeout"))).toBe("query_timeout");
    expect(queryFailureKind(withCode("canceling statement due to statement timeout", "57014"))).toBe(
      "statement_timeout",
    );
    expect(queryFailureKind(new Error("Connection terminated unexpectedly"))).toBe("connection_lost");
    expect(queryFailureKind(new Error("Client has encountered a connection error and is not queryable"))).toBe(
      "connection_lost",
    );
    expect(queryFailureKind(withCode("read ECONNRESET", "ECONNRESET"))).toBe("connection_lost");
    expect(queryFailureKind(withCode("terminating connection due to idle-in-transaction timeout", "25P03"))).toBe(
      "connection_lost",
    );
    expect(queryFailureKind(withCode("terminating connection due to administrator command", "57P01"))).toBe(
      "connection_lost",
    );
    expect(queryFailureKind(withCode("connection failure", "08006"))).toBe("connection_lost");
  });

  it("leaves SQL errors to the caller", () => {
    expect(queryFailureKind(withCode("duplicate key value violates unique constraint", "23505"))).toBeNull();
    expect(queryFailureKind(withCode("canceling statement due to user request", "57014"))).toBeNull();
    expect(queryFailureKind(withCode('relation "nope" does not exist', "42P01"))).toBeNull();
  });
});

describe("failureMessage", () => {
  const bounds: PostgresBounds = {
    store: "postgres://app@db:5432/topcoins",
    connectTimeoutMs: 1000,
    statementTimeoutMs: 2000,
    queryTimeoutMs: 3000,
  };

  it("names the store, the timeout and the wait in one line", () => {
    const cause = new Error("Query read timeout");
    expect(
      failureMessage(bounds, { dialect: "postgres", kind: "query_timeout", timeoutMs: 3000, elapsedMs: 3004 }, cause),
    ).toBe(
      "store postgres://app@db:5432/topcoins: did not answer within the query timeout of 3000 ms (after 3004 ms); the connection is dropped",
    );
    expect(
      failureMessage(bounds, { dialect: "postgres", kind: "connect_timeout", timeoutMs: 1000, elapsedMs: 1001 }, cause),
    ).toBe(
      "store postgres://app@db:5432/topcoins: no connection within the connect timeout of 1000 ms (after 1001 ms)",
    );
    expect(
      failureMessage(
        bounds,
        { dialect: "postgres", kind: "statement_timeout", timeoutMs: 2000, elapsedMs: 2002 },
        withCode("canceling statement due to statement timeout", "57014"),
      ),
    ).toBe(
      "store postgres://app@db:5432/topcoins: the server cancelled a statement at its statement timeout of 2000 ms (after 2002 ms)",
    );
    expect(
      failureMessage(
        bounds,
        { dialect: "postgres", kind: "connect", timeoutMs: null, elapsedMs: 2 },
        withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      ),
    ).toBe("store postgres://app@db:5432/topcoins: cannot connect (connect ECONNREFUSED 127.0.0.1:5432)");
    expect(
      failureMessage(
        bounds,
        { dialect: "postgres", kind: "connection_lost", timeoutMs: null, elapsedMs: 7 },
        new Error("Connection terminated unexpectedly"),
      ),
    ).toBe(
      "store postgres://app@db:5432/topcoins: connection lost during a query (Connection terminated unexpectedly)",
    );
  });
});
