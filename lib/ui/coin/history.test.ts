import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchHistory, HistoryError, historyErrorFrom, historyUrl, parseHistoryBody } from "./history";

const body = {
  id: "1182",
  symbol: "BTC",
  name: "Bitcoin",
  range: "7d",
  resolution: "hour",
  points: [
    { t: 2000, priceUsd: 101, source: "coinmarketcap" },
    { t: 1000, priceUsd: 100, source: "cryptocompare" },
    { t: 3000, priceUsd: 0, source: "coinmarketcap" },
  ],
  meta: { generatedAt: "2026-11-28T12:00:00.000Z" },
};

describe("historyUrl", () => {
  it("escapes the id and names the range", () => {
    expect(historyUrl("1182", "24h")).toBe("/api/coins/1182/history?range=24h");
    expect(historyUrl("a b", "1y")).toBe("/api/coins/a%20b/history?range=1y");
  });
});

describe("parseHistoryBody", () => {
  it("keeps positive prices, oldest first, with their source", () => {
    expect(parseHistoryBody(body).points).toEqual([
      { t: 1000, priceUsd: 100, source: "cryptocompare" },
      { t: 2000, priceUsd: 101, source: "coinmarketcap" },
    ]);
  });

  it("returns the contract's fields and drops the rest", () => {
    const { points: _points, ...rest } = parseHistoryBody(body);
    expect(rest).toEqual({ id: "1182", symbol: "BTC", name: "Bitcoin", range: "7d", resolution: "hour" });
  });

  it("rejects a body that does not follow the contract", () => {
    const badPoint = { ...body, points: [{ t: "yesterday", priceUsd: 1, source: "x" }] };
    for (const bad of [null, [], { ...body, points: "none" }, { ...body, name: 7 }, badPoint]) {
      expect(() => parseHistoryBody(bad)).toThrow(HistoryError);
    }
  });
});

describe("historyErrorFrom", () => {
  it("carries the error envelope's code and message", () => {
    const error = historyErrorFrom(400, { error: { code: "invalid_range", message: "range must be one of …" } });
    expect([error.status, error.code, error.message, error.transient]).toEqual([
      400,
      "invalid_range",
      "range must be one of …",
      false,
    ]);
  });

  it("names the status when the body is not an envelope, and calls 5xx transient", () => {
    expect(historyErrorFrom(404, null).message).toBe("Price history is not available for this coin.");
    const error = historyErrorFrom(503, "<html>");
    expect([error.code, error.message, error.transient]).toEqual([
      "http_error",
      "The price history request failed (HTTP 503).",
      true,
    ]);
  });
});

describe("fetchHistory", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks the history endpoint and parses its answer", async () => {
    const fetchMock = vi.fn(async () => Response.json(body));
    vi.stubGlobal("fetch", fetchMock);
    const history = await fetchHistory("1182", "7d");
    expect(history.points.map((point) => point.t)).toEqual([1000, 2000]);
    expect(fetchMock).toHaveBeenCalledWith("/api/coins/1182/history?range=7d", expect.anything());
  });

  it("throws the envelope of a 503", async () => {
    const envelope = { error: { code: "no_data", message: "no price history yet" } };
    vi.stubGlobal("fetch", async () => Response.json(envelope, { status: 503 }));
    await expect(fetchHistory("1182", "7d")).rejects.toMatchObject({ status: 503, code: "no_data" });
  });

  it("turns a failed connection into a transient error", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(fetchHistory("1182", "7d")).rejects.toMatchObject({ status: 0, code: "network" });
  });
});
