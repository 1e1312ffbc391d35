// An optional per-client limit on the API (API_RATE_LIMIT_PER_MINUTE; 0 = off): a token bucket per
// client address, `burst` deep and refilled at the per-minute rate (token-bucket.ts). With REDIS_URL
// the buckets are in Redis, shared by every web replica (shared-rate-limit.ts); without it each
// replica keeps its own, so N replicas allow a client N times the rate. It runs in our own web server
// (lib/web/request-observer.ts), the one place that sees every request before Next does any work and
// knows the socket's address; `next dev` and serverless deployments have no such place and no limit.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { AppConfig } from "../config";
import type { Logger } from "../log";
import { pageHeaders, wantsPage } from "./negotiate";
import { CORS_HEADERS, SECURITY_HEADERS } from "./security-headers";
import { SharedRateLimiter } from "./shared-rate-limit";
import { type BucketShape, type ClientLimiter, type RateDecision, RateLimiter, refillSeconds } from "./token-bucket";

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

/** The one quota policy's name, as the RateLimit fields draft's examples call theirs. */
const POLICY = '"default"';

/**
 * RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers-11, a structured-field List): `burst`
 * requests (q) per the seconds an empty bucket takes to refill (w). A client that keeps to it is
 * never refused, and it averages at most the per-minute rate. The field is the same on every answer.
 */
export function rateLimitPolicy(shape: BucketShape): string {
  return `${POLICY};q=${shape.burst};w=${refillSeconds(shape)}`;
}

/**
 * The draft's RateLimit field for a decision: r requests left now, and t, the seconds until one
 * more is allowed (on a 429, Retry-After: the draft wants Retry-After no earlier than t's end). The
 * older RateLimit-Limit/-Remaining/-Reset (drafts up to 06) are not sent: CORS never exposed them,
 * their Reset meant the time to a full bucket, a different number from t, and Retry-After, which
 * clients act on, is unchanged.
 */
export function rateLimitField(decision: RateDecision): string {
  return `${POLICY};r=${decision.remaining};t=${decision.waitSeconds}`;
}

/** The 429 in the API's error shape, with the headers every API answer carries. */
export function rateLimitedResponse(
  policy: string,
  decision: RateDecision,
): {
  status: 429;
  headers: Record<string, string>;
  body: string;
} {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "retry-after": String(decision.waitSeconds),
    "ratelimit-policy": policy,
    ratelimit: rateLimitField(decision),
  };
  for (const { key, value } of [...SECURITY_HEADERS, ...CORS_HEADERS]) headers[key.toLowerCase()] = value;
  const message = `too many requests from this client; retry in ${decision.waitSeconds} s`;
  return { status: 429, headers, body: JSON.stringify({ error: { code: "rate_limited", message } }) };
}

export interface ApiRateLimit {
  limiter: ClientLimiter;
  /** The RateLimit-Policy field, the same on every answer. */
  policy: string;
  /** TRUST_PROXY: count the first X-Forwarded-For entry rather than the socket's address. */
  trustProxy: boolean;
  /** Where the buckets are: in Redis for every replica, or in this replica's memory. */
  scope: "shared" | "replica";
}

export type RateLimitConfig = Pick<
  AppConfig,
  "API_RATE_LIMIT_PER_MINUTE" | "API_RATE_LIMIT_BURST" | "TRUST_PROXY" | "REDIS_URL" | "REDIS_KEY_PREFIX"
>;

/**
 * The API limit the configuration asks for, or null when it is off (API_RATE_LIMIT_PER_MINUTE=0):
 * shared through Redis when REDIS_URL is set, else this replica's own.
 */
export function apiRateLimitFrom(config: RateLimitConfig, logger: Pick<Logger, "info" | "warn">): ApiRateLimit | null {
  if (config.API_RATE_LIMIT_PER_MINUTE === 0) return null;
  const shape = { perMinute: config.API_RATE_LIMIT_PER_MINUTE, burst: config.API_RATE_LIMIT_BURST };
  const policy = rateLimitPolicy(shape);
  const trustProxy = config.TRUST_PROXY;
  if (config.REDIS_URL === undefined) return { limiter: new RateLimiter(shape), policy, trustProxy, scope: "replica" };
  const limiter = new SharedRateLimiter({
    ...shape,
    redisUrl: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  return { limiter, policy, trustProxy, scope: "shared" };
}

/**
 * For the web server, before Next sees the request: counts a limited request and, when its client
 * is over the limit, answers 429 itself and returns true. Allowed API answers carry the RateLimit
 * fields too. A request that is not limited is decided at once; a limited one waits for Redis when
 * the limit is shared (a promise), and is decided at once otherwise.
 */
export function applyRateLimit(
  limit: ApiRateLimit,
  req: IncomingMessage,
  res: ServerResponse,
): boolean | Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://web.invalid");
  if (!isLimited(req.method ?? "GET", url.pathname, pageHeaders(req.headers), url.searchParams)) return false;
  const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], limit.trustProxy);
  const decision = limit.limiter.take(client);
  if (decision instanceof Promise) return decision.then((decided) => answer(limit, decided, req, res));
  return answer(limit, decision, req, res);
}

function answer(limit: ApiRateLimit, decision: RateDecision, req: IncomingMessage, res: ServerResponse): boolean {
  if (decision.allowed) {
    res.setHeader("ratelimit-policy", limit.policy);
    res.setHeader("ratelimit", rateLimitField(decision));
    return false;
  }
  const refusal = rateLimitedResponse(limit.policy, decision);
  res.writeHead(refusal.status, refusal.headers);
  res.end(req.method === "HEAD" ? undefined : refusal.body);
  return true;
}
