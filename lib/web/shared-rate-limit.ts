// The API limit shared by every web replica (REDIS_URL set): the token bucket of token-bucket.ts,
// kept in Redis through rate-limiter-flexible's RateLimiterRedis, so a client gets the configured
// limit whichever replica answers it. While Redis is unreachable each replica decides in its own
// memory (the same bucket, per replica) and the API keeps answering: never a 5xx, and no wait
// longer than one command's timeout. The connection comes back by itself, and so does the sharing.

import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { withoutPassword } from "../format/url";
import type { Logger } from "../log";
import { observeRateLimitFallback, observeRateLimitOutage, registerRateLimitMetrics } from "../metrics/rate-limit";
import {
  type BucketShape,
  type ClientLimiter,
  checkShape,
  type RateDecision,
  RateLimiter,
  refillSeconds,
} from "./token-bucket";

/** How long a request waits for Redis before it is decided in memory (Redis answers in about 1 ms). */
export const REDIS_TIMEOUT_MS = 200;
/** One connection attempt's limit; while Redis is down, attempts follow each other at most 2 s apart. */
const REDIS_CONNECT_TIMEOUT_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * The bucket as the Lua script RateLimiterRedis runs for each request (its documented
 * `customIncrTtlLuaScript` option). The library's own script counts points in fixed windows, which
 * cannot keep both promises: `burst` points per window let a client make twice the burst across a
 * window's edge, and `perMinute` points a minute let a whole minute's worth through at once. This
 * script keeps the bucket instead. The key holds the moment (µs on Redis's clock, so every replica
 * reads one clock) at which the client's bucket is full again, and expires then: a full bucket is no
 * key at all. It answers what the library reads from its script: points consumed (more than
 * `points`, the burst, means refused) and milliseconds, here the wait until the next token.
 * ARGV, as the library passes it: points to take, window seconds, points (the burst), duration.
 */
export function tokenBucketScript(perMinute: number): string {
  const interval = Math.max(1, Math.round(60_000_000 / perMinute));
  return `local take = tonumber(ARGV[1])
local burst = tonumber(ARGV[3])
local interval = ${interval}
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local full_at = tonumber(redis.call('GET', KEYS[1])) or now
if full_at < now then full_at = now end
local spare = burst * interval - (full_at - now)
if spare < take * interval then
  return {burst + take, math.ceil((take * interval - spare) / 1000)}
end
full_at = full_at + take * interval
spare = spare - take * interval
redis.call('SET', KEYS[1], string.format('%d', full_at), 'PX', math.ceil((full_at - now) / 1000))
return {burst - math.floor(spare / interval), math.ceil((interval - spare % interval) / 1000)}`;
}

/** The URL with any password hidden, safe to log. */
export function describeRedisUrl(url: string): string {
  return withoutPassword(url);
}

export interface SharedRateLimitOptions extends BucketShape {
  redisUrl: string;
  /** Keys are `<keyPrefix>ratelimit:<client>`, so deployments sharing a Redis keep apart. */
  keyPrefix: string;
  logger: Pick<Logger, "info" | "warn">;
  /** Default REDIS_TIMEOUT_MS. */
  timeoutMs?: number;
}

export class SharedRateLimiter implements ClientLimiter {
  private readonly redis: Redis;
  private readonly store: RateLimiterRedis;
  private readonly fallback: RateLimiter;
  private readonly where: string;
  /** False from Redis's first failure until it answers again: one warning per outage, not per request. */
  private shared = true;
  private lastError = "not connected yet";

  constructor(private readonly options: SharedRateLimitOptions) {
    checkShape(options);
    this.where = describeRedisUrl(options.redisUrl);
    registerRateLimitMetrics();
    const timeout = options.timeoutMs ?? REDIS_TIMEOUT_MS;
    this.redis = new Redis(options.redisUrl, {
      // While disconnected a command fails at once instead of waiting in a queue.
      enableOfflineQueue: false,
      // A connection that sends nothing back for this long is dropped (its commands fail) and a new
      // one is made, so while Redis does not answer requests are decided at once, not after a wait.
      socketTimeout: timeout,
      // The backstop for a command's own wait, should the connection trickle but never answer it.
      commandTimeout: timeout + 100,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    this.redis.on("error", (error: Error) => {
      this.lastError = error.message;
      this.unavailable(error.message);
    });
    // Not the library's insuranceLimiter: it would hide the error (needed for the log and the
    // metric), and its RateLimiterMemory counts fixed windows, not this bucket.
    this.fallback = new RateLimiter(options);
    this.store = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${options.keyPrefix}ratelimit`,
      points: options.burst,
      duration: refillSeconds(options),
      customIncrTtlLuaScript: tokenBucketScript(options.perMinute),
      rejectIfRedisNotReady: true,
    });
  }

  /** One round trip to Redis; none while it is known to be down. */
  take(client: string): RateDecision | Promise<RateDecision> {
    if (this.redis.status !== "ready") return this.inMemory(client, this.lastError);
    return this.store.consume(client).then(
      (answer) => this.answered(answer, true),
      (rejection: unknown) =>
        rejection instanceof RateLimiterRes ? this.answered(rejection, false) : this.failed(client, rejection),
    );
  }

  /** Resolves true once connected to Redis (at once if it is), false after `timeoutMs` without. */
  connected(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === "ready") return Promise.resolve(true);
    return new Promise((resolve) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.redis.off("ready", onReady);
        resolve(false);
      }, timeoutMs);
      this.redis.once("ready", onReady);
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private answered(answer: RateLimiterRes, allowed: boolean): RateDecision {
    if (!this.shared) {
      this.shared = true;
      this.options.logger.info(
        { event: "rate_limit", redis: this.where },
        "Redis answers again: the API rate limit is shared by the web replicas again",
      );
    }
    return {
      allowed,
      remaining: allowed ? answer.remainingPoints : 0,
      waitSeconds: Math.max(1, Math.ceil(answer.msBeforeNext / 1000)),
    };
  }

  private failed(client: string, error: unknown): RateDecision {
    return this.inMemory(client, error instanceof Error ? error.message : String(error));
  }

  private inMemory(client: string, reason: string): RateDecision {
    this.unavailable(reason);
    observeRateLimitFallback();
    return this.fallback.take(client);
  }

  private unavailable(reason: string): void {
    if (!this.shared) return;
    this.shared = false;
    observeRateLimitOutage();
    this.options.logger.warn(
      { event: "rate_limit", redis: this.where, reason },
      "Redis unreachable: each web replica limits its clients in its own memory until Redis answers again",
    );
  }
}
