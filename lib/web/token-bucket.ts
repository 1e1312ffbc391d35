// The API limit's algorithm: a token bucket per client, `burst` deep and refilled at `perMinute`.
// This one lives in the process's memory (one replica's clients); shared-rate-limit.ts keeps the
// same bucket in Redis for every replica and falls back to this one while Redis is unreachable.

export interface BucketShape {
  perMinute: number;
  /** The bucket's depth: requests a client may make at once. */
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole requests the client may still make at once, after this one. */
  remaining: number;
  /**
   * Seconds, rounded up, until the client may make one request more than `remaining`: the
   * RateLimit field's `t` and, on a refusal, Retry-After (the draft wants Retry-After ≥ t).
   */
  waitSeconds: number;
}

/** Decides for one client at a time; a promise when the decision takes a round trip (Redis). */
export interface ClientLimiter {
  take(client: string): RateDecision | Promise<RateDecision>;
  /** Lets go of any connection (the web server calls it on shutdown). */
  close?(): Promise<void>;
}

/** Seconds an empty bucket takes to fill up (at least 1): the window its policy advertises. */
export function refillSeconds({ perMinute, burst }: BucketShape): number {
  return Math.max(1, Math.ceil((burst * 60) / perMinute));
}

export function checkShape({ perMinute, burst }: BucketShape): void {
  if (!(perMinute > 0)) throw new RangeError(`perMinute must be positive, got ${perMinute}`);
  if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
}

export interface RateLimitOptions extends BucketShape {
  /** Buckets kept at most; past it the least recently seen client is forgotten (a full bucket again). */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export const DEFAULT_MAX_CLIENTS = 10_000;

/** The bucket in this process's memory: each replica counts its own clients. */
export class RateLimiter implements ClientLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    checkShape(options);
    this.perMs = options.perMinute / 60_000;
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.now = options.now ?? Date.now;
  }

  /** Clients with a bucket in memory. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token from the client's bucket, if there is one. */
  take(client: string): RateDecision {
    const now = this.now();
    const { burst } = this.options;
    const bucket = this.buckets.get(client);
    const tokens = bucket ? Math.min(burst, bucket.tokens + (now - bucket.at) * this.perMs) : burst;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    // Re-inserted, so the map's order is least recently seen first.
    this.buckets.delete(client);
    this.buckets.set(client, { tokens: left, at: now });
    this.evict(now);
    const remaining = Math.floor(left);
    return {
      allowed,
      remaining,
      waitSeconds: Math.max(1, Math.ceil((remaining + 1 - left) / this.perMs / 1000)),
    };
  }

  // A bucket that has refilled completely is the same as none: forget it. The oldest are checked
  // first and the scan stops at the first one still refilling, so each call costs O(1) on average.
  // Past maxClients the oldest goes even if not full: that client merely gets a fresh bucket.
  private evict(now: number): void {
    const { burst } = this.options;
    for (const [client, bucket] of this.buckets) {
      const full = bucket.tokens + (now - bucket.at) * this.perMs >= burst;
      if (!full && this.buckets.size <= this.maxClients) return;
      this.buckets.delete(client);
    }
  }
}
