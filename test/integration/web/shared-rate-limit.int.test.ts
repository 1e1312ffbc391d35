// The shared limit: the bucket kept in Redis decides as the in-memory one does and is one bucket
// for every replica; with Redis gone (a closed port, or a connection that stops answering) each
// replica decides in its own memory at once, says so once, counts it, and shares again when Redis
// is back. The Redis cases need a Redis (TEST_REDIS_URL or 127.0.0.1:6379) and skip without one.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Logger } from "@/lib/log";
import { renderMetrics } from "@/lib/metrics/registry";
import { parseExposition, sampleValue } from "@/test/support/exposition";
import { freePort } from "../../../harness/stack";
import { describeRedisUrl, SharedRateLimiter, type SharedRateLimitOptions } from "../../../lib/web/shared-rate-limit";
import { type RateDecision, RateLimiter } from "../../../lib/web/token-bucket";
import { deleteKeys, findTestRedis, testRedisClient, uniqueKeyPrefix } from "../../support/redis";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";

const redisUrl = await findTestRedis("shared-rate-limit (the cases through Redis)");
const keyPrefix = uniqueKeyPrefix();

interface LoggedLine {
  level: "info" | "warn";
  fields: Record<string, unknown>;
  msg: string;
}

function recordingLogger() {
  const lines: LoggedLine[] = [];
  const line = (level: LoggedLine["level"]) => (fields: Record<string, unknown>, msg: string) => {
    lines.push({ level, fields, msg });
  };
  return { lines, logger: { info: line("info"), warn: line("warn") } as unknown as Pick<Logger, "info" | "warn"> };
}

const limiters: SharedRateLimiter[] = [];
function sharedLimiter(options: Omit<SharedRateLimitOptions, "logger" | "keyPrefix">) {
  const { lines, logger } = recordingLogger();
  const limiter = new SharedRateLimiter({ keyPrefix, logger, ...options });
  limiters.push(limiter);
  return { limiter, lines };
}

afterEach(async () => {
  await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
});
afterAll(async () => {
  if (redisUrl) await deleteKeys(redisUrl, keyPrefix);
});

async function counters() {
  const metrics = parseExposition((await renderMetrics()).body);
  return {
    outages: sampleValue(metrics, "topcoins_rate_limit_redis_outages_total", {}) ?? 0,
    fallbacks: sampleValue(metrics, "topcoins_rate_limit_fallback_total", {}) ?? 0,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decisions without the promise: each `take` awaited in turn. */
async function takeAll(limiter: { take(client: string): RateDecision | Promise<RateDecision> }, clients: string[]) {
  const decisions: RateDecision[] = [];
  for (const client of clients) decisions.push(await limiter.take(client));
  return decisions;
}

describe("describeRedisUrl", () => {
  it("hides a password, in the URL or its query, and keeps the rest", () => {
    expect(describeRedisUrl("rediss://app:s3cret@redis.internal:6380/2")).toBe(
      "rediss://app:***@redis.internal:6380/2",
    );
    expect(describeRedisUrl("redis://:s3cret@127.0.0.1")).toBe("redis://:***@127.0.0.1");
    expect(describeRedisUrl("redis://h:6379?password=s3cret")).toBe("redis://h:6379?password=***");
    expect(describeRedisUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
});

describe("with Redis unreachable (nothing listens on its port)", () => {
  it("decides at once in memory, as the in-memory bucket would, warns once and counts the outage", async () => {
    const before = await counters();
    // A port nothing listens on: every connection attempt is refused.
    const port = await freePort();
    const { limiter, lines } = sharedLimiter({
      perMinute: 60,
      burst: 2,
      redisUrl: `redis://app:s3cret@127.0.0.1:${port}`,
    });
    // Let a few connection attempts fail: still one warning.
    await sleep(400);
    const decisions = [1, 2, 3].map(() => limiter.take("203.0.113.5"));
    for (const decision of decisions) expect(decision).not.toBeInstanceOf(Promise);
    const inMemory = new RateLimiter({ perMinute: 60, burst: 2 });
    expect(decisions).toEqual([1, 2, 3].map(() => inMemory.take("203.0.113.5")));
    expect(decisions.map((decision) => (decision as RateDecision).allowed)).toEqual([true, true, false]);
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      ["warn", "Redis unreachable: each web replica limits its clients in its own memory until Redis answers again"],
    ]);
    expect(lines[0]?.fields).toMatchObject({ event: "rate_limit", redis: `redis://app:***@127.0.0.1:${port}` });
    expect(JSON.stringify(lines)).not.toContain("s3cret");
    const after = await counters();
    expect(after.outages - before.outages).toBe(1);
    expect(after.fallbacks - before.fallbacks).toBe(3);
  });
});

describe.skipIf(!redisUrl)("through Redis", () => {
  const url = redisUrl ?? "";

  it("decides as the in-memory bucket does, and two replicas share the one bucket", async () => {
    const options = { perMinute: 60, burst: 3, redisUrl: url };
    const a = sharedLimiter(options);
    const b = sharedLimiter(options);
    expect(await a.limiter.connected(5000)).toBe(true);
    expect(await b.limiter.connected(5000)).toBe(true);
    const client = "198.51.100.1";
    const inMemory = new RateLimiter(options);
    // Alternating replicas: 3 in all, not 3 each.
    const shared: RateDecision[] = [];
    for (const replica of [a, b, a, b, a]) {
      const decision = replica.limiter.take(client);
      expect(decision).toBeInstanceOf(Promise);
      shared.push(await decision);
    }
    expect(shared).toEqual([1, 2, 3, 4, 5].map(() => inMemory.take(client)));
    expect(shared.map((decision) => [decision.allowed, decision.remaining, decision.waitSeconds])).toEqual([
      [true, 2, 1],
      [true, 1, 1],
      [true, 0, 1],
      [false, 0, 1],
      [false, 0, 1],
    ]);
    // The key lives until the bucket is full again (3 tokens at 1 a second), then it is gone.
    const redis = testRedisClient(url);
    try {
      const ttl = await redis.pttl(`${keyPrefix}ratelimit:${client}`);
      expect(ttl).toBeGreaterThan(2000);
      expect(ttl).toBeLessThanOrEqual(3000);
    } finally {
      redis.disconnect();
    }
    expect([...a.lines, ...b.lines]).toEqual([]);
  });

  it("refills at the rate, and a full bucket leaves no key behind", async () => {
    // 600 a minute: a token every 100 ms, 2 at once.
    const { limiter } = sharedLimiter({ perMinute: 600, burst: 2, redisUrl: url });
    expect(await limiter.connected(5000)).toBe(true);
    const client = "198.51.100.2";
    const decisions = await takeAll(limiter, [client, client, client]);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    await sleep(150);
    expect(await limiter.take(client)).toMatchObject({ allowed: true, remaining: 0 });
    await sleep(300);
    const redis = testRedisClient(url);
    try {
      expect(await redis.exists(`${keyPrefix}ratelimit:${client}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    expect(await limiter.take(client)).toMatchObject({ allowed: true, remaining: 1 });
  });

  describe("when the connection stops answering", () => {
    let proxy: TcpProxy;
    afterEach(async () => {
      await proxy?.close();
    });

    it("decides in memory after one command's timeout, at once after that, and shares again when Redis is back", async () => {
      const target = new URL(url);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
      const { limiter, lines } = sharedLimiter({
        perMinute: 60,
        burst: 3,
        redisUrl: proxiedUrl(url, proxy.port),
        timeoutMs: 100,
      });
      expect(await limiter.connected(5000)).toBe(true);
      const client = "198.51.100.3";
      expect(await limiter.take(client)).toMatchObject({ allowed: true, remaining: 2 });

      proxy.stall();
      const started = performance.now();
      // The shared bucket has 2 left; this replica's own memory has a full bucket of 3.
      expect(await limiter.take(client)).toMatchObject({ allowed: true, remaining: 2 });
      expect(performance.now() - started).toBeLessThan(1000);
      // The connection was given up: the next decisions wait for nothing.
      const next = limiter.take(client);
      expect(next).not.toBeInstanceOf(Promise);
      expect(next).toMatchObject({ allowed: true, remaining: 1 });
      expect(lines.map(({ level }) => level)).toEqual(["warn"]);
      expect(lines[0]?.fields.reason).toMatch(/timeout|timed out/i);

      await proxy.restore();
      let back: RateDecision | Promise<RateDecision> = limiter.take(client);
      for (let i = 0; i < 100 && !(back instanceof Promise); i++) {
        await sleep(100);
        back = limiter.take(client);
      }
      expect(back).toBeInstanceOf(Promise);
      // Shared again: the bucket in Redis, one more taken since the stall (1 left, or 2 if a token came back).
      expect((await back).allowed).toBe(true);
      expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
        ["warn", "Redis unreachable: each web replica limits its clients in its own memory until Redis answers again"],
        ["info", "Redis answers again: the API rate limit is shared by the web replicas again"],
      ]);
    });
  });
});
