// What the web server does around every request before Next handles it: a request id (the caller's
// `x-request-id` when it is sane, else a new one, echoed on the response), a server span, the HTTP
// metrics by route pattern, and one log line when the response ends.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Logger } from "@/lib/log";
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
  /** The web's logger; each request's line is written through it (lib/log.ts buffers the web's). */
  logger: Logger;
  routeOf: (path: string) => string;
  /** The per-client API limit (API_RATE_LIMIT_PER_MINUTE); absent or null: no limit. */
  rateLimit?: ApiRateLimit | null;
  /** Answers the hot reads before Next (lib/web/fast-path.ts). Absent or null: Next answers all. */
  fastPath?: Pick<FastPath, "serve"> | null;
  /** A server span per request (tracing is on); without it no span is made, not even a no-op one. */
  traced?: boolean;
}

interface Observed {
  requestId: string;
  method: string;
  pathname: string;
  route: string;
  startedAt: number;
  /** The fast path answered. */
  fast: boolean;
  span: Span | undefined;
}

/** What answered before Next: nothing (Next answers), the rate limit, a failure or the fast path. */
const NEXT = 0;
const ANSWERED = 1;
type Answered = typeof NEXT | typeof ANSWERED;

function pathnameOf(url: string): string {
  const queryAt = url.indexOf("?");
  return (queryAt === -1 ? url : url.slice(0, queryAt)) || "/";
}

export function observeRequests(
  handler: RequestHandler,
  { logger, routeOf, rateLimit, fastPath, traced = true }: ObserveOptions,
): RequestHandler {
  // A request line holds only the request's own fields (an id checked sane, the method Node's parser
  // took, the route, the path without its query, numbers): nothing to redact, so its logger redacts
  // nothing. pino's redaction with the wildcard paths of lib/log.ts costs about 21 µs a line against
  // 3 µs without (measured per logger.info call, Node 20, this machine): at the fast path's tens of
  // thousands of answers a second that alone was half the web's CPU for a 304.
  const requestLog = logger.child({}, { redact: [] });
  // A child per route, method, status and fast path holds those fields as pino's bindings, which it
  // serializes once: 2.4 µs a line instead of 3.3 µs (same measurement). Routes are the build's
  // patterns, methods Node's parser's, statuses three digits: a few hundred children at most.
  const lineLoggers = new Map<string, Map<string, Map<number, Logger>>>();
  function lineLogger(route: string, method: string, status: number, fast: boolean): Logger {
    let byMethod = lineLoggers.get(route);
    if (!byMethod) {
      byMethod = new Map();
      lineLoggers.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    const key = fast ? -status : status;
    let line = byStatus.get(key);
    if (!line) {
      line = requestLog.child({ event: "request", method, route, status, ...(fast ? { fastPath: true } : {}) });
      byStatus.set(key, line);
    }
    return line;
  }

  /** After the response has ended (or the client left): the status, then finished(). */
  function ended(res: ServerResponse, request: Observed): void {
    // The fast path wrote its whole answer at once: its status stands even if the client left since.
    finished(request, res.writableFinished || request.fast ? res.statusCode : CLIENT_CLOSED);
  }

  /** The span's end, the metrics and the line of a request answered with `status`. */
  function finished(request: Observed, status: number): void {
    const { span, fast, method, route, pathname, requestId } = request;
    if (span) {
      span.setAttribute(ATTR.httpStatus, status);
      if (status >= 500 && status !== CLIENT_CLOSED) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    const durationMs = performance.now() - request.startedAt;
    observeHttpRequest(method, route, status, durationMs);
    // Static assets are many and say little: logged only at debug.
    const level = route === "/_next/static" ? "debug" : "info";
    if (!requestLog.isLevelEnabled(level)) return;
    const fields = { requestId, path: pathname, durationMs: Math.round(durationMs * 10) / 10 };
    lineLogger(route, method, status, fast)[level](fields, `${method} ${pathname} ${status}`);
  }

  function failed(res: ServerResponse, request: Observed, error: unknown): Answered {
    // As `next start` does: a 500 without details, the error in the log.
    logger.error(
      { event: "request", requestId: request.requestId, err: error },
      `${request.method} ${request.pathname} failed`,
    );
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8", "x-request-id": request.requestId });
    }
    res.end("Internal Server Error");
    return ANSWERED;
  }

  // The hot reads, from prepared bodies (the fast path writes the id with its headers); after the
  // rate limit, like any answer.
  function answerFast(req: IncomingMessage, res: ServerResponse, request: Observed): Answered {
    try {
      // Marked at once: a response observed on close may close before this returns.
      request.fast = fastPath?.serve(req, res, request.requestId) === true;
      return request.fast ? ANSWERED : NEXT;
    } catch (error) {
      return failed(res, request, error);
    }
  }

  /**
   * The rate limit's refusal (429), the fast path's answers, or the 500 of either failing: ANSWERED,
   * the response written whole; else NEXT. A promise only when the rate limit waits for Redis (a
   * limited request, with REDIS_URL); everything else is decided at once.
   */
  function answerHere(req: IncomingMessage, res: ServerResponse, request: Observed): Answered | Promise<Answered> {
    if (!rateLimit) return answerFast(req, res, request);
    res.setHeader("x-request-id", request.requestId);
    let refused: boolean | Promise<boolean>;
    try {
      refused = applyRateLimit(rateLimit, req, res);
    } catch (error) {
      return failed(res, request, error);
    }
    if (refused === true) return ANSWERED;
    if (refused === false) return answerFast(req, res, request);
    return refused.then(
      (isRefused) => (isRefused ? ANSWERED : answerFast(req, res, request)),
      (error: unknown) => failed(res, request, error),
    );
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

  /** Answered here at once: observed now. Otherwise observed when the response closes. */
  function answer(req: IncomingMessage, res: ServerResponse, request: Observed): Promise<void> | undefined {
    const answered = answerHere(req, res, request);
    if (answered === ANSWERED && !request.span) {
      finished(request, res.statusCode);
      return;
    }
    // 'close' follows 'finish' on every response, and comes alone when the client goes first.
    res.once("close", () => ended(res, request));
    if (answered === NEXT) return toNext(req, res, request);
    if (answered === ANSWERED) return;
    return answered.then((code) => (code === NEXT ? toNext(req, res, request) : undefined));
  }

  return function observed(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const pathname = pathnameOf(req.url ?? "/");
    const request: Observed = {
      requestId: requestIdOf(req.headers["x-request-id"]),
      method: req.method ?? "GET",
      pathname,
      route: routeOf(pathname),
      startedAt: performance.now(),
      fast: false,
      span: undefined,
    };
    if (!traced) return answer(req, res, request);
    // A caller's traceparent makes this span part of its trace.
    const parent = propagation.extract(context.active(), req.headers);
    request.span = tracer().startSpan(
      `${request.method} ${request.route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR.httpMethod]: request.method,
          [ATTR.httpRoute]: request.route,
          [ATTR.urlPath]: pathname,
          [ATTR.requestId]: request.requestId,
        },
      },
      parent,
    );
    return context.with(trace.setSpan(parent, request.span), () => answer(req, res, request));
  };
}
