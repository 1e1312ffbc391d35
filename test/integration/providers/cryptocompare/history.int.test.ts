// The CryptoCompare history client against a real local server serving fixture bodies.
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CryptoCompareHistoryOptions,
  fetchCryptoCompareHistory,
} from "../../../../lib/providers/cryptocompare/history";
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

function options(extra: Partial<CryptoCompareHistoryOptions> = {}): CryptoCompareHistoryOptions {
  return {
    baseUrl: `${server.url}/`,
    apiKey: KEY,
    symbol: "BTC",
    resolution: "hour",
    limit: 5,
    timeoutMs: 2_000,
    retries: 2,
    maxBodyBytes: 1_000_000,
    sleep: recordingSleep().sleep,
    now: () => new Date("2026-02-19T19:41:30.000Z"),
    ...extra,
  };
}

describe("fetchCryptoCompareHistory", () => {
  it("asks histohour for fsym/tsym/limit with the key and returns the finished hours' closes", async () => {
    server.serve("histohour-btc.json");
    const closes = await fetchCryptoCompareHistory(options());
    expect(server.requests.map((r) => r.url)).toEqual(["/data/v2/histohour?fsym=BTC&tsym=USD&limit=5"]);
    expect(server.requests[0]?.headers.authorization).toBe(`Apikey ${KEY}`);
    // Six rows in, the unfinished 01:00 hour left out.
    expect(closes).toEqual([
      { ts: new Date("2026-01-02T20:00:00Z"), priceUsd: 91234.5678901234, volume24hUsd: 123456000.01 },
      { ts: new Date("2026-01-02T21:00:00Z"), priceUsd: 91190.12, volume24hUsd: 123556000.01 },
      { ts: new Date("2026-01-02T22:00:00Z"), priceUsd: 91302.75, volume24hUsd: 123656000.01 },
      { ts: new Date("2026-01-02T23:00:00Z"), priceUsd: 91288.4, volume24hUsd: 123756000.01 },
      { ts: new Date("2026-01-03T00:00:00Z"), priceUsd: 91350.05, volume24hUsd: 123856000.01 },
    ]);
  });

  it("drops the zero rows CryptoCompare pads early history with, and passes toTs in seconds", async () => {
    server.serve("histoday-padded.json");
    const closes = await fetchCryptoCompareHistory(
      options({ resolution: "day", limit: 365, symbol: "PEPE2", toTs: new Date("2026-01-03T12:34:56.789Z") }),
    );
    expect(server.requests.map((r) => r.url)).toEqual([
      "/data/v2/histoday?fsym=PEPE2&tsym=USD&limit=365&toTs=1767443696",
    ]);
    expect(closes).toEqual([
      { ts: new Date("2026-01-01T00:00:00Z"), priceUsd: 0.00000012, volume24hUsd: 612.5 },
      { ts: new Date("2026-01-02T00:00:00Z"), priceUsd: 0.000000135, volume24hUsd: 588.75 },
    ]);
  });

  it("sorts rows, keeps the first of a repeated time and drops the newest even when sent first", async () => {
    const body = JSON.parse(readFixture(HERE, "histohour-btc.json")) as { Data: { Data: unknown[] } };
    const rows = body.Data.Data;
    body.Data.Data = [rows[5], rows[1], { ...(rows[0] as object), close: 1 }, rows[0]];
    server.handle((_req, res) => sendText(res, 200, JSON.stringify(body)));
    const closes = await fetchCryptoCompareHistory(options());
    expect(closes.map((c) => [c.ts.toISOString(), c.priceUsd])).toEqual([
      ["2026-01-02T20:00:00.000Z", 1],
      ["2026-01-02T21:00:00.000Z", 91190.12],
    ]);
  });

  it("maps an unknown symbol (Type 2 on HTTP 200) to bad_response without retrying", async () => {
    server.serve("error-histo-fsym.json");
    const error = await catchUpstreamError(fetchCryptoCompareHistory(options({ symbol: "NOPE" })), [KEY]);
    expect(error).toMatchObject({ kind: "bad_response", providerCode: 2, status: 200, attempts: 1 });
    expect(error.message).toBe(
      "cryptocompare v2/histohour: error Type 2: bad parameter fsym: There is no data for the symbol NOPE .",
    );
  });

  it("hands a spent daily rate limit back as rate_limited with the wait until midnight UTC", async () => {
    server.serve("error-rate-limit.json");
    const error = await catchUpstreamError(fetchCryptoCompareHistory(options({ resolution: "day" })), [KEY]);
    expect(error).toMatchObject({ kind: "rate_limited", providerCode: 99, retryAfterMs: 15_510_000, attempts: 1 });
    expect(error.endpoint).toBe("v2/histoday");
  });

  it("maps HTTP 401 to auth", async () => {
    server.serve("unauthorized-401.json", 401);
    const error = await catchUpstreamError(fetchCryptoCompareHistory(options()), [KEY]);
    expect(error).toMatchObject({ kind: "auth", status: 401 });
  });

  it("rejects a close sent as a string as bad_response", async () => {
    const body = readFixture(HERE, "histohour-btc.json").replace('"close": 91190.12', '"close": "91190.12"');
    server.handle((_req, res) => sendText(res, 200, body));
    const error = await catchUpstreamError(fetchCryptoCompareHistory(options()), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe(
      "cryptocompare v2/histohour: unexpected body shape: Data.Data.1.close: Invalid input: expected number, received string",
    );
  });

  it("refuses a limit outside 1..2000 and an empty symbol before calling", async () => {
    server.handle((_req, res) => sendText(res, 500, "{}"));
    await expect(fetchCryptoCompareHistory(options({ limit: 2001 }))).rejects.toThrow(RangeError);
    await expect(fetchCryptoCompareHistory(options({ limit: 0 }))).rejects.toThrow(RangeError);
    await expect(fetchCryptoCompareHistory(options({ symbol: " " }))).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
