// fetchJson's retry rules (backoff, Retry-After, no retry on permanent errors), in-flight sharing
// and key safety, over a real local server with an injected sleep that records the waits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../lib/http/errors";
import { type AttemptInfo, type FetchJsonRequest, fetchJson } from "../../../lib/http/fetch-json";
import {
  catchUpstreamError,
  type LocalServer,
  recordingSleep,
  sendJson,
  startLocalServer,
} from "../../support/http-server";

const KEY = "test-key-0a1b2c3d4e5f";
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
    headers: { authorization: `Apikey ${KEY}` },
    timeoutMs: 2_000,
    retries: 3,
    maxBodyBytes: 10_000,
    classify: () => null,
    ...extra,
  };
}

describe("fetchJson retries", () => {
  it("retries 5xx with full-jitter exponential backoff, then succeeds", async () => {
    server.handle((_req, res, hit) => (hit <= 3 ? sendJson(res, 500, {}) : sendJson(res, 200, { ok: true })));
    const { waits, sleep } = recordingSleep();
    const attempts: AttemptInfo[] = [];
    const result = await fetchJson(
      request("/flaky", { sleep, random: () => 0.5, onAttempt: (info) => attempts.push(info) }),
    );
    expect(result.body).toEqual({ ok: true });
    expect(result.attempts).toBe(4);
    // 0.5 × 500, 0.5 × 1000, 0.5 × 2000
    expect(waits).toEqual([250, 500, 1000]);
    expect(attempts.map((a) => [a.attempt, a.status, a.error?.kind])).toEqual([
      [1, 500, "unavailable"],
      [2, 500, "unavailable"],
      [3, 500, "unavailable"],
      [4, 200, undefined],
    ]);
  });

  it("gives up after `retries` extra attempts and reports the count", async () => {
    server.handle((_req, res) => sendJson(res, 503, {}));
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchJson(request("/down", { retries: 2, sleep, random: () => 0 })), [KEY]);
    expect(error.kind).toBe("unavailable");
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([0, 0]);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [400, "bad_response"],
  ] as const)("never retries HTTP %i (%s)", async (status, kind) => {
    server.handle((_req, res) => sendJson(res, status, {}));
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchJson(request("/perm", { sleep })), [KEY]);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("honours Retry-After in delta-seconds on 429", async () => {
    server.handle((_req, res, hit) =>
      hit === 1 ? sendJson(res, 429, {}, { "retry-after": "7" }) : sendJson(res, 200, { ok: 1 }),
    );
    const { waits, sleep } = recordingSleep();
    const result = await fetchJson(request("/ra-seconds", { sleep }));
    expect(result.attempts).toBe(2);
    expect(waits).toEqual([7_000]);
  });

  it("honours Retry-After as an HTTP-date on 503", async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    server.handle((_req, res, hit) =>
      hit === 1 ? sendJson(res, 503, {}, { "retry-after": at }) : sendJson(res, 200, { ok: 1 }),
    );
    const { waits, sleep } = recordingSleep();
    const result = await fetchJson(request("/ra-date", { sleep }));
    expect(result.attempts).toBe(2);
    expect(waits).toHaveLength(1);
    // HTTP-dates have whole seconds, so the wait is 19–20 s minus the round trip.
    expect(waits[0]).toBeGreaterThan(18_000);
    expect(waits[0]).toBeLessThanOrEqual(20_000);
  });

  it("stops and hands back retryAfterMs when Retry-After exceeds maxRetryWaitMs", async () => {
    server.handle((_req, res) => sendJson(res, 429, {}, { "retry-after": "120" }));
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchJson(request("/ra-long", { sleep })), [KEY]);
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.attempts).toBe(1);
    expect(waits).toEqual([]);
  });

  it("applies the same limit to an HTTP-date Retry-After", async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    server.handle((_req, res) => sendJson(res, 503, {}, { "retry-after": at }));
    const { waits, sleep } = recordingSleep();
    const error = await catchUpstreamError(fetchJson(request("/ra-date-long", { sleep, maxRetryWaitMs: 5_000 })));
    expect(error.kind).toBe("unavailable");
    expect(error.retryAfterMs).toBeGreaterThan(18_000);
    expect(waits).toEqual([]);
  });

  it("ignores Retry-After on statuses it does not apply to", async () => {
    server.handle((_req, res, hit) =>
      hit === 1 ? sendJson(res, 500, {}, { "retry-after": "999" }) : sendJson(res, 200, {}),
    );
    const { waits, sleep } = recordingSleep();
    await fetchJson(request("/ra-500", { sleep, random: () => 0.5 }));
    expect(waits).toEqual([250]);
  });
});

describe("fetchJson in-flight sharing", () => {
  const slowOk = (delayMs: number) => {
    server.handle((_req, res, hit) => setTimeout(() => sendJson(res, 200, { hit }), delayMs));
  };

  it("shares one request between identical concurrent calls", async () => {
    slowOk(80);
    const headersA = { authorization: `Apikey ${KEY}`, accept: "application/json" };
    const headersB = { Accept: "application/json", Authorization: `Apikey ${KEY}` };
    const [a, b] = await Promise.all([
      fetchJson(request("/shared", { headers: headersA })),
      fetchJson(request("/shared", { headers: headersB })),
    ]);
    expect(server.requests).toHaveLength(1);
    expect(a.body).toEqual({ hit: 1 });
    expect(b.body).toEqual({ hit: 1 });
  });

  it("does not share between different keys or URLs", async () => {
    slowOk(50);
    await Promise.all([
      fetchJson(request("/shared-2")),
      fetchJson(request("/shared-2", { headers: { authorization: "Apikey other-key-1234" } })),
      fetchJson(request("/shared-3")),
    ]);
    expect(server.requests).toHaveLength(3);
  });

  it("starts a fresh request once the shared one has settled", async () => {
    slowOk(10);
    await fetchJson(request("/sequential"));
    await fetchJson(request("/sequential"));
    expect(server.requests).toHaveLength(2);
  });

  it("lets one caller abort without cancelling the others", async () => {
    slowOk(150);
    const controller = new AbortController();
    const leaving = catchUpstreamError(fetchJson(request("/shared-abort", { signal: controller.signal })));
    const staying = fetchJson(request("/shared-abort"));
    setTimeout(() => controller.abort(), 30);
    const error = await leaving;
    expect(error.message).toBe("testprov thing: request aborted by caller");
    expect((await staying).body).toEqual({ hit: 1 });
    expect(server.requests).toHaveLength(1);
  });
});

describe("fetchJson key safety", () => {
  it("does not follow a redirect that would carry the key to another host", async () => {
    server.handle((req, res) =>
      req.url === "/moved"
        ? sendJson(res, 301, {}, { location: `${server.url}/elsewhere` })
        : sendJson(res, 200, { followed: true }),
    );
    const error = await catchUpstreamError(fetchJson(request("/moved")), [KEY]);
    expect(error.kind).toBe("bad_response");
    expect(error.status).toBe(301);
    expect(server.requests.map((r) => r.url)).toEqual(["/moved"]);
  });

  it("scrubs the key and keyed URLs from messages, even when a provider echoes them", async () => {
    server.handle((_req, res) => sendJson(res, 200, { echo: KEY }));
    const classify = () =>
      new UpstreamError({
        kind: "auth",
        provider: "testprov",
        endpoint: "thing",
        message: `key ${KEY} rejected at https://api.example.com/v1/x?api_key=${KEY}&a=1`,
      });
    const error = await catchUpstreamError(fetchJson(request("/echo", { classify })), [KEY]);
    expect(error.message).toBe("testprov thing: key [redacted] rejected at https://api.example.com/v1/x");
  });

  it("keeps a key sent in the query string out of messages", async () => {
    server.handle((_req, res) => sendJson(res, 500, {}));
    const error = await catchUpstreamError(
      fetchJson(request(`/query-key?api_key=${KEY}`, { headers: {}, retries: 0 })),
      [KEY],
    );
    expect(error.message).toBe("testprov thing: HTTP 500");
  });
});
