// The per-client token bucket on a fake clock, which requests it counts and for whom, and the 429
// it sends through a real node:http server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiRateLimit,
  apiRateLimitFrom,
  applyRateLimit,
  clientAddress,
  isLimited,
  RateLimiter,
} from "./rate-limit";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the wait until the next token, and refills at the rate", () => {
    const clock = fakeClock();
    // 60 a minute: one token a second, 3 at once.
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: clock.now });
    expect([1, 2, 3].map(() => limiter.take("a").remaining)).toEqual([2, 1, 0]);
    const refused = limiter.take("a");
    expect(refused).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 3, retryAfterSeconds: 1 });
    clock.advance(400);
    // Refused requests take nothing: 0.4 of a token now, 0.6 s to go (rounded up to a second).
    expect(limiter.take("a")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(650);
    expect(limiter.take("a")).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take("a").allowed).toBe(false);
    // After long enough the bucket is full again, and never fuller than the burst.
    clock.advance(3_600_000);
    expect(limiter.take("a")).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 1 });
  });

  it("gives Retry-After in whole seconds at slow rates", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 6, burst: 1, now: clock.now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a")).toMatchObject({ allowed: false, retryAfterSeconds: 10, resetSeconds: 10 });
    clock.advance(7_500);
    expect(limiter.take("a")).toMatchObject({ allowed: false, retryAfterSeconds: 3 });
  });

  it("keeps one bucket per client", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, now: clock.now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("forgets clients whose bucket has refilled, so idle clients cost no memory", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 5, now: clock.now });
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(1000);
    // One token each was taken: a second later every bucket is full, and the next call sweeps them.
    clock.advance(1000);
    limiter.take("late");
    expect(limiter.size).toBe(1);
  });

  it("never holds more than maxClients buckets; the least recently seen goes first", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 1, burst: 1, maxClients: 100, now: clock.now });
    for (let i = 0; i < 500; i++) {
      limiter.take(`client-${i}`);
      clock.advance(1);
    }
    expect(limiter.size).toBe(100);
    // client-499 is remembered (still refused), client-0 was forgotten (a fresh bucket).
    expect(limiter.take("client-499").allowed).toBe(false);
    expect(limiter.take("client-0").allowed).toBe(true);
  });

  it("refuses a zero rate or burst: off is the absence of a limiter", () => {
    expect(() => new RateLimiter({ perMinute: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ perMinute: 1, burst: 0 })).toThrow(RangeError);
    expect(apiRateLimitFrom({ API_RATE_LIMIT_PER_MINUTE: 0, API_RATE_LIMIT_BURST: 60, TRUST_PROXY: false })).toBeNull();
    expect(
      apiRateLimitFrom({ API_RATE_LIMIT_PER_MINUTE: 120, API_RATE_LIMIT_BURST: 10, TRUST_PROXY: true })?.trustProxy,
    ).toBe(true);
  });
});

describe("which requests count", () => {
  const limited = (method: string, target: string, accept: string | null = null) => {
    const url = new URL(target, "http://x.invalid");
    const headers = new Headers(accept === null ? {} : { accept });
    return isLimited(method, url.pathname, headers, url.searchParams);
  };

  it("counts the API and the CSV list curl gets on /", () => {
    expect(limited("GET", "/api/top?limit=5")).toBe(true);
    expect(limited("HEAD", "/api/top")).toBe(true);
    expect(limited("GET", "/api/coins/1182/history")).toBe(true);
    expect(limited("GET", "/api/sparklines")).toBe(true);
    expect(limited("POST", "/api/nothing-here")).toBe(true);
    expect(limited("GET", "/?limit=5", "*/*")).toBe(true);
  });

  it("leaves out pages, assets, preflights and the probes", () => {
    expect(limited("GET", "/", "text/html,*/*;q=0.8")).toBe(false);
    expect(limited("GET", "/?_rsc=abc")).toBe(false);
    expect(limited("GET", "/market")).toBe(false);
    expect(limited("GET", "/coins/1182")).toBe(false);
    expect(limited("GET", "/_next/static/chunks/main.js")).toBe(false);
    expect(limited("OPTIONS", "/api/top")).toBe(false);
    for (const probe of ["/api/health", "/api/health/", "/api/version", "/api/metrics", "/api/cron/refresh"]) {
      expect(limited("GET", probe), probe).toBe(false);
    }
  });
});

describe("the client address", () => {
  it("is the socket's unless the proxy is trusted", () => {
    expect(clientAddress("10.0.0.9", "203.0.113.7", false)).toBe("10.0.0.9");
    expect(clientAddress("10.0.0.9", "203.0.113.7, 10.0.0.1", true)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.9", ["2001:db8::1", "10.0.0.1"], true)).toBe("2001:db8::1");
  });

  it("ignores a forwarded value that is not an address, and unmaps IPv4 on IPv6 sockets", () => {
    expect(clientAddress("::ffff:127.0.0.1", undefined, true)).toBe("127.0.0.1");
    expect(clientAddress("::ffff:127.0.0.1", "not-an-ip", true)).toBe("127.0.0.1");
    expect(clientAddress("10.0.0.9", "1".repeat(100), true)).toBe("10.0.0.9");
    expect(clientAddress("10.0.0.9", "", true)).toBe("10.0.0.9");
    expect(clientAddress(undefined, undefined, false)).toBe("unknown");
  });
});

describe("the 429 through a node:http server", () => {
  let server: Server;
  let base: string;
  let handled = 0;
  const limit: ApiRateLimit = {
    limiter: new RateLimiter({ perMinute: 6, burst: 2 }),
    trustProxy: true,
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (applyRateLimit(limit, req, res)) return;
      handled++;
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, client: string, method = "GET") =>
    fetch(`${base}${path}`, { method, headers: { "x-forwarded-for": client } });

  it("answers in the API's error shape with Retry-After, and never reaches the handler", async () => {
    const first = await get("/api/top", "198.51.100.1");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    expect((await get("/api/top", "198.51.100.1")).status).toBe(200);
    const before = handled;
    const refused = await get("/api/top?limit=5", "198.51.100.1");
    expect(refused.status).toBe(429);
    expect(handled).toBe(before);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(await refused.json()).toEqual({
      error: { code: "rate_limited", message: "too many requests from this client; retry in 10 s" },
    });
    const head = await get("/api/top", "198.51.100.1", "HEAD");
    expect(head.status).toBe(429);
    expect(await head.text()).toBe("");
  });

  it("still serves that client's pages and probes, and other clients", async () => {
    for (const path of ["/api/health", "/market", "/coins/1182", "/api/version"]) {
      const response = await get(path, "198.51.100.1");
      expect(response.status, path).toBe(200);
      expect(response.headers.get("ratelimit-limit"), path).toBeNull();
    }
    expect((await get("/api/top", "198.51.100.2")).status).toBe(200);
  });
});
