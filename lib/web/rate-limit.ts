// An optional per-client limit on the API (API_RATE_LIMIT_PER_MINUTE; 0 = off): a token bucket per
// client address, `burst` deep and refilled at the per-minute rate. It runs in our own web server
// (scripts/web-requests.ts), the one place that sees every request before Next does any work and
// knows the socket's address; `next dev` and serverless deployments have no such place and no limit.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { AppConfig } from "../config";
import { pageHeaders, wantsPage } from "./negotiate";
import { CORS_HEADERS, SECURITY_HEADERS } from "./security-headers";

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  /** Buckets kept at most; past it the least recently seen client is forgotten (a full bucket again). */
  maxClients?: number;
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** The bucket's depth: requests a client may make at once. */
  limit: number;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until the next request would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export const DEFAULT_MAX_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.perMinute > 0)) throw new RangeError(`perMinute must be positive, got ${options.perMinute}`);
    if (!(options.burst >= 1)) throw new RangeError(`burst must be at least 1, got ${options.burst}`);
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
    return {
      allowed,
      limit: burst,
      remaining: Math.floor(left),
      resetSeconds: Math.ceil((burst - left) / this.perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / this.perMs / 1000)),
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

// Probes and scrapers must never be refused: health (readiness), version (liveness, the proxy's
// check), metrics (Prometheus) and the cron refresh (authenticated by its own secret).
const EXEMPT = new Set(["/api/health", "/api/version", "/api/metrics", "/api/cron/refresh"]);

/**
 * Whether a request counts against its client's limit: the API (/api/*) and `/` as curl gets it
 * (the same CSV list), but not pages, Next's assets, CORS preflights or the exempt routes.
 */
export function isLimited(method: string, pathname: string, headers: Headers, searchParams: URLSearchParams): boolean {
  if (method === "OPTIONS") return false;
  if (pathname === "/") return !wantsPage(headers, searchParams);
  if (!pathname.startsWith("/api/")) return false;
  return !EXEMPT.has(pathname.replace(/\/+$/, ""));
}

const MAX_ADDRESS_LENGTH = 64;

/**
 * The client a request is counted for: the socket's address, or with `trustProxy` the first
 * X-Forwarded-For entry (the original client as the proxy saw it), when that is an IP address.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor !== undefined) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
    const first = (header.split(",")[0] ?? "").trim();
    if (first.length <= MAX_ADDRESS_LENGTH && isIP(first) !== 0) return unmapped(first);
  }
  return unmapped(socketAddress ?? "unknown");
}

// An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d.
function unmapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** RateLimit-* headers (the IETF httpapi draft's fields) describing a decision. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(decision.resetSeconds),
  };
}

/** The 429 in the API's error shape, with the headers every API answer carries. */
export function rateLimitedResponse(decision: RateDecision): {
  status: 429;
  headers: Record<string, string>;
  body: string;
} {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "retry-after": String(decision.retryAfterSeconds),
    ...rateLimitHeaders(decision),
  };
  for (const { key, value } of [...SECURITY_HEADERS, ...CORS_HEADERS]) headers[key.toLowerCase()] = value;
  const message = `too many requests from this client; retry in ${decision.retryAfterSeconds} s`;
  return { status: 429, headers, body: JSON.stringify({ error: { code: "rate_limited", message } }) };
}

export interface ApiRateLimit {
  limiter: RateLimiter;
  /** TRUST_PROXY: count the first X-Forwarded-For entry rather than the socket's address. */
  trustProxy: boolean;
}

/** The API limit the configuration asks for, or null when it is off (API_RATE_LIMIT_PER_MINUTE=0). */
export function apiRateLimitFrom(
  config: Pick<AppConfig, "API_RATE_LIMIT_PER_MINUTE" | "API_RATE_LIMIT_BURST" | "TRUST_PROXY">,
): ApiRateLimit | null {
  if (config.API_RATE_LIMIT_PER_MINUTE === 0) return null;
  const limiter = new RateLimiter({ perMinute: config.API_RATE_LIMIT_PER_MINUTE, burst: config.API_RATE_LIMIT_BURST });
  return { limiter, trustProxy: config.TRUST_PROXY };
}

/**
 * For the web server, before Next sees the request: counts a limited request and, when its
 * client is over the limit, answers 429 itself and returns true. Allowed API answers carry the
 * RateLimit-* headers too.
 */
export function applyRateLimit(limit: ApiRateLimit, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? "/", "http://web.invalid");
  if (!isLimited(req.method ?? "GET", url.pathname, pageHeaders(req.headers), url.searchParams)) return false;
  const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], limit.trustProxy);
  const decision = limit.limiter.take(client);
  if (decision.allowed) {
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.setHeader(name, value);
    return false;
  }
  const refusal = rateLimitedResponse(decision);
  res.writeHead(refusal.status, refusal.headers);
  res.end(req.method === "HEAD" ? undefined : refusal.body);
  return true;
}
