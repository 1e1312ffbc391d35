// The production web server (`npm run start:web`): Next's request handler inside our own node:http
// server, so every request (API, pages, static files) gets a request id, a log line, HTTP metrics
// and a span. It keeps `next start`'s behaviour: production mode, the port from PORT (or -p), all
// interfaces unless -H names one, and on SIGTERM/SIGINT it stops accepting, finishes the requests
// in flight, closes Next and exits 143/130.
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfigOrExit } from "@/lib/config";
import { createLogger } from "@/lib/log";
import { getRegistry } from "@/lib/metrics/registry";
import { startTracing } from "@/lib/tracing/setup";
import { FastPath } from "@/lib/web/fast-path";
import { apiRateLimitFrom } from "@/lib/web/rate-limit";
import { describeRedisUrl, SharedRateLimiter } from "@/lib/web/shared-rate-limit";
import { readyViewStore } from "@/lib/web/view-store";
import { loadRouteMatcher, observeRequests } from "../lib/web/request-observer";

// Next loads React's production or development build by NODE_ENV; `next start` sets it the same way.
(process.env as Record<string, string>).NODE_ENV = "production";

const SHUTDOWN_GRACE_MS = 10_000;
const REDIS_START_WAIT_MS = 2000;
const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]"]);

const { values: args } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    keepAliveTimeout: { type: "string" },
  },
});

const config = getConfigOrExit();
// Buffered: one write per batch of request lines rather than one per request.
const logger = createLogger("web", config.LOG_LEVEL, { buffered: true });
const port = args.port === undefined ? config.PORT : Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  logger.fatal(`-p ${args.port}: the port must be a whole number from 1 to 65535`);
  process.exit(1);
}
// Before Next loads, so the spans Next makes of its own join the request spans.
const tracing = startTracing("web", config);
if (tracing) logger.info({ exporter: tracing.exporter }, "tracing on");
// The registry (and the default process metrics) from the start, not from the first scrape.
getRegistry();

const { default: next } = await import("next");
// Next's URLs call a loopback host "localhost"; told 127.0.0.1 it would take the proxy's rewrite of
// `/` to /api/top for another origin and send it over HTTP to itself instead of handling it inline.
const nextHostname = args.hostname === undefined || LOOPBACK.has(args.hostname) ? "localhost" : args.hostname;
const app = next({ dev: false, dir: process.cwd(), hostname: nextHostname, port });
try {
  await app.prepare();
} catch (error) {
  logger.fatal({ err: error }, "Next could not start: is there a production build? (npm run build)");
  process.exit(1);
}
const handle = app.getRequestHandler();
const routeOf = loadRouteMatcher(path.join(process.cwd(), ".next"));
// After Next has loaded: loading blocks the event loop for seconds, past a connection's timeout.
const rateLimit = apiRateLimitFrom(config, logger);
if (rateLimit) {
  const { API_RATE_LIMIT_PER_MINUTE: perMinute, API_RATE_LIMIT_BURST: burst, TRUST_PROXY: trustProxy } = config;
  const redis = config.REDIS_URL === undefined ? null : describeRedisUrl(config.REDIS_URL);
  logger.info(
    { perMinute, burst, trustProxy, scope: rateLimit.scope, redis },
    rateLimit.scope === "shared"
      ? "per-client API rate limit on, shared by the web replicas through Redis"
      : "per-client API rate limit on, per replica (no REDIS_URL)",
  );
  // The first requests are shared too, unless Redis is down: then the start waits no longer than this.
  if (rateLimit.limiter instanceof SharedRateLimiter) await rateLimit.limiter.connected(REDIS_START_WAIT_MS);
}
// The fast path answers from the view store once it has checked the store (a store that does not
// answer holds the start up no longer than the check timeout), so a request never waits for it.
const fastPath = config.FAST_PATH
  ? new FastPath(config.RANKING_DEPTH, { viewStore: await readyViewStore(), traced: tracing !== null })
  : null;
const observed = observeRequests((req, res) => handle(req, res), {
  logger,
  routeOf,
  rateLimit,
  fastPath,
  traced: tracing !== null,
});
const server = createServer(observed);
if (args.keepAliveTimeout !== undefined) server.keepAliveTimeout = Number(args.keepAliveTimeout);
server.once("error", (error) => {
  logger.fatal({ err: error, port }, `the web server cannot listen on port ${port}`);
  process.exit(1);
});
server.listen(port, args.hostname, () => {
  logger.info(
    { port, hostname: args.hostname ?? null },
    `web server ready on http://${args.hostname ?? "localhost"}:${port}`,
  );
});

let stopping = false;
async function shutdown(signal: "SIGTERM" | "SIGINT"): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Requests still running after the grace period are cut off.
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  force.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close().catch((error: unknown) => logger.error({ err: error }, "closing Next failed"));
  await rateLimit?.limiter.close?.();
  await tracing?.shutdown();
  logger.info("web server stopped");
  process.exit(signal === "SIGINT" ? 130 : 143);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal));
