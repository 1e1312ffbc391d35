// The API limit shared through Redis by two production web replicas: a burst of 4, refilled at 12
// a minute (a token every 5 s), so one client gets 4 requests across both replicas, not 4 each.
// Redis sits behind a TCP proxy. Cut (connections reset, the port closed), each replica limits in
// its own memory: 200s then a 429 as before, never a 5xx nor a wait, one warning and one outage
// counted per replica. Restored, both share the limit again by themselves. Needs a Redis
// (TEST_REDIS_URL or 127.0.0.1:6379); each run writes under its own key prefix and deletes its keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import {
  type Child,
  freePort,
  launchWeb,
  outputTail,
  type RunningStack,
  startStack,
  stopChildren,
  waitFor,
} from "../../harness/stack";
import { deleteKeys, findTestRedis, testRedisClient, uniqueKeyPrefix } from "../support/redis";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const redisUrl = await findTestRedis("rate-limit-shared");

describe.skipIf(!redisUrl)("API_RATE_LIMIT_PER_MINUTE=12, API_RATE_LIMIT_BURST=4, REDIS_URL: 2 web replicas", () => {
  const keyPrefix = uniqueKeyPrefix();
  let database: TestDatabase;
  let proxy: TcpProxy;
  let stack: RunningStack;
  let second: Child;
  let replicas: string[] = [];

  const get = (base: string, path: string, client: string) =>
    fetch(`${base}${path}`, { headers: { "x-forwarded-for": `${client}, 10.0.0.1` } });
  const logs = () => `${stack.logs()}\n--- web-2\n${outputTail(second)}`;
  const keyOf = (client: string) => `${keyPrefix}ratelimit:${client}`;
  const warningsOf = (child: Child) => (child.output.join("").match(/Redis unreachable/g) ?? []).length;

  /** One request per replica in turn: [status, the RateLimit field's r, its t]. */
  async function alternate(client: string, count: number) {
    const answers: Array<[number, number | null, number | null]> = [];
    for (let i = 0; i < count; i++) {
      const response = await get(replicas[i % replicas.length] ?? "", "/api/top?limit=1", client);
      const field = /^"default";r=(\d+);t=(\d+)$/.exec(response.headers.get("ratelimit") ?? "");
      answers.push([response.status, field ? Number(field[1]) : null, field ? Number(field[2]) : null]);
      await response.arrayBuffer();
    }
    return answers;
  }

  async function replicaMetric(base: string, name: string): Promise<number> {
    const text = await (await get(base, "/api/metrics", "198.51.100.99")).text();
    const sample = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return sample ? Number(sample[1]) : Number.NaN;
  }

  beforeAll(async () => {
    const target = new URL(redisUrl ?? "");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      refreshSeconds: 5,
      extraEnv: {
        API_RATE_LIMIT_PER_MINUTE: "12",
        API_RATE_LIMIT_BURST: "4",
        TRUST_PROXY: "1",
        REDIS_URL: proxiedUrl(redisUrl ?? "", proxy.port),
        REDIS_KEY_PREFIX: keyPrefix,
      },
    });
    const port = await freePort();
    const secondUrl = `http://127.0.0.1:${port}`;
    second = launchWeb("web-2", port, { ...stack.env, PORT: String(port) });
    try {
      // Health is never limited: polling it spends no one's tokens.
      await waitFor(
        "the second replica's data",
        async () => ((await fetch(`${secondUrl}/api/health`).catch(() => undefined))?.ok ? true : undefined),
        60_000,
      );
    } catch (error) {
      throw new Error(`${String(error)}\n${logs()}`);
    }
    replicas = [stack.webUrl, secondUrl];
  }, 150_000);

  afterAll(async () => {
    if (second) await stopChildren([second]);
    await stack?.stop();
    await proxy?.close();
    await database?.drop();
    if (redisUrl) await deleteKeys(redisUrl, keyPrefix);
  });

  it("gives one client the configured limit across both replicas, not twice it", async () => {
    expect(outputTail(second, 100_000)).toContain(
      "per-client API rate limit on, shared by the web replicas through Redis",
    );
    const client = "198.51.100.20";
    const answers = await alternate(client, 6);
    expect(
      answers.map(([status, remaining]) => [status, remaining]),
      logs(),
    ).toEqual([
      [200, 3],
      [200, 2],
      [200, 1],
      [200, 0],
      [429, 0],
      [429, 0],
    ]);
    // The next token is about 5 s away on either replica.
    for (const [, , wait] of answers) expect(wait).toBeGreaterThanOrEqual(4);
    for (const [, , wait] of answers) expect(wait).toBeLessThanOrEqual(5);
    const refused = await get(replicas[1] ?? "", "/api/top?limit=1", client);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"default";q=4;w=20');
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(4);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    // One bucket in Redis, under this run's prefix, kept until it is full again (at most 20 s).
    const redis = testRedisClient(redisUrl ?? "");
    try {
      const ttl = await redis.pttl(keyOf(client));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(20_000);
    } finally {
      redis.disconnect();
    }
  });

  it("limits per replica in memory while Redis is cut, with no error and no wait, and shares again once it is back", async () => {
    // Deltas from here: a replica whose event loop stalled past the Redis timeout earlier has
    // already counted (and logged) that as an outage of its own.
    const outagesBefore = await Promise.all(
      replicas.map((base) => replicaMetric(base, "topcoins_rate_limit_redis_outages_total")),
    );
    const warningsBefore = warningsOf(second);
    await proxy.cut();
    const client = "198.51.100.21";
    for (const base of replicas) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const response = await get(base, "/api/top?limit=1", client);
        statuses.push(response.status);
        await response.arrayBuffer();
        expect(performance.now() - started, `${base} answered in`).toBeLessThan(1000);
      }
      // Each replica's own bucket: 4 each, the limit per replica.
      expect(statuses, `${base}\n${logs()}`).toEqual([200, 200, 200, 200, 429]);
    }
    // One outage each, however many requests and failed reconnections it lasted.
    for (const [index, base] of replicas.entries()) {
      const outages = await replicaMetric(base, "topcoins_rate_limit_redis_outages_total");
      expect(outages - (outagesBefore[index] ?? 0), `${base}\n${logs()}`).toBe(1);
      expect(await replicaMetric(base, "topcoins_rate_limit_fallback_total"), base).toBeGreaterThanOrEqual(5);
    }
    expect(warningsOf(second) - warningsBefore, logs()).toBe(1);

    await proxy.restore();
    // Back when each replica's decisions land in Redis again: a new client per try, so no one runs dry.
    const redis = testRedisClient(redisUrl ?? "");
    try {
      for (const [index, base] of replicas.entries()) {
        let tries = 0;
        await waitFor(
          `${base} sharing through Redis again`,
          async () => {
            const probe = `198.51.101.${index * 100 + ++tries}`;
            await (await get(base, "/api/top?limit=1", probe)).arrayBuffer();
            return (await redis.exists(keyOf(probe))) === 1 ? true : undefined;
          },
          20_000,
        );
      }
    } finally {
      redis.disconnect();
    }
    const answers = await alternate("198.51.100.22", 5);
    expect(
      answers.map(([status, remaining]) => [status, remaining]),
      logs(),
    ).toEqual([
      [200, 3],
      [200, 2],
      [200, 1],
      [200, 0],
      [429, 0],
    ]);
    expect(outputTail(second, 100_000)).toContain("Redis answers again");
  });
});
