// The CryptoCompare client's error mapping, against a real local server serving fixture error bodies.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CryptoCompareOptions, fetchCryptoCompareRanking } from "../../../../lib/providers/cryptocompare/client";
import {
  catchUpstreamError,
  readFixture,
  recordingSleep,
  sendText,
  setupLocalServer,
} from "../../../support/http-server";

const KEY = "cc-test-key-1e2d3c4b5a69";
const HERE = path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare");
const server = setupLocalServer(HERE);

function options(extra: Partial<CryptoCompareOptions> = {}): CryptoCompareOptions {
  return {
    baseUrl: server.url,
    apiKey: KEY,
    toplist: "totalvolfull",
    depth: 150,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 1_000_000,
    sleep: recordingSleep().sleep,
    now: () => new Date("2026-02-19T19:41:30.000Z"),
    ...extra,
  };
}

describe("fetchCryptoCompareRanking errors", () => {
  // [fixture, HTTP status, kind, providerCode, retryAfterMs, attempts with retries=2, message]
  it.each([
    [
      "error-rate-limit-second.json",
      200,
      "rate_limited",
      99,
      1_000,
      3,
      "error Type 99: You are over your rate limit please upgrade your account!",
    ],
    // The day window is spent: wait until 00:00 UTC, handed back rather than slept on.
    [
      "error-rate-limit.json",
      200,
      "rate_limited",
      99,
      15_510_000,
      1,
      "error Type 99: You are over your rate limit please upgrade your account!",
    ],
    [
      "error-auth.json",
      200,
      "auth",
      1,
      undefined,
      1,
      "error Type 1: You need a valid auth key or api key to access this endpoint",
    ],
    [
      "error-param.json",
      200,
      "bad_response",
      2,
      undefined,
      1,
      "error Type 2: bad parameter tsym: tsym is a required param.",
    ],
    ["error-path.json", 200, "bad_response", 0, undefined, 1, "error Type 0: path does not exist: Path does not exist"],
    [
      "error-unknown-type.json",
      200,
      "bad_response",
      5,
      undefined,
      1,
      "error Type 5: Something unexpected happened on our side.",
    ],
    ["error-param.json", 401, "auth", 2, undefined, 1, "error Type 2: bad parameter tsym: tsym is a required param."],
    ["unauthorized-401.json", 401, "auth", undefined, undefined, 1, "HTTP 401"],
  ] as const)("%s on HTTP %i → %s", async (fixture, status, kind, code, retryAfterMs, attempts, message) => {
    server.serve(fixture, status);
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchCryptoCompareRanking(options({ sleep })), [KEY]);
    expect(error.kind).toBe(kind);
    expect(error.providerCode).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.attempts).toBe(attempts);
    expect(server.requests).toHaveLength(attempts);
    expect(waits).toEqual(Array.from({ length: attempts - 1 }, () => retryAfterMs));
    expect(error.message).toBe(`cryptocompare top/totalvolfull: ${message}`);
  });

  it("fails the whole fetch when a later page fails", async () => {
    server.handle((req, res) =>
      req.url?.endsWith("page=0")
        ? sendText(res, 200, readFixture(HERE, "toplist-page-0.json"))
        : sendText(res, 200, readFixture(HERE, "error-auth.json")),
    );
    const error = await catchUpstreamError(fetchCryptoCompareRanking(options()), [KEY]);
    expect(error.kind).toBe("auth");
    expect(server.requests).toHaveLength(2);
  });

  it("rejects a RAW price sent as a string as bad_response", async () => {
    const body = readFixture(HERE, "toplist-page-0.json").replace('"PRICE": 91234.5678901234', '"PRICE": "91234.57"');
    server.handle((_req, res) => sendText(res, 200, body));
    const error = await catchUpstreamError(fetchCryptoCompareRanking(options({ depth: 5 })), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe(
      "cryptocompare top/totalvolfull: unexpected body shape: Data.0.RAW.USD.PRICE: Invalid input: expected number, received string",
    );
  });
});
