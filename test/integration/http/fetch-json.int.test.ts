// fetchJson over a real local server: timeouts, resets, body caps and non-JSON bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../lib/http/errors";
import { type FetchJsonRequest, fetchJson } from "../../../lib/http/fetch-json";
import {
  catchUpstreamError,
  type LocalServer,
  recordingSleep,
  sendJson,
  sendText,
  startLocalServer,
} from "../../support/http-server";

const KEY = "test-key-9f8e7d6c5b4a";
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server.close();
});

function request(path: string, extra: Partial<FetchJsonRequest> = {}): FetchJsonRequest {
  return {
    provider: "testprov",
    endpoint: "thing",
    url: `${server.url}${path}`,
    headers: { "x-api-key": KEY },
    timeoutMs: 2_000,
    retries: 0,
    maxBodyBytes: 1_000,
    classify: () => null,
    ...extra,
  };
}

describe("fetchJson success", () => {
  it("returns the parsed body, status, headers and one attempt", async () => {
    server.handle((_req, res) => sendJson(res, 200, { price: 0.000001234 }, { "x-simulated-data": "true" }));
    const result = await fetchJson(request("/ok"));
    expect(result.body).toEqual({ price: 0.000001234 });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(1);
    expect(result.headers.get("x-simulated-data")).toBe("true");
    expect(server.requests[0]?.headers["x-api-key"]).toBe(KEY);
  });
});

describe("fetchJson transport failures", () => {
  it("times out a hung request as unavailable and retries it", async () => {
    server.handle(() => undefined);
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchJson(request("/hang", { timeoutMs: 150, retries: 1, sleep })), [KEY]);
    expect(error.kind).toBe("unavailable");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("testprov thing: timed out after 150 ms");
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it("times out a body that stalls half-way", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data": [');
    });
    const error = await catchUpstreamError(fetchJson(request("/stall", { timeoutMs: 200 })), [KEY]);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("timed out after 200 ms");
  });

  it("maps a connection reset before the response to unavailable", async () => {
    server.handle((req) => req.socket.destroy());
    const error = await catchUpstreamError(fetchJson(request("/reset")), [KEY]);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toMatch(/^testprov thing: network error \(\w+\)$/);
    expect(error.status).toBeUndefined();
  });

  it("maps a connection reset mid-body to unavailable", async () => {
    server.handle((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"data": [1, 2');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const error = await catchUpstreamError(fetchJson(request("/reset-mid-body")), [KEY]);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("network error");
  });

  it("reports a caller abort as unavailable without retrying", async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await catchUpstreamError(fetchJson(request("/abort", { retries: 3, signal: controller.signal })));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe("testprov thing: request aborted by caller");
    expect(server.requests).toHaveLength(1);
  });
});

describe("fetchJson body limits and parsing", () => {
  it("aborts a chunked body once it passes the cap", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`[${"1,".repeat(400)}`);
      res.end(`${"1,".repeat(400)}1]`);
    });
    const error = await catchUpstreamError(fetchJson(request("/big")), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe("testprov thing: body exceeds 1000 bytes");
    expect(error.status).toBe(200);
  });

  it("rejects early on a Content-Length over the cap, without waiting for the body", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000000000" });
      res.write("[");
    });
    const started = Date.now();
    const error = await catchUpstreamError(fetchJson(request("/huge", { timeoutMs: 5_000 })), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe("testprov thing: body exceeds 1000 bytes (Content-Length 1000000000)");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("accepts a body of exactly the cap", async () => {
    const body = `"${"x".repeat(998)}"`;
    server.handle((_req, res) => sendText(res, 200, body));
    const result = await fetchJson(request("/exact"));
    expect(result.body).toBe("x".repeat(998));
  });

  it.each([
    [200, '{"data": [1, 2', "bad_response", "HTTP 200 with malformed or truncated JSON"],
    [502, '{"data": [1, 2', "unavailable", "HTTP 502 with malformed or truncated JSON"],
    [200, "<!DOCTYPE html><title>Just a moment...</title>", "bad_response", "HTTP 200 with an HTML page"],
    [503, "<html><body>Cloudflare 503</body></html>", "unavailable", "HTTP 503 with an HTML page"],
    [429, "<html>Too Many Requests</html>", "rate_limited", "HTTP 429 with an HTML page"],
    [200, "", "bad_response", "HTTP 200 with an empty body"],
  ] as const)("maps HTTP %i with a non-JSON body to %s", async (status, text, kind, message) => {
    server.handle((_req, res) => sendText(res, status, text, { "content-type": "text/html" }));
    const error = await catchUpstreamError(fetchJson(request("/non-json")), [KEY]);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`testprov thing: ${message}`);
    expect(error.attempts).toBe(1);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "bad_response"],
    [429, "rate_limited"],
    [500, "unavailable"],
    [503, "unavailable"],
  ] as const)("falls back to the status line for JSON HTTP %i: %s", async (status, kind) => {
    server.handle((_req, res) => sendJson(res, status, { message: "nope" }));
    const error = await catchUpstreamError(fetchJson(request("/status")), [KEY]);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`testprov thing: HTTP ${status}`);
  });

  it("lets classify find an error inside an HTTP 200 body", async () => {
    server.handle((_req, res) => sendJson(res, 200, { error: "quota", code: 77 }));
    const classify = () =>
      new UpstreamError({ kind: "quota", provider: "testprov", endpoint: "thing", message: "spent", providerCode: 77 });
    const error = await catchUpstreamError(fetchJson(request("/in-body", { classify, retries: 2 })), [KEY]);
    expect(error.kind).toBe("quota");
    expect(error.providerCode).toBe(77);
    expect(error.status).toBe(200);
    expect(error.attempts).toBe(1);
  });
});
