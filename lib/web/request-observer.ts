// What the web server does around every request before Next handles it: a request id (the caller's
// `x-request-id` when it is sane, else a new one, echoed on the response), a server span, the HTTP
// metrics by route pattern, and one log line when the response ends.
import { randomFillSync } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BatchedLines, type Logger, lineBytes, type PreparedLine, tenthsOf } from "@/lib/log";
import { observeHttpRequest } from "@/lib/metrics/http";
import { ATTR, tracer } from "@/lib/tracing/spans";
import type { FastPath } from "@/lib/web/fast-path";
import { type ApiRateLimit, applyRateLimit } from "@/lib/web/rate-limit";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

// Long or odd ids would let a caller write anything into our logs.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : newRequestId();
}

// Random bytes for this many ids at a time, and the hex digits of every byte value.
const IDS_PER_FILL = 256;
const random = Buffer.alloc(16 * IDS_PER_FILL);
let randomAt = random.length;
const HEX = Buffer.from("0123456789abcdef");
const idBytes = Buffer.alloc(36);

/**
 * A random (version 4) UUID, as crypto.randomUUID() makes, written into bytes and read out as one
 * string: randomUUID() joins 20 pieces, about 600 bytes of intermediate strings per id.
 */
export function newRequestId(): string {
  if (randomAt === random.length) {
    randomFillSync(random);
    randomAt = 0;
  }
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) idBytes[at++] = 45; // "-"
    let byte = random[randomAt + i] as number;
    if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
    if (i === 8) byte = (byte & 0x3f) | 0x80; // the RFC 4122 variant
    idBytes[at++] = HEX[byte >> 4] as number;
    idBytes[at++] = HEX[byte & 0x0f] as number;
  }
  randomAt += 16;
  return idBytes.toString("latin1", 0, 36);
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

// What is known per URL seen so far, up to this many (scanners send endless URLs).
const KNOWN_URLS = 1000;

interface KnownUrl {
  pathname: string;
  route: string;
  /** `"route":…,"path":…` for the log line. */
  fields: string;
  /** The path as it stands inside a JSON string. */
  inMessage: string;
  /** Static assets are many and say little: logged only at debug. */
  level: "debug" | "info";
  /** The request lines prepared so far, by method, then by status and whether the fast path answered. */
  lines: Map<string, Map<number, PreparedLine>>;
}

interface Observed {
  requestId: string;
  method: string;
  url: KnownUrl;
  startedAt: number;
  /** The fast path answered (traced requests, observed on 'close'). */
  fast: boolean;
  span: Span | undefined;
}

/** answerHere(): the rate limit or a failure answered; the fast path answered. 0: Next answers. */
const ANSWERED = 1;
const ANSWERED_FAST = 2;

// The start of every request line's own fields, up to the request id.
const LINE_HEAD = lineBytes('"event":"request","requestId":"');

export function observeRequests(
  handler: RequestHandler,
  { logger, routeOf, rateLimit, fastPath, traced = true }: ObserveOptions,
): ObservedHandler {
  // One line per request, written in batches: at fast-path rates a write per line costs more than
  // the answer. Its fields are the request's own (an id already checked sane, method, path, status),
  // prepared as bytes per URL, method and status, so a line costs copies and no allocation.
  const lines = new BatchedLines(logger);
  const urls = new Map<string, KnownUrl>();
  function knownUrl(raw: string): KnownUrl {
    let known = urls.get(raw);
    if (known === undefined) {
      const queryAt = raw.indexOf("?");
      const pathname = (queryAt === -1 ? raw : raw.slice(0, queryAt)) || "/";
      const route = routeOf(pathname);
      const quotedPath = JSON.stringify(pathname);
      known = {
        pathname,
        route,
        fields: `"route":${JSON.stringify(route)},"path":${quotedPath}`,
        inMessage: quotedPath.slice(1, -1),
        level: route === "/_next/static" ? "debug" : "info",
        lines: new Map(),
      };
      if (urls.size < KNOWN_URLS) urls.set(raw, known);
    }
    return known;
  }

  function preparedLine(url: KnownUrl, method: string, status: number, fast: boolean): PreparedLine {
    let byStatus = url.lines.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      url.lines.set(method, byStatus);
    }
    const key = status * 2 + (fast ? 1 : 0);
    let line = byStatus.get(key);
    if (line === undefined) {
      // Node's parser takes only the standard methods: no character of one needs escaping in JSON.
      line = {
        level: url.level,
        head: LINE_HEAD,
        middle: lineBytes(`","method":"${method}",${url.fields},"status":${status},"durationMs":`),
        tail: lineBytes(`${fast ? ',"fastPath":true' : ""},"msg":"${method} ${url.inMessage} ${status}"`),
      };
      byStatus.set(key, line);
    }
    return line;
  }

  /** The metrics and the log line of a response that has ended (or that the client left). */
  function record(requestId: string, method: string, url: KnownUrl, status: number, fast: boolean, startedAt: number) {
    const endedAt = performance.now();
    const durationMs = endedAt - startedAt;
    observeHttpRequest(method, url.route, status, durationMs);
    lines.writePrepared(preparedLine(url, method, status, fast), requestId, tenthsOf(durationMs), Math.floor(endedAt));
  }

  /** After Next's answer: the status, the span's end, the metrics and the line. */
  function ended(res: ServerResponse, request: Observed): void {
    const { span, fast } = request;
    // The fast path wrote its whole answer at once: its status stands even if the client left since.
    const status = res.writableFinished || fast ? res.statusCode : CLIENT_CLOSED;
    if (span) {
      span.setAttribute(ATTR.httpStatus, status);
      if (status >= 500 && status !== CLIENT_CLOSED) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    record(request.requestId, request.method, request.url, status, fast, request.startedAt);
  }

  function failed(res: ServerResponse, requestId: string, method: string, url: KnownUrl, error: unknown): void {
    // As `next start` does: a 500 without details, the error in the log.
    logger.error({ event: "request", requestId, err: error }, `${method} ${url.pathname} failed`);
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
      failed(res, request.requestId, request.method, request.url, error);
    }
  }

  /**
   * What is answered before Next, whole and at once: a refusal of the rate limit (429), the fast
   * path's answers, or the 500 of either failing. 0: Next answers. A promise only when the rate
   * limit waits for Redis (a limited request, with REDIS_URL); everything else is decided at once.
   */
  function answerHere(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    method: string,
    url: KnownUrl,
  ): number | Promise<number> {
    if (rateLimit) {
      res.setHeader("x-request-id", requestId);
      let refused: boolean | Promise<boolean>;
      try {
        refused = applyRateLimit(rateLimit, req, res);
      } catch (error) {
        failed(res, requestId, method, url, error);
        return ANSWERED;
      }
      if (refused === true) return ANSWERED;
      if (refused !== false) return decidedLater(refused, req, res, requestId, method, url);
    }
    return answerFast(req, res, requestId, method, url);
  }

  // The hot reads, from prepared bytes; after the id, the limit and the hooks above, like any answer.
  function answerFast(req: IncomingMessage, res: ServerResponse, requestId: string, method: string, url: KnownUrl) {
    try {
      return fastPath?.serve(req, res, requestId) ? ANSWERED_FAST : 0;
    } catch (error) {
      failed(res, requestId, method, url, error);
      return ANSWERED;
    }
  }

  // Apart from answerHere, whose every call would otherwise pay for these closures' context.
  function decidedLater(
    refused: Promise<boolean>,
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    method: string,
    url: KnownUrl,
  ): Promise<number> {
    return refused.then(
      (isRefused) => (isRefused ? ANSWERED : answerFast(req, res, requestId, method, url)),
      (error: unknown) => {
        failed(res, requestId, method, url, error);
        return ANSWERED;
      },
    );
  }

  /** Whatever answers after the wait for Redis, observed when the response closes, as Next's are. */
  async function answeredLater(
    req: IncomingMessage,
    res: ServerResponse,
    request: Observed,
    answered: Promise<number>,
  ) {
    res.once("close", () => ended(res, request));
    const code = await answered;
    request.fast = code === ANSWERED_FAST;
    if (code === 0) await toNext(req, res, request);
  }

  /** Next answers: observed when the response closes. */
  function viaNext(req: IncomingMessage, res: ServerResponse, request: Observed): Promise<void> {
    // 'close' follows 'finish' on every response, and comes alone when the client goes first.
    res.once("close", () => ended(res, request));
    return toNext(req, res, request);
  }

  /** With tracing on: a server span around everything, ended with the response. */
  function tracedRequest(req: IncomingMessage, res: ServerResponse, request: Observed): Promise<void> | undefined {
    const { requestId, method, url } = request;
    // A caller's traceparent makes this span part of its trace.
    const parent = propagation.extract(context.active(), req.headers);
    request.span = tracer().startSpan(
      `${method} ${url.route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR.httpMethod]: method,
          [ATTR.httpRoute]: url.route,
          [ATTR.urlPath]: url.pathname,
          [ATTR.requestId]: requestId,
        },
      },
      parent,
    );
    res.once("close", () => ended(res, request));
    return context.with(trace.setSpan(parent, request.span), () => {
      const answered = answerHere(req, res, requestId, method, url);
      if (typeof answered !== "number") {
        return answered.then((code) => {
          request.fast = code === ANSWERED_FAST;
          return code === 0 ? toNext(req, res, request) : undefined;
        });
      }
      request.fast = answered === ANSWERED_FAST;
      return answered === 0 ? toNext(req, res, request) : undefined;
    });
  }

  // No closure in here: one would cost a context on every call, fast-path answers included.
  function observed(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const startedAt = performance.now();
    const requestId = requestIdOf(req.headers["x-request-id"]);
    const method = req.method ?? "GET";
    const url = knownUrl(req.url ?? "/");
    if (traced) return tracedRequest(req, res, { requestId, method, url, startedAt, fast: false, span: undefined });
    const answered = answerHere(req, res, requestId, method, url);
    if (typeof answered !== "number") {
      return answeredLater(req, res, { requestId, method, url, startedAt, fast: false, span: undefined }, answered);
    }
    // Written whole already: observed now, with no object and no listener.
    if (answered !== 0) {
      record(requestId, method, url, res.statusCode, answered === ANSWERED_FAST, startedAt);
      return;
    }
    return viaNext(req, res, { requestId, method, url, startedAt, fast: false, span: undefined });
  }
  return Object.assign(observed, { flushLog: () => lines.flush() });
}
