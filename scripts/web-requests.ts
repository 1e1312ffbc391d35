// What the web server does around every request before Next handles it: a request id (the caller's
// `x-request-id` when it is sane, else a new one, echoed on the response), a server span, the HTTP
// metrics by route pattern, and one log line when the response ends.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Logger } from "@/lib/log";
import { observeHttpRequest } from "@/lib/metrics/http";
import { ATTR, tracer } from "@/lib/tracing/spans";
import { answeredByFastPath } from "@/lib/web/fast-path";
import { type ApiRateLimit, applyRateLimit } from "@/lib/web/rate-limit";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

// Long or odd ids would let a caller write anything into our logs.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** The status logged and counted for a response the client abandoned before it ended (nginx's). */
export const CLIENT_CLOSED = 499;

interface RoutesManifest {
  staticRoutes?: Array<{ page: string; regex: string }>;
  dynamicRoutes?: Array<{ page: string; regex: string }>;
}

/**
 * Maps a path to its route pattern ("/coins/[id]"), from the build's routes manifest, so labels
 * stay few whatever the paths. Next's own assets are "/_next/static" and "/_next"; anything else
 * (scanners, typos) is "unmatched".
 */
export function routeMatcher(manifest: RoutesManifest): (path: string) => string {
  const routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((route) => ({
    page: route.page,
    regex: new RegExp(route.regex),
  }));
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return "/_next/static";
    if (pathname.startsWith("/_next/")) return "/_next";
    return routes.find((route) => route.regex.test(pathname))?.page ?? "unmatched";
  };
}

export function loadRouteMatcher(distDir: string): (path: string) => string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as RoutesManifest;
  return routeMatcher(manifest);
}

export interface ObserveOptions {
  logger: Logger;
  routeOf: (path: string) => string;
  /** The per-client API limit (API_RATE_LIMIT_PER_MINUTE); absent or null: no limit. */
  rateLimit?: ApiRateLimit | null;
  /** Answers a request before Next (lib/web/fast-path.ts); true when it did. Absent or null: Next answers all. */
  fastPath?: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | null;
}

export function observeRequests(
  handler: RequestHandler,
  { logger, routeOf, rateLimit, fastPath }: ObserveOptions,
): RequestHandler {
  return (req, res) => {
    const startedAt = performance.now();
    const requestId = requestIdOf(req.headers["x-request-id"]);
    // Route handlers read the same id from the request; the caller gets it back.
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    const method = req.method ?? "GET";
    const pathname = (req.url ?? "/").split("?")[0] || "/";
    const route = routeOf(pathname);
    // A caller's traceparent makes this span part of its trace.
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR.httpMethod]: method,
          [ATTR.httpRoute]: route,
          [ATTR.urlPath]: pathname,
          [ATTR.requestId]: requestId,
        },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const durationMs = performance.now() - startedAt;
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
      observeHttpRequest({ method, route, status, durationMs });
      span.setAttribute(ATTR.httpStatus, status);
      if (status >= 500 && status !== CLIENT_CLOSED) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      // Static assets are many and say little: logged only at debug.
      const level = route === "/_next/static" ? "debug" : "info";
      logger[level](
        {
          event: "request",
          requestId,
          method,
          route,
          path: pathname,
          status,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(answeredByFastPath(res) ? { fastPath: true } : {}),
        },
        `${method} ${pathname} ${status}`,
      );
    };
    res.once("finish", end);
    res.once("close", end);
    return context.with(trace.setSpan(parent, span), async () => {
      try {
        // A refused request is answered here (429), and still logged, counted and traced.
        if (rateLimit && applyRateLimit(rateLimit, req, res)) return;
        // The hot reads, from prepared bytes; after the id, the limit and the hooks above, like any answer.
        if (fastPath && (await fastPath(req, res))) return;
        await handler(req, res);
      } catch (error) {
        // As `next start` does: a 500 without details, the error in the log.
        logger.error({ event: "request", requestId, err: error }, `${method} ${pathname} failed`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      }
    });
  };
}
