// The optional per-client API limit through the real production server, without REDIS_URL (each
// replica its own): a burst of 5, refilled at 60 a minute, clients told apart by X-Forwarded-For
// (TRUST_PROXY=1, as behind our own proxy). The API and curl's `/` count; pages and probes do not; a
// refused request is still logged and counted. Shared through Redis: rate-limit-shared.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack } from "../../harness/stack";

describe("API_RATE_LIMIT_PER_MINUTE=60, API_RATE_LIMIT_BURST=5, TRUST_PROXY=1", () => {
  let database: TestDatabase;
  let stack: RunningStack;
  const get = (path: string, client: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.webUrl}${path}`, { headers: { "x-forwarded-for": `${client}, 10.0.0.1`, ...headers } });

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      refreshSeconds: 5,
      extraEnv: { API_RATE_LIMIT_PER_MINUTE: "60", API_RATE_LIMIT_BURST: "5", TRUST_PROXY: "1" },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("lets a client make 5 requests at once, then answers 429 with Retry-After until a token is back", async () => {
    const client = "198.51.100.10";
    for (let remaining = 4; remaining >= 0; remaining--) {
      const response = await get("/api/top?limit=1", client);
      expect(response.status).toBe(200);
      // draft-ietf-httpapi-ratelimit-headers-11: 5 at once, full again 5 s after empty; the next in 1 s.
      expect(response.headers.get("ratelimit-policy")).toBe('"default";q=5;w=5');
      expect(response.headers.get("ratelimit")).toBe(`"default";r=${remaining};t=1`);
      expect(response.headers.get("ratelimit-remaining")).toBeNull();
    }
    const refused = await get("/api/top?limit=1", client);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("ratelimit")).toBe('"default";r=0;t=1');
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused.headers.get("x-request-id")).toMatch(/\w/);
    expect(await refused.json()).toEqual({
      error: { code: "rate_limited", message: "too many requests from this client; retry in 1 s" },
    });
    // curl's `/` is the same list: it counts too.
    expect((await get("/?limit=5", client, { accept: "*/*" })).status).toBe(429);

    // Pages and probes are never limited, and other clients have buckets of their own.
    for (const path of ["/api/health", "/api/version", "/api/metrics", "/market"]) {
      expect((await get(path, client)).status, path).toBe(200);
    }
    expect((await get("/", client, { accept: "text/html" })).status).toBe(200);
    expect((await get("/api/top?limit=1", "198.51.100.11")).status).toBe(200);

    // One token a second: a second later the client is served again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get("/api/top?limit=1", client)).status).toBe(200);
  });

  it("logs and counts refused requests like any other", async () => {
    const metrics = await (await get("/api/metrics", "198.51.100.12")).text();
    expect(metrics).toMatch(/topcoins_http_requests_total\{method="GET",route="\/api\/top",status="429"\} [1-9]/);
    const refused = stack
      .logs()
      .split("\n")
      .filter((line) => line.startsWith("{") && line.includes('"event":"request"'))
      .map((line) => JSON.parse(line) as { route: string; path: string; status: number; msg: string })
      .filter((line) => line.status === 429);
    expect(refused[0]).toMatchObject({ route: "/api/top", path: "/api/top", status: 429, msg: "GET /api/top 429" });
  });

  it("keeps its buckets in memory: no Redis, so no Redis outages to count", async () => {
    const metrics = await (await get("/api/metrics", "198.51.100.12")).text();
    expect(metrics).not.toContain("topcoins_rate_limit_redis_outages_total");
  });
});
