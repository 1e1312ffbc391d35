// What the web server does around every request before Next handles it: a request id (the caller's
// `x-request-id` when it is sane, else a new one, echoed on the response), a server span, the HTTP
// metrics by route pattern, and one log line when the response ends.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BatchedLines, type Logger } from "@/lib/log";
import { observeHttpRequest } from "@/lib/metrics/http";
import { ATTR, tracer } from "@/lib/tracing/spans";
import type { FastPath } from "@/lib/web/fast-path";
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
  /** Answers the hot reads before Next (lib/web/fast-path.ts). Absent or null: Next answers all. */
  fastPath?: Pick<FastPath, "serve"> | null;
  /** A server span per request (tracing is on); without it no span is made, not even a no-op one. */
  traced?: boolean;
}

export interface ObservedHandler extends RequestHandler {
  /** Writes the request lines still queued (the server calls it before it exits). */
  flushLog(): void;
}

// Route patterns by path for the paths seen so far, up to this many (scanners send endless paths).
const KNOWN_PATHS = 1000;

interface KnownPath {
  route: string;
  /** `"route":…,"path":…` for the log line. */
  fields: string;
  /** The path as it stands inside a JSON string. */
  inMessage: string;
  /** Static assets are many and say little: logged only at debug. */
  level: "debug" | "info";
}

interface Observed {
  requestId: string;
  method: string;
  pathname: string;
  path: KnownPath;
  startedAt: number;
  fast: boolean;
  span: Span | undefined;
}

export function observeRequests(
  handler: RequestHandler,
  { logger, routeOf, rateLimit, fastPath, traced = true }: ObserveOptions,
): ObservedHandler {
  // One line per request, written in batches: at fast-path rates a write per line costs more than
  // the answer. The fields are the request's own (an id already checked sane, method, path, status).
  const lines = new BatchedLines(logger);
  // Per path seen: its route pattern, and its log fields already in JSON.
  const paths = new Map<string, KnownPath>();
  function knownPath(pathname: string): KnownPath {
    let known = paths.get(pathname);
    if (known === undefined) {
      const route = routeOf(pathname);
      const quotedPath = JSON.stringify(pathname);
      known = {
        route,
        fields: `"route":${JSON.stringify(route)},"path":${quotedPath}`,
        inMessage: quotedPath.slice(1, -1),
        level: route === "/_next/static" ? "debug" : "info",
      };
      if (paths.size < KNOWN_PATHS) paths.set(pathname, known);
    }
    return known;
  }

  /** The metrics, the span's end and the log line, once the response has ended (or the client left). */
  function ended(res: ServerResponse, request: Observed): void {
    const { requestId, method, path, span } = request;
    const { route } = path;
    const durationMs = performance.now() - request.startedAt;
    // The fast path ended the response before this runs, with nothing left to wait for.
    const status = res.writableFinished || request.fast ? res.statusCode : CLIENT_CLOSED;
    observeHttpRequest({ method, route, status, durationMs });
    if (span) {
      span.setAttribute(ATTR.httpStatus, status);
      if (status >= 500 && status !== CLIENT_CLOSED) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    // Node's parser takes only the standard methods: no character of one needs escaping in JSON.
    lines.write(
      path.level,
      `"event":"request","requestId":"${requestId}","method":"${method}",${path.fields},"status":${status},"durationMs":${Math.round(durationMs * 10) / 10}${request.fast ? ',"fastPath":true' : ""},"msg":"${method} ${path.inMessage} ${status}"`,
    );
  }

  function failed(res: ServerResponse, request: Observed, error: unknown): void {
    // As `next start` does: a 500 without details, the error in the log.
    const { requestId, method, pathname } = request;
    logger.error({ event: "request", requestId, err: error }, `${method} ${pathname} failed`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Internal Server Error");
  }

  async function toNext(req: IncomingMessage, res: ServerResponse, request: Observed): Promise<void> {
    // Route handlers read the same id from the request; the caller gets it back.
    req.headers["x-request-id"] = request.requestId;
    res.setHeader("x-request-id", request.requestId);
    try {
      await handler(req, res);
    } catch (error) {
      failed(res, request, error);
    }
  }

  function run(req: IncomingMessage, res: ServerResponse, request: Observed): Promise<void> | undefined {
    try {
      // A refused request is answered here (429), and still logged, counted and traced.
      if (rateLimit) {
        res.setHeader("x-request-id", request.requestId);
        if (applyRateLimit(rateLimit, req, res)) return;
      }
      // The hot reads, from prepared bytes; after the id, the limit and the hooks above, like any answer.
      request.fast = fastPath?.serve(req, res, request.requestId) ?? false;
      if (!request.fast) return toNext(req, res, request);
    } catch (error) {
      failed(res, request, error);
    }
  }

  function observed(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const startedAt = performance.now();
    const requestId = requestIdOf(req.headers["x-request-id"]);
    const method = req.method ?? "GET";
    const raw = req.url ?? "/";
    const queryAt = raw.indexOf("?");
    const pathname = (queryAt === -1 ? raw : raw.slice(0, queryAt)) || "/";
    const path = knownPath(pathname);
    const { route } = path;
    const request: Observed = { requestId, method, pathname, path, startedAt, fast: false, span: undefined };
    if (!traced) {
      const pending = run(req, res, request);
      // The fast path wrote the whole answer already: observed now, no listener needed.
      if (request.fast) ended(res, request);
      else res.once("close", () => ended(res, request));
      return pending;
    }
    // A caller's traceparent makes this span part of its trace.
    const parent = propagation.extract(context.active(), req.headers);
    request.span = tracer().startSpan(
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
    // 'close' follows 'finish' on every response, and comes alone when the client goes first.
    res.once("close", () => ended(res, request));
    return context.with(trace.setSpan(parent, request.span), () => run(req, res, request));
  }
  return Object.assign(observed, { flushLog: () => lines.flush() });
}
