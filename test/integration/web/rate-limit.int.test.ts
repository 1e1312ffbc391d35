// Which requests the API limit counts and for whom, the RateLimit fields it sends, which limiter the
// configuration picks, and the 429 through a real node:http server, decided at once (in memory) or
// after a wait (as through Redis). The bucket itself: token-bucket.test.ts, shared-rate-limit.test.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../lib/config";
import {
  type ApiRateLimit,
  apiRateLimitFrom,
  applyRateLimit,
  clientAddress,
  isLimited,
  rateLimitField,
  rateLimitPolicy,
} from "../../../lib/web/rate-limit";
import { SharedRateLimiter } from "../../../lib/web/shared-rate-limit";
import { RateLimiter } from "../../../lib/web/token-bucket";

const silent = { info: () => {}, warn: () => {} };

describe("the RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11)", () => {
  it("advertise the burst over the seconds an empty bucket takes to refill", () => {
    expect(rateLimitPolicy({ perMinute: 60, burst: 5 })).toBe('"default";q=5;w=5');
    expect(rateLimitPolicy({ perMinute: 120, burst: 60 })).toBe('"default";q=60;w=30');
    expect(rateLimitPolicy({ perMinute: 7, burst: 100 })).toBe('"default";q=100;w=858');
  });

  it("give the requests left and the seconds until one more", () => {
    expect(rateLimitField({ allowed: true, remaining: 4, waitSeconds: 1 })).toBe('"default";r=4;t=1');
    expect(rateLimitField({ allowed: false, remaining: 0, waitSeconds: 10 })).toBe('"default";r=0;t=10');
  });
});

describe("the limiter the configuration picks", () => {
  const config = (env: Record<string, string>) => loadConfig({ API_RATE_LIMIT_PER_MINUTE: "120", ...env });

  it("is none when the limit is off", () => {
    expect(apiRateLimitFrom(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }), silent)).toBeNull();
  });

  it("is this replica's memory without REDIS_URL", () => {
    const limit = apiRateLimitFrom(config({ API_RATE_LIMIT_BURST: "10", TRUST_PROXY: "1" }), silent);
    expect(limit).toMatchObject({ scope: "replica", policy: '"default";q=10;w=5', trustProxy: true });
    expect(limit?.limiter).toBeInstanceOf(RateLimiter);
  });

  it("is the bucket shared through Redis with REDIS_URL", async () => {
    // Nothing needs to answer there: the limiter connects in the background.
    const limit = apiRateLimitFrom(config({ REDIS_URL: "redis://127.0.0.1:9" }), silent);
    try {
      expect(limit).toMatchObject({ scope: "shared", policy: '"default";q=60;w=30', trustProxy: false });
      expect(limit?.limiter).toBeInstanceOf(SharedRateLimiter);
    } finally {
      await limit?.limiter.close?.();
    }
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

function serverSuite(name: string, limit: ApiRateLimit) {
  describe(name, () => {
    let server: Server;
    let base: string;
    let handled = 0;

    beforeAll(async () => {
      server = createServer(async (req, res) => {
        if (await applyRateLimit(limit, req, res)) return;
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
      // 6 a minute, 2 at once: a token every 10 s, an empty bucket full again in 20 s.
      expect(first.headers.get("ratelimit-policy")).toBe('"default";q=2;w=20');
      expect(first.headers.get("ratelimit")).toBe('"default";r=1;t=10');
      // The fields of drafts up to 06 are gone.
      for (const old of ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]) {
        expect(first.headers.get(old), old).toBeNull();
      }
      expect((await get("/api/top", "198.51.100.1")).headers.get("ratelimit")).toBe('"default";r=0;t=10');
      const before = handled;
      const refused = await get("/api/top?limit=5", "198.51.100.1");
      expect(refused.status).toBe(429);
      expect(handled).toBe(before);
      expect(refused.headers.get("retry-after")).toBe("10");
      expect(refused.headers.get("ratelimit-policy")).toBe('"default";q=2;w=20');
      expect(refused.headers.get("ratelimit")).toBe('"default";r=0;t=10');
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
        expect(response.headers.get("ratelimit"), path).toBeNull();
      }
      expect((await get("/api/top", "198.51.100.2")).status).toBe(200);
    });
  });
}

const shape = { perMinute: 6, burst: 2 };
serverSuite("the 429 through a node:http server", {
  limiter: new RateLimiter(shape),
  policy: rateLimitPolicy(shape),
  trustProxy: true,
  scope: "replica",
});

// The shared limit decides after a round trip to Redis: the same answers, once the promise settles.
const decidedLater = new RateLimiter(shape);
serverSuite("the 429 through a node:http server, decided after a wait", {
  limiter: {
    take: (client) => new Promise((resolve) => setTimeout(() => resolve(decidedLater.take(client)), 5)),
  },
  policy: rateLimitPolicy(shape),
  trustProxy: true,
  scope: "shared",
});
