// Redis for tests: TEST_REDIS_URL, else the machine's own on the default port, when a quick probe
// finds it answering. Tests that need it skip, and say so, when none answers. Each run writes
// under a key prefix of its own and deletes its keys afterwards, so runs never collide.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { describeRedisUrl } from "../../lib/web/shared-rate-limit";

export const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** The Redis the tests may use, or null (with a line saying what `suite` skips) when none answers. */
export async function findTestRedis(suite: string): Promise<string | null> {
  const url = process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    if ((await client.ping()) === "PONG") return url;
  } catch {
    // Reported below.
  } finally {
    client.disconnect();
  }
  console.info(`${suite}: skipped, no Redis answers at ${describeRedisUrl(url)} (set TEST_REDIS_URL)`);
  return null;
}

/** A key prefix no other run uses. */
export function uniqueKeyPrefix(): string {
  return `topcoins-test-${randomBytes(6).toString("hex")}:`;
}

/** A plain connection for a test's own reads; disconnect it when done. */
export function testRedisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  return client;
}

/** Deletes every key under `prefix` (SCAN, not KEYS: the Redis may be shared); resolves to how many. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const client = testRedisClient(url);
  try {
    let deleted = 0;
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await client.del(...(keys as string[]));
    }
    return deleted;
  } finally {
    client.disconnect();
  }
}
